"""The TimelineJS3 JSON format."""

from __future__ import annotations

import html

from ..model import Chronology
from ..text import inline_html
from ..identity import Identity
from .common import Permalink, dump_json


def _timeline_date(iso: str) -> dict:
    year, month, day = (int(p) for p in iso.split("-"))
    return {"year": year, "month": month, "day": day}


def timeline_json(chronology: Chronology, identity: Identity, permalink: Permalink) -> str:
    """The TimelineJS3 JSON format: a title slide and one slide per event."""
    events = []
    # TimelineJS orders slides by their start day: an event that follows another (`after`) starts,
    # at the earliest, when that one does; its date is still shown in its own words.
    earliest: dict[str, tuple[int, int, int]] = {}
    for event in chronology.events:
        earliest[event.id] = max([event.when.start, *(earliest[a] for a in event.after if a in earliest)])
        slide = {
            "unique_id": event.id,
            "start_date": _timeline_date("%04d-%02d-%02d" % earliest[event.id]) | {"display_date": event.when.words},
            "text": {"headline": html.escape(event.title), "text": f"<p>{inline_html(event.summary)}</p>"},
            "group": identity.context_label if event.context else identity.main_label,
        }
        if event.when.iso_end and event.when.iso_end != event.when.iso_start:
            slide["end_date"] = _timeline_date(event.when.iso_end)
        events.append(slide)
    return dump_json({
        "title": {"text": {"headline": html.escape(identity.title), "text": html.escape(identity.description or "")}},
        "events": events,
    })
