"""professionals.py: skill profiles, the caseload and its 'has room' registers, and the
hours a consultation costs."""

from __future__ import annotations

from wijkteam.model import WijkteamModel, preset
from wijkteam.model.professionals import team_skills


def test_profiles_shape_the_skills() -> None:
    base = {"depth": 0.9, "breadth": 0.5, "base_skill": 0.2}
    i_team = team_skills(preset("islands", {"profile": "I", **base}))
    t_team = team_skills(preset("islands", {"profile": "T", **base}))
    pi_team = team_skills(preset("islands", {"profile": "pi", **base}))
    spec, deep, skills = i_team[0]
    assert deep == (spec,) and skills[spec] == 0.9
    assert {k for d, k in skills.items() if d != spec} == {0.2}
    spec, deep, skills = t_team[0]
    assert skills[spec] == 0.9 and {k for d, k in skills.items() if d != spec} == {0.5}
    spec, deep, skills = pi_team[0]
    assert len(deep) == 2 and all(skills[d] == 0.9 for d in deep)
    assert len(i_team) == sum(preset("islands").staff_counts().values())


def test_taking_and_releasing_cases_keeps_the_room_registers_true() -> None:
    m = WijkteamModel(preset("integral", {"max_caseload": 2}), seed=0)
    p = m.team[0]
    m.run_for(40)  # the team fills up
    for q in m.team:
        assert (q.pid in m.room_all) == (q.room > 0)
        assert len(q.cases) + q.blocked <= q.limit
    assert p.room == 0 and p.pid not in m.room_all  # a busy team: full
    p.release(next(iter(p.cases.values())), m.now)
    assert p.pid in m.room_all and p.room == 1


def test_caseload_slots_are_counted_as_hours() -> None:
    m = WijkteamModel(preset("integral"), seed=0)
    p = m.team[0]
    p.flush(0.0)
    cases = m.cases
    m.run_for(10)
    p.flush(m.now)
    before = p.area_treat + p.area_intake
    load = len(p.cases)
    p.flush(m.now + 2.0)
    assert p.area_treat + p.area_intake - before == load * 2.0
    assert cases is m.cases


def test_a_consultation_costs_budget_and_is_counted_only_in_the_window() -> None:
    m = WijkteamModel(preset("integral"), seed=0)
    p = m.team[0]
    p.consult_left, p.hours_coordination = 5.0, 0.0
    p.coordinate(1.5, counted=False)
    assert (p.consult_left, p.hours_coordination) == (3.5, 0.0)
    p.coordinate(1.5, counted=True)
    assert (p.consult_left, p.hours_coordination) == (2.0, 1.5)


def test_learning_moves_skill_towards_the_cap_never_past_it() -> None:
    m = WijkteamModel(preset("integral"), seed=0)
    p = m.team[0]
    p.skills["housing"] = 0.3
    for _ in range(200):
        p.learn("housing", 0.1, 0.7)
    assert 0.69 < p.skills["housing"] <= 0.7
