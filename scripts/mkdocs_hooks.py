"""MkDocs hooks: the thin adapter between the chronology generator and MkDocs.

- on_config: load data/, write the generated Markdown, put the generated pages into the nav.
- on_files: add the generated pages and the local iframe-worker shim to the site.
- on_post_build: pack the built site into a zip that readers can download.
- on_serve: rebuild when a file under data/ changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from chronology.errors import DataErrors  # noqa: E402
from chronology.site import ROOT, SITE_ZIP, data_dir, generate_markdown, markdown_dir, write_site_zip  # noqa: E402

IFRAME_WORKER = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
IFRAME_WORKER_URI = "assets/javascripts/iframe-worker/shim.js"

_command = "build"
_generated: list[str] = []


def on_startup(command, dirty):
    global _command
    _command = command


def on_config(config):
    try:
        site = generate_markdown(data_dir(), markdown_dir())
    except DataErrors as errors:
        if _command == "serve":  # keep the server running and show the errors plainly
            raise PluginError(f"data errors:\n{errors}") from None
        raise
    _generated[:] = sorted(site.pages)
    config.nav = site.nav + (config.nav or [])
    return config


def on_files(files: Files, config):
    for uri in _generated:
        if files.get_file_from_path(uri):
            raise PluginError(f"docs/{uri} clashes with a generated page of the same path")
        files.append(File.generated(config, uri, abs_src_path=str(markdown_dir() / uri)))
    if not IFRAME_WORKER.is_file():
        raise PluginError(f"{IFRAME_WORKER.relative_to(ROOT)} is missing: run 'npm ci' (see README)")
    files.append(File.generated(config, IFRAME_WORKER_URI, abs_src_path=str(IFRAME_WORKER)))
    files.append(File.generated(config, SITE_ZIP, content=b""))  # filled in after the build
    return files


@event_priority(-200)  # after the offline plugin has written its search index script
def on_post_build(config):
    if _command != "serve":  # the offline copy is for readers; an author's preview does without it
        write_site_zip(Path(config.site_dir), Path(config.site_dir) / SITE_ZIP)


def on_serve(server, config, builder):
    server.watch(str(data_dir()))
    return server
