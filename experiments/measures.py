"""What the model says about the figures Dutch teams publish, measured in one place.

Validation (`wijkteam validate`) and calibration (`wijkteam calibrate`) compare the model with
the same observed figures, so both read them from here. Every measure is computed from the
model's own records (one row per request, per professional, and the escalations), not from
the run summary: the summary's KPI names may change, what a request *is* does not.

Times are in working days (220 a year, so a month is 220 / 12 days). Measures that follow a
request or a household over time are taken only on those that arrived early enough to be
followed for `follow_days` before the run ends, and an unfinished one counts up to the end
of the run: a restricted mean, so the figure means the same whatever the run length beyond
that and can only err on the short side.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from wijkteam.model.calendar import DAYS_PER_YEAR

if TYPE_CHECKING:
    from wijkteam.model import WijkteamModel

DAYS_PER_MONTH = DAYS_PER_YEAR / 12
# Residents served by one team of ~30 (Zwolle: ~26,000 per team; Utrecht ~19,000 per team
# of about the same size). The model has no residents, only requests: this turns its inflow
# into the published "per 1,000 residents".
RESIDENTS_PER_TEAM = 26_000

MEASURES: dict[str, str] = {
    "inflow_per_1000": "requests per 1,000 residents a year",
    "support_start_days": "working days from request to the start of support",
    "no_specialised_share": "share of households handled without specialised care",
    "request_months": "months a request lasts (restricted mean)",
    "household_months": "months a household is in the team's care (restricted mean)",
    "caseload_mean": "open cases per professional",
    "admin_share_worked": "share of working hours spent on administration",
}


def _nan_mean(values) -> float:
    x = np.asarray(values, dtype=float)
    return float(x.mean()) if len(x) else math.nan


def dutch_measures(model: WijkteamModel, follow_days: float | None = None) -> dict[str, float]:
    """The model's values of the published Dutch figures for a finished run.

    `follow_days` (default: half the measured period) is how long a request or household
    must have been followable for the duration measures: with the 4-year runs of validation
    and calibration, two years, enough for a household's ~20 months."""
    s = model.params
    t0, now = model.window_start, model.now
    follow = s.horizon_days / 2 if follow_days is None else follow_days
    req = model.requests_frame()
    req = req[req["in_window"]] if len(req) else req
    years = (now - t0) / DAYS_PER_YEAR
    out = dict.fromkeys(MEASURES, math.nan)
    if len(req) == 0 or years <= 0:
        return out
    out["inflow_per_1000"] = len(req) / years / (RESIDENTS_PER_TEAM / 1000)
    # Start of support: of the requests whose support started (Utrecht counts those).
    started = req.dropna(subset=["support_start"])
    out["support_start_days"] = _nan_mean(started["support_start"] - started["arrival"])
    # Specialised care: a household that escalated to second-line care at any time.
    households = set(req["household"])
    escalated = {e.name for e in model.escalations if e.at >= t0} & households
    out["no_specialised_share"] = 1.0 - len(escalated) / len(households)
    # Durations: requests and households that could be followed for `follow` days.
    early = req[req["arrival"] <= now - follow]
    ends = early["end"].astype(float).fillna(now)  # None (still open) -> NaN -> now
    out["request_months"] = _nan_mean(ends - early["arrival"]) / DAYS_PER_MONTH
    spans = _household_spans(req, now, now - follow)
    out["household_months"] = _nan_mean(spans) / DAYS_PER_MONTH
    prof = model.professionals_frame()
    out["caseload_mean"] = float(prof["caseload_mean"].mean())
    worked = prof[["hours_direct", "hours_intake", "hours_coordination", "hours_admin"]].sum()
    out["admin_share_worked"] = (
        float(worked["hours_admin"] / worked.sum()) if worked.sum() > 0 else math.nan
    )
    return out


def _household_spans(req, now: float, latest_first: float) -> list[float]:
    """Days from a household's first request in the window to the end of its last one (the
    run's end if still open), for households whose first request came by `latest_first`."""
    ends = req["end"].astype(float).fillna(now)
    frame = (
        req.assign(_end=ends)
        .groupby("household")
        .agg(first=("arrival", "min"), last=("_end", "max"))
    )
    frame = frame[frame["first"] <= latest_first]
    return (frame["last"] - frame["first"]).tolist()


def right_help_within(model: WijkteamModel, days: float, start: float, stop: float) -> float:
    """Share of households whose first request came in [start, stop) that got the right
    help (treatment of their root) within `days` of it; households that arrived later than
    `days` before the run's end are left out, so the share is not censored."""
    req = model.requests_frame()
    if len(req) == 0:
        return math.nan
    first = req.groupby("household").agg(first=("arrival", "min"), right=("right_help", "min"))
    stop = min(stop, model.now - days)
    first = first[(first["first"] >= start) & (first["first"] < stop)]
    if len(first) == 0:
        return math.nan
    helped = (first["right"] - first["first"]) <= days
    return float(helped.mean())
