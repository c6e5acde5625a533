"""Every event as a reference for a reference manager: BibTeX and RIS (citing.py writes both)."""

from __future__ import annotations

from collections.abc import Mapping

from ..citing import bibtex_text, event_item, ris_text
from ..identity import Identity
from ..model import Chronology
from .common import Permalink, under_site


def _items(chronology: Chronology, identity: Identity, permalink: Permalink, site_url: str | None, revised: Mapping[str, str]) -> list[dict]:
    """Each event dated by the last change to its data where version control knows it (else undated)."""
    address = under_site(site_url, permalink)
    return [event_item(e, identity.title, revised.get(e.id, ""), address(e.id)) for e in chronology.events]


def events_bibtex(chronology: Chronology, identity: Identity, permalink: Permalink, site_url: str | None, revised: Mapping[str, str]) -> str:
    return bibtex_text(_items(chronology, identity, permalink, site_url, revised))


def events_ris(chronology: Chronology, identity: Identity, permalink: Permalink, site_url: str | None, revised: Mapping[str, str]) -> str:
    return ris_text(_items(chronology, identity, permalink, site_url, revised))
