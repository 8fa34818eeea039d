"""Experiment files: a TOML file that says which ways of working to compare, on which base
scenario, over which factor points, with how many replications and which master seed.

Researchers write these files by hand, so every mistake is reported with the file, the key
and what is wrong (`UserError`), before anything runs or is written. Parameters are addressed
by the model's flat names (`arrivals_per_day`, `staff.youth`), so an experiment can vary
anything the scenario has.

    name = "headline"
    question = "Does an integral team beat islands of specialists on the default neighbourhood?"
    base = "default"                  # a preset name, or a scenario TOML file (relative path)
    ways = ["islands", "integral"]    # presets; or [ways.NAME] tables, see below
    replications = 10
    seed = 2026
    kpis = ["right_help_within_60_share", "resolved_share"]   # for the report (optional)

    [overrides]                       # changes to the base for every run
    horizon_days = 440

    [factors]                         # a grid: every combination of the listed values
    coordination_share = [0.0, 0.1, 0.2]

A way of working is a preset, or a table with an optional `preset` and flat parameters:

    [ways.integral-pi]
    preset = "integral"
    profile = "pi"

Precedence per run: base < the way's preset < overrides < factor values < the way's own keys.
So overrides hold for every run (even where a preset sets the same parameter), a factor varies
a lever for every way, except where a way pins it explicitly (islands that keep
`coordination_share = 0.0` while the integral team's overhead is swept).

`wijkteam sweep FILE --set NAME=VALUE` adds to the overrides from the command line (a shipped
experiment in another neighbourhood), except for a factor or a parameter a way sets itself.

The report pairs each way with the first one (`compare = "first"`, the default). With
`compare = "previous"` the ways are a path, each one lever more than the way before it, and
each is paired with the way before it: the report then shows what every step adds
(`levers.toml`: from islands to integral, one lever at a time).

Other designs: `design = "lhs"` with `points = N` and factors as `[lo, hi]` ranges (a Latin
hypercube), or `design = "morris"` / `"sobol"` with ranges and `samples = N` for sensitivity
analysis with SALib.

Work is bounded before anything is built: the number of factor points follows from the design's
size alone (`design_points`), and every run's size is checked against the work budget
(`max_events`, see model/budget.py) by `check_budget` before a sweep starts.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wijkteam.errors import UserError
from wijkteam.files import read_text
from wijkteam.model import PRESETS, Scenario, ScenarioError, parameter_spec, preset
from wijkteam.model.budget import (
    DEFAULT_MAX_EVENTS,
    MAX_POINTS,
    MAX_REPLICATIONS,
    MAX_RUNS,
    WorkTooLarge,
    check_work,
)
from wijkteam.model.parameters import did_you_mean
from wijkteam.model.scenario import check_name, check_value

DESIGNS = ("grid", "lhs", "morris", "sobol")
TOP_KEYS = {
    "name",
    "question",
    "base",
    "ways",
    "replications",
    "seed",
    "kpis",
    "overrides",
    "factors",
    "design",
    "points",
    "samples",
    "chunk_size",
    "reference",
    "compare",
    "max_events",
}
REFERENCES = ("erlang_c",)
#: what each way's paired difference is taken against: the first way, or the way before it
#: (a path of ways, each one lever more than the last: the report shows every step's effect)
COMPARES = ("first", "previous")
#: an experiment's name becomes its folder under results/: one plain path component
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: seeds go to numpy's and Python's generators
MAX_SEED = 2**63 - 1
#: Sobol needs N = 2^m samples (SALib warns otherwise) and enough of them for non-zero indices
MIN_SOBOL_SAMPLES = 16
#: levels of the Morris grid (SALib's num_levels), for the sample and its analysis alike
MORRIS_LEVELS = 4


def problem(names: list[str], bounds: list) -> dict:
    """SALib's description of the factor space."""
    return {"num_vars": len(names), "names": names, "bounds": [list(b) for b in bounds]}


def salib_sample(design: str, prob: dict, n: int, seed: int):
    """The SALib sample of a morris or sobol design (rows are factor points, numpy array).
    The analysis (`sensitivity.py`) draws it again from the same arguments, so the two must
    stay one function."""
    if design == "morris":
        from SALib.sample import morris

        return morris.sample(prob, N=n, num_levels=MORRIS_LEVELS, seed=seed)
    from SALib.sample import sobol

    return sobol.sample(prob, N=n, calc_second_order=False, seed=seed)


@dataclass(frozen=True)
class Way:
    """A way of working: a preset's levers plus the way's own, pinned, parameter values."""

    name: str
    preset: str | None
    pinned: dict[str, Any] = field(default_factory=dict)

    def updates(self, point: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
        """The flat parameter changes of this way at a factor point, in precedence order."""
        levers = dict(PRESETS[self.preset]) if self.preset else {}
        return {**levers, **overrides, **point, **self.pinned}


@dataclass(frozen=True)
class ExperimentSpec:
    """A validated experiment: everything needed to list its runs, nothing run yet."""

    path: str
    name: str
    question: str
    base: Scenario
    overrides: dict[str, Any]
    ways: tuple[Way, ...]
    replications: int
    seed: int
    design: str
    factors: dict[str, Any]  # grid: name -> list of values; otherwise name -> (lo, hi)
    points_wanted: int = 0  # lhs: number of points; morris/sobol: SALib's N
    kpis: tuple[str, ...] = ()
    chunk_size: int = 0  # 0: choose from the number of runs and workers
    reference: str | None = None
    compare: str = "first"
    sets: dict[str, Any] = field(default_factory=dict)  # `sweep --set`, within `overrides`
    text: str = ""
    max_events: int = DEFAULT_MAX_EVENTS  # the work budget of each run

    def n_points(self) -> int:
        """How many factor points the design has, computed without building it."""
        return design_points(self.design, self.factors, self.points_wanted)

    @property
    def factor_names(self) -> list[str]:
        return list(self.factors)

    def points(self) -> list[dict[str, Any]]:
        """The factor points, in a fixed order (the point index is part of each run)."""
        if self.design == "grid":
            names = self.factor_names
            combos = itertools.product(*(self.factors[n] for n in names))
            return [dict(zip(names, combo, strict=True)) for combo in combos]
        matrix = self.unit_samples()
        return [self._scale(row) for row in matrix]

    def unit_samples(self):
        """Samples of the non-grid designs, in the factors' own units (numpy array)."""
        import numpy as np

        names = self.factor_names
        if self.design == "lhs":
            from scipy.stats import qmc

            u = qmc.LatinHypercube(d=len(names), seed=self.seed).random(self.points_wanted)
            lo = np.array([self.factors[n][0] for n in names], dtype=float)
            hi = np.array([self.factors[n][1] for n in names], dtype=float)
            return lo + u * (hi - lo)
        bounds = [self.factors[n] for n in names]
        return salib_sample(self.design, problem(names, bounds), self.points_wanted, self.seed)

    def _scale(self, row) -> dict[str, Any]:
        point = {}
        for name, value in zip(self.factor_names, row, strict=True):
            like = parameter_spec(name)["default"]
            point[name] = round(float(value)) if isinstance(like, int) else float(value)
        return point

    def fingerprint(self) -> str:
        """What identifies the experiment's runs, apart from the number of replications: a
        results folder may only be resumed with the same fingerprint."""
        parts = [
            self.base.to_toml(),
            repr(sorted(self.overrides.items())),
            repr(self.ways),
            str(self.seed),
            self.design,
            repr(self.factors),
            str(self.points_wanted),
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def load_experiment(
    path: str | Path, replications: int | None = None, sets: dict[str, str] | None = None
) -> ExperimentSpec:
    """Read and validate an experiment file; `replications` overrides the file's number,
    `sets` (`sweep --set NAME=VALUE`) add to its overrides."""
    path = Path(path)
    text = read_text(path, "experiment file")
    return parse_experiment(text, str(path), replications, sets)


def parse_experiment(
    text: str, where: str, replications: int | None = None, sets: dict[str, str] | None = None
) -> ExperimentSpec:
    """Validate the text of an experiment file; `where` names it in error messages. `sets`
    are overrides from the command line (see `_command_line_sets`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"experiment file {where}: not valid TOML ({exc})") from None
    except RecursionError:
        raise UserError(f"experiment file {where}: tables nested too deeply") from None
    err = _Errors(where)
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        err(unknown[0], f"unknown key; allowed: {', '.join(sorted(TOP_KEYS))}")
    name = data.get("name", Path(where).stem)
    question = data.get("question", "")
    for key, value in (("name", name), ("question", question)):
        if not isinstance(value, str):
            err(key, f"must be text, not {value!r}")
    if not NAME_RE.fullmatch(name) or ".." in name:
        given = "" if "name" in data else ' (taken from the file name; set one with name = "...")'
        err(
            "name",
            f"{name!r} is not a plain name{given}: it becomes the folder results/NAME, so "
            "ASCII letters, digits, '.', '_' and '-', at most 64, no '/' or '..'",
        )
    base = _base(data.get("base", "default"), where, err)
    overrides = data.get("overrides", {})
    if not isinstance(overrides, dict):
        err("overrides", "must be a table of parameter = value")
    overrides = _flatten(overrides, "overrides", err)
    _apply(base, overrides, "overrides", err)
    design = data.get("design", "grid")
    if design not in DESIGNS:
        err("design", f"{design!r} is not one of {', '.join(DESIGNS)}")
    factors = _factors(data.get("factors", {}), design, err)
    ways = _ways(data.get("ways"), err)
    reps = _positive_int(data.get("replications", 5), "replications", err, MAX_REPLICATIONS)
    if replications is not None:
        if not 1 <= replications <= MAX_REPLICATIONS:
            raise UserError(
                f"--replications {replications}: must be between 1 and {MAX_REPLICATIONS:,}"
            )
        reps = replications
    seed = data.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        err("seed", f"must be a whole number 0 - 2^63-1, not {seed!r}")
    max_events = _positive_int(
        data.get("max_events", DEFAULT_MAX_EVENTS), "max_events", err, 10**12
    )
    points_wanted = 0
    if design == "grid":
        for key in ("points", "samples"):
            if key in data:
                err(key, f"only for design = lhs/morris/sobol, not {design}")
    elif design == "lhs":
        points_wanted = _positive_int(data.get("points"), "points", err, MAX_POINTS)
    else:
        points_wanted = _positive_int(data.get("samples"), "samples", err, MAX_POINTS)
        if design == "sobol" and (
            points_wanted < MIN_SOBOL_SAMPLES or points_wanted & (points_wanted - 1)
        ):
            err(
                "samples",
                f"{points_wanted} for design = sobol: must be a power of two >= "
                f"{MIN_SOBOL_SAMPLES} (16, 32, 64, ...) for Sobol indices to mean anything",
            )
        if design == "morris" and points_wanted < 2:
            err("samples", "must be at least 2 Morris trajectories (for a confidence interval)")
    if design != "grid" and not factors:
        err("factors", f"design = {design} needs at least one factor range")
    _check_size(design, factors, points_wanted, len(ways), reps, err)
    kpis = data.get("kpis", [])
    if not isinstance(kpis, list) or not all(isinstance(k, str) for k in kpis):
        err("kpis", "must be a list of KPI names")
    from wijkteam.model import KPIS

    for i, k in enumerate(kpis):
        if k not in KPIS:
            hint = did_you_mean(k, KPIS) or f"known: {', '.join(KPIS)}"
            err("kpis", f"unknown KPI {k!r}; {hint}".strip())
        if k in kpis[:i]:  # it ran the whole sweep, then failed in the report
            err("kpis", f"{k!r} is listed twice")
    chunk = data.get("chunk_size", 0)
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 0:
        err("chunk_size", f"must be a whole number >= 0, not {chunk!r}")
    reference = data.get("reference")
    if reference is not None and reference not in REFERENCES:
        err("reference", f"{reference!r} is not one of {', '.join(REFERENCES)}")
    compare = data.get("compare", "first")
    if compare not in COMPARES:
        err("compare", f"{compare!r} is not one of {', '.join(COMPARES)}")
    typed_sets = _command_line_sets(sets or {}, base, factors, ways)
    overrides = {**overrides, **typed_sets}
    spec = ExperimentSpec(
        path=where,
        name=name,
        question=question,
        base=base,
        overrides=overrides,
        ways=ways,
        replications=reps,
        seed=seed,
        design=design,
        factors=factors,
        points_wanted=points_wanted,
        kpis=tuple(kpis),
        chunk_size=chunk,
        reference=reference,
        compare=compare,
        sets=typed_sets,
        text=text,
        max_events=max_events,
    )
    _check_ways_at_a_point(spec, err)
    return spec


def _command_line_sets(
    sets: dict[str, str], base: Scenario, factors: dict[str, Any], ways: tuple[Way, ...]
) -> dict[str, Any]:
    """`sweep --set NAME=VALUE`: run a (shipped) experiment in another neighbourhood without
    editing its file. The values join the file's overrides, typed and checked as the scenario
    checks them (a ScenarioError names the parameter, its value and what is allowed). A
    parameter the design varies as a factor, or that a way sets itself, is refused: the
    --set would not hold there, silently."""
    typed: dict[str, Any] = {}
    for name, value in sets.items():
        if name in factors:
            raise UserError(
                f"--set {name}: the experiment varies it as a factor; copy the file and "
                "change its [factors] instead"
            )
        pinned = [way.name for way in ways if name in way.pinned]
        if pinned:
            raise UserError(
                f"--set {name}: way {pinned[0]!r} sets it itself, so the --set would not hold "
                "there; copy the file and change the way instead"
            )
        typed[name] = base.with_updates({name: value}).get(name)
    return typed


def design_points(design: str, factors: dict[str, Any], wanted: int) -> int:
    """The number of factor points of a design, from its size alone (nothing allocated)."""
    k = len(factors)
    if design == "grid":
        return math.prod(len(values) for values in factors.values())
    if design == "lhs":
        return wanted
    if design == "morris":
        return wanted * (k + 1)
    return wanted * (k + 2)  # sobol without second-order indices


def _check_size(
    design: str, factors: dict[str, Any], wanted: int, ways: int, reps: int, err: _Errors
) -> None:
    """Refuse a design too large to plan before building it: a 10^6-point grid took an
    hour and 16 GB just to list, Sobol with 10^9 samples tried to allocate 30 GB."""
    points = design_points(design, factors, wanted)
    if points > MAX_POINTS:
        err(
            "factors" if design == "grid" else ("points" if design == "lhs" else "samples"),
            f"the design has {points:,} factor points; at most {MAX_POINTS:,}",
        )
    runs = points * ways * reps
    if runs > MAX_RUNS:
        err(
            "replications",
            f"{points:,} points x {ways} ways x {reps} replications = {runs:,} runs; "
            f"at most {MAX_RUNS:,}",
        )


def check_budget(spec: ExperimentSpec) -> int:
    """Refuse (UserError, before anything runs) an experiment any of whose runs is estimated
    above the work budget `spec.max_events`; returns the estimated events of the whole
    experiment."""
    return sum(run_sizes(spec).values()) * spec.replications


def run_sizes(spec: ExperimentSpec) -> dict[tuple[int, str], int]:
    """The budget's estimate of the events of a run at each (point index, way name), or
    UserError if one is above `spec.max_events`. Each distinct (point, way) is estimated
    once: replications do not change a run's size. A combination that is not a valid
    scenario counts 0 (its run fails at once) and is left for its run to report."""
    sizes: dict[tuple[int, str], int] = {}
    for i, point in enumerate(spec.points()):
        for way in spec.ways:
            try:
                scenario = spec.base.with_updates(way.updates(point, spec.overrides))
                sizes[i, way.name] = check_work(scenario, spec.max_events).events
            except WorkTooLarge as exc:
                raise UserError(
                    f"experiment file {spec.path}: way {way.name} at {point or 'the base'}: "
                    f"{exc}, or max_events = N in the file"
                ) from None
            except ScenarioError:
                sizes[i, way.name] = 0
    return sizes


class _Errors:
    """Raises a UserError naming the file and the key."""

    def __init__(self, where: str):
        self.where = where

    def __call__(self, key: str, what: str) -> None:
        raise UserError(f"experiment file {self.where}: key {key}: {what}")


def _flatten(table: dict[str, Any], where: str, err: _Errors) -> dict[str, Any]:
    """`{staff = {youth = 4}}` and `{"staff.youth" = 4}` both become `{"staff.youth": 4}`;
    a name given both ways is refused (the later one silently won). A top-level key of the
    file written below a [table] lands in it, in TOML: say so, not 'unknown parameter'."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if key in TOP_KEYS - {"name"}:
            err(
                f"{where}.{key}",
                f"'{key}' belongs at the top of the file, above the first [table] (in TOML "
                f"a key written after [{where}] is part of it)",
            )
        pairs = value.items() if isinstance(value, dict) else [(None, value)]
        for sub, item in pairs:
            name = key if sub is None else f"{key}.{sub}"
            if name in flat:
                err(f"{where}.{name}", "given twice (once as a dotted name, once in a table)")
            flat[name] = item
    return flat


def _apply(base: Scenario, updates: dict[str, Any], where: str, err: _Errors) -> Scenario:
    try:
        return base.with_updates(updates)
    except ScenarioError as exc:
        err(f"{where}.{exc.name}" if exc.name in updates else where, str(exc))
    raise AssertionError("unreachable")


def _base(value: Any, where: str, err: _Errors) -> Scenario:
    if not isinstance(value, str):
        err("base", f"must be a preset name or a scenario file, not {value!r}")
    if value in PRESETS:
        return preset(value)
    path = Path(where).parent / value
    if not value.endswith(".toml"):
        err("base", f"{value!r} is neither a preset ({', '.join(PRESETS)}) nor a .toml file")
    try:
        text = read_text(path, "scenario file")
    except UserError as exc:
        err("base", str(exc))
    try:
        return Scenario.from_toml(text)
    except ScenarioError as exc:
        err("base", f"scenario file {path}: {exc}")
    raise AssertionError("unreachable")


def _check_value(name: str, value: Any, key: str, err: _Errors) -> Any:
    """A single parameter value: known name, right type, within its range (the model's own
    check), reported against the experiment file's key."""
    try:
        return check_value(name, value)
    except ScenarioError as exc:
        if not _known(name):
            err(key, str(exc))
        err(key, f"{value!r} is not allowed for {name}: {exc.allowed}")
    return value


def _factors(table: Any, design: str, err: _Errors) -> dict[str, Any]:
    if not isinstance(table, dict):
        err("factors", "must be a table of parameter = values")
    factors: dict[str, Any] = {}
    for name, values in _flatten(table, "factors", err).items():
        key = f"factors.{name}"
        if design == "grid":
            if not isinstance(values, list) or not values:
                err(key, "must be a non-empty list of values for design = grid")
            checked = [_check_value(name, v, key, err) for v in values]
            if len(set(map(repr, checked))) != len(checked):
                err(key, "lists a value twice")
            factors[name] = checked
        else:
            if not isinstance(values, list) or len(values) != 2:
                err(key, f"must be a range [lo, hi] for design = {design}")
            like = parameter_spec(name)["default"] if _known(name) else 0.0
            if isinstance(like, bool | str):
                err(key, f"{name} is not numeric; it cannot be sampled from a range")
            lo, hi = (_check_value(name, v, key, err) for v in values)
            if not lo < hi:
                err(key, f"range [{lo}, {hi}]: lo must be below hi")
            factors[name] = (lo, hi)
    return factors


def _known(name: str) -> bool:
    try:
        check_name(name)
    except ScenarioError:
        return False
    return True


def _ways(value: Any, err: _Errors) -> tuple[Way, ...]:
    if value is None:
        err("ways", 'missing: list the ways of working to compare, e.g. ["islands", "integral"]')
    ways: list[Way] = []
    if isinstance(value, list):
        for name in value:
            if not isinstance(name, str) or name not in PRESETS:
                err(
                    "ways",
                    f"{name!r} is not a preset; one of {', '.join(PRESETS)} "
                    "(or define [ways.NAME] tables)",
                )
            if any(w.name == name for w in ways):
                err("ways", f"{name!r} is listed twice; each way of working once")
            ways.append(Way(name, name))
    elif isinstance(value, dict):
        for name, table in value.items():
            key = f"ways.{name}"
            if not isinstance(table, dict):
                err(key, "must be a table with an optional preset and parameter = value lines")
            table = dict(table)
            base = table.pop("preset", None)
            if base is not None and base not in PRESETS:
                err(f"{key}.preset", f"{base!r} is not one of {', '.join(PRESETS)}")
            flat = _flatten(table, key, err)
            pinned = {n: _check_value(n, v, f"{key}.{n}", err) for n, v in flat.items()}
            ways.append(Way(name, base, pinned))
    else:
        err("ways", "must be a list of presets or [ways.NAME] tables")
    if not ways:
        err("ways", "must name at least one way of working")
    return tuple(ways)


def _positive_int(value: Any, key: str, err: _Errors, hi: int | None = None) -> int:
    if value is None:
        err(key, "missing: a whole number >= 1")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        err(key, f"must be a whole number >= 1, not {value!r}")
    if hi is not None and value > hi:
        err(key, f"{value:,} is too large; at most {hi:,}")
    return value


def _check_ways_at_a_point(spec: ExperimentSpec, err: _Errors) -> None:
    """Each way must make a valid scenario at the first factor point: catches levers that
    contradict each other before any run. Other points may still fail as single runs."""
    points = spec.points() if spec.design == "grid" else [{}]
    for way in spec.ways:
        try:
            spec.base.with_updates(way.updates(points[0], spec.overrides))
        except ScenarioError as exc:
            err(f"ways.{way.name}", str(exc))
