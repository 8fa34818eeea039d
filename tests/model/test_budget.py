"""The work budget: its estimate matches what a run really does, the shipped presets and
experiments fit with room, and a run beyond the limit is refused in one line that says how
to raise it."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from wijkteam.model import PRESETS, ScenarioError, WijkteamModel, preset
from wijkteam.model.budget import (
    DEFAULT_MAX_EVENTS,
    WorkEstimate,
    WorkTooLarge,
    check_work,
    estimate_work,
)

EXPERIMENTS = sorted((Path(__file__).parents[2] / "experiments").glob("*.toml"))


@pytest.mark.parametrize(
    "name, updates",
    [
        ("integral", {"warmup_days": 20.0, "horizon_days": 100.0}),
        ("islands", {"warmup_days": 20.0, "horizon_days": 100.0}),
        ("integral", {"warmup_days": 10.0, "horizon_days": 40.0, "arrivals_per_day": 60.0}),
        ("mmc-pooled", {"warmup_days": 10.0, "horizon_days": 300.0}),
    ],
)
def test_estimate_bounds_the_real_run(name, updates):
    """The estimate errs on the large side, but by less than 3x: events and peak memory of
    a real run (normal load, overload, the queueing preset) lie under it."""
    scenario = preset(name, updates)
    estimate = estimate_work(scenario)
    tracemalloc.start()
    try:
        model = WijkteamModel(scenario, seed=3)
        model.run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    events = model.events._seq  # every event scheduled, including cancelled ones
    assert events <= estimate.events <= 3 * events
    assert peak / 1e6 <= estimate.memory_mb


def test_estimate_grows_with_demand_and_length():
    """Twice the demand or twice the days is about twice the work (requests dominate)."""
    base = estimate_work(preset("default"))
    twice = 2 * preset("default").arrivals_per_day
    more = estimate_work(preset("default", {"arrivals_per_day": twice}))
    default = preset("default")
    longer = estimate_work(
        default.with_updates(
            {"horizon_days": 2 * default.horizon_days, "warmup_days": 2 * default.warmup_days}
        )
    )
    assert 1.7 < more.events / base.events < 2.0  # the weekly team pass stays
    assert 1.9 < longer.events / base.events < 2.1
    assert isinstance(base, WorkEstimate)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_fit_with_room(name):
    assert check_work(preset(name)).events < DEFAULT_MAX_EVENTS / 5


@pytest.mark.parametrize("path", EXPERIMENTS, ids=lambda p: p.stem)
def test_shipped_experiments_fit_with_room(path):
    """Every run of every shipped experiment stays well below the default limit."""
    from wijkteam.experiments.design import load_experiment
    from wijkteam.experiments.runs import make_runs

    spec = load_experiment(path)
    largest = max(estimate_work(r.base.with_updates(r.updates)).events for r in make_runs(spec))
    assert largest < DEFAULT_MAX_EVENTS / 5


def test_too_large_is_refused_in_one_line():
    huge = preset("default", {"arrivals_per_day": 10000.0, "horizon_days": 220000.0})
    with pytest.raises(WorkTooLarge) as info:
        check_work(huge)
    message = str(info.value)
    assert isinstance(info.value, ScenarioError) and isinstance(info.value, ValueError)
    assert "\n" not in message
    assert f"{DEFAULT_MAX_EVENTS:,}" in message  # the limit
    assert f"{estimate_work(huge).events:,}" in message  # the estimate
    assert "--max-events" in message  # how to raise it


def test_limit_can_be_raised_and_lowered():
    scenario = preset("default")
    events = estimate_work(scenario).events
    assert check_work(scenario, max_events=events) == estimate_work(scenario)
    with pytest.raises(WorkTooLarge):
        check_work(scenario, max_events=events - 1)
