"""The explorer's controls: the preset of A and B, their levers (each widget chosen from its
parameter spec, so its range and type are the scenario's own) and the run's own fields.

Every change goes back through `on_settings`, which writes the page's address.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import reacton.ipyvuetify as rv
import solara

from wijkteam.model import parameter_spec

from . import charts, i18n
from .i18n import t
from .scenarios import Checked, shown_value
from .state import (
    DEFAULT_REPLICATIONS,
)
from .urlstate import CONFIGS, Settings, as_text
from .widgets import Choice, NumberField


@solara.component
def ConfigHeader(settings: Settings, on_settings):
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
def LeverPanel(settings: Settings, on_settings, checked: Checked):
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
def RunPanel(settings: Settings, on_settings, checked: Checked):
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
