"""The `wijkteam sweep` and `wijkteam report` sub-commands.

`wijkteam/cli.py` calls `add_commands(subparsers)`. Importing this module is cheap: the model,
pandas, Dask and matplotlib are imported inside the handlers.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from wijkteam.errors import UserError
from wijkteam.values import max_events_value, sweep_replications_value, workers_value


def add_commands(subparsers) -> None:
    """Register `sweep` and `report` on an argparse sub-parser collection."""
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
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=workers_value, help="worker processes (default: all cores)"
    )
    where.add_argument(
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
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=sweep_command)

    r = subparsers.add_parser(
        "report",
        help="analyse a results folder: CIs, paired differences, figures, Markdown",
        description="Per factor level and way of working, each KPI's mean with a 95%% CI over "
        "replications; paired differences between ways; figures (PNG and SVG); sensitivity "
        "indices for Morris/Sobol designs. Writes DIR/report/.",
    )
    r.add_argument("dir", help="results folder written by `wijkteam sweep`")
    r.add_argument(
        "--kpi",
        action="append",
        dest="kpis",
        metavar="KPI",
        help="KPI to report (repeatable; default: the experiment's kpis)",
    )
    r.set_defaults(func=report_command)


#: where results go when --out is not given
RESULTS = Path("results")


def resolve_experiment(name: str) -> Path:
    """A path as given, or the shipped experiment of that name."""
    path = Path(name)
    if path.exists() or path.suffix == ".toml" and path.parent != Path("."):
        return path
    shipped = Path(__file__).parent / f"{path.stem}.toml"
    return shipped if shipped.exists() else path


def sweep_command(args: argparse.Namespace) -> int:
    """Handler of `wijkteam sweep`."""
    import dataclasses
    import warnings

    from .design import load_experiment
    from .engine import execute, prepare
    from .executors import make_executor

    # If something kills Python's resource tracker (an OOM killer, a user), multiprocessing
    # relaunches it and warns in raw text at exit; the sweep's results are not affected.
    warnings.filterwarnings("ignore", message="resource_tracker: process died unexpectedly")
    if args.out is not None and not args.out.strip():
        raise UserError("--out '': empty; give a folder, or leave --out out for results/NAME")
    spec = load_experiment(resolve_experiment(args.file), args.replications)
    # as the user named it, for the report; and the budget the command line asks for
    changes = {"path": args.file}
    if args.max_events is not None:
        changes["max_events"] = args.max_events
    spec = dataclasses.replace(spec, **changes)
    out = Path(args.out) if args.out else RESULTS / spec.name  # a validated plain name
    from concurrent.futures.process import BrokenProcessPool

    prepared = prepare(spec, out, resume=args.resume)  # before any worker starts
    try:
        executor = make_executor(args.workers, args.dask)
    except BaseException:
        prepared.close()
        raise
    try:
        summary = execute(prepared, executor, progress=not args.no_progress)
    except BrokenProcessPool as exc:
        # A worker was killed (out of memory, a signal): what finished is safe on disk.
        raise UserError(
            f"a worker process died ({exc}); the runs that finished are in {out}: "
            "run the same command with --resume to go on"
        ) from None
    finally:
        executor.close()
    print(summary.text())
    return 0


def report_command(args: argparse.Namespace) -> int:
    """Handler of `wijkteam report`."""
    from .report import write_report

    path = write_report(Path(args.dir), kpis=args.kpis)
    print(f"report written to {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """A stand-alone driver (`python -m wijkteam.experiments.commands`), for tests and for
    use before the main `wijkteam` command wires these in."""
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
