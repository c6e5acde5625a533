"""Writing generated pages to disk and building the site with MkDocs.

The generated Markdown lives apart from the hand-written pages in docs/: in
build/markdown/ (git-ignored) for `mkdocs serve`, and in a temporary folder of
its own for each `scripts/build.py` run. The MkDocs hook (scripts/mkdocs_hooks.py) calls
`generate_markdown` and adds that folder's files to the site, so `mkdocs serve`
and `scripts/build.py` run the same pipeline.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

from .load import load
from .pages import GeneratedSite, generate

ROOT = Path(__file__).resolve().parents[2]
MARKDOWN_DIR = ROOT / "build" / "markdown"
DATA_DIR_VARIABLE = "CHRONOLOGY_DATA_DIR"
MARKDOWN_DIR_VARIABLE = "CHRONOLOGY_MARKDOWN_DIR"
SITE_ZIP = "downloads/afghanistan-kazakhstan-chronology.zip"
ZIP_FOLDER = "afghanistan-kazakhstan-chronology"


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_VARIABLE) or ROOT / "data")


def markdown_dir() -> Path:
    """Where the generated Markdown goes: build/markdown/, or a build's own folder."""
    return Path(os.environ.get(MARKDOWN_DIR_VARIABLE) or MARKDOWN_DIR)


def generate_markdown(data: Path, out_dir: Path = MARKDOWN_DIR) -> GeneratedSite:
    """Load `data`, generate every page and write them into `out_dir`.

    Only files whose content changed are written, and files of pages that no
    longer exist are removed, so a watcher sees exactly what changed.
    """
    site = generate(load(data))
    out_dir.mkdir(parents=True, exist_ok=True)
    for relative, content in site.pages.items():
        path = out_dir / relative
        encoded = content.encode("utf-8")
        if path.is_file() and path.read_bytes() == encoded:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(encoded)
    for path in sorted(out_dir.rglob("*"), reverse=True):
        relative = path.relative_to(out_dir).as_posix()
        if path.is_file() and relative not in site.pages:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return site


def build_site(data: Path, site_dir: Path, config_file: Path = ROOT / "mkdocs.yml") -> None:
    """Build into a fresh folder beside `site_dir`, then swap it in; a failed build changes nothing.

    Each build writes its Markdown into a folder of its own, so builds of different data
    (a benchmark, a test) can run beside each other and beside `mkdocs serve`.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.", dir=site_dir.parent))
    markdown = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.markdown.", dir=site_dir.parent))
    os.environ.setdefault("SOURCE_DATE_EPOCH", _last_commit_time())
    _show_mkdocs_warnings()
    try:
        with _environment({DATA_DIR_VARIABLE: str(Path(data).resolve()), MARKDOWN_DIR_VARIABLE: str(markdown)}):
            build(load_config(str(config_file), site_dir=str(staging)))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(markdown, ignore_errors=True)
    staging.chmod(0o755)
    _swap(staging, site_dir)


@contextmanager
def _environment(variables: dict[str, str]):
    previous = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def write_site_zip(site_dir: Path, zip_path: Path) -> None:
    """Pack the whole site (but the zip itself) into one file, byte-identical for the same site."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 315532800)  # default: 1 January 1980
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and p != zip_path)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            entry = zipfile.ZipInfo(f"{ZIP_FOLDER}/{path.relative_to(site_dir).as_posix()}", stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes())


def _last_commit_time() -> str:
    """Dates inside the site (sitemap) come from the last commit, so rebuilds are byte-identical."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, timeout=30)
    except OSError:
        return "0"
    return out.stdout.strip() or "0"


def _swap(staging: Path, site_dir: Path) -> None:
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        site_dir.rename(old)
    staging.rename(site_dir)
    if old:
        shutil.rmtree(old)


def _show_mkdocs_warnings() -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
