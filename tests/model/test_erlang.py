"""The queueing limit of the model (docs/ODD.md): with one domain, no hidden needs,
exponential effort, one case per professional and no overhead the model is an M/M/c queue,
and its mean wait and P(wait) must match Erlang C within the simulation's confidence
interval. Islands with perfect routing are D independent M/M/c queues; a fully skilled
integral team is one pooled M/M/(D*c) queue."""

from __future__ import annotations

import pytest

from wijkteam.experiments.paired import replication_seeds
from wijkteam.model import WijkteamModel, preset

from .queueing import ci, erlang_c

# Validation against queueing theory: many long replications (minutes on two cores).
pytestmark = pytest.mark.slow

REPLICATIONS = 8


def replicate(name: str, updates: dict) -> tuple[list[float], list[float]]:
    """Mean wait and share who waited, per independent replication."""
    waits, p_waits = [], []
    for seed in replication_seeds(2024, REPLICATIONS):
        model = WijkteamModel(preset(name, updates), seed=seed)
        model.run()
        summary = model.summary()
        waits.append(summary["wait_first_contact_mean"])
        p_waits.append(summary["p_wait"])
    return waits, p_waits


@pytest.mark.parametrize(
    ("servers", "lam", "horizon"),
    [(1, 0.8, 6000), (5, 4.0, 3000), (10, 8.0, 2000), (10, 9.0, 3000)],
)
def test_single_desk_matches_erlang_c(servers: int, lam: float, horizon: float) -> None:
    waits, p_waits = replicate(
        "mmc-islands",
        {"domains": 1, "servers": servers, "arrivals_per_day": lam, "horizon_days": horizon},
    )
    p_theory, wq_theory = erlang_c(servers, lam)
    lo, hi = ci(waits)
    assert lo <= wq_theory <= hi, f"Wq {wq_theory:.4f} outside the simulation's CI [{lo}, {hi}]"
    lo, hi = ci(p_waits)
    assert lo <= p_theory <= hi, f"P(wait) {p_theory:.4f} outside CI [{lo}, {hi}]"


@pytest.mark.parametrize(("domains", "servers"), [(8, 2), (4, 5)])
def test_islands_are_independent_queues_and_the_pooled_team_one_big_queue(
    domains: int, servers: int
) -> None:
    """At load 0.8: D desks of c behave as D separate M/M/c queues (each gets 1/D of the
    arrivals); the pooled team as one M/M/(D*c) — and waits far less."""
    lam = 0.8 * domains * servers
    updates = {
        "domains": domains,
        "servers": servers,
        "arrivals_per_day": lam,
        "horizon_days": 1500,
    }
    islands, _ = replicate("mmc-islands", updates)
    pooled, _ = replicate("mmc-pooled", updates)
    _, wq_desk = erlang_c(servers, lam / domains)
    _, wq_pooled = erlang_c(domains * servers, lam)
    lo, hi = ci(islands)
    assert lo <= wq_desk <= hi, f"islands Wq {wq_desk:.4f} outside [{lo}, {hi}]"
    lo, hi = ci(pooled)
    assert lo <= wq_pooled <= hi, f"pooled Wq {wq_pooled:.4f} outside [{lo}, {hi}]"
    assert max(pooled) < min(islands)


def test_littles_law() -> None:
    """L = lambda W, for the queue and for the system: the time-average number waiting
    (sampled every day) equals arrival rate x mean wait, and the number in service equals
    the offered load."""
    lam, mean_service = 8.0, 1.0
    model = WijkteamModel(
        preset("mmc-islands", {"sample_every_days": 1.0, "horizon_days": 6000}), seed=7
    )
    model.run()
    summary = model.summary()
    series = model.timeseries_frame()
    series = series[series.time >= model.params.warmup_days]
    assert series.waiting_treatment.mean() == pytest.approx(
        lam * summary["wait_first_contact_mean"], rel=0.05
    )
    assert series.in_treatment.mean() == pytest.approx(lam * mean_service, rel=0.03)
