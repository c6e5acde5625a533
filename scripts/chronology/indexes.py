"""Index pages: sources, themes, actors and places, each entry with its events one line each."""

from __future__ import annotations

from .dates import parse_date
from .languages import language_name
from .publication import publication_details, published_in
from .model import Chronology, Source
from .paths import CHRONOLOGY, PLACES, SOURCES
from .text import inline_html, link, plain, plural, relative_url

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


def sources_markdown(chronology: Chronology, lists: dict) -> str:
    lines = ["# Sources", "", f"{plural(len(chronology.sources), 'source')}, with the events that cite each.", ""]
    ordered = sorted(chronology.sources.values(), key=lambda s: (s.title.casefold(), s.id))
    for source in ordered:
        lines += [f"## {_source_heading(source, ordered)} {{#{source.id}}}", "", *_source_details(chronology, source)]
        lines += _entry_events(lists, f"source/{source.id}", "Cited by")
    return "\n".join(lines)


def _source_details(chronology: Chronology, source: Source) -> list[str]:
    extras = source.custom
    details = [
        ("English title", extras.title_english and f"{plain(extras.title_english)} (our translation)"),
        ("Author", "; ".join(plain(str(a)) for a in source.author)),
        ("Published in", published_in(source)),
        ("Publisher", source.publisher and plain(source.publisher)),
        ("Date", source.issued and _date_words(source.issued)),
        ("Language", source.language and language_name(source.language)),
        *publication_details(source),
        ("Online", source.URL and f"[{plain(source.URL)}]({source.URL})"),
        ("Retrieved", source.accessed and _date_words(source.accessed)),
        ("Known through", extras.cited_by and link(
            plain(chronology.sources[extras.cited_by].title), SOURCES, SOURCES, extras.cited_by)
            + (f", reference {extras.reference_number}" if extras.reference_number else "")),
        ("Note", source.note and plain(source.note)),
    ]
    return _details(details)


def _source_heading(source: Source, sources: list[Source]) -> str:
    """A source's title; where another source's title differs from it at most in capitals, with what
    tells them apart (where it was published, by whom, or when)."""
    twins = [s for s in sources if s.title.casefold() == source.title.casefold() and s.id != source.id]
    if not twins:
        return plain(source.title)
    authors = "; ".join(str(a) for a in source.author)
    apart = source.container_title or source.publisher or authors or (source.issued and _date_words(source.issued)) or source.id
    return f"{plain(source.title)} ({plain(apart)})"


def _date_words(edtf: str) -> str:
    return parse_date(edtf).words


def _entry_events(lists: dict, key: str, label: str = "", page: str = "") -> list[str]:
    """An entry's events one line each; on `page`, an entry that filters the All events page (theme,
    actor, place) and has a large share of the events links there instead."""
    events = lists.get(key, [])
    count = len(events)
    head = f"{label} {plural(count, 'event')}" if label else plural(count, "event").capitalize()
    if not count:
        return ["", f"{head}.", ""]
    total = len({e.id for k, listed in lists.items() if k.startswith("year/") for e in listed})
    if page and count >= max(LONG_MIN, LONG_SHARE * total):
        kind, _, entry = key.partition("/")
        address = f"{relative_url(page, CHRONOLOGY)[:-3]}.html?{kind}={entry}"
        return ["", f'<p>{head}: <a href="{address}">see them on the All events page</a>, filtered to this entry.</p>', ""]
    return ["", f"{head}:", "", f"::: events {key}", ""]


def index_markdown(chronology, title: str, entries: dict, kind: str, details, lists: dict, page: str = "") -> str:
    lines = [f"# {title}", "", f"{plural(len(entries), title.lower()[:-1], title.lower())}, each with its events.", ""]
    for key, entry in sorted(entries.items(), key=lambda kv: _entry_name(kv[1]).casefold()):
        lines += [f"## {plain(_entry_name(entry))} {{#{key}}}", "", *details(chronology, entry)]
        lines += _entry_events(lists, f"{kind}/{key}", page=page)
    return "\n".join(lines)


def places_markdown(chronology: Chronology, lists: dict, page: str = PLACES) -> str:
    """Places grouped by kind (countries, regions, provinces, cities, towns, buildings), each with its events."""
    return _by_kind(chronology, lists, page, "Places", "place", chronology.places, PLACE_KINDS,
                    lambda p: (p.name.casefold(), p.id), place_details)


def actors_markdown(chronology: Chronology, lists: dict, page: str = "") -> str:
    """Actors grouped by kind (states, organisations, people), people sorted by surname."""
    return _by_kind(chronology, lists, page, "Actors", "actor", chronology.actors, ACTOR_KINDS,
                    lambda a: ((a.sort_as or a.name).casefold(), a.id), actor_details)


def _by_kind(chronology, lists, page, title, noun, entries, kinds, sort_key, details) -> str:
    """An index page of `entries` under a heading for each kind, each entry with its events."""
    lines = [f"# {title}", "", f"{plural(len(entries), noun)}, by kind, each with its events.", ""]
    for kind, heading in kinds.items():
        of_kind = [e for e in entries.values() if e.kind == kind]
        if not of_kind:
            continue
        lines += [f"## {heading} {{#{KIND_ANCHOR.format(kind or 'other')}}}", ""]
        for entry in sorted(of_kind, key=sort_key):
            lines += [f"### {plain(entry.name)} {{#{entry.id}}}", "", *details(chronology, entry)]
            lines += _entry_events(lists, f"{noun}/{entry.id}", page=page)
    return "\n".join(lines)


def _entry_name(entry) -> str:
    return getattr(entry, "title", None) or entry.name


def theme_details(chronology, theme) -> list[str]:
    return [f"<p>{inline_html(theme.description)}</p>"]  # HTML already: not read as Markdown again


def actor_details(chronology, actor) -> list[str]:
    return _details([
        ("Other names", ", ".join(plain(n) for n in actor.names)),
        ("Roles", "; ".join(plain(r) for r in actor.roles if r.casefold() != actor.kind)),  # not "state" under States
    ]) + _search_variants(actor)


def place_details(chronology, place) -> list[str]:
    country = chronology.places.get(place.country)
    return _details([
        ("Country", country and link(plain(country.name), PLACES, PLACES, country.id)),
        ("Other names", ", ".join(plain(n) for n in place.names)),
        ("Former names", ", ".join(plain(n) for n in place.former_names)),
    ]) + _search_variants(place)


def _search_variants(entry) -> list[str]:
    """Inflected forms of a name: found by search, not shown."""
    if not entry.variants:
        return []
    return ["", f"{' '.join(plain(v) for v in entry.variants)}\n{{.search-variants hidden}}"]


def _details(pairs: list[tuple[str, str | None]]) -> list[str]:
    """A list of labelled details, leaving out those with no value."""
    return [f"- **{name}:** {value}" for name, value in pairs if value]
