"""schema.org JSON-LD: the events of a page, and the Data page's Dataset."""

from __future__ import annotations

import json

from ..dates import parse_date
from ..model import Chronology, Event, Source
from ..text import inline_text
from ..identity import Identity
from .common import BIBLIOGRAPHY, CALENDAR, DATA_PACKAGE, EVENTS_CSV, EVENTS_JSON, FEED, TIMELINE, Permalink, quotes_note, under_site


def json_ld(chronology: Chronology, events: list[Event], permalink: Permalink, site_url: str | None = None) -> str:
    """schema.org descriptions of events, for a <script type="application/ld+json"> block.

    `permalink(event_id)` gives an event's URL as the page links to it; with `site_url`, URLs are
    absolute under the site's address (then `permalink` must give URLs relative to the site root).
    Dates keep their precision (2021-08, 1996; a span as startDate and endDate); the sources are
    the CreativeWorks the event is the subject of.
    """
    link = under_site(site_url, permalink)
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


def dataset_json_ld(chronology: Chronology, identity: Identity, site_url: str | None = None) -> str:
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
        "name": identity.title,
        "description": f"{len(chronology.events)} dated events of {identity.subject}, each with its sources quoted. {quotes_note(identity)}",
        "license": identity.licence.url if identity.licence else None,
        "isAccessibleForFree": True,
        "temporalCoverage": identity.period or (f"{min(years)}/{max(years)}" if years else None),
        "spatialCoverage": list(identity.places) or None,
        "inLanguage": list(dict.fromkeys([identity.language, *identity.languages])),  # its own words, then its sources
        "publisher": {"@type": "Organization", "name": identity.publisher} if identity.publisher else None,
        "distribution": [{"@type": "DataDownload", "contentUrl": address(path), "encodingFormat": kind} for path, kind in formats],
    }
    if site_url:
        dataset["url"] = address("data.html")
    text = json.dumps({k: v for k, v in dataset.items() if v is not None}, ensure_ascii=False, sort_keys=True)
    return text.replace("</", "<\\/")
