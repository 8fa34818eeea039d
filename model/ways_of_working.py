"""Ways of working: the levers of a scenario (docs/ODD.md) as small strategy objects.

Each lever value is one class, chosen once when the model is built (`WaysOfWorking`), so the
event flow in `model.py` asks "may this professional treat this need?" instead of checking
strings. The levers:

- front door (`front_door`): `DeskFrontDoor`, `SingleFrontDoor` — where a request waits for
  intake and who does it;
- routing (`routing`): `DeskRouting`, `SkillRouting` — where a case waits for treatment and
  who may hold and treat it;
- other needs (`other_needs`): `Refer`, `Consult` — what a holder does with a need they may
  not treat well alone;
- intake (`intake_mode`): `DeskIntake`, `ExploreIntake` — how hard an intake looks beyond the
  presenting question;
- case lead (`case_lead`): `CaseLead`, `NoCaseLead` — the order in which needs are treated;
- coordination charge (`coordination_charge`): `ChargeSpent`, `ChargeReserved` — when the
  hours of a consultation come out of direct time.

Adding a lever value is writing one class with the methods of its lever and naming it in the
lever's table below (see docs/ODD.md, "Adding a lever value"). The strategies hold no state
of their own; they read the model's registers (who has room, the queues) and the agents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import treatment as tr
from .calendar import DAYS_PER_WEEK
from .cases import WAITING
from .routing import PooledQueue, Queue, best_fit

if TYPE_CHECKING:
    from .cases import Case
    from .households import Household
    from .model import WijkteamModel
    from .professionals import Professional
    from .scenario import Scenario


# ---------------------------------------------------------------------------- front door
class FrontDoor:
    """Where a request waits for intake and who may do the intake."""

    def entry_queues(self, ids: tuple[str, ...]) -> dict[str, Queue]:
        """The intake queue for a request presenting in each domain."""
        raise NotImplementedError

    def intake_room(self, model: WijkteamModel, domain: str) -> dict[int, Professional]:
        """The professionals with room who may take in a request presenting in `domain`."""
        raise NotImplementedError

    def queues_served(self, model: WijkteamModel, p: Professional) -> list[Queue]:
        """The intake queues `p` takes requests from."""
        raise NotImplementedError

    def holds_walk_in(self) -> bool:
        """Whether a professional's walk-in hour is a way in (the seed's story)."""
        return False

    def refers_to_intake(self, model: WijkteamModel) -> bool:
        """Whether a referral sends the case back to the intake of another desk."""
        return False


class DeskFrontDoor(FrontDoor):
    """One desk per domain: a request waits at the desk of its question, taken in by that
    desk's specialists; a referral goes to the intake of the other desk."""

    def entry_queues(self, ids: tuple[str, ...]) -> dict[str, Queue]:
        return {d: Queue(f"intake {d}", "entry", d) for d in ids}

    def intake_room(self, model: WijkteamModel, domain: str) -> dict[int, Professional]:
        return model.room_desk[domain]

    def queues_served(self, model: WijkteamModel, p: Professional) -> list[Queue]:
        return [model.entry[d] for d in p.deep]

    def refers_to_intake(self, model: WijkteamModel) -> bool:
        return model.intake_days > 0


class SingleFrontDoor(FrontDoor):
    """One front door served by the whole team."""

    def entry_queues(self, ids: tuple[str, ...]) -> dict[str, Queue]:
        return dict.fromkeys(ids, Queue("front door", "entry"))

    def intake_room(self, model: WijkteamModel, domain: str) -> dict[int, Professional]:
        return model.room_all

    def queues_served(self, model: WijkteamModel, p: Professional) -> list[Queue]:
        return [model.entry[model.params.domain_ids[0]]]

    def holds_walk_in(self) -> bool:
        return True


# ---------------------------------------------------------------------------- routing
class Routing:
    """Where a case waits for treatment, who may treat a need, and who holds the case."""

    def waiting_queues(self, ids: tuple[str, ...]) -> dict[str, Queue]:
        """The treatment queue for a case whose next need is in each domain."""
        raise NotImplementedError

    def queues_served(self, model: WijkteamModel, p: Professional) -> list[Queue]:
        """The treatment queues `p` takes cases from."""
        raise NotImplementedError

    def may_treat(self, model: WijkteamModel, p: Professional, domain: str) -> bool:
        """Whether `p` may treat a need in `domain` alone."""
        raise NotImplementedError

    def holder_for(
        self, model: WijkteamModel, case: Case, current: Professional | None
    ) -> Professional | None:
        """Who holds `case` for its next need (`case.plan[0]`): `current` (who has its slot
        now, if anyone), a colleague with room, or nobody (the case waits)."""
        raise NotImplementedError

    def accepts(self, model: WijkteamModel, p: Professional) -> Callable[[Case], bool] | None:
        """Which waiting cases `p` may take from a treatment queue (None: the first)."""
        return None


class DeskRouting(Routing):
    """Each desk treats its own domain, from a queue of its own."""

    def waiting_queues(self, ids: tuple[str, ...]) -> dict[str, Queue]:
        return {d: Queue(f"desk {d}", "treatment", d) for d in ids}

    def queues_served(self, model: WijkteamModel, p: Professional) -> list[Queue]:
        return [model.waiting[d] for d in p.deep]

    def may_treat(self, model: WijkteamModel, p: Professional, domain: str) -> bool:
        return domain in p.deep

    def holder_for(
        self, model: WijkteamModel, case: Case, current: Professional | None
    ) -> Professional | None:
        domain = case.plan[0]
        if current is not None and domain in current.deep:
            return current
        return next(iter(model.room_desk[domain].values()), None)


class SkillRouting(Routing):
    """One pooled queue; a case goes to the best-fitting professional with room, and a
    professional treats whatever they have enough skill for (or the team's best has)."""

    def waiting_queues(self, ids: tuple[str, ...]) -> dict[str, Queue]:
        return dict.fromkeys(ids, PooledQueue("team"))

    def queues_served(self, model: WijkteamModel, p: Professional) -> list[Queue]:
        return [model.waiting[model.params.domain_ids[0]]]

    def may_treat(self, model: WijkteamModel, p: Professional, domain: str) -> bool:
        return p.skills[domain] >= model.treat_bar[domain]

    def holder_for(
        self, model: WijkteamModel, case: Case, current: Professional | None
    ) -> Professional | None:
        if model.homogeneous:  # anyone fits as well as anyone else: no search
            return current if current is not None else next(iter(model.room_all.values()), None)
        now, household = model.now, case.household
        weights = {d: household.severity_of(d, now) for d in case.plan}
        # only those who may treat the next need alone can hold it (`may_hold_with`): the
        # register of them with room (`room_treat`), not the whole team; the search for a
        # holder was the default scenario's hottest rule
        domain = case.plan[0]
        best = model.team_max[domain]
        may_hold_with = self.may_hold_with
        eligible = {
            pid: p
            for pid, p in model.room_treat[domain].items()
            if p.skills[domain] >= best or may_hold_with(model, p.skills[domain], case)
        }
        prefer = (
            current
            if current is not None and may_hold_with(model, current.skills[domain], case)
            else None
        )
        return best_fit(eligible, weights, None, prefer)

    def accepts(self, model: WijkteamModel, p: Professional) -> Callable[[Case], bool] | None:
        if model.homogeneous:
            return None
        return SkillAcceptance(self, model, p)

    def may_hold_with(self, model: WijkteamModel, own: float, case: Case) -> bool:
        """Whether a professional of skill `own` in the case's next need should take on
        `case` now. The expected result decides: they may take it once the household has
        waited for this need (`waited_for_need`) at least as long as the extra treatment time
        they would need, alone or with a consultation, compared with the team's best; below
        the skill bar of `may_treat` never. Without this a team whose breadth passed
        `self_treat_skill` let every free professional take whatever waited, worked slower,
        queued more, and collapsed."""
        domain = case.plan[0]
        best = model.team_max[domain]
        if own >= best:
            return True
        if not own >= model.treat_bar[domain]:  # `may_treat` of this routing
            return False
        s = model.params
        own = model.ways.other_needs.reached_skill(own, best, s)
        extra = tr.extra_treatment_days(
            s.service_mean_days,
            case.household.severity_of(domain, model.now),
            s.severity_mean,
            own,
            best,
            s.min_speed,
        )
        return waited_for_need(case, model.now) >= extra


def waited_for_need(case: Case, now: float) -> float:
    """How long the case has waited for a holder for its next need: since it joined the
    queue, and not at all when an intake or a treatment has just ended. What the household
    waited before that is spent whoever takes the need, so it should not decide who does.
    Counting from the request let a full team's long intake waits hand every first need to
    whoever had room, and every later need to its holder, however little skill they had in
    it: a team that grew broader by learning treated more at middling skill, slower, filled
    up, made the waits longer still, and lost households (issue 8)."""
    if case.stage == WAITING:
        return now - case.queued_at
    return 0.0


class SkillAcceptance:
    """Which waiting cases professional `p` may take from the pooled queue: `may_hold_with`, its
    two quick answers first, since it is asked of every case the professional passes. Its
    `may_treat(domain)` (enough skill to treat that need at all) lets the pooled queue pass
    over a whole line of needs at once (`routing.PooledQueue`). Not cached per domain:
    holding a case may raise the team's best (learning), which updates `best` and `bar` in
    place."""

    __slots__ = ("routing", "model", "p", "skills", "best", "bar")

    def __init__(self, routing: SkillRouting, model: WijkteamModel, p: Professional):
        self.routing, self.model, self.p = routing, model, p
        self.skills, self.best, self.bar = p.skills, model.team_max, model.treat_bar

    def may_treat(self, domain: str) -> bool:
        return self.routing.may_treat(self.model, self.p, domain)

    def __call__(self, case: Case) -> bool:
        domain = case.plan[0]
        own = self.skills[domain]
        if own >= self.best[domain]:
            return True
        if not own >= self.bar[domain]:
            return False
        return self.routing.may_hold_with(self.model, own, case)


# ---------------------------------------------------------------------------- other needs


class OtherNeeds:
    """What the holder of a case does with a need: ask a colleague first, or not."""

    def reached_skill(self, own: float, best: float, s: Scenario) -> float:
        """The skill a professional of skill `own` can bring to a need, the team's best
        being `best` (with a consultation, if this way of working has them)."""
        return own

    def seek_help(
        self, model: WijkteamModel, case: Case, p: Professional, domain: str, alone: bool
    ) -> bool:
        """Get help with `domain` for `case` if it pays; True if the need is now being
        treated that way. `alone`: whether `p` may treat it alone."""
        return False


class Refer(OtherNeeds):
    """A need the holder may not treat goes to someone who may (referral)."""


class Consult(OtherNeeds):
    """The holder asks the most skilled free colleague and keeps the case, whenever that is
    expected to cost fewer professional hours than treating alone (or is the only way)."""

    def reached_skill(self, own: float, best: float, s: Scenario) -> float:
        return tr.consulted_skill(own, best, s.consult_transfer)

    def seek_help(
        self, model: WijkteamModel, case: Case, p: Professional, domain: str, alone: bool
    ) -> bool:
        # worth asking even the team's best? then find who is free to be asked
        if alone and not self.pays(model, case, p, model.team_max[domain], domain):
            return False
        colleague = self.consultant(model, p, domain)
        if colleague is None:
            return False
        if alone and not self.pays(model, case, p, colleague.skills[domain], domain):
            return False
        model.consult(case, p, colleague, domain)
        return True

    def pays(
        self, model: WijkteamModel, case: Case, p: Professional, skill: float, domain: str
    ) -> bool:
        """Whether consulting a colleague of `skill` is expected to cost fewer professional
        hours than treating alone (the consultation's hours for both included). Treating
        alone used to win whenever the skill passed `self_treat_skill`, so a broader
        professional worked slower than a narrower one who consulted: more skill, worse care
        (issue 8)."""
        s = model.params
        severity = case.household.severity_of(domain, model.now)
        per_day = s.case_hours_per_week / DAYS_PER_WEEK

        def hours(skill: float) -> float:
            return tr.expected_hours(
                s.service_mean_days,
                severity,
                s.severity_mean,
                skill,
                s.min_speed,
                per_day,
                s.low_skill_relapse,
            )

        own = p.skills[domain]
        if skill <= own:
            return False
        helped = tr.consulted_skill(own, skill, s.consult_transfer)
        return hours(helped) + 2 * s.consult_hours < hours(own)

    def consultant(self, model: WijkteamModel, p: Professional, domain: str) -> Professional | None:
        """The most skilled colleague in `domain` who may treat it and who, like `p`, has
        coordination hours left this week."""
        need = model.params.consult_hours
        if p.consult_left < need:
            return None
        best, best_skill = None, -1.0
        may_treat = model.ways.routing.may_treat
        for q in model.team:
            # the cheap tests first: in a large team this scan runs for every consultation
            skill = q.skills[domain]
            if (
                skill > best_skill
                and q is not p
                and q.consult_left >= need
                and may_treat(model, q, domain)
            ):
                best, best_skill = q, skill
        return best


# ---------------------------------------------------------------------------- intake
class Intake:
    """How much of an intake's time goes to looking beyond the presenting question."""

    def focus(self, s: Scenario) -> float:
        """The share of intake (and review) hours that looks for hidden needs."""
        raise NotImplementedError


class DeskIntake(Intake):
    """A specialist looks mostly at their own domain."""

    def focus(self, s: Scenario) -> float:
        return s.desk_focus


class ExploreIntake(Intake):
    """The question behind the question: `explore_focus` of the time (all of it, at the
    default) looks for needs."""

    def focus(self, s: Scenario) -> float:
        return s.explore_focus


# ---------------------------------------------------------------------------- case lead
class Planning:
    """The order in which a case's known needs are treated."""

    def order(self, needs: list[str], household: Household, now: float) -> list[str]:
        raise NotImplementedError


class CaseLead(Planning):
    """One case lead, one plan: the most severe need (the root, usually) first."""

    def order(self, needs: list[str], household: Household, now: float) -> list[str]:
        needs.sort(key=lambda d: -household.severity_of(d, now))
        return needs


class NoCaseLead(Planning):
    """No plan: needs are treated in the order they came up."""

    def order(self, needs: list[str], household: Household, now: float) -> list[str]:
        return needs


# ---------------------------------------------------------------------------- coordination
class CoordinationCharge:
    """When the hours of a consultation come out of a professional's direct time."""

    def charge(self, model: WijkteamModel, p: Professional, hours: float) -> None:
        """`p` has just spent `hours` on coordination."""


class ChargeSpent(CoordinationCharge):
    """The hours come out of direct time when spent: a caseload slot is held meanwhile."""

    def charge(self, model: WijkteamModel, p: Professional, hours: float) -> None:
        model.spend_coordination(p, hours)


class ChargeReserved(CoordinationCharge):
    """The hours were set aside beforehand (a lower caseload limit): nothing more to do."""


# ---------------------------------------------------------------------------- the choice
FRONT_DOORS: dict[str, type[FrontDoor]] = {"desk": DeskFrontDoor, "single": SingleFrontDoor}
ROUTINGS: dict[str, type[Routing]] = {"desk": DeskRouting, "skill": SkillRouting}
OTHER_NEEDS: dict[str, type[OtherNeeds]] = {"refer": Refer, "consult": Consult}
INTAKES: dict[str, type[Intake]] = {"desk": DeskIntake, "explore": ExploreIntake}
PLANNINGS: dict[bool, type[Planning]] = {True: CaseLead, False: NoCaseLead}
CHARGES: dict[str, type[CoordinationCharge]] = {
    "spent": ChargeSpent,
    "reserved": ChargeReserved,
}


@dataclass(frozen=True)
class WaysOfWorking:
    """The strategy objects of one scenario, one per lever."""

    front_door: FrontDoor
    routing: Routing
    other_needs: OtherNeeds
    intake: Intake
    planning: Planning
    coordination: CoordinationCharge

    @classmethod
    def of(cls, s: Scenario, **overrides: Any) -> WaysOfWorking:
        """The ways of working a scenario's levers name; `overrides` (strategy objects by
        field name) replace some, e.g. a routing rule still being tried out."""
        chosen: dict[str, Any] = {
            "front_door": FRONT_DOORS[s.front_door](),
            "routing": ROUTINGS[s.routing](),
            "other_needs": OTHER_NEEDS[s.other_needs](),
            "intake": INTAKES[s.intake_mode](),
            "planning": PLANNINGS[bool(s.case_lead)](),
            "coordination": CHARGES[s.coordination_charge](),
        }
        unknown = set(overrides) - set(chosen)
        if unknown:
            raise ValueError(f"ways of working: no lever named {sorted(unknown)[0]!r}")
        chosen.update(overrides)
        return cls(**chosen)
