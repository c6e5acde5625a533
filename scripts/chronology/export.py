"""Open-data exports of a chronology: JSON, CSV, CSL-JSON, TimelineJS, Atom, iCalendar, a Frictionless
Data Package that describes them, and schema.org JSON-LD.

Each function takes the model and returns the text of one file; `downloads()` gives them all with
the site paths they are published under. Output depends only on its input (the data, the
revision times, the site address, and SOURCE_DATE_EPOCH for times nothing else gives), never on
the clock, so rebuilds of the same input are byte-identical.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from .dates import parse_date
from .model import Chronology, Event, Source
from .revisions import fallback_time
from .text import inline_html, inline_text, web_address

DOWNLOADS = "downloads"
EVENTS_JSON = f"{DOWNLOADS}/events.json"
EVENTS_CSV = f"{DOWNLOADS}/events.csv"
BIBLIOGRAPHY = f"{DOWNLOADS}/bibliography.json"
TIMELINE = f"{DOWNLOADS}/timeline.json"
FEED = f"{DOWNLOADS}/feed.xml"
CALENDAR = f"{DOWNLOADS}/events.ics"
DATA_PACKAGE = f"{DOWNLOADS}/datapackage.json"
CSV_COLUMNS = ["id", "date", "date_in_words", "start", "end", "title", "summary", "themes", "actors", "places", "sources", "context", "permalink"]

TITLE = "Afghanistan–Kazakhstan relations: a sourced chronology"
NAME = "afghanistan-kazakhstan-chronology"
# Tag URIs (RFC 4151): the authority and its date are fixed for good, so every id stays the same.
TAG_AUTHORITY = NAME
TAG_DATE = "2024"
TAG_PREFIX = f"tag:{TAG_AUTHORITY},{TAG_DATE}:"
FEED_ID = f"{TAG_PREFIX}feed"

LICENSE_NAME = "CC-BY-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_TITLE = "Creative Commons Attribution 4.0 International"
QUOTES_NOTE = (
    "The chronology's own text and data are licensed under CC BY 4.0. Quoted passages from sources "
    "(the quote fields) are their authors' words, reproduced as short citations: they are not covered "
    "by this licence."
)

Permalink = Callable[[str], str]


def event_tag(event_id: str) -> str:
    """The event's permanent tag URI: the id of its feed entry."""
    return f"{TAG_PREFIX}event/{event_id}"


def downloads(chronology: Chronology, permalink: Permalink, site_url: str | None = None,
              revised: Mapping[str, str] | None = None) -> dict[str, str]:
    """Site path -> file text.

    `permalink(event_id)` gives an event's URL relative to the site root. With `site_url` (the
    address the site is published at, e.g. https://example.org/chronology/), every URL in the files
    is absolute under it; without, URLs stay relative. `revised` maps event ids to the time their
    data last changed (see revisions.py); events it lacks take the fallback time.
    """
    revised = _complete(chronology, revised)
    files = {
        EVENTS_JSON: events_json(chronology, permalink, site_url),
        EVENTS_CSV: events_csv(chronology, permalink, site_url),
        BIBLIOGRAPHY: csl_json(chronology),
        TIMELINE: timeline_json(chronology, permalink),
        FEED: atom_feed(chronology, permalink, site_url, revised),
        CALENDAR: events_ics(chronology, permalink, site_url, revised),
    }
    files[DATA_PACKAGE] = data_package(files)
    return files


def _site_base(site_url: str | None) -> str | None:
    if site_url is None:
        return None
    address = web_address(site_url)
    return address if address.endswith("/") else address + "/"


def _site_link(site_url: str | None) -> Callable[[str], str]:
    """A path relative to the site root as the files give it: absolute under the site's address when known."""
    base = _site_base(site_url)
    return (lambda path: urljoin(base, path)) if base else (lambda path: path)


def _under(site_url: str | None, permalink: Permalink) -> Permalink:
    """The permalinks as they appear in the files: absolute under the site's address when it is known."""
    site = _site_link(site_url)
    return lambda event_id: site(permalink(event_id))


def _complete(chronology: Chronology, revised: Mapping[str, str] | None) -> dict[str, str]:
    """A revision time for every event (the fallback where none is given), each as 2024-05-01T12:00:00Z."""
    fallback = fallback_time()
    return {e.id: _utc((revised or {}).get(e.id, fallback)) for e in chronology.events}


def _utc(timestamp: str) -> str:
    moment = datetime.fromisoformat(timestamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


# --- JSON and CSV -------------------------------------------------------------------------------

def event_record(chronology: Chronology, event: Event, permalink: Permalink) -> dict:
    """One event as plain JSON: the data file's fields plus what the site derives from them."""
    record = event.model_dump(mode="json", by_alias=True)
    record |= {
        "date_in_words": event.when.words,
        "start": event.when.iso_start,
        "end": event.when.iso_end or None,
        "permalink": permalink(event.id),
    }
    return record


def events_json(chronology: Chronology, permalink: Permalink, site_url: str | None = None) -> str:
    permalink = _under(site_url, permalink)
    return _dump({
        "title": TITLE,
        "description": "Every event of the chronology in date order; sources are in bibliography.json (CSL-JSON).",
        "license": LICENSE_URL,
        "rights": QUOTES_NOTE,
        "events": [event_record(chronology, e, permalink) for e in chronology.events],
    })


# A cell a spreadsheet would read as a formula (or as the start of one) gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A value as CSV text: booleans as true/false, nothing as empty, formulas defused with a '."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def events_csv(chronology: Chronology, permalink: Permalink, site_url: str | None = None) -> str:
    permalink = _under(site_url, permalink)
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


# --- CSL-JSON -----------------------------------------------------------------------------------

def csl_item(source: Source) -> dict:
    """A source as CSL-JSON: only CSL variables (our own `custom` fields stay out), dates as date-parts."""
    item = source.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    item.pop("custom", None)
    for field in ("issued", "accessed"):
        if field in item:
            item[field] = csl_date(item[field])
    return item


def csl_date(edtf: str) -> dict:
    """An EDTF date as a CSL date: date-parts at the date's precision, a range for an interval or a
    decade, `circa` for an approximate date; an open interval as a literal in words."""
    when = parse_date(edtf)
    if not (when.iso_lower and when.iso_upper):
        return {"literal": when.words}
    parts = [_date_parts(when.iso_lower)]
    if when.iso_upper != when.iso_lower:
        parts.append(_date_parts(when.iso_upper))
    value: dict = {"date-parts": parts}
    if "~" in edtf or "%" in edtf:
        value["circa"] = True
    return value


def _date_parts(iso: str) -> list[int]:
    sign = -1 if iso.startswith("-") else 1
    numbers = [int(p) for p in iso.lstrip("-").split("-")]
    return [sign * numbers[0], *numbers[1:]]


def csl_json(chronology: Chronology) -> str:
    return _dump([csl_item(s) for s in chronology.sources.values()])


# --- TimelineJS ---------------------------------------------------------------------------------

def _timeline_date(iso: str) -> dict:
    year, month, day = (int(p) for p in iso.split("-"))
    return {"year": year, "month": month, "day": day}


def timeline_json(chronology: Chronology, permalink: Permalink) -> str:
    """The TimelineJS3 JSON format: a title slide and one slide per event."""
    events = []
    for event in chronology.events:
        slide = {
            "unique_id": event.id,
            "start_date": _timeline_date(event.when.iso_start) | {"display_date": event.when.words},
            "text": {"headline": html.escape(event.title), "text": f"<p>{inline_html(event.summary)}</p>"},
            "group": "Regional context" if event.context else "Bilateral",
        }
        if event.when.iso_end and event.when.iso_end != event.when.iso_start:
            slide["end_date"] = _timeline_date(event.when.iso_end)
        events.append(slide)
    return _dump({
        "title": {"text": {"headline": "Afghanistan–Kazakhstan relations", "text": "A sourced chronology"}},
        "events": events,
    })


# --- Atom ---------------------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(chronology: Chronology, permalink: Permalink, site_url: str | None = None,
              revised: Mapping[str, str] | None = None) -> str:
    """An Atom feed of events, newest first. Each entry's `updated` is when the event's data last
    changed, the feed's the newest of those. `permalink`, `site_url` and `revised` as for
    downloads(); without `site_url`, links are relative to the site root, which the feed names as
    its xml:base ("../", as the feed is in downloads/)."""
    revised = _complete(chronology, revised)
    site, permalink = _site_link(site_url), _under(site_url, permalink)
    ET.register_namespace("", ATOM)
    attributes = {} if site_url else {"{http://www.w3.org/XML/1998/namespace}base": "../"}
    feed = ET.Element(f"{{{ATOM}}}feed", attributes)
    _sub(feed, "title", TITLE)
    _sub(feed, "id", FEED_ID)
    _sub(feed, "updated", max(revised.values(), default=fallback_time()))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": site(FEED)})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": site("index.html")})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "license", "href": LICENSE_URL})
    _sub(feed, "rights", f"{LICENSE_TITLE} ({LICENSE_URL}). {QUOTES_NOTE}")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _sub(author, "name", "Afghanistan–Kazakhstan chronology")
    for event in reversed(chronology.events):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _sub(entry, "title", event.title)
        _sub(entry, "id", event_tag(event.id))
        _sub(entry, "updated", revised[event.id])
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": permalink(event.id)})
        summary = _sub(entry, "summary", f"{html.escape(event.when.words)}: {inline_html(event.summary)}")
        summary.set("type", "html")
        for theme in event.themes:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": theme, "label": chronology.themes[theme].title})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _sub(parent, tag: str, text: str):
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


# --- iCalendar ----------------------------------------------------------------------------------

def events_ics(chronology: Chronology, permalink: Permalink, site_url: str | None = None,
               revised: Mapping[str, str] | None = None) -> str:
    """An iCalendar file (RFC 5545) of the events dated to the day: one all-day VEVENT each, over
    every day of a span. DTSTAMP and LAST-MODIFIED are when the event's data last changed.
    Arguments as for downloads(); without `site_url`, the description gives the permalink relative
    to the site root and there is no URL property (it must be absolute)."""
    revised = _complete(chronology, revised)
    permalink = _under(site_url, permalink)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{NAME}//events.ics//EN",
        "CALSCALE:GREGORIAN",
        f"NAME:{_ics_text(TITLE)}",
        f"X-WR-CALNAME:{_ics_text(TITLE)}",
    ]
    for event in chronology.events:
        days = _days(event)
        if days is None:
            continue
        first, last = days
        url = permalink(event.id)
        where = url if site_url else f"{url} on the chronology's site"
        stamp = revised[event.id].replace("-", "").replace(":", "")
        description = f"{event.when.words}: {inline_text(event.summary)}\n\nPermanent link: {where}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.id}@{TAG_AUTHORITY}",
            f"DTSTAMP:{stamp}",
            f"LAST-MODIFIED:{stamp}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(event.title)}",
            f"DESCRIPTION:{_ics_text(description)}",
            f"CATEGORIES:{','.join(_ics_text(chronology.themes[t].title) for t in event.themes)}",
        ]
        if site_url:
            lines.append(f"URL;VALUE=URI:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _days(event: Event) -> tuple[date, date] | None:
    """The first and last day of an event dated to the day at both ends; None otherwise."""
    when = event.when
    if len(when.iso_lower) != 10 or len(when.iso_upper) != 10 or when.iso_upper >= "9999-12-31":
        return None  # (the day after 31 December 9999 is past what a calendar date can hold)
    return date.fromisoformat(when.iso_lower), date.fromisoformat(when.iso_upper)


def _ics_text(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str, limit: int = 75) -> str:
    """A content line folded to at most 75 octets a line (RFC 5545, 3.1), never inside a character."""
    if len(line) * 4 <= limit or len(line.encode("utf-8")) <= limit:
        return line
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


# --- Frictionless Data Package ------------------------------------------------------------------

def _field(name: str, type_: str, description: str, **extra) -> dict:
    return {"name": name, "type": type_, "description": description} | extra


EVENTS_CSV_SCHEMA = {
    "fields": [
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
        _field("context", "boolean", "true for a regional event that is not bilateral.", trueValues=["true"], falseValues=["false"]),
        _field("permalink", "string", "The event's permanent URL (relative to the site root unless the site's address was known)."),
    ],
    "primaryKey": ["id"],
    "missingValues": [""],
}


def _resource(name: str, path: str, text: str, format_: str, mediatype: str, title: str, description: str, **extra) -> dict:
    data = text.encode("utf-8")
    return {
        "name": name, "path": path.removeprefix(f"{DOWNLOADS}/"), "title": title, "description": description,
        "format": format_, "mediatype": mediatype, "encoding": "utf-8",
        "bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
    } | extra


def data_package(files: Mapping[str, str]) -> str:
    """A Frictionless Data Package (datapackage.json) describing the files beside it, with their sizes
    and SHA-256 hashes; the CSV with its Table Schema."""
    license_ = {"name": LICENSE_NAME, "path": LICENSE_URL, "title": LICENSE_TITLE}
    resources = [
        _resource("events", EVENTS_CSV, files[EVENTS_CSV], "csv", "text/csv", "Events (CSV)",
                  "One row per event, in date order; lists joined with '; '. Cells that a spreadsheet would "
                  "read as a formula (starting with =, +, -, @, tab or carriage return) start with an apostrophe.",
                  profile="tabular-data-resource", dialect={"delimiter": ",", "header": True}, schema=EVENTS_CSV_SCHEMA),
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
    ]
    return _dump({
        "name": NAME,
        "title": TITLE,
        "description": "A dated chronology of relations between Afghanistan and Kazakhstan: each event with its "
                       "date at the precision its sources give (EDTF), a summary in the chronology's own words, "
                       "themes, actors, places and its sources with short verbatim quotes. " + QUOTES_NOTE,
        "licenses": [license_],
        "resources": resources,
    })


# --- schema.org JSON-LD -------------------------------------------------------------------------

def json_ld(chronology: Chronology, events: list[Event], permalink: Permalink, site_url: str | None = None) -> str:
    """schema.org descriptions of events, for a <script type="application/ld+json"> block.

    `permalink(event_id)` gives an event's URL as the page links to it; with `site_url`, URLs are
    absolute under the site's address (then `permalink` must give URLs relative to the site root).
    Dates keep their precision (2021-08, 1996; a span as startDate and endDate); the sources are
    the CreativeWorks the event is the subject of.
    """
    link = _under(site_url, permalink)
    graph = []
    for event in events:
        item = {
            "@type": "Event",
            "@id": link(event.id),
            "url": link(event.id),
            "name": event.title,
            "description": inline_text(event.summary),
            "about": [chronology.themes[t].title for t in event.themes],
            "location": [{"@type": "Place", "name": chronology.places[p].name} for p in event.places],
            "subjectOf": [_creative_work(chronology.sources[s]) for s in dict.fromkeys(c.source for c in event.citations())],
        }
        when = event.when
        if when.iso_lower:
            item["startDate"] = when.iso_lower
        if when.iso_upper and when.iso_upper != when.iso_lower:
            item["endDate"] = when.iso_upper
        graph.append(item)
    context = {"@vocab": "https://schema.org/", "url": {"@type": "@id"}}
    text = json.dumps({"@context": context, "@graph": graph}, ensure_ascii=False, sort_keys=True)
    return text.replace("</", "<\\/")


def _creative_work(source: Source) -> dict:
    work = {"@type": "CreativeWork", "name": source.title}
    if source.URL:
        work["url"] = source.URL
    if source.issued and parse_date(source.issued).iso_lower == parse_date(source.issued).iso_upper:
        work["datePublished"] = parse_date(source.issued).iso_lower
    if source.language:
        work["inLanguage"] = source.language
    return work


# --- schema.org Dataset ------------------------------------------------------------------------

def dataset_json_ld(chronology: Chronology, site_url: str | None = None) -> str:
    """The Data page's schema.org Dataset: the downloads as its distributions, with the licence."""
    def address(path: str) -> str:
        return f"{site_url.rstrip('/')}/{path}" if site_url else path

    formats = [(EVENTS_JSON, "application/json"), (EVENTS_CSV, "text/csv"), (BIBLIOGRAPHY, "application/vnd.citationstyles.csl+json"),
               (CALENDAR, "text/calendar"), (FEED, "application/atom+xml"), (TIMELINE, "application/json"),
               (DATA_PACKAGE, "application/json")]
    years = [e.when.iso_lower[:4] for e in chronology.events]
    dataset = {
        "@context": {"@vocab": "https://schema.org/", "license": {"@type": "@id"}, "contentUrl": {"@type": "@id"}},
        "@type": "Dataset",
        "name": TITLE,
        "description": f"{len(chronology.events)} dated events of Afghanistan–Kazakhstan relations, each with its sources quoted. {QUOTES_NOTE}",
        "license": LICENSE_URL,
        "isAccessibleForFree": True,
        "temporalCoverage": f"{min(years)}/{max(years)}" if years else None,
        "spatialCoverage": ["Afghanistan", "Kazakhstan"],
        "distribution": [{"@type": "DataDownload", "contentUrl": address(path), "encodingFormat": kind} for path, kind in formats],
    }
    if site_url:
        dataset["url"] = address("data.html")
    text = json.dumps({k: v for k, v in dataset.items() if v is not None}, ensure_ascii=False, sort_keys=True)
    return text.replace("</", "<\\/")
