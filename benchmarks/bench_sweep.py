"""Sweep throughput: runs per minute of `experiments/headline.toml` on a process pool of 1 and
2 workers and on a local Dask cluster of 2 workers, and the per-run overhead of Dask against
the process pool.

    .venv/bin/python benchmarks/bench_sweep.py [--replications 20] [--workers 2] [--repeat 3]

Executors are started (and warmed up) before the clock starts: the figures are steady-state
throughput of the sweep engine, Parquet parts written included. Each measurement is repeated and
the best is kept (other processes on a shared machine only ever slow a sweep down). The workers'
busy share (the runs' own time / (sweep time x workers)) tells the engine's overhead apart from
a busy machine: near 100% means every worker was kept fed. The overhead is also measured on
near-empty runs (1-day horizon), where the engine's own cost per run dominates.
Targets: 2 workers >= 1.8x the throughput of 1; Dask within 10% of the pool.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
import time
from pathlib import Path

from wijkteam.experiments.design import load_experiment
from wijkteam.experiments.engine import sweep
from wijkteam.experiments.executors import DaskCluster, ProcessPool
from wijkteam.experiments.store import ResultStore

HEADLINE = Path(__file__).parents[1] / "experiments" / "headline.toml"


def timed(spec, make, repeat: int) -> tuple[float, int, float]:
    """Best-of-`repeat` seconds for a sweep of `spec` on one started executor, the number of
    runs, and the workers' busy share in that sweep."""
    executor = make()
    best = (float("inf"), 0, 0.0)
    try:
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as out:
                start = time.perf_counter()
                summary = sweep(spec, Path(out) / "results", executor, progress=False)
                seconds = time.perf_counter() - start
                in_runs = ResultStore(Path(out) / "results").read()["wall_time_s"].sum()
            if summary.failed:
                print(f"  warning: {summary.failed} of {summary.ran} runs failed")
            if seconds < best[0]:
                best = (seconds, summary.ran, in_runs / (seconds * executor.workers))
    finally:
        executor.close()
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = args.workers
    spec = load_experiment(HEADLINE, args.replications)
    empty = dataclasses.replace(
        spec, overrides={**spec.overrides, "warmup_days": 1.0, "horizon_days": 1.0}
    )
    executors = {
        "pool-1": lambda: ProcessPool(1),
        f"pool-{n}": lambda: ProcessPool(n),
        f"dask-{n}": lambda: DaskCluster("local", n),
    }
    print(
        f"headline.toml: {args.replications} replications x {len(spec.ways)} ways, best of "
        f"{args.repeat}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start"
    )
    rate = {}
    for name, make in executors.items():
        seconds, runs, busy = timed(spec, make, args.repeat)
        rate[name] = runs / seconds * 60
        print(
            f"  {name:8s} {runs} runs in {seconds:6.2f} s = {rate[name]:6.1f} runs/min "
            f"({seconds / runs * 1000:.0f} ms per run; workers busy {busy:.0%})"
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
    print("near-empty runs (1-day horizon): the engine's own cost per run")
    for name in (f"pool-{n}", f"dask-{n}"):
        seconds, runs, _ = timed(empty, executors[name], args.repeat)
        print(f"  {name:8s} {runs} runs in {seconds:5.2f} s = {seconds / runs * 1000:.1f} ms/run")


if __name__ == "__main__":
    main()
