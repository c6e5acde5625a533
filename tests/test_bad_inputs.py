"""The bad-input corpus: each case breaks a small valid data folder and names the one message it must get.

A case is a folder in tests/bad_inputs/ (other than base/) with a case.yml:

    description: what the contributor did wrong
    write:                 # files to write over the base folder (path -> text), optional
      events/1992/1992-02-12-relations.yml: |
        ...
    remove: [themes.yml]   # base files to delete (before writing), optional
    pad: {path: bytes}     # grow a file with YAML comment lines to this many bytes, optional
    expect:                # each must be found in exactly one error line; no other errors allowed
      - "data/events/1992/1992-02-12-relations.yml:3: titel: unknown key"

Files under the case's files/ folder (for bytes that YAML cannot hold) are copied over the base too.
"""

import shutil
from pathlib import Path

import pytest
import yaml

from chronology.errors import DataErrors
from chronology.load import load

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name != "base")


def make_data(case: Path, spec: dict, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(CORPUS / "base", data)
    if (case / "files").is_dir():
        shutil.copytree(case / "files", data, dirs_exist_ok=True)
    for relative in spec.get("remove") or []:
        (data / relative).unlink()
    for relative, text in (spec.get("write") or {}).items():
        (data / relative).parent.mkdir(parents=True, exist_ok=True)
        (data / relative).write_text(text, encoding="utf-8")
    for relative, size in (spec.get("pad") or {}).items():
        with (data / relative).open("a", encoding="utf-8") as out:
            line = "# padding " + "x" * 89 + "\n"
            out.write(line * (size // len(line) + 1))
    return data


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40


def test_the_base_folder_is_valid():
    load(CORPUS / "base")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gets_its_message(case, tmp_path):
    spec = yaml.safe_load((case / "case.yml").read_text(encoding="utf-8"))
    data = make_data(case, spec, tmp_path)
    with pytest.raises(DataErrors) as caught:
        load(data)
    lines = [str(error) for error in caught.value.errors]
    for expected in spec["expect"]:
        matching = [line for line in lines if expected in line]
        assert len(matching) == 1, f"{expected!r} should be in exactly one of:\n" + "\n".join(lines)
    assert len(lines) == len(spec["expect"]), "unexpected extra errors:\n" + "\n".join(lines)


BAD_CSL_JSON = """[
{"id": "infinite-year", "type": "book", "title": "T", "issued": {"date-parts": [[Infinity]]}},
{"id": "not-numbers", "type": "book", "title": "T", "volume": NaN, "page": -Infinity, "edition": 1e400},
{"id": "long-number", "type": "book", "title": "T", "edition": %s},
{"id": "half-a-pair", "type": "book", "title": "Caf\\ud800", "author": [{"family": "\\udc00"}]},
{"id": "given-twice", "type": "book", "title": "T",
 "id": "again"},
{"id": "nested-twice", "type": "book", "title": "T", "author": [{"family": "A", "family": "B"}]},
{"id": "half-a-year", "type": "book", "title": "T", "issued": {"date-parts": [[2021.5]]}},
{"id": "true-year", "type": "book", "title": "T", "issued": {"date-parts": [[true, 2]]}},
{"id": "still-checked", "type": "book", "title": "T", "volume": NaN, "titel": "a typo"}
]
""" % ("9" * 5000)


def test_a_csl_json_import_refuses_what_json_cannot_hold_by_line_and_key(data_copy, tmp_path):
    from test_check import chronology_command

    bad = tmp_path / "library.json"
    bad.write_text(BAD_CSL_JSON, encoding="utf-8")
    before = sorted(p.relative_to(data_copy) for p in data_copy.rglob("*"))
    result = chronology_command("import", bad, "--data-dir", data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    *problems, summary = result.stderr.splitlines()
    found = {tuple(line.split(": ", 2)[:2]): line.split(": ", 2)[2] for line in problems}
    expected = {
        (f"{bad}:2", "issued.date-parts[0][0]"): "Infinity is not a JSON value",
        (f"{bad}:3", "volume"): "NaN is not a JSON value",
        (f"{bad}:3", "page"): "-Infinity is not a JSON value",
        (f"{bad}:3", "edition"): "the number 1e400 is too large",
        (f"{bad}:4", "edition"): "a number of 5,000 digits is too long to read",
        (f"{bad}:5", "title"): "the text is not valid Unicode",
        (f"{bad}:5", "author[0].family"): "the text is not valid Unicode",
        (f"{bad}:7", "id"): "duplicate key (first given on line 6)",
        (f"{bad}:8", "author[0].family"): "duplicate key",
        (f"{bad}:9", "issued"): "date-parts: [2021.5] is not a list of whole numbers",
        (f"{bad}:10", "issued"): "date-parts: [true, 2] is not a list of whole numbers",
        (f"{bad}:11", "volume"): "NaN is not a JSON value",
        (f"{bad}:11", "titel"): "unknown key; did you mean 'title'?",
    }
    assert found.keys() == expected.keys() and len(problems) == len(expected), result.stderr
    assert all(found[place].startswith(start) for place, start in expected.items()), result.stderr
    assert summary == "13 errors; nothing was written"
    assert sorted(p.relative_to(data_copy) for p in data_copy.rglob("*")) == before


def test_a_csl_item_with_a_great_many_names_is_read_without_hanging(data_copy, tmp_path):
    import json
    import subprocess
    import sys

    large = tmp_path / "names.json"
    large.write_text(json.dumps([{"id": "many-names", "type": "book", "title": "T", "author": [{"family": "x" * 10}] * 200_000}]),
                     encoding="utf-8")
    result = subprocess.run([str(Path(sys.executable).parent / "chronology"), "import", str(large), "--data-dir", str(data_copy)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first, last = result.stderr.splitlines()
    assert first.startswith(f"{large}:1: file is ") and first.endswith("bytes; a data file may have at most 1,000,000")
    assert last == "1 error; nothing was written"
