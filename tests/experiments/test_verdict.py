"""The one rule for "B better / worse / no clear difference" (CLI, explorer, classroom)."""

from __future__ import annotations

import math

from wijkteam.experiments.verdict import direction, verdict


def test_an_interval_holding_zero_is_no_clear_difference() -> None:
    assert verdict(-0.1, -0.3, 0.05, lower_is_better=True) == "no_diff"


def test_a_clear_difference_is_judged_by_which_way_is_better() -> None:
    assert verdict(-2.0, -3.0, -1.0, lower_is_better=True) == "better"  # shorter wait
    assert verdict(-2.0, -3.0, -1.0, lower_is_better=False) == "worse"  # fewer helped
    assert verdict(0.1, 0.05, 0.2, lower_is_better=False) == "better"


def test_neutral_measures_and_missing_intervals_get_no_verdict() -> None:
    assert verdict(0.2, 0.1, 0.3, lower_is_better=None) is None
    assert verdict(0.2, math.nan, math.nan, lower_is_better=True) is None


def test_a_single_run_is_judged_on_the_sign_alone() -> None:
    assert direction(-1.0, lower_is_better=True) == "better"
    assert direction(1.0, lower_is_better=True) == "worse"
    assert direction(0.0, lower_is_better=True) == "no_diff"
    assert direction(1.0, lower_is_better=None) is None


def test_a_difference_too_small_to_act_on_is_no_clear_difference() -> None:
    # 0.2 working days shorter, clearly (interval excludes 0), but below half a day
    assert verdict(-0.2, -0.3, -0.1, lower_is_better=True, smallest=0.5) == "no_diff"
    assert verdict(-0.6, -0.7, -0.5, lower_is_better=True, smallest=0.5) == "better"
    assert verdict(-0.2, -0.3, -0.1, lower_is_better=True) == "better"  # no threshold asked
