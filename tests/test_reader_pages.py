"""Reader features in the built pages: neighbours in time, periods, coverage, charts, citations."""

import re

from htmlcheck import read_page


def year_html(site, event):
    return (site / "years" / f"{event.when.year_label}.html").read_text(encoding="utf-8")


def event_block(site, event) -> str:
    html = year_html(site, event)
    start = html.rindex("<article", 0, html.index(f'id="{event.id}"'))
    return html[start: html.index("</article>", start)]


def test_year_pages_link_the_years_before_and_after(site, chronology):
    labels = list(dict.fromkeys(e.when.year_label for e in chronology.events))
    for index, label in enumerate(labels):
        html = (site / "years" / f"{label}.html").read_text(encoding="utf-8")
        navigation = html.split('class="year-nav"')[1].split("</p>")[0]
        expected = [f"{labels[index - 1]}.html"] if index else []
        expected += ["../chronology.html"] + ([f"{labels[index + 1]}.html"] if index + 1 < len(labels) else [])
        assert re.findall(r'href="([^"]+)"', navigation) == expected, label


def test_each_event_suggests_a_citation_with_its_permanent_url(site, chronology):
    for event in chronology.events:
        block = event_block(site, event)
        citation = block.split('class="event-citation"')[1].split("</p>")[0]
        assert f"events/{event.id}.html" in citation and "accessed" in citation and event.title.split()[0] in citation


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


def test_charts_are_static_svg_with_title_description_and_a_data_table(site, chronology):
    html = (site / "charts.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 2
    assert html.count("<title id=") >= 2 and html.count("<desc id=") >= 2
    turnover = chronology.indicators["trade-turnover"]
    table = html.split("<table>")[1]
    for value in turnover.values:
        assert f"{value.value:,.1f}" in table
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="timeline-strip"' in home
