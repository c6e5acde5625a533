"""Real queries typed into the search box in Chromium, from file://: results lead to events."""

import re

import pytest



@pytest.fixture(scope="module")
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def results(page, site, query: str) -> dict[str, bool]:
    """Event ids the results link to, each with whether its link is shown without unfolding."""
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item")
    shown = 0
    while shown != page.locator(".md-search-result__item").count():  # results load as the list scrolls
        shown = page.locator(".md-search-result__item").count()
        page.locator(".md-search-result__item").last.scroll_into_view_if_needed()
        page.wait_for_timeout(200)
    found = {}
    for link in page.locator(".md-search-result__link").all():
        href = link.get_attribute("href")
        if "/years/" in href and "#" in href:
            event_id = href.rsplit("#", 1)[1]
            found[event_id] = found.get(event_id, False) or link.is_visible()
    return found


def test_searching_an_event_title_leads_to_that_event(page, site, chronology):
    sample = chronology.events[:: max(1, len(chronology.events) // 6)]
    found = {event.id: results(page, site, event.title) for event in sample}
    assert all(event.id in found[event.id] for event in sample)
    # Results are grouped by page, and a page's weaker matches are folded under "N more on this page".
    shown_unfolded = [event.id for event in sample if found[event.id][event.id]]
    assert len(shown_unfolded) >= len(sample) * 2 / 3, shown_unfolded


@pytest.mark.parametrize("actor_id", ["aibek-smadiyarov", "kassym-jomart-tokayev", "ashraf-ghani", "kassenova"])
def test_every_spelling_of_a_name_finds_the_same_events(page, site, chronology, actor_id):
    actor = chronology.actors[actor_id]
    events = {e.id for e in chronology.events if actor_id in e.actors}
    # A lone initial ("M.") is searched as every word starting with that letter, which buries the
    # name; spellings with one are searched by their other words. Inflected forms are found too.
    for spelling in [actor.name, *actor.names, *actor.variants]:
        words = " ".join(w for w in spelling.split() if len(w.rstrip(".")) > 1)
        assert events <= results(page, site, words).keys(), spelling


@pytest.mark.parametrize("query, place", [("Astana", "astana"), ("Астана", "astana"), ("Kabul", "kabul")])
def test_city_names_in_any_script_find_their_events(page, site, chronology, query, place):
    events = {e.id for e in chronology.events if place in e.places}
    assert events <= results(page, site, query).keys()


@pytest.mark.parametrize("query", ["Қазақстан", "Казахстане", "Republic of Kazakhstan"])
def test_country_names_in_any_script_find_the_country_with_its_events(page, site, query):
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.keyboard.press("End")
    entry = page.locator(".md-search-result__link[href*='places.html'][href$='#kazakhstan']").first
    entry.wait_for(state="attached")
    entry.evaluate("link => link.click()")
    page.wait_for_url("**/places.html*#kazakhstan")
    # Its events are listed under it, or, for an entry that many events name, on the All events page filtered to it.
    filtered = page.locator("xpath=//*[@id='kazakhstan']/following-sibling::p[1]//a[contains(@href, 'chronology.html?place=kazakhstan')]")
    if filtered.count():
        filtered.click()
        page.wait_for_url("**/chronology.html?place=kazakhstan*")
        assert page.locator("ul.event-list li:visible a[href*='years/']").count() > 10
    else:
        listed = page.locator("xpath=//*[@id='kazakhstan']/following-sibling::ul[contains(@class, 'event-list')][1]//a[contains(@href, 'years/')]")
        assert listed.count() > 10


def test_a_year_and_a_month_with_its_year_find_events_of_that_time(page, site, chronology):
    in_2011 = {e.id for e in chronology.events if e.when.year_label == "2011"}
    assert in_2011 <= results(page, site, "2011").keys()
    october_2021 = {e.id for e in chronology.events if e.when.words == "October 2021"}
    assert october_2021 and october_2021 <= results(page, site, "October 2021").keys()


def test_every_single_word_of_a_title_finds_its_event(page, site, chronology):
    for event in chronology.events[1::19]:
        for word in {w.strip(",.'’()") for w in event.title.split() if len(w.strip(",.'’()")) >= 5}:
            assert event.id in results(page, site, word), f"{word!r} from {event.title!r}"


def result_links(page, site, query: str) -> list[str]:
    """Every result link in the order shown, site-relative and without the highlight query."""
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item")
    root = (site / "index.html").as_uri().removesuffix("index.html")
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    return [re.sub(r"\?h=[^#]*", "", href).removeprefix(root) for href in hrefs]


@pytest.mark.parametrize("query", ["Токаев", "Тоқаев"])
def test_a_name_typed_in_russian_or_kazakh_cyrillic_finds_its_latin_spelling(page, site, chronology, query):
    events = {e.id for e in chronology.events if "kassym-jomart-tokayev" in e.actors}
    assert events and events <= results(page, site, query).keys()


def test_latin_letters_find_words_written_only_in_cyrillic(page, site, chronology):
    """A word of each Cyrillic source title, romanised by the library the site's table comes from."""
    import iuliia

    from chronology.search import CYRILLIC_IN_RUSSIAN_LETTERS

    latin_text = " ".join(s.title + " " + (s.custom.title_english or "") for s in chronology.sources.values()).casefold()
    checked = 0
    for source in chronology.sources.values():
        words = [w for w in re.findall(r"\w+", source.title) if re.fullmatch(r"[\u0400-\u04ff]{6,}", w)]
        for word in words[:1]:
            romanised = iuliia.BGN_PCGN.translate("".join(CYRILLIC_IN_RUSSIAN_LETTERS.get(c, c) for c in word.lower()))
            romanised = re.sub(r"[^\w]", "", romanised)
            if romanised.casefold() in latin_text:
                continue
            assert f"sources.html#{source.id}" in result_links(page, site, romanised), (word, romanised)
            checked += 1
    assert checked >= 2


def test_events_and_a_names_own_entry_come_before_pages_that_list_them(page, site, chronology):
    listing = ("index.html", "chronology.html", "changes.html", "coverage.html", "print.html")
    tokayev = chronology.actors["kassym-jomart-tokayev"]
    for query in ["October 2021", tokayev.name.split()[-1], "railway", "flour"]:
        links = result_links(page, site, query)
        first_event = next(n for n, href in enumerate(links) if "years/" in href and "#" in href)
        assert not any(href.split("#")[0] in listing for href in links[:first_event]), (query, links)
        assert "changes.html" not in {href.split("#")[0] for href in links}, query
        assert links[0].startswith(("years/", "actors.html", "places.html")), (query, links[0])
    for label in list(dict.fromkeys(e.when.year_label for e in chronology.events))[::4]:
        assert result_links(page, site, label)[0] == f"years/{label}.html", label


def test_no_result_shows_an_excerpt_of_figures(page, site, chronology):
    for query in ["1992", "2014", "million", "trade"]:
        result_links(page, site, query)
        for text in page.locator(".md-search-result__article p").all_inner_texts():
            visible = re.sub(r"\s", "", text)
            assert len(re.findall(r"[^\W\d_]", text)) >= 0.5 * len(visible), (query, text)


def test_names_of_javascript_object_properties_find_nothing(page, site):
    """A query is looked up as text, never as a property of an object (which every entry would have)."""
    for query in ("__proto__", "constructor", "hasOwnProperty"):
        page.goto((site / "index.html").as_uri())
        page.keyboard.press("/")
        page.keyboard.type(query)
        page.wait_for_selector(".md-search-result__meta")
        page.wait_for_timeout(1000)
        assert page.locator(".md-search-result__item").count() == 0, query


WORKER_HARNESS = r"""
// The site's search worker in Node, with the messages Material's search box sends it.
const fs = require("fs"), path = require("path"), vm = require("vm");
const site = process.argv[1], worker = path.join(site, "assets/javascripts/search-worker.js");
let handler = null;
const posted = [];
const context = { setTimeout, URL, location: { href: "file://" + worker }, addEventListener: (type, f) => { handler = f; },
                  postMessage: (message) => posted.push(message) };
context.self = context;
context.importScripts = (url) => vm.runInContext(fs.readFileSync(new URL(url).pathname, "utf8"), context);
vm.createContext(context);
vm.runInContext(fs.readFileSync(worker, "utf8"), context);
const index = JSON.parse(fs.readFileSync(path.join(site, "search/search_index.json"), "utf8"));
handler({ data: { type: 0, data: index } });
setTimeout(() => {
  for (const query of ["k", "ka", "kaz", "kazakh"]) handler({ data: { type: 2, data: query } });  // keys pressed while busy
  setTimeout(() => {
    handler({ data: { type: 2, data: "wheat" } });
    setTimeout(() => console.log(JSON.stringify(posted.map((m) => [m.type, m.data && m.data.items.flat().map((d) => d.terms)]))), 0);
  }, 0);
}, 0);
"""


def test_keys_pressed_while_a_query_is_answered_are_answered_once_for_the_latest_words(site):
    """Each key pressed sends a query: those waiting are answered once, for what the box says now."""
    import json
    import subprocess

    out = subprocess.run(["node", "-e", WORKER_HARNESS, str(site)], capture_output=True, text=True, timeout=60, check=True).stdout
    ready, *answers = json.loads(out)
    assert ready == [1, None]
    assert [kind for kind, _ in answers] == [3, 3]  # one answer for the four keys, one for the next query
    (kazakh, wheat) = [items for _, items in answers]
    assert any(kazakh) and all(set(terms) == {"kazakh"} for terms in kazakh if terms)  # (a page's own entry: no terms)
    assert any(wheat) and all(set(terms) == {"wheat"} for terms in wheat if terms)
