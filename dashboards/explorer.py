"""Scenario explorer for policy makers: two configurations A and B on the same residents.

Every piece of state lives in the components of one browser session (`solara.use_reactive`),
the runs happen in a thread of the session (state.compare_steps), and the lever widgets are built
from `parameter_spec(name)`, so their ranges and types are the scenario's own.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from html import escape
from typing import Any, cast

import reacton.ipyvuetify as rv
import solara

from wijkteam.model import KPIS, Scenario, ScenarioError, parameter_spec, preset

from . import charts, i18n
from .i18n import t
from .state import DAYS_PER_YEAR, DEFAULT_REPLICATIONS, Comparison, compare_steps

CARD_KPIS = (
    "first_contact_within_5_share",
    "right_help_within_60_share",
    "never_helped_share",
    "misrouted_share",
    "handoffs_per_case",
    "repeat_share",
    "resolved_share",
    "utilisation_mean",
    "cost_per_household",
)
NEUTRAL_KPIS = {"utilisation_mean", "requests"}  # neither higher nor lower is "better"
CONFIGS = ("A", "B")
DEFAULT_PRESETS = {"A": "islands", "B": "integral"}


# --------------------------------------------------------------------------- scenarios
def build_scenario(
    preset_name: str, base: Scenario | None, updates: dict[str, Any], years: float
) -> Scenario:
    """The scenario of one configuration: a preset (or an imported file) with the levers the
    user moved on top; raises ScenarioError for an invalid or impossible setting."""
    flat = {**updates, "horizon_days": float(years) * DAYS_PER_YEAR}
    if preset_name == "custom" and base is not None:
        return base.with_updates(flat)
    return preset(preset_name, flat)


def lever_value(preset_name: str, base: Scenario | None, updates: dict[str, Any], name: str) -> Any:
    """What a lever shows: the user's value, else the preset's (or the imported file's)."""
    if name in updates:
        return updates[name]
    source = base if preset_name == "custom" and base is not None else _preset(preset_name)
    return source.get(name)


@lru_cache(maxsize=16)
def _preset(name: str) -> Scenario:
    """A preset's scenario (immutable, so one copy serves every session)."""
    return preset(name)


def format_value(value: float, unit: str, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "share":
        text = f"{value * 100:.1f} %"
    elif unit == "euro":
        text = f"€ {value:,.0f}"
        if lang == "nl":
            text = text.replace(",", ".")
    elif unit == "days":
        text = f"{value:.1f} {i18n.unit_label('days', lang)}"
    else:
        text = f"{value:.2f}"
    return text.replace(".", ",") if lang == "nl" and unit != "euro" else text


def format_diff(value: float, unit: str, lang: str) -> str:
    if value is None or math.isnan(value):
        return "–"
    if unit == "share":
        text = f"{value * 100:+.1f} %-pt"
    elif unit == "euro":
        text = f"€ {value:+,.0f}"
        return text.replace(",", ".") if lang == "nl" else text
    else:
        text = f"{value:+.2f}" if unit != "days" else f"{value:+.1f}"
    return text.replace(".", ",") if lang == "nl" else text


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


# --------------------------------------------------------------------------- widgets
@solara.component
def Lever(name: str, value: Any, target: solara.Reactive, lang: str, error: str | None = None):
    """One lever, its widget chosen from its parameter spec; a change is stored in `target`
    (the dict of moved levers); `error` is shown under it. Its arguments are plain values
    and a reactive, so it re-renders only when they change."""
    spec = parameter_spec(name)

    def on_value(v: Any) -> None:
        target.set({**target.value, name: v})

    label = i18n.lever_label(name, lang)
    help_text = i18n.lever_help(name, lang)
    with solara.Column(gap="0px", classes=["wt-lever"]):
        if isinstance(spec["default"], bool) and not spec["choices"]:
            solara.Switch(label=label, value=bool(value), on_value=on_value)
        else:
            solara.Text(label, classes=["wt-lever-label"])
        if spec["choices"]:
            items = [
                {"text": i18n.choice_label(name, c, lang), "value": c}
                for c in spec["choices"]
                if c != "custom"
            ]
            rv.Select(
                items=items,
                v_model=value,
                on_v_model=on_value,
                dense=True,
                hide_details=True,
                class_="wt-select",
            )
        elif isinstance(spec["default"], bool):
            pass
        elif spec["lo"] == 0 and spec["hi"] == 1:
            solara.SliderFloat(
                "",
                value=float(value),
                min=0.0,
                max=1.0,
                step=0.05,
                on_value=on_value,
                thumb_label=True,
            )
        elif isinstance(spec["default"], int):
            solara.InputInt(
                "", value=int(value), on_value=on_value, continuous_update=False, dense=True
            )
        else:
            solara.InputFloat(
                "", value=float(value), on_value=on_value, continuous_update=False, dense=True
            )
        solara.Text(help_text, classes=["wt-help"])
        if error:
            solara.Error(error, dense=True, classes=["wt-lever-error"])


def kpi_card_html(kpi: str, row: dict | None, lang: str, done: int) -> str:
    """One KPI card as HTML: the figure of A and of B, the paired difference B - A with its
    95% interval, and whether B is better, worse or not clearly different."""
    unit, lower_better = KPIS[kpi][1], KPIS[kpi][2]
    parts = [f'<div class="wt-kpi" data-kpi="{kpi}">',
             f'<div class="wt-kpi-label">{escape(i18n.kpi_label(kpi, lang))}</div>']  # fmt: skip
    if row is None:
        return "".join([*parts, "…</div>"])
    for c in CONFIGS:
        value = format_value(row[f"mean_{c.lower()}"], unit, lang)
        parts.append(
            f'<div class="wt-kpi-value" style="color:{charts.CONFIG_COLORS[c]}">'
            f"{c}&nbsp; {escape(value)}</div>"
        )
    diff, lo, hi = row["diff"], row["diff_lo"], row["diff_hi"]
    diff_text = f"{t('difference', lang)}: {format_diff(diff, unit, lang)}"
    parts.append(f'<div class="wt-kpi-diff">{escape(diff_text)}</div>')
    if done < 2 or math.isnan(lo):
        parts.append(f'<div class="wt-help">{escape(t("ci_pending", lang))}</div>')
    else:
        ci = t("ci", lang, lo=format_diff(lo, unit, lang), hi=format_diff(hi, unit, lang))
        parts.append(f'<div class="wt-help">{escape(ci)}</div>')
        if kpi not in NEUTRAL_KPIS and lower_better is not None:
            if lo <= 0 <= hi:
                verdict, color = t("no_diff", lang), "#757575"
            elif (diff < 0) == lower_better:
                verdict, color = t("better", lang), "#2e7d32"
            else:
                verdict, color = t("worse", lang), "#c62828"
            parts.append(
                f'<span class="wt-verdict" style="background:{color}">{escape(verdict)}</span>'
            )
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
        # issue 10 (accessibility): the chart's text alternative; page.py makes it the alt
        solara.Text(i18n.chart_alt(name, labels, lang), classes=["wt-chart-alt", "wt-sr-only"])
        solara.Image(png, width="100%")
        solara.FileDownload(
            png,
            filename=f"wijkteam-{name}.png",
            label=t("export_png", lang),
            mime_type="image/png",
            icon_name="mdi-image-outline",
        )


# --------------------------------------------------------------------------- the explorer
@solara.component
def Explorer(lang: str):
    presets = {
        "A": solara.use_reactive(DEFAULT_PRESETS["A"]),
        "B": solara.use_reactive(DEFAULT_PRESETS["B"]),
    }
    bases = {"A": solara.use_reactive(None), "B": solara.use_reactive(None)}  # imported files
    updates = {"A": solara.use_reactive({}), "B": solara.use_reactive({})}  # levers moved
    shared = solara.use_reactive({})  # neighbourhood levers: the same residents for A and B
    years = solara.use_reactive(1.0)
    replications = solara.use_reactive(DEFAULT_REPLICATIONS)
    seed = solara.use_reactive(1)
    editing = solara.use_reactive("A")
    message = solara.use_reactive("")

    scenarios: dict[str, Scenario | None] = {}
    errors: dict[str, ScenarioError] = {}
    for c in CONFIGS:
        try:
            scenarios[c] = build_scenario(
                presets[c].value, bases[c].value, {**shared.value, **updates[c].value}, years.value
            )
        except ScenarioError as exc:
            scenarios[c], errors[c] = None, exc
    key = (
        None
        if errors
        else (
            scenarios["A"].to_toml(),
            scenarios["B"].to_toml(),
            int(replications.value),
            int(seed.value),
        )
    )

    names = (presets["A"].value, presets["B"].value)
    starred = (bool(updates["A"].value), bool(updates["B"].value))

    shown, set_shown = solara.use_state(cast(Shown | None, None))
    latest = solara.use_ref(key)
    latest.current = key

    def launch():
        """Run the comparison of `key` in a thread of this session; a newer key cancels it.
        The page re-renders once per replication, nothing more (a render of the whole page
        costs a quarter of a second of the server's time)."""
        if key is None:
            return None
        cancel = threading.Event()
        labels = result_labels(names, starred, lang)
        scenario_a, scenario_b = scenarios["A"], scenarios["B"]

        def publish(value: Shown) -> None:
            if not cancel.is_set() and latest.current == key:
                set_shown(value)

        def work() -> None:
            pngs, drawn = {}, 0
            try:
                for snapshot in compare_steps(scenario_a, scenario_b, key[2], key[3], cancel):
                    if cancel.is_set():
                        return
                    if redraw_charts(snapshot.done, snapshot.total):
                        # drawn here, by the worker processes, not while rendering
                        pngs, drawn = charts.draw_all(snapshot, lang, labels), snapshot.done
                    publish(Shown(snapshot, key, names, starred, lang, pngs, drawn))
            except Exception as exc:  # shown on the page; the session goes on
                publish(Shown(None, key, names, starred, lang, {}, 0, f"{exc}"))

        threading.Thread(target=work, daemon=True, name="wijkteam-compare").start()
        return cancel.set

    solara.use_effect(launch, [key])
    current = shown.comparison if shown is not None else None
    # results of an earlier setting stay on screen (dimmed) until the new ones arrive
    stale = shown is not None and shown.key != key

    # messages of invalid settings, under the lever concerned (or at the top of the panel)
    error_texts: dict[str, str] = {}
    other_errors: list[str] = []
    on_page = {*i18n.LEVERS, "staff"}
    for c, exc in errors.items():
        if exc.name in on_page or exc.name.split(".")[0] in on_page:
            error_texts.setdefault(exc.name, i18n.error_text(exc, lang))
        else:
            other_errors.append(t("invalid", lang, c=c, message=i18n.error_text(exc, lang)))

    solara.Style(CSS)
    with solara.Row(classes=["wt-explorer"], style={"align-items": "flex-start"}):
        with solara.Column(classes=["wt-side"]):
            _LeverPanel(
                lang, presets, bases, updates, shared, editing, error_texts, tuple(other_errors)
            )
            _RunPanel(lang, years, replications, seed)
            _ExportPanel(lang, scenarios, current, presets, bases, updates, message)
        with solara.Column(classes=["wt-main"]):
            _ConfigHeader(lang, presets, bases, updates)
            messages: dict[str, list[str]] = {}  # one message for A and B when it is the same
            for c, exc in errors.items():
                messages.setdefault(i18n.error_text(exc, lang), []).append(c)
            for text, configs in messages.items():
                solara.Error(
                    t("invalid", lang, c=" & ".join(configs), message=text),
                    classes=["wt-invalid"],
                )
            if shown is not None and shown.error and not stale:
                solara.Error(shown.error)
            else:
                _Status(lang, current, stale, int(replications.value), key is not None)
            if current is not None and current.done > 0:
                marks = {
                    "data-a": shown.names[0],
                    "data-b": shown.names[1],
                    "data-done": str(current.done),
                    "data-total": str(current.total),
                    "data-stale": str(stale).lower(),
                }
                with solara.Div(
                    classes=["wt-results"] + (["wt-stale"] if stale else []), attributes=marks
                ):
                    _Results(lang, shown)


@solara.component
def _ConfigHeader(lang, presets, bases, updates):
    with solara.Row(classes=["wt-configs"]):
        for c in CONFIGS:
            color = charts.CONFIG_COLORS[c]
            names = list(i18n.PRESET_NAMES) + (["custom"] if bases[c].value is not None else [])
            items = [{"text": i18n.preset_label(n, lang), "value": n} for n in names]

            def choose(name, c=c):
                presets[c].set(name)
                updates[c].set({})

            with solara.Div(classes=["wt-config"], style={"border-color": color}):
                solara.Text(
                    f"{t('config', lang)} {c}", style={"color": color, "font-weight": "700"}
                )
                rv.Select(
                    label=t("preset", lang),
                    items=items,
                    v_model=presets[c].value,
                    on_v_model=choose,
                    dense=True,
                    hide_details=True,
                    class_=f"wt-preset-{c}",
                )
                if updates[c].value:
                    solara.Text(t("changed", lang, n=len(updates[c].value)), classes=["wt-help"])


@solara.component
def StaffInput(name: str, value: int, target: solara.Reactive, lang: str):
    def on_value(v: int) -> None:
        target.set({**target.value, name: v})

    with solara.Column(gap="0px"):
        solara.Text(i18n.lever_label(name, lang), classes=["wt-staff-label"])
        solara.InputInt(
            "", value=int(value), on_value=on_value, continuous_update=False, dense=True
        )


@solara.component
def _LeverPanel(lang, presets, bases, updates, shared, editing, error_texts, other_errors):
    def value(c: str, name: str):
        merged = {**shared.value, **updates[c].value}
        return lever_value(presets[c].value, bases[c].value, merged, name)

    with solara.Card(margin=0, classes=["wt-panel"]):
        solara.Text(t("neighbourhood", lang), classes=["wt-group"])
        for name in i18n.NEIGHBOURHOOD_LEVERS:
            Lever(name, value("A", name), shared, lang, error_texts.get(name))
    c = editing.value
    color = charts.CONFIG_COLORS[c]
    with solara.Card(margin=0, classes=["wt-panel"], style={"border-top": f"4px solid {color}"}):
        with solara.Row(style={"align-items": "center"}):
            solara.Text(t("edit_config", lang), style={"font-weight": "600"})
            solara.ToggleButtonsSingle(value=editing, values=list(CONFIGS), dense=True)
        solara.Text(i18n.preset_label(presets[c].value, lang), style={"color": color})
        if updates[c].value:
            solara.Button(
                t("reset_levers", lang), text=True, small=True, on_click=lambda: updates[c].set({})
            )
        solara.Text(t("team", lang), classes=["wt-group"])
        for name in i18n.TEAM_LEVERS:
            Lever(name, value(c, name), updates[c], lang, error_texts.get(name))
        solara.Text(t("staff", lang), classes=["wt-subgroup"])
        with solara.Div(classes=["wt-staff"]):
            for name in i18n.STAFF_LEVERS:
                StaffInput(name, int(value(c, name)), updates[c], lang)
        staff_error = error_texts.get("staff") or next(
            (error_texts[n] for n in i18n.STAFF_LEVERS if n in error_texts), None
        )
        if staff_error:
            solara.Error(staff_error, dense=True, classes=["wt-lever-error"])
        solara.Text(t("way", lang), classes=["wt-group"])
        for name in i18n.WAY_LEVERS:
            Lever(name, value(c, name), updates[c], lang, error_texts.get(name))
        for text in other_errors:  # a problem with a lever that is not on the page
            solara.Error(text, dense=True)


@solara.component
def _RunPanel(lang, years, replications, seed):
    with solara.Card(margin=0, classes=["wt-panel"]):
        solara.SliderFloat(t("years", lang), value=years, min=0.5, max=5.0, step=0.5)
        solara.SliderInt(t("replications", lang), value=replications, min=1, max=50)
        solara.InputInt(t("seed", lang), value=seed, continuous_update=False, dense=True)


@solara.component
def _Status(lang, current: Comparison | None, stale: bool, replications: int, valid: bool):
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
        solara.ProgressLinear(max(4.0, 100 * done / total))  # determinate: no CSS animation
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
            ),
            classes=["wt-status", "wt-status-done"],
        )


@solara.component
def _Results(lang, shown: Shown):
    cmp = shown.comparison
    labels = result_labels(shown.names, shown.starred, lang)
    pngs = shown.pngs if shown.lang == lang else {}
    # what the charts show (also when redrawn in another language): `drawn` replications
    chart_cmp = solara.use_memo(
        lambda: replace(cmp, runs_a=cmp.runs_a[: shown.drawn], runs_b=cmp.runs_b[: shown.drawn]),
        [id(cmp), shown.drawn],
    )
    rows = {r["kpi"]: r for r in cmp.table.to_dict("records")}
    solara.Text(t("kpis", lang), classes=["wt-h2"])
    cards = "".join(kpi_card_html(kpi, rows.get(kpi), lang, cmp.done) for kpi in CARD_KPIS)
    solara.HTML(tag="div", unsafe_innerHTML=cards, classes=["wt-cards"])
    solara.Text(t("charts_of", lang, n=shown.drawn), classes=["wt-help"])
    with solara.Div(classes=["wt-charts"]):
        for name in ("waiting_list", "waits", "misrouting"):
            Chart(name, chart_cmp, lang, labels, pngs.get(name))
    Chart("workload", chart_cmp, lang, labels, pngs.get("workload"))


@solara.component
def _ExportPanel(lang, scenarios, current, presets, bases, updates, message):
    config = solara.use_reactive("A")

    def on_file(info):
        c = config.value
        name = info["name"]
        try:
            text = (info.get("data") or info["file_obj"].read()).decode("utf-8")
            scenario = Scenario.from_toml(text)
        except (ScenarioError, UnicodeDecodeError) as exc:
            message.set(
                t(
                    "import_failed",
                    lang,
                    name=name,
                    message=i18n.error_text(exc, lang)
                    if isinstance(exc, ScenarioError)
                    else str(exc),
                )
            )
            return
        bases[c].set(scenario)
        presets[c].set("custom")
        updates[c].set({})
        message.set(t("imported", lang, name=name, c=c))

    with solara.Card(margin=0, classes=["wt-panel"]):
        solara.Text(t("export", lang), classes=["wt-group"])
        with solara.Row(style={"flex-wrap": "wrap"}):
            for c in CONFIGS:
                if scenarios.get(c) is not None:
                    solara.FileDownload(
                        scenarios[c].to_toml(),
                        filename=f"scenario-{c}.toml",
                        label=t("export_scenario", lang, c=c),
                        mime_type="application/toml",
                    )
            if current is not None and current.done:
                solara.FileDownload(
                    current.results_csv,
                    filename="wijkteam-results.csv",
                    label=t("export_results", lang),
                    mime_type="text/csv",
                )
                solara.FileDownload(
                    current.replications_csv,
                    filename="wijkteam-replications.csv",
                    label=t("replications", lang) + " (CSV)",
                    mime_type="text/csv",
                )
        solara.ToggleButtonsSingle(value=config, values=list(CONFIGS), dense=True)
        solara.FileDrop(
            label=t("import_scenario", lang, c=config.value), on_file=on_file, lazy=False
        )
        if message.value:
            solara.Text(message.value, classes=["wt-help"])


CSS = """
.wt-side { width: 370px; min-width: 330px; flex: 0 0 370px; }
.wt-main { flex: 1 1 600px; min-width: 0; }
.wt-panel { padding: 10px 12px !important; }
.wt-help, .wt-group, .wt-subgroup, .wt-status, .wt-kpi-label, .wt-kpi-diff, .wt-h2,
.wt-kpi-value, .wt-lever-label { display: block; }
.wt-lever-label { font-size: 13px; color: #333; margin-top: 4px; }
.wt-kpi-value { font-size: 16px; font-weight: 600; }
.wt-help { font-size: 11.5px; color: #666; line-height: 1.25; }
.wt-group { font-weight: 700; margin-top: 8px; font-size: 14px; }
.wt-subgroup { font-weight: 600; margin-top: 4px; font-size: 12.5px; }
.wt-lever { margin-bottom: 4px; }
.wt-lever .v-input--selection-controls { margin-top: 0; }
.wt-staff { display: grid; grid-template-columns: 1fr 1fr; column-gap: 8px; }
.wt-staff-label { display: block; font-size: 11.5px; color: #555; line-height: 1.2;
                  margin-top: 4px; min-height: 2.4em; }
.wt-configs { gap: 12px; }
.wt-config { border: 2px solid; border-radius: 8px; padding: 6px 10px; min-width: 280px;
             flex: 1 1 280px; }
.wt-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr));
            gap: 10px; }
.wt-kpi { padding: 8px 10px !important; }
.wt-kpi-label { font-size: 12.5px; font-weight: 600; color: #333; min-height: 2.4em; }
.wt-kpi-diff { font-size: 13px; }
.wt-verdict { color: white; border-radius: 10px; padding: 0 8px; font-size: 11.5px;
              align-self: flex-start; }
.wt-charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(430px, 1fr));
             gap: 10px; margin-top: 10px; }
.wt-chart img { max-width: 100%; height: auto; }
.wt-status { font-size: 13px; color: #444; }
.wt-stale { opacity: 0.45; transition: opacity 0.2s; }
.wt-h2 { font-size: 17px; font-weight: 700; margin-top: 6px; }
@media (max-width: 900px) { .wt-side { width: 100%; flex: 1 1 100%; } }
"""
