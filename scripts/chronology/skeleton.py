"""A new event's file, written for its author to fill in."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

from .dates import DateError, id_prefix, parse_date
from .identity import slug
from .model import Text

TEMPLATE = """\
# A new event: fill in every field, then run `chronology check` (see README, "Adding an event").
{head}summary:           # our own words, in one or two sentences; inline Markdown
themes: []         # ids from data/themes.yml
actors: []         # ids from data/actors.yml
places: []         # ids from data/places.yml
sources:           # one or more, each with a short verbatim quote and where it stands
  - source:        # a file name in data/sources/, without .yml
    locator:       # page, paragraph or section
    quote:         # the source's words, exactly
"""


def write_skeleton(data_dir: Path, date: str, title: str) -> Path:
    """Write events/<year>/<id>.yml in `data_dir`; never over an existing file. ValueError says
    what is wrong with the date or title."""
    try:
        parse_date(date)
    except DateError as problem:
        raise ValueError(f"date: {problem}") from None
    try:
        TypeAdapter(Text).validate_python(title)
    except ValidationError as problem:
        raise ValueError(f"title: {problem.errors()[0]['msg'].removeprefix('Value error, ')}") from None
    event_id = f"{id_prefix(date)}-{slug(title, fallback='event')}"
    path = Path(data_dir) / "events" / event_id[:4] / f"{event_id}.yml"
    if path.exists():
        raise ValueError(f"{path} exists already; choose another title, or edit that file")
    head = yaml.safe_dump({"id": event_id, "date": date, "title": title}, allow_unicode=True, sort_keys=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(head=head), encoding="utf-8")
    return path
