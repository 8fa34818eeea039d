"""The explorer's downloads and import: the scenario files of A and B, the results as CSV,
the one-page report (HTML, PDF), each made at the click from what is on screen, and the
import of a scenario file into A or B.
"""

from __future__ import annotations

import solara

from wijkteam.model import Scenario, ScenarioError, parameter_spec

from . import charts, i18n, report
from .i18n import t
from .results import Shown, card_kpis, result_labels
from .scenarios import Checked, lever_differences
from .urlstate import CONFIGS, Settings
from .widgets import Choice, DownloadButton, FilePicker


@solara.component
def ExportPanel(settings: Settings, on_settings, checked: Checked, shown: Shown | None):
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
