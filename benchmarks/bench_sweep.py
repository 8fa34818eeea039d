"""Sweep throughput: runs per minute of `experiments/headline.toml` on a process pool of 1 and
2 workers, on a local Dask cluster of 2 workers (`LocalCluster`), and on a Dask cluster started
as a user would start one on real machines: a `dask scheduler` process and a `dask worker`
process (with 2 single-threaded worker processes) on 127.0.0.1, stopped again afterwards; and
the per-run overhead of Dask against the process pool.

    .venv/bin/python benchmarks/bench_sweep.py [--replications 20] [--workers 2] [--repeat 4]

Executors are started (and warmed up) before the clock starts: the figures are steady-state
throughput of the sweep engine, Parquet parts written included. The executors take turns for
several rounds and each keeps its best (other processes on a shared machine only ever slow a
sweep down, and taking turns spreads their bursts over all executors). The workers'
busy share (the runs' own time / (sweep time x workers)) tells the engine's overhead apart from
a busy machine: near 100% means every worker was kept fed; the CPU share says how much of the
workers' cores the machine actually gave them (below 100%: other processes took the rest).
The overhead is also measured on near-empty runs (1-day horizon), where the engine's own cost
per run dominates.
Targets: 2 workers >= 1.8x the throughput of 1; Dask within 10% of the pool.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from wijkteam.experiments.design import load_experiment
from wijkteam.experiments.engine import sweep
from wijkteam.experiments.executors import DaskCluster, ProcessPool
from wijkteam.experiments.store import ResultStore

HEADLINE = Path(__file__).parents[1] / "experiments" / "headline.toml"


@contextlib.contextmanager
def dask_processes(workers: int, folder: Path) -> Iterator[str]:
    """A scheduler and a worker started with Dask's own command line, as on a real cluster
    (there each `dask worker` runs on its own machine); yields the scheduler's address and
    stops both processes afterwards."""
    dask = str(Path(sys.executable).with_name("dask"))
    scheduler_file = folder / "scheduler.json"
    # Dask's HTTP endpoints (health, metrics) run even without a dashboard: loopback only
    common = ["--no-dashboard", "--dashboard-address", "127.0.0.1:0"]
    log = (folder / "dask.log").open("w")
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
         "--scheduler-file", str(scheduler_file), *common],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists():
            if time.monotonic() > deadline or scheduler.poll() is not None:
                raise RuntimeError(f"dask scheduler did not start; see {folder / 'dask.log'}")
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written in one go, but give it a moment
        address = json.loads(scheduler_file.read_text())["address"]
        worker = subprocess.Popen(
            [dask, "worker", address, "--nworkers", str(workers), "--nthreads", "1",
             "--host", "127.0.0.1", "--local-directory", str(folder / "work"), *common],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for proc in (worker, scheduler):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        log.close()


def once(spec, executor) -> tuple[float, int, float, float]:
    """Seconds for one sweep of `spec` on a started executor, the number of runs, the
    workers' busy share (time inside runs) and their CPU share (CPU time the machine gave them)
    as fractions of sweep time x workers."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        summary = sweep(spec, Path(out) / "results", executor, progress=False)
        seconds = time.perf_counter() - start
        rows = ResultStore(Path(out) / "results").read()
    if summary.failed:
        print(f"  warning: {summary.failed} of {summary.ran} runs failed")
    capacity = seconds * executor.workers
    return (
        seconds,
        summary.ran,
        rows["wall_time_s"].sum() / capacity,
        rows["cpu_time_s"].sum() / capacity,
    )


def best_of(spec, executors: dict, repeat: int) -> dict[str, tuple[float, int, float, float]]:
    """Round-robin over the executors, `repeat` rounds, keeping each one's fastest sweep:
    a burst of load from other processes then hits one round, not one executor."""
    best: dict[str, tuple[float, int, float, float]] = {}
    for _ in range(repeat):
        for name, executor in executors.items():
            result = once(spec, executor)
            if name not in best or result[0] < best[name][0]:
                best[name] = result
    return best


def _stop(signum: int, _frame) -> None:
    """On SIGTERM, unwind (and so stop the Dask processes this benchmark started)."""
    raise SystemExit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=4)
    args = parser.parse_args()
    n = args.workers
    spec = load_experiment(HEADLINE, args.replications)
    empty = dataclasses.replace(
        spec, overrides={**spec.overrides, "warmup_days": 1.0, "horizon_days": 1.0}
    )
    print(
        f"headline.toml: {args.replications} replications x {len(spec.ways)} ways, best of "
        f"{args.repeat}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start"
    )
    with tempfile.TemporaryDirectory() as folder, dask_processes(n, Path(folder)) as address:
        executors = {"pool-1": ProcessPool(1), f"pool-{n}": ProcessPool(n),
                     f"dask-{n}": DaskCluster("local", n),
                     f"dask-cli-{n}": DaskCluster(address)}  # fmt: skip
        try:
            best = best_of(spec, executors, args.repeat)
            empty_best = best_of(empty, {k: v for k, v in executors.items() if k != "pool-1"},
                                 args.repeat)  # fmt: skip
        finally:
            for executor in executors.values():
                executor.close()
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    rate = {}
    for name, (seconds, runs, busy, cpu) in best.items():
        rate[name] = runs / seconds * 60
        print(
            f"  {name:8s} {runs} runs in {seconds:6.2f} s = {rate[name]:6.1f} runs/min "
            f"({seconds / runs * 1000:.0f} ms per run; workers busy {busy:.0%}, "
            f"CPU obtained {cpu:.0%})"
        )
    speedup = rate[f"pool-{n}"] / rate["pool-1"]
    dask_vs_pool = rate[f"dask-{n}"] / rate[f"pool-{n}"]
    per_run = (1 / rate[f"dask-{n}"] - 1 / rate[f"pool-{n}"]) * 60_000
    print(
        f"speed-up pool-{n} / pool-1: {speedup:.2f}x (target >= 1.8x: "
        f"{'met' if speedup >= 1.8 else 'NOT met'})"
    )
    print(
        f"Dask / pool throughput: {dask_vs_pool:.2f} (target >= 0.90: "
        f"{'met' if dask_vs_pool >= 0.9 else 'NOT met'}); Dask: {per_run:+.1f} ms of wall "
        "time per run against the pool"
    )
    cli = rate[f"dask-cli-{n}"]
    print(
        f"Dask (scheduler + worker processes) / pool throughput: {cli / rate[f'pool-{n}']:.2f}; "
        f"{(1 / cli - 1 / rate[f'pool-{n}']) * 60_000:+.1f} ms of wall time per run; "
        f"scaling against pool-1: {cli / rate['pool-1']:.2f}x"
    )
    print("near-empty runs (1-day horizon): the engine's own cost per run")
    for name, (seconds, runs, *_) in empty_best.items():
        print(f"  {name:8s} {runs} runs in {seconds:5.2f} s = {seconds / runs * 1000:.1f} ms/run")


if __name__ == "__main__":
    main()
