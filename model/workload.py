"""Workload: hours per professional and the time series the dashboard draws.

Hours follow from caseload slots: an open case takes `case_hours_per_week` of direct time
per week, so a professional's direct (and intake) hours are the time-integral of the slots
in use. Consultations and meetings are counted as coordination when they happen;
administration is the fixed `admin_share` of contract hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from .calendar import DAYS_PER_WEEK

if TYPE_CHECKING:
    from .model import WijkteamModel


SERIES_COLUMNS = (
    "time",
    "waiting_intake",
    "waiting_treatment",
    "in_intake",
    "in_treatment",
    "utilisation",
    "caseload_mean",
    "caseload_max",
    "professionals_full",
    "caseload_gini",
)


HOUR_KINDS = ("direct", "intake", "coordination", "admin", "available", "caseload_mean")


def gini(values: Sequence[float]) -> float:
    """Gini coefficient: 0 when everyone carries the same load, towards 1 when one does all.
    In plain Python: it is taken of a team's caseloads at every sample, and for a team of
    tens NumPy's per-call overhead cost several times the arithmetic."""
    x = sorted(values)
    total = sum(x)
    if total <= 0:
        return 0.0
    n = len(x)
    return sum((2 * i - n - 1) * v for i, v in enumerate(x, start=1)) / (n * total)


def _latest(column: int, model: WijkteamModel) -> float:
    """The value of one column of the time series in its latest sample."""
    return model.workload.samples[-1][column]


def series_reporters() -> dict[str, partial[float]]:
    """Mesa model reporters for the columns of the time series (time is Mesa's own)."""
    return {name: partial(_latest, i) for i, name in enumerate(SERIES_COLUMNS) if i > 0}


class Workload:
    """Keeps the measured window and samples the state of the team at a fixed interval."""

    def __init__(self, model: WijkteamModel):
        self.model = model
        self.window_start = model.params.warmup_days
        self.started = False
        self.samples: list[tuple[float, ...]] = []
        # per sample time after the window start: every professional's accounts, so that
        # hours can be counted from a later warm-up chosen from the output (steady_state.py);
        # one array a sample (team x 3), as tuples of floats they were most of the memory
        # that grew with the horizon in a large team (~40 KB a sample for 300 professionals)
        self.accounts: dict[float, np.ndarray] = {}
        # the same samples in Mesa's DataCollector, for Mesa's plots and batch_run
        self.datacollector = mesa.DataCollector(model_reporters=series_reporters())
        model.schedule(self._on_sample, at=0.0)

    def start_window(self, now: float) -> None:
        """The warm-up is over: hours are counted from here."""
        self.window_start = now
        self.started = True
        for p in self.model.team:
            p.reset_accounts(now)

    def _on_sample(self, _: Any) -> None:
        m = self.model
        self.samples.append(self.snapshot())
        self.datacollector.collect(m)
        if self.started:
            now = m.time
            for p in m.team:
                p.flush(now)
            self.accounts[now] = np.array(
                [(p.area_intake, p.area_treat, p.hours_coordination) for p in m.team]
            )
        m.schedule(self._on_sample, after=m.params.sample_every_days)

    def snapshot(self) -> tuple[float, ...]:
        """One row of the time series (see SERIES_COLUMNS)."""
        m = self.model
        wait_in = sum(q.n for q in m.queues if q.kind == "entry")
        wait_tr = sum(q.n for q in m.queues if q.kind == "treatment")
        in_intake = sum(p.n_intake for p in m.team)
        loads = [len(p.cases) for p in m.team]
        slots = sum(p.limit for p in m.team)
        return (
            m.time,
            wait_in,
            wait_tr,
            in_intake,
            sum(loads) - in_intake,
            sum(loads) / slots,
            sum(loads) / len(loads),
            max(loads),
            sum(1 for p in m.team if p.room <= 0),
            gini(loads),
        )

    def mean_since(self, since: float, column: str) -> float:
        """The mean of one column of the time series over the samples from `since` on (NaN
        if there are none): a time average, the same over any length of run in steady
        state."""
        i = SERIES_COLUMNS.index(column)
        values = [row[i] for row in self.samples if row[0] >= since]
        return float(np.mean(values)) if values else float("nan")

    def hours(self, since: float | None = None) -> list[dict[str, float]]:
        """Hours per professional over the measured window so far, by kind of work; with
        `since` (a sample time after the window start) over the time from then on."""
        m = self.model
        s = m.params
        now = m.time
        kept = self.accounts.get(since) if since is not None else None
        base = kept.tolist() if kept is not None else None
        start = since if base is not None else self.window_start
        weeks = (now - start) / DAYS_PER_WEEK if self.started else 0.0
        per_slot_day = s.case_hours_per_week / DAYS_PER_WEEK
        rows = []
        for i, p in enumerate(m.team):
            p.flush(now)
            if not self.started:  # nothing is counted during the warm-up
                rows.append(dict.fromkeys(HOUR_KINDS, 0.0))
                continue
            b_intake, b_treat, b_coord = base[i] if base is not None else (0.0, 0.0, 0.0)
            rows.append(
                {
                    "direct": (p.area_treat - b_treat) * per_slot_day,
                    "intake": (p.area_intake - b_intake) * per_slot_day,
                    "coordination": p.hours_coordination - b_coord,
                    "admin": s.admin_share * s.contract_hours * weeks,
                    "available": s.contract_hours * weeks,
                    "caseload_mean": (p.area_treat - b_treat + p.area_intake - b_intake)
                    / (weeks * DAYS_PER_WEEK)
                    if weeks > 0
                    else 0.0,
                }
            )
        return rows
