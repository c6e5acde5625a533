"""Load a data folder into a `Chronology`, collecting every error of the run.

Layout of a data folder:

    events/<year>/<event id>.yml   one event per file (year = first 4 characters of the id)
    sources/<source id>.yml        one CSL source per file
    themes.yml periods.yml actors.yml places.yml indicators.yml   lists of records
"""

from __future__ import annotations

import difflib
import os
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .cache import Store, digest
from .cores import on_both_cores
from .errors import DataError, DataErrors, dotted
from .model import MAX_VALUE, REGISTRIES, Chronology, Event, Record, Source, citations_in, listed
from .indexes import RESERVED_ANCHORS
from .story import STORY_FILE, read_story
from .order import check_order
from .quotes import check_quotes
from .yamlfile import YamlDocument, read_bytes, read_yaml


class Lines:
    """Where each value of a data file stands: read (with line marks) only when a message needs it."""

    def __init__(self, path: Path, shown_as: str, doc: YamlDocument | None = None):
        self.path, self.shown_as = path, shown_as
        self._doc = doc if doc is not None and doc.lines else None

    def line_of(self, loc: tuple) -> int:
        if self._doc is None:
            try:
                self._doc = read_yaml(self.path, self.shown_as)
            except DataError:  # changed since it was read: the message keeps its place at the top
                return 1
        return self._doc.line_of(loc)


@dataclass
class Located:
    """A validated record and where it was read from, for cross-reference errors."""

    record: Record
    doc: Lines | YamlDocument
    shown_as: str
    loc: tuple  # where the record stands inside the document
    digest: str = ""  # of a file that holds this record alone: the file's key in the cache, which its bytes make

    def error(self, field_loc: tuple, message: str) -> DataError:
        full = self.loc + field_loc
        return DataError(self.shown_as, self.doc.line_of(full), dotted(field_loc), message)


class Reading:
    """The data folder's files as one load listed them, for the next load in the same process (under
    serve), and the paths a file watcher reported changed since (`saw` is its handler): the next
    load lists the folder again only if one of those paths is not a file it knew. Each file is
    still looked at: one whose signature (_signature) is unchanged is not read again, reported or
    not, so a change the watcher missed is seen all the same. And the last pass of the cross-checks,
    kept in the cache (`kept`) for the next process too, so that a load checks again only the
    references of what it read anew while the ids stay the same."""

    PASSED = "passed"  # the entry under which `kept` holds the last pass of the cross-checks

    def __init__(self, kept: Store | None = None) -> None:
        self.files: dict[str, list[Path]] | None = None
        self.kept = kept  # the cache's store in which the last pass outlives the process, if any
        self._checked: _Checked | None = None
        self._changed: set[str] = set()
        self._lock = threading.Lock()

    @property
    def checked(self) -> _Checked | None:
        """The records of the last load that passed the cross-checks (this process's, or the cache's)."""
        if self._checked is None and self.kept is not None:
            self._checked = _Checked.kept(self.kept.get(self.PASSED))
        return self._checked

    @checked.setter
    def checked(self, checked: _Checked) -> None:
        if self.kept is not None and (self._checked is None or self._checked.digests != checked.digests):
            self.kept.put(self.PASSED, checked.digests)
        self._checked = checked

    def saw(self, event) -> None:
        with self._lock:
            self._changed |= {path for path in (event.src_path, getattr(event, "dest_path", "")) if path}

    def known_files(self) -> dict[str, list[Path]] | None:
        """The folder's files as last listed, if what was reported changed since are files among them still."""
        with self._lock:
            changed, self._changed = self._changed, set()
        if self.files is None:
            return None
        known = {str(path) for paths in self.files.values() for path in paths}
        still = all(path in known and os.path.isfile(path) and not os.path.islink(path) for path in changed)
        return self.files if still else None


def load(data_dir: Path, documents: Path | None = None, cache: Store | None = None, reading: Reading | None = None) -> Chronology:
    """Read and check every file; raise DataErrors listing all problems at once.

    With `documents` (a folder holding the sources' documents, named in each source's
    `custom.document`), every quote is also looked up in the text of its document. With `cache`
    (the cache's store of records), a file whose bytes validated before is not read again as YAML.
    With `reading` (kept from the last load, with the changes seen since), the folder is listed
    again only when its files may have changed.
    """
    data_dir = Path(data_dir)
    cache = cache if cache is not None else Store(None, "")
    if not data_dir.is_dir():
        raise DataErrors([DataError(str(data_dir), 1, "", "data folder not found")])
    errors: list[DataError] = []
    files = reading.known_files() if reading is not None else None
    if files is None:
        files = _data_files(data_dir, errors)
        if reading is not None:
            reading.files = None if errors else files
    invalid: set[str] = set()  # ids of records that exist but failed validation: no knock-on errors
    events = _read_records(files["events"], data_dir, Event, errors, invalid, cache, nested=True)
    sources = _read_records(files["sources"], data_dir, Source, errors, invalid, cache, nested=False)
    registries = {
        name: _read_registry(data_dir, name, cls, errors, invalid, files["folders"], cache) for name, cls in REGISTRIES.items()
    }
    unread = {name.removesuffix(".yml") for name, items in registries.items() if items is None}  # each reported once
    registries = {name: items or [] for name, items in registries.items()}
    if not events and not any(e.file.startswith(_relative(data_dir / "events", data_dir)) for e in errors):
        errors.append(DataError(_relative(data_dir / "events", data_dir), 1, "", "no event files found; expected events/<year>/<id>.yml"))
    tables = {"events": events, "sources": sources} | {
        name.removesuffix(".yml"): items for name, items in registries.items()
    }
    unique = {kind: _unique(items, errors) for kind, items in tables.items()}
    checked = reading.checked if reading is not None and reading.checked is not None and reading.checked.same_ids(unique) else None
    errors += _check_references(unique, invalid | unread, checked)
    errors += _check_chains(unique["places"], lambda place: place.country, ("country",), "country", "a place cannot lie in itself")
    errors += _check_chains(unique["sources"], lambda source: source.custom.cited_by, ("custom", "cited-by"), "cited-by",
                            "a source cannot be known through itself")
    errors += _check_anchors(unique)
    errors += _check_former_ids(events, unique["events"])
    errors += check_order(unique["events"])
    story = None
    for path in files["story"]:
        ids = {former: key for key, item in unique["events"].items() for former in (key, *item.record.former_ids)}
        ids |= {key: "" for key in invalid if key not in ids}  # reported already: no second error
        story, problems = read_story(path, _relative(path, data_dir), ids)
        errors += problems
    if documents is not None and not errors:
        errors += check_quotes(tables, unique["sources"], Path(documents))
    if errors:
        raise DataErrors(errors)
    if reading is not None:
        reading.checked = _Checked.of(unique)
    return Chronology(
        events=[item.record for item in unique["events"].values()],
        **{kind: {k: v.record for k, v in items.items()} for kind, items in unique.items() if kind != "events"},
        story=story,
        digests={f"{kind[:-1]}/{key}": item.digest for kind in ("events", "sources") for key, item in unique[kind].items()},
    )


def _relative(path: Path, data_dir: Path) -> str:
    base, full = str(data_dir), str(path)
    if full.startswith(base + os.sep):  # the usual case, without pathlib's cost (13,000 times at 10,000 events)
        return data_dir.name + full[len(base):]
    return str(Path(data_dir.name) / path.relative_to(data_dir))


def _data_files(data_dir: Path, errors: list) -> dict[str, list[Path]]:
    """One walk over the data folder: event and source files, and every problem with its layout.

    Hidden files and folders (a name starting with '.') are ignored everywhere; symbolic links are
    errors, since a link could publish a file from outside the data folder.
    """
    found: dict[str, list[Path]] = {"events": [], "sources": [], "folders": [], "story": []}  # folders: not files, reported
    stack = [data_dir]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            errors.append(DataError(_relative(folder, data_dir) if folder != data_dir else str(data_dir), 1, "",
                                    f"cannot be read ({error.strerror or error}); expected a readable folder"))
            continue
        for entry in entries:
            path = Path(entry.path)
            parts = entry.path[len(str(data_dir)) + 1:].split(os.sep) if entry.path.startswith(str(data_dir) + os.sep) else path.relative_to(data_dir).parts
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                errors.append(DataError(_relative(path, data_dir), 1, "", "is a symbolic link; expected a file or folder inside the data folder"))
            elif not entry.is_dir(follow_symlinks=False) and not entry.is_file(follow_symlinks=False):
                found["folders"].append(path)  # so a registry of that name is not also "missing"
                errors.append(DataError(_relative(path, data_dir), 1, "", "is not a regular file (a pipe, socket or device); expected a YAML file"))
            elif entry.is_dir():
                if path.suffix == ".yml":
                    found["folders"].append(path)
                    errors.append(DataError(_relative(path, data_dir), 1, "", f"is a folder; expected a {_kind_of(path, data_dir)} file"))
                stack.append(path)
            elif len(parts) == 3 and parts[0] == "events" and path.suffix == ".yml":
                found["events"].append(path)
            elif len(parts) == 2 and parts[0] == "sources" and path.suffix == ".yml":
                found["sources"].append(path)
            elif len(parts) == 1 and parts[0] == STORY_FILE:
                found["story"] = [path]
            elif not (len(parts) == 1 and parts[0] in REGISTRIES):
                errors.append(DataError(
                    _relative(path, data_dir), 1, "",
                    "file outside the expected layout; expected events/<year>/<id>.yml, "
                    f"sources/<id>.yml, {STORY_FILE} or one of {', '.join(sorted(REGISTRIES))}",
                ))
    return {kind: sorted(paths, key=_parts) for kind, paths in found.items()}


def _parts(path: Path) -> tuple[str, ...]:
    """A path's sorting key: the order of paths themselves, without their comparisons' cost."""
    return path.parts


def _read_records(paths: list[Path], data_dir: Path, cls: type[Record], errors: list, invalid: set, cache: Store,
                  nested: bool) -> list[Located]:
    found: list[Located] = []
    shown = [_relative(path, data_dir) for path in paths]
    parsed = _parsed_files(paths, shown, cls, errors, cache)
    for path, shown_as, items in zip(paths, shown, parsed):
        folder, name = os.path.split(str(path))  # (pathlib's parts cost more than the rest, 13,000 times at 10,000 events)
        stem = name.removesuffix(".yml")  # the walk found only .yml files
        invalid.add(stem)
        if items is None:
            continue
        items = _located(path, shown_as, items, errors, invalid, cache)
        if not items:
            continue
        located = items[0]
        record = located.record
        if record.id != stem:
            errors.append(located.error(("id",), f"id '{record.id}' differs from the file name; expected the file to be named {record.id}.yml"))
            continue
        if nested and (year := os.path.basename(folder)) != record.id[:4]:
            errors.append(located.error(("id",), f"file is in folder '{year}'; expected it in events/{record.id[:4]}/"))
        invalid.discard(stem)
        found.append(located)
    return found


def _parsed_files(paths: list[Path], shown: list[str], cls: type[Record], errors: list, cache: Store) -> list:
    """For each file: None (unreadable: its error is in `errors`), the cache's entry (key, items),
    or what parsing it found (key, items, problems, invalid ids, its document). A file whose
    signature (_signature) is what it was when it was last read is not read again; files not in
    the cache are parsed on every core when there are many."""
    results: list = []
    todo: list[int] = []
    for index, (path, shown_as) in enumerate(zip(paths, shown)):
        signature = _signature(path)
        key = _remembered_key(path, signature, cache)
        if key is not None and (cached := cache.get(key)) is not None:  # not changed since it was read
            results.append((key, cached))
            continue
        try:
            raw = read_bytes(path, shown_as)
        except DataError as error:
            errors.append(error)
            results.append(None)
            continue
        key = digest(cache.version, cls.__name__, "one", raw)
        _remember_key(path, signature, key, cache)
        cached = cache.get(key)
        results.append((key, cached) if cached is not None else (key, raw))
        if cached is None:
            todo.append(index)
    jobs = [(paths[i], shown[i], cls, results[i][1]) for i in todo]
    with closing(on_both_cores(_parse_job, jobs)) as outcomes:
        for index, outcome in zip(todo, outcomes, strict=True):
            results[index] = (results[index][0], *outcome)
    return results


SETTLED_NS = 1_000_000_000  # a file's times and size are trusted once they are this much older than its reading


def _signature(path: Path) -> tuple | None:
    """What changes whenever a file's bytes do: its size, times of change (which only the system
    clock sets) and inode."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev


def _remembered_key(path: Path, signature: tuple | None, cache: Store) -> str | None:
    """The key of a file's bytes when it was last read, if its signature is the same now."""
    found = cache.get(_file_key(str(path))) if signature is not None else None
    return found[1] if found is not None and found[0] == signature else None


def _file_key(path: str) -> str:
    """Where a file's signature and key are kept (the store holds one code version's entries only)."""
    return f"file {path}"


def _remember_key(path: Path, signature: tuple | None, key: str, cache: Store) -> None:
    """Remember a file's key by its signature, unless it changed so lately that a change to come
    could carry the same times (the clock's steps are coarser than its nanoseconds)."""
    if signature is not None and time.time_ns() - max(signature[1], signature[2]) > SETTLED_NS:
        cache.put(_file_key(str(path)), (signature, key))


def _parse_job(*job):
    outcome = _parse_one(*job)
    return outcome[:3] + (None,)  # the document stays behind: its lines are read again if a message needs them


def _parse_one(path: Path, shown_as: str, cls: type[Record], raw: bytes, many: bool = False) -> tuple:
    """(items, problems, invalid ids, document) of one file's bytes, parsed and validated."""
    problems: list[DataError] = []
    invalid: set = set()
    doc = _read(path, shown_as, problems, marks=False, raw=raw)
    items = [] if doc is None else _validated(cls, doc, many, shown_as, problems, set())
    if problems and doc is not None:  # again, with the lines the messages need
        problems = []
        doc = _read(path, shown_as, problems, marks=True, raw=raw)
        items = [] if doc is None else _validated(cls, doc, many, shown_as, problems, invalid)
    return items, problems, invalid, doc


def _located(path: Path, shown_as: str, parsed: tuple, errors: list, invalid: set, cache: Store) -> list[Located]:
    """The records of a file as located records; a new file's problems (and repeats) go into `errors`,
    and a file without any goes into the cache."""
    if len(parsed) == 2:  # from the cache
        key, items = parsed
        return [Located(record, Lines(path, shown_as), shown_as, loc, _alone(key, items)) for loc, record in items]
    key, items, problems, new_invalid, doc = parsed
    invalid |= new_invalid
    lines = Lines(path, shown_as, doc)
    located = [Located(record, lines, shown_as, loc, _alone(key, items)) for loc, record in items]
    for item in located:
        problems += _check_repeats(item)
    errors += problems
    if not problems:
        cache.put(key, items)
    return located


def _alone(key: str, items: list) -> str:
    """A record's digest, when it is its file's only record: then the file's key stands for it."""
    return key if len(items) == 1 and items[0][0] == () else ""


def _read_registry(data_dir: Path, name: str, cls: type[Record], errors: list, invalid: set, folders: list[Path],
                   cache: Store) -> list[Located] | None:
    """The valid records of a registry file; None when none could be read and the file is reported
    (missing, unreadable, not a list), so that each reference to it is not reported as well."""
    path = data_dir / name
    shown_as = _relative(path, data_dir)
    if path in folders or path.is_symlink():  # reported by the walk
        return None
    if not path.is_file():
        errors.append(DataError(shown_as, 1, "", f"file missing; expected a list of {cls.__name__.lower()} records"))
        return None
    found = _file_records(path, shown_as, cls, True, errors, invalid, cache)
    return None if not found and any(error.file == shown_as for error in errors) else found


def _file_records(path: Path, shown_as: str, cls: type[Record], many: bool, errors: list, invalid: set,
                  cache: Store) -> list[Located]:
    """The valid records of one file (one record, or a list of them if `many`). A file whose bytes
    validated before comes from the cache; a new one is parsed without line marks, and only if it
    fails, parsed again with them for the messages."""
    try:
        raw = read_bytes(path, shown_as)
    except DataError as error:
        errors.append(error)
        return []
    key = digest(cache.version, cls.__name__, "many" if many else "one", raw)
    cached = cache.get(key)
    if cached is not None:
        return _located(path, shown_as, (key, cached), errors, invalid, cache)
    return _located(path, shown_as, (key, *_parse_one(path, shown_as, cls, raw, many)), errors, invalid, cache)


def _validated(cls: type[Record], doc: YamlDocument, many: bool, shown_as: str, errors: list, invalid: set) -> list[tuple]:
    """(place in the file, record) of each valid record of a parsed file; the others' problems go in `errors`."""
    if not many:
        record = _validate(cls, doc.value, doc, (), shown_as, errors)
        return [] if record is None else [((), record)]
    if not isinstance(doc.value, list):
        empty = "file is empty; " if doc.value is None else ""
        errors.append(DataError(shown_as, 1, "", f"{empty}expected a list of {cls.__name__.lower()} records ('- id: …')"))
        return []
    found = []
    for index, item in enumerate(doc.value):
        record = _validate(cls, item, doc, (index,), shown_as, errors)
        if record is not None:
            found.append(((index,), record))
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            invalid.add(item["id"])
    return found


def _read(path: Path, shown_as: str, errors: list, marks: bool = True, raw: bytes | None = None) -> YamlDocument | None:
    try:
        return read_yaml(path, shown_as, marks=marks, raw=raw)
    except DataError as error:
        errors.append(error)
        return None


def _validate(cls: type[Record], value, doc: YamlDocument, loc: tuple, shown_as: str, errors: list):
    if not isinstance(value, dict):
        empty = "file is empty; " if value is None and not loc else ""
        errors.append(DataError(shown_as, doc.line_of(loc), "", f"{empty}expected a mapping of {cls.__name__.lower()} fields ('key: value')"))
        return None
    try:
        return cls.model_validate(value)
    except UnicodeEncodeError:  # a lone surrogate somewhere no field check reached
        errors.append(DataError(shown_as, doc.line_of(loc), "", "contains a character that is not valid Unicode (a lone surrogate); expected printable text"))
        return None
    except ValidationError as error:
        for problem in error.errors(include_url=False):
            field_loc = tuple(problem["loc"])
            errors.append(DataError(
                shown_as, doc.line_of(loc + field_loc), dotted(field_loc),
                _explain(problem, cls, field_loc),
            ))
        return None


def _explain(problem: dict, cls: type[BaseModel], field_loc: tuple) -> str:
    kind, message = problem["type"], problem["msg"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(cls, field_loc[:-1])
        guess = difflib.get_close_matches(str(field_loc[-1]), allowed, n=1)
        hint = f"did you mean '{guess[0]}'? " if guess else ""
        return f"unknown key; {hint}expected one of: {', '.join(allowed)}"
    if kind == "missing":
        return "required field is missing"
    if kind == "string_type" and problem["input"] is None:
        return "must not be empty; expected text"
    if kind in ("float_type", "int_type") and isinstance(problem["input"], bool):
        return f"expected a number; YAML read this value as {str(problem['input']).lower()}"
    if kind.endswith("_type") and isinstance(problem["input"], bool) and field_loc and field_loc[-1] != "context":
        expected = _PATTERN_HINTS.get(field_loc[-1], "expected text")
        return f"{expected}; YAML read this value as {str(problem['input']).lower()} (yes/no/on/off/true/false), so put it in quotes"
    if kind == "too_short":
        return f"is empty; expected at least {problem['ctx']['min_length']} entr{'y' if problem['ctx']['min_length'] == 1 else 'ies'}"
    if kind in ("float_type", "int_type") and isinstance(problem["input"], str):
        example = "a whole number such as 2014" if kind == "int_type" else "a number such as 336.7 (with an exponent: 1.5e+3)"
        return f"YAML read {problem['input']!r} as text; expected {example}, without quotes"
    if kind == "string_too_long":
        return f"is {len(problem['input']):,} characters long; expected at most {problem['ctx']['max_length']:,}"
    if kind == "finite_number":
        return "expected a finite number"
    if kind in ("less_than_equal", "greater_than_equal") and isinstance(problem["input"], float):
        return f"{problem['input']:g} is out of range; expected a number from {-MAX_VALUE:,.0f} to {MAX_VALUE:,.0f}"
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        return _PATTERN_HINTS.get(field_loc[-1] if field_loc else "", _PATTERN_HINTS["id"])
    return f"{message[0].lower()}{message[1:]}"


_PATTERN_HINTS = {
    "URL": "expected an http:// or https:// address",
    "language": "expected a language tag such as en, ru or kk",
    "document": "expected a file name in the seeds folder",
    "id": "expected a lowercase slug (a-z, 0-9, single hyphens), e.g. 1992-02-12-diplomatic-relations",
}


def _allowed_keys(cls: type[BaseModel], parent: tuple) -> list[str]:
    """The keys a mapping at `parent` inside a `cls` record may have."""
    for part in parent:
        if isinstance(part, int):
            continue
        info = cls.model_fields.get(part) or next(
            (f for f in cls.model_fields.values() if f.alias == part), None)
        inner = _record_class(info.annotation) if info else None
        if inner is None:
            return []
        cls = inner
    return [f.alias or name for name, f in cls.model_fields.items()]


def _record_class(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _record_class(arg)
        if found:
            return found
    return None


def _unique(items: list[Located], errors: list) -> dict[str, Located]:
    seen: dict[str, Located] = {}
    for item in items:
        first = seen.get(item.record.id)
        if first:
            errors.append(item.error(("id",), f"duplicate id '{item.record.id}', also in {first.shown_as}:{first.doc.line_of(first.loc + ('id',))}; ids must be unique"))
        else:
            seen[item.record.id] = item
    return seen


# Which fields refer to which table: (record kind, path of the field) -> table.
_REFERENCES = {
    "events": {"themes": "themes", "actors": "actors", "places": "places", "related": "events", "after": "events"},
    "places": {"country": "places"},
}


class _Checked:
    """The ids each table held in a load that passed every check, with the digests of the records
    that have one (each alone in its file): a record of the same digest, among tables of the same
    ids, refers to ids that exist."""

    def __init__(self, digests: dict[str, dict[str, str]]):
        self.digests = digests

    @classmethod
    def of(cls, tables: dict[str, dict[str, Located]]) -> "_Checked":
        return cls({kind: {key: item.digest for key, item in items.items()} for kind, items in tables.items()})

    @classmethod
    def kept(cls, found) -> "_Checked | None":
        """The pass the cache kept, if it has the shape one has (else the cache's file is not its own)."""
        if not (isinstance(found, dict) and all(isinstance(items, dict) for items in found.values())):
            return None
        if not all(isinstance(digest, str) for items in found.values() for digest in items.values()):
            return None
        return cls(found)

    def same_ids(self, tables: dict[str, dict[str, Located]]) -> bool:
        return self.digests.keys() == tables.keys() and all(self.digests[kind].keys() == items.keys() for kind, items in tables.items())

    def passed(self, kind: str, item: Located) -> bool:
        return item.digest != "" and self.digests[kind].get(item.record.id) == item.digest


def _check_references(tables: dict[str, dict[str, Located]], invalid: set, checked: _Checked | None = None) -> list[DataError]:
    """Every id a record refers to is a record's; with `checked` (a load of the same ids that
    passed), only the records read anew are looked at."""
    errors = []
    suggest = _Suggestions()
    for kind, items in tables.items():
        for item in items.values():
            if checked is not None and not invalid and checked.passed(kind, item):
                continue
            for field, target in _REFERENCES.get(kind, {}).items():
                errors += _check_ids(item, (field,), getattr(item.record, field), tables[target], target, invalid, suggest)
            for loc, citation in citations_in(item.record):
                errors += _check_ids(item, loc + ("source",), citation.source, tables["sources"], "sources", invalid, suggest)
            if kind == "sources" and item.record.custom.cited_by:
                errors += _check_ids(item, ("custom", "cited-by"), item.record.custom.cited_by, tables["sources"], "sources", invalid, suggest)
            if kind == "events" and item.record.id in item.record.related:
                errors.append(item.error(("related", item.record.related.index(item.record.id)), "an event cannot be related to itself"))
    return errors


def _check_ids(item: Located, loc: tuple, value, table: dict, table_name: str, invalid: set, suggest) -> list[DataError]:
    if value is None or table_name in invalid:  # a table that could not be read is reported, not each reference to it
        return []
    values = value if isinstance(value, list) else [value]
    unknown = [(index, ref) for index, ref in enumerate(values) if ref not in table and ref not in invalid]
    errors = []
    for index, ref in unknown[:PER_LIST]:
        guess = suggest(ref, table)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        where = loc + (index,) if isinstance(value, list) else loc
        errors.append(item.error(where, f"'{ref}' is not an id in {table_name}{hint}"))
    if len(unknown) > PER_LIST:
        errors.append(item.error(loc, f"and {len(unknown) - PER_LIST:,} more ids not in {table_name}; expected ids from {table_name}"))
    return errors


PER_LIST = 20  # problems reported one by one in a list; the rest are counted


def _check_chains(items: dict[str, Located], following, loc: tuple, field: str, to_itself: str) -> list[DataError]:
    """A reference from record to record (a place's country, a source's cited-by) must end, not lead
    back: each circle is reported once, at its first id."""
    errors = []
    for start, item in items.items():
        chain, current = [start], following(item.record)
        while current in items and current not in chain:
            chain.append(current)
            current = following(items[current].record)
        if current != start or min(chain) != start:
            continue
        if len(chain) == 1:
            errors.append(item.error(loc, f"{to_itself}; expected the id of another record"))
        else:
            circle = " → ".join([*chain, start])
            errors.append(item.error(loc, f"'{field}' goes round in a circle ({circle}); expected a chain that ends"))
    return errors


def _check_anchors(tables: dict[str, dict[str, Located]]) -> list[DataError]:
    """Ids are the anchors of their entries on the index pages: none may be one of a page's own headings."""
    errors = []
    for kind, anchors in RESERVED_ANCHORS.items():
        for key in sorted(anchors & set(tables[kind])):
            errors.append(tables[kind][key].error(("id",), f"'{key}' is the anchor of a heading of the {kind} page; expected another id"))
    return errors


class _Suggestions:
    """'Did you mean' for the first few unknown ids only: each costs a pass over the table."""

    def __init__(self, limit: int = 25):
        self.left = limit

    def __call__(self, ref: str, table: dict) -> list[str]:
        self.left -= 1
        return difflib.get_close_matches(ref, list(table), n=1) if self.left >= 0 else []


def _check_former_ids(events: list[Located], current: dict[str, Located]) -> list[DataError]:
    errors, claimed = [], {}
    for item in events:
        for index, old in enumerate(item.record.former_ids):
            if old in current:
                errors.append(item.error(("former_ids", index), f"'{old}' is the id of a current event; a former id must be retired"))
            elif old in claimed:
                errors.append(item.error(("former_ids", index), f"'{old}' is also a former id of {claimed[old]}"))
            claimed.setdefault(old, item.record.id)
    return errors


_UNIQUE_LISTS = ("themes", "actors", "places", "related", "after", "former_ids", "names", "former_names", "variants")


def _check_repeats(item: Located) -> list[DataError]:
    """The same id twice in one list, or one indicator year given twice."""
    errors = []
    for field in _UNIQUE_LISTS:
        values = listed(item.record, field)
        if len(set(values)) == len(values):  # (the usual case, at once)
            continue
        seen: set = set()
        repeats = []
        for index, value in enumerate(values):
            if value in seen:
                repeats.append((index, value))
            seen.add(value)
        errors += [item.error((field, index), f"'{value}' is listed twice") for index, value in repeats[:PER_LIST]]
        if len(repeats) > PER_LIST:
            errors.append(item.error((field,), f"and {len(repeats) - PER_LIST:,} more repeated entries; expected each once"))
    seen_years: set[int] = set()
    for index, value in enumerate(listed(item.record, "values")):
        if value.year in seen_years:
            errors.append(item.error(("values", index, "year"), f"{value.year} is given twice"))
        seen_years.add(value.year)
    return errors


def _kind_of(path: Path, data_dir: Path) -> str:
    top = path.relative_to(data_dir).parts[0]
    return {"events": "event", "sources": "source"}.get(top, "data")
