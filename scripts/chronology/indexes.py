"""Index pages: sources, themes, actors and places, each entry with its events one line each.

A page is Markdown for its own headings and directives (`::: entry source/ID`) for its entries;
each entry (heading, details, events) is rendered from templates/index_entry.html from what
`entries` gathers here (HTML, escaped)."""

from __future__ import annotations

import html
from collections import Counter

from .dates import parse_date
from .languages import language_name
from .publication import publication_details, published_in
from .model import Chronology, Source
from .paths import CHRONOLOGY, PLACES
from .text import escaped, inline_html, plural, relative_url

ACTOR_KINDS = {"state": "States", "organisation": "Organisations", "person": "People"}
KIND_ANCHOR = "kind-{}"
PLACE_KINDS = {"country": "Countries", "region": "Regions", "province": "Provinces", "city": "Cities",
               "town": "Towns", "building": "Buildings", None: "Other places"}
# The anchors of an index page's own headings, per kind of record listed on it (whose ids are anchors too).
RESERVED_ANCHORS = {"actors": {KIND_ANCHOR.format(kind) for kind in ACTOR_KINDS},
                    "places": {KIND_ANCHOR.format(kind or "other") for kind in PLACE_KINDS}}
# An entry with more events than this share of the chronology links to them on the All events page,
# filtered, instead of listing them again (a country that most events name).
LONG_SHARE = 0.25
LONG_MIN = 12


Entries = dict  # "source/ID" -> what its block shows (index_entry.html's context)


def sources_markdown(chronology: Chronology, lists: dict, entries: Entries) -> str:
    lines = ["# Sources", "", f"{plural(len(chronology.sources), 'source')}, with the events that cite each.", ""]
    ordered = sorted(chronology.sources.values(), key=lambda s: (s.title.casefold(), s.id))
    titles = Counter(s.title.casefold() for s in ordered)
    for source in ordered:
        key = f"source/{source.id}"
        entries[key] = _entry(2, source.id, _source_heading(source, titles), _source_details(chronology, source), [],
                              _entry_events(lists, key, len(chronology.events), "Cited by"))
        lines.append(f"::: entry {key}")
    return "\n".join(lines)


def _source_details(chronology: Chronology, source: Source) -> list[tuple[str, str | None]]:
    extras = source.custom
    cited_by = extras.cited_by and chronology.sources[extras.cited_by]
    return [
        ("English title", extras.title_english and f"{escaped(extras.title_english)} (our translation)"),
        ("Author", "; ".join(escaped(str(a)) for a in source.author)),
        ("Published in", published_in(source)),
        ("Publisher", source.publisher and escaped(source.publisher)),
        ("Date", source.issued and _date_words(source.issued)),
        ("Language", source.language and escaped(language_name(source.language))),
        *publication_details(source),
        ("Online", source.URL and f'<a href="{html.escape(source.URL)}">{escaped(source.URL)}</a>'),
        ("Retrieved", source.accessed and _date_words(source.accessed)),
        ("Known through", cited_by and f'<a href="#{cited_by.id}">{escaped(cited_by.title)}</a>'
            + (f", reference {escaped(str(extras.reference_number))}" if extras.reference_number else "")),
        ("Note", source.note and escaped(source.note)),
    ]


def _source_heading(source: Source, titles: Counter) -> str:
    """A source's title; where another source's title differs from it at most in capitals (`titles`
    counts the sources by casefolded title), with what tells them apart (where it was published, by
    whom, or when)."""
    if titles[source.title.casefold()] == 1:
        return source.title
    authors = "; ".join(str(a) for a in source.author)
    apart = source.container_title or source.publisher or authors or (source.issued and _date_words(source.issued)) or source.id
    return f"{source.title} ({apart})"


def _date_words(edtf: str) -> str:
    return parse_date(edtf).words


def _entry(level: int, anchor: str, title: str, details: list[tuple[str, str | None]], notes: list[str], events: tuple) -> dict:
    """What an entry's block shows: its heading, its details (HTML, those with a value), paragraphs
    of HTML after them, and its events (_entry_events)."""
    return {"level": level, "id": anchor, "title": " ".join(title.split()),
            "details": tuple((label, value) for label, value in details if value), "notes": tuple(notes), "events": events}


def _entry_events(lists: dict, key: str, total: int, label: str = "", page: str = "") -> tuple:
    """(what introduces an entry's events, the list's key or None, the All events page's address
    filtered to the entry or None). On `page`, an entry that filters the All events page (theme,
    actor, place) and has a large share of the `total` events links there instead of listing them."""
    count = len(lists.get(key, []))
    head = f"{label} {plural(count, 'event')}" if label else plural(count, "event").capitalize()
    if not count:
        return head, None, None
    if page and count >= max(LONG_MIN, LONG_SHARE * total):
        kind, _, entry = key.partition("/")
        return head, None, f"{relative_url(page, CHRONOLOGY)[:-3]}.html?{kind}={entry}"
    return head, key, None


def index_markdown(chronology, title: str, entries: dict, kind: str, details, lists: dict, shown: Entries, page: str = "") -> str:
    lines = [f"# {title}", "", f"{plural(len(entries), title.lower()[:-1], title.lower())}, each with its events.", ""]
    for key, entry in sorted(entries.items(), key=lambda kv: _entry_name(kv[1]).casefold()):
        shown[f"{kind}/{key}"] = _entry(2, key, _entry_name(entry), [], details(chronology, entry),
                                        _entry_events(lists, f"{kind}/{key}", len(chronology.events), page=page))
        lines.append(f"::: entry {kind}/{key}")
    return "\n".join(lines)


def places_markdown(chronology: Chronology, lists: dict, entries: Entries, page: str = PLACES) -> str:
    """Places grouped by kind (countries, regions, provinces, cities, towns, buildings), each with its events."""
    return _by_kind(chronology, lists, entries, page, "Places", "place", chronology.places, PLACE_KINDS,
                    lambda p: (p.name.casefold(), p.id), place_details)


def actors_markdown(chronology: Chronology, lists: dict, entries: Entries, page: str = "") -> str:
    """Actors grouped by kind (states, organisations, people), people sorted by surname."""
    return _by_kind(chronology, lists, entries, page, "Actors", "actor", chronology.actors, ACTOR_KINDS,
                    lambda a: ((a.sort_as or a.name).casefold(), a.id), actor_details)


def _by_kind(chronology, lists, shown: Entries, page, title, noun, entries, kinds, sort_key, details) -> str:
    """An index page of `entries` under a heading for each kind, each entry with its events."""
    lines = [f"# {title}", "", f"{plural(len(entries), noun)}, by kind, each with its events.", ""]
    for kind, heading in kinds.items():
        of_kind = [e for e in entries.values() if e.kind == kind]
        if not of_kind:
            continue
        lines += ["", f"## {heading} {{#{KIND_ANCHOR.format(kind or 'other')}}}", ""]
        for entry in sorted(of_kind, key=sort_key):
            key = f"{noun}/{entry.id}"
            shown[key] = _entry(3, entry.id, entry.name, *details(chronology, entry),
                                _entry_events(lists, key, len(chronology.events), page=page))
            lines.append(f"::: entry {key}")
    return "\n".join(lines)


def _entry_name(entry) -> str:
    return getattr(entry, "title", None) or entry.name


def theme_details(chronology, theme) -> list[str]:
    return [f"<p>{inline_html(theme.description)}</p>"]


def actor_details(chronology, actor) -> tuple[list, list[str]]:
    return [
        ("Other names", ", ".join(escaped(n) for n in actor.names)),
        ("Roles", "; ".join(escaped(r) for r in actor.roles if r.casefold() != actor.kind)),  # not "state" under States
    ], _search_variants(actor)


def place_details(chronology, place) -> tuple[list, list[str]]:
    country = chronology.places.get(place.country)
    return [
        ("Country", country and f'<a href="#{country.id}">{escaped(country.name)}</a>'),
        ("Other names", ", ".join(escaped(n) for n in place.names)),
        ("Former names", ", ".join(escaped(n) for n in place.former_names)),
    ], _search_variants(place)


def _search_variants(entry) -> list[str]:
    """Inflected forms of a name: found by search, not shown."""
    if not entry.variants:
        return []
    return [f'<p class="search-variants" hidden>{" ".join(escaped(v) for v in entry.variants)}</p>']
