"""Queueing theory for the tests: Erlang C and confidence intervals over replications."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats


def erlang_c(c: int, lam: float, mu: float = 1.0) -> tuple[float, float]:
    """P(wait) and mean wait in queue Wq of an M/M/c queue (Erlang C)."""
    a = lam / mu
    if a >= c:
        raise ValueError("unstable queue")
    head = sum(a**k / math.factorial(k) for k in range(c))
    tail = a**c / math.factorial(c) * c / (c - a)
    p_wait = tail / (head + tail)
    return p_wait, p_wait / (c * mu - lam)


def ci(values: list[float], level: float = 0.99) -> tuple[float, float]:
    """Student-t confidence interval of the mean over independent replications."""
    x = np.asarray(values, dtype=float)
    half = stats.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    return float(x.mean() - half), float(x.mean() + half)
