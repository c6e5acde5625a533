"""The folder a build writes: checked before anything is touched, replaced whole and atomically.

A site folder carries a marker file; the build only ever replaces a folder that has it
(or an empty or new one). Staging folders sit beside the site folder (a rename needs the
same file system), carry the marker and their builder's process id, and are swept up by the
next build once that process is gone. Swaps happen under a lock on the parent folder, so two
builds into one folder both succeed and the last one wins whole.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import DataError, DataErrors

MARKER = ".chronology-site"
MARKER_TEXT = "This folder is a site built by the chronology's build; each build replaces it whole.\n"


# Folders of a project that hold its own files: a site folder may not go inside them.
PROJECT_FOLDERS = (".git", "docs", "overrides", "scripts", "tests", "schema", "node_modules", ".venv")


def hand_written(project: Path, *others: Path | None) -> list[Path]:
    """The folders a site folder must stay out of: the project's own, and `others` (the data, the
    documents quotes are checked against, what MkDocs reads)."""
    return [*(Path(other) for other in others if other), *(project / name for name in PROJECT_FOLDERS if (project / name).exists()),
            project / ".cache"]  # (the build's cache, there or not yet)


def mkdocs_inputs(config) -> list[Path]:
    """The folders MkDocs reads from: its docs and the theme's custom folder."""
    return [Path(folder) for folder in (config.docs_dir, config.theme.custom_dir) if folder]


SYSTEM_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))  # what is in them is not files


class UnsafeOutput(Exception):
    """A site folder the build refuses to write: a usage error, nothing touched."""


def check_site_dir(site_dir: Path, project: Path, hand_written: list[Path]) -> Path:
    """The resolved site folder, or UnsafeOutput saying why the build will not replace it.

    It may not be or contain the project folder or a hand-written one (data, docs), nor lie
    inside a hand-written one; an existing folder must be empty or a site this tool built.
    """
    if str(site_dir).strip() == "":
        raise UnsafeOutput("the site folder is empty text; expected a folder for the built site")
    site = Path(site_dir).resolve()
    for folder in [project, *hand_written]:
        folder = folder.resolve()
        if site == folder or folder.is_relative_to(site):
            raise UnsafeOutput(f"{site_dir} is or contains {folder}, which the build must never replace; choose another folder")
    for folder in hand_written:
        if site.is_relative_to(folder.resolve()):
            raise UnsafeOutput(f"{site_dir} is inside {folder}, which holds hand-written files; choose another folder")
    for system in SYSTEM_FOLDERS:
        if site.is_relative_to(system):
            raise UnsafeOutput(f"{site_dir} is inside {system}, a folder of the system; choose a folder of your own")
    try:
        nearest = next(folder for folder in (site, *site.parents) if folder.exists())
        if site.exists() and not site.is_dir():
            raise UnsafeOutput(f"{site_dir} is a file; expected a folder for the built site")
        if not nearest.is_dir():
            raise UnsafeOutput(f"{site_dir} is inside {nearest}, which is a file; expected a folder for the built site")
        if not os.access(nearest if nearest != site else site.parent, os.W_OK | os.X_OK):
            raise UnsafeOutput(f"{site_dir} cannot be written: this user may not write in {nearest if nearest != site else site.parent}; choose another folder")
    except OSError as error:
        raise UnsafeOutput(f"{site_dir} cannot be used ({error.strerror or error}); choose another folder") from None
    if site.is_dir() and not (site / MARKER).is_file() and any(site.iterdir()):
        raise UnsafeOutput(
            f"{site_dir} is a folder this tool did not build (it has no {MARKER} file); "
            "choose a new or empty folder, or remove it yourself")
    return site


def clashes(generated: list[str], docs_dir: Path) -> list[str]:
    """The hand-written files in docs/ that a generated page would take the place of (the same path,
    or the HTML a generated page becomes), named as docs/<path> (each has the problem CLASH)."""
    written = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()} if docs_dir.is_dir() else set()
    found = []
    for uri in generated:
        for path in dict.fromkeys([uri, uri.removesuffix(".md") + ".html"]):
            if path in written:
                found.append(f"{docs_dir.name}/{path}")
    return found


CLASH = "has the path of a file the build writes; rename or remove it"


def refuse_clashes(generated: list[str], docs_dir: Path) -> None:
    """DataErrors naming each hand-written file a generated page would take the place of."""
    if clashing := clashes(generated, docs_dir):
        raise DataErrors([DataError(path, 1, "", CLASH) for path in clashing])


def write_file(path: Path, content: str | bytes) -> None:
    """One file of the site (text as UTF-8), its folder made if need be: written beside it, then put
    in its place, so that a server never sends it half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with written_in_place(path) as writing:
        writing.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", errors="xmlcharrefreplace"))


@contextmanager
def written_in_place(path: Path):
    """A path beside `path` to write to; once written, it takes the place of `path` (at once)."""
    writing = path.with_name(f".{path.name}.{os.getpid()}.writing")
    try:
        yield writing
        os.replace(writing, path)
    finally:
        writing.unlink(missing_ok=True)


def new_staging(site: Path) -> Path:
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.build-{os.getpid()}-", dir=site.parent))
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return staging


def replace_site(staging: Path, site: Path) -> None:
    """Put a finished staging folder in the place of the site folder."""
    staging.chmod(0o755)
    with _locked(site.parent):
        _sweep_abandoned(site)
        if site.is_dir() and not (site / MARKER).is_file() and any(site.iterdir()):
            raise UnsafeOutput(f"{site} was replaced by a folder this tool did not build; the new site is left in {staging}")
        old = None
        if site.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-{os.getpid()}-", dir=site.parent))
            site.rename(old / "site")
        staging.rename(site)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    if (staging / MARKER).is_file():
        shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def _locked(folder: Path):
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _sweep_abandoned(site: Path) -> None:
    """Remove staging and old folders of builds whose process is gone (killed, say)."""
    pattern = re.compile(rf"\.{re.escape(site.name)}\.(?:build|old)-(\d+)-")
    for path in site.parent.iterdir():
        match = pattern.match(path.name)
        if match and path.is_dir() and not _alive(int(match[1])):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
