"""The Aalen–Johansen estimator against lifelines, the reference implementation.

Where no times are tied the two must give the same curve to rounding. Where event times are tied,
lifelines jitters every event time by up to 1e-4 days (its way round ties); the exact estimator
counts tied events together, so the two agree to within what that jitter can move. (Where an
event and a censoring share a time, the estimator counts the censored household as still at
risk, the textbook convention; lifelines' jitter would move half the events after it. A run
censors at its end, at times no event shares, so the samples below censor at untied times.)"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from wijkteam.model.survival import (
    AT_ONCE,
    CENSORED,
    COMPETING,
    EVENT,
    Incidence,
    cumulative_incidence,
)

lifelines = pytest.importorskip("lifelines")


def lifelines_curve(durations: np.ndarray, events: np.ndarray, of: int) -> Incidence:
    """lifelines' cumulative incidence of `of`, read off as the model reads its own."""
    fitter = lifelines.AalenJohansenFitter(calculate_variance=False, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitter.fit(durations, events, event_of_interest=of)
    curve = fitter.cumulative_density_.iloc[:, 0]
    return Incidence(curve.index.to_numpy(dtype=float), curve.to_numpy(dtype=float), len(events))


def sample(seed: int, n: int, tied: bool) -> tuple[np.ndarray, np.ndarray]:
    """Waits of households: exponential times, some helped, some lost, some censored; with
    `tied`, a third are helped at once (time 0) and event times are whole days."""
    rng = np.random.default_rng(seed)
    durations = rng.exponential(20.0, n)
    events = rng.choice([CENSORED, EVENT, COMPETING], size=n, p=[0.2, 0.6, 0.2])
    if tied:
        durations = np.where(events == CENSORED, durations, np.ceil(durations))
        at_once = rng.random(n) < 1 / 3
        durations[at_once], events[at_once] = 0.0, EVENT
    return durations, events


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("of", [EVENT, COMPETING])
def test_without_ties_it_is_lifelines_curve(seed: int, of: int) -> None:
    durations, events = sample(seed, 2000, tied=False)
    reference = lifelines_curve(durations, events, of)
    curve = cumulative_incidence(durations, events, of)
    np.testing.assert_array_equal(curve.times, reference.times)
    np.testing.assert_allclose(curve.cif, reference.cif, rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_with_ties_it_agrees_with_lifelines_to_its_jitter(seed: int) -> None:
    """Read off where users read it: the share helped within 5, 20 and 60 days, the median
    and the mean wait of those helped within 60 days. Besides the jitter, lifelines' curve
    leaves out its first event (it sets the curve to 0 at its first time, which the jitter
    makes an event time below 0): one household in 5,000 here, hence the tolerances."""
    durations, events = sample(seed, 5000, tied=True)
    reference = lifelines_curve(np.maximum(durations, AT_ONCE), events, EVENT)
    curve = cumulative_incidence(durations, events, EVENT)
    for t in (5.5, 20.5, 60.5):  # between whole days, away from the ties
        assert curve.at(t) == pytest.approx(reference.at(t), abs=1e-3)
    assert curve.quantile(0.5) == pytest.approx(reference.quantile(0.5), abs=1e-3)
    assert curve.conditional_mean(60.5) == pytest.approx(reference.conditional_mean(60.5), rel=1e-3)


def test_tied_events_of_one_kind_are_counted_together() -> None:
    """Ten households all helped at day 2 and nobody else: the whole share jumps at day 2,
    not in ten steps around it."""
    curve = cumulative_incidence([2.0] * 10, [EVENT] * 10, EVENT)
    assert curve.at(1.999) == 0.0
    assert curve.at(2.0) == pytest.approx(1.0)
    assert list(curve.times) == [0.0, 2.0]


def kaplan_meier(durations: np.ndarray, events: np.ndarray, t: float) -> float:
    """The share still waiting at `t` (no event of any kind yet), by the textbook product
    over event times: an independent reference for the sum of the two incidence curves."""
    share = 1.0
    for time in np.unique(durations[(events != CENSORED) & (durations <= t)]):
        at_risk = np.sum(durations >= time)
        ended = np.sum((durations == time) & (events != CENSORED))
        share *= 1.0 - ended / at_risk
    return share


def test_shares_of_the_kinds_and_the_censored_add_up() -> None:
    """Helped + lost + still waiting = everyone at every time, with heavy ties: the two
    incidence curves add up to one minus the all-cause Kaplan–Meier curve."""
    durations, events = sample(7, 3000, tied=True)
    assert np.sum(events == CENSORED) > 100  # censoring is what the sum must handle
    helped = cumulative_incidence(durations, events, EVENT)
    lost = cumulative_incidence(durations, events, COMPETING)
    end = durations.max()
    for t in (1.0, 5.0, 20.0, 60.0, end):
        still_waiting = kaplan_meier(durations, events, t)
        assert helped.at(t) + lost.at(t) == pytest.approx(1.0 - still_waiting, abs=1e-12), t
    no_censoring = np.where(events == CENSORED, EVENT, events)
    assert cumulative_incidence(durations, no_censoring, EVENT).at(end) + cumulative_incidence(
        durations, no_censoring, COMPETING
    ).at(end) == pytest.approx(1.0)


def test_events_at_once_are_read_as_day_zero() -> None:
    """An intake at once is placed a hair after 0 inside the curve (so the curve starts at 0),
    but a reader is told 0 days: the median, the mean of the helped and the restricted mean
    of a sample helped at once are 0, not 1e-06 (which `report` once printed)."""
    curve = cumulative_incidence([0.0] * 4, [EVENT] * 4, EVENT)
    assert curve.at(0.0) == 0.0 and curve.at(AT_ONCE) == 1.0
    assert curve.quantile(0.5) == 0.0
    assert curve.conditional_mean(20.0) == 0.0
    assert curve.restricted_mean(20.0) == 0.0
    half = cumulative_incidence([0.0, 0.0, 10.0, 10.0], [EVENT] * 4, EVENT)
    assert half.conditional_mean(20.0) == pytest.approx(5.0)
    assert half.restricted_mean(20.0) == pytest.approx(5.0)  # half wait 0, half wait 10


def test_the_median_is_reached_where_the_curve_reaches_one_half() -> None:
    """The median is the first time by which half had the event, also when the curve steps
    onto exactly one half: two of four helped at once and two at day 10 give a median of 0
    days, not 10 (two of four is half)."""
    curve = cumulative_incidence([0.0, 0.0, 10.0, 10.0], [EVENT] * 4, EVENT)
    assert curve.quantile(0.5) == 0.0
    assert curve.quantile(0.75) == 10.0


def test_the_mean_of_the_helped_counts_a_wait_of_exactly_tau() -> None:
    """Helped at day 10 and at day 20: the mean wait of those helped within 20 days is 15
    (both count, the one helped on the last day too), of those within 19 days 10."""
    curve = cumulative_incidence([10.0, 20.0], [EVENT, EVENT], EVENT)
    assert curve.conditional_mean(20.0) == pytest.approx(15.0)
    assert curve.conditional_mean(19.0) == pytest.approx(10.0)
