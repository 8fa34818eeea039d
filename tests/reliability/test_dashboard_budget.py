"""A dashboard click beyond the work budget is refused before any worker is busy."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from wijkteam.dashboards.state import compare_steps
from wijkteam.model import preset
from wijkteam.model.budget import DEFAULT_MAX_EVENTS


class CountingPool(ThreadPoolExecutor):
    """A real thread pool that counts the jobs it is given."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers)
        self.submitted = 0

    def submit(self, fn, /, *args, **kwargs):
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


def test_demand_ten_thousand_is_refused_before_any_run():
    huge = preset("integral", {"arrivals_per_day": 10000.0})
    with CountingPool(1) as pool:
        snapshots = list(compare_steps(preset("islands"), huge, 10, 1, pool=pool))
    assert pool.submitted == 0  # not a single replication was started
    assert len(snapshots) == 1
    only = snapshots[0]
    assert only.done == 0 and only.error is not None
    assert f"{DEFAULT_MAX_EVENTS:,}" in only.error and "--max-events" in only.error


def test_a_normal_click_still_runs():
    small = {"warmup_days": 5.0, "horizon_days": 20.0}
    with CountingPool(1) as pool:
        snapshots = list(
            compare_steps(preset("islands", small), preset("integral", small), 2, 1, pool=pool)
        )
    assert snapshots[-1].error is None and snapshots[-1].done == 2
    assert pool.submitted == 4  # two replications of A and of B: the count above can see runs
