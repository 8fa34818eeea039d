"""The validation table of `wijkteam validate`: does the model reproduce what is known?

Two kinds of rows.

- Queueing theory, in the model's queueing limit (the `mmc-*` presets): Erlang C at several
  loads, resource pooling (8 desks of 2 against one M/M/16), limited flexibility (a chain of
  two skills per professional against full pooling) and misrouting solved as a Jackson
  network. A row passes when the theoretical value lies in the model's 95% interval over
  independent replications, widened by a practical tolerance of 3% of the value (so a
  correct model does not fail one row in twenty by chance alone).
- Dutch figures for the default neighbourhood (`targets.py`, measured by `measures.py`): a
  row passes when the model's mean lies in the published range. And one pattern: the
  integral team's advantage over islands grows over the years after its introduction.
  The introduction is Zwolle's (`zwolle-2015`: a thin T, learning on the job) into a
  running neighbourhood: both ways are warmed up four years as they are (their caseloads
  at 90-99% of steady state), and learning starts with the measured years
  (`learning_start_days`). Starting both teams empty
  instead would credit the first year with caseloads that are not yet full.

Every run is an independent replication with its own seed from `replication_seeds`; the
table is the same for the same seed, whatever the number of worker processes.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from wijkteam.model import WijkteamModel, preset
from wijkteam.model.calendar import DAYS_PER_YEAR

from .executors import process_pool, running
from .measures import dutch_measures, right_help_within
from .paired import mean_ci, replication_seeds
from .queueing_theory import erlang_c, misrouting_network_wait
from .targets import DUTCH_TARGETS, STEADY_RUN

THEORY_TOLERANCE = 0.03  # relative; see the module docstring
GROWTH_HELP_DAYS = 60.0  # "right help within 60 working days" per yearly cohort
GROWTH_WAYS = {"islands": "islands", "integral": "zwolle-2015"}  # before and after 2015


@dataclass(frozen=True)
class Settings:
    """How much simulation the table gets: the full table or the quick form for CI."""

    replications: int
    erlang_days: float  # measured days of the M/M/c runs
    network_days: float
    growth_years: int  # years after the introduction of integral work

    @classmethod
    def of(cls, quick: bool, replications: int | None = None) -> Settings:
        base = cls(4, 1500.0, 1500.0, 5) if quick else cls(10, 4000.0, 3000.0, 5)
        if replications is not None:
            base = cls(replications, *list(asdict(base).values())[1:])
        return base


@dataclass
class Row:
    """One line of the table."""

    kind: str  # "queueing" or "dutch"
    what: str
    observed: str
    source: str
    value: float
    lo: float
    hi: float
    n: int
    passed: bool
    unit: str = ""


# --------------------------------------------------------------------------- single runs
@dataclass(frozen=True)
class Job:
    """One replication to simulate and what to measure on it; picklable for workers."""

    preset: str
    updates: tuple[tuple[str, Any], ...]
    seed: int
    measure: str  # a key of MEASURE_FUNCTIONS


def _queue_waits(m: WijkteamModel) -> dict[str, float]:
    """Mean wait to first contact and the share who waited, from the request records."""
    req = m.requests_frame()
    req = req[req["in_window"]].dropna(subset=["first_contact"])
    wait = (req["first_contact"] - req["arrival"]).to_numpy(dtype=float)
    return {"wq": float(wait.mean()), "p_wait": float((wait > 1e-12).mean())}


def _right_help_wait(m: WijkteamModel) -> dict[str, float]:
    """Mean time to the start of the right help, of requests that arrived early enough to
    have got it before the run ended (in the network every request does)."""
    req = m.requests_frame()
    req = req[req["in_window"] & (req["arrival"] < m.now - 50.0)]
    return {"right": float((req["right_help"] - req["arrival"]).mean())}


def _yearly_help(m: WijkteamModel) -> dict[str, float]:
    """Share helped within GROWTH_HELP_DAYS of households arriving in each measured year
    (counted from the end of the warm-up)."""
    years = round(m.params.horizon_days / DAYS_PER_YEAR)
    w = m.params.warmup_days
    return {
        f"year{k + 1}": right_help_within(
            m, GROWTH_HELP_DAYS, w + DAYS_PER_YEAR * k, w + DAYS_PER_YEAR * (k + 1)
        )
        for k in range(years)
    }


MEASURE_FUNCTIONS: dict[str, Callable[[WijkteamModel], dict[str, float]]] = {
    "queue": _queue_waits,
    "network": _right_help_wait,
    "dutch": dutch_measures,
    "yearly": _yearly_help,
}


def run_job(job: Job) -> dict[str, float]:
    """Simulate one job and measure it (what a worker process executes)."""
    model = WijkteamModel(preset(job.preset, dict(job.updates)), seed=job.seed)
    model.run()
    return MEASURE_FUNCTIONS[job.measure](model)


# --------------------------------------------------------------------------- the checks
@dataclass(frozen=True)
class TheoryCheck:
    """A queueing-theory row: a configuration, what to read from it, the theory's value."""

    what: str
    observed: str
    preset: str
    updates: dict[str, Any]
    measure: str
    key: str
    theory: float
    days: str  # which Settings field sets the horizon
    source: str = "erlang-c"


def _theory_checks() -> list[TheoryCheck]:
    checks = []
    for c, lam in ((1, 0.8), (5, 4.0), (10, 8.0), (10, 9.0)):
        p_wait, wq = erlang_c(c, lam)
        upd = {"domains": 1, "servers": c, "arrivals_per_day": lam}
        checks.append(
            TheoryCheck(
                f"Erlang C: mean wait, M/M/{c} at load {lam / c:.2f}",
                f"Wq = {wq:.4g} days",
                "mmc-islands",
                upd,
                "queue",
                "wq",
                wq,
                "erlang_days",
            )
        )
        checks.append(
            TheoryCheck(
                f"Erlang C: P(wait), M/M/{c} at load {lam / c:.2f}",
                f"P(wait) = {p_wait:.4g}",
                "mmc-islands",
                upd,
                "queue",
                "p_wait",
                p_wait,
                "erlang_days",
            )
        )
    pool = {"domains": 8, "servers": 2, "arrivals_per_day": 12.8}
    _, wq_desk = erlang_c(2, 1.6)
    _, wq_pool = erlang_c(16, 12.8)
    checks.append(
        TheoryCheck(
            "Pooling: 8 desks x M/M/2 at load 0.8",
            f"Wq = {wq_desk:.4g} days",
            "mmc-islands",
            pool,
            "queue",
            "wq",
            wq_desk,
            "erlang_days",
            "pooling",
        )
    )
    checks.append(
        TheoryCheck(
            "Pooling: one M/M/16 team at load 0.8",
            f"Wq = {wq_pool:.4g} days",
            "mmc-pooled",
            pool,
            "queue",
            "wq",
            wq_pool,
            "erlang_days",
            "pooling",
        )
    )
    wait = misrouting_network_wait(2, 3, 3.0, 0.5, 1.0)
    checks.append(
        TheoryCheck(
            "Misrouting: 2 desks x M/M/3, half first at the wrong desk (Jackson network)",
            f"time to the right help = {wait:.4g} days",
            "mmc-islands",
            MISROUTING,
            "network",
            "right",
            wait,
            "network_days",
            "jackson",
        )
    )
    return checks


# The misrouting network: two desks of three; every household has a root and one
# consequence of equal work; half ask about the consequence, are served at its desk, found
# out there and sent to the back of the root's desk queue (Jackson: each desk is an M/M/3
# fed at 1.5 x 1.5 a day).
MISROUTING: dict[str, Any] = {
    "domains": 2,
    "servers": 3,
    "arrivals_per_day": 3.0,
    "multi_problem_share": 1.0,
    "extra_needs_mean": 1.0,
    "consequence_ratio": 1.0,
    "p_present_root": 0.5,
    "spillover": 1.0,
    "detection_rate": 100.0,
    "review_hours": 40.0,
    "desk_focus": 1.0,
    "base_skill": 0.1,
}

# Limited flexibility: 8 domains with 2 professionals each at load 0.8, as separate desks,
# as a chain (each professional deep in their own domain and the next), and fully pooled.
CHAIN: dict[str, Any] = {"domains": 8, "servers": 2, "arrivals_per_day": 12.8}
CHAIN_WAYS: dict[str, tuple[str, dict[str, Any]]] = {
    "desks": ("mmc-islands", {}),
    "chain": ("mmc-pooled", {"profile": "pi", "breadth": 0.0, "base_skill": 0.0}),
    "pooled": ("mmc-pooled", {}),
}
CHAIN_SHARE_MIN = 0.8
PARTS = ("all", "queueing", "dutch")  # which rows `validate` runs


# --------------------------------------------------------------------------- the table
def validate(
    quick: bool = False,
    seed: int = 2026,
    workers: int = 1,
    replications: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    part: str = "all",
) -> list[Row]:
    """Run the checks of `part` ("all", "queueing" or "dutch") and return the rows of the
    validation table."""
    if part not in PARTS:
        raise ValueError(f"part {part!r}: one of {', '.join(PARTS)}")
    st = Settings.of(quick, replications)
    seeds = replication_seeds(seed, st.replications)
    theory = _theory_checks()
    queueing, dutch = part in ("all", "queueing"), part in ("all", "dutch")
    jobs: dict[str, list[Job]] = {}
    if queueing:
        for i, chk in enumerate(theory):
            upd = {**chk.updates, "horizon_days": getattr(st, chk.days)}
            jobs[f"theory{i}"] = _jobs(chk.preset, upd, seeds, chk.measure)
        for way, (name, upd) in CHAIN_WAYS.items():
            jobs[f"chain-{way}"] = _jobs(
                name, {**CHAIN, **upd, "horizon_days": st.erlang_days}, seeds, "queue"
            )
    if dutch:
        jobs["dutch"] = _jobs("default", STEADY_RUN, seeds, "dutch")
        jobs.update(introduction_jobs(st.growth_years, seeds))
    results = run_jobs(jobs, workers, progress)
    rows: list[Row] = []
    if queueing:
        rows.extend(_theory_row(chk, results[f"theory{i}"]) for i, chk in enumerate(theory))
        rows.append(_chain_row(results))
    if dutch:
        rows.extend(_dutch_rows(results["dutch"]))
        rows.append(_growth_row(results["growth-islands"], results["growth-integral"], st))
    return rows


def introduction_jobs(
    years: int, seeds: list[int], extra: dict[str, Any] | None = None
) -> dict[str, list[Job]]:
    """Zwolle's introduction of integral work into a running neighbourhood: islands and
    `zwolle-2015` warmed up four years as they are (near steady state), learning on the job
    from the first of `years` measured years on; `extra` changes both (e.g. no learning). Keys
    `growth-islands` and `growth-integral`; each job measures right help per year."""
    warmup = STEADY_RUN["warmup_days"]
    intro = {
        "warmup_days": warmup,
        "horizon_days": DAYS_PER_YEAR * years,
        "learning_start_days": warmup,
        **(extra or {}),
    }
    return {
        f"growth-{way}": _jobs(name, intro, seeds, "yearly") for way, name in GROWTH_WAYS.items()
    }


def _jobs(name: str, updates: dict[str, Any], seeds: list[int], measure: str) -> list[Job]:
    items = tuple(sorted(updates.items()))
    return [Job(name, items, s, measure) for s in seeds]


def run_jobs(
    jobs: dict[str, list[Job]],
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, list[dict[str, float]]]:
    """Run every job, in worker processes when asked; results per key in job order."""
    flat = [(key, job) for key, js in jobs.items() for job in js]
    out: dict[str, list[dict[str, float]]] = {key: [] for key in jobs}
    total = len(flat)
    results: Iterable[dict[str, float]]
    with contextlib.ExitStack() as stack:
        if workers > 1:
            pool = stack.enter_context(running(process_pool(workers), workers))
            results = pool.map(run_job, [job for _, job in flat])
        else:
            results = (run_job(job) for _, job in flat)
        for done, ((key, _), result) in enumerate(zip(flat, results, strict=True), start=1):
            out[key].append(result)
            if progress is not None:
                progress(done, total)
    return out


def _interval(values: list[float]) -> tuple[float, float, float, int]:
    x = [v for v in values if v is not None and not math.isnan(v)]
    mean, lo, hi = mean_ci(x)
    return mean, lo, hi, len(x)


def _theory_row(chk: TheoryCheck, results: list[dict[str, float]]) -> Row:
    mean, lo, hi, n = _interval([r[chk.key] for r in results])
    tol = THEORY_TOLERANCE * abs(chk.theory)
    ok = n > 1 and lo - tol <= chk.theory <= hi + tol
    return Row("queueing", chk.what, chk.observed, chk.source, mean, lo, hi, n, ok)


def _chain_row(results: dict[str, list[dict[str, float]]]) -> Row:
    """Share of the pooling gain in mean wait that the chain keeps, per replication (the
    three configurations of a replication share its seed: the same arrivals)."""
    shares = []
    for d, c, p in zip(
        results["chain-desks"], results["chain-chain"], results["chain-pooled"], strict=True
    ):
        gain = d["wq"] - p["wq"]
        shares.append((d["wq"] - c["wq"]) / gain if gain > 0 else math.nan)
    mean, lo, hi, n = _interval(shares)
    return Row(
        "queueing",
        "Limited flexibility: a two-skill chain's share of the pooling gain (8 x 2, load 0.8)",
        f"nearly all (long chain ~96%); pass >= {CHAIN_SHARE_MIN:.0%}",
        "flexibility",
        mean,
        lo,
        hi,
        n,
        n > 1 and mean >= CHAIN_SHARE_MIN,
        "share",
    )


def _dutch_rows(results: list[dict[str, float]]) -> list[Row]:
    rows = []
    for t in DUTCH_TARGETS:
        mean, lo, hi, n = _interval([r[t.measure] for r in results])
        ok = n > 0 and t.passes(mean)
        rows.append(Row("dutch", t.what, t.observed, t.source, mean, lo, hi, n, ok, t.unit))
    return rows


def _growth_row(
    islands: list[dict[str, float]], integral: list[dict[str, float]], st: Settings
) -> Row:
    """The integral team's lead in 'right help within 60 days' in its last measured year
    minus its lead in the first year after its introduction, paired per replication."""
    last = f"year{st.growth_years}"
    growth = [
        (b[last] - a[last]) - (b["year1"] - a["year1"])
        for a, b in zip(islands, integral, strict=True)
    ]
    mean, lo, hi, n = _interval(growth)
    return Row(
        "dutch",
        f"Integral's lead (right help within {GROWTH_HELP_DAYS:.0f} days) grows after its "
        f"introduction (zwolle-2015, learning): year {st.growth_years} minus year 1",
        "effects only after some years (England 2013–18: little at first, a small one by the "
        "third year); pass: interval > 0",
        "integrated-care",
        mean,
        lo,
        hi,
        n,
        n > 1 and lo > 0,
        "share",
    )


# --------------------------------------------------------------------------- output
def _num(v: float, unit: str = "") -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if unit == "share":
        return f"{v:.3f}"
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"


def value_text(row: Row) -> str:
    """`mean [lo, hi]`."""
    if math.isnan(row.lo):
        return _num(row.value, row.unit)
    return f"{_num(row.value, row.unit)} [{_num(row.lo, row.unit)}, {_num(row.hi, row.unit)}]"


def text_table(rows: list[Row]) -> str:
    """The table for a terminal."""
    lines = []
    for kind, title in (("queueing", "Queueing theory"), ("dutch", "Dutch figures")):
        lines.append(f"{title}:")
        for r in rows:
            if r.kind == kind:
                mark = "pass" if r.passed else "FAIL"
                lines.append(f"  [{mark}] {r.what}")
                lines.append(f"         observed: {r.observed}  ({r.source})")
                lines.append(f"         model:    {value_text(r)}  (n = {r.n})")
    passed = sum(r.passed for r in rows)
    lines.append(f"{passed} of {len(rows)} rows pass.")
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    """The table for docs/validation.md."""
    lines = [
        "| | what | observed (source) | model, mean [95% interval] | result |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.kind} | {r.what} | {r.observed} ({r.source}) | {value_text(r)} | "
            f"{'pass' if r.passed else '**fail**'} |"
        )
    return "\n".join(lines)


def json_rows(rows: list[Row]) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (NaN as None)."""

    def clean(v: Any) -> Any:
        return None if isinstance(v, float) and math.isnan(v) else v

    return [{k: clean(v) for k, v in asdict(r).items()} for r in rows]


def all_pass(rows: list[Row]) -> bool:
    return bool(rows) and all(r.passed for r in rows)
