"""The sweep: list the experiment's runs, skip those already on disk, execute the rest in
chunks on an executor, and write each finished chunk as a part file, with a progress bar.

A killed sweep is finished with `resume=True`: the run list is deterministic, so the runs still
missing are exactly those whose run_id has no row yet, and no run is done twice.

A sweep is prepared before any worker starts (`prepare`): the folder is locked, checked and
written, and every run's size is checked against the work budget, so a mistake costs one line
and no pool start-up. The lock is held until the last part is written.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from .design import ExperimentSpec, check_budget
from .executors import Executor, chunked
from .provenance import model_version
from .runs import Plan, Run, make_plan, with_design_points
from .store import ResultStore


@dataclass
class SweepSummary:
    """What a sweep did: runs in the experiment, already done before, run now, failed."""

    total: int
    skipped: int
    ran: int
    failed: int
    seconds: float
    out: Path
    failed_before: int = 0  # of the runs already done, those that had failed

    def text(self) -> str:
        earlier = f" ({self.failed_before} of them failed)" if self.failed_before else ""
        return (
            f"{self.out}: {self.total} runs in the experiment; {self.skipped} already done"
            f"{earlier}, {self.ran} run now in {self.seconds:.1f} s, {self.failed} failed"
        )


def manifest_of(spec: ExperimentSpec) -> dict:
    """What `wijkteam report` needs to know about the experiment."""
    return {
        "name": spec.name,
        "question": spec.question,
        "fingerprint": spec.fingerprint(),
        "model_version": model_version(),
        "ways": [w.name for w in spec.ways],
        "factors": spec.factor_names,
        "design": spec.design,
        "replications": spec.replications,
        "max_events": spec.max_events,
        "seed": spec.seed,
        "kpis": list(spec.kpis),
        "bounds": {} if spec.design == "grid" else {n: list(b) for n, b in spec.factors.items()},
        "samples": spec.points_wanted,
        "reference": spec.reference,
        "compare": spec.compare,
        "sets": {name: str(value) for name, value in spec.sets.items()},
        "source": spec.path,
        # what else makes the experiment, as text: a resume refused for a difference says
        # which (it said "different in: settings")
        "levels": {n: [str(v) for v in vs] for n, vs in spec.factors.items()}
        if spec.design == "grid"
        else {},
        "overrides": {name: str(value) for name, value in spec.overrides.items()},
        "pinned": {w.name: {k: str(v) for k, v in w.pinned.items()} for w in spec.ways},
        "base": hashlib.sha256(spec.base.to_toml().encode()).hexdigest()[:12],
    }


@dataclass
class Prepared:
    """A sweep ready to execute: its locked results folder, its plan and the runs to do."""

    spec: ExperimentSpec
    store: ResultStore
    plan: Plan
    todo: list[Run]
    created: bool = False  # the folder is this sweep's own, made by `prepare`
    failed_before: int = 0  # of the runs already done, those that had failed

    def close(self) -> None:
        self.store.unlock()

    def abandon(self) -> None:
        """Nothing will run (no executor could start, Ctrl-C before the first run): release
        the folder, and remove it if this sweep made it, so the same command can be given
        again as it was."""
        self.store.unlock()
        if self.created:
            self.store.remove_empty()


def prepare(spec: ExperimentSpec, out: str | Path, resume: bool = False) -> Prepared:
    """Lock and open the results folder and list the runs still to do; refuses (UserError)
    a folder that is busy, a file, unwritable or another experiment's, and runs beyond the
    work budget, before anything is written."""
    check_budget(spec)
    plan = make_plan(spec)
    store = ResultStore(out)
    created = not store.root.exists()
    store.refuse_other_files()
    store.lock()
    try:
        store.open(manifest_of(spec), spec.text, plan.cells, resume)
        done, failed = store.stored_ids() if resume else (set(), set())
    except BaseException:
        store.unlock()
        if created:
            store.remove_empty()
        raise
    todo = [r for r in plan.runs if r.run_id not in done]
    failed_before = sum(1 for r in plan.runs if r.run_id in failed)
    return Prepared(spec, store, plan, todo, created, failed_before)


def execute(prepared: Prepared, executor: Executor, progress: bool = True) -> SweepSummary:
    """Run the prepared runs on `executor`, writing each finished chunk; releases the folder
    at the end, whatever happens."""
    import time

    from tqdm import tqdm

    spec, store, runs, todo = prepared.spec, prepared.store, prepared.plan.runs, prepared.todo
    chunks = chunked(todo, executor.workers, spec.chunk_size)
    cells_by_run, factors = prepared.plan.cells_by_run(), list(spec.factor_names)
    start = time.perf_counter()
    failed = 0
    bar = tqdm(
        total=len(runs),
        initial=len(runs) - len(todo),
        unit="run",
        file=sys.stderr,
        disable=not progress,
        desc=spec.name,
        dynamic_ncols=True,
    )
    try:
        for rows in executor.run(chunks):
            store.write_part(with_design_points(rows, cells_by_run, factors))
            failed += sum(1 for row in rows if row["error"] is not None)
            bar.update(len(rows))
            bar.set_postfix(failed=failed, refresh=False)
    finally:
        bar.close()
        prepared.close()
    return SweepSummary(
        len(runs),
        len(runs) - len(todo),
        len(todo),
        failed,
        time.perf_counter() - start,
        store.root,
        prepared.failed_before,
    )


def sweep(
    spec: ExperimentSpec,
    out: str | Path,
    executor: Executor,
    resume: bool = False,
    progress: bool = True,
) -> SweepSummary:
    """Run every run of `spec` not yet in `out`; return what was done."""
    return execute(prepare(spec, out, resume), executor, progress)
