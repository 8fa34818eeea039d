"""The one loop of paired replications (`wijkteam compare` and the dashboard's explorer)."""

from __future__ import annotations

import math
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import numpy as np
import pytest
import scipy.stats

from wijkteam.experiments.comparison import paired_runs
from wijkteam.experiments.paired import (
    compare_runs,
    mean_ci,
    paired_difference,
    possible_range,
)
from wijkteam.model import KPIS, Scenario


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

    finished: list[int] = []
    change = threading.Condition()

    def late_first(scenario: Scenario, seed: int, first: bool) -> tuple[float, int, bool]:
        if seed == 1:  # the first replication finishes last: after seeds 2-4, A and B
            with change:
                assert change.wait_for(lambda: len(finished) >= 6, timeout=60), finished
        result = seen(scenario, seed, first)
        with change:
            finished.append(seed)
            change.notify_all()
        return result

    seeds = [1, 2, 3, 4, 5]
    with ThreadPoolExecutor(4) as pool:
        pairs = list(paired_runs(A, B, seeds, submit=partial(pool.submit, late_first), ahead=4))
    assert set(finished[:6]) == {2, 3, 4} and finished[6:] == [1, 1, 5, 5]
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


def test_the_interval_is_students_t_by_hand_and_by_scipys_one_sample_test() -> None:
    """Every verdict (compare, report, dashboard) rests on this interval. By hand: 1, 2, 3
    have mean 2 and standard deviation 1, and t(0.975, 2 degrees of freedom) = 4.3027 from a
    table, so the half-width is 4.3027 / sqrt(3). Against another route: the interval of
    SciPy's one-sample t-test, for a sample of 12 at 95% and at 90%."""
    mean, lo, hi = mean_ci([1.0, 2.0, 3.0])
    assert mean == 2.0
    assert (lo, hi) == pytest.approx(
        (2 - 4.3027 / math.sqrt(3), 2 + 4.3027 / math.sqrt(3)), abs=1e-4
    )
    x = np.random.default_rng(3).normal(5.0, 2.0, 12)
    for level in (0.95, 0.90):
        ci = scipy.stats.ttest_1samp(x, 0.0).confidence_interval(level)
        assert mean_ci(list(x), level) == pytest.approx((x.mean(), ci.low, ci.high), rel=1e-12)


def test_an_interval_is_cut_to_what_the_quantity_can_be() -> None:
    """Two replications of a share, 0% and 90%: Student's t (12.7 at one degree of freedom)
    gives 45% ± 572 points, so the interval is cut to 0-100%; the paired difference of two
    shares to ±100 points; a difference of days is not cut at all (it may be any sign)."""
    mean, lo, hi = mean_ci([0.0, 0.9], within=possible_range("share"))
    assert (mean, lo, hi) == pytest.approx((0.45, 0.0, 1.0))
    uncut = mean_ci([0.0, 0.9])
    assert uncut[1] < -5 and uncut[2] > 6
    diff, lo, hi = paired_difference([0.1, 0.9], [0.9, 0.1], within=possible_range("share"))
    assert (diff, lo, hi) == pytest.approx((0.0, -1.0, 1.0))
    assert paired_difference([1.0, 9.0], [9.0, 1.0], within=possible_range("days"))[1] < -50
    assert mean_ci([0.5, 40.0], within=possible_range("days"))[1] == 0.0
    table = compare_runs(
        [{k: 0.0 for k in KPIS}, {k: 0.9 for k in KPIS}],
        [{k: 0.9 for k in KPIS}, {k: 0.0 for k in KPIS}],
    ).set_index("kpi")
    shares = table[table["unit"] == "share"]
    assert (shares[["lo_a", "lo_b", "diff_lo"]].min() >= [0, 0, -1]).all()
    assert (shares[["hi_a", "hi_b", "diff_hi"]].max() <= [1, 1, 1]).all()


def test_the_paired_difference_is_b_minus_a_per_replication_without_the_missing() -> None:
    """B - A replication by replication (not the difference of two means' intervals); a
    replication without a value is left out, one value gives no interval, unequal lengths
    are an error."""
    a, b = [1.0, 2.0, 4.0, 3.0], [2.0, 4.0, 5.0, math.nan]
    assert paired_difference(a, b) == pytest.approx(mean_ci([1.0, 2.0, 1.0]))
    only = paired_difference([1.0], [3.0])
    assert only[0] == 2.0 and math.isnan(only[1]) and math.isnan(only[2])
    with pytest.raises(ValueError, match="differ in length"):
        paired_difference([1.0, 2.0], [1.0])
