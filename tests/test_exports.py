"""The open-data files, each read by a real consumer of its format."""

import csv
import io
import json
import re

import feedparser
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pyld import jsonld

from chronology.model import Event
from conftest import ROOT


def read(site, name):
    return (site / "downloads" / name).read_text(encoding="utf-8")


def test_events_json_holds_every_event_with_its_permalink(site, chronology):
    exported = json.loads(read(site, "events.json"))["events"]
    assert [e["id"] for e in exported] == [e.id for e in chronology.events]
    derived = {"date_in_words", "start", "end", "permalink"}
    for record in exported:
        event = Event.model_validate({k: v for k, v in record.items() if k not in derived})
        assert (site / record["permalink"]).is_file()
        assert record["date_in_words"] == event.when.words


def test_events_csv_reads_back_one_row_per_event(site, chronology):
    rows = list(csv.DictReader(io.StringIO(read(site, "events.csv"))))
    assert len(rows) == len(chronology.events)
    first = chronology.events[0]
    assert rows[0]["id"] == first.id and rows[0]["title"] == first.title
    assert rows[0]["themes"].split("; ") == first.themes


@pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported")
def test_the_bibliography_is_formatted_by_a_csl_processor(site, chronology):
    items = json.loads(read(site, "bibliography.json"))
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    entries = [str(entry) for entry in bibliography.bibliography()]
    assert len(entries) == len(chronology.sources)
    article = chronology.sources["serikbayeva-najib-development"]
    assert any(article.title in entry and "Serikbayeva" in entry for entry in entries)
    dated = next(s for s in chronology.sources.values() if s.issued and len(s.issued) == 10)
    assert any(dated.title in entry and dated.issued[:4] in entry for entry in entries)


def test_the_atom_feed_is_read_by_a_feed_parser(site, chronology):
    feed = feedparser.parse(read(site, "feed.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == len(chronology.events)
    newest = chronology.events[-1]
    assert feed.entries[0].title == newest.title
    assert feed.entries[0].link.endswith(f"events/{newest.id}.html")
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def test_timelinejs_shows_one_slide_per_event(site, chronology, browser, tmp_path):
    library = ROOT / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
    viewer = tmp_path / "timeline.html"
    viewer.write_text(
        f'<!doctype html><link rel="stylesheet" href="{(library / "css" / "timeline.css").as_uri()}">'
        f'<script src="{(library / "js" / "timeline.js").as_uri()}"></script><div id="timeline" style="height:600px"></div>'
        f'<script>window.timeline = new TL.Timeline("timeline", {read(site, "timeline.json")});</script>', encoding="utf-8")
    page = browser.new_page()
    page.route(re.compile(r"^(?!file:)"), lambda route: route.abort())  # the library's own web fonts
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(viewer.as_uri())
    page.wait_for_function("document.querySelectorAll('.tl-slide').length > 1")
    slides = page.evaluate("timeline.config.events.map(e => e.unique_id)")
    assert errors == []
    assert slides == [e.id for e in chronology.events]
    assert page.locator(".tl-slide").count() == len(chronology.events) + 1  # and the title slide
    page.close()


def test_every_chronology_page_describes_its_events_as_schema_org_json_ld(site, chronology):
    by_page = {}
    for event in chronology.events:
        by_page.setdefault(event.when.year_label, []).append(event)
    for label, events in by_page.items():
        html = (site / "years" / f"{label}.html").read_text(encoding="utf-8")
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        expanded = jsonld.expand(json.loads(block), {"base": (site / "years" / f"{label}.html").as_uri()})
        names = {node["https://schema.org/name"][0]["@value"] for node in expanded}
        assert names == {e.title for e in events}
        for node in expanded:
            assert node["@type"] == ["https://schema.org/Event"]
            assert node["@id"].startswith((site / "events").as_uri())
