"""Index pages: sources, themes, actors and places, each entry with its events one line each."""

from __future__ import annotations

from .dates import parse_date
from .languages import language_name
from .publication import publication_details, published_in
from .model import Chronology, Source
from .paths import PLACES, SOURCES
from .text import inline_html, link, plain, plural

ACTOR_KINDS = {"state": "States", "organisation": "Organisations", "person": "People"}
KIND_ANCHOR = "kind-{}"
# The anchors of an index page's own headings, per kind of record listed on it (whose ids are anchors too).
RESERVED_ANCHORS = {"actors": {KIND_ANCHOR.format(kind) for kind in ACTOR_KINDS}}


def sources_markdown(chronology: Chronology, lists: dict) -> str:
    lines = ["# Sources", "", f"{plural(len(chronology.sources), 'source')}, with the events that cite each.", ""]
    for source in sorted(chronology.sources.values(), key=lambda s: (s.title.casefold(), s.id)):
        lines += [f"## {plain(source.title)} {{#{source.id}}}", "", *_source_details(chronology, source)]
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


def _date_words(edtf: str) -> str:
    return parse_date(edtf).words


def _entry_events(lists: dict, key: str, label: str = "") -> list[str]:
    count = len(lists.get(key, []))
    head = f"{label} {plural(count, 'event')}" if label else plural(count, "event").capitalize()
    if not count:
        return ["", f"{head}.", ""]
    return ["", f"{head}:", "", f"::: events {key}", ""]


def index_markdown(chronology, title: str, entries: dict, kind: str, details, lists: dict) -> str:
    lines = [f"# {title}", "", f"{plural(len(entries), title.lower()[:-1], title.lower())}, each with its events.", ""]
    for key, entry in sorted(entries.items(), key=lambda kv: _entry_name(kv[1]).casefold()):
        lines += [f"## {plain(_entry_name(entry))} {{#{key}}}", "", *details(chronology, entry)]
        lines += _entry_events(lists, f"{kind}/{key}")
    return "\n".join(lines)


def actors_markdown(chronology: Chronology, lists: dict) -> str:
    """Actors grouped by kind (states, organisations, people), people sorted by surname."""
    lines = ["# Actors", "", f"{plural(len(chronology.actors), 'actor')}, by kind, each with its events.", ""]
    for kind, heading in ACTOR_KINDS.items():
        actors = [a for a in chronology.actors.values() if a.kind == kind]
        if not actors:
            continue
        lines += [f"## {heading} {{#{KIND_ANCHOR.format(kind)}}}", ""]
        for actor in sorted(actors, key=lambda a: ((a.sort_as or a.name).casefold(), a.id)):
            lines += [f"### {plain(actor.name)} {{#{actor.id}}}", "", *actor_details(chronology, actor)]
            lines += _entry_events(lists, f"actor/{actor.id}")
    return "\n".join(lines)


def _entry_name(entry) -> str:
    return getattr(entry, "title", None) or entry.name


def theme_details(chronology, theme) -> list[str]:
    return [f"<p>{inline_html(theme.description)}</p>"]  # HTML already: not read as Markdown again


def actor_details(chronology, actor) -> list[str]:
    return _details([
        ("Other names", ", ".join(plain(n) for n in actor.names)),
        ("Roles", "; ".join(plain(r) for r in actor.roles)),
    ]) + _search_variants(actor)


def place_details(chronology, place) -> list[str]:
    country = chronology.places.get(place.country)
    return _details([
        ("Kind", place.kind),
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
