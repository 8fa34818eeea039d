"""Where chunks of runs execute: a local process pool or a Dask distributed cluster, behind
one small interface, so the sweep engine does not care which.

Both run `runs.run_chunk` on whole chunks (several runs per task), which keeps the per-task
overhead (pickling, scheduling, a round trip) small against the runs themselves. Results do not
depend on the executor: each run seeds itself only from its own seed.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from .runs import Run, run_chunk, warm_up

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


class Executor(Protocol):
    """Runs chunks of runs and yields each chunk's result rows as soon as it is done."""

    workers: int
    description: str

    def run(self, chunks: Sequence[list[Run]]) -> Iterator[list[dict[str, Any]]]: ...

    def close(self, finished: bool = True) -> None:
        """Let the workers go: after the work (`finished`), or early (an error, Ctrl-C)."""
        ...


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def chunked(runs: list[Run], workers: int, size: int = 0) -> list[list[Run]]:
    """Split runs into chunks: about 8 tasks per worker so the load balances at the end of
    a sweep, at most 8 runs per chunk so a killed sweep loses little and progress is smooth,
    and `size` when the experiment sets one."""
    if not runs:
        return []
    if size <= 0:
        size = max(1, min(8, math.ceil(len(runs) / (8 * workers))))
    return [runs[i : i + size] for i in range(0, len(runs), size)]


def process_pool(
    workers: int,
    method: str = "forkserver",
    preload: Sequence[str] = (),
    initializer: Callable[[], None] | None = None,
) -> ProcessPoolExecutor:
    """A `concurrent.futures` process pool for every parallel loop of the experiments. By
    default its workers come from a forkserver: forking a process that has threads (a
    progress bar, Dask) can deadlock, and Python 3.12 warns of it. `preload`: modules the
    forkserver imports once, so that starting a worker does not import them again."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context(method)
    if method == "forkserver" and preload:
        ctx.set_forkserver_preload(list(preload))
    start = functools.partial(_worker_start, initializer)
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=start)


def _worker_start(initializer: Callable[[], None] | None) -> None:
    """A worker's first act: watch its parent, then the pool's own initializer."""
    leave_with_parent()
    if initializer is not None:
        initializer()


def leave_with_parent() -> None:
    """End this worker once the process that started the pool is gone. A sweep killed with
    SIGKILL (by a user, an out-of-memory killer, a batch system) cannot stop its workers:
    they would wait for work for ever, a few hundred MB each, and keep the forkserver alive
    too. multiprocessing gives every worker a handle on its parent that is ready when the
    parent has gone (with a forkserver too: the parent is the process that asked for it)."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:  # not a worker of a pool
        return

    def watch() -> None:
        parent.join()  # returns when the parent has exited, however it ended
        os._exit(1)

    threading.Thread(target=watch, name="wijkteam-leave-with-parent", daemon=True).start()


def start_workers(pool: ProcessPoolExecutor, workers: int) -> None:
    """Start all of a pool's workers now (a pool starts them as work arrives), holding
    Ctrl-C until they are up. Interrupted while it starts one, the pool loses track of it:
    the worker then fails to find the pool's semaphores once this process has gone, and
    prints a traceback over the user's terminal."""
    try:
        with _interrupts_held():
            list(pool.map(_pid, range(workers)))
    except BaseException:
        shut_down(pool, finished=False)
        raise


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold SIGINT (Ctrl-C) and SIGTERM while a pool's workers start, and raise them once
    they are up. SIGINT is blocked in this thread: the forkserver and the workers started
    meanwhile inherit the block, so Ctrl-C is this process's to handle (it ends the workers,
    see `shut_down`): a terminal's Ctrl-C, which reaches the whole process group, no longer
    stops the forkserver halfway through importing the model. Other threads (Arrow's,
    started earlier) may still take the signal; Python then runs its handler in this thread,
    so the handler only notes it, for the same end. SIGTERM is only noted, not blocked: the
    workers must still end by it (`shut_down` terminates them)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    from multiprocessing import resource_tracker

    # The tracker unblocks SIGINT in this thread after starting itself (3.12), so start it
    # first; started within the block, it let the forkserver start without it.
    resource_tracker.ensure_running()
    caught: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda signum, _frame: caught.append(signum)) for s in held}
    blocks = hasattr(signal, "pthread_sigmask")  # not on Windows, which has no forkserver
    if blocks:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    except BaseException:
        if caught:  # the start failed meanwhile: the interrupt is what the user did
            _deliver(caught)
        raise
    finally:
        if blocks:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # noted if pending
        for held_signal, handler in previous.items():
            signal.signal(held_signal, handler)
    if caught:
        _deliver(caught)


def _deliver(caught: list[int]) -> None:
    """Act on the signals `_interrupts_held` noted: SIGTERM as if it came now (the caller's
    handler: a sweep stops as on Ctrl-C, `sigterm_as_interrupt`; without one, the process
    ends, as it would have), SIGINT as KeyboardInterrupt."""
    if signal.SIGTERM in caught:
        signal.raise_signal(signal.SIGTERM)
    raise KeyboardInterrupt from None


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises `Terminated` (a KeyboardInterrupt) as Ctrl-C raises
    KeyboardInterrupt. By default it ended the sweep at once: no hint how to go on, its
    pool's semaphores left to the resource tracker's raw warning of leaked ones, a Dask
    cluster's too. Raised, the sweep shuts its executor down as on Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():  # only it may set handlers
        yield
        return
    from wijkteam.errors import Terminated

    def stop(signum: int, _frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def shut_down(pool: ProcessPoolExecutor, finished: bool) -> None:
    """Shut a process pool down. After its work (`finished`), wait for the workers to leave.
    When the caller leaves early (an error, Ctrl-C, `kill -INT` to this process alone), do
    not wait: cancel what is queued and end the workers, which may be mid-run, or blocked on
    a queue that the interrupted pool no longer feeds. Waiting for them could hang for good,
    since multiprocessing joins every child at exit."""
    if finished:
        pool.shutdown(wait=True, cancel_futures=True)
        return
    # the pool's worker processes: a private attribute, there is no public way (3.14 adds
    # `terminate_workers`)
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=10)


@contextlib.contextmanager
def running(pool: ProcessPoolExecutor, workers: int) -> Iterator[ProcessPoolExecutor]:
    """`pool` with its workers started (`start_workers`), shut down when the block ends:
    waiting for the workers after the work, ending them at once when the block is left
    early (an error, Ctrl-C; `shut_down`)."""
    start_workers(pool, workers)
    finished = False
    try:
        yield pool
        finished = True
    finally:
        shut_down(pool, finished)


#: the module a worker runs its chunks from (`runs.run_chunk`), with the model: a forkserver
#: imports it once, before it forks any worker
WORKER_MODULE = "wijkteam.experiments.runs"


def model_pool(workers: int, method: str = "forkserver") -> ProcessPoolExecutor:
    """A process pool for simulating: its forkserver has imported the model once, and each
    worker runs a tiny simulation first, so the first real run is not slower (the sweep's
    pool and `wijkteam compare`'s)."""
    return process_pool(workers, method, preload=[WORKER_MODULE], initializer=warm_up)


class ProcessPool:
    """A `concurrent.futures` process pool. Workers come from a forkserver that has already
    imported the model, so starting one costs milliseconds, not seconds of imports, and no
    threads of the parent (progress bar, Dask) are forked along."""

    def __init__(self, workers: int | None = None, method: str = "forkserver"):
        self.workers = workers or default_workers()
        self.description = f"process pool ({method}), {self.workers} worker(s)"
        self._pool = model_pool(self.workers, method)
        # Start every worker now, so start-up is not counted in the sweep (nor in its ETA).
        start_workers(self._pool, self.workers)
        self._tracker = _tracker_pid()

    def run(self, chunks: Sequence[list[Run]]) -> Iterator[list[dict[str, Any]]]:
        from concurrent.futures import as_completed

        # a finished future keeps its rows; the sweep writes them and must then let them go
        # (kept, the 45,056 rows of a Sobol sweep held ~300 MB until its end)
        pending = {self._pool.submit(run_chunk, chunk) for chunk in chunks}
        try:
            for future in as_completed(pending):
                pending.discard(future)
                yield future.result()
        finally:
            for future in pending:
                future.cancel()

    def close(self, finished: bool = True) -> None:
        if self._tracker is not None and not _tracker_alive(self._tracker):
            _stop_tracking()
        shut_down(self._pool, finished)


def _tracker_pid() -> int | None:
    """The pid of multiprocessing's resource tracker (it records the pool's semaphores)."""
    from multiprocessing import resource_tracker

    # private attributes of the stdlib: there is no public way to ask
    return resource_tracker._resource_tracker._pid  # type: ignore[attr-defined]


def _tracker_alive(pid: int) -> bool:
    """Whether the tracker the pool started with still runs (not killed, not replaced)."""
    from multiprocessing import resource_tracker

    tracker = resource_tracker._resource_tracker
    return tracker._pid == pid and tracker._check_alive()  # type: ignore[attr-defined]


def _stop_tracking() -> None:
    """After the resource tracker was killed (an OOM killer, a user), multiprocessing
    relaunches it on the next call and sends it the pool's semaphores to forget, which it
    never knew: 20 lines of KeyError tracebacks at the end of a successful sweep. The
    semaphores unlink themselves anyway (the tracker only cleans up after a crash), so
    registration is switched off for the rest of this process instead."""
    from multiprocessing import resource_tracker

    def ignore(name: object, rtype: str) -> None:
        return None

    resource_tracker.register = ignore
    resource_tracker.unregister = ignore


#: how long a sweep waits for the first worker of a Dask scheduler that has none
WORKER_WAIT_SECONDS = int(os.environ.get("WIJKTEAM_DASK_WORKER_WAIT", "60"))


#: the module each worker of a sweep's own local Dask cluster loads first: it ignores Ctrl-C
#: and keeps quiet about being closed mid-run
LOCAL_WORKER_PRELOAD = "wijkteam.experiments.local_dask_worker"


def _local_cluster(workers: int) -> Any:
    """A `LocalCluster` of `workers` single-threaded worker processes on 127.0.0.1, forked
    from a forkserver that has imported distributed and the model, with Ctrl-C held until it
    is up (`_interrupts_held`), as a pool's workers are.

    distributed spawns its workers by default: each imported this command's modules afresh
    for seconds, from a thread of distributed's, before `LOCAL_WORKER_PRELOAD` could make it
    ignore Ctrl-C. A terminal's Ctrl-C then printed every worker's KeyboardInterrupt
    traceback, and distributed's own on closing workers that had not started. The
    forkserver, started here in the main thread with SIGINT blocked, passes the block on to
    every worker it forks, so Ctrl-C is this process's alone: it comes once the cluster is
    up, which is then closed again."""
    import multiprocessing as mp
    from multiprocessing import forkserver

    import dask
    from distributed import LocalCluster

    from .local_dask_worker import quiet_scheduler

    quiet_scheduler()
    mp.get_context("forkserver").set_forkserver_preload(["distributed", WORKER_MODULE])
    cluster = None
    try:
        with (
            _interrupts_held(),
            dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}),
        ):
            forkserver.ensure_running()  # from this thread, which holds SIGINT blocked
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                preload=[LOCAL_WORKER_PRELOAD],  # quiet about being closed mid-run
            )
    except BaseException:
        if cluster is not None:
            cluster.close()
        raise
    return cluster


class DaskCluster:
    """A Dask distributed client: to a running scheduler at `address`, or, for
    `address="local"`, to a `LocalCluster` of single-threaded worker processes on 127.0.0.1
    that is closed again with the executor; its workers ignore Ctrl-C, which is this
    process's to handle, and say nothing of being closed with runs in flight
    (`local_dask_worker`)."""

    def __init__(self, address: str, workers: int | None = None):
        from distributed import Client

        self._cluster = None
        if address == "local":
            self._cluster = _local_cluster(workers or default_workers())
            self._client = Client(self._cluster)
        else:
            try:
                self._client = Client(address, timeout="20s")
            except (OSError, TimeoutError, ValueError) as exc:
                from wijkteam.errors import UserError

                raise UserError(
                    f"--dask {address}: cannot reach a Dask scheduler ({exc})"
                ) from None
            self._wait_for_a_worker(address)
        self.workers = max(1, sum(self._client.nthreads().values()))
        self.description = f"Dask at {self._client.scheduler.address}, {self.workers} thread(s)"
        self._client.run(warm_up)

    def _wait_for_a_worker(self, address: str) -> None:
        """A scheduler with no worker yet (its workers still starting, or none started)
        left the sweep at 0% without a word: say so, wait a while, then stop in one line."""
        if self._client.nthreads():
            return
        print(
            f"waiting for a Dask worker to join the scheduler at {address} (start one with "
            f"`dask worker {address}`) ...",
            file=sys.stderr,
        )
        try:
            self._client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
        except TimeoutError:
            self._client.close()
            from wijkteam.errors import UserError

            raise UserError(
                f"--dask {address}: no worker joined the scheduler in {WORKER_WAIT_SECONDS} s; "
                f"start one with `dask worker {address}`, then run the sweep again"
            ) from None

    def run(self, chunks: Sequence[list[Run]]) -> Iterator[list[dict[str, Any]]]:
        from distributed import as_completed

        # as with the pool: a chunk's rows, once fetched, are let go, here and on the worker
        # that holds them while any future of theirs is alive
        pending = set(self._client.map(run_chunk, list(chunks), pure=False))
        try:
            for future in as_completed(pending):
                rows = future.result()
                pending.discard(future)
                future.release()
                yield rows
        finally:
            self._client.cancel(list(pending))

    def close(self, finished: bool = True) -> None:
        """(Early or not: the scheduler cancels what the closed client had asked for.)"""
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _pid(_: int) -> int:
    return os.getpid()


def make_executor(workers: int | None = None, dask: str | None = None) -> Executor:
    """The executor the command line asked for."""
    if dask:
        return DaskCluster(dask, workers)
    return ProcessPool(workers)
