"""The request table says what the requests themselves say, in the types a user expects."""

from __future__ import annotations

import math

from wijkteam.model import WijkteamModel, preset


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
