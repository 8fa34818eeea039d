"""Is B better than A? One rule for the CLI, the explorer and the classroom.

A difference B - A counts as *better* or *worse* only when its 95% interval excludes zero;
otherwise there is *no clear difference*. Measures where more is neither better nor worse
(`summary.KPIS` marks them None: requests, hours, utilisation) get no verdict. The results are
keys ("better", "worse", "no_diff"), which the dashboard translates and the CLI prints as
+ / - / =.
"""

from __future__ import annotations

import math

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


def verdict(diff: float, lo: float, hi: float, lower_is_better: bool | None) -> str | None:
    """The verdict on B - A with its confidence interval [lo, hi]: no_diff when the interval
    holds zero; None for a neutral measure or when there is no interval yet."""
    if lower_is_better is None or any(v is None or math.isnan(v) for v in (diff, lo, hi)):
        return None
    if lo <= 0 <= hi:
        return NO_CLEAR_DIFFERENCE
    return direction(diff, lower_is_better)
