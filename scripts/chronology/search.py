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

from .model import Chronology, Event
from .text import inline_html

WORKER = "assets/javascripts/search-worker.js"
_THEME_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
_TAG = re.compile(r"<[^>]+>")


def search_entries(chronology: Chronology, by_year: dict[str, list[Event]]) -> list[dict]:
    entries = []
    for label, events in by_year.items():
        page = f"years/{label}.html"
        entries.append({"location": page, "title": label, "text": ""})
        entries += [{"location": f"{page}#{e.id}", "title": e.title, "text": _text(chronology, e)} for e in events]
    return entries


def _text(chronology: Chronology, event: Event) -> str:
    summary = html.unescape(_TAG.sub("", inline_html(event.summary)))
    named = [chronology.actors[a] for a in event.actors] + [chronology.places[p] for p in event.places]
    names = [entry.name for entry in named]
    names += [n for entry in named if entry.kind not in ("state", "country")
              for n in (*entry.names, *getattr(entry, "former_names", []), *entry.variants)]
    return f"{event.when.words}. {summary} {', '.join(dict.fromkeys(names))}"


def use_site_worker(page_html: str) -> str:
    """Name the site's search worker in a page's configuration, where the theme names its own."""
    return _THEME_WORKER.sub(WORKER, page_html, count=1)
