"""Languages by name: a BCP 47 tag (en, ru, kk, pt-BR) as the site's English text names it."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError


@lru_cache(maxsize=None)
def language_name(tag: str) -> str:
    """English, Portuguese (Brazil), Persian; the tag itself for one that names no known language."""
    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name("en")
    except (ValueError, UnknownLocaleError):
        name = Locale("en").languages.get(tag.split("-")[0].lower())
    return name or tag
