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


def test_replications_ahead_come_back_in_seed_order() -> None:
    """With several replications in the pool at once (a pool of its own), the pairs still
    come in seed order, as without a pool, however the pool finishes them."""

    def late_first(scenario: Scenario, seed: int, first: bool) -> tuple[float, int, bool]:
        if seed == 1:
            threading.Event().wait(0.2)  # the first replication finishes last
        return seen(scenario, seed, first)

    seeds = [1, 2, 3, 4, 5]
    with ThreadPoolExecutor(4) as pool:
        pairs = list(paired_runs(A, B, seeds, submit=partial(pool.submit, late_first), ahead=4))
    assert pairs == list(paired_runs(A, B, seeds, run=seen))


def test_a_failure_with_replications_ahead_cancels_the_rest() -> None:
    started: list[int] = []
    gate = threading.Event()

    def first_fails(scenario: Scenario, seed: int, first: bool) -> None:
        started.append(seed)
        if seed == 1:
            raise RuntimeError("boom at seed 1")
        gate.wait(5)

    with ThreadPoolExecutor(1) as pool, pytest.raises(RuntimeError, match="seed 1"):
        list(paired_runs(A, B, [1, 2, 3], submit=partial(pool.submit, first_fails), ahead=3))
    gate.set()
    # one worker: the replications queued behind the failure were cancelled, not run
    # (seed 1's B may have started before the cancel reached it)
    assert set(started) == {1}
