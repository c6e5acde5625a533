"""Turning data text into safe Markdown, and relative links between generated pages."""

from __future__ import annotations

import html
import posixpath
import re

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def plain(text: str) -> str:
    """Plain text as Markdown that renders to exactly that text."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", escaped)


def inline(text: str) -> str:
    """Inline Markdown from data (summaries): HTML characters escaped, Markdown kept."""
    return html.escape(" ".join(text.split()), quote=False)


def relative_url(from_page: str, to_path: str) -> str:
    """The URL of a site path as seen from a page (both relative to the site root)."""
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


def link(label_markdown: str, from_page: str, to_path: str, anchor: str = "") -> str:
    """A Markdown link from one generated page to a path in the site."""
    return f"[{label_markdown}]({relative_url(from_page, to_path)}{'#' + anchor if anchor else ''})"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"


SEARCH_EXCLUDE = "data-search-exclude"  # an attribute the search indexer skips blocks by


def unsearched(lines: list[str]) -> list[str]:
    """Markdown lines in a block left out of the search index (lists that repeat other pages' words)."""
    return [f"<div {SEARCH_EXCLUDE} markdown>", "", *lines, "", "</div>"]
