"""`mkdocs serve` that keeps answering: a rebuild that fails leaves the last good site up, with the
problem in the terminal and on every page.

MkDocs' live-reload server holds every request until a rebuild succeeds, so a rebuild that raises
(an mkdocs.yml that no longer loads, a theme that does not exist, an error of a plugin) would hang
the author's browser. The rebuild is wrapped: when it fails, the site is built again from the last
mkdocs.yml that loaded, and the pages say what is wrong.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from .errors import terminal_safe


class StaysUp:
    """The server's builder, wrapped: it never raises, so the server never waits on it for ever.
    `problems` (a list the plugin shows on every page) gets what went wrong."""

    def __init__(self, builder, config, problems: list[str]):
        self.builder, self.problems = builder, problems
        self.path = Path(config.config_file_path)
        self.options = {"site_dir": config.site_dir, "dev_addr": str(config.dev_addr)}
        self.site_url = config.site_url  # the address MkDocs serves at, set on every configuration it builds
        self.good_text = self._text()

    def __call__(self, config=None) -> None:
        self.problems.clear()
        try:
            self.builder(config)
            self.good_text = self._text()
            return
        except (Exception, SystemExit) as error:  # noqa: BLE001 - whatever it is, the server must keep answering
            where = f"{self.path.name}: " if isinstance(error, (ConfigurationError, Abort)) else ""
            problem = terminal_safe(f"{where}the site could not be rebuilt: {_described(error)}")
        print(f"{problem}; serving the last good version", file=sys.stderr)
        self.problems.append(problem)
        try:
            good = load_config(io.StringIO(self.good_text), config_file_path=str(self.path), **self.options)
            good.site_url = self.site_url
            self.builder(good)
        except (Exception, SystemExit) as error:  # noqa: BLE001
            print(terminal_safe(f"the last good version could not be rebuilt either: {_described(error)}"), file=sys.stderr)

    def _text(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return getattr(self, "good_text", "")


def _described(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
