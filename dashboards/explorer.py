"""Scenario explorer for policy makers: two configurations A and B on the same residents.

Every piece of state lives in the components of one browser session (`solara.use_reactive`),
the runs happen in a thread of the session (state.compare_steps), and the lever widgets are built
from `parameter_spec(name)`, so their ranges and types are the scenario's own.
"""

from __future__ import annotations

import base64
import math
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from html import escape
from typing import Any, cast

import reacton.ipyvuetify as rv
import solara

from wijkteam.formatting import diff_text, value_text
from wijkteam.model import KPIS, Scenario, ScenarioError, parameter_names, parameter_spec, preset
from wijkteam.model.calendar import DAYS_PER_YEAR

from . import charts, i18n, report
from .i18n import t
from .info import definition
from .state import (
    DEFAULT_REPLICATIONS,
    MAX_EVENTS_PER_COMPARISON,
    MAX_EVENTS_PER_RUN,
    Budget,
    CancelToken,
    Comparison,
    compare_steps,
    fair_pool,
    plan,
)
from .urlstate import CONFIGS, Settings, as_text
from .widgets import Choice, DownloadButton, FilePicker, JumpButton, NumberField

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


@lru_cache(maxsize=16)
def _preset(name: str) -> Scenario:
    """A preset's scenario (immutable, so one copy serves every session)."""
    return preset(name)


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


# --------------------------------------------------------------------------- widgets
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


# --------------------------------------------------------------------------- the explorer
SEED_MAX = 2**32 - 1
# the run's own fields: how each is parsed and its closed range (messages bad_<field> in i18n)
RUN_FIELDS: dict[str, tuple[Callable[[str], float], float, float]] = {
    "years": (lambda text: float(text.replace(",", ".")), 0.25, 5),
    "reps": (int, 1, 50),
    "seed": (int, 0, SEED_MAX),
}


def check_run_fields(settings: Settings, lang: str) -> tuple[dict[str, str], dict[str, Any]]:
    """The run's own fields (years, replications, seed) parsed, with a message in `lang`
    for each invalid one."""
    errors, values = {}, {}
    raw = {
        "years": settings.years,
        "reps": settings.replications or str(DEFAULT_REPLICATIONS),
        "seed": settings.seed,
    }
    for key, value in raw.items():
        parse, lo, hi = RUN_FIELDS[key]
        try:
            number = parse(value)
        except ValueError:
            number = None
        if number is not None and lo <= number <= hi:
            values[key] = number
        else:
            shown = value if str(value).strip() else i18n.tx("empty_value", lang)
            errors[key] = i18n.tx(f"bad_{key}", lang, value=shown)
    return errors, values


def scenario_of(settings: Settings, c: str, years: float) -> Scenario:
    """The scenario of configuration `c`: preset (or imported file), then its levers."""
    if settings.preset(c) == "file":
        base = Scenario().with_updates(settings.file(c))
        return build_scenario("custom", base, settings.updates(c), years)
    return build_scenario(settings.preset(c), None, settings.updates(c), years)


def resident_differences(a: Scenario, b: Scenario) -> list[str]:
    """Names of the neighbourhood parameters (who the residents are) where A and B differ."""
    names = [n for n in parameter_names() if parameter_spec(n)["group"] == "neighbourhood"]
    return [n for n in names if a.get(n) != b.get(n)]


def lever_differences(a: Scenario, b: Scenario, lang: str) -> list[tuple[str, str, str]]:
    """(label, A, B) of every shown lever where A and B differ: the report's scenario part."""
    out = []
    for name in (*i18n.NEIGHBOURHOOD_LEVERS, *i18n.TEAM_LEVERS, *i18n.STAFF_LEVERS,
                 *i18n.WAY_LEVERS):  # fmt: skip
        va, vb = a.get(name), b.get(name)
        if va != vb:
            out.append((i18n.lever_label(name, lang), _shown(name, va, lang),
                        _shown(name, vb, lang)))  # fmt: skip
    return out


def _shown(name: str, value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return i18n.bool_label(value, lang)
    if isinstance(value, str):
        return i18n.choice_label(name, value, lang)
    if isinstance(value, float):
        return i18n.number_text(value, lang, 3)
    return str(value)


@dataclass(frozen=True)
class Checked:
    """The settings of the page, checked: scenarios, messages per field, the run's budget."""

    scenarios: dict[str, Scenario | None]  # configuration -> its scenario (None: invalid)
    errors: dict  # field name (lever, "years", "reps", "seed") -> message in the language
    top: tuple  # messages for the top of the page
    budget: Budget | None
    values: dict
    key: tuple | None


def check(settings: Settings) -> Checked:
    """Everything the page needs to know before it runs: nothing here runs the model."""
    lang = settings.lang
    errors, values = check_run_fields(settings, lang)
    years = values.get("years", 1.0)
    scenarios: dict[str, Scenario | None] = {}
    top: list[str] = []
    invalid: dict[str, str] = {}  # configuration -> its message
    for c in CONFIGS:
        try:
            scenarios[c] = scenario_of(settings, c, years)
        except ScenarioError as exc:
            scenarios[c] = None
            text = i18n.error_text(exc, lang)
            name = exc.name if exc.name in i18n.LEVERS else exc.name.split(".")[0]
            if name in i18n.LEVERS or name == "staff":
                errors.setdefault(name, text)
            invalid[c] = text
    if len(invalid) == len(CONFIGS) and len(set(invalid.values())) == 1:  # a shared setting
        top.append(t("invalid_both", lang, message=invalid[CONFIGS[0]]))
    else:
        top += [t("invalid", lang, c=c, message=text) for c, text in invalid.items()]
    budget = None
    a, b = scenarios["A"], scenarios["B"]
    if a is not None and b is not None and not errors:
        budget = plan(a, b, values["reps"])
        if budget.refused:
            text = i18n.tx(
                "budget_refused",
                lang,
                events=i18n.thousands_text(budget.events_per_run, lang),
                secs=i18n.number_text(budget.seconds_per_run, lang, 0),
                limit=i18n.thousands_text(MAX_EVENTS_PER_RUN, lang),
            )
            errors["arrivals_per_day"] = errors["years"] = text
            top.append(text)
    key = None
    if a is not None and b is not None and not errors and budget is not None:
        key = (
            a.to_toml(),
            b.to_toml(),
            budget.replications,
            values["seed"],
        )
    return Checked(scenarios, errors, tuple(dict.fromkeys(top)), budget, values, key)


@solara.component
def Explorer(settings: Settings, on_settings: Callable[[Settings], None]):
    """The explorer for `settings` (from the page's address); every change goes back through
    `on_settings`, which writes the address."""
    lang = settings.lang
    session = solara.use_memo(lambda: uuid.uuid4().hex, [])

    def end_session():
        return lambda: fair_pool().cancel_session(session)

    solara.use_effect(end_session, [])
    checked = check(settings)
    key = checked.key
    scenarios = checked.scenarios
    names = settings.presets
    starred = (bool(settings.levers[0]), bool(settings.levers[1]))

    shown, set_shown = solara.use_state(cast(Shown | None, None))
    last_valid = solara.use_ref(cast(tuple[Scenario, Scenario] | None, None))
    latest = solara.use_ref(key)
    latest.current = key

    def launch():
        """Run the comparison of `key` in a thread of this session; a newer key cancels it,
        including the replications already running in the workers."""
        if key is None:
            return None
        cancel = CancelToken()
        labels = result_labels(names, starred, lang)
        scenario_a, scenario_b = scenarios["A"], scenarios["B"]
        address = settings.to_path()

        def publish(value: Shown) -> None:
            if not cancel.is_set() and latest.current == key:
                set_shown(value)

        def work() -> None:
            pngs, drawn = {}, 0
            try:
                for snapshot in compare_steps(
                    scenario_a, scenario_b, key[2], key[3], cancel, session=session
                ):
                    if cancel.is_set():
                        return
                    if redraw_charts(snapshot.done, snapshot.total):
                        pngs = charts.draw_all(snapshot, lang, labels, session=session)
                        drawn = snapshot.done
                    publish(Shown(snapshot, key, names, starred, lang, pngs, drawn, None, address))
            except Exception as exc:  # shown on the page; the session goes on
                publish(Shown(None, key, names, starred, lang, {}, 0, f"{exc}", address))
            finally:
                cancel.discard()

        threading.Thread(target=work, daemon=True, name="wijkteam-compare").start()
        return cancel.set

    solara.use_effect(launch, [key])
    current = shown.comparison if shown is not None else None
    stale = shown is not None and shown.key != key

    solara.Style(CSS)
    # the presets first, above levers and results: they are the first choice, and so come
    # first to the keyboard and on a phone (below the levers they were ~2,400 px down)
    _ConfigHeader(settings, on_settings)
    with solara.Row(classes=["wt-explorer"], style={"align-items": "flex-start"}):
        with solara.Column(classes=["wt-side"]):
            # past the levers to the results: shown on narrow screens, where the results
            # come after every lever, and to the keyboard (WCAG 2.4.1, bypass blocks)
            JumpButton(i18n.tx("jump_results", lang), ".wt-main", css="wt-jump-results")
            _LeverPanel(settings, on_settings, checked)
            _RunPanel(settings, on_settings, checked)
            _ExportPanel(settings, on_settings, checked, shown)
        with solara.Column(classes=["wt-main"]):
            with solara.Column():  # what changes with every run; the sweep keeps its place
                _Residents(settings, on_settings, scenarios)
                for text in checked.top:
                    solara.Error(text, classes=["wt-invalid"])
                budget = checked.budget
                if budget is not None and budget.shortened:
                    solara.Warning(
                        i18n.tx(
                            "budget_shortened",
                            lang,
                            n=budget.replications,
                            asked=budget.asked,
                            events=i18n.thousands_text(budget.events_per_run, lang),
                        ),
                        classes=["wt-shortened"],
                    )
                if shown is not None and shown.error and not stale:
                    solara.Error(shown.error)
                else:
                    total = budget.replications if budget is not None else 0
                    # a live region: a screen reader hears "running 3 of 10", "ready in 4 s"
                    with solara.Div(attributes={"role": "status"}, classes=["wt-status-region"]):
                        _Status(lang, current, stale, total, key is not None)
                if shown is not None and current is not None and current.done > 0:
                    marks = {
                        "data-a": shown.names[0],
                        "data-b": shown.names[1],
                        "data-done": str(current.done),
                        "data-total": str(current.total),
                        "data-stale": str(stale).lower(),
                        # busy while new results are computed; not while the settings are
                        # invalid (nothing runs: the page says it has paused)
                        "aria-busy": str(stale and key is not None).lower(),
                    }
                    with solara.Div(
                        classes=["wt-results"] + (["wt-stale"] if stale else []), attributes=marks
                    ):
                        if stale:  # said in words, not only by the hatching (WCAG 1.4.1)
                            badge = "stale_badge" if key is not None else "paused_badge"
                            with solara.Div(attributes={"role": "status"}):
                                solara.Text(t(badge, lang), classes=["wt-stale-badge"])
                        _Results(lang, shown)
            # the sweep stays on the page while a lever holds a typo (its results were lost
            # with it), on the last valid A and B, and runs again once they are valid
            if scenarios["A"] is not None and scenarios["B"] is not None:
                last_valid.current = (scenarios["A"], scenarios["B"])
            if last_valid.current is not None:
                paused = scenarios["A"] is None or scenarios["B"] is None
                _Sweep(lang, *last_valid.current, names, starred, session, paused)


@solara.component
def _Residents(settings: Settings, on_settings, scenarios):
    """Says plainly when A and B no longer meet the same residents."""
    lang = settings.lang
    a, b = scenarios.get("A"), scenarios.get("B")
    if a is None or b is None:
        return
    differ = resident_differences(a, b)
    if not differ:
        return
    what = ", ".join(i18n.lever_label(n, lang) if n in i18n.LEVERS else n for n in differ[:4]) + (
        " …" if len(differ) > 4 else ""
    )

    def same():
        values = {n: a.get(n) for n in differ}
        levers_b = {k: v for k, v in settings.levers[1].items() if k not in values}
        files_b = dict(settings.files[1])
        for n, v in values.items():
            if n in files_b:
                files_b[n] = as_text(v)
        new = replace(
            settings, levers=(settings.levers[0], levers_b), files=(settings.files[0], files_b)
        )
        for n, v in values.items():
            new = new.with_lever("B", n, v)
        on_settings(new)

    with solara.Div(classes=["wt-residents-differ"]):
        solara.Warning(i18n.tx("neighbourhood_differs", lang, what=what))
        solara.Button(
            i18n.tx("same_residents_button", lang), on_click=same, small=True, outlined=True
        )


@solara.component
def _ConfigHeader(settings: Settings, on_settings):
    lang = settings.lang
    with solara.Row(classes=["wt-configs"]):
        for c in CONFIGS:
            color = charts.CONFIG_COLORS[c]
            preset_name = settings.preset(c)
            names = list(i18n.PRESET_NAMES) + (["file"] if preset_name == "file" else [])
            items = [
                {"text": i18n.preset_label("custom" if n == "file" else n, lang), "value": n}
                for n in names
            ]

            def choose(name, c=c):
                on_settings(settings.with_preset(c, name))

            with solara.Div(classes=["wt-config"], style={"border-color": color}):
                solara.Text(
                    f"{t('config', lang)} {c}", style={"color": color, "font-weight": "700"}
                )
                rv.Select(  # "Preset A": two fields both named "Preset" were one to a reader
                    label=f"{t('preset', lang)} {c}",
                    items=items,
                    v_model=preset_name,
                    on_v_model=choose,
                    dense=True,
                    hide_details=True,
                    class_=f"wt-preset-{c}",
                )
                n = len(settings.levers[CONFIGS.index(c)])
                if n:
                    solara.Text(t("changed", lang, n=n), classes=["wt-help"])


def _base_value(settings: Settings, c: str, name: str) -> Any:
    """A lever's value in the preset (or file) of `c`, before the user's levers."""
    if settings.preset(c) == "file":
        try:
            return Scenario().with_updates(settings.file(c)).get(name)
        except ScenarioError:
            return Scenario().get(name)
    try:
        return _preset(settings.preset(c)).get(name)
    except ScenarioError:
        return Scenario().get(name)


def shown_value(settings: Settings, c: str, name: str) -> Any:
    """What a lever shows: the text the user typed (or the link said), else the preset's."""
    updates = settings.updates(c)
    return updates[name] if name in updates else _base_value(settings, c, name)


@solara.component
def Lever(name: str, value: Any, on_change: Callable, lang: str, error: str | None = None):
    """One lever, its widget chosen from its parameter spec; its value is always shown, and
    `error` (in the page's language) is shown at it."""
    spec = parameter_spec(name)
    label = i18n.lever_label(name, lang)
    help_text = i18n.lever_help(name, lang)
    is_bool = isinstance(spec["default"], bool) and not spec["choices"]
    with solara.Column(gap="0px", classes=["wt-lever", f"wt-lever-{name}"]):
        if is_bool:
            checked = value if isinstance(value, bool) else str(value).lower() == "true"
            solara.Switch(label=label, value=bool(checked), on_value=on_change)
        elif spec["choices"]:
            items = [
                {"text": i18n.choice_label(name, c, lang), "value": c}
                for c in spec["choices"]
                if c != "custom"
            ]
            rv.Select(
                items=items,
                v_model=value,
                on_v_model=on_change,
                dense=True,
                hide_details=True,
                label=label,
                class_="wt-select",
            )
        elif spec["lo"] == 0 and spec["hi"] == 1:
            try:
                number = float(str(value).replace(",", "."))
            except ValueError:
                number = float(spec["default"])
            shown = i18n.number_text(number, lang, 2)
            with solara.Row(classes=["wt-slider-row"], style={"align-items": "center"}):
                solara.Text(label, classes=["wt-lever-label"])
                solara.Text(shown, classes=["wt-slider-value"])
            rv.Slider(
                v_model=number,
                on_v_model=on_change,
                min=0.0,
                max=1.0,
                step=0.05,
                dense=True,
                hide_details=True,
                label="",
                thumb_label=True,
                class_="wt-slider",
                attributes={"aria-label": label},
            )
        else:
            NumberField(
                label,
                as_text(value).replace(".", ",") if lang == "nl" else as_text(value),
                lambda text: on_change(text.replace(",", ".")),
                error,
            )
            error = None  # shown by the field itself
        solara.Text(help_text, classes=["wt-help"])
        if error:
            solara.Error(error, dense=True, classes=["wt-lever-error"])


@solara.component
def _LeverPanel(settings: Settings, on_settings, checked: Checked):
    lang = settings.lang
    editing = solara.use_reactive("A")
    errors = checked.errors

    def setter(c: str | None, name: str):
        return lambda value: on_settings(settings.with_lever(c, name, value))

    with solara.Card(margin=0, classes=["wt-panel"]):
        solara.Text(i18n.tx("neighbourhood_same", lang), classes=["wt-group"])
        for name in i18n.NEIGHBOURHOOD_LEVERS:
            Lever(name, shown_value(settings, "A", name), setter(None, name), lang,
                  errors.get(name)).key(f"n-{name}")  # fmt: skip
    c = editing.value
    color = charts.CONFIG_COLORS[c]
    with solara.Card(margin=0, classes=["wt-panel"], style={"border-top": f"4px solid {color}"}):
        Choice(
            t("edit_config", lang),
            c,
            editing.set,
            {name: name for name in CONFIGS},
            "wt-edit-toggle",
        )
        solara.Text(
            i18n.preset_label(
                "custom" if settings.preset(c) == "file" else settings.preset(c), lang
            ),
            style={"color": color},
        )
        # always there, disabled while nothing was moved: a button that appeared with the
        # first change rebuilt the levers below it, and the keyboard focus on the lever
        # being changed was lost (arrow keys then moved nothing)
        solara.Button(
            t("reset_levers", lang),
            text=True,
            small=True,
            disabled=not settings.levers[CONFIGS.index(c)],
            on_click=lambda: on_settings(settings.reset(c)),
            classes=["wt-reset-levers"],
        )
        solara.Text(t("team", lang), classes=["wt-group"])
        for name in i18n.TEAM_LEVERS:
            Lever(name, shown_value(settings, c, name), setter(c, name), lang,
                  errors.get(name)).key(f"{c}-{name}")  # fmt: skip
        solara.Text(t("staff", lang), classes=["wt-subgroup"])
        with solara.Div(classes=["wt-staff"]):
            for name in i18n.STAFF_LEVERS:
                NumberField(
                    i18n.lever_label(name, lang),
                    as_text(shown_value(settings, c, name)),
                    setter(c, name),
                    errors.get(name),
                    css="wt-staff-field",
                ).key(f"{c}-{name}")
        if errors.get("staff"):
            solara.Error(errors["staff"], dense=True, classes=["wt-lever-error"])
        solara.Text(t("way", lang), classes=["wt-group"])
        for name in i18n.WAY_LEVERS:
            Lever(name, shown_value(settings, c, name), setter(c, name), lang,
                  errors.get(name)).key(f"{c}-{name}")  # fmt: skip


@solara.component
def _RunPanel(settings: Settings, on_settings, checked: Checked):
    lang = settings.lang
    errors = checked.errors

    def set_field(field: str):
        return lambda text: on_settings(replace(settings, **{field: text.replace(",", ".")}))

    with solara.Card(margin=0, classes=["wt-panel"]):
        years = settings.years.replace(".", ",") if lang == "nl" else settings.years
        NumberField(t("years", lang), years, set_field("years"), errors.get("years"),
                    css="wt-years")  # fmt: skip
        NumberField(
            t("replications", lang),
            settings.replications or str(DEFAULT_REPLICATIONS),
            set_field("replications"),
            errors.get("reps"),
            css="wt-reps",
        )
        NumberField(i18n.tx("seed_field", lang), settings.seed, set_field("seed"),
                    errors.get("seed"), css="wt-seed")  # fmt: skip
        solara.Text(i18n.tx("seed_help", lang), classes=["wt-help"])


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
def _Results(lang, shown: Shown):
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


@solara.component
def _ExportPanel(settings: Settings, on_settings, checked: Checked, shown: Shown | None):
    """Downloads (each made at the click from what is on screen) and the import of a file."""
    lang = settings.lang
    target = solara.use_reactive("A")
    message, set_message = solara.use_state(("", True))  # (text, whether it went well)
    scenarios = checked.scenarios
    now = solara.use_ref((scenarios, shown, settings, checked.key))
    now.current = (scenarios, shown, settings, checked.key)

    def toml_of(c: str):
        def make():
            scenario = now.current[0].get(c)
            text = scenario.to_toml() if scenario is not None else ""
            return f"scenario-{c}.toml", "application/toml", text

        return make

    def results(kind: str):
        def make():
            _, current, st, key_now = now.current
            cmp = current.comparison
            labels = result_labels(current.names, current.starred, st.lang)
            if kind == "csv":
                return (
                    "wijkteam-results.csv",
                    "text/csv",
                    report.results_csv(cmp, card_kpis(), labels, st.lang),
                )
            if kind == "runs":
                return "wijkteam-replications.csv", "text/csv", cmp.replications_csv()
            # the report links to the settings of the figures it shows: the page's address
            # now, or, while new settings are running, the one the figures were run for
            address = st.to_path() if current.key == key_now else current.address
            data = report_input(current, st, address or st.to_path())
            if kind == "html":
                return "wijkteam-report.html", "text/html", report.report_html(data)
            return "wijkteam-report.pdf", "application/pdf", report.report_pdf(data)

        return make

    def on_file(name: str, text: str | None) -> None:
        c = target.value
        if text is None:
            set_message(
                (
                    t("import_failed", lang, name=name, message=i18n.tx("import_too_large", lang)),
                    False,
                )
            )
            return
        try:
            scenario = Scenario.from_toml(text)
            if scenario.professionals:
                raise ScenarioError(
                    "professionals",
                    "[…]",
                    "a list of individual professionals cannot be put in the page's address",
                )
        except ScenarioError as exc:
            text = t("import_failed", lang, name=name, message=i18n.error_text(exc, lang))
            set_message((text, False))
            return
        flat, default = scenario.to_flat(), Scenario().to_flat()
        horizon = flat.pop("horizon_days")
        ignored = (
            i18n.tx("import_horizon", lang, days=i18n.number_text(horizon, lang, 0))
            if horizon != default["horizon_days"]
            else ""
        )
        diff = {k: v for k, v in flat.items() if v != default[k]}
        shared = {n: scenario.get(n) for n in i18n.NEIGHBOURHOOD_LEVERS}
        # every resident parameter of the file holds for A and B alike (same residents)
        residents = {n: flat[n] for n in flat if parameter_spec(n)["group"] == "neighbourhood"}
        on_settings(settings.with_file(c, diff, {**residents, **shared}))
        set_message((i18n.tx("imported_both", lang, name=name, c=c) + ignored, True))

    ready = shown is not None and shown.comparison is not None and shown.comparison.done > 0
    with solara.Card(margin=0, classes=["wt-panel"]):
        solara.Text(t("export", lang), classes=["wt-group"])
        with solara.Div(classes=["wt-downloads"]):
            for c in CONFIGS:
                DownloadButton(
                    t("export_scenario", lang, c=c), toml_of(c), css=f"wt-dl-toml-{c}",
                    disabled=scenarios.get(c) is None,
                ).key(f"dl-toml-{c}")  # fmt: skip
            for kind, label in (
                ("csv", i18n.tx("download_results", lang)),
                ("runs", i18n.tx("download_runs", lang)),
                ("html", i18n.tx("download_report_html", lang)),
                ("pdf", i18n.tx("download_report_pdf", lang)),
            ):
                DownloadButton(label, results(kind), css=f"wt-dl-{kind}",
                               disabled=not ready).key(f"dl-{kind}")  # fmt: skip
        Choice(
            i18n.tx("import_into", lang),
            target.value,
            target.set,
            {name: name for name in CONFIGS},
            "wt-import-toggle",
        )
        FilePicker(i18n.tx("import_label", lang, c=target.value), on_file)
        text, went_well = message
        if text and went_well:
            solara.Text(text, classes=["wt-help", "wt-import-message"])
        elif text:  # a file that could not be loaded: an alert, where it will be seen
            solara.Error(text, dense=True, classes=["wt-import-message", "wt-import-error"])


def report_input(current: Shown, settings: Settings, address: str) -> report.ReportInput:
    """What the one-page report of the results on screen shows, with the page address it
    links to (that of the settings the figures were run for)."""
    cmp, lang = current.comparison, settings.lang
    assert cmp is not None  # the report is offered only for results on screen
    labels = result_labels(current.names, current.starred, lang)
    pngs = current.pngs if current.lang == lang else {}
    if not pngs:
        pngs = {n: charts.draw_png(n, cmp, lang, labels) for n in ("waiting_list", "waits")}
    return report.ReportInput(
        cmp,
        card_kpis(),
        labels,
        lang,
        pngs,
        lever_differences(cmp.scenario_a, cmp.scenario_b, lang),
        address,
    )


# --------------------------------------------------------------------------- sweep
# the numeric levers of the neighbourhood and the team (the others are choices or head counts)
SWEEP_LEVERS = (*i18n.NEIGHBOURHOOD_LEVERS, *i18n.TEAM_LEVERS)


@solara.component
def _Sweep(
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
        # each point is a comparison: the same refusal as one (`state.plan`)
        budgets = {
            x: plan(
                scenario_a.with_updates({lever.value: x}),
                scenario_b.with_updates({lever.value: x}),
                r,
            )
            for x in xs
        }
        largest = max(budgets, key=lambda x: budgets[x].events_per_run)
        if budgets[largest].refused:
            set_result(
                {
                    "error": i18n.tx(
                        "sweep_run_refused",
                        lang,
                        x=i18n.number_text(largest, lang, 3),
                        events=i18n.thousands_text(budgets[largest].events_per_run, lang),
                        limit=i18n.thousands_text(MAX_EVENTS_PER_RUN, lang),
                    )
                }
            )
            return
        total = sum(2 * r * budget.events_per_run for budget in budgets.values())
        if total > MAX_EVENTS_PER_COMPARISON:
            set_result(
                {
                    "error": i18n.tx(
                        "sweep_refused",
                        lang,
                        events=i18n.thousands_text(total, lang),
                        limit=i18n.thousands_text(MAX_EVENTS_PER_COMPARISON, lang),
                    )
                }
            )
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
            if "error" in result:
                solara.Error(result["error"], dense=True)
            elif "rows" in result and drawn is not None:
                solara.Text(
                    i18n.tx("sweep_done", lang, total=result["total"]), classes=["wt-status"]
                )
                if result["settings"] != settings_now:  # in words, not only by the hatching
                    solara.Text(
                        i18n.tx("sweep_stale", lang), classes=["wt-stale-badge", "wt-sweep-stale"]
                    )
                alt = i18n.tx(
                    "chart_alt_sweep",
                    lang,
                    what=i18n.kpi_label(result["kpi"], lang),
                    lever=i18n.lever_label(result["lever"], lang),
                )
                data = base64.b64encode(drawn[0]).decode("ascii")
                stale = ["wt-stale"] if result["settings"] != settings_now else []
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=f'<img src="data:image/png;base64,{data}" '
                    f'alt="{escape(alt, quote=True)}" width="100%">',
                    classes=["wt-sweep-chart", *stale],
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
                    on_click=lambda: running.current is not None and running.current.set(),
                    text=True,
                    class_="wt-sweep-stop",
                )


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
/* Vuetify's card text greys (#777 on white, 4.47:1) fall short of WCAG AA's 4.5:1 */
.wt-panel .wt-help, .wt-panel .wt-group, .wt-panel .wt-subgroup { color: #555 !important; }
/* text buttons in the theme's blue (#287fd5, 4.12:1) likewise: a darker blue, 6.6:1 */
.v-btn[class*="wt-dl-"], .v-btn[class*="wt-dl-"] .v-btn__content { color: #1d5c99 !important; }
.wt-lever { margin-bottom: 4px; }
.wt-lever .v-input--selection-controls { margin-top: 0; }
.wt-staff { display: grid; grid-template-columns: 1fr 1fr; column-gap: 8px; }
.wt-staff-label { display: block; font-size: 11.5px; color: #555; line-height: 1.2;
                  margin-top: 4px; min-height: 2.4em; }
.wt-configs { gap: 12px; }
/* a dense select's floating label sits above the field: room for it, so that it does not
   cross the heading or the help text above ("Preset A" over "Configuration A") */
.wt-config .v-select, .wt-sweep .v-select { margin-top: 14px; }
.wt-config { border: 2px solid; border-radius: 8px; padding: 6px 10px; min-width: 280px;
             flex: 1 1 280px; }
.wt-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr));
            gap: 10px; }
.wt-kpi { padding: 8px 10px !important; }
.wt-kpi-label { font-size: 12.5px; font-weight: 600; color: #333; min-height: 2.4em; }
.wt-kpi-diff { font-size: 13px; }
.wt-kpi-def { display: none; font-size: 12px; color: #333; margin-top: 6px; padding-top: 4px;
              border-top: 1px solid #ddd; }
.wt-kpi:focus .wt-kpi-def { display: block; }
.wt-verdict { color: white; border-radius: 10px; padding: 0 8px; font-size: 11.5px;
              align-self: flex-start; }
.wt-charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(430px, 1fr));
             gap: 10px; margin-top: 10px; }
.wt-chart img { max-width: 100%; height: auto; }
.wt-status { font-size: 13px; color: #444; }
.wt-number { margin-top: 14px !important; }
.wt-select { margin-top: 14px !important; }
.wt-slider-row { justify-content: space-between; margin-top: 4px; }
.wt-slider-value { font-weight: 700; font-size: 14px; min-width: 3em; text-align: right; }
.wt-info-mark { display: inline-block; width: 1.2em; height: 1.2em; line-height: 1.2em;
                border-radius: 50%; background: #e0e0e0; color: #333; font-size: 10px;
                text-align: center; font-style: italic; cursor: help; }
.wt-kpi:focus { outline: 2px solid #1f6fb2; }
.wt-conclusion { background: #f5f7fa; border-left: 4px solid #1f6fb2; padding: 6px 12px;
                 margin-top: 10px; }
.wt-conclusion-line { display: block; font-size: 14px; margin: 2px 0; }
.wt-steady { margin-top: 10px; font-size: 13.5px; color: #333; }
.wt-steady .wt-h3 { display: block; font-weight: 700; font-size: 14px; }
.wt-downloads { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0 8px; }
.wt-drop { border: 1px dashed #888; border-radius: 6px; padding: 10px; margin-top: 6px; }
.wt-drop-over { background: #eef5fb; border-color: #1f6fb2; }
.wt-drop-label { display: flex; flex-direction: column; gap: 6px; font-size: 13px; }
.wt-sweep { margin-top: 12px; }
.wt-sweep-table { border-collapse: collapse; font-size: 12.5px; margin-top: 6px; }
.wt-sweep-table caption { text-align: left; color: #555; font-size: 12px; }
.wt-sweep-table th, .wt-sweep-table td { padding: 2px 10px 2px 0; text-align: left; }
.wt-residents-differ { margin: 6px 0; }
/* results of older settings while new ones are computed: hatched, framed, in italics and
   with a badge; no opacity, so every text keeps its AA contrast (4.5:1) meanwhile */
.wt-stale { background: repeating-linear-gradient(135deg, #ffffff 0 10px, #eceff1 10px 20px);
            outline: 2px dashed #546e7a; outline-offset: 4px; border-radius: 4px; }
.wt-stale .wt-kpi-value, .wt-stale .wt-kpi-diff, .wt-stale .wt-conclusion-line {
            font-style: italic; }
.wt-stale img { filter: grayscale(1); }
.wt-stale-badge { display: inline-block; background: #37474f; color: #ffffff;
                  border-radius: 12px; padding: 2px 12px; font-size: 13px; font-weight: 600;
                  margin-bottom: 6px; }
.wt-h2 { font-size: 17px; font-weight: 700; margin-top: 6px; }
.wt-edit-toggle .wt-label { font-weight: 600; }
/* the jump to the results: seen on narrow screens, and by the keyboard when it gets there */
.wt-jump-results:not(:focus) { position: absolute !important; width: 1px; height: 1px;
                               overflow: hidden; clip: rect(0 0 0 0); }
@media (max-width: 900px) {
  .wt-side { width: 100%; flex: 1 1 100%; }
  .wt-jump-results:not(:focus) { position: static !important; width: auto; height: auto;
                                 overflow: visible; clip: auto; }
}
"""
