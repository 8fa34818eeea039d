"""The `wijkteam sweep`, `report`, `calibrate` and `discover` sub-commands.

`wijkteam/cli.py` calls `add_commands(subparsers)`. Importing this module is cheap: the model,
pandas, Dask and matplotlib are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from wijkteam.errors import UserError
from wijkteam.values import (
    max_events_value,
    parse_sets,
    points_value,
    sweep_replications_value,
    workers_value,
)


def add_commands(subparsers) -> None:
    """Register `sweep`, `report`, `calibrate` and `discover` on argparse sub-parsers."""
    p = subparsers.add_parser(
        "sweep",
        help="run an experiment file: factor points x ways of working x replications",
        description="Run every (factor point, way of working, replication) of an experiment "
        "file and write tidy results as Parquet parts under --out. Ways of working in the same "
        "replication share common random numbers. A killed sweep is finished with --resume.",
    )
    p.add_argument(
        "file",
        help="experiment file (TOML), e.g. experiments/headline.toml, or the "
        "name of a shipped experiment such as 'headline'",
    )
    p.add_argument("--out", help="results folder (default: results/NAME)")
    p.add_argument(
        "--workers",
        type=workers_value,
        help="worker processes (default: all cores); with --dask local, the local cluster's",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS|local",
        help="run on a Dask scheduler at ADDRESS (tcp://host:8786), or 'local' "
        "for a local cluster on 127.0.0.1",
    )
    p.add_argument(
        "--replications",
        type=sweep_replications_value,
        help="override the file's number of replications (1 - 1,000)",
    )
    p.add_argument(
        "--max-events",
        type=max_events_value,
        metavar="N",
        help="refuse runs estimated at more than N events each (default: the file's "
        "max_events, else 2,000,000: about a minute per run)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="finish a sweep in --out: run only what is not on disk yet",
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="run the experiment with this parameter changed for every run (repeatable), "
        "e.g. --set multi_problem_share=0.05; not a factor, nor a parameter a way sets itself",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--plan",
        action="store_true",
        help="say how many runs the sweep has and how long they would take here (a sample of "
        "them is timed), then stop; nothing is written",
    )
    p.set_defaults(func=sweep_command)

    r = subparsers.add_parser(
        "report",
        help="analyse a results folder: CIs, paired differences, figures, Markdown",
        description="Per factor level and way of working, each KPI's mean with a 95% CI over "
        "replications; paired differences between ways; figures (PNG and SVG); sensitivity "
        "indices for Morris/Sobol designs. Writes DIR/report/.",
    )
    r.add_argument("dir", help="results folder written by `wijkteam sweep`")
    r.add_argument(
        "--kpi",
        action="append",
        dest="kpis",
        metavar="KPI",
        help="KPI to report (repeatable; default: the experiment's kpis); any KPI of the "
        "model (the rows `wijkteam compare` prints, by name: `wijkteam compare --json`)",
    )
    r.set_defaults(func=report_command)

    c = subparsers.add_parser(
        "calibrate",
        help="calibrate the unsourced parameters against the Dutch figures (rejection ABC)",
        description="Sample the unsourced parameters of the default neighbourhood over their "
        "prior ranges (a Latin hypercube from a calibration experiment file), run every point "
        "on the sweep engine, and accept the points whose mean Dutch figures all lie in the "
        "published ranges (rejection ABC; the nearest points when too few do). Writes "
        "DIR/calibration/: accepted.csv, points.csv, posterior.csv, calibration.md. A killed "
        "calibration is finished with --resume.",
    )
    c.add_argument(
        "file",
        nargs="?",
        default="calibration",
        help="calibration experiment file (default: the shipped calibration.toml)",
    )
    c.add_argument("--out", help="results folder (default: results/NAME, or NAME-quick)")
    c.add_argument(
        "--quick",
        action="store_true",
        help="a small run to check the machinery (CI): 12 points, 1 replication, 1 year",
    )
    c.add_argument(
        "--points",
        type=points_value,
        help="override the number of Latin-hypercube points (1 - 100,000)",
    )
    c.add_argument(
        "--replications",
        type=sweep_replications_value,
        help="override replications per point (1 - 1,000)",
    )
    c.add_argument(
        "--min-accepted",
        type=int,
        default=10,
        help="accept at least this many points (the nearest, if fewer match; default 10)",
    )
    where = c.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    where.add_argument("--dask", metavar="ADDRESS|local", help="run on a Dask scheduler")
    c.add_argument("--resume", action="store_true", help="finish a calibration in --out")
    c.add_argument("--no-progress", action="store_true", help="no progress bar")
    c.add_argument(
        "--plan",
        action="store_true",
        help="say how many runs the calibration has and how long they would take here, then "
        "stop; nothing is written",
    )
    c.set_defaults(func=calibrate_command)

    d = subparsers.add_parser(
        "discover",
        help="where does integral win? shares of worlds and PRIM boxes from a sweep",
        description="Analyse a Latin-hypercube sweep of islands and integral (e.g. "
        "where-integral-wins.toml): per headline outcome the share of worlds in which the "
        "integral team does better (95% Wilson interval) and the PRIM box of conditions "
        "where islands do. Writes DIR/discovery/: discovery.md, worlds.csv and a figure.",
    )
    d.add_argument("dir", help="results folder written by `wijkteam sweep`")
    d.set_defaults(func=discover_command)


SHIPPED = Path(__file__).parent


def shipped_experiments() -> list[str]:
    """Names of the experiment files installed with the package."""
    return sorted(p.stem for p in SHIPPED.glob("*.toml"))


#: where results go when --out is not given
RESULTS = Path("results")


def resolve_experiment(name: str) -> Path:
    """A path as given; else the shipped experiment of that name. The docs write shipped
    experiments as `experiments/NAME.toml` (their place in the source tree), so that form also
    finds them from an installed package, outside the source tree."""
    path = Path(name)
    if path.exists():
        return path
    if path.parent in (Path("."), Path("experiments")) and path.suffix in ("", ".toml"):
        shipped = SHIPPED / f"{path.stem}.toml"
        if shipped.exists():
            return shipped
    from wijkteam.model.parameters import did_you_mean

    hint = did_you_mean(path.stem, shipped_experiments())
    raise UserError(
        f"experiment file {name}: no such file, and no shipped experiment of that name; "
        f"{hint}(shipped: {', '.join(shipped_experiments())})"
    )


def named_for_anywhere(name: str) -> str:
    """The experiment file as the report's reproduce and resume commands name it, so that
    they work from any folder: a file by its absolute path (the path as typed held only in
    the folder the sweep ran from), a shipped experiment by its name, as given."""
    path = Path(name)
    return str(path.resolve()) if path.exists() else name


def sweep_command(args: argparse.Namespace) -> int:
    """Handler of `wijkteam sweep`."""
    import dataclasses
    import warnings

    from .design import load_experiment

    # If something kills Python's resource tracker (an OOM killer, a user), multiprocessing
    # relaunches it and warns in raw text at exit; the sweep's results are not affected.
    warnings.filterwarnings("ignore", message="resource_tracker: process died unexpectedly")
    if args.out is not None and not args.out.strip():
        raise UserError("--out '': empty; give a folder, or leave --out out for results/NAME")
    if args.dask is not None and not args.dask.strip():  # it ran on the process pool
        raise UserError("--dask '': empty; give a scheduler's address, or 'local'")
    if args.workers is not None and args.dask not in (None, "local"):
        raise UserError(
            f"--workers {args.workers} with --dask {args.dask}: a running scheduler's workers "
            "are those started with it; --workers goes with a process pool or --dask local"
        )
    spec = load_experiment(resolve_experiment(args.file), args.replications, parse_sets(args.set))
    # as the report names it; and the budget the command line asks for
    changes: dict[str, Any] = {"path": named_for_anywhere(args.file)}
    if args.max_events is not None:
        changes["max_events"] = args.max_events
    spec = dataclasses.replace(spec, **changes)
    out = Path(args.out) if args.out else RESULTS / spec.name  # a validated plain name
    spec = keep_replications(spec, out, args)
    if args.plan:
        print(plan_sweep(spec, out, args))
        return 0
    print(run_sweep(spec, out, args).text())
    return 0


def keep_replications(spec, out: Path, args: argparse.Namespace):
    """On --resume the folder's replications hold unless --replications asks for more.

    Why: a resume that took the experiment file's smaller number quietly shrank the
    experiment (its manifest and report said fewer, and the runs beyond lay unused in
    parts/); a smaller --replications would do the same, so it is refused."""
    import dataclasses

    from .engine import manifest_of
    from .store import ResultStore

    if not args.resume or not out.is_dir():
        return spec
    store = ResultStore(out)
    old = store.manifest()
    held = int(old.get("replications", 0)) if old else 0
    if held <= spec.replications:
        return spec
    # a folder of another experiment is refused first: "resuming with N replications" and
    # then "another experiment" was two messages that contradicted each other
    store.check_resumable(manifest_of(spec))
    if args.replications is not None:
        raise UserError(
            f"--replications {args.replications}: {out} holds a sweep of {held} replications; "
            f"a resume may add replications, not drop them: give {held} or more, or leave "
            "--replications out"
        )
    print(f"resuming with the {held} replications {out} was started with", file=sys.stderr)
    return dataclasses.replace(spec, replications=held)


def plan_sweep(spec, out: Path, args: argparse.Namespace) -> str:
    """`sweep --plan`: the sweep's size and its estimated time here (`estimate.py`). With
    --resume, the runs already in `out` are left out, read without moving anything. A
    folder holding another experiment's or model's results is refused first, as the sweep
    itself would refuse it (the plan advised --resume, which then failed)."""
    from .engine import manifest_of
    from .estimate import estimate
    from .executors import default_workers
    from .store import ResultStore

    store = ResultStore(out)
    store.refuse_other_files()
    store.check_resumable(manifest_of(spec))
    done: frozenset[str] = frozenset()
    if args.resume and out.is_dir():
        done = frozenset(store.done_ids(quarantine=False))
    workers = None if args.dask not in (None, "local") else args.workers or default_workers()
    holds = not args.resume and store.holds_experiment()
    plan = estimate(spec, done, say=lambda text: print(text, file=sys.stderr))
    return plan.text(out, workers, holds_results=holds)


def run_sweep(spec, out: Path, args: argparse.Namespace):
    """Check, lock and run a sweep into `out` on the executor the command line asked for
    (`--workers`, `--dask`, `--resume`, `--no-progress`); shared by `sweep` and `calibrate`,
    so both get the budget, the folder's lock and the one-line report of a dead worker, and
    stop alike on Ctrl-C and on SIGTERM."""
    from .executors import sigterm_as_interrupt

    with sigterm_as_interrupt():  # `kill` stops a sweep as Ctrl-C does, with the same hint
        return _run_sweep(spec, out, args)


def _run_sweep(spec, out: Path, args: argparse.Namespace):
    """`run_sweep`, once SIGTERM is an interrupt too."""
    from concurrent.futures.process import BrokenProcessPool

    from .engine import execute, prepare
    from .executors import make_executor

    prepared = prepare(spec, out, resume=args.resume)  # before any worker starts
    try:
        executor = make_executor(args.workers, args.dask)
    except BaseException:
        prepared.abandon()  # no scheduler, Ctrl-C while workers start: leave no folder
        raise
    finished = False
    try:
        summary = execute(prepared, executor, progress=not args.no_progress)
        finished = True
        return summary
    except BrokenProcessPool as exc:
        # A worker was killed (out of memory, a signal): what finished is safe on disk.
        raise UserError(
            f"a worker process died ({exc}); the runs that finished are in {out}: "
            "run the same command with --resume to go on"
        ) from None
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM (its subclass `Terminated`)
        if prepared.created and not prepared.store.part_files():
            # nothing finished: a folder that said it held results (and asked for --resume)
            # would only be in the way of the same command given again
            prepared.abandon()
            raise type(stop)(
                f"stopped before any run finished: nothing was kept, and {out} was removed "
                "again; the same command starts the sweep afresh"
            ) from None
        raise type(stop)(
            f"the runs that finished are in {out}: run the same command with --resume to go on"
        ) from None
    finally:
        executor.close(finished)


QUICK_CALIBRATION = {"points_wanted": 12, "replications": 1, "horizon_days": 220.0}


def calibrate_command(args: argparse.Namespace) -> int:
    """Handler of `wijkteam calibrate`: a sweep of the calibration design, then ABC."""
    import dataclasses

    from . import calibration
    from .analysis import load
    from .design import load_experiment

    for flag in ("points", "replications", "workers", "min_accepted"):
        value = getattr(args, flag)
        if value is not None and value < 1:
            raise UserError(f"--{flag.replace('_', '-')} {value}: must be at least 1")
    spec = load_experiment(resolve_experiment(args.file))
    if spec.design != "lhs":
        raise UserError(f'{args.file}: a calibration needs design = "lhs", not {spec.design!r}')
    name = spec.name
    if args.quick:
        q = QUICK_CALIBRATION
        spec = dataclasses.replace(
            spec,
            points_wanted=int(q["points_wanted"]),
            replications=int(q["replications"]),
            overrides={**spec.overrides, "horizon_days": q["horizon_days"]},
        )
        name = f"{name}-quick"
    if args.points:
        spec = dataclasses.replace(spec, points_wanted=args.points)
    if args.replications:
        spec = dataclasses.replace(spec, replications=args.replications)
    spec = dataclasses.replace(spec, path=args.file)
    out = Path(args.out) if args.out else Path("results") / name
    if args.plan:
        print(plan_sweep(spec, out, args))
        return 0
    print(run_sweep(spec, out, args).text())
    cal = calibration.analyse(load(out), args.min_accepted)
    folder = calibration.write(cal, out)
    print(calibration.summary_text(cal))
    print(f"accepted parameter sets and their spread written to {folder}")
    return 0


def discover_command(args: argparse.Namespace) -> int:
    """Handler of `wijkteam discover`."""
    from .discovery import write

    out = write(Path(args.dir))
    print((out / "discovery.md").read_text(encoding="utf-8"))
    print(f"written to {out}")
    return 0


def report_command(args: argparse.Namespace) -> int:
    """Handler of `wijkteam report`."""
    from .report import write_report
    from .store import stderr_notice

    path = write_report(Path(args.dir), kpis=args.kpis, warn=stderr_notice)
    print(f"report written to {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """A stand-alone driver (`python -m wijkteam.experiments.commands`): the tests start a
    sweep in its own process with it, to kill it part-way. Users go through `wijkteam`,
    which wires these sub-commands in (wijkteam/cli.py)."""
    import sys

    from wijkteam.model import ScenarioError

    parser = argparse.ArgumentParser(prog="wijkteam")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (UserError, ScenarioError) as exc:
        print(f"wijkteam: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
