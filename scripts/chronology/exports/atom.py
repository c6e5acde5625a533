"""An Atom feed (RFC 4287) of the events."""

from __future__ import annotations

import html
from collections.abc import Mapping
from xml.etree import ElementTree as ET

from ..model import Chronology
from ..revisions import fallback_time
from ..text import inline_html
from ..identity import Identity
from .common import FEED, Permalink, complete_revisions, event_tag, quotes_note, site_link, under_site

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(chronology: Chronology, identity: Identity, permalink: Permalink, site_url: str | None = None,
              revised: Mapping[str, str] | None = None) -> str:
    """An Atom feed of events, newest first. Each entry's `updated` is when the event's data last
    changed, the feed's the newest of those. `permalink`, `site_url` and `revised` as for
    downloads(); without `site_url`, links are relative to the site root, which the feed names as
    its xml:base ("../", as the feed is in downloads/)."""
    revised = complete_revisions(chronology, revised)
    site, permalink = site_link(site_url), under_site(site_url, permalink)
    ET.register_namespace("", ATOM)
    attributes = {"{http://www.w3.org/XML/1998/namespace}lang": identity.language}
    if not site_url:
        attributes["{http://www.w3.org/XML/1998/namespace}base"] = "../"
    feed = ET.Element(f"{{{ATOM}}}feed", attributes)
    _sub(feed, "title", identity.title)
    _sub(feed, "id", f"{identity.tag_prefix}feed")
    _sub(feed, "updated", max(revised.values(), default=fallback_time()))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": site(FEED)})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": site("index.html")})
    if identity.licence:
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "license", "href": identity.licence.url})
    licence = f"{identity.licence.title} ({identity.licence.url}). " if identity.licence else ""
    _sub(feed, "rights", licence + quotes_note(identity))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _sub(author, "name", identity.publisher or identity.short_title)
    for event in reversed(chronology.events):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _sub(entry, "title", event.title)
        _sub(entry, "id", event_tag(identity, event.id))
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
