"""Bar charts as inline SVG: no script, no library, nothing fetched, so a report page
opens anywhere and prints as it shows."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import attrs

from psccore.documents.files import text_width

#: Okabe–Ito colours: told apart with the common colour-vision differences.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP = 48, 12, 12
LEGEND_ROW = 20


@attrs.frozen
class Series:
    name: str
    values: list[int | float]


def nice_top(largest: float) -> tuple[float, float]:
    """An axis top at or above ``largest`` and a step of 1, 2 or 5 × 10ⁿ (about 5 ticks)."""
    if largest <= 0:
        return 5.0, 1.0
    raw = largest / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if step < 1:
        step = 1.0
    return math.ceil(largest / step) * step, step


def bar_chart(categories: Sequence[str], series: Sequence[Series]) -> str:
    """Grouped bars: one group per category (e.g. fiscal year), one bar per series."""
    e = html.escape
    legend_rows = math.ceil(len(series) / 3)
    height = HEIGHT + 12 + legend_rows * LEGEND_ROW
    group = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    slanted = max((text_width(c) for c in categories), default=0) * 7 > group
    bottom = 28 + (max((text_width(c) for c in categories), default=0) * 5 if slanted else 0)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - bottom
    top, step = nice_top(max((v for s in series for v in s.values), default=0))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" role="img" font-size="12" '
           f'font-family="sans-serif">']
    tick = 0.0
    while tick <= top + 1e-9:
        y = TOP + plot_h - plot_h * tick / top
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="#ddd"/><text x="{LEFT - 6}" y="{y + 4:.1f}" '
                   f'text-anchor="end" fill="#555">{tick:,.0f}</text>')
        tick += step
    bar = group * 0.8 / max(len(series), 1)
    for i, category in enumerate(categories):
        x0 = LEFT + group * i + group * 0.1
        for j, s in enumerate(series):
            value = s.values[i] if i < len(s.values) else 0
            h = plot_h * value / top
            out.append(f'<rect x="{x0 + bar * j:.1f}" y="{TOP + plot_h - h:.1f}" '
                       f'width="{max(bar - 1, 1):.1f}" height="{h:.1f}" '
                       f'fill="{COLOURS[j % len(COLOURS)]}"><title>{e(category)} '
                       f'{e(s.name)}: {value:,}</title></rect>')
        x, y = LEFT + group * (i + 0.5), TOP + plot_h + 16
        turn = (f' text-anchor="end" transform="rotate(-40 {x:.1f} {y})"' if slanted
                else ' text-anchor="middle"')
        out.append(f'<text x="{x:.1f}" y="{y}"{turn}>{e(category)}</text>')
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" '
               f'y2="{TOP + plot_h}" stroke="#333"/>')
    for j, s in enumerate(series):
        x = LEFT + (j % 3) * (plot_w / 3)
        y = HEIGHT + 16 + (j // 3) * LEGEND_ROW
        out.append(f'<rect x="{x:.1f}" y="{y - 10}" width="12" height="12" '
                   f'fill="{COLOURS[j % len(COLOURS)]}"/>'
                   f'<text x="{x + 18:.1f}" y="{y}">{e(s.name)}</text>')
    out.append("</svg>")
    return "".join(out)
