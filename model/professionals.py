"""Professionals: a specialty, a skill in every domain, hours, and a caseload.

Skill profiles (docs/ODD.md) are shapes with a continuous width: `depth` is the vertical bar
of the T, `breadth` the horizontal one, `base_skill` what anyone knows of any domain.

- I: depth in the specialty, base_skill elsewhere (breadth plays no part);
- T: depth in the specialty, max(base_skill, breadth) elsewhere;
- pi: like T, with a second deep skill in the next domain (a chain: k, k+1);
- generalist: max(base_skill, breadth) in every domain, the specialty included;
- custom: skills per professional from the scenario file (where not given: depth in the
  specialty, base_skill elsewhere).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from .cases import Case
    from .model import WijkteamModel
    from .scenario import Scenario


def team_skills(s: Scenario) -> list[tuple[str, tuple[str, ...], dict[str, float]]]:
    """(specialty, deep domains, skills) for every professional, in a fixed order: by domain,
    then by number within the domain."""
    ids = list(s.domain_ids)
    wide = max(s.base_skill, s.breadth)
    team: list[tuple[str, tuple[str, ...], dict[str, float]]] = []
    if s.profile == "custom":
        for p in s.professionals:
            given = p.get("skills", {})
            # the specialty at `depth` unless the file says otherwise (a setdefault on the
            # filled dict left every custom specialist at base_skill in their own domain)
            skills = {
                d: float(given.get(d, s.depth if d == p["specialty"] else s.base_skill))
                for d in ids
            }
            team.append((p["specialty"], (p["specialty"],), skills))
        return team
    for i, spec in enumerate(ids):
        for _ in range(s.staff_counts()[spec]):
            if s.profile == "I":
                skills = dict.fromkeys(ids, s.base_skill)
                deep: tuple[str, ...] = (spec,)
            elif s.profile == "generalist":
                skills = dict.fromkeys(ids, wide)
                deep = (spec,)
            else:
                skills = dict.fromkeys(ids, wide)
                deep = (spec, ids[(i + 1) % len(ids)]) if s.profile == "pi" else (spec,)
            if s.profile != "generalist":
                for d in deep:
                    skills[d] = s.depth
            team.append((spec, tuple(dict.fromkeys(deep)), skills))
    return team


class Professional(mesa.Agent):
    """A member of the team. Carries up to `limit` open cases (intakes and treatments) at a
    time; keeps account of the hours spent on each kind of work."""

    def __init__(
        self,
        model: WijkteamModel,
        pid: int,
        specialty: str,
        deep: tuple[str, ...],
        skills: dict[str, float],
        limit: int,
    ):
        super().__init__(model)
        self.pid = pid
        self.specialty = specialty
        self.deep = deep  # the domains the professional is a specialist of
        self.skills = skills  # change them through `learn`, which keeps `profile` right
        # colleagues with the same number have the same skills (numbered by the model when
        # the team is made); after learning, a professional's skills are their own
        self.profile = pid
        self.limit = limit
        self.cases: dict[int, Case] = {}  # open cases by request id (ordered, deterministic)
        self.n_intake = 0
        self.groups: list[dict[int, Professional]] = []  # "has room" registers it belongs to
        self.consult_left = 0.0  # coordination hours left this week
        self.blocked = 0  # slots taken by coordination time being spent (charge = spent)
        self.owed: list[float] = []  # coordination days waiting for a free slot, oldest first
        # accounts, reset at the end of the warm-up
        self._t_last = 0.0
        self.area_intake = 0.0  # slot-days of intake
        self.area_treat = 0.0  # slot-days of treatment
        self.hours_coordination = 0.0

    @property
    def room(self) -> int:
        return self.limit - len(self.cases) - self.blocked

    def flush(self, now: float) -> None:
        """Add the slot-time since the last change to the accounts."""
        dt = now - self._t_last
        if dt:
            n = len(self.cases)
            self.area_intake += self.n_intake * dt
            self.area_treat += (n - self.n_intake) * dt
            self._t_last = now

    def take(self, case: Case, now: float, intake: bool) -> None:
        """Open a slot for `case`; leaves the 'has room' registers when full."""
        self.flush(now)
        self.cases[case.rid] = case
        if intake:
            self.n_intake += 1
        if self.room <= 0:
            for group in self.groups:
                group.pop(self.pid, None)

    def end_intake(self, now: float) -> None:
        """An intake slot turns into a treatment slot (or is released just after)."""
        self.flush(now)
        self.n_intake -= 1

    def release(self, case: Case, now: float) -> None:
        """Close the slot of `case`; joins the 'has room' registers when it was full."""
        self.flush(now)
        was_full = self.room <= 0
        del self.cases[case.rid]
        if was_full and self.room > 0:
            for group in self.groups:
                group[self.pid] = self

    def block(self) -> None:
        """Coordination time being spent takes one caseload slot's worth of direct time
        for a while (`coordination_charge = spent`): no new case while it lasts if full."""
        self.blocked += 1
        if self.room <= 0:
            for group in self.groups:
                group.pop(self.pid, None)

    def unblock(self) -> None:
        """The coordination time has been spent: its slot is free again."""
        was_full = self.room <= 0
        self.blocked -= 1
        if was_full and self.room > 0:
            for group in self.groups:
                group[self.pid] = self

    def reset_accounts(self, now: float) -> None:
        """Start counting afresh (end of the warm-up)."""
        self.flush(now)
        self.area_intake = self.area_treat = self.hours_coordination = 0.0

    def coordinate(self, hours: float, counted: bool) -> None:
        """A consultation: `hours` come out of this week's coordination budget, and into the
        accounts when `counted` (in the measured window)."""
        self.consult_left -= hours
        if counted:
            self.hours_coordination += hours

    def learn(self, domain: str, rate: float, cap: float) -> None:
        """Working a case with a colleague moves the skill a step towards the cap."""
        k = self.skills[domain]
        if k < cap:
            self.skills[domain] = k + rate * (cap - k)
            self.profile = -1 - self.pid  # no colleague's number: skills of their own now
