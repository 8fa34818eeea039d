"""Paired comparisons on common random numbers.

Replication r of configuration A and replication r of configuration B use the same seed, so
they see the same households (same arrivals, needs and patience). The difference per
replication then carries far less noise than the difference of two independent means, and its
confidence interval (Student t over the paired differences) is correspondingly narrow.
"""

from __future__ import annotations

import contextlib
import math
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from typing import Protocol

import numpy as np
import pandas as pd
from scipy import stats

from wijkteam.model import KPIS, Scenario, simulate


def replication_seeds(seed: int, replications: int) -> list[int]:
    """Distinct, reproducible seeds for `replications` replications of master `seed`."""
    return [int(x) for x in np.random.SeedSequence(seed).generate_state(replications)]


Range = tuple[float, float]  # the values a quantity can take, (low, high)
OPEN: Range = (-math.inf, math.inf)


def possible_range(unit: str) -> Range:
    """The values a KPI measured in `unit` (`KPIS`) can take: a share or an index lies in
    [0, 1]; days, counts and euros are never negative."""
    if unit in ("share", "index"):
        return (0.0, 1.0)
    return (0.0, math.inf) if unit in ("days", "count", "euro") else OPEN


def mean_ci(
    values: Sequence[float], level: float = 0.95, within: Range = OPEN
) -> tuple[float, float, float]:
    """Mean and Student-t confidence interval; NaNs are left out, one value gives no interval.
    The interval is cut to `within`, the values the quantity can take: with two or three
    replications a t interval of a share can reach below 0% or above 100%, and what lies
    outside is known not to hold the true value (cutting it keeps the coverage)."""
    x = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if len(x) == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(x.mean())
    if len(x) < 2:
        return (mean, math.nan, math.nan)
    half = float(stats.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x)))
    return (mean, max(mean - half, within[0]), min(mean + half, within[1]))


def paired_difference(
    a: Sequence[float], b: Sequence[float], level: float = 0.95, within: Range = OPEN
) -> tuple[float, float, float]:
    """Mean of b - a over paired replications, with its confidence interval; `within` is the
    range of a and b, so the difference lies within ±(its width)."""
    if len(a) != len(b):
        raise ValueError(f"paired samples differ in length: {len(a)} and {len(b)}")
    width = within[1] - within[0]
    return mean_ci([y - x for x, y in zip(a, b, strict=True)], level, (-width, width))


def _summary(scenario: Scenario, seed: int, first: bool) -> dict[str, float]:
    """One replication's summary (the `run` of `paired_runs` when only the KPIs are wanted)."""
    return simulate(scenario, seed)


class CancelFlag(Protocol):
    """What stops the loop: a `threading.Event`, or the dashboard's cancel file, which a
    worker process can see too (`dashboards.state.CancelToken`)."""

    def is_set(self) -> bool: ...


def paired_runs[R](
    scenario_a: Scenario,
    scenario_b: Scenario,
    seeds: Sequence[int],
    run: Callable[[Scenario, int, bool], R] | None = None,
    submit: Callable[[Scenario, int, bool], Future[R]] | None = None,
    cancel: CancelFlag | None = None,
    ahead: int = 1,
) -> Iterator[tuple[R, R]]:
    """The one loop of paired replications: replication by replication, A and B on the same
    seed (common random numbers), yielded as soon as both are done.

    Give `run(scenario, seed, first)` to simulate in this thread, or `submit(scenario, seed,
    first) -> Future` to hand the work to a pool (e.g. `partial(pool.submit, run)`); `first`
    is True for the first seed, which a caller may want in more detail. With `submit`, A and
    B of `ahead` replications are in the pool at a time (default one: another user of a
    shared pool never waits behind a long line of work; a pool of its own, as `wijkteam
    compare` has, keeps every worker busy with one replication a worker). Pairs are yielded
    in seed order; a failure cancels what is in the pool and is raised (a cancelled future
    raises CancelledError). `cancel` stops the loop before the next replication starts."""
    if (run is None) == (submit is None):
        raise TypeError("paired_runs needs exactly one of run and submit")
    if run is not None:
        for i, seed in enumerate(seeds):
            if cancel is not None and cancel.is_set():
                return
            yield run(scenario_a, seed, i == 0), run(scenario_b, seed, i == 0)
        return
    assert submit is not None
    pending: deque[tuple[Future[R], Future[R]]] = deque()
    try:
        for i, seed in enumerate(seeds):
            if cancel is not None and cancel.is_set():
                break
            pending.append((submit(scenario_a, seed, i == 0), submit(scenario_b, seed, i == 0)))
            if len(pending) >= ahead:
                yield _first_pair(pending)
        while pending and not (cancel is not None and cancel.is_set()):
            yield _first_pair(pending)
    finally:  # a failure, a cancel, or a caller that stops early: nothing is left running
        for fa, fb in pending:
            fa.cancel()
            fb.cancel()


def _first_pair[R](pending: deque[tuple[Future[R], Future[R]]]) -> tuple[R, R]:
    """The results of the oldest pair in the pool, taken off the line once both are in (a
    failure leaves it there, to be cancelled with the rest)."""
    fa, fb = pending[0]
    pair = fa.result(), fb.result()
    pending.popleft()
    return pair


def run_pairs(
    scenario_a: Scenario,
    scenario_b: Scenario,
    replications: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Run both configurations on the same seeds; returns their summaries in seed order.
    With `workers` > 1, in a process pool of its own, a replication a worker at a time: the
    same summaries (each run seeds itself from its replication's seed), sooner."""
    runs_a, runs_b = [], []
    seeds = replication_seeds(seed, replications)
    workers = min(workers, len(seeds))
    with contextlib.ExitStack() as stack:
        if workers > 1:
            from .executors import model_pool, running

            pool = stack.enter_context(running(model_pool(workers), workers))

            def submit(scenario: Scenario, seed: int, first: bool) -> Future[dict[str, float]]:
                return pool.submit(_summary, scenario, seed, first)

            pairs = paired_runs(scenario_a, scenario_b, seeds, submit=submit, ahead=workers)
        else:
            pairs = paired_runs(scenario_a, scenario_b, seeds, run=_summary)
        for i, (a, b) in enumerate(pairs):
            runs_a.append(a)
            runs_b.append(b)
            if progress is not None:
                progress(i + 1, len(seeds))
    return runs_a, runs_b


def compare_runs(
    runs_a: list[dict[str, float]], runs_b: list[dict[str, float]], level: float = 0.95
) -> pd.DataFrame:
    """One row per KPI: mean and CI of A and of B, and the paired difference B - A."""
    rows = []
    for kpi, (label, unit, lower_better) in KPIS.items():
        a = [r[kpi] for r in runs_a]
        b = [r[kpi] for r in runs_b]
        within = possible_range(unit)
        mean_a, lo_a, hi_a = mean_ci(a, level, within)
        mean_b, lo_b, hi_b = mean_ci(b, level, within)
        pairs = [(x, y) for x, y in zip(a, b, strict=True) if not (math.isnan(x) or math.isnan(y))]
        diff, lo, hi = paired_difference(
            [p[0] for p in pairs], [p[1] for p in pairs], level, within
        )
        rows.append(
            {
                "kpi": kpi,
                "label": label,
                "unit": unit,
                "lower_is_better": lower_better,
                "mean_a": mean_a,
                "lo_a": lo_a,
                "hi_a": hi_a,
                "mean_b": mean_b,
                "lo_b": lo_b,
                "hi_b": hi_b,
                "diff": diff,
                "diff_lo": lo,
                "diff_hi": hi,
                # replications with a value, of A, of B, and of both (the difference): a
                # median never reached, a share not estimable in a short run, is left out
                "n_a": sum(not math.isnan(x) for x in a),
                "n_b": sum(not math.isnan(y) for y in b),
                "n_pairs": len(pairs),
            }
        )
    return pd.DataFrame(rows)


def compare(
    scenario_a: Scenario,
    scenario_b: Scenario,
    replications: int = 10,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
) -> pd.DataFrame:
    """Paired comparison of two configurations over `replications` common-random-number
    replications (see `compare_runs` for the columns), on `workers` processes."""
    runs_a, runs_b = run_pairs(scenario_a, scenario_b, replications, seed, progress, workers)
    return compare_runs(runs_a, runs_b)
