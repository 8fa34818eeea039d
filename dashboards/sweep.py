"""The explorer's sweep: one lever over a range for A and B, with 95% intervals, run in a
thread of the session within the same work budget as a comparison.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from html import escape
from typing import cast

import reacton.ipyvuetify as rv
import solara

from wijkteam.formatting import value_text
from wijkteam.model import KPIS, Scenario, parameter_spec

from . import charts, i18n
from .results import card_kpis, result_labels
from .state import (
    MAX_EVENTS_PER_COMPARISON,
    MAX_EVENTS_PER_RUN,
    CancelToken,
    compare_steps,
    plan,
)
from .urlstate import CONFIGS
from .widgets import NumberField

# the numeric levers of the neighbourhood and the team (the others are choices or head counts)
SWEEP_LEVERS = (*i18n.NEIGHBOURHOOD_LEVERS, *i18n.TEAM_LEVERS)


def sweep_table_html(
    rows: list[dict], lever: str, kpi: str, lang: str, labels: dict[str, str]
) -> str:
    """The sweep's points as a table under its chart: the numbers behind the bands, for
    those who would rather read them (and for screen readers, which cannot read a PNG)."""
    unit = KPIS[kpi].unit
    what, knob = i18n.kpi_label(kpi, lang), i18n.lever_label(lever, lang)

    def cell(row: dict, c: str) -> str:
        mean, lo, hi = (
            value_text(row[f"{k}_{c.lower()}"], unit, lang) for k in ("mean", "lo", "hi")
        )
        return escape(i18n.tx("sweep_cell", lang, mean=mean, lo=lo, hi=hi))

    head = "".join(f"<th>{escape(f'{c}: {labels[c]}')}</th>" for c in CONFIGS)
    body = "".join(
        f"<tr><td>{escape(i18n.decimal_mark(f'{row["x"]:g}', lang))}</td>"
        + "".join(f'<td data-config="{c}">{cell(row, c)}</td>' for c in CONFIGS)
        + "</tr>"
        for row in rows
    )
    caption = escape(i18n.tx("sweep_table", lang, what=what, lever=knob))
    return (
        f'<table class="wt-sweep-table"><caption>{caption}</caption>'
        f"<thead><tr><th>{escape(knob)}</th>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def refusal(
    scenario_a: Scenario, scenario_b: Scenario, lever: str, xs: list[float], r: int, lang: str
) -> str | None:
    """Why a sweep of `lever` over `xs` with `r` replications is refused, in `lang`, or None.
    Each point is a comparison, refused as one would be (`state.plan`); the whole sweep
    must also fit in one comparison's work budget."""
    budgets = {
        x: plan(scenario_a.with_updates({lever: x}), scenario_b.with_updates({lever: x}), r)
        for x in xs
    }
    largest = max(budgets, key=lambda x: budgets[x].events_per_run)
    if budgets[largest].refused:
        return i18n.tx(
            "sweep_run_refused",
            lang,
            x=i18n.number_text(largest, lang, 3),
            events=i18n.thousands_text(budgets[largest].events_per_run, lang),
            limit=i18n.thousands_text(MAX_EVENTS_PER_RUN, lang),
        )
    total = sum(2 * r * budget.events_per_run for budget in budgets.values())
    if total > MAX_EVENTS_PER_COMPARISON:
        return i18n.tx(
            "sweep_refused",
            lang,
            events=i18n.thousands_text(total, lang),
            limit=i18n.thousands_text(MAX_EVENTS_PER_COMPARISON, lang),
        )
    return None


@solara.component
def SweepPanel(
    lang,
    scenario_a: Scenario,
    scenario_b: Scenario,
    names,
    starred,
    session: str,
    paused: bool = False,
):
    """One lever over a range for A and B, with 95% intervals (in this session's share of
    the pool, within the work budget). `paused`: a lever of A or B is invalid now; the last
    results stay, and no new sweep starts until it is valid. The chart and table are drawn
    from the sweep's rows in the page's language, so they follow a language switch."""
    lever = solara.use_reactive("arrivals_per_day")
    kpi = solara.use_reactive("right_help_within_60_share")
    lo = solara.use_reactive("")
    hi = solara.use_reactive("")
    points = solara.use_reactive("5")
    reps = solara.use_reactive("3")
    result, set_result = solara.use_state(cast(dict | None, None))
    running = solara.use_ref(None)
    # the settings a sweep ran for: its results are marked when A or B has changed since
    settings_now = (scenario_a.to_toml(), scenario_b.to_toml(), names, starred)

    spec = parameter_spec(lever.value)
    base = scenario_a.get(lever.value)
    lo_text = lo.value or i18n.number_text(
        max(spec["lo"], base * 0.5 if spec["hi"] > 1 else 0.0), lang, 3
    )
    hi_text = hi.value or i18n.number_text(
        min(spec["hi"], base * 1.5 if spec["hi"] > 1 else 1.0), lang, 3
    )

    def parse(text: str, what: str, a: float, b: float) -> float:
        value = float(text.replace(",", "."))
        if not a <= value <= b:
            raise ValueError(
                i18n.tx(
                    "sweep_bad",
                    lang,
                    what=what,
                    lo=i18n.number_text(a, lang, 3),
                    hi=i18n.number_text(b, lang, 3),
                )
            )
        return value

    error = None
    try:
        x0 = parse(lo_text, i18n.tx("sweep_from", lang), spec["lo"], spec["hi"])
        x1 = parse(hi_text, i18n.tx("sweep_to", lang), spec["lo"], spec["hi"])
        n = int(parse(points.value, i18n.tx("sweep_points", lang), 2, 9))
        r = int(parse(reps.value, i18n.tx("sweep_reps", lang), 1, 10))
    except ValueError as exc:
        error = (
            str(exc)
            if "could not convert" not in str(exc)
            else i18n.tx("sweep_bad", lang, what=i18n.tx("sweep_lever", lang), lo="…", hi="…")
        )

    def start():
        if running.current is not None:
            running.current.set()
        cancel = CancelToken()
        running.current = cancel
        xs = [x0 + (x1 - x0) * k / (n - 1) for k in range(n)]
        refused = refusal(scenario_a, scenario_b, lever.value, xs, r, lang)
        if refused is not None:
            set_result({"error": refused})
            return
        name, what = lever.value, kpi.value
        ran_for = settings_now

        def work():
            rows = []
            try:
                for k, x in enumerate(xs):
                    set_result({"running": k + 1, "total": n})
                    a = scenario_a.with_updates({name: x})
                    b = scenario_b.with_updates({name: x})
                    steps = list(compare_steps(a, b, r, 1, cancel, session=session))
                    cmp = steps[-1] if steps else None
                    if cancel.is_set() or cmp is None:
                        if cancel.is_set() and running.current is cancel:  # Stop, not a newer run
                            set_result({"stopped": k, "total": n})
                        return
                    if cmp.error:  # refused or failed: say so, not a point left blank
                        set_result({"error": cmp.error})
                        return
                    row = cmp.table.set_index("kpi").loc[what].to_dict()
                    rows.append({"x": x, **row})
                set_result(
                    {
                        "rows": rows,
                        "total": n,
                        "kpi": what,
                        "lever": name,
                        "settings": ran_for,
                    }
                )
            except Exception as exc:  # shown under the sweep, the page goes on
                set_result({"error": str(exc)})
            finally:
                cancel.discard()

        threading.Thread(target=work, daemon=True, name="wijkteam-sweep").start()

    solara.use_effect(lambda: lambda: running.current and running.current.set(), [])

    def draw() -> tuple[bytes, str] | None:
        """The chart and table of the finished sweep, in the page's language."""
        if result is None or "rows" not in result:
            return None
        labels = result_labels(names, starred, lang)
        rows, name, what = result["rows"], result["lever"], result["kpi"]
        return (
            charts.sweep_png(rows, name, what, lang, labels),
            sweep_table_html(rows, name, what, lang, labels),
        )

    drawn = solara.use_memo(draw, [result, lang, names, starred])
    with solara.Card(margin=0, classes=["wt-panel", "wt-sweep"]):
        solara.Text(i18n.tx("sweep", lang), classes=["wt-h2"])
        solara.Text(i18n.tx("sweep_help", lang), classes=["wt-help"])
        with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-end"}):
            rv.Select(
                label=i18n.tx("sweep_lever", lang),
                items=[{"text": i18n.lever_label(x, lang), "value": x} for x in SWEEP_LEVERS],
                v_model=lever.value,
                on_v_model=lambda v: (lever.set(v), lo.set(""), hi.set("")),
                dense=True,
                hide_details=True,
                class_="wt-sweep-lever",
            )
            rv.Select(
                label=i18n.tx("sweep_kpi", lang),
                items=[
                    {"text": i18n.kpi_label(x, lang), "value": x}
                    for x in card_kpis()
                    if KPIS[x].lower_is_better is not None
                ],
                v_model=kpi.value,
                on_v_model=kpi.set,
                dense=True,
                hide_details=True,
                class_="wt-sweep-kpi",
            )
        with solara.Row(style={"flex-wrap": "wrap"}):
            NumberField(i18n.tx("sweep_from", lang), lo_text, lo.set, css="wt-sweep-from")
            NumberField(i18n.tx("sweep_to", lang), hi_text, hi.set, css="wt-sweep-to")
            NumberField(
                i18n.tx("sweep_points", lang), points.value, points.set, css="wt-sweep-points"
            )
            NumberField(i18n.tx("sweep_reps", lang), reps.value, reps.set, css="wt-sweep-reps")
        if error:
            solara.Error(error, dense=True)
        solara.Button(
            i18n.tx("sweep_run", lang),
            on_click=start,
            disabled=error is not None or paused,
            color="primary",
            class_="wt-sweep-run",
        )
        if result is not None:
            _SweepResult(
                lang,
                result,
                drawn,
                stale="settings" in result and result["settings"] != settings_now,
                stop=lambda: running.current is not None and running.current.set(),
            )


@solara.component
def _SweepResult(
    lang: str, result: dict, drawn: tuple[bytes, str] | None, stale: bool, stop: Callable
):
    """What the sweep has to show: its error, its progress with a Stop button, where it was
    stopped, or its chart and table (`stale`: A or B changed since it ran)."""
    if "error" in result:
        solara.Error(result["error"], dense=True)
    elif "rows" in result and drawn is not None:
        solara.Text(i18n.tx("sweep_done", lang, total=result["total"]), classes=["wt-status"])
        if stale:  # in words, not only by the hatching
            solara.Text(i18n.tx("sweep_stale", lang), classes=["wt-stale-badge", "wt-sweep-stale"])
        alt = i18n.tx(
            "chart_alt_sweep",
            lang,
            what=i18n.kpi_label(result["kpi"], lang),
            lever=i18n.lever_label(result["lever"], lang),
        )
        data = base64.b64encode(drawn[0]).decode("ascii")
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f'<img src="data:image/png;base64,{data}" '
            f'alt="{escape(alt, quote=True)}" width="100%">',
            classes=["wt-sweep-chart", *(["wt-stale"] if stale else [])],
        )
        solara.HTML(tag="div", unsafe_innerHTML=drawn[1])
    elif "stopped" in result:
        solara.Text(
            i18n.tx("sweep_stopped", lang, done=result["stopped"], total=result["total"]),
            classes=["wt-status"],
        )
    else:
        solara.ProgressLinear(100 * (result["running"] - 1) / result["total"])
        solara.Text(
            i18n.tx("sweep_running", lang, done=result["running"], total=result["total"]),
            classes=["wt-status"],
        )
        solara.Button(
            i18n.tx("sweep_stop", lang),
            on_click=stop,
            text=True,
            class_="wt-sweep-stop",
        )
