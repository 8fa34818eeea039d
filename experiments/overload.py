"""Does a team hold, and what holds it? (`python -m wijkteam.experiments.overload`)

A team whose waits are short can still lose a share of its requests to drop-out. This
analysis separates the two explanations a reader will think of: households that give up too
easily (the patience assumption), or more work arriving than the team can do (staffing). Per
team it runs long runs and reports, over the last three years:

- the yearly drop-out share and the mean wait in a queue per request (Little's law: the mean
  waiting list over the arrival rate);
- the same with a gamma patience of shape 3 and the same mean (hardly anyone gives up within
  days): if drop-out falls, patience was the cause; if waits grow until the same share gives
  up, it was not;
- the waiting list with nobody giving up (`patience_days_mean` 0): if it grows year after
  year, the team holds only through drop-outs.

docs/outcomes.md ("What holds a team: patience or staffing") shows its output.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np

from wijkteam.model import Scenario, WijkteamModel, preset
from wijkteam.model.calendar import DAYS_PER_YEAR
from wijkteam.model.presets import PRESETS
from wijkteam.model.steady_state import yearly

from .paired import replication_seeds

TEAMS = ("zwolle-2015", "integral", "islands")
LAST_YEARS = 3


@dataclass
class Holding:
    """What holds one team over its last years (means over seeds)."""

    team: str
    patience: str
    dropout: float  # share of requests a year
    wait_days: float  # mean wait in a queue per request, working days
    waiting: float  # mean waiting list
    waiting_by_year: list[float]
    dropout_by_year: list[float]  # share of requests a year, from the start of the run


def years_run(scenario: Scenario, years: int, seed: int) -> WijkteamModel:
    """A run from the empty team to the end of year `years`, for outcomes per year of arrival
    (`steady_state.yearly`, which counts from the start of the run). The warm-up decides only
    where the run's own summary starts, so it is cut to end before the last LAST_YEARS
    years: an analysis may be shorter than the default warm-up."""
    warmup = min(scenario.warmup_days, (years - LAST_YEARS) * DAYS_PER_YEAR)
    horizon = years * DAYS_PER_YEAR - warmup
    m = WijkteamModel(scenario.with_updates({"warmup_days": warmup, "horizon_days": horizon}), seed)
    m.run()
    return m


def run_team(team: str, updates: dict, years: int, seeds: list[int], patience: str) -> Holding:
    """Long runs of `team` with `updates`; the last LAST_YEARS years summarised."""
    dropout, wait, waiting, by_year, dropout_by_year = [], [], [], [], []
    for seed in seeds:
        rows = yearly(years_run(preset(team, updates), years, seed))
        per_year = [row["waiting_mean"] for row in rows]
        by_year.append(per_year)
        dropout_by_year.append([row["dropped_share"] for row in rows])
        for y in range(years - LAST_YEARS, years):
            arrivals_per_day = rows[y]["requests"] / DAYS_PER_YEAR
            dropout.append(rows[y]["dropped_share"])
            waiting.append(per_year[y])
            wait.append(per_year[y] / arrivals_per_day)
    return Holding(
        team,
        patience,
        float(np.mean(dropout)),
        float(np.mean(wait)),
        float(np.mean(waiting)),
        [float(v) for v in np.mean(by_year, axis=0)],
        [float(v) for v in np.nanmean(dropout_by_year, axis=0)],
    )


def analyse(teams: tuple[str, ...], years: int, seeds: list[int]) -> list[Holding]:
    """Every team under exponential patience, gamma patience of shape 3, and no drop-out."""
    variants = [
        ("exponential", {}),
        ("gamma, shape 3", {"patience_shape": 3.0}),
        ("nobody gives up", {"patience_days_mean": 0.0}),
    ]
    return [
        run_team(team, updates, years, seeds, label)
        for label, updates in variants
        for team in teams
    ]


def markdown(rows: list[Holding], years: int) -> str:
    """The table of docs/outcomes.md."""
    first = years - LAST_YEARS + 1
    lines = [
        f"| team | patience | drop-out a year (years {first}–{years}) | mean wait in a queue "
        "per request (working days) | waiting list | waiting list, year by year | drop-out, "
        "year by year (%) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        trail = ", ".join(f"{v:.0f}" for v in r.waiting_by_year)
        drops = ", ".join(f"{100 * v:.1f}" for v in r.dropout_by_year)
        lines.append(
            f"| `{r.team}` | {r.patience} | {r.dropout:.1%} | {r.wait_days:.1f} | "
            f"{r.waiting:.0f} | {trail} | {drops} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m wijkteam.experiments.overload",
        description="What holds a team over the years: patience or staffing? "
        "About half a minute of CPU at the defaults.",
    )
    parser.add_argument("--years", type=int, default=10, choices=range(4, 31), metavar="4-30")
    parser.add_argument("--seeds", type=int, default=3, choices=range(1, 21), metavar="1-20")
    parser.add_argument("--teams", nargs="+", default=list(TEAMS), choices=sorted(PRESETS))
    args = parser.parse_args(argv)
    seeds = replication_seeds(10, args.seeds)  # the seeds of tests/model/test_long_run.py
    print(markdown(analyse(tuple(args.teams), args.years, seeds), args.years))


if __name__ == "__main__":
    main()
