"""The chronology as an MkDocs plugin: `plugins: [chronology]` in mkdocs.yml.

Thin glue between MkDocs and the chronology: load the data folder, add the generated pages and
their navigation, register the Markdown extension that places events, and, after the build,
pack the site into a zip. Under `mkdocs serve`, a data error leaves the last good version up,
with the errors in the terminal and on every page.
"""

from __future__ import annotations

import html
import logging
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

from .blocks import ROOT
from .cache import Cache, project_cache
from .cores import release_free_memory
from .directives import EventDirectives, GeneratedPage
from .errors import DataErrors, terminal_safe
from .identity import OPTIONS, identity_from_config
from .exports import PATHS as DOWNLOAD_PATHS
from .kept_pages import KeptFile, KeptPages, Unstable, build_context, known_markdown
from .load import Reading, load
from .output import CLASH, MARKER, MARKER_TEXT, UnsafeOutput, check_site_dir, clashes, hand_written, mkdocs_inputs
from .policy import PLACEHOLDER, PagePolicy
from .pages import GeneratedSite, generate
from .search import compact_theme_index, use_site_worker
from .serving import StaysUp
from .text import inline_html, site_address
from .offline_zip import ZIP_SIZE, site_zip, write_site_zip
from .site import source_date_problem

_ROOT_FINDER = re.compile(r'<script id="__root"[^>]*>(.*?)</script>', re.S)
# The engine's layer over the theme: templates, and the files they load (copied as the theme's own;
# a site's custom_dir or docs/ may replace any of them).
THEME_DIR = Path(__file__).parent / "theme"
STYLESHEET = "assets/stylesheets/chronology.css"
SCRIPT = "assets/javascripts/chronology.js"
IFRAME_WORKER_URI = "assets/javascripts/iframe-worker/shim.js"  # lets search run from file:// (MIT, LICENSE beside it; scope.js loads it)
# plugins whose part in a page is known (kept_pages.py); with any other plugin or hook, every page is rendered
KNOWN_PLUGINS = {"material/search", "material/offline", "chronology"}
MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "tables", "toc")  # headings with {#ids}, blocks of HTML, tables


# Who and what the chronology is: options identity.py checks (with their defaults) as it checks data.
IdentityOptions = type("IdentityOptions", (Config,), {name: c.BaseConfigOption() for name in OPTIONS})


class ChronologyConfig(IdentityOptions):
    data_dir = c.Type(str, default="data")
    # the sources' documents, to check every quote against; skipped when the folder is absent
    documents_dir = c.Type(str, default="")
    # validated records and rendered HTML kept in .cache/chronology/ beside mkdocs.yml (`--no-cache`: off)
    cache = c.Type(bool, default=True)


class ChronologyPlugin(BasePlugin[ChronologyConfig]):
    """Kept across rebuilds of `mkdocs serve` (it has on_startup), so the last good site survives an error."""

    def __init__(self):
        self.written: set[str] = set()  # generated pages this plugin wrote itself
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet_about_written)
        self.command = "build"
        self.site: GeneratedSite | None = None  # the last good one
        self.errors: list[str] = []
        self.problems: list[str] = []  # under serve: a rebuild that failed (serving.StaysUp)
        self.chronology = None  # set by scripts/build.py, which has loaded the data already
        self.identity = None
        self.cache: Cache | None = None  # set with it; under serve, kept from one rebuild to the next
        self.folders_given: tuple = (None, None)  # data and documents folders given to `chronology serve`
        self.reading = None  # under `chronology serve`, its load.Reading of the data folder
        self.state = None  # files, navigation and theme environment of the last build, for serve.py
        self.previous_site: Path | None = None  # set by scripts/build.py: the site folder the build replaces
        self.kept: KeptPages | None = None

    def on_startup(self, *, command, dirty):
        self.command = command

    def on_config(self, config):
        base = Path(config.config_file_path or ".").resolve().parent
        self.data_dir, self.documents_dir = folders(self.config, base)
        data_given, documents_given = self.folders_given
        self.data_dir = Path(data_given).resolve() if data_given is not None else self.data_dir
        self.documents_dir = Path(documents_given).resolve() if documents_given is not None else self.documents_dir
        _use_engine_theme(config)
        if self.command == "build" and self.chronology is None:
            _refuse_unsafe(config, base, self.data_dir, self.documents_dir)
            if problem := source_date_problem():  # (the chronology command refuses it before MkDocs starts)
                raise PluginError(problem)
        if config.site_url:
            try:
                config.site_url = site_address(config.site_url)
            except ValueError as problem:
                raise PluginError(f"site_url (CHRONOLOGY_SITE_URL) {config.site_url!r} {problem}") from None
        if self.command == "serve":  # a warning must not stop the author's preview (it would stop serving)
            config.strict = False
            _stop_counting_warnings()
        try:
            self.identity = identity_from_config(config, self.config)
            config.extra["chronology_corrections"] = self.identity.corrections  # for the footer (theme/partials/copyright.html)
            config.extra["chronology_copyright"] = inline_html(self.identity.copyright) if self.identity.copyright else ""
            if self.chronology is None:
                self._start_cache(base, config)
                reading = self.reading if self.reading is not None else Reading(self.cache.checks)
                chronology = load(self.data_dir, self.documents_dir, self.cache.records, reading)
            else:
                chronology = self.chronology
            self.chronology = None  # a rebuild reads the data again
            self.site, self.errors = generate(chronology, config.site_url or "", self.data_dir, identity=self.identity, cache=self.cache,
                                              wait=False), []  # the open-data files are written after the pages
        except DataErrors as errors:
            if self.command != "serve":
                raise PluginError(f"data errors:\n{errors}") from None
            self.errors = [str(e) for e in errors.errors]
            print(f"{len(self.errors)} data errors; serving the last good version:\n{errors}", file=sys.stderr)
        except Exception as error:  # under serve, whatever goes wrong is shown and the last good site stays
            if self.command != "serve":
                raise
            self.errors = [terminal_safe(f"the data could not be read: {type(error).__name__}: {error}")]
            print(f"{self.errors[0]}; serving the last good version", file=sys.stderr)
        config.extra["content_security_policy"] = PLACEHOLDER
        if self.site and self.errors:  # the last good site again: its open data too
            self.site.make_exports_again(self.identity, config.site_url or "")
        if self.site:
            config.nav = self.site.nav + (config.nav or [])
            config.markdown_extensions.append(EventDirectives(self.site.blocks))
        return config

    def _start_cache(self, base: Path, config) -> None:
        if self.cache is None:
            self.cache = project_cache(base, self.config.cache, keep_out_of=(self.data_dir, Path(config.docs_dir)))
        else:
            self.cache.refresh()

    def on_files(self, files: Files, config):
        if self.site and (clashing := clashes(list(self.site.pages), Path(config.docs_dir))):
            raise PluginError("\n".join(f"{path}: {CLASH}" for path in clashing))
        for uri, content in (self.site.pages.items() if self.site else ()):
            files.append(File.generated(config, uri, content=content))
        worker = files.get_file_from_path(IFRAME_WORKER_URI)
        self.worker = Path(worker.abs_src_path).read_text(encoding="utf-8")
        self.policy = PagePolicy(self.worker)
        files.append(File.generated(config, "robots.txt", content=_robots(config.site_url)))
        if self.identity:
            files.append(File.generated(config, site_zip(self.identity.name), content=b""))  # filled in after the build
        return files

    def on_nav(self, nav, *, config, files):
        """Generated pages are rendered by the chronology (directives.GeneratedPage), not by MkDocs alone."""
        self.written, self._nav, self.stating = set(), nav, []
        if self.kept:  # (a build that failed did not finish with it)
            self.kept.close()
        self.kept = None
        known = set(config.plugins) <= KNOWN_PLUGINS and known_markdown(config, (EventDirectives,))
        if self.command == "build" and self.cache and self.cache.folder and self.site and known:
            try:
                self.kept = KeptPages(self.cache.pages, self.cache.signatures, self.previous_site, build_context(config, nav, files, self.cache.version, self.worker))
            except Unstable:
                pass
        for uri, content in (self.site.pages.items() if self.site else ()):
            file = files.get_file_from_path(uri)
            if uri.endswith(".md") and file is not None and file.page is not None:
                file.page.__class__ = GeneratedPage
                file.page.blocks, file.page.kept = self.site.blocks, self.kept
            elif self.command == "build" and file is not None and content and uri not in DOWNLOAD_PATHS:  # (those are written after)
                file.__class__ = KeptFile
                file.kept = self.kept
                file.copy_file()  # now: its text need not be held while the pages are rendered
        if self.site and self.command == "build":
            self.site.hand_over_files()
        return nav

    def on_env(self, env, *, config, files):
        self.state = (files, self._nav, env)
        if self.site and self.command == "build":
            self.site.blocks.pages_populated()
            release_free_memory()
        return env

    def on_page_content(self, html_text: str, *, page, config, files):
        html_text = html_text.replace(ROOT, _root(page))
        errors = [*self.problems, *self.errors]
        return _error_banner(errors) + html_text if errors else html_text

    @event_priority(10)  # before the theme's search index reads the page
    def on_page_context(self, context, *, page, config, nav):
        """A searched page's blocks put into its content, one page at a time (until now it held markers)."""
        if isinstance(page, GeneratedPage) and page.searched and page.deferred is not None:
            page.content, page.deferred = "".join(page.written(page.content, _root(page))), None
        return context

    def on_post_page(self, output: str, *, page, config):
        output = self.policy.apply(use_site_worker(output))
        if ZIP_SIZE in output:
            self.stating.append(Path(page.file.abs_dest_path))
        if not isinstance(page, GeneratedPage):
            return output
        page.content = page.markdown = None  # written: no page shows another's content, so it need not stay in memory
        if page.was_kept:
            self.written.add(page.file.src_uri)
            return ""  # its file is in place already
        if page.deferred is None:
            return output
        if self.kept and ZIP_SIZE not in output:
            self.kept.rendered_page(page)
        path = Path(page.file.abs_dest_path)  # written here block by block, never whole in memory
        path.parent.mkdir(parents=True, exist_ok=True)
        root = _root(page)
        with path.open("w", encoding="utf-8", errors="xmlcharrefreplace", newline="") as file:
            for piece in page.written(output, root):
                file.write(piece)
        page.deferred = None
        self.written.add(page.file.src_uri)
        return ""  # MkDocs writes nothing more

    def on_post_template(self, output: str, *, template_name: str, config):
        """The 404 page, which a host serves at any depth: its links are made relative to the site root
        (MkDocs makes them root-absolute), and its first script makes the root it finds the page's base."""
        if template_name == "404.html":
            output = _relative_to_root(output, urlsplit(config.site_url or "").path or "/")
            return self.policy.apply(use_site_worker(output), inline=_ROOT_FINDER.search(output).group(1), base_uri="'self'")
        return self.policy.apply(use_site_worker(output))

    @event_priority(50)  # before the search plugin writes its index
    def _add_search_entries(self, *, config):
        search = config.plugins.get("material/search")
        if search and self.site:
            search.search_index.entries.extend(self.site.search_entries)
        if self.site and self.command != "serve":  # every page is written: what comes next (the indexes, the zip) reuses their memory
            self.site.blocks.let_go()
            release_free_memory()

    @event_priority(-200)  # after the offline plugin has written its search index script
    def _finish_site(self, *, config):
        site_dir = Path(config.site_dir)
        if self.site:
            self.site.finish_exports(site_dir)  # over the empty files that held their places
        compact_theme_index(site_dir)
        (site_dir / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        if self.command != "serve":  # the offline copy is for readers; an author's preview does without it
            write_site_zip(site_dir, site_dir / site_zip(self.identity.name), self.stating, self.cache.deflated if self.cache else None,
                           self.kept.members(self.state[0]) if self.kept else None)
        if self.kept:
            self.kept.finish(site_dir, self.state[0])
        if self.cache and self.previous_site is None:  # (else scripts/build.py saves it with the site in its place)
            self.cache.save()

    on_post_build = CombinedEvent(_add_search_entries, _finish_site)

    def _quiet_about_written(self, record: logging.LogRecord) -> bool:
        """MkDocs says it skipped a page it did not write: true of the pages written here."""
        message = record.getMessage()
        return not (message.startswith("Page skipped: '") and message.split("'")[1] in self.written)

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.data_dir))
        server.builder = StaysUp(server.builder, config, self.problems)
        return server


def _stop_counting_warnings() -> None:
    """MkDocs counts warnings for strict mode from the start of a build, before any plugin sees its
    configuration; under serve, a page a browser asks for that is not there (a warning of the
    server's) would stop the rebuild."""
    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if isinstance(h, CountHandler)]:
        logger.removeHandler(handler)


def _use_engine_theme(config) -> None:
    """The engine's templates after the site's own (custom_dir) and before the theme's, its
    stylesheet and script in every page, and the Markdown extensions the generated
    pages are written with."""
    if config.theme.name != "material":
        raise PluginError(f"theme: {config.theme.name!r}; the chronology's pages are made for the Material theme "
                          "(theme: {name: material})")
    config.theme["font"] = False  # the theme's web fonts come from a font service: the system's fonts are used
    config.markdown_extensions += [name for name in MARKDOWN_EXTENSIONS if name not in config.markdown_extensions]
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    if SCRIPT not in map(str, config.extra_javascript):
        config.extra_javascript.append(SCRIPT)
    # the offline plugin names the shim on a CDN (no network at view time); the packaged copy is
    # loaded by scope.js, and only from disk, where search needs it
    config.extra["polyfills"] = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]


def folders(options: ChronologyConfig, base: Path) -> tuple[Path, Path | None]:
    """The data folder and, if it exists, the documents folder, relative to mkdocs.yml (PluginError
    if what it names is not a folder: the quotes would go unchecked without a word)."""
    documents = (base / options.documents_dir).resolve() if options.documents_dir else None
    if documents is not None and documents.exists() and not documents.is_dir():
        raise PluginError(f"documents_dir (CHRONOLOGY_DOCUMENTS_DIR) {options.documents_dir!r} is not a folder; expected "
                          "the folder of the sources' documents (or a path where there is none, to check no quotes)")
    return (base / options.data_dir).resolve(), documents if documents and documents.is_dir() else None


def _refuse_unsafe(config, base: Path, data_dir: Path, documents_dir: Path | None) -> None:
    """`mkdocs build` empties its site folder: never one that holds data or hand-written files."""
    try:
        check_site_dir(Path(config.site_dir), base, hand_written(base, data_dir, documents_dir, *mkdocs_inputs(config)))
    except UnsafeOutput as problem:
        raise PluginError(str(problem)) from None


def _root(page) -> str:
    """The site's root as a page links to it."""
    return "/".join([".."] * page.file.url.count("/")) or "."


def _relative_to_root(output: str, base: str) -> str:
    """Root-absolute links of a page (`/sub/path/x.html` under `base` /sub/path/) as `./x.html`."""
    prefix = re.escape(base.rstrip("/") + "/")
    output = re.sub(rf'\b(href|src|data-scope)="{prefix}(?!/)', r'\1="./', output)
    output = re.sub(rf'\bdata-scope="{re.escape(base.rstrip("/"))}"', 'data-scope="./"', output)
    return re.sub(rf'"(base|search)": "{prefix}', r'"\1": "./', output)


def _robots(site_url: str | None) -> str:
    """Every page may be indexed; the sitemap is named when the published address is known."""
    return "User-agent: *\nAllow: /\n" + (f"Sitemap: {site_url}sitemap.xml\n" if site_url else "")


def _error_banner(errors: list[str]) -> str:
    items = "".join(f"<li><code>{html.escape(e)}</code></li>" for e in errors)
    return (f'<div class="admonition failure chronology-errors" role="alert"><p class="admonition-title">'
            f"{len(errors)} error{'s' * (len(errors) != 1)}: this is the last good version</p><ul>{items}</ul></div>")
