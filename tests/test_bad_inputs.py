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
