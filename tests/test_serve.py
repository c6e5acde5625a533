"""`mkdocs serve` for an author: editing a YAML file in data/ rebuilds the page, with no rebuild loop."""

import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import ROOT

EVENT = Path("events/1992/1992-02-12-diplomatic-relations.yml")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def save(path: Path, text: str) -> None:
    """Save a file whole, as an editor that writes beside it and renames does: a poll of the folder
    never reads it half-written (a hidden name is no data file meanwhile)."""
    beside = path.with_name(f".{path.name}.saving")
    beside.write_text(text, encoding="utf-8")
    os.replace(beside, path)


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


@contextmanager
def serving(data: Path, log: Path, config: Path = ROOT / "mkdocs.yml"):
    """`mkdocs serve` of a data folder, its output in `log`; yields the root URL."""
    port = free_port()
    env = os.environ | {"CHRONOLOGY_DATA_DIR": str(data)}
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(config), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_editing_an_event_while_serving_updates_its_page(data_copy, tmp_path):
    log = tmp_path / "serve.log"
    with serving(data_copy, log) as base:
        url = base + "years/1992.html"
        assert wait_for(lambda: "Diplomatic relations established" in fetch(url), 90), log.read_text()
        path = data_copy / EVENT
        path.write_text(path.read_text(encoding="utf-8").replace(
            "title: Diplomatic relations established", "title: Diplomatic ties established"), encoding="utf-8")
        assert wait_for(lambda: "Diplomatic ties established" in fetch(url), 60), log.read_text()
        time.sleep(3)
        builds = log.read_text().count("Building documentation")
        time.sleep(4)
        assert log.read_text().count("Building documentation") == builds, "the server keeps rebuilding"
    assert not (ROOT / "data" / EVENT).read_text(encoding="utf-8").count("Diplomatic ties")


def test_a_data_or_configuration_error_while_serving_keeps_the_last_good_site_up_and_shows_the_error(data_copy, tmp_path):
    config = tmp_path / "mkdocs.yml"
    good_config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
    config.write_text(good_config, encoding="utf-8")
    log = tmp_path / "serve.log"
    with serving(data_copy, log, config) as base:
        assert wait_for(lambda: "Diplomatic relations established" in fetch(base + "years/1992.html"), 90), log.read_text()
        path = data_copy / EVENT
        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("title:", "titel:"), encoding="utf-8")
        assert wait_for(lambda: "titel: unknown key" in fetch(base + "years/1992.html"), 60), log.read_text()
        page = fetch(base + "years/1992.html")
        assert "Diplomatic relations established" in page and "this is the last good version" in page
        assert "titel: unknown key" in fetch(base + "about.html")
        assert fetch(base + "assets/stylesheets/chronology.css")  # the rest of the site is still served
        opened = json.loads(fetch(base + "downloads/events.json") or "{}")  # the open data of the last good version too
        assert "Diplomatic relations established" in {event["title"] for event in opened.get("events", [])}
        assert "titel: unknown key" in log.read_text()
        path.write_text(good, encoding="utf-8")
        assert wait_for(lambda: "last good version" not in fetch(base + "years/1992.html"), 60), log.read_text()
        assert "Diplomatic relations established" in fetch(base + "years/1992.html")
        # an mkdocs.yml that no longer loads: the server keeps answering (MkDocs' own would hold every request)
        for broken, problem in [("theme:\n  name: material", "theme:\n  name: no-such-theme"), ("strict: true", "strict: [true")]:
            config.write_text(good_config.replace(broken, problem, 1), encoding="utf-8")
            assert wait_for(lambda: "mkdocs.yml: the site could not be rebuilt" in fetch(base + "years/1992.html"), 60), log.read_text()
            assert "Diplomatic relations established" in fetch(base + "years/1992.html")
        config.write_text(good_config, encoding="utf-8")
        assert wait_for(lambda: "last good version" not in fetch(base + "years/1992.html"), 60), log.read_text()


@pytest.mark.parametrize("watching", [[], ["--poll"]], ids=["reported", "polled"])
def test_chronology_serve_renders_again_only_what_an_edit_changed(data_copy, tmp_path, watching):
    """`chronology serve --data-dir`: saving an event's file re-renders the pages that show it, not the
    site; a change to mkdocs.yml rebuilds it whole, and the edits after that are applied again in place."""
    port = free_port()
    log = tmp_path / "serve.log"
    chronology = Path(sys.executable).parent / "chronology"
    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}"), encoding="utf-8")
    with log.open("w") as out:
        server = subprocess.Popen([str(chronology), "serve", "--config", str(config), "--data-dir", str(data_copy),
                                   "--dev-addr", f"127.0.0.1:{port}", *watching], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/years/1992.html"
        assert wait_for(lambda: "Diplomatic relations established" in fetch(url), 90), log.read_text()
        path = data_copy / EVENT
        save(path, path.read_text(encoding="utf-8").replace(
            "title: Diplomatic relations established", "title: Diplomatic ties established"))
        assert wait_for(lambda: "Diplomatic ties established" in fetch(url), 60), log.read_text()
        assert "1 page rendered again" in log.read_text() and log.read_text().count("site built in") == 1  # its year's
        # the other pages that show it follow, and then the open-data files
        assert wait_for(lambda: "Diplomatic ties established" in fetch(f"http://127.0.0.1:{port}/print.html"), 30), log.read_text()
        assert wait_for(lambda: "Diplomatic ties established" in fetch(f"http://127.0.0.1:{port}/downloads/events.json"), 30)
        assert re.search(r"\d+ more pages? rendered again", log.read_text()) and log.read_text().count("site built in") == 1
        save(config, config.read_text(encoding="utf-8") + "\n# changed\n")
        assert wait_for(lambda: log.read_text().count("site built in") == 2, 60), log.read_text()
        save(path, path.read_text(encoding="utf-8").replace("Diplomatic ties established", "Diplomatic links established"))
        assert wait_for(lambda: "Diplomatic links established" in fetch(url), 60), log.read_text()
        assert log.read_text().count("site built in") == 2 and "could not be rebuilt" not in log.read_text()
        # saved again while the pages after the first are still being written: what each save shows is
        # served, and every page ends as the last one says
        for title in ("Diplomatic bonds established", "Diplomatic relations opened"):
            save(path, re.sub(r"(?m)^title: .*$", f"title: {title}", path.read_text(encoding="utf-8"), count=1))
            assert wait_for(lambda: title in fetch(url), 60), log.read_text()
        assert wait_for(lambda: "Diplomatic relations opened" in fetch(f"http://127.0.0.1:{port}/print.html"), 30), log.read_text()
        assert wait_for(lambda: "Diplomatic relations opened" in fetch(f"http://127.0.0.1:{port}/downloads/events.json"), 30)
        assert "Diplomatic bonds established" not in fetch(f"http://127.0.0.1:{port}/print.html")
        # a period renamed: no event's page comes first, and the site generated again has another
        # navigation, which only a whole build applies: it follows by itself
        periods = data_copy / "periods.yml"
        save(periods, periods.read_text(encoding="utf-8").replace("title: Formation of relations", "title: Forming relations"))
        assert wait_for(lambda: "Forming relations" in fetch(url), 60), log.read_text()
        assert log.read_text().count("site built in") == 3 and "Formation of relations" not in fetch(url)
        assert "ERROR" not in log.read_text() and "could not be" not in log.read_text(), log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_server_told_to_stop_removes_its_temporary_site(data_copy, tmp_path):
    temporary, port, config = tmp_path / "temporary", free_port(), tmp_path / "mkdocs.yml"
    temporary.mkdir()
    config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}"), encoding="utf-8")
    chronology = Path(sys.executable).parent / "chronology"
    server = subprocess.Popen([str(chronology), "serve", "--config", str(config), "--data-dir", str(data_copy), "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=os.environ | {"TMPDIR": str(temporary)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: "md-content" in fetch(f"http://127.0.0.1:{port}/index.html"), 90)
        assert list(temporary.glob("chronology-serve-*"))
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert list(temporary.glob("chronology-serve-*")) == []


def test_serving_watches_for_changes_to_files_not_for_reading_them(tmp_path):
    """`chronology serve` is told of a save at once (MkDocs' own server polls), and a build reading
    the data is not taken for a change (it would ask for another build, and so on)."""
    from watchdog.events import FileSystemEventHandler

    from chronology.watching import ChangeWatcher

    data = tmp_path / "events" / "2001"
    data.mkdir(parents=True)
    event = data / "2001-01-01-x.yml"
    event.write_text("title: x\n", encoding="utf-8")
    seen = []
    handler = FileSystemEventHandler()
    handler.on_any_event = seen.append
    watcher = ChangeWatcher()
    watcher.schedule(handler, str(tmp_path), recursive=True)
    watcher.start()
    try:
        time.sleep(0.3)
        event.read_text(encoding="utf-8")
        time.sleep(0.7)  # more than MkDocs' polling interval
        assert seen == []
        event.write_text("title: y\n", encoding="utf-8")
        assert wait_for(lambda: seen, 5) and watcher.polling is None
        assert any(e.src_path == str(event) for e in seen)
    finally:
        watcher.stop()
        watcher.join()


def _served_in_process(data: Path, tmp_path: Path, cache: bool = True):
    """The site as `chronology serve` builds it (without its server), and the folder it is built in."""
    from mkdocs.config import load_config

    from chronology.serve import _ServedSite

    config_file, site_dir = tmp_path / "mkdocs.yml", tmp_path / "site"
    config_file.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}"),
                           encoding="utf-8")

    def get_config():
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        config.plugins["chronology"].folders_given = (data, None)
        config.plugins["chronology"].config.cache = cache
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    served = _ServedSite(get_config, "http://127.0.0.1:8000/")
    return served, config, site_dir


def test_a_warning_while_the_site_is_served_does_not_stop_its_build(data_copy, tmp_path, monkeypatch):
    """mkdocs.yml's strict mode fails a build on any warning: under serve, a browser asking for a
    page that is not there (a warning of the server's) must not fail the rebuild."""
    from chronology.plugin import ChronologyPlugin

    assert "strict: true" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    on_post_page = ChronologyPlugin.on_post_page

    def asked_for_a_missing_page(self, output, **options):
        logging.getLogger("mkdocs.livereload").warning('"GET /no-such-page.html HTTP/1.1" code 404')
        return on_post_page(self, output, **options)

    monkeypatch.setattr(ChronologyPlugin, "on_post_page", asked_for_a_missing_page)  # (before MkDocs takes the plugin's events)
    served, config, site_dir = _served_in_process(data_copy, tmp_path)
    served.full_build(config)
    assert "Diplomatic relations established" in (site_dir / "years" / "1992.html").read_text(encoding="utf-8")


def test_a_page_left_for_a_newer_save_is_never_half_written_and_the_next_update_renders_it(data_copy, tmp_path, caplog):
    """The pages after the first stop for a newer save, between pages and inside one: what was left
    is not written at all, and the next update renders it."""
    from chronology.errors import Superseded

    served, config, site_dir = _served_in_process(data_copy, tmp_path)
    served.full_build(config)
    path, printed = data_copy / EVENT, site_dir / "print.html"

    def retitle(title: str) -> None:
        path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", path.read_text(encoding="utf-8"), count=1), encoding="utf-8")

    retitle("Diplomatic bonds established")
    served.superseded.set()  # as a newer save does
    assert served._apply_change()
    served.following.join()
    assert "Diplomatic bonds established" in (site_dir / "years" / "1992.html").read_text(encoding="utf-8")
    assert "Diplomatic bonds established" not in printed.read_text(encoding="utf-8")  # left between pages
    served.superseded.clear()
    before = printed.read_bytes()
    page = served.config.plugins["chronology"].state[0].get_file_from_path("print.md")
    writing = lambda: page.page.content is None and page.page.deferred is not None  # noqa: E731 - rendered, being written
    with pytest.raises(Superseded):
        served._render([(page, None)], stopping=writing)  # left inside the page
    assert printed.read_bytes() == before and not list(site_dir.glob(".*.writing"))
    assert "Error" not in caplog.text  # (MkDocs reports an error in a page it renders: not this)
    served.rebuild()  # nothing changed since: what was left is rendered all the same
    served.following.join()
    assert "Diplomatic bonds established" in printed.read_text(encoding="utf-8")
    retitle("Diplomatic relations opened")
    served.rebuild()
    served.following.join()
    shown = printed.read_text(encoding="utf-8")
    assert "Diplomatic relations opened" in shown and "Diplomatic bonds established" not in shown


def test_served_without_a_cache_each_update_lets_go_of_the_last_one_s_temporary_file(data_copy, tmp_path):
    """Without a cache a build holds its blocks in an unnamed temporary file (spool.py): the pages an
    update did not render again read from the new one, so the files of earlier updates are closed."""
    import gc

    served, config, site_dir = _served_in_process(data_copy, tmp_path, cache=False)
    served.full_build(config)
    years = sorted((data_copy / "events").glob("[0-9][0-9][0-9][0-9]"))
    years = years[len(years) // 2:][:5]  # (not the latest events: the home page lists them, and its change is a whole build)

    def open_deleted_files() -> int:
        gc.collect()
        return sum(os.readlink(f"/proc/self/fd/{fd}").endswith("(deleted)") for fd in os.listdir("/proc/self/fd")
                   if os.path.islink(f"/proc/self/fd/{fd}"))

    counts = []
    for number, year in enumerate(years):  # each update renders another year's page again
        path = sorted(year.glob("*.yml"))[0]
        path.write_text(re.sub(r"(?m)^title: .*$", f"title: Update {number}", path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
        served.rebuild()
        served.following.join()
        assert f"Update {number}" in (site_dir / "years" / f"{year.name}.html").read_text(encoding="utf-8")
        counts.append(open_deleted_files())
    assert counts[-1] <= counts[0], counts


def test_a_new_event_or_year_rebuilds_the_served_site_whole_with_nothing_shown_before(data_copy, tmp_path, caplog):
    """A new event has a new address and a new year a new page: the site is built whole at once,
    and no page is shown before that build links to pages it has not made yet."""
    from watchdog.events import FileCreatedEvent

    caplog.set_level(logging.INFO)
    served, config, site_dir = _served_in_process(data_copy, tmp_path)
    served.full_build(config)
    original = next((data_copy / "events" / "1996").glob("*.yml"))
    text = original.read_text(encoding="utf-8")
    copy = text.replace(f"id: {original.stem}", "id: 1996-a-second-meeting", 1).replace("\ntitle: ", "\ntitle: A second meeting and ", 1)
    added = data_copy / "events" / "1996" / "1996-a-second-meeting.yml"
    added.write_text(copy, encoding="utf-8")
    served.reading.saw(FileCreatedEvent(str(added)))  # as the server's watcher does
    caplog.clear()
    served.rebuild()
    assert "rendered again" not in caplog.text and "A second meeting" in (site_dir / "years" / "1996.html").read_text(encoding="utf-8")
    assert (site_dir / "events" / "1996-a-second-meeting.html").is_file()
    (data_copy / "events" / "1999").mkdir()
    added = data_copy / "events" / "1999" / "1999-a-third-meeting.yml"
    added.write_text(copy.replace("id: 1996-a-second-meeting", "id: 1999-a-third-meeting").replace("\ndate: 1996\n", "\ndate: 1999\n")
                     .replace("A second meeting", "A third meeting"), encoding="utf-8")
    served.reading.saw(FileCreatedEvent(str(added)))
    caplog.clear()
    served.rebuild()
    assert "rendered again" not in caplog.text and "A third meeting" in (site_dir / "years" / "1999.html").read_text(encoding="utf-8")
