"""Quotes checked against the archived text of their sources.

A source names its document (`custom.document`, a file in the documents folder) and may say where
unrelated material begins in it (`custom.document-ends-at`); a source known only through another
(`custom.cited-by`) is quoted from the citing source's document. Whitespace is compared loosely,
since documents carry the line breaks of their originals.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import DataError
from .model import citations_in

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def check_quotes(tables: dict, sources: dict, documents: Path) -> list[DataError]:
    """Errors for quotes not found in their documents; `tables` holds every located record."""
    texts: dict[str, str | None] = {}
    errors = []
    for source_id, item in sources.items():
        document = item.record.custom.document
        if not document:
            continue
        path = documents / document
        if not path.is_file():
            errors.append(item.error(("custom", "document"), f"'{document}' is not in {documents}; expected the name of a file there"))
            texts[source_id] = None
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        ends_at = item.record.custom.document_ends_at
        if ends_at and ends_at not in text:
            errors.append(item.error(("custom", "document-ends-at"), f"'{ends_at}' is not in {document}; expected a line of the document"))
        texts[source_id] = normalise(text.split(ends_at, 1)[0] if ends_at else text)
    for items in tables.values():
        for item in items:
            for loc, citation in citations_in(item.record):
                document_text, document = _document_of(citation.source, sources, texts)
                if document_text is not None and normalise(citation.quote) not in document_text:
                    errors.append(item.error(loc + ("quote",), (
                        f"not found in {document}, the document of '{citation.source}'; "
                        "expected the words exactly as the document has them")))
    return errors


def _document_of(source_id: str, sources: dict, texts: dict):
    """The text and name of the document a source is quoted from: its own, or that of the source it
    is known through, however long the chain (load refuses chains that go round)."""
    seen = set()
    while source_id in sources and source_id not in seen:
        seen.add(source_id)
        source = sources[source_id]
        if not source.record.custom.cited_by:
            return texts.get(source_id), source.record.custom.document
        source_id = source.record.custom.cited_by
    return None, ""
