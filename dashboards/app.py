"""The Wijkteam dashboard: `solara run dashboards/app.py` (or `wijkteam dashboard`).

One page with three views, the scenario explorer (policy makers), the classroom (teachers)
and Info, and a language switch. The view, the language, the explorer's settings and the
classroom's what-ifs and followed team live in the page's address (`urlstate`), so a reload,
back/forward and a shared link restore them; everything else is created per browser session
inside the components.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import cast

import solara

from wijkteam.dashboards import state
from wijkteam.dashboards.classroom import Classroom
from wijkteam.dashboards.explorer import Explorer
from wijkteam.dashboards.i18n import t, tx
from wijkteam.dashboards.info import Info
from wijkteam.dashboards.page import PageSettings
from wijkteam.dashboards.urlstate import FOLLOWS, Settings, parse
from wijkteam.dashboards.widgets import Choice

state.warm_up()  # start the worker processes with the server, not at the first click


@solara.component
def Page():
    # Solara's router is made anew at every render of its routing: the callbacks below,
    # made once, reach the current one through a ref
    now = solara.use_router()
    router = solara.use_ref(now)
    router.current = now
    settings = parse(now.search)
    pushed = solara.use_ref(settings)
    pushed.current = settings

    # Made once: a view is drawn again only when what it is given changes, and a callback
    # made anew at every render would count as a change (a what-if clicked in the classroom
    # redrew the hidden explorer, and a burst of clicks queued behind it).
    on_settings, update, on_explorer = solara.use_memo(
        lambda: _callbacks(router, pushed), dependencies=[]
    )

    lang, view = settings.lang, settings.view
    # The explorer and the classroom stay on the page, hidden, once they have been shown: a
    # look at Info or the other view and back keeps the explorer's results and the class's
    # lesson instead of computing them again. Neither is started for a page opened on
    # another view (a class's link to the classroom).
    seen = solara.use_ref(cast(set[str], set()))
    seen.current.add(view)
    solara.Title("Wijkteam")
    PageSettings(lang)  # lang attribute, zoom, focus rings, contrast, narrow screens
    with solara.Column(style={"padding": "12px 18px", "max-width": "1600px"}):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            with solara.Column(gap="0px", style={"flex": "1 1 auto"}):
                solara.Text(t("title", lang), style={"font-size": "22px", "font-weight": "700"})
                solara.Text(
                    t("subtitle", lang), style={"color": "#555"}, classes=["wt-page-subtitle"]
                )
            Choice(
                tx("view_group", lang),
                view,
                lambda v: on_settings(replace(pushed.current, view=v)),
                {
                    "explorer": t("tab_explorer", lang),
                    "classroom": t("tab_classroom", lang),
                    "info": tx("tab_info", lang),
                },
                "wt-view-toggle",
                show_label=False,
            )
            Choice(
                tx("lang_group", lang),
                lang,
                lambda v: on_settings(replace(pushed.current, lang=v)),
                {"en": "English", "nl": "Nederlands"},
                "wt-lang-toggle",
                show_label=False,
            )
        if "explorer" in seen.current:
            with solara.Div(style=_shown_if(view == "explorer"), classes=["wt-explorer-view"]):
                Explorer(replace(settings, whatifs=(), follow=FOLLOWS[0]), on_explorer)
        if "classroom" in seen.current:
            with solara.Div(style=_shown_if(view == "classroom"), classes=["wt-classroom-view"]):
                Classroom(lang, settings.whatifs, settings.follow, update, view == "classroom")
        if view == "info":
            Info(lang)


def _callbacks(router, pushed):
    """How the page's parts change the settings. `on_settings` writes them into the address
    (a new history entry; the page re-renders from it). `update` changes them as they are
    now, the latest written, which a burst of clicks reaches before the page is drawn again.
    `on_explorer` takes the explorer's settings, which leave out the classroom's, and keeps
    the classroom's as they are."""

    def on_settings(new: Settings) -> None:
        if new != pushed.current:
            pushed.current = new
            router.current.push(new.to_path())

    def update(change: Callable[[Settings], Settings]) -> None:
        on_settings(change(pushed.current))

    def on_explorer(new: Settings) -> None:
        now = pushed.current
        on_settings(replace(new, whatifs=now.whatifs, follow=now.follow))

    return on_settings, update, on_explorer


def _shown_if(visible: bool) -> dict[str, str]:
    """The style of a view kept on the page: hidden, not removed, while another is shown."""
    return {} if visible else {"display": "none"}
