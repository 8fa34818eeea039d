"""Named scenarios. A preset is a set of parameter changes on top of the default scenario:
ways of working are combinations of levers, never separate code paths."""

from __future__ import annotations

from typing import Any

from .parameters import did_you_mean
from .scenario import Scenario, ScenarioError

# The levers of docs/ODD.md, as the integral wijkteam sets them. The default scenario has the
# same levers, but its intake is the calibrated 0.97 hours (docs/PARAMETERS.md); this preset
# and ISLANDS set the intake's length as an assumption: an explorative intake (1.5 hours)
# takes half again as long as a desk's (1.0 hour).
INTEGRAL: dict[str, Any] = {
    "front_door": "single",
    "intake_mode": "explore",
    "routing": "skill",
    "other_needs": "consult",
    "case_lead": True,
    "team_meeting": True,
    "profile": "T",
    "intake_hours": 1.5,
    "coordination_share": 0.1,
}

# Islands of specialists, as before 2015: a desk per domain, referral, I-shaped staff, no
# meetings and no coordination budget (nobody consults), a shorter intake.
ISLANDS: dict[str, Any] = {
    "front_door": "desk",
    "intake_mode": "desk",
    "routing": "desk",
    "other_needs": "refer",
    "case_lead": False,
    "team_meeting": False,
    "profile": "I",
    "intake_hours": 1.0,
    "coordination_share": 0.0,
}

# The queueing limit (docs/ODD.md): Poisson arrivals, presenting = root, no hidden needs,
# exponential effort, one case per professional, no intake, admin, coordination, escalation,
# drop-out, relapse or follow-up question. Knobs: domains, servers (per domain),
# arrivals_per_day (in total), service_mean_days.
_MMC: dict[str, Any] = {
    "domains": 1,
    "servers": 10,
    "arrivals_per_day": 8.0,
    "service_mean_days": 1.0,
    "multi_problem_share": 0.0,
    "p_present_root": 1.0,
    "cooccurrence_strength": 0.0,
    "severity_sd": 0.0,
    "severity_growth_per_year": 0.0,
    "escalation_threshold": 1.0,
    "patience_days_mean": 0.0,
    "relapse_prob": 0.0,
    "low_skill_relapse": 0.0,
    "follow_up_prob": 0.0,
    "effort_cv": 1.0,
    "intake_hours": 0.0,
    "admin_share": 0.0,
    "coordination_share": 0.0,
    "team_meeting": False,
    "max_caseload": 1,
    "depth": 1.0,
    "warmup_days": 200.0,
    "horizon_days": 4000.0,
    **{
        f"root_weight.{d}": 1.0
        for d in ("youth", "finance", "work", "housing", "health", "mental", "safety", "social")
    },
}

# Learning on the job in the Zwolle presets, fitted to the seed's one statement on it (no
# figure: both breadths below are our assumptions): the team started in 2015 with a thin T
# ("we did not understand each other's language") and by the 2021 interview "she had grown
# broader". At this rate a `zwolle-2015` team's mean skill outside the specialty reaches
# `zwolle-matured`'s breadth (0.55) after six years of 220 working days (mean of 4 seeds:
# 0.554; tests/model/test_long_run.py).
ZWOLLE_LEARNING_RATE = 0.07

PRESETS: dict[str, dict[str, Any]] = {
    "default": {},
    "integral": INTEGRAL,
    "islands": ISLANDS,
    # Zwolle 2015: integral on paper, but nobody speaks each other's language yet: a thin
    # horizontal bar, dearer consultations, an intake that finds less.
    "zwolle-2015": {
        **INTEGRAL,
        "breadth": 0.15,
        "consult_hours": 1.5,
        "detection_rate": 0.8,
        "learning_rate": ZWOLLE_LEARNING_RATE,
    },
    # Zwolle after some years: professionals grew broader and know each other.
    "zwolle-matured": {
        **INTEGRAL,
        "breadth": 0.55,
        "consult_hours": 0.75,
        "detection_rate": 1.5,
        "learning_rate": ZWOLLE_LEARNING_RATE,
    },
    "mmc-islands": {
        **_MMC,
        **ISLANDS,
        "intake_hours": 0.0,
        "profile": "I",
        "base_skill": 0.0,
        "coordination_share": 0.0,
    },
    "mmc-pooled": {
        **_MMC,
        **INTEGRAL,
        "intake_hours": 0.0,
        "coordination_share": 0.0,
        "team_meeting": False,
        "profile": "generalist",
        "breadth": 1.0,
        "other_needs": "refer",
        "case_lead": False,
    },
}

PRESET_HELP: dict[str, str] = {
    "default": "the default neighbourhood with an integral team, its intake calibrated",
    "integral": "one front door, explorative intake, skill-based routing, consultation, "
    "case lead, weekly meeting, T-shaped staff",
    "islands": "a desk per domain, specialist intake, referral, I-shaped staff (pre-2015)",
    "zwolle-2015": "integral, but with a thin T: nobody knows each other's language yet",
    "zwolle-matured": "integral after years of learning on the job: a broad T",
    "mmc-islands": "queueing check: D separate M/M/c desks",
    "mmc-pooled": "queueing check: one pooled M/M/(D*c) team, fully skilled",
}


def preset(name: str, updates: dict[str, Any] | None = None) -> Scenario:
    """The scenario of preset `name`, with optional flat-named `updates` on top."""
    if name not in PRESETS:
        hint = did_you_mean(name, PRESETS)
        raise ScenarioError(
            "preset",
            name,
            f"unknown preset; {hint}one of {', '.join(PRESETS)}",
            "choices",
            choices=tuple(PRESETS),
        )
    return Scenario().with_updates({**PRESETS[name], **(updates or {})})
