"""Outcome records as pandas DataFrames: one row per request, per professional, per sample.

These are the tidy tables a researcher works with in a notebook and the dashboard draws from.
Times are working days since the start of the run; `in_window` marks requests that arrived
after the scenario's warm-up (`warmup_days`). The summary counts from the end of the warm-up
it finds in the run (MSER-5, `steady_state.choose_warmup`), which may be later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .cases import KINDS, OUTCOMES
from .requestlog import STAGES
from .workload import SERIES_COLUMNS

if TYPE_CHECKING:
    from .model import WijkteamModel


def requests_frame(m: WijkteamModel) -> pd.DataFrame:
    """One row per request (from the request log's columns; absent times and holders are
    None, as they were on the live request).

    Built a column at a time from the log's arrays: a sweep reads this table once per run
    (the Dutch measures), and building it a row at a time cost ~15% of a screening's runs.
    The columns have the types a table of the live requests' values would have: a time is
    float with NaN where some are absent, and None throughout where all are."""
    col = m.cases.columns()
    n = len(col["request"])
    if n == 0:
        return pd.DataFrame([])
    arrival = col["arrival"]
    first_contact, right_help = col["first_contact"], col["right_help"]
    stage = _labels(STAGES, col["stage"])
    names, ids = m.cases.names, col["household"].tolist()
    household = [
        names.get(h, f"household {i}")
        for h, i in zip(ids, col["household_index"].tolist(), strict=True)
    ]
    outcome = stage.copy()
    outcome[~np.isin(col["stage"], [STAGES.index(o) for o in OUTCOMES])] = None
    holder = col["first_holder"]
    first_holder = (
        holder.astype(np.int64)  # everyone was taken on: whole numbers, as on the live requests
        if holder.min() >= 0
        else _optional(np.where(holder >= 0, holder, np.nan))
    )
    return pd.DataFrame(
        {
            "request": col["request"].astype(np.int64),
            "household": np.array(household, dtype=object),
            "kind": _labels(KINDS, col["kind"]),
            "arrival": arrival,
            "presenting": _labels(m.cases.domains, col["presenting"]),
            "root": _labels(m.cases.domains, col["root"]),
            "needs": col["needs"].astype(np.int64),
            "found": col["found"].astype(np.int64),
            "root_found": col["root_found"],
            "first_contact": _optional(first_contact),
            "support_start": _optional(col["support_start"]),
            "right_help": _optional(right_help),
            "end": _optional(col["end"]),
            "stage": stage,
            "outcome": outcome,
            "handoffs": col["handoffs"].astype(np.int64),
            "misrouted": col["misrouted"],
            "first_holder": first_holder,
            "wait_first_contact": _optional(first_contact - arrival),
            "wait_right_help": _optional(right_help - arrival),
            "in_window": arrival >= m.workload.window_start,
        }
    )


def _labels(names: tuple[str, ...], codes: np.ndarray) -> np.ndarray:
    """The names that a column of codes stands for (an object column of strings)."""
    return np.array(names, dtype=object)[codes.astype(np.intp)]


def _optional(values: np.ndarray) -> np.ndarray:
    """A column of times or ids where NaN means absent (None on the live request). As in a
    table made from the live values: float with NaN if some are there, None throughout if
    none is."""
    if np.isnan(values).all():
        return np.full(len(values), None, dtype=object)
    return values.astype(np.float64)


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
