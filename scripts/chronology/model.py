"""The typed model of a chronology: the single source of truth for every later stage.

Each YAML file in `data/` validates against one of the record classes below;
`Chronology` holds them all once they are loaded and cross-checked.
Field names of `Source` follow CSL-JSON/CSL-YAML, so a bibliography exported
from Zotero (or read by Pandoc) fits without renaming.
"""

from __future__ import annotations

import heapq
import html
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, WithJsonSchema,
    field_validator, model_validator,
)

from .dates import EXPECTED, DateError, EventDate, id_prefix, parse_date
from .text import inline_html, web_address

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

_HTML_TAG = re.compile(r"<[A-Za-z/!?]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters that change how text around them shows without being seen: bidi overrides and
# isolates, zero-width space, word joiner, byte-order mark; and code points that are no characters.
# Fillers (Hangul, braille blank, Mongolian vowel separator, Khmer inherent vowels) count as letters
# to Python and show as nothing; the line and paragraph separators (written as \L, \P in YAML) end a
# line of JavaScript in older browsers.
_INVISIBLE = re.compile("[\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
                        "\u115f\u1160\u3164\uffa0\u2800\u180e\u034f\u17b4\u17b5\u2028\u2029]")
# Anything the theme's `striptags` (html.unescape) would turn into other characters: references with
# or without the closing ';' (&lt, &amp;, &#60, &#x3C).
_REFERENCE_LIKE = re.compile(r"&(?:#[xX]?[0-9A-Fa-f]*|[A-Za-z][A-Za-z0-9]*);?")
MAX_TEXT = 1000  # characters of a plain text field: a title, a name, a quote, a note
MAX_MARKDOWN = 2000  # characters of a summary or description: a few sentences
# Characters a page escapes in plain text for Markdown (or as HTML), each at a cost: a title or name needs few.
MAX_TEXT_MARKS = 50
_MARKS = re.compile(r"[\\`*_{}\[\]|#&<>]")
# Markdown's punctuation in one summary (links, emphasis, code) and, of it, '[': Python-Markdown takes
# time by the square of them, and a few sentences need few.
MAX_PUNCTUATION, MAX_LINKS = 100, 10
_PUNCTUATION = re.compile(r"[\\`*_\[\]<>&!(){}]")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s>]*)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
_ATTRIBUTE_LIST = re.compile(r"\{[^{}]*\}")
_BLOCK_START = re.compile(r"^\s*(?:[#>*+=|-]|\d+[.)]|\[[^\]]*\]:)")
WEB_ADDRESS = r"^[hH][tT][tT][pP][sS]?://[^\s<>\"'`]+$"


def _printable(value: str) -> str:
    """Checked first, so that no later message quotes a character that cannot be written out."""
    if _CONTROL.search(value):
        raise ValueError("contains a control character; expected printable text")
    if found := _INVISIBLE.search(value):
        raise ValueError(f"contains the invisible or invalid character U+{ord(found.group()):04X}; expected printable text")
    return value


def _plain_text(value: str, limit: int = MAX_TEXT, marks: int | None = MAX_TEXT_MARKS) -> str:
    _printable(value)
    if not value.strip():
        raise ValueError("must not be empty; expected text")
    if len(value) > limit:
        raise ValueError(f"is {len(value):,} characters long; expected at most {limit:,}")
    if marks is not None and (count := len(_MARKS.findall(value))) > marks:
        raise ValueError(f"has {count:,} of the characters \\ ` * _ [ ] {{ }} | # & < >; expected at most {marks}")
    if tag := _HTML_TAG.search(value):
        raise ValueError(f"raw HTML is not allowed (found '{value[tag.start():tag.start() + 8]}…'); write plain text")
    if reference := _character_reference(value):
        raise ValueError(f"contains the HTML character reference '{reference}'; write the character itself")
    if not any(char.isalnum() or char in "$%&?!…" for char in value):  # fillers are refused above
        raise ValueError("has no letters or digits; expected text")
    return value


def _character_reference(value: str) -> str:
    """The first piece of text that reads as an HTML character reference, "" if none does."""
    for found in _REFERENCE_LIKE.finditer(value):
        if html.unescape(found.group()) != found.group():
            return found.group()
    return ""


def _inline_markdown(value: str) -> str:
    """Summaries may use emphasis, code and links to web pages, nothing that makes blocks or loads things."""
    _printable(value)
    if len(value) > MAX_MARKDOWN:
        raise ValueError(f"is {len(value):,} characters long; expected at most {MAX_MARKDOWN:,}")
    if value.count("[") > MAX_LINKS:
        raise ValueError(f"has {value.count('['):,} '[' characters; expected at most {MAX_LINKS} (links and brackets)")
    for opening, closing in ("[]", "()"):
        if _unclosed(value, opening, closing):
            raise ValueError(f"has a '{opening}' that is never closed; expected '{opening}' and '{closing}' in pairs (a link is [text](https://…))")
    if (count := len(_PUNCTUATION.findall(value))) > MAX_PUNCTUATION:
        raise ValueError(f"has {count:,} of the characters \\ ` * _ [ ] < > & ! ( ) {{ }}; expected at most {MAX_PUNCTUATION} (inline Markdown is for a few links and emphases)")
    targets = _AUTOLINK.findall(value) + [_balanced(t) for t in _LINK_TARGET.findall(value)]
    for target in targets:
        if not re.match(WEB_ADDRESS, target):
            raise ValueError(f"link target '{_shortened(target)}' is not allowed; expected an http:// or https:// address")
    _plain_text(_AUTOLINK.sub("", value), MAX_MARKDOWN, marks=None)
    if "![" in value:
        raise ValueError("images are not allowed in a summary; expected inline Markdown (emphasis, code, links)")
    if _ATTRIBUTE_LIST.search(value):
        raise ValueError("attribute lists ({…}) are not allowed; expected inline Markdown (emphasis, code, links)")
    if _BLOCK_START.match(value):
        raise ValueError("starts with block markup (heading, list, quote or table); expected inline Markdown only")
    inline_html(value)  # what the text renders to is checked too
    return value


def _unclosed(value: str, opening: str, closing: str) -> bool:
    """Whether an opening bracket has no closing one after it (Markdown looks for it to the end)."""
    depth = 0
    for char in value:
        if char == opening:
            depth += 1
        elif char == closing and depth:
            depth -= 1
    return depth > 0


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _balanced(target: str) -> str:
    """A link target up to the ')' that closes the Markdown link."""
    depth = 0
    for index, char in enumerate(target):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return target[:index]
    return target


WebAddress = Annotated[str, Field(pattern=r"^[hH][tT][tT][pP][sS]?://\S+$", description="an http:// or https:// address"), AfterValidator(web_address)]
MAX_ID = 200  # characters of an id: file names (<id>.html, <id>.yml) stay far inside the usual 255 bytes
Slug = Annotated[str, Field(pattern=SLUG, max_length=MAX_ID, description="a lowercase slug: a-z, 0-9 and hyphens")]
Text = Annotated[str, AfterValidator(_plain_text), Field(description="plain text, no HTML")]
InlineMarkdown = Annotated[str, AfterValidator(_inline_markdown), Field(description="inline Markdown: emphasis, code, links to http(s) addresses")]


def _check_edtf(value: str) -> str:
    try:
        parse_date(value)
    except DateError as error:
        raise ValueError(str(error)) from None
    return value


def _year_as_text(value):
    """YAML reads `date: 1996` as a number; a bare year is a valid EDTF date all the same."""
    if type(value) is int:
        if not 1000 <= value <= 9999:
            raise ValueError(f"YAML read this date as the number {value}; write it in quotes as four digits, e.g. '0{value:03d}'"
                             if 0 <= value < 1000 else f"YAML read this date as the number {value}; expected {EXPECTED}")
        return str(value)
    if type(value) is float:
        raise ValueError(f"YAML read this date as the number {value!r}; expected {EXPECTED}, in quotes")
    return value


EdtfString = Annotated[
    str,
    Field(description="an EDTF date (Library of Congress Extended Date/Time Format)"),
    BeforeValidator(_year_as_text),
    AfterValidator(_check_edtf),
    WithJsonSchema({"type": ["string", "integer"], "description": "an EDTF date, e.g. 1992-02-12, 2021-10, 1996, 193X, 2003~, 2002/2003"}),
]


class Record(BaseModel):
    """Base for every record: unknown keys are errors, values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    def __getstate__(self) -> tuple:
        """A record pickled (into the cache, or back from the process that read it) as a tuple, the
        quickest state to unpickle, with the set of the fields it was given shared with every record
        given the same fields, so that the unpickled records share one set too: otherwise one set
        for each record and each of its parts, a fifth of the memory of a large chronology.
        (Records are frozen: pydantic changes such a set only on a copy of it.)"""
        given = self.__pydantic_fields_set__
        return self.__dict__, _FIELD_SETS.setdefault(frozenset(given), given), self.__pydantic_extra__, self.__pydantic_private__

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(_STATE, state, strict=True):
            object.__setattr__(self, name, value)


_STATE = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
_FIELD_SETS: dict[frozenset, set] = {}  # the sets of fields records were given, one of each


class Citation(Record):
    """Where a statement comes from: a source, a verbatim quote and where it stands."""

    source: Slug = Field(description="id of a source in data/sources/")
    quote: Text = Field(description="a short verbatim quote from the source")
    locator: Text = Field(description="where the quote stands: page, paragraph, section")
    translation: Text | None = Field(default=None, description="the site's own English translation of a quote in another language")


class Reading(Record):
    """One side of a disagreement between sources."""

    reading: InlineMarkdown = Field(description="what these sources say, in our words")
    sources: list[Citation] = Field(min_length=1)


class Disagreement(Record):
    about: Text = Field(description="what the sources disagree on")
    readings: list[Reading] = Field(min_length=2)


class Event(Record):
    # `date` is validated before `id`, which must start with it.
    date: EdtfString
    id: Slug = Field(description="permanent id: a slug starting with the date, e.g. 1992-02-12-diplomatic-relations")
    title: Text
    summary: InlineMarkdown = Field(description="our own words; inline Markdown only")
    themes: list[Slug] = Field(min_length=1)
    actors: list[Slug] = Field(min_length=1)
    places: list[Slug] = Field(default_factory=list)
    sources: list[Citation] = Field(min_length=1)
    disagreements: list[Disagreement] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    after: list[Slug] = Field(default_factory=list, description="ids of events this one follows, where the dates alone cannot order them")
    date_note: Text | None = Field(default=None, description="where the date comes from, when its quotes do not state it (e.g. a report's publication date)")
    context: bool = Field(default=False, description="an event of the wider context, not of the chronology's subject itself")
    former_ids: list[Slug] = Field(default_factory=list, description="ids retired by a rename or merge")

    @field_validator("id")
    @classmethod
    def _id_starts_with_date(cls, value: str, info: ValidationInfo) -> str:
        if "date" in info.data and not value.startswith(id_prefix(info.data["date"]) + "-"):
            raise ValueError(f"id must start with the date, as '{id_prefix(info.data['date'])}-…'")
        return value

    @cached_property
    def when(self) -> EventDate:
        return parse_date(self.date)

    def citations(self) -> list[Citation]:
        """Every citation of the event: its own sources and those of each disagreeing reading."""
        readings = [c for d in self.disagreements for r in d.readings for c in r.sources]
        return [*self.sources, *readings]


class Name(Record):
    """A CSL name: either family/given (with particles and suffix) or a literal (for organisations)."""

    family: Text | None = None
    given: Text | None = None
    literal: Text | None = None
    dropping_particle: Text | None = Field(default=None, alias="dropping-particle")
    non_dropping_particle: Text | None = Field(default=None, alias="non-dropping-particle")
    suffix: Text | None = None

    @model_validator(mode="after")
    def _has_a_name(self) -> "Name":
        if not (self.family or self.literal):
            raise ValueError("a name needs 'family' (with optional 'given') or 'literal'")
        return self

    def __str__(self) -> str:
        if self.literal:
            return self.literal
        family = " ".join(part for part in (self.non_dropping_particle, self.family) if part)
        given = " ".join(part for part in (self.given, self.dropping_particle) if part)
        return ", ".join(part for part in (family, given, self.suffix) if part)


class SourceExtras(Record):
    """Fields of ours, kept in CSL's `custom` object so CSL tools ignore them."""

    document: Annotated[str, Field(pattern=r"^[\w.-]+$")] | None = Field(default=None, description="file name of the source document in the seeds folder")
    document_ends_at: Text | None = Field(default=None, alias="document-ends-at", description="the line of the document file where unrelated material begins; nothing from there on is this source")
    title_english: Text | None = Field(default=None, alias="title-english", description="English translation of a title in another script or language")
    cited_by: Slug | None = Field(default=None, alias="cited-by", description="id of the source through which this one is known (not consulted directly)")
    reference_number: int | None = Field(default=None, alias="reference-number", description="its number in the citing source's reference list")


# Every item type of CSL 1.0.2, as reference managers export them.
CSL_TYPES = (
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case",
    "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
    "paper-conference", "patent", "performance", "periodical", "personal_communication", "post",
    "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech",
    "standard", "thesis", "treaty", "webpage",
)
# CSL numbers: a number, or text such as "12-14" or "2nd".
CslNumber = Annotated[int | Text, Field(description="a number, or text such as 12–14")]
Names = list[Name]


class Source(Record):
    """A source, with the field names of CSL-JSON (as Zotero and other reference managers export it)."""

    id: Slug
    type: Literal[CSL_TYPES]  # type: ignore[valid-type]
    title: Text
    title_short: Text | None = Field(default=None, alias="title-short")
    author: Names = Field(default_factory=list)
    editor: Names = Field(default_factory=list)
    translator: Names = Field(default_factory=list)
    container_author: Names = Field(default_factory=list, alias="container-author")
    collection_editor: Names = Field(default_factory=list, alias="collection-editor")
    interviewer: Names = Field(default_factory=list)
    recipient: Names = Field(default_factory=list)
    reviewed_author: Names = Field(default_factory=list, alias="reviewed-author")
    director: Names = Field(default_factory=list)
    container_title: Text | None = Field(default=None, alias="container-title")
    container_title_short: Text | None = Field(default=None, alias="container-title-short")
    collection_title: Text | None = Field(default=None, alias="collection-title")
    collection_number: CslNumber | None = Field(default=None, alias="collection-number")
    event_title: Text | None = Field(default=None, alias="event-title")
    event_place: Text | None = Field(default=None, alias="event-place")
    publisher: Text | None = None
    publisher_place: Text | None = Field(default=None, alias="publisher-place")
    genre: Text | None = None
    medium: Text | None = None
    status: Text | None = None
    authority: Text | None = None
    dimensions: Text | None = None
    scale: Text | None = None
    source: Text | None = Field(default=None, description="the database or catalogue the record comes from")
    edition: CslNumber | None = None
    version: CslNumber | None = None
    volume: CslNumber | None = None
    number_of_volumes: CslNumber | None = Field(default=None, alias="number-of-volumes")
    issue: CslNumber | None = None
    number: CslNumber | None = Field(default=None, description="a report's, law's or patent's number")
    chapter_number: CslNumber | None = Field(default=None, alias="chapter-number")
    section: Text | None = None
    page: CslNumber | None = Field(default=None, description="the pages, e.g. 12–34")
    number_of_pages: CslNumber | None = Field(default=None, alias="number-of-pages")
    issued: EdtfString | None = None
    original_date: EdtfString | None = Field(default=None, alias="original-date")
    event_date: EdtfString | None = Field(default=None, alias="event-date")
    submitted: EdtfString | None = None
    URL: WebAddress | None = None
    DOI: Annotated[str, Field(pattern=r"^10\.\d{4,9}/\S+$", description="a DOI, e.g. 10.1000/xyz123")] | None = None
    ISBN: Text | None = None
    ISSN: Text | None = None
    PMID: Text | None = None
    PMCID: Text | None = None
    call_number: Text | None = Field(default=None, alias="call-number")
    archive: Text | None = None
    archive_location: Text | None = None
    archive_place: Text | None = Field(default=None, alias="archive-place")
    accessed: EdtfString | None = None
    language: Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")] | None = Field(default=None, description="a BCP 47 language tag, e.g. en, ru, kk")
    abstract: Text | None = None
    note: Text | None = None
    citation_key: Text | None = Field(default=None, alias="citation-key")
    custom: SourceExtras = Field(default_factory=SourceExtras)


# The date fields of a source, as CSL-JSON writes them (date-parts) and the data writes them (EDTF).
SOURCE_DATES = ("issued", "original-date", "event-date", "submitted", "accessed")


class Theme(Record):
    id: Slug
    title: Text
    description: InlineMarkdown


class Period(Record):
    id: Slug
    title: Text
    date: EdtfString = Field(description="an EDTF interval, e.g. 1992-02-12/2003")
    description: InlineMarkdown
    sources: list[Citation] = Field(default_factory=list)

    @cached_property
    def when(self) -> EventDate:
        return parse_date(self.date)


class Actor(Record):
    id: Slug
    name: Text = Field(description="the name as the site shows it")
    kind: Literal["person", "organisation", "state"]
    sort_as: Text | None = Field(default=None, description="the key the index sorts by, e.g. a person's surname first: 'Curie, Marie'")
    names: list[Text] = Field(default_factory=list, description="every other name or spelling the sources use")
    variants: list[Text] = Field(default_factory=list, description="inflected forms (Москвы, Лондонға) that search finds but the site does not show as names")
    roles: list[Text] = Field(default_factory=list)


class Place(Record):
    id: Slug
    name: Text
    kind: Literal["country", "city", "province", "town", "region", "building"] | None = Field(
        default=None, description="what kind of place it is; left out where the sources do not say")
    country: Slug | None = Field(default=None, description="id of the country place it lies in")
    names: list[Text] = Field(default_factory=list, description="other spellings the sources use")
    former_names: list[Text] = Field(default_factory=list)
    variants: list[Text] = Field(default_factory=list, description="inflected forms that search finds but the site does not show as names")


MAX_VALUE = 1e15  # far beyond any figure of a chronology, and far inside what a chart can compute with


class IndicatorValue(Record):
    year: int = Field(ge=1, le=9999)
    value: float = Field(allow_inf_nan=False, ge=-MAX_VALUE, le=MAX_VALUE)
    sources: list[Citation] = Field(default_factory=list)
    derivation: Text | None = Field(default=None, description="for a derived value: how it is calculated from sourced figures")

    @model_validator(mode="after")
    def _sourced_or_derived(self) -> "IndicatorValue":
        if not self.sources and not self.derivation:
            raise ValueError("a value needs 'sources' or, if calculated, a 'derivation'")
        return self


class Indicator(Record):
    id: Slug
    title: Text
    unit: Text
    description: InlineMarkdown | None = None
    values: list[IndicatorValue] = Field(min_length=1)


# The files of a data folder and the record class each holds.
REGISTRIES: dict[str, type[Record]] = {
    "themes.yml": Theme,
    "periods.yml": Period,
    "actors.yml": Actor,
    "places.yml": Place,
    "indicators.yml": Indicator,
}


def chronological(events: list[Event]) -> list[Event]:
    """Events in the order of the chronology: by earliest possible day, then latest possible day
    (so "12 August 2021" comes before "August 2021"), then after the events an event names in
    `after`, then by id. Events in a cycle of `after` keep their date order (load reports the cycle).
    """
    ranked = sorted(events, key=lambda e: (e.when.sort_key, e.id))
    rank = {e.id: n for n, e in enumerate(ranked)}
    waiting = {e.id: {a for a in e.after if a in rank} for e in ranked}
    followers: dict[str, list[str]] = {}
    for event in ranked:
        for earlier in waiting[event.id]:
            followers.setdefault(earlier, []).append(event.id)
    ready = [rank[e.id] for e in ranked if not waiting[e.id]]
    heapq.heapify(ready)
    ordered: list[Event] = []
    while ready:
        event = ranked[heapq.heappop(ready)]
        ordered.append(event)
        for later in followers.get(event.id, []):
            waiting[later].discard(event.id)
            if not waiting[later]:
                heapq.heappush(ready, rank[later])
    placed = {e.id for e in ordered}
    return ordered + [e for e in ranked if e.id not in placed]


@dataclass
class Chronology:
    """Everything in a data folder, validated and cross-checked, events in date order."""

    events: list[Event]
    sources: dict[str, Source]
    themes: dict[str, Theme]
    periods: dict[str, Period]
    actors: dict[str, Actor]
    places: dict[str, Place]
    indicators: dict[str, Indicator]
    story: object = None  # story.Story: the chronology in brief, from story.md, when the data has one
    digests: dict[str, str] = field(default_factory=dict)  # "event/ID", "source/ID" -> a digest of its record, from load
    event_by_id: dict[str, Event] = field(init=False)

    def __post_init__(self) -> None:
        self.events = chronological(self.events)
        self.event_by_id = {e.id: e for e in self.events}
        self.periods = dict(sorted(self.periods.items(), key=lambda item: (item[1].when.sort_key, item[0])))

    def changed_since(self, earlier: "Chronology") -> set[str]:
        """The events and sources ("event/ID", "source/ID") added, changed or removed since `earlier`."""
        return {key for key, _ in earlier.digests.items() ^ self.digests.items()}


def listed(record: Record, name: str) -> list:
    """A list field of a record, or [] for a kind of record without one (without the cost of
    asking pydantic for a field it does not have)."""
    return vars(record).get(name) or []


def citations_in(record: Record):
    """Every Citation inside a record, with its path."""
    for index, citation in enumerate(listed(record, "sources")):
        if hasattr(citation, "quote"):
            yield ("sources", index), citation
    for d_index, disagreement in enumerate(listed(record, "disagreements")):
        for r_index, reading in enumerate(disagreement.readings):
            for c_index, citation in enumerate(reading.sources):
                yield ("disagreements", d_index, "readings", r_index, "sources", c_index), citation
    for v_index, value in enumerate(listed(record, "values")):
        for c_index, citation in enumerate(value.sources):
            yield ("values", v_index, "sources", c_index), citation
