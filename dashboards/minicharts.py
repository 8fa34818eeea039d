"""Live mini charts of the classroom: waiting, in care and households that came back, for
both teams on one time axis, as small inline SVGs with their figures written out.

Why inline SVG and not matplotlib: they are redrawn four times a second while the lesson
plays, and a line of SVG costs microseconds. Each chart has a text alternative (its title and
`aria-label` say what it shows and the latest figures), and the latest figures are printed
beside it, so nobody needs to read them off a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from wijkteam.model.story import lesson_day

from . import i18n
from .charts import CONFIG_COLORS
from .i18n import t

#: the classroom's two teams use the explorer's A/B colours: islands blue, integral orange
WAY_COLORS = {"islands": CONFIG_COLORS["A"], "integral": CONFIG_COLORS["B"]}
SERIES = ("waiting", "in_care", "returns")
CW, CH = 240, 46  # the drawing area of one chart


@dataclass(frozen=True)
class Point:
    time: float
    waiting: int
    in_care: int
    returns: int


def _polyline(points: tuple[Point, ...], key: str, t0: float, t1: float, top: float) -> str:
    if not points:
        return ""
    span = max(1e-9, t1 - t0)
    coords = " ".join(
        f"{2 + (p.time - t0) / span * (CW - 4):.1f},{CH - 3 - getattr(p, key) / top * (CH - 8):.1f}"
        for p in points
    )
    return coords


def mini_charts_html(
    history: dict[str, tuple[Point, ...]], lang: str, start: float, end: float
) -> str:
    """Three charts (waiting, in care, came back), each with a line per team."""
    now = max((h[-1].time for h in history.values() if h), default=start)
    rows = []
    for key in SERIES:
        top = max([getattr(p, key) for h in history.values() for p in h] + [1])
        latest = {w: getattr(h[-1], key) if h else 0 for w, h in history.items()}
        names = {w: i18n.preset_label(w, lang) for w in history}
        ways = list(history)
        alt = t(
            "cl_mini_alt",
            lang,
            what=t(f"cl_{key}", lang),
            start=1,  # the lesson's days, as its clock counts them
            now=lesson_day(now, start),
            a_label=names[ways[0]],
            a=latest[ways[0]],
            b_label=names[ways[1]],
            b=latest[ways[1]],
        )
        lines = "".join(
            f'<polyline fill="none" stroke="{WAY_COLORS.get(w, "#333")}" stroke-width="2.2" '
            f'points="{_polyline(h, key, start, end, top)}"/>'
            for w, h in history.items()
        )
        values = "".join(
            f'<span class="wt-mini-value" style="color:{WAY_COLORS.get(w, "#333")}">'
            f"{escape(names[w].split(' ')[0])} {latest[w]}</span>"
            for w in history
        )
        rows.append(
            f'<div class="wt-mini" data-series="{key}">'
            f'<div class="wt-mini-label">{escape(t(f"cl_{key}", lang))}</div>'
            f'<svg viewBox="0 0 {CW} {CH}" role="img" aria-label="{escape(alt)}" '
            f'class="wt-mini-svg"><title>{escape(alt)}</title>'
            f'<rect x="0" y="0" width="{CW}" height="{CH}" fill="#fafafa" stroke="#e0e0e0"/>'
            f"{lines}</svg>"
            f'<div class="wt-mini-values">{values}</div></div>'
        )
    return "".join(rows)
