"""Treatment and detection: how skill turns into time, findings and lasting effect.

- Treating a need takes longer the more severe it is and the less skilled the professional:
  days = service_mean_days x (severity / severity_mean) x work content / max(skill, min_speed).
- A hidden need is found with chance 1 - exp(-rate x skill x hours x focus): more skill in
  that domain, more time and more attention to other domains all help (docs/ODD.md).
- Treating with low skill is less effective: the need relapses with extra chance
  low_skill_relapse x (1 - skill).
- With a consultation the holder's effective skill moves a share `consult_transfer` of the
  way towards the consulted specialist's.
- A holder who may treat a need alone consults only when that is expected to cost fewer
  professional hours, the consultation's own hours (both people's) included.
"""

from __future__ import annotations

import math


def treatment_days(
    service_mean_days: float,
    severity: float,
    severity_mean: float,
    work: float,
    skill: float,
    min_speed: float,
) -> float:
    """Working days one treatment takes (the case holds one caseload slot meanwhile)."""
    return service_mean_days * (severity / severity_mean) * work / max(skill, min_speed)


def extra_treatment_days(
    service_mean_days: float,
    severity: float,
    severity_mean: float,
    own: float,
    best: float,
    min_speed: float,
) -> float:
    """How many working days longer a treatment takes with skill `own` than with the team's
    `best`: `treatment_days` of the one minus that of the other, for a work content of 1 (what
    a household would gain by waiting for the best, `SkillRouting.may_hold_with`)."""
    return (
        service_mean_days
        * severity
        / severity_mean
        * (1.0 / max(own, min_speed) - 1.0 / max(best, min_speed))
    )


def expected_hours(
    service_mean_days: float,
    severity: float,
    severity_mean: float,
    skill: float,
    min_speed: float,
    hours_per_day: float,
    low_skill_relapse: float,
) -> float:
    """Professional hours one treatment is expected to take, counting the expected redo when
    a low-skill treatment relapses: the yardstick for choosing between treating alone and
    consulting. It falls as skill rises, so more skill can never make the choice worse."""
    days = treatment_days(service_mean_days, severity, severity_mean, 1.0, skill, min_speed)
    redo = low_skill_relapse * (1.0 - min(1.0, skill))
    return days * hours_per_day * (1.0 + redo)


def detection_chance(rate: float, skill: float, hours: float) -> float:
    """Chance that a conversation of `hours` finds a hidden need in a domain (the intake's
    focus is already in `hours`: the hours that look beyond the question)."""
    return 1.0 - math.exp(-rate * skill * hours)


def consulted_skill(own: float, specialist: float, transfer: float) -> float:
    """Effective skill of a holder who consulted a specialist."""
    return own + transfer * max(0.0, specialist - own)


def relapse_chance(
    root_persists: bool, relapse_prob: float, low_skill_relapse: float, skill: float
) -> float:
    """Chance that a treated need comes back: the revolving door while the root persists,
    and the weaker effect of treatment with low skill."""
    p_root = relapse_prob if root_persists else 0.0
    p_skill = low_skill_relapse * (1.0 - min(1.0, skill))
    return 1.0 - (1.0 - p_root) * (1.0 - p_skill)
