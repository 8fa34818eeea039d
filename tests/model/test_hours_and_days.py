"""Hours become working days at the pace of the caseload: an intake, a consultation and a
block of coordination hold a caseload slot for `hours x 5 / case_hours_per_week` working days
(a week of five working days, each case getting `case_hours_per_week`). Checked by hand in the
runs themselves: a slip between hours, days and weeks changes every waiting time and every
cost, and passed the other tests."""

from __future__ import annotations

import pytest

from wijkteam.model import WijkteamModel, preset


def slot_days(hours: float, case_hours_per_week: float) -> float:
    return hours * 5 / case_hours_per_week


def test_an_intake_lasts_its_hours_at_the_pace_of_the_caseload() -> None:
    model = WijkteamModel(preset("integral", {"horizon_days": 60}), seed=3)
    model.follow(30)
    model.run()
    s = model.params
    expected = slot_days(s.intake_hours, s.case_hours_per_week)  # 1.5 h at ~0.54 h a week
    assert expected == pytest.approx(14.0, abs=0.05)
    case = next(c for c in model.cases.followed if c.journey)
    times = {kind: t for t, kind, _ in reversed(case.journey)}  # the first of each kind
    assert times["intake_done"] - times["intake"] == pytest.approx(expected)


def test_a_consultation_holds_a_slot_of_both_for_its_hours() -> None:
    """Every consultation charges its hours to the holder and to the colleague asked, and
    the charge holds a slot of each for the hours at the caseload's pace (or is owed, by a
    professional with no free slot, until one frees)."""
    model = WijkteamModel(preset("integral", {"horizon_days": 60}), seed=4)
    s = model.params
    assert (s.other_needs, s.coordination_charge) == ("consult", "spent")
    spent: list[tuple[int, float]] = []
    consults: list[tuple[int, int, list[tuple[int, float]]]] = []
    spend, consult = model.spend_coordination, model.consult

    def spend_spy(q, hours):
        spent.append((q.pid, hours))
        room, blocked, owed = q.room, q.blocked, len(q.owed)
        spend(q, hours)
        if room > 0:  # a slot is held now, until the hours are over
            ends = [e[0] for e in model.events._heap if e[2] == model._on_coordination_spent]
            assert q.blocked == blocked + 1
            assert model.now + slot_days(hours, s.case_hours_per_week) == pytest.approx(max(ends))
        else:
            assert len(q.owed) == owed + 1
            assert q.owed[-1] == pytest.approx(slot_days(hours, s.case_hours_per_week))

    def consult_spy(case, p, colleague, domain):
        before = len(spent)
        consult(case, p, colleague, domain)
        consults.append((p.pid, colleague.pid, spent[before:]))

    model.spend_coordination = spend_spy
    model.consult = consult_spy
    model.run()
    assert len(consults) > 20
    for holder, colleague, charged in consults:
        assert sorted(charged) == sorted([(holder, s.consult_hours), (colleague, s.consult_hours)])


@pytest.mark.parametrize("way", ["islands", "integral"])
def test_a_team_with_room_to_spare_sees_everyone_at_once(way: str) -> None:
    """A fifth of a request a day for a whole team: nobody waits for a first contact."""
    model = WijkteamModel(
        preset(way, {"arrivals_per_day": 0.2, "warmup_days": 20, "horizon_days": 300}), seed=5
    )
    model.run()
    summary = model.summary()
    assert summary["requests"] > 30
    assert summary["p_wait"] == 0.0
    assert summary["first_contact_within_5_share"] == 1.0


def test_islands_refer_a_need_to_the_other_desks_intake() -> None:
    """With islands a need of another desk goes to that desk's own intake: the request
    waits for, and has, a second intake there (what sets the desk front door apart from a
    single one, where a colleague takes the need on without one)."""
    model = WijkteamModel(preset("islands", {"horizon_days": 120}), seed=6)
    intakes: dict[int, int] = {}
    referred: set[int] = set()
    start_intake, refer = model._start_intake, model._refer

    def intake_spy(p, case):
        intakes[case.rid] = intakes.get(case.rid, 0) + 1
        start_intake(p, case)

    def refer_spy(case, p, domain):
        referred.add(case.rid)
        refer(case, p, domain)

    model._start_intake = intake_spy
    model._refer = refer_spy
    model.run()
    again = {rid for rid, n in intakes.items() if n > 1}
    assert len(again) > 10 and again <= referred
