"""Every event as JSON: the data file's fields plus what the site derives from them."""

from __future__ import annotations

from ..model import Chronology, Event
from .common import LICENSE_URL, QUOTES_NOTE, TITLE, Permalink, dump_json, under_site


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
    permalink = under_site(site_url, permalink)
    return dump_json({
        "title": TITLE,
        "description": "Every event of the chronology in date order; sources are in bibliography.json (CSL-JSON).",
        "license": LICENSE_URL,
        "rights": QUOTES_NOTE,
        "events": [event_record(chronology, e, permalink) for e in chronology.events],
    })
