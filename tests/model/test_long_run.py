"""Long-run behaviour: outcomes that do not depend on the run length, teams that hold over ten
simulated years, and learning that makes a team better over the years (issue 8).

These run many simulated team-years; they are marked slow (`pytest -m slow`)."""

from __future__ import annotations

import numpy as np
import pytest

from wijkteam.experiments.paired import replication_seeds
from wijkteam.model import WijkteamModel, preset, simulate
from wijkteam.model.steady_state import trend_per_year, yearly

YEAR = 220.0


def mean_kpi(name: str, kpi: str, years: float, seeds: list[int]) -> float:
    scenario = preset(name, {"horizon_days": years * YEAR})
    return float(np.mean([simulate(scenario, seed)[kpi] for seed in seeds]))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["islands", "integral"])
def test_right_help_within_60_days_does_not_depend_on_the_run_length(name: str) -> None:
    """The same team gives the same answer over 2 and over 6 simulated years (means over 6
    paired seeds; the replication spread of one run is about 0.01)."""
    seeds = replication_seeds(8, 6)
    short = mean_kpi(name, "right_help_within_60_share", 2, seeds)
    long = mean_kpi(name, "right_help_within_60_share", 6, seeds)
    assert abs(short - long) < 0.03, (short, long)


def yearly_runs(name: str, updates: dict, years: int, seeds: list[int]) -> np.ndarray:
    """Per seed and year of arrival: (drop-out share, right help within 60 days)."""
    rows = []
    for seed in seeds:
        scenario = preset(name, updates)
        m = WijkteamModel(
            scenario.with_updates({"horizon_days": years * YEAR - scenario.warmup_days}), seed
        )
        m.run()
        rows.append([(r["dropped_share"], r["right_help_within_60_share"]) for r in yearly(m)])
    return np.array(rows)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["zwolle-matured", "zwolle-2015"])
def test_learning_teams_hold_over_ten_years(name: str) -> None:
    """With learning on the job (both presets learn) the team does not slowly collapse: the
    yearly drop-out (mean over 3 seeds) stays below 10% and does not trend upward after the
    team has filled up (the years after the warm-up, which is as long as the caseloads take to
    fill; a rise of a point a year would be material)."""
    runs = yearly_runs(name, {}, 10, replication_seeds(10, 3))
    dropout = runs[:, :, 0].mean(axis=0)
    assert (dropout < 0.10).all(), dropout.round(3)
    filled = int(preset(name).warmup_days // YEAR)
    years = np.arange(filled + 1, 11) * YEAR
    slope, p = trend_per_year(years, dropout[filled:])
    assert not (p < 0.05 and slope > 0.01), (slope, p, dropout.round(3))


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="known, issue 8: in the calibrated neighbourhood learning at rate 0.02 changes right "
    "help within 60 days by less than a point in any year (paired, 3 seeds), and integral's "
    "lead over islands is largest while the caseloads fill (about 0.10 in years 1-3) and "
    "shrinks to about 0.03 once waiting lists form (years 6-8)",
)
def test_with_learning_the_integral_advantage_grows() -> None:
    """She grew broader over the years: an integral team that learns from its consultations
    gains on islands over the years, and more so than the same team without learning (paired
    seeds; right help within 60 days per year of arrival)."""
    seeds = replication_seeds(12, 3)
    islands = yearly_runs("islands", {}, 8, seeds)[:, :, 1]
    learning = yearly_runs("integral", {"learning_rate": 0.02}, 8, seeds)[:, :, 1]
    fixed = yearly_runs("integral", {"learning_rate": 0.0}, 8, seeds)[:, :, 1]
    advantage = (learning - islands).mean(axis=0)
    gain = (learning - fixed).mean(axis=0)
    early, late = slice(1, 3), slice(5, 8)  # years 2-3 against years 6-8
    assert advantage[late].mean() > advantage[early].mean() + 0.01, advantage.round(3)
    assert gain[late].mean() > gain[early].mean(), gain.round(3)
