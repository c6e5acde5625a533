"""Errors in a data folder, reported as `file:line: field: what is wrong, what is expected`; a
change under serve that a newer one overtook; and whether MkDocs warned while something was made."""

from __future__ import annotations

import logging
from dataclasses import dataclass


@dataclass(order=True, unsafe_hash=True)
class DataError(Exception):
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: "
        return terminal_safe(where + (f"{self.field}: {self.message}" if self.field else self.message))


class DataErrors(Exception):
    """All the errors found in one run, sorted by file and line."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(map(str, self.errors)))


class Superseded(Exception):
    """Under serve: a newer change came while the site was made again, so what was left is left as it was."""

    TEXT = "left for the newer change"

    def __init__(self):
        super().__init__(self.TEXT)


def terminal_safe(text: str) -> str:
    """Text from the data as one line a terminal shows as it is: line breaks, control characters and
    other invisible ones written as escapes (\\n, \\x1b, \\u202e), so that no message can colour the
    terminal or pass for another message."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def dotted(loc: tuple) -> str:
    """A path into a record as a contributor reads it: sources[0].quote."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class WarningsSeen(logging.Handler):
    """Added to a logger while something is made: whether a warning came (what warned is not kept,
    so that the warning shows again next time)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record):
        self.seen = True
