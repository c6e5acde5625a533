"""Open-data exports of a chronology: JSON, CSV, CSL-JSON, TimelineJS, Atom and schema.org JSON-LD.

Each function takes the model and returns the text of one file; `downloads()`
gives them all with the site paths they are published under.
"""

from __future__ import annotations

import csv
import html
import io
import json
from xml.etree import ElementTree as ET

import markdown

from .dates import parse_date
from .model import Chronology, Event, Source

DOWNLOADS = "downloads"
EVENTS_JSON = f"{DOWNLOADS}/events.json"
EVENTS_CSV = f"{DOWNLOADS}/events.csv"
BIBLIOGRAPHY = f"{DOWNLOADS}/bibliography.json"
TIMELINE = f"{DOWNLOADS}/timeline.json"
FEED = f"{DOWNLOADS}/feed.xml"
FEED_ID = "urn:afghanistan-kazakhstan-chronology"
CSV_COLUMNS = ["id", "date", "date_in_words", "start", "end", "title", "summary", "themes", "actors", "places", "sources", "context", "permalink"]


def downloads(chronology: Chronology, permalink) -> dict[str, str]:
    """Site path -> file text. `permalink(event_id)` gives an event's URL relative to the site root."""
    return {
        EVENTS_JSON: events_json(chronology, permalink),
        EVENTS_CSV: events_csv(chronology, permalink),
        BIBLIOGRAPHY: csl_json(chronology),
        TIMELINE: timeline_json(chronology, permalink),
        FEED: atom_feed(chronology, permalink),
    }


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def event_record(chronology: Chronology, event: Event, permalink) -> dict:
    """One event as plain JSON: the data file's fields plus what the site derives from them."""
    record = event.model_dump(mode="json", by_alias=True)
    record |= {
        "date_in_words": event.when.words,
        "start": event.when.iso_start,
        "end": event.when.iso_end or None,
        "permalink": permalink(event.id),
    }
    return record


def events_json(chronology: Chronology, permalink) -> str:
    return _dump({
        "title": "Afghanistan–Kazakhstan relations: a sourced chronology",
        "description": "Every event of the chronology in date order; sources are in bibliography.json (CSL-JSON).",
        "events": [event_record(chronology, e, permalink) for e in chronology.events],
    })


def events_csv(chronology: Chronology, permalink) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in chronology.events:
        record = event_record(chronology, event, permalink)
        writer.writerow({
            **{key: record[key] for key in CSV_COLUMNS if key in record},
            **{key: "; ".join(record[key]) for key in ("themes", "actors", "places")},
            "sources": "; ".join(dict.fromkeys(c.source for c in event.sources)),
            "end": record["end"] or "",
        })
    return out.getvalue()


def csl_item(source: Source) -> dict:
    """A source as CSL-JSON: dates as date-parts, our own fields left in `custom`."""
    item = source.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    for field in ("issued", "accessed"):
        if field in item:
            when = parse_date(item[field])
            parts = [int(p) for p in when.iso_start.split("-")][: _precision(item[field])]
            item[field] = {"date-parts": [parts]}
    return item


def _precision(edtf: str) -> int:
    return min(3, edtf.count("-") + 1)


def csl_json(chronology: Chronology) -> str:
    return _dump([csl_item(s) for s in chronology.sources.values()])


def _timeline_date(iso: str) -> dict:
    year, month, day = (int(p) for p in iso.split("-"))
    return {"year": year, "month": month, "day": day}


def timeline_json(chronology: Chronology, permalink) -> str:
    """The TimelineJS3 JSON format: a title slide and one slide per event."""
    events = []
    for event in chronology.events:
        slide = {
            "unique_id": event.id,
            "start_date": _timeline_date(event.when.iso_start) | {"display_date": event.when.words},
            "text": {"headline": html.escape(event.title), "text": markdown.markdown(html.escape(event.summary, quote=False))},
            "group": "Regional context" if event.context else "Bilateral",
        }
        if event.when.iso_end and event.when.iso_end != event.when.iso_start:
            slide["end_date"] = _timeline_date(event.when.iso_end)
        events.append(slide)
    return _dump({
        "title": {"text": {"headline": "Afghanistan–Kazakhstan relations", "text": "A sourced chronology"}},
        "events": events,
    })


def atom_feed(chronology: Chronology, permalink) -> str:
    """An Atom feed of events, newest first; links are relative to the feed (xml:base)."""
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed", {"{http://www.w3.org/XML/1998/namespace}base": "../"})
    newest = chronology.events[-1].when.iso_start if chronology.events else "1970-01-01"
    _sub(feed, ns, "title", "Afghanistan–Kazakhstan relations: a sourced chronology")
    _sub(feed, ns, "id", FEED_ID)
    _sub(feed, ns, "updated", f"{newest}T00:00:00Z")
    ET.SubElement(feed, f"{{{ns}}}link", {"rel": "alternate", "href": "index.html"})
    author = ET.SubElement(feed, f"{{{ns}}}author")
    _sub(author, ns, "name", "Afghanistan–Kazakhstan chronology")
    for event in reversed(chronology.events):
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        _sub(entry, ns, "title", event.title)
        _sub(entry, ns, "id", f"{FEED_ID}:event:{event.id}")
        _sub(entry, ns, "updated", f"{event.when.iso_start}T00:00:00Z")
        ET.SubElement(entry, f"{{{ns}}}link", {"rel": "alternate", "href": permalink(event.id)})
        _sub(entry, ns, "summary", f"{event.when.words}: {event.summary}")
        for theme in event.themes:
            ET.SubElement(entry, f"{{{ns}}}category", {"term": theme, "label": chronology.themes[theme].title})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _sub(parent, ns: str, tag: str, text: str):
    element = ET.SubElement(parent, f"{{{ns}}}{tag}")
    element.text = text
    return element


def json_ld(chronology: Chronology, events: list[Event], permalink) -> str:
    """schema.org descriptions of events, for a <script type="application/ld+json"> block."""
    graph = []
    for event in events:
        item = {
            "@type": "Event",
            "@id": permalink(event.id),
            "url": permalink(event.id),
            "name": event.title,
            "description": event.summary,
            "startDate": event.when.iso_start,
            "about": [chronology.themes[t].title for t in event.themes],
            "location": [{"@type": "Place", "name": chronology.places[p].name} for p in event.places],
            "citation": [{"@type": "CreativeWork", "name": chronology.sources[s].title}
                         for s in dict.fromkeys(c.source for c in event.sources)],
        }
        if event.when.iso_end:
            item["endDate"] = event.when.iso_end
        graph.append(item)
    text = json.dumps({"@context": {"@vocab": "https://schema.org/"}, "@graph": graph}, ensure_ascii=False, sort_keys=True)
    return text.replace("</", "<\\/")
