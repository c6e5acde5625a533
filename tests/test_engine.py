"""The package as an engine for any chronology: a second one, on another subject, started with
`chronology init`, filled with `chronology import` and built by the package installed from its
wheel (not from this repository), says nothing of this chronology; imports check everything first
and write nothing when anything is wrong; the site's own downloads import back to the same events."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import DATA, ROOT

BIN = Path(sys.executable).parent

TITLE = "Lighthouses of the Skerry Coast"
THEMES = """
- id: construction
  title: Construction
  description: Lights planned, built and rebuilt.
- id: keepers
  title: Keepers
  description: The people who kept the lights.
"""
ACTORS = """
- id: lighthouse-board
  name: Northern Lighthouse Board
  kind: organisation
- id: ann-leask
  name: Ann Leask
  kind: person
  sort_as: Leask, Ann
"""
PLACES = """[{id: skerry-head, name: Skerry Head, kind: building}]
"""
EVENTS_CSV = """\
date,title,summary,themes,actors,places,source_1,locator_1,quote_1,source_2,locator_2,quote_2,disagreement_1,disagreement_1_reading_1,disagreement_1_reading_1_source_1,disagreement_1_reading_1_locator_1,disagreement_1_reading_1_quote_1,disagreement_1_reading_2,disagreement_1_reading_2_source_1,disagreement_1_reading_2_locator_1,disagreement_1_reading_2_quote_1
1821-06,The light on Skerry Head is first lit,The tower's lamp is lit for the first time.,construction,lighthouse-board,skerry-head,stevenson-lights,p. 12,first exhibited in June 1821,leask-keepers,ch. 2,the lamp was lit that summer,Who lit the lamp,The board's engineer lit it.,stevenson-lights,p. 13,lit by the engineer,The first keeper lit it.,leask-keepers,ch. 2,lit by the keeper
1899,Ann Leask becomes keeper,Ann Leask takes over the light; *the first woman* to keep it.,keepers,ann-leask; lighthouse-board,skerry-head,leask-keepers,ch. 5,appointed keeper in 1899,,,,,,,,,,,,
"""
SOURCES_JSON = [
    {"id": "stevenson-lights", "type": "book", "title": "Account of the Skerry Lights", "publisher": "Harbour Press",
     "publisher-place": "Leith", "edition": 2, "ISBN": "978-0-00-000000-2", "issued": {"date-parts": [[1960]]},
     "author": [{"family": "Stevenson", "given": "Alan"}], "archive": "Lighthouse Archive", "archive_location": "Box 4"},
    {"id": "http://zotero.org/users/local/x/items/LEASK123", "citation-key": "leask-keepers", "type": "article-journal",
     "title": "Keepers of the Skerry Coast", "container-title": "Maritime History Review", "volume": "7", "issue": 3,
     "page": "201-219", "DOI": "10.5555/skerry.1999.7", "ISSN": "1234-5678", "language": "English",
     "abstract": "The lives of the keepers.", "keyword": "lighthouses", "issued": {"date-parts": [["1999", 4]]}},
]


def run(command: list, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, cwd=cwd, timeout=600, **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The package built as a wheel and installed on its own, with the test environment's libraries
    beside it: the `bin` folder of an environment that holds no copy of this repository."""
    folder = tmp_path_factory.mktemp("wheel")
    built = run([BIN / "python", "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", folder / "dist", ROOT], folder)
    assert built.returncode == 0, built.stderr
    (wheel,) = (folder / "dist").glob("*.whl")
    venv.create(folder / "env", with_pip=False)
    site_packages = next((folder / "env" / "lib").glob("python*/site-packages"))
    libraries = next(Path(sys.executable).parent.parent.glob("lib/python*/site-packages"))
    (site_packages / "libraries.pth").write_text(f"{libraries}\n", encoding="utf-8")  # after the env's own
    target = run([BIN / "python", "-m", "pip", "--python", folder / "env" / "bin" / "python", "install", "--no-deps", "-q", wheel], folder)
    assert target.returncode == 0, target.stderr
    return folder / "env" / "bin"


@pytest.fixture(scope="module")
def second(installed, tmp_path_factory) -> Path:
    """A second chronology: started with init, its registries written by hand, filled by import, built."""
    folder = tmp_path_factory.mktemp("second") / "skerry-lights"
    env = {"PATH": f"{installed}:/usr/bin:/bin", "HOME": str(folder.parent)}  # no PYTHONPATH: only the wheel
    started = run([installed / "chronology", "init", folder, "--title", TITLE], folder.parent, env=env)
    assert started.returncode == 0, started.stderr
    for name, text in (("themes.yml", THEMES), ("actors.yml", ACTORS)):  # registries are written by hand
        with (folder / "data" / name).open("a", encoding="utf-8") as registry:
            registry.write(text)
    (folder / "data" / "places.yml").write_text(PLACES, encoding="utf-8")
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("# corrections: mailto:editors@example.org", "corrections: mailto:keepers@example.org")
    (folder / "mkdocs.yml").write_text(config.replace("# publisher: who publishes it", "publisher: Skerry Lights Society"), encoding="utf-8")
    (folder / "events.csv").write_text(EVENTS_CSV, encoding="utf-8")
    (folder / "library.json").write_text(json.dumps(SOURCES_JSON, indent=2), encoding="utf-8")
    imported = run([installed / "chronology", "import", "events.csv", "library.json"], folder, env=env)
    assert imported.returncode == 0, imported.stderr
    note = re.search(r"^library\.json:(\d+): id '(.+)' is written as 'leask-keepers'", imported.stdout, re.M)
    lines = (folder / "library.json").read_text(encoding="utf-8").splitlines()
    assert note and lines[int(note.group(1)) - 1].strip() == "{" and note.group(2) in lines[int(note.group(1))]  # the item's line
    built = run([installed / "chronology", "build"], folder, env=env)
    assert built.returncode == 0, built.stderr
    where = run([installed / "python", "-c", "import chronology; print(chronology.__file__)"], folder, env=env)
    assert str(installed.parent) in where.stdout  # built by the installed copy, not by this repository's
    return folder


def texts(site: Path) -> dict[str, str]:
    """Every text file of a built site but the theme's own minified libraries (lunr's word lists)."""
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*")
            if p.is_file() and p.suffix in (".html", ".json", ".xml", ".ics", ".csv", ".js", ".txt") and not p.name.endswith(".min.js")}


def test_a_second_chronology_says_nothing_of_this_one(second, chronology, identity):
    site = second / "site"
    ours = {identity.title, identity.short_title, identity.subject, identity.name, identity.lead[:60],
            *(place.name for place in chronology.places.values() if len(place.name) > 5),
            *(event.title for event in chronology.events), *(source.title for source in chronology.sources.values())}
    for path, text in texts(site).items():
        found = [words for words in ours if words and words in text]
        assert not found, f"{path} says {found[0]!r}"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"<title>{TITLE}</title>" in home and "Ann Leask becomes keeper" in home
    assert (site / "downloads" / "lighthouses-of-the-skerry-coast.zip").is_file()


def test_its_exports_follow_its_configuration(second):
    downloads = second / "site" / "downloads"
    package = json.loads((downloads / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"] == "lighthouses-of-the-skerry-coast" and package["title"] == TITLE
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    feed = (downloads / "feed.xml").read_text(encoding="utf-8")
    assert f"<title>{TITLE}</title>" in feed and "tag:lighthouses-of-the-skerry-coast," in feed
    timeline = json.loads((downloads / "timeline.json").read_text(encoding="utf-8"))
    assert timeline["title"]["text"]["headline"] == TITLE
    assert "@lighthouses-of-the-skerry-coast" in (downloads / "events.ics").read_text(encoding="utf-8")
    assert "<name>Skerry Lights Society</name>" in feed
    home = (second / "site" / "index.html").read_text(encoding="utf-8")
    assert '<a href="mailto:keepers@example.org">Send a correction</a>' in home
    offline = (second / "site" / "offline.html").read_text(encoding="utf-8")
    assert 'href="downloads/lighthouses-of-the-skerry-coast.zip"' in offline
    data = (second / "site" / "data.html").read_text(encoding="utf-8")
    assert "tag:lighthouses-of-the-skerry-coast," in data and 'href="downloads/events-template.csv"' in data


def test_pages_it_has_no_data_for_are_not_made_nor_linked(second):
    site = second / "site"
    assert not (site / "periods").exists()
    assert (site / "places.html").is_file()  # it has a place
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "periods/" not in home and ">Periods<" not in home
    charts = (site / "charts.html").read_text(encoding="utf-8")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' not in charts  # no figures: no figure charts
    assert "theme-grid" in charts


def test_its_offline_search_ships_inside_the_package_with_its_licence(second):
    site = second / "site"
    shim = site / "assets" / "javascripts" / "iframe-worker"
    assert "iframe" in (shim / "shim.js").read_text(encoding="utf-8")
    assert "Permission is hereby granted" in (shim / "LICENSE").read_text(encoding="utf-8")
    for path, text in texts(site).items():
        assert "unpkg.com" not in text and "cdn.jsdelivr" not in text, path


def test_imported_sources_keep_and_show_what_the_reference_manager_gave(second):
    source = (second / "data" / "sources" / "leask-keepers.yml").read_text(encoding="utf-8")
    for kept in ("DOI: 10.5555/skerry.1999.7", "volume: '7'", "issue: 3", "page: 201-219", "ISSN: 1234-5678",
                 "language: en", "issued: 1999-04", "abstract: The lives of the keepers."):
        assert kept in source
    assert "keyword" not in source
    sources = (second / "site" / "sources.html").read_text(encoding="utf-8")
    assert '<a href="https://doi.org/10.5555/skerry.1999.7">10.5555/skerry.1999.7</a>' in sources
    assert "Maritime History Review, vol. 7, no. 3, pp. 201-219" in sources
    assert "Lighthouse Archive, Box 4" in sources and "978-0-00-000000-2" in sources
    bibliography = json.loads((second / "site" / "downloads" / "bibliography.json").read_text(encoding="utf-8"))
    item = next(i for i in bibliography if i["id"] == "leask-keepers")
    assert item["DOI"] == "10.5555/skerry.1999.7" and item["issued"] == {"date-parts": [[1999, 4]]}


def test_an_event_imported_with_several_citations_and_a_disagreement(second):
    (event,) = (second / "data" / "events" / "1821").glob("*.yml")
    assert event.stem.startswith("1821-06-the-light-on-skerry-head")  # an id made from the date and the title
    page = (second / "site" / "years" / "1821.html").read_text(encoding="utf-8")
    assert "first exhibited in June 1821" in page and "the lamp was lit that summer" in page
    assert "Who lit the lamp" in page and "lit by the keeper" in page


def test_init_never_writes_over_a_file(installed, second):
    mkdocs = (second / "mkdocs.yml").read_text(encoding="utf-8")
    again = run([installed / "chronology", "init", second], second)
    assert again.returncode == 2 and "mkdocs.yml" in again.stderr and "nothing was written" in again.stderr
    assert (second / "mkdocs.yml").read_text(encoding="utf-8") == mkdocs


def test_init_never_writes_through_a_link_to_another_folder(tmp_path):
    from test_check import chronology_command

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "docs").symlink_to(elsewhere)
    started = chronology_command("init", tmp_path / "new", "--title", "A new chronology", cwd=tmp_path)
    assert started.returncode == 2 and "docs is a link to another folder; nothing was written" in started.stderr, started.stderr
    assert list(elsewhere.iterdir()) == [] and sorted(p.name for p in (tmp_path / "new").iterdir()) == ["docs"]


BAD_CSV = """\
date,title,summary,themes,actors,source_1,locator_1,quote_1
1992-13,A month that is not one,Text.,diplomacy,kazakhstan,wikipedia-afghanistan-kazakhstan-relations,p. 1,a quote
1993,Unknown theme,Text.,no-such-theme,kazakhstan,wikipedia-afghanistan-kazakhstan-relations,p. 1,a quote
1994,No quote,Text.,diplomacy,kazakhstan,wikipedia-afghanistan-kazakhstan-relations,p. 1,
1995,<b>HTML</b>,Text.,diplomacy,kazakhstan,wikipedia-afghanistan-kazakhstan-relations,p. 1,a quote
1996,Unknown source,Text.,diplomacy,kazakhstan,no-such-source,p. 1,a quote
"""


def test_an_import_reports_every_problem_by_row_and_column_and_writes_nothing(data_copy, tmp_path):
    from test_check import chronology_command

    bad = tmp_path / "events.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    before = sorted(p.relative_to(data_copy) for p in data_copy.rglob("*"))
    result = chronology_command("import", bad, "--data-dir", data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    problems = [line.split(": ")[0:2] for line in result.stderr.splitlines()[:-1]]
    assert problems == [[f"{bad}:2", "date"], [f"{bad}:3", "themes"], [f"{bad}:4", "quote_1"],
                        [f"{bad}:5", "title"], [f"{bad}:6", "source_1"]]
    assert result.stderr.splitlines()[-1] == "5 errors; nothing was written"
    assert sorted(p.relative_to(data_copy) for p in data_copy.rglob("*")) == before


def test_an_import_never_replaces_a_file(data_copy, tmp_path, chronology):
    from test_check import chronology_command

    event = chronology.events[0]
    again = tmp_path / "again.csv"
    again.write_text("id,date,title,summary,themes,actors,source_1,locator_1,quote_1\n"
                     f"{event.id},{event.date},Another title,Text.,diplomacy,kazakhstan,{event.sources[0].source},p. 1,a quote\n",
                     encoding="utf-8")
    path = data_copy / "events" / event.id[:4] / f"{event.id}.yml"
    text = path.read_text(encoding="utf-8")
    result = chronology_command("import", again, "--data-dir", data_copy)
    assert result.returncode == 1 and f"{again}:2: id: data/events/" in result.stderr and "exists already" in result.stderr
    assert path.read_text(encoding="utf-8") == text


def test_the_sites_own_downloads_import_back_to_the_same_events(site, chronology, tmp_path):
    from chronology.imports import import_files
    from chronology.load import load

    empty = tmp_path / "data"
    empty.mkdir()
    for registry in DATA.glob("*.yml"):
        shutil.copy(registry, empty / registry.name)
    downloads = site / "downloads"
    written = import_files([downloads / "bibliography.json", downloads / "events.csv"], empty)
    assert len(written) == len(chronology.events) + len(chronology.sources)
    again = load(empty)
    assert again.events == chronology.events  # ids, dates, titles, summaries, tags, citations, disagreements
    assert any(e.disagreements for e in again.events) and any(len(e.sources) > 1 for e in again.events)
    assert {k: s.model_copy(update={"custom": None}) for k, s in again.sources.items()} == \
           {k: s.model_copy(update={"custom": None}) for k, s in chronology.sources.items()}


def test_a_problem_in_the_configuration_is_reported_with_its_line(tmp_path):
    from test_check import chronology_command

    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    broken = config.replace("licence: CC-BY-4.0", "licence: MIT-ish").replace("started: 2024", "started: soon")
    (tmp_path / "mkdocs.yml").write_text(broken, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    result = chronology_command("check", "--config", tmp_path / "mkdocs.yml", "--data-dir", DATA)
    assert result.returncode == 1
    lines = broken.splitlines()
    licence = next(n for n, text in enumerate(lines, 1) if "licence:" in text)
    started = next(n for n, text in enumerate(lines, 1) if "started:" in text)
    assert f"mkdocs.yml:{licence}: plugins.chronology.licence: 'MIT-ish' is not a licence known by its identifier alone" in result.stderr
    assert f"mkdocs.yml:{started}: plugins.chronology.started: " in result.stderr


def test_settings_that_would_reach_outside_the_site_or_run_a_link_are_refused_by_check_and_build(tmp_path):
    from test_check import chronology_command

    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count("\ncopyright: ") == 1 and "\nextra:\n" not in config
    hostile = re.sub(r"\ncopyright: .*", '\ncopyright: "<img src=x onerror=alert(1)> [licence](javascript:alert(1))"', config)
    hostile += ("extra:\n  analytics: {provider: google, property: G-X}\n"
                "  social:\n    - icon: fontawesome/brands/github\n      link: 'javascript:alert(1)'\n"
                "extra_javascript:\n  - https://cdn.example.org/tracker.js\n")
    (tmp_path / "mkdocs.yml").write_text(hostile, encoding="utf-8")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    options = ["--config", tmp_path / "mkdocs.yml", "--data-dir", DATA, "--no-cache"]
    for result in (chronology_command("check", *options), chronology_command("build", *options, "--site-dir", tmp_path / "site")):
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        for setting in ("copyright", "extra.analytics", "extra.social[0].link", "extra_javascript[0]"):
            assert re.search(rf"^mkdocs\.yml:\d+: {re.escape(setting)}: ", result.stderr, re.M), (setting, result.stderr)
    assert not (tmp_path / "site").exists()


def test_the_themes_web_fonts_are_never_asked_for(tmp_path):
    """A configuration as short as the README allows (no `font: false`) still loads nothing from outside."""
    from test_check import chronology_command

    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  font: false\n" in config
    (tmp_path / "mkdocs.yml").write_text(config.replace("  font: false\n", ""), encoding="utf-8")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    built = chronology_command("build", "--config", tmp_path / "mkdocs.yml", "--data-dir", DATA, "--no-cache", "--site-dir", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "fonts.g" not in page and "<footer" in page


def test_a_configuration_whose_aliases_explode_is_refused_at_once(tmp_path):
    from test_check import chronology_command

    aliases = ["extra:", '  x0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    aliases += [f"  x{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]  # 9^9 values
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "\n".join(aliases) + "\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    result = chronology_command("check", "--config", tmp_path / "mkdocs.yml", "--data-dir", DATA)
    assert result.returncode == 2 and "its aliases expand to more than" in result.stderr, result.stderr


def test_the_package_names_no_topic(identity):
    """The engine's code, templates and files say nothing of this chronology: its title, subject,
    short name or places (nor words made from them, such as an adjective of a place)."""
    words = {identity.title, identity.short_title, identity.subject, identity.name, *(p[:6] for p in identity.places)}
    package = ROOT / "scripts" / "chronology"
    for path in package.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace").casefold()
            found = [w for w in words if w.casefold() in text]
            assert not found, f"{path.relative_to(ROOT)} names {found[0]!r}"


def test_init_keeps_what_the_build_makes_out_of_version_control(second):
    ignored = (second / ".gitignore").read_text(encoding="utf-8").split()
    made = [name for name in ("site", ".cache") if (second / name).is_dir()]
    assert made == ["site", ".cache"] and all(f"/{name}/" in ignored for name in made)
