"""Outcome measures: the Aalen–Johansen cumulative incidence against a case small enough to work
out by hand, the right-help records of a real run, and the single escalation count."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from wijkteam.model import WijkteamModel, preset
from wijkteam.model.cases import KINDS, RESOLVED
from wijkteam.model.households import Household
from wijkteam.model.requestlog import STAGES
from wijkteam.model.steady_state import mser_truncation, verdict
from wijkteam.model.summary import (
    FIRST_REQUEST_TIMES,
    escalated_at,
    first_request_times,
    right_help_events,
)
from wijkteam.model.survival import CENSORED, COMPETING, EVENT, cumulative_incidence

# Five households. Two get the right help at once (time 0), one gives up at day 1, one is
# helped at day 2, one is still waiting when the run ends at day 3.
DURATIONS = [0.0, 0.0, 1.0, 2.0, 3.0]
EVENTS = [EVENT, EVENT, COMPETING, EVENT, CENSORED]


def test_cumulative_incidence_by_hand() -> None:
    """By hand: 2 of 5 helped at once (0.4); at day 1 one of the 3 left gives up, so 0.4 of
    the households are still on their way; at day 2 one of the 2 left is helped: + 0.4 x 1/2.
    """
    helped = cumulative_incidence(DURATIONS, EVENTS, EVENT)
    assert helped.at(0.5) == pytest.approx(0.4)
    assert helped.at(1.5) == pytest.approx(0.4)
    assert helped.at(2.5) == pytest.approx(0.6)
    assert helped.quantile(0.5) == pytest.approx(2.0)
    assert helped.quantile(0.9) != helped.quantile(0.9)  # never reached: NaN
    # mean among those helped by day 3: (0 x 0.4 + 2 x 0.2) / 0.6
    assert helped.conditional_mean(3.0) == pytest.approx(0.4 / 0.6, abs=1e-5)
    # mean of min(T, 3), T infinite for the one who gave up: 0.6 x 2 + 0.4 x 1 over [0, 3]
    assert helped.restricted_mean(3.0) == pytest.approx(0.6 * 2 + 0.4 * 1, abs=1e-5)
    lost = cumulative_incidence(DURATIONS, EVENTS, COMPETING)
    assert lost.at(1.5) == pytest.approx(0.2)
    # the rest, 0.2, is the censored household's share: still on its way
    assert helped.at(10) + lost.at(10) == pytest.approx(0.8)


def test_the_summary_reads_the_same_household_times_as_the_whole_log() -> None:
    """The summary asks the household log for the window's new households only, and finds
    their escalations by a sorted search (both to keep its memory low on long runs). They
    must be the rows the whole log, sorted by id, has for those households, and the times
    of the run's own escalation records."""
    m = WijkteamModel(preset("default", {"horizon_days": 300}), seed=2)
    m.run()
    col = m.cases.columns(("arrival", "household", "kind"))
    window = {name: values[col["arrival"] >= m.params.warmup_days] for name, values in col.items()}
    ids = window["household"][window["kind"] == KINDS.index("new")]
    every = m.household_log.columns(m.agents_by_type.get(Household, ()))
    rows = np.searchsorted(every["household"], ids)
    picked = first_request_times(m, window)
    for name in FIRST_REQUEST_TIMES:
        np.testing.assert_array_equal(picked[name], every[name][rows], err_msg=name)
    escalated = {e.household: e.at for e in m.escalations}
    expected = [escalated.get(k, math.nan) for k in ids.tolist()]
    assert sum(not math.isnan(t) for t in expected) > 10  # the window has escalations
    np.testing.assert_array_equal(escalated_at(m, ids), expected)


def test_right_help_records_of_a_run_add_up() -> None:
    """Every household of the window is helped, lost or still on its way, never two of these,
    and the time-to-event KPIs are read off one consistent curve."""
    m = WijkteamModel(preset("islands", {"horizon_days": 300}), seed=3)
    m.run()
    col = m.cases.columns()
    window = col["arrival"] >= m.params.warmup_days
    requests = {name: values[window] for name, values in col.items()}
    durations, events = right_help_events(first_request_times(m, requests), m.now)
    households = set(requests["household"][requests["kind"] == KINDS.index("new")].tolist())
    assert len(events) == len(households) > 300
    assert (durations >= 0).all()
    assert {int(e) for e in events} <= {CENSORED, EVENT, COMPETING}
    s = m.summary()
    shares = [s[f"right_help_within_{t}_share"] for t in (20, 60, 220)]
    assert 0 < shares[0] <= shares[1] <= shares[2] <= 1
    assert shares[2] + s["never_helped_share"] <= 1 + 1e-9
    assert s["wait_right_help_mean_helped"] <= s["wait_right_help_rmean_220"] or shares[2] > 0.99


def test_one_escalation_count_in_share_and_cost() -> None:
    """`escalated_share` counts escalations after care as well as during it: among the
    households followed for the full two years it matches the plain count of those that
    escalated within two years; and the cost per household prices exactly that share."""
    m = WijkteamModel(preset("islands", {"horizon_days": 1320}), seed=5)
    m.run()
    s = m.summary()
    t0, end = s["warmup_days_used"], m.now
    req = m.requests_frame()
    new = req[(req["kind"] == "new") & (req["arrival"] >= t0)]
    first = dict(zip(new["household"], new["arrival"], strict=True))  # name: first request
    followed = {k: arrived for k, arrived in first.items() if arrived <= end - 440}
    escalated = {e.name: (e.at, e.in_care) for e in m.escalations}
    within = [
        k for k, arrived in followed.items() if k in escalated and escalated[k][0] - arrived <= 440
    ]
    after_care = [k for k in within if not escalated[k][1]]
    assert len(followed) > 300 and after_care, "islands close cases with the root untouched"
    assert s["escalated_share"] == pytest.approx(len(within) / len(followed), abs=0.02)
    p = m.params
    hourly = p.cost_per_fte_year / (p.fte_hours * 44.0)
    available = sum(h["available"] for h in m.workload.hours(since=t0))
    new_households = len(first)  # households whose first request came in the window
    assert s["new_households"] == new_households < s["households"]
    expected = available * hourly / new_households + s["escalated_share"] * p.escalation_cost
    assert s["cost_per_household"] == pytest.approx(expected)


def test_resolved_share_counts_resolution_within_two_years() -> None:
    """`resolved_share` is the share of requests resolved within two years, the run's end
    censoring: among the requests followed for the full two years it matches the plain
    share of those that ended resolved within two years. (The plain share of all the
    window's requests, as once measured, counts requests still open at the end as not
    resolved and grew with the run length.)"""
    m = WijkteamModel(preset("integral", {"horizon_days": 1320}), seed=5)
    m.run()
    s = m.summary()
    t0, end = s["warmup_days_used"], m.now
    col = m.cases.columns(("arrival", "end", "stage"))
    followed = (col["arrival"] >= t0) & (col["arrival"] <= end - 440)
    resolved = (col["stage"] == STAGES.index(RESOLVED)) & (col["end"] - col["arrival"] <= 440)
    assert followed.sum() > 1000
    assert s["resolved_share"] == pytest.approx(resolved[followed].mean(), abs=0.02)
    plain = (col["stage"][col["arrival"] >= t0] == STAGES.index(RESOLVED)).mean()
    assert plain < s["resolved_share"] - 0.05  # the censored count is far lower


def test_mser_finds_the_end_of_a_ramp() -> None:
    """A series that climbs for 40 observations and then stays level is truncated at the
    end of the climb, not before it and not deep into the level part."""
    ramp = [i / 40 for i in range(40)] + [1.0 + 0.05 * ((i * 7) % 5 - 2) for i in range(200)]
    point, usable = mser_truncation(ramp)
    assert 35 <= point <= 60 and usable


def test_a_run_whose_warm_up_end_was_not_found_is_not_called_steady() -> None:
    """From an empty team, 440 days with no minimum warm-up: MSER's minimum sits at the
    end of the half it may cut (the team is still filling), so the run is no steady state
    and says why (it said "steady state" and read a +10-point lead for integral off the
    filling team). With a minimum warm-up beyond MSER's point the minimum sets the warm-up,
    and the trends after it decide."""
    filling = WijkteamModel(preset("integral", {"warmup_days": 0, "horizon_days": 440}), seed=1)
    filling.run()
    s = filling.summary()
    assert (s["warmup_found"], s["steady_state"]) == (0.0, 0.0)
    assert s["warmup_days_used"] == pytest.approx(200.0)  # MSER's cap: half the run
    assert verdict(s).startswith("not stationary (no end of the warm-up found")
    later = WijkteamModel(preset("integral", {"warmup_days": 440, "horizon_days": 440}), seed=1)
    later.run()
    assert later.summary()["warmup_found"] == 1.0


def test_a_figure_read_at_more_days_than_the_run_followed_is_not_estimated() -> None:
    """Twenty days of follow-up: the share helped within 20 days is estimated, within 60 and
    220 days and the means up to 220 are not (NaN, and the verdict says so); they used to
    carry the curve's last value forward, so within 60 days equalled within 20."""
    m = WijkteamModel(preset("integral", {"horizon_days": 20}), seed=1)
    m.run()
    s = m.summary()
    assert s["follow_up_days"] == pytest.approx(20.0)
    assert 0 < s["right_help_within_20_share"] < 1
    for name in (
        "right_help_within_60_share",
        "right_help_within_220_share",
        "wait_right_help_rmean_220",
        "wait_right_help_mean_helped",
        "never_helped_share",
        "wait_first_contact_mean",
    ):
        assert math.isnan(s[name]), name
    assert "not estimated" in verdict(s)


def islands_window(seed: int) -> tuple[WijkteamModel, dict[str, float], pd.DataFrame]:
    """An islands run of 300 measured days, its summary, and the request table of the
    requests it measures (those that came after the warm-up it used)."""
    m = WijkteamModel(preset("islands", {"horizon_days": 300.0}), seed=seed)
    m.run()
    s = m.summary()
    req = m.requests_frame()
    return m, s, req[req["arrival"] >= s["warmup_days_used"]]


def test_drop_out_is_a_time_to_event_measure_that_censors_the_open_requests() -> None:
    """The share that drops out within 220 days of the request, with the requests still
    open at the end censored, not counted as staying (which made it lower the shorter the
    run). By hand: the Aalen-Johansen estimate on the window's requests, from the request
    table; and with less than 220 days of follow-up it is not estimated."""
    from wijkteam.model.survival import cumulative_incidence, event_codes

    m, s, req = islands_window(seed=2)
    ended = req["end"].notna().to_numpy()
    dropped = (req["outcome"] == "dropped").to_numpy()
    durations = req["end"].astype(float).fillna(m.now).to_numpy() - req["arrival"].to_numpy()
    by_hand = cumulative_incidence(durations, event_codes(dropped, ended)).at(220.0)
    assert s["dropped_share"] == pytest.approx(by_hand, abs=1e-12)
    assert s["dropped_share"] > dropped.mean()  # the plain share, open requests as staying
    short = WijkteamModel(preset("islands", {"horizon_days": 100.0}), seed=2)
    short.run()
    assert math.isnan(short.summary()["dropped_share"])


def test_a_team_short_of_capacity_is_not_called_steady_when_nobody_gives_up() -> None:
    """4.5 new requests a day where the team can serve about 4, nobody gives up waiting
    (patience 0) and no untreated root escalates out of the queue (no growth of severity):
    the waiting list can only grow, and it does, by ~400 a year on ~1,800 requests. The
    verdict called this run steady while the growth was weighed against the waiting list's
    own level: after the eight-year warm-up that level is in the thousands. Weighed against
    the flow of requests the growth is material, whichever way of working."""
    for way in ("islands", "integral"):
        m = WijkteamModel(
            preset(way),
            seed=1,
            arrivals_per_day=4.5,
            patience_days_mean=0,
            severity_growth_per_year=0,
        )
        m.run()
        s = m.summary()
        assert s["dropped_share"] == 0.0 and s["escalated_share"] < 0.01  # hardly any drain
        assert s["waiting_trend_per_year"] > 0.1 * s["requests"] / 2  # 10% of a year's requests
        assert s["steady_state"] == 0.0, way
        assert verdict(s).startswith("not stationary (waiting list +")


def test_the_drop_out_trend_is_not_bent_down_by_the_last_requests() -> None:
    """A constant drop-out (10% of requests, ~30 days after the request) over 440 days has no
    trend. Counting the last weeks' requests, which had no time to drop out yet, as not
    dropped made it fall at the end of every run (about -10 points a year here), which hid
    a real rise; only requests followed `DROPOUT_FOLLOW_DAYS` count now."""
    from wijkteam.model.steady_state import DROPOUT_TREND_MATERIAL, dropout_trend, trend_per_year

    rng = np.random.default_rng(7)
    arrivals = np.sort(rng.uniform(0, 440, 4000))
    dropped = rng.random(4000) < 0.1
    ends = np.where(dropped, arrivals + rng.exponential(30, 4000), arrivals + 20)
    now = 440.0
    seen = dropped & (ends <= now)  # what the run knows at its end
    slope, _ = dropout_trend(arrivals, np.where(ends <= now, ends, np.nan), seen, now)
    assert abs(slope) < DROPOUT_TREND_MATERIAL
    naive, _ = trend_per_year(arrivals, seen.astype(float))  # the old count
    assert naive < -DROPOUT_TREND_MATERIAL


def test_verdict_says_overloaded() -> None:
    line = verdict(
        {
            "steady_state": 1.0,
            "team_overloaded": 1.0,
            "dropped_share": 0.08,
            "warmup_days_used": 300.0,
        }
    )
    assert line.startswith("team overloaded (8.0% of requests drop out") and "300" in line


def test_more_skill_never_makes_the_chosen_treatment_dearer() -> None:
    """Treat alone or consult: the option chosen costs (in expected professional hours,
    consultation included) no more for a more skilled holder. Before issue 8 a holder just
    past `self_treat_skill` treated alone, dearer than a less skilled one who consulted."""
    from wijkteam.model import treatment as tr
    from wijkteam.model.ways_of_working import Consult

    m = WijkteamModel(preset("integral", {"horizon_days": 10}), seed=1)
    m.run_until(m.params.warmup_days + 5)
    s = m.params
    case = next(c for c in m.cases.live.values() if c.outcome is None and c.household.severity)
    domain = case.household.root
    p = next(q for q in m.team if q.specialty != domain)
    best = m.team_max[domain]

    def hours(k: float) -> float:
        severity = case.household.severity_of(domain, m.now)
        per_day = s.case_hours_per_week / 5
        return tr.expected_hours(
            s.service_mean_days, severity, s.severity_mean, k, s.min_speed, per_day,
            s.low_skill_relapse,
        )  # fmt: skip

    chosen = []
    for k in [i / 100 for i in range(5, 90)]:
        p.skills[domain] = k
        alone = m.ways.routing.may_treat(m, p, domain)
        consult = not alone or Consult().pays(m, case, p, best, domain)
        helped = tr.consulted_skill(k, best, s.consult_transfer)
        chosen.append(hours(helped) + 2 * s.consult_hours if consult else hours(k))
    assert all(b <= a + 1e-9 for a, b in zip(chosen, chosen[1:], strict=False)), chosen


def test_first_contact_censors_the_requests_still_waiting_at_the_end() -> None:
    """First contact within 5 days, by hand from the request table: seen is the event,
    ending unseen (given up, escalated) competes, and a request still waiting at the end of
    the run is censored, not counted as never seen."""
    from wijkteam.model.survival import cumulative_incidence, event_codes

    m, s, req = islands_window(seed=3)
    seen = req["first_contact"].notna().to_numpy()
    ended = req["end"].notna().to_numpy()
    waiting = ~seen & ~ended
    assert waiting.any()  # some are still waiting when the run ends: the case that matters
    arrival = req["arrival"].to_numpy()
    at = np.where(seen, req["first_contact"], np.where(ended, req["end"], m.now)) - arrival
    by_hand = cumulative_incidence(at.astype(float), event_codes(seen, ended)).at(5.0)
    assert s["first_contact_within_5_share"] == pytest.approx(by_hand, abs=1e-12)


def test_the_request_figures_by_hand_from_the_request_table() -> None:
    """The summary's plain request figures, counted by hand from the request table and the
    hours of an integral run (300 measured days): still open at the end is a request with no
    end yet; misrouted is a share of the requests a holder took on (not of those never taken
    on); hand-offs are of the requests that ended in the window, whenever they came; the
    utilisation is all hours worked (coordination too) over the contract hours; hours per
    resolved request are the case hours (not administration) over the requests resolved."""
    m = WijkteamModel(preset("integral", {"horizon_days": 300.0}), seed=2)
    m.run()
    s = m.summary()
    t0 = s["warmup_days_used"]
    every = m.requests_frame()
    req = every[every["arrival"] >= t0]
    assert s["requests"] == len(req)
    assert s["open_share"] == pytest.approx(req["end"].isna().mean())
    taken = req["first_holder"].notna()
    assert not taken.all()  # some were never taken on: the two shares differ
    assert s["misrouted_share"] == pytest.approx(req.loc[taken, "misrouted"].mean())
    ended = every[every["end"] >= t0]
    assert (ended["arrival"] < t0).any()  # requests from before the window that ended in it
    assert s["handoffs_per_case"] == pytest.approx(ended["handoffs"].mean())
    hours = m.workload.hours(since=t0)
    worked = {k: sum(h[k] for h in hours) for k in ("direct", "intake", "coordination", "admin")}
    assert worked["coordination"] > 0  # integral consults and meets
    available = sum(h["available"] for h in hours)
    assert s["utilisation_mean"] == pytest.approx(sum(worked.values()) / available)
    case_hours = worked["direct"] + worked["intake"] + worked["coordination"]
    expected = case_hours / (len(req) * s["resolved_share"])
    assert s["hours_per_resolved"] == pytest.approx(expected)
