"""The runs of an experiment, and how one chunk of them is executed.

A run is one (factor point, way of working, replication). Its seed depends only on the master
seed and the replication, so every way of working *and* every factor point of replication r
sees the same households (common random numbers): differences between ways, and the slope of
a KPI over a factor, are not blurred by sampling noise. Its `run_id` is a hash of everything
that determines its result (all parameters, seed, way, and the model version, a hash of the
model's source), so results can be matched across executors, worker counts and resumed sweeps.

Runs with identical parameters and seed are one run: islands that pin their coordination
reserve at zero while the integral team's is swept are simulated once per replication, not once
per factor point. The plan (`Plan.cells`) maps every (point, way, replication) to its run_id.

`run_chunk` is what a worker process executes: it builds each run's scenario and simulates it,
catching errors so that a run that raises becomes a row with its error, not a dead sweep.
"""

from __future__ import annotations

import hashlib
import json
import time
import traceback
from dataclasses import dataclass
from typing import Any

from wijkteam.model import Scenario, WijkteamModel, parameter_spec, simulate
from wijkteam.model.scenario import coerce

from .columns import POINT, point_column, stored, stored_row
from .design import ExperimentSpec
from .paired import replication_seeds
from .provenance import model_version, package_version

OBSERVED_PREFIX = "obs_"  # columns with the run's values of the Dutch figures (measures.py)


@dataclass(frozen=True)
class Run:
    """One simulation to do; picklable, small apart from the shared base scenario."""

    run_id: str
    experiment: str
    way: str
    replication: int
    seed: int
    base: Scenario
    updates: dict[str, Any]

    @property
    def params(self) -> dict[str, Any]:
        """Every flat parameter of the run, for the results table: made when asked, not
        kept (~5 KB a run, so a plan of 200,000 runs would hold a gigabyte of them)."""
        return flat_params(self.base, self.updates)


def run_id(params: dict[str, Any], professionals: list, way: str, seed: int) -> str:
    """A stable hash of everything that determines a run's result."""
    payload = json.dumps(
        {
            "params": params,
            "professionals": professionals,
            "way": way,
            "seed": seed,
            "model_version": model_version(),
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def flat_params(base: Scenario, updates: dict[str, Any]) -> dict[str, Any]:
    """The run's parameters without validating their combination (a run whose combination
    is impossible still needs a row that says so)."""
    flat = base.to_flat()
    for name, value in updates.items():
        flat[name] = coerce(name, value, parameter_spec(name)["default"])
    return flat


@dataclass(frozen=True)
class Plan:
    """The distinct runs of an experiment, and the cell table that places them: one row per
    (point, way, replication) with its factor values and run_id."""

    runs: list[Run]
    cells: list[dict[str, Any]]  # column names as stored (`staff__youth`)

    def cells_by_run(self) -> dict[str, list[dict[str, Any]]]:
        """The cells each run fills (one, or several when identical runs were merged)."""
        by_run: dict[str, list[dict[str, Any]]] = {}
        for cell in self.cells:
            by_run.setdefault(cell["run_id"], []).append(cell)
        return by_run


def make_plan(spec: ExperimentSpec) -> Plan:
    """All runs, replication-major so that a partial sweep already has whole replications."""
    points = spec.points()
    runs: dict[str, Run] = {}
    cells = []
    # The seeds of `wijkteam compare`: prefix-stable, so more replications extend a sweep.
    for r, seed in enumerate(replication_seeds(spec.seed, spec.replications)):
        for i, point in enumerate(points):
            for way in spec.ways:
                updates = way.updates(point, spec.overrides)
                params = flat_params(spec.base, updates)
                rid = run_id(params, list(spec.base.professionals), way.name, seed)
                if rid not in runs:
                    runs[rid] = Run(rid, spec.name, way.name, r, seed, spec.base, updates)
                cells.append(
                    {"point": i, "way": way.name, "replication": r, "run_id": rid}
                    | stored_row(point)
                )
    return Plan(list(runs.values()), cells)


def make_runs(spec: ExperimentSpec) -> list[Run]:
    """The distinct runs of an experiment."""
    return make_plan(spec).runs


def execute(run: Run) -> dict[str, Any]:
    """Simulate one run; a failure becomes the row's `error` instead of an exception."""
    start, cpu = time.perf_counter(), time.process_time()
    error = None
    kpis: dict[str, float] = {}
    try:
        kpis = measure(run.base.with_updates(run.updates), run.seed)
    except Exception as exc:  # noqa: BLE001 - a failing run must not stop the sweep
        last = traceback.extract_tb(exc.__traceback__)[-1]
        error = f"{type(exc).__name__}: {exc} (at {last.filename}:{last.lineno})"
    row: dict[str, Any] = {
        "run_id": run.run_id,
        "experiment": run.experiment,
        "way": run.way,
        "replication": run.replication,
        "seed": run.seed,
        "model_version": model_version(),
        "package_version": package_version(),
        "error": error,
        "wall_time_s": time.perf_counter() - start,
        "cpu_time_s": time.process_time() - cpu,
    }
    row.update(stored_row(run.params))
    row.update({k: float(v) for k, v in kpis.items()})
    return row


def with_design_points(
    rows: list[dict[str, Any]], cells_by_run: dict[str, list[dict[str, Any]]], factors: list[str]
) -> list[dict[str, Any]]:
    """The rows to store: one per cell a run fills, each carrying its design point (`point`
    and `point__<factor>`), so the stored results answer the common queries without a join
    with cells.parquet. A run that fills several cells is stored once per cell."""
    out = []
    for row in rows:
        for cell in cells_by_run.get(row["run_id"], [{POINT: None}]):
            point = {point_column(f): cell.get(stored(f)) for f in factors}
            out.append({**row, POINT: cell[POINT], **point})
    return out


def measure(scenario: Scenario, seed: int) -> dict[str, float]:
    """Simulate one run: its KPIs, and its values of the published Dutch figures (columns
    `obs_*`, what calibration compares with the targets)."""
    model = WijkteamModel(scenario, seed=seed)
    model.run()
    from .measures import dutch_measures

    observed = {f"{OBSERVED_PREFIX}{k}": v for k, v in dutch_measures(model).items()}
    return {**model.summary(), **observed}


def run_chunk(chunk: list[Run]) -> list[dict[str, Any]]:
    """Execute a chunk of runs in order (one task of an executor)."""
    return [execute(run) for run in chunk]


def warm_up() -> None:
    """Import and exercise the model once, so a worker's first task is not slower."""
    simulate(Scenario().with_updates({"warmup_days": 1.0, "horizon_days": 1.0}), seed=0)
