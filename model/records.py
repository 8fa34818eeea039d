"""Outcome records as pandas DataFrames: one row per request, per professional, per sample.

These are the tidy tables a researcher works with in a notebook and the dashboard draws from.
Times are working days since the start of the run; `in_window` marks requests that arrived
after the warm-up (the ones the summary counts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .workload import SERIES_COLUMNS

if TYPE_CHECKING:
    from .model import WijkteamModel


def requests_frame(m: WijkteamModel) -> pd.DataFrame:
    """One row per request."""
    t0 = m.workload.window_start
    rows = []
    for c in m.cases:
        rows.append(
            {
                "request": c.rid,
                "household": c.household.name,
                "kind": c.kind,
                "arrival": c.arrival,
                "presenting": c.presenting,
                "root": c.root,
                "needs": c.n_needs,
                "found": len(c.known),
                "root_found": c.root in c.known,
                "first_contact": c.first_contact,
                "support_start": c.support_start,
                "right_help": c.right_help,
                "end": c.end,
                "stage": c.stage,
                "outcome": c.outcome,
                "handoffs": c.handoffs,
                "misrouted": c.misrouted,
                "first_holder": c.first_holder.pid if c.first_holder is not None else None,
                "wait_first_contact": None
                if c.first_contact is None
                else c.first_contact - c.arrival,
                "wait_right_help": None if c.right_help is None else c.right_help - c.arrival,
                "in_window": c.arrival >= t0,
            }
        )
    return pd.DataFrame(rows)


def professionals_frame(m: WijkteamModel) -> pd.DataFrame:
    """One row per professional: specialty, skills, caseload and hours in the window."""
    rows = []
    for p, h in zip(m.team, m.workload.hours(), strict=True):
        worked = h["direct"] + h["intake"] + h["coordination"] + h["admin"]
        rows.append(
            {
                "professional": p.pid,
                "specialty": p.specialty,
                "deep": "+".join(p.deep),
                "caseload_limit": p.limit,
                "caseload_now": len(p.cases),
                "caseload_mean": h["caseload_mean"],
                "hours_direct": h["direct"],
                "hours_intake": h["intake"],
                "hours_coordination": h["coordination"],
                "hours_admin": h["admin"],
                "hours_available": h["available"],
                "utilisation": worked / h["available"] if h["available"] > 0 else float("nan"),
                **{f"skill_{d}": k for d, k in p.skills.items()},
            }
        )
    return pd.DataFrame(rows)


def timeseries_frame(m: WijkteamModel) -> pd.DataFrame:
    """The sampled state of the team over time (waiting lists, caseloads, utilisation of
    caseload slots)."""
    return pd.DataFrame(m.workload.samples, columns=list(SERIES_COLUMNS))
