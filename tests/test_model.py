"""The typed model refuses what the data format does not allow."""

import pytest
from pydantic import ValidationError

from chronology.model import Event, Source

EVENT = {
    "id": "1992-02-12-diplomatic-relations",
    "date": "1992-02-12",
    "title": "Diplomatic relations established",
    "summary": "Relations begin.",
    "themes": ["diplomacy"],
    "actors": ["kazakhstan"],
    "sources": [{"source": "s", "quote": "q", "locator": "p. 1"}],
}


def errors_of(cls, data):
    with pytest.raises(ValidationError) as caught:
        cls.model_validate(data)
    return {(".".join(map(str, e["loc"])), e["type"]) for e in caught.value.errors()}


def test_a_complete_event_is_accepted_with_its_date_parsed():
    event = Event.model_validate(EVENT)
    assert event.when.words == "12 February 1992"
    assert event.places == [] and event.context is False


def test_unknown_keys_are_errors():
    assert ("titel", "extra_forbidden") in errors_of(Event, EVENT | {"titel": "x"})


def test_the_id_must_start_with_the_date():
    with pytest.raises(ValidationError, match="id must start with the date"):
        Event.model_validate(EVENT | {"date": "1993"})


def test_every_event_needs_a_source():
    assert ("sources", "too_short") in errors_of(Event, EVENT | {"sources": []})


def test_values_are_not_coerced():
    assert ("context", "bool_type") in errors_of(Event, EVENT | {"context": "yes"})


def test_sources_use_csl_field_names():
    source = Source.model_validate({
        "id": "ref", "type": "article-newspaper", "title": "Т", "container-title": "Radio Free Europe",
        "issued": "2023-12-29", "accessed": "2024-03-09", "language": "ru",
        "author": [{"family": "Toyken", "given": "Sania"}],
        "custom": {"title-english": "T", "cited-by": "wiki", "reference-number": 12},
    })
    assert source.container_title == "Radio Free Europe"
    assert source.model_dump(by_alias=True, exclude_none=True)["container-title"] == "Radio Free Europe"


def test_only_web_addresses_are_accepted_as_urls():
    assert ("URL", "string_pattern_mismatch") in errors_of(
        Source, {"id": "s", "type": "webpage", "title": "t", "URL": "javascript:alert(1)"})


def test_the_committed_json_schemas_match_the_model():
    from chronology.schema import render, schemas
    from conftest import ROOT

    for name, schema in schemas().items():
        committed = (ROOT / "schema" / name).read_text(encoding="utf-8")
        assert committed == render(schema), f"schema/{name} is out of date: run scripts/build.py --schema"


def test_records_come_back_from_a_pickle_as_they_were_sharing_their_given_fields():
    """As records come back from the cache and from the processes that read them."""
    import pickle

    first = Event.model_validate(EVENT)
    second = Event.model_validate(EVENT | {"id": "1992-02-13-second", "date": "1992-02-13"})
    back = pickle.loads(pickle.dumps([first, second]))
    assert back == [first, second]
    assert [e.model_dump() for e in back] == [first.model_dump(), second.model_dump()]
    assert back[0].model_fields_set == set(EVENT)
    assert back[0].__pydantic_fields_set__ is back[1].__pydantic_fields_set__
    assert back[0].sources[0].__pydantic_fields_set__ is back[1].sources[0].__pydantic_fields_set__
