"""How long does the team take to fill? Welch's method (`python -m wijkteam.experiments.welch`).

One run's waiting list is too noisy to show a slow drift, so this averages the sampled
caseload and waiting list over replications that all start from the empty team, in windows
of 100 working days, and prints each window against the level of the last quarter of the run.
Where the columns reach ~1.00 and stay there, the team has filled: the default warm-up
(`warmup_days`) should be at least that long. `experiments/warmup.toml` checks the same
from the other side, on the outcomes. docs/outcomes.md ("Steady state") shows the output.
"""

from __future__ import annotations

import argparse

import numpy as np

from wijkteam.model import WijkteamModel, preset
from wijkteam.model.presets import PRESETS

from .executors import process_pool
from .paired import replication_seeds

WINDOW = 100.0  # working days a row averages over
COLUMNS = ("in_treatment", "waiting_intake", "waiting_treatment")
#: middle day of the window; caseload and its share of the late level; waiting list, the same
Row = tuple[float, float, float, float, float]


def filling(args: tuple[str, float, int]) -> np.ndarray:
    """One replication from the empty team: (time, *COLUMNS) per sample, no warm-up."""
    name, days, seed = args
    scenario = preset(name, {"warmup_days": 0.0, "horizon_days": days})
    model = WijkteamModel(scenario, seed)
    model.run()
    return model.timeseries_frame()[["time", *COLUMNS]].to_numpy(dtype=float)


def welch(name: str, days: float, seeds: list[int], workers: int) -> list[Row]:
    """Per window: its middle day, then caseload and waiting list (intake + treatment), each
    as the mean over replications and as a share of the last quarter's level."""
    jobs = [(name, days, seed) for seed in seeds]
    if workers > 1:
        with process_pool(workers) as pool:
            runs = list(pool.map(filling, jobs))
    else:
        runs = [filling(job) for job in jobs]
    mean = np.mean(np.stack(runs), axis=0)  # same sample times in every run
    time, caseload = mean[:, 0], mean[:, 1]
    waiting = mean[:, 2] + mean[:, 3]
    late = time >= 0.75 * days
    level = caseload[late].mean(), waiting[late].mean()
    rows = []
    for start in np.arange(0.0, days, WINDOW):
        part = (time >= start) & (time < start + WINDOW)
        c, w = caseload[part].mean(), waiting[part].mean()
        share = w / level[1] if level[1] else 1.0
        rows.append(
            (float(start + WINDOW / 2), float(c), float(c / level[0]), float(w), float(share))
        )
    return rows


def markdown(name: str, rows: list[Row]) -> str:
    lines = [
        f"| day (`{name}`) | caseload | share of late level | waiting list | share of late level |",
        "|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {d:,.0f} | {c:.1f} | {cs:.2f} | {w:.1f} | {ws:.2f} |" for d, c, cs, w, ws in rows]
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
