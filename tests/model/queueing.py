"""Queueing theory for the tests: Erlang C and the Student-t interval, both from the package
(one home each: `experiments/queueing_theory.py`, `experiments/paired.py`)."""

from __future__ import annotations

from wijkteam.experiments.paired import mean_ci
from wijkteam.experiments.queueing_theory import erlang_c

__all__ = ["ci", "erlang_c"]


def ci(values: list[float], level: float = 0.99) -> tuple[float, float]:
    """Student-t confidence interval of the mean over independent replications (99% by
    default: the tests compare with theory many times and must not fail by chance)."""
    _, lo, hi = mean_ci(values, level)
    return lo, hi
