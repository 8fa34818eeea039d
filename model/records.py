"""Outcome records as pandas DataFrames: one row per request, per professional, per sample.

These are the tidy tables a researcher works with in a notebook and the dashboard draws from.
Times are working days since the start of the run; `in_window` marks requests that arrived
after the warm-up (the ones the summary counts).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from .cases import KINDS, OUTCOMES
from .requestlog import STAGES
from .workload import SERIES_COLUMNS

if TYPE_CHECKING:
    from .model import WijkteamModel


def requests_frame(m: WijkteamModel) -> pd.DataFrame:
    """One row per request (from the request log's columns; absent times and holders are
    None, as they were on the live request)."""
    t0 = m.workload.window_start
    col = {name: values.tolist() for name, values in m.cases.columns().items()}
    domains, names = m.cases.domains, m.cases.names
    rows = []
    for i in range(len(m.cases)):
        arrival = col["arrival"][i]
        first_contact = _time(col["first_contact"][i])
        support_start = _time(col["support_start"][i])
        right_help = _time(col["right_help"][i])
        household = col["household"][i]
        holder = col["first_holder"][i]
        stage = STAGES[col["stage"][i]]
        rows.append(
            {
                "request": col["request"][i],
                "household": names.get(household, f"household {col['household_index'][i]}"),
                "kind": KINDS[col["kind"][i]],
                "arrival": arrival,
                "presenting": domains[col["presenting"][i]],
                "root": domains[col["root"][i]],
                "needs": col["needs"][i],
                "found": col["found"][i],
                "root_found": bool(col["root_found"][i]),
                "first_contact": first_contact,
                "support_start": support_start,
                "right_help": right_help,
                "end": _time(col["end"][i]),
                "stage": stage,
                "outcome": stage if stage in OUTCOMES else None,
                "handoffs": col["handoffs"][i],
                "misrouted": bool(col["misrouted"][i]),
                "first_holder": holder if holder >= 0 else None,
                "wait_first_contact": None if first_contact is None else first_contact - arrival,
                "wait_right_help": None if right_help is None else right_help - arrival,
                "in_window": arrival >= t0,
            }
        )
    return pd.DataFrame(rows)


def _time(value: float) -> float | None:
    """A time from the log; NaN there means it has not come (None in the table)."""
    return None if math.isnan(value) else value


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
