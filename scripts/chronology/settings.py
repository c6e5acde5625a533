"""Site settings the engine refuses: those that would have a page ask for something outside the
site (no network at view time) or link where a reader's browser would run what the link holds."""

from __future__ import annotations

from pathlib import Path

from .errors import DataError
from .text import web_address

# The theme's own settings that load things from outside the site whenever they are given.
_CALLING_OUT = {
    ("extra", "analytics"): "the site requests nothing outside itself; expected no analytics",
}


def setting_problems(config, line_of) -> list[DataError]:
    """The problems of a loaded MkDocs configuration, each at its line (`line_of(keys)`)."""
    config_file = Path(config.config_file_path or "mkdocs.yml").name
    problems = []
    for keys, message in _CALLING_OUT.items():
        if _setting(config, keys):
            problems.append(DataError(config_file, line_of(list(keys)), ".".join(keys), message))
    for key in ("extra_css", "extra_javascript"):
        for number, item in enumerate(config.get(key) or []):
            path = str(getattr(item, "path", item))
            if ":" in path.split("/")[0] or path.startswith("//"):
                problems.append(DataError(config_file, line_of([key]), f"{key}[{number}]",
                                          f"{path!r} is outside the site, which requests nothing outside itself; "
                                          "expected a file of the site (in docs/)"))
    for number, item in enumerate(_setting(config, ("extra", "social")) or []):
        link = item.get("link") if isinstance(item, dict) else None
        try:
            if not (isinstance(link, str) and link.startswith("mailto:")):
                web_address(link)
        except ValueError as problem:
            problems.append(DataError(config_file, line_of(["extra", "social"]), f"extra.social[{number}].link", str(problem)))
    return problems


def _setting(config, keys: tuple[str, ...]):
    value = config
    for key in keys:
        value = value.get(key) if isinstance(value, dict) or hasattr(value, "get") else None
    return value


def nav_problems(config, generated: list[str]) -> list[DataError]:
    """The entries of `nav` that lead to no page: neither a file of docs/ nor one the build
    generates (MkDocs would warn of each as it builds), each at its line."""
    config_file = Path(config.config_file_path or "mkdocs.yml")
    docs = Path(config.docs_dir)
    known = set(generated)
    problems = []
    for target in _nav_targets(config.nav or []):
        if "://" in target or target.startswith(("/", "#")) or target in known or (docs / target).is_file():
            continue
        problems.append(DataError(config_file.name, _line_with(config_file, target), "nav",
                                  f"'{target}' is neither a file of {docs.name}/ nor a page the build generates; "
                                  "expected the path of a page, or a web address"))
    return problems


def _nav_targets(entries) -> list[str]:
    found = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, str):
            found.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                found += _nav_targets(value)
    return found


def _line_with(config_file: Path, text: str) -> int:
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((number for number, line in enumerate(lines, 1) if text in line and not line.lstrip().startswith("#")), 1)
