"""The scenario: every parameter of the model, declared in one validated object.

A scenario is a frozen dataclass. Each field carries its allowed range, a help text and the
source of its default in `metadata`, so validation, the CLI, the dashboard's levers and the
parameter table in `docs/PARAMETERS.md` all read from one place. This module holds the
declarations and what follows from them (a professional's week, the caseload limit); the
machinery shared by every parameter (flat names such as `staff.youth`, coercion, TOML,
validation) lives in `parameters.py`, and its public names stay importable from here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from . import parameters
from . import ways_of_working as ways
from .domains import (
    DEFAULT_ROOT_WEIGHT,
    DEFAULT_STAFF,
    DEFAULT_VISIBILITY,
    domain_ids,
)
from .parameters import (  # noqa: F401  (the public API is importable from here, as before)
    CALIBRATED,
    DOMAIN_TABLES,
    MAX_PROFESSIONALS,
    ScenarioError,
    check_name,
    check_value,
    coerce,
    from_mapping,
    native,
    parameter_names,
    parameter_spec,
    validate,
)
from .parameters import declare as _p

# The source of the way-of-working levers: the levers are the design's own; their defaults
# describe the most common Dutch team
_WAY_SOURCE = (
    "[design]; the default is the broad integral team, the most common Dutch model [teams-movisie]"
)
PROFILES = ("I", "T", "pi", "generalist", "custom")
# a way-of-working lever's choices are the strategies that exist (`ways_of_working`)
FRONT_DOORS = tuple(ways.FRONT_DOORS)
INTAKE_MODES = tuple(ways.INTAKES)
ROUTINGS = tuple(ways.ROUTINGS)
OTHER_NEEDS = tuple(ways.OTHER_NEEDS)
COORDINATION_CHARGES = tuple(ways.CHARGES)


@dataclass(frozen=True)
class Scenario:
    """All parameters of one run. Defaults describe the default neighbourhood with an
    integral team (the most common Dutch model); presets change levers, not code paths."""

    # --- time ---------------------------------------------------------------------------
    warmup_days: float = _p(
        1760.0,
        "Warm-up in working days, not counted in outcomes: a minimum; the summary starts "
        "later if the output shows the team still filling up (MSER-5, warmup_days_used)",
        "[design]: eight years; households come back with follow-up questions for years, so "
        "the calibrated team's caseloads and waiting lists take that long to fill "
        "(experiments/warmup.toml, docs/outcomes.md)",
        0,
        22000,
        group="time",
    )
    horizon_days: float = _p(
        440.0,
        "Measured period after the warm-up, in working days",
        "[design]: 2 years of 220 days",
        1,
        220000,
        group="time",
    )
    sample_every_days: float = _p(
        5.0,
        "Interval of the time series (waiting list, caseloads)",
        "assumption: one working week",
        0.5,
        2200,
        group="time",
    )

    # --- neighbourhood: demand ------------------------------------------------------------
    domains: int = _p(
        8,
        "Number of life domains (the first N of the default eight)",
        "[design]",
        1,
        8,
        group="neighbourhood",
    )
    arrivals_per_day: float = _p(
        2.71,
        "New help requests per working day (first requests; repeats and follow-up questions "
        "come on top)",
        "[inflow]: 36-57 registrations per 1,000 residents a year x ~26,000 residents per "
        "Zwolle team / 220 days = 4.3-6.7 requests a day, of which first requests are a part",
        0.001,
        10000,
        group="neighbourhood",
        status=f"{CALIBRATED}: inflow",
    )
    multi_problem_share: float = _p(
        0.35,
        "Share of households with needs in more than one domain",
        "assumption; [multi-problem] SCP 2020: 13% use provisions of more than one law "
        "(a lower bound)",
        0,
        1,
        group="neighbourhood",
    )
    extra_needs_mean: float = _p(
        1.6,
        "Mean number of consequences (extra needs) of a multi-problem household",
        "assumption",
        1,
        7,
        group="neighbourhood",
    )
    cooccurrence_strength: float = _p(
        1.0,
        "How strongly needs cluster (0 = any domain equally, 1 = the built-in table)",
        "assumption: the co-occurrence clusters of [design]",
        0,
        1,
        group="neighbourhood",
    )
    p_present_root: float = _p(
        0.5,
        "Probability that the question a household asks is its root need",
        "assumption (no public figure; [not-found])",
        0,
        1,
        group="neighbourhood",
    )
    visibility: dict = _p(
        dict(DEFAULT_VISIBILITY),
        "How readily a need is named as the question (0 hidden .. 1 visible)",
        "assumption: shame hides debt, mental illness, violence",
        0,
        1,
        group="neighbourhood",
    )
    root_weight: dict = _p(
        dict(DEFAULT_ROOT_WEIGHT),
        "Relative frequency of each domain as the root cause",
        "assumption",
        0,
        1000,
        group="neighbourhood",
    )
    severity_mean: float = _p(
        0.45,
        "Mean severity of a root need at the first request (0..1)",
        "assumption",
        0.01,
        0.99,
        group="neighbourhood",
    )
    severity_sd: float = _p(
        0.15,
        "Spread of the root severity (0 = all equal)",
        "assumption",
        0,
        0.5,
        group="neighbourhood",
    )
    consequence_ratio: float = _p(
        0.7,
        "Severity of a consequence relative to its root",
        "assumption",
        0.05,
        1,
        group="neighbourhood",
    )
    severity_growth_per_year: float = _p(
        1.35,
        "Growth of an untreated root's severity per year (debts grow, stress grows)",
        "assumption",
        0,
        10,
        group="neighbourhood",
        status=f"{CALIBRATED}: specialised care",
    )
    escalation_threshold: float = _p(
        0.836,
        "Severity at which an untreated root escalates to second-line care",
        "assumption",
        0.05,
        1,
        group="neighbourhood",
        status=f"{CALIBRATED}: specialised care",
    )
    patience_days_mean: float = _p(
        116.0,
        "Mean patience while waiting in a queue, working days (0 = never drop out)",
        "assumption; [waits]: Wmo legal term 8 weeks",
        0,
        100000,
        group="neighbourhood",
        status=f"{CALIBRATED}: specialised care, start of support",
    )
    patience_shape: float = _p(
        1.0,
        "Shape of the gamma distribution of patience (1 = exponential: one household in 39 "
        "gives up within 3 days at the default mean of 116; larger = most wait about the mean)",
        "assumption: no public figure on how long households wait before giving up",
        0.1,
        100,
        group="neighbourhood",
    )
    return_prob: float = _p(
        0.6,
        "Probability that a household that dropped out comes back",
        "assumption",
        0,
        1,
        group="neighbourhood",
    )
    return_days_mean: float = _p(
        40.0,
        "Mean time until a dropped-out household returns",
        "assumption",
        0.01,
        100000,
        group="neighbourhood",
    )
    relapse_prob: float = _p(
        0.51,
        "Probability that a consequence treated while its root persists comes back",
        "assumption (the revolving door)",
        0,
        1,
        group="neighbourhood",
        status=f"{CALIBRATED}: household duration",
    )
    relapse_days_mean: float = _p(
        110.0,
        "Mean time until such a relapse, working days",
        "assumption",
        0.01,
        100000,
        group="neighbourhood",
        status=f"{CALIBRATED}: household duration",
    )
    follow_up_prob: float = _p(
        0.54,
        "Probability that a household whose request ended asks again later with a new "
        "question (a need in some life domain, drawn as a first request's root is): life goes on",
        "assumption: households return to the team with new questions ([duration]: clients "
        "need ~20 months, against a norm of 6-12 for a request)",
        0,
        0.99,
        group="neighbourhood",
        status=f"{CALIBRATED}: household duration, inflow",
    )
    follow_up_days_mean: float = _p(
        96.0,
        "Mean time from the end of a request to a follow-up question, working days",
        "assumption",
        0.01,
        100000,
        group="neighbourhood",
        status=f"{CALIBRATED}: household duration",
    )
    low_skill_relapse: float = _p(
        0.4,
        "Extra relapse risk of a need treated with low skill, times (1 - skill)",
        "assumption: treating with low skill is less effective",
        0,
        1,
        group="neighbourhood",
    )
    spillover: float = _p(
        0.7,
        "Share by which treating the root eases each consequence",
        "assumption",
        0,
        1,
        group="neighbourhood",
    )
    resolved_threshold: float = _p(
        0.1, "Severity below which a need needs no help", "assumption", 0, 1, group="neighbourhood"
    )

    # --- team -------------------------------------------------------------------------------
    staff: dict = _p(
        dict(DEFAULT_STAFF),
        "Professionals per specialty",
        "[seed-zwolle]: ~30 per Zwolle team; mix is an assumption",
        0,
        500,
        group="team",
        status="sourced: the total; the mix: assumption",
    )
    servers: int = _p(
        0,
        "If > 0: this many professionals per domain, replacing `staff`",
        "[design]: for the queueing presets",
        0,
        500,
        group="team",
    )
    profile: str = _p(
        "T",
        "Skill profile: I, T, pi (two deep skills), generalist, custom",
        "[design]",
        choices=PROFILES,
        group="team",
    )
    depth: float = _p(
        0.9, "Skill in the specialty (the vertical bar of the T)", "assumption", 0, 1, group="team"
    )
    breadth: float = _p(
        0.4,
        "Skill outside the specialty (the horizontal bar of the T)",
        "assumption; [zwolle]: >75% keep a specialism",
        0,
        1,
        group="team",
    )
    base_skill: float = _p(
        0.1,
        "What every professional knows of any domain (I-shaped floor)",
        "assumption",
        0,
        1,
        group="team",
    )
    professionals: list = _p(
        [],
        "Explicit professionals for profile=custom: a list of "
        "{specialty, skills = {domain = skill}}",
        "scenario file",
        group="team",
    )
    contract_hours: float = _p(
        32.0, "Contract hours per week", "assumption: 0.9 FTE", 1, 80, group="team"
    )
    admin_share: float = _p(
        0.37,
        "Share of hours spent on administration and registration",
        "[administration] Movisie 2023: 37%",
        0,
        0.95,
        group="team",
    )
    case_hours_per_week: float = _p(
        0.536,
        "Direct hours a week one open case takes; caseload limit = direct hours / this",
        "[caseload]: ~20-30 open cases per worker (derived)",
        0.01,
        80,
        group="team",
        status=f"{CALIBRATED}: caseload, start of support",
    )
    max_caseload: int = _p(
        0,
        "Upper limit of open cases per professional (0 = by hours)",
        "[design]: for the queueing presets",
        0,
        1000,
        group="team",
    )
    intake_hours: float = _p(
        0.97,
        "Hours of one intake conversation (0 = no intake step)",
        "assumption",
        0,
        40,
        group="team",
        status=f"{CALIBRATED}: start of support",
    )
    service_mean_days: float = _p(
        139.0,
        "Mean treatment time of one need of mean severity by a fully skilled "
        "professional, working days",
        "[duration]: 6-month norms, ~20 months per client; assumption",
        0.001,
        100000,
        group="team",
        status=f"{CALIBRATED}: request and household durations, caseload",
    )
    effort_cv: float = _p(
        0.8,
        "Variation of work content between needs (1 = exponential)",
        "assumption",
        0,
        3,
        group="team",
    )
    min_speed: float = _p(
        0.1,
        "Lowest working speed, as a fraction of a full skill's",
        "assumption: guards against zero skill",
        0.01,
        1,
        group="team",
    )
    learning_rate: float = _p(
        0.0,
        "Learning on the job: share of the gap to the cap learnt per joint case "
        "(a consultation, or a hand-off under a case lead)",
        "[design]: 0, a team whose breadth is settled (staff turnover is not modelled); "
        "0.07 in the Zwolle presets, fitted to [seed-zwolle]: the thin T of 2015 grows "
        "to zwolle-matured's breadth by the 2021 interview (both breadths assumed)",
        0,
        1,
        group="team",
    )
    learning_start_days: float = _p(
        0.0,
        "Working day from which professionals learn on the job: 0 from the start; the "
        "warm-up's length for integral work introduced into a running neighbourhood",
        "[design]",
        0,
        22000,
        group="team",
    )
    learning_cap: float = _p(
        0.7,
        "Highest skill reachable outside the specialty by learning",
        "assumption",
        0,
        1,
        group="team",
    )
    cost_per_fte_year: float = _p(
        69000.0, "Cost of one FTE per year, euro", "[cost]: Utrecht 2016", 0, 1e7, group="team"
    )
    fte_hours: float = _p(
        36.0,
        "Hours per week of one FTE",
        "assumption: a 36-hour week, the usual full-time week in Dutch collective agreements",
        1,
        80,
        group="team",
    )
    escalation_cost: float = _p(
        25000.0,
        "Cost of one escalation to second-line care, euro",
        "assumption; [cost]: multi-problem family ~114,000/yr (NJi / Almelo 2017)",
        0,
        1e8,
        group="team",
    )

    # --- way of working (docs/ODD.md) -------------------------------------------------------
    front_door: str = _p(
        "single",
        "desk: one desk per domain; single: one front door",
        _WAY_SOURCE,
        choices=FRONT_DOORS,
        group="way",
    )
    intake_mode: str = _p(
        "explore",
        "desk: a specialist looks at their own domain; explore: "
        "look for the question behind the question",
        _WAY_SOURCE,
        choices=INTAKE_MODES,
        group="way",
    )
    routing: str = _p(
        "skill",
        "desk: the desk treats its own domain; skill: pooled queue, "
        "best-fitting professional with room",
        _WAY_SOURCE,
        choices=ROUTINGS,
        group="way",
    )
    other_needs: str = _p(
        "consult",
        "refer: back of another queue; consult: ask a colleague and keep the case",
        _WAY_SOURCE,
        choices=OTHER_NEEDS,
        group="way",
    )
    case_lead: bool = _p(
        True,
        "One case lead per household who plans the root first",
        "[design]; [seed-dialogue]: one family, one plan, one director",
        group="way",
    )
    team_meeting: bool = _p(
        True,
        "Weekly case consultation of stuck cases",
        _WAY_SOURCE,
        group="way",
    )
    meeting_hours: float = _p(
        1.5, "Hours per professional per weekly team meeting", "assumption", 0, 40, group="way"
    )
    meeting_cases: int = _p(
        5, "Stuck cases discussed per weekly meeting", "assumption", 0, 1000, group="way"
    )
    stuck_days: float = _p(
        20.0,
        "A case in care is stuck (up for the meeting) when this long has passed since its "
        "request arrived, waiting included",
        "assumption",
        0,
        100000,
        group="way",
    )
    coordination_share: float = _p(
        0.1,
        "Share of direct hours each professional may spend on consultation a week (with "
        "coordination_charge = reserved: set aside, lowering the caseload limit)",
        "assumption; [seed-zwolle]: coordination takes time",
        0,
        0.9,
        group="way",
    )
    coordination_charge: str = _p(
        "spent",
        "How consultation time is charged. spent: the hours come out of direct time when a "
        "consultation happens, and coordination_share is only the weekly budget for them; "
        "reserved: coordination_share of direct hours is set aside whether used or not "
        "(lowers the caseload limit)",
        "[design]: docs/ODD.md, Coordination time",
        choices=COORDINATION_CHARGES,
        group="way",
    )
    consult_hours: float = _p(
        1.0,
        "Hours one consultation costs each of the two; it comes out of the weekly "
        "coordination budget, so with a budget smaller than this cases are referred instead",
        "assumption",
        0,
        40,
        group="way",
    )
    consult_transfer: float = _p(
        0.6,
        "With a consultation, the share of the gap to the specialist's skill bridged",
        "assumption",
        0,
        1,
        group="way",
    )
    detection_rate: float = _p(
        1.2,
        "Detection of hidden needs: chance = 1 - exp(-rate x skill x hours x focus)",
        "assumption",
        0,
        100,
        group="way",
    )
    desk_focus: float = _p(
        0.25,
        "Attention a desk intake pays to other domains (focus)",
        "assumption",
        0,
        1,
        group="way",
    )
    explore_focus: float = _p(
        1.0,
        "Attention an explorative intake pays to other domains (focus; 1 = all its time)",
        "assumption: the scale desk_focus is read against",
        0,
        1,
        group="way",
    )
    self_treat_skill: float = _p(
        0.5,
        "A professional treats a need personally when their skill in it is at least this",
        "assumption",
        0,
        1,
        group="way",
    )
    review_hours: float = _p(
        0.5,
        "Hours of each treatment (and of a team-meeting review) that look at the rest "
        "of the household's life, for finding hidden needs",
        "assumption",
        0,
        40,
        group="way",
    )

    # ------------------------------------------------------------------------------------------

    # ------------------------------------------------------------------------------------------
    def __post_init__(self) -> None:
        parameters.to_native(self)
        validate(self)

    @property
    def domain_ids(self) -> tuple[str, ...]:
        """The active domains of this scenario."""
        return domain_ids(self.domains)

    def staff_counts(self) -> dict[str, int]:
        """Professionals per specialty, after `servers` and `profile=custom`."""
        ids = self.domain_ids
        if self.profile == "custom":
            counts = dict.fromkeys(ids, 0)
            for p in self.professionals:
                counts[p["specialty"]] += 1
            return counts
        if self.servers > 0:
            return dict.fromkeys(ids, self.servers)
        return {d: int(self.staff.get(d, 0)) for d in ids}

    # --- a professional's week: the one home of these formulas --------------------------------
    def available_hours_per_week(self) -> float:
        """Hours a week a professional has once admin and (when held) the team meeting are
        paid: what cases, intakes and coordination share."""
        meeting = self.meeting_hours if self.team_meeting else 0.0
        return self.contract_hours * (1 - self.admin_share) - meeting

    def coordination_budget_hours(self) -> float:
        """Hours a week each professional may spend on consultations and coordination: a
        budget drawn on as consultations happen (charged as `spent`, the default) or hours
        set aside beforehand (`reserved`, which also lowers the caseload limit)."""
        return self.coordination_share * self.available_hours_per_week()

    def direct_hours_per_week(self) -> float:
        """Hours a week a professional has for cases and intakes (after admin, the meeting
        and, when charged as reserved, the coordination reserve)."""
        reserve = self.coordination_share if self.coordination_charge == "reserved" else 0.0
        return self.available_hours_per_week() * (1 - reserve)

    def caseload_limit(self) -> int:
        """Open cases one professional can carry at once: as many as their weekly direct
        hours cover, capped by `max_caseload` when that is set."""
        limit = math.floor(self.direct_hours_per_week() / self.case_hours_per_week + 1e-9)
        return min(limit, self.max_caseload) if self.max_caseload > 0 else limit

    # --- flat names and TOML (the machinery lives in parameters.py) -----------------------------
    def to_flat(self) -> dict[str, Any]:
        """All parameters as one flat dict (`staff.youth`, ...); `professionals` is left out."""
        return parameters.to_flat(self)

    def get(self, name: str) -> Any:
        """The value of a flat parameter name."""
        return parameters.get(self, name)

    def with_updates(self, updates: dict[str, Any]) -> Scenario:
        """A new scenario with flat-named parameters changed; strings are parsed (from the
        CLI), and the result is validated as a whole."""
        return replace(self, **parameters.changes(self, updates))

    def to_toml(self) -> str:
        """The whole scenario as TOML text, loadable with `from_toml`."""
        return parameters.to_toml(self)

    @classmethod
    def from_toml(cls, text: str, base: Scenario | None = None) -> Scenario:
        """A scenario from TOML text; keys not given keep the values of `base`."""
        return parameters.from_toml(text, base or cls())
