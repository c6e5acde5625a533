"""Page builders: a Chronology in, Markdown pages out (path -> text), with the event blocks and
event lists that their directives name."""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .blocks import EventBlocks
from .cache import Cache, Store
from .charts import theme_grid_context, timeline_context
from .events import permalink_html, year_json_ld, year_markdown
from .cores import MANY, Background
from .directives import DIRECTIVE
from .errors import DataError, Superseded
from .exports import PATHS as DOWNLOAD_PATHS, dataset_json_ld, downloads, each_download
from .identity import UNTITLED, Identity
from .indexes import actors_markdown, index_markdown, places_markdown, sources_markdown, theme_details
from .model import Chronology, Event
from .offline_zip import site_zip
from .output import MARKER, write_file
from .overview import (
    indicators_by_unit,
    all_events_markdown, changes_markdown, charts_markdown, coverage_markdown, home_markdown, period_markdown, print_markdown,
)
from .policy import PLACEHOLDER as CONTENT_SECURITY_POLICY
from .paths import (
    ACTORS, CHANGES, CHARTS, CHRONOLOGY, COVERAGE, HOME, PLACES, PRINT, SOURCES, THEMES,
    citations_path, events_by_year, overlaps, period_page, permalink_path,
)
from .reading_pages import DATA, OFFLINE, reading_pages
from .revisions import event_history, event_revisions
from .search import EVENT_INDEX, OFFLINE_INDEX, THEME_INDEX, event_index, indexed_from_model, search_entries


LATEST_COUNT = 10


@dataclass
class GeneratedSite:
    blocks: EventBlocks
    pages: dict[str, str] = field(default_factory=dict)  # path -> Markdown or HTML
    search_entries: list[dict] = field(default_factory=list)  # period and index pages' entries, from the model
    nav: list = field(default_factory=list)  # MkDocs-style nav of generated pages
    exports: Background | None = None  # the open-data files while they are made (their pages meanwhile "")

    def finish_exports(self, folder: Path | None = None) -> None:
        """Wait for the open-data files still being made: with `folder`, the process that made them
        writes them there (so their text never travels back; their pages stay ""); else their
        texts go into `pages`."""
        if self.exports is None:
            return
        exports, self.exports = self.exports, None
        if folder is not None:
            exports.finish(write_files, folder)
        else:
            self.pages |= exports.result()

    def hand_over_files(self) -> None:
        """In a build, once MkDocs holds the generated files: their texts are let go of here (MkDocs
        lets go of each once it is written); only serve compares them with the next build's."""
        self.pages = dict.fromkeys(self.pages, "")
        self.blocks.let_go_of_scripts()

    def make_exports_again(self, identity: Identity, site_url: str) -> None:
        """For a build that shows this site again (under serve, the last good one while the data has
        an error): the open-data files that were written from their own process are made again, as
        their pages hold only their places."""
        if self.exports is None and any(self.pages.get(uri) == "" for uri in DOWNLOAD_PATHS):
            self.exports = Background(site_downloads, self.blocks.chronology, identity, site_url, self.blocks.revised, small=True)


def write_files(files: dict[str, str], folder: Path) -> None:
    """Each file (site path -> text) written under `folder`."""
    for uri, text in files.items():
        write_file(folder / uri, text)


def event_lists(chronology: Chronology, by_year: dict[str, list[Event]]) -> dict[str, list[Event]]:
    """The events of each theme, actor, place, source, period and year, under keys like theme/diplomacy."""
    lists: dict[str, list[Event]] = defaultdict(list)
    for event in chronology.events:
        for field_name in ("themes", "actors", "places"):
            for key in getattr(event, field_name):
                lists[f"{field_name[:-1]}/{key}"].append(event)
        for source in dict.fromkeys(c.source for c in event.citations()):
            lists[f"source/{source}"].append(event)
    for period in chronology.periods.values():
        lists[f"period/{period.id}"] = [e for e in chronology.events if overlaps(e, period)]
    for label, events in by_year.items():
        lists[f"year/{label}"] = events
    lists["latest"] = list(reversed(chronology.events[-LATEST_COUNT:]))
    return dict(lists)


def _page_meta(chronology: Chronology, identity: Identity, by_year: dict[str, list[Event]], pages: dict) -> dict[str, dict]:
    """Each generated page's description (for search engines and shared links) and search settings."""
    count = f"{len(chronology.events):,} events"
    short, subject = identity.short_title, identity.subject
    figures = "Figures from the sources and events" if chronology.indicators else "Events"
    meta = {
        HOME: f"{identity.description or identity.title} {count}, each with its sources quoted.",
        CHRONOLOGY: f"{short}: every event on one line each ({count}), filterable by theme, actor and place.",
        COVERAGE: f"{short}: how its events spread over the years, and what its sources are.",
        CHARTS: f"{figures} per year by theme in {subject}, with the data beside each chart.",
        SOURCES: f"{short}: its {len(chronology.sources)} sources, with the events that cite each.",
        THEMES: f"Themes of {subject}, each with its events.",
        ACTORS: f"States, organisations and people in {subject}, each with its events.",
        PLACES: f"Places in {subject}, with their other names and their events.",
        CHANGES: f"{short}: what changed most recently in its events: added, corrected and re-dated.",
        PRINT: f"{short}, the whole chronology on one page, for printing: {count}.",
        DATA: f"{short}: every event and source as data to reuse (JSON, CSV, CSL-JSON, TimelineJS, Atom, iCalendar), and what each file holds.",
        OFFLINE: f"{short} without a network: the whole site as one zip, search included.",
    }
    meta = {page: {"description": text} for page, text in meta.items() if page in pages}
    for page in (PRINT, CHANGES):  # the year pages are in search; what changed is history, not content
        if page in meta:
            meta[page]["search"] = {"exclude": True}
    for label, events in by_year.items():
        meta[f"years/{label}.md"] = _year_meta(identity, label, events)
    for period in chronology.periods.values():
        meta[period_page(period)] = {"description": _shorten(f"{period.title} ({period.when.words}): {period.description}")}
    for page in meta:
        if indexed_from_model(page):
            meta[page]["search"] = {"exclude": True}  # entries made from the model instead (search.py)
    return meta


def _year_meta(identity: Identity, label: str, events: list[Event]) -> dict:
    titles = "; ".join(e.title for e in events)
    return {"description": _shorten(f"{identity.subject} in {label}: {titles}."), "search": {"exclude": True}}


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _front_matter(meta: dict) -> str:
    """YAML front matter; values written as JSON, which YAML reads as they are. The description is
    HTML-escaped: the theme writes it into an attribute as it is."""
    if "description" in meta:
        meta = meta | {"description": html.escape(meta["description"], quote=True)}
    return "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items()) + "---\n\n"


def site_downloads(chronology: Chronology, identity: Identity, site_url: str, revised: dict[str, str]) -> dict[str, str]:
    """The open-data files (path -> text)."""
    return downloads(chronology, identity, permalink_path, site_url=site_url or None, revised=revised)


def each_site_download(chronology: Chronology, identity: Identity, site_url: str, revised: dict[str, str]) -> Iterator[tuple[str, str]]:
    """The open-data files one at a time, (path, text)."""
    return each_download(chronology, identity, permalink_path, site_url=site_url or None, revised=revised)


def site_blocks(chronology: Chronology, site_url: str = "", data_dir: Path | None = None, cache: Store | Cache | None = None,
                identity: Identity = UNTITLED, dated: EventBlocks | None = None) -> EventBlocks:
    """The events, lists, charts and notes that the generated pages' directives name."""
    by_year = events_by_year(chronology)
    lists = event_lists(chronology, by_year)
    return _event_blocks(chronology, lists, named_blocks(chronology, identity, site_url, by_year), site_url, data_dir, cache, identity, dated)


def named_blocks(chronology: Chronology, identity: Identity, site_url: str, by_year: dict[str, list[Event]]) -> dict[str, tuple]:
    """The blocks directives name other than events and lists ("chart/timeline", "notes/PERIOD"):
    each a template, the maker of its context (called only when it is shown) and, for one that
    shows records alone, those records."""
    named = {"chart/timeline": ("timeline.html", lambda: timeline_context(chronology, by_year)),
             "chart/theme-grid": ("theme_grid.html", lambda: theme_grid_context(chronology, by_year)),
             "dataset/site": ("json_ld.html", lambda: {"json": dataset_json_ld(chronology, identity, site_url or None)})}
    named |= {f"jsonld/{label}": ("json_ld.html", lambda label=label, events=events: {"json": year_json_ld(chronology, label, events, site_url)},
                                  lambda events=events: _described(chronology, events)) for label, events in by_year.items()}
    named |= {f"notes/{p.id}": ("notes.html", lambda p=p: {"citations": p.sources}) for p in chronology.periods.values() if p.sources}
    if chronology.story:
        named["story/home"] = ("story.html", lambda: {"story": chronology.story, "events": chronology.event_by_id})
    named["corrections/about"] = ("corrections.html", lambda: {"address": identity.corrections or ""})
    listed = sorted(chronology.sources.values(), key=lambda s: (s.title.casefold(), s.id))
    named["bibliography/all"] = ("bibliography.html", lambda: {"listed": listed}, [("source", s.id, s) for s in listed])
    named |= {f"sources/{group[0].id}": ("indicator_sources.html", lambda group=group: {"indicators": group})
              for group in indicators_by_unit(chronology)}
    return named


def _described(chronology: Chronology, events: list[Event]) -> list[tuple]:
    """The records a year's JSON-LD shows: its events, and their themes, places and sources."""
    shown = [("event", event.id, event) for event in events]
    shown += [("theme", t, chronology.themes[t]) for t in dict.fromkeys(t for event in events for t in event.themes)]
    shown += [("place", p, chronology.places[p]) for p in dict.fromkeys(p for event in events for p in event.places)]
    sources = dict.fromkeys(c.source for event in events for c in event.citations())
    return shown + [("source", s, chronology.sources[s]) for s in sources]


def _event_blocks(chronology: Chronology, lists: dict, named: dict, site_url: str, data_dir: Path | None, cache, identity: Identity,
                  dated: EventBlocks | None) -> EventBlocks:
    """Blocks with the events' revision dates and history, from version control (or from `dated`,
    blocks made of the same data, so that it is asked once)."""
    revised = dated.revised if dated is not None else event_revisions(chronology, data_dir)
    blocks = EventBlocks(chronology, lists, named, revised, identity.title, identity.context_label, cache, site_url)
    blocks.history = dated.history if dated is not None else event_history(chronology, data_dir)
    return blocks


def year_pages(chronology: Chronology, labels: set[str], site_url: str = "", data_dir: Path | None = None,
               identity: Identity = UNTITLED, cache: Store | Cache | None = None, previous: GeneratedSite | None = None) -> GeneratedSite:
    """The pages of the years `labels` alone (each year's page and its Cite panels), as generate
    makes them, with blocks that hold what they show: under serve, the pages of an edited event,
    shown before the rest of the site is generated again."""
    by_year = events_by_year(chronology)
    blocks = _event_blocks(chronology, {}, {}, site_url, data_dir, cache, identity, None)
    if previous is not None:
        blocks.carry_over(previous.blocks)
    site = GeneratedSite(blocks=blocks)
    for label in labels & by_year.keys():
        site.pages[f"years/{label}.md"] = _front_matter(_year_meta(identity, label, by_year[label])) + _year_page(site, chronology, label, by_year, site_url)
        site.pages[citations_path(label)] = blocks.citations_file(by_year[label])
    return site


def _year_page(site: GeneratedSite, chronology: Chronology, label: str, by_year: dict[str, list[Event]], site_url: str) -> str:
    labels, events = list(by_year), by_year[label]
    return site.blocks.memo(("year page", label, *labels), events, lambda: year_markdown(label, events, labels))


def page_paths(chronology: Chronology) -> list[str]:
    """The path of every page generate makes, without making them: what `check` compares with the
    hand-written pages, as the build does."""
    by_year = events_by_year(chronology)
    paths = [path for label in by_year for path in (f"years/{label}.md", citations_path(label))]
    paths += [permalink_path(event_id) for event in chronology.events for event_id in (event.id, *event.former_ids)]
    paths += [period_page(period) for period in chronology.periods.values()]
    return paths + _overview_pages(chronology) + [DATA, OFFLINE, EVENT_INDEX, *DOWNLOAD_PATHS]


def directive_problems(chronology: Chronology, identity: Identity, docs_dir: Path) -> list[DataError]:
    """The directives of the hand-written pages (outside code blocks) that name nothing, each at
    its line: what the build would warn of as it renders them, found before it starts."""
    written = []
    for path in sorted(p for p in docs_dir.rglob("*.md") if p.is_file()) if docs_dir.is_dir() else []:  # (never a pipe or a device)
        written += [(path.relative_to(docs_dir.parent).as_posix(), number, match)
                    for number, match in _directive_lines(path)]
    kinds = {match.group(1) for _, _, match in written}
    by_year = events_by_year(chronology) if kinds - {"event"} else {}
    lists = event_lists(chronology, by_year) if "events" in kinds else {}
    named_keys = named_blocks(chronology, identity, "", by_year) if kinds - {"event", "events"} else {}
    problems = []
    for shown_as, number, match in written:
        kind, key, _ = match.groups()
        if kind == "event":
            named = key in chronology.event_by_id
        elif kind == "events":
            named = key in lists or key == "filter"
        else:  # (an index entry is made as the index pages are, so it is left to the build)
            named = kind == "entry" or f"{kind}/{key}" in named_keys
        if not named:
            problems.append(DataError(shown_as, number, "", f"'::: {kind} {key}': there is no such {kind}; check the name"))
    return problems


def _directive_lines(path: Path) -> Iterator[tuple[int, re.Match]]:
    fence = None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return  # (MkDocs says what is wrong with it)
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if fence is None and stripped[:3] in ("```", "~~~"):
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        elif fence is None and (match := DIRECTIVE.match(stripped)):
            yield number, match


def written_paths(chronology: Chronology, identity: Identity) -> list[str]:
    """Every path the build writes besides the theme's assets: the generated pages (page_paths), the
    files MkDocs and its plugins write, and the zip of the site."""
    return page_paths(chronology) + [*BUILD_FILES, site_zip(identity.name)]


BUILD_FILES = ("robots.txt", MARKER, "sitemap.xml", "sitemap.xml.gz", THEME_INDEX, OFFLINE_INDEX[0], "404.html")


def _overview_pages(chronology: Chronology) -> list[str]:
    """The home, overview and index pages, in the order generate makes them (Places only with places)."""
    return [HOME, CHRONOLOGY, COVERAGE, CHANGES, CHARTS, PRINT, SOURCES, THEMES, ACTORS] + ([PLACES] if chronology.places else [])


def generate(chronology: Chronology, site_url: str = "", data_dir: Path | None = None, identity: Identity = UNTITLED,
             cache: Store | Cache | None = None, exports: bool = True, wait: bool = True,
             previous: GeneratedSite | None = None, first: GeneratedSite | None = None, stopping=None) -> GeneratedSite:
    """Every generated page; `site_url` is the published address if known, `data_dir` the folder
    the data came from (its version control history dates the feed's entries), `identity` what
    the chronology says about itself (identity.py), `cache` the cache (or its store of HTML);
    without `exports`, the open-data files are left out (site_downloads makes them). A page the
    chronology has no data for (no periods, no places, no figures) is not made, and nothing links
    to it (page_paths names the pages it makes).

    The open-data files are made in another process meanwhile (without `wait`, they are still
    being made when this returns: `finish_exports` waits for them), and every event the cache does not
    hold is rendered on both cores. With `previous` (the last site generated in this process, under
    serve), what the change since cannot have touched is taken from it (EventBlocks.carry_over); with
    `first` (year_pages of the same data), the revision dates read for those are taken. With
    `stopping` (under serve), it raises Superseded between two pages once `stopping()` is true."""

    def go_on() -> None:
        if stopping is not None and stopping():
            raise Superseded

    by_year = events_by_year(chronology)
    site = GeneratedSite(blocks=site_blocks(chronology, site_url, data_dir, cache, identity, first.blocks if first else None))
    if previous is not None:
        site.blocks.carry_over(previous.blocks)
    lists, revised = site.blocks.lists.events, site.blocks.revised
    if exports:
        site.exports = Background(site_downloads, chronology, identity, site_url, revised, small=len(chronology.events) < MANY)
    go_on()
    site.blocks.render_events()
    for label, events in by_year.items():
        go_on()
        site.pages[f"years/{label}.md"] = _year_page(site, chronology, label, by_year, site_url)
        site.pages[citations_path(label)] = site.blocks.citations_file(events)
    go_on()
    for event in chronology.events:
        for event_id in (event.id, *event.former_ids):
            site.pages[permalink_path(event_id)] = permalink_html(event, event_id, CONTENT_SECURITY_POLICY, site_url)
    for period in chronology.periods.values():
        site.pages[period_page(period)] = period_markdown(chronology, period, lists)
    entries = site.blocks.entries
    makers = {
        HOME: lambda: home_markdown(chronology, identity, by_year, lists),
        CHRONOLOGY: lambda: all_events_markdown(chronology, by_year),
        COVERAGE: lambda: coverage_markdown(chronology, identity, by_year),
        CHANGES: lambda: changes_markdown(chronology, identity, site.blocks.history),
        CHARTS: lambda: charts_markdown(chronology),
        PRINT: lambda: print_markdown(chronology, identity, by_year, site_url),
        SOURCES: lambda: sources_markdown(chronology, lists, entries),
        THEMES: lambda: index_markdown(chronology, "Themes", chronology.themes, "theme", theme_details, lists, entries),
        ACTORS: lambda: actors_markdown(chronology, lists, entries, ACTORS),
        PLACES: lambda: places_markdown(chronology, lists, entries),
    }
    for path in _overview_pages(chronology):
        go_on()
        site.pages[path] = makers[path]()
    site.pages |= reading_pages(identity)
    go_on()
    for path, meta in _page_meta(chronology, identity, by_year, site.pages).items():
        site.pages[path] = _front_matter(meta) + site.pages[path]
    go_on()
    site.search_entries = search_entries(chronology)
    go_on()
    site.pages[EVENT_INDEX] = event_index(chronology, by_year, site.blocks.event_text)
    if exports:
        site.pages |= dict.fromkeys(DOWNLOAD_PATHS, "")
        if wait:
            site.finish_exports()
    nav = [
        {"Home": HOME},
        {"Chronology": [{"All events": CHRONOLOGY}] + [{label: f"years/{label}.md"} for label in by_year]},
        {"Periods": [{p.title: period_page(p)} for p in chronology.periods.values()]},
        {"Themes": THEMES},
        {"Actors": ACTORS},
        {"Places": PLACES},
        {"Sources": SOURCES},
        {"Charts": CHARTS},
        {"Coverage": COVERAGE},
        {"Recent changes": CHANGES},
        {"Printable chronology": PRINT},
        {"Data": DATA},
        {"Reading offline": OFFLINE},
    ]
    site.nav = [entry for entry in nav if _made(entry, site.pages)]
    return site


def _made(entry: dict, pages: dict) -> bool:
    """Whether a navigation entry leads to a page that was made: a section needs one of its pages."""
    (target,) = entry.values()
    return bool(target) if isinstance(target, list) else target in pages
