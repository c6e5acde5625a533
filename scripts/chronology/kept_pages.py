"""Generated pages kept from the last build: a page that would come out as it did is not rendered
again, its file is taken from the site folder the build replaces.

A page is kept under a key made of everything that shapes its HTML: what it shows (its
fingerprint: its text and the keys of its blocks), its address, the site's configuration and
navigation, the list of the site's files, the theme's templates and the code's version. The last
build's file is taken only if it is still the one that build wrote (same size, times and inode) in
a folder this tool built; it is linked in, not written again, where the file system allows. What
MkDocs learns from rendering a page (its title, its anchors, its links to other pages' anchors) is
kept with it, so links are checked as if it had been rendered.

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
from mkdocs.structure.files import File
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

    def __init__(self, store: Store, signatures: Store, previous_site: Path | None, context: str):
        self.store, self.signatures, self.context = store, signatures, context  # (signatures: new each build)
        self.previous = previous_site if previous_site is not None and (previous_site / MARKER).is_file() else None
        self.rendered: dict[str, tuple] = {}  # src_uri -> (key, what rendering it found), to keep
        self.copied: dict[str, str] = {}  # src_uri -> key, of the pages copied from the last build
        self.files: dict[str, str] = {}  # dest_uri -> key, of the generated files other than pages (KeptFile)
        self.taken: set[str] = set()  # dest_uri, of the generated files other than pages taken from the last build
        self._to_sign: dict[str, tuple] = {}  # dest_uri -> (key, inode): what the next build may take
        self._warnings = WarningsSeen()
        logging.getLogger("mkdocs").addHandler(self._warnings)

    def key(self, page) -> str:
        return digest(self.context, page.file.src_uri, page.fingerprint)

    def take(self, page) -> tuple | None:
        """What rendering the page found last time, its file now in place; or None (render it)."""
        if self.previous is None:
            return None
        key = self.key(page)
        learned, signature = self.store.get(digest("kept", key)), self.signatures.get(digest("kept file", key))
        if learned is None or signature is None:
            return None
        if not _copied(self.previous / page.file.dest_uri, Path(page.file.abs_dest_path), signature):
            return None
        self.copied[page.file.src_uri] = key
        return learned

    def placed(self, file: File) -> bool:
        """Whether a generated file other than a page is in place, taken from the last build, where
        that build wrote the same bytes; if not, the caller writes it (and it is kept either way)."""
        content = file.content_bytes
        key = self.files[file.dest_uri] = digest("kept bytes", file.dest_uri, content)
        signature = self.signatures.get(key) if self.previous is not None else None
        if signature is None or not _copied(self.previous / file.dest_uri, Path(file.abs_dest_path), signature):
            return False
        self.taken.add(file.dest_uri)
        return True

    def members(self, files) -> dict[str, tuple[str, bool]]:
        """Each file of this build whose bytes a key names: path -> (key, whether it was taken
        unchanged from the last build)."""
        dest = lambda uri: files.get_file_from_path(uri).dest_uri  # noqa: E731
        known = {dest_uri: (key, dest_uri in self.taken) for dest_uri, key in self.files.items()}
        known |= {dest(uri): (key, False) for uri, (key, _) in self.rendered.items()}
        return known | {dest(uri): (key, True) for uri, key in self.copied.items()}

    def rendered_page(self, page) -> None:
        learned = (page._title_from_render, frozenset(page.present_anchor_ids or ()),
                   {target.src_uri: dict(links) for target, links in (page.links_to_anchors or {}).items()})
        self.rendered[page.file.src_uri] = (self.key(page), learned)

    def close(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self._warnings)

    def summary(self) -> str:
        return f"{len(self.copied):,} unchanged pages and {len(self.taken):,} unchanged files taken from the last build"

    def finish(self, site_dir: Path, files) -> None:
        """Keep what rendering the pages of this build found (once every file is final), if it
        logged no warning, and note which file is at each path this build may give the next
        (`sign` keeps their signatures once the site is in its place)."""
        self.close()
        if self._warnings.seen:
            return
        for key, learned in self.rendered.values():
            self.store.put(digest("kept", key), learned)
        pages = {files.get_file_from_path(uri).dest_uri: digest("kept file", key)
                 for uri, key in [*((uri, key) for uri, (key, _) in self.rendered.items()), *self.copied.items()]}
        self._to_sign = {dest_uri: (key, signature[3:]) for dest_uri, key in (self.files | pages).items()
                         if (signature := _signature(site_dir / dest_uri)) is not None}

    def sign(self, site_dir: Path) -> None:
        """Keep the signature of each file noted, as it is in the site folder (the old folder's
        removal changes a linked file's times), where it is still the file this build put there
        (a build running beside it may have replaced it)."""
        for dest_uri, (key, inode) in self._to_sign.items():
            if (signature := _signature(site_dir / dest_uri)) is not None and signature[3:] == inode:
                self.signatures.put(key, signature)


class KeptFile(File):
    """A generated file other than a page, in a build: put in place as soon as the navigation is
    made (the plugin's on_nav), not after every page is rendered; taken from the last build when
    its bytes are the same (given `kept`): only one that nothing writes again once it is in place.
    Its text is then let go of: read again, it is read from there."""

    kept: KeptPages | None = None

    def copy_file(self, dirty: bool = False) -> None:
        if self._content is None and self.abs_src_path == self.abs_dest_path:
            return  # in place already
        if self.kept is None or not self.kept.placed(self):
            super().copy_file(dirty)
        self._content, self.abs_src_path = None, self.abs_dest_path


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
    """Put `old` at `new` if it is a regular file (not a link) with this signature: as a second
    name of the same file where the file system allows (nothing is written again; the old name
    goes with the folder it replaces), else as a copy read from the file opened. Either way the
    file put in place is the one whose signature was checked, never one swapped in meanwhile."""
    try:
        descriptor = os.open(old, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    with os.fdopen(descriptor, "rb") as source:
        checked = os.fstat(descriptor)
        if _signature_of(checked) != signature:
            return False
        new.parent.mkdir(parents=True, exist_ok=True)
        if _linked(old, new, checked):
            return True
        with new.open("xb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
    return True


def _linked(old: Path, new: Path, checked: os.stat_result) -> bool:
    """Whether `new` is now a second name of the file `checked` (else nothing is at `new`)."""
    try:
        os.link(old, new, follow_symlinks=False)
    except OSError:  # another file system, or one without links
        return False
    placed = os.lstat(new)
    if (placed.st_ino, placed.st_dev) == (checked.st_ino, checked.st_dev):
        return True
    new.unlink()
    return False


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
