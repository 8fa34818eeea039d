"""Integral work introduced into a running neighbourhood, year by year
(`python -m wijkteam.experiments.introduction`).

The validation's growth row gives one number: the integral team's lead over islands in its
fifth year minus its first. This prints the lead in every measured year, with and without
learning on the job, so a reader sees the whole course: where the lead starts, how fast it
grows and where it levels off, and that without learning it does not grow at all.
docs/validation.md ("How the growth row came to pass") shows its output.
"""

from __future__ import annotations

import argparse

import numpy as np

from .paired import mean_ci, replication_seeds
from .validation import introduction_jobs, run_jobs


def yearly_help(years: int, seeds: list[int], workers: int) -> dict[str, np.ndarray]:
    """Per replication and measured year, the share helped within 60 days: `islands`, and
    `zwolle-2015` with learning (`integral`) and without (`fixed`), on the same households.
    Islands run once: they do not learn either way."""
    jobs = introduction_jobs(years, seeds)
    jobs["growth-fixed"] = introduction_jobs(years, seeds, {"learning_rate": 0.0})[
        "growth-integral"
    ]
    results = run_jobs(jobs, workers)
    keys = [f"year{k + 1}" for k in range(years)]
    return {
        name.removeprefix("growth-"): np.array([[r[k] for k in keys] for r in runs])
        for name, runs in results.items()
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=8, help="measured years (default 8)")
    parser.add_argument("--replications", type=int, default=10, help="paired runs (default 10)")
    parser.add_argument("--seed", type=int, default=2019, help="seed of the replications")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args(argv)
    if args.years < 1 or args.replications < 2:
        parser.error("--years must be at least 1 and --replications at least 2")
    seeds = replication_seeds(args.seed, args.replications)
    print(
        f"Lead of zwolle-2015 over islands in right help within 60 days, per measured year "
        f"({args.replications} paired replications; mean [95% interval]):"
    )
    helped = yearly_help(args.years, seeds, args.workers)
    for way, label in (("integral", "with learning"), ("fixed", "without learning")):
        leads = helped[way] - helped["islands"]
        cells = []
        for year in range(args.years):
            mean, lo, hi = mean_ci(list(leads[:, year]))
            cells.append(f"y{year + 1} {mean:+.3f} [{lo:+.3f}, {hi:+.3f}]")
        print(f"  {label}:\n    " + "\n    ".join(cells))


if __name__ == "__main__":
    main()
