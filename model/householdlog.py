"""The household log: one compact row per household that has left the model, with the times
the time-to-event measures need (`summary.py`), so the household object can be freed.

A household is an agent from its first request until it leaves (it escalated, or nothing
can bring it back). While it is in the model its times may still change (it may yet get the
right help or escalate); once it has left they are final, and the log packs them in a row.
`columns()` gives the rows of the households that left and those still in the model, as
they are now, sorted by Mesa's `unique_id` (the key the request log uses).
"""

from __future__ import annotations

import math
import struct
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .cases import DROPPED, ESCALATED

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .households import Household

LOST_HOW = ("", DROPPED, ESCALATED, "left")  # how a household's path to the right help ended
_LOST_CODE = {how: i for i, how in enumerate(LOST_HOW)}
NAN = math.nan

# Floats are NaN where the time has not (yet) come.
COLUMNS = (
    ("household", "q"),  # Mesa's unique_id
    ("arrived", "d"),  # its first request
    ("helped_at", "d"),  # first start of its root's treatment
    ("lost_at", "d"),  # gave up, escalated or left before that help
    ("lost_how", "b"),  # index into LOST_HOW
    ("gone_at", "d"),  # left the model without escalating
)
_ROW = struct.Struct("<" + "".join(code for _, code in COLUMNS))
_DTYPE = np.dtype([(name, "<" + code) for name, code in COLUMNS])
assert _DTYPE.itemsize == _ROW.size


class Escalation(NamedTuple):
    """A household's escalation to second-line care, as the outcome measures need it.

    It names the household (Mesa's `unique_id` and its name) rather than holding the
    object: a household leaves the model when it escalates, and holding it kept its random
    stream and dicts alive, ~3 KB an escalation, the part of a run's memory that grew with
    the horizon."""

    at: float  # working days since the start of the run
    household: int  # Mesa's unique_id, the key of both logs
    name: str  # as in the request table's `household` column
    in_care: bool  # the household had an open request when it escalated


def _pack(h: Household) -> bytes:
    return _ROW.pack(
        h.unique_id,
        h.arrived,
        NAN if h.helped_at is None else h.helped_at,
        NAN if h.lost_at is None else h.lost_at,
        _LOST_CODE[h.lost_how],
        NAN if h.gone_at is None else h.gone_at,
    )


class HouseholdLog:
    """The households that have left the model, as packed rows (in the order they left)."""

    def __init__(self) -> None:
        self._rows = bytearray()

    def close(self, household: Household) -> None:
        """The household leaves the model: its times are final."""
        self._rows += _pack(household)

    def columns(
        self,
        live: Iterable[Household],
        names: tuple[str, ...] | None = None,
        of: np.ndarray | None = None,
    ) -> dict[str, np.ndarray]:
        """The columns `names` (default: all) of every household, the ones that left and the
        `live` ones (still in the model, as they are now), sorted by unique_id; or, with `of`
        (unique_ids), of those households only, in that order. Made a column at a time, as
        the request log's are: sorting whole rows held two copies of every column at once,
        the largest part of a summary's memory on a long run."""
        ended = np.frombuffer(self._rows, dtype=_DTYPE)
        still = np.frombuffer(b"".join(_pack(h) for h in live), dtype=_DTYPE)
        keys = np.concatenate([ended["household"], still["household"]])
        order = np.argsort(keys, kind="stable")
        if of is not None:
            order = order[np.searchsorted(keys[order], of)]
        names = names if names is not None else tuple(name for name, _ in COLUMNS)
        columns = {
            name: keys[order]
            if name == "household"
            else np.concatenate([ended[name], still[name]])[order]
            for name in names
        }
        del ended  # releases the row buffer, which may grow again
        return columns
