"""What every export shares: where the files are published, the chronology's name and licence,
links under the site's address, revision times and JSON output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from urllib.parse import urljoin

from ..identity import Identity
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
EVENTS_BIBTEX = f"{DOWNLOADS}/events.bib"
EVENTS_RIS = f"{DOWNLOADS}/events.ris"
DATA_PACKAGE = f"{DOWNLOADS}/datapackage.json"
EVENTS_TEMPLATE = f"{DOWNLOADS}/events-template.csv"  # to fill in and import (not data: not in the data package)

Permalink = Callable[[str], str]


def quotes_note(identity: Identity) -> str:
    """What the licence covers, and that the quotes are not the chronology's to license."""
    licensed = f"The chronology's own text and data are licensed under {identity.licence.title}. " if identity.licence else ""
    return (licensed + "Quoted passages from sources (the quote fields) are their authors' words, reproduced as short "
            "citations: they are not covered by " + ("this licence." if identity.licence else "the chronology's terms."))


def event_tag(identity: Identity, event_id: str) -> str:
    """The event's permanent tag URI (RFC 4151): the id of its feed entry."""
    return f"{identity.tag_prefix}event/{event_id}"


def _site_base(site_url: str | None) -> str | None:
    if site_url is None:
        return None
    address = web_address(site_url)
    return address if address.endswith("/") else address + "/"


def site_link(site_url: str | None) -> Callable[[str], str]:
    """A path relative to the site root as the files give it: absolute under the site's address when known."""
    base = _site_base(site_url)
    if not base:
        return lambda path: path
    return lambda path: base + path if _PLAIN_PATH.fullmatch(path) else urljoin(base, path)


# A path that urljoin would append to a folder's address as it is: no scheme, query, fragment, or . and .. parts.
_PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*")


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
