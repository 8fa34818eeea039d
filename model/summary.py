"""The outcome measures of a run (DESIGN.md §6), over requests that arrived after the
warm-up. Times are in working days. Shares of outcomes are of all requests in the window;
`open_share` is what was still waiting or in care at the end of the horizon.

Time to the right help is measured per household, from its first request in the window to
the start of the treatment of its root, over all its requests: a household that is sent
home with its root untouched and comes back (the revolving door) is still waiting for the
right help. A household that never gets it counts with the time from its first request to
the end of the run (a restricted mean, so the figure is a lower bound and cannot flatter a
way of working that never finds the root); `right_help_share` says how many got it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .cases import CLOSED, DROPPED, ESCALATED, KINDS, OUTCOMES, RESOLVED
from .requestlog import STAGES

if TYPE_CHECKING:
    from .model import WijkteamModel

HOURLY_WEEKS_PER_YEAR = 44.0  # 220 working days

# name: (label, unit, lower is better? None where neither is better) — for tables and cards
KPIS: dict[str, tuple[str, str, bool | None]] = {
    "requests": ("Requests", "count", None),
    "wait_first_contact_mean": ("Wait for first contact, mean", "days", True),
    "wait_first_contact_p90": ("Wait for first contact, 90th percentile", "days", True),
    "wait_right_help_mean": ("Time to the right help (per household), mean", "days", True),
    "wait_right_help_p90": ("Time to the right help, 90th percentile", "days", True),
    "right_help_share": ("Households whose root got treated", "share", False),
    "p_wait": ("Share who waited before first contact", "share", True),
    "misrouted_share": ("Misrouted cases", "share", True),
    "handoffs_per_case": ("Hand-offs per case", "count", True),
    "repeat_share": ("Repeat requests (revolving door)", "share", True),
    "resolved_share": ("Resolved (root treated)", "share", False),
    "escalated_share": ("Escalated to second-line care", "share", True),
    "dropped_share": ("Dropped out while waiting", "share", True),
    "utilisation_mean": ("Utilisation of professionals", "share", None),
    "hours_direct_share": ("Hours: direct client work", "share", None),
    "hours_intake_share": ("Hours: intake", "share", None),
    "hours_coordination_share": ("Hours: coordination", "share", None),
    "hours_admin_share": ("Hours: administration", "share", None),
    "caseload_gini": ("Caseload spread (Gini)", "index", True),
    "cost_per_household": ("Cost per household", "euro", True),
}


def gini(values: list[float]) -> float:
    """Gini coefficient: 0 when everyone carries the same load, towards 1 when one does all."""
    x = np.sort(np.asarray(values, dtype=float))
    if len(x) == 0 or x.sum() <= 0:
        return 0.0
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum()))


def _mean(x: np.ndarray) -> float:
    return float(x.mean()) if len(x) else float("nan")


def _pct(x: np.ndarray, q: float) -> float:
    return float(np.percentile(x, q)) if len(x) else float("nan")


def _first_of_each(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of `keys` (sorted) and the index of each one's first occurrence.
    (A stable sort: NumPy's `unique` hashes, which was ~100x slower here on 80,000 ids.)"""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.ones(len(keys), dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    return ordered[starts], order[starts]


def _time_to_right_help(
    household: np.ndarray, arrival: np.ndarray, right_help: np.ndarray, end: float
) -> tuple[np.ndarray, float]:
    """Per household (in order of its first request): days from its first request to the
    start of its root's treatment (or to `end` if that never came), and the share of
    households that got it. Arguments are the request columns, in order of arrival."""
    if not len(household):
        return np.array([]), float("nan")
    keys, first = _first_of_each(household)
    order = np.argsort(first, kind="stable")
    keys, first = keys[order], first[order]
    got = ~np.isnan(right_help)
    helped_keys, helped_first = _first_of_each(household[got])
    start = np.full(len(keys), end)
    if len(helped_keys):
        where = np.searchsorted(helped_keys, keys).clip(max=len(helped_keys) - 1)
        found = helped_keys[where] == keys
        start[found] = right_help[got][helped_first][where[found]]
    times = start - arrival[first]
    return times, len(helped_keys) / len(keys)


_COLUMNS = (
    "arrival",
    "first_contact",
    "right_help",
    "household",
    "first_holder",
    "stage",
    "misrouted",
    "handoffs",
    "kind",
)


def summarize(m: WijkteamModel) -> dict[str, float]:
    """All KPIs of the run so far as a flat dict of floats."""
    s = m.params
    t0 = m.workload.window_start
    col = m.cases.columns(_COLUMNS)
    # rows are in order of arrival, so the window is a tail: a view, not a copy
    first = int(np.searchsorted(col["arrival"], t0, side="left"))
    col = {name: values[first:] for name, values in col.items()}
    n = len(col["arrival"])
    arrival, first_contact = col["arrival"], col["first_contact"]
    contacted = ~np.isnan(first_contact)
    wait = first_contact[contacted] - arrival[contacted]
    right, right_share = _time_to_right_help(col["household"], arrival, col["right_help"], m.now)
    taken = col["first_holder"] >= 0
    codes = col["stage"]
    outcome = {
        k: int((codes == STAGES.index(k)).sum()) for k in (RESOLVED, CLOSED, ESCALATED, DROPPED)
    }
    ended = codes >= STAGES.index(OUTCOMES[0])
    n_taken, n_ended = int(taken.sum()), int(ended.sum())
    hours = m.workload.hours()
    worked = {k: sum(h[k] for h in hours) for k in ("direct", "intake", "coordination", "admin")}
    total_worked = sum(worked.values()) or 1.0
    available = sum(h["available"] for h in hours)
    households = len(_first_of_each(col["household"])[0])
    escalations = sum(1 for t, _, _ in m.escalations if t >= t0)
    hourly = s.cost_per_fte_year / (s.fte_hours * HOURLY_WEEKS_PER_YEAR)
    cost = available * hourly + escalations * s.escalation_cost
    share = (lambda k: outcome[k] / n) if n else (lambda k: float("nan"))
    return {
        "requests": float(n),
        "households": float(households),
        "wait_first_contact_mean": _mean(wait),
        "wait_first_contact_median": _pct(wait, 50),
        "wait_first_contact_p90": _pct(wait, 90),
        "wait_right_help_mean": _mean(right),
        "wait_right_help_median": _pct(right, 50),
        "wait_right_help_p90": _pct(right, 90),
        "right_help_share": right_share,
        "p_wait": float((wait > 1e-12).mean()) if len(wait) else float("nan"),
        "misrouted_share": int(col["misrouted"][taken].sum()) / n_taken
        if n_taken
        else float("nan"),
        "handoffs_per_case": int(col["handoffs"][ended].sum()) / n_ended
        if n_ended
        else float("nan"),
        "repeat_share": int((col["kind"] == KINDS.index("repeat")).sum()) / n
        if n
        else float("nan"),
        "resolved_share": share(RESOLVED),
        "closed_share": share(CLOSED),
        "escalated_share": share(ESCALATED),
        "dropped_share": share(DROPPED),
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
        "hours_per_resolved": (total_worked - worked["admin"]) / outcome[RESOLVED]
        if outcome[RESOLVED]
        else float("nan"),
        "caseload_gini": gini([h["caseload_mean"] for h in hours]),
        "cost_per_household": cost / households if households else float("nan"),
    }
