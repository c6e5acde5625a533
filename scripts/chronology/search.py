"""Search entries built from the model, and the site's own search worker.

The year, period and index pages are left out of the theme's search indexer, which would parse
their HTML. Period and index pages' entries are made from the model in the theme's format; the
events and the index pages' records go into a compact index of their own (an event's title, date
in words, summary as plain text, and the numbers of its actors and places, whose every spelling
is listed once). The site's worker
(theme/assets/javascripts/search-worker.js) takes the place of the theme's, behind the same search
box and result list, and reads both.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

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
    """Entries, in the theme's format, of the period and index pages the theme's indexer leaves out
    (each index page's records are in the events' index: index_entries)."""
    entries = []
    for period in chronology.periods.values():
        entries.append({"location": _html(period_page(period)), "title": period.title,
                        "text": f"{period.when.words}. {inline_text(period.description)}"})
    for page, title, records, _ in _indexes(chronology):
        if records:  # (a page that is not made has none: a chronology with no places)
            entries.append({"location": _html(page), "title": title, "text": ""})
    return entries


def index_entries(chronology: Chronology) -> list[list]:
    """The records of each index page, as [page, boost, [[anchor, title, text], ...]]: a name's own entry
    is boosted, so that it comes first."""
    return [[_html(page), NAME_BOOST if page in (ACTORS, PLACES) else 0,
             [[r.id, getattr(r, "title", None) or r.name, text(r)] for r in records]]
            for page, _, records, text in _indexes(chronology) if records]


def _indexes(chronology: Chronology) -> list[tuple]:
    return [
        (THEMES, "Themes", list(chronology.themes.values()), lambda t: inline_text(t.description)),
        (ACTORS, "Actors", list(chronology.actors.values()), lambda a: _joined(a.kind, *a.names, *a.variants, *a.roles)),
        (PLACES, "Places", list(chronology.places.values()), lambda p: _joined(p.kind, *p.names, *p.former_names, *p.variants)),
        (SOURCES, "Sources", list(chronology.sources.values()), _source_text),
    ]


def event_index(chronology: Chronology, by_year: dict[str, list[Event]], kept=None) -> str:
    """The events' search index, a script the worker loads: every spelling of a name once, per
    event its year, id, title, date and summary as plain text, and the names it carries, and the
    records of the index pages.

        self.chronologyIndex = {"years": [...], "names": [[shown, other spellings...], ...],
                                "events": [[year, id, title, text, [name, ...]], ...],
                                "entries": [[page, boost, [[anchor, title, text], ...]], ...],
                                "romanisation": {"before": ..., "letters": ..., "prev": ..., "next": ..., "marks": ...},
                                "listing": [pages that list events, ...]}

    `kept(event, name, compute)` (EventBlocks.event_text) keeps each event's text from one build to the next.
    """
    kept = kept or (lambda event, name, compute: compute())
    named = [*chronology.actors.values(), *chronology.places.values()]
    number = {(type(entry).__name__, entry.id): n for n, entry in enumerate(named)}
    names = [_spellings(entry) for entry in named]
    years = {label: n for n, label in enumerate(by_year)}
    events = [
        [years[label], event.id, event.title, kept(event, "search text", lambda: f"{event.when.words}. {inline_text(event.summary)}"),
         [number["Actor", a] for a in event.actors] + [number["Place", p] for p in event.places]]
        for label, year_events in by_year.items() for event in year_events
    ]
    index = json.dumps({"years": list(years), "names": names, "events": events, "entries": index_entries(chronology),
                        "romanisation": romanisation(),
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


THEME_INDEX = "search/search_index.json"
OFFLINE_INDEX = ("search/search_index.js", "var __index = ")  # the offline plugin's copy of it, as a script


def compact_theme_index(site_dir: Path) -> None:
    """The theme's search index written again without its escapes of every letter outside ASCII (six
    bytes for a Cyrillic letter that UTF-8 writes in two), and its script copy likewise."""
    json_path = site_dir / THEME_INDEX
    if not json_path.is_file():
        return
    compact = json.dumps(json.loads(json_path.read_bytes()), ensure_ascii=False, separators=(",", ":"))
    json_path.write_text(compact, encoding="utf-8")
    script_path, prefix = site_dir / OFFLINE_INDEX[0], OFFLINE_INDEX[1]
    if script_path.is_file() and script_path.read_text(encoding="utf-8").startswith(prefix):
        script_path.write_text(prefix + compact, encoding="utf-8")


def use_site_worker(page_html: str) -> str:
    """Name the site's search worker in a page's configuration, where the theme names its own."""
    return _THEME_WORKER.sub(WORKER, page_html, count=1)
