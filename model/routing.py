"""Routing: where a request waits and who takes it on.

Queues are first-come-first-served. Who serves which queue follows the levers:

- `front_door = desk`: a request waits for intake at the desk of its presenting question,
  served by that desk's specialists; `single`: one front door, served by everyone.
- `routing = desk`: a case is treated by the desk of the need at hand; `skill`: one pooled
  queue, and a case goes to the best-fitting professional with room (skill-based routing).

A professional with room takes the longest-waiting case it may serve. An arriving case that
finds several professionals with room takes the one that has had room longest (desk) or the
best fit (skill), so the queue is work-conserving, as an M/M/c queue must be.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from .cases import Case

if TYPE_CHECKING:
    from .professionals import Professional


class Queue:
    """A FIFO queue of cases. Cases that leave from the middle (drop-out, escalation) are
    skipped later instead of searched for now (lazy deletion); `n` is the true length."""

    __slots__ = ("name", "items", "n", "kind", "domain")

    def __init__(self, name: str, kind: str, domain: str | None = None):
        self.name = name
        self.kind = kind  # "entry" (waiting for intake) or "treatment"
        self.domain = domain
        self.items: deque[Case] = deque()
        self.n = 0

    def push(self, case: Case, now: float) -> None:
        case.queue = self
        case.queued_at = now
        self._line_of(case).append(case)
        self.n += 1

    def _line_of(self, case: Case) -> deque[Case]:
        """The line `case` waits in (or joins): here the one line of the queue."""
        return self.items

    def discard(self, case: Case) -> None:
        """Forget `case` (it left while waiting); its entry is skipped later."""
        case.queue = None
        self.n -= 1

    def first(self, accept: Callable[[Case], bool] | None = None) -> Case | None:
        """The longest-waiting live case that `accept` allows (any, when None)."""
        items = self.items
        while items and items[0].queue is not self:
            items.popleft()
        if accept is None:
            return items[0] if items else None
        for case in items:
            if case.queue is self and accept(case):
                return case
        return None

    def remove(self, case: Case) -> None:
        """Take `case` out of the queue to start work on it."""
        line = self._line_of(case)
        if line and line[0] is case:
            line.popleft()
        else:
            line.remove(case)
        case.queue = None
        self.n -= 1


class PooledQueue(Queue):
    """The one treatment queue of a team that routes by skill, kept as one line per domain of
    the case's next need. A professional looking for work passes over the lines of needs
    they may not treat without looking at a single case in them, and takes the
    longest-waiting case of the others (cases are numbered as they join, so the lines
    together keep the order of arrival). Why: with one line, a professional of a large,
    busy team passed ~200 cases a look for work (30 million acceptance checks in five years
    of 300 professionals, the run's hottest rule; docs/performance.md). A case's next need
    does not change while it waits, so its line stays right."""

    __slots__ = ("lines", "joined")

    def __init__(self, name: str):
        super().__init__(name, "treatment")
        self.lines: dict[str, deque[Case]] = {}
        self.joined = 0

    def push(self, case: Case, now: float) -> None:
        self.joined += 1
        case.queued_as = self.joined
        super().push(case, now)

    def _line_of(self, case: Case) -> deque[Case]:
        """The line of the case's next need (made when its first case joins)."""
        line = self.lines.get(case.plan[0])
        if line is None:
            line = self.lines[case.plan[0]] = deque()
        return line

    def first(self, accept: Callable[[Case], bool] | None = None) -> Case | None:
        """The longest-waiting live case that `accept` allows (any, when None). An `accept`
        with a `may_treat(domain)` method (`ways_of_working.SkillAcceptance`) lets whole lines
        be passed over."""
        may_treat = getattr(accept, "may_treat", None)
        best: Case | None = None
        for domain, line in self.lines.items():
            while line and line[0].queue is not self:
                line.popleft()
            if not line or (may_treat is not None and not may_treat(domain)):
                continue
            for case in line:
                if best is not None and case.queued_as > best.queued_as:
                    break
                if case.queue is self and (accept is None or accept(case)):
                    best = case
                    break
        return best


def best_fit(
    candidates: dict[int, Professional],
    severity: dict[str, float],
    eligible: Callable[[Professional], bool] | None,
    prefer: Professional | None,
) -> Professional | None:
    """The professional whose skills fit the case's known needs best (severity-weighted mean
    skill), among eligible `candidates` and `prefer` (who holds the case already); ties go
    to `prefer` (no needless hand-off), then to whoever has had room longest. `eligible`
    None: every candidate and `prefer` are (the caller has sifted them).

    Colleagues with the same skills (`Professional.profile`) have the same fit, and a later
    one never beats an earlier one (ties go to the earlier), so only the first of them is
    weighed. In a team of 300 the weighing was the hottest rule, and most candidates share
    a specialty's skills."""
    best, best_fit_value = None, -1.0
    total = sum(severity.values()) or 1.0
    weighed: set[int] = set()
    if prefer is not None and (eligible is None or eligible(prefer)):
        best = prefer
        best_fit_value = sum(prefer.skills[d] * w for d, w in severity.items()) / total
        weighed.add(prefer.profile)
    for p in candidates.values():
        if p is prefer or (eligible is not None and not eligible(p)) or p.profile in weighed:
            continue
        weighed.add(p.profile)
        fit = sum(p.skills[d] * w for d, w in severity.items()) / total
        if fit > best_fit_value + 1e-12:
            best, best_fit_value = p, fit
    return best
