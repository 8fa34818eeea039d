"""What the ways of working do, and that the model can say "no": integral work finds the
question behind the question, but where few households have more than one problem and
coordination is dear, separate desks get people to the right help sooner."""

from __future__ import annotations

import pytest

from wijkteam.experiments.comparison import compare
from wijkteam.model import WijkteamModel, preset
from wijkteam.model.story import run_story
from wijkteam.model.ways_of_working import SkillRouting

# The setting in which islands win (README, "Where islands win"): few multi-problem
# households, people mostly ask for what they need, and consultation and meetings are dear.
ISLANDS_WIN = {
    "multi_problem_share": 0.05,
    "p_present_root": 0.9,
    "consult_hours": 3.0,
    "coordination_share": 0.25,
    "meeting_hours": 3.0,
}


def comparison(updates: dict, replications: int = 3):
    """Islands (A) vs integral (B) on common random numbers: one row per KPI."""
    return compare(
        preset("islands", updates), preset("integral", updates), replications, seed=1
    ).set_index("kpi")


# Each comparison is run once per module and read by the tests that ask about its KPIs
# (the same seeds give the same table, so running it per test only cost time).
@pytest.fixture(scope="module")
def by_default():
    return comparison({"horizon_days": 220})


@pytest.fixture(scope="module")
def where_islands_win():
    return comparison({**ISLANDS_WIN, "horizon_days": 220})


def test_integral_misroutes_less_on_the_default_neighbourhood(by_default) -> None:
    row = by_default.loc["misrouted_share"]
    assert row.diff_hi < 0, row


def test_integral_gets_households_to_the_right_help_sooner_by_default(by_default) -> None:
    row = by_default.loc["right_help_within_60_share"]
    assert row.diff_lo > 0, row  # more households helped within 60 days with integral (B)


def test_islands_win_where_needs_are_simple_and_coordination_dear(where_islands_win) -> None:
    row = where_islands_win.loc["wait_right_help_rmean_220"]
    assert row.diff_lo > 0, row  # integral (B) takes longer to the right help
    cost = where_islands_win.loc["cost_per_household"]
    assert cost.diff_lo > 0, cost  # and costs more per household
    # (It once also asserted that integral resolves fewer requests. That came from counting
    # requests still open at the run's end as unresolved: integral's longer intake leaves
    # more open. Measured within two years of the request, the two do not differ.)


@pytest.mark.slow  # 24 runs of 260 days: a claim about many replications, not a quick check
def test_the_mother_reaches_money_help_more_often_with_an_integral_team() -> None:
    """Her question is about her daughter; the root is money. Over many replications the
    integral intake gets her to money help within 60 days more often than a youth desk does
    (in the calibrated neighbourhood her money trouble often escalates first either way)."""
    found = {"islands": 0, "integral": 0}
    for seed in range(12):
        for way in found:
            story = run_story(preset(way, {"horizon_days": 260}), seed=seed)
            found[way] += story.right_help is not None and story.right_help < 60
    assert found["integral"] > found["islands"], found


# ---------------------------------------------------------------- a new lever value is a class
class LeastLoaded(SkillRouting):
    """A routing rule tried out here: a case goes to whoever with room carries the fewest
    open cases and may treat its next need (ties: who has had room longest)."""

    def __init__(self) -> None:
        self.chosen = 0

    def holder_for(self, model, case, current):
        domain = case.plan[0]
        fits = [p for p in model.room_all.values() if self.may_treat(model, p, domain)]
        if current is not None and self.may_treat(model, current, domain):
            return current
        if not fits:
            return None
        self.chosen += 1
        return min(fits, key=lambda p: len(p.cases))

    def accepts(self, model, p):
        return lambda case: self.may_treat(model, p, case.plan[0])


def test_a_new_routing_rule_is_one_class_and_runs() -> None:
    rule = LeastLoaded()
    scenario = preset("integral", {"horizon_days": 60, "warmup_days": 0, "breadth": 0.3})
    m = WijkteamModel(scenario, seed=2, ways={"routing": rule})
    assert m.ways.routing is rule and m.ways.front_door.holds_walk_in()
    m.run()
    assert rule.chosen > 0
    census = m.census()
    assert sum(v for k, v in census.items() if k != "arrived") == census["arrived"]
    req = m.requests_frame()
    treated = req[req["first_holder"].notna() & req["support_start"].notna()]
    assert len(treated)  # the rule's holders treated needs: the run did work under it


def test_an_unknown_lever_in_ways_is_refused() -> None:
    with pytest.raises(ValueError, match="rooting"):
        WijkteamModel(preset("integral"), seed=0, ways={"rooting": LeastLoaded()})


@pytest.mark.parametrize("profile", ["I", "T"])
def test_a_pooled_queue_adds_nothing_when_nobody_may_treat_outside_the_specialty(
    profile: str,
) -> None:
    """Skill routing pools the treatment queues, but only those who may treat a need alone
    may hold it. With I-shaped staff, or a T below `self_treat_skill` (the default breadth
    0.4 against 0.5), those are the need's own specialists, taken in the same order as at
    their desk: the runs are the same to the last digit (docs/experiments.md, Lever by
    lever). Only a T that reaches the bar lets the pooled queue change anything."""
    from wijkteam.model import simulate

    short = {"profile": profile, "front_door": "single", "horizon_days": 220.0}
    desk = simulate(preset("islands", short), seed=4)
    pooled = simulate(preset("islands", {**short, "routing": "skill"}), seed=4)
    same = {
        k for k in desk if desk[k] == pooled[k] or (desk[k] != desk[k] and pooled[k] != pooled[k])
    }
    assert same == set(desk)
    if profile == "T":  # above the bar some needs may go to a colleague: the runs part
        broad = {**short, "breadth": 0.6}
        desk = simulate(preset("islands", broad), seed=4)
        pooled = simulate(preset("islands", {**broad, "routing": "skill"}), seed=4)
        assert desk["utilisation_mean"] != pooled["utilisation_mean"]


def test_who_takes_a_need_weighs_the_wait_for_that_need_not_the_requests_age() -> None:
    """Issue 8's rule: a less skilled colleague may take a need once the household has
    waited *for that need* as long as the extra treatment time would be; the time since the
    request, spent whoever takes the need, does not count. Counting from the request handed
    every need that had waited for an intake to whoever had room (the zwolle-matured team
    then overloaded in every run). Here: requests back in the team's queue after their intake
    have waited since they joined it, not since they came."""
    from wijkteam.model.cases import WAITING
    from wijkteam.model.ways_of_working import waited_for_need

    model = WijkteamModel(preset("integral", {"horizon_days": 60}), seed=1)
    model.run()
    requeued = [
        c for c in model.cases.live.values() if c.stage == WAITING and c.queued_at > c.arrival + 5
    ]
    assert requeued  # requests that waited for an intake, then for a holder
    for case in requeued:
        assert waited_for_need(case, model.now) == pytest.approx(model.now - case.queued_at)
        assert waited_for_need(case, model.now) < model.now - case.arrival - 5
    in_care = next(c for c in model.cases.live.values() if c.stage != WAITING)
    assert waited_for_need(in_care, model.now) == 0.0  # an intake or treatment just ended


def test_a_consultation_pays_only_when_it_saves_more_than_both_peoples_hours() -> None:
    """By hand: a holder of skill 0.5 treats a need of mean severity in service_mean_days /
    0.5 working days; consulting a full specialist (transfer 1, no relapse from low skill)
    halves that, saving service_mean_days x the caseload's hours a day (139 x 0.536 / 5 =
    14.9 h). The consultation costs both of them `consult_hours`: it pays when twice those
    hours are less than the saving. At 0.4 of the saving per person it pays; at 0.6 it does
    not, though one person's hours alone would still be less than the saving."""
    from wijkteam.model.ways_of_working import Consult

    simple = {
        "horizon_days": 30.0,
        "warmup_days": 0.0,
        "severity_growth_per_year": 0.0,
        "low_skill_relapse": 0.0,
        "consult_transfer": 1.0,
    }
    s = preset("integral", simple)
    saving = s.service_mean_days * s.case_hours_per_week / 5  # (2 D - D) days x hours a day
    assert saving == pytest.approx(14.9, abs=0.05)
    for share, pays in ((0.4, True), (0.6, False)):
        m = WijkteamModel(preset("integral", {**simple, "consult_hours": share * saving}), seed=1)
        m.run_for(10)
        case = next(iter(m.cases.live.values()))
        domain = case.household.root
        case.household.severity[domain] = s.severity_mean
        holder = next(q for q in m.team if q.specialty != domain)
        holder.skills[domain] = 0.5
        assert Consult().pays(m, case, holder, 1.0, domain) is pays, share
        assert not Consult().pays(m, case, holder, 0.5, domain)  # no more skilled: no gain


@pytest.mark.parametrize("meeting_cases", [1, 20])
def test_the_weekly_meeting_reviews_the_oldest_stuck_cases_up_to_meeting_cases(
    meeting_cases: int,
) -> None:
    """Each meeting gives a second look to `meeting_cases` cases in treatment that came in at
    least `stuck_days` ago (10 here), the oldest first; when fewer are stuck, to all of them
    (at 20 the first meetings have fewer). Old cases still waiting or in their intake are
    passed over: they are not in care yet. Counted by hand before each meeting."""
    from wijkteam.model.cases import TREATMENT

    m = WijkteamModel(
        preset(
            "integral",
            {
                "horizon_days": 120.0,
                "warmup_days": 0.0,
                "stuck_days": 10.0,
                "meeting_cases": meeting_cases,
            },
        ),
        seed=3,
    )
    meetings: list[tuple[list, list]] = []
    not_in_care: list[int] = []  # old enough, but still waiting or in their intake
    reviewed: list | None = None
    meeting, detect = m._team_meeting, m._detect

    def meeting_spy() -> None:
        nonlocal reviewed
        old = sorted(
            (c for c in m.cases.live.values() if m.now - c.arrival >= m.params.stuck_days),
            key=lambda c: (c.arrival, c.rid),
        )
        stuck = [c for c in old if c.stage == TREATMENT]
        not_in_care.append(len(old) - len(stuck))
        reviewed = []
        meeting()
        meetings.append((stuck, reviewed))
        reviewed = None

    def detect_spy(case, skills, hours):
        if reviewed is not None:  # a look at a case during the meeting
            reviewed.append(case)
        return detect(case, skills, hours)

    m._team_meeting = meeting_spy
    m._detect = detect_spy
    m.run()
    assert len(meetings) == 24  # one a week of five working days
    assert any(len(stuck) > meeting_cases for stuck, _ in meetings) and any(not_in_care)
    if meeting_cases == 20:
        assert any(0 < len(stuck) < meeting_cases for stuck, _ in meetings)
    for stuck, looked in meetings:
        assert looked == stuck[:meeting_cases]
