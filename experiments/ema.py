"""The model for the EMA workbench: one function with flat keyword arguments, and its parameters.

The EMA workbench (exploratory modelling and analysis, `pip install wijkteam[ema]`) drives a
Python function whose keyword arguments are the uncertainties and levers and whose result is a
dict of outcomes. `wijkteam_model` is that function; `ema_parameters` builds the workbench's
parameter objects from the scenario's own declarations, so ranges, choices and types have one
home. Keyword arguments are identifier-safe flat names: `staff.youth` becomes `staff__youth`
(`wijkteam.model.parameters.identifier`).

    from ema_workbench import Model, perform_experiments
    from wijkteam.experiments.ema import ema_model

    model = ema_model(uncertainties={"arrivals_per_day": (2.5, 3.7)}, levers={"routing": None})
    experiments, outcomes = perform_experiments(model, scenarios=20, policies=2)

This module imports the workbench only inside the functions that build its objects, so
`wijkteam_model` works without the extra.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wijkteam.model import KPIS, Scenario, parameter_spec, preset, simulate
from wijkteam.model.parameters import from_identifier, identifier


def wijkteam_model(
    seed: int = 0, preset_name: str | None = None, **params: Any
) -> dict[str, float]:
    """Simulate one replication and return its KPIs (`summary.KPIS`, as floats).

    `params` are identifier-safe flat parameter names (`arrivals_per_day=3.7`,
    `staff__youth=5`, `routing="skill"`) applied on top of `preset_name` (a preset, or the
    default scenario when None). Values are checked like the CLI's: an unknown name or a value
    out of range raises ScenarioError naming it."""
    base = preset(preset_name) if preset_name else Scenario()
    scenario = base.with_updates({from_identifier(k): v for k, v in params.items()})
    summary = simulate(scenario, seed=int(seed))
    return {k: float(summary[k]) for k in KPIS}


def ema_parameters(ranges: Mapping[str, Any]) -> list[Any]:
    """The workbench's parameters for `ranges`: {flat or identifier name: (lo, hi) | choices |
    None}. None takes the declared range or choices; whole-number parameters become
    IntegerParameter, true/false ones BooleanParameter, choices CategoricalParameter. A
    range outside the declared one is refused (ScenarioError), so a sweep cannot ask the model
    for a value it would reject run by run."""
    from ema_workbench import (
        BooleanParameter,
        CategoricalParameter,
        IntegerParameter,
        RealParameter,
    )

    from wijkteam.model.parameters import check_value

    out: list[Any] = []
    for key, bounds in ranges.items():
        name = from_identifier(key)
        spec = parameter_spec(name)
        default = spec["default"]
        safe = identifier(name)
        if isinstance(default, bool):
            out.append(BooleanParameter(safe))
        elif isinstance(default, str):
            choices = list(bounds) if bounds is not None else list(spec["choices"])
            for choice in choices:
                check_value(name, choice)
            out.append(CategoricalParameter(safe, choices))
        else:
            lo, hi = bounds if bounds is not None else (spec["lo"], spec["hi"])
            lo, hi = check_value(name, lo), check_value(name, hi)
            kind = IntegerParameter if isinstance(default, int) else RealParameter
            out.append(kind(safe, lo, hi))
    return out


def ema_outcomes(kpis: list[str] | None = None) -> list[Any]:
    """ScalarOutcomes for `kpis` (all of `summary.KPIS` when None)."""
    from ema_workbench import ScalarOutcome

    return [ScalarOutcome(k) for k in (kpis or list(KPIS))]


def ema_model(
    uncertainties: Mapping[str, Any],
    levers: Mapping[str, Any] | None = None,
    seed: int = 0,
    preset_name: str | None = None,
    kpis: list[str] | None = None,
    name: str = "wijkteam",
) -> Any:
    """A ready workbench Model of `wijkteam_model`: uncertainties and levers as in
    `ema_parameters`, the seed and preset as constants, the KPIs as outcomes."""
    from ema_workbench import Constant, Model

    model = Model(name, function=wijkteam_model)
    model.uncertainties = ema_parameters(uncertainties)
    model.levers = ema_parameters(levers or {})
    constants = [Constant("seed", seed)]
    if preset_name:
        constants.append(Constant("preset_name", preset_name))
    model.constants = constants
    model.outcomes = ema_outcomes(kpis)
    return model
