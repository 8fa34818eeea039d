"""The request log: one compact row per request, in columns, instead of one object per request.

A `Case` is the live state of a request (queue, holder, plan, what is known). Once the request
has ended, nothing changes any more; keeping the whole object (and through it the household,
its dicts and sets) cost ~2.5 KB per request: 600 MiB on a long queueing run, and seconds to
free at exit. The log keeps what the outcome measures and the request table need in typed
arrays (~50 bytes per request) and lets the `Case` go when its request ends. Requests still
open are kept as objects and written into their row whenever the columns are read, so a
reading in the middle of a run sees their state at that moment.

Households are keyed by Mesa's `unique_id`, so per-household times (first request, right
help, end) stay available for time-to-event measures.
"""

from __future__ import annotations

import math
from array import array
from typing import TYPE_CHECKING

import numpy as np

from .cases import INTAKE, KINDS, OUTCOMES, TREATMENT, WAITING

if TYPE_CHECKING:
    from .cases import Case

STAGES = (WAITING, INTAKE, TREATMENT, *OUTCOMES)
_STAGE_CODE = {s: i for i, s in enumerate(STAGES)}
_KIND_CODE = {k: i for i, k in enumerate(KINDS)}
NAN = math.nan

# column: array typecode; floats are NaN where a time has not (yet) come, ints -1 where absent
COLUMNS = {
    "household": "q",  # Mesa's unique_id of the household
    "household_index": "q",  # the household's number in order of arrival (0: written by hand)
    "kind": "b",  # index into KINDS
    "arrival": "d",
    "presenting": "b",  # index into the scenario's domain ids
    "root": "b",
    "needs": "h",
    "found": "h",  # needs the team knew of (the presenting one included)
    "root_found": "b",
    "first_contact": "d",
    "right_help": "d",
    "end": "d",
    "stage": "b",  # index into STAGES; an outcome once the request has ended
    "handoffs": "i",
    "misrouted": "b",
    "first_holder": "i",  # professional id, -1 if nobody took the case on
}


class RequestLog:
    """All requests of a run, in order of arrival (`rid` = row)."""

    def __init__(self, domain_ids: tuple[str, ...] | list[str]) -> None:
        self.domains = tuple(domain_ids)
        self._domain_code = {d: i for i, d in enumerate(self.domains)}
        self._cols = {name: array(code) for name, code in COLUMNS.items()}
        self.live: dict[int, Case] = {}  # open requests by rid, in order of arrival
        self.followed: list[Case] = []  # requests of followed households, kept whole
        self.names: dict[int, str] = {}  # household unique_id -> name, where not the default
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def open(self, case: Case) -> None:
        """A new request: its row starts with what is known at arrival."""
        h = case.household
        c = self._cols
        c["household"].append(h.unique_id)
        c["household_index"].append(h.index)
        c["kind"].append(_KIND_CODE[case.kind])
        c["arrival"].append(case.arrival)
        c["presenting"].append(self._domain_code[case.presenting])
        c["root"].append(self._domain_code[case.root])
        c["needs"].append(case.n_needs)
        c["found"].append(1)
        c["root_found"].append(0)
        c["first_contact"].append(NAN)
        c["right_help"].append(NAN)
        c["end"].append(NAN)
        c["stage"].append(0)
        c["handoffs"].append(0)
        c["misrouted"].append(0)
        c["first_holder"].append(-1)
        self._n += 1
        self.live[case.rid] = case
        if h.followed:
            self.followed.append(case)
        if h.name != f"household {h.index}":
            self.names[h.unique_id] = h.name

    def close(self, case: Case) -> None:
        """The request has ended: write its row for good and let the object go."""
        self._write(case)
        del self.live[case.rid]

    def _write(self, case: Case) -> None:
        c, i = self._cols, case.rid
        c["found"][i] = len(case.known)
        c["root_found"][i] = case.root in case.known
        c["first_contact"][i] = NAN if case.first_contact is None else case.first_contact
        c["right_help"][i] = NAN if case.right_help is None else case.right_help
        c["end"][i] = NAN if case.end is None else case.end
        c["stage"][i] = _STAGE_CODE[case.stage]
        c["handoffs"][i] = case.handoffs
        c["misrouted"][i] = case.misrouted
        c["first_holder"][i] = -1 if case.first_holder is None else case.first_holder.pid

    def columns(self) -> dict[str, np.ndarray]:
        """Every column as a NumPy array (a copy), open requests as they are now."""
        for case in self.live.values():
            self._write(case)
        return {
            name: np.frombuffer(col, dtype=col.typecode).copy() if len(col) else np.array([])
            for name, col in self._cols.items()
        }

    def census(self) -> dict[str, int]:
        """Requests per stage (waiting, intake, treatment, the four outcomes) and arrived.
        Only ended rows carry an outcome code; open requests are counted by their object."""
        counts = dict.fromkeys(STAGES, 0)
        if self._n:
            codes = np.frombuffer(self._cols["stage"], dtype=np.int8).astype(np.intp)
            per_code = np.bincount(codes, minlength=len(STAGES))
            for outcome in OUTCOMES:
                counts[outcome] = int(per_code[_STAGE_CODE[outcome]])
        for case in self.live.values():
            counts[case.stage] += 1
        counts["arrived"] = self._n
        return counts
