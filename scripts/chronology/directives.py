"""Directives that put rendered events into pages, and the generated pages that hold them.

A generated page holds its headings and prose in Markdown and names its events with directives:

    ::: event 1992-02-12-diplomatic-relations        the event in full
    ::: events theme/diplomacy                       its events, one line each
    ::: chart timeline                               a chart drawn from a template
    ::: dataset site                                 the Data page's schema.org Dataset
    ::: notes formation                              a period's sources, as numbered notes
    ::: sources trade-turnover                       where a chart's figures come from
    ::: entry source/smith-2003                      an index page's entry, with its events

A generated page (`GeneratedPage`) is split at its directives: only the prose between them goes
through Python-Markdown (with MkDocs' own link checks); the directives' HTML comes from
`EventBlocks` (templates and the cache) and their headings go straight into the table of
contents. The links and anchors inside that HTML are checked as MkDocs checks a page's own, with
its messages and at its validation levels (so strict mode fails on them). A page keeps only
markers for its blocks until it is written: a page left out of the theme's search index is written
block by block, and a searched one gets its blocks just before the index reads it. No stage holds
every page's HTML at once.

In hand-written pages the same directives work through a Python-Markdown extension.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Iterator

import markdown
from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.extensions.toc import nest_toc_tokens
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mkdocs.structure.pages import (
    Page, _ExtractAnchorsTreeprocessor, _ExtractTitleTreeprocessor, _RawHTMLPreprocessor, _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

from .cache import Store, digest
from .errors import Superseded, WarningsSeen
from .kept_pages import KEPT_TEMPLATE, Unstable, known_markdown, restore, stable_text
from .spool import Spooled, text

log = logging.getLogger("mkdocs.plugins.chronology")
DIRECTIVE = re.compile(r"^::: ([a-z]+) (\S+)(?: level=([2-6]))?$")
_TOC_ONLY = "data-chronology-toc"
MARK = "\x1d"  # stands for a block in a page's content until it is written; data text cannot hold it
_MARKED = re.compile(f"{MARK}(\\d+){MARK}")


@dataclass
class Directive:
    kind: str
    key: str
    level: int | None


def split(text: str) -> list[str | Directive]:
    """A page's Markdown as prose and directives, in order. A directive stands at the start of a
    block (after a blank line), alone on its line; lines of directives may follow one another."""
    parts: list[str | Directive] = []
    prose: list[str] = []
    lines = text.split("\n")
    at_block_start = True
    index = 0
    while index < len(lines):
        line = lines[index]
        if at_block_start and line.startswith("::: ") and DIRECTIVE.match(line.strip()):
            if prose:
                parts.append("\n".join(prose))
                prose = []
            while index < len(lines) and (match := DIRECTIVE.match(lines[index].strip())):
                kind, key, level = match.groups()
                parts.append(Directive(kind, key, int(level) if level else None))
                index += 1
            at_block_start = False
            continue
        prose.append(line)
        at_block_start = not line.strip()
        index += 1
    if prose and any(line.strip() for line in prose):
        parts.append("\n".join(prose))
    return parts


@dataclass
class Placed:
    """A directive's HTML with what the page needs to know of it: the heading it adds to the table
    of contents, the anchors it holds and the links it makes (site paths from the root, anchors)."""

    html: str | bytes | Spooled  # with its heading at level 2 (blocks.EventBlocks.held)
    heading: tuple[int, str, str] | None = None  # level, id, title
    anchors: frozenset = frozenset()
    links: tuple = ()
    own_anchors: tuple = ()  # links to anchors on the same page
    level: int = 2  # the level its heading is shown at (at_level)


def at_level(block_html: str, level: int) -> str:
    """An event block with its heading at `level` (the printable chronology's are under its years')."""
    if level == 2:
        return block_html
    return block_html.replace("<h2 ", f"<h{level} ", 1).replace("</h2>", f"</h{level}>", 1)


def placed(blocks, directive: Directive) -> Placed | None:
    """The HTML of a directive, or None (with a warning) when it names nothing."""
    try:
        if directive.kind == "entry":
            level, anchor, title, block_html = blocks.entry(directive.key)
            return Placed(block_html, (level, anchor, title), *blocks.inspected(directive.kind, directive.key, block_html))
        if directive.kind == "event":
            title, block_html = blocks.event(directive.key)
        else:
            title, block_html = None, blocks.block(directive.kind, directive.key)
    except KeyError:
        log.warning(f"'::: {directive.kind} {directive.key}': there is no such {directive.kind}; check the name")
        return None
    found = blocks.inspected(directive.kind, directive.key, block_html)
    if directive.kind != "event":
        return Placed(block_html, None, *found)
    level = directive.level or 2
    return Placed(block_html, (level, directive.key, title), *found, level=level)


def fingerprint(content: str, blocks) -> str:
    """What a generated page shows: its text and what each of its directives shows."""
    return digest(content, *(blocks.key_of(d.kind, d.key) for d in split(content) if isinstance(d, Directive)))


class GeneratedPage(Page):
    """A page the chronology generates: prose through Markdown, blocks from the templates."""

    blocks = None  # EventBlocks, set by the plugin for each build
    deferred: list[tuple[str | bytes | Spooled, int]] | None = None  # the blocks' HTML and heading levels, while the content holds markers for them
    searched = False  # in the theme's search index: its blocks are put in before the index reads it (the plugin's on_page_context)
    fingerprint: str | None = None  # what it showed when last rendered
    stopping = None  # under serve, while the pages after the first are rendered: true once a newer change came
    kept = None  # KeptPages, in a build that may take pages from the last one
    was_kept = False  # its file is the last build's (kept_pages.py): it is not rendered

    def _go_on(self) -> None:
        if self.stopping is not None and self.stopping():
            raise Superseded

    def render(self, config, files) -> None:
        search = self.meta.get("search")
        self.searched = not (isinstance(search, dict) and bool(search.get("exclude")))
        self.fingerprint = fingerprint(self.file.content_string, self.blocks)
        learned = self.kept.take(self) if self.kept is not None and not self.searched else None
        self.was_kept = learned is not None
        if learned is not None:
            restore(self, learned, files)
            self.content, self.toc, self.deferred = "", get_toc([]), None
            self.meta["template"] = KEPT_TEMPLATE
            return
        md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors_ext = _ExtractAnchorsTreeprocessor(self.file, files, config)
        anchors_ext._register(md)
        relative = _RelativePathTreeprocessor(self.file, files, config)
        relative._register(md)
        title_ext = _ExtractTitleTreeprocessor()
        title_ext._register(md)
        parts, tokens, anchors, deferred = [], [], set(), []
        links: dict[str, dict[str, str]] = {}  # site path -> anchor -> the link as written
        prose_links: dict = {}  # file -> anchor -> the link as written, from the prose
        own: dict[str, str] = {}
        title = None
        prose = _Prose(self, md, files, config, (raw_html, anchors_ext, relative, title_ext))
        for part in split(self.markdown):
            self._go_on()
            if isinstance(part, str):
                rendered = prose.render(part)
                parts.append(rendered.html)
                tokens += [dict(token) for token in rendered.tokens]
                anchors |= rendered.anchors
                for target, anchor, link in rendered.links:
                    prose_links.setdefault(files.get_file_from_path(target), {}).setdefault(anchor, link)
                title = title or rendered.title
                continue
            block = placed(self.blocks, part)
            if block is None:
                continue
            if block.heading:
                level, anchor, heading = block.heading
                tokens.append({"level": level, "id": anchor, "name": html.escape(heading, quote=False), "children": []})
            anchors |= block.anchors
            for path, anchor in block.links:
                links.setdefault(path, {})
                if anchor:
                    links[path].setdefault(anchor, path)
            for anchor in block.own_anchors:
                own.setdefault(anchor, f"#{anchor}")
            parts.append(f"{MARK}{len(deferred)}{MARK}")  # (with its level: a copy at another level is made as it is written)
            deferred.append((block.html, block.level))
        self.content = "\n".join(parts)
        self.deferred = deferred
        self.toc = get_toc(nest_toc_tokens(tokens))
        self._title_from_render = title
        self.present_anchor_ids = anchors
        if log.getEffectiveLevel() > logging.DEBUG or logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = prose_links
            self._check_links(links, own, files, config)

    def _check_links(self, links: dict, own: dict, files, config) -> None:
        """The blocks' links as MkDocs checks a page's own: a target that is no file of the site
        is reported now, an anchor once every page is rendered (by MkDocs)."""
        by_url = _files_by_url(files)
        back = "/".join([".."] * self.file.url.count("/")) or "."
        for path, anchors in links.items():
            target = by_url.get(path)
            shown = f"{back}/{path}"
            if target is None:
                log.log(config.validation.links.not_found,
                        f"Doc file '{self.file.src_uri}' contains a link '{shown}', but the target '{path}' is not found among documentation files.")
                continue
            for anchor in anchors:
                self.links_to_anchors.setdefault(target, {}).setdefault(anchor, f"{shown}#{anchor}")
        for anchor, link in own.items():
            self.links_to_anchors.setdefault(self.file, {}).setdefault(anchor, link)

    def written(self, output: str, root: str) -> Iterator[str]:
        """The page's final HTML in pieces: the theme's output with each marked block put in."""
        deferred = self.deferred or []
        start = 0
        for match in _MARKED.finditer(output):
            self._go_on()
            yield output[start:match.start()]
            block_html, level = deferred[int(match.group(1))]
            yield at_level(text(block_html), level).replace("\x1e", root)
            start = match.end()
        yield output[start:]


@dataclass(frozen=True)
class _Rendered:
    """Prose of a page through Markdown, with what MkDocs gathers from it."""

    html: str
    tokens: tuple  # table of contents entries, flat
    anchors: frozenset
    links: tuple  # (target file's src_uri, anchor, the link as written)
    targets: tuple  # every file it links to (src_uri)
    title: str | None


class _Prose:
    """Renders a page's prose; a piece rendered before for the same page, with no warning, comes
    from the cache (if every file it links to is still there)."""

    def __init__(self, page: "GeneratedPage", md, files, config, extensions):
        self.page, self.md, self.files = page, md, files
        self.raw_html, self.anchors, self.relative, self.title = extensions
        try:  # (code or files the settings do not show could change the prose: then nothing is kept)
            settings = stable_text([config["markdown_extensions"], config["mdx_configs"], config.validation])
        except Unstable:
            settings = None
        known = settings is not None and known_markdown(config, (EventDirectives,))
        self.store = page.blocks.pages_store if known else Store(None, "")
        self.fixed = digest(self.store.version, page.file.src_uri, settings or "")

    def render(self, text: str) -> _Rendered:
        key = digest(self.fixed, text)
        found = self.store.get(key)
        if found is not None and all(self.files.get_file_from_path(t) is not None for t in found.targets):
            return found
        self.relative.links_to_anchors = {}
        watch = WarningsSeen()
        logging.getLogger("mkdocs").addHandler(watch)
        try:
            html_text = self.md.reset().convert(text)
        finally:
            logging.getLogger("mkdocs").removeHandler(watch)
        links = tuple((f.src_uri, anchor, link) for f, anchors in self.relative.links_to_anchors.items() for anchor, link in anchors.items())
        rendered = _Rendered(html_text, tuple(_flat(getattr(self.md, "toc_tokens", []))),
                             frozenset(self.anchors.present_anchor_ids | self.raw_html.present_anchor_ids), links,
                             tuple(sorted(_targets(html_text, self.page.file, self.files))), self.title.title)
        if not watch.seen:  # a warning must show again on the next build
            self.store.put(key, rendered)
        return rendered


_HREF = re.compile(r'(?:href|src)="([^"#:?]+)[^"]*"')


def _targets(html_text: str, page_file, files) -> set[str]:
    """The site files a piece of rendered prose links to (relative links only)."""
    base = posixpath.dirname(page_file.url)
    by_url = _files_by_url(files)
    found = set()
    for href in _HREF.findall(html_text):
        target = by_url.get(posixpath.normpath(posixpath.join(base, href)))
        if target is not None:
            found.add(target.src_uri)
    return found


_BY_URL: list = [None, {}]  # the files of the build last asked about, and their index


def _files_by_url(files) -> dict:
    """The site's files by the address pages link them at (kept for the files of one build)."""
    if _BY_URL[0] is not files or len(_BY_URL[1]) < len(files):
        index = {f.url: f for f in files}
        index.update({f.dest_uri: f for f in files})
        _BY_URL[:] = [files, index]
    return _BY_URL[1]


def _flat(tokens: list[dict]) -> list[dict]:
    """A nested table of contents as one list, in order, without the nesting (to nest again)."""
    flat = []
    for token in tokens:
        flat.append({k: v for k, v in token.items() if k != "children"} | {"children": []})
        flat += _flat(token.get("children", []))
    return flat


# --- the same directives in hand-written pages -------------------------------------------


class EventDirectives(Extension):
    """`blocks` (EventBlocks) gives the HTML."""

    def __init__(self, blocks):
        super().__init__()
        self.blocks = blocks

    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(_DirectiveProcessor(md.parser, self), "chronology_events", 95)
        md.treeprocessors.register(_DropTocHeadings(md), "chronology_toc_headings", 4)  # after toc (5)


class _DirectiveProcessor(BlockProcessor):
    def __init__(self, parser, extension: EventDirectives):
        super().__init__(parser)
        self.extension = extension

    def test(self, parent, block):
        return block.startswith("::: ")

    def run(self, parent, blocks):
        lines = blocks.pop(0).split("\n")
        for number, line in enumerate(lines):
            match = DIRECTIVE.match(line.strip())
            if not match:
                blocks.insert(0, "\n".join(lines[number:]))
                return number > 0
            kind, key, level = match.groups()
            block = placed(self.extension.blocks, Directive(kind, key, int(level) if level else None))
            if block is None:
                continue
            if block.heading:  # seen by the table of contents and MkDocs' anchor check, then taken out
                level, anchor, title = block.heading
                heading = etree.SubElement(parent, f"h{level}", {"id": anchor, _TOC_ONLY: ""})
                heading.text = AtomicString(title)  # plain text: no Markdown in a title
            holder = etree.SubElement(parent, "p")
            holder.text = self.parser.md.htmlStash.store(text(block.html))
        return True


class _DropTocHeadings(Treeprocessor):
    def run(self, root):
        parents = [parent for parent in root.iter() if any(_TOC_ONLY in child.attrib for child in parent)]
        for parent in parents:
            parent[:] = [child for child in parent if _TOC_ONLY not in child.attrib]
