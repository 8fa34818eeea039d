"""Households: the residents who ask the team for help.

A household exists from its first request on. It has a severity in [0, 1] for each domain in
which it has a need; one need is the *root* (the cause), the others are *consequences* that ease
when the root is treated and flare up when it is not (docs/ODD.md). The question it asks (the
*presenting* domain) is the root only with probability `p_present_root`; otherwise it is a
consequence, chosen by how visible each domain is.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import mesa

from .calendar import DAYS_PER_YEAR
from .domains import cooccurrence_weight
from .streams import stream
from .treatment import detection_chance, relapse_chance

#: a consequence's severity is the root's times `consequence_ratio` times a factor drawn
#: uniformly from this range: consequences of one root differ somewhat. Assumption.
CONSEQUENCE_SPREAD = (0.75, 1.25)

if TYPE_CHECKING:
    from .cases import Case
    from .events import Event
    from .model import WijkteamModel
    from .scenario import Scenario


@dataclass
class HouseholdSpec:
    """What a new household brings: drawn from the household stream, or written by hand
    (the seed's mother in `wijkteam story`)."""

    root: str
    severity: dict[str, float]
    presenting: str
    patience: float = math.inf
    work: dict[str, float] = field(default_factory=dict)


class NeedSampler:
    """Draws new households for a scenario from one random stream.

    The tables (cumulative weights) are computed once per scenario. Every household takes a
    number of draws that depends only on the household itself, never on the way of working,
    so islands and integral see identical households (common random numbers)."""

    def __init__(self, scenario: Scenario, rng: random.Random):
        s = scenario
        self.s = s
        self.rng = rng
        self.ids = list(s.domain_ids)
        weights = [max(0.0, s.root_weight.get(d, 0.0)) for d in self.ids]
        self.root_cum = _cumulative(weights)
        self.co_weights = {
            r: [
                0.0 if d == r else cooccurrence_weight(r, d, s.cooccurrence_strength)
                for d in self.ids
            ]
            for r in self.ids
        }
        self.visibility = {d: s.visibility.get(d, 0.5) for d in self.ids}
        m, sd = s.severity_mean, s.severity_sd
        var = sd * sd
        self.beta = None
        if sd > 0 and var < m * (1 - m):
            common = m * (1 - m) / var - 1
            self.beta = (m * common, (1 - m) * common)
        cv = s.effort_cv
        self.gamma = None if cv in (0.0, 1.0) else (1 / (cv * cv), cv * cv)

    def draw(self) -> HouseholdSpec:
        """One household: root, consequences, severities, presenting question, patience and
        the work content of each need (mean 1)."""
        rng, s = self.rng, self.s
        root, root_sev = self.root_need(rng)
        severity = {root: root_sev}
        if len(self.ids) > 1 and s.multi_problem_share > 0 and rng.random() < s.multi_problem_share:
            extra = min(len(self.ids) - 1, 1 + _poisson(rng, s.extra_needs_mean - 1))
            weights = list(self.co_weights[root])
            for _ in range(extra):
                i = _pick(rng, _cumulative(weights))
                weights[i] = 0.0
                ratio = s.consequence_ratio * rng.uniform(*CONSEQUENCE_SPREAD)
                severity[self.ids[i]] = min(1.0, severity[root] * ratio)
        presenting = self.presenting(rng, root, severity)
        patience = self.patience(rng)
        work = {d: self.work_content(rng) for d in severity}
        return HouseholdSpec(root, severity, presenting, patience, work)

    def root_need(self, rng: random.Random) -> tuple[str, float]:
        """A root need and its severity: the domain by `root_weight`, the severity from the
        beta distribution of `severity_mean` and `severity_sd`. Also the need of a follow-up
        question, which is a new matter, not a consequence of the first."""
        root = self.ids[_pick(rng, self.root_cum)] if len(self.ids) > 1 else self.ids[0]
        sev = rng.betavariate(*self.beta) if self.beta else self.s.severity_mean
        return root, min(1.0, max(0.01, sev))

    def patience(self, rng: random.Random) -> float:
        """How many working days this household waits in a queue before giving up. Gamma with
        mean `patience_days_mean` and shape `patience_shape`; shape 1 is the exponential, drawn
        as such so that the default keeps its random stream."""
        s = self.s
        if s.patience_days_mean <= 0:
            return math.inf
        if s.patience_shape == 1.0:
            return rng.expovariate(1 / s.patience_days_mean)
        return rng.gammavariate(s.patience_shape, s.patience_days_mean / s.patience_shape)

    def presenting(self, rng: random.Random, root: str, severity: dict[str, float]) -> str:
        """The question asked: the root with probability p_present_root, else a consequence
        weighted by visibility (uniformly if none is visible at all)."""
        others = [d for d in severity if d != root and severity[d] > 0]
        if not others or rng.random() < self.s.p_present_root:
            return root
        weights = [self.visibility[d] for d in others]
        if sum(weights) <= 0:
            weights = [1.0] * len(others)
        return others[_pick(rng, _cumulative(weights))]

    def work_content(self, rng: random.Random) -> float:
        """Work content of one need relative to the mean: exponential at cv=1, gamma else."""
        if self.gamma:
            return rng.gammavariate(*self.gamma)
        return rng.expovariate(1.0) if self.s.effort_cv == 1.0 else 1.0


class Household(mesa.Agent):
    """A household in the neighbourhood that has asked the team for help at least once."""

    def __init__(self, model: WijkteamModel, index: int, spec: HouseholdSpec, name: str = ""):
        super().__init__(model)
        self.index = index
        self.name = name or f"household {index}"
        self.root = spec.root
        self.severity = dict(spec.severity)  # consequences: current; root: value at root_t0
        self.root_t0 = model.now
        self.arrived = model.now  # first request: time zero of its time to the right help
        self.helped_at: float | None = None  # first start of the root's treatment
        self.lost_at: float | None = None  # gave up, escalated or left before that help
        self.lost_how = ""
        self.gone_at: float | None = None  # left the model without escalating
        self.left = False  # has left the model (and is in the household log)
        self.root_treated = False
        self.root_in_care = False  # the root's treatment has started: it no longer grows
        self.patience = spec.patience
        self.work = spec.work
        self.treated_sev: dict[str, float] = {}  # severity a need had when it was treated
        self.case: Case | None = None
        self.requests = 0
        self.escalation: Event | None = None  # the pending escalation event
        self.pending: Event | None = None  # a pending return, relapse or follow-up question
        self.followed = False
        self.walk_in: str | None = None  # specialty of the walk-in hour she came to (story)
        self._own_random: random.Random | None = None
        self._growth = model.params.severity_growth_per_year / DAYS_PER_YEAR
        self._growing = self._growing_root()  # the root while it grows, else None

    def remove(self) -> None:
        """The household leaves the model: it lets go of its last request (which points back
        to it), so both are freed at once, without the cyclic collector; its times, final now,
        go to the household log (`householdlog.py`) for the outcome measures. Without Mesa
        data sets to leave, deregistering is all of Mesa's `Agent.remove`."""
        self.case = None
        if not self.left:
            self.left = True
            self.model.household_log.close(self)
        if self._datasets:
            super().remove()
            return
        # as in Mesa, removing twice is no error; a try costs nothing when nothing is raised
        try:  # noqa: SIM105
            self.model.deregister_agent(self)
        except KeyError:
            pass

    @property
    def own_random(self) -> random.Random:
        """The household's own stream, for draws whose number depends on what happens to it
        (detection, relapse, return); made on first use, as most households never need it.
        (Not Mesa's `Agent.rng`, the model's shared numpy generator, which it leaves alone.)"""
        if self._own_random is None:
            self._own_random = stream(self.model.seed, f"household/{self.name}")
        return self._own_random

    def notices(self, rate: float, skill: float, hours: float) -> bool:
        """Whether a conversation of `hours` with a professional of `skill` brings one of
        the household's hidden needs to light (one draw from its own stream)."""
        return self.own_random.random() < detection_chance(rate, skill, hours)

    def relapsing(
        self, treated: list[tuple[str, float]], prob: float, low_skill: float
    ) -> list[str]:
        """The treated needs (domain, skill treated with) that will come back: a
        consequence while its root persists, or a need treated with too little skill."""
        flare: list[str] = []
        for d, skill in treated if prob or low_skill else ():
            persists = not self.root_treated and d != self.root
            chance = relapse_chance(persists, prob, low_skill, skill)
            if chance > 0 and self.own_random.random() < chance:
                flare.append(d)
        return flare

    def comes_back(self, prob: float) -> bool:
        """Whether the household will ask again later, with chance `prob`: after giving up
        waiting (`return_prob`) or, after a request ends, with a new question
        (`follow_up_prob`)."""
        return prob > 0 and self.own_random.random() < prob

    def asks_about(self, sampler: NeedSampler, now: float, threshold: float) -> str | None:
        """The question of a repeat request: the root or a visible consequence among the
        needs still open (None: nothing left to ask about)."""
        needs = self.active_needs(now, threshold)
        if not needs:
            return None
        sev = {d: self.severity_of(d, now) for d in needs}
        root = self.root if self.root in sev else max(sev, key=lambda d: sev[d])
        return sampler.presenting(self.own_random, root, sev)

    def new_question(self, sampler: NeedSampler, now: float) -> str:
        """Life goes on: a household whose request ended brings a new need (drawn from its own
        stream, as a first request's root is drawn), and asks about it. Returns its domain.
        An untreated root keeps its own severity (it is already a need, and it grows)."""
        rng = self.own_random
        domain, severity = sampler.root_need(rng)
        if domain != self._growing:
            self.severity[domain] = max(self.severity.get(domain, 0.0), severity)
        self.work[domain] = sampler.work_content(rng)
        return domain

    def severity_of(self, domain: str, now: float) -> float:
        """Current severity of `domain`; an untreated root grows linearly with time."""
        if domain != self._growing:  # one comparison: this is asked on every decision
            return self.severity.get(domain, 0.0)
        return min(1.0, self.severity[domain] + self._growth * (now - self.root_t0))

    def _growing_root(self) -> str | None:
        """The root if its severity grows now (untreated, not in care, growth on), else None:
        kept with the flags that decide it, so `severity_of` needs a single comparison."""
        if self.root_treated or self.root_in_care or not self._growth:
            return None
        return self.root

    def active_needs(self, now: float, threshold: float) -> list[str]:
        """Domains in which the household still needs help."""
        return [d for d in self.severity if self.severity_of(d, now) >= threshold]

    def days_to_escalation(self, now: float, threshold: float) -> float:
        """Working days until the untreated root reaches `threshold` (inf if it never will)."""
        gap = threshold - self.severity_of(self.root, now)
        if gap <= 0:
            return 0.0
        return gap / self._growth if self._growth > 0 else math.inf

    def lose(self, now: float, how: str) -> None:
        """The household's path to the right help ends without it (a competing event for
        the time-to-event measures): it gave up, escalated, or left with the root untouched."""
        if self.helped_at is None and self.lost_at is None:
            self.lost_at = now
            self.lost_how = how

    def start_root_care(self, now: float) -> None:
        """Treatment of the root has begun: its severity stops growing (debts are being
        sorted out) — it is fixed at its current value."""
        self.severity[self.root] = self.severity_of(self.root, now)
        self.root_in_care = True
        self._growing = None

    def treat(self, domain: str, now: float, spillover: float) -> None:
        """A need has been treated: it is gone; treating the root also eases every
        consequence by `spillover` and stops the root's growth."""
        self.treated_sev[domain] = self.severity_of(domain, now)
        if domain == self.root:
            self.root_treated = True
            self._growing = None
            for d in self.severity:
                if d != domain:
                    self.severity[d] *= 1 - spillover
        self.severity[domain] = 0.0

    def flare(self, domains: list[str], now: float) -> None:
        """Treated needs come back at the severity they had before treatment."""
        for d in domains:
            self.severity[d] = self.treated_sev.get(d, 0.1)
            if d == self.root:
                self.root_treated = False
                self.root_in_care = False
                self.root_t0 = now
                self._growing = self._growing_root()


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _pick(rng: random.Random, cum: list[float]) -> int:
    """Index drawn with probabilities proportional to the increments of `cum`."""
    x = rng.random() * cum[-1]
    for i, c in enumerate(cum):
        if x < c:
            return i
    return len(cum) - 1


def _poisson(rng: random.Random, mean: float) -> int:
    """Poisson draw by Knuth's method (means here are small)."""
    if mean <= 0:
        return 0
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k
