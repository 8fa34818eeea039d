"""Queueing theory for the tests: Erlang C (from the package) and confidence intervals over
replications."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from wijkteam.experiments.queueing_theory import erlang_c

__all__ = ["ci", "erlang_c"]


def ci(values: list[float], level: float = 0.99) -> tuple[float, float]:
    """Student-t confidence interval of the mean over independent replications."""
    x = np.asarray(values, dtype=float)
    half = stats.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    return float(x.mean() - half), float(x.mean() + half)
