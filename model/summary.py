"""The outcome measures of a run (docs/ODD.md), over requests that arrived after the
warm-up. Times are in working days.

The warm-up is chosen from the output (`steady_state.py`, MSER-5 on the waiting list and the
caseload), never earlier than the scenario's `warmup_days`; `warmup_days_used` reports it.

**Time to the right help** is a time-to-event measure (`survival.py`) over the households whose
first request arrived in the window: from that first request to the start of the treatment of
its root, over all its requests (a household sent home with the root untouched that comes back,
the revolving door, is still on its way). Giving up for good, escalating, or leaving with the
root untouched are competing events; the end of the run censors the rest. Every figure is read
off the Aalen–Johansen cumulative incidence at a fixed number of days, so it means the same
whatever the run length: the share helped within 20, 60 and 220 days, the median, the mean
among those helped within 220 days, and the restricted mean up to 220 days
(`wait_right_help_rmean_220`: a household not helped by then counts as 220).

**First contact** is measured per request the same way (drop-out or escalation while waiting
compete with it).

**Escalations** are counted once, the same way for `escalated_share` and for the cost: every
escalation, during or after the team's care, of a household whose first request arrived in
the window, as the Aalen–Johansen cumulative incidence of escalation within `ESCALATION_DAYS`
(440 working days, two years) of that first request; leaving the model for good without
escalating competes with it and the run's end censors. A plain count up to the end of the run
would grow with the run length (households that came late have had less time to escalate).
In a run with less than 440 days of follow-up the figure is the estimate at the longest
follow-up, a lower bound. The short-term figures (within 5, 20, 60 and 220 days, and the
means up to 220) are NaN in a run that followed its requests for fewer days than they are
read at: they cannot be estimated, and a lower bound of them would read as a result.

**Cost per household** is per *new* household: the team's cost over the window divided by
the households whose first request came in it, plus `escalated_share` times the cost of an
escalation. In steady state the team's cost per year over the new households per year is
what a household costs the team over its whole journey, returns included, so it does not
depend on the run length. Divided by every household with a request in the window, as
until 24 Nov 2026, it grew with the run length (islands €7,362, €7,422, €8,010 and €8,391 over
1, 2, 5 and 10 measured years; per new household €8,717, €8,529, €8,611 and €8,720): a longer
window holds more of each household's returns, so counts fewer households per hour worked.

**Resolution** is measured per request the same way: from the request to its end with the
root treated (`resolved_share`, read at `RESOLUTION_DAYS`, two years); ending otherwise
(closed with the root untouched, escalated, dropped out) competes with it, and the run's end
censors the requests still open. Requests last months, so a plain share of the window's
requests that had ended resolved grew with the run length: 32%, 52%, 71% and 78% for islands
over 1, 2, 5 and 10 measured years. Below two years of follow-up it is a lower bound, as the
escalations are.

Hand-offs per case are of the requests that ended in the window, whenever they arrived
(`handoffs_per_case`); the caseload spread is the time average of the spread sampled every
`sample_every_days` (`workload.py`). Both were once taken so that a short run gave other
figures than a long one; their docstrings say how.

Other shares of outcomes are of all requests in the window; `open_share` is what was still
waiting or in care at the end of the horizon."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from . import steady_state as st
from .calendar import DAYS_PER_WEEK, DAYS_PER_YEAR
from .cases import CLOSED, DROPPED, KINDS, OUTCOMES, RESOLVED
from .households import Household
from .requestlog import STAGES
from .survival import COMPETING, EVENT, cumulative_incidence, event_codes

if TYPE_CHECKING:
    from .model import WijkteamModel

HOURLY_WEEKS_PER_YEAR = DAYS_PER_YEAR / DAYS_PER_WEEK  # 44 weeks of hours a year
RIGHT_HELP_DAYS = (20, 60, 220)  # the fixed times at which the cumulative incidence is read
FIRST_CONTACT_DAYS = 5
TAU = DAYS_PER_YEAR  # working days: the fixed end of the restricted and conditional means
#: the day after the request at which each short-term figure is read. In a run that followed
#: its requests for fewer days it is NaN: nobody was observed that long, and the curve's last
#: value carried forward would make it a figure of the run's length (within 60 days equal to
#: within 20 in a 20-day run). Escalation, resolution and cost, read at two years, are lower
#: bounds in such a run instead (`steady_state.LONG_FOLLOW_UP_KPIS`, said by the verdict).
READ_AT_DAYS: dict[str, float] = {
    **{f"right_help_within_{t}_share": float(t) for t in RIGHT_HELP_DAYS},
    f"first_contact_within_{FIRST_CONTACT_DAYS}_share": float(FIRST_CONTACT_DAYS),
    "wait_right_help_mean_helped": TAU,
    "wait_right_help_rmean_220": TAU,
    "never_helped_share": TAU,
    "wait_first_contact_mean": TAU,
    "dropped_share": TAU,
}
ESCALATION_DAYS = st.ESCALATION_DAYS  # working days after the first request: escalations
RESOLUTION_DAYS = st.ESCALATION_DAYS  # working days after a request: its resolution
_NEW, _REPEAT = KINDS.index("new"), KINDS.index("repeat")  # codes in the request log
# the household times the right help and the escalations are measured on
FIRST_REQUEST_TIMES = ("household", "arrived", "helped_at", "lost_at", "gone_at")

# summary entries that are whole numbers by nature (counts, 0/1 flags): the summary is all
# floats, so that replications average into one table, but `wijkteam run --json` prints these
# as integers (`"requests": 2431`, not `2431.0`)
WHOLE_NUMBERS = (
    "requests",
    "households",
    "new_households",
    "steady_state",
    "warmup_found",
    "team_overloaded",
)


class Kpi(NamedTuple):
    """What a reader needs to show a KPI: its label, its unit (share, days, count, euro,
    index) and which direction is better (None where neither is, e.g. utilisation)."""

    label: str
    unit: str
    lower_is_better: bool | None


# name -> Kpi, in the order tables and cards show them
KPIS: dict[str, Kpi] = {
    "requests": Kpi("Requests", "count", None),
    "first_contact_within_5_share": Kpi("First contact within 5 days", "share", False),
    "first_contact_median_days": Kpi("First contact, median", "days", True),
    "wait_first_contact_mean": Kpi(
        "Wait for first contact, mean (of those seen within 220 days)",
        "days",
        True,
    ),
    "right_help_within_20_share": Kpi("Right help within 20 days", "share", False),
    "right_help_within_60_share": Kpi("Right help within 60 days", "share", False),
    "right_help_within_220_share": Kpi("Right help within 220 days", "share", False),
    "right_help_median_days": Kpi("Time to the right help, median", "days", True),
    "wait_right_help_mean_helped": Kpi(
        "Time to the right help, mean of those helped within 220 days",
        "days",
        True,
    ),
    "wait_right_help_rmean_220": Kpi(
        "Time to the right help, mean up to 220 days (not helped = 220)",
        "days",
        True,
    ),
    "never_helped_share": Kpi(
        "Never helped: gave up, escalated or left within 220 days",
        "share",
        True,
    ),
    "p_wait": Kpi("Share of requests not seen at once", "share", True),
    "misrouted_share": Kpi("Misrouted cases", "share", True),
    "handoffs_per_case": Kpi("Hand-offs per case", "count", True),
    "repeat_share": Kpi("Repeat requests (revolving door)", "share", True),
    "resolved_share": Kpi("Resolved (root treated) within 2 years of the request", "share", False),
    "escalated_share": Kpi(
        "Escalated to second-line care within 2 years (during or after care)",
        "share",
        True,
    ),
    "dropped_share": Kpi("Dropped out while waiting", "share", True),
    "utilisation_mean": Kpi("Utilisation of professionals", "share", None),
    "hours_direct_share": Kpi("Hours: direct client work", "share", None),
    "hours_intake_share": Kpi("Hours: intake", "share", None),
    "hours_coordination_share": Kpi("Hours: coordination", "share", None),
    "hours_admin_share": Kpi("Hours: administration", "share", None),
    "caseload_gini": Kpi("Caseload spread (Gini)", "index", True),
    "cost_per_household": Kpi("Cost per household", "euro", True),
}


def first_request_times(
    m: WijkteamModel,
    requests: dict[str, np.ndarray],
    names: tuple[str, ...] = FIRST_REQUEST_TIMES,
) -> dict[str, np.ndarray]:
    """The times `names` (`householdlog.COLUMNS`: arrived, helped_at, lost_at, lost_how,
    gone_at; NaN where not come) of the households whose first request is among
    `requests` (request columns), in the order of those requests: what the right help and
    the escalations are measured on. Only the columns asked for, of only these households:
    on a long run each column is a few MB."""
    ids = requests["household"][requests["kind"] == _NEW]
    return m.household_log.columns(m.agents_by_type.get(Household, ()), names, of=ids)


def right_help_events(
    households: dict[str, np.ndarray], end: float
) -> tuple[np.ndarray, np.ndarray]:
    """(durations, events) of time to the right help of `households` (`first_request_times`):
    helped (EVENT), lost first (COMPETING), or still on the way at `end` (CENSORED)."""
    arrived, helped_at, lost_at = (
        households["arrived"],
        households["helped_at"],
        households["lost_at"],
    )
    helped = helped_at <= end  # NaN (never) compares False
    lost = ~helped & (lost_at <= end)
    durations = np.where(helped, helped_at, np.where(lost, lost_at, end)) - arrived
    return durations, event_codes(helped, lost)


def first_contact_events(
    requests: dict[str, np.ndarray], end: float
) -> tuple[np.ndarray, np.ndarray]:
    """(durations, events) of each request's wait for its first contact: seen (EVENT), ended
    unseen by drop-out or escalation (COMPETING), or still waiting at `end` (CENSORED)."""
    arrival, first_contact, ended_at = (
        requests["arrival"],
        requests["first_contact"],
        requests["end"],
    )
    seen = ~np.isnan(first_contact)
    ended = ~seen & ~np.isnan(ended_at)
    durations = np.where(seen, first_contact, np.where(ended, ended_at, end)) - arrival
    return durations, event_codes(seen, ended)


def end_events(
    requests: dict[str, np.ndarray], end: float, outcome: str
) -> tuple[np.ndarray, np.ndarray]:
    """(durations, events) from each request to its end: with `outcome` (EVENT: RESOLVED,
    the root treated, or DROPPED, given up while waiting), by any other end (COMPETING), or
    still open at `end` (CENSORED)."""
    arrival, ended_at = requests["arrival"], requests["end"]
    ended = ~np.isnan(ended_at)
    hit = ended & (requests["stage"] == STAGES.index(outcome))
    durations = np.where(ended, ended_at, end) - arrival
    return durations, event_codes(hit, ended)


def ended_share(requests: dict[str, np.ndarray], end: float, outcome: str) -> float:
    """Share of the window's requests that ended with `outcome` within RESOLUTION_DAYS of
    the request (RESOLVED: the root treated; CLOSED: ended with it untouched), any other end
    competing and the run's end censoring (see the module docstring); NaN without requests."""
    d, e = end_events(requests, end, outcome)
    return cumulative_incidence(d, e, EVENT).at(RESOLUTION_DAYS)


def time_to_event_kpis(
    requests: dict[str, np.ndarray],
    right_help: tuple[np.ndarray, np.ndarray],
    end: float,
    follow_up: float = math.inf,
) -> dict[str, float]:
    """The time-to-event KPIs of the requests (columns) in `requests`, with `right_help` the
    (durations, events) of their new households (`right_help_events`); see the module
    docstring. A figure read at more days than the run followed its requests (`follow_up`:
    from the end of the warm-up to the end of the run) is NaN (`estimable`)."""
    d, e = right_help
    helped = cumulative_incidence(d, e, EVENT)
    lost = cumulative_incidence(d, e, COMPETING)
    fd, fe = first_contact_events(requests, end)
    # One fit serves both curves when the data are the same: every request is a household's
    # first and its first contact is the start of the right help (no intake, one need: the
    # M/M/c presets). The same input gives lifelines' same output, so nothing changes.
    same = np.array_equal(fd, d) and np.array_equal(fe, e)
    seen = helped if same else cumulative_incidence(fd, fe, EVENT)

    out = {f"right_help_within_{t}_share": helped.at(t) for t in RIGHT_HELP_DAYS}
    out.update(
        {
            "right_help_median_days": helped.quantile(0.5),
            "wait_right_help_mean_helped": helped.conditional_mean(TAU),
            "wait_right_help_rmean_220": helped.restricted_mean(TAU),
            "never_helped_share": lost.at(TAU),
            f"first_contact_within_{FIRST_CONTACT_DAYS}_share": seen.at(FIRST_CONTACT_DAYS),
            "first_contact_median_days": seen.quantile(0.5),
            "wait_first_contact_mean": seen.conditional_mean(TAU),
        }
    )
    return {name: estimable(name, value, follow_up) for name, value in out.items()}


def estimable(name: str, value: float, follow_up: float) -> float:
    """`value`, or NaN when the run followed its requests (`follow_up` days) for fewer days
    than the figure `name` is read at (`READ_AT_DAYS`)."""
    return value if READ_AT_DAYS.get(name, 0.0) <= follow_up else math.nan


def escalated_at(m: WijkteamModel, ids: np.ndarray) -> np.ndarray:
    """When each household of `ids` (unique_ids) escalated; NaN where it did not. A sorted
    search over the run's escalations: looking each household up in a dict made a Python
    object of every id, ~10 MB on a long run."""
    at = np.full(len(ids), math.nan)
    if not m.escalations:
        return at
    keys = np.array([e.household for e in m.escalations], dtype=np.int64)
    times = np.array([e.at for e in m.escalations], dtype=float)
    order = np.argsort(keys, kind="stable")
    keys, times = keys[order], times[order]
    i = np.searchsorted(keys, ids, side="right") - 1  # a household escalates once, at most
    hit = (i >= 0) & (keys[np.maximum(i, 0)] == ids)
    at[hit] = times[i[hit]]
    return at


def escalation_events(
    m: WijkteamModel, households: dict[str, np.ndarray], end: float
) -> tuple[np.ndarray, np.ndarray]:
    """(durations, events) from the first request to an escalation during or after care
    (EVENT), to leaving the model for good without one (COMPETING), or to `end` (CENSORED),
    of `households` (`first_request_times`)."""
    at = escalated_at(m, households["household"])
    arrived, gone_at = households["arrived"], households["gone_at"]
    escalates = at <= end
    gone = ~escalates & (gone_at <= end)
    durations = np.where(escalates, at, np.where(gone, gone_at, end)) - arrived
    return durations, event_codes(escalates, gone)


def handoffs_per_case(requests: dict[str, np.ndarray], since: float) -> float:
    """Mean hand-offs of the requests that ended from `since` on, whenever they arrived.
    Counted over the requests that arrived in the window and ended, the long requests (those
    with more hand-offs) would be missing from a short run: integral's figure went 0.68,
    0.75, 0.78 over 1, 2 and 10 measured years. The requests that end in a window are, in
    steady state, a fair sample of all that end."""
    done = requests["end"] >= since  # NaN (still open) compares False
    return float(requests["handoffs"][done].mean()) if done.any() else float("nan")


def _distinct(keys: np.ndarray) -> int:
    """How many distinct values `keys` holds (a sort: NumPy's hashing `unique` was ~100x
    slower on 80,000 ids)."""
    ordered = np.sort(keys, kind="stable")
    return int(len(ordered) and 1 + (ordered[1:] != ordered[:-1]).sum())


_COLUMNS = (
    "arrival",
    "first_contact",
    "end",
    "first_holder",
    "stage",
    "misrouted",
    "handoffs",
    "kind",
)


def _window(columns: dict[str, np.ndarray], t0: float) -> dict[str, np.ndarray]:
    """The requests (columns) that arrived from `t0` on. Rows are in order of arrival, so
    the window is a tail: a view, not a copy."""
    first = int(np.searchsorted(columns["arrival"], t0, side="left"))
    return {name: values[first:] for name, values in columns.items()}


def summarize(m: WijkteamModel) -> dict[str, float]:
    """All KPIs of the run so far as a flat dict of floats."""
    s = m.params
    found = True
    if m.workload.started:
        t0, found = st.choose_warmup(m)
    else:
        t0 = m.workload.window_start
    # The households first, from the three request columns they need. Their times serve only
    # the right help and the escalations, and are let go before the other request columns
    # are read: on a long run each column is a few MB (docs/performance.md, memory).
    keys = _window(m.cases.columns(("arrival", "household", "kind")), t0)
    households = _distinct(keys["household"])
    new_households = int((keys["kind"] == _NEW).sum())
    times = first_request_times(m, keys)
    right_help = right_help_events(times, m.now)
    escalation = escalation_events(m, times, m.now)
    del keys, times
    escalated = cumulative_incidence(*escalation, EVENT).at(ESCALATION_DAYS)
    del escalation
    col = m.cases.columns(_COLUMNS)
    req = _window(col, t0)
    n = len(req["arrival"])
    arrivals, first_contact = req["arrival"], req["first_contact"]
    contacted = ~np.isnan(first_contact)
    # seen at once: first contact the moment of the request. Every other request waited,
    # whether it was seen later, is still waiting at the end or gave up unseen: a share of
    # only those seen read low
    at_once = int((first_contact[contacted] - arrivals[contacted] <= 1e-12).sum())
    taken = req["first_holder"] >= 0
    codes = req["stage"]
    ended = codes >= STAGES.index(OUTCOMES[0])
    n_taken, n_ended = int(taken.sum()), int(ended.sum())
    hours = m.workload.hours(since=t0)
    worked = {k: sum(h[k] for h in hours) for k in ("direct", "intake", "coordination", "admin")}
    total_worked = sum(worked.values()) or 1.0
    available = sum(h["available"] for h in hours)
    to_event = time_to_event_kpis(req, right_help, m.now, m.now - t0)
    del right_help
    escalations = escalated * new_households if new_households else 0.0
    hourly = s.cost_per_fte_year / (s.fte_hours * HOURLY_WEEKS_PER_YEAR)
    cost = available * hourly + escalations * s.escalation_cost
    resolved = ended_share(req, m.now, RESOLVED)
    # drop-out within TAU of the request, with the requests still open at the end censored
    # (a plain share counted them as not dropped: lower the shorter the run)
    dropout = cumulative_incidence(*end_events(req, m.now, DROPPED), EVENT)
    dropped_share = estimable("dropped_share", dropout.at(TAU), m.now - t0)
    dropped = codes == STAGES.index(DROPPED)
    measured_years = (m.now - t0) / DAYS_PER_YEAR
    steady = st.assess(
        st.waiting_trend(m, t0),
        st.dropout_trend(arrivals, req["end"], dropped, m.now),
        dropped_share,
        n / measured_years if measured_years > 0 else 0.0,
        found,
    )
    return {
        "requests": float(n),
        "households": float(households),
        "new_households": float(new_households),
        **to_event,
        "p_wait": 1.0 - at_once / n if n else float("nan"),
        "misrouted_share": int(req["misrouted"][taken].sum()) / n_taken
        if n_taken
        else float("nan"),
        "handoffs_per_case": handoffs_per_case(col, t0),
        "repeat_share": int((req["kind"] == _REPEAT).sum()) / n if n else float("nan"),
        "resolved_share": resolved,
        "closed_share": ended_share(req, m.now, CLOSED),
        "escalated_share": escalated,
        "dropped_share": dropped_share,
        "open_share": (n - n_ended) / n if n else float("nan"),
        "escalations": float(escalations),
        "utilisation_mean": float(
            np.mean(
                [
                    (h["direct"] + h["intake"] + h["coordination"] + h["admin"]) / h["available"]
                    for h in hours
                ]
            )
        )
        if available > 0
        else float("nan"),
        "hours_direct_share": worked["direct"] / total_worked,
        "hours_intake_share": worked["intake"] / total_worked,
        "hours_coordination_share": worked["coordination"] / total_worked,
        "hours_admin_share": worked["admin"] / total_worked,
        # the window's case hours over the requests it resolves: its requests times their
        # resolved share (a count of those resolved by the run's end grew with the run)
        "hours_per_resolved": (total_worked - worked["admin"]) / (n * resolved)
        if n and resolved > 0
        else float("nan"),
        "caseload_gini": m.workload.mean_since(t0, "caseload_gini"),
        "cost_per_household": cost / new_households if new_households else float("nan"),
        "warmup_days_used": float(t0),
        "follow_up_days": float(m.now - t0),
        **steady,
    }
