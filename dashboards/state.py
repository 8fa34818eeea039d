"""Runs behind the dashboard: paired replications of two configurations, off the UI thread.

Nothing here holds a model at module level: a comparison is computed by a generator that the
page drives from a thread of its own browser session, and every snapshot it yields is
immutable. The simulations themselves run in a small process pool shared
by the sessions of one dashboard process (it holds no state, only workers), so a run uses both
cores and never holds the GIL of the server that draws the pages. With
``WIJKTEAM_DASHBOARD_WORKERS=0`` they run in the session's thread instead.

Replication r of A and of B use the same seed (common random numbers, as
`wijkteam.experiments.comparison`), the first replication of both runs at once and is shown as soon
as it is done; the others follow in the background and narrow the intervals.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from functools import cached_property, partial
from multiprocessing import get_context

import numpy as np
import pandas as pd

from wijkteam.experiments.comparison import paired_runs
from wijkteam.experiments.executors import leave_with_parent
from wijkteam.experiments.paired import compare_runs, replication_seeds
from wijkteam.model import Scenario, WijkteamModel
from wijkteam.model.budget import DEFAULT_MAX_EVENTS, EVENTS_PER_REQUEST, estimate_work
from wijkteam.model.calendar import DAYS_PER_YEAR
from wijkteam.model.steady_state import verdict_many

DEFAULT_REPLICATIONS = int(os.environ.get("WIJKTEAM_DASHBOARD_REPLICATIONS", "10"))


@dataclass(frozen=True, eq=False)
class Replication:
    """What the dashboard keeps of one run: its KPIs, its time series and (first replication
    only) one row per professional."""

    summary: dict[str, float]
    series: np.ndarray  # rows of model.workload.SERIES_COLUMNS
    professionals: pd.DataFrame | None


class Cancelled(Exception):
    """A run stopped because its session asked for something newer: at simulated `day` (0
    when it was cancelled before it started)."""

    def __init__(self, seed: int, day: float) -> None:
        super().__init__(seed, day)
        self.seed = seed
        self.day = day


#: events between two looks at the cancel flag (a few tenths of a second of one worker on
#: a busy machine): a cancelled run frees its worker at once, and stopping in chunks does
#: not change the result (the model's events run in time order whatever the stops between)
CANCEL_CHECK_EVENTS = 10_000
_cancel_folder: str | None = None


def cancel_folder() -> str:
    """The folder of this process's cancel flags, made when the first flag is. Only the
    process that starts runs needs one: the worker processes import this module too, and
    a folder made at import was left behind by every one of them."""
    global _cancel_folder
    if _cancel_folder is None:
        _cancel_folder = tempfile.mkdtemp(prefix="wijkteam-cancel-")
        atexit.register(remove_cancel_folder)
    return _cancel_folder


def remove_cancel_folder() -> None:
    """Remove the cancel flags' folder, at exit (the server calls this too: it ends with
    `os._exit`, which runs no exit handlers)."""
    global _cancel_folder
    if _cancel_folder is not None:
        shutil.rmtree(_cancel_folder, ignore_errors=True)
        _cancel_folder = None


class CancelToken:
    """A flag that a worker *process* can see: a file that exists once the run is cancelled
    (a worker cannot share a threading.Event; a file needs no manager process)."""

    def __init__(self) -> None:
        self.path = os.path.join(cancel_folder(), uuid.uuid4().hex)
        self._set = False
        self._discarded = False  # the work is over: no file is needed any more
        self._lock = threading.Lock()

    def set(self) -> None:
        with self._lock:
            if not self._set and not self._discarded:
                with open(self.path, "w"):
                    pass
            self._set = True

    def is_set(self) -> bool:
        return self._set

    def discard(self) -> None:
        """Remove the flag's file once the work it could stop is over; a later `set` (a page
        moving on from a choice whose work had finished) leaves no file behind."""
        with self._lock:
            self._discarded = True
            with contextlib.suppress(OSError):
                os.remove(self.path)


def run_in_steps(
    model: WijkteamModel, cancelled: Callable[[], bool], until: float | None = None
) -> float | None:
    """Run `model` to `until` (default: its end) in steps of about `CANCEL_CHECK_EVENTS`
    events, asking `cancelled()` after each; the day it stopped at when it was, None when it
    got there. Stopping in steps does not change the result (the events run in time order)."""
    arrivals = model.params.arrivals_per_day
    step = min(10.0, max(0.1, CANCEL_CHECK_EVENTS / (EVENTS_PER_REQUEST * arrivals)))
    t, end = model.time, model.end_time if until is None else until
    while t < end:
        t = min(end, t + step)
        model.run_until(t)
        if cancelled():
            return t
    return None


def flag_at(cancel_path: str | None) -> Callable[[], bool]:
    """Whether the `CancelToken` at `cancel_path` was set, as a job in a worker process asks it
    (None: a job nobody can cancel)."""
    return lambda: cancel_path is not None and os.path.exists(cancel_path)


def run_replication(
    scenario: Scenario, seed: int, detail: bool, cancel_path: str | None = None
) -> Replication:
    """Run one replication (in a worker process or in the calling thread), looking at the
    cancel flag every `CANCEL_CHECK_EVENTS` events or so."""
    cancelled = flag_at(cancel_path)
    if cancelled():
        raise Cancelled(seed, 0.0)
    model = WijkteamModel(scenario, seed=seed)
    stopped = run_in_steps(model, cancelled)
    if stopped is not None:
        raise Cancelled(seed, stopped)
    return Replication(
        summary=model.summary(),
        series=np.asarray(model.workload.samples, dtype=float),
        professionals=model.professionals_frame() if detail else None,
    )


def run_jobs(
    jobs: list[tuple[Callable, tuple]], cancel: CancelToken, session: str = ""
) -> list | None:
    """Run `jobs` (function and arguments; each is also given the path of `cancel` to look
    at) side by side in the shared worker processes, for `session`: their results in order,
    or None once `cancel` is set or a job stopped because it was.

    Why the workers and not a thread of the server: a run in a thread holds the server's
    interpreter lock, so a page's clicks waited behind it (five quick what-ifs in the
    classroom took 5-15 s to show pressed on a busy machine), and one thread uses one core."""
    fair = fair_pool()
    futures = [fair.submit(session, fn, *args, cancel.path) for fn, args in jobs]
    while not cancel.is_set():
        if not wait(futures, timeout=0.05).not_done:
            try:
                return [f.result() for f in futures]
            except (Cancelled, CancelledError):
                return None
    for f in futures:
        f.cancel()  # those not started yet; the running ones see the flag
    return None


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


class FairPool:
    """The process pool shared by every session, handed out fairly.

    Jobs wait in one line per session; a free worker takes the next job of the next session
    in turn (round robin), and a session never has more jobs running than its share of the
    workers (all of them when it is alone, ``workers // sessions`` when several have work, at
    least one). So one tab's long comparison can delay another tab's click by one job at
    most, never by a queue of background work. `cancel_session` drops a session's waiting
    jobs and flags its running ones, which stop at their next check
    (every `CANCEL_CHECK_EVENTS` events, at most 10 simulated days apart: `run_in_steps`).
    """

    def __init__(self, pool: Executor, workers: int) -> None:
        self.pool = pool
        self.workers = max(1, workers)
        self._lock = threading.Lock()
        self._waiting: dict[str, collections.deque] = {}
        self._running: dict[str, int] = collections.defaultdict(int)
        self._turn: collections.deque[str] = collections.deque()
        # jobs are handed to the pool by a thread of its own: a finished job's callback runs
        # in the pool's management thread, which must not submit (it may hold the pool's lock)
        self._wake = threading.Event()
        threading.Thread(target=self._dispatcher, daemon=True, name="wijkteam-fair-pool").start()

    def submit(self, session: str, fn, *args) -> Future:
        outer: Future = Future()
        with self._lock:
            if session not in self._waiting:
                self._waiting[session] = collections.deque()
                self._turn.append(session)
            self._waiting[session].append((outer, fn, args))
        self._wake.set()
        return outer

    def _dispatcher(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            try:
                self._dispatch()
            except Exception:  # noqa: BLE001 - a broken pool fails the jobs, not this thread
                time.sleep(0.1)

    def share(self) -> int:
        """How many workers one session may use now (called with the lock held)."""
        busy = sum(1 for s in self._turn if self._waiting.get(s) or self._running.get(s))
        return max(1, self.workers // max(1, busy))

    def running(self, session: str) -> int:
        return self._running.get(session, 0)

    def _next_job(self):
        """The next job to start, or None (called with the lock held)."""
        if sum(self._running.values()) >= self.workers:
            return None
        share = self.share()
        for _ in range(len(self._turn)):
            session = self._turn[0]
            self._turn.rotate(-1)
            line = self._waiting.get(session)
            while line and line[0][0].cancelled():
                line.popleft()
            if line and self._running[session] < share:
                self._running[session] += 1
                return session, line.popleft()
        return None

    def _dispatch(self) -> None:
        while True:
            with self._lock:
                picked = self._next_job()
            if picked is None:
                return
            session, (outer, fn, args) = picked
            if not outer.set_running_or_notify_cancel():
                self._finished(session)
                continue
            try:
                inner = self.pool.submit(fn, *args)
            except Exception as exc:  # a broken pool: the job fails with its error
                outer.set_exception(exc)
                self._finished(session)
                continue
            inner.add_done_callback(partial(self._done, session, outer))

    def _done(self, session: str, outer: Future, inner: Future) -> None:
        exc = inner.exception()
        if exc is not None:
            outer.set_exception(exc)
        else:
            outer.set_result(inner.result())
        self._finished(session)
        self._wake.set()

    def _finished(self, session: str) -> None:
        with self._lock:
            self._running[session] -= 1
            if self._running[session] <= 0 and not self._waiting.get(session):
                self._running.pop(session, None)
                self._waiting.pop(session, None)
                with contextlib.suppress(ValueError):
                    self._turn.remove(session)

    def cancel_session(self, session: str) -> None:
        """Drop the session's jobs that have not started (their futures are cancelled)."""
        with self._lock:
            line = self._waiting.get(session)
            jobs = list(line) if line else []
            if line:
                line.clear()
        for outer, _, _ in jobs:
            outer.cancel()


_pool: Executor | None = None
_fair: FairPool | None = None
_pool_lock = threading.Lock()


def worker_count() -> int:
    return int(os.environ.get("WIJKTEAM_DASHBOARD_WORKERS", str(os.cpu_count() or 1)))


def executor() -> Executor:
    """The process pool of this dashboard process (created on first use)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            workers = worker_count()
            if workers <= 0:
                _pool = _InThread()
            else:
                _pool = ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=get_context("spawn"),
                    initializer=leave_with_parent,  # a killed server leaves no worker behind
                )
        return _pool


def fair_pool() -> FairPool:
    """The shared pool, handed out per session (see `FairPool`)."""
    global _fair
    pool = executor()
    with _pool_lock:
        if _fair is None:
            _fair = FairPool(pool, max(1, worker_count()))
        return _fair


def warm_up() -> None:
    """Start the worker processes now, so that the first click does not pay for it."""
    pool = executor()
    if isinstance(pool, ProcessPoolExecutor):
        for _ in range(worker_count()):  # the pool's size (executor())
            pool.submit(_warm)


# --------------------------------------------------------------------------- work budget
#: events one replication may take in the dashboard: about 5-10 s of one worker here, so a
#: page answers within seconds (the command line allows `DEFAULT_MAX_EVENTS`, about a minute)
MAX_EVENTS_PER_RUN = min(
    DEFAULT_MAX_EVENTS, int(os.environ.get("WIJKTEAM_DASHBOARD_MAX_EVENTS", "400000"))
)
#: events one comparison (all replications of A and B) may take; more replications are cut
MAX_EVENTS_PER_COMPARISON = int(
    os.environ.get("WIJKTEAM_DASHBOARD_MAX_COMPARISON_EVENTS", str(12 * MAX_EVENTS_PER_RUN))
)
EVENTS_PER_SECOND = 40_000.0  # measured for the default team on the build machine


def estimate_events(scenario: Scenario) -> int:
    """Events of one replication, estimated before it starts (the model's work budget)."""
    return estimate_work(scenario).events


@dataclass(frozen=True)
class Budget:
    """What the dashboard will run of a comparison: refused, or how many replications."""

    events_per_run: int
    replications: int  # after shortening; 0 when refused
    asked: int

    @property
    def refused(self) -> bool:
        return self.replications == 0

    @property
    def shortened(self) -> bool:
        return 0 < self.replications < self.asked

    @property
    def seconds_per_run(self) -> float:
        return self.events_per_run / EVENTS_PER_SECOND


def plan(scenario_a: Scenario, scenario_b: Scenario, replications: int) -> Budget:
    """Refuse a comparison whose single replication is beyond `MAX_EVENTS_PER_RUN`; cut the
    number of replications so that the whole stays within `MAX_EVENTS_PER_COMPARISON`."""
    per_run = max(estimate_events(scenario_a), estimate_events(scenario_b))
    if per_run > MAX_EVENTS_PER_RUN:
        return Budget(per_run, 0, replications)
    fits = max(1, MAX_EVENTS_PER_COMPARISON // max(1, 2 * per_run))
    return Budget(per_run, min(replications, fits), replications)


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

    def steady_state(self, which: str, lang: str = "en") -> str:
        """The steady-state verdict over the replications of A or B done so far (the line
        the command line prints per configuration, `steady_state.verdict_many`)."""
        runs = self.runs_a if which == "A" else self.runs_b
        return verdict_many([r.summary for r in runs], lang)

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
    cancel: CancelToken | threading.Event | None = None,
    pool: Executor | None = None,
    session: str = "",
) -> Iterator[Comparison]:
    """Yield a `Comparison` after each paired replication; stops early when `cancel` is set.

    The loop is `wijkteam.experiments.comparison.paired_runs` (the one loop of the command line
    too): the jobs go to the shared `FairPool` under `session` (or straight to `pool`, in
    tests); at most one replication of A and one of B are asked for at a time. A
    `CancelToken` also stops the replications already running in the workers.
    """
    fair = fair_pool() if pool is None else None
    started = time.perf_counter()
    seeds = tuple(replication_seeds(seed, max(1, replications)))
    snapshot = Comparison(scenario_a, scenario_b, seed, seeds)
    too_large = work_refusal(scenario_a, scenario_b)
    if too_large is not None:  # refused before any worker is busy (shown on the page)
        yield replace(snapshot, error=too_large)
        return
    path = cancel.path if isinstance(cancel, CancelToken) else None

    def submit(scenario: Scenario, s: int, detail: bool) -> Future:
        if fair is not None:
            return fair.submit(session, run_replication, scenario, s, detail, path)
        return (pool or executor()).submit(run_replication, scenario, s, detail, path)

    pairs = paired_runs(scenario_a, scenario_b, seeds, submit=submit, cancel=cancel)
    try:
        for ra, rb in pairs:
            snapshot = replace(
                snapshot,
                runs_a=(*snapshot.runs_a, ra),
                runs_b=(*snapshot.runs_b, rb),
                elapsed=time.perf_counter() - started,
            )
            yield snapshot
    except (Cancelled, CancelledError):
        return
    except Exception as exc:  # a model error is shown on the page, not raised in it
        if cancel is not None and cancel.is_set():
            return
        elapsed = time.perf_counter() - started
        yield replace(snapshot, elapsed=elapsed, error=f"{type(exc).__name__}: {exc}")


def work_refusal(*scenarios: Scenario) -> str | None:
    """Why a click would start more work than the budget allows (one tab with demand 10,000
    once grew both shared workers to 8 GB and starved every other session), or None."""
    from wijkteam.model.budget import WorkTooLarge, check_work

    for scenario in scenarios:
        try:
            check_work(scenario)
        except WorkTooLarge as exc:
            return f"{exc.estimate.events:,} events is beyond this dashboard's limit of " + (
                f"{exc.limit:,} (about a minute): lower the demand or the years, or run it "
                "with `wijkteam run --max-events N`"
            )
    return None
