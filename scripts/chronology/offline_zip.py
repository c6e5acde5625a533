"""The zip of the whole site, for readers without a network: byte-identical for the same site.

Compressing a large site's members is most of the zip's cost; each member's compressed bytes are
kept in the cache under a digest of its bytes, so a rebuild compresses only what changed, and large
members are compressed on both cores while the members before them are written, each read a piece
at a time (never whole in memory: the printable chronology is tens of megabytes). A file the build
took unchanged from the last one (kept_pages.py) is not even read: a key that names its bytes
leads to the member the last zip held for it.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
import zipfile
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .cache import Store, digest
from .cores import CORES
from .output import MARKER

LARGE = 256 * 1024  # a member from this size is compressed in a thread (zlib lets go of Python's lock as it works)
PIECE = 1024 * 1024  # and read this much at a time
AHEAD = 16 * 1024 * 1024  # bytes of members read ahead of the one being written, at most (both cores kept busy)


def site_zip(name: str) -> str:
    """Where the zip of the whole site is published; `name` is the chronology's short name, and
    the name of the folder the zip unpacks into."""
    return f"downloads/{name}.zip"


ZIP_LAST_TIME = 4354819199  # 2107-12-31 23:59:59 UTC
ZIP_SIZE = '<span class="zip-size"></span>'  # where a page states the zip's size, filled in once it is known


def write_site_zip(site_dir: Path, zip_path: Path, stating: list[Path], kept: Store | None = None,
                   known: dict[str, tuple[str, bool]] | None = None) -> None:
    """Pack the whole site (but the zip itself) into one file, byte-identical for the same site,
    under a folder named as the zip; then tell the pages that say how large the zip is (`stating`,
    which hold ZIP_SIZE) its size. Their copies inside the zip leave the size out: whoever reads
    them there has the zip already. `kept` is the cache's store of compressed members; `known`
    names the files whose bytes a key stands for (path -> (key, whether it was taken unchanged
    from the last build)): one taken is not even read, its member is the last zip's."""
    _pack(site_dir, zip_path, kept if kept is not None else Store(None, ""), known or {})
    size = _size_words(zip_path.stat().st_size)
    for page in stating:
        page.write_text(page.read_text(encoding="utf-8").replace(ZIP_SIZE, f'<span class="zip-size"> ({size})</span>'), encoding="utf-8")


def _size_words(size: int) -> str:
    """1153024 -> '1.1 MB': the figure a reader needs to decide on a download."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


def _pack(site_dir: Path, zip_path: Path, kept: Store, known: dict[str, tuple[str, bool]]) -> None:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 315532800)  # default: 1 January 1980
    stamp = time.gmtime(min(max(epoch, 315532800), ZIP_LAST_TIME))[:6]  # a zip holds times from 1980 to 2107
    files = _site_files(site_dir, {zip_path.relative_to(site_dir).as_posix(), MARKER})
    shared = _Shared(kept)  # (with the threads that compress large members)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive, ThreadPoolExecutor(CORES) as pool:
        ahead: deque = deque()  # (entry, its file's key if known, its member or the future of one, bytes read), in the zip's order
        held = 0
        for name in files:
            entry = zipfile.ZipInfo(f"{zip_path.stem}/{name}", stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            member, read, file_key = _last_member(shared, known.get(name)), 0, None
            if member is None:
                file_key = known[name][0] if name in known else None
                if (site_dir / name).stat().st_size >= LARGE:
                    member = pool.submit(_large_member, site_dir / name, shared)
                else:
                    data = (site_dir / name).read_bytes()
                    member, read = _member(shared, data), len(data)
            held += read
            ahead.append((entry, file_key, member, read))
            while ahead and (held > AHEAD or not _waiting(ahead[0])):
                held -= _write_next(archive, ahead, shared)
        while ahead:
            _write_next(archive, ahead, shared)


def _pointer(key: str) -> str:
    return digest("zip member", zlib.ZLIB_RUNTIME_VERSION, key)  # (another zlib compresses otherwise)


def _last_member(kept: "_Shared", known: tuple[str, bool] | None) -> tuple | None:
    """The member of a file taken unchanged from the last build, as the last zip held it: (crc,
    size, key, compressed bytes); or None (read the file)."""
    if known is None or not known[1]:
        return None
    pointer = kept.get(_pointer(known[0]))
    deflated = kept.get(pointer[0]) if pointer is not None else None
    return None if deflated is None else (pointer[1], pointer[2], pointer[0], deflated)


def _member(kept: "_Shared", data: bytes) -> tuple:
    """A file's member: (crc, size, key, compressed bytes), from the cache if it holds them."""
    key = digest("deflated", zlib.ZLIB_RUNTIME_VERSION, data)
    deflated = kept.get(key)
    return zlib.crc32(data), len(data), key, deflated if deflated is not None else _deflate([data])


def _large_member(path: Path, kept: "_Shared") -> tuple:
    """A large file's member, read a piece at a time (in a thread: hashlib and zlib let go of
    Python's lock as they work): once for its key, and again to compress it unless the cache holds
    it. (The file is the build's own output, written before the zip: nothing changes it meanwhile.)"""
    hasher, crc, size = hashlib.sha256(), 0, 0
    for piece in _pieces(path):
        hasher.update(piece)
        crc, size = zlib.crc32(piece, crc), size + len(piece)
    key = digest("deflated file", zlib.ZLIB_RUNTIME_VERSION, hasher.hexdigest())
    deflated = kept.get(key)
    return crc, size, key, deflated if deflated is not None else _deflate(_pieces(path))


def _pieces(path: Path) -> Iterator[bytes]:
    with path.open("rb") as file:
        while piece := file.read(PIECE):
            yield piece


class _Shared:
    """The cache's store of members, as this thread and those that compress large members share it."""

    def __init__(self, store: Store):
        self.store, self._lock = store, threading.Lock()

    def get(self, key: str):
        with self._lock:
            return self.store.get(key)

    def put(self, key: str, value) -> None:
        with self._lock:
            self.store.put(key, value)


def _site_files(site_dir: Path, left_out: set[str]) -> list[str]:
    """The site's files as paths relative to it, folder by folder in name order (as paths sort)."""
    found = []
    for folder, _, names in os.walk(site_dir):
        under = Path(folder).relative_to(site_dir).as_posix()
        found += [name if under == "." else f"{under}/{name}" for name in names]
    return sorted((name for name in found if name not in left_out and (site_dir / name).is_file()), key=lambda name: name.split("/"))


def _waiting(waiting: tuple) -> bool:
    member = waiting[2]
    return not isinstance(member, tuple) and not member.done()


def _write_next(archive: zipfile.ZipFile, ahead: deque, kept: "_Shared") -> int:
    """Write the first member waiting, and keep it (and, for a file read whose bytes a key names,
    where it is); the bytes read for it, no longer held."""
    entry, file_key, member, read = ahead.popleft()
    crc, size, key, deflated = member if isinstance(member, tuple) else member.result()
    if kept.get(key) is None:
        kept.put(key, deflated)
    if file_key is not None:
        kept.put(_pointer(file_key), (key, crc, size))
    _write_member(archive, entry, crc, size, deflated)
    return read


def _write_member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, crc: int, size: int, deflated: bytes) -> None:
    """One member, its bytes compressed already, as ZipFile writes a member it compresses itself:
    its local header (with its checksum and sizes) and its bytes, then its entry for the directory
    that closing the zip writes."""
    entry.CRC, entry.file_size, entry.compress_size, entry.flag_bits = crc, size, len(deflated), 0
    archive.fp.seek(archive.start_dir)
    entry.header_offset = archive.fp.tell()
    archive.fp.write(entry.FileHeader(size > zipfile.ZIP64_LIMIT or len(deflated) > zipfile.ZIP64_LIMIT))
    archive.fp.write(deflated)
    archive.start_dir = archive.fp.tell()
    archive.filelist.append(entry)
    archive.NameToInfo[entry.filename] = entry
    archive._didModify = True


def _deflate(pieces: Iterable[bytes]) -> bytes:
    """A file's bytes compressed, given whole or a piece at a time (the same bytes either way)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # as zipfile compresses
    return b"".join([*(compressor.compress(piece) for piece in pieces), compressor.flush()])
