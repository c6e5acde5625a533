"""EDTF dates: parsing, wording at the date's own precision, sorting, id prefixes.

Parsing is done by the `edtf` package (Library of Congress Extended Date/Time
Format). This module only decides which EDTF forms a chronology accepts and how
each one reads in English.
"""

from __future__ import annotations

import calendar
import contextlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from edtf import (
    Date,
    Interval,
    Season,
    UncertainOrApproximate,
    Unspecified,
    UnspecifiedIntervalSection,
    parse_edtf,
)

MONTHS = (
    "January February March April May June July "
    "August September October November December"
).split()

EXPECTED = (
    "an EDTF date such as 1992-02-12, 2021-10, 1996, 193X, 2003~, "
    "2002/2003 or 2021-08/.."
)


QUALIFIERS = {"~": "about ", "?": "possibly ", "%": "possibly about "}


class DateError(ValueError):
    """A date string that is not an EDTF date this chronology accepts."""


@dataclass(frozen=True)
class EventDate:
    """A parsed EDTF date with everything the pages need, computed once."""

    edtf: str
    words: str
    sort_key: tuple[int, int, int, int, int, int]
    start: tuple[int, int, int]  # earliest possible (year, month, day)
    end: tuple[int, int, int]  # latest possible (year, month, day); (9999, 12, 31) when open
    year: int  # the first year the date can fall in
    year_label: str  # the chronology page the date belongs to: "1992" or "1930s"
    iso_start: str  # earliest possible day, YYYY-MM-DD
    iso_end: str  # latest possible day, YYYY-MM-DD ("" when open-ended)
    # The first and last the date can be at the precision it gives, in ISO 8601 (reduced precision:
    # 2021-08, 1996): equal for a single day, month or year; 1930 and 1939 for 193X; each end of an
    # interval at its own precision. "" for an open end. Qualifiers (~ ? %) are not kept.
    iso_lower: str
    iso_upper: str


@lru_cache(maxsize=None)
def parse_date(text: str) -> EventDate:
    """Parse an EDTF string; raise DateError with a reader-facing reason."""
    if not isinstance(text, str) or not text.strip():
        raise DateError(f"expected {EXPECTED}")
    if text != text.strip():
        raise DateError(f"{text!r} has spaces around it; expected {EXPECTED}")
    if not text.isascii():
        raise DateError(f"{text!r} has characters other than the digits 0-9, '-', '/', '.', 'X' and ~?%; expected {EXPECTED}")
    if "Y" in text:
        raise DateError(f"{text!r} writes a year with Y; years have four digits, expected {EXPECTED}")
    if text.startswith("-") or "/-" in text or re.search(r"(?:^|/)(?:000X|00XX)", text):
        raise DateError(f"{text!r} is before the year 1, which a chronology here cannot show; expected {EXPECTED}")
    _check_supported(text)
    return _common_form(text) or _any_form(text)


# The forms a chronology accepts: a day, month or year, a decade (193X) or century (19XX), each with
# at most one qualifier, at its end, for the whole date; and intervals between them. EDTF has more
# (qualified parts, unspecified months or days, significant digits, sets, times), which read wrongly
# in words if read at all, so they are refused with what to write instead.
_SUPPORTED_POINT = r"(?:[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?|[0-9]{3}X|[0-9]{2}XX)[~?%]?"
_SUPPORTED = re.compile(rf"{_SUPPORTED_POINT}|(?:{_SUPPORTED_POINT}|\.\.)/(?:{_SUPPORTED_POINT}|\.\.)")


def _check_supported(text: str) -> None:
    if _SUPPORTED.fullmatch(text):
        return
    if re.search(r"[~?%][0-9X-]", text) or re.match(r"[~?%]", text):
        problem = " here: a qualifier (~ ? %) goes at its end and applies to the whole date, as 2004-06-11~"
    elif "X" in text:
        problem = " here: only a decade (193X) or century (19XX) may have X digits"
    elif re.search(r"[0-9]{5}", text):
        problem = ": a year has four digits"
    elif re.search(r"[A-Za-z]", text):
        problem = " here: it has letters (only the digits, '-', '/', '..', X and a final ~ ? or % are read)"
    else:
        problem = ""
    raise DateError(f"{text!r} is not a valid date{problem}; expected {EXPECTED}")


def _any_form(text: str) -> EventDate:
    """Any EDTF date, read by the `edtf` package."""
    try:
        return _library_form(text)
    except DateError:
        raise
    except Exception:  # noqa: BLE001 - the library fails some inputs with TypeError, AttributeError, ...
        raise DateError(f"{text!r} is not a valid date; expected {EXPECTED}") from None


def _library_form(text: str) -> EventDate:
    with contextlib.redirect_stdout(io.StringIO()):  # the library prints its failed attempts
        parsed = parse_edtf(text)
    lower, upper = _bounds(parsed)
    first = lower or upper
    words = _words(parsed)
    if isinstance(parsed, Interval):
        reduced = _reduced(parsed.lower)[0], _reduced(parsed.upper)[1]
    else:
        reduced = _reduced(parsed)
    return _event_date(text, words, first, upper, _year_label(parsed, first[0]), reduced)


def _event_date(text: str, words: str, first: tuple, upper: tuple | None, label: str, reduced: tuple[str, str]) -> EventDate:
    last = upper or first
    return EventDate(
        edtf=text, words=words, sort_key=(*first, *last), start=first, end=upper or (9999, 12, 31),
        year=first[0], year_label=label, iso_start=_iso(first), iso_end=_iso(upper) if upper else "",
        iso_lower=reduced[0], iso_upper=reduced[1],
    )


# The common forms, read without the general parser, which takes milliseconds a date: days,
# months and years (qualified or not), decades, centuries, and intervals between them.
# tests/test_dates.py checks that they read exactly as `_any_form` reads them.
_POINT = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?%]?)")
_SPAN = re.compile(r"([0-9]{3}X|[0-9]{2}XX)([~?%]?)")


@dataclass(frozen=True)
class _Point:
    start: tuple[int, int, int]
    end: tuple[int, int, int]
    words: str
    label: str
    reduced: tuple[str, str]  # first and last at the point's own precision: ("2021-08", "2021-08"), ("1930", "1939")


class _Impossible(Exception):
    """A date of a common form that cannot be: 30 February, month 0."""


def _common_form(text: str) -> EventDate | None:
    try:
        return _common_form_of(text)
    except _Impossible:
        raise DateError(f"{text!r} is not a valid date; expected {EXPECTED}") from None


def _common_form_of(text: str) -> EventDate | None:
    if "/" not in text:
        point = _common_point(text)
        return point and _event_date(text, point.words, point.start, point.end, point.label, point.reduced)
    lower_text, _, upper_text = text.partition("/")
    if _SPAN.search(text):  # decades in intervals: the EDTF rules are subtle, let the library decide
        return None
    lower = None if lower_text == ".." else _common_point(lower_text)
    upper = None if upper_text == ".." else _common_point(upper_text)
    if (lower is None and lower_text != "..") or (upper is None and upper_text != ".."):
        return None
    if lower is None and upper is None:
        raise DateError(f"an interval needs at least one known end; expected {EXPECTED}")
    if lower and upper and lower.start > upper.start:
        raise DateError(f"the interval ends before it starts; expected {EXPECTED}")
    if upper is None:
        return _event_date(text, f"from {lower.words}", lower.start, None, lower.label, (lower.reduced[0], ""))
    if lower is None:
        return _event_date(text, f"until {upper.words}", upper.end, upper.end, upper.label, ("", upper.reduced[1]))
    reduced = lower.reduced[0], upper.reduced[1]
    return _event_date(text, _shorten_range(lower.words, upper.words), lower.start, upper.end, lower.label, reduced)


def _common_point(text: str) -> _Point | None:
    if match := _POINT.fullmatch(text):
        year, month, day, qualifier = match.groups()
        y, m, d = int(year), int(month or 1), int(day or 1)
        if m > 12 and not day:  # 21 to 41 are seasons and quarters in EDTF: the library says which
            return None
        if y == 0 or not 1 <= m <= 12 or not 1 <= d <= calendar.monthrange(y, m)[1]:
            raise _Impossible
        end = (y, m, d) if day else (y, m, calendar.monthrange(y, m)[1]) if month else (y, 12, 31)
        words = f"{d} {MONTHS[m - 1]} {y}" if day else f"{MONTHS[m - 1]} {y}" if month else str(y)
        reduced = _reduced_text(y, month and m, day and d)
        return _Point((y, m, d), end, QUALIFIERS.get(qualifier, "") + words, str(y), (reduced, reduced))
    if match := _SPAN.fullmatch(text):
        digits, qualifier = match.groups()
        size = 10 ** digits.count("X")
        first = int(digits.rstrip("X")) * size
        reduced = _reduced_text(first), _reduced_text(first + size - 1)
        words = QUALIFIERS.get(qualifier, "") + f"the {first}s"
        return _Point((first, 1, 1), (first + size - 1, 12, 31), words, f"{first}s", reduced)
    return None


def id_prefix(edtf: str) -> str:
    """The slug an event id must start with: the date without EDTF qualifiers.

    >>> id_prefix("2002/2003~")
    '2002-2003'
    """
    bare = re.sub(r"[~?%]", "", edtf).replace("..", "").strip("/")
    return bare.replace("/", "-").lower()


def _words(parsed) -> str:
    if isinstance(parsed, Interval):
        return _interval_words(parsed)
    return _point_words(parsed)


def _interval_words(interval: Interval) -> str:
    lower_open = isinstance(interval.lower, UnspecifiedIntervalSection)
    upper_open = isinstance(interval.upper, UnspecifiedIntervalSection)
    if lower_open and upper_open:
        raise DateError(f"an interval needs at least one known end; expected {EXPECTED}")
    if upper_open:
        return f"from {_point_words(interval.lower)}"
    if lower_open:
        return f"until {_point_words(interval.upper)}"
    start, end = _point_words(interval.lower), _point_words(interval.upper)
    if _bounds(interval.lower)[0] > _bounds(interval.upper)[0]:
        raise DateError(f"the interval ends before it starts; expected {EXPECTED}")
    return _shorten_range(start, end)


def _shorten_range(start: str, end: str) -> str:
    """'20 November 2015' to '21 November 2015' reads as '20–21 November 2015'."""
    days = re.fullmatch(r"(\d+) (\w+ \d+)", start), re.fullmatch(r"(\d+) (\w+ \d+)", end)
    if all(days) and days[0][2] == days[1][2]:
        return f"{days[0][1]}–{days[1][1]} {days[0][2]}"
    months = re.fullmatch(r"([A-Z]\w+) (\d+)", start), re.fullmatch(r"([A-Z]\w+) (\d+)", end)
    if all(months) and months[0][2] == months[1][2]:
        return f"{months[0][1]} to {end}"
    return f"{start} to {end}"


def _point_words(point) -> str:
    if isinstance(point, UncertainOrApproximate):
        inner = _point_words(point.date)
        qualifier = QUALIFIERS[str(point.ua)] if point.ua else ""
        return f"{qualifier}{inner}"
    if isinstance(point, Season):
        raise DateError(f"seasons are not supported here; expected {EXPECTED}")
    if isinstance(point, Unspecified):
        return _unspecified_words(point)
    if isinstance(point, Date):
        return _plain_words(point)
    raise DateError(f"this form of EDTF date is not supported here; expected {EXPECTED}")


def _plain_words(date: Date) -> str:
    year = int(date.year)
    if date.month is None:
        return str(year)
    month = MONTHS[int(date.month) - 1]
    if date.day is None:
        return f"{month} {year}"
    return f"{int(date.day)} {month} {year}"


def _unspecified_words(date: Unspecified) -> str:
    year = date.year
    if date.month is not None or not re.fullmatch(r"\d{2,3}X{1,2}", year):
        raise DateError(
            f"only a decade (193X) or century (19XX) may be unspecified; expected {EXPECTED}"
        )
    qualifier = QUALIFIERS[str(date.ua)] if getattr(date, "ua", None) else ""
    return f"{qualifier}the {year.replace('X', '0')}s"


def _bounds(parsed):
    """Earliest and latest (year, month, day) the date allows, None where open."""

    def triple(getter):
        try:
            value = getter()
        except (TypeError, AttributeError):
            return None
        if not hasattr(value, "tm_year"):
            return None
        return (value.tm_year, value.tm_mon, value.tm_mday)

    return triple(parsed.lower_strict), triple(parsed.upper_strict)


def _year_label(parsed, year: int) -> str:
    point = parsed.lower if isinstance(parsed, Interval) else parsed
    if isinstance(point, UncertainOrApproximate):
        point = point.date
    if isinstance(point, Unspecified) and str(point.year).endswith("X"):
        return f"{point.year.replace('X', '0')}s"
    return str(year)


def _reduced(point) -> tuple[str, str]:
    """The first and last a parsed point can be, at its own precision; "" for an open end."""
    if isinstance(point, UnspecifiedIntervalSection):
        return "", ""
    if isinstance(point, UncertainOrApproximate):
        return _reduced(point.date)
    if isinstance(point, Unspecified) and point.month is None and point.year.endswith("X"):
        return _reduced_text(int(point.year.replace("X", "0"))), _reduced_text(int(point.year.replace("X", "9")))
    if isinstance(point, Date):
        text = _reduced_text(int(point.year), point.month and int(point.month), point.day and int(point.day))
        return text, text
    raise DateError(f"this form of EDTF date is not supported here; expected {EXPECTED}")


def _reduced_text(year: int, month: int | None = None, day: int | None = None) -> str:
    """ISO 8601 at the precision given: 1996, 2021-08, 1992-02-12 (a year before 1 as -0001)."""
    text = "%04d" % year if year >= 0 else "-%04d" % -year
    if month:
        text += "-%02d" % month
        if day:
            text += "-%02d" % day
    return text


def _iso(triple) -> str:
    return "%04d-%02d-%02d" % triple
