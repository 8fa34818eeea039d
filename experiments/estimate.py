"""How big a sweep is, and how long it would take on this machine, before it runs
(`wijkteam sweep --plan`).

A researcher choosing the size of a Sobol design, or whether a sweep needs the Dask
cluster, wants to know this before starting, not a minute into a progress bar. The work
budget (`model/budget.py`) estimates each run's events from its scenario. How many seconds
an event takes depends on the machine and on the way of working (an integral team does
more per request than islands, and a team near its limit more than one with room: timing
one middle-sized run of each way read 68 s for a sweep that took 113). So the plan times a
sample of real runs here, spread over the ways and sizes, and scales their CPU seconds per
estimated event to the whole sweep (a ratio estimate). The timed runs run in this process;
nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .design import ExperimentSpec, run_sizes
from .runs import Run, execute, make_plan, warm_up

#: Runs timed at least, for the estimate (two a way when there are more ways): ~10 s here.
#: Against the CPU seconds the runs took in real sweeps, a sample of 16 read 151.5 for
#: 152.6 (sensitivity) and 196 for 213 (levers); a sample of 8 read 111 for 152.6.
MIN_TIMED = 16


@dataclass(frozen=True)
class SweepEstimate:
    """The size of a sweep and its estimated cost here (CPU seconds of the runs to do)."""

    name: str
    points: int
    ways: int
    replications: int
    cells: int
    runs: int  # distinct runs of the whole sweep
    todo: int  # runs not yet on disk
    events: int  # estimated events of the runs to do
    smallest: int  # estimated events of the smallest and largest run
    largest: int
    max_events: int  # the work budget of one run
    timed: int  # runs timed for the estimate
    timed_cpu: tuple[float, float]  # CPU seconds of the fastest and slowest timed run
    cpu_seconds: float

    def wall_seconds(self, workers: int) -> float:
        """Wall time on `workers` processes that each take a run at a time. Runs are
        independent, so a pool of two cores does nearly twice the work of one
        (docs/performance.md, Sweeps)."""
        return self.cpu_seconds / max(1, min(workers, self.todo))

    def text(self, out: Path, workers: int | None, holds_results: bool = False) -> str:
        """What `wijkteam sweep --plan` prints. `workers` None: a Dask scheduler's;
        `holds_results`: `out` has results and no --resume was given."""
        lines = [
            f"{self.name}: {self.runs:,} runs for {self.cells:,} cells "
            f"({_count(self.points, 'factor point')} x {_count(self.ways, 'way')} x "
            f"{_count(self.replications, 'replication')}; identical runs are done once)",
        ]
        if self.todo == 0:
            lines.append(f"all of them are in {out} already: nothing is left to run")
            return "\n".join(lines)
        if self.todo < self.runs:
            lines.append(
                f"{self.runs - self.todo:,} of them are in {out} already; "
                f"the rest is {self.todo:,} runs"
            )
        sizes = (
            f"{self.smallest:,}"
            if self.smallest == self.largest
            else f"{self.smallest:,}–{self.largest:,}"
        )
        lines.append(
            f"each run an estimated {sizes} events (the budget allows {self.max_events:,} "
            f"a run); {self.events:,} in all"
        )
        fast, slow = self.timed_cpu
        lines.append(
            f"timed here just now, {self.timed} runs spread over the ways and sizes: "
            f"{fast:.2f}–{slow:.2f} CPU seconds a run"
        )
        total = f"about {duration(self.cpu_seconds)} of CPU time"
        what = "the runs left" if self.todo < self.runs else "the sweep"
        if workers is None:
            lines.append(f"{what} would take {total}; divide by the Dask workers")
        else:
            lines.append(
                f"{what} would take {total}: about "
                f"{duration(self.wall_seconds(workers))} with {workers} worker"
                f"{'s' if workers != 1 else ''}, and a few seconds to start them (a guide, "
                "not a promise: ±30% on a quiet machine, more on a busy one)"
            )
        if holds_results:
            lines.append(
                f"nothing was written to {out}; it holds results already: leave out --plan and "
                "add --resume to finish that sweep, or choose another --out"
            )
        else:
            lines.append(f"nothing was written to {out}; leave out --plan to run it")
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def duration(seconds: float) -> str:
    """Seconds as a person says them: '40 s', '12 minutes', '3.5 hours'."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds / 3600:.1f} hours"


def timed_sample(runs: list[Run], size: dict[str, int], k: int) -> list[Run]:
    """`k` runs spread evenly over the sweep, ordered by way and then by size: every way
    and every size is in it, in proportion (a systematic sample, the same every time)."""
    valid = sorted(
        (run for run in runs if size[run.run_id] > 0),
        key=lambda run: (run.way, size[run.run_id], run.run_id),
    )
    if len(valid) <= k:
        return valid
    step = len(valid) / k
    return [valid[int((i + 0.5) * step)] for i in range(k)]


def estimate(
    spec: ExperimentSpec, done: frozenset[str] = frozenset(), say: Callable[[str], None] = print
) -> SweepEstimate:
    """The plan of `spec` with its cost here; `done`: run_ids already on disk (--resume);
    `say` tells the user what is being timed (it takes seconds). Refuses (UserError) what
    the sweep would refuse: runs beyond the work budget."""
    at = run_sizes(spec)  # refuses what the sweep would refuse
    plan = make_plan(spec)
    size = {cell["run_id"]: at[cell["point"], cell["way"]] for cell in plan.cells}
    todo = [run for run in plan.runs if run.run_id not in done]
    sample = timed_sample(plan.runs, size, max(MIN_TIMED, 2 * len(spec.ways))) if todo else []
    if sample:
        say(f"{spec.name}: timing {len(sample)} of its runs here, for the estimate ...")
        warm_up()  # the first run in a process would also pay for imports
    timed = [float(execute(run)["cpu_time_s"]) for run in sample]
    per_event = sum(timed) / max(1, sum(size[run.run_id] for run in sample))
    sizes = [size[run.run_id] for run in plan.runs] or [0]
    events = sum(size[run.run_id] for run in todo)
    return SweepEstimate(
        name=spec.name,
        points=len({cell["point"] for cell in plan.cells}),
        ways=len(spec.ways),
        replications=spec.replications,
        cells=len(plan.cells),
        runs=len(plan.runs),
        todo=len(todo),
        events=events,
        smallest=min(sizes),
        largest=max(sizes),
        max_events=spec.max_events,
        timed=len(timed),
        timed_cpu=(min(timed, default=0.0), max(timed, default=0.0)),
        cpu_seconds=per_event * events,
    )
