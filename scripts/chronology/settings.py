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
