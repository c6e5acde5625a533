"""Blocks of HTML as a build holds them: in UTF-8 (half the memory of a Python text with any
letter outside ASCII), in the cache's store, or, in a build without a cache, on disk while the
build goes on: each is written, as it is made, to an unnamed temporary file (gone once closed,
whatever happens), and read back when a page is written. Such a build holds the places of its
blocks, not their text."""

from __future__ import annotations

import tempfile
import threading


class Spool:
    def __init__(self) -> None:
        self._file = None
        self._end = 0
        self._lock = threading.Lock()  # (under serve, pages are written by another thread meanwhile)

    def put(self, data: bytes) -> "Spooled":
        with self._lock:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="chronology-blocks-")
            self._file.seek(self._end)
            self._file.write(data)
            held = Spooled(self, self._end, len(data))
            self._end += len(data)
        return held

    def read(self, start: int, size: int) -> str:
        with self._lock:
            self._file.seek(start)
            data = self._file.read(size)
        if len(data) != size:  # (the file was cut short under the build)
            raise OSError(f"a block of {size} bytes was read back as {len(data)} from the build's temporary file")
        return data.decode("utf-8", "surrogatepass")  # (as encoded: a lone surrogate is written out as a character reference)


class Spooled:
    """A block in a spool."""

    __slots__ = ("spool", "start", "size")

    def __init__(self, spool: Spool, start: int, size: int):
        self.spool, self.start, self.size = spool, start, size

    def text(self) -> str:
        return self.spool.read(self.start, self.size)


def encoded(html: str) -> bytes:
    return html.encode("utf-8", "surrogatepass")


def text(block: str | bytes | Spooled) -> str:
    """A block's HTML, however it is held."""
    if isinstance(block, str):
        return block
    return block.decode("utf-8", "surrogatepass") if isinstance(block, bytes) else block.text()
