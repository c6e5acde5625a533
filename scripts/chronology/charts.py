"""Charts, drawn at build time: they need no script and print as they show.

The figures of indicators are an SVG bar chart on a true time axis (a year's bars stand at that year, gaps
show as gaps); the home page's timeline and the events-per-theme grid are HTML (templates/), so
their labels are text at the page's own size on any screen.
"""

from __future__ import annotations

import math
from decimal import Decimal
from html import escape

from .model import Chronology, Event

PALETTE = ["#1f4e9c", "#b5560b", "#2e7d32", "#7b1fa2", "#00796b", "#c2185b"]
INK = "currentColor"
MIN_BAR = 3  # px: the least height of a bar for a figure other than zero
MIN_STEP = 1e-6  # the finest axis step: values closer to each other than this share a tick


def _text(x: float, y: float, text: str, anchor: str = "middle", size: int = 14) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{INK}">{escape(text)}</text>'


def figure(value: float) -> str:
    """A value with thousands separators and no more decimals than it has (545, not 545.0)."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return f"{value:,.{min(max(0, -exponent), 6)}f}"  # no value has more than six decimals worth showing


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values for an axis from low to high (both included in the range of the ticks)."""
    span = (high - low) or 1.0
    step = 10 ** math.floor(math.log10(max(span / count, MIN_STEP)))
    for factor in (1, 2, 2.5, 5, 10):
        if span / (step * factor) <= count:
            step *= factor
            break
    first = math.floor(low / step) * step
    return [first + n * step for n in range(int(math.ceil((high - first) / step)) + 1)]


def yearly_bars(chart_id: str, title: str, unit: str, series: dict[str, dict[int, tuple[float, bool]]]) -> str:
    """Bars per year on a time axis, one per series; a derived value (flag True) is hatched and marked *."""
    years = sorted({year for values in series.values() for year in values})
    first, last = years[0], years[-1]
    values = [value for points in series.values() for value, _ in points.values()]
    ticks = _nice_ticks(min(0.0, *values), max(0.0, *values))
    low, high = ticks[0], ticks[-1]
    decimals = max(0, -math.floor(math.log10(ticks[1] - ticks[0]))) if len(ticks) > 1 else 0
    width, left, right, top, plot_height = 480, 56, 8, 16, 200
    slot = (width - left - right) / (last - first + 1)
    x = lambda year: left + (year - first) * slot
    y = lambda value: top + plot_height * (high - value) / ((high - low) or 1)
    body = ['<defs><pattern id="derived-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<rect width="6" height="6" fill="white"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1a1a1a" stroke-width="2"/></pattern></defs>']
    for tick in ticks:
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{INK}" stroke-opacity="{0.6 if tick == 0 else 0.15}"/>'
                    + _text(left - 6, y(tick) + 4, f"{tick:,.{decimals}f}", anchor="end"))
    bar = min(slot * 0.8 / len(series), 40)
    for s_index, (name, points) in enumerate(series.items()):
        colour = PALETTE[s_index % len(PALETTE)]
        for year, (value, derived) in sorted(points.items()):
            # The year's bars side by side, centred on its tick: only the series with a figure that year.
            present = [n for n, values in enumerate(series.values()) if year in values]
            bx = x(year) + slot / 2 - bar * len(present) / 2 + present.index(s_index) * bar
            top_y, bottom_y = sorted((y(value), y(0)))
            if value and bottom_y - top_y < MIN_BAR:  # a small figure still shows as a bar
                top_y, bottom_y = (bottom_y - MIN_BAR, bottom_y) if value > 0 else (top_y, top_y + MIN_BAR)
            label = f"{name}, {year}: {figure(value)} {unit}{' (derived)' if derived else ''}"
            body.append(f'<rect x="{bx + 1:.1f}" y="{top_y:.1f}" width="{max(bar - 2, 1):.1f}" height="{bottom_y - top_y:.1f}" '
                        f'fill="{"url(#derived-hatch)" if derived else colour}" stroke="{colour}"><title>{escape(label)}</title></rect>')
            if bar >= 30:  # a value over its bar only where it fits; the table has them all
                label_y = top_y - 4 if value >= 0 else bottom_y + 12
                body.append(_text(bx + bar / 2, label_y, f"{figure(value)}{'*' if derived else ''}", size=12))
    axis_y = top + plot_height
    step = 1 if last - first < 8 else 2 if last - first < 16 else 5
    for year in range(first - first % step + (step if first % step else 0), last + 1, step) if step > 1 else range(first, last + 1):
        body.append(f'<line x1="{x(year) + slot / 2:.1f}" x2="{x(year) + slot / 2:.1f}" y1="{axis_y}" y2="{axis_y + 4}" stroke="{INK}"/>'
                    + _text(x(year) + slot / 2, axis_y + 18, str(year)))
    legend_y = axis_y + 34
    for s_index, name in enumerate(series):
        ly = legend_y + s_index * 20
        body.append(f'<rect x="{left}" y="{ly}" width="13" height="13" fill="{PALETTE[s_index % len(PALETTE)]}"/>' + _text(left + 19, ly + 12, name, anchor="start"))
    ly = legend_y + len(series) * 20
    if any(derived for points in series.values() for _, derived in points.values()):
        body.append(f'<rect x="{left}" y="{ly}" width="12" height="12" fill="url(#derived-hatch)" stroke="#1a1a1a"/>'
                    + _text(left + 19, ly + 12, "* derived value (calculated, not stated by a source)", anchor="start"))
        ly += 20
    description = (f"{title}, in {unit}, on a time axis from {first} to {last}; figures are given for "
                   f"{', '.join(map(str, years))} only. The table below the chart has every value and its source.")
    return "\n".join([
        '<figure class="chart">',
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" viewBox="0 0 {width} {ly + 4}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        *body, "</svg>", "</figure>",
    ])


def timeline_context(chronology: Chronology, by_year: dict[str, list[Event]]) -> dict:
    """What templates/timeline.html draws: periods as bands and events per year as bars, in percent."""
    years = [e.when.year for e in chronology.events]
    starts = [p.when.start[0] for p in chronology.periods.values()]
    first = min(starts) - 2 if starts else min(years)  # events before the periods are counted apart
    last = max(years)
    span = last - first + 1
    at = lambda year: 100 * (min(max(year, first), last + 1) - first) / span
    periods = [(p, at(p.when.start[0]), max(at(min(p.when.end[0], last) + 1) - at(p.when.start[0]), 1.0)) for p in chronology.periods.values()]
    counts = {year: 0 for year in range(first, last + 1)}
    earlier = 0
    for event in chronology.events:
        if event.when.year < first:
            earlier += 1
        else:
            counts[event.when.year] += 1
    peak = max([*counts.values(), earlier, 1])
    labels = {str(e.when.year): e.when.year_label for e in chronology.events}
    bars = [(year, count, 100 * count / peak, labels.get(str(year))) for year, count in counts.items()]
    steps = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2500, 5000)
    step = next((s for s in steps if span / s <= 8), steps[-1])  # at most eight or so labelled years, whatever the span
    ticks = [(year, at(year) + 50 / span) for year in range(first, last + 1) if year % step == 0]
    return {"periods": periods, "bars": bars, "peak": peak, "earlier": earlier, "first": first, "last": last,
            "ticks": ticks, "slot": 100 / span}


def theme_grid_context(chronology: Chronology, by_year: dict[str, list[Event]]) -> dict:
    """Events per theme and year, for templates/theme_grid.html: counts and their shade (0-1)."""
    labels = list(by_year)
    counts = {(t, label): 0 for t in chronology.themes for label in labels}
    for event in chronology.events:
        for theme in event.themes:
            counts[(theme, event.when.year_label)] += 1
    peak = max(counts.values(), default=0) or 1
    rows = [(theme, [(counts[(theme.id, label)], counts[(theme.id, label)] / peak) for label in labels],
             sum(counts[(theme.id, label)] for label in labels)) for theme in chronology.themes.values()]
    return {"labels": labels, "rows": rows}
