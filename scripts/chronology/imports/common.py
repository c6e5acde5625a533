"""What the importers share: the records they read, and reading a file's text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, dotted
from ..events_table import column_of

MAX_IMPORT_BYTES = 50_000_000


@dataclass
class Imported:
    """A record read from an imported file, and where each part of it came from."""

    record: dict
    file: str  # the file, as messages name it
    line: int  # its row (a spreadsheet) or line (JSON)
    where: dict | None  # a place inside the record -> the column it came from; None: named by its path
    lines: dict | None = None  # a place inside the record -> its line, where known

    def error(self, loc: tuple, message: str) -> DataError:
        line = self.line
        if self.lines:
            line = next((self.lines[loc[:end]] for end in range(len(loc), 0, -1) if loc[:end] in self.lines), line)
        return DataError(self.file, line, dotted(loc) if self.where is None else column_of(loc, self.where), message)


def read_text(path: Path, shown_as: str, errors: list[DataError]) -> str | None:
    """The file as text (UTF-8, with or without the byte-order mark spreadsheets write), or None
    with the problem in `errors`."""
    try:
        with Path(path).open("rb") as file:
            raw = file.read(MAX_IMPORT_BYTES + 1)
    except OSError as error:
        errors.append(DataError(shown_as, 1, "", f"cannot be read ({error.strerror or error}); expected a readable file"))
        return None
    if len(raw) > MAX_IMPORT_BYTES:
        errors.append(DataError(shown_as, 1, "", f"is larger than {MAX_IMPORT_BYTES:,} bytes; split it into smaller files"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        errors.append(DataError(shown_as, line, "", f"byte {raw[error.start]:#04x} is not UTF-8; save the file as UTF-8 (in a spreadsheet: CSV UTF-8)"))
        return None
    if "\x00" in text:
        errors.append(DataError(shown_as, text[: text.index("\x00")].count("\n") + 1, "", "contains a NUL character; expected a text file"))
        return None
    return text
