"""The build's cache never serves stale output: after random edits, a build that uses the cache is
byte-identical to a clean build with `--no-cache`; and the cache is the build's own folder."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

EVENTS = 30
ROUNDS = 3
_NOT_COPIED = {"data", "node_modules", "site", "tests", "test-artifacts", "schema", "build"}
ADDRESSES = ["", "https://example.org/chronology/", "https://example.net/other/"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project (its code and templates too, so that a test may edit them) with a
    small synthetic data folder."""
    folder = tmp_path_factory.mktemp("project")
    for path in ROOT.iterdir():
        if path.name in _NOT_COPIED or path.name.startswith("."):
            continue
        if path.is_dir():
            shutil.copytree(path, folder / path.name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(path, folder / path.name)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "synth.py"), "--events", str(EVENTS), "--out", str(folder / "data")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return folder


def _build(project: Path, site: Path, *options: str) -> subprocess.Popen:
    env = os.environ | {"SOURCE_DATE_EPOCH": "86400", "PYTHONPATH": str(project / "scripts")}
    env.pop("CHRONOLOGY_SITE_URL", None)
    command = [sys.executable, str(project / "scripts" / "build.py"), "--data-dir", str(project / "data"), "--site-dir", str(site), *options]
    return subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _finish(build: subprocess.Popen) -> None:
    output, _ = build.communicate(timeout=600)
    assert build.returncode == 0, output


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _retitle(path: Path, mark: str, rng: random.Random) -> None:
    """Add `mark` to the title (or name) of the record in a data file, or of one record of a list."""
    value = yaml.safe_load(path.read_text(encoding="utf-8"))
    record = rng.choice(value) if isinstance(value, list) else value
    field = "title" if "title" in record else "name"
    record[field] = f"{record[field]} {mark}"
    path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _edit(project: Path, kind: str, mark: str, rng: random.Random) -> str:
    data = project / "data"
    if kind == "event":
        path = rng.choice(sorted((data / "events").rglob("*.yml")))
    elif kind == "registry entry":
        path = data / rng.choice(["themes.yml", "actors.yml", "places.yml"])
    elif kind == "source":
        path = rng.choice(sorted((data / "sources").glob("*.yml")))
    if kind == "template":
        path = project / "scripts" / "chronology" / "templates" / "event.html"
        path.write_text(path.read_text(encoding="utf-8").replace("</article>", f"<span hidden>{mark}</span></article>"), encoding="utf-8")
    elif kind == "theme template":
        path = project / "scripts" / "chronology" / "theme" / "main.html"
        path.write_text(path.read_text(encoding="utf-8").replace("{{ super() }}", f"{{{{ super() }}}}<!-- {mark} -->", 1), encoding="utf-8")
    elif kind == "site setting":
        path = project / "mkdocs.yml"
        path.write_text(re.sub(r"^site_description: (.*)$", rf"site_description: \1 {mark}", path.read_text(encoding="utf-8"), count=1, flags=re.M),
                        encoding="utf-8")
    else:
        _retitle(path, mark, rng)
    return f"{kind} ({path.relative_to(project)})"


def test_a_cached_build_after_random_edits_equals_a_clean_build(project, tmp_path):
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    _finish(_build(project, cached))  # fills the cache
    assert (project / ".cache" / "chronology" / "CACHEDIR.TAG").is_file()
    done = []
    for round_number in range(ROUNDS):
        kinds = rng.sample(["event", "registry entry", "source", "template", "theme template", "site setting", "published address"], 2)
        address = ADDRESSES[round_number % len(ADDRESSES)]
        for kind in kinds:
            if kind == "published address":
                address = rng.choice([a for a in ADDRESSES if a != address])
                done.append(f"published address {address!r}")
            else:
                done.append(_edit(project, kind, f"r{round_number}x{rng.randrange(1000)}", rng))
        options = ["--site-url", address] if address else []
        builds = [_build(project, cached, *options), _build(project, clean, "--no-cache", *options)]
        for build in builds:
            _finish(build)
        with_cache, without = _tree(cached), _tree(clean)
        context = f"seed {seed}, after editing: {'; '.join(done)}"
        assert with_cache.keys() == without.keys(), context
        differing = [path for path in with_cache if with_cache[path] != without[path]]
        assert not differing, f"{context}: cached build differs in {differing[:10]}"


def test_no_cache_neither_reads_nor_writes_the_cache(project, tmp_path):
    cache = project / ".cache" / "chronology"
    shutil.rmtree(cache, ignore_errors=True)
    _finish(_build(project, tmp_path / "site", "--no-cache"))
    assert not cache.exists()


def test_the_cache_is_never_a_folder_the_build_did_not_make(project, tmp_path):
    cache = project / ".cache" / "chronology"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    (cache / "notes.txt").write_text("someone's file\n", encoding="utf-8")
    _finish(_build(project, tmp_path / "site"))
    assert sorted(p.name for p in cache.iterdir()) == ["notes.txt"]
    shutil.rmtree(cache)


@pytest.mark.parametrize("linked", [".cache", ".cache/chronology"])
def test_a_cache_folder_that_is_a_symbolic_link_is_never_written_through(project, tmp_path, linked):
    shutil.rmtree(project / ".cache", ignore_errors=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / linked).parent.mkdir(parents=True, exist_ok=True)
    (project / linked).symlink_to(elsewhere, target_is_directory=True)
    try:
        _finish(_build(project, tmp_path / "site"))
        assert list(elsewhere.iterdir()) == []
        assert (tmp_path / "site" / "index.html").is_file()
    finally:
        (project / linked).unlink()
        shutil.rmtree(project / ".cache", ignore_errors=True)


class _Planted:
    """What a hostile cache file would hold: unpickling it calls a function."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return os.mkdir, (str(self.marker),)


def test_a_broken_or_planted_cache_file_is_rebuilt_and_never_runs_anything(project, tmp_path):
    import pickle

    from chronology.cache import code_version

    _finish(_build(project, tmp_path / "first"))
    stores = sorted((project / ".cache" / "chronology").glob("*.pickle"))
    for number, store in enumerate(stores):
        planted = pickle.dumps((_Planted(tmp_path / f"ran-{number}"), {}))  # (before the version is compared)
        store.write_bytes(b"not a cache" if number % 2 else planted)
    (project / ".cache" / "chronology" / "html.added.pickle").write_bytes(pickle.dumps((code_version(), {"x": _Planted(tmp_path / "ran")})))
    _finish(_build(project, tmp_path / "second"))
    assert _tree(tmp_path / "first") == _tree(tmp_path / "second")
    assert not list(tmp_path.glob("ran*"))


def test_a_new_title_of_a_citing_source_reaches_the_events_that_quote_the_works_it_lists(project, tmp_path):
    """The events show the citing source's title beside each title it lists, without citing it themselves."""
    sources = {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((project / "data" / "sources").glob("*.yml"))}
    citing = sorted({s["custom"]["cited-by"] for s in sources.values() if (s.get("custom") or {}).get("cited-by")})
    assert citing, "the synthetic data has sources known through others"
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    _finish(_build(project, cached))
    path = next(p for p, s in sources.items() if s["id"] == citing[0])
    _retitle(path, "retitled", random.Random(0))
    _finish(_build(project, cached))
    _finish(_build(project, clean, "--no-cache"))
    with_cache, without = _tree(cached), _tree(clean)
    assert [p for p in with_cache if with_cache[p] != without.get(p)] == []


def test_a_store_writes_what_a_run_added_and_is_written_whole_once_much_changed(tmp_path):
    from chronology.cache import Store

    path = tmp_path / "records.pickle"
    first = Store(path, "version")
    for number in range(100):
        first.put(f"key {number}", number)
    first.save()
    whole = path.read_bytes()
    second = Store(path, "version")
    assert [second.get(f"key {number}") for number in range(100)] == list(range(100))
    second.put("key 100", 100)  # a few added: only they are written
    second.save()
    assert path.read_bytes() == whole
    appended = second.added_path.read_bytes()
    beside = Store(path, "version")  # a run beside it, or after it, appends its own
    assert [beside.get(f"key {number}") for number in range(101)] == list(range(101))
    beside.put("key 200", 200)
    beside.save()
    assert second.added_path.read_bytes().startswith(appended) and path.read_bytes() == whole
    with second.added_path.open("ab") as added:
        added.write(b"\x80\x05 a run stopped as it wrote")
    third = Store(path, "version")
    assert third.get("key 100") == 100 and third.get("key 200") == 200 and third.get("key 0") == 0
    for number in range(101, 130):  # many: written whole, without the entries this run left unused
        third.put(f"key {number}", number)
    third.save()
    assert path.read_bytes() != whole and not third.added_path.exists()
    fourth = Store(path, "version")
    assert fourth.get("key 0") == 0 and fourth.get("key 129") == 129 and fourth.get("key 50") is None
    assert Store(path, "another version").get("key 0") is None


def test_a_store_whose_few_large_entries_each_run_makes_anew_does_not_grow_with_the_runs(tmp_path):
    """As the printable page's compressed bytes are after each edit: the file of added entries is
    folded into the store before it grows past a share of it, so neither grows with the runs."""
    from chronology.cache import Store

    path = tmp_path / "deflated.pickle"
    first = Store(path, "version")
    for number in range(100):
        first.put(f"small {number}", number)
    first.put("large 0", b"x" * 100_000)
    first.save()
    for run in range(1, 40):
        store = Store(path, "version")
        assert [store.get(f"small {number}") for number in range(100)] == list(range(100))
        assert store.get(f"large {run - 1}") == b"x" * 100_000
        store.put(f"large {run}", b"x" * 100_000)
        store.save()
        size = path.stat().st_size + (store.added_path.stat().st_size if store.added_path.exists() else 0)
        assert size < 4 * 100_000, f"after run {run}: {size:,} bytes"  # this run's, the last one's, and one more
    assert Store(path, "version").get("large 39") == b"x" * 100_000


def test_a_file_is_read_again_when_its_bytes_change_though_its_size_and_time_do_not(project, tmp_path):
    """Data files whose size, times and inode are as when they were last read are not read again;
    a write changes the file's change time, which no one can set back, so it is always seen."""
    from chronology.cache import Store
    from chronology.load import load

    data = tmp_path / "data"
    shutil.copytree(project / "data", data)
    settled = os.stat(data).st_mtime - 60
    for path in data.rglob("*.yml"):
        os.utime(path, (settled, settled))
    store = Store(tmp_path / "records.pickle", "version")
    event = load(data, None, store).events[0]
    store.save()
    path = data / "events" / event.id[:4] / f"{event.id}.yml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    first = text.index("title: ") + len("title: ")
    swapped = "Q" if text[first] != "Q" else "R"  # one letter for another: the same size
    path.write_text(text[:first] + swapped + text[first + 1:], encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    again = load(data, None, Store(tmp_path / "records.pickle", "version"))
    assert again.event_by_id[event.id].title == swapped + event.title[1:]
    unchanged = load(data, None, Store(tmp_path / "records.pickle", "version"))
    assert [e.title for e in unchanged.events] == [e.title for e in again.events]


def test_a_site_generated_from_the_last_one_shows_what_one_generated_afresh_shows(data_copy, tmp_path):
    """Under serve, an update reads only the files reported changed and takes from the last site what
    the change cannot have touched; every page and block is what a site generated afresh holds."""
    from watchdog.events import FileModifiedEvent

    from chronology.cache import Cache
    from chronology.load import Reading, load
    from chronology.pages import generate
    from chronology.spool import text

    cache, reading = Cache(tmp_path / "served"), Reading()
    site = generate(load(data_copy, None, cache.records, reading), "", data_copy, cache=cache, exports=False)
    related = sorted({r for e in site.blocks.chronology.events for r in e.related})
    rng = random.Random(3)
    edits = [data_copy / "events" / related[0][:4] / f"{related[0]}.yml",  # an event others show
             rng.choice(sorted((data_copy / "events").rglob("*.yml"))),
             data_copy / "actors.yml", rng.choice(sorted((data_copy / "sources").glob("*.yml"))),
             rng.choice(sorted((data_copy / "events").rglob("*.yml")))]
    for number, path in enumerate(edits):
        _retitle(path, f"edit{number}", rng)
        reading.saw(FileModifiedEvent(str(path)))
        cache.refresh()
        site = generate(load(data_copy, None, cache.records, reading), "", data_copy, cache=cache, exports=False, previous=site)
        afresh = Cache(tmp_path / f"fresh{number}")
        fresh = generate(load(data_copy, None, afresh.records), "", data_copy, cache=afresh, exports=False)
        assert site.pages == fresh.pages, path
        for name in fresh.blocks.lists.events:
            assert (site.blocks.lists.key(name), site.blocks.lists[name]) == (fresh.blocks.lists.key(name), fresh.blocks.lists[name]), (number, path, name)
        for event in fresh.blocks.chronology.events:
            assert site.blocks.event(event.id) == fresh.blocks.event(event.id), (path, event.id)
            assert site.blocks.citations(event.id) == fresh.blocks.citations(event.id)
            assert site.blocks.key_of("event", event.id) == fresh.blocks.key_of("event", event.id)
        shown = [text(site.blocks.event(e.id)[1]) + site.blocks.citations(e.id) for e in fresh.blocks.chronology.events]
        written = [page if isinstance(page, str) else page.decode("utf-8") for page in site.pages.values()]
        assert f"edit{number}" in "".join(shown + written), path


def test_under_serve_a_change_the_watcher_did_not_report_is_read_all_the_same(data_copy, tmp_path):
    """A save made before the watcher started, or on a file system that does not report it, is
    seen by the next update: a file is taken as it was only while its size, times and inode are the same."""
    import time

    from chronology.cache import Cache
    from chronology.load import Reading, load

    cache, reading = Cache(tmp_path / "served"), Reading()
    time.sleep(1.1)  # the copied files' times settle, so that their signatures are remembered
    load(data_copy, None, cache.records)
    event = load(data_copy, None, cache.records, reading).events[0]
    assert reading.files
    path = data_copy / "events" / event.id[:4] / f"{event.id}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"title: {event.title}", "title: Retitled unreported", 1), encoding="utf-8")
    assert load(data_copy, None, cache.records, reading).event_by_id[event.id].title == "Retitled unreported"


@pytest.mark.parametrize("runs", ["one serve", "run after run"])
def test_the_cross_checks_see_a_new_reference_and_an_id_that_went(data_copy, tmp_path, runs):
    """A load checks again the references of what it read anew, and all references once an id
    went: an unknown actor in an edited event, and a source removed while unchanged events cite it;
    under serve (one reading of the folder, told of each change) as from one `check` or build to
    the next (each a new process, with the last pass of the checks from the cache)."""
    from watchdog.events import FileDeletedEvent, FileModifiedEvent

    from chronology.cache import Cache
    from chronology.errors import DataErrors
    from chronology.load import Reading, load

    served, served_cache = Reading(), Cache(tmp_path / "served")

    def loaded(changed: FileModifiedEvent | FileDeletedEvent | None = None):
        if runs == "one serve":
            if changed is not None:
                served.saw(changed)
            return load(data_copy, None, served_cache.records, served)
        cache = Cache(tmp_path / "cache")
        try:
            return load(data_copy, None, cache.records, Reading(cache.checks))
        finally:
            cache.save()

    chronology = loaded()
    assert loaded().events == chronology.events
    event = next(e for e in chronology.events if e.actors)
    path = data_copy / "events" / event.id[:4] / f"{event.id}.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("\nactors: [", "\nactors: [no-such-actor, ", 1), encoding="utf-8")
    with pytest.raises(DataErrors, match="'no-such-actor' is not an id in actors"):
        loaded(FileModifiedEvent(str(path)))
    path.write_text(original, encoding="utf-8")
    loaded(FileModifiedEvent(str(path)))
    cited = sorted({c.source for e in chronology.events for c in e.citations()})[0]
    source = data_copy / "sources" / f"{cited}.yml"
    source.unlink()
    with pytest.raises(DataErrors) as raised:
        loaded(FileDeletedEvent(str(source)))
    citing = {e.id for e in chronology.events if cited in {c.source for c in e.citations()}}
    assert {error.file.rsplit("/", 1)[-1][:-4] for error in raised.value.errors if "/events/" in error.file} == citing
    if runs == "run after run":
        assert (tmp_path / "cache" / "checks.pickle").is_file()


_MISSHAPEN = {
    "not a mapping": lambda digests: 5,
    "a table not a mapping": lambda digests: dict.fromkeys(digests, 5),
    "a table of lists": lambda digests: {kind: list(items) for kind, items in digests.items()},
    "digests not text": lambda digests: {kind: dict.fromkeys(items, 1) for kind, items in digests.items()},
}


@pytest.mark.parametrize("misshapen", sorted(_MISSHAPEN))
def test_a_last_pass_of_the_checks_in_a_shape_none_has_is_not_taken(data_copy, tmp_path, misshapen):
    """A checks file of this code's version that holds something else, of the same tables (not
    written by a build), neither stops the load nor spares a record its checks."""
    from chronology.cache import Cache
    from chronology.errors import DataErrors
    from chronology.load import Reading, load

    reading = Reading()
    event = next(e for e in load(data_copy, None, None, reading).events if e.actors)
    cache = Cache(tmp_path / "cache")
    cache.checks.put(Reading.PASSED, _MISSHAPEN[misshapen](reading.checked.digests))
    cache.save()
    path = data_copy / "events" / event.id[:4] / f"{event.id}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nactors: [", "\nactors: [no-such-actor, ", 1), encoding="utf-8")
    cache = Cache(tmp_path / "cache")
    with pytest.raises(DataErrors, match="'no-such-actor' is not an id in actors"):
        load(data_copy, None, cache.records, Reading(cache.checks))


def test_a_build_copies_unchanged_pages_from_the_last_one_and_never_a_page_changed_since(project, tmp_path):
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    _finish(_build(project, cached))
    again = _build(project, cached)
    output, _ = again.communicate(timeout=600)
    assert again.returncode == 0, output
    copied = re.search(r"\((\d+) unchanged pages and ([\d,]+) unchanged files taken from the last build\)", output)
    assert copied and int(copied.group(1)) > 0 and int(copied.group(2).replace(",", "")) > 0, output
    page = sorted((cached / "years").glob("*.html"))[0]
    permalink = sorted((cached / "events").glob("*.html"))[0]  # a generated file MkDocs copies
    for tampered in (page, permalink):
        before = tampered.stat()
        text = tampered.read_text(encoding="utf-8")
        tampered.write_text(text.replace("<h", "<x", 1), encoding="utf-8")  # the same size
        os.utime(tampered, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same time
    _finish(_build(project, cached))
    _finish(_build(project, clean, "--no-cache"))
    assert page.read_bytes() == (clean / "years" / page.name).read_bytes()
    assert permalink.read_bytes() == (clean / "events" / permalink.name).read_bytes()
    assert _tree(cached) == _tree(clean)


_MARK_EXTENSION = """from markdown import Extension
from markdown.postprocessors import Postprocessor


class _Mark(Postprocessor):
    def run(self, text):
        return text + "<!-- mark one -->"


class MarkExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(_Mark(md), "mark", 0)


def makeExtension(**kwargs):
    return MarkExtension(**kwargs)
"""
_CODE_OF_ITS_OWN = {
    "hook": ("hook.py", 'def on_page_content(html, page, config, files):\n    return html + "<!-- mark one -->"\n',
             "\nhooks:\n  - hook.py\n"),
    "Markdown extension": ("scripts/site_mark.py", _MARK_EXTENSION, None),
}


@pytest.mark.parametrize("kind", sorted(_CODE_OF_ITS_OWN))
def test_with_code_of_the_site_s_own_every_page_is_rendered_again(project, tmp_path, kind):
    """A hook or a Markdown extension may change any page in ways no cache key sees: with one, no
    page or prose is taken from the last build."""
    own = tmp_path / "project"
    shutil.copytree(project, own, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
    name, code, setting = _CODE_OF_ITS_OWN[kind]
    module = own / name
    module.write_text(code, encoding="utf-8")
    config = own / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + setting if setting else text.replace("markdown_extensions:\n", "markdown_extensions:\n  - site_mark\n", 1),
                      encoding="utf-8")
    site = tmp_path / "site"
    _finish(_build(own, site))
    module.write_text(code.replace("mark one", "mark two"), encoding="utf-8")
    _finish(_build(own, site))
    page = sorted((site / "years").glob("*.html"))[0]
    assert "<!-- mark two -->" in page.read_text(encoding="utf-8") and "<!-- mark one -->" not in page.read_text(encoding="utf-8")


def test_an_event_s_correction_date_follows_its_history_though_commit_times_go_back(project, tmp_path):
    """The correction a block shows is the last in the history, whose time need not be the newest."""
    own = tmp_path / "project"
    shutil.copytree(project, own, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
    env = os.environ | {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
                        "GIT_COMMITTER_EMAIL": "a@example.org", "GIT_AUTHOR_DATE": "2025-06-01T12:00:00Z",
                        "GIT_COMMITTER_DATE": "2025-06-01T12:00:00Z"}  # the first commit is the newest by its time

    def git(*arguments, **more):
        subprocess.run(["git", "-C", str(own), *arguments], check=True, capture_output=True, env=env | more)

    git("init", "-q")
    git("add", "data")
    git("commit", "-qm", "Events")
    event = sorted((own / "data" / "events").rglob("*.yml"))[0]
    _retitle(event, "corrected", random.Random(1))
    git("commit", "-qam", "Correct an event", GIT_AUTHOR_DATE="2025-03-01T12:00:00Z", GIT_COMMITTER_DATE="2025-03-01T12:00:00Z")
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    _finish(_build(own, cached))
    git("commit", "-q", "--amend", "--no-edit", GIT_AUTHOR_DATE="2023-01-01T12:00:00Z", GIT_COMMITTER_DATE="2023-01-01T12:00:00Z")
    _finish(_build(own, cached))
    _finish(_build(own, clean, "--no-cache"))
    year = cached / "years" / f"{event.parent.name}.html"
    assert "1 January 2023" in year.read_text(encoding="utf-8") or "2023-01-01" in year.read_text(encoding="utf-8")
    assert _tree(cached) == _tree(clean)


def test_a_setting_whose_text_does_not_tell_what_it_does_turns_copying_off(project, tmp_path):
    """A function in the settings (here the table of contents' slugify) could change while its name
    stays: no page is copied, and the build equals a clean one."""
    own = tmp_path / "project"
    shutil.copytree(project, own, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
    config = own / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - toc:\n" in text
    config.write_text(text.replace("  - toc:\n", "  - toc:\n      slugify: !!python/name:markdown.extensions.toc.slugify_unicode\n", 1),
                      encoding="utf-8")
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    _finish(_build(own, cached))
    again = _build(own, cached)
    output, _ = again.communicate(timeout=600)
    assert again.returncode == 0, output
    assert "taken from the last build" not in output
    _finish(_build(own, clean, "--no-cache"))
    assert _tree(cached) == _tree(clean)


def test_settings_in_another_order_reach_the_copied_pages(project, tmp_path):
    """The theme writes some settings in the order they are given (the admonition icons, as CSS):
    the same settings in another order are another key."""
    own = tmp_path / "project"
    shutil.copytree(project, own, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
    config = own / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    icons = ["note: material/pencil", "abstract: material/file-document"]
    for order in (icons, icons[::-1]):
        setting = "  icon:\n    admonition:\n" + "".join(f"      {icon}\n" for icon in order)
        config.write_text(text.replace("  font: false\n", "  font: false\n" + setting, 1), encoding="utf-8")
        _finish(_build(own, tmp_path / "cached"))
    _finish(_build(own, tmp_path / "clean", "--no-cache"))
    assert _tree(tmp_path / "cached") == _tree(tmp_path / "clean")
