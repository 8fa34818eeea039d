"""Scenario explorer for policy makers: two configurations A and B on the same residents.

Every piece of state lives in the components of one browser session (`solara.use_reactive`),
the runs happen in a thread of the session (state.compare_steps), and the lever widgets are built
from `parameter_spec(name)`, so their ranges and types are the scenario's own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import cast

import solara

from wijkteam.model import Scenario

from . import charts, i18n
from .export import ExportPanel
from .hooks import use_session
from .i18n import t
from .levers import ConfigHeader, LeverPanel, RunPanel
from .results import Results, Shown, Status, redraw_charts, result_labels
from .scenarios import check, resident_differences
from .state import CancelToken, compare_steps
from .sweep import SweepPanel
from .urlstate import Settings, as_text
from .widgets import JumpButton


@solara.component
def Explorer(settings: Settings, on_settings: Callable[[Settings], None]):
    """The explorer for `settings` (from the page's address); every change goes back through
    `on_settings`, which writes the address."""
    lang = settings.lang
    session = use_session()
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
    ConfigHeader(settings, on_settings)
    with solara.Row(classes=["wt-explorer"], style={"align-items": "flex-start"}):
        with solara.Column(classes=["wt-side"]):
            # past the levers to the results: shown on narrow screens, where the results
            # come after every lever, and to the keyboard (WCAG 2.4.1, bypass blocks)
            JumpButton(i18n.tx("jump_results", lang), ".wt-main", css="wt-jump-results")
            LeverPanel(settings, on_settings, checked)
            RunPanel(settings, on_settings, checked)
            ExportPanel(settings, on_settings, checked, shown)
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
                        Status(lang, current, stale, total, key is not None)
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
                        Results(lang, shown)
            # the sweep stays on the page while a lever holds a typo (its results were lost
            # with it), on the last valid A and B, and runs again once they are valid
            if scenarios["A"] is not None and scenarios["B"] is not None:
                last_valid.current = (scenarios["A"], scenarios["B"])
            if last_valid.current is not None:
                paused = scenarios["A"] is None or scenarios["B"] is None
                SweepPanel(lang, *last_valid.current, names, starred, session, paused)


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
