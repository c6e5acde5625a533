"""The content against the source documents: quotes verbatim, every document and registry entry used."""

import re

import pytest

from conftest import SEEDS


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def document_text(chronology, source_id: str) -> str:
    """The in-scope text of the document a source is read from (a cited reference: its citing document)."""
    source = chronology.sources[source_id]
    if source.custom.cited_by:
        return document_text(chronology, source.custom.cited_by)
    assert source.custom.document, f"source {source_id} names no document"
    text = (SEEDS / source.custom.document).read_text(encoding="utf-8")
    if source.custom.document_ends_at:
        assert source.custom.document_ends_at in text
        text = text.split(source.custom.document_ends_at, 1)[0]
    return normalise(text)


def event_citations(chronology):
    for event in chronology.events:
        for citation in event.citations():
            yield event.id, citation


def all_citations(chronology):
    yield from event_citations(chronology)
    for period in chronology.periods.values():
        for citation in period.sources:
            yield f"period {period.id}", citation
    for indicator in chronology.indicators.values():
        for value in indicator.values:
            for citation in value.sources:
                yield f"indicator {indicator.id} {value.year}", citation


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside this checkout")
def test_every_quote_occurs_verbatim_in_its_document(chronology):
    missing = [
        f"{where}: {citation.source}: {citation.quote!r}"
        for where, citation in all_citations(chronology)
        if normalise(citation.quote) not in document_text(chronology, citation.source)
    ]
    assert missing == []


def test_every_source_document_is_cited_by_an_event(chronology):
    cited = {citation.source for _, citation in event_citations(chronology)}
    documents = {s.id for s in chronology.sources.values() if s.custom.document}
    assert len(documents) == 5
    assert documents - cited == set()


def test_every_actor_place_and_theme_is_used(chronology):
    for field, registry in (("actors", chronology.actors), ("places", chronology.places), ("themes", chronology.themes)):
        used = {key for event in chronology.events for key in getattr(event, field)}
        used |= {p.country for p in chronology.places.values() if p.country} if field == "places" else set()
        assert set(registry) - used == set(), field


def test_every_event_is_complete(chronology):
    assert len(chronology.events) > 40
    for event in chronology.events:
        assert event.themes and event.actors and event.sources, event.id
        assert all(c.quote.strip() and c.locator.strip() for c in event.sources), event.id


def test_events_span_the_relationship_and_disagreements_are_recorded(chronology):
    years = {event.when.year for event in chronology.events if not event.context}
    assert min(years) < 1992 and max(years) >= 2025
    assert sum(len(event.disagreements) for event in chronology.events) >= 5
