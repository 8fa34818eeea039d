"""The scenario: validation with clear errors, flat names, TOML round trips, presets."""

from __future__ import annotations

import pytest

from wijkteam.model import PRESETS, Scenario, ScenarioError, parameter_names, preset


def test_defaults_are_valid_and_round_trip_through_toml() -> None:
    for name in PRESETS:
        scenario = preset(name)
        assert Scenario.from_toml(scenario.to_toml()) == scenario


def test_flat_names_address_every_parameter() -> None:
    scenario = Scenario()
    flat = scenario.to_flat()
    assert list(flat) == parameter_names()
    assert "arrivals_per_day" in flat and "staff.youth" in flat and "breadth" in flat
    changed = scenario.with_updates({"staff.youth": "9", "breadth": "0.7", "case_lead": "no"})
    assert changed.get("staff.youth") == 9 and changed.breadth == 0.7
    assert changed.case_lead is False


@pytest.mark.parametrize(
    ("updates", "name", "words"),
    [
        ({"arrivals_per_day": -1}, "arrivals_per_day", "between 0.001 and 10000"),
        ({"p_present_root": 1.5}, "p_present_root", "between 0 and 1"),
        ({"breadth": "wide"}, "breadth", "a number"),
        ({"domains": 2.5}, "domains", "whole number"),
        ({"profile": "Z"}, "profile", "one of I, T, pi, generalist, custom"),
        ({"case_lead": "maybe"}, "case_lead", "true or false"),
        ({"arrivals": 3}, "arrivals", "unknown parameter"),
        ({"staff.pets": 3}, "staff.pets", "unknown parameter"),
        ({"case_hours_per_week": 30}, "case_hours_per_week", "impossible team"),
        ({"servers": 0, **{f"staff.{d}": 0 for d in Scenario().staff}}, "staff", "impossible"),
    ],
)
def test_invalid_parameters_name_parameter_value_and_range(updates, name, words) -> None:
    with pytest.raises(ScenarioError) as info:
        preset("integral", updates)
    assert info.value.name == name
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_desk_without_staff_is_an_impossible_team() -> None:
    with pytest.raises(ScenarioError, match="impossible team") as info:
        preset("islands", {"staff.safety": 0})
    assert info.value.name == "staff.safety"
    preset("integral", {"staff.safety": 0})  # a pooled team can do without


def test_malformed_toml_is_refused() -> None:
    with pytest.raises(ScenarioError, match="not valid TOML"):
        Scenario.from_toml("breadth = [")
    with pytest.raises(ScenarioError, match="unknown parameter"):
        Scenario.from_toml("bredth = 0.5")


def test_custom_professionals_from_a_scenario_file() -> None:
    text = """
profile = "custom"
domains = 2
[[professionals]]
specialty = "youth"
skills = {youth = 0.9, finance = 0.3}
[[professionals]]
specialty = "finance"
skills = {finance = 0.8}
"""
    scenario = Scenario.from_toml(text)
    assert scenario.staff_counts() == {"youth": 1, "finance": 1}
    # a specialty without a skill given is the specialist's `depth` (it was base_skill)
    from wijkteam.model.professionals import team_skills

    plain = Scenario.from_toml(text.replace("skills = {finance = 0.8}", "skills = {youth = 0.2}"))
    (_, _, youth), (_, _, finance) = team_skills(plain)
    assert (youth["youth"], youth["finance"]) == (0.9, 0.3)
    assert (finance["finance"], finance["youth"]) == (plain.depth, 0.2)
    # a key a professional cannot have is refused with a suggestion, not ignored
    with pytest.raises(ScenarioError, match=r"professionals\[1\]\.skils.*did you mean skills"):
        Scenario.from_toml(text.replace("skills = {finance", "skils = {finance"))
    with pytest.raises(ScenarioError, match="professionals"):
        Scenario.from_toml(text.replace('"finance"\nskills', '"pets"\nskills'))
    # without profile = "custom", professionals are refused in one line, whatever was given
    # (`= true` once crashed with a TypeError: found by the fuzz test)
    for given in ("true", "3", '"all"', "[{specialty = 'youth'}]"):
        with pytest.raises(ScenarioError, match="professionals.*only with profile=custom"):
            Scenario.from_toml(f"professionals = {given}\n")


def test_presets_differ_in_levers_only() -> None:
    """Islands and integral differ in exactly the levers the presets set differently (the
    ways of working of docs/ODD.md), nothing else: same neighbourhood, same team size."""
    from wijkteam.model.presets import INTEGRAL, ISLANDS

    islands, integral = preset("islands"), preset("integral")
    differing = {k for k, v in islands.to_flat().items() if integral.get(k) != v}
    levers = {k for k in ISLANDS.keys() | INTEGRAL.keys() if ISLANDS.get(k) != INTEGRAL.get(k)}
    assert differing == levers
    assert {"front_door", "intake_mode", "routing", "other_needs", "profile"} <= differing
    assert islands.staff_counts() == integral.staff_counts()


def test_numpy_scalars_are_valid_parameter_values() -> None:
    """Designs from numpy, SALib and the EMA workbench give numpy scalars; they count as the
    Python numbers they stand for, everywhere a parameter is set, and are stored as such."""
    import numpy as np

    from wijkteam.model.scenario import check_value

    s = Scenario().with_updates(
        {"staff.youth": np.int64(4), "breadth": np.float32(0.5), "team_meeting": np.bool_(True)}
    )
    assert s.staff["youth"] == 4 and type(s.staff["youth"]) is int
    assert s.breadth == 0.5 and type(s.breadth) is float
    assert s.team_meeting is True
    assert check_value("servers", np.int64(3)) == 3
    direct = Scenario(breadth=np.float64(0.25), team_meeting=np.bool_(False))
    assert type(direct.breadth) is float and direct.team_meeting is False
    assert Scenario.from_toml(direct.to_toml()) == direct  # storable as TOML
    with pytest.raises(ScenarioError, match="staff.youth.*whole number"):
        Scenario().with_updates({"staff.youth": np.float64(4.5)})


@pytest.mark.parametrize(
    ("updates", "key", "details"),
    [
        ({"arrivals_per_day": -1}, "range", {"lo": 0.001, "hi": 10000}),
        ({"staff.youth": "2.5"}, "whole_number", {}),
        ({"breadth": "wide"}, "number", {}),
        ({"case_lead": "maybe"}, "true_false", {}),
        ({"routing": "random"}, "choices", {"choices": ("desk", "skill")}),
        ({"arrivals_per_dya": 5}, "unknown", {"suggestions": ("arrivals_per_day",)}),
        ({"case_hours_per_week": 40}, "no_direct_hours", {}),
    ],
)
def test_errors_carry_a_key_and_the_values_a_translation_needs(updates, key, details) -> None:
    """A translation picks its sentence by `key` and fills it from `details`, so rewording
    the English message cannot silently lose the translation."""
    from wijkteam.model.parameters import MESSAGE_KEYS

    with pytest.raises(ScenarioError) as info:
        Scenario().with_updates(updates)
    assert info.value.key == key
    assert set(info.value.details) == set(MESSAGE_KEYS[key])
    for name, value in details.items():
        assert info.value.details[name] == value


def test_malformed_toml_carries_the_not_toml_key() -> None:
    with pytest.raises(ScenarioError) as info:
        Scenario.from_toml("arrivals_per_day = = 3")
    assert info.value.key == "not_toml" and info.value.details["reason"]


def test_coordination_reserve_and_direct_hours_share_one_formula() -> None:
    """The reserve a professional keeps and the direct hours left both start from the same
    available hours (contract less admin and meeting)."""
    s = Scenario().with_updates({"coordination_charge": "reserved", "coordination_share": 0.2})
    available = s.contract_hours * (1 - s.admin_share) - s.meeting_hours
    assert s.available_hours_per_week() == available
    assert s.coordination_budget_hours() == pytest.approx(0.2 * available)
    assert s.direct_hours_per_week() == pytest.approx(available - s.coordination_budget_hours())
