"""Conservation (docs/ODD.md), as properties over random scenarios: every request is
accounted for at every moment (waiting + intake + treatment + the four outcomes = arrived),
nobody carries more cases than their caseload limit, and nobody works more hours than they
have."""

from __future__ import annotations

import gc

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkteam.model import PRESETS, WijkteamModel, preset

LEVERS = {
    "front_door": st.sampled_from(["desk", "single"]),
    "intake_mode": st.sampled_from(["desk", "explore"]),
    "routing": st.sampled_from(["desk", "skill"]),
    "other_needs": st.sampled_from(["refer", "consult"]),
    "case_lead": st.booleans(),
    "team_meeting": st.booleans(),
    "profile": st.sampled_from(["I", "T", "pi", "generalist"]),
    "breadth": st.floats(0, 1),
    "arrivals_per_day": st.floats(0.5, 12),
    "multi_problem_share": st.floats(0, 1),
    "p_present_root": st.floats(0, 1),
    "coordination_share": st.floats(0, 0.5),
    "admin_share": st.floats(0, 0.6),
    "patience_days_mean": st.floats(0, 80),
    "relapse_prob": st.floats(0, 1),
    "learning_rate": st.floats(0, 0.5),
    "intake_hours": st.floats(0, 3),
    "severity_growth_per_year": st.floats(0, 2),
}


@st.composite
def scenarios(draw):
    base = draw(st.sampled_from([p for p in PRESETS if not p.startswith("mmc")]))
    updates = {name: draw(strategy) for name, strategy in LEVERS.items() if draw(st.booleans())}
    updates.update(
        warmup_days=draw(st.floats(0, 60)),
        horizon_days=draw(st.floats(20, 150)),
        sample_every_days=5.0,
    )
    return preset(base, updates)


def check_books(model: WijkteamModel) -> None:
    census = model.census()
    arrived = census.pop("arrived")
    assert sum(census.values()) == arrived == len(model.cases)
    for p in model.team:
        assert 0 <= len(p.cases) <= p.limit
        # coordination time held in a slot displaces a case: never laid over a full caseload
        assert len(p.cases) + p.blocked <= p.limit
        assert 0 <= p.n_intake <= len(p.cases)
        # the week's consultation budget renews, it does not pile up
        assert -1e-9 <= p.consult_left <= model.coordination_budget + 1e-9
    # the open requests are kept oldest first: the weekly meeting relies on it
    arrivals = [case.arrival for case in model.cases.live.values()]
    assert arrivals == sorted(arrivals)
    waiting = sum(q.n for q in model.queues)
    assert waiting == census["waiting"]
    s = model.params
    # Every hour of a week is direct, intake, admin, meeting or the coordination reserve, so
    # the hours worked equal the pro-rata hours available, except that the weekly meeting and
    # reserve are booked when the week starts: in the current week and in the week that
    # straddles the start of the window, they can be spent before the pro-rata hours accrue.
    # So at most two weeks' meeting and reserve beyond the available hours, not a spare week.
    meeting = s.meeting_hours if s.team_meeting else 0.0
    slack = 2 * (model.coordination_budget + meeting)
    for hours in model.workload.hours():
        worked = hours["direct"] + hours["intake"] + hours["coordination"] + hours["admin"]
        assert worked <= hours["available"] + slack + 1e-6
        # coordination (consultations and meetings) within the weekly reserve and meetings
        weeks = hours["available"] / s.contract_hours
        assert hours["coordination"] <= weeks * (model.coordination_budget + meeting) + slack + 1e-6


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), seed=st.integers(0, 2**31), cuts=st.integers(2, 6))
def test_every_request_and_hour_accounted_for(scenario, seed, cuts) -> None:
    model = WijkteamModel(scenario, seed=seed)
    for i in range(1, cuts + 1):
        model.run_until(model.end_time if i == cuts else model.end_time * i / cuts)
        check_books(model)
    assert model.now == model.end_time == model.time


def test_the_model_leaves_no_cyclic_garbage() -> None:
    """The collector is paused while events run (model/events.py); that is only safe if the
    model makes no reference cycles that become garbage."""
    model = WijkteamModel(preset("integral", {"horizon_days": 100}), seed=3)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        model.run()
        gc.collect()
        leftovers = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert leftovers == []
    assert gc.isenabled()


def test_arrivals_since_match_the_request_table() -> None:
    """What a live view asks of the request log between two looks — the kind and arrival of
    every request since the last one, whether still open or ended meanwhile — is what the
    request table says of those requests."""
    model = WijkteamModel(preset("islands", {"horizon_days": 60}), seed=4)
    model.run_until(model.params.warmup_days)
    known = len(model.cases)
    model.run()
    table = model.requests_frame()
    later = table[table["request"] >= known]
    expected = list(zip(later["kind"], later["arrival"], strict=True))
    got = model.cases.arrivals_since(known)
    assert got == expected and len(got) > 50
    assert {kind for kind, _ in got} > {"new"}  # repeats or returns among them too


def test_coordination_owed_by_a_full_professional_takes_the_next_free_slot() -> None:
    """A consultation charged to someone with no free slot is owed, not laid over the full
    caseload (where it displaced nothing until a case ended); the next slot that frees goes
    to it before any new case, and it holds that slot for the whole of its time."""
    model = WijkteamModel(preset("integral", {"horizon_days": 200}), seed=2)
    model.run_until(model.params.warmup_days + 50)
    full = [p for p in model.team if p.room == 0 and not p.owed]
    assert full, "the integral team should have someone with a full caseload"
    p = full[0]
    blocked, cases = p.blocked, len(p.cases)
    model.spend_coordination(p, model.params.consult_hours)
    assert (p.blocked, len(p.cases), len(p.owed)) == (blocked, cases, 1)
    step = 0.01
    while p.owed:
        before = len(p.cases) + p.blocked
        model.run_until(model.now + step)
    # the slot went to the owed time (one more block), and no new case beside it
    assert len(p.cases) + p.blocked <= p.limit
    assert p.blocked >= 1 and before == p.limit
