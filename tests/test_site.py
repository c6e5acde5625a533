"""A full build of the real data: every event reachable, every link resolving, nothing loaded from outside."""

import json
import re

import pytest

from conftest import run_build
from htmlcheck import is_external, read_page, resolve


@pytest.fixture(scope="module")
def pages(site):
    return {path: read_page(path) for path in sorted(site.rglob("*.html"))}


def test_every_event_has_an_anchor_on_its_year_page(site, pages, chronology):
    assert len(chronology.events) >= 10
    for event in chronology.events:
        year_page = site / "years" / f"{event.when.year_label}.html"
        assert event.id in pages[year_page].ids, event.id


def test_every_permanent_url_leads_to_its_event(site, pages, chronology):
    for event in chronology.events:
        for event_id in (event.id, *event.former_ids):
            stub = site / "events" / f"{event_id}.html"
            target, fragment = resolve(site, stub, pages[stub].refresh)
            assert fragment == event.id
            assert event.id in pages[target].ids


def test_every_internal_link_and_anchor_resolves(site, pages):
    broken = []
    for path, page in pages.items():
        if path.name == "404.html":  # served at any depth, so its links are root-absolute by design
            continue
        for href in page.links:
            if is_external(href):
                continue
            target, fragment = resolve(site, path, href)
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {href} (no such file)")
            elif fragment and target.suffix == ".html" and fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {href} (no such anchor)")
    assert broken == []


def test_no_page_loads_anything_from_outside_the_site(site, pages):
    outside = [f"{p.relative_to(site)}: {url}" for p, page in pages.items() for url in page.resources if is_external(url)]
    assert outside == []
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import\s+['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
    assert not re.search(r"fonts\.(googleapis|gstatic)\.com", "".join(p.read_text(encoding="utf-8") for p in pages))


def test_search_index_leads_to_events_and_works_offline(site, chronology):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert (site / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index =")
    assert index["config"]["separator"].startswith("[\\s\\-")
    locations = {doc["location"] for doc in index["docs"]}
    assert not any(location.startswith("years/") for location in locations)  # the events have an index of their own
    script = (site / "search" / "chronology.js").read_text(encoding="utf-8")
    events = json.loads(script.removeprefix("self.chronologyIndex=").removesuffix(";\n"))
    records = {page: (boost, rows) for page, boost, rows in events["entries"]}
    assert [row[0] for row in records["actors.html"][1]] == list(chronology.actors)
    assert records["actors.html"][0] > records["sources.html"][0]  # a name's own entry first
    assert [(events["years"][year], event_id) for year, event_id, *_ in events["events"]] == [
        (e.when.year_label, e.id) for e in chronology.events]
    spellings = {name for group in events["names"] for name in group}
    assert {v for a in chronology.actors.values() if a.kind != "state" for v in a.variants} <= spellings
    country_entries = " ".join(text for page in ("actors.html", "places.html") for anchor, _, text in records[page][1] if anchor == "kazakhstan")
    assert all(name in country_entries for name in chronology.actors["kazakhstan"].variants)  # on its own entry only


def test_pages_show_dates_in_words_sources_and_quotes(site, chronology):
    event = chronology.event_by_id["1992-02-12-diplomatic-relations"]
    html = (site / "years" / "1992.html").read_text(encoding="utf-8")
    assert "12 February 1992" in html
    for citation in event.sources:
        assert chronology.sources[citation.source].title in html
    sources_page = (site / "sources.html").read_text(encoding="utf-8")
    for source in chronology.sources.values():
        assert f'id="{source.id}"' in sources_page


def test_index_pages_list_every_theme_actor_and_place(pages, site, chronology):
    for page, registry in (("themes", chronology.themes), ("actors", chronology.actors), ("places", chronology.places)):
        assert set(registry) <= pages[site / f"{page}.html"].ids, page


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path, site):
    other = tmp_path / "again"
    result = run_build("--site-dir", other)
    assert result.returncode == 0, result.stderr
    files = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    first, second = files(site), files(other)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_no_page_carries_script_handlers_or_javascript_links_in_its_content(site, pages):
    unsafe = {str(p.relative_to(site)): page.unsafe_in_content for p, page in pages.items() if page.unsafe_in_content}
    assert unsafe == {}


def test_the_download_zip_holds_the_whole_site_and_is_reproducible(site, tmp_path):
    import zipfile

    archive = site / "downloads" / "afghanistan-kazakhstan-chronology.zip"
    with zipfile.ZipFile(archive) as packed:
        names = set(packed.namelist())
        assert packed.testzip() is None
    expected = {f"afghanistan-kazakhstan-chronology/{p.relative_to(site).as_posix()}"
                for p in site.rglob("*") if p.is_file() and p != archive and p.name != ".chronology-site"}
    assert names == expected


def test_the_zip_holds_each_file_as_it_is_now_large_or_small_whatever_the_cache_held(tmp_path):
    """A large page (compressed a piece at a time) and a small one, changed between two builds
    that share the cache: each zip unpacks to the files as they were when it was made."""
    import random
    import zipfile

    from chronology.cache import Store
    from chronology.offline_zip import LARGE, PIECE, write_site_zip

    site, store = tmp_path / "site", Store(tmp_path / "deflated.pickle", "version")
    (site / "downloads").mkdir(parents=True)
    noise = random.Random(7)
    for build in range(3):
        files = {"print.html": noise.randbytes(2 * PIECE + LARGE),
                 "index.html": f"<p>build {build}</p>".encode(), "assets/same.js": b"x" * (LARGE + 1)}
        for name, data in files.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(data)
        write_site_zip(site, site / "downloads" / "site.zip", [], store)
        store.save()
        with zipfile.ZipFile(site / "downloads" / "site.zip") as packed:
            assert packed.testzip() is None
            assert {name: packed.read(f"site/{name}") for name in files} == files
        store = Store(tmp_path / "deflated.pickle", "version")


def test_the_printable_chronology_has_every_event_and_stays_out_of_search(site, pages, chronology):
    printable = pages[site / "print.html"]
    for event in chronology.events:
        assert event.id in printable.ids
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"print.html' not in index.replace(" ", "")
    css = (site / "assets" / "stylesheets" / "chronology.css").read_text(encoding="utf-8")
    assert "@media print" in css
