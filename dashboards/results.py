"""The explorer's results: the KPI cards of A and B with their paired differences, the
steady-state lines, the conclusion and the charts, and the progress of a comparison.

Nothing here runs the model: it shows a `Comparison` (state.py) as it fills in.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, replace
from html import escape

import solara

from wijkteam.formatting import diff_text, value_text
from wijkteam.model import KPIS

from . import charts, i18n, report
from .i18n import t
from .info import definition
from .state import (
    Comparison,
)
from .urlstate import CONFIGS
from .widgets import DownloadButton

#: the KPI cards, in this order: the horizon-free time-to-event measures first, then what
#: the integral team's advantage costs (drop-out, escalation), then the rest
HEADLINE_KPIS = (
    "right_help_within_60_share",
    "right_help_median_days",
    "wait_right_help_mean_helped",
    "never_helped_share",
    "first_contact_within_5_share",
    "first_contact_median_days",
    "dropped_share",
    "escalated_share",
    "misrouted_share",
    "repeat_share",
    "resolved_share",
    "handoffs_per_case",
    "utilisation_mean",
    "cost_per_household",
)


def card_kpis() -> tuple[str, ...]:
    """The headline KPIs the current model has."""
    return tuple(k for k in HEADLINE_KPIS if k in KPIS)


CARD_KPIS = card_kpis()


@dataclass(frozen=True, eq=False)
class Shown:
    """A comparison on screen, with what it was run for and its charts."""

    comparison: Comparison | None
    key: tuple
    names: tuple[str, str]  # preset names of A and B
    starred: tuple[bool, bool]  # levers moved from the preset?
    lang: str  # language the charts were drawn in
    pngs: dict[str, bytes]
    drawn: int  # replications the charts show
    error: str | None = None
    address: str = ""  # the page's address when it was run (what a report of it links to)


def redraw_charts(done: int, total: int) -> bool:
    """Charts are redrawn after the first two replications, every fifth and the last (the
    KPI cards follow every replication): drawing costs twice a run, and the background
    work of one tab slows the clicks of every other."""
    return done <= 2 or done % 5 == 0 or done == total


def result_labels(names: tuple[str, str], starred: tuple[bool, bool], lang: str) -> dict:
    return {
        c: i18n.preset_label(n, lang) + (" *" if star else "")
        for c, n, star in zip(CONFIGS, names, starred, strict=True)
    }


def kpi_card_html(kpi: str, row: dict | None, lang: str, done: int) -> str:
    """One KPI card as HTML: the figure of A and of B, the paired difference B - A with its
    95% interval, and whether B is better, worse or not clearly different (within the noise
    or too small to matter, `report.verdict`). Hovering shows the KPI's definition, and so
    does focusing the card with Tab (a tooltip is for the mouse only)."""
    unit = KPIS[kpi].unit
    tip = escape(definition(kpi, lang), quote=True)
    parts = [f'<div class="wt-kpi" data-kpi="{kpi}" title="{tip}" tabindex="0">',
             f'<div class="wt-kpi-label">{escape(i18n.kpi_label(kpi, lang))} '
             f'<span class="wt-info-mark" aria-hidden="true">i</span></div>']  # fmt: skip
    definition_html = f'<div class="wt-kpi-def">{tip}</div>'
    if row is None:
        return "".join([*parts, "…", definition_html, "</div>"])
    for c in CONFIGS:
        value = value_text(row[f"mean_{c.lower()}"], unit, lang)
        parts.append(
            f'<div class="wt-kpi-value" style="color:{charts.CONFIG_TEXT_COLORS[c]}">'
            f"{c}&nbsp; {escape(value)}</div>"
        )
    diff, lo, hi = row["diff"], row["diff_lo"], row["diff_hi"]
    difference = f"{t('difference', lang)}: {diff_text(diff, unit, lang)}"
    parts.append(f'<div class="wt-kpi-diff">{escape(difference)}</div>')
    if done < 2 or math.isnan(lo):
        parts.append(f'<div class="wt-help">{escape(t("ci_pending", lang))}</div>')
    else:
        ci = t("ci", lang, lo=diff_text(lo, unit, lang), hi=diff_text(hi, unit, lang))
        parts.append(f'<div class="wt-help">{escape(ci)}</div>')
        v = report.verdict(row, kpi)
        if v != "neutral":  # neither higher nor lower is better (`KPIS`)
            color = {"no_diff": "#616161", "better": "#2e7d32", "worse": "#c62828"}[v]
            parts.append(
                f'<span class="wt-verdict" data-verdict="{v}" style="background:{color}">'
                f"{escape(i18n.tx('verdict_' + v, lang))}</span>"
            )
    parts.append(definition_html)
    parts.append("</div>")
    return "".join(parts)


@solara.component
def Chart(name: str, cmp: Comparison, lang: str, labels: dict[str, str], png: bytes | None):
    """One chart as a PNG image with its download button. `png` comes drawn with the
    results; it is drawn here only when the language changed since."""

    def draw() -> bytes:
        return png if png is not None else charts.draw_png(name, cmp, lang, labels)

    png = solara.use_memo(draw, [id(cmp), lang, labels["A"], labels["B"], png is None])
    with solara.Column(gap="2px", classes=["wt-chart"]):
        alt = escape(i18n.chart_alt(name, labels, lang), quote=True)
        data = base64.b64encode(png).decode("ascii")
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f'<img src="data:image/png;base64,{data}" alt="{alt}" width="100%">',
        )
        DownloadButton(  # named by its chart: four buttons all called "Chart (PNG)" were one
            t("export_png", lang, chart=t(f"chart_{name}", lang)),
            lambda: (f"wijkteam-{name}.png", "image/png", png),
            icon="mdi-image-outline",
        )


@solara.component
def Status(lang, current: Comparison | None, stale: bool, replications: int, valid: bool):
    running = valid and (stale or (current is not None and not current.finished))
    if not valid:
        solara.ProgressLinear(False)
        text = t("last_valid", lang) if current is not None else t("no_results", lang)
        solara.Text(text, classes=["wt-status"])
        return
    if current is None:
        solara.ProgressLinear(True)
        solara.Text(t("waiting_first", lang), classes=["wt-status"])
        return
    total, done = current.total, current.done
    if stale:
        total, done = replications, 0
    if stale or (running and not current.finished):
        solara.ProgressLinear(max(4.0, 100 * done / max(1, total)))
        solara.Text(
            t("running", lang, done=min(done + 1, total), total=total)
            + " "
            + t("progress", lang, done=done, total=total),
            classes=["wt-status"],
        )
    else:
        solara.ProgressLinear(False)
        solara.Text(
            t(
                "done",
                lang,
                total=done,
                years=current.years,
                seed=current.seed,
                secs=current.elapsed,
            ),  # fmt: skip
            classes=["wt-status", "wt-status-done"],
        )


@solara.component
def Results(lang, shown: Shown):
    cmp = shown.comparison
    assert cmp is not None  # shown only once a comparison has replications
    labels = result_labels(shown.names, shown.starred, lang)
    pngs = shown.pngs if shown.lang == lang else {}
    chart_cmp = solara.use_memo(
        lambda: replace(cmp, runs_a=cmp.runs_a[: shown.drawn], runs_b=cmp.runs_b[: shown.drawn]),
        [id(cmp), shown.drawn],
    )
    rows = {r["kpi"]: r for r in cmp.table.to_dict("records")}
    solara.Text(t("kpis", lang), classes=["wt-h2"])
    cards = "".join(kpi_card_html(kpi, rows.get(kpi), lang, cmp.done) for kpi in card_kpis())
    solara.HTML(tag="div", unsafe_innerHTML=cards, classes=["wt-cards"])
    with solara.Div(classes=["wt-steady"]):
        solara.Text(i18n.tx("steady_title", lang), classes=["wt-h3"])
        for c, line in report.steady_lines(cmp, labels, lang):
            with solara.Div(attributes={"data-config": c}, classes=["wt-steady-line"]):
                solara.Text(line)
    lines = report.conclusion(cmp, card_kpis(), labels, lang)
    with solara.Div(classes=["wt-conclusion"]):
        solara.Text(i18n.tx("conclusion", lang), classes=["wt-h2"])
        for line in lines:
            solara.Text(line, classes=["wt-conclusion-line"])
    solara.Text(t("charts_of", lang, n=shown.drawn), classes=["wt-help"])
    with solara.Div(classes=["wt-charts"]):
        for name in ("waiting_list", "waits", "misrouting"):
            Chart(name, chart_cmp, lang, labels, pngs.get(name)).key(name)
    Chart("workload", chart_cmp, lang, labels, pngs.get("workload")).key("workload")
