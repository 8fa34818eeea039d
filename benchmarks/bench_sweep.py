"""Sweep throughput: runs per minute of `experiments/headline.toml` on a process pool of 1 and
2 workers and on a local Dask cluster of 2 workers, and the per-run overhead of Dask against
the process pool.

    .venv/bin/python benchmarks/bench_sweep.py [--replications 20] [--workers 2]

Executors are started (and warmed up) before the clock starts: the figures are steady-state
throughput of the sweep engine, results written to Parquet included. The overhead is measured
twice: on the headline runs, and on near-empty runs (1-day horizon) where the engine's own cost
per run dominates. Targets: 2 workers >= 1.8x the throughput of 1; Dask within 10% of the pool.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

from wijkteam.experiments.design import load_experiment
from wijkteam.experiments.engine import sweep
from wijkteam.experiments.executors import DaskCluster, ProcessPool

HEADLINE = Path(__file__).parents[1] / "experiments" / "headline.toml"


def timed(spec, make) -> tuple[float, int]:
    """Seconds for one sweep of `spec` on a freshly started executor, and the number of runs
    (failed runs, e.g. while the model is being edited, are reported: they distort timing)."""
    executor = make()
    try:
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            summary = sweep(spec, Path(out) / "results", executor, progress=False)
            seconds = time.perf_counter() - start
    finally:
        executor.close()
    if summary.failed:
        print(f"  warning: {summary.failed} of {summary.ran} runs failed")
    return seconds, summary.ran


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
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
    print(f"headline.toml, {args.replications} replications x {len(spec.ways)} ways")
    rate = {}
    for name, make in executors.items():
        seconds, runs = timed(spec, make)
        rate[name] = runs / seconds * 60
        print(
            f"  {name:8s} {runs} runs in {seconds:6.2f} s = {rate[name]:7.1f} runs/min "
            f"({seconds / runs * 1000:.0f} ms per run)"
        )
    speedup = rate[f"pool-{n}"] / rate["pool-1"]
    dask_vs_pool = rate[f"dask-{n}"] / rate[f"pool-{n}"]
    per_run = (1 / rate[f"dask-{n}"] - 1 / rate[f"pool-{n}"]) * 60_000
    print(
        f"speed-up pool-{n} / pool-1: {speedup:.2f}x (target >= 1.8x: "
        f"{'met' if speedup >= 1.8 else 'NOT met'})"
    )
    print(
        f"Dask throughput / pool: {dask_vs_pool:.2f} (target >= 0.90: "
        f"{'met' if dask_vs_pool >= 0.9 else 'NOT met'}); Dask costs {per_run:+.1f} ms of "
        "wall time per run more than the pool"
    )

    print("near-empty runs (1-day horizon): engine overhead per run")
    for name in (f"pool-{n}", f"dask-{n}"):
        seconds, runs = timed(empty, executors[name])
        print(
            f"  {name:8s} {runs} runs in {seconds:6.2f} s = {seconds / runs * 1000:.1f} ms per run"
        )


if __name__ == "__main__":
    main()
