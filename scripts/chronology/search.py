"""Search entries built from the model, and the site's own search worker.

The year, period and index pages are left out of the theme's search indexer, which would parse
their HTML. Period and index entries are made from the model in the theme's format; the events go
into a compact index of their own (title, date in words, summary as plain text, and the numbers of
their actors and places, whose every spelling is listed once). The site's worker
(theme/assets/javascripts/search-worker.js) takes the place of the theme's, behind the same search
box and result list, and reads both.
"""

from __future__ import annotations

import json
import re
from functools import cache

import iuliia

from .dates import parse_date
from .model import Chronology, Event
from .paths import ACTORS, CHANGES, CHRONOLOGY, COVERAGE, HOME, PLACES, PRINT, SOURCES, THEMES, period_page
from .text import inline_text

WORKER = "assets/javascripts/search-worker.js"
EVENT_INDEX = "search/chronology.js"  # read by the worker
NAME_BOOST = 2
# Pages that list or count events: found by search, never before the events themselves.
LISTING_PAGES = (HOME, CHRONOLOGY, CHANGES, COVERAGE, PRINT)
_THEME_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


def search_entries(chronology: Chronology) -> list[dict]:
    """Entries, in the theme's format, of the period and index pages the theme's indexer leaves out."""
    entries = []
    for period in chronology.periods.values():
        entries.append({"location": _html(period_page(period)), "title": period.title,
                        "text": f"{period.when.words}. {inline_text(period.description)}"})
    indexes = [
        (THEMES, "Themes", chronology.themes.values(), lambda t: inline_text(t.description)),
        (ACTORS, "Actors", chronology.actors.values(), lambda a: _joined(a.kind, *a.names, *a.variants, *a.roles)),
        (PLACES, "Places", chronology.places.values(), lambda p: _joined(p.kind, *p.names, *p.former_names, *p.variants)),
        (SOURCES, "Sources", chronology.sources.values(), _source_text),
    ]
    for page, title, records, text in indexes:
        if not records:
            continue  # a page that is not made (a chronology with no places)
        entries.append({"location": _html(page), "title": title, "text": ""})
        boost = {"boost": NAME_BOOST} if page in (ACTORS, PLACES) else {}  # a name's own entry first
        entries += [{"location": f"{_html(page)}#{r.id}", "title": getattr(r, "title", None) or r.name, "text": text(r)} | boost
                    for r in records]
    return entries


def event_index(chronology: Chronology, by_year: dict[str, list[Event]]) -> str:
    """The events' search index, a script the worker loads: every spelling of a name once, and per
    event its year, id, title, date and summary as plain text, and the names it carries.

        self.chronologyIndex = {"years": [...], "names": [[shown, other spellings...], ...],
                                "events": [[year, id, title, text, [name, ...]], ...],
                                "romanisation": {"before": ..., "letters": ..., "prev": ..., "next": ..., "marks": ...},
                                "listing": [pages that list events, ...]}
    """
    named = [*chronology.actors.values(), *chronology.places.values()]
    number = {(type(entry).__name__, entry.id): n for n, entry in enumerate(named)}
    names = [_spellings(entry) for entry in named]
    years = {label: n for n, label in enumerate(by_year)}
    events = [
        [years[label], event.id, event.title, f"{event.when.words}. {inline_text(event.summary)}",
         [number["Actor", a] for a in event.actors] + [number["Place", p] for p in event.places]]
        for label, year_events in by_year.items() for event in year_events
    ]
    index = json.dumps({"years": list(years), "names": names, "events": events, "romanisation": romanisation(),
                        "listing": [_html(page) for page in LISTING_PAGES]},
                       ensure_ascii=False, separators=(",", ":"))
    return f"self.chronologyIndex={index};\n"


# Letters that other Cyrillic alphabets add to Russian's, which Russian spelling writes with its own
# (Ақын as Акын, Әлем as Алем): read so, such a spelling is romanised as its Russian one is.
CYRILLIC_IN_RUSSIAN_LETTERS = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"}
ROMANISATION = iuliia.BGN_PCGN  # "Пушкин" -> "Pushkin", as English-language sources write Russian names


@cache
def romanisation() -> dict:
    """The table by which the search worker reads Cyrillic in Latin letters: iuliia's BGN/PCGN schema
    (letters; a letter after a given letter, or at a word's start; a letter before a given one), lower
    case, after the letters of other Cyrillic alphabets are read as Russian ones; `marks` are the signs that are not letters."""
    with open(ROMANISATION.path, encoding="utf-8") as file:
        schema = json.load(file)
    letters, prev, following = schema["mapping"], schema.get("prev_mapping") or {}, schema.get("next_mapping") or {}
    marks = sorted({c for value in [*letters.values(), *prev.values(), *following.values()] for c in value if not c.isalpha()})
    return {"before": CYRILLIC_IN_RUSSIAN_LETTERS, "letters": letters, "prev": prev, "next": following, "marks": "".join(marks)}


# Generated pages whose search entries come from the model (the others are small and few).
def indexed_from_model(page: str) -> bool:
    return page.startswith(("years/", "periods/")) or page in (CHRONOLOGY, THEMES, ACTORS, PLACES, SOURCES)


def _spellings(entry) -> list[str]:
    """The spellings by which an event carrying `entry` is found. A country's other names are left to
    its index entry: nearly every event names the two countries, and every event would match them."""
    if entry.kind in ("state", "country"):
        return [entry.name]
    return list(dict.fromkeys([entry.name, *entry.names, *getattr(entry, "former_names", []), *entry.variants]))


def _html(page: str) -> str:
    return page.removesuffix(".md") + ".html"


def _joined(*parts: str) -> str:
    return ", ".join(dict.fromkeys(part for part in parts if part))


def _source_text(source) -> str:
    return _joined(source.custom.title_english, *(str(a) for a in source.author), source.container_title,
                   source.publisher, source.issued and parse_date(source.issued).words, source.note)


def use_site_worker(page_html: str) -> str:
    """Name the site's search worker in a page's configuration, where the theme names its own."""
    return _THEME_WORKER.sub(WORKER, page_html, count=1)
