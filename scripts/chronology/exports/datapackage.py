"""A Frictionless Data Package (datapackage.json) describing the other files."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping

from ..events_table import column_description
from ..identity import Identity
from .common import BIBLIOGRAPHY, CALENDAR, DOWNLOADS, EVENTS_BIBTEX, EVENTS_CSV, EVENTS_JSON, EVENTS_RIS, FEED, TIMELINE, dump_json, quotes_note


def _field(name: str, type_: str, description: str, **extra) -> dict:
    return {"name": name, "type": type_, "description": description} | extra


_FIELDS = {field["name"]: field for field in [
        _field("id", "string", "The event's permanent identifier.", constraints={"required": True, "unique": True}),
        _field("date", "string", "The date as an EDTF string (Library of Congress Extended Date/Time Format): 1992-02-12, 2021-10, 193X, 2003~, 2002/2003.", constraints={"required": True}),
        _field("date_in_words", "string", "The date as the site writes it."),
        _field("start", "date", "The earliest day the date allows.", format="default"),
        _field("end", "date", "The latest day the date allows; empty when the date is open-ended.", format="default"),
        _field("title", "string", "The chronology's own title of the event."),
        _field("summary", "string", "The chronology's own summary, in inline Markdown."),
        _field("themes", "string", "Theme identifiers, separated by '; '."),
        _field("actors", "string", "Actor identifiers, separated by '; '."),
        _field("places", "string", "Place identifiers, separated by '; '."),
        _field("sources", "string", "Identifiers of the sources cited (ids in bibliography.json), separated by '; '."),
        _field("context", "boolean", "true for an event of the wider context, not of the chronology's subject itself.", trueValues=["true"], falseValues=["false"]),
        _field("permalink", "string", "The event's permanent URL (relative to the site root unless the site's address was known)."),
        _field("related", "string", "Identifiers of related events, separated by '; '."),
        _field("after", "string", "Identifiers of events this one follows where the dates alone cannot order them, separated by '; '."),
        _field("date_note", "string", "Where the date comes from, when its quotes do not state it."),
        _field("former_ids", "string", "Identifiers the event had before, separated by '; '."),
]}


def events_csv_schema(csv_text: str) -> dict:
    """The Table Schema of events.csv: its columns as its header names them."""
    header = next(csv.reader(io.StringIO(csv_text)), [])
    fields = [_FIELDS.get(name) or _field(name, "string", column_description(name)) for name in header]
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}




def _resource(name: str, path: str, text: str, format_: str, mediatype: str, title: str, description: str, **extra) -> dict:
    data = text.encode("utf-8")
    return {
        "name": name, "path": path.removeprefix(f"{DOWNLOADS}/"), "title": title, "description": description,
        "format": format_, "mediatype": mediatype, "encoding": "utf-8",
        "bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
    } | extra


def data_package(identity: Identity, files: Mapping[str, str]) -> str:
    """A Frictionless Data Package (datapackage.json) describing the files beside it, with their sizes
    and SHA-256 hashes; the CSV with its Table Schema."""
    resources = [
        _resource("events", EVENTS_CSV, files[EVENTS_CSV], "csv", "text/csv", "Events (CSV)",
                  "One row per event, in date order, with its citations and disagreements; lists joined with '; '. Cells that a spreadsheet would "
                  "read as a formula (starting with =, +, -, @, tab or carriage return) start with an apostrophe.",
                  profile="tabular-data-resource", dialect={"delimiter": ",", "header": True}, schema=events_csv_schema(files[EVENTS_CSV])),
        _resource("events-json", EVENTS_JSON, files[EVENTS_JSON], "json", "application/json", "Events (JSON)",
                  "Every event in date order with all its fields, its citations and quotes."),
        _resource("bibliography", BIBLIOGRAPHY, files[BIBLIOGRAPHY], "json", "application/vnd.citationstyles.csl+json",
                  "Bibliography (CSL-JSON)", "Every source, for Zotero, Pandoc or any CSL processor."),
        _resource("timeline", TIMELINE, files[TIMELINE], "json", "application/json", "Timeline (TimelineJS3)",
                  "One slide per event, for a TimelineJS timeline."),
        _resource("feed", FEED, files[FEED], "xml", "application/atom+xml", "Feed (Atom)",
                  "The events, newest first, for a feed reader."),
        _resource("calendar", CALENDAR, files[CALENDAR], "ics", "text/calendar", "Calendar (iCalendar)",
                  "The events dated to the day, as all-day calendar events."),
        _resource("references-bibtex", EVENTS_BIBTEX, files[EVENTS_BIBTEX], "bib", "application/x-bibtex", "Events as references (BibTeX)",
                  "Every event as an @online reference, to cite it from a reference manager or LaTeX."),
        _resource("references-ris", EVENTS_RIS, files[EVENTS_RIS], "ris", "application/x-research-info-systems",
                  "Events as references (RIS)", "Every event as an ELEC reference, for Zotero, EndNote or Mendeley."),
    ]
    package = {
        "name": identity.name,
        "title": identity.title,
        "description": (f"{identity.description} " if identity.description else "")
        + "Each event with its date at the precision its sources give (EDTF), a summary in the chronology's own "
          "words, themes, actors, places and its sources with short verbatim quotes. " + quotes_note(identity),
    }
    if identity.licence:
        package["licenses"] = [{"name": identity.licence.id, "path": identity.licence.url, "title": identity.licence.title}]
    if identity.places:
        package["keywords"] = list(identity.places)
    if identity.publisher:
        package["contributors"] = [{"title": identity.publisher, "role": "publisher"}]
    return dump_json(package | {"resources": resources})
