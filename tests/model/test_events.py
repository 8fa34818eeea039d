"""events.py: the model's event queue — time order, ties in scheduling order, cancelling."""

from __future__ import annotations

import pytest

from wijkteam.model import WijkteamModel, preset
from wijkteam.model.events import EventQueue


def _drain(q: EventQueue) -> None:
    import heapq

    while q._heap:
        event = heapq.heappop(q._heap)
        if event[2] is not None:
            event[2](event[3])


def test_events_run_in_time_order_and_ties_in_scheduling_order() -> None:
    q, seen = EventQueue(), []
    for t, name in [(3.0, "c"), (1.0, "a"), (2.0, "b1"), (2.0, "b2"), (0.5, "first")]:
        q.schedule(t, seen.append, name)
    _drain(q)
    assert seen == ["first", "a", "b1", "b2", "c"]


def test_a_cancelled_event_does_nothing() -> None:
    q, seen = EventQueue(), []
    keep = q.schedule(1.0, seen.append, "kept")
    gone = q.schedule(0.5, seen.append, "cancelled")
    q.cancel(gone)
    q.cancel(None)  # cancelling nothing is allowed
    _drain(q)
    assert seen == ["kept"] and keep[2] is not None


def test_the_model_clock_follows_its_events() -> None:
    m = WijkteamModel(preset("default", {"warmup_days": 0.0}), seed=0)
    times = []
    m.events.schedule(7.25, lambda _: times.append(m.time))
    m.run_until(10.0)
    assert times == [7.25] and m.time == m.now == 10.0


def test_schedule_reads_like_mesa_after_or_at() -> None:
    """`model.schedule(fn, arg, after=...)` runs `fn(arg)` that many days from now (as Mesa's
    `schedule_event(fn, after=...)`), `at=` at a time; one of the two, as in Mesa."""
    m = WijkteamModel(preset("default", {"warmup_days": 0.0}), seed=0)
    seen = []
    m.run_until(2.0)
    m.schedule(lambda arg: seen.append((m.time, arg)), "after", after=1.5)
    m.schedule(lambda arg: seen.append((m.time, arg)), "at", at=3.0)
    cancelled = m.schedule(lambda arg: seen.append((m.time, arg)), "never", after=0.5)
    m.events.cancel(cancelled)
    m.run_until(5.0)
    assert seen == [(3.0, "at"), (3.5, "after")]
    for bad in ({}, {"after": 1.0, "at": 6.0}):
        with pytest.raises(ValueError, match="after"):
            m.schedule(print, **bad)
