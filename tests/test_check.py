"""`scripts/build.py --check` reports every data error at once as file:line: field: message."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_build

EVENT = Path("events/1992/1992-02-12-diplomatic-relations.yml")


def check(data: Path):
    result = run_build("--check", "--data-dir", data)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.splitlines()


def edit(data: Path, relative: Path, old: str, new: str) -> None:
    path = data / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(data: Path, relative: Path, needle: str) -> int:
    lines = (data / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_the_real_data_is_clean(data_copy):
    result = run_build("--check", "--data-dir", data_copy)
    assert result.returncode == 0, result.stderr
    assert "no errors" in result.stdout


def test_a_misspelt_key_names_file_line_field_and_the_likely_key(data_copy):
    edit(data_copy, EVENT, "title:", "titel:")
    code, errors = check(data_copy)
    assert code == 1
    line = line_of(data_copy, EVENT, "titel:")
    assert f"data/{EVENT}:{line}: titel: unknown key; did you mean 'title'?" in "\n".join(errors)


def test_an_impossible_date_is_reported_on_its_line(data_copy):
    edit(data_copy, EVENT, "date: 1992-02-12", "date: 1992-02-30")
    code, errors = check(data_copy)
    assert code == 1
    assert any(e.startswith(f"data/{EVENT}:2: date: '1992-02-30' is not a valid date; expected an EDTF date") for e in errors)


def test_a_reference_to_a_missing_theme_suggests_the_nearest_id(data_copy):
    edit(data_copy, EVENT, "themes: [diplomacy", "themes: [diplomcy")
    code, errors = check(data_copy)
    line = line_of(data_copy, EVENT, "themes:")
    assert code == 1
    assert f"data/{EVENT}:{line}: themes[0]: 'diplomcy' is not an id in themes; did you mean 'diplomacy'?" in errors


def test_a_citation_of_an_unknown_source_is_an_error(data_copy):
    edit(data_copy, EVENT, "- source: serikbayeva-najib-development", "- source: no-such-source")
    code, errors = check(data_copy)
    assert code == 1
    assert any(": sources[0].source: 'no-such-source' is not an id in sources" in e for e in errors)


def test_duplicate_ids_name_both_places(data_copy):
    themes = (data_copy / "themes.yml").read_text(encoding="utf-8")
    (data_copy / "themes.yml").write_text(themes + "- id: diplomacy\n  title: Again\n  description: Again.\n", encoding="utf-8")
    code, errors = check(data_copy)
    assert code == 1
    assert any("themes.yml" in e and "id: duplicate id 'diplomacy', also in data/themes.yml:" in e for e in errors)


def test_yaml_syntax_errors_and_tabs_are_explained(data_copy):
    edit(data_copy, EVENT, "title:", "\ttitle:")
    code, errors = check(data_copy)
    assert code == 1
    assert any(f"data/{EVENT}:" in e and "YAML syntax error" in e and "not tabs" in e for e in errors)


def test_all_errors_of_a_run_are_reported_together(data_copy):
    edit(data_copy, EVENT, "title:", "titel:")
    (data_copy / "stray.txt").write_text("notes\n", encoding="utf-8")
    (data_copy / "sources" / "empty.yml").write_text("", encoding="utf-8")
    code, errors = check(data_copy)
    assert code == 1
    assert any("titel: unknown key" in e for e in errors)
    assert "data/stray.txt:1: file outside the expected layout; expected events/<year>/<id>.yml, sources/<id>.yml, story.md or one of actors.yml, indicators.yml, periods.yml, places.yml, themes.yml" in errors
    assert "data/sources/empty.yml:1: file is empty; expected a mapping of source fields ('key: value')" in errors
    assert errors[-1] == f"{len(errors) - 1} errors; nothing was built"


def test_a_failed_build_leaves_the_previous_site_untouched(data_copy, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    (site / ".chronology-site").write_text("built before", encoding="utf-8")
    edit(data_copy, EVENT, "title:", "titel:")
    result = run_build("--data-dir", data_copy, "--site-dir", site)
    assert result.returncode == 1
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]


def test_check_refuses_a_hand_written_page_where_the_build_writes_one_as_the_build_does(data_copy, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    taken = ["years/1992.md", "downloads/events.csv", "events/1992-02-12-diplomatic-relations.html",
             "robots.txt", "sitemap.xml", "search/search_index.json", "downloads/afghanistan-kazakhstan-chronology.zip"]
    for path in taken:
        (project / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / path).write_text("hand-written\n", encoding="utf-8")
    options = ["--config", project / "mkdocs.yml", "--data-dir", data_copy, "--no-cache"]
    checked = run_build("--check", *options)
    built = run_build(*options, "--site-dir", tmp_path / "site")
    for result in (checked, built):
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert [path for path in taken if f"docs/{path}:1: has the path of a file the build writes; rename or remove it" not in result.stderr] == []
    assert not (tmp_path / "site").exists()


def test_check_refuses_what_a_hand_written_page_or_the_nav_names_in_vain_as_the_build_does(data_copy, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - About: about.md\n" in config
    (project / "mkdocs.yml").write_text(config.replace("\n  - About: about.md\n", "\n  - About: about.md\n  - Gone: gone.md\n"), encoding="utf-8")
    about = project / "docs" / "about.md"
    lines = about.read_text(encoding="utf-8").splitlines()
    lines += ["", "::: event 2099-01-01-no-such-event", "", "```", "::: event only-shown-as-code", "```", "", "::: chart no-such-chart"]
    about.write_text("\n".join(lines) + "\n", encoding="utf-8")
    nav_line = next(n for n, text in enumerate((project / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1) if "gone.md" in text)
    expected = [f"docs/about.md:{len(lines) - 6}: '::: event 2099-01-01-no-such-event': there is no such event; check the name",
                f"docs/about.md:{len(lines)}: '::: chart no-such-chart': there is no such chart; check the name",
                f"mkdocs.yml:{nav_line}: nav: 'gone.md' is neither a file of docs/ nor a page the build generates"]
    options = ["--config", project / "mkdocs.yml", "--data-dir", data_copy, "--no-cache"]
    for result in (run_build("--check", *options), run_build(*options, "--site-dir", tmp_path / "site")):
        assert result.returncode == 1 and "Traceback" not in result.stderr and "only-shown-as-code" not in result.stderr
        assert [line for line in expected if line not in result.stderr] == [], result.stderr
    assert not (tmp_path / "site").exists()


def test_check_reads_no_pipe_among_the_hand_written_pages(data_copy, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    os.mkfifo(project / "docs" / "waiting.md")  # read, it would wait for a writer for ever
    checked = run_build("--check", "--config", project / "mkdocs.yml", "--data-dir", data_copy, "--no-cache")
    assert checked.returncode == 0 and "no errors" in checked.stdout, checked.stderr


def test_check_knows_every_page_the_build_generates(chronology, identity):
    from chronology.pages import generate, page_paths

    site = generate(chronology, identity=identity)
    assert sorted(page_paths(chronology)) == sorted(site.pages)


def test_usage_errors_exit_with_2():
    result = run_build("--no-such-option")
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_a_missing_or_empty_data_folder_is_a_usage_error(tmp_path):
    for folder in (tmp_path / "nowhere", ""):
        result = run_build("--check", "--data-dir", folder)
        assert result.returncode == 2 and "--data-dir" in result.stderr and "Traceback" not in result.stderr


def test_a_documents_setting_that_names_a_file_is_a_usage_error_not_a_skipped_quote_check(data_copy, tmp_path):
    import os

    named = tmp_path / "documents.txt"
    named.write_text("not a folder", encoding="utf-8")
    for command in (["--check"], ["--site-dir", tmp_path / "site"]):
        result = run_build(*command, "--data-dir", data_copy, env=os.environ | {"CHRONOLOGY_DOCUMENTS_DIR": str(named)})
        assert result.returncode == 2 and "CHRONOLOGY_DOCUMENTS_DIR" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("setting", [{"SOURCE_DATE_EPOCH": "yesterday"}, {"CHRONOLOGY_DOCUMENTS_DIR": "mkdocs.yml"}])
def test_mkdocs_build_run_directly_refuses_what_the_chronology_command_refuses(data_copy, tmp_path, setting):
    import os

    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300,
                            env=os.environ | {"CHRONOLOGY_DATA_DIR": str(data_copy)} | setting)
    assert result.returncode == 1 and next(iter(setting)) in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "site").exists()


def test_an_invalid_source_date_epoch_is_a_usage_error(data_copy, tmp_path):
    import os

    result = run_build("--data-dir", data_copy, "--site-dir", tmp_path / "site", env=os.environ | {"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.returncode == 2 and "SOURCE_DATE_EPOCH" in result.stderr
    assert not (tmp_path / "site").exists()


def test_brackets_nested_fifty_thousand_deep_get_a_message_not_a_crash(data_copy):
    (data_copy / EVENT).write_text("id: " + "[" * 50_000 + "\n", encoding="utf-8")
    code, errors = check(data_copy)
    assert code == 1
    assert f"data/{EVENT}:1: values are nested too deeply; expected at most 20 levels" in errors


def test_symbolic_links_in_the_data_are_refused_and_hidden_files_ignored(data_copy, tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text((data_copy / EVENT).read_text(encoding="utf-8"), encoding="utf-8")
    (data_copy / "events" / "1992" / "1992-linked.yml").symlink_to(outside)
    (data_copy / "events" / "1993" / "1993-dangling.yml").symlink_to(tmp_path / "missing.yml")
    (data_copy / "events" / "1993" / ".1993-draft.yml").write_text("not: an event\n", encoding="utf-8")
    (data_copy / ".notes").mkdir()
    (data_copy / ".notes" / "todo.txt").write_text("later\n", encoding="utf-8")
    code, errors = check(data_copy)
    assert code == 1
    assert errors[:-1] == [
        "data/events/1992/1992-linked.yml:1: is a symbolic link; expected a file or folder inside the data folder",
        "data/events/1993/1993-dangling.yml:1: is a symbolic link; expected a file or folder inside the data folder",
    ]


def test_check_verifies_every_quote_against_the_documents_when_they_are_present(data_copy, tmp_path):
    documents = tmp_path / "documents"
    if not (ROOT.parent / "shared" / "seeds").is_dir():
        pytest.skip("the source documents are not beside this checkout")
    shutil.copytree(ROOT.parent / "shared" / "seeds", documents)
    result = run_build("--check", "--data-dir", data_copy, "--documents", documents)
    assert result.returncode == 0 and "quotes checked against the documents" in result.stdout
    edit(data_copy, EVENT, "quote: ", "quote: words the document never had ")
    line = line_of(data_copy, EVENT, "quote: words the document never had")
    code, errors = check_with(data_copy, "--documents", documents)
    assert code == 1
    assert any(e.startswith(f"data/{EVENT}:{line}: sources[0].quote: not found in ") and "expected the words exactly as the document has them" in e for e in errors)
    result = run_build("--check", "--data-dir", data_copy, "--documents", tmp_path / "none")
    assert result.returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    code, errors = check_with(data_copy, "--documents", empty)
    assert any("custom.document: '" in e and f"is not in {empty}" in e for e in errors)


def check_with(data: Path, *options):
    result = run_build("--check", "--data-dir", data, *options)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.splitlines()


def chronology_command(*args, cwd=ROOT):
    import subprocess
    import sys

    command = [str(Path(sys.executable).parent / "chronology"), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=300)


def test_the_new_command_writes_an_event_to_fill_in_and_never_overwrites(data_copy):
    result = chronology_command("new", "2022-05", "Trade talks in Termez", "--data-dir", data_copy)
    assert result.returncode == 0, result.stderr
    written = data_copy / "events" / "2022" / "2022-05-trade-talks-in-termez.yml"
    text = written.read_text(encoding="utf-8")
    assert "id: 2022-05-trade-talks-in-termez" in text and "date: 2022-05" in text
    code, errors = check(data_copy)  # the skeleton asks for what is missing, field by field
    assert code == 1
    assert {e.split(": ")[1] for e in errors[:-1]} == {"summary", "themes", "actors", "sources[0].source", "sources[0].locator", "sources[0].quote"}
    again = chronology_command("new", "2022-05", "Trade talks in Termez", "--data-dir", data_copy)
    assert again.returncode == 2 and "exists already" in again.stderr
    assert written.read_text(encoding="utf-8") == text
    assert chronology_command("new", "2022-13", "Impossible", "--data-dir", data_copy).returncode == 2


def test_the_chronology_command_runs_from_the_sites_folder_and_says_when_it_is_elsewhere(tmp_path):
    assert "no errors" in chronology_command("check").stdout
    elsewhere = chronology_command("check", cwd=tmp_path)
    assert elsewhere.returncode == 2 and "mkdocs.yml" in elsewhere.stderr


def test_the_new_command_refuses_a_title_the_check_would_refuse_and_names_non_latin_titles(data_copy):
    refused = chronology_command("new", "2022-05", "<b>bold</b>", "--data-dir", data_copy)
    assert refused.returncode == 2 and "title: raw HTML is not allowed" in refused.stderr
    first = chronology_command("new", "2022-05", "Талибы в Кабуле", "--data-dir", data_copy)
    second = chronology_command("new", "2022-05", "Делегация в Астане", "--data-dir", data_copy)
    assert first.returncode == second.returncode == 0
    assert len(list((data_copy / "events" / "2022").glob("2022-05-event-*.yml"))) == 2


def test_misuse_of_the_command_gets_one_message_and_exit_2(data_copy, tmp_path, monkeypatch, capsys):
    import socket

    from chronology.cli import main

    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "other" / "docs").mkdir(parents=True)
    (tmp_path / "other" / "mkdocs.yml").write_text("site_name: other\n", encoding="utf-8")
    (tmp_path / "broken.yml").write_text("site_name: [broken\n", encoding="utf-8")
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    misuses = {
        "--site-dir": ["build", "--data-dir", data_copy, "--site-dir", tmp_path / "file" / "site"],
        "a folder of the system": ["build", "--data-dir", data_copy, "--site-dir", "/proc/site"],
        "which the build must never replace": ["build", "--data-dir", data_copy, "--site-dir", tmp_path / "out",
                                               "--documents", tmp_path / "out" / "documents"],
        ".cache, which the build must never replace": ["build", "--data-dir", data_copy, "--site-dir", ROOT / ".cache"],
        "does not use the chronology plugin": ["check", "--config", tmp_path / "other" / "mkdocs.yml"],
        "error parsing the configuration": ["check", "--config", tmp_path / "broken.yml"],
        "is not an address and port": ["serve", "--dev-addr", "127.0.0.1:70000"],
        "is not an IP address": ["serve", "--dev-addr", "example.org:8000"],
        "Address already in use": ["serve", "--dev-addr", f"127.0.0.1:{busy.getsockname()[1]}"],
        "which holds hand-written files": ["schema", "--out", ROOT / "docs" / "schemas"],
    }
    (tmp_path / "out" / "documents").mkdir(parents=True)
    with busy:
        for message, argv in misuses.items():
            assert main([*map(str, argv)]) == 2, argv
            errors = capsys.readouterr().err
            assert message in errors and "Traceback" not in errors, errors
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["documents"]
    monkeypatch.setenv("CHRONOLOGY_SITE_URL", "ftp://user:secret@example.org/")
    assert main(["check", "--data-dir", str(data_copy)]) == 2  # as the build refuses it
    assert "CHRONOLOGY_SITE_URL" in capsys.readouterr().err
    edit(data_copy, EVENT, "title:", "titel:")  # past the address (--site-url wins), stopped by the data
    assert main(["build", "--data-dir", str(data_copy), "--site-dir", str(tmp_path / "site"), "--site-url", "https://example.org/"]) == 1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(2**32))  # past what the sitemap's gzip file can hold
    assert main(["check", "--data-dir", str(data_copy)]) == 2
