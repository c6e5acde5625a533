"""The pages every chronology has about reading and reusing it: Data (its downloads, their formats
and licence) and Reading offline (the zip of the whole site). Markdown templates in
templates/pages/, filled in with what the chronology's configuration says (identity.py)."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from .identity import Identity
from .offline_zip import site_zip
from .text import plain

DATA = "data.md"
OFFLINE = "offline.md"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(loader=PackageLoader("chronology", "templates/pages"), autoescape=False,
                              undefined=StrictUndefined, keep_trailing_newline=True)
    environment.filters["md"] = plain  # text from the configuration, as Markdown that shows it as it is
    return environment


def reading_pages(identity: Identity) -> dict[str, str]:
    """Path -> Markdown of the Data and Reading offline pages."""
    values = {"title": identity.title, "licence": identity.licence, "publisher": identity.publisher,
              "context_label": identity.context_label, "tag_prefix": identity.tag_prefix, "name": identity.name,
              "zip": site_zip(identity.name)}
    return {page: _environment().get_template(page).render(values) for page in (DATA, OFFLINE)}
