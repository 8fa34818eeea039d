"""The EMA workbench one-liner: flat keyword arguments in, KPIs out; the workbench's
parameters from the scenario's declarations; a real `perform_experiments` run.

Needs the optional extra (`uv sync --extra ema`). Without it the tests skip and say so, unless
WIJKTEAM_REQUIRE_EMA=1 (CI, after installing the extra), where a missing workbench fails."""

from __future__ import annotations

import os
import warnings

import pytest

from wijkteam.model import KPIS, Scenario, ScenarioError, simulate

if os.environ.get("WIJKTEAM_REQUIRE_EMA") == "1":
    import ema_workbench  # noqa: F401  (must be installed: fail, do not skip)
else:
    pytest.importorskip(
        "ema_workbench",
        reason="the EMA workbench is an optional extra: `uv sync --extra ema` to run these",
    )

with warnings.catch_warnings():  # the workbench warns that ipyparallel is not installed
    warnings.simplefilter("ignore")
    from ema_workbench import (
        BooleanParameter,
        CategoricalParameter,
        Constant,
        IntegerParameter,
        RealParameter,
        perform_experiments,
    )

from wijkteam.experiments.ema import ema_model, ema_parameters, wijkteam_model  # noqa: E402

SHORT = {"warmup_days": 10.0, "horizon_days": 40.0}


def test_flat_keywords_give_the_models_own_kpis() -> None:
    kpis = wijkteam_model(arrivals_per_day=5.0, staff__youth=3, routing="skill", seed=3, **SHORT)
    direct = simulate(
        Scenario().with_updates(
            {"arrivals_per_day": 5.0, "staff.youth": 3, "routing": "skill", **SHORT}
        ),
        seed=3,
    )
    assert set(kpis) == set(KPIS)
    assert kpis == {k: float(direct[k]) for k in KPIS}


def test_a_bad_keyword_is_refused_by_name() -> None:
    with pytest.raises(ScenarioError) as info:
        wijkteam_model(staff__yuoth=3, **SHORT)
    assert info.value.name == "staff.yuoth" and info.value.key == "unknown"
    with pytest.raises(ScenarioError) as info:
        wijkteam_model(arrivals_per_day=-2, **SHORT)
    assert info.value.key == "range"


def test_parameters_follow_the_declarations() -> None:
    params = ema_parameters(
        {"arrivals_per_day": (4, 8), "staff.youth": None, "routing": None, "case_lead": None}
    )
    by_name = {p.name: p for p in params}
    assert isinstance(by_name["arrivals_per_day"], RealParameter)
    assert (by_name["arrivals_per_day"].lower_bound, by_name["arrivals_per_day"].upper_bound) == (
        4.0,
        8.0,
    )
    assert isinstance(by_name["staff__youth"], IntegerParameter)
    assert isinstance(by_name["routing"], CategoricalParameter)
    assert [c.value for c in by_name["routing"].categories] == ["desk", "skill"]
    assert isinstance(by_name["case_lead"], BooleanParameter)


def test_a_range_outside_the_declared_one_is_refused() -> None:
    with pytest.raises(ScenarioError) as info:
        ema_parameters({"p_present_root": (0.2, 1.5)})
    assert info.value.name == "p_present_root" and info.value.key == "range"


def test_perform_experiments_runs_the_model_reproducibly() -> None:
    model = ema_model(
        uncertainties={"arrivals_per_day": (4, 8), "staff__youth": (2, 6)},
        levers={"routing": None},
        kpis=["requests", "resolved_share"],
    )
    model.constants = [Constant("seed", 1)] + [Constant(k, v) for k, v in SHORT.items()]
    experiments, outcomes = perform_experiments(model, scenarios=2, policies=2)
    assert len(experiments) == 4 and set(outcomes) == {"requests", "resolved_share"}
    for i, row in experiments.iterrows():
        again = wijkteam_model(
            arrivals_per_day=row["arrivals_per_day"],
            staff__youth=row["staff__youth"],
            routing=row["routing"],
            seed=1,
            **SHORT,
        )
        assert outcomes["requests"][i] == again["requests"]
        assert outcomes["resolved_share"][i] == again["resolved_share"]
