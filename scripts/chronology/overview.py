"""Overview pages: home, all years, periods, coverage, charts and the printable chronology."""

from __future__ import annotations

import html
from collections import defaultdict

from .charts import figure, yearly_bars
from .dates import parse_date
from .identity import Identity
from .languages import language_name
from .model import Chronology, Event
from .paths import (
    CHANGES, COVERAGE, HOME, event_link, period_page,
)
from .text import inline_html, link, plain, plural, relative_url

DERIVED_MARK = "\\*"


def home_markdown(chronology: Chronology, identity: Identity, by_year: dict[str, list[Event]], lists: dict) -> str:
    events = chronology.events
    lines = [
        f"# {plain(identity.title)}",
        "",
        *([identity.lead, ""] if identity.lead else []),
        f"**{plural(len(events), 'event')}** from {len(by_year)} years, "
        f"**{plural(len(chronology.sources), 'source')}**{_sources_read(chronology)}, "
        f"**{plural(len(chronology.actors), 'actor')}**" + (f", **{plural(len(chronology.places), 'place')}**" if chronology.places else "") + ". "
        + link("About this site", HOME, "about.md") + ".",
        "",
    ]
    if chronology.story:  # the arc in a few paragraphs, before the lists
        lines += ["## The story in brief {#story}", "", "::: story home", ""]
    lines += ["::: chart timeline", ""]
    if chronology.periods:
        lines += ["## Periods", "", *_period_list(chronology, lists)]
    lines += ["", "## Latest events", "", "::: events latest", ""]
    lines += ["## Years", "", _year_links(by_year, HOME), ""]
    return "\n".join(lines)


def _sources_read(chronology: Chronology) -> str:
    """How many sources were read in full, where some are known only through the sources citing them."""
    known_through = sum(1 for s in chronology.sources.values() if s.custom.cited_by)
    if not known_through:
        return ""
    read = len(chronology.sources) - known_through
    return f" ({read} read in full, {known_through} known only through the sources that cite them)"


def _period_list(chronology: Chronology, lists: dict) -> list[str]:
    """The periods as an HTML block, which Markdown leaves as it is: a description's HTML is not read again."""
    items = []
    for period in chronology.periods.values():
        inside = lists[f"period/{period.id}"]
        address = html.escape(relative_url(HOME, period_page(period).removesuffix(".md") + ".html"))
        items.append(f'<li><strong><a href="{address}">{html.escape(period.title)}</a></strong> '
                     f"({period.when.words}, {plural(len(inside), 'event')}): {inline_html(period.description)}</li>")
    return ["<ul>", *items, "</ul>"]


def period_markdown(chronology: Chronology, period, lists: dict) -> str:
    events = lists[f"period/{period.id}"]
    lines = [f"# {plain(period.title)}", "", f"**{period.when.words}** · {plural(len(events), 'event')}", "", f"<p>{inline_html(period.description)}</p>", ""]
    if period.sources:
        lines += ["**Sources**", "", f"::: notes {period.id}", ""]
    lines += ["## Events", "", f"::: events period/{period.id}"]
    return "\n".join(lines) + "\n"


def coverage_markdown(chronology: Chronology, identity: Identity, by_year: dict[str, list[Event]]) -> str:
    years = [e.when.year for e in chronology.events if e.when.year_label.isdigit()]
    empty = [y for y in range(min(years), max(years) + 1) if str(y) not in by_year] if years else []
    languages: dict[str, int] = defaultdict(int)
    origins: dict[str, int] = defaultdict(int)
    for source in chronology.sources.values():
        languages[language_name(source.language) if source.language else "not given"] += 1
        origins["known through another source" if source.custom.cited_by else "read directly"] += 1
    lines = [
        "# Coverage", "",
        "How the chronology's events spread over time, and what its sources are.", "",
        "## Events per year", "",
    ]
    split = any(e.context for e in chronology.events)  # the context events counted apart, if there are any
    columns = f" {plain(identity.main_label)} | {plain(identity.context_label)} |" if split else ""
    lines += [f"| Year | Events |{columns}", "| --- | ---: |" + " ---: | ---: |" * split]
    for label, events in by_year.items():
        context = sum(e.context for e in events)
        counts = f" {len(events) - context} | {context} |" if split else ""
        lines.append(f"| {link(label, COVERAGE, f'years/{label}.md')} | {len(events)} |{counts}")
    lines += ["", "## Years with no events", ""]
    lines.append(", ".join(map(str, empty)) + "." if empty else "Every year from the first to the last event has at least one event.")
    lines += ["", "## Sources by language", "", "| Language | Sources |", "| --- | ---: |"]
    lines += [f"| {name} | {count} |" for name, count in sorted(languages.items())]
    lines += ["", "## Sources by origin", "", "| Origin | Sources |", "| --- | ---: |"]
    lines += [f"| {name} | {count} |" for name, count in sorted(origins.items())]
    return "\n".join(lines) + "\n"


def indicators_by_unit(chronology: Chronology) -> list[list]:
    """Indicators drawn in one chart: those of the same unit."""
    by_unit: dict[str, list] = defaultdict(list)
    for indicator in chronology.indicators.values():
        by_unit[indicator.unit].append(indicator)
    return list(by_unit.values())


def charts_markdown(chronology: Chronology) -> str:
    intro = ("Figures from the sources, drawn from the same data as the pages. Each chart has its data as a table beside it."
             if chronology.indicators else "The events drawn from the same data as the pages, with the numbers in each cell.")
    lines = ["# Charts", "", intro, ""]
    for indicators in indicators_by_unit(chronology):
        unit = indicators[0].unit
        series = {i.title: {v.year: (v.value, v.derivation is not None) for v in i.values} for i in indicators}
        title = " and ".join(i.title for i in indicators) if len(indicators) < 3 else "Figures"
        lines += [f"## {plain(title)} ({plain(unit)})", "", yearly_bars(f"chart-{indicators[0].id}", title, unit, series), ""]
        lines += _indicator_table(chronology, indicators, unit)
    lines += ["## Events per year by theme", "", "::: chart theme-grid", ""]
    return "\n".join(lines) + "\n"


def _indicator_table(chronology: Chronology, indicators: list, unit: str) -> list[str]:
    years = sorted({v.year for i in indicators for v in i.values})
    lines = ["| Year | " + " | ".join(plain(i.title) for i in indicators) + " |", "| --- |" + " ---: |" * len(indicators)]
    for year in years:
        cells = []
        for indicator in indicators:
            value = next((v for v in indicator.values if v.year == year), None)
            mark = DERIVED_MARK if value and value.derivation else ""
            cells.append("" if value is None else f"{figure(value.value)}{mark}")
        lines.append(f"| {year} | " + " | ".join(cells) + " |")
    derived = any(v.derivation for i in indicators for v in i.values)  # the mark explained only where it is used
    note = f" {DERIVED_MARK} A derived value, calculated from sourced figures, not stated by a source." if derived else ""
    lines += ["", f"Values in {plain(unit)}.{note}", ""]
    return lines + [f"::: sources {indicators[0].id}", ""]


def print_markdown(chronology: Chronology, identity: Identity, by_year: dict[str, list[Event]], site_url: str = "") -> str:
    """Every event in full on one page, for paper, the years flowing on; then the sources, and where,
    under what licence and when it was printed. Left out of search (the year pages are there)."""
    lines = [f"# {plain(identity.title)}", "",
             f"The whole chronology on one page, for paper: {plural(len(chronology.events), 'event')}.", ""]
    for label, events in by_year.items():
        lines += [f"## {label} {{#year-{label}}}", "", *(f"::: event {e.id} level=3" for e in events), ""]
    lines += ["## Sources {#print-sources}", "", "::: bibliography all", ""]
    address = html.escape(site_url) if site_url else ""
    licence = (f' The text and data are licensed under <a href="{html.escape(identity.licence.url)}">{html.escape(identity.licence.title)}</a>'
               f' ({html.escape(identity.licence.id)}); quoted passages belong to their authors.') if identity.licence else ""
    lines += [f'<p class="print-colophon">{html.escape(identity.title)}, <span class="print-address">{address}</span>.{licence}'
              ' Printed on <span class="print-date"></span>.</p>', ""]
    return "\n".join(lines)


def all_events_markdown(chronology: Chronology, by_year: dict[str, list[Event]]) -> str:
    lines = ["# All events", "", f"Every event of the chronology, {plural(len(chronology.events), 'event')} in date order, "
             "one line each; the year pages have each in full.", "", "::: events filter", ""]
    for label in by_year:
        lines += [f"## {label} {{#year-{label}}}", "", f"::: events year/{label}", ""]
    return "\n".join(lines)


CHANGES_SHOWN = 60
CHANGE_KINDS = {"added": "Added", "corrected": "Corrected", "re-dated": "Re-dated"}


def changes_markdown(chronology: Chronology, identity: Identity, history: dict) -> str:
    """What changed in the events' data, newest first, from version control: by day, then by change
    (with its own description), each event with what was done to it."""
    lines = ["# Recent changes", "", "What changed in the chronology's events, newest first, as recorded in its "
             "version history: each change with its own description and the events it added, corrected or re-dated.", ""]
    entries = sorted(((change.time, change.description, change.kind, event_id)
                      for event_id, changes in history.items() for change in changes), reverse=True)[:CHANGES_SHOWN]
    if not entries:
        return "\n".join(lines + ["No change history is available for this copy of the data.", ""])
    day = description = None
    for time, text, kind, event_id in entries:
        if time[:10] != day:
            day, description = time[:10], None
            lines += ["", f"## {revision_words(time)} {{#changes-{day}}}", ""]
        if text != description:
            description = text
            lines += ["", f'<p class="change-description">{html.escape(text or "(no description)")}</p>', ""]
        event = chronology.event_by_id[event_id]
        lines.append(f"- {CHANGE_KINDS[kind]}: {event_link(event, CHANGES)}{_date_aside(event)}{_context_mark(event, identity)}")
    return "\n".join(lines) + "\n"


def revision_words(time: str) -> str:
    """2024-05-01T12:00:00Z -> 1 May 2024."""
    return parse_date(time[:10]).words


def _date_aside(event: Event) -> str:
    """The event's date after its title, unless the title gives it already."""
    return "" if event.when.words in event.title else f" ({event.when.words})"


def _context_mark(event: Event, identity: Identity) -> str:
    return f' <span class="event-context-mark">{html.escape(identity.context_label)}</span>' if event.context else ""


def _year_links(by_year: dict[str, list[Event]], page: str) -> str:
    return " · ".join(f"{link(label, page, f'years/{label}.md')} ({len(events)})" for label, events in by_year.items())
