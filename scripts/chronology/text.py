"""Turning data text into safe output: web addresses rebuilt, summaries rendered once to checked HTML,
plain text as Markdown that renders to exactly that text, and relative links between pages."""

from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit, urlunsplit

import markdown

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]|#])")
# Characters a rebuilt address keeps as they are (RFC 3986, less those that end a Markdown link or an
# HTML attribute: ( ) [ ] ' and the space); everything else is percent-encoded.
_ADDRESS_SAFE = "/:@!$&*+,;=-._~%?#"
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$")


def web_address(text: str) -> str:
    """An http(s) address parsed and rebuilt, so that nothing in it can end a link; ValueError if it is not one."""
    expected = "expected an http:// or https:// address such as https://example.org/page"
    if not isinstance(text, str) or text != text.strip() or any(c.isspace() or not c.isprintable() for c in text):
        raise ValueError(f"contains spaces or invisible characters; {expected}")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").encode("idna").decode("ascii")
        port = parts.port
    except (ValueError, UnicodeError):
        raise ValueError(f"is not a valid address; {expected}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"'{parts.scheme or text}' is not a web address; {expected}")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"must not carry a user name or password; {expected}")
    netloc = host + (f":{port}" if port is not None else "")
    if not _HOST.match(netloc):
        raise ValueError(f"has no valid host name; {expected}")
    rebuilt = [quote(part, safe=_ADDRESS_SAFE) for part in (parts.path, parts.query, parts.fragment)]
    return urlunsplit((parts.scheme.lower(), netloc, *rebuilt))


def site_address(text: str) -> str:
    """The address a site is published at, as a folder (ending in /); ValueError if it is not one."""
    address = web_address(text)
    if "?" in address or "#" in address:
        raise ValueError("has a query or fragment; expected the address of the site's folder, such as https://example.org/chronology/")
    return address.rstrip("/") + "/"


def plain(text: str) -> str:
    """Plain text as Markdown that renders to exactly that text, wherever it stands in a line. Only
    what makes Markdown anywhere is escaped (\\ ` * _ [ ] { } | #), and what makes it at a line's
    start only there (`1. ` a list, `- ` an item, `::: ` a directive): each escape costs Markdown time."""
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))
    return _LINE_START.sub(_line_start, escaped, count=1)


def escaped(text: str) -> str:
    """Plain text as HTML, its runs of white space one space each (as Markdown would make `plain(text)`)."""
    return html.escape(" ".join(text.split()), quote=False)


def _line_start(found: re.Match) -> str:
    if found[1]:
        return found[1] + "\\" + found[2]
    return "&#58;" if found[3] == ":" else "\\" + found[3]


_LINE_START = re.compile(r"^(?:([0-9]+)([.)])|([-+:]))")


_INLINE = markdown.Markdown(extensions=[], output_format="html")
# What can make Markdown, at the start of a line or anywhere; text without these renders as itself.
_MARKUP = re.compile(r"[\\`*_\[\]<>&!]|^\s*(?:[#>+=|-]|\d+[.)])|  ")
_ALLOWED = {"p": set(), "em": set(), "strong": set(), "code": set(), "a": {"href"}}


@lru_cache(maxsize=None)
def inline_html(text: str) -> str:
    """Inline Markdown from data (a summary) as HTML: rendered once, and only emphasis, code and
    links to web addresses let through. ValueError says what else the text would have made."""
    text = " ".join(text.split())
    if not _MARKUP.search(text):  # no Markdown in it: its HTML is the text, escaped
        return html.escape(text, quote=False)
    rendered = render_markdown(text)
    checker = _InlineChecker()
    checker.feed(rendered)
    checker.close()
    if checker.problem:
        raise ValueError(checker.problem)
    if not (rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1):
        raise ValueError("makes more than one paragraph or a block (list, rule, heading); expected inline Markdown only")
    return rendered[3:-4]


# &, < and > stand in for themselves while Markdown reads the text, as characters no data text can
# hold (control characters are refused): so no HTML or character reference is read in it, and
# Markdown does not make a placeholder of every one (which slows it down by the square of their number).
_STAND_INS = {"&": "\x0e", "<": "\x0f", ">": "\x10"}
_TO_STAND_INS = str.maketrans(_STAND_INS)
_FROM_STAND_INS = str.maketrans({stand_in: html.escape(char) for char, stand_in in _STAND_INS.items()})


def render_markdown(text: str) -> str:
    """Text through Python-Markdown, HTML in it escaped."""
    return _INLINE.reset().convert(text.translate(_TO_STAND_INS)).translate(_FROM_STAND_INS)


class _InlineChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problem = ""

    def handle_starttag(self, tag, attrs):
        if tag not in _ALLOWED:
            self.problem = self.problem or f"makes a <{tag}> element; expected inline Markdown (emphasis, code, links)"
        for name, value in attrs:
            if name not in _ALLOWED.get(tag, set()):
                self.problem = self.problem or f"makes a '{name}' attribute; expected inline Markdown (emphasis, code, links)"
            elif name == "href":
                try:
                    web_address(value or "")
                except ValueError:
                    self.problem = self.problem or f"link target '{value}' is not allowed; expected an http:// or https:// address"


class _PlainText(HTMLParser):
    """Rendered inline HTML back to plain text; a link's address follows its text in brackets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href, start = self.links.pop()
            if href and "".join(self.parts[start:]).strip() != href:
                self.parts.append(f" ({href})")

    def handle_data(self, data):
        self.parts.append(data)


@lru_cache(maxsize=None)
def inline_text(text: str) -> str:
    """Inline Markdown from data as plain text: what it reads as, without markup (for exports and search)."""
    joined = " ".join(text.split())
    if not _MARKUP.search(joined):  # no Markdown in it: it reads as it is written (as inline_html renders it)
        return joined
    parser = _PlainText()
    parser.feed(inline_html(text))
    parser.close()
    return "".join(parser.parts)


def relative_url(from_page: str, to_path: str) -> str:
    """The URL of a site path as seen from a page (both relative to the site root)."""
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


def link(label_markdown: str, from_page: str, to_path: str, anchor: str = "") -> str:
    """A Markdown link from one generated page to a path in the site."""
    return f"[{label_markdown}]({relative_url(from_page, to_path)}{'#' + anchor if anchor else ''})"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"


SEARCH_EXCLUDE = "data-search-exclude"  # an attribute the search indexer skips blocks by

