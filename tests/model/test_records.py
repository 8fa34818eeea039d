"""The request table says what the requests themselves say, in the types a user expects."""

from __future__ import annotations

import gc
import math

from wijkteam.model import WijkteamModel, preset
from wijkteam.model.cases import Case
from wijkteam.model.households import Household
from wijkteam.model.routing import PooledQueue, Queue


def _entries(queue: Queue) -> list[Case]:
    """Every case a queue still holds, skipped ones included."""
    lines = queue.lines.values() if isinstance(queue, PooledQueue) else [queue.items]
    return [case for line in lines for case in line]


def _absent_or(value: float | None, cell: object) -> bool:
    """A time the request does not have yet is absent (None or NaN) in the table."""
    if value is None:
        return cell is None or (isinstance(cell, float) and math.isnan(cell))
    return cell == value


def test_open_requests_in_the_table_are_as_the_live_requests_are() -> None:
    """In the middle of a run, every open request's row holds its times, holder, stage and
    kind as the live request has them now (absent where they have not come)."""
    m = WijkteamModel(preset("default"), seed=4)
    m.run_until(300.0)
    req = m.requests_frame().set_index("request")
    live = list(m.cases.live.values())
    assert len(live) > 100, "a team at work has open requests"
    for case in live:
        row = req.loc[case.rid]
        assert row["arrival"] == case.arrival
        assert row["kind"] == case.kind and row["stage"] == case.stage
        assert row["outcome"] is None, "an open request has no outcome yet"
        assert row["presenting"] == case.presenting and row["root"] == case.root
        assert row["household"] == case.household.name
        assert _absent_or(case.first_contact, row["first_contact"])
        assert _absent_or(case.support_start, row["support_start"])
        assert _absent_or(case.right_help, row["right_help"])
        assert _absent_or(None, row["end"])
        holder = None if case.first_holder is None else case.first_holder.pid
        assert _absent_or(holder, row["first_holder"])
        assert row["in_window"] == (case.arrival >= m.workload.window_start)


def test_column_types_follow_what_is_there() -> None:
    """Times are floats with NaN where some are absent, None throughout where none has come
    yet; counts are whole numbers; ended requests carry their outcome."""
    m = WijkteamModel(preset("default"), seed=4)
    while len(m.cases) < 3:  # the first requests come in; none can have ended yet
        m.run_until(m.now + 0.25)
    early = m.requests_frame()
    assert len(early) >= 3 and len(m.cases.live) == len(early)
    assert early["end"].tolist() == [None] * len(early)
    assert early["outcome"].tolist() == [None] * len(early)
    m.run_until(400.0)
    req = m.requests_frame()
    assert str(req["end"].dtype) == "float64" and req["end"].isna().any()
    assert str(req["needs"].dtype) == "int64" and str(req["handoffs"].dtype) == "int64"
    ended = req[req["end"].notna()]
    assert set(ended["outcome"]) <= {"resolved", "closed", "escalated", "dropped"}
    assert (ended["outcome"] == ended["stage"]).all()
    assert (req["wait_first_contact"].dropna() >= 0).all()


def test_households_that_left_are_freed() -> None:
    """What a run keeps of a household that has left (escalated, or nothing brings it back)
    is its rows in the logs, not the object: the households in memory at the end are the
    ones still in the model, so memory does not grow with the horizon."""
    m = WijkteamModel(preset("islands"), seed=3)
    m.run()
    assert len(m.escalations) > 200, "islands escalate households"
    gc.collect()
    alive = {o.unique_id for o in gc.get_objects() if isinstance(o, Household) and o.model is m}
    in_model = {h.unique_id for h in m.agents_by_type[Household]}
    # a case that left a queue from the middle stays there until it comes to the front (lazy
    # deletion, routing.Queue), and with it its household: a bounded number, not the horizon
    skipped = {c.household.unique_id for q in m.queues for c in _entries(q) if c.queue is not q}
    assert in_model <= alive and alive - in_model <= skipped
    escalated_and_gone = {e.household for e in m.escalations} - alive
    assert len(escalated_and_gone) > 200
    names = set(m.requests_frame()["household"])
    assert {e.name for e in m.escalations} <= names, "an escalation names a household that asked"
