"""The explorer's settings (urlstate.Settings, the page's address) checked and turned into the
scenarios of A and B, with a message per invalid field and the run's work budget.

Nothing here runs the model or draws: `check` is what the page knows before it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wijkteam.model import Scenario, ScenarioError, parameter_names, parameter_spec, preset
from wijkteam.model.calendar import DAYS_PER_YEAR

from . import i18n
from .i18n import t
from .state import (
    DEFAULT_REPLICATIONS,
    MAX_EVENTS_PER_RUN,
    Budget,
    plan,
)
from .urlstate import CONFIGS, Settings


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
