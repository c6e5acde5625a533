"""Page builders: a Chronology in, Markdown pages out (path -> text), no rendering engine involved."""

from __future__ import annotations

from dataclasses import dataclass, field

from .events import permalink_html, year_markdown
from .export import downloads
from .indexes import actor_details, index_markdown, place_details, sources_markdown, theme_details
from .model import Chronology
from .overview import (
    charts_markdown, chronology_markdown, coverage_markdown, home_markdown, period_markdown, print_markdown,
)
from .paths import (
    ACTORS, CHARTS, CHRONOLOGY, COVERAGE, HOME, PLACES, PRINT, SOURCES, THEMES, events_by_year, period_page,
    permalink_path,
)


@dataclass
class GeneratedSite:
    pages: dict[str, str] = field(default_factory=dict)  # path -> Markdown or HTML
    nav: list = field(default_factory=list)  # MkDocs-style nav of generated pages


def generate(chronology: Chronology) -> GeneratedSite:
    site = GeneratedSite()
    by_year = events_by_year(chronology)
    for label, events in by_year.items():
        site.pages[f"years/{label}.md"] = year_markdown(chronology, label, events)
    for event in chronology.events:
        for event_id in (event.id, *event.former_ids):
            site.pages[permalink_path(event_id)] = permalink_html(event, event_id)
    for period in chronology.periods.values():
        site.pages[period_page(period)] = period_markdown(chronology, period)
    site.pages |= downloads(chronology, permalink_path)
    site.pages[HOME] = home_markdown(chronology, by_year)
    site.pages[CHRONOLOGY] = chronology_markdown(by_year)
    site.pages[COVERAGE] = coverage_markdown(chronology, by_year)
    site.pages[CHARTS] = charts_markdown(chronology)
    site.pages[PRINT] = print_markdown(chronology, by_year)
    site.pages[SOURCES] = sources_markdown(chronology)
    site.pages[THEMES] = index_markdown(chronology, "Themes", THEMES, chronology.themes, "themes", theme_details)
    site.pages[ACTORS] = index_markdown(chronology, "Actors", ACTORS, chronology.actors, "actors", actor_details)
    site.pages[PLACES] = index_markdown(chronology, "Places", PLACES, chronology.places, "places", place_details)
    site.nav = [
        {"Home": HOME},
        {"Chronology": [{"All years": CHRONOLOGY}] + [{label: f"years/{label}.md"} for label in by_year]},
        {"Periods": [{p.title: period_page(p)} for p in chronology.periods.values()]},
        {"Themes": THEMES},
        {"Actors": ACTORS},
        {"Places": PLACES},
        {"Sources": SOURCES},
        {"Charts": CHARTS},
        {"Coverage": COVERAGE},
        {"Printable chronology": PRINT},
    ]
    return site
