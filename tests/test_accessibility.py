"""Accessibility in real Chromium: axe-core on every page type, keyboard use of search and permanent links.

Screenshots of each page type are written to test-artifacts/screenshots/ (not committed).
"""

import re

import pytest
from playwright.sync_api import expect

from conftest import ROOT, served

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PAGE_TYPES = {
    "home": "index.html", "year": "years/2023.html", "period": "periods/formation.html",
    "all-years": "chronology.html", "themes": "themes.html", "actors": "actors.html", "places": "places.html",
    "sources": "sources.html", "charts": "charts.html", "coverage": "coverage.html", "data": "data.html",
    "about": "about.html", "offline": "offline.html", "print": "print.html", "changes": "changes.html",
}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def serious_violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # through the browser's tools: the page's policy allows no inline script
    result = page.evaluate("axe.run()")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_serious_accessibility_violations(page, browser, site, kind):
    page.goto((site / PAGE_TYPES[kind]).as_uri())
    if kind == "year":  # its first Cite panel open, as a reader opens it
        page.locator("details.event-cite summary").first.click()
        expect(page.locator(".event-citation").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-1280.png"), full_page=False)
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-390.png"), full_page=False)
    assert serious_violations(page) == []
    # The dark colour scheme, for a reader whose system asks for it: contrast is checked there too.
    dark = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    try:
        page = dark.new_page()
        page.goto((site / PAGE_TYPES[kind]).as_uri())
        page.wait_for_selector("body[data-md-color-scheme='slate']", state="attached")
        page.screenshot(path=str(SCREENSHOTS / f"{kind}-390-dark.png"), full_page=False)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{kind}-1280-dark.png"), full_page=False)
        assert serious_violations(page) == []
    finally:
        dark.close()


def test_the_open_search_dialog_has_no_serious_violations(page, site):
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type("Taliban")
    page.wait_for_selector(".md-search-result__item")
    page.screenshot(path=str(SCREENSHOTS / "search.png"))
    assert serious_violations(page) == []


def test_search_is_reached_by_keyboard(page, site):
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")


def test_a_permanent_link_is_followed_and_copied_by_keyboard(page, site, chronology):
    event = chronology.events[-1]
    page.goto((site / "years" / f"{event.when.year_label}.html").as_uri())
    permalink = page.locator(f"a.event-permalink[href$='events/{event.id}.html']")
    for _ in range(400):
        page.keyboard.press("Tab")
        if permalink.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the permanent link is not reachable with Tab")
    page.keyboard.press("Tab")
    copy = page.locator("button.event-copy:focus")
    assert copy.get_attribute("aria-label").startswith("Copy link")
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (site / "events" / f"{event.id}.html").as_uri()
    permalink.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(f"#{event.id}$"))
    assert page.evaluate("document.querySelector(':target').id") == event.id


def test_the_not_found_page_served_from_the_site_root_has_no_serious_violations(page, site):
    # The 404 page links root-absolutely (a host serves it at any depth), so it is checked served.
    with served(site) as root:
        page.goto(f"{root}404.html")
        page.screenshot(path=str(SCREENSHOTS / "not-found.png"))
        assert serious_violations(page) == []
