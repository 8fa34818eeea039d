"""Paired comparisons on common random numbers.

Replication r of configuration A and replication r of configuration B use the same seed, so
they see the same households (same arrivals, needs and patience). The difference per
replication then carries far less noise than the difference of two independent means, and its
confidence interval (Student t over the paired differences) is correspondingly narrow.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from wijkteam.model import KPIS, Scenario, simulate


def replication_seeds(seed: int, replications: int) -> list[int]:
    """Distinct, reproducible seeds for `replications` replications of master `seed`."""
    return [int(x) for x in np.random.SeedSequence(seed).generate_state(replications)]


def mean_ci(values: Sequence[float], level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t confidence interval; NaNs are left out, one value gives no interval."""
    x = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if len(x) == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(x.mean())
    if len(x) < 2:
        return (mean, math.nan, math.nan)
    half = float(stats.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x)))
    return (mean, mean - half, mean + half)


def paired_difference(
    a: Sequence[float], b: Sequence[float], level: float = 0.95
) -> tuple[float, float, float]:
    """Mean of b - a over paired replications, with its confidence interval."""
    if len(a) != len(b):
        raise ValueError(f"paired samples differ in length: {len(a)} and {len(b)}")
    return mean_ci([y - x for x, y in zip(a, b, strict=True)], level)


def run_pairs(
    scenario_a: Scenario,
    scenario_b: Scenario,
    replications: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Run both configurations on the same seeds; returns their summaries in seed order."""
    runs_a, runs_b = [], []
    seeds = replication_seeds(seed, replications)
    for i, s in enumerate(seeds):
        runs_a.append(simulate(scenario_a, s))
        runs_b.append(simulate(scenario_b, s))
        if progress is not None:
            progress(i + 1, len(seeds))
    return runs_a, runs_b


def compare_runs(
    runs_a: list[dict[str, float]], runs_b: list[dict[str, float]], level: float = 0.95
) -> pd.DataFrame:
    """One row per KPI: mean and CI of A and of B, and the paired difference B - A."""
    rows = []
    for kpi, (label, unit, lower_better) in KPIS.items():
        a = [r[kpi] for r in runs_a]
        b = [r[kpi] for r in runs_b]
        mean_a, lo_a, hi_a = mean_ci(a, level)
        mean_b, lo_b, hi_b = mean_ci(b, level)
        pairs = [(x, y) for x, y in zip(a, b, strict=True) if not (math.isnan(x) or math.isnan(y))]
        diff, lo, hi = paired_difference([p[0] for p in pairs], [p[1] for p in pairs], level)
        rows.append(
            {
                "kpi": kpi,
                "label": label,
                "unit": unit,
                "lower_is_better": lower_better,
                "mean_a": mean_a,
                "lo_a": lo_a,
                "hi_a": hi_a,
                "mean_b": mean_b,
                "lo_b": lo_b,
                "hi_b": hi_b,
                "diff": diff,
                "diff_lo": lo,
                "diff_hi": hi,
            }
        )
    return pd.DataFrame(rows)


def compare(
    scenario_a: Scenario,
    scenario_b: Scenario,
    replications: int = 10,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Paired comparison of two configurations over `replications` common-random-number
    replications (see `compare_runs` for the columns)."""
    runs_a, runs_b = run_pairs(scenario_a, scenario_b, replications, seed, progress)
    return compare_runs(runs_a, runs_b)
