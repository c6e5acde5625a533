"""The Content Security Policy of every page: only the site's own files run.

Offline (from file://), search runs in an iframe that the iframe-worker shim writes, with one
inline script of the shim's own. That script is allowed by its hash, which depends on the address
of the search worker as the page names it, so each page gets the hash for its own address.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-src 'self' blob:; "
    "object-src 'none'; base-uri {base_uri}; form-action 'none'"
)
PLACEHOLDER = POLICY.format(hashes="", base_uri="'none'")
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


class PagePolicy:
    """Turns the policy placeholder of a rendered page into its final policy."""

    def __init__(self, shim_source: str):
        self.template = _shim_inline_script(shim_source)

    def apply(self, html: str, inline: str = "", base_uri: str = "'none'") -> str:
        """`inline`: a script of the page's own template to allow; `base_uri`: what a <base> may name."""
        found = _CONFIG.search(html)
        if not found or PLACEHOLDER not in html:
            return html
        worker = json.loads(found.group(1)).get("search")
        scripts = [self.template.replace("${e}", worker)] + ([inline] if inline else [])
        hashes = "".join(f" 'sha256-{_digest(script)}'" for script in scripts)
        return html.replace(PLACEHOLDER, POLICY.format(hashes=hashes, base_uri=base_uri), 1)


def _digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def _shim_inline_script(source: str) -> str:
    """The inline script the shim writes into its iframe, with ${e} standing for the worker's address."""
    template = re.search(r"<script>(.*?)<\\/script><script src=", source).group(1)
    for name in re.findall(r"\$\{(\w)\}", template):
        if name != "e":
            template = template.replace(f"${{{name}}}", _function(source, name))
    return template


def _function(source: str, name: str) -> str:
    start = source.index(f"function {name}(")
    depth = 0
    for index in range(source.index("{", start), len(source)):
        depth += {"{": 1, "}": -1}.get(source[index], 0)
        if depth == 0:
            return source[start:index + 1]
    raise ValueError(f"function {name} of the iframe-worker shim has no end")
