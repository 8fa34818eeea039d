"""The `wijkteam` command: run, compare, story, params — and sweep, report and dashboard
from the experiments and dashboards packages.

Every mistake of the user's (a bad parameter, a missing file) is one line on stderr and exit
code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path
from typing import Any

from wijkteam import __version__
from wijkteam.errors import Terminated, UserError, one_line
from wijkteam.files import read_text
from wijkteam.formatting import diff_text, number_text, value_text
from wijkteam.values import (
    household_value,
    max_events_value,
    number_value,
    parse_sets,
    replications_value,
    seed_value,
    workers_value,
)

EXAMPLES = """examples:
  wijkteam run --preset islands
  wijkteam run --preset integral --set arrivals_per_day=3.7 --set breadth=0.6 --json
  wijkteam compare --replications 10
  wijkteam story --example mother --language nl
  wijkteam params
"""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `wijkteam` command; returns the exit code."""
    parser = build_parser()
    try:  # some option types load the model: a Ctrl-C meanwhile is no traceback either
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        print("wijkteam: interrupted", file=sys.stderr)
        return 130
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(one_line(f"wijkteam: error: {exc}"), file=sys.stderr)
        return 2
    except ValueError as exc:  # ScenarioError is a ValueError naming parameter and range
        from wijkteam.model import ScenarioError

        if isinstance(exc, ScenarioError):
            print(one_line(f"wijkteam: error: {exc}"), file=sys.stderr)
            return 2
        raise
    except MemoryError:
        print("wijkteam: error: out of memory; lower the work (see --max-events)", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:  # a sweep says where its runs are and how to go on
        how, code = ("terminated", 143) if isinstance(exc, Terminated) else ("interrupted", 130)
        print(one_line(f"wijkteam: {how}{f'; {exc}' if str(exc) else ''}"), file=sys.stderr)
        return code
    except BrokenPipeError:  # e.g. `wijkteam params | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a full disk, a folder that became read-only: not a program bug
        where = f" {exc.filename!r}" if exc.filename else ""
        print(one_line(f"wijkteam: error:{where} {exc.strerror or exc}"), file=sys.stderr)
        return 2


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line (what is wrong, where to read more) and exit
    code 2, like every other mistake of the user's; sub-parsers inherit the class."""

    def error(self, message: str):
        self.exit(2, one_line(f"{self.prog}: error: {message} (see {self.prog} --help)") + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="wijkteam",
        description="Simulate a Dutch neighbourhood social team (sociaal wijkteam): waiting "
        "times, misrouted questions and workload when a team works as islands of "
        "specialists or as one integral team.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"wijkteam {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="run one scenario and print its outcomes",
        description="Run one scenario (warm-up + horizon) and print its KPIs.",
    )
    _scenario_options(run)
    run.add_argument("--seed", type=seed_value, default=0, help="random seed (default 0)")
    run.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    run.add_argument(
        "--save-scenario",
        metavar="FILE",
        type=Path,
        help="also write the full scenario as TOML to FILE",
    )
    run.set_defaults(func=cmd_run)

    cmp_ = sub.add_parser(
        "compare",
        help="islands vs integral (or --a/--b) on common random numbers",
        description="Compare two configurations on the same households: per KPI the mean of "
        "A and B and the paired difference B - A with its 95% confidence interval. "
        "--preset/--scenario/--set set the neighbourhood and team both share; --a and --b "
        "name the presets whose levers differ (default: islands vs integral).",
    )
    _scenario_options(cmp_)
    cmp_.add_argument("--a", default="islands", help="preset of configuration A (islands)")
    cmp_.add_argument("--b", default="integral", help="preset of configuration B (integral)")
    cmp_.add_argument(
        "--replications",
        "-r",
        type=replications_value,
        default=10,
        help="replications per configuration, 2 - 1,000 (default 10)",
    )
    cmp_.add_argument("--seed", type=seed_value, default=0, help="master seed (default 0)")
    cmp_.add_argument(
        "--workers",
        type=workers_value,
        help="worker processes, a replication each at a time (default: all cores; the "
        "results are the same whatever the number)",
    )
    cmp_.add_argument("--json", action="store_true", help="print JSON on stdout")
    cmp_.set_defaults(func=cmd_compare)

    story = sub.add_parser(
        "story",
        help="follow one household through the team, under both ways of working",
        description="Tell one household's journey step by step under islands and integral "
        "work: who she meets, what they find, every hand-off, and when she gets the right "
        "help. By default the seed's mother, who asks about her daughter's tantrums while "
        "the root is money and work.",
    )
    _scenario_options(story)
    story.add_argument(
        "--example",
        choices=["mother"],
        default=None,
        help="the household to follow (default: mother)",
    )
    story.add_argument(
        "--household",
        type=household_value,
        default=None,
        metavar="N",
        help="follow the N-th household to arrive instead",
    )
    story.add_argument("--a", default="islands", help="first way of working (islands)")
    story.add_argument("--b", default="integral", help="second way of working (integral)")
    story.add_argument(
        "--seed",
        type=seed_value,
        default=None,
        help="random seed (default: for the mother 66, a seed that tells the interview's case; "
        "otherwise 0)",
    )
    story.add_argument(
        "--language", choices=["en", "nl"], default="en", help="en or nl (default en)"
    )
    story.set_defaults(func=cmd_story)

    params = sub.add_parser(
        "params",
        help="list every parameter with default, range, source",
        description="List the scenario parameters (flat names).",
    )
    params.add_argument("--markdown", action="store_true", help="as a Markdown table")
    params.set_defaults(func=cmd_params)

    presets = sub.add_parser(
        "presets",
        help="list the presets",
        description="List the presets: named scenarios (ways of working, Zwolle's team in "
        "2015 and later, the queueing checks), each a set of parameter changes on the default "
        "scenario; use one with --preset NAME.",
    )
    presets.set_defaults(func=cmd_presets)
    _add_validate(sub)

    for module in ("wijkteam.experiments.commands", "wijkteam.dashboards.commands"):
        _add_optional_commands(module, sub)
    return parser


def _add_optional_commands(module: str, sub: Any) -> None:
    """Sub-commands that live with the experiments and the dashboard."""
    import importlib

    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return
    mod.add_commands(sub)


def _scenario_options(p: argparse.ArgumentParser) -> None:
    group = p.add_argument_group("scenario")
    which = group.add_mutually_exclusive_group()
    which.add_argument(
        "--preset", default=None, help="a named scenario (see `wijkteam presets`; default: default)"
    )
    which.add_argument(
        "--scenario",
        type=Path,
        default=None,
        metavar="FILE",
        help="a scenario TOML file (keys not given keep their defaults)",
    )
    group.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change one parameter (repeatable), e.g. --set breadth=0.6",
    )
    group.add_argument(
        "--warmup-days",
        type=number_value,
        default=None,
        metavar="D",
        help="warm-up in working days, not counted (default: the scenario's warmup_days, "
        "see wijkteam params)",
    )
    group.add_argument(
        "--horizon-days",
        type=number_value,
        default=None,
        metavar="D",
        help="measured working days after the warm-up (default: the scenario's horizon_days)",
    )
    max_events_option(group)


def max_events_option(group: Any) -> None:
    """--max-events: the work budget of one run (see model/budget.py)."""
    group.add_argument(
        "--max-events",
        type=max_events_value,
        default=None,
        metavar="N",
        help="refuse a run estimated at more than N events (default 2,000,000: about a "
        "minute); raise it for a deliberately long run",
    )


def checked_scenario(args: argparse.Namespace, extra_preset: str | None = None):
    """The scenario of the options, refused in one line if its work exceeds the budget."""
    from wijkteam.model.budget import check_work

    scenario = scenario_from_args(args, extra_preset)
    check_work(scenario, args.max_events)
    return scenario


def scenario_from_args(args: argparse.Namespace, extra_preset: str | None = None):
    """The scenario the options describe. With `extra_preset` (compare, story), that preset's
    levers go on top of the base and before --set."""
    from wijkteam.model import PRESETS, preset

    updates = parse_sets(args.set)
    for name in ("warmup_days", "horizon_days"):
        value = getattr(args, name)
        if value is None:
            continue
        if name in updates:  # one would silently win over the other
            flag = f"--{name.replace('_', '-')}"
            raise UserError(f"{flag} {value:g} and --set {name}={updates[name]}: give one of them")
        updates[name] = value
    if args.scenario is not None:
        base = load_scenario_file(args.scenario)
    else:
        name = "default" if args.preset is None else args.preset  # "" is refused
        base = preset(known_preset(name, "--preset"))
    if extra_preset is not None:
        base = base.with_updates(PRESETS[known_preset(extra_preset, "preset")])
    return base.with_updates(updates) if updates else base


def known_preset(name: str, option: str) -> str:
    """`name` if it is a preset; else a one-line error naming the option, with the closest
    preset (a typo said 'invalid parameter preset=...', and preset is no parameter)."""
    from wijkteam.model import PRESETS
    from wijkteam.model.parameters import did_you_mean

    if name in PRESETS:
        return name
    hint = did_you_mean(name, PRESETS)
    raise UserError(f"{option} {name!r}: no such preset; {hint}presets: {', '.join(PRESETS)}")


def load_scenario_file(path: Path):
    """A scenario from a TOML file; errors name the file and the parameter."""
    from wijkteam.model import Scenario, ScenarioError

    text = read_text(path, "scenario file")
    try:
        return Scenario.from_toml(text)
    except ScenarioError as exc:
        if exc.name == "scenario file":
            raise UserError(f"scenario file {str(path)!r}: {exc.allowed}") from None
        raise UserError(f"scenario file {str(path)!r}: {exc}") from None


def write_text(path: Path, text: str, option: str) -> None:
    """Write `text` to `path` whole or not at all, or a one-line error naming the option."""
    if not path.name:  # "" and "." have no file name to write (with_name raised)
        raise UserError(f"{option} {str(path)!r}: give a file name, e.g. buurt.toml")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if path.is_dir():
            raise UserError(f"{option} {str(path)!r}: is a folder; give a file name")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"{option} {str(path)!r}: cannot be written ({exc.strerror})") from None
    finally:
        if tmp.exists():
            tmp.unlink()


# --------------------------------------------------------------------------- commands
def cmd_run(args: argparse.Namespace) -> int:
    from wijkteam.model import KPIS, WijkteamModel
    from wijkteam.model.steady_state import verdict
    from wijkteam.model.summary import WHOLE_NUMBERS

    scenario = checked_scenario(args)
    if args.save_scenario:
        write_text(args.save_scenario, scenario.to_toml(), "--save-scenario")
    model = WijkteamModel(scenario, seed=args.seed)
    model.run()
    summary = model.summary()
    if args.json:
        whole = {k: int(summary[k]) for k in WHOLE_NUMBERS if float(summary[k]).is_integer()}
        print(json.dumps(_jsonable({**summary, **whole})))
        return 0
    name = args.preset if args.preset is not None else str(args.scenario or "default")
    print(
        f"wijkteam run: {name}, seed {args.seed}, {scenario.warmup_days + scenario.horizon_days:g}"
        f" working days, measured after a warm-up of {summary['warmup_days_used']:g} days"
    )
    print(f"  {verdict(summary)}")
    for kpi, (label, unit, _) in KPIS.items():
        print(f"  {label:<68} {value_text(summary[kpi], unit):>17}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from wijkteam.experiments.comparison import run_pairs
    from wijkteam.experiments.executors import default_workers
    from wijkteam.experiments.paired import compare_runs
    from wijkteam.model.steady_state import verdict_many

    a = checked_scenario(args, args.a)
    b = checked_scenario(args, args.b)

    def replication_done(done: int, total: int) -> None:
        print(f"\r  replication {done}/{total}", end="", file=sys.stderr, flush=True)

    progress = replication_done if not args.json and sys.stderr.isatty() else None

    workers = args.workers or default_workers()
    runs_a, runs_b = run_pairs(a, b, args.replications, args.seed, progress, workers)
    table = compare_runs(runs_a, runs_b)
    if progress:
        print(file=sys.stderr)
    steady = {"a": verdict_many(runs_a), "b": verdict_many(runs_b)}
    if args.json:
        rows = table.to_dict(orient="records")
        print(
            json.dumps(
                {
                    "a": args.a,
                    "b": args.b,
                    "replications": args.replications,
                    "seed": args.seed,
                    "simulated_days": a.warmup_days + a.horizon_days,
                    "steady_state": steady,
                    "kpis": _jsonable(rows),
                }
            )
        )
        return 0
    print(
        f"wijkteam compare: A = {args.a}, B = {args.b}; {args.replications} paired "
        f"replications on common random numbers, seed {args.seed}, "
        f"{a.warmup_days + a.horizon_days:g} simulated working days"
    )
    print(f"  A: {steady['a']}")
    print(f"  B: {steady['b']}")
    print(f"  {'KPI':<68} {'A':>9} {'B':>9} {'B - A':>10}  {'95% CI of B - A':>24}")
    partial = False
    for row in table.itertuples():
        ci = f"[{diff_text(row.diff_lo, row.unit)}, {diff_text(row.diff_hi, row.unit)}]"
        mark = _verdict(row)
        counted = (row.n_a, row.n_b, row.n_pairs)
        if min(counted) < args.replications:  # say how many runs a figure rests on
            partial = True
            mark += f" (of {args.replications} runs: A {row.n_a}, B {row.n_b}, both {row.n_pairs})"
        print(
            f"  {row.label[:68]:<68} {number_text(row.mean_a, row.unit):>9} "
            f"{number_text(row.mean_b, row.unit):>9} {diff_text(row.diff, row.unit):>10}"
            f"  {ci:>24} {mark}"
        )
    print("  (times in working days; + B better, - B worse, = no clear difference at 95%)")
    print(
        "  (each row is judged on its own: among this many rows one may be marked by chance; "
        "the headline is right help within 60 days, docs/outcomes.md)"
    )
    if partial:
        print(
            "  (of N runs: a figure some runs lack, such as a median the curve never reached,"
            " is the mean of the others, and B - A of the runs that have both)"
        )
    return 0


def _verdict(row: Any) -> str:
    """+ / - when B is clearly better / worse (the CI excludes 0), = when it is not clear;
    nothing for measures where more is neither better nor worse (hours, utilisation)."""
    from wijkteam.experiments.verdict import verdict

    key = verdict(row.diff, row.diff_lo, row.diff_hi, row.lower_is_better)
    return {"better": "+", "worse": "-", "no_diff": "="}.get(key or "", "")


def cmd_story(args: argparse.Namespace) -> int:
    from wijkteam.model.story import run_story

    scenarios = {label: checked_scenario(args, label) for label in (args.a, args.b)}
    for label, scenario in scenarios.items():
        story = run_story(
            scenario, seed=args.seed, language=args.language, household=args.household
        )
        if args.household is not None and args.household > story.households:
            raise UserError(
                f"--household {args.household}: {story.households:,} households arrived in "
                f"this run; choose 1 - {story.households:,} (or a longer --horizon-days)"
            )
        title = f"== {label} =="
        print(title)
        for line in story.lines:
            print(f"  {line}")
        print(f"  -> {story.summary_line(label, args.language)}")
        print()
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    from wijkteam.model import parameter_names, parameter_spec

    if args.markdown:
        print(parameter_table())
        return 0
    for name in parameter_names():
        spec = parameter_spec(name)
        print(
            f"{name:<28} {spec['default']!s:>10}  [{spec['allowed']}]  ({spec['status']})  "
            f"{spec['help']}"
        )
    print(
        "(status: sourced, calibrated, assumption or design; the sources: `wijkteam params "
        "--markdown`, docs/PARAMETERS.md)"
    )
    return 0


def parameter_table() -> str:
    """The Markdown table of every parameter: default, range, meaning and source."""
    from wijkteam.model import parameter_names, parameter_spec

    lines = [
        "| parameter | group | default | allowed | meaning | status | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in parameter_names():
        spec = parameter_spec(name)
        lines.append(
            f"| `{name}` | {spec['group']} | {spec['default']} | {spec['allowed']} | "
            f"{spec['help']} | {spec['status']} | {spec['source']} |"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- validate
def _add_validate(sub: Any) -> None:
    """`wijkteam validate`: the validation table (experiments/validation.py)."""
    p = sub.add_parser(
        "validate",
        help="does the model reproduce queueing theory and the Dutch figures? (exit 0 = all pass)",
        description="Print one row per target: queueing theory (Erlang C, pooling, limited "
        "flexibility, misrouting as a Jackson network) and published Dutch figures for the "
        "default neighbourhood, each with the model's mean and 95% interval and pass/fail. "
        "Exit code 0 only when every row passes, 1 otherwise.",
    )
    p.add_argument("--quick", action="store_true", help="fewer, shorter runs (for CI)")
    p.add_argument(
        "--part",
        choices=["all", "queueing", "dutch"],
        default="all",
        help="which rows: queueing theory, the Dutch figures, or all (default)",
    )
    p.add_argument("--json", action="store_true", help="print the rows as JSON")
    p.add_argument("--markdown", action="store_true", help="print a Markdown table")
    p.add_argument("--seed", type=seed_value, default=2026, help="master seed (default 2026)")
    p.add_argument(
        "--workers",
        type=workers_value,
        help="worker processes (default: all cores; the table is the same whatever the number)",
    )
    p.add_argument(
        "--replications",
        type=replications_value,
        default=None,
        help="replications per row, instead of each row's own (2 - 1,000)",
    )
    p.set_defaults(func=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    from wijkteam.experiments import validation as v
    from wijkteam.experiments.executors import default_workers

    workers = args.workers or default_workers()

    def progress(done: int, total: int) -> None:
        print(f"\r  run {done}/{total}", end="", file=sys.stderr, flush=True)

    show = not args.json and sys.stderr.isatty()
    rows = v.validate(
        args.quick,
        args.seed,
        workers,
        args.replications,
        progress if show else None,
        part=args.part,
    )
    if show:
        print(file=sys.stderr)
    if args.json:
        print(json.dumps({"pass": v.all_pass(rows), "rows": v.json_rows(rows)}))
    elif args.markdown:
        print(v.markdown_table(rows))
    else:
        print(v.text_table(rows))
    return 0 if v.all_pass(rows) else 1


# --------------------------------------------------------------------------- end validate
def cmd_presets(args: argparse.Namespace) -> int:
    from wijkteam.model import PRESET_HELP

    for name, text in PRESET_HELP.items():
        print(f"{name:<16} {text}")
    return 0


def _jsonable(obj: Any) -> Any:
    """NaN becomes null so the output is valid JSON."""
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if hasattr(obj, "item"):  # numpy scalars
        return _jsonable(obj.item())
    return obj


if __name__ == "__main__":
    sys.exit(main())
