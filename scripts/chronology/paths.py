"""Where things are in the site: page paths, permanent URLs, and links to events.

Paths are relative to the site root and use `.md` for pages; `events/<id>.html`
are the permanent event URLs, small redirect pages that depend only on the id.
"""

from __future__ import annotations

from collections import defaultdict

from .model import Chronology, Event
from .text import link, plain

HOME = "index.md"
CHRONOLOGY = "chronology.md"
ALL_EVENTS = CHRONOLOGY
SOURCES = "sources.md"
THEMES = "themes.md"
ACTORS = "actors.md"
PLACES = "places.md"
COVERAGE = "coverage.md"
CHANGES = "changes.md"
CHARTS = "charts.md"
PRINT = "print.md"


def year_page(event: Event) -> str:
    return f"years/{event.when.year_label}.md"


def citations_path(label: str) -> str:
    """The script that holds the Cite panels of a year's events (citing.citations_script)."""
    return f"citations/{label}.js"


def period_page(period) -> str:
    return f"periods/{period.id}.md"


def permalink_path(event_id: str) -> str:
    return f"events/{event_id}.html"


def event_link(event: Event, from_page: str, label: str | None = None) -> str:
    return link(label or plain(event.title), from_page, year_page(event), event.id)


def overlaps(event: Event, period) -> bool:
    """Whether an event can fall in a period: a 1992 event belongs to a period from 12 February 1992."""
    return event.when.start <= period.when.end and period.when.start <= event.when.end


def events_by_year(chronology: Chronology) -> dict[str, list[Event]]:
    by_year: dict[str, list[Event]] = defaultdict(list)
    for event in chronology.events:
        by_year[event.when.year_label].append(event)
    return dict(by_year)
