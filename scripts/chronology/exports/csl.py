"""The sources as CSL-JSON, for Zotero, Pandoc or any CSL processor."""

from __future__ import annotations

from ..dates import parse_date
from ..model import SOURCE_DATES, Chronology, Source
from .common import dump_json


def csl_item(source: Source) -> dict:
    """A source as CSL-JSON: only CSL variables (our own `custom` fields stay out), dates as date-parts."""
    item = source.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    item.pop("custom", None)
    for field in SOURCE_DATES:
        if field in item:
            item[field] = csl_date(item[field])
    return item


def csl_date(edtf: str) -> dict:
    """An EDTF date as a CSL date: date-parts at the date's precision, a range for an interval or a
    decade, `circa` for an approximate date; an open interval as a literal in words."""
    when = parse_date(edtf)
    if not (when.iso_lower and when.iso_upper):
        return {"literal": when.words}
    parts = [_date_parts(when.iso_lower)]
    if when.iso_upper != when.iso_lower:
        parts.append(_date_parts(when.iso_upper))
    value: dict = {"date-parts": parts}
    if "~" in edtf or "%" in edtf:
        value["circa"] = True
    return value


def _date_parts(iso: str) -> list[int]:
    sign = -1 if iso.startswith("-") else 1
    numbers = [int(p) for p in iso.lstrip("-").split("-")]
    return [sign * numbers[0], *numbers[1:]]


def csl_json(chronology: Chronology) -> str:
    return dump_json([csl_item(s) for s in chronology.sources.values()])
