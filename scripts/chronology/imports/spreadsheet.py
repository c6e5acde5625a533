"""A spreadsheet of events (CSV) read into event records, one per row; the columns are those of
events.csv (events_table.py), so the site's own export reads back as it is."""

from __future__ import annotations

import csv
import difflib
import io

from ..errors import DataError
from ..events_table import known_column, record
from ..exports.events_csv import FORMULA_STARTS
from .common import Imported, read_text

DELIMITERS = ",;\t"  # spreadsheets write ';' where ',' is the decimal mark, and some write tabs


def read_events(path, shown_as: str, errors: list[DataError], notes: list[str]) -> list[Imported]:
    """Each row of a CSV file of events as a record, with where its problems would be reported."""
    text = read_text(path, shown_as, errors)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        rows = [(number, row) for number, row in enumerate(reader, 1) if any(cell.strip() for cell in row)]
    except csv.Error as problem:
        errors.append(DataError(shown_as, reader.line_num, "", f"cannot be read as CSV ({problem}); expected a CSV file"))
        return []
    if not rows:
        errors.append(DataError(shown_as, 1, "", "no header row; expected column names such as id, date, title, summary, themes, actors, source_1, locator_1, quote_1"))
        return []
    header = [" ".join(name.split()).lower().replace(" ", "_") for name in rows[0][1]]
    if not _header_is_valid(header, shown_as, errors):
        return []
    if len(rows) == 1:
        errors.append(DataError(shown_as, 2, "", "no events under the header; expected one row per event"))
        return []
    found = []
    for number, row in rows[1:]:
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            errors.append(DataError(shown_as, number, "", f"has {len(row)} cells but the header names {len(header)} columns; expected one cell per column"))
            continue
        cells = {name: _cell(value) for name, value in zip(header, row) if name}
        event, where = record(cells)
        found.append(Imported(event, shown_as, number, where))
    return found


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in DELIMITERS}
    return max(counts, key=lambda d: (counts[d], d == ",")) if any(counts.values()) else ","


def _header_is_valid(header: list[str], shown_as: str, errors: list[DataError]) -> bool:
    ok = True
    seen: set[str] = set()
    for name in header:
        if not name:
            continue
        if name in seen:
            errors.append(DataError(shown_as, 1, name, "column named twice; expected each column once"))
            ok = False
        seen.add(name)
        if not known_column(name):
            guess = difflib.get_close_matches(name, ["id", "date", "title", "summary", "themes", "actors", "places", "context",
                                                     "related", "after", "date_note", "former_ids", "source_1", "locator_1",
                                                     "quote_1", "translation_1", "disagreement_1"], n=1)
            hint = f"did you mean '{guess[0]}'? " if guess else ""
            errors.append(DataError(shown_as, 1, name, f"unknown column; {hint}expected the columns of events.csv (see README, 'Importing')"))
            ok = False
    for required in ("date", "title"):
        if required not in seen:
            errors.append(DataError(shown_as, 1, required, "column missing; expected at least date, title, summary, themes, actors, source_1, locator_1 and quote_1"))
            ok = False
    return ok


def _cell(value: str) -> str:
    """A cell as written: the apostrophe that keeps a spreadsheet from running it as a formula removed."""
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_STARTS:
        value = value[1:]
    return value.strip()
