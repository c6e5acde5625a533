"""`chronology serve`: the site served while an author edits it, each change rebuilt in place.

The first build is MkDocs' own, into a temporary folder, as under `mkdocs serve`. After that, a
change to the data re-renders only what it changed: the files the system reported changed are
read again (through the cache), the pages are generated again from what the last site holds of
everything the change cannot have touched, and only the pages whose content or blocks changed are
rendered (by MkDocs' own page machinery) and written, with the other generated files whose text
changed; nothing else is touched. The year pages of the edited events come first, made from blocks
of their own before the rest of the site is generated again, and the browsers reload; the other
pages, generated again in a thread, follow, and the browsers reload again; then, once no save came
for a second, the open-data files. A newer change stops those at once, between two pages or
files, or inside a page. A change to anything else (mkdocs.yml, docs/, the code or templates),
one that changes the navigation, the set of pages or what the theme's search indexes, and a data
error (shown on every page) rebuild the site whole, as `mkdocs serve` does.
"""

from __future__ import annotations

import gc
import logging
import shutil
import signal
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp
from watchdog.events import FileSystemEventHandler

from .cache import code_version
from .directives import GeneratedPage, fingerprint
from .errors import DataErrors, Superseded, terminal_safe
from .exports.common import DOWNLOADS
from .load import Reading, load
from .model import Chronology
from .output import write_file, written_in_place
from .pages import each_site_download, generate, year_pages
from .watching import change_watcher

log = logging.getLogger("mkdocs.plugins.chronology")


def _not_superseded(record: logging.LogRecord) -> bool:
    """MkDocs reports an error in a page it renders: not a render left for a newer change."""
    return not record.getMessage().endswith(Superseded.TEXT)


logging.getLogger("mkdocs.commands.build").addFilter(_not_superseded)


def serve(config_file: Path, dev_addr: str, data: Path | None = None, documents: Path | None = None, cache: bool = True,
          poll: bool = False) -> None:
    """Serve the site at `dev_addr`, rebuilding it on each change; with `poll`, the files are polled
    for changes (as MkDocs does) instead of the system reporting them."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupted)
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
    site.browsers = _Browsers(server)
    try:
        site.full_build(config)
        for watched in (config.docs_dir, config.config_file_path, *site.code_folders()):
            server.watch(watched)
        server = config.plugins.on_serve(server, config=config, builder=site.rebuild)  # watches the data
        watcher = FileSystemEventHandler()
        watcher.on_any_event = site.reading.saw
        server.observer.schedule(watcher, str(config.plugins["chronology"].data_dir), recursive=True)
        site.reading.files = None  # a file made before the watcher started went unreported: the first update lists them
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def _interrupted(signum, frame) -> None:
    """A server told to stop (SIGTERM) stops as one interrupted from the keyboard: its temporary site removed."""
    raise KeyboardInterrupt


QUIET = 1.0  # seconds without a save before the open-data files are made again (each is made whole, without a stop)
FETCHING = 0.3  # seconds the browsers have to fetch the first pages before the rest of the site is made (which slows the server)


class _ServedSite:
    def __init__(self, get_config, serve_url: str):
        self.get_config, self.serve_url = get_config, serve_url
        self.config = None
        self.inputs: tuple = ()
        self.following: threading.Thread | None = None  # pages and files still being written after an update
        self.superseded = threading.Event()
        self.browsers = _Browsers()  # the served pages open in browsers
        self.shown = False  # whether this build had the browsers reload before its end
        self.reading = Reading()  # the data's files as the last update listed them, with the changes seen since
        self.whole = False
        self.whole_wanted = False  # the last update found, after its first pages, that only a whole build can apply it

    def code_folders(self) -> list[str]:
        return [str(Path(__file__).parent)]

    def full_build(self, config=None) -> None:
        self._stop_following()
        self.whole_wanted = False
        self.reading.files = None  # the build lists them afresh (and checks every record: the next update, only those read anew)
        config = config or self.get_config()
        config.site_url = self.serve_url
        config.plugins["chronology"].reading = self.reading
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
        self.shown = False
        if (self.whole_wanted or config is not None or self.config is None or self._inputs(self.config) != self.inputs
                or not self._update()):
            if self.shown:  # the browsers loaded what _show_first wrote: they wait for the build, and load it
                self.browsers.reload_at_end()
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
        with _collections_paused():
            return self._apply_change()

    def _apply_change(self) -> bool:
        config = self.config
        plugin = config.plugins["chronology"]
        old, state = plugin.site, plugin.state
        if old is None or not self.whole or state is None:
            return False
        plugin.cache.refresh()
        files, nav, env = state
        try:
            chronology = load(plugin.data_dir, plugin.documents_dir, plugin.cache.records, self.reading)
        except DataErrors:
            return False
        edited = _edited_events(old.blocks.chronology, chronology)
        if not _same_pages(old.blocks.chronology, chronology, edited):
            return False  # new or removed years or event addresses: a whole build
        years = _years_of(edited, old.blocks.chronology, chronology)
        first = year_pages(chronology, years, config.site_url or "", plugin.data_dir, plugin.identity, plugin.cache, previous=old)
        shown = self._show_first(first, old, files)
        self.following = threading.Thread(target=self._follow, args=(chronology, old, first, shown, files), daemon=True)
        self.following.start()  # the edited events' own pages are served already; the rest of the site follows
        return True

    def _generate_the_rest(self, chronology, old, first, shown, files) -> list | None:
        """The whole site generated again and compared with the last one: the pages whose content
        or blocks changed, to render (the other files that changed are written); None when only a
        whole build can apply the change."""
        plugin = self.config.plugins["chronology"]
        new = generate(chronology, self.config.site_url or "", plugin.data_dir, identity=plugin.identity, cache=plugin.cache, exports=False,
                       previous=old, first=first, stopping=self.superseded.is_set)
        exports = old.pages.keys() - new.pages.keys()
        if new.nav != old.nav or not exports.isdisjoint(new.pages) or new.search_entries != old.search_entries:
            return None
        if any(not uri.startswith(f"{DOWNLOADS}/") for uri in exports):
            return None
        changed_pages = []
        for uri, content in new.pages.items():
            if self.superseded.is_set():
                raise Superseded
            file = files.get_file_from_path(uri)
            if file is None:
                return None
            if isinstance(file.page, GeneratedPage):
                if fingerprint(content, new.blocks) == file.page.fingerprint:
                    continue
                search = file.page.meta.get("search")
                if not (isinstance(search, dict) and search.get("exclude")):
                    return None  # what the theme's search index holds of it changes: a whole build
                changed_pages.append((file, content))
            elif content != old.pages[uri]:
                write_file(Path(file.abs_dest_path), content)
                if isinstance(content, str):
                    file.content_string = content
                else:
                    file.content_bytes = content
        new.pages |= {uri: old.pages[uri] for uri in exports}  # until they are made again, below
        plugin.site = new
        for file, content in changed_pages:
            file.content_string = content
        generated = (files.get_file_from_path(uri) for uri in new.pages)
        for file in [*shown, *(file for file in generated if isinstance(file.page, GeneratedPage))]:
            file.page.blocks = new.blocks  # (an unchanged page shows the same with them; the last site's are let go)
        changed_pages.sort(key=lambda page: page[0].src_uri not in first.pages)  # (should the first have shown less than the whole site does)
        return changed_pages

    def _show_first(self, first, old, files) -> list:
        """The year pages of the edited events (pages.year_pages), rendered, written and shown in the
        browsers before the rest of the site is generated again; the files of the pages rendered."""
        shown = []
        for uri, content in first.pages.items():
            file = files.get_file_from_path(uri)
            if file is None:
                continue
            if not isinstance(file.page, GeneratedPage):
                if content != old.pages.get(uri):
                    write_file(Path(file.abs_dest_path), content)
                    old.pages[uri] = content  # (written: the comparison with the whole site's skips it)
            elif fingerprint(content, first.blocks) != file.page.fingerprint:
                file.content_string, file.page.blocks = content, first.blocks
                shown.append(file)
        if shown:
            self._render([(file, None) for file in shown])
            log.info(f"{_pages(len(shown))} rendered again")
            self.browsers.reload_now()
            self.shown = True
        return shown

    def _render(self, pages: list, stopping=None) -> None:
        """Render and write pages, each written beside its file and then put in its place (the
        server answers meanwhile, and must never send a page half-written). With `stopping`, a
        page is left as it was once `stopping()` is true (Superseded)."""
        config = self.config
        files, nav, env = config.plugins["chronology"].state
        doc_files = files.documentation_pages()
        for file, _ in pages:
            destination = file.abs_dest_path
            file.page.stopping = stopping
            with written_in_place(Path(destination)) as writing:
                file.abs_dest_path = str(writing)  # (a cached property: set for this page alone)
                try:
                    _populate_page(file.page, config, files)
                    _build_page(file.page, config, doc_files, nav, env)
                except Superseded:
                    file.page.fingerprint = None  # not written: the next update renders it
                    raise
                finally:
                    file.abs_dest_path = destination

    def _follow(self, chronology, old, first, shown, files) -> None:
        """After the first pages: the rest of the site generated again, the other pages that
        changed, then (after a second without a save) the open-data files; the browsers are reloaded
        when the pages are written, and again when the files are. A newer change stops this between
        two pages or files, or inside a page (what is left shows as changed to the next update,
        which renders it). If only a whole build can apply the change, requests wait for one, and
        it is started."""
        try:
            if shown and self.superseded.wait(FETCHING):
                return
            with _collections_paused():
                pages = self._generate_the_rest(chronology, old, first, shown, files)
            if pages is None:
                self.whole_wanted = True
                self.browsers.reload_at_end()
                self.browsers.rebuild()
                return
            self._write_the_rest(pages, chronology, self.config.plugins["chronology"].site, files)
        except Superseded:
            pass
        except Exception as error:  # noqa: BLE001 - the server stays up; the next change tries again
            log.warning(terminal_safe(f"the pages after the first could not be written: {type(error).__name__}: {error}"))

    def _write_the_rest(self, pages: list, chronology, site, files) -> None:
        for page in pages:
            if self.superseded.is_set():
                return
            self._render([page], stopping=self.superseded.is_set)
        if pages:
            log.info(f"{_pages(len(pages), 'more ')} rendered again")
            self.browsers.reload()
        if self.superseded.wait(QUIET):  # saved again meanwhile: the open data waits for the last save
            return
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
            self.browsers.reload()

    def _stop_following(self) -> None:
        if self.following is not None:
            self.superseded.set()
            self.following.join()
            self.following = None
            self.superseded.clear()


class _CollectionsPaused:
    """Python's cyclic garbage collector paused while pages are made (each collection would walk the
    whole heap), and on again when neither an update nor the thread that follows it still makes them."""

    def __init__(self):
        self._lock = threading.Lock()
        self._makers = 0
        self._was_on = True

    @contextmanager
    def __call__(self):
        with self._lock:
            if self._makers == 0:
                self._was_on = gc.isenabled()
                gc.disable()
            self._makers += 1
        try:
            yield
        finally:
            with self._lock:
                self._makers -= 1
                if self._makers == 0 and self._was_on:
                    gc.enable()


_collections_paused = _CollectionsPaused()


def _pages(count: int, more: str = "") -> str:
    return f"{count} {more}page{'s' * (count != 1)}"


def _same_pages(old: Chronology, new: Chronology, edited: set[str]) -> bool:
    """Whether the same years and the same event addresses (each event's and its former ids') are
    there: only the `edited` events can have changed them."""
    if old.event_by_id.keys() != new.event_by_id.keys():
        return False
    pairs = [(old.event_by_id[i], new.event_by_id[i]) for i in edited if i in new.event_by_id]
    if any(before.former_ids != after.former_ids for before, after in pairs):
        return False
    if all(before.when.year_label == after.when.year_label for before, after in pairs):
        return True
    return {e.when.year_label for e in old.events} == {e.when.year_label for e in new.events}


class _Browsers:
    """The open pages of the served site, reloaded through the versions of the site the live-reload
    server keeps (its private epochs: MkDocs is pinned below 2); without a server, nothing happens.
    Each page polls for a version newer than its own."""

    def __init__(self, server: LiveReloadServer | None = None):
        self.server = server

    def reload(self) -> None:
        """After a build: as the server does at its end, unless a build is under way (its end does)."""
        if (server := self.server) is None:
            return
        with server._rebuild_cond, server._epoch_cond:  # (the server starts a build under the first)
            now = _timestamp()
            if server._visible_epoch == server._wanted_epoch < now:
                server._visible_epoch = server._wanted_epoch = now
                server._epoch_cond.notify_all()

    def reload_now(self) -> None:
        """During a build: now, not only when it ends (the end then reloads nothing more: the version
        they load is the build's)."""
        if (server := self.server) is None:
            return
        with server._epoch_cond:
            server._visible_epoch = server._wanted_epoch
            server._epoch_cond.notify_all()

    def rebuild(self) -> None:
        """Have the server build again, as after a change it saw."""
        if (server := self.server) is None:
            return
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    def reload_at_end(self) -> None:
        """During a build whose first pages were shown (reload_now): requests wait again for the rest
        of it, and its end reloads the pages again."""
        if (server := self.server) is None:
            return
        with server._rebuild_cond:
            server._wanted_epoch = max(_timestamp(), server._visible_epoch + 1)


def _edited_events(old: Chronology, new: Chronology) -> set[str]:
    """The ids of the events an edit added, changed or removed."""
    return {key.removeprefix("event/") for key in new.changed_since(old) if key.startswith("event/")}


def _years_of(edited: set[str], old: Chronology, new: Chronology) -> set[str]:
    """The years of the `edited` events, before and after the edit."""
    events = [chronology.event_by_id.get(event_id) for event_id in edited for chronology in (old, new)]
    return {event.when.year_label for event in events if event is not None}
