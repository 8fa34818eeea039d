"""Time-to-event measures: how soon households get the right help, with competing events and
censoring handled by the Aalen–Johansen estimator.

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

from dataclasses import dataclass
from functools import cached_property

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
        return float(self.reported_times[hit[0]]) if len(hit) else float("nan")

    @cached_property
    def reported_times(self) -> np.ndarray:
        """The times as a reader takes them: an event placed `AT_ONCE` (an intake at once)
        happened at 0, and a median or mean of such waits is 0 days, not 1e-06. Made once
        per curve: a summary reads several figures off each curve."""
        return np.where(self.times <= AT_ONCE, 0.0, self.times)

    def conditional_mean(self, tau: float) -> float:
        """Mean time to the event among those who had it within `tau`:
        the integral of t dCIF(t) over [0, tau], divided by CIF(tau)."""
        total = self.at(tau)
        if not total or np.isnan(total):
            return float("nan")
        keep = self.times <= tau
        jumps = np.diff(np.concatenate(([0.0], self.cif)))[keep]
        return float((self.reported_times[keep] * jumps).sum() / total)

    def restricted_mean(self, tau: float) -> float:
        """Mean of min(T, tau) when T is infinite for those with a competing event: the
        area above the CIF up to `tau`. Its meaning is fixed by `tau`, not by the run."""
        if self.n == 0:
            return float("nan")
        times = self.reported_times
        grid = np.concatenate(([0.0], times[times < tau], [tau]))
        i = np.searchsorted(times, grid[:-1], side="right")
        heights = np.where(i > 0, self.cif[np.maximum(i - 1, 0)], 0.0)
        return float(((1.0 - heights) * np.diff(grid)).sum())


def event_codes(event: np.ndarray, competing: np.ndarray) -> np.ndarray:
    """The event code of each row: EVENT where `event`, else COMPETING where `competing`,
    else CENSORED. One byte a row: a summary holds several of these for every household
    and request of a run."""
    codes = np.zeros(len(event), dtype=np.int8)  # CENSORED
    codes[competing] = COMPETING
    codes[event] = EVENT
    return codes


def cumulative_incidence(
    durations: np.ndarray | list[float], events: np.ndarray | list[int], of: int = EVENT
) -> Incidence:
    """Aalen–Johansen estimate of the cumulative incidence of event `of`.

    At each distinct time t_j with n_j households still at risk, d_j events of any kind and
    d_j(of) of kind `of`, the curve rises by S(t_j-) * d_j(of) / n_j, where S is the
    Kaplan–Meier probability of no event of any kind before t_j (Aalen and Johansen 1978;
    docs/sources.md). Tied times are counted together, as the estimator defines them, so no
    jitter is needed and the result is exact and deterministic. It agrees with lifelines'
    `AalenJohansenFitter` wherever no times are tied (tests/model/test_survival.py); lifelines
    breaks ties by jittering every event time by up to 1e-4 days, which moves its figures by
    less than that. Written on NumPy arrays because a summary fits this on every household of
    a run: lifelines builds pandas frames of the whole sample, which cost ~0.3 s and ~90 MiB
    per fit on 240,000 rows (docs/performance.md).

    An event at time 0 (an intake at once) is placed `AT_ONCE` days later, so the curve
    starts at 0 at time 0 and the read-off times (5, 20, ... days) are unaffected."""
    raw = np.asarray(durations, dtype=float)
    e = np.asarray(events)
    n = len(raw)
    if n == 0:
        return Incidence(np.array([]), np.array([]), 0)
    if not (e == of).any():
        return Incidence(np.array([0.0]), np.array([0.0]), n)
    # Written to hold few arrays of n at once: a summary fits this on every household of a
    # run. Sorting before clamping to AT_ONCE orders the rows as clamping first would, up to
    # the order within tied times, which the counts below do not see.
    order = np.argsort(raw, kind="stable")
    d = np.maximum(raw[order], AT_ONCE)
    e = e[order]
    del order
    new_time = np.concatenate(([True], d[1:] != d[:-1]))  # the first row of each time
    first = np.flatnonzero(new_time)
    del new_time
    times = np.empty(len(first) + 1)
    times[0] = 0.0
    np.take(d, first, out=times[1:])
    del d
    # events of any kind, and of kind `of`, at each distinct time (whole numbers: exact)
    any_event = np.add.reduceat(e != CENSORED, first, dtype=np.int64)
    this_event = np.add.reduceat(e == of, first, dtype=np.int64)
    del e
    at_risk = np.subtract(n, first, out=first)
    # survival[j + 1]: Kaplan-Meier probability of no event of any kind up to time j
    hazard = any_event / at_risk
    del any_event
    np.subtract(1.0, hazard, out=hazard)
    survival = np.empty(len(hazard) + 1)
    survival[0] = 1.0
    np.cumprod(hazard, out=survival[1:])
    del hazard
    step = survival[:-1] * this_event
    del survival, this_event
    step /= at_risk
    del at_risk
    cif = np.empty(len(step) + 1)
    cif[0] = 0.0
    np.cumsum(step, out=cif[1:])
    return Incidence(times, cif, n)
