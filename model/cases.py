"""Cases: one help request of a household, from arrival to its end.

A case is both the live state of a request (where it waits, who holds it, what is known of
the household, the plan) and its outcome record (waits, hand-offs, misrouting, outcome).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .events import Event
    from .households import Household
    from .professionals import Professional
    from .routing import Queue

# Where a request is (for the conservation census) and how it ended.
WAITING, INTAKE, TREATMENT = "waiting", "intake", "treatment"
RESOLVED, CLOSED, ESCALATED, DROPPED = "resolved", "closed", "escalated", "dropped"
OUTCOMES = (RESOLVED, CLOSED, ESCALATED, DROPPED)
# first request, relapse (revolving door), after drop-out, a new question after a request ended
KINDS = ("new", "repeat", "return", "follow_up")


class Case:
    """One request. Times are in working days since the start of the run."""

    __slots__ = (
        "rid",
        "household",
        "kind",
        "arrival",
        "presenting",
        "root",
        "n_needs",
        "known",
        "plan",
        "stage",
        "queue",
        "queued_at",
        "queued_as",
        "holder",
        "last_prof",
        "first_contact",
        "support_start",
        "right_help",
        "end",
        "outcome",
        "handoffs",
        "misrouted",
        "first_holder",
        "current",
        "skill",
        "consulted",
        "event",
        "dropout",
        "journey",
        "treated",
    )

    def __init__(
        self,
        rid: int,
        household: Household,
        kind: str,
        arrival: float,
        presenting: str,
        n_needs: int,
        root: str | None = None,
    ):
        self.rid = rid
        self.household = household
        self.kind = kind  # one of KINDS
        self.arrival = arrival
        self.presenting = presenting
        # what this request's right help treats: the household's root, or for a follow-up
        # question after the root was treated, the new matter it is about
        self.root = root or household.root
        self.n_needs = n_needs
        self.known: set[str] = {presenting}  # needs the team has found so far
        self.plan: list[str] = []  # needs still to treat, in order
        self.stage = WAITING
        self.queue: Queue | None = None
        self.queued_at = arrival
        self.queued_as = 0  # place in the pooled queue's order (routing.PooledQueue)
        self.holder: Professional | None = None
        self.last_prof: Professional | None = None
        self.first_contact: float | None = None
        self.support_start: float | None = None  # start of the first treatment (any need)
        self.right_help: float | None = None  # start of the root's treatment
        self.end: float | None = None
        self.outcome: str | None = None
        self.handoffs = 0
        self.misrouted = False
        self.first_holder: Professional | None = None
        self.current: str | None = None  # need in treatment
        self.skill = 0.0  # effective skill of the current treatment
        self.consulted = False
        self.event: Event | None = None  # pending end of intake or treatment
        self.dropout: Event | None = None  # pending drop-out while waiting
        self.journey: list[tuple[float, str, dict]] | None = None
        self.treated: list[tuple[str, float]] = []  # (need, effective skill)
