"""Pages about single events: the year page, which places each event with a directive, and the
small redirect page behind each permanent URL."""

from __future__ import annotations

import html

from .exports import json_ld
from .model import Chronology, Event
from .paths import ALL_EVENTS, permalink_path, year_page
from .text import link, plural, relative_url


def year_markdown(label: str, events: list[Event], labels: list[str]) -> str:
    page = f"years/{label}.md"
    lines = [f"# {label}", "", _year_navigation(label, labels, page), "",
             f"{plural(len(events), 'event')}, in date order ({link('how events are ordered', page, 'about.md', 'order')}).", ""]
    lines += [f"::: event {event.id}" for event in events]
    lines.append(f"::: jsonld {label}")
    return "\n".join(lines) + "\n"


def year_json_ld(chronology: Chronology, label: str, events: list[Event], site_url: str = "") -> str:
    """The schema.org description of a year's events, for its page."""
    if site_url:
        return json_ld(chronology, events, permalink_path, site_url)
    page = f"years/{label}.md"
    return json_ld(chronology, events, lambda event_id: relative_url(page, permalink_path(event_id)))


def _year_navigation(label: str, labels: list[str], page: str) -> str:
    index = labels.index(label)
    parts = []
    if index > 0:
        parts.append(link(f"← {labels[index - 1]}", page, f"years/{labels[index - 1]}.md"))
    parts.append(link("All events", page, ALL_EVENTS))
    if index + 1 < len(labels):
        parts.append(link(f"{labels[index + 1]} →", page, f"years/{labels[index + 1]}.md"))
    return " · ".join(parts) + "\n{.year-nav}"


REDIRECT_SCRIPT = "assets/javascripts/redirect.js"


def permalink_html(event: Event, event_id: str, policy: str, site_url: str = "") -> str:
    """The permanent URL of an event: a redirect to wherever its page is now (its canonical address
    absolute when the site's published address is known)."""
    target = f"../{year_page(event)[:-3]}.html#{event.id}"
    canonical = html.escape(f"{site_url}{target[3:]}" if site_url else target)
    title = html.escape(event.title)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{canonical}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<script src="../{REDIRECT_SCRIPT}" data-target="{target}"></script>\n'
        "</head>\n<body>\n"
        f'<p>{title} ({html.escape(event.when.words)}): <a href="{target}">go to the event</a>.</p>\n'
        "</body>\n</html>\n"
    )
