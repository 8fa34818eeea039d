"""A dashboard click beyond the work budget is refused before any worker is busy."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from wijkteam.dashboards.state import compare_steps
from wijkteam.model import preset
from wijkteam.model.budget import DEFAULT_MAX_EVENTS


def test_demand_ten_thousand_is_refused_at_once():
    huge = preset("integral", {"arrivals_per_day": 10000.0})
    with ThreadPoolExecutor(1) as pool:
        start = time.monotonic()
        snapshots = list(compare_steps(preset("islands"), huge, 10, 1, pool=pool))
        assert time.monotonic() - start < 5
    assert len(snapshots) == 1
    only = snapshots[0]
    assert only.done == 0 and only.error is not None
    assert f"{DEFAULT_MAX_EVENTS:,}" in only.error and "--max-events" in only.error


def test_a_normal_click_still_runs():
    small = {"warmup_days": 5.0, "horizon_days": 20.0}
    with ThreadPoolExecutor(1) as pool:
        snapshots = list(
            compare_steps(preset("islands", small), preset("integral", small), 2, 1, pool=pool)
        )
    assert snapshots[-1].error is None and snapshots[-1].done == 2
