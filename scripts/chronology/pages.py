"""Page builders: a Chronology in, Markdown pages out (path -> text), no rendering engine involved.

Paths are relative to the site root and use `.md` for pages; `events/<id>.html`
are the permanent event URLs, small redirect pages that depend only on the id.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from urllib.parse import quote as quote_url
from dataclasses import dataclass, field

from .charts import grouped_bars, theme_grid, timeline_strip
from .dates import parse_date
from .export import downloads, json_ld
from .model import Chronology, Citation, Event, Source
from .text import inline, link, plain, plural, relative_url

HOME = "index.md"
CHRONOLOGY = "chronology.md"
SOURCES = "sources.md"
THEMES = "themes.md"
ACTORS = "actors.md"
PLACES = "places.md"
COVERAGE = "coverage.md"
CHARTS = "charts.md"
PRINT = "print.md"
DERIVED_MARK = "\\*"
SEARCH_EXCLUDE = "data-search-exclude"  # an attribute the search indexer skips blocks by
SITE_TITLE = "Afghanistan–Kazakhstan relations: a sourced chronology"
LATEST_COUNT = 10
LANGUAGES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}


@dataclass
class GeneratedSite:
    pages: dict[str, str] = field(default_factory=dict)  # path -> Markdown or HTML
    nav: list = field(default_factory=list)  # MkDocs-style nav of generated pages


def year_page(event: Event) -> str:
    return f"years/{event.when.year_label}.md"


def permalink_path(event_id: str) -> str:
    return f"events/{event_id}.html"


def event_link(event: Event, from_page: str, label: str | None = None) -> str:
    return link(label or plain(event.title), from_page, year_page(event), event.id)


def generate(chronology: Chronology) -> GeneratedSite:
    site = GeneratedSite()
    by_year = _events_by_year(chronology)
    for label, events in by_year.items():
        site.pages[f"years/{label}.md"] = year_markdown(chronology, label, events)
    for event in chronology.events:
        for event_id in (event.id, *event.former_ids):
            site.pages[permalink_path(event_id)] = permalink_html(event, event_id)
    for period in chronology.periods.values():
        site.pages[period_page(period)] = period_markdown(chronology, period)
    site.pages |= downloads(chronology, permalink_path)
    site.pages[HOME] = home_markdown(chronology, by_year)
    site.pages[CHRONOLOGY] = chronology_markdown(by_year)
    site.pages[COVERAGE] = coverage_markdown(chronology, by_year)
    site.pages[CHARTS] = charts_markdown(chronology)
    site.pages[PRINT] = print_markdown(chronology, by_year)
    site.pages[SOURCES] = sources_markdown(chronology)
    site.pages[THEMES] = index_markdown(chronology, "Themes", THEMES, chronology.themes, "themes", _theme_details)
    site.pages[ACTORS] = index_markdown(chronology, "Actors", ACTORS, chronology.actors, "actors", _actor_details)
    site.pages[PLACES] = index_markdown(chronology, "Places", PLACES, chronology.places, "places", _place_details)
    site.nav = [
        {"Home": HOME},
        {"Chronology": [{"All years": CHRONOLOGY}] + [{label: f"years/{label}.md"} for label in by_year]},
        {"Periods": [{p.title: period_page(p)} for p in chronology.periods.values()]},
        {"Themes": THEMES},
        {"Actors": ACTORS},
        {"Places": PLACES},
        {"Sources": SOURCES},
        {"Charts": CHARTS},
        {"Coverage": COVERAGE},
        {"Printable chronology": PRINT},
    ]
    return site


def period_page(period) -> str:
    return f"periods/{period.id}.md"


def periods_of(chronology: Chronology, event: Event) -> list:
    return [p for p in chronology.periods.values() if p.when.start <= event.when.start <= p.when.end]


def events_in(chronology: Chronology, period) -> list[Event]:
    return [e for e in chronology.events if period.when.start <= e.when.start <= period.when.end]


def _events_by_year(chronology: Chronology) -> dict[str, list[Event]]:
    by_year: dict[str, list[Event]] = defaultdict(list)
    for event in chronology.events:
        by_year[event.when.year_label].append(event)
    return dict(by_year)


# --- event blocks -----------------------------------------------------------------------


def event_markdown(chronology: Chronology, event: Event, page: str) -> str:
    lines = [
        f"## {plain(event.title)} {{#{event.id}}}",
        "",
        f"**{event.when.words}**{{.event-date}} · "
        + link("Permanent link", page, permalink_path(event.id)) + "{.event-permalink}"
        + ("  · *Regional context*" if event.context else ""),
        "",
        inline(event.summary),
        "",
    ]
    lines += _facets(chronology, event, page)
    lines += ["", *_neighbours(chronology, event, page)]
    lines += ["", "**Sources**", ""]
    lines += [f"{n}. {citation_markdown(chronology, c, page)}" for n, c in enumerate(event.sources, 1)]
    for disagreement in event.disagreements:
        lines += ["", *_disagreement_markdown(chronology, disagreement, page)]
    lines += ["", _cite_markdown(event, page), ""]
    return "\n".join(lines)


def _cite_markdown(event: Event, page: str) -> str:
    """A suggested citation; the site's script turns the link absolute and fills in today's date."""
    permalink = link(permalink_path(event.id), page, permalink_path(event.id))
    return (
        f"*Cite this event:* {SITE_TITLE}, “{plain(event.title)}” ({event.when.words}), "
        f"{permalink}, accessed *date of access*{{.access-date}}.\n{{.event-citation {SEARCH_EXCLUDE}}}"
    )


def _facets(chronology: Chronology, event: Event, page: str) -> list[str]:
    shown: set[str] = set()  # spellings already given for this event
    facets = [
        ("Themes", [link(plain(chronology.themes[t].title), page, THEMES, t) for t in event.themes]),
        ("Actors", [_named(chronology.actors[a], page, ACTORS, shown) for a in event.actors]),
        ("Places", [_named(chronology.places[p], page, PLACES, shown) for p in event.places]),
    ]
    return [f"- **{name}:** {', '.join(links)}" for name, links in facets if links]


def _neighbours(chronology: Chronology, event: Event, page: str) -> list[str]:
    """Links to other events and periods: left out of search, where other events' titles would be noise."""
    groups = [
        ("Related", [event_link(chronology.event_by_id[r], page) for r in event.related]),
        ("Period", [link(plain(p.title), page, period_page(p)) for p in periods_of(chronology, event)]),
        ("Previous", [event_link(e, page) for e in [chronology.previous.get(event.id)] if e]),
        ("Next", [event_link(e, page) for e in [chronology.next.get(event.id)] if e]),
    ]
    parts = [f"**{name}:** {', '.join(links)}" for name, links in groups if links]
    return [" · ".join(parts), f"{{.event-neighbours {SEARCH_EXCLUDE}}}"] if parts else []


def _named(entry, page: str, index_page: str, shown: set[str]) -> str:
    """A link to an actor or place, followed by the other spellings the sources use (so search finds them)."""
    other = [n for n in [*entry.names, *getattr(entry, "former_names", [])] if n not in shown]
    shown.update(other)
    also = f" *({', '.join(plain(n) for n in other)})*{{.also-written}}" if other else ""
    return link(plain(entry.name), page, index_page, entry.id) + also


def citation_markdown(chronology: Chronology, citation: Citation, page: str) -> str:
    source = chronology.sources[citation.source]
    title = link(f"*{plain(source.title)}*", page, SOURCES, source.id)
    quote = f"“{plain(citation.quote)}”"
    if source.URL:  # a text fragment link opens the source at the quoted words
        quote = f"[{quote}]({source.URL}#:~:text={quote_url(' '.join(citation.quote.split()), safe='').replace('-', '%2D')})"
    return f"{title}, {plain(citation.locator)}: {quote}"


def _disagreement_markdown(chronology: Chronology, disagreement, page: str) -> list[str]:
    lines = [f'!!! note "Sources disagree: {html.escape(disagreement.about, quote=True)}"', ""]
    lines += ["    | Reading | Sources |", "    | --- | --- |"]
    for reading in disagreement.readings:
        cited = "<br>".join(citation_markdown(chronology, c, page) for c in reading.sources)
        lines.append(f"    | {_cell(inline(reading.reading))} | {_cell(cited)} |")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


# --- pages ------------------------------------------------------------------------------


def year_markdown(chronology: Chronology, label: str, events: list[Event]) -> str:
    page = f"years/{label}.md"
    head = [f"# {label}", "", f"{plural(len(events), 'event')}, in date order.", ""]
    body = "\n".join(event_markdown(chronology, e, page) for e in events)
    structured = json_ld(chronology, events, lambda event_id: relative_url(page, permalink_path(event_id)))
    return "\n".join(head) + "\n" + body + f'\n<script type="application/ld+json">{structured}</script>\n'


def permalink_html(event: Event, event_id: str) -> str:
    """The permanent URL of an event: a redirect to wherever its page is now."""
    target = f"../{year_page(event)[:-3]}.html#{event.id}"
    title = html.escape(event.title)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{target}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f"<script>location.replace({json.dumps(target)} + location.search)</script>\n"
        "</head>\n<body>\n"
        f'<p>{title} ({html.escape(event.when.words)}): <a href="{target}">go to the event</a>.</p>\n'
        "</body>\n</html>\n"
    )


def home_markdown(chronology: Chronology, by_year: dict[str, list[Event]]) -> str:
    events = chronology.events
    lines = [
        f"# {SITE_TITLE}",
        "",
        "A dated record of relations between Afghanistan and Kazakhstan since diplomatic relations "
        "were established in 1992, with the earlier history of Kazakhs in Afghanistan. Every entry "
        "cites its sources with a verbatim quote, and where sources disagree both readings are shown.",
        "",
        f"**{plural(len(events), 'event')}** from {len(by_year)} years, "
        f"**{plural(len(chronology.sources), 'source')}**, "
        f"**{plural(len(chronology.actors), 'actor')}**, **{plural(len(chronology.places), 'place')}**. "
        + link("About this site", HOME, "about.md") + ".",
        "",
        timeline_strip(chronology, by_year, HOME),
        "",
        "## Periods",
        "",
    ]
    for period in chronology.periods.values():
        inside = events_in(chronology, period)
        lines.append(f"- **{link(plain(period.title), HOME, period_page(period))}** ({period.when.words}, {plural(len(inside), 'event')}): {inline(period.description)}")
    lines += ["", "## Latest events", ""]
    for event in reversed(events[-LATEST_COUNT:]):
        lines.append(f"- {event.when.words}: {event_link(event, HOME)}")
    lines += ["", "## Years", "", _year_links(by_year, HOME), ""]
    return "\n".join(lines)


def period_markdown(chronology: Chronology, period) -> str:
    page = period_page(period)
    events = events_in(chronology, period)
    lines = [f"# {plain(period.title)}", "", f"**{period.when.words}** · {plural(len(events), 'event')}", "", inline(period.description), ""]
    if period.sources:
        lines += ["**Sources**", ""]
        lines += [f"{n}. {citation_markdown(chronology, c, page)}" for n, c in enumerate(period.sources, 1)]
        lines.append("")
    lines += ["## Events", ""]
    lines += [f"- {e.when.words}: {event_link(e, page)}" for e in events]
    return "\n".join(lines) + "\n"


def coverage_markdown(chronology: Chronology, by_year: dict[str, list[Event]]) -> str:
    years = [e.when.year for e in chronology.events if e.when.year_label.isdigit()]
    empty = [y for y in range(min(years), max(years) + 1) if str(y) not in by_year] if years else []
    languages: dict[str, int] = defaultdict(int)
    origins: dict[str, int] = defaultdict(int)
    for source in chronology.sources.values():
        languages[LANGUAGES.get(source.language or "", source.language or "not given")] += 1
        origins["known through another source" if source.custom.cited_by else "read directly"] += 1
    lines = [
        "# Coverage", "",
        "How the chronology's events spread over time, and what its sources are.", "",
        "## Events per year", "", "| Year | Events | Bilateral | Regional context |", "| --- | ---: | ---: | ---: |",
    ]
    for label, events in by_year.items():
        context = sum(e.context for e in events)
        lines.append(f"| {link(label, COVERAGE, f'years/{label}.md')} | {len(events)} | {len(events) - context} | {context} |")
    lines += ["", "## Years with no events", ""]
    lines.append(", ".join(map(str, empty)) + "." if empty else "Every year from the first to the last event has at least one event.")
    lines += ["", "## Sources by language", "", "| Language | Sources |", "| --- | ---: |"]
    lines += [f"| {name} | {count} |" for name, count in sorted(languages.items())]
    lines += ["", "## Sources by origin", "", "| Origin | Sources |", "| --- | ---: |"]
    lines += [f"| {name} | {count} |" for name, count in sorted(origins.items())]
    return "\n".join(lines) + "\n"


def charts_markdown(chronology: Chronology) -> str:
    lines = ["# Charts", "", "Figures from the sources, drawn from the same data as the pages. "
             "Each chart has its data as a table beside it.", ""]
    by_unit: dict[str, list] = defaultdict(list)
    for indicator in chronology.indicators.values():
        by_unit[indicator.unit].append(indicator)
    for unit, indicators in by_unit.items():
        series = {i.title: {v.year: (v.value, v.derivation is not None) for v in i.values} for i in indicators}
        title = " and ".join(i.title for i in indicators) if len(indicators) < 3 else "Trade figures"
        lines += [f"## {plain(title)} ({plain(unit)})", "", grouped_bars(f"chart-{indicators[0].id}", title, unit, series), ""]
        lines += _indicator_table(chronology, indicators, unit)
    lines += ["## Events per year by theme", "", theme_grid(chronology, CHARTS), ""]
    lines += ["| Theme | Events |", "| --- | ---: |"]
    for theme in chronology.themes.values():
        count = sum(theme.id in e.themes for e in chronology.events)
        lines.append(f"| {link(plain(theme.title), CHARTS, THEMES, theme.id)} | {count} |")
    return "\n".join(lines) + "\n"


def _indicator_table(chronology: Chronology, indicators: list, unit: str) -> list[str]:
    years = sorted({v.year for i in indicators for v in i.values})
    lines = ["| Year | " + " | ".join(plain(i.title) for i in indicators) + " |", "| --- |" + " ---: |" * len(indicators)]
    for year in years:
        cells = []
        for indicator in indicators:
            value = next((v for v in indicator.values if v.year == year), None)
            mark = DERIVED_MARK if value and value.derivation else ""
            cells.append("" if value is None else f"{value.value:,.1f}{mark}")
        lines.append(f"| {year} | " + " | ".join(cells) + " |")
    lines += ["", f"Values in {plain(unit)}. {DERIVED_MARK} A derived value, calculated from sourced figures, not stated by a source.", ""]
    for indicator in indicators:
        for value in indicator.values:
            basis = [citation_markdown(chronology, c, CHARTS) for c in value.sources]
            if value.derivation:
                basis.append(f"derived: {plain(value.derivation)}")
            lines.append(f"- **{plain(indicator.title)}, {value.year}:** " + "; ".join(basis))
    return lines + [""]


def print_markdown(chronology: Chronology, by_year: dict[str, list[Event]]) -> str:
    """Every event on one page, compact, for paper; left out of search (the year pages are there)."""
    lines = ["---", "search:", "  exclude: true", "---", "", f"# {SITE_TITLE}", "",
             f"The whole chronology on one page, for paper: {plural(len(chronology.events), 'event')}, "
             "each with its sources; the year pages have the full detail.", ""]
    for label, events in by_year.items():
        lines += [f"## {label} {{#year-{label}}}", ""]
        for event in events:
            cited = "; ".join(
                f"{plain(chronology.sources[c.source].title)}, {plain(c.locator)}: “{plain(c.quote)}”" for c in event.sources)
            context = " (regional context)" if event.context else ""
            lines += [
                f"### {plain(event.title)} {{#print-{event.id}}}", "",
                f"**{event.when.words}**{context} · {event_link(event, PRINT, 'on its year page')}", "",
                inline(event.summary), "",
                f"*Sources:* {cited}" + (f" *Sources disagree on:* {'; '.join(plain(d.about) for d in event.disagreements)}." if event.disagreements else ""),
                "",
            ]
    return "\n".join(lines)


def chronology_markdown(by_year: dict[str, list[Event]]) -> str:
    lines = ["# All years", "", "| Year | Events |", "| --- | ---: |"]
    lines += [f"| {link(label, CHRONOLOGY, f'years/{label}.md')} | {len(events)} |" for label, events in by_year.items()]
    return "\n".join(lines) + "\n"


def _year_links(by_year: dict[str, list[Event]], page: str) -> str:
    return " · ".join(f"{link(label, page, f'years/{label}.md')} ({len(events)})" for label, events in by_year.items())


def sources_markdown(chronology: Chronology) -> str:
    citing: dict[str, list[Event]] = defaultdict(list)
    for event in chronology.events:
        for source_id in dict.fromkeys(c.source for c in _all_citations(event)):
            citing[source_id].append(event)
    lines = ["# Sources", "", f"{plural(len(chronology.sources), 'source')}, with the events that cite each.", ""]
    for source in sorted(chronology.sources.values(), key=lambda s: s.title.lower()):
        lines += [f"## {plain(source.title)} {{#{source.id}}}", "", *_source_details(chronology, source)]
        events = citing.get(source.id, [])
        lines += ["", f"Cited by {plural(len(events), 'event')}" + (":" if events else "."), ""]
        lines += [f"- {e.when.words}: {event_link(e, SOURCES)}" for e in events]
        lines.append("")
    return "\n".join(lines)


def _source_details(chronology: Chronology, source: Source) -> list[str]:
    extras = source.custom
    details = [
        ("English title", extras.title_english and plain(extras.title_english)),
        ("Author", "; ".join(plain(str(a)) for a in source.author)),
        ("Published in", source.container_title and plain(source.container_title)),
        ("Publisher", source.publisher and plain(source.publisher)),
        ("Date", source.issued and _date_words(source.issued)),
        ("Language", source.language and LANGUAGES.get(source.language, source.language)),
        ("Online", source.URL and f"<{source.URL}>"),
        ("Retrieved", source.accessed and _date_words(source.accessed)),
        ("Known through", extras.cited_by and link(
            plain(chronology.sources[extras.cited_by].title), SOURCES, SOURCES, extras.cited_by)
            + (f", reference {extras.reference_number}" if extras.reference_number else "")),
        ("Note", source.note and plain(source.note)),
    ]
    return _details(details)


def _date_words(edtf: str) -> str:
    return parse_date(edtf).words


def _all_citations(event: Event):
    yield from event.sources
    for disagreement in event.disagreements:
        for reading in disagreement.readings:
            yield from reading.sources


def index_markdown(chronology, title: str, page: str, entries: dict, field_name: str, details) -> str:
    events_of: dict[str, list[Event]] = defaultdict(list)
    for event in chronology.events:
        for key in getattr(event, field_name):
            events_of[key].append(event)
    lines = [f"# {title}", "", f"{plural(len(entries), title.lower()[:-1], title.lower())}, each with its events.", ""]
    for key, entry in sorted(entries.items(), key=lambda kv: _entry_name(kv[1]).lower()):
        events = events_of.get(key, [])
        lines += [f"## {plain(_entry_name(entry))} {{#{key}}}", ""]
        lines += details(chronology, entry)
        lines += ["", f"{plural(len(events), 'event')}" + (":" if events else "."), ""]
        lines += [f"- {e.when.words}: {event_link(e, page)}" for e in events]
        lines.append("")
    return "\n".join(lines)


def _entry_name(entry) -> str:
    return getattr(entry, "title", None) or entry.name


def _theme_details(chronology, theme) -> list[str]:
    return [inline(theme.description)]


def _actor_details(chronology, actor) -> list[str]:
    return _details([
        ("Kind", actor.kind),
        ("Also written", ", ".join(plain(n) for n in actor.names)),
        ("Roles", "; ".join(plain(r) for r in actor.roles)),
    ])


def _place_details(chronology, place) -> list[str]:
    country = chronology.places.get(place.country)
    return _details([
        ("Kind", place.kind),
        ("Country", country and link(plain(country.name), PLACES, PLACES, country.id)),
        ("Also written", ", ".join(plain(n) for n in place.names)),
        ("Former names", ", ".join(plain(n) for n in place.former_names)),
    ])


def _details(pairs: list[tuple[str, str | None]]) -> list[str]:
    """A list of labelled details, leaving out those with no value."""
    return [f"- **{name}:** {value}" for name, value in pairs if value]
