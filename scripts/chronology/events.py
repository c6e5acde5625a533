"""An event as Markdown: the block on its year page, and its permanent-URL redirect page."""

from __future__ import annotations

import html
import json
from urllib.parse import quote as quote_url

from .export import json_ld
from .model import Chronology, Citation, Event
from .paths import ACTORS, PLACES, SITE_TITLE, SOURCES, THEMES, event_link, period_page, periods_of, permalink_path, year_page
from .text import SEARCH_EXCLUDE, inline, link, plain, plural, relative_url, unsearched


def event_markdown(chronology: Chronology, event: Event, page: str) -> str:
    lines = [
        f"## {plain(event.title)} {{#{event.id}}}",
        "",
        f"**{event.when.words}**{{.event-date}} · "
        + link("Permanent link", page, permalink_path(event.id)) + f"{{.event-permalink {SEARCH_EXCLUDE}}}"
        + ("  · *Regional context*" if event.context else ""),
        "",
        inline(event.summary),
        "",
    ]
    lines += _facets(chronology, event, page)
    lines += ["", *_neighbours(chronology, event, page)]
    sources = [f"{n}. {citation_markdown(chronology, c, page)}" for n, c in enumerate(event.sources, 1)]
    lines += ["", *unsearched(["**Sources**", "", *sources])]
    for disagreement in event.disagreements:
        lines += ["", *_disagreement_markdown(chronology, disagreement, page)]
    lines += ["", _cite_markdown(event, page), ""]
    return "\n".join(lines)


def _cite_markdown(event: Event, page: str) -> str:
    """A suggested citation; the site's script turns the link absolute and fills in today's date."""
    permalink = link(permalink_path(event.id), page, permalink_path(event.id))
    return (
        f"*Cite this event:* {SITE_TITLE}, “{plain(event.title)}” ({event.when.words}), "
        f"{permalink}, accessed *date of access*{{.access-date}}.\n{{.event-citation {SEARCH_EXCLUDE}}}"
    )


def _facets(chronology: Chronology, event: Event, page: str) -> list[str]:
    shown: set[str] = set()  # spellings already given for this event
    facets = [
        ("Actors", [_named(chronology.actors[a], page, ACTORS, shown) for a in event.actors]),
        ("Places", [_named(chronology.places[p], page, PLACES, shown) for p in event.places]),
    ]
    return [f"- **{name}:** {', '.join(links)}" for name, links in facets if links]


def _neighbours(chronology: Chronology, event: Event, page: str) -> list[str]:
    """Themes and links to other events and periods: left out of search, where they would be noise."""
    groups = [
        ("Themes", [link(plain(chronology.themes[t].title), page, THEMES, t) for t in event.themes]),
        ("Related", [event_link(chronology.event_by_id[r], page) for r in event.related]),
        ("Period", [link(plain(p.title), page, period_page(p)) for p in periods_of(chronology, event)]),
        ("Previous", [event_link(e, page) for e in [chronology.previous.get(event.id)] if e]),
        ("Next", [event_link(e, page) for e in [chronology.next.get(event.id)] if e]),
    ]
    parts = [f"**{name}:** {', '.join(links)}" for name, links in groups if links]
    return ["  \n".join(parts), f"{{.event-neighbours {SEARCH_EXCLUDE}}}"] if parts else []  # one line each


def _named(entry, page: str, index_page: str, shown: set[str]) -> str:
    """A link to an actor or place, followed by the other spellings the sources use (so search finds them).

    A country's other names are given once, on its index entry: nearly every event names the
    two countries, and repeating them would only make every event match them.
    """
    spellings = [] if entry.kind in ("state", "country") else [*entry.names, *getattr(entry, "former_names", [])]
    other = [n for n in spellings if n not in shown]
    shown.update(other)
    also = f" *({', '.join(plain(n) for n in other)})*{{.also-written}}" if other else ""
    return link(plain(entry.name), page, index_page, entry.id) + also


def citation_markdown(chronology: Chronology, citation: Citation, page: str) -> str:
    source = chronology.sources[citation.source]
    title = link(f"*{plain(source.title)}*", page, SOURCES, source.id)
    quote = f"“{plain(citation.quote)}”"
    if source.URL:  # a text fragment link opens the source at the quoted words
        quote = f"[{quote}]({source.URL}#:~:text={quote_url(' '.join(citation.quote.split()), safe='').replace('-', '%2D')})"
    return f"{title}, {plain(citation.locator)}: {quote}"


def _disagreement_markdown(chronology: Chronology, disagreement, page: str) -> list[str]:
    lines = [f'!!! note "Sources disagree: {html.escape(disagreement.about, quote=True)}"', ""]
    lines += ["    | Reading | Sources |", "    | --- | --- |"]
    for reading in disagreement.readings:
        cited = "<br>".join(citation_markdown(chronology, c, page) for c in reading.sources)
        lines.append(f"    | {_cell(inline(reading.reading))} | {_cell(cited)} |")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def year_markdown(chronology: Chronology, label: str, events: list[Event]) -> str:
    page = f"years/{label}.md"
    head = [f"# {label}", "", f"{plural(len(events), 'event')}, in date order.", ""]
    body = "\n".join(event_markdown(chronology, e, page) for e in events)
    structured = json_ld(chronology, events, lambda event_id: relative_url(page, permalink_path(event_id)))
    return "\n".join(head) + "\n" + body + f'\n<script type="application/ld+json">{structured}</script>\n'


def permalink_html(event: Event, event_id: str) -> str:
    """The permanent URL of an event: a redirect to wherever its page is now."""
    target = f"../{year_page(event)[:-3]}.html#{event.id}"
    title = html.escape(event.title)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{target}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f"<script>location.replace({json.dumps(target)} + location.search)</script>\n"
        "</head>\n<body>\n"
        f'<p>{title} ({html.escape(event.when.words)}): <a href="{target}">go to the event</a>.</p>\n'
        "</body>\n</html>\n"
    )
