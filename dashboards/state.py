"""Runs behind the dashboard: paired replications of two configurations, off the UI thread.

Nothing here holds a model at module level: a comparison is computed by a generator that the
page drives from a thread of its own browser session, and every snapshot it yields is
immutable. The simulations themselves run in a small process pool shared
by the sessions of one dashboard process (it holds no state, only workers), so a run uses both
cores and never holds the GIL of the server that draws the pages. With
``WIJKTEAM_DASHBOARD_WORKERS=0`` they run in the session's thread instead.

Replication r of A and of B use the same seed (common random numbers, as
`wijkteam.experiments.paired`), the first replication of both runs at once and is shown as soon
as it is done; the others follow in the background and narrow the intervals.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from multiprocessing import get_context

import numpy as np
import pandas as pd

from wijkteam.experiments.paired import compare_runs, replication_seeds
from wijkteam.model import Scenario, WijkteamModel

DAYS_PER_YEAR = 220.0
DEFAULT_REPLICATIONS = int(os.environ.get("WIJKTEAM_DASHBOARD_REPLICATIONS", "10"))


@dataclass(frozen=True, eq=False)
class Replication:
    """What the dashboard keeps of one run: its KPIs, its time series and (first replication
    only) one row per professional."""

    summary: dict[str, float]
    series: np.ndarray  # rows of model.workload.SERIES_COLUMNS
    professionals: pd.DataFrame | None


def run_replication(scenario: Scenario, seed: int, detail: bool) -> Replication:
    """Run one replication (in a worker process or in the calling thread)."""
    model = WijkteamModel(scenario, seed=seed)
    model.run()
    return Replication(
        summary=model.summary(),
        series=np.asarray(model.workload.samples, dtype=float),
        professionals=model.professionals_frame() if detail else None,
    )


def _warm() -> int:
    """Import what a worker needs (the model, and matplotlib for the charts) ahead of time."""
    import wijkteam.dashboards.charts  # noqa: F401

    return os.getpid()


class _InThread(Executor):
    """Runs a job at once in the calling thread (no worker processes)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller via the future
            future.set_exception(exc)
        return future


_pool: Executor | None = None
_pool_lock = threading.Lock()


def executor() -> Executor:
    """The process pool of this dashboard process (created on first use)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            workers = int(os.environ.get("WIJKTEAM_DASHBOARD_WORKERS", str(os.cpu_count() or 1)))
            if workers <= 0:
                _pool = _InThread()
            else:
                _pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
        return _pool


def warm_up() -> None:
    """Start the worker processes now, so that the first click does not pay for it."""
    pool = executor()
    if isinstance(pool, ProcessPoolExecutor):
        for _ in range(pool._max_workers):
            pool.submit(_warm)


@dataclass(frozen=True, eq=False)
class Comparison:
    """A snapshot of a paired comparison: the replications done so far."""

    scenario_a: Scenario
    scenario_b: Scenario
    seed: int
    seeds: tuple[int, ...]
    runs_a: tuple[Replication, ...] = ()
    runs_b: tuple[Replication, ...] = ()
    elapsed: float = 0.0
    first_elapsed: float = 0.0
    error: str | None = None

    @property
    def total(self) -> int:
        return len(self.seeds)

    @property
    def done(self) -> int:
        return len(self.runs_a)

    @property
    def finished(self) -> bool:
        return self.done == self.total

    @property
    def years(self) -> float:
        return self.scenario_a.horizon_days / DAYS_PER_YEAR

    @cached_property
    def table(self) -> pd.DataFrame:
        """Per KPI: mean and interval of A and B, and the paired difference B - A."""
        return compare_runs([r.summary for r in self.runs_a], [r.summary for r in self.runs_b])

    def mean_series(self, which: str) -> np.ndarray:
        """The time series averaged over the replications done (same sampling times)."""
        runs = self.runs_a if which == "A" else self.runs_b
        n = min(len(r.series) for r in runs)
        return np.mean([r.series[:n] for r in runs], axis=0)

    def results_csv(self) -> str:
        """The comparison table, one row per KPI, with what was compared."""
        table = self.table.assign(replications=self.done, seed=self.seed)
        return table.to_csv(index=False)

    def replications_csv(self) -> str:
        """Every replication's KPIs: one row per configuration and replication."""
        rows = []
        for which, runs in (("A", self.runs_a), ("B", self.runs_b)):
            for i, run in enumerate(runs):
                rows.append(
                    {"config": which, "replication": i + 1, "seed": self.seeds[i], **run.summary}
                )
        return pd.DataFrame(rows).to_csv(index=False)


def compare_steps(
    scenario_a: Scenario,
    scenario_b: Scenario,
    replications: int,
    seed: int,
    cancel: threading.Event | None = None,
    pool: Executor | None = None,
) -> Iterator[Comparison]:
    """Yield a `Comparison` after each paired replication; stops early when `cancel` is set.

    At most one replication of A and one of B are in the pool at any time per comparison, so
    a new click of another session never waits behind a long line of background work.
    """
    pool = pool or executor()
    started = time.perf_counter()
    snapshot = Comparison(
        scenario_a, scenario_b, seed, tuple(replication_seeds(seed, max(1, replications)))
    )
    first = 0.0
    for i, s in enumerate(snapshot.seeds):
        if cancel is not None and cancel.is_set():
            return
        detail = i == 0
        fa = pool.submit(run_replication, scenario_a, s, detail)
        fb = pool.submit(run_replication, scenario_b, s, detail)
        try:
            ra, rb = fa.result(), fb.result()
        except Exception as exc:  # a model error is shown on the page, not raised in it
            fa.cancel()
            fb.cancel()
            yield Comparison(
                scenario_a,
                scenario_b,
                seed,
                snapshot.seeds,
                snapshot.runs_a,
                snapshot.runs_b,
                time.perf_counter() - started,
                first,
                f"{type(exc).__name__}: {exc}",
            )
            return
        now = time.perf_counter() - started
        first = first or now
        snapshot = Comparison(
            scenario_a,
            scenario_b,
            seed,
            snapshot.seeds,
            (*snapshot.runs_a, ra),
            (*snapshot.runs_b, rb),
            now,
            first,
        )
        yield snapshot


def years_to_days(years: float) -> float:
    return float(years) * DAYS_PER_YEAR
