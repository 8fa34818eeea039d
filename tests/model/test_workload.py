"""workload.py: hours follow from caseload slots; the time series samples the team."""

from __future__ import annotations

import pytest

from wijkteam.model import WijkteamModel, preset
from wijkteam.model.workload import SERIES_COLUMNS, gini


@pytest.fixture(scope="module")
def model() -> WijkteamModel:
    m = WijkteamModel(preset("integral", {"warmup_days": 20.0, "horizon_days": 60.0}), seed=1)
    m.run()
    return m


def test_hours_are_the_slots_in_use_and_contract_hours_add_up(model: WijkteamModel) -> None:
    s = model.params
    weeks = 60.0 / 5.0
    per_slot_day = s.case_hours_per_week / 5.0
    for p, row in zip(model.team, model.workload.hours(), strict=True):
        assert row["available"] == pytest.approx(s.contract_hours * weeks)
        assert row["admin"] == pytest.approx(s.admin_share * s.contract_hours * weeks)
        assert row["direct"] == pytest.approx(p.area_treat * per_slot_day)
        assert row["intake"] == pytest.approx(p.area_intake * per_slot_day)
        # nobody works more case hours than the caseload limit allows
        assert row["direct"] + row["intake"] <= p.limit * per_slot_day * 60.0 + 1e-6


def test_the_time_series_samples_at_a_fixed_interval(model: WijkteamModel) -> None:
    samples = model.workload.samples
    times = [row[0] for row in samples]
    every = model.params.sample_every_days
    assert times == pytest.approx([i * every for i in range(len(times))])
    assert times[-1] == model.end_time
    for row in samples:
        sample = dict(zip(SERIES_COLUMNS, row, strict=True))
        assert 0 <= sample["utilisation"] <= 1
        assert sample["caseload_max"] <= max(p.limit for p in model.team)
        assert sample["professionals_full"] <= len(model.team)
        assert 0 <= sample["caseload_gini"] < 1


def test_gini_by_hand() -> None:
    """Equal loads 0; one professional with all the work (n - 1) / n; 1, 2, 3, 4: the mean
    absolute difference over all pairs (20 / 16 = 1.25) over twice the mean (5): 0.25."""
    assert gini([3, 3, 3]) == 0.0
    assert gini([0, 0, 0, 10]) == pytest.approx(0.75)
    assert gini([4, 1, 3, 2]) == pytest.approx(0.25)
    assert gini([]) == 0.0 and gini([0, 0]) == 0.0


def test_caseload_spread_is_the_mean_over_the_window_of_the_samples(model: WijkteamModel) -> None:
    """The summary's caseload spread averages the sampled spread over the measured window:
    a time average, which does not shrink as the window grows."""
    i = SERIES_COLUMNS.index("caseload_gini")
    s = model.summary()
    window = [row[i] for row in model.workload.samples if row[0] >= s["warmup_days_used"]]
    assert len(window) > 5
    assert s["caseload_gini"] == pytest.approx(sum(window) / len(window))


def test_nothing_is_counted_during_the_warm_up() -> None:
    m = WijkteamModel(preset("integral", {"warmup_days": 20.0}), seed=1)
    m.run_until(10.0)
    assert all(v == 0.0 for row in m.workload.hours() for v in row.values())


def test_hours_from_a_later_sample_count_the_weeks_from_then(model: WijkteamModel) -> None:
    """Hours counted from a warm-up chosen later (a sample time after the window start, as
    the summary does) are the contract hours of the weeks from then, and the case hours
    of those weeks: less than over the whole window, by the hours worked before."""
    s = model.params
    since = 50.0
    assert since in model.workload.accounts
    whole, later = model.workload.hours(), model.workload.hours(since=since)
    weeks = (model.now - since) / 5.0
    for a, b in zip(whole, later, strict=True):
        assert b["available"] == pytest.approx(s.contract_hours * weeks)
        assert b["admin"] == pytest.approx(s.admin_share * s.contract_hours * weeks)
        assert b["direct"] <= a["direct"] and b["intake"] <= a["intake"]
    assert sum(b["direct"] for b in later) < sum(a["direct"] for a in whole)


def test_the_sampled_counts_are_the_requests_in_each_stage(model: WijkteamModel) -> None:
    """The time series counts the same requests the census does: those waiting (for an
    intake or for treatment), in intake and in treatment."""
    sample = dict(zip(SERIES_COLUMNS, model.workload.snapshot(), strict=True))
    census = model.census()
    assert census["intake"] > 0 and census["treatment"] > 0
    assert sample["in_intake"] == census["intake"]
    assert sample["in_treatment"] == census["treatment"]
    assert sample["waiting_intake"] + sample["waiting_treatment"] == census["waiting"]


def test_an_overloaded_team_is_full_to_the_last_professional() -> None:
    """Twice the requests the team can serve (8 a day against about 4): within 300 working
    days every caseload is at its limit, and the time series says so (everyone full, the
    largest caseload the limit); a team with a request a week is never full."""

    def run(arrivals_per_day: float) -> WijkteamModel:
        scenario = preset(
            "integral",
            {"arrivals_per_day": arrivals_per_day, "warmup_days": 300.0, "horizon_days": 20.0},
        )
        m = WijkteamModel(scenario, seed=1)
        m.run()
        return m

    busy = run(8.0)
    sample = dict(zip(SERIES_COLUMNS, busy.workload.samples[-1], strict=True))
    assert sample["professionals_full"] == len(busy.team)
    assert sample["caseload_max"] == max(p.limit for p in busy.team)
    full = SERIES_COLUMNS.index("professionals_full")
    assert max(row[full] for row in run(0.2).workload.samples) == 0
