"""Property-based tests: date wording, id rules and the loader never end in a traceback."""

import calendar
import re
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronology.dates import DateError, id_prefix, parse_date
from chronology.errors import DataErrors
from chronology.load import load
from chronology.model import Event
from chronology.spool import text

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


HOSTILE = [
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "[x](<https://ok.example/>javascript:x)", "<img src=x onerror=y>",
    "!!! note", "___", "{#id .class}", "=SUM(A1)", "@cmd", "\u202e", "\u200b", "\ufffe", "\ud800", "\x1e", "*", "`",
    "https://a.example/)[y](javascript:alert(1))//", "&amp;", "</script>", "{{ config }}", "{% raw %}", "::: event x",
    "\\", "|", "# heading", "- item", "1. item", "> quote", "<!--", "]]>", "\u0000",
]
hostile_text = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=12), min_size=1, max_size=5).map(" ".join)
EVENT_TEXT_FIELDS = ["title", "summary"]


def event_with(fields: dict) -> str:
    event = yaml.safe_load((BASE / EVENT).read_text(encoding="utf-8"))
    for name, value in fields.items():
        if name in ("locator", "quote"):
            event["sources"][0][name] = value
        else:
            event[name] = value
    return yaml.safe_dump(event, allow_unicode=False)  # escapes, so a lone surrogate reaches the loader


def check_then_render(data: Path):
    """What `chronology check` does; returns the rendered event HTML when the data is accepted."""
    from chronology.pages import generate

    try:
        chronology = load(data)
    except DataErrors as errors:
        assert all(str(error).startswith("data/") for error in errors.errors)
        return None
    blocks = generate(chronology).blocks
    blocks.render_all()
    return text(blocks.event("1992-02-12-relations")[1])


@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["title", "summary", "locator", "quote"]), hostile_text, min_size=1))
def test_hostile_text_is_refused_or_rendered_as_text_never_as_markup(tmp_path, fields):
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(BASE, data)
    (data / EVENT).write_text(event_with(fields), encoding="utf-8")
    html = check_then_render(data)
    if html is not None:
        lowered = html.lower()
        assert not re.search(r"<(script|img|iframe|style)\b", lowered)
        assert not re.search(r'\b(href|src)\s*=\s*"\s*javascript:', lowered)
        assert not re.search(r"<[^>]+\son\w+\s*=", lowered)


@settings(max_examples=4, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["title", "summary", "quote"]), hostile_text, min_size=1))
def test_whatever_the_check_accepts_the_build_builds(tmp_path_factory, fields):
    from conftest import run_build

    tmp_path = tmp_path_factory.mktemp("hostile")
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    (data / EVENT).write_text(event_with(fields), encoding="utf-8")
    checked = run_build("--check", "--data-dir", data)
    built = run_build("--data-dir", data, "--site-dir", tmp_path / "site")
    assert "Traceback" not in checked.stderr + built.stderr
    assert (checked.returncode == 0) == (built.returncode == 0), (checked.stderr, built.stderr)


REGISTRY_TEXT = {  # where registry text lands in generated pages: file, the line holding it, how to write it
    "period description": ("periods.yml", "  description: The first stage.", "  description: {}"),
    "period title": ("periods.yml", "  title: Formation", "  title: {}"),
    "theme description": ("themes.yml", "  description: Aid deliveries.", "  description: {}"),
    "actor variants": ("actors.yml", "  kind: state\n", "  kind: state\n  variants: [{}]\n"),
    "place names": ("places.yml", "  kind: city\n", "  kind: city\n  names: [{}]\n"),
}
MARKUP_TEXT = [
    "\\[click\\]\\(javascript:alert(1)\\)", "\\!\\[x\\]\\(https://evil.example/t.png\\)", "::: chart timeline",
    "::: events latest", "1. listed", "<b>bold</b>", "&lt;b&gt;", "&ltb&gt", "{: onclick=x }", "# heading", "a  \nb",
]


def test_registry_text_never_becomes_markup_or_a_directive_in_the_generated_pages(tmp_path):
    import json

    import markdown

    from chronology.directives import split
    from chronology.pages import generate

    for where, (name, line, written) in REGISTRY_TEXT.items():
        for text in MARKUP_TEXT:
            data = tmp_path / f"{len(list(tmp_path.iterdir()))}"
            shutil.copytree(BASE, data)
            original = (data / name).read_text(encoding="utf-8")
            (data / name).write_text(original.replace(line, written.format(json.dumps(text)), 1), encoding="utf-8")
            try:
                pages = generate(load(data)).pages
            except DataErrors:
                continue  # refused by the check
            for page, content in pages.items():
                if not page.endswith(".md"):
                    continue
                parts = split(re.sub(r"\A---\n.*?\n---\n", "", content, flags=re.S))  # front matter is the theme's
                shown = [f"{p.kind} {p.key}" for p in parts if not isinstance(p, str)]
                assert not (page != "index.md" and "chart timeline" in shown), (where, text, page)
                assert shown.count("events latest") <= 1, (where, text, page)
                html = markdown.markdown("\n".join(p for p in parts if isinstance(p, str)), extensions=["attr_list", "md_in_html", "tables"])
                lowered = html.lower()
                assert not re.search(r'\b(href|src)\s*=\s*"\s*javascript:|<img\b|\bsrc="https://evil|<b>|<li>\s*listed|<h1[^>]*>\s*heading|<[^>]*\son\w+\s*=', lowered), (where, text, page)
