"""The Wijkteam dashboard: `solara run wijkteam/dashboards/app.py` (or `wijkteam dashboard`).

One page with two views, the scenario explorer (policy makers) and the classroom (teachers),
and a language switch. All state is created per browser session inside the components.
"""

from __future__ import annotations

import solara

from wijkteam.dashboards import state
from wijkteam.dashboards.classroom import Classroom
from wijkteam.dashboards.explorer import Explorer
from wijkteam.dashboards.i18n import t
from wijkteam.dashboards.page import PageSettings

state.warm_up()  # start the worker processes with the server, not at the first click


@solara.component
def Page():
    lang = solara.use_reactive("en")
    view = solara.use_reactive("explorer")
    solara.Title("Wijkteam")
    PageSettings(lang.value)  # lang attribute, zoom, focus rings, contrast, narrow screens
    with solara.Column(style={"padding": "12px 18px", "max-width": "1600px"}):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            with solara.Column(gap="0px", style={"flex": "1 1 auto"}):
                solara.Text(
                    t("title", lang.value), style={"font-size": "22px", "font-weight": "700"}
                )
                solara.Text(
                    t("subtitle", lang.value), style={"color": "#555"}, classes=["wt-page-subtitle"]
                )
            solara.ToggleButtonsSingle(
                value=view,
                children=[
                    solara.Button(t("tab_explorer", lang.value), value="explorer"),
                    solara.Button(t("tab_classroom", lang.value), value="classroom"),
                ],
            )
            solara.ToggleButtonsSingle(
                value=lang,
                children=[
                    solara.Button("English", value="en"),
                    solara.Button("Nederlands", value="nl"),
                ],
            )
        if view.value == "explorer":
            Explorer(lang.value)
        else:
            Classroom(lang.value)
