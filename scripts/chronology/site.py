"""Building the site with MkDocs into a checked folder, and the zip of the site for readers.

`scripts/build.py` and `mkdocs build` share one configuration, mkdocs.yml, in which the
chronology plugin (plugin.py) names the data folder. `build_site` loads the data first, so data
errors are reported before MkDocs starts, then builds into a staging folder beside the site
folder and swaps it in only on success.
"""

from __future__ import annotations

import logging
import os
import subprocess
import time
import zipfile
from pathlib import Path

from mkdocs.commands.build import build

from .cache import project_cache
from .load import load
from .cores import few_collections
from .output import MARKER, check_site_dir, mkdocs_inputs, discard, hand_written, new_staging, replace_site



def site_zip(name: str) -> str:
    """Where the zip of the whole site is published; `name` is the chronology's short name, and
    the name of the folder the zip unpacks into."""
    return f"downloads/{name}.zip"


ZIP_LAST_TIME = 4354819199  # 2107-12-31 23:59:59 UTC


def build_site(config, data: Path, documents: Path | None, site_dir: Path, cache: bool = True) -> None:
    """Build with a loaded MkDocs `config` (with the cache beside it unless `cache` is false).
    Raises UnsafeOutput (before anything is touched) or DataErrors (before MkDocs starts)."""
    project = Path(config.config_file_path).resolve().parent
    site = check_site_dir(site_dir, project, hand_written(project, data, *mkdocs_inputs(config), documents))
    store = project_cache(project, cache and config.plugins["chronology"].config.cache, keep_out_of=(data, Path(config.docs_dir)))
    with few_collections():
        chronology = load(data, documents, store.records)
    os.environ.setdefault("SOURCE_DATE_EPOCH", _last_commit_time(project))
    show_mkdocs_messages()
    staging = new_staging(site)
    try:
        config.site_dir = str(staging)
        plugin = config.plugins["chronology"]
        plugin.config.data_dir, plugin.chronology, plugin.cache = str(Path(data).resolve()), chronology, store
        build(config)
        replace_site(staging, site)
    except BaseException:
        discard(staging)
        raise


ZIP_SIZE = '<span class="zip-size"></span>'  # where a page states the zip's size, filled in once it is known


def write_site_zip(site_dir: Path, zip_path: Path, stating: list[Path]) -> None:
    """Pack the whole site (but the zip itself) into one file, byte-identical for the same site,
    under a folder named as the zip; then tell the pages that say how large the zip is (`stating`,
    which hold ZIP_SIZE) its size. Their copies inside the zip leave the size out: whoever reads
    them there has the zip already."""
    _pack(site_dir, zip_path)
    size = _size_words(zip_path.stat().st_size)
    for page in stating:
        page.write_text(page.read_text(encoding="utf-8").replace(ZIP_SIZE, f'<span class="zip-size"> ({size})</span>'), encoding="utf-8")


def _size_words(size: int) -> str:
    """1153024 -> '1.1 MB': the figure a reader needs to decide on a download."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


def _pack(site_dir: Path, zip_path: Path) -> None:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 315532800)  # default: 1 January 1980
    stamp = time.gmtime(min(max(epoch, 315532800), ZIP_LAST_TIME))[:6]  # a zip holds times from 1980 to 2107
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and p != zip_path and p.name != MARKER)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            entry = zipfile.ZipInfo(f"{zip_path.stem}/{path.relative_to(site_dir).as_posix()}", stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes())


def _last_commit_time(project: Path) -> str:
    """Dates inside the site (sitemap) come from the last commit, so rebuilds are byte-identical."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project, capture_output=True, text=True, timeout=30)
    except OSError:
        return "0"
    return out.stdout.strip() or "0"


def show_mkdocs_messages(level: int = logging.WARNING) -> None:
    """MkDocs' messages from `level` up on the terminal (the chronology command has no MkDocs CLI to set that up)."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        logger.addHandler(handler)
    for handler in logger.handlers:
        handler.setLevel(min(handler.level or level, level))
    logger.setLevel(min(logger.level or level, level))
