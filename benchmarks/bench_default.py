"""Benchmark: the default scenario's simulated team-years per CPU second, this checkout against
another (`--baseline`), interleaved in one process.

On a shared machine even CPU time swings by 10-30% from one process to the next (caches,
memory bandwidth and the core's other thread are shared), which hides changes of a few percent
when each version runs in a process of its own. Here both versions' model packages are
imported into one process under names of their own, and for every seed the versions run one
after the other (in alternating order): both see the same machine at the same moment. Each
run is timed on its own (`time.process_time`, construction and run, no summary; one untimed
run of each version first); reported
per version: the sum over seeds of each seed's fastest round (the steadiest figure) and the
median round, as team-years per CPU second. The outputs are not compared here; use
`benchmarks/fingerprint.py` for that.

    uv run python benchmarks/bench_default.py --baseline OTHER_CHECKOUT [--rounds 5] [--seeds 10]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent.parent


def load(checkout: Path, name: str, into: Path) -> ModuleType:
    """The `model` package of `checkout`, imported as `name` (its imports are relative)."""
    (into / name).symlink_to((checkout / "model").resolve())
    return importlib.import_module(name)


def timed_run(package: ModuleType, seed: int) -> tuple[float, float]:
    """(CPU seconds, simulated team-years) of one default-scenario run."""
    gc.collect()  # the previous run's teardown is not charged to this one
    start = time.process_time()
    model = package.WijkteamModel(package.preset("default"), seed=seed)
    model.run()
    cpu = time.process_time() - start
    return cpu, model.end_time / 220.0  # 220 working days a year


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--baseline", type=Path, required=True, help="another checkout")
    parser.add_argument("--rounds", type=int, default=5, help="rounds over all seeds")
    parser.add_argument("--seeds", type=int, default=10, help="replications per round")
    args = parser.parse_args()
    if not (args.baseline / "model" / "__init__.py").is_file():
        print(f"--baseline: {args.baseline} is not a checkout of this project", file=sys.stderr)
        sys.exit(2)
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, tmp)
        versions = {
            "this checkout": load(HERE, "model_this", Path(tmp)),
            "baseline": load(args.baseline, "model_baseline", Path(tmp)),
        }
        report(versions, args.rounds, args.seeds)


def report(versions: dict[str, ModuleType], rounds: int, seeds: int) -> None:
    """Run every version on every seed, `rounds` times, and print team-years per CPU second."""
    names = list(versions)
    fastest: dict[str, dict[int, float]] = {n: {} for n in names}
    totals: dict[str, list[float]] = {n: [] for n in names}
    years: dict[str, float] = dict.fromkeys(names, 0.0)
    for n in names:  # warm-up: the first run of a process pays for lazy imports and caches
        timed_run(versions[n], 0)
    load_start = os.getloadavg()[0]
    for r in range(rounds):
        spent = dict.fromkeys(names, 0.0)
        for seed in range(seeds):
            for n in names if (r + seed) % 2 == 0 else names[::-1]:
                cpu, y = timed_run(versions[n], seed)
                spent[n] += cpu
                fastest[n][seed] = min(fastest[n].get(seed, cpu), cpu)
                if r == 0:
                    years[n] += y
        for n in names:
            totals[n].append(spent[n])
        print(f"round {r + 1}: " + ", ".join(f"{n} {spent[n]:.2f} CPU s" for n in names))
    print(f"load average {load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    rate = {}
    for n in names:
        best = sum(fastest[n].values())
        median = statistics.median(totals[n])
        rate[n] = years[n] / best
        print(
            f"{n:>14}: {years[n]:.1f} team-years; fastest rounds {best:.2f} CPU s "
            f"({rate[n]:.2f} team-years per CPU second); median round {median:.2f} CPU s "
            f"({years[n] / median:.2f} per CPU second)"
        )
    print(f"this checkout / baseline: {rate[names[0]] / rate[names[1]]:.3f}x (fastest rounds)")


if __name__ == "__main__":
    main()
