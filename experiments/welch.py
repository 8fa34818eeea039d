"""How long does the team take to fill? Welch's method (`python -m wijkteam.experiments.welch`).

One run's waiting list is too noisy to show a slow drift, so this averages the sampled
caseload and waiting list over replications that all start from the empty team, in windows
of 100 working days, and prints each window against the level of the last quarter of the run.
Where the columns reach ~1.00 and stay there, the team has filled: the default warm-up
(`warmup_days`) should be at least that long. Beside them, what fills the team: the
households it knows (those that may still come back) at the end of each window, and the
requests a day that came in during it (first requests, and the repeats, returns and
follow-up questions of the households it knows). `experiments/warmup.toml` checks the same
from the other side, on the outcomes. docs/outcomes.md ("Steady state") shows the output.
"""

from __future__ import annotations

import argparse

import numpy as np

from wijkteam.model import Household, WijkteamModel, preset
from wijkteam.model.presets import PRESETS

from .executors import process_pool
from .paired import replication_seeds

WINDOW = 100.0  # working days a row averages over
COLUMNS = ("in_treatment", "waiting_intake", "waiting_treatment")
#: middle day of the window; then caseload, waiting list, households known to the team and
#: requests a day, each followed by its share of the late level
Row = tuple[float, ...]


def filling(args: tuple[str, float, int]) -> tuple[np.ndarray, np.ndarray]:
    """One replication from the empty team, no warm-up: (time, *COLUMNS) per sample, and per
    window the households in the model at its end and the requests that came in during it."""
    name, days, seed = args
    scenario = preset(name, {"warmup_days": 0.0, "horizon_days": days})
    model = WijkteamModel(scenario, seed)
    windows = []
    for start in np.arange(0.0, days, WINDOW):
        end, before = min(days, start + WINDOW), len(model.cases)
        model.run_until(float(end))
        households = model.agents_by_type.get(Household, ())
        windows.append((len(households), (len(model.cases) - before) / (end - start)))
    samples = model.timeseries_frame()[["time", *COLUMNS]].to_numpy(dtype=float)
    return samples, np.array(windows, dtype=float)


def _share(value: float, level: float) -> float:
    return value / level if level else 1.0


def welch(name: str, days: float, seeds: list[int], workers: int) -> list[Row]:
    """Per window: its middle day, then caseload, waiting list (intake + treatment),
    households known to the team and requests a day, each as the mean over replications and
    as a share of the last quarter's level."""
    jobs = [(name, days, seed) for seed in seeds]
    if workers > 1:
        with process_pool(workers) as pool:
            runs = list(pool.map(filling, jobs))
    else:
        runs = [filling(job) for job in jobs]
    mean = np.mean(np.stack([samples for samples, _ in runs]), axis=0)  # same sample times
    known = np.mean(np.stack([windows for _, windows in runs]), axis=0)
    time, caseload = mean[:, 0], mean[:, 1]
    waiting = mean[:, 2] + mean[:, 3]
    starts = np.arange(0.0, days, WINDOW)
    late, late_windows = time >= 0.75 * days, starts >= 0.75 * days
    level = (
        caseload[late].mean(),
        waiting[late].mean(),
        *known[late_windows].mean(axis=0),
    )
    rows = []
    for i, start in enumerate(starts):
        part = (time >= start) & (time < start + WINDOW)
        values = (caseload[part].mean(), waiting[part].mean(), *known[i])
        row: list[float] = [float(start + min(days, start + WINDOW)) / 2]
        for value, at in zip(values, level, strict=True):
            row += [float(value), float(_share(value, at))]
        rows.append(tuple(row))
    return rows


def markdown(name: str, rows: list[Row]) -> str:
    late = "share of late level"
    lines = [
        f"| day (`{name}`) | caseload | {late} | waiting list | {late} | households known "
        f"| {late} | requests a day | {late} |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {d:,.0f} | {c:.1f} | {cs:.2f} | {w:.1f} | {ws:.2f} | {h:,.0f} | {hs:.2f} "
        f"| {r:.2f} | {rs:.2f} |"
        for d, c, cs, w, ws, h, hs, r, rs in rows
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m wijkteam.experiments.welch",
        description="How long the team takes to fill (Welch's method over replications "
        "started empty). About a minute on two cores at the defaults.",
    )
    parser.add_argument(
        "--presets", nargs="+", default=["islands", "integral"], choices=sorted(PRESETS)
    )
    parser.add_argument("--days", type=float, default=4400.0, help="run length (default 4400)")
    parser.add_argument(
        "--replications", type=int, default=10, choices=range(2, 101), metavar="2-100"
    )
    parser.add_argument("--seed", type=int, default=1880, help="master seed (default 1880)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args(argv)
    if not WINDOW * 4 <= args.days <= 220000:
        parser.error(f"--days {args.days:g}: must be between {WINDOW * 4:g} and 220000")
    seeds = replication_seeds(args.seed, args.replications)
    for name in args.presets:
        print(markdown(name, welch(name, args.days, seeds, args.workers)), end="\n\n")


if __name__ == "__main__":
    main()
