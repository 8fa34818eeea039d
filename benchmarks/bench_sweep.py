"""Sweep throughput: runs per minute of `experiments/headline.toml` on a process pool of 1 and
2 workers and on a local Dask cluster of 2 workers, and the per-run overhead of Dask against
the process pool.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
    executors = {"pool-1": ProcessPool(1), f"pool-{n}": ProcessPool(n),
                 f"dask-{n}": DaskCluster("local", n)}  # fmt: skip
    try:
        best = best_of(spec, executors, args.repeat)
        empty_best = best_of(empty, {k: v for k, v in executors.items() if k != "pool-1"},
                             args.repeat)  # fmt: skip
    finally:
        for executor in executors.values():
            executor.close()
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
    print("near-empty runs (1-day horizon): the engine's own cost per run")
    for name, (seconds, runs, *_) in empty_best.items():
        print(f"  {name:8s} {runs} runs in {seconds:5.2f} s = {seconds / runs * 1000:.1f} ms/run")


if __name__ == "__main__":
    main()
