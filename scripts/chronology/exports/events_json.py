"""Every event as JSON: the data file's fields plus what the site derives from them."""

from __future__ import annotations

from ..model import Chronology, Event
from ..identity import Identity
from .common import Permalink, dump_json, quotes_note, under_site


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


def events_json(chronology: Chronology, identity: Identity, permalink: Permalink, site_url: str | None = None) -> str:
    permalink = under_site(site_url, permalink)
    about = {
        "title": identity.title,
        "description": "Every event of the chronology in date order; sources are in bibliography.json (CSL-JSON).",
    }
    if identity.licence:
        about["license"] = identity.licence.url
    return dump_json(about | {
        "rights": quotes_note(identity),
        "events": [event_record(chronology, e, permalink) for e in chronology.events],
    })
