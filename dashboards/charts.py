"""The explorer's charts as matplotlib figures (no pyplot: each figure is its own object, so
sessions drawing at the same time never share state). A is always blue, B always orange."""

from __future__ import annotations

import io
import math
import textwrap

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from wijkteam.formatting import shown_scale
from wijkteam.model.workload import SERIES_COLUMNS

from .i18n import domain_label, kpi_label, t
from .state import Comparison, fair_pool

COLOR_A = "#1f6fb2"
COLOR_B = "#b35900"  # 4.8:1 on white (WCAG AA for text); was #e07b00 at 3.0:1
CONFIG_COLORS = {"A": COLOR_A, "B": COLOR_B}
#: the same colours dark enough for text on white (contrast at least 4.5:1)
CONFIG_TEXT_COLORS = {"A": "#1f6fb2", "B": "#a85700"}
#: one colour per specialty, shared with the classroom's team glyphs
DOMAIN_COLORS = {
    "youth": "#e6550d",
    "finance": "#31a354",
    "work": "#756bb1",
    "housing": "#8c6d31",
    "health": "#3182bd",
    "mental": "#d6616b",
    "safety": "#636363",
    "social": "#17becf",
}
HOURS_COLORS = {
    "direct": "#4c9a2a",
    "intake": "#9ecae1",
    "coordination": "#fdae6b",
    "admin": "#bdbdbd",
}
GRID = {"color": "#dddddd", "linewidth": 0.8}


def _figure(width: float = 6.4, height: float = 3.2, **margins: float) -> Figure:
    """A figure with fixed margins (a layout engine would cost a third of the drawing time)."""
    fig = Figure(figsize=(width, height), dpi=100)
    fig.subplots_adjust(**{"left": 0.1, "right": 0.98, "top": 0.9, "bottom": 0.16, **margins})
    return fig


def _style(ax, title: str | None = None) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", **GRID)
    ax.set_axisbelow(True)
    if title:
        ax.set_title(title, fontsize=10, loc="left")


def png_bytes(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as a PNG file."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def waiting_list_figure(cmp: Comparison, lang: str, labels: dict[str, str]) -> Figure:
    """Households waiting (for intake or for help) over time, mean over the replications."""
    fig = _figure()
    ax = fig.add_subplot()
    col = {c: i for i, c in enumerate(SERIES_COLUMNS)}
    top = 1.0
    for which in ("A", "B"):
        series = cmp.mean_series(which)
        if len(series) == 0:
            continue
        waiting = series[:, col["waiting_intake"]] + series[:, col["waiting_treatment"]]
        top = max(top, float(waiting.max()))
        ax.plot(
            series[:, col["time"]],
            waiting,
            color=CONFIG_COLORS[which],
            linewidth=1.8,
            label=f"{which}: {labels[which]}",
        )
    warm = cmp.scenario_a.warmup_days
    ax.axvspan(0, warm, color="#f0f0f0", zorder=0)
    ax.text(
        warm / 2,
        top * 1.02,
        t("warmup", lang),
        ha="center",
        va="bottom",
        fontsize=8,
        color="#777777",
    )
    ax.set_ylim(0, top * 1.12)
    ax.set_xlabel(t("day", lang))
    ax.set_ylabel(t("waiting_list", lang))
    ax.legend(frameon=False, fontsize=8, loc="best")  # where it covers the fewest points
    _style(ax, t("chart_waiting_list", lang))
    return fig


def _bars(
    ax,
    cmp: Comparison,
    kpis: list[str],
    lang: str,
    scale: float = 1.0,
    p90: dict[str, str] | None = None,
) -> None:
    """Grouped bars of KPIs for A and B with their 95% intervals as error bars."""
    table = cmp.table.set_index("kpi")
    x = np.arange(len(kpis))
    width = 0.38
    for k, which in enumerate(("A", "B")):
        suffix = which.lower()
        means = np.array([table.loc[m, f"mean_{suffix}"] for m in kpis]) * scale
        lo = np.array([table.loc[m, f"lo_{suffix}"] for m in kpis]) * scale
        hi = np.array([table.loc[m, f"hi_{suffix}"] for m in kpis]) * scale
        err = np.where(np.isnan(lo), 0, np.vstack([means - lo, hi - means]))
        pos = x + (k - 0.5) * width
        ax.bar(
            pos,
            np.nan_to_num(means),
            width,
            color=CONFIG_COLORS[which],
            yerr=err,
            capsize=3,
            ecolor="#333333",
            label=which,
        )
        if p90:
            tops = (
                np.array(
                    [table.loc[p90[m], f"mean_{suffix}"] if m in p90 else np.nan for m in kpis]
                )
                * scale
            )
            ax.scatter(pos, tops, color=CONFIG_COLORS[which], edgecolor="black", zorder=3, s=22)
    ax.set_xticks(x, [_wrap(kpi_label(m, lang)) for m in kpis], fontsize=8)


def _wrap(text: str, width: int = 22) -> str:
    """A tick label on lines of at most `width` characters."""
    return "\n".join(textwrap.wrap(text, width)) or text


def waits_figure(cmp: Comparison, lang: str, labels: dict[str, str]) -> Figure:
    fig = _figure(bottom=0.27)  # room for tick labels of three lines (they were cut off)
    ax = fig.add_subplot()
    kpis = ["wait_first_contact_mean", "wait_right_help_mean_helped", "right_help_median_days"]
    _bars(ax, cmp, kpis, lang)
    ax.set_ylabel(t("days", lang))
    ax.legend(frameon=False, fontsize=8)
    _style(ax, t("chart_waits", lang))
    return fig


def misrouting_figure(cmp: Comparison, lang: str, labels: dict[str, str]) -> Figure:
    fig = _figure(bottom=0.3, wspace=0.3)  # tick labels of up to four lines
    left, right = fig.subplots(1, 2, width_ratios=[2, 1])
    _bars(left, cmp, ["misrouted_share", "repeat_share", "escalated_share"], lang, scale=100)
    left.set_ylabel("%")
    _style(left, t("chart_misrouting", lang))
    left.legend(frameon=False, fontsize=8)
    _bars(right, cmp, ["handoffs_per_case"], lang)
    right.set_ylabel(t("per_case", lang))
    _style(right)
    return fig


def workload_figure(cmp: Comparison, lang: str, labels: dict[str, str]) -> Figure:
    """Left: utilisation of each professional (first replication), grouped by specialty;
    right: how the hours of the whole team split (mean over the replications)."""
    fig = _figure(9.6, 3.6, left=0.07, bottom=0.3, wspace=0.25)
    left, right = fig.subplots(1, 2, width_ratios=[3, 1.2])
    offset = 0.0
    ticks, ticklabels = [], []
    for which, runs in (("A", cmp.runs_a), ("B", cmp.runs_b)):
        frame = runs[0].professionals
        if frame is None or frame.empty:
            continue
        frame = frame.sort_values(["specialty", "professional"], kind="stable")
        x = offset + np.arange(len(frame))
        left.bar(x, frame["utilisation"] * 100, 0.85, color=CONFIG_COLORS[which])
        left.scatter(
            x,
            np.full(len(x), -4),
            marker="s",
            s=14,
            color=[DOMAIN_COLORS.get(d, "#999999") for d in frame["specialty"]],
            clip_on=False,
        )
        ticks.append(offset + (len(frame) - 1) / 2)
        ticklabels.append(f"{which}: {labels[which]}")
        offset += len(frame) + 3
    left.set_xticks(ticks, ticklabels, fontsize=8)
    left.tick_params(axis="x", pad=10)
    left.set_ylim(0, 105)
    left.set_ylabel(f"{t('utilisation', lang)} (%)")
    domains = list(cmp.scenario_a.domain_ids)
    fig.legend(
        handles=[Patch(color=DOMAIN_COLORS[d], label=domain_label(d, lang)) for d in domains],
        fontsize=7,
        frameon=False,
        ncols=4,
        loc="lower left",
        bbox_to_anchor=(0.01, 0.0),
    )
    _style(left, f"{t('chart_workload', lang)} ({t('professional', lang)})")

    table = cmp.table.set_index("kpi")
    parts = ["direct", "intake", "coordination", "admin"]
    for k, which in enumerate(("A", "B")):
        start = 0.0
        for part in parts:
            share = table.loc[f"hours_{part}_share", f"mean_{which.lower()}"] * 100
            share = 0.0 if math.isnan(share) else share
            right.bar(
                k,
                share,
                0.6,
                bottom=start,
                color=HOURS_COLORS[part],
                edgecolor=CONFIG_COLORS[which],
                linewidth=1.5,
                label=t(f"hours_{part}", lang) if k == 0 else None,
            )
            if share >= 6:
                right.text(
                    k, start + share / 2, f"{share:.0f}%", ha="center", va="center", fontsize=7
                )
            start += share
    right.set_xticks([0, 1], ["A", "B"])
    for tick, which in zip(right.get_xticklabels(), ("A", "B"), strict=True):
        tick.set_color(CONFIG_COLORS[which])
        tick.set_fontweight("bold")
    right.set_ylim(0, 100)
    right.set_ylabel("%")
    right.legend(
        fontsize=6.5, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2
    )
    _style(right, t("chart_hours", lang))
    return fig


def draw_png(name: str, cmp: Comparison, lang: str, labels: dict[str, str], dpi: int = 110):
    """Chart `name` as PNG bytes (a top-level function, so a worker process can draw it)."""
    return png_bytes(CHARTS[name](cmp, lang, labels), dpi=dpi)


CHARTS = {
    "waiting_list": waiting_list_figure,
    "waits": waits_figure,
    "misrouting": misrouting_figure,
    "workload": workload_figure,
}


def draw_all(
    cmp: Comparison, lang: str, labels: dict[str, str], pool=None, session: str = ""
) -> dict[str, bytes]:
    """Every chart as PNG bytes, drawn in parallel by the worker processes (off the server's
    GIL), in the session's share of the pool; in the calling thread without workers."""
    if pool is not None:
        jobs = {name: pool.submit(draw_png, name, cmp, lang, labels) for name in CHARTS}
    else:
        fair = fair_pool()
        jobs = {name: fair.submit(session, draw_png, name, cmp, lang, labels) for name in CHARTS}
    return {name: job.result() for name, job in jobs.items()}


def sweep_figure(rows: list[dict], lever: str, kpi: str, lang: str, labels: dict) -> Figure:
    """A KPI of A and B over the values of one lever: means with 95% intervals as bands."""
    from wijkteam.model import KPIS

    from .i18n import lever_label

    fig = _figure(6.4, 3.0, bottom=0.17)
    ax = fig.add_subplot()
    scale = shown_scale(KPIS[kpi].unit)
    x = np.array([r["x"] for r in rows])
    for which in ("A", "B"):
        k = which.lower()
        mean = np.array([r[f"mean_{k}"] for r in rows]) * scale
        lo = np.array([r[f"lo_{k}"] for r in rows]) * scale
        hi = np.array([r[f"hi_{k}"] for r in rows]) * scale
        color = CONFIG_COLORS[which]
        ax.plot(x, mean, "o-", color=color, linewidth=1.8, label=f"{which}: {labels[which]}")
        ax.fill_between(x, np.nan_to_num(lo, nan=0), np.nan_to_num(hi, nan=0), color=color,
                        alpha=0.18, linewidth=0)  # fmt: skip
    ax.set_xlabel(lever_label(lever, lang))
    ax.set_ylabel("%" if scale == 100.0 else kpi_label(kpi, lang))
    ax.legend(frameon=False, fontsize=8)
    _style(ax, kpi_label(kpi, lang))
    return fig


def sweep_png(rows: list[dict], lever: str, kpi: str, lang: str, labels: dict) -> bytes:
    return png_bytes(sweep_figure(rows, lever, kpi, lang, labels), dpi=110)
