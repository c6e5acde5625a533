"""Page builders: a Chronology in, Markdown pages out (path -> text), with the event blocks and
event lists that their directives name."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .blocks import EventBlocks
from .events import permalink_html, year_markdown
from .export import downloads
from .indexes import actors_markdown, index_markdown, place_details, sources_markdown, theme_details
from .model import Chronology, Event
from .overview import (
    all_events_markdown, charts_markdown, coverage_markdown, home_markdown, period_markdown, print_markdown,
)
from .paths import (
    ACTORS, CHARTS, CHRONOLOGY, CONTENT_SECURITY_POLICY, COVERAGE, HOME, PLACES, PRINT, SOURCES, THEMES,
    events_by_year, overlaps, period_page, permalink_path,
)
from .revisions import event_revisions


LATEST_COUNT = 10


@dataclass
class GeneratedSite:
    blocks: EventBlocks
    pages: dict[str, str] = field(default_factory=dict)  # path -> Markdown or HTML
    nav: list = field(default_factory=list)  # MkDocs-style nav of generated pages

    @property
    def lists(self):
        return self.blocks.lists


def event_lists(chronology: Chronology, by_year: dict[str, list[Event]]) -> dict[str, list[Event]]:
    """The events of each theme, actor, place, source, period and year, under keys like theme/diplomacy."""
    lists: dict[str, list[Event]] = defaultdict(list)
    for event in chronology.events:
        for field_name in ("themes", "actors", "places"):
            for key in getattr(event, field_name):
                lists[f"{field_name[:-1]}/{key}"].append(event)
        for source in dict.fromkeys(c.source for c in event.citations()):
            lists[f"source/{source}"].append(event)
    for period in chronology.periods.values():
        lists[f"period/{period.id}"] = [e for e in chronology.events if overlaps(e, period)]
    for label, events in by_year.items():
        lists[f"year/{label}"] = events
    lists["latest"] = list(reversed(chronology.events[-LATEST_COUNT:]))
    return dict(lists)


def generate(chronology: Chronology) -> GeneratedSite:
    by_year = events_by_year(chronology)
    lists = event_lists(chronology, by_year)
    site = GeneratedSite(blocks=EventBlocks(chronology, lists))
    labels = list(by_year)
    for label, events in by_year.items():
        site.pages[f"years/{label}.md"] = year_markdown(chronology, label, events, labels)
    for event in chronology.events:
        for event_id in (event.id, *event.former_ids):
            site.pages[permalink_path(event_id)] = permalink_html(event, event_id, CONTENT_SECURITY_POLICY)
    for period in chronology.periods.values():
        site.pages[period_page(period)] = period_markdown(chronology, period, lists)
    site.pages |= downloads(chronology, permalink_path, revised=event_revisions(chronology))
    site.pages[HOME] = home_markdown(chronology, by_year, lists)
    site.pages[CHRONOLOGY] = all_events_markdown(chronology, by_year)
    site.pages[COVERAGE] = coverage_markdown(chronology, by_year)
    site.pages[CHARTS] = charts_markdown(chronology)
    site.pages[PRINT] = print_markdown(chronology, by_year)
    site.pages[SOURCES] = sources_markdown(chronology, lists)
    site.pages[THEMES] = index_markdown(chronology, "Themes", chronology.themes, "theme", theme_details, lists)
    site.pages[ACTORS] = actors_markdown(chronology, lists)
    site.pages[PLACES] = index_markdown(chronology, "Places", chronology.places, "place", place_details, lists)
    site.nav = [
        {"Home": HOME},
        {"Chronology": [{"All events": CHRONOLOGY}] + [{label: f"years/{label}.md"} for label in by_year]},
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
