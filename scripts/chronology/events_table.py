"""The events as a table, one row per event: the columns of events.csv, which `chronology import`
reads back, so a spreadsheet of events can be written by hand, exported, edited and imported.

    id, date, title, summary          the event (an id is made from the date and title when empty)
    themes, actors, places            ids, separated by ';'
    related, after, former_ids        ids, separated by ';'
    context                           true or false (empty: false)
    date_note                         where the date comes from, when the quotes do not state it
    source_1, locator_1, quote_1, translation_1, source_2, …      its citations, as many as needed
    disagreement_1                    what sources disagree on; its readings, each with its citations:
    disagreement_1_reading_1, disagreement_1_reading_1_source_1, …_locator_1, …_quote_1, …_translation_1

The export adds columns that are made from the others and ignored on import: date_in_words, start,
end, sources (the ids of the sources cited) and permalink.
"""

from __future__ import annotations

import re

from .model import Citation, Event

FIRST_COLUMNS = ["id", "date", "date_in_words", "start", "end", "title", "summary", "themes", "actors", "places",
                 "sources", "context", "permalink"]
MORE_COLUMNS = ["related", "after", "date_note", "former_ids"]
LISTS = ("themes", "actors", "places", "related", "after", "former_ids")
DERIVED = ("date_in_words", "start", "end", "sources", "permalink")
CITATION_PARTS = ("source", "locator", "quote", "translation")
LIST_SEPARATOR = ";"

_CITATION = re.compile(r"^(?:disagreement_([1-9]\d*)_reading_([1-9]\d*)_)?(source|locator|quote|translation)_([1-9]\d*)$")
_READING = re.compile(r"^disagreement_([1-9]\d*)(?:_reading_([1-9]\d*))?$")


def citation_columns(count: int, prefix: str = "") -> list[str]:
    return [f"{prefix}{part}_{n}" for n in range(1, count + 1) for part in CITATION_PARTS]


def columns(events: list[Event]) -> list[str]:
    """The header for these events: the fixed columns, then as many citation and disagreement
    columns as the event with the most of them needs."""
    header = FIRST_COLUMNS + MORE_COLUMNS + citation_columns(max((len(e.sources) for e in events), default=1))
    for d in range(max((len(e.disagreements) for e in events), default=0)):
        header.append(f"disagreement_{d + 1}")
        readings = max((len(e.disagreements[d].readings) for e in events if len(e.disagreements) > d), default=0)
        for r in range(readings):
            prefix = f"disagreement_{d + 1}_reading_{r + 1}"
            cited = max((len(e.disagreements[d].readings[r].sources) for e in events
                         if len(e.disagreements) > d and len(e.disagreements[d].readings) > r), default=0)
            header += [prefix, *citation_columns(cited, prefix + "_")]
    return header


def _citation_cells(citations: list[Citation], prefix: str = "") -> dict[str, str | None]:
    cells = {}
    for n, citation in enumerate(citations, 1):
        cells |= {f"{prefix}{part}_{n}": getattr(citation, part) for part in CITATION_PARTS}
    return cells


def event_cells(event: Event) -> dict:
    """The cells of the event's own fields (not the derived ones); lists joined with '; '."""
    cells = {"id": event.id, "date": event.date, "title": event.title, "summary": event.summary,
             "context": event.context, "date_note": event.date_note}
    cells |= {name: f"{LIST_SEPARATOR} ".join(getattr(event, name)) for name in LISTS}
    cells |= _citation_cells(event.sources)
    for d, disagreement in enumerate(event.disagreements, 1):
        cells[f"disagreement_{d}"] = disagreement.about
        for r, reading in enumerate(disagreement.readings, 1):
            cells[f"disagreement_{d}_reading_{r}"] = reading.reading
            cells |= _citation_cells(reading.sources, f"disagreement_{d}_reading_{r}_")
    return cells


def template_csv() -> str:
    """A spreadsheet to fill in and import: the header of every column an import reads, for events
    with up to three citations and one disagreement of two readings."""
    header = [name for name in FIRST_COLUMNS + MORE_COLUMNS if name not in DERIVED] + citation_columns(3)
    header += ["disagreement_1"]
    for r in (1, 2):
        header += [f"disagreement_1_reading_{r}", *citation_columns(1, f"disagreement_1_reading_{r}_")]
    return ",".join(header) + "\r\n"


def known_column(name: str) -> bool:
    return name in FIRST_COLUMNS or name in MORE_COLUMNS or bool(_CITATION.match(name) or _READING.match(name))


def column_description(name: str) -> str:
    """What a citation or disagreement column holds, for the data package's schema."""
    if found := _CITATION.match(name):
        d, r, part, n = found.groups()
        what = {"source": "the id of the source (in bibliography.json)", "locator": "where the quote stands in it",
                "quote": "the source's words, verbatim", "translation": "our translation of a quote in another language"}[part]
        whose = f"reading {r} of disagreement {d}" if d else "the event"
        return f"Citation {n} of {whose}: {what}."
    found = _READING.match(name)
    if found and found.group(2):
        return f"Reading {found.group(2)} of disagreement {found.group(1)}: what these sources say, in our words."
    return f"Disagreement {found.group(1) if found else '?'}: what the sources disagree on."


def record(cells: dict[str, str]) -> tuple[dict, dict[tuple, str]]:
    """An event record (as in an event file) from a row's cells, and for each place in the record
    the column it came from, so that a problem is reported by column. Empty cells are left out;
    derived columns are ignored."""
    event: dict = {}
    where: dict[tuple, str] = {}
    citations: dict[tuple, dict] = {}  # (disagreement, reading) or () -> n -> citation
    readings: dict[int, dict] = {}
    for name, value in cells.items():
        if value == "" or name in DERIVED:
            continue
        if found := _CITATION.match(name):
            d, r, part, n = found.groups()
            key = (int(d), int(r)) if d else ()
            citations.setdefault(key, {}).setdefault(int(n), {})[part] = value
            continue
        if found := _READING.match(name):
            d, r = found.groups()
            disagreement = readings.setdefault(int(d), {"about": None, "readings": {}})
            if r:
                disagreement["readings"][int(r)] = value
            else:
                disagreement["about"] = value
            continue
        if name in LISTS:
            event[name] = [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
        elif name == "context":
            event[name] = {"true": True, "false": False}.get(value.strip().lower(), value)
        else:
            event[name] = value
        where[(name,)] = name
    where[("sources",)] = "source_1"  # (the column "sources" is the derived list of ids)
    if () in citations:
        event["sources"] = _citations(citations[()], ("sources",), "", where)
    for d in sorted(set(readings) | {k[0] for k in citations if k}):
        disagreement = readings.get(d, {"about": None, "readings": {}})
        loc = ("disagreements", len(event.setdefault("disagreements", [])))
        item: dict = {}
        if disagreement["about"] is not None:
            item["about"] = disagreement["about"]
        where[loc] = where[loc + ("about",)] = f"disagreement_{d}"
        numbers = sorted(set(disagreement["readings"]) | {k[1] for k in citations if k and k[0] == d})
        item["readings"] = []
        for r in numbers:
            reading_loc = loc + ("readings", len(item["readings"]))
            prefix = f"disagreement_{d}_reading_{r}"
            reading: dict = {}
            if r in disagreement["readings"]:
                reading["reading"] = disagreement["readings"][r]
            where[reading_loc] = where[reading_loc + ("reading",)] = prefix
            if (d, r) in citations:
                reading["sources"] = _citations(citations[(d, r)], reading_loc + ("sources",), prefix + "_", where)
            item["readings"].append(reading)
        event["disagreements"].append(item)
    return event, where


def _citations(numbered: dict[int, dict], loc: tuple, prefix: str, where: dict) -> list[dict]:
    found = []
    for n in sorted(numbered):
        at = loc + (len(found),)
        where[at] = f"{prefix}source_{n}"
        where |= {at + (part,): f"{prefix}{part}_{n}" for part in CITATION_PARTS}
        found.append(numbered[n])
    where[loc] = f"{prefix}source_1"
    return found


def column_of(loc: tuple, where: dict[tuple, str]) -> str:
    """The column a problem at `loc` inside the record is in: the deepest part of it that is known."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in where:
            return where[loc[:end]]
    return str(loc[0]) if loc else ""
