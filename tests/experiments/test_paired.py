"""The one loop of paired replications (`wijkteam compare` and the dashboard's explorer)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest

from wijkteam.experiments.paired import paired_runs
from wijkteam.model import Scenario


def seen(scenario: Scenario, seed: int, first: bool) -> tuple[float, int, bool]:
    return scenario.arrivals_per_day, seed, first


A, B = Scenario(), Scenario().with_updates({"arrivals_per_day": 7.0})


def test_a_and_b_share_each_seed_in_order() -> None:
    with ThreadPoolExecutor(2) as pool:
        pairs = list(paired_runs(A, B, [11, 12, 13], submit=partial(pool.submit, seen)))
    a = A.arrivals_per_day
    assert pairs == [((a, s, s == 11), (7.0, s, s == 11)) for s in (11, 12, 13)]
    assert list(paired_runs(A, B, [11, 12, 13], run=seen)) == pairs  # same without a pool


def test_cancel_stops_before_the_next_replication() -> None:
    cancel = threading.Event()
    pairs = paired_runs(A, B, [1, 2, 3], run=seen, cancel=cancel)
    assert next(pairs)[0][1] == 1
    cancel.set()
    assert list(pairs) == []


def fails(scenario: Scenario, seed: int, first: bool) -> None:
    raise RuntimeError(f"boom at seed {seed}")


def test_a_failing_replication_is_raised() -> None:
    with ThreadPoolExecutor(2) as pool, pytest.raises(RuntimeError, match="seed 5"):
        list(paired_runs(A, B, [5, 6], submit=partial(pool.submit, fails)))
