"""Every event as one CSV row (RFC 4180), for spreadsheets."""

from __future__ import annotations

import csv
import io

from ..model import Chronology
from .common import CSV_COLUMNS, Permalink, under_site
from .events_json import event_record

# A cell a spreadsheet would read as a formula (or as the start of one) gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A value as CSV text: booleans as true/false, nothing as empty, formulas defused with a '."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def events_csv(chronology: Chronology, permalink: Permalink, site_url: str | None = None) -> str:
    permalink = under_site(site_url, permalink)
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")  # RFC 4180; and a cell with \r or \n is quoted
    writer.writeheader()
    for event in chronology.events:
        record = event_record(chronology, event, permalink)
        row = {key: record[key] for key in CSV_COLUMNS if key in record}
        row |= {key: "; ".join(record[key]) for key in ("themes", "actors", "places")}
        row["sources"] = "; ".join(dict.fromkeys(c.source for c in event.sources))
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return out.getvalue()
