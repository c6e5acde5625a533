"""Index pages: sources with the events that cite them; themes, actors and places with their events."""

from __future__ import annotations

from collections import defaultdict

from .dates import parse_date
from .model import Chronology, Event, Source
from .paths import PLACES, SOURCES, event_link
from .text import inline, link, plain, plural, unsearched

LANGUAGES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}


def sources_markdown(chronology: Chronology) -> str:
    citing: dict[str, list[Event]] = defaultdict(list)
    for event in chronology.events:
        for source_id in dict.fromkeys(c.source for c in event.citations()):
            citing[source_id].append(event)
    lines = ["# Sources", "", f"{plural(len(chronology.sources), 'source')}, with the events that cite each.", ""]
    for source in sorted(chronology.sources.values(), key=lambda s: s.title.lower()):
        lines += [f"## {plain(source.title)} {{#{source.id}}}", "", *_source_details(chronology, source)]
        events = citing.get(source.id, [])
        lines += ["", f"Cited by {plural(len(events), 'event')}" + (":" if events else "."), ""]
        lines += unsearched([f"- {e.when.words}: {event_link(e, SOURCES)}" for e in events])
        lines.append("")
    return "\n".join(lines)


def _source_details(chronology: Chronology, source: Source) -> list[str]:
    extras = source.custom
    details = [
        ("English title", extras.title_english and plain(extras.title_english)),
        ("Author", "; ".join(plain(str(a)) for a in source.author)),
        ("Published in", source.container_title and plain(source.container_title)),
        ("Publisher", source.publisher and plain(source.publisher)),
        ("Date", source.issued and _date_words(source.issued)),
        ("Language", source.language and LANGUAGES.get(source.language, source.language)),
        ("Online", source.URL and f"<{source.URL}>"),
        ("Retrieved", source.accessed and _date_words(source.accessed)),
        ("Known through", extras.cited_by and link(
            plain(chronology.sources[extras.cited_by].title), SOURCES, SOURCES, extras.cited_by)
            + (f", reference {extras.reference_number}" if extras.reference_number else "")),
        ("Note", source.note and plain(source.note)),
    ]
    return _details(details)


def _date_words(edtf: str) -> str:
    return parse_date(edtf).words


def index_markdown(chronology, title: str, page: str, entries: dict, field_name: str, details) -> str:
    events_of: dict[str, list[Event]] = defaultdict(list)
    for event in chronology.events:
        for key in getattr(event, field_name):
            events_of[key].append(event)
    lines = [f"# {title}", "", f"{plural(len(entries), title.lower()[:-1], title.lower())}, each with its events.", ""]
    for key, entry in sorted(entries.items(), key=lambda kv: _entry_name(kv[1]).lower()):
        events = events_of.get(key, [])
        lines += [f"## {plain(_entry_name(entry))} {{#{key}}}", ""]
        lines += details(chronology, entry)
        lines += ["", f"{plural(len(events), 'event')}" + (":" if events else "."), ""]
        lines += unsearched([f"- {e.when.words}: {event_link(e, page)}" for e in events])
        lines.append("")
    return "\n".join(lines)


def _entry_name(entry) -> str:
    return getattr(entry, "title", None) or entry.name


def theme_details(chronology, theme) -> list[str]:
    return [inline(theme.description)]


def actor_details(chronology, actor) -> list[str]:
    return _details([
        ("Kind", actor.kind),
        ("Also written", ", ".join(plain(n) for n in actor.names)),
        ("Roles", "; ".join(plain(r) for r in actor.roles)),
    ])


def place_details(chronology, place) -> list[str]:
    country = chronology.places.get(place.country)
    return _details([
        ("Kind", place.kind),
        ("Country", country and link(plain(country.name), PLACES, PLACES, country.id)),
        ("Also written", ", ".join(plain(n) for n in place.names)),
        ("Former names", ", ".join(plain(n) for n in place.former_names)),
    ])


def _details(pairs: list[tuple[str, str | None]]) -> list[str]:
    """A list of labelled details, leaving out those with no value."""
    return [f"- **{name}:** {value}" for name, value in pairs if value]
