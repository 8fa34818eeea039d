"""The statistics of paired replications on common random numbers.

Replication r of configuration A and replication r of configuration B use the same seed, so
they see the same households (same arrivals, needs and patience). The difference per
replication then carries far less noise than the difference of two independent means, and its
confidence interval (Student t over the paired differences) is correspondingly narrow.

Running the replications is `comparison.py`'s; this module only gives them their seeds and
takes the figures they produce.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from wijkteam.model import KPIS


def replication_seeds(seed: int, replications: int) -> list[int]:
    """Distinct, reproducible seeds for `replications` replications of master `seed`."""
    return [int(x) for x in np.random.SeedSequence(seed).generate_state(replications)]


Range = tuple[float, float]  # the values a quantity can take, (low, high)
OPEN: Range = (-math.inf, math.inf)


def possible_range(unit: str) -> Range:
    """The values a KPI measured in `unit` (`KPIS`) can take: a share or an index lies in
    [0, 1]; days, counts and euros are never negative."""
    if unit in ("share", "index"):
        return (0.0, 1.0)
    return (0.0, math.inf) if unit in ("days", "count", "euro") else OPEN


def mean_ci(
    values: Sequence[float], level: float = 0.95, within: Range = OPEN
) -> tuple[float, float, float]:
    """Mean and Student-t confidence interval; NaNs are left out, one value gives no interval.
    The interval is cut to `within`, the values the quantity can take: with two or three
    replications a t interval of a share can reach below 0% or above 100%, and what lies
    outside is known not to hold the true value (cutting it keeps the coverage)."""
    x = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if len(x) == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(x.mean())
    if len(x) < 2:
        return (mean, math.nan, math.nan)
    half = float(stats.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x)))
    return (mean, max(mean - half, within[0]), min(mean + half, within[1]))


def paired_difference(
    a: Sequence[float], b: Sequence[float], level: float = 0.95, within: Range = OPEN
) -> tuple[float, float, float]:
    """Mean of b - a over paired replications, with its confidence interval; `within` is the
    range of a and b, so the difference lies within ±(its width)."""
    if len(a) != len(b):
        raise ValueError(f"paired samples differ in length: {len(a)} and {len(b)}")
    width = within[1] - within[0]
    return mean_ci([y - x for x, y in zip(a, b, strict=True)], level, (-width, width))


def compare_runs(
    runs_a: list[dict[str, float]], runs_b: list[dict[str, float]], level: float = 0.95
) -> pd.DataFrame:
    """One row per KPI: mean and CI of A and of B, and the paired difference B - A."""
    rows = []
    for kpi, (label, unit, lower_better) in KPIS.items():
        a = [r[kpi] for r in runs_a]
        b = [r[kpi] for r in runs_b]
        within = possible_range(unit)
        mean_a, lo_a, hi_a = mean_ci(a, level, within)
        mean_b, lo_b, hi_b = mean_ci(b, level, within)
        pairs = [(x, y) for x, y in zip(a, b, strict=True) if not (math.isnan(x) or math.isnan(y))]
        diff, lo, hi = paired_difference(
            [p[0] for p in pairs], [p[1] for p in pairs], level, within
        )
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
                # replications with a value, of A, of B, and of both (the difference): a
                # median never reached, a share not estimable in a short run, is left out
                "n_a": sum(not math.isnan(x) for x in a),
                "n_b": sum(not math.isnan(y) for y in b),
                "n_pairs": len(pairs),
            }
        )
    return pd.DataFrame(rows)
