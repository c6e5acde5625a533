"""What every export shares: where the files are published, the chronology's name and licence,
links under the site's address, revision times and JSON output."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from urllib.parse import urljoin

from ..model import Chronology
from ..revisions import fallback_time
from ..text import web_address

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


def _site_base(site_url: str | None) -> str | None:
    if site_url is None:
        return None
    address = web_address(site_url)
    return address if address.endswith("/") else address + "/"


def site_link(site_url: str | None) -> Callable[[str], str]:
    """A path relative to the site root as the files give it: absolute under the site's address when known."""
    base = _site_base(site_url)
    return (lambda path: urljoin(base, path)) if base else (lambda path: path)


def under_site(site_url: str | None, permalink: Permalink) -> Permalink:
    """The permalinks as they appear in the files: absolute under the site's address when it is known."""
    site = site_link(site_url)
    return lambda event_id: site(permalink(event_id))


def complete_revisions(chronology: Chronology, revised: Mapping[str, str] | None) -> dict[str, str]:
    """A revision time for every event (the fallback where none is given), each as 2024-05-01T12:00:00Z."""
    fallback = fallback_time()
    return {e.id: _utc((revised or {}).get(e.id, fallback)) for e in chronology.events}


def _utc(timestamp: str) -> str:
    moment = datetime.fromisoformat(timestamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def dump_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"
