"""Is B better than A? One rule for the CLI, the explorer and the classroom.

A difference B - A counts as *better* or *worse* only when its 95% interval excludes zero;
otherwise there is *no clear difference*. A caller may also ask for a smallest difference
worth acting on (`RELEVANT`, by unit: the explorer and its report do, since with many
replications an interval gets narrow enough to call 0.2 days "better", and nobody would act
on that); below it a difference is *no clear difference* too. Measures where more is neither
better nor worse (`summary.KPIS` marks them None: requests, hours, utilisation) get no
verdict. The results are keys ("better", "worse", "no_diff"), which the dashboard translates
and the CLI prints as + / - / =.
"""

from __future__ import annotations

import math

#: the smallest difference worth acting on, by unit (`summary.KPIS`): half a working day,
#: half a percentage point, 25 euro, 0.05 hand-offs per case, 0.01 of an index
RELEVANT: dict[str, float] = {
    "days": 0.5,
    "share": 0.005,
    "euro": 25.0,
    "count": 0.05,
    "index": 0.01,
}

BETTER = "better"
WORSE = "worse"
NO_CLEAR_DIFFERENCE = "no_diff"


def direction(diff: float, lower_is_better: bool | None) -> str | None:
    """The verdict on the sign of B - A alone (a single run, nothing to weigh it against):
    better, worse, no_diff when equal; None for a neutral measure or a missing value."""
    if lower_is_better is None or diff is None or math.isnan(diff):
        return None
    if diff == 0:
        return NO_CLEAR_DIFFERENCE
    return BETTER if (diff < 0) == lower_is_better else WORSE


def verdict(
    diff: float | None,
    lo: float | None,
    hi: float | None,
    lower_is_better: bool | None,
    smallest: float = 0.0,
) -> str | None:
    """The verdict on B - A with its confidence interval [lo, hi]: no_diff when the interval
    holds zero or the difference is smaller than `smallest` (see `RELEVANT`); None for a
    neutral measure or when there is no interval yet."""
    if lower_is_better is None or diff is None or lo is None or hi is None:
        return None
    if math.isnan(diff) or math.isnan(lo) or math.isnan(hi):
        return None
    if lo <= 0 <= hi or abs(diff) < smallest:
        return NO_CLEAR_DIFFERENCE
    return direction(diff, lower_is_better)
