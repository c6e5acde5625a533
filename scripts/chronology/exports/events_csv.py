"""Every event as one CSV row (RFC 4180), for spreadsheets."""

from __future__ import annotations

import csv
import io

from ..events_table import LIST_SEPARATOR, columns, event_cells
from ..model import Chronology
from .common import Permalink, under_site

# A cell a spreadsheet would read as a formula (or as the start of one) gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A value as CSV text: booleans as true/false, nothing as empty, formulas defused with a '."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def events_csv(chronology: Chronology, permalink: Permalink, site_url: str | None = None) -> str:
    """One row per event, with every citation and disagreement (events_table.py names the columns)."""
    permalink = under_site(site_url, permalink)
    out = io.StringIO()
    writer = csv.DictWriter(out, columns(chronology.events), lineterminator="\r\n")  # RFC 4180; a cell with \r or \n is quoted
    writer.writeheader()
    for event in chronology.events:
        row = event_cells(event) | {
            "date_in_words": event.when.words, "start": event.when.iso_start, "end": event.when.iso_end or None,
            "sources": f"{LIST_SEPARATOR} ".join(dict.fromkeys(c.source for c in event.sources)),
            "permalink": permalink(event.id),
        }
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return out.getvalue()
