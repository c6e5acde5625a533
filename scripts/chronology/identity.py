"""Who and what a chronology is: its titles, subject, licence and publisher, from its configuration.

The engine knows no topic: every word a site says about itself comes from here. MkDocs' own
settings give the title (`site_name`), the description (`site_description`), the published address
(`site_url`) and the language (`theme.language`); the chronology plugin's options in mkdocs.yml give
the rest:

    plugins:
      - chronology:
          short_title: Garden history chronology   # default: site_name
          subject: the history of public gardens  # what the events are of, as in "Themes of …"
          name: garden-history                     # file names and permanent ids; never change it
          started: 2025                            # the year it began (permanent ids)
          places: [England, Scotland]              # where its events happen (catalogues' coverage)
          period: 1600/1900                        # EDTF; default: from the first to the last event
          languages: [en, fr]                      # of its sources (for catalogues)
          licence: CC-BY-4.0                       # or {id: …, title: …, url: …}
          publisher: The Garden History Group
          corrections: mailto:editors@example.org  # or a web address
          introduction: A dated record of …       # the home page's first paragraph (inline Markdown)
          main_label: Gardens                      # what its own events are called, beside …
          context_label: Wider context             # … the events marked `context: true`

Every value is checked as data is, and a problem reported as `mkdocs.yml:line: option: what is wrong`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from .errors import DataError, DataErrors, dotted
from .model import EdtfString, InlineMarkdown, Slug, Text, WebAddress
from .settings import setting_problems
from .text import plain, web_address

OPTIONS = ("short_title", "subject", "name", "started", "places", "period", "languages", "licence",
           "publisher", "corrections", "introduction", "main_label", "context_label")
DEFAULT_STARTED = 2024

LanguageTag = Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", description="a BCP 47 language tag, e.g. en, fr")]


class Licence(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Text = Field(description="its SPDX identifier, e.g. CC-BY-4.0")
    title: Text
    url: WebAddress


# Licences known by their SPDX identifier alone; any other is given with its title and address.
KNOWN_LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0 International", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC-BY-NC-4.0": ("Creative Commons Attribution-NonCommercial 4.0 International", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License v1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "PDDL-1.0": ("Open Data Commons Public Domain Dedication and License v1.0", "https://opendatacommons.org/licenses/pddl/1-0/"),
}


def _known_licence(value):
    if not isinstance(value, str):
        return value
    if value not in KNOWN_LICENCES:
        raise ValueError(f"'{value}' is not a licence known by its identifier alone ({', '.join(KNOWN_LICENCES)}); "
                         "give it as {id: …, title: …, url: …}")
    title, url = KNOWN_LICENCES[value]
    return {"id": value, "title": title, "url": url}


_EMAIL = re.compile(r"^mailto:[^@\s<>\"'`()\[\]]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


class Identity(BaseModel):
    """What a chronology says about itself, wherever it says it."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    title: Text = Field(description="site_name: the full title")
    short_title: Text
    description: Text | None = Field(default=None, description="site_description")
    subject: Text = Field(description="what the events are of, as in 'Themes of …'")
    name: Slug = Field(description="a short name for file names and permanent ids")
    started: int = Field(ge=1000, le=9999, description="the year the chronology began, part of its permanent ids")
    places: list[Text] = Field(default_factory=list)
    period: EdtfString | None = None
    language: LanguageTag = "en"
    languages: list[LanguageTag] = Field(default_factory=list, description="the languages of the sources")
    licence: Annotated[Licence, BeforeValidator(_known_licence)] | None = None
    publisher: Text | None = None
    corrections: str | None = Field(default=None, description="a mailto: or web address for corrections")
    introduction: InlineMarkdown | None = None
    copyright: InlineMarkdown | None = Field(default=None, description="copyright: the footer's line")
    main_label: Text = Field(default="Main", description="what the chronology's own events are called, beside the context events")
    context_label: Text = Field(default="Context", description="what events marked `context: true` are called")
    site_url: str = ""

    @field_validator("corrections")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is None or _EMAIL.match(value):
            return value
        if value.lower().startswith("mailto:"):
            raise ValueError("is not an e-mail address; expected mailto:name@example.org or a web address")
        try:
            return web_address(value)
        except ValueError as problem:
            raise ValueError(f"{problem}, or mailto:name@example.org") from None

    @property
    def tag_prefix(self) -> str:
        """The start of every permanent tag URI (RFC 4151) the chronology mints."""
        return f"tag:{self.name},{self.started}:"

    @property
    def lead(self) -> str:
        """The home page's first paragraph, as inline Markdown."""
        return self.introduction or (plain(self.description) if self.description else "")


UNTITLED = Identity(title="Chronology", short_title="Chronology", subject="the chronology", name="chronology", started=DEFAULT_STARTED)


def slug(title: str, fallback: str = "chronology") -> str:
    """A file-name-safe short form of a title: lowercase ASCII words joined by hyphens."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_title)[:6]
    # a title with no Latin letters still gets a name of its own
    return "-".join(words)[:60].strip("-") or f"{fallback}-{hashlib.sha256(title.encode('utf-8')).hexdigest()[:6]}"


def identity_from_config(config, options) -> Identity:
    """The identity from a loaded MkDocs configuration and the chronology plugin's options; DataErrors
    name each problem with its line in mkdocs.yml."""
    given = {key: options.get(key) for key in OPTIONS if options.get(key) is not None}
    title = config.site_name
    values = {
        "title": title,
        "description": config.site_description or None,
        "copyright": config.copyright or None,
        "language": (config.theme.get("language") if config.theme else None) or "en",
        "site_url": config.site_url or "",
        "short_title": title,
        "subject": given.get("short_title", title),
        "name": slug(given.get("short_title", title)) if isinstance(given.get("short_title", title), str) else "chronology",
        "started": DEFAULT_STARTED,
    } | given
    config_file = Path(config.config_file_path or "mkdocs.yml")
    problems = setting_problems(config, lambda keys: _line_of(config_file, keys, False))
    try:
        identity = Identity.model_validate(values)
    except ValidationError as error:
        problems += [_error(config, problem, given) for problem in error.errors(include_url=False)]
    if problems:
        raise DataErrors(problems)
    return identity


# MkDocs' names for the settings that are not plugin options.
_MKDOCS_NAMES = {"title": "site_name", "description": "site_description", "copyright": "copyright", "language": "theme.language",
                 "site_url": "site_url"}


def _error(config, problem: dict, given: dict) -> DataError:
    from .load import _explain

    loc = tuple(problem["loc"])
    key = str(loc[0])
    config_file = Path(config.config_file_path or "mkdocs.yml")
    if key in given:
        name, line = f"plugins.chronology.{dotted(loc)}", _line_of(config_file, [str(p) for p in loc if isinstance(p, str)], True)
    else:
        setting = _MKDOCS_NAMES.get(key, "site_name")
        name = setting if key in _MKDOCS_NAMES else f"site_name (the default of {key})"
        line = _line_of(config_file, setting.split("."), False)
    return DataError(config_file.name, line, name, _explain(problem, Identity, loc))


def _line_of(config_file: Path, keys: list[str], in_plugin: bool) -> int:
    """The line of a setting in mkdocs.yml, each key looked for after the one before it (after the
    chronology plugin's line for its options); the last line found, or 1."""
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    found = 0
    for key in (["chronology"] if in_plugin else []) + keys:
        pattern = re.compile(rf"^\s*-?\s*{re.escape(key)}\s*:")
        found = next((n for n, text in enumerate(lines[found:], found) if pattern.match(text)), found)
    return found + 1
