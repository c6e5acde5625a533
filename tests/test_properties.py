"""Property-based tests: date wording, id rules and the loader never end in a traceback."""

import calendar
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronology.dates import DateError, id_prefix, parse_date
from chronology.errors import DataErrors
from chronology.load import load
from chronology.model import Event

BASE = Path(__file__).parent / "bad_inputs" / "base"
EVENT = Path("events/1992/1992-02-12-relations.yml")


@st.composite
def edtf_dates(draw):
    year = draw(st.integers(1000, 2999))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    form = draw(st.sampled_from(["day", "month", "year", "decade", "approximate", "interval"]))
    return {
        "day": f"{year}-{month:02d}-{day:02d}",
        "month": f"{year}-{month:02d}",
        "year": f"{year}",
        "decade": f"{str(year)[:3]}X",
        "approximate": f"{year}-{month:02d}~",
        "interval": f"{year}/{year + draw(st.integers(0, 5))}",
    }[form]


@given(edtf_dates())
def test_every_valid_date_reads_in_words_with_its_year(date):
    when = parse_date(date)
    assert str(when.year)[:3] in when.words
    assert when.start <= when.end


@given(st.text(max_size=30))
def test_any_text_as_a_date_is_either_a_date_or_a_clear_error(text):
    try:
        parse_date(text)
    except DateError as error:
        assert "expected an EDTF date" in str(error)


@given(edtf_dates(), st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}", fullmatch=True))
def test_an_id_made_of_the_date_and_a_slug_is_accepted_and_another_date_is_not(date, slug):
    event = {
        "date": date, "title": "t", "summary": "s", "themes": ["x"], "actors": ["y"],
        "sources": [{"source": "z", "quote": "q", "locator": "l"}],
    }
    assert Event.model_validate(event | {"id": f"{id_prefix(date)}-{slug}"}).id.startswith(id_prefix(date))
    other = "0999" if not date.startswith("0999") else "3000"
    try:
        Event.model_validate(event | {"id": f"{other}-{slug}"})
    except ValueError as error:
        assert "id must start with the date" in str(error)
    else:
        raise AssertionError("an id with another date was accepted")


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


def load_with_event_file(tmp_path: Path, content: bytes) -> None:
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(BASE, data)
    (data / EVENT).write_bytes(content)
    try:
        load(data)
    except DataErrors as errors:
        assert all(str(error).startswith("data/") for error in errors.errors)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_random_bytes_as_an_event_file_never_end_in_a_traceback(tmp_path, content):
    load_with_event_file(tmp_path, content)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(yaml_values)
def test_random_yaml_as_an_event_file_never_ends_in_a_traceback(tmp_path, value):
    load_with_event_file(tmp_path, yaml.safe_dump(value, allow_unicode=True).encode())


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(list(Event.model_fields)), yaml_values, max_size=12))
def test_random_event_fields_never_end_in_a_traceback(tmp_path, fields):
    load_with_event_file(tmp_path, yaml.safe_dump(fields, allow_unicode=True).encode())


@st.composite
def common_dates(draw):
    """Dates of the forms read without the general EDTF parser, valid or not."""
    def point():
        year = draw(st.integers(1000, 2999))
        form = draw(st.sampled_from(["day", "month", "year", "decade", "century"]))
        text = {
            "day": f"{year}-{draw(st.integers(1, 13)):02d}-{draw(st.integers(1, 31)):02d}",
            "month": f"{year}-{draw(st.integers(1, 13)):02d}",
            "year": f"{year}",
            "decade": f"{str(year)[:3]}X",
            "century": f"{str(year)[:2]}XX",
        }[form]
        qualified = form in ("day", "month", "year") and draw(st.booleans())
        return text + (draw(st.sampled_from("~?%")) if qualified else "")

    shape = draw(st.sampled_from(["point", "interval", "from", "until"]))
    return {"point": point, "interval": lambda: f"{point()}/{point()}",
            "from": lambda: f"{point()}/..", "until": lambda: f"../{point()}"}[shape]()


@given(common_dates())
def test_common_dates_read_exactly_as_the_edtf_library_reads_them(text):
    from chronology.dates import _any_form, _common_form

    def read(reader):
        try:
            return reader(text)
        except DateError as error:
            return f"error: {error}"

    common = read(_common_form)
    if common is not None:  # None: a form left to the library
        assert common == read(_any_form)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\\`*_[]<>&!"), max_size=80))
def test_text_without_markdown_renders_as_markdown_would_render_it(text):
    from chronology.text import _MARKUP, inline_html, render_markdown

    folded = " ".join(text.split())
    if folded and not _MARKUP.search(folded):
        assert inline_html(text) == render_markdown(folded)[3:-4]
