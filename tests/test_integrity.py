"""Integrity of a build: nothing injected, nothing written into data/ or docs/, deleted events gone, dates honoured."""

import base64
import hashlib
import re
import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_build
from htmlcheck import read_page

BASE = ROOT / "tests" / "bad_inputs" / "base"
EVENT = "events/1992/1992-02-12-relations.yml"

TRICKY_EVENT = """\
id: 1992-02-12-relations
date: 1992-02-12
title: 'Fish & chips *not bold* [not a link](x) {#fake-id} `not code` a < b'
summary: "A [web link](https://example.org/?a=1&b=2) and the plain words javascript:alert(1) & \\"quotes\\" 1 < 2."
themes: [diplomacy]
actors: [kazakhstan, afghanistan]
places: [kazakhstan]
sources:
  - source: article
    locator: 'para. 1 & <2'
    quote: "it's \\"quoted\\" & javascript:void(0)"
"""


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + b"\\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def small_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    return data


def build(data: Path, site: Path, **env):
    result = run_build("--data-dir", data, "--site-dir", site, env=os.environ | env)
    assert result.returncode == 0, result.stderr
    return site


def test_text_from_data_reaches_pages_as_text_never_as_markup(small_data, tmp_path):
    (small_data / EVENT).write_text(TRICKY_EVENT, encoding="utf-8")
    site = build(small_data, tmp_path / "site")
    unsafe = {str(p.relative_to(site)): read_page(p).unsafe_in_content for p in site.rglob("*.html")}
    assert {page: found for page, found in unsafe.items() if found} == {}
    year = (site / "years" / "1992.html").read_text(encoding="utf-8")
    assert "Fish &amp; chips *not bold* [not a link](x) {#fake-id} `not code` a &lt; b" in year
    assert 'id="fake-id"' not in year
    assert '<a href="https://example.org/?a=1&amp;b=2">web link</a>' in year
    assert "javascript:alert(1)" in year and 'href="javascript' not in year


def test_a_build_never_writes_into_data_or_docs(tmp_path):
    before = tree_digest(ROOT / "data"), tree_digest(ROOT / "docs")
    build(ROOT / "data", tmp_path / "site")
    assert (tree_digest(ROOT / "data"), tree_digest(ROOT / "docs")) == before


def test_pages_of_deleted_events_disappear(small_data, tmp_path):
    site = build(small_data, tmp_path / "site")
    assert (site / "events" / "2021-10-aid.html").is_file()
    (small_data / "events" / "2021" / "2021-10-aid.yml").unlink()
    (small_data / EVENT).write_text((small_data / EVENT).read_text(encoding="utf-8").replace("related: [2021-10-aid]\n", ""), encoding="utf-8")
    build(small_data, site)
    assert not (site / "events" / "2021-10-aid.html").exists()
    assert not (site / "years" / "2021.html").exists()
    assert "2021-10-aid" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "2021-10-aid" not in (site / "search" / "chronology.js").read_text(encoding="utf-8")


def test_source_date_epoch_sets_the_time_stamps_inside_the_site(small_data, tmp_path):
    site = build(small_data, tmp_path / "site", SOURCE_DATE_EPOCH="1000000000")
    gzip_header_time = int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert gzip_header_time == 1_000_000_000 // 86400 * 86400  # MkDocs keeps the day: 9 September 2001


def test_the_page_scanner_spots_scripts_handlers_and_javascript_links(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<script src="theme.js"></script><article><p onclick="x()">a</p><script>x()</script>'
        '<a href=" JavaScript:x()">b</a><a href="https://example.org">c</a></article>', encoding="utf-8")
    assert read_page(page).unsafe_in_content == ["<p onclick=…>", "<script>", "<a href=' JavaScript:x()'>"]


def test_a_retired_id_keeps_leading_to_its_event(small_data, tmp_path):
    event = small_data / "events" / "2021" / "2021-10-aid.yml"
    renamed = small_data / "events" / "2021" / "2021-10-flour-aid.yml"
    renamed.write_text(event.read_text(encoding="utf-8").replace("id: 2021-10-aid", "id: 2021-10-flour-aid\nformer_ids: [2021-10-aid]"), encoding="utf-8")
    event.unlink()
    (small_data / EVENT).write_text((small_data / EVENT).read_text(encoding="utf-8").replace("[2021-10-aid]", "[2021-10-flour-aid]"), encoding="utf-8")
    site = build(small_data, tmp_path / "site")
    for stub in ("2021-10-aid", "2021-10-flour-aid"):
        assert read_page(site / "events" / f"{stub}.html").refresh == "../years/2021.html#2021-10-flour-aid"
    assert 'id="2021-10-flour-aid"' in (site / "years" / "2021.html").read_text(encoding="utf-8")


def test_a_quote_from_an_online_source_links_to_the_quoted_words(small_data, tmp_path):
    site = build(small_data, tmp_path / "site")
    links = read_page(site / "years" / "2021.html").links
    assert "https://example.org/report#:~:text=humanitarian%20help%20of%205%2C000%20tons%20of%20flour" in links


@pytest.mark.parametrize("where", ["data", "data-parent", "data-inside", "repository", "docs", "file", "foreign-folder"])
def test_a_site_folder_that_is_not_the_builds_own_is_refused_and_left_untouched(small_data, tmp_path, where):
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"jpeg")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    site = {
        "data": small_data, "data-parent": tmp_path, "data-inside": small_data / "events",
        "repository": ROOT, "docs": ROOT / "docs" / "assets", "file": tmp_path / "notes.txt", "foreign-folder": foreign,
    }[where]
    before = tree_digest(tmp_path), tree_digest(ROOT / "docs"), tree_digest(ROOT / "data")
    result = run_build("--data-dir", small_data, "--site-dir", site)
    assert result.returncode == 2, result.stderr
    assert "--site-dir" in result.stderr and "Traceback" not in result.stderr
    assert (tree_digest(tmp_path), tree_digest(ROOT / "docs"), tree_digest(ROOT / "data")) == before


def test_concurrent_builds_into_one_folder_both_succeed_and_leave_one_whole_site(small_data, tmp_path):
    import subprocess
    import sys

    site = tmp_path / "site"
    command = [sys.executable, str(ROOT / "scripts" / "build.py"), "--data-dir", str(small_data), "--site-dir", str(site)]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outcomes = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    assert [code for code, _ in outcomes] == [0, 0, 0], outcomes
    assert (site / "index.html").is_file() and (site / "years" / "1992.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]


def test_leftovers_of_a_killed_build_are_swept_by_the_next(small_data, tmp_path):
    site = build(small_data, tmp_path / "site")
    abandoned = tmp_path / ".site.build-999999999-abc"  # no process has that id
    abandoned.mkdir()
    (abandoned / ".chronology-site").write_text("", encoding="utf-8")
    build(small_data, site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]


def test_a_source_address_cannot_smuggle_a_link_into_pages(small_data, tmp_path):
    report = small_data / "sources" / "report.yml"
    text = report.read_text(encoding="utf-8")
    hostile = "https://a.example/)[y](javascript:alert(document.domain)//<b>\"'"
    kept = "\n".join(line for line in text.splitlines() if not line.startswith("URL:"))
    report.write_text(kept + "\n" + yaml.safe_dump({"URL": hostile}), encoding="utf-8")
    site = build(small_data, tmp_path / "site")
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'href="javascript' not in html.lower() and "<b>" not in html, page
    links = [href for href in read_page(site / "sources.html").links if href.startswith("https://a.example/")]
    assert links == ["https://a.example/%29%5By%5D%28javascript:alert%28document.domain%29//%3Cb%3E%22%27"]


def test_every_page_carries_a_content_security_policy_that_allows_no_inline_script(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        policy = html.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
        scripts = policy.split("script-src ")[1].split(";")[0].split()
        assert scripts[0] == "'self'" and all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]+=*'", s) for s in scripts[1:]), page
        inline = [s for s in html.split("<script")[1:] if not s.lstrip().startswith(("src=", 'type="application/ld+json"', 'id="__config" type="application/json"'))]
        if page.name == "404.html" and page.parent == site:  # one script of its own, which finds the site root
            assert len(inline) == 1
            body = inline[0].split(">", 1)[1].split("</script>")[0]
            assert f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'" in scripts
        else:
            assert inline == [], page


@pytest.mark.parametrize("values", [[0, 0], [-40.5, 12.0]])
def test_charts_draw_any_finite_figures(small_data, tmp_path, values):
    indicators = small_data / "indicators.yml"
    text = indicators.read_text(encoding="utf-8").replace("value: 336.7", f"value: {values[0]}").replace("value: 253.2", f"value: {values[1]}")
    indicators.write_text(text, encoding="utf-8")
    assert run_build("--check", "--data-dir", small_data).returncode == 0
    site = build(small_data, tmp_path / "site")
    charts = (site / "charts.html").read_text(encoding="utf-8")
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="(-?[\d.]+)"', charts)]
    assert heights and min(heights) >= 0


def test_with_a_published_address_pages_name_it(small_data, tmp_path):
    site = tmp_path / "site"
    result = run_build("--data-dir", small_data, "--site-dir", site, "--site-url", "https://example.org/chronology")
    assert result.returncode == 0, result.stderr
    base = "https://example.org/chronology/"
    assert (site / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {base}sitemap.xml\n")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{base}years/1992.html</loc>" in sitemap and f"<loc>{base}about.html</loc>" in sitemap
    year = (site / "years" / "1992.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}years/1992.html">' in year
    assert f'<meta property="og:url" content="{base}years/1992.html">' in year
    assert f'<meta name="chronology:site-url" content="{base}"' in year
    redirect = read_page(site / "events" / "1992-02-12-relations.html")
    assert f"{base}years/1992.html#1992-02-12-relations" in redirect.links
    not_found = read_page(site / "404.html")  # served at any depth: links from the root, which is the published path
    assert all(r.startswith("./") for r in not_found.resources if not r.startswith(("http", "data:")))
    assert re.search(r'data-published="/chronology/?"', (site / "404.html").read_text(encoding="utf-8"))
    feed = (site / "downloads" / "feed.xml").read_text(encoding="utf-8")
    assert f'href="{base}downloads/feed.xml"' in feed
    bad = run_build("--data-dir", small_data, "--site-dir", tmp_path / "other", "--site-url", "javascript:alert(1)")
    assert bad.returncode == 2 and "--site-url" in bad.stderr


def test_each_page_has_its_own_description_for_shared_links(site):
    descriptions = {}
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if 'name="description"' in html and "/events/" not in str(page):
            description = html.split('<meta name="description" content="')[1].split('"')[0]
            assert f'<meta property="og:description" content="{description}">' in html, page
            descriptions[page.relative_to(site).as_posix()] = description
    years = [d for p, d in descriptions.items() if p.startswith("years/")]
    assert len(set(years)) == len(years) > 5


def test_quotes_in_titles_and_descriptions_stay_inside_their_attributes(small_data, tmp_path):
    from html.parser import HTMLParser

    (small_data / EVENT).write_text((small_data / EVENT).read_text(encoding="utf-8").replace(
        "title: Diplomatic relations established", "title: 'Relations\" http-equiv=\"refresh\" content=\"0;url=https://evil.example/'"), encoding="utf-8")
    periods = small_data / "periods.yml"
    periods.write_text(periods.read_text(encoding="utf-8").replace("title: Formation", "title: 'Formation \"x\" onload=\"y'"), encoding="utf-8")
    site = build(small_data, tmp_path / "site")

    class Attributes(HTMLParser):
        found: list = []

        def handle_starttag(self, tag, attrs):
            self.found += [(tag, name, value) for name, value in attrs]

    for page in (site / "years" / "1992.html", site / "periods" / "formation.html"):
        reader = Attributes()
        reader.found = []
        reader.feed(page.read_text(encoding="utf-8"))
        assert not [a for a in reader.found if a[1] == "http-equiv" and a[2] == "refresh"], page
        assert not [a for a in reader.found if a[1].startswith("on")], page
        descriptions = [value for tag, name, value in reader.found if tag == "meta" and name == "content" and "Relations" in (value or "")]
        assert page.name != "1992.html" or any('http-equiv="refresh"' in d for d in descriptions)  # the text, whole, in its attribute


def test_data_text_is_never_read_as_a_directive(small_data, tmp_path):
    themes = small_data / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("description: ", "description: '::: chart timeline' #", 1), encoding="utf-8")
    assert run_build("--check", "--data-dir", small_data).returncode == 0
    site = build(small_data, tmp_path / "site")
    html = (site / "themes.html").read_text(encoding="utf-8")
    assert "::: chart timeline" in html and 'class="timeline"' not in html


@pytest.mark.parametrize("address", ["javascript:alert(1)", "https://ex.org/x?a=1#f", "https://user:pw@ex.org/"])
def test_a_published_address_that_is_not_a_site_folder_is_refused(small_data, tmp_path, address):
    option = run_build("--data-dir", small_data, "--site-dir", tmp_path / "a", "--site-url", address)
    assert option.returncode == 2 and "--site-url" in option.stderr and not (tmp_path / "a").exists()
    setting = run_build("--data-dir", small_data, "--site-dir", tmp_path / "b", env=os.environ | {"CHRONOLOGY_SITE_URL": address})
    assert setting.returncode != 0 and "Traceback" not in setting.stderr and not (tmp_path / "b").exists()


def test_a_published_address_is_rebuilt_before_it_reaches_a_page(small_data, tmp_path):
    site = tmp_path / "site"
    result = run_build("--data-dir", small_data, "--site-dir", site, env=os.environ | {"CHRONOLOGY_SITE_URL": 'https://ex.org/a"onmouseover="alert(1)"x=<b>/'})
    assert result.returncode == 0, result.stderr
    for page in site.rglob("*.html"):
        assert '"onmouseover' not in page.read_text(encoding="utf-8"), page
    assert "https://ex.org/a%22onmouseover=%22alert%281%29%22x=%3Cb%3E/" in (site / "robots.txt").read_text(encoding="utf-8")


def test_pipes_and_sockets_in_the_data_folder_are_reported_not_opened(small_data):
    os.mkfifo(small_data / "events" / "1992" / "1992-03-01-pipe.yml")
    os.mkfifo(small_data / "themes.yml.tmp")
    result = run_build("--check", "--data-dir", small_data)
    assert result.returncode == 1
    assert "data/events/1992/1992-03-01-pipe.yml:1: is not a regular file (a pipe, socket or device); expected a YAML file" in result.stderr
