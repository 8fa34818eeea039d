"""Time-to-event measures: how soon households get the right help, with competing events and
censoring handled by the Aalen–Johansen estimator (from `lifelines`).

Why not a plain mean of waiting times: when a run ends, some households are still on their way
(waiting, in care, or away and due to come back). Counting them "until the end of the run" makes
a figure that grows with the run length; leaving them out flatters the slow. In survival terms
the run's end *censors* them, and a household that gives up (drops out for good) or escalates
to second-line care before getting the right help has a *competing event*: it will never get
that help from the team. The cumulative incidence function (CIF) of the right help — the share
of households that got it within t working days of their first request — is then estimated
without bias by Aalen–Johansen, and every figure below is read off that one curve at fixed
times, so it means the same whatever the run length (docs/ODD.md).

Event codes: 0 = censored (run ended first), 1 = the event of interest, 2 = a competing event.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

CENSORED, EVENT, COMPETING = 0, 1, 2
AT_ONCE = 1e-6  # working days (< 0.1 s): where an event at time 0 is placed


@dataclass(frozen=True)
class Incidence:
    """A cumulative incidence curve: step function `cif` jumping at `times` (increasing)."""

    times: np.ndarray
    cif: np.ndarray
    n: int

    def at(self, t: float) -> float:
        """Share with the event by time `t` (NaN when nobody was observed)."""
        if self.n == 0:
            return float("nan")
        i = np.searchsorted(self.times, t, side="right")
        return float(self.cif[i - 1]) if i > 0 else 0.0

    def quantile(self, q: float) -> float:
        """The first time by which a share `q` had the event; NaN if the curve never gets
        there (e.g. the median when fewer than half ever get the right help)."""
        if self.n == 0:
            return float("nan")
        hit = np.nonzero(self.cif >= q - 1e-12)[0]
        return float(self.times[hit[0]]) if len(hit) else float("nan")

    def conditional_mean(self, tau: float) -> float:
        """Mean time to the event among those who had it within `tau`:
        the integral of t dCIF(t) over [0, tau], divided by CIF(tau)."""
        total = self.at(tau)
        if not total or np.isnan(total):
            return float("nan")
        keep = self.times <= tau
        jumps = np.diff(np.concatenate(([0.0], self.cif)))[keep]
        return float((self.times[keep] * jumps).sum() / total)

    def restricted_mean(self, tau: float) -> float:
        """Mean of min(T, tau) when T is infinite for those with a competing event: the
        area above the CIF up to `tau`. Its meaning is fixed by `tau`, not by the run."""
        if self.n == 0:
            return float("nan")
        grid = np.concatenate(([0.0], self.times[self.times < tau], [tau]))
        i = np.searchsorted(self.times, grid[:-1], side="right")
        heights = np.where(i > 0, self.cif[np.maximum(i - 1, 0)], 0.0)
        return float(((1.0 - heights) * np.diff(grid)).sum())


def cumulative_incidence(
    durations: np.ndarray | list[float], events: np.ndarray | list[int], of: int = EVENT
) -> Incidence:
    """Aalen–Johansen estimate of the cumulative incidence of event `of` (lifelines).

    lifelines jitters tied event times of different kinds with numpy's global generator; it
    gets a fixed seed here so that the same run gives the same figures, bit for bit. Its
    curve starts with a row at time 0 whose events it drops, so an event at 0 (an intake at
    once) is placed `AT_ONCE` days later: the read-off times (5, 20, ... days) are unaffected."""
    d = np.maximum(np.asarray(durations, dtype=float), AT_ONCE)
    e = np.asarray(events, dtype=int)
    if len(d) == 0:
        return Incidence(np.array([]), np.array([]), 0)
    if not (e == of).any():
        return Incidence(np.array([0.0]), np.array([0.0]), len(d))
    from lifelines import AalenJohansenFitter

    fitter = AalenJohansenFitter(calculate_variance=False, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitter.fit(d, e, event_of_interest=of)
    curve = fitter.cumulative_density_.iloc[:, 0]
    return Incidence(curve.index.to_numpy(dtype=float), curve.to_numpy(dtype=float), len(d))
