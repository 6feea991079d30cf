"""Charts for the report pages as inline SVG made on the server: no script, no style
attribute (the CSP allows neither), colours as SVG presentation attributes, so a page
shows and prints the same anywhere. A figure that is not a number (``-``: a month not
begun, a rate of nobody) is drawn as nothing, never as 0."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from markupsafe import Markup, escape

from psccore.documents.charts import COLOURS, nice_top

WIDTH, HEIGHT = 760, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 14, 34
LEGEND_ROW = 20
Value = int | float | str


@attrs.frozen
class Series:
    """One line or one colour of bars: its name and a value per category."""

    name: str
    values: Sequence[Value]


def _number(value: Value) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _frame(title: str, categories: Sequence[str], series: Sequence[Series]
           ) -> tuple[list[str], float, float, float]:
    """The opening tag, title, grid and axis labels; the plot's height, axis top and
    the width of a category."""
    legend = -(-len(series) // 3) * LEGEND_ROW
    height = HEIGHT + legend
    plot_h = HEIGHT - TOP - BOTTOM
    numbers = [n for s in series for v in s.values if (n := _number(v)) is not None]
    top, step = nice_top(max(numbers, default=0))
    width = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} '
           f'{height}" role="img" aria-label="{escape(title)}" font-size="12" '
           f'font-family="sans-serif"><title>{escape(title)}</title>']
    tick = 0.0
    while tick <= top + 1e-9:
        y = TOP + plot_h - plot_h * tick / top
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="#dde2e8"/><text x="{LEFT - 6}" y="{y + 4:.1f}" '
                   f'text-anchor="end" fill="#5b6675">{tick:,.0f}</text>')
        tick += step
    for i, category in enumerate(categories):
        x = LEFT + width * (i + 0.5)
        out.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
                   f'fill="#1c2430">{escape(category)}</text>')
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" '
               f'y2="{TOP + plot_h}" stroke="#1c2430"/>')
    for j, s in enumerate(series):
        x = LEFT + (j % 3) * ((WIDTH - LEFT - RIGHT) / 3)
        y = HEIGHT + 4 + (j // 3) * LEGEND_ROW
        out.append(f'<rect x="{x:.1f}" y="{y - 10}" width="12" height="12" '
                   f'fill="{COLOURS[j % len(COLOURS)]}"/>'
                   f'<text x="{x + 18:.1f}" y="{y}" fill="#1c2430">{escape(s.name)}</text>')
    return out, plot_h, top, width


def bar_chart(title: str, categories: Sequence[str], series: Sequence[Series]) -> Markup:
    """Grouped bars: a group per category (e.g. a month), a bar per series."""
    out, plot_h, top, width = _frame(title, categories, series)
    bar = width * 0.8 / max(len(series), 1)
    for i, category in enumerate(categories):
        x0 = LEFT + width * i + width * 0.1
        for j, s in enumerate(series):
            value = _number(s.values[i]) if i < len(s.values) else None
            if value is None:
                continue
            h = plot_h * value / top
            out.append(f'<rect class="bar" x="{x0 + bar * j:.1f}" y="{TOP + plot_h - h:.1f}" '
                       f'width="{max(bar - 1, 1):.1f}" height="{h:.1f}" '
                       f'fill="{COLOURS[j % len(COLOURS)]}"><title>{escape(category)} '
                       f'{escape(s.name)}: {_shown(s.values[i])}</title></rect>')
    out.append("</svg>")
    return Markup("".join(out))


def line_chart(title: str, categories: Sequence[str], series: Sequence[Series]) -> Markup:
    """A line per series across the categories (e.g. fiscal years), a dot at each
    figure (a figure that is not a number has no dot)."""
    out, plot_h, top, width = _frame(title, categories, series)
    for j, s in enumerate(series):
        colour = COLOURS[j % len(COLOURS)]
        points = [(LEFT + width * (i + 0.5), TOP + plot_h - plot_h * n / top, v, category)
                  for i, (category, v) in enumerate(zip(categories, s.values, strict=False))
                  if (n := _number(v)) is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
            out.append(f'<polyline class="line" points="{path}" fill="none" '
                       f'stroke="{colour}" stroke-width="2.5"/>')
        for x, y, v, category in points:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                       f'<title>{escape(category)} {escape(s.name)}: {_shown(v)}</title>'
                       f'</circle>')
    out.append("</svg>")
    return Markup("".join(out))


def _shown(value: Value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)
