"""Two configurations compared on common random numbers: the one loop of paired
replications (`paired_runs`), used by `wijkteam compare`, the dashboard and the tests, and
`compare`, which runs it and gives the table of `paired.compare_runs`.

Replication r of A and of B get the same seed (`paired.replication_seeds`), in this thread or
in a pool of worker processes: the same seed gives the same figures either way.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from typing import Protocol

import pandas as pd

from wijkteam.model import Scenario, simulate

from .executors import model_pool, running
from .paired import compare_runs, replication_seeds


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
