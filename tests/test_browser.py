"""The built site in real Chromium, opened from disk with no network: search and permanent links."""

import functools
import re
import threading
import zipfile
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import served


@pytest.fixture(scope="module", params=["file", "http", "zip"])
def root(request, site, tmp_path_factory):
    """The site's root URL: opened from disk, served on 127.0.0.1, or unpacked from its download zip."""
    if request.param == "file":
        yield site.as_uri() + "/"
        return
    if request.param == "zip":
        unpacked = tmp_path_factory.mktemp("unpacked")
        with zipfile.ZipFile(site / "downloads" / "afghanistan-kazakhstan-chronology.zip") as archive:
            archive.extractall(unpacked)
        yield (unpacked / "afghanistan-kazakhstan-chronology").as_uri() + "/"
        return
    with served(site) as url:
        yield url


@pytest.fixture
def page(browser, root):
    """A fresh page that fails the test if anything is requested from outside the site."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    outside = []
    page.on("request", lambda request: None if request.url.startswith((root, "data:", "blob:")) else outside.append(request.url))
    yield page
    context.close()
    assert outside == [], f"requests left the site: {outside}"


def search(page, root, query: str) -> list[str]:
    """Type a query into the search box of the home page; return the result links."""
    page.goto(root + "index.html")
    page.keyboard.press("/")  # the site's keyboard shortcut for search
    page.keyboard.type(query)
    page.keyboard.press("End")  # letters typed without a key (Cyrillic here) raise no keyup, which search listens to
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]


def test_search_from_disk_finds_an_event_and_leads_to_it(page, root, chronology):
    event = chronology.event_by_id["1992-02-12-diplomatic-relations"]
    links = search(page, root, "diplomatic relations 1992")
    assert any(href.endswith(f"#{event.id}") for href in links), links
    result = page.locator(f".md-search-result__link[href$='#{event.id}']").first
    if not result.is_visible():  # section hits of one page are folded under "N more on this page"
        page.locator(".md-search-result__more", has=result).locator("summary").click()
    result.click()
    page.wait_for_url(re.compile(f"#{event.id}$"))
    assert page.locator(f"h2[id='{event.id}']").is_visible()


def test_kazakh_cyrillic_words_are_searchable(page, root, chronology):
    words = [w for s in chronology.sources.values() for w in re.findall(r"\w+", s.title) if re.search("[әғқңөұүһі]", w.lower())]
    if not words:
        pytest.skip("no source title in Kazakh Cyrillic yet")
    links = search(page, root, words[0])
    assert links, words[0]


def test_a_permanent_url_opened_from_disk_lands_on_the_event(page, root, chronology):
    for event in chronology.events[:: max(1, len(chronology.events) // 5)]:
        page.goto(f"{root}events/{event.id}.html")
        page.wait_for_url(re.compile(f"years/{event.when.year_label}\\.html#{event.id}$"))
        heading = page.locator(":target")
        assert heading.get_attribute("id") == event.id
        assert heading.inner_text().strip().startswith(event.title)
        assert heading.is_visible()


def test_the_copy_link_button_copies_the_permanent_url(page, root, chronology):
    event = chronology.events[len(chronology.events) // 2]
    page.goto(f"{root}years/{event.when.year_label}.html")
    block = page.locator(f"article.event:has(h2[id='{event.id}'])")
    block.locator("button.event-copy").click()
    expect(page.locator("button.event-copy").filter(has_text="Link copied").first).to_be_attached()
    assert page.evaluate("navigator.clipboard.readText()") == f"{root}events/{event.id}.html"


def test_the_cite_panel_shows_copies_and_downloads_the_events_references(page, root, chronology):
    import bibtexparser
    import rispy

    event = chronology.events[len(chronology.events) // 3]
    address = f"{root}events/{event.id}.html"
    page.goto(f"{root}years/{event.when.year_label}.html")
    block = page.locator(f"article.event:has(h2[id='{event.id}'])")
    expect(block.locator(".event-citation")).to_have_count(0)  # filled when a reader opens it
    block.locator("details.event-cite summary").click()
    citations = block.locator(".event-citation")
    expect(citations).to_have_count(3)
    assert [c.get_attribute("data-style") for c in citations.all()] == ["Chicago", "APA", "MLA"]
    for citation in citations.all():
        expect(citation).to_be_visible()
        assert event.title.split()[0] in citation.inner_text() and address in citation.inner_text()
    citation = block.locator(".event-citation[data-style='APA']")
    citation.locator("button.event-citation-copy").click()
    expect(citation.locator("button.event-citation-copy")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == citation.locator(".event-citation-text").inner_text()
    # The files for a reference manager download, and their readers find the event at its address.
    with page.expect_download() as download:
        block.locator("a.event-bibtex").click()
    assert download.value.suggested_filename == f"{event.id}.bib"
    (entry,) = bibtexparser.parse_string(Path(download.value.path()).read_text(encoding="utf-8")).entries
    assert entry["url"] == address and event.title.split()[-1] in entry["title"]
    with page.expect_download() as download:
        block.locator("a.event-ris").click()
    (reference,) = rispy.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert reference["title"] == event.title and reference["urls"] == [address]


def test_the_all_events_filter_shows_only_the_chosen_themes_events(page, root, chronology):
    theme = next(iter(chronology.themes.values()))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(root + "chronology.html")
    page.select_option("form.event-filter select[name=theme]", label=theme.title)
    shown = page.locator("ul.event-list li:visible a").evaluate_all("links => links.map(a => a.hash.slice(1))")
    assert shown == [e.id for e in chronology.events if theme.id in e.themes]
    assert page.locator(".event-filter-count").inner_text().startswith(f"{len(shown)} of {len(chronology.events)}")
    # The choice is in the address: a reload, or the address shared, shows the same events.
    assert f"theme={theme.id}" in page.url
    page.reload()
    expect(page.locator("ul.event-list li:visible a")).to_have_count(len(shown))
    # The contents list only the years that still have events.
    years = {e.when.year_label for e in chronology.events if theme.id in e.themes}
    contents = page.locator(".md-nav--secondary a.md-nav__link:visible").evaluate_all("links => links.map(a => a.hash)")
    assert contents == [f"#year-{label}" for label in dict.fromkeys(e.when.year_label for e in chronology.events) if label in years]
    # No event with all the choices: a message says so; the reset shows every event again.
    for actor in chronology.actors.values():
        if not any(theme.id in e.themes and actor.id in e.actors for e in chronology.events):
            page.select_option("form.event-filter select[name=actor]", label=actor.name)
            break
    assert page.locator(".event-filter-empty").is_visible()
    page.locator(".event-filter-reset").click()
    expect(page.locator("ul.event-list li[data-f]:not([hidden])")).to_have_count(len(chronology.events))
    assert "theme=" not in page.url and not page.locator(".event-filter-empty").is_visible()


def test_the_colour_scheme_follows_the_system_until_the_reader_chooses_one(browser, root):
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(root + "index.html")
        body, toggle = page.locator("body"), page.locator(".md-header__option label:not([hidden])")
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        expect(page.locator("meta[name='color-scheme']")).to_have_attribute("content", "dark")
        expect(toggle).to_have_count(1)
        expect(toggle).to_have_attribute("title", "Switch to light mode")
        page.evaluate("localStorage.setItem(__md_scope.pathname + '.__palette', '{unreadable')")  # a stored choice that cannot be read
        page.reload()
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        expect(toggle).to_have_count(1)
        page.emulate_media(color_scheme="light")  # the system changes while the page is open
        expect(body).to_have_attribute("data-md-color-scheme", "default")
        expect(toggle).to_have_attribute("title", "Switch to dark mode")
        toggle.click()  # the reader's choice outlasts the system's and the page
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        expect(page.locator("meta[name='color-scheme']")).to_have_attribute("content", "dark")
        page.goto(root + "years/2023.html")
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        page.locator("input[aria-label='Switch to light mode']").focus()  # from the keyboard
        page.keyboard.press("Enter")
        expect(body).to_have_attribute("data-md-color-scheme", "default")
        expect(page.locator(".md-header__option label:not([hidden])")).to_have_attribute("title", "Switch to dark mode")
    finally:
        context.close()


def test_event_blocks_are_compact(page, root, chronology):
    heights = []
    page.set_viewport_size({"width": 1280, "height": 900})
    for label in dict.fromkeys(e.when.year_label for e in chronology.events):
        page.goto(f"{root}years/{label}.html")
        heights += page.locator("article.event").evaluate_all(
            "blocks => blocks.map(b => [b.getBoundingClientRect().height, !!b.querySelector('.event-disagreement')])")
    ordered = sorted(height for height, _ in heights)
    assert ordered[len(ordered) // 2] <= 320
    assert max(height for height, disagreement in heights if not disagreement) <= 900


@contextmanager
def host_with_not_found_page(folder, site, port=0):
    """Serve `folder` on 127.0.0.1 as a static host does: the site's 404.html for any missing address."""
    class NotFound(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(NotFound, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def assert_not_found_page_works(browser, base: str, missing: str):
    """The 404 page at `missing`: styled, nothing it asks for fails, its links lead into the site at `base`."""
    page = browser.new_page()
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url)
            if response.status >= 400 and response.url != missing and not response.url.endswith("search/chronology.js") else None)
    try:
        page.goto(missing)
        assert page.locator("h1").inner_text() == "Page not found"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
        assert page.locator(".md-header__button.md-logo img, .md-header__button.md-logo svg").first.bounding_box()["height"] < 60
        assert failed == [], missing
        page.keyboard.press("/")
        page.keyboard.type("1992")
        page.wait_for_selector(".md-search-result__item")
        assert page.locator(".md-search-result__link").first.get_attribute("href").startswith(base)
        page.keyboard.press("Escape")
        page.locator(".md-content a", has_text="All events").click()
        page.wait_for_url(base + "chronology.html")
    finally:
        page.close()


@pytest.mark.parametrize("depth", ["events/no-such-event.html", "no/such/page/here.html", "nothing-here"])
def test_the_not_found_page_works_at_any_depth_without_a_published_address(browser, site, depth):
    with host_with_not_found_page(site, site) as root:  # the site at the host's root
        assert_not_found_page_works(browser, root, root + depth)
    with host_with_not_found_page(site.parent, site) as host:  # the same site under a sub-path
        assert_not_found_page_works(browser, f"{host}{site.name}/", f"{host}{site.name}/{depth}")


def test_the_not_found_page_is_styled_and_leads_back_under_a_sub_path(browser, tmp_path):
    import socket

    from conftest import run_build

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/sub/path/"
    site = tmp_path / "www" / "sub" / "path"
    result = run_build("--site-dir", site, "--site-url", base)
    assert result.returncode == 0, result.stderr
    with host_with_not_found_page(tmp_path / "www", site, port):
        for missing in ("years/1999.html", "no/such/page/here.html"):
            assert_not_found_page_works(browser, base, base + missing)
