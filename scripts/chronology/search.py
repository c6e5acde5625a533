"""Search entries built from the model, and the site's own search worker.

Year pages are left out of the theme's search indexer (which would parse their HTML); each event
gets one entry instead, made from its data: title; date in words, summary as plain text, and the
names of its actors and places with their other spellings and inflected forms. The site's worker
(docs/assets/javascripts/search-worker.js) takes the place of the theme's, behind the same search
box and result list.
"""

from __future__ import annotations

import html
import re

from .dates import parse_date
from .model import Chronology, Event
from .paths import ACTORS, CHRONOLOGY, PLACES, SOURCES, THEMES, period_page
from .text import inline_html

WORKER = "assets/javascripts/search-worker.js"
_THEME_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
_TAG = re.compile(r"<[^>]+>")


def search_entries(chronology: Chronology, by_year: dict[str, list[Event]]) -> list[dict]:
    """The entries of every page the theme's indexer leaves out (see INDEXED_FROM_MODEL)."""
    entries = []
    for label, events in by_year.items():
        page = f"years/{label}.html"
        entries.append({"location": page, "title": label, "text": ""})
        entries += [{"location": f"{page}#{e.id}", "title": e.title, "text": _text(chronology, e)} for e in events]
    for period in chronology.periods.values():
        entries.append({"location": _html(period_page(period)), "title": period.title,
                        "text": f"{period.when.words}. {_plain(period.description)}"})
    indexes = [
        (THEMES, "Themes", chronology.themes.values(), lambda t: _plain(t.description)),
        (ACTORS, "Actors", chronology.actors.values(), lambda a: _joined(a.kind, *a.names, *a.variants, *a.roles)),
        (PLACES, "Places", chronology.places.values(), lambda p: _joined(p.kind, *p.names, *p.former_names, *p.variants)),
        (SOURCES, "Sources", chronology.sources.values(), _source_text),
    ]
    for page, title, records, text in indexes:
        entries.append({"location": _html(page), "title": title, "text": ""})
        entries += [{"location": f"{_html(page)}#{r.id}", "title": getattr(r, "title", None) or r.name, "text": text(r)} for r in records]
    return entries


# Generated pages whose search entries come from the model (the others are small and few).
def indexed_from_model(page: str) -> bool:
    return page.startswith(("years/", "periods/")) or page in (CHRONOLOGY, THEMES, ACTORS, PLACES, SOURCES)


def _html(page: str) -> str:
    return page.removesuffix(".md") + ".html"


def _plain(markdown_text: str) -> str:
    return html.unescape(_TAG.sub("", inline_html(markdown_text)))


def _joined(*parts: str) -> str:
    return ", ".join(dict.fromkeys(part for part in parts if part))


def _source_text(source) -> str:
    return _joined(source.custom.title_english, *(str(a) for a in source.author), source.container_title,
                   source.publisher, source.issued and parse_date(source.issued).words, source.note)


def _text(chronology: Chronology, event: Event) -> str:
    summary = _plain(event.summary)
    named = [chronology.actors[a] for a in event.actors] + [chronology.places[p] for p in event.places]
    names = [entry.name for entry in named]
    names += [n for entry in named if entry.kind not in ("state", "country")
              for n in (*entry.names, *getattr(entry, "former_names", []), *entry.variants)]
    return f"{event.when.words}. {summary} {', '.join(dict.fromkeys(names))}"


def use_site_worker(page_html: str) -> str:
    """Name the site's search worker in a page's configuration, where the theme names its own."""
    return _THEME_WORKER.sub(WORKER, page_html, count=1)
