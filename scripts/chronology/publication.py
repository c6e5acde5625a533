"""Where and how a source was published, as its CSL fields give it: the details a bibliography
shows beside the title, author and date (volume, issue and pages, edition, identifiers, archive),
as HTML."""

from __future__ import annotations

import html

from .dates import parse_date
from .model import Name, Source
from .text import escaped, web_address


def _names(names: list[Name]) -> str:
    return "; ".join(escaped(str(n)) for n in names)


def _joined(*parts: str | None, separator: str = ", ") -> str:
    return separator.join(part for part in parts if part)


def _number(label: str, value) -> str | None:
    return f"{label} {escaped(str(value))}" if value is not None else None


def published_in(source: Source) -> str:
    """The container with its volume, issue and pages: Central Asian Survey, vol. 3, no. 2, pp. 10–20."""
    pages = source.page is not None and _number("p." if str(source.page).isdigit() else "pp.", source.page)
    return _joined(source.container_title and escaped(source.container_title), _number("vol.", source.volume),
                   _number("no.", source.issue), pages or None, source.section and escaped(source.section))


def doi_link(doi: str) -> str:
    address = web_address(f"https://doi.org/{doi}")
    return f'<a href="{html.escape(address)}">{escaped(doi)}</a>'


def publication_details(source: Source) -> list[tuple[str, str | None]]:
    """Labelled details (HTML) of the fields a reference manager exports, None where not given."""
    return [
        ("Editor", _names(source.editor)),
        ("Translator", _names(source.translator)),
        ("Other contributors", _joined(*(f"{_names(names)} ({role})" for role, names in (
            ("container author", source.container_author), ("series editor", source.collection_editor),
            ("interviewer", source.interviewer), ("recipient", source.recipient),
            ("author of the reviewed work", source.reviewed_author), ("director", source.director)) if names), separator="; ")),
        ("Series", _joined(source.collection_title and escaped(source.collection_title), _number("no.", source.collection_number))),
        ("Event", _joined(source.event_title and escaped(source.event_title), source.event_place and escaped(source.event_place),
                          source.event_date and parse_date(source.event_date).words)),
        ("Kind", _joined(source.genre and escaped(source.genre), source.medium and escaped(source.medium))),
        ("Edition", source.edition is not None and escaped(str(source.edition)) or None),
        ("Version", source.version is not None and escaped(str(source.version)) or None),
        ("Number", source.number is not None and escaped(str(source.number)) or None),
        ("Chapter", source.chapter_number is not None and escaped(str(source.chapter_number)) or None),
        ("Length", _joined(_number("pages:", source.number_of_pages), _number("volumes:", source.number_of_volumes))),
        ("Place of publication", source.publisher_place and escaped(source.publisher_place)),
        ("First published", source.original_date and parse_date(source.original_date).words),
        ("Status", _joined(source.status and escaped(source.status), source.submitted and f"submitted {parse_date(source.submitted).words}")),
        ("DOI", source.DOI and doi_link(source.DOI)),
        ("ISBN", source.ISBN and escaped(source.ISBN)),
        ("ISSN", source.ISSN and escaped(source.ISSN)),
        ("PubMed", _joined(source.PMID and f"PMID {escaped(source.PMID)}", source.PMCID and escaped(source.PMCID))),
        ("Archive", _joined(source.archive and escaped(source.archive), source.archive_location and escaped(source.archive_location),
                            source.archive_place and escaped(source.archive_place), source.call_number and escaped(source.call_number))),
        ("Authority", source.authority and escaped(source.authority)),
        ("Record from", source.source and escaped(source.source)),
        ("Abstract", source.abstract and escaped(source.abstract)),
    ]
