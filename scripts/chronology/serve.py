"""`chronology serve`: the site served while an author edits it, each change rebuilt in place.

The first build is MkDocs' own, into a temporary folder, as under `mkdocs serve`. After that, a
change to the data re-renders only what it changed: the files the system reported changed are
read again (through the cache), the pages are generated again from what the last site holds of
everything the change cannot have touched, and only the pages whose content or blocks changed are
rendered (by MkDocs' own page machinery) and written, with the other generated files whose text
changed; nothing else is touched. The year pages of the edited events come first, and the browsers
reload; the other pages and the open-data files follow, and the browsers reload again. A change to
anything else (mkdocs.yml, docs/, the code or templates), one that changes the navigation, the set
of pages or what the theme's search indexes, and a data error (shown on every page) rebuild the
site whole, as `mkdocs serve` does.
"""

from __future__ import annotations

import gc
import logging
import shutil
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp
from watchdog.events import FileSystemEventHandler

from .cache import code_version
from .directives import GeneratedPage, fingerprint
from .errors import DataErrors, terminal_safe
from .exports.common import DOWNLOADS
from .load import Reading, load
from .model import Chronology
from .output import write_file, written_in_place
from .pages import each_site_download, generate
from .paths import year_page
from .watching import change_watcher

log = logging.getLogger("mkdocs.plugins.chronology")


def serve(config_file: Path, dev_addr: str, data: Path | None = None, documents: Path | None = None, cache: bool = True,
          poll: bool = False) -> None:
    """Serve the site at `dev_addr`, rebuilding it on each change; with `poll`, the files are polled
    for changes (as MkDocs does) instead of the system reporting them."""
    site_dir = tempfile.mkdtemp(prefix="chronology-serve-")

    def get_config():
        config = load_config(config_file=str(config_file), site_dir=site_dir, dev_addr=dev_addr)
        plugin = config.plugins["chronology"]
        plugin.folders_given = (data, documents)
        if not cache:
            plugin.config.cache = False
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    site = _ServedSite(get_config, serve_url)
    server = LiveReloadServer(builder=site.rebuild, host=host, port=port, root=site_dir, mount_path=mount_path)
    server.build_delay = 0.05  # an editor's save is one write; wait only for the ones that come with it
    if not poll:
        server.observer = change_watcher(server.observer)
    site.reload_browsers = lambda: _reload_browsers(server)
    try:
        site.full_build(config)
        for watched in (config.docs_dir, config.config_file_path, *site.code_folders()):
            server.watch(watched)
        server = config.plugins.on_serve(server, config=config, builder=site.rebuild)  # watches the data
        watcher = FileSystemEventHandler()
        watcher.on_any_event = site.reading.saw
        server.observer.schedule(watcher, str(config.plugins["chronology"].data_dir), recursive=True)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


class _ServedSite:
    def __init__(self, get_config, serve_url: str):
        self.get_config, self.serve_url = get_config, serve_url
        self.config = None
        self.inputs: tuple = ()
        self.following: threading.Thread | None = None  # pages and files still being written after an update
        self.superseded = threading.Event()
        self.reload_browsers = lambda: None
        self.reading = Reading()  # the data's files as the last update listed them, with the changes seen since
        self.whole = False

    def code_folders(self) -> list[str]:
        return [str(Path(__file__).parent)]

    def full_build(self, config=None) -> None:
        self._stop_following()
        self.reading.files = None  # a file made while the build runs may go unreported: the next update lists them
        config = config or self.get_config()
        config.site_url = self.serve_url
        start = time.monotonic()
        build(config, serve_url=self.serve_url)
        plugin = config.plugins["chronology"]
        self.config, self.inputs = config, self._inputs(config)
        self.whole = not (plugin.errors or plugin.problems)  # a page shows a problem: the next build is whole too
        log.info(f"site built in {time.monotonic() - start:.2f} s")

    def rebuild(self, config=None) -> None:
        """After a change: in place if only the data changed, else whole (with `config`, if given)."""
        start = time.monotonic()
        self._stop_following()
        if config is not None or self.config is None or self._inputs(self.config) != self.inputs or not self._update():
            self.full_build(config)
            return
        log.info(f"updated in {time.monotonic() - start:.2f} s")

    def _inputs(self, config) -> tuple:
        """What, besides the data, the site is built from: if it changed, the site is rebuilt whole."""
        docs = sorted((str(p), p.stat().st_mtime_ns) for p in Path(config.docs_dir).rglob("*") if p.is_file())
        config_file = Path(config.config_file_path)
        return (code_version(), config_file.stat().st_mtime_ns, config_file.read_bytes(), tuple(docs))

    def _update(self) -> bool:
        """Apply a change of the data to the served site; False when only a whole build can."""
        collecting = gc.isenabled()
        gc.disable()  # each collection walks the whole heap; the garbage waits until the served pages are written
        try:
            return self._apply_change()
        finally:
            if collecting:
                gc.enable()

    def _apply_change(self) -> bool:
        config = self.config
        plugin = config.plugins["chronology"]
        old, state = plugin.site, plugin.state
        if old is None or not self.whole or state is None:
            return False
        plugin.cache.refresh()
        try:
            chronology = load(plugin.data_dir, plugin.documents_dir, plugin.cache.records, self.reading)
            new = generate(chronology, config.site_url or "", plugin.data_dir, identity=plugin.identity, cache=plugin.cache, exports=False,
                           previous=old)
        except DataErrors:
            return False
        exports = old.pages.keys() - new.pages.keys()
        if new.nav != old.nav or not exports.isdisjoint(new.pages) or new.search_entries != old.search_entries:
            return False
        if any(not uri.startswith(f"{DOWNLOADS}/") for uri in exports):
            return False
        files, nav, env = state
        changed_pages = []
        for uri, content in new.pages.items():
            file = files.get_file_from_path(uri)
            if file is None:
                return False
            if isinstance(file.page, GeneratedPage):
                if fingerprint(content, new.blocks) == file.page.fingerprint:
                    continue
                search = file.page.meta.get("search")
                if not (isinstance(search, dict) and search.get("exclude")):
                    return False  # what the theme's search index holds of it changes: a whole build
                changed_pages.append((file, content))
            elif content != old.pages[uri]:
                write_file(Path(file.abs_dest_path), content)
                file.content_string = content if isinstance(content, str) else file.content_string
        new.pages |= {uri: old.pages[uri] for uri in exports}  # until they are made again, below
        plugin.site = new
        for file, content in changed_pages:
            file.content_string = content
            file.page.blocks = new.blocks
        first = _edited_pages(old.blocks.chronology, chronology)
        edited = [page for page in changed_pages if page[0].src_uri in first]
        self._render(edited)
        log.info(f"{_pages(len(edited))} rendered again")
        rest = [page for page in changed_pages if page[0].src_uri not in first]
        self.following = threading.Thread(target=self._follow, args=(rest, chronology, new, files), daemon=True)
        self.following.start()  # the edited events' own pages are served now; the rest follows
        return True

    def _render(self, pages: list) -> None:
        """Render and write pages, each written beside its file and then put in its place (the
        server answers meanwhile, and must never send a page half-written)."""
        config = self.config
        files, nav, env = config.plugins["chronology"].state
        doc_files = files.documentation_pages()
        for file, _ in pages:
            destination = file.abs_dest_path
            with written_in_place(Path(destination)) as writing:
                file.abs_dest_path = str(writing)  # (a cached property: set for this page alone)
                try:
                    _populate_page(file.page, config, files)
                    _build_page(file.page, config, doc_files, nav, env)
                finally:
                    file.abs_dest_path = destination

    def _follow(self, pages: list, chronology, site, files) -> None:
        """After the first pages: the other pages that changed, then the open-data files; the
        browsers are reloaded when they are written. A newer change stops this between two files
        (what is left shows as changed to the next update, which renders it)."""
        try:
            self._write_the_rest(pages, chronology, site, files)
        except Exception as error:  # noqa: BLE001 - the server stays up; the next change tries again
            log.warning(terminal_safe(f"the pages after the first could not be written: {type(error).__name__}: {error}"))

    def _write_the_rest(self, pages: list, chronology, site, files) -> None:
        for page in pages:
            if self.superseded.is_set():
                return
            self._render([page])
        if pages:
            log.info(f"{_pages(len(pages), 'more ')} rendered again")
        plugin = self.config.plugins["chronology"]
        changed = 0
        for uri, text in each_site_download(chronology, plugin.identity, self.config.site_url or "", site.blocks.revised):
            if self.superseded.is_set():
                return
            if site.pages.get(uri) != text:
                write_file(Path(files.get_file_from_path(uri).abs_dest_path), text)
                site.pages[uri] = text
                changed += 1
        if changed:
            log.info(f"{changed} open-data file{'s' * (changed != 1)} written again")
        if pages or changed:
            self.reload_browsers()

    def _stop_following(self) -> None:
        if self.following is not None:
            self.superseded.set()
            self.following.join()
            self.following = None
            self.superseded.clear()


def _pages(count: int, more: str = "") -> str:
    return f"{count} {more}page{'s' * (count != 1)}"


def _reload_browsers(server: LiveReloadServer) -> None:
    """Have the open pages load again, as the server does after a build, unless a build is under
    way (its end does). Each page polls for a version newer than its own."""
    with server._rebuild_cond, server._epoch_cond:  # (the server starts a build under the first)
        now = _timestamp()
        if server._visible_epoch == server._wanted_epoch < now:
            server._visible_epoch = server._wanted_epoch = now
            server._epoch_cond.notify_all()


def _edited_pages(old: Chronology, new: Chronology) -> set[str]:
    """The year pages of the events an edit added, changed or removed (before and after it)."""
    edited = {key for key in new.changed_since(old) if key.startswith("event/")}
    events = [chronology.event_by_id.get(key.removeprefix("event/")) for key in edited for chronology in (old, new)]
    return {year_page(event) for event in events if event is not None}
