"""The model's own event queue, which advances Mesa's clock.

Mesa 3.5's event list holds callbacks by weak reference and compares events in Python; on a
queue model it managed ~190,000 events/s here, against ~1.3 million for a plain heap
(`benchmarks/bench_mmc.py`, engine `mesa`). The model therefore keeps its events in a
binary heap of small lists and sets `model.time` (Mesa's clock) before each callback, so
agents, `run_until`, `run_for` and `step` behave as in any Mesa model.

An entry is `[time, sequence, callback, argument]`; the sequence number makes ties resolve
in scheduling order (deterministic) and keeps the heap from ever comparing callbacks. An
event is cancelled by clearing its callback (lazy deletion): cheaper than removing it.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import threading
from collections.abc import Callable, Iterator
from typing import Any

Event = list  # [time, seq, callback | None, arg]


class EventQueue:
    """A time-ordered queue of callbacks with one argument each."""

    __slots__ = ("_heap", "_seq")

    def __init__(self) -> None:
        self._heap: list[Event] = []
        self._seq = 0

    def schedule(self, time: float, callback: Callable[[Any], None], arg: Any = None) -> Event:
        """Run `callback(arg)` at `time`; returns the event, which `cancel` accepts."""
        self._seq += 1
        event = [time, self._seq, callback, arg]
        heapq.heappush(self._heap, event)
        return event

    @staticmethod
    def cancel(event: Event | None) -> None:
        """Make a scheduled event do nothing when its time comes. Its argument is dropped
        too: the object that holds the event (a case, a household) must not be held by it,
        or the two would form a cycle that only the paused collector could free."""
        if event is not None:
            event[2] = None
            event[3] = None

    @property
    def scheduled(self) -> int:
        """Events scheduled so far (a measure of a run's work; see benchmarks/)."""
        return self._seq


_gc_lock = threading.Lock()
_gc_depth = 0
_gc_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while events run.

    A run allocates objects steadily (households, requests, events) and the collector would
    traverse the live ones again and again (it took ~40% of run time on a long queueing run).
    The model makes no reference cycles that become garbage (a test checks this), so nothing
    is lost by pausing. Nested and concurrent runs (dashboard sessions in threads)
    share one counter: the collector comes back when the last of them ends."""
    global _gc_depth, _gc_was_enabled
    with _gc_lock:
        if _gc_depth == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_was_enabled:
                gc.enable()
