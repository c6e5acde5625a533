"""Reading built HTML pages: their ids, links and the resources they load."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

RESOURCE_ATTRIBUTES = {
    "script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
    "video": "src", "embed": "src", "object": "data", "track": "src",
}


# A data: link is safe only as a file to download whose type no browser runs or renders: an event's
# reference for a reference manager.
DOWNLOADABLE_DATA = ("data:application/x-bibtex;", "data:application/x-research-info-systems;")


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    refresh: str | None = None
    unsafe_in_content: list[str] = field(default_factory=list)  # scripts, handlers, javascript: links in the article


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.article_depth = 0  # > 0 inside <article>, where everything comes from data

    def handle_endtag(self, tag):
        if tag == "article" and self.article_depth:
            self.article_depth -= 1

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.article_depth += 1
        if self.article_depth:
            self._note_unsafe(tag, attrs)
        if "id" in attrs:
            self.page.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.page.links.append(attrs["href"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical", "alternate"):
            self.page.resources.append(attrs["href"])
        if tag == "link" and attrs.get("rel") == "canonical":
            self.page.links.append(attrs["href"])
        if tag in RESOURCE_ATTRIBUTES and attrs.get(RESOURCE_ATTRIBUTES[tag]):
            self.page.resources.append(attrs[RESOURCE_ATTRIBUTES[tag]])
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.page.refresh = attrs["content"].split("url=", 1)[1]


    def _note_unsafe(self, tag, attrs):
        if tag == "script" and attrs.get("type") == "application/ld+json":
            return  # structured data, never executed
        if tag in ("script", "iframe", "object", "embed", "style") or (tag == "form" and "action" in attrs):
            self.page.unsafe_in_content.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.page.unsafe_in_content.append(f"<{tag} {name}=…>")
            if value and name in ("href", "src", "action", "formaction") and value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                if not (tag == "a" and name == "href" and "download" in attrs and value.startswith(DOWNLOADABLE_DATA)):
                    self.page.unsafe_in_content.append(f"<{tag} {name}={value!r}>")


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.page


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc) or url.startswith("//")


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str]:
    """The file and fragment a relative URL on `page` points at."""
    parts = urlsplit(url)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)
