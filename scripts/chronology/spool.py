"""Blocks of HTML held on disk while a build goes on: each is written, as it is made, to an unnamed
temporary file (gone once closed, whatever happens), and read back when a page is written. A build
whose cache keeps no HTML then holds the places of its blocks, not their text."""

from __future__ import annotations

import os
import tempfile


class Spool:
    def __init__(self) -> None:
        self._file = None
        self._end = 0

    def put(self, text: str) -> "Spooled":
        data = text.encode("utf-8", "surrogatepass")
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="chronology-blocks-")
        os.pwrite(self._file.fileno(), data, self._end)
        held = Spooled(self, self._end, len(data))
        self._end += len(data)
        return held

    def read(self, start: int, size: int) -> str:
        data = os.pread(self._file.fileno(), size, start)
        if len(data) != size:  # (the file was cut short under the build)
            raise OSError(f"a block of {size} bytes was read back as {len(data)}")
        return data.decode("utf-8", "surrogatepass")


class Spooled:
    """A block in a spool."""

    __slots__ = ("spool", "start", "size")

    def __init__(self, spool: Spool, start: int, size: int):
        self.spool, self.start, self.size = spool, start, size

    def text(self) -> str:
        return self.spool.read(self.start, self.size)


def text(block: str | Spooled) -> str:
    """A block's HTML, wherever it is held."""
    return block if isinstance(block, str) else block.text()
