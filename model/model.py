"""The wijkteam model: households bring requests, professionals take them in, find out what
is behind the question, treat, consult and hand off, as the levers of the scenario say.

The flow of one request (a `Case`):

    arrival -> [entry queue] -> intake -> route -> [treatment queue] -> treat need by need
            -> closed / resolved;  or dropped out while waiting;  or escalated at any time

Every step is an event on the model's own event queue (`events.py`), which sets Mesa's clock.
What differs between ways of working (who may treat, who holds a case, whether to consult, the
order of the plan) is asked of the strategy objects in `ways_of_working.py`, chosen once.
"""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Callable
from heapq import heappop
from typing import Any

from mesa.experimental.mesa_signals import ObservableSignals

from . import treatment as tr
from .calendar import DAYS_PER_WEEK
from .cases import (
    CLOSED,
    DROPPED,
    ESCALATED,
    INTAKE,
    RESOLVED,
    TREATMENT,
    WAITING,
    Case,
)
from .events import Event, EventQueue, collector_paused
from .householdlog import Escalation, HouseholdLog
from .households import Household, HouseholdSpec, NeedSampler
from .professionals import Professional, team_skills
from .registration import QuietRegistration
from .requestlog import RequestLog
from .routing import Queue
from .scenario import Scenario
from .streams import stream
from .ways_of_working import WaysOfWorking

try:  # Mesa's own scenario type, used here only as a read-only mirror of the parameters
    from mesa.experimental.scenarios import Scenario as MesaScenario
except ImportError:  # pragma: no cover - Mesa moves experimental modules between releases
    MesaScenario = None
from .workload import Workload


class WijkteamModel(QuietRegistration):
    """A neighbourhood team and the households that ask it for help.

    >>> m = WijkteamModel(preset("integral"), seed=1)
    >>> m.run()                      # warm-up + horizon
    >>> m.summary()["wait_first_contact_mean"]
    >>> WijkteamModel(arrivals_per_day=3.7, seed=1)   # flat parameter names, as in `--set`

    Mesa's conventions: time is counted in working days; `step()` advances one day and
    `steps` counts the whole days simulated; `running` turns False at the end of the warm-up
    and horizon, so `run_model()` and `mesa.batch_run` stop there; `datacollector` holds the
    time series (`workload.SERIES_COLUMNS`). The parameters are `params` (a wijkteam
    `Scenario`, typed and validated); `scenario` is Mesa's `Scenario` carrying the same
    values by flat name (`model.scenario.arrivals_per_day`), read-only, for Mesa's tools.
    """

    def __init__(
        self,
        scenario: Scenario | None = None,
        seed: int | None = 0,
        *,
        ways: dict[str, Any] | None = None,
        **params: Any,
    ) -> None:
        """`scenario` (default: the default scenario) changed by `params` (flat names, e.g.
        `arrivals_per_day=3.7` or `**{"staff.youth": 3}`). `seed=None` (as `mesa.batch_run`
        passes it) draws a fresh seed, kept in `seed`. `ways` replaces some of the scenario's
        ways of working by strategy objects (`ways_of_working.WaysOfWorking.of`), e.g. a
        routing rule being tried out before it becomes a lever value."""
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        super().__init__(rng=seed)
        # A pure event model: no tick every time unit (measured: benchmarks/bench_mmc.py).
        self._default_schedule.stop()
        s = scenario if scenario is not None else Scenario()
        s = self.params = s.with_updates(params) if params else s
        if MesaScenario is not None:
            self.scenario = MesaScenario(rng=seed, **s.to_flat())
        self.seed = seed
        self.now = 0.0  # the model's reading of Mesa's clock (`self.time`), kept in step
        self.events = EventQueue()
        self.end_time = s.warmup_days + s.horizon_days
        self.window_start = s.warmup_days
        self.cases = RequestLog(s.domain_ids)  # every request: open ones whole, ended ones as rows
        self.household_log = HouseholdLog()  # households that left, as rows (times to events)
        self.households_made = 0
        self.escalations: list[Escalation] = []
        self.follow_index = -1
        self._arrival_rng = stream(seed, "arrivals")
        self._sampler = NeedSampler(s, stream(seed, "households"))
        self._lam = s.arrivals_per_day
        self.ways = WaysOfWorking.of(s, **(ways or {}))
        self.intake_days = s.intake_hours * DAYS_PER_WEEK / s.case_hours_per_week
        self._focus = self.ways.intake.focus(s)
        self._build_team()
        self._build_queues()
        self.workload = Workload(self)
        self.datacollector = self.workload.datacollector
        self.schedule(self._on_arrival, after=self._arrival_rng.expovariate(self._lam))
        self.schedule(self._on_window_start, at=s.warmup_days)
        self.schedule(self._on_week, after=DAYS_PER_WEEK)

    # ------------------------------------------------------------------ set-up
    def _build_team(self) -> None:
        """The professionals, their caseload limit and weekly coordination budget, and what
        routing reads of the whole team (its best skill per domain, whether all are alike)."""
        s = self.params
        limit = s.caseload_limit()
        self.team: list[Professional] = [
            Professional(self, pid, spec, deep, skills, limit)
            for pid, (spec, deep, skills) in enumerate(team_skills(s))
        ]
        # the same skills, the same number: the best fit weighs one of each (routing.best_fit)
        profiles: dict[tuple[tuple[str, float], ...], int] = {}
        for p in self.team:
            p.profile = profiles.setdefault(tuple(p.skills.items()), len(profiles))
        ids = s.domain_ids
        self.team_max = {d: max(p.skills[d] for p in self.team) for d in ids}
        self.treat_bar = {d: min(s.self_treat_skill, k) for d, k in self.team_max.items()}
        # anyone fits as well as anyone else, and stays so (learning would set them apart)
        self.homogeneous = s.learning_rate == 0 and all(
            p.skills == self.team[0].skills for p in self.team
        )
        self._learns_on_handoff = s.learning_rate > 0 and s.case_lead
        self.coordination_budget = s.coordination_budget_hours()  # hours a week, renewed weekly
        for p in self.team:
            p.consult_left = self.coordination_budget

    def _build_queues(self) -> None:
        """Queues and the 'has room' registers of the professionals who serve them."""
        s = self.params
        ids = s.domain_ids
        # professionals with room, in the order they got it: the whole team, and per desk
        self.room_all: dict[int, Professional] = {}
        self.room_desk: dict[str, dict[int, Professional]] = {d: {} for d in ids}
        # and per domain, those who may treat it alone (the routing's `may_treat`): the
        # search for a holder looks at these instead of sifting the whole team every time
        self.room_treat: dict[str, dict[int, Professional]] = {d: {} for d in ids}
        may_treat = self.ways.routing.may_treat
        for p in self.team:
            groups = [self.room_all] + [self.room_desk[d] for d in p.deep]
            groups += [self.room_treat[d] for d in ids if may_treat(self, p, d)]
            p.groups = groups
            for g in groups:
                g[p.pid] = p
        self.entry = self.ways.front_door.entry_queues(ids)
        self.waiting = self.ways.routing.waiting_queues(ids)
        self.queues: list[Queue] = list(
            {id(q): q for q in [*self.entry.values(), *self.waiting.values()]}.values()
        )
        # the queues each professional serves, treatment first (continuing work)
        for p in self.team:
            served = self.ways.routing.queues_served(self, p)
            served += self.ways.front_door.queues_served(self, p)
            p.served = list({id(q): q for q in served}.values())

    # ------------------------------------------------------------------ running
    def schedule(
        self,
        fn: Callable[[Any], None],
        arg: Any = None,
        *,
        after: float | None = None,
        at: float | None = None,
    ) -> Event:
        """Run `fn(arg)` `after` days from now, or `at` a time: Mesa's `schedule_event(fn,
        after=...)`, on the model's own event queue (`events.py`). Mesa's event list costs
        several times more per event (benchmarks/bench_mmc.py, engine `mesa`), and a
        request takes a handful of events. Returns the event, which `events.cancel` takes."""
        if at is None:
            if after is None:
                raise ValueError("schedule: give one of 'after' or 'at'")
            at = self.now + after
        elif after is not None:
            raise ValueError("schedule: give one of 'after' or 'at', not both")
        return self.events.schedule(at, fn, arg)

    def _advance_time(self, until: float) -> None:
        """Process the model's events up to `until` (Mesa's run_until, run_for and step all
        come here), setting Mesa's clock before each, then Mesa's `steps` (whole days) and
        `running` (False from the end of the horizon on).

        While events run, the garbage collector is paused (see `collector_paused`) and
        Mesa's signals (agent added, time changed) are suppressed if nobody subscribes to
        them: emitting them cost ~15% of run time."""
        heap = self.events._heap
        quiet = self.suppress() if not self.subscribers else contextlib.nullcontext()
        # Mesa's clock is an Observable: every assignment checks for subscribers (~1 µs an
        # event). Nobody watches the clock: write its value as Mesa itself would. The loop is
        # written twice so that this choice is made once per call, not once per event.
        watched = self._has_subscribers("time", ObservableSignals.CHANGED)
        with quiet, collector_paused():
            if watched:
                while heap and heap[0][0] <= until:
                    event = heappop(heap)
                    callback = event[2]
                    if callback is not None:
                        self.now = self.time = event[0]
                        callback(event[3])
            else:
                while heap and heap[0][0] <= until:
                    event = heappop(heap)
                    callback = event[2]
                    if callback is not None:
                        self.now = self._time = event[0]
                        callback(event[3])
        self.now = self.time = until
        self.steps = math.floor(until + 1e-9)
        self.running = until < self.end_time

    def run(self) -> None:
        """Run through the warm-up and the horizon."""
        self.run_until(self.end_time)

    # ------------------------------------------------------------------ arrivals
    def _on_arrival(self, _: Any) -> None:
        """A new household asks its first question (Poisson arrivals); the next arrival is
        scheduled from the arrivals' own stream, so it does not depend on what the team does
        (common random numbers between ways of working)."""
        spec = self._sampler.draw()
        self.households_made += 1
        household = Household(self, self.households_made, spec)
        self._first_request(household, spec)
        self.schedule(self._on_arrival, after=self._arrival_rng.expovariate(self._lam))

    def add_household(
        self, spec: HouseholdSpec, at: float, name: str, walk_in: str | None = None
    ) -> None:
        """Bring in a household written by hand at time `at` and follow its journey (the
        seed's mother in `wijkteam story`). It draws from a stream of its own, so the other
        households are the same as without it. With `walk_in` (a specialty) she comes to a
        walk-in hour held by a professional of that specialty, who does her intake if they
        have room (at a single front door; otherwise she queues as anyone would)."""
        self.schedule(self._on_scripted_arrival, (spec, name, walk_in), at=at)

    def _on_scripted_arrival(self, arg: tuple[HouseholdSpec, str, str | None]) -> None:
        """The household of `add_household` arrives; it is always followed (its journey told)."""
        spec, name, walk_in = arg
        household = Household(self, 0, spec, name=name)
        household.followed = True
        household.walk_in = walk_in
        self._first_request(household, spec)

    def follow(self, index: int) -> None:
        """Record the journey of the `index`-th household to arrive (1 = the first)."""
        self.follow_index = index

    def _first_request(self, household: Household, spec: HouseholdSpec) -> None:
        """A household's first request: the day its untreated root would pass the escalation
        threshold is set, and the request opens on the need it presents."""
        if household.index == self.follow_index:
            household.followed = True
        self._schedule_escalation(household)
        self._open_case(household, "new", spec.presenting)

    def _open_case(
        self, household: Household, kind: str, presenting: str, root: str | None = None
    ) -> Case:
        """Open a request of `kind` (new, follow_up, repeat, return) about `presenting` and
        send it to intake, or straight to routing when the scenario has no intake. `root` is
        the request's own root where it differs from the household's (a follow-up question
        about a new matter)."""
        now = self.now
        household.requests += 1
        needs = (
            len(household.severity)
            if kind == "new"
            else len(household.active_needs(now, self.params.resolved_threshold))
        )
        case = Case(len(self.cases), household, kind, now, presenting, needs or 1, root)
        self.cases.open(case)
        household.case = case
        if household.followed:
            case.journey = []
            self._trace(
                case,
                "arrive",
                presenting=presenting,
                root=household.root,
                needs=sorted(household.severity, key=lambda d: -household.severity[d]),
                request=kind,
            )
        if self.intake_days > 0:
            self._wait_for_intake(case, presenting)
        else:
            case.plan = [presenting]
            self._route(case, None)
        return case

    # ------------------------------------------------------------------ intake
    def _wait_for_intake(self, case: Case, domain: str) -> None:
        """Intake at once by whoever has room at the door for `domain`, else wait in line."""
        queue = self.entry[domain]
        group = self.ways.front_door.intake_room(self, domain)
        host = self._walk_in_host(case)
        if host is not None:
            self._start_intake(host, case)
        elif group and queue.n == 0:
            self._start_intake(next(iter(group.values())), case)
        else:
            self._enqueue(case, queue)

    def _walk_in_host(self, case: Case) -> Professional | None:
        """The professional holding the walk-in hour a scripted household came to, if she
        came to one at a single front door with her first request and they have room."""
        walk_in = case.household.walk_in
        if walk_in is None or case.kind != "new" or not self.ways.front_door.holds_walk_in():
            return None
        return next(
            (p for p in self.room_all.values() if p.specialty == walk_in),
            None,
        )

    def _start_intake(self, p: Professional, case: Case) -> None:
        """`p` does the intake of `case`: it takes one of their caseload slots for
        `intake_days`, and `p` has the case (its first contact, unless it was referred)."""
        now = self.now
        case.stage = INTAKE
        p.take(case, now, intake=True)
        self._assign(case, p)
        self._trace(case, "intake", prof=p.pid)
        case.event = self.schedule(self._on_intake_end, case, after=self.intake_days)

    def _on_intake_end(self, case: Case) -> None:
        """The intake is done: what it found (with the intake worker's skills, the intake
        hours and the intake's focus) joins the plan, and the case is routed from the intake
        worker, who may keep it. A plan left empty (every need below the threshold) closes
        the request."""
        now, s = self.now, self.params
        p = case.holder
        assert p is not None  # an intake always has its professional
        p.end_intake(now)
        case.stage = TREATMENT  # intake done: from here on the case is in the care phase
        found = self._detect(
            case, {d: p.skills[d] for d in case.household.severity}, s.intake_hours * self._focus
        )
        self._trace(case, "intake_done", prof=p.pid, found=found)
        # a referred case keeps its plan (the need it was referred for first)
        case.plan = self._plan(case, [*case.plan, case.presenting, *found])
        if not case.plan:
            self._close(case)
            return
        self._route(case, p)

    # ------------------------------------------------------------------ routing
    def _route(self, case: Case, current: Professional | None) -> None:
        """Find a holder for the case's next need, or queue it. `current` is the
        professional who has it now (after intake or on referral), if any."""
        domain = case.plan[0]
        keeps = current is not None and case.rid in current.cases  # holds the case's slot
        holder = self.ways.routing.holder_for(self, case, current if keeps else None)
        if keeps and current is not None and current is not holder:
            current.release(case, self.now)
            self._pull(current)
        if holder is None:
            self._enqueue(case, self.waiting[domain])
        else:
            self._hold(holder, case)

    def _hold(self, p: Professional, case: Case) -> None:
        """`p` becomes the holder of `case` and starts on its plan."""
        if case.rid not in p.cases:
            p.take(case, self.now, intake=False)
        if case.first_holder is None:
            case.first_holder = p
            case.misrouted = case.root not in p.deep and case.root not in case.known
        previous = case.last_prof
        self._assign(case, p)
        if self._learns_on_handoff and previous is not None and previous is not p:
            # a warm hand-off: under one case lead the colleague who hands the household
            # on explains it and sees the next need taken up (ODD, Learning)
            self._learn(previous, case.plan[0])
        self._next_need(case)

    def _assign(self, case: Case, p: Professional) -> None:
        """`p` has the case now: the first contact, or a hand-off from a colleague."""
        if case.first_contact is None:
            case.first_contact = self.now
        if case.last_prof is not None and case.last_prof is not p:
            case.handoffs += 1
            self._trace(case, "handoff", frm=case.last_prof.pid, to=p.pid)
        case.holder = p
        case.last_prof = p

    def _enqueue(self, case: Case, queue: Queue) -> None:
        """`case` waits in `queue`; a household with finite patience may give up waiting
        (`_on_dropout`), which is cancelled when somebody takes the case."""
        case.stage = WAITING
        case.holder = None
        queue.push(case, self.now)
        self._trace(case, "queue", queue=queue.name)
        patience = case.household.patience
        if patience < math.inf:
            case.dropout = self.schedule(self._on_dropout, case, after=patience)

    def _pull(self, p: Professional) -> None:
        """`p` has room: coordination time it owes takes the room first, then the
        longest-waiting case from the queues it serves."""
        while p.owed and p.room > 0:
            self._block(p, p.owed.pop(0))
        accepts = self.ways.routing.accepts(self, p)
        while p.room > 0:
            best, best_queue = None, None
            for queue in p.served:
                if queue.n == 0:
                    continue
                case = queue.first(accepts if queue.kind == "treatment" else None)
                if case is not None and (best is None or case.queued_at < best.queued_at):
                    best, best_queue = case, queue
            if best is None or best_queue is None:
                return
            best_queue.remove(best)
            self.events.cancel(best.dropout)
            best.dropout = None
            if best_queue.kind == "entry":
                self._start_intake(p, best)
            else:
                self._hold(p, best)

    # ------------------------------------------------------------------ treatment
    def _next_need(self, case: Case) -> None:
        """The holder takes the next need of the plan: treats it, consults first, or hands
        the case on (referral)."""
        s, now = self.params, self.now
        p = case.holder
        assert p is not None  # the holder decides what happens next
        household = case.household
        while case.plan:
            domain = case.plan[0]
            if household.root_treated and household.severity_of(domain, now) < s.resolved_threshold:
                case.plan.pop(0)  # eased by the root's treatment
                self._trace(case, "eased", domain=domain)
                continue
            alone = self.ways.routing.may_treat(self, p, domain)
            if self.ways.other_needs.seek_help(self, case, p, domain, alone):
                return
            if alone:
                self._start_treatment(case, domain, p.skills[domain], consulted=False)
                return
            self._refer(case, p, domain)
            return
        self._close(case)

    def consult(self, case: Case, p: Professional, colleague: Professional, domain: str) -> None:
        """`p` treats `domain` with the help of `colleague`; both spend the hours."""
        s = self.params
        for q in (p, colleague):
            q.coordinate(s.consult_hours, counted=self.now >= self.window_start)
            self.ways.coordination.charge(self, q, s.consult_hours)
        skill = tr.consulted_skill(p.skills[domain], colleague.skills[domain], s.consult_transfer)
        self._trace(case, "consult", prof=p.pid, colleague=colleague.pid, domain=domain)
        if s.learning_rate > 0:
            self._learn(p, domain)
        self._start_treatment(case, domain, skill, consulted=True)

    def _learn(self, p: Professional, domain: str) -> None:
        """Joint work on a need in `domain` (a consultation, or a hand-off under a case lead)
        moves `p`'s skill in it a step towards the cap: "she grew broader over the years".
        The team's best and the bar for treating alone follow, and who may treat the domain
        alone is asked again. Nobody learns before `learning_start_days`."""
        s = self.params
        if self.now < s.learning_start_days:
            return
        p.learn(domain, s.learning_rate, s.learning_cap)
        self.team_max[domain] = max(self.team_max[domain], p.skills[domain])
        self.treat_bar[domain] = min(s.self_treat_skill, self.team_max[domain])
        self._refresh_room_treat(domain)

    def _refresh_room_treat(self, domain: str) -> None:
        """Skills or the team's best in `domain` changed (learning): who may treat it alone
        is asked again. The register keeps the order of `room_all` (who has had room
        longest first), as if everyone in it had always belonged there."""
        may_treat = self.ways.routing.may_treat
        register = self.room_treat[domain]
        register.clear()
        register.update((pid, q) for pid, q in self.room_all.items() if may_treat(self, q, domain))
        for q in self.team:
            groups = [g for g in q.groups if g is not register]
            if may_treat(self, q, domain):
                groups.append(register)
            q.groups = groups

    def spend_coordination(self, q: Professional, hours: float) -> None:
        """Coordination hours come out of direct time when spent: one caseload slot is held
        for as long as those hours would have served a case. A professional with no free slot
        owes them, and the next slot that frees goes to them before a new case: a block laid
        over a full caseload would displace nothing until a case ended, and part of the hours
        would be free (~15% of the integral preset's, before this rule)."""
        days = hours * DAYS_PER_WEEK / self.params.case_hours_per_week
        if q.room > 0:
            self._block(q, days)
        else:
            q.owed.append(days)

    def _block(self, q: Professional, days: float) -> None:
        """One of `q`'s slots is held for `days` of coordination (`spend_coordination`)."""
        q.block()
        self.schedule(self._on_coordination_spent, q, after=days)

    def _on_coordination_spent(self, q: Professional) -> None:
        """The coordination block is over: the slot is free for owed time or a case."""
        q.unblock()
        self._pull(q)

    def _refer(self, case: Case, p: Professional, domain: str) -> None:
        """Hand the case on for `domain`: to that desk's intake (desk front door) or to
        whoever may treat it."""
        self._trace(case, "refer", prof=p.pid, domain=domain)
        if self.ways.front_door.refers_to_intake(self):
            p.release(case, self.now)
            case.plan = [domain, *[d for d in case.plan if d != domain]]
            self._pull(p)
            self._wait_for_intake(case, domain)
            return
        self._route(case, p)

    def _start_treatment(self, case: Case, domain: str, skill: float, consulted: bool) -> None:
        """The holder starts treating `domain` with `skill` (their own, or raised by a
        consultation). Treating the household's root is its right help: the root stops
        growing and its escalation is called off. How long it takes depends on the need's
        severity now, the household's work in the domain and the skill (`treatment.py`)."""
        s, now = self.params, self.now
        household = case.household
        if case.support_start is None:
            case.support_start = now  # Utrecht's "start of support" (validation)
        if domain == case.root and case.right_help is None:
            case.right_help = now
        if domain == household.root:
            if household.helped_at is None:
                household.helped_at = now
            household.start_root_care(now)
            self.events.cancel(household.escalation)
            household.escalation = None
        case.stage = TREATMENT
        case.current = domain
        case.skill = skill
        case.consulted = consulted
        days = tr.treatment_days(
            s.service_mean_days,
            household.severity_of(domain, now),
            s.severity_mean,
            household.work.get(domain, 1.0),
            skill,
            s.min_speed,
        )
        if case.journey is not None:
            self._trace(
                case,
                "treat",
                prof=case.holder.pid if case.holder is not None else None,
                domain=domain,
                skill=skill,
                days=days,
                root=domain == household.root,
            )
        case.event = self.schedule(self._on_treatment_end, case, after=days)

    def _on_treatment_end(self, case: Case) -> None:
        """A need is treated: the household's severities change (spill-over from the root),
        the holder looks for needs not yet known (`review_hours`), and goes on with the plan."""
        s, now = self.params, self.now
        household = case.household
        domain = case.current
        assert domain is not None  # a treatment was under way
        household.treat(domain, now, s.spillover)
        case.treated.append((domain, case.skill))
        case.plan.pop(0)
        case.current = None
        if case.journey is not None:
            self._trace(case, "treated", domain=domain)
        p = case.holder
        assert p is not None  # who treated it looks further
        hidden = (
            {d: p.skills[d] for d in household.severity if d not in case.known}
            if len(household.severity) > len(case.known)
            else None
        )
        if hidden:
            found = self._detect(case, hidden, s.review_hours * self._focus)
            if found:
                self._trace(case, "found", domains=found)
                case.plan = self._plan(case, [*case.plan, *found])
        self._next_need(case)

    # ------------------------------------------------------------------ finding needs
    def _detect(self, case: Case, skills: dict[str, float], hours: float) -> list[str]:
        """Try to find each hidden need with the given skills; returns those found."""
        s, now = self.params, self.now
        household = case.household
        found = []
        for d, k in skills.items():
            if d in case.known or household.severity_of(d, now) < s.resolved_threshold:
                continue
            if household.notices(s.detection_rate, k, hours):
                case.known.add(d)
                found.append(d)
        return found

    def _plan(self, case: Case, domains: list[str]) -> list[str]:
        """The order of treatment. A case lead makes one plan, most severe (the root,
        usually) first; without one, needs are taken in the order they came up."""
        now = self.now
        household = case.household
        todo = [
            d
            for d in dict.fromkeys(domains)
            if household.severity_of(d, now) >= self.params.resolved_threshold
        ]
        return self.ways.planning.order(todo, household, now)

    # ------------------------------------------------------------------ endings
    def _close(self, case: Case) -> None:
        """All known needs are treated: the request ends; treated consequences may come back
        while the root persists (the revolving door); otherwise the household may come back
        later with a new question (`follow_up_prob`), or leaves."""
        s = self.params
        household = case.household
        self._end(case, RESOLVED if household.root_treated else CLOSED)
        flare = household.relapsing(case.treated, s.relapse_prob, s.low_skill_relapse)
        if flare:
            delay = household.own_random.expovariate(1 / s.relapse_days_mean)
            household.pending = self.schedule(self._on_relapse, (household, flare), after=delay)
            self._trace(
                case, "relapse_later", domains=flare, root_persists=not household.root_treated
            )
        elif household.comes_back(s.follow_up_prob):
            delay = household.own_random.expovariate(1 / s.follow_up_days_mean)
            household.pending = self.schedule(self._on_follow_up, household, after=delay)
        else:
            self._maybe_leave(household)

    def _on_follow_up(self, household: Household) -> None:
        """A household known to the team comes back with a new question (a life event)."""
        household.pending = None
        domain = household.new_question(self._sampler, self.now)
        # a new matter is this request's root, unless the household's own root is still open
        root = domain if household.root_treated else None
        self._open_case(household, "follow_up", domain, root)

    def _on_relapse(self, arg: tuple[Household, list[str]]) -> None:
        """Treated consequences flare up again (the root persists, or the treatment was
        weak): the household comes back with a repeat request (the revolving door), and an
        untreated root grows towards escalation again."""
        household, flare = arg
        household.pending = None
        household.flare(flare, self.now)
        if household.escalation is None and not household.root_treated:
            self._schedule_escalation(household)
        self._repeat(household, "repeat")

    def _on_dropout(self, case: Case) -> None:
        """The household gave up waiting (its patience ran out, `_enqueue`): the request
        ends as dropped; the household may come back later (`return_prob`) or is lost."""
        s = self.params
        if case.queue is not None:
            case.queue.discard(case)
        case.dropout = None
        household = case.household
        self._end(case, DROPPED)
        if household.comes_back(s.return_prob):
            delay = household.own_random.expovariate(1 / s.return_days_mean)
            household.pending = self.schedule(self._on_return, household, after=delay)
        else:
            household.lose(self.now, DROPPED)  # gave up for good
            self._maybe_leave(household)

    def _on_return(self, household: Household) -> None:
        """A household that gave up waiting asks again."""
        household.pending = None
        self._repeat(household, "return")

    def _repeat(self, household: Household, kind: str) -> None:
        """A household known to the team asks again."""
        presenting = household.asks_about(self._sampler, self.now, self.params.resolved_threshold)
        if presenting is None:
            self._maybe_leave(household)
            return
        self._open_case(household, kind, presenting)

    def _schedule_escalation(self, household: Household) -> None:
        """When the untreated root will pass the escalation threshold, if it ever does;
        treating the root cancels it (`_start_treatment`)."""
        days = household.days_to_escalation(self.now, self.params.escalation_threshold)
        if days < math.inf:
            household.escalation = self.schedule(self._on_escalation, household, after=days)

    def _on_escalation(self, household: Household) -> None:
        """The untreated root passed the threshold: second-line care (or Veilig Thuis) takes
        over and the household leaves the team's care."""
        household.escalation = None
        case = household.case
        in_care = case is not None and case.outcome is None
        self.escalations.append(Escalation(self.now, household.unique_id, household.name, in_care))
        household.lose(self.now, ESCALATED)
        if case is not None and in_care:
            self.events.cancel(case.event)
            self.events.cancel(case.dropout)
            if case.queue is not None:
                case.queue.discard(case)
            self._end(case, ESCALATED)
        self.events.cancel(household.pending)
        household.pending = None
        household.remove()

    def _end(self, case: Case, outcome: str) -> None:
        """The request ends with `outcome`: its record is closed and its holder's slot goes
        to the next case (`_pull`)."""
        in_intake = case.stage == INTAKE
        case.outcome = outcome
        case.end = self.now
        case.event = None  # the record no longer holds its last event (less for the collector)
        case.stage = outcome
        if case.journey is not None:
            self._trace(case, "end", outcome=outcome)
        p = case.holder
        case.holder = None
        self.cases.close(case)
        if p is not None and case.rid in p.cases:
            if in_intake:
                p.end_intake(self.now)
            p.release(case, self.now)
            self._pull(p)

    def _maybe_leave(self, household: Household) -> None:
        """A household with nothing pending leaves the model (it can no longer come back)."""
        if household.pending is None and household.escalation is None:
            household.lose(self.now, "left")  # nothing pending: it will not come back
            household.gone_at = self.now
            household.remove()

    # ------------------------------------------------------------------ bookkeeping
    def _on_window_start(self, _: Any) -> None:
        """The warm-up is over: the hours and the time series count from here."""
        self.workload.start_window(self.now)

    def _on_week(self, _: Any) -> None:
        """Weekly: coordination hours renew; the team meeting looks at stuck cases."""
        s = self.params
        for p in self.team:
            p.consult_left = self.coordination_budget  # the week's coordination budget renews
        if s.team_meeting:
            self._team_meeting()
        self.schedule(self._on_week, after=DAYS_PER_WEEK)

    def _team_meeting(self) -> None:
        """The cases in care longest (at least `stuck_days` since the request) get a second
        look with the team's combined skill; everyone spends the meeting hours on
        coordination. They are chosen on what the team can see, how long a case has been
        open, not on whether its root has been found: the team cannot know that, and
        choosing by it spent every review on a case where one could find something."""
        s, now = self.params, self.now
        if now >= self.window_start:
            for p in self.team:
                p.hours_coordination += s.meeting_hours
        stuck_days = s.stuck_days
        stuck: list[Case] = []
        # the open requests are kept oldest first (by arrival, then number): the first few in
        # treatment that are old enough are the meeting's; no need to look at the rest (a
        # sort of all ~800 open cases a week was a tenth of a default run)
        for case in self.cases.live.values() if s.meeting_cases > 0 else ():
            if now - case.arrival < stuck_days:
                break
            if case.stage == TREATMENT:
                stuck.append(case)
                if len(stuck) == s.meeting_cases:
                    break
        for case in stuck:
            found = self._detect(case, dict(self.team_max), s.review_hours)
            if found:
                self._trace(case, "meeting", found=found)
                case.plan = (
                    [case.plan[0], *self._plan(case, [*case.plan[1:], *found])]
                    if (case.plan)
                    else self._plan(case, found)
                )

    def _trace(self, case: Case, kind: str, **data: Any) -> None:
        """Note a step of a followed household's journey (`story.py` tells it)."""
        if case.journey is not None:
            case.journey.append((self.now, kind, data))

    # ------------------------------------------------------------------ looking inside
    def census(self) -> dict[str, int]:
        """Every request accounted for: waiting + intake + treatment + the four outcomes
        = arrived (docs/ODD.md)."""
        return self.cases.census()

    def requests_frame(self):
        """One row per request (pandas DataFrame); see `records.py`."""
        from .records import requests_frame

        return requests_frame(self)

    def professionals_frame(self):
        """One row per professional with caseload and hours (pandas DataFrame)."""
        from .records import professionals_frame

        return professionals_frame(self)

    def timeseries_frame(self):
        """The time series of waiting lists and caseloads (pandas DataFrame)."""
        from .records import timeseries_frame

        return timeseries_frame(self)

    def summary(self) -> dict[str, float]:
        """The outcome measures of docs/ODD.md over the measured period."""
        from .summary import summarize

        return summarize(self)
