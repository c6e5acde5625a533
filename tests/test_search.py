"""Real queries typed into the search box in Chromium, from file://: results lead to events."""

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
    events_listed = page.locator("xpath=//h2[@id='kazakhstan']/following-sibling::ul[contains(@class, 'event-list')][1]//a[contains(@href, 'years/')]")
    assert events_listed.count() > 10


def test_a_year_and_a_month_with_its_year_find_events_of_that_time(page, site, chronology):
    in_2011 = {e.id for e in chronology.events if e.when.year_label == "2011"}
    assert in_2011 <= results(page, site, "2011").keys()
    october_2021 = {e.id for e in chronology.events if e.when.words == "October 2021"}
    assert october_2021 and october_2021 <= results(page, site, "October 2021").keys()


def test_every_single_word_of_a_title_finds_its_event(page, site, chronology):
    for event in chronology.events[1::19]:
        for word in {w.strip(",.'’()") for w in event.title.split() if len(w.strip(",.'’()")) >= 5}:
            assert event.id in results(page, site, word), f"{word!r} from {event.title!r}"
