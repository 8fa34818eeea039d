"""Scenario discovery: where does integral work win? (`wijkteam discover DIR`)

Reads the results of a Latin-hypercube sweep of plausible worlds in which islands and the
integral team ran on the same households (e.g. `where-integral-wins.toml`). For each headline
outcome it reports the share of worlds in which the integral team does better, with a 95%
Wilson interval, the PRIM box of conditions in which islands do better (`prim.py`), and the
share per lower and upper third of each assumption (one at a time); and draws one figure
with a panel per outcome.

Headline outcomes are looked up by the first KPI name the results have, so the analysis
survives the renaming of outcome measures: time to the right help, never helped, drop-out
and cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from wijkteam.errors import UserError
from wijkteam.model import KPIS

from .analysis import Results, load
from .prim import Box, find_box
from .store import ResultStore

# the headline outcome -> its KPI (whether lower is better is the KPI's own, in `KPIS`)
HEADLINES: dict[str, str] = {
    "time to the right help": "right_help_within_60_share",
    "never helped": "never_helped_share",
    "drop-out": "dropped_share",
    "cost per household": "cost_per_household",
}
PRIM_THRESHOLD = 0.8


@dataclass
class Outcome:
    """One headline outcome over the sampled worlds."""

    name: str
    kpi: str
    lower_is_better: bool
    worlds: int
    integral_better: int
    share: float
    lo: float
    hi: float
    box: Box | None  # where islands do better (None when they never do)
    # the share from each replication alone (one entry per replication; empty with one):
    # its spread is what the simulation's noise does to the answer, which the Wilson
    # interval, over the sampling of worlds only, does not hold
    by_replication: tuple[float, ...] = ()


def favours_integral(diff: np.ndarray | pd.Series, lower_is_better: bool) -> np.ndarray | pd.Series:
    """Per world, whether the difference integral − islands favours integral (a missing
    difference never does). Works on arrays and Series alike."""
    return (diff < 0) if lower_is_better else (diff > 0)


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a share k / n."""
    if n == 0:
        return math.nan, math.nan
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def paired_differences(res: Results, kpis: list[str]) -> pd.DataFrame:
    """integral − islands per KPI, one row per world (factor point) and replication."""
    ways = res.ways
    if "islands" not in ways or "integral" not in ways:
        raise UserError(f"results need ways 'islands' and 'integral', not {', '.join(ways)}")
    wide = res.ok.pivot_table(
        index=["point", "replication"], columns="way", values=kpis, dropna=False
    )
    return pd.DataFrame(
        {k: wide[(k, "integral")] - wide[(k, "islands")] for k in kpis}, index=wide.index
    )


def paired_worlds(res: Results, diff: pd.DataFrame) -> pd.DataFrame:
    """One row per world (factor point): its factor values and the differences `diff`
    (`paired_differences`) averaged over replications."""
    factors = res.ok.groupby("point")[res.factors].first()
    return factors.join(diff.groupby(level="point").mean(), how="inner")


def replication_shares(diff: pd.DataFrame, kpi: str, lower_is_better: bool) -> tuple[float, ...]:
    """The share of worlds in which integral does better, from each replication alone (the
    map as one replication draws it); empty when the sweep has one replication."""
    by_replication = diff[kpi].groupby(level="replication")
    if by_replication.ngroups < 2:
        return ()
    shares = []
    for _, d in by_replication:
        valid = d.notna()
        shares.append(float(favours_integral(d[valid], lower_is_better).mean()))
    return tuple(shares)


def _check_discoverable(res: Results, folder: str | Path) -> None:
    """Scenario discovery needs islands and integral run on the same worlds, and worlds that
    differ in at least two numbers (a box is drawn on two axes): say so in one line,
    before anything is written, rather than fail on the way."""
    ways = set(res.ok["way"].unique()) if "way" in res.ok.columns else set()
    if not {"islands", "integral"} <= ways:
        raise UserError(
            f"{folder}: discover compares the ways 'islands' and 'integral' on the same "
            f"worlds; this sweep ran {', '.join(sorted(map(str, ways))) or 'none'}"
        )
    numeric = [f for f in res.factors if pd.api.types.is_numeric_dtype(res.ok[f])]
    if len(numeric) < 2 or len(numeric) < len(res.factors):
        text = [f for f in res.factors if f not in numeric]
        what = f"text factors ({', '.join(text)})" if text else f"{len(numeric)} factor(s)"
        raise UserError(
            f"{folder}: discover needs a sweep over two or more numeric factors (a Latin "
            f"hypercube, as in experiments/where-integral-wins.toml); this one has {what}"
        )


def discover(folder: str | Path) -> tuple[list[Outcome], pd.DataFrame, list[str]]:
    """Shares and PRIM boxes per headline outcome; also the per-world table and factors."""
    res = load(folder)
    columns = set(res.rows.columns)
    chosen = {
        name: (kpi, bool(KPIS[kpi].lower_is_better))
        for name, kpi in HEADLINES.items()
        if kpi in columns and res.ok[kpi].notna().any()  # all NaN: runs shorter than it needs
    }
    if not chosen:
        raise UserError(
            f"{folder}: none of the headline outcomes is in the results, or the runs were "
            "too short to estimate them (see follow_up_days)"
        )
    _check_discoverable(res, folder)
    kpis = [k for k, _ in chosen.values()]
    diff = paired_differences(res, kpis)
    worlds = paired_worlds(res, diff)
    x = worlds[res.factors].astype(float)
    outcomes = []
    for name, (kpi, lower) in chosen.items():
        d = worlds[kpi].to_numpy(dtype=float)
        valid = ~np.isnan(d)
        better = favours_integral(d, lower) & valid
        n, k = int(valid.sum()), int(better.sum())
        lo, hi = wilson(k, n)
        islands_win = (~better) & valid
        box = find_box(x[valid], islands_win[valid], PRIM_THRESHOLD) if islands_win.any() else None
        spread = replication_shares(diff, kpi, lower)
        share = k / n if n else math.nan
        outcomes.append(Outcome(name, kpi, lower, n, k, share, lo, hi, box, spread))
    return outcomes, worlds, res.factors


#: how the report names a sweep's design (it called every sweep a Latin hypercube)
DESIGN_NAMES = {
    "lhs": "a Latin hypercube",
    "grid": "a grid",
    "morris": "Morris trajectories",
    "sobol": "a Sobol sample",
}


def markdown(
    outcomes: list[Outcome], worlds: pd.DataFrame, factors: list[str], design: str = "lhs"
) -> str:
    """The report section: shares of worlds and the boxes where islands win."""
    full = {f: (float(worlds[f].min()), float(worlds[f].max())) for f in factors}
    replications = max((len(o.by_replication) for o in outcomes), default=0)
    lines = [
        f"Over {len(worlds)} worlds ({DESIGN_NAMES.get(design, design)} over "
        f"{len(factors)} factors), islands and integral on the same households"
        + (f", {replications} replications averaged per world:" if replications else ":"),
        "",
        "| outcome (KPI) | integral better in | 95% interval | each replication alone "
        "| where islands do better (PRIM box) | density | coverage |",
        "|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        if o.box is None:
            where, dens, cov = "nowhere in the sampled worlds", "–", "–"
        else:
            limits = o.box.restricted(full)
            where = (
                "; ".join(f"{k} {_range(lo, hi, full[k])}" for k, (lo, hi) in limits.items())
                or "no box: spread over all conditions"
            )
            dens, cov = f"{o.box.density:.0%}", f"{o.box.coverage:.0%}"
        alone = ", ".join(f"{s:.0%}" for s in o.by_replication) or "–"
        lines.append(
            f"| {o.name} (`{o.kpi}`) | {o.integral_better} of {o.worlds} ({o.share:.0%}) | "
            f"{o.lo:.0%}–{o.hi:.0%} | {alone} | {where} | {dens} | {cov} |"
        )
    lines += [
        "",
        "The 95% interval is over the sampling of worlds; *each replication alone* is the same "
        "share from one replication's runs, so its spread shows how much the simulation's "
        "noise moves the answer"
        + (
            "."
            if replications
            else " (one replication here: run more, e.g. `--replications 3`, to see it)."
        )
        + " A world where the two are equal counts as not better for integral.",
    ]
    return "\n".join(lines)


def thirds(outcomes: list[Outcome], worlds: pd.DataFrame, factors: list[str]) -> str:
    """Per outcome and assumption: the share of worlds in which integral does better in the
    lower and the upper third of the assumption's sampled values. PRIM's boxes carry many
    narrow limits that are peels of a few worlds; this plainer table shows which assumption
    moves the answer, one at a time."""
    lines = [
        "Integral better, in the lower third → upper third of each assumption's sampled values:",
        "",
        "| assumption | " + " | ".join(o.name for o in outcomes) + " |",
        "|---|" + "---|" * len(outcomes),
    ]
    for f in factors:
        values = worlds[f].astype(float)
        low, high = values <= values.quantile(1 / 3), values >= values.quantile(2 / 3)
        cells = []
        for o in outcomes:
            d = worlds[o.kpi].astype(float)
            better = favours_integral(d, o.lower_is_better)
            valid = d.notna()
            cells.append(f"{better[low & valid].mean():.0%} → {better[high & valid].mean():.0%}")
        cut = f"{values.quantile(1 / 3):.3g} / {values.quantile(2 / 3):.3g}"
        lines.append(f"| `{f}` (thirds at {cut}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _rounded(value: float, up: bool) -> str:
    """`value` to three significant digits, rounded away from the box's inside: a printed
    bound rounded to the nearest would leave out the world that lies on the edge."""
    if value == 0 or not math.isfinite(value):
        return f"{value:.3g}"
    step = 10.0 ** (math.floor(math.log10(abs(value))) - 2)
    steps = value / step
    whole = math.ceil(steps - 1e-9) if up else math.floor(steps + 1e-9)
    return f"{whole * step:.3g}"


def _range(lo: float, hi: float, full: tuple[float, float]) -> str:
    low, high = _rounded(lo, up=False), _rounded(hi, up=True)
    if lo > full[0] + 1e-12 and hi < full[1] - 1e-12:
        return f"{low}–{high}"
    return f"≥ {low}" if lo > full[0] + 1e-12 else f"≤ {high}"


def figure(outcomes: list[Outcome], worlds: pd.DataFrame, factors: list[str], path: Path) -> None:
    """One panel per outcome: the worlds on the two inputs its box limits most (or the first
    two), green where integral does better, red where islands do; the box drawn in."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    full = {f: (float(worlds[f].min()), float(worlds[f].max())) for f in factors}
    fig, axes = plt.subplots(1, len(outcomes), figsize=(4.2 * len(outcomes), 4.0), squeeze=False)
    for ax, o in zip(axes[0], outcomes, strict=True):
        dims = _dims(o.box, full, factors)
        d = worlds[o.kpi].to_numpy(dtype=float)
        better = favours_integral(d, o.lower_is_better)
        ax.scatter(worlds[dims[0]][better], worlds[dims[1]][better], s=14, c="#2a9d8f",
                   label="integral better")  # fmt: skip
        ax.scatter(worlds[dims[0]][~better], worlds[dims[1]][~better], s=14, c="#e76f51",
                   label="islands better or equal")  # fmt: skip
        if o.box is not None:
            (x0, x1), (y0, y1) = o.box.bounds[dims[0]], o.box.bounds[dims[1]]
            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, lw=1.5, ls="--"))
        ax.set_xlabel(dims[0])
        ax.set_ylabel(dims[1])
        ax.set_title(f"{o.name}: integral better in {o.share:.0%}", fontsize=10)
    axes[0][0].legend(fontsize=8, loc="best")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _dims(box: Box | None, full: dict, factors: list[str]) -> list[str]:
    """The two inputs a box narrows most (relative to their sampled range)."""
    if box is None:
        return factors[:2]

    def narrowed(f: str) -> float:
        lo, hi = box.bounds[f]
        return 1 - (hi - lo) / (full[f][1] - full[f][0])

    ranked = sorted(factors, key=narrowed, reverse=True)
    return ranked[:2]


def write(folder: Path) -> Path:
    """Analyse a results folder; write DIR/discovery/{discovery.md, worlds.csv, *.png}."""
    outcomes, worlds, factors = discover(folder)
    design = str((ResultStore(folder).manifest() or {}).get("design", "lhs"))
    out = folder / "discovery"
    out.mkdir(parents=True, exist_ok=True)
    worlds.to_csv(out / "worlds.csv")
    text = markdown(outcomes, worlds, factors, design) + "\n\n" + thirds(outcomes, worlds, factors)
    figure(outcomes, worlds, factors, out / "where-integral-wins.png")
    (out / "discovery.md").write_text(
        "# Where integral wins\n\n" + text + "\n\n![](where-integral-wins.png)\n", encoding="utf-8"
    )
    return out
