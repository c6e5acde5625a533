"""The open-data files, each read by a real consumer of its format."""

import csv
import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone

import citeproc
import feedparser
import frictionless
import icalendar
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pyld import jsonld

from chronology.exports import downloads, json_ld
from chronology.load import load
from chronology.model import Event
from chronology.paths import permalink_path
from chronology.revisions import event_revisions, last_revised
from conftest import DATA, ROOT

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
TAG_ID = re.compile(r"^tag:afghanistan-kazakhstan-chronology,\d{4}(?:-\d{2}(?:-\d{2})?)?:(.+)$")
SITE_URL = "https://example.org/chronology/"
# CSL-JSON item keys: id, type and the variables of the CSL specification (citeproc-py's list,
# which writes them with '_' where CSL-JSON has '-').
CSL_KEYS = {"id", "type"} | {name.replace("_", "-") for name in citeproc.VARIABLES}


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
    assert [row["context"] for row in rows] == ["true" if e.context else "false" for e in chronology.events]
    assert {"true", "false"} == {row["context"] for row in rows}  # the data has both kinds


TRICKY_TITLES = ['=HYPERLINK("https://example.org","click")', "+1 more", "-2 sides", "@SUM(A1:A2)", "\tTabbed", "\rReturned"]


def with_titles(chronology, titles):
    """The chronology with its first events retitled (validated like data), the rest as they are."""
    events = [Event.model_validate(e.model_dump(by_alias=True) | {"title": t}) for e, t in zip(chronology.events, titles)]
    return dataclasses.replace(chronology, events=events + chronology.events[len(titles):])


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(chronology, identity):
    titles = TRICKY_TITLES + ["A title - with a dash inside", "Plain = not first"]
    tricky = with_titles(chronology, titles)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(downloads(tricky, identity, permalink_path)["downloads/events.csv"], newline=""))}
    for event, title in zip(tricky.events, titles):
        shown = rows[event.id]["title"]
        if title in TRICKY_TITLES:
            assert shown == "'" + title
        else:
            assert shown == title
    for row in rows.values():
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


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


def test_the_bibliography_holds_only_csl_variables_with_dates_as_date_parts(site, chronology):
    items = {item["id"]: item for item in json.loads(read(site, "bibliography.json"))}
    assert set(items) == set(chronology.sources)
    assert any(s.custom.document for s in chronology.sources.values())  # there were fields of ours to leave out
    for source_id, item in items.items():
        assert set(item) <= CSL_KEYS, set(item) - CSL_KEYS
        source = chronology.sources[source_id]
        for field in ("issued", "accessed"):
            edtf = getattr(source, field)
            if edtf is None:
                assert field not in item
            elif re.fullmatch(r"\d{4}(-\d{2}){0,2}", edtf):  # a plain day, month or year: its own parts
                assert item[field] == {"date-parts": [[int(part) for part in edtf.split("-")]]}
    months = [s for s in chronology.sources.values() if s.issued and re.fullmatch(r"\d{4}-\d{2}", s.issued)]
    assert months and all(len(items[s.id]["issued"]["date-parts"][0]) == 2 for s in months)


def git_time(path):
    """The time of the last commit that changed a file, asked of git on its own; None if git has none."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", str(path)], cwd=path.parent,
                             capture_output=True, text=True, timeout=60).stdout.strip()
    except OSError:
        return None
    return datetime.fromtimestamp(int(out), timezone.utc) if out else None


def build_fallback():
    """What the build dates files git does not know by: SOURCE_DATE_EPOCH, which the build sets to the
    last commit's time when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip() or "0"
    return datetime.fromtimestamp(int(epoch), timezone.utc)


def parsed_time(struct):
    return datetime(*struct[:6], tzinfo=timezone.utc)


def test_the_atom_feed_is_read_by_a_feed_parser(site, chronology):
    feed_url = SITE_URL + "downloads/feed.xml"  # as if published: relative links resolve against it
    feed = feedparser.parse(read(site, "feed.xml"), response_headers={"content-location": feed_url, "content-type": "application/atom+xml"})
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == len(chronology.events)
    newest = chronology.events[-1]
    assert feed.entries[0].title == newest.title
    assert feed.entries[0].link == f"{SITE_URL}events/{newest.id}.html"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [feed_url]
    assert TAG_ID.match(feed.feed.id)
    entry_ids = [TAG_ID.match(entry.id) for entry in feed.entries]
    assert all(entry_ids)
    assert [m.group(1) for m in entry_ids] == [f"event/{e.id}" for e in reversed(chronology.events)]
    assert CC_BY in feed.feed.rights and "quot" in feed.feed.rights.lower()


def test_each_feed_entry_is_updated_when_its_data_file_last_changed_in_git(site, chronology):
    feed = feedparser.parse(read(site, "feed.xml"))
    updated = {TAG_ID.match(entry.id).group(1).removeprefix("event/"): parsed_time(entry.updated_parsed) for entry in feed.entries}
    fallback = build_fallback()
    for event in chronology.events:
        committed = git_time(DATA / "events" / event.id[:4] / f"{event.id}.yml")
        assert updated[event.id] == (committed or fallback), event.id
    assert parsed_time(feed.feed.updated_parsed) == max(updated.values())


def git(repo, *args, when=None):
    env = os.environ | {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=repo, env=env, check=True, capture_output=True, timeout=60)


@pytest.fixture
def data_repo(tmp_path):
    """A copy of the data in a git repository of its own: all committed on 4 March 2021, one event
    changed again on 5 June 2022, and another edited since without a commit."""
    data = tmp_path / "repo" / "data"
    shutil.copytree(DATA, data)
    git(data.parent, "init", "-q")
    git(data.parent, "add", "-A")
    git(data.parent, "commit", "-q", "-m", "data", when="2021-03-04T05:06:07Z")
    chronology = load(data)
    changed, edited = chronology.events[0], chronology.events[1]
    changed_file = data / "events" / changed.id[:4] / f"{changed.id}.yml"
    changed_file.write_text(changed_file.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    git(data.parent, "commit", "-q", "-am", "review", when="2022-06-05T00:00:00Z")
    edited_file = data / "events" / edited.id[:4] / f"{edited.id}.yml"
    edited_file.write_text(edited_file.read_text(encoding="utf-8") + "# not committed\n", encoding="utf-8")
    return data, changed.id, edited.id


def test_revision_times_come_from_the_last_commit_of_each_file(data_repo, monkeypatch, identity):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    data, changed, edited = data_repo
    chronology = load(data)
    revised = event_revisions(chronology, data)
    assert revised[changed] == "2022-06-05T00:00:00Z"
    assert revised[edited] == "2021-03-04T05:06:07Z"  # an edit not committed keeps the commit's time
    assert set(revised.values()) == {"2022-06-05T00:00:00Z", "2021-03-04T05:06:07Z"}
    assert last_revised(data)["themes.yml"] == "2021-03-04T05:06:07Z"
    feed = feedparser.parse(downloads(chronology, identity, permalink_path, revised=revised)["downloads/feed.xml"])
    assert parsed_time(feed.feed.updated_parsed) == datetime(2022, 6, 5, tzinfo=timezone.utc)


def test_without_git_the_times_are_the_fixed_fallback_and_builds_stay_identical(data_repo, tmp_path, monkeypatch, identity):
    data, _, _ = data_repo
    outside = tmp_path / "outside" / "data"
    shutil.copytree(data, outside)  # not in any repository
    chronology = load(outside)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    assert last_revised(outside) == {}
    assert event_revisions(chronology, outside) == {}  # unknown: every export uses the fallback time
    fallback_feed = feedparser.parse(downloads(chronology, identity, permalink_path, revised={})["downloads/feed.xml"])
    assert fallback_feed.feed.updated == "2001-09-09T01:46:40Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    first = downloads(chronology, identity, permalink_path, revised=event_revisions(chronology, outside))
    feed = feedparser.parse(first["downloads/feed.xml"])
    assert feed.feed.updated == "1980-01-01T00:00:00Z"
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))  # git itself missing
    assert last_revised(data) == {}
    assert downloads(chronology, identity, permalink_path, revised=event_revisions(chronology, outside)) == first


def test_revision_times_given_in_any_zone_are_written_in_utc(chronology, identity):
    event = chronology.events[0]
    files = downloads(chronology, identity, permalink_path, revised={event.id: "2024-05-01T14:00:00+02:00"})
    feed = feedparser.parse(files["downloads/feed.xml"])
    entry = next(e for e in feed.entries if e.id.endswith("/" + event.id))
    assert entry.updated == "2024-05-01T12:00:00Z"


def test_with_the_site_address_every_link_is_absolute(chronology, identity):
    files = downloads(chronology, identity, permalink_path, site_url="https://example.org/chronology")  # no final slash
    feed_text = files["downloads/feed.xml"]
    assert "xml:base" not in feed_text
    feed = feedparser.parse(feed_text)
    assert not feed.bozo
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [SITE_URL + "downloads/feed.xml"]
    assert all(entry.link.startswith(SITE_URL + "events/") for entry in feed.entries)
    records = json.loads(files["downloads/events.json"])["events"]
    assert [r["permalink"] for r in records] == [f"{SITE_URL}events/{e.id}.html" for e in chronology.events]
    rows = list(csv.DictReader(io.StringIO(files["downloads/events.csv"])))
    assert [r["permalink"] for r in rows] == [r["permalink"] for r in records]
    calendar = icalendar.Calendar.from_ical(files["downloads/events.ics"])
    for vevent in calendar.walk("VEVENT"):
        event_id = str(vevent["UID"]).split("@")[0]
        assert str(vevent["URL"]) == f"{SITE_URL}events/{event_id}.html"
        assert str(vevent["URL"]) in str(vevent["DESCRIPTION"])


def test_without_the_site_address_links_stay_relative(site, chronology):
    feed_text = read(site, "feed.xml")
    assert 'xml:base="../"' in feed_text and "https://example.org" not in feed_text
    feed = feedparser.parse(feed_text)
    for entry in feed.entries:
        assert not entry.link.startswith(("http:", "https:", "/"))
    calendar = icalendar.Calendar.from_ical(read(site, "events.ics"))
    assert all("URL" not in vevent for vevent in calendar.walk("VEVENT"))


def test_events_json_states_its_licence_and_that_quotes_are_not_covered(site):
    data = json.loads(read(site, "events.json"))
    assert data["license"] == CC_BY
    assert "quot" in data["rights"].lower() and "not covered" in data["rights"]


def day_precise(edtf):
    """Whether a date is a day, or a span from a day to a day (qualifiers allowed)."""
    day = r"\d{4}-\d{2}-\d{2}[~?%]?"
    return re.fullmatch(f"{day}(?:/{day})?", edtf) is not None


def test_the_calendar_holds_every_event_dated_to_the_day(site, chronology):
    text = read(site, "events.ics")
    raw = (site / "downloads" / "events.ics").read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert any(line.startswith(b" ") for line in raw.split(b"\r\n"))  # long lines were folded
    calendar = icalendar.Calendar.from_ical(text)
    vevents = calendar.walk("VEVENT")
    expected = [e for e in chronology.events if day_precise(e.date)]
    assert expected and len(expected) < len(chronology.events)
    assert [str(v["UID"]) for v in vevents] == [f"{e.id}@afghanistan-kazakhstan-chronology" for e in expected]
    feed = feedparser.parse(read(site, "feed.xml"))
    updated = {entry.id.rsplit("/", 1)[1]: parsed_time(entry.updated_parsed) for entry in feed.entries}
    for vevent, event in zip(vevents, expected):
        first, _, last = re.sub(r"[~?%]", "", event.date).partition("/")
        assert vevent["DTSTART"].dt == date.fromisoformat(first)
        assert vevent["DTEND"].dt == date.fromisoformat(last or first) + timedelta(days=1)
        assert str(vevent["SUMMARY"]) == event.title
        assert f"events/{event.id}.html" in str(vevent["DESCRIPTION"])
        assert "*" not in str(vevent["DESCRIPTION"]) and "](" not in str(vevent["DESCRIPTION"])
        assert vevent["DTSTAMP"].dt == updated[event.id]
    assert any(e.date.count("/") for e in expected)  # a span of days is there too


def test_the_data_package_validates_with_frictionless(site, chronology):
    package_path = site / "downloads" / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": CC_BY, "title": "Creative Commons Attribution 4.0 International"}]
    assert "not covered" in package["description"]
    paths = {r["path"] for r in package["resources"]}
    assert {"events.csv", "events.json", "bibliography.json", "feed.xml", "events.ics"} <= paths
    assert all((site / "downloads" / path).is_file() for path in paths)
    fields = {f["name"]: f["type"] for r in package["resources"] if r["path"] == "events.csv" for f in r["schema"]["fields"]}
    assert fields["id"] == "string" and fields["date"] == "string"
    assert fields["start"] == fields["end"] == "date" and fields["context"] == "boolean"
    report = frictionless.validate(str(package_path))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "message"])
    table = frictionless.Resource(str(site / "downloads" / "events.csv"), schema=frictionless.Schema.from_descriptor(
        next(r["schema"] for r in package["resources"] if r["path"] == "events.csv")))
    rows = table.read_rows()
    assert [row["context"] for row in rows] == [e.context for e in chronology.events]


def test_the_data_package_catches_a_changed_file(site, tmp_path):
    copy = tmp_path / "downloads"
    shutil.copytree(site / "downloads", copy)
    with (copy / "events.csv").open("a", encoding="utf-8") as out:
        out.write("extra-row,1992,1992,1992-01-01,1992-12-31,t,s,a,b,c,d,maybe,x\n")
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid


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


# Dates as schema.org reads them: at the precision the EDTF gives, never a day that was not given.
SCHEMA_DATES = {
    "2021-08": ("2021-08", None),
    "2021-10~": ("2021-10", None),
    "1996": ("1996", None),
    "1992-02-12": ("1992-02-12", None),
    "2015-11-20?": ("2015-11-20", None),
    "193X": ("1930", "1939"),
    "2004/2014": ("2004", "2014"),
    "2021-08/2021-11-12": ("2021-08", "2021-11-12"),
    "2023-08-03/2023-08-09": ("2023-08-03", "2023-08-09"),
    "../2017": (None, "2017"),
    "../2015~": (None, "2015"),
}
SCHEMA = "https://schema.org/"


def value(node, name):
    values = node.get(SCHEMA + name, [])
    return values[0]["@value"] if values else None


def test_every_chronology_page_describes_its_events_as_schema_org_json_ld(site, chronology):
    by_page = {}
    for event in chronology.events:
        by_page.setdefault(event.when.year_label, []).append(event)
    checked = set()
    for label, events in by_page.items():
        html = (site / "years" / f"{label}.html").read_text(encoding="utf-8")
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        expanded = jsonld.expand(json.loads(block), {"base": (site / "years" / f"{label}.html").as_uri()})
        names = {node["https://schema.org/name"][0]["@value"] for node in expanded}
        assert names == {e.title for e in events}
        for node in expanded:
            assert node["@type"] == ["https://schema.org/Event"]
            assert node["@id"].startswith((site / "events").as_uri())
            event = chronology.event_by_id[node["@id"].rsplit("/", 1)[1].removesuffix(".html")]
            start, end = value(node, "startDate"), value(node, "endDate")
            if event.date in SCHEMA_DATES:
                assert (start, end) == SCHEMA_DATES[event.date], event.date
                checked.add(event.date)
            if "X" not in event.date:  # every date string is written in the EDTF itself: nothing invented
                assert all(d in event.date for d in (start, end) if d)
            assert SCHEMA + "citation" not in node
            works = node[SCHEMA + "subjectOf"]
            assert all(w["@type"] == [SCHEMA + "CreativeWork"] for w in works)
            titles = {chronology.sources[c.source].title for c in event.citations()}
            assert {value(w, "name") for w in works} == titles
    assert len(checked) >= 8, checked  # the table speaks of dates the data has


def test_json_ld_links_are_absolute_under_the_site_address(chronology):
    events = chronology.events[:5]
    block = json_ld(chronology, events, permalink_path, site_url=SITE_URL)
    expanded = jsonld.expand(json.loads(block))
    assert [node["@id"] for node in expanded] == [f"{SITE_URL}events/{e.id}.html" for e in events]
    assert all(node[SCHEMA + "url"] == [{"@id": node["@id"]}] for node in expanded)


def test_the_data_page_describes_the_dataset_for_catalogues(site):
    html = (site / "data.html").read_text(encoding="utf-8")
    block = next(b for b in html.split('<script type="application/ld+json">')[1:] if '"Dataset"' in b.split("</script>")[0])
    dataset = json.loads(block.split("</script>")[0])
    expanded = jsonld.expand(dataset)
    assert expanded[0]["@type"] == ["https://schema.org/Dataset"]
    assert expanded[0]["https://schema.org/license"][0]["@id"].startswith("https://creativecommons.org/licenses/by/4.0")
    downloads = [d["contentUrl"] for d in dataset["distribution"]]
    assert all((site / url).is_file() for url in downloads) and "downloads/datapackage.json" in downloads


def test_every_event_is_a_reference_in_bibtex_and_ris_read_back_by_their_parsers(site, chronology):
    import bibtexparser
    import rispy

    entries = bibtexparser.parse_string(read(site, "events.bib")).entries
    assert [e.key for e in entries] == [e.id for e in chronology.events]
    assert all(e.entry_type == "online" and e["url"].endswith(f"events/{e.key}.html") for e in entries)
    references = rispy.loads(read(site, "events.ris"))
    assert [r["title"] for r in references] == [e.title for e in chronology.events]
    assert [r["urls"] for r in references] == [[e["url"]] for e in entries]


def test_the_calendar_dates_an_event_of_an_early_year_with_eight_digits(chronology, identity):
    first = chronology.events[0]
    early = [Event.model_validate(first.model_dump(by_alias=True) | {"id": f"{day.replace('/', '-')}-early", "date": day})
             for day in ("0001-01-01", "0999-12-30/0999-12-31")]
    files = downloads(dataclasses.replace(chronology, events=early + chronology.events[1:]), identity, permalink_path)
    vevents = {str(v["UID"]).split("@")[0]: v for v in icalendar.Calendar.from_ical(files["downloads/events.ics"]).walk("VEVENT")}
    assert vevents["0001-01-01-early"]["DTSTART"].dt == date(1, 1, 1)
    assert vevents["0001-01-01-early"]["DTEND"].dt == date(1, 1, 2)
    assert vevents["0999-12-30-0999-12-31-early"]["DTSTART"].dt == date(999, 12, 30)
    assert vevents["0999-12-30-0999-12-31-early"]["DTEND"].dt == date(1000, 1, 1)
