"""`chronology init DIR`: a new, small, valid chronology to fill in, as `mkdocs new` starts a site.

It writes mkdocs.yml, a .gitignore for the built site and the cache, a data folder with one event, one source and every registry, and
docs/about.md with the editorial frame; never over a file that exists (then it writes nothing).
The files are in starter/, with $placeholders for what the new chronology is called.
"""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files
from pathlib import Path
from string import Template

from pydantic import TypeAdapter, ValidationError

from .dates import id_prefix
from .identity import slug
from .model import REGISTRIES, Text

STARTER = files("chronology") / "starter"


def starter_files(title: str, today: date) -> dict[str, str]:
    """Path inside the new folder -> text."""
    try:
        TypeAdapter(Text).validate_python(title)
    except ValidationError as problem:
        raise ValueError(f"--title: {problem.errors()[0]['msg'].removeprefix('Value error, ')}") from None
    day = today.isoformat()
    event_id = f"{id_prefix(day)}-this-chronology-was-started"
    values = {
        "title": _yaml(title), "short_title": _yaml(title), "subject": _yaml(title),
        "description": _yaml(f"{title}: a dated chronology, every event with its sources quoted."),
        "name": slug(title), "year": str(today.year), "date": day, "event_id": event_id,
    }

    def filled(name: str) -> str:
        return Template((STARTER / name).read_text(encoding="utf-8")).safe_substitute(values)

    written = {"mkdocs.yml": filled("mkdocs.yml"), "docs/about.md": filled("docs/about.md"), ".gitignore": filled("gitignore")}
    written |= {f"data/{name}": filled(name) for name in REGISTRIES}
    written["data/sources/starter-notes.yml"] = filled("source.yml")
    written[f"data/events/{event_id[:4]}/{event_id}.yml"] = filled("event.yml")
    return written


def write_starter(folder: Path, title: str, today: date | None = None) -> list[Path]:
    """Write a new chronology into `folder` (made if missing); ValueError, with nothing written,
    if any of its files exists already or the title is not one the check accepts."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"{folder} is a file; expected a folder for the new chronology")
    texts = starter_files(title, today or date.today())
    targets = {folder / path: text for path, text in texts.items()}
    existing = [path for path in texts if (folder / path).exists() or (folder / path).is_symlink()]
    if existing:
        raise ValueError(f"{folder} holds {', '.join(existing)} already; nothing was written "
                         "(choose an empty folder, or move those files away)")
    linked = sorted({parent.relative_to(folder).as_posix() for path in targets for parent in path.parents
                     if parent.is_relative_to(folder) and parent != folder and parent.is_symlink()})
    if linked:
        raise ValueError(f"{folder}: {', '.join(linked)} is a link to another folder; nothing was written "
                         "(the new chronology's files go in its own folders)")
    for path, text in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as file:  # "x": never over a file made meanwhile
            file.write(text)
    return list(targets)


def _yaml(text: str) -> str:
    """A string as a YAML scalar that reads back as exactly that string (JSON is YAML)."""
    return json.dumps(text, ensure_ascii=False)
