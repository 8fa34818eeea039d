"""The model behaves as a Mesa user expects: flat keyword arguments, `steps` and `running`,
a DataCollector with the time series, `mesa.batch_run`, and `model.scenario`."""

from __future__ import annotations

import warnings

import mesa
import pytest

from wijkteam.model import Household, ScenarioError, WijkteamModel, preset
from wijkteam.model.workload import SERIES_COLUMNS

SHORT = {"warmup_days": 0.0, "horizon_days": 30.0}


def test_flat_keyword_arguments_build_the_same_model_as_a_scenario() -> None:
    by_kwargs = WijkteamModel(arrivals_per_day=7, seed=1, **SHORT)
    by_scenario = WijkteamModel(preset("default", {"arrivals_per_day": 7, **SHORT}), seed=1)
    assert by_kwargs.params == by_scenario.params
    by_kwargs.run()
    by_scenario.run()
    assert by_kwargs.summary() == pytest.approx(by_scenario.summary(), nan_ok=True)


def test_flat_keyword_arguments_change_a_given_scenario_and_are_checked() -> None:
    m = WijkteamModel(preset("islands"), seed=0, **{"staff.youth": 3})
    assert m.params.routing == "desk" and m.params.staff["youth"] == 3
    with pytest.raises(ScenarioError, match="arrivals_per_day"):
        WijkteamModel(arrivals_per_day=-1)


def test_steps_count_days_and_running_ends_with_the_horizon() -> None:
    m = WijkteamModel(seed=0, **SHORT)
    assert (m.steps, m.running) == (0, True)
    m.step()
    m.step()
    assert (m.time, m.steps, m.running) == (2.0, 2, True)
    m.run_model()  # Mesa's loop: `while running: step()`
    assert m.time == m.end_time == 30.0
    assert (m.steps, m.running) == (30, False)


def test_run_ends_not_running() -> None:
    m = WijkteamModel(seed=0, **SHORT)
    m.run()
    assert not m.running and m.steps == 30


def test_datacollector_holds_the_sampled_time_series() -> None:
    m = WijkteamModel(seed=0, **SHORT)
    m.run()
    frame = m.datacollector.get_model_vars_dataframe()
    series = m.timeseries_frame()
    assert list(frame.columns) == list(SERIES_COLUMNS[1:])
    assert len(frame) == len(series)
    assert frame["waiting_intake"].tolist() == series["waiting_intake"].tolist()
    assert frame["utilisation"].between(0, 1).all()


def test_scenario_is_mesas_read_only_mirror_of_the_parameters() -> None:
    m = WijkteamModel(preset("integral"), seed=4)
    assert isinstance(m.scenario, mesa.experimental.scenarios.Scenario)
    assert m.scenario.arrivals_per_day == m.params.arrivals_per_day
    assert m.scenario.routing == "skill"
    assert m.scenario.rng == 4


def test_seed_none_draws_a_seed_and_keeps_it() -> None:
    a = WijkteamModel(seed=None, **SHORT)
    assert isinstance(a.seed, int)
    b = WijkteamModel(seed=a.seed, **SHORT)
    a.run()
    b.run()
    assert a.summary() == pytest.approx(b.summary(), nan_ok=True)


def test_household_keeps_mesas_numpy_rng() -> None:
    m = WijkteamModel(seed=0, **SHORT)
    m.run_for(5)
    household = next(iter(m.agents_by_type[Household]))
    assert household.rng is m.rng  # Mesa's shared numpy generator, not shadowed
    assert household.own_random is not m.random  # its own draws live beside Mesa's


def test_batch_run_over_two_parameters_finishes_with_a_row_per_run() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Mesa's `iterations`
        rows = mesa.batch_run(
            WijkteamModel,
            parameters={"arrivals_per_day": [3.0, 9.0], "horizon_days": 40.0, "warmup_days": 0.0,
                        "front_door": ["desk", "single"]},
            iterations=1,
            max_steps=1000,
            number_processes=1,
            display_progress=False,
        )  # fmt: skip
    assert len(rows) == 4
    for row in rows:
        assert row["Step"] == 40.0  # the last sample: the end of the horizon, not max_steps
        assert set(SERIES_COLUMNS[1:]) <= set(row)
        assert 0 <= row["utilisation"] <= 1
    busy = {r["front_door"]: r["utilisation"] for r in rows if r["arrivals_per_day"] == 9.0}
    calm = {r["front_door"]: r["utilisation"] for r in rows if r["arrivals_per_day"] == 3.0}
    assert all(busy[d] > calm[d] for d in ("desk", "single"))
