"""CSL-JSON, as Zotero and other reference managers export it, read into source records.

Every CSL variable the model has is kept as it is; dates become EDTF (date-parts [[2021, 10]] ->
2021-10, a range -> 2002/2003, circa -> ~), a language named in words (English) its tag, an id
that is not a slug (a Zotero item address) a slug made from it. Variables that only steer a CSL
processor (citation-number, locator…) and Zotero's tags and notes (keyword, annote) are left out.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from ..errors import DataError, dotted
from ..identity import slug
from ..load import _explain
from ..model import SLUG, SOURCE_DATES, Source, _check_edtf
from .common import Imported, read_text

# Older and Zotero-specific names of CSL variables, and the name the model gives each.
RENAMED = {"event": "event-title", "shortTitle": "title-short", "journalAbbreviation": "container-title-short",
           "archive-location": "archive_location"}
LEFT_OUT = {"keyword", "annote", "references", "citation-label", "citation-number", "first-reference-note-number",
            "locator", "year-suffix", "system_id", "part-number", "supplement-number", "printing-number"}
NAME_FLAGS = {"parse-names", "comma-suffix", "static-ordering", "isInstitution"}


def read_sources(path: Path, shown_as: str, errors: list[DataError], notes: list[str]) -> list[Imported]:
    text = read_text(path, shown_as, errors)
    if text is None:
        return []
    before = len(errors)
    items = _items(text, shown_as, errors)
    if not items and len(errors) == before:
        errors.append(DataError(shown_as, 1, "", "holds no items; expected CSL-JSON, a list of sources ([{\"id\": …, \"type\": …, \"title\": …}])"))
    found = []
    for line, start, end, item in items:
        if not isinstance(item, dict):
            errors.append(DataError(shown_as, line, "", "expected an object of CSL fields ({\"id\": …, \"type\": …, \"title\": …})"))
            continue
        lines, again = _key_lines(text, line, start, end)
        unreadable = _unreadable(item)
        errors += [_placed(loc, message, shown_as, line, lines, again) for loc, message in unreadable]
        if unreadable:
            errors += _checked_apart(item, unreadable, shown_as, line, lines)
            continue
        record, problems = source_record(item)
        if isinstance(record.get("id"), str) and record["id"] != item.get("id"):
            notes.append(f"{shown_as}:{line}: id {item.get('id')!r} is written as {record['id']!r}: cite it so")
        for key, message in problems:
            errors.append(DataError(shown_as, lines.get(key, line), key, message))
        found.append(Imported(record, shown_as, line, None, {(key,): lines[key] for key in record if key in lines}))
    return found


def _placed(loc: tuple, message: str, shown_as: str, line: int, lines: dict[str, int], again: dict[str, int]) -> DataError:
    """A problem at the line of the item's key it is under; a key of the item given twice at its second mention."""
    if message == _DUPLICATE and len(loc) == 1 and loc[0] in again:
        return DataError(shown_as, again[loc[0]], loc[0], f"duplicate key (first given on line {lines[loc[0]]}); keep one")
    return DataError(shown_as, lines.get(loc[0], line) if loc else line, dotted(loc), message)


def _checked_apart(item: dict, unreadable: list[tuple[tuple, str]], shown_as: str, line: int, lines: dict[str, int]) -> list[DataError]:
    """The other problems of an item with values JSON gave no usable value for: its fields but those
    checked as the model checks them, without the knock-on errors of the fields left out. The item is
    not imported, so it is not checked with the data."""
    spoiled = {loc[0] for loc, _ in unreadable if loc} | {key for key in item if _SURROGATE.search(key)}
    record, problems = source_record({key: value for key, value in item.items() if key not in spoiled})
    errors = [DataError(shown_as, lines.get(key, line), key, message) for key, message in problems]
    try:
        Source.model_validate(record)
    except ValidationError as problem:
        for found in problem.errors(include_url=False):
            loc = tuple(found["loc"])
            if not (loc and loc[0] in spoiled):
                errors.append(DataError(shown_as, lines.get(loc[0], line) if loc else line, dotted(loc), _explain(found, Source, loc)))
    return errors


def _items(text: str, shown_as: str, errors: list[DataError]) -> list[tuple[int, int, int, object]]:
    """The items of a JSON array, each with the line it starts on and the offsets it starts and ends at."""
    decoder = json.JSONDecoder(parse_constant=_not_json, parse_int=_integer, parse_float=_float, object_pairs_hook=_object)
    try:
        decoder.decode(text)
    except json.JSONDecodeError as problem:
        errors.append(DataError(shown_as, problem.lineno, "", f"JSON syntax error: {problem.msg}; expected CSL-JSON (a list of items)"))
        return []
    except RecursionError:
        errors.append(DataError(shown_as, 1, "", "values are nested too deeply; expected CSL-JSON (a list of items)"))
        return []
    position = len(text) - len(text.lstrip())
    if not text[position:].startswith("["):
        if text[position:].startswith("{"):  # a single item
            item, end = decoder.raw_decode(text, position)
            return [(text.count("\n", 0, position) + 1, position, end, item)]
        errors.append(DataError(shown_as, 1, "", "expected CSL-JSON: a list of items ([{\"id\": …}, …])"))
        return []
    items, position, line, counted = [], position + 1, 1, 0
    while True:
        position = _skip(text, position)
        if text[position] == "]":
            return items
        item, end = decoder.raw_decode(text, position)
        line, counted = line + text.count("\n", counted, position), position  # counted once, not from the start each time
        items.append((line, position, end, item))
        position = _skip(text, end)
        position += text[position] == ","


def _skip(text: str, position: int) -> int:
    while text[position] in " \t\r\n":
        position += 1
    return position


_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


def _key_lines(text: str, first_line: int, start: int, end: int) -> tuple[dict[str, int], dict[str, int]]:
    """The line of each key of the item between `start` and `end`, which starts on `first_line`:
    of its first mention, and of its second (for a key given twice)."""
    lines: dict[str, int] = {}
    again: dict[str, int] = {}
    line, counted = first_line, start
    for found in _KEY.finditer(text, start, end):
        line, counted = line + text.count("\n", counted, found.start()), found.start()  # from the last key on, never from the start
        (again if found.group(1) in lines else lines).setdefault(found.group(1), line)
    return lines, again


class _Unreadable:
    """A value JSON gave no usable value for, and what is wrong with it: reported where it is, not where the reading stopped."""

    def __init__(self, message: str):
        self.message = message


class _Repeated(dict):
    """An object that gives a key more than once (JSON would keep the last silently)."""

    repeated: list[str]


def _not_json(name: str) -> _Unreadable:
    return _Unreadable(f"{name} is not a JSON value; expected a number or text in quotes")


def _integer(digits: str) -> int | _Unreadable:
    try:
        return int(digits)
    except ValueError:  # longer than Python converts (sys.get_int_max_str_digits)
        return _Unreadable(f"a number of {len(digits.lstrip('-')):,} digits is too long to read; "
                           f"expected at most {sys.get_int_max_str_digits():,} digits")


def _float(digits: str) -> float | _Unreadable:
    value = float(digits)
    if math.isfinite(value):
        return value
    return _Unreadable(f"the number {_shortened(digits)} is too large to read; expected a number below 1.8e308")


def _object(pairs: list[tuple[str, object]]) -> dict:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    repeated = _Repeated(result)
    repeated.repeated = [key for key, count in Counter(key for key, _ in pairs).items() if count > 1]
    return repeated


_DUPLICATE = "duplicate key (given more than once in the same object); keep one"
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_UNICODE = "is not valid Unicode (it holds half of a surrogate pair: an escape from \\ud800 to \\udfff on its own); expected whole characters"


def _unreadable(item: dict) -> list[tuple[tuple, str]]:
    """What in the item JSON gave no usable value for, in the order of the file: (path, what is wrong)."""
    problems: list[tuple[tuple, str]] = []
    stack: list[tuple[tuple, object]] = [((), item)]  # a stack, not recursion: JSON nests deeper than Python recurses
    while stack:
        loc, value = stack.pop()
        if isinstance(value, _Unreadable):
            problems.append((loc, value.message))
        elif isinstance(value, str) and _SURROGATE.search(value):
            problems.append((loc, f"the text {_NOT_UNICODE}"))
        elif isinstance(value, dict):
            problems += _key_problems(loc, value)
            stack += reversed([(loc + (key,), inner) for key, inner in value.items() if not _SURROGATE.search(key)])
        elif isinstance(value, list):
            stack += reversed([(loc + (index,), inner) for index, inner in enumerate(value)])
    return problems


def _key_problems(loc: tuple, value: dict) -> list[tuple[tuple, str]]:
    problems = [(loc, f"a key {_NOT_UNICODE}") for key in value if _SURROGATE.search(key)]
    for key in getattr(value, "repeated", ()):
        if not _SURROGATE.search(key):
            problems.append((loc + (key,), _DUPLICATE))
    return problems


def _shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…"


_NAME_FIELDS = {field.alias or name for name, field in Source.model_fields.items() if "Name" in str(field.annotation)}


def source_record(item: dict) -> tuple[dict, list[tuple[str, str]]]:
    """A source record from a CSL item, and the problems (key, message) that conversion found."""
    problems: list[tuple[str, str]] = []
    record: dict = {}
    for key, value in item.items():
        key = RENAMED.get(key, key)
        if key in LEFT_OUT or value in (None, "", []):
            continue
        if key == "id":
            value = _source_id(item)
            if value is None:
                problems.append(("id", f"{item.get('id')!r} cannot be made an id; expected text with letters or digits"))
                continue
        elif key in SOURCE_DATES:
            try:
                value = edtf_from_csl(value)
            except ValueError as problem:
                problems.append((key, str(problem)))
                continue
        elif key in _NAME_FIELDS and isinstance(value, list):
            value = [_name(n) for n in value]
        elif key == "language" and isinstance(value, str):
            value = language_tag(value)
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        record[key] = value
    return record, problems


def _source_id(item: dict) -> str | None:
    """The item's id as a slug: as it is if it is one, else made from its citation key or id."""
    for candidate in (item.get("id"), item.get("citation-key")):
        if isinstance(candidate, (str, int)) and not isinstance(candidate, bool):
            text = str(candidate)
            if re.match(SLUG, text):
                return text
    raw = str(item.get("citation-key") or item.get("id") or "")
    raw = raw.rstrip("/").rsplit("/", 1)[-1]  # http://zotero.org/users/1/items/ABCD1234 -> ABCD1234
    made = slug(raw, fallback="source") if raw.strip() else ""
    return made or None


def _name(value):
    if not isinstance(value, dict):
        return value
    name = {k: v for k, v in value.items() if k not in NAME_FLAGS}
    if value.get("isInstitution") and "literal" not in name and "family" in name:
        name = {"literal": name.pop("family")} | name
    return name


def edtf_from_csl(value) -> str:
    """A CSL date as EDTF: {"date-parts": [[2021, 10]]} -> 2021-10; two parts -> 2002/2003;
    "circa" -> 2003~; a "raw" or "literal" date, or a string, if it is EDTF already."""
    if isinstance(value, str):
        return _check_edtf(value)
    if not isinstance(value, dict):
        raise ValueError("expected a CSL date ({\"date-parts\": [[2021, 10, 5]]}) or an EDTF date")
    parts = value.get("date-parts")
    if parts:
        if not (isinstance(parts, list) and 1 <= len(parts) <= 2 and all(isinstance(p, list) and 1 <= len(p) <= 3 for p in parts)):
            raise ValueError("date-parts: expected one or two lists of year, month and day ([[2021, 10, 5]])")
        ends = [_date_from_parts(p, value.get("circa")) for p in parts]
        return _check_edtf("/".join(ends) if len(ends) == 2 and ends[0] != ends[1] else ends[0])
    for key in ("raw", "literal"):
        if isinstance(value.get(key), str):
            try:
                return _check_edtf(value[key].strip())
            except ValueError:
                raise ValueError(f"the date '{value[key]}' is not one the chronology can read; "
                                 "expected date-parts or an EDTF date such as 2021-10-05, 2021-10 or 2021") from None
    raise ValueError("has no date-parts; expected a CSL date ({\"date-parts\": [[2021, 10, 5]]})")


def _date_from_parts(parts: list, circa) -> str:
    try:
        numbers = [_whole_number(p) for p in parts]
    except (TypeError, ValueError):
        raise ValueError(f"date-parts: {_shortened(json.dumps(parts, ensure_ascii=False))} is not a list of whole numbers; expected [year, month, day] such as [2021, 10, 5]") from None
    year, *rest = numbers
    text = f"{year:04d}" + "".join(f"-{n:02d}" for n in rest)
    return text + ("~" if circa in (True, 1, "true") else "")


def _whole_number(part) -> int:
    """A part of a CSL date as a number: 2021, 2021.0 or "2021"; never 2021.5 or true (which int() would make 2021 and 1)."""
    if isinstance(part, bool) or not isinstance(part, (int, float, str)) or (isinstance(part, float) and not part.is_integer()):
        raise ValueError(part)
    return int(part)


@lru_cache(maxsize=1)
def _language_tags() -> dict[str, str]:
    from babel import Locale

    return {name.casefold(): code for code, name in Locale("en").languages.items()}


def language_tag(value: str) -> str:
    """A language as a BCP 47 tag: en-US stays, English becomes en; anything else is left for the check to report."""
    text = value.strip()
    if re.match(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$", text) and text.casefold() not in _language_tags():
        return text.replace("_", "-")
    return _language_tags().get(text.casefold(), text)
