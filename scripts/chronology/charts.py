"""Static SVG charts, drawn at build time: they need no JavaScript and print as they show.

Each function returns an inline <svg> element (one line per shape, no blank
lines, so Markdown passes it through as a raw HTML block). Links inside raw
HTML are not rewritten by a Markdown engine, so they name the built .html pages.
"""

from __future__ import annotations

from html import escape

from .model import Chronology, Event
from .text import relative_url

PALETTE = ["#1f4e9c", "#b5560b", "#2e7d32", "#7b1fa2", "#00796b", "#c2185b"]
INK = "#1a1a1a"


def _svg(chart_id: str, width: int, height: int, title: str, description: str, body: list[str]) -> str:
    return "\n".join([
        '<figure class="chart">',  # a block-level wrapper, so Markdown leaves the SVG alone
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" viewBox="0 0 {width} {height}" '
        f'width="100%" role="group" aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        *body,
        "</svg>",
        "</figure>",
    ])


def _text(x: float, y: float, text: str, anchor: str = "middle", size: int = 12, weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'font-weight="{weight}" fill="{INK}">{escape(text)}</text>')


def timeline_strip(chronology: Chronology, by_year: dict[str, list[Event]], page: str) -> str:
    """Periods as bands and events per year as bars, each linking to its page.

    The axis starts two years before the first period; earlier events share one bar, "earlier".
    """
    first = min([p.when.start[0] for p in chronology.periods.values()] or [chronology.events[0].when.year]) - 2
    last = max(e.when.year for e in chronology.events)
    width, left, right = 720, 70, 10
    scale = (width - left - right) / (last - first + 1)
    x = lambda year: left + (year - first) * scale
    body = []
    for row, period in enumerate(chronology.periods.values()):
        start, end = max(period.when.start[0], first), min(period.when.end[0], last)
        colour = PALETTE[row % len(PALETTE)]
        y = 6 + row * 22
        body.append(
            f'<a href="{relative_url(page, f"periods/{period.id}.html")}">'
            f'<rect x="{x(start):.1f}" y="{y}" width="{x(end + 1) - x(start):.1f}" height="18" rx="3" '
            f'fill="{colour}" fill-opacity="0.2" stroke="{colour}"/>'
            + _band_label(x(start), x(end + 1), width - right, y + 14, f"{period.title} ({period.when.words})") + "</a>")
    bars: dict[str, tuple[float, int, str]] = {}  # label -> (x, count, href)
    for label, events in by_year.items():
        year = events[0].when.year
        key = label if year >= first else "earlier"
        position = x(year) if year >= first else 8
        _, count, href = bars.get(key, (position, 0, relative_url(page, f"years/{label}.html")))
        bars[key] = (position, count + len(events), href)
    peak = max(count for _, count, _ in bars.values())
    base = 6 + len(chronology.periods) * 22 + 80
    for label, (position, count, href) in bars.items():
        height = 72 * count / peak
        bar_width = scale - 2 if label != "earlier" else 40
        body.append(
            f'<a href="{href}" aria-label="{escape(label)}: {count} events">'
            f'<rect x="{position + 1:.1f}" y="{base - height:.1f}" width="{bar_width:.1f}" height="{height:.1f}" fill="{PALETTE[0]}"/>'
            f'<title>{escape(label)}: {count} events</title></a>')
    if "earlier" in bars:
        body.append(_text(28, base + 18, "earlier", size=13))
    for year in range(first + (5 - first % 5) % 5, last + 1, 5):
        body.append(f'<line x1="{x(year) + scale / 2:.1f}" x2="{x(year) + scale / 2:.1f}" y1="{base}" y2="{base + 5}" stroke="{INK}"/>'
                    + _text(x(year) + scale / 2, base + 18, str(year), size=13))
    body.append(f'<line x1="{left}" x2="{width - right}" y1="{base}" y2="{base}" stroke="{INK}"/>')
    description = (f"Periods as bands and the number of events per year as bars, from {first} to {last}, "
                   f"with earlier events in one bar; the tallest bar has {peak} events.")
    return _svg("timeline-strip", width, base + 26, "Timeline of periods and events per year", description, body)


def _band_label(start: float, end: float, limit: float, y: float, label: str) -> str:
    """A band's label from its start, or ending at its end when it would run off the chart."""
    if start + 4 + len(label) * 7 <= limit:
        return _text(start + 4, y, label, anchor="start", size=13)
    return _text(end - 4, y, label, anchor="end", size=13)


def grouped_bars(chart_id: str, title: str, unit: str, series: dict[str, dict[int, tuple[float, bool]]]) -> str:
    """Bars per year, one per series; a derived value (flag True) is drawn hatched and labelled as such."""
    years = sorted({year for values in series.values() for year in values})
    width, height, left, bottom, top = 720, 300, 60, 40, 20
    peak = max(value for values in series.values() for value, _ in values.values())
    group = (width - left - 20) / len(years)
    bar = group * 0.8 / len(series)
    y = lambda value: top + (height - top - bottom) * (1 - value / peak)
    body = ['<defs><pattern id="derived-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="white"/><line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2"/></pattern></defs>']
    for index, year in enumerate(years):
        gx = left + index * group + group * 0.1
        body.append(_text(gx + group * 0.4, height - bottom + 16, str(year)))
        for s_index, (name, values) in enumerate(series.items()):
            if year not in values:
                continue
            value, derived = values[year]
            bx = gx + s_index * bar
            fill = "url(#derived-hatch)" if derived else PALETTE[s_index % len(PALETTE)]
            body.append(f'<rect x="{bx:.1f}" y="{y(value):.1f}" width="{bar - 2:.1f}" height="{y(0) - y(value):.1f}" '
                        f'fill="{fill}" stroke="{PALETTE[s_index % len(PALETTE)]}"><title>{escape(name)}, {year}: '
                        f'{value:,.1f} {escape(unit)}{" (derived)" if derived else ""}</title></rect>')
            body.append(_text(bx + bar / 2, y(value) - 4, f"{value:,.1f}{'*' if derived else ''}", size=10))
    body.append(f'<line x1="{left}" x2="{width - 20}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="{INK}"/>')
    body.append(_text(8, top + 4, unit, anchor="start", size=11))
    for s_index, name in enumerate(series):
        ly = height + 4 + s_index * 18
        body.append(f'<rect x="{left}" y="{ly}" width="12" height="12" fill="{PALETTE[s_index % len(PALETTE)]}"/>'
                    + _text(left + 18, ly + 11, name, anchor="start"))
    ly = height + 4 + len(series) * 18
    body.append(f'<rect x="{left}" y="{ly}" width="12" height="12" fill="url(#derived-hatch)" stroke="{INK}"/>'
                + _text(left + 18, ly + 11, "* derived value (calculated, not stated by a source)", anchor="start"))
    description = f"{title}, in {unit}, for {', '.join(map(str, years))}. Hatched bars marked * are derived values, not figures from a source."
    return _svg(chart_id, width, ly + 18, title, description, body)


def theme_grid(chronology: Chronology, page: str) -> str:
    """Events per year and theme as a grid of shaded cells with their counts."""
    labels = list(dict.fromkeys(e.when.year_label for e in chronology.events))
    themes = list(chronology.themes.values())
    counts = {(t.id, label): 0 for t in themes for label in labels}
    for event in chronology.events:
        for theme in event.themes:
            counts[(theme, event.when.year_label)] += 1
    peak = max(counts.values()) or 1
    cell, left, top = 34, 210, 50
    body = []
    for column, label in enumerate(labels):
        body.append(f'<text transform="translate({left + column * cell + cell / 2:.1f},{top - 8}) rotate(-45)" font-size="11" fill="{INK}">{escape(label)}</text>')
    for row, theme in enumerate(themes):
        ty = top + row * cell
        body.append(f'<a href="{relative_url(page, "themes.html")}#{theme.id}">' + _text(left - 8, ty + cell / 2 + 4, theme.title, anchor="end", size=11) + "</a>")
        for column, label in enumerate(labels):
            count = counts[(theme.id, label)]
            shade = 0.08 + 0.85 * count / peak if count else 0
            body.append(f'<rect x="{left + column * cell}" y="{ty}" width="{cell - 2}" height="{cell - 2}" fill="{PALETTE[0]}" '
                        f'fill-opacity="{shade:.2f}" stroke="#999" stroke-width="0.5"/>')
            if count:
                colour = "white" if shade > 0.5 else INK
                body.append(f'<text x="{left + column * cell + cell / 2 - 1:.1f}" y="{ty + cell / 2 + 4:.1f}" text-anchor="middle" font-size="11" fill="{colour}">{count}</text>')
    width = left + len(labels) * cell + 10
    height = top + len(themes) * cell + 10
    description = f"Number of events for each of {len(themes)} themes in each of {len(labels)} years; an event can have several themes."
    return _svg("theme-grid", width, height, "Events per year by theme", description, body)
