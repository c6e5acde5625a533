"""What a block of HTML holds that its page must know: the anchors it defines and the links it
makes, found once, when the block is rendered (or when it is first placed)."""

from __future__ import annotations

import re

from .cache import digest

_ID = re.compile(r'\sid="([^"]+)"')
ROOT_LINK = re.compile('href="\x1e/([^"#]*)(?:#([^"]*))?"')  # \x1e: blocks.ROOT, the site's root until a page is written
_SELF_LINK = re.compile(r'href="#([^"]+)"')


def inspection_key(block_key: str) -> str:
    """Where what a block holds is kept in the cache: under the key of what the block shows."""
    return digest("inspected", block_key)


def inspect(block_html: str) -> tuple[frozenset, tuple, tuple]:
    """The anchors, links from the root and links to the same page in a block's HTML."""
    anchors = frozenset(_ID.findall(block_html))
    links = tuple(dict.fromkeys(ROOT_LINK.findall(block_html)))
    own = tuple(dict.fromkeys(_SELF_LINK.findall(block_html)))
    return anchors, links, own

