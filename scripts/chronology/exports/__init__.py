"""Open-data exports of a chronology: JSON, CSV, CSL-JSON, TimelineJS, Atom, iCalendar, BibTeX and RIS, a Frictionless
Data Package that describes them, and schema.org JSON-LD.

Each function takes the model and returns the text of one file; `downloads()` gives them all with
the site paths they are published under. Output depends only on its input (the data, the
revision times, the site address, and SOURCE_DATE_EPOCH for times nothing else gives), never on
the clock, so rebuilds of the same input are byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..identity import Identity
from ..model import Chronology
from .atom import atom_feed
from ..events_table import template_csv
from .common import (BIBLIOGRAPHY, CALENDAR, DATA_PACKAGE, EVENTS_BIBTEX, EVENTS_CSV, EVENTS_JSON, EVENTS_RIS, EVENTS_TEMPLATE, FEED,
                     TIMELINE, Permalink, complete_revisions)
from .csl import csl_json
from .datapackage import data_package
from .events_csv import events_csv
from .events_json import events_json
from .ical import events_ics
from .jsonld import dataset_json_ld, json_ld
from .references import events_bibtex, events_ris
from .timeline import timeline_json

__all__ = ["PATHS", "dataset_json_ld", "downloads", "each_download", "json_ld"]

PATHS = (EVENTS_JSON, EVENTS_CSV, BIBLIOGRAPHY, TIMELINE, FEED, CALENDAR, EVENTS_BIBTEX, EVENTS_RIS, DATA_PACKAGE, EVENTS_TEMPLATE)


def downloads(chronology: Chronology, identity: Identity, permalink: Permalink, site_url: str | None = None,
              revised: Mapping[str, str] | None = None) -> dict[str, str]:
    """Site path -> file text.

    `permalink(event_id)` gives an event's URL relative to the site root. With `site_url` (the
    address the site is published at, e.g. https://example.org/chronology/), every URL in the files
    is absolute under it; without, URLs stay relative. `revised` maps event ids to the time their
    data last changed (see revisions.py); events it lacks take the fallback time.
    """
    files = dict(each_download(chronology, identity, permalink, site_url, revised))
    assert tuple(files) == PATHS
    return files


def each_download(chronology: Chronology, identity: Identity, permalink: Permalink, site_url: str | None = None,
                  revised: Mapping[str, str] | None = None) -> Iterator[tuple[str, str]]:
    """(site path, file text) of each file in turn, as `downloads()` gives them: whoever no longer needs
    the rest stops asking."""
    known = dict(revised or {})
    complete = complete_revisions(chronology, revised)
    makers = {
        EVENTS_JSON: lambda: events_json(chronology, identity, permalink, site_url),
        EVENTS_CSV: lambda: events_csv(chronology, permalink, site_url),
        BIBLIOGRAPHY: lambda: csl_json(chronology),
        TIMELINE: lambda: timeline_json(chronology, identity, permalink),
        FEED: lambda: atom_feed(chronology, identity, permalink, site_url, complete),
        CALENDAR: lambda: events_ics(chronology, identity, permalink, site_url, complete),
        EVENTS_BIBTEX: lambda: events_bibtex(chronology, identity, permalink, site_url, known),
        EVENTS_RIS: lambda: events_ris(chronology, identity, permalink, site_url, known),
    }
    files = {}
    for path, make in makers.items():
        files[path] = make()
        yield path, files[path]
    yield DATA_PACKAGE, data_package(identity, files)
    yield EVENTS_TEMPLATE, template_csv()
