"""When each data file last changed, from version control, for the dates the exports carry.

The rule: a file's revision time is the time of the last commit that changed it (the committer
date), so every build of the same commit gives the same times, whatever the clock says. Edits not
yet committed do not move it: a file keeps the time of its last commit. A file git does not know
(a new file not yet committed, a data folder outside a repository, no git at all) takes the
fallback time: SOURCE_DATE_EPOCH when it is set, else 1 January 1980. Never the clock.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .model import Chronology

GIT_TIMEOUT = 60  # seconds; git answers in well under one for a data folder
FALLBACK_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip file can hold


def iso_time(epoch: int) -> str:
    """Seconds since 1970 as an RFC 3339 time in UTC: 2024-05-01T12:00:00Z."""
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def fallback_time() -> str:
    """The time of anything git cannot date: SOURCE_DATE_EPOCH when set (and valid), else 1980-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return iso_time(int(epoch) if epoch.isascii() and epoch.isdigit() else FALLBACK_EPOCH)


def last_revised(data_dir: Path) -> dict[str, str]:
    """Path of each file under `data_dir` that git knows (relative, with '/') -> time of the last
    commit that changed it. One `git log` for the whole folder; {} when git is missing, the folder
    is not in a repository, or git fails or takes too long."""
    command = [
        "git", "-C", str(data_dir), "log", "-z", "--no-show-signature", "--format=%x00%ct",
        "--name-only", "--relative", "--", ".",
    ]
    try:
        result = subprocess.run(command, capture_output=True, timeout=GIT_TIMEOUT, env=_git_environment())
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    return {path: iso_time(epoch) for path, epoch in _parse_log(result.stdout.decode("utf-8", "surrogateescape")).items()}


def _git_environment() -> dict[str, str]:
    """The environment less what would point git at another repository or change its output."""
    unwanted = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_PAGER", "PAGER"}
    return {k: v for k, v in os.environ.items() if k not in unwanted} | {"GIT_PAGER": "cat", "LC_ALL": "C"}


def _parse_log(output: str) -> dict[str, int]:
    """`git log -z --format=%x00%ct --name-only` output -> path: newest commit time that names it.

    Each commit reads NUL, time, NUL, newline, then its paths each ended by NUL; so an empty
    field announces a time, and every other field is a path (the first with the newline before it).
    """
    newest: dict[str, int] = {}
    expect_time, epoch = True, None
    for field in output.split("\0"):
        if field == "":
            expect_time = True
        elif expect_time:
            epoch, expect_time = int(field.strip()), False
        elif epoch is not None:
            path = field.lstrip("\n")
            newest[path] = max(newest.get(path, epoch), epoch)
    return newest


def event_file(event_id: str) -> str:
    """Where an event's data file is in a data folder (load.py enforces the layout)."""
    return f"events/{event_id[:4]}/{event_id}.yml"


def event_revisions(chronology: Chronology, data_dir: Path | None) -> dict[str, str]:
    """Event id -> the time its data file last changed, for the events whose file git knows in
    `data_dir`, the folder the chronology was loaded from (the rule is in the module's docstring)."""
    if data_dir is None:
        return {}
    revised = last_revised(Path(data_dir))
    return {e.id: revised[event_file(e.id)] for e in chronology.events if event_file(e.id) in revised}


@dataclass(frozen=True)
class Change:
    """One recorded change to an event's data: when, what kind, and the change's own description."""

    time: str  # RFC 3339, the commit's time
    kind: str  # "added", "corrected" or "re-dated"
    description: str  # the first line of the commit's message


def event_history(chronology: Chronology, data_dir: Path | None) -> dict[str, list[Change]]:
    """Event id -> the changes to its data file (and to the files of its former ids), oldest first.
    A change that alters the event's date is "re-dated", one that makes its file "added" (or, when
    it replaces a former id's file, "re-dated" if the date differs), any other "corrected"."""
    if data_dir is None:
        return {}
    commits = _file_changes(Path(data_dir))
    history: dict[str, list[Change]] = {}
    for event in chronology.events:
        files = {event_file(event.id): "current", **{event_file(f): "former" for f in event.former_ids}}
        changes = []
        for time, description, touched in reversed(commits):  # oldest first
            mine = {path: touched[path] for path in files if path in touched}
            if not mine:
                continue
            current = mine.get(event_file(event.id))
            former = [change for path, change in mine.items() if files[path] == "former"]
            if current and current.status == "added":
                dated_before = {c.old_date for c in former if c.status == "deleted"}
                kind = "re-dated" if dated_before - {current.new_date} else "corrected" if dated_before else "added"
            elif any(c.old_date != c.new_date for c in mine.values() if c.status == "modified"):
                kind = "re-dated"
            elif current or former:
                kind = "corrected"
            changes.append(Change(time, kind, description))
        if changes:
            history[event.id] = changes
    return history


@dataclass
class _FileChange:
    status: str = "modified"  # "added", "deleted" or "modified"
    old_date: str | None = None  # the `date:` line before and after, when the change touches it
    new_date: str | None = None


def _file_changes(data_dir: Path) -> list[tuple[str, str, dict[str, _FileChange]]]:
    """Newest first: (time, subject, {path: change}) for each commit that changed an event file."""
    command = [
        "git", "-c", "core.quotePath=false", "-C", str(data_dir), "log", "--no-show-signature", "--no-renames",
        "--no-color", "--no-ext-diff", "-p", "-U0", "--format=%x1e%ct%x1f%s", "--relative", "--", "events",
    ]
    try:
        result = subprocess.run(command, capture_output=True, timeout=GIT_TIMEOUT, env=_git_environment())
    except (OSError, subprocess.SubprocessError):
        return []
    if result.returncode != 0:
        return []
    commits = []
    for record in result.stdout.decode("utf-8", "surrogateescape").split("\x1e")[1:]:
        header, _, diff = record.partition("\n")
        epoch, _, subject = header.partition("\x1f")
        commits.append((iso_time(int(epoch)), subject.strip(), _parse_diff(diff)))
    return commits


def _parse_diff(diff: str) -> dict[str, _FileChange]:
    files: dict[str, _FileChange] = {}
    change = _FileChange()
    for line in diff.split("\n"):
        if line.startswith("diff --git "):
            change = _FileChange()
        elif line.startswith("new file mode"):
            change.status = "added"
        elif line.startswith("deleted file mode"):
            change.status = "deleted"
        elif line.startswith("--- a/"):
            files[line[6:]] = change
        elif line.startswith("+++ b/"):
            files[line[6:]] = change
        elif line.startswith(("-date:", "+date:")):
            value = line[6:].strip()
            if line[0] == "-":
                change.old_date = value
            else:
                change.new_date = value
    return files
