"""treatment.py: how long a treatment takes, what it costs, what finds hidden needs and what
makes a treated need come back."""

from __future__ import annotations

import math

import pytest

from wijkteam.model import treatment as tr

MEAN = dict(service_mean_days=40.0, severity_mean=0.5, min_speed=0.2)


def test_treatment_takes_longer_with_less_skill_and_more_severity() -> None:
    def days(severity: float, skill: float) -> float:
        return tr.treatment_days(MEAN["service_mean_days"], severity, MEAN["severity_mean"], 1.0,
                                 skill, MEAN["min_speed"])  # fmt: skip

    skills = [0.3, 0.5, 0.7, 0.9]
    assert all(days(0.5, a) > days(0.5, b) for a, b in zip(skills, skills[1:], strict=False))
    assert days(0.8, 0.7) > days(0.4, 0.7)
    assert days(0.5, 1.0) == MEAN["service_mean_days"]  # the mean need by a full specialist


def test_below_the_minimum_speed_skill_no_longer_slows_treatment() -> None:
    at_floor = tr.treatment_days(40.0, 0.5, 0.5, 1.0, 0.2, 0.2)
    assert tr.treatment_days(40.0, 0.5, 0.5, 1.0, 0.05, 0.2) == at_floor


def test_expected_effort_falls_with_skill_even_with_low_skill_relapse() -> None:
    hours = [tr.expected_hours(40.0, 0.5, 0.5, k / 20, 0.2, 6.0, 0.5) for k in range(1, 21)]
    assert all(b <= a for a, b in zip(hours, hours[1:], strict=False))
    assert hours[-1] < hours[0]


def test_detection_more_likely_with_skill_and_time_and_never_certain() -> None:
    assert tr.detection_chance(0.5, 0.8, 2.0) > tr.detection_chance(0.5, 0.3, 2.0)
    assert tr.detection_chance(0.5, 0.5, 4.0) > tr.detection_chance(0.5, 0.5, 1.0)
    assert tr.detection_chance(0.5, 0.5, 0.0) == 0.0
    assert 0 < tr.detection_chance(0.5, 1.0, 100.0) <= 1.0
    assert math.isclose(tr.detection_chance(1.0, 1.0, 1.0), 1 - math.exp(-1))


def test_consulting_brings_skill_towards_the_colleagues_not_beyond() -> None:
    helped = tr.consulted_skill(0.3, 0.9, 0.5)
    assert 0.3 < helped < 0.9
    assert tr.consulted_skill(0.3, 0.9, 1.0) == pytest.approx(0.9)  # full transfer
    assert tr.consulted_skill(0.3, 0.9, 0.0) == 0.3


def test_relapse_the_revolving_door_and_low_skill() -> None:
    assert tr.relapse_chance(False, 0.4, 0.0, 0.5) == 0.0  # root treated, no skill effect
    assert tr.relapse_chance(True, 0.4, 0.0, 0.5) == 0.4
    assert tr.relapse_chance(False, 0.0, 0.3, 1.0) == 0.0  # a full specialist's work holds
    assert tr.relapse_chance(False, 0.0, 0.3, 0.2) > tr.relapse_chance(False, 0.0, 0.3, 0.8)
    both = tr.relapse_chance(True, 0.4, 0.3, 0.5)
    assert max(0.4, 0.15) < both < 0.4 + 0.15


def test_the_gain_of_the_best_is_the_difference_of_the_two_treatment_times() -> None:
    """What a household gains by waiting for the team's best is, as documented, the
    treatment time with the holder's skill minus that with the best's: below the minimum
    speed a skill no longer slows treatment, so it no longer adds to the gain either."""
    args = (40.0, 0.6, 0.5)  # service_mean_days, severity, severity_mean

    def days(skill: float) -> float:
        return tr.treatment_days(*args, 1.0, skill, 0.2)

    for own, best in ((0.5, 0.9), (0.2, 1.0), (0.05, 0.9), (0.05, 0.1)):
        extra = tr.extra_treatment_days(*args, own, best, 0.2)
        assert extra == pytest.approx(days(own) - days(best)), (own, best)
    assert tr.extra_treatment_days(*args, 0.05, 0.1, 0.2) == 0.0  # both at the floor


def test_expected_hours_by_hand() -> None:
    """A full specialist treats a need of mean severity in service_mean_days working days at
    the caseload's hours a day: 40 days x 0.1 h = 4 h, with no redo. With skill 0.5 it takes
    twice the days, and a low-skill relapse risk of 0.4 x (1 - 0.5) adds a fifth: 9.6 h."""
    assert tr.expected_hours(40.0, 0.5, 0.5, 1.0, 0.2, 0.1, 0.4) == pytest.approx(4.0)
    assert tr.expected_hours(40.0, 0.5, 0.5, 0.5, 0.2, 0.1, 0.4) == pytest.approx(8.0 * 1.2)


def test_asking_a_less_skilled_colleague_never_lowers_the_holders_skill() -> None:
    """A consultation moves the holder's skill towards the colleague's only upwards."""
    assert tr.consulted_skill(0.8, 0.3, 0.6) == 0.8
    assert tr.consulted_skill(0.8, 0.8, 1.0) == 0.8
