"""`chronology import FILE…`: events from a spreadsheet (CSV) and sources from a reference manager
(CSL-JSON) written into the data folder as data files.

All or nothing: every row and item is checked as `chronology check` would check it, together with
the data already there (in a copy of the folder), and only when nothing is wrong are the new files
written. A problem is reported as `file:row: column: what is wrong` (for JSON, `file:line: key:`),
all at once. No file that exists is ever replaced.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from ..dates import DateError, id_prefix
from ..errors import DataError, DataErrors
from ..identity import slug
from ..load import _explain, load
from ..model import SLUG, Event, Source
from .common import Imported
from .csl import read_sources
from .spreadsheet import read_events

READERS = {".csv": (read_events, Event), ".json": (read_sources, Source)}


def import_files(paths: list[Path], data_dir: Path, documents: Path | None = None, notes: list[str] | None = None) -> list[Path]:
    """Write the records of `paths` into `data_dir`; the files written. DataErrors if anything
    is wrong (then nothing is written); ValueError for a file of a kind it cannot read. `notes`
    gets what the reader should know of what was written (an id made from a Zotero address, say)."""
    notes = [] if notes is None else notes
    data_dir = Path(data_dir)
    errors: list[DataError] = []
    planned: dict[str, tuple[Imported, str]] = {}  # path inside the data folder -> (record, file text)
    invalid: dict[str, tuple[Imported, str]] = {}  # records with errors of their own, checked along (no knock-on errors)
    for path in paths:
        reader, cls = _reader(Path(path))
        for imported in reader(Path(path), str(path), errors, notes):
            target, valid = _plan(imported, cls, errors)
            if target is None:
                continue
            if target in planned or target in invalid:
                first = (planned.get(target) or invalid[target])[0]
                errors.append(imported.error(("id",), f"'{Path(target).stem}' is also the id of {first.file}:{first.line}; expected each id once"))
            elif (data_dir / target).exists() or (data_dir / target).is_symlink():
                errors.append(imported.error(("id",), f"{data_dir.name}/{target} exists already; an import never replaces a file "
                                                      "(edit that file, or give this one another id)"))
            else:
                (planned if valid else invalid)[target] = (imported, _yaml(imported.record, cls))
    errors += _check_with_the_data(planned | invalid, data_dir, documents)
    if errors:
        raise DataErrors(errors)
    return _write(planned, data_dir)


def _reader(path: Path):
    try:
        return READERS[path.suffix.lower()]
    except KeyError:
        raise ValueError(f"{path}: expected a spreadsheet of events (.csv) or sources as CSL-JSON (.json)") from None


def _plan(imported: Imported, cls: type[BaseModel], errors: list[DataError]) -> tuple[str | None, bool]:
    """Where the record goes in the data folder, and whether it is valid on its own (its errors
    go to `errors`); no place for a record without a usable id."""
    record = imported.record
    if cls is Event and "id" not in record and isinstance(record.get("date"), str) and isinstance(record.get("title"), str):
        try:
            record["id"] = f"{id_prefix(record['date'])}-{slug(record['title'], fallback='event')}"
        except DateError:
            pass  # the date's own error is reported below
    valid = True
    try:
        cls.model_validate(record)
    except ValidationError as problem:
        valid = False
        for found in problem.errors(include_url=False):
            loc = tuple(found["loc"])
            errors.append(imported.error(loc, _explain(found, cls, loc)))
    except UnicodeEncodeError:
        errors.append(imported.error((), "contains a character that is not valid Unicode (a lone surrogate); expected printable text"))
        return None, False
    record_id = record.get("id")
    if not (isinstance(record_id, str) and re.match(SLUG, record_id)):
        return None, False
    return (f"events/{record_id[:4]}/{record_id}.yml" if cls is Event else f"sources/{record_id}.yml"), valid


def _yaml(record: dict, cls: type[BaseModel]) -> str:
    """The record as a data file, its keys in the order of the model's fields."""
    order = [field.alias or name for name, field in cls.model_fields.items()]
    ordered = {key: record[key] for key in order if key in record} | record
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter where PyYAML has it: the same text, faster
    return yaml.dump(ordered, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def _check_with_the_data(planned: dict[str, tuple[Imported, str]], data_dir: Path, documents: Path | None) -> list[DataError]:
    """Errors `chronology check` would report with the new files in place, each reported at the
    row or line it came from."""
    with tempfile.TemporaryDirectory(prefix="chronology-import-") as folder:
        staged = Path(folder) / data_dir.name
        shutil.copytree(data_dir, staged, symlinks=True)
        for target, (_, text) in planned.items():
            (staged / target).parent.mkdir(parents=True, exist_ok=True)
            (staged / target).write_text(text, encoding="utf-8")
        try:
            load(staged, documents)
        except DataErrors as found:
            return _at_their_origin(found.errors, planned, data_dir)
    return []


def _at_their_origin(errors: list[DataError], planned: dict[str, tuple[Imported, str]], data_dir: Path) -> list[DataError]:
    origin = {f"{data_dir.name}/{target}": imported for target, (imported, _) in planned.items()}
    no_events = not any(target.startswith("events/") for target in planned)
    placed = []
    for error in errors:
        if error.file in origin:
            placed.append(origin[error.file].error(_path(error.field), error.message))
        elif not (no_events and error.file == f"{data_dir.name}/events" and "no event files" in error.message):
            placed.append(error)  # a problem of the data already there (or of events yet to come)
    return placed


def _path(dotted: str) -> tuple:
    """sources[0].quote -> ("sources", 0, "quote")."""
    loc: list = []
    for part in dotted.replace("[", ".[").split("."):
        if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
            loc.append(int(part[1:-1]))
        elif part:
            loc.append(part)
    return tuple(loc)


def _write(planned: dict[str, tuple[Imported, str]], data_dir: Path) -> list[Path]:
    written = []
    for target, (_, text) in sorted(planned.items()):
        path = data_dir / target
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as file:  # "x": never over a file made meanwhile
            file.write(text)
        written.append(path)
    return written
