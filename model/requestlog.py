"""The request log: one compact row per request, in columns, instead of one object per request.

A `Case` is the live state of a request (queue, holder, plan, what is known). Once the request
has ended, nothing changes any more; keeping the whole object (and through it the household,
its dicts and sets) cost ~2.5 KB per request: 600 MiB on a long queueing run, and seconds to
free at exit. The log keeps what the outcome measures and the request table need in typed
rows (`_ROW.size`, 82 bytes per request, packed as the request ends) and lets the `Case`
go. Requests still open are kept as objects and packed whenever the columns are read, so a
reading in the middle of a run sees their state at that moment.

Households are keyed by Mesa's `unique_id`, the key of the household log
(`householdlog.py`), which keeps the per-household times of the time-to-event measures.
"""

from __future__ import annotations

import math
import struct
from typing import TYPE_CHECKING

import numpy as np

from .cases import INTAKE, KINDS, OUTCOMES, TREATMENT, WAITING

if TYPE_CHECKING:
    from .cases import Case

STAGES = (WAITING, INTAKE, TREATMENT, *OUTCOMES)
_STAGE_CODE = {s: i for i, s in enumerate(STAGES)}
_KIND_CODE = {k: i for i, k in enumerate(KINDS)}
NAN = math.nan

# One row per request, packed (struct codes, standard sizes, no padding). Floats are NaN
# where a time has not (yet) come, ints -1 where absent.
COLUMNS = (
    ("request", "q"),  # rid: the request's number in order of arrival
    ("household", "q"),  # Mesa's unique_id of the household
    ("household_index", "q"),  # the household's number in order of arrival (0: by hand)
    ("kind", "b"),  # index into KINDS
    ("arrival", "d"),
    ("presenting", "b"),  # index into the scenario's domain ids
    ("root", "b"),
    ("needs", "h"),
    ("found", "h"),  # needs the team knew of (the presenting one included)
    ("root_found", "?"),
    ("first_contact", "d"),
    ("support_start", "d"),  # start of the first treatment (any need)
    ("right_help", "d"),
    ("end", "d"),
    ("stage", "b"),  # index into STAGES; an outcome once the request has ended
    ("handoffs", "i"),
    ("misrouted", "?"),
    ("first_holder", "i"),  # professional id, -1 if nobody took the case on
)
_ROW = struct.Struct("<" + "".join(code for _, code in COLUMNS))
_DTYPE = np.dtype([(name, "<" + code) for name, code in COLUMNS])
assert _DTYPE.itemsize == _ROW.size


class RequestLog:
    """All requests of a run: ended ones as packed rows (in the order they ended), open ones
    as `Case` objects; `columns()` gives both in order of arrival."""

    def __init__(self, domain_ids: tuple[str, ...] | list[str]) -> None:
        self.domains = tuple(domain_ids)
        self._domain_code = {d: i for i, d in enumerate(self.domains)}
        self._rows = bytearray()
        self.live: dict[int, Case] = {}  # open requests by rid, in order of arrival
        self.followed: list[Case] = []  # requests of followed households, kept whole
        self.names: dict[int, str] = {}  # household unique_id -> name of one written by hand
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def open(self, case: Case) -> None:
        """A new request (its rid is the number of requests so far)."""
        self._n += 1
        self.live[case.rid] = case
        h = case.household
        if h.followed:
            self.followed.append(case)
        if h.index == 0:  # written by hand: its name is not its number
            self.names[h.unique_id] = h.name

    def close(self, case: Case) -> None:
        """The request has ended: pack its row and let the object go."""
        self._rows += self._pack(case)
        del self.live[case.rid]

    def _pack(self, case: Case) -> bytes:
        h, code = case.household, self._domain_code
        return _ROW.pack(
            case.rid,
            h.unique_id,
            h.index,
            _KIND_CODE[case.kind],
            case.arrival,
            code[case.presenting],
            code[case.root],
            case.n_needs,
            len(case.known),
            case.root in case.known,
            NAN if case.first_contact is None else case.first_contact,
            NAN if case.support_start is None else case.support_start,
            NAN if case.right_help is None else case.right_help,
            NAN if case.end is None else case.end,
            _STAGE_CODE[case.stage],
            case.handoffs,
            case.misrouted,
            -1 if case.first_holder is None else case.first_holder.pid,
        )

    def columns(self, names: tuple[str, ...] | None = None) -> dict[str, np.ndarray]:
        """The columns `names` (default: all) as NumPy arrays, in order of arrival; open
        requests as they are now. Made a column at a time, so a reading needs little more
        than one copy of what it asks for."""
        ended = np.frombuffer(self._rows, dtype=_DTYPE)
        live = np.frombuffer(b"".join(self._pack(c) for c in self.live.values()), dtype=_DTYPE)
        order = np.argsort(np.concatenate([ended["request"], live["request"]]), kind="stable")
        names = names if names is not None else tuple(name for name, _ in COLUMNS)
        columns = {name: np.concatenate([ended[name], live[name]])[order] for name in names}
        del ended  # releases the row buffer, which may grow again
        return columns

    def arrivals_since(self, first: int) -> list[tuple[str, float]]:
        """(kind, arrival) of the requests numbered `first` on, in order of arrival: what a
        live view (the classroom's team picture) needs of the requests that came in since it
        last looked, whether they are still open or have ended meanwhile."""
        ended = np.frombuffer(self._rows, dtype=_DTYPE)
        ended = ended[ended["request"] >= first]
        rows = [
            (int(r), KINDS[k], float(a))
            for r, k, a in zip(
                ended["request"].tolist(),
                ended["kind"].tolist(),
                ended["arrival"].tolist(),
                strict=True,
            )
        ]
        rows += [(c.rid, c.kind, c.arrival) for c in self.live.values() if c.rid >= first]
        return [(kind, arrival) for _, kind, arrival in sorted(rows)]

    def census(self) -> dict[str, int]:
        """Requests per stage (waiting, intake, treatment, the four outcomes) and arrived."""
        counts = dict.fromkeys(STAGES, 0)
        if self._rows:
            codes = np.frombuffer(self._rows, dtype=_DTYPE)["stage"].astype(np.intp)
            per_code = np.bincount(codes, minlength=len(STAGES))
            for outcome in OUTCOMES:
                counts[outcome] = int(per_code[_STAGE_CODE[outcome]])
        for case in self.live.values():
            counts[case.stage] += 1
        counts["arrived"] = self._n
        return counts
