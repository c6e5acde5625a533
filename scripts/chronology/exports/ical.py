"""An iCalendar file (RFC 5545) of the events dated to the day."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from ..model import Chronology, Event
from ..text import inline_text
from ..identity import Identity
from .common import Permalink, complete_revisions, under_site


def events_ics(chronology: Chronology, identity: Identity, permalink: Permalink, site_url: str | None = None,
               revised: Mapping[str, str] | None = None) -> str:
    """An iCalendar file (RFC 5545) of the events dated to the day: one all-day VEVENT each, over
    every day of a span. DTSTAMP and LAST-MODIFIED are when the event's data last changed.
    Arguments as for downloads(); without `site_url`, the description gives the permalink relative
    to the site root and there is no URL property (it must be absolute)."""
    revised = complete_revisions(chronology, revised)
    permalink = under_site(site_url, permalink)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{identity.name}//events.ics//EN",
        "CALSCALE:GREGORIAN",
        f"NAME:{_ics_text(identity.title)}",
        f"X-WR-CALNAME:{_ics_text(identity.title)}",
    ]
    for event in chronology.events:
        days = _days(event)
        if days is None:
            continue
        first, last = days
        url = permalink(event.id)
        where = url if site_url else f"{url} on the chronology's site"
        stamp = revised[event.id].replace("-", "").replace(":", "")
        description = f"{event.when.words}: {inline_text(event.summary)}\n\nPermanent link: {where}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.id}@{identity.name}",
            f"DTSTAMP:{stamp}",
            f"LAST-MODIFIED:{stamp}",
            f"DTSTART;VALUE=DATE:{_ics_date(first)}",
            f"DTEND;VALUE=DATE:{_ics_date(last + timedelta(days=1))}",
            f"SUMMARY:{_ics_text(event.title)}",
            f"DESCRIPTION:{_ics_text(description)}",
            f"CATEGORIES:{','.join(_ics_text(chronology.themes[t].title) for t in event.themes)}",
        ]
        if site_url:
            lines.append(f"URL;VALUE=URI:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _days(event: Event) -> tuple[date, date] | None:
    """The first and last day of an event dated to the day at both ends; None otherwise."""
    when = event.when
    if len(when.iso_lower) != 10 or len(when.iso_upper) != 10 or when.iso_upper >= "9999-12-31":
        return None  # (the day after 31 December 9999 is past what a calendar date can hold)
    return date.fromisoformat(when.iso_lower), date.fromisoformat(when.iso_upper)


def _ics_date(day: date) -> str:
    """An RFC 5545 DATE, eight digits: 00010101 (strftime's %Y leaves out the zeros of a year before 1000 on Linux)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _ics_text(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str, limit: int = 75) -> str:
    """A content line folded to at most 75 octets a line (RFC 5545, 3.1), never inside a character."""
    if len(line) * 4 <= limit or len(line.encode("utf-8")) <= limit:
        return line
    if line.isascii():  # a character is an octet: pieces of 75, then of a space and 74
        return "\r\n ".join([line[:limit], *(line[at:at + limit - 1] for at in range(limit, len(line), limit - 1))])
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)
