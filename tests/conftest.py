"""Shared fixtures: the repository's paths, a CLI runner, a built site, a Chromium browser."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import settings

# Time limits per example would make property tests fail on a slow or busy machine.
settings.register_profile("chronology", deadline=None)
settings.load_profile("chronology")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = ROOT.parent / "shared" / "seeds"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def run_build(*args: str | Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run scripts/build.py as a contributor would, capturing its output."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build.py"), *map(str, args)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=600,
    )


@pytest.fixture(scope="session")
def chronology():
    """The real data, loaded and checked."""
    from chronology.load import load

    return load(DATA)


@pytest.fixture(scope="session")
def identity():
    """What the real site says about itself, from its mkdocs.yml."""
    from mkdocs.config import load_config

    from chronology.identity import identity_from_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return identity_from_config(config, config.plugins["chronology"].config)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the real data folder that a test may break."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real data built into a temporary site folder."""
    site_dir = tmp_path_factory.mktemp("built") / "site"
    result = run_build("--site-dir", site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def served(folder: Path):
    """Serve a folder on 127.0.0.1 for the duration; yields its root URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
