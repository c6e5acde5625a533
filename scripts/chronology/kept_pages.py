"""Generated pages kept from the last build: a page that would come out as it did is not rendered
again, its file is taken from the site folder the build replaces.

A page is kept under a key made of everything that shapes its HTML: what it shows (its
fingerprint: its text and the keys of its blocks), its address, the site's configuration and
navigation, the list of the site's files, the theme's templates and the code's version. The last
build's file is copied in only if it is still the one that build wrote (same size, times and
inode) in a folder this tool built. What MkDocs learns from rendering a page (its title, its
anchors, its links to other pages' anchors) is kept with it, so links are checked as if it had
been rendered.

Only pages left out of the theme's search index are kept (the others give the index their text
as they render), and none that holds the zip's size (it changes with any page), nor any from a
build that logged a warning (it must show again); and only by `chronology build`, with no plugin
or hook but the theme's search and offline ones, no Markdown extension but Python-Markdown's own
(`known_markdown`), and a configuration whose every value has a text of its own (a function in it,
say, turns keeping off): code or files that the key does not see could change a page.
"""

from __future__ import annotations

import datetime
import decimal
import logging
import os
import shutil
import stat
from pathlib import Path, PurePath

from babel.core import Locale
from markdown import Extension
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, PluginCollection
from mkdocs.theme import Theme

from .cache import Store, digest
from .errors import WarningsSeen
from .output import MARKER

KEPT_TEMPLATE = "chronology-kept.html"  # renders nothing: the page's file is the last build's
# Python-Markdown's own extensions whose output depends on nothing but the text and their options
# (its version is in the code's version); codehilite, which calls Pygments, is not among them
_MARKDOWN_OWN = {"abbr", "admonition", "attr_list", "def_list", "extra", "fenced_code", "footnotes", "legacy_attrs",
                 "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc", "wikilinks"}
_HAS_TEXT = (str, int, float, bool, type(None), bytes, decimal.Decimal, datetime.date, datetime.datetime, datetime.time, datetime.timedelta)


class Unstable(Exception):
    """A configuration value whose text does not tell what it does (a function, an object)."""


def known_markdown(config, own: tuple = ()) -> bool:
    """Whether every Markdown extension of the site is Python-Markdown's own, or one of `own`
    (instances of the chronology's): no other code or file shapes a page's prose."""
    return all(
        isinstance(extension, own) if not isinstance(extension, str) else extension.removeprefix("markdown.extensions.") in _MARKDOWN_OWN
        for extension in config.markdown_extensions
    )


class KeptPages:
    """The pages of one build: those taken from the last build, and those rendered, to keep."""

    def __init__(self, store: Store, previous_site: Path | None, context: str):
        self.store, self.context = store, context
        self.previous = previous_site if previous_site is not None and (previous_site / MARKER).is_file() else None
        self.rendered: dict[str, tuple] = {}  # src_uri -> (key, what rendering it found), to keep
        self.copied: dict[str, str] = {}  # src_uri -> key, of the pages copied from the last build
        self._warnings = WarningsSeen()
        logging.getLogger("mkdocs").addHandler(self._warnings)

    def key(self, page) -> str:
        return digest(self.context, page.file.src_uri, page.fingerprint)

    def take(self, page) -> tuple | None:
        """What rendering the page found last time, its file now in place; or None (render it)."""
        if self.previous is None:
            return None
        key = self.key(page)
        learned, signature = self.store.get(digest("kept", key)), self.store.get(digest("kept file", key))
        if learned is None or signature is None:
            return None
        if not _copied(self.previous / page.file.dest_uri, Path(page.file.abs_dest_path), signature):
            return None
        self.copied[page.file.src_uri] = key
        return learned

    def rendered_page(self, page) -> None:
        learned = (page._title_from_render, frozenset(page.present_anchor_ids or ()),
                   {target.src_uri: dict(links) for target, links in (page.links_to_anchors or {}).items()})
        self.rendered[page.file.src_uri] = (self.key(page), learned)

    def close(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self._warnings)

    def summary(self) -> str:
        return f"{len(self.copied)} unchanged pages copied from the last build"

    def finish(self, site_dir: Path, files) -> None:
        """Keep the pages of this build (once every file is final), if it logged no warning."""
        self.close()
        if self._warnings.seen:
            return
        for src_uri, (key, learned) in self.rendered.items():
            self.store.put(digest("kept", key), learned)
        for src_uri, key in [*((uri, key) for uri, (key, _) in self.rendered.items()), *self.copied.items()]:
            signature = _signature(site_dir / files.get_file_from_path(src_uri).dest_uri)
            if signature is not None:
                self.store.put(digest("kept file", key), signature)


def build_context(config, nav, files, version: str, worker: str) -> str:
    """What shapes every page's HTML besides the page itself (Unstable: what cannot be told)."""
    import mkdocs
    import material

    # (the versions of MkDocs, Material and this package, its own theme folder with it, are in `version`)
    libraries = [Path(mkdocs.__file__).parent, Path(material.__file__).parent, Path(__file__).parent]
    theme_files = []
    for folder in map(Path, config.theme.dirs):
        if not any(folder.is_relative_to(library) for library in libraries) and folder.is_dir():
            theme_files += [(p.relative_to(folder).as_posix(), p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()]
    hand_written = [(f.src_uri, f.content_bytes) for f in files.documentation_pages() if f.generated_by is None]
    return digest(
        version, worker, os.environ.get("SOURCE_DATE_EPOCH", ""),
        stable_text({key: value for key, value in config.items() if key not in _PER_BUILD}),
        stable_text([_nav_entry(item) for item in nav.items]),
        "\0".join(sorted(f"{f.src_uri}\t{f.dest_uri}\t{f.url}" for f in files)),
        *(part for name, text in theme_files for part in (name, text)),
        *(part for name, text in hand_written for part in (name, text)),
    )


_PER_BUILD = {"site_dir"}  # a new staging folder each time; nothing in a page names it


def _nav_entry(item) -> tuple:
    children = getattr(item, "children", None) or []
    return (type(item).__name__, item.title, getattr(item, "url", None), [_nav_entry(child) for child in children])


def stable_text(value) -> str:
    """A value's text, the same from one run to the next and another whenever the value differs:
    containers with their type and in their order, MkDocs' and Markdown's objects by their options.
    Anything else raises Unstable (its text need not tell what it does)."""
    kind = type(value)
    if kind in _HAS_TEXT or isinstance(value, PurePath) and kind.__module__ == "pathlib":
        return repr(value)
    if kind in (dict, PluginCollection) or isinstance(value, Config):
        return f"{kind.__qualname__}{{" + ", ".join(f"{stable_text(k)}: {stable_text(v)}" for k, v in value.items()) + "}"
    if kind in (list, tuple) or isinstance(value, tuple) and hasattr(kind, "_fields"):  # (a named tuple: MkDocs' address)
        return f"{kind.__qualname__}[" + ", ".join(map(stable_text, value)) + "]"
    if kind in (set, frozenset):
        return f"{kind.__qualname__}{{" + ", ".join(sorted(map(stable_text, value))) + "}"
    if isinstance(value, Theme):
        return f"Theme({stable_text(list(value.dirs))}, {stable_text(dict(value.items()))})"
    if isinstance(value, (BasePlugin, Extension)):  # its options (which plugins and extensions may be there is checked apart)
        return f"{kind.__module__}.{kind.__qualname__}({stable_text(value.config)})"
    if kind is Locale:  # the theme's language
        return f"Locale({value})"
    raise Unstable(f"{kind.__qualname__} in the configuration")


def restore(page, learned: tuple, files) -> None:
    """A kept page as MkDocs would have it after rendering: title, anchors, links to check."""
    page._title_from_render, anchors, links = learned
    page.present_anchor_ids = set(anchors)
    page.links_to_anchors = {files.get_file_from_path(uri): dict(found) for uri, found in links.items()
                             if files.get_file_from_path(uri) is not None}


def _copied(old: Path, new: Path, signature: tuple) -> bool:
    """Copy `old` to `new` if it is a regular file (not a link) with this signature, read from the
    file opened (so it cannot be swapped for another between the look and the copy)."""
    try:
        descriptor = os.open(old, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    with os.fdopen(descriptor, "rb") as source:
        if _signature_of(os.fstat(descriptor)) != signature:
            return False
        new.parent.mkdir(parents=True, exist_ok=True)
        with new.open("xb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
    return True


def _signature(path: Path) -> tuple | None:
    try:
        return _signature_of(os.lstat(path))
    except OSError:
        return None


def _signature_of(found: os.stat_result) -> tuple | None:
    """What changes whenever a regular file's bytes do: its size, times and inode (a link or anything else: None)."""
    if not stat.S_ISREG(found.st_mode):
        return None
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev
