"""Sensitivity analysis with SALib: which parameters move a KPI, and which move the advantage
of one way of working over another?

An experiment with `design = "morris"` (elementary effects: a cheap screening, mu* ranks the
parameters) or `design = "sobol"` (variance shares S1 and ST, dearer) samples its factor ranges
with SALib. Each sample is a factor point run for every way of working and replication, on
common random numbers; the analysis uses the mean over replications per point, for each way
and for the paired difference between the second way and the first.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .design import MORRIS_LEVELS, problem, salib_sample

if TYPE_CHECKING:
    from .analysis import Results

# the indices reported per design, the ranking one first
INDICES = {
    "morris": ("mu_star", "mu_star_conf", "mu", "sigma"),
    "sobol": ("ST", "ST_conf", "S1", "S1_conf"),
}


def outputs(res: Results, kpi: str, n_points: int) -> dict[str, np.ndarray]:
    """Per way (and per paired difference with its reference, `Results.reference_of`) the
    mean KPI of each of the design's `n_points` factor points in sample order; NaN where a
    point has no value (all its runs failed)."""
    ok = res.ok
    per_way = {}
    for way in res.ways:
        mine = ok[ok["way"] == way]
        per_way[way] = mine.groupby("point")[kpi].mean().reindex(range(n_points)).to_numpy()
    series = dict(per_way)
    wide = ok.pivot_table(
        index=["point", "replication"], columns="way", values=kpi, aggfunc="first"
    )
    for way in res.ways[1:]:
        ref = res.reference_of(way)
        diff = (wide[way] - wide[ref]).groupby(level="point").mean()
        series[f"{way} − {ref}"] = diff.reindex(range(n_points)).to_numpy()
    return series


@dataclass(frozen=True)
class DesignSample:
    """The experiment's Morris or Sobol design drawn again as the sweep drew it: SALib's
    problem, the sample (a row per factor point: what a finished sweep has, a sweep stopped
    part-way has fewer) and SALib's warnings while drawing it."""

    problem: dict
    x: np.ndarray
    notes: frozenset[str]


def design_sample(res: Results) -> DesignSample:
    """The design of `res`, drawn once for the report's point count and every KPI's analysis."""
    manifest = res.manifest
    names = res.factors
    prob = problem(names, [tuple(manifest["bounds"][n]) for n in names])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        x = salib_sample(manifest["design"], prob, int(manifest["samples"]), int(manifest["seed"]))
    return DesignSample(prob, x, frozenset(str(w.message).splitlines()[0] for w in caught))


def analyse(res: Results, kpi: str, sample: DesignSample | None = None) -> pd.DataFrame:
    """A ranked table of sensitivity indices of `kpi` per output (way or difference), from a
    finished sweep: the indices are defined on the whole design (`report` says so and
    computes none for a sweep stopped part-way). `sample`: the design, if already drawn."""
    manifest = res.manifest
    design = manifest["design"]
    names = res.factors
    sample = sample or design_sample(res)
    prob, x = sample.problem, sample.x
    notes: set[str] = set(sample.notes)
    rows = []
    for output, y in outputs(res, kpi, len(x)).items():
        # a point whose runs all failed gets the mean of the others, so the sample stays
        # complete; the report says how many (it can change an index, even its sign)
        missing = int(np.isnan(y).sum())
        if missing == len(y):
            continue
        if missing:
            notes.add(
                f"{output}: {missing} of {len(y)} factor points had no value for {kpi} (every "
                "run failed) and were given the mean of the others"
            )
        y = np.where(np.isnan(y), np.nanmean(y), y)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            si = _analyze(design, prob, x, y, int(manifest["seed"]))
        notes.update(str(w.message).splitlines()[0] for w in caught)
        for i, name in enumerate(names):
            indices = {k: si[k][i] for k in INDICES[design]}
            rows.append({"output": output, "parameter": name, **indices, "imputed_points": missing})
    table = pd.DataFrame(rows)
    key = INDICES[design][0]
    if len(table):
        table["rank"] = table.groupby("output")[key].rank(ascending=False, method="first")
        order = {name: i for i, name in enumerate(dict.fromkeys(table["output"]))}
        table["order"] = table["output"].map(order)
        table = table.sort_values(["order", "rank"]).drop(columns="order").reset_index(drop=True)
    # SALib's warnings (too few samples, ...) become one note in the report, not raw output
    table.attrs["notes"] = sorted(notes)
    return table


def _analyze(design: str, prob: dict, x: np.ndarray, y: np.ndarray, seed: int) -> dict:
    if design == "morris":
        from SALib.analyze import morris

        return morris.analyze(prob, x, y, num_levels=MORRIS_LEVELS, seed=seed)
    from SALib.analyze import sobol

    return sobol.analyze(prob, y, calc_second_order=False, seed=seed)


def markdown(table: pd.DataFrame, design: str) -> str:
    """The ranked table per output as Markdown."""
    cols = INDICES[design]
    parts = []
    for output, rows in table.groupby("output", sort=False):
        parts.append(f"**{output}**\n")
        parts.append("| rank | parameter | " + " | ".join(cols) + " |")
        parts.append("|---|---|" + "---|" * len(cols))
        for _, r in rows.iterrows():
            values = " | ".join(f"{r[c]:.3g}" for c in cols)
            parts.append(f"| {int(r['rank'])} | {r['parameter']} | {values} |")
        parts.append("")
    return "\n".join(parts)


def plot(table: pd.DataFrame, design: str, kpi: str, folder: Path) -> list[Path]:
    """Horizontal bars of mu* (Morris) or ST and S1 (Sobol) per parameter, per output."""
    from .plots import _pyplot, save

    plt = _pyplot()
    outputs_ = list(dict.fromkeys(table["output"]))
    fig, axes = plt.subplots(
        1,
        len(outputs_),
        figsize=(6.2 * len(outputs_), 1.2 + 0.45 * len(table["parameter"].unique())),
        squeeze=False,
    )
    for ax, output in zip(axes[0], outputs_, strict=True):
        r = table[table["output"] == output].sort_values("rank", ascending=False)
        y = np.arange(len(r))
        if design == "morris":
            ax.barh(y, r["mu_star"], xerr=r["mu_star_conf"], color="#1b9e77", capsize=3)
            ax.set_xlabel("mu* (mean |elementary effect|)")
        else:
            ax.barh(y - 0.2, r["ST"], height=0.4, xerr=r["ST_conf"], label="ST", color="#1b9e77")
            ax.barh(y + 0.2, r["S1"], height=0.4, xerr=r["S1_conf"], label="S1", color="#7570b3")
            ax.set_xlabel("Sobol index")
            ax.legend(fontsize=8)
        ax.set_yticks(y, r["parameter"])
        ax.set_title(output, fontsize=9)
        ax.grid(alpha=0.3, axis="x")
    fig.suptitle(f"Sensitivity of {kpi} ({design})", fontsize=10)
    fig.tight_layout()
    return save(fig, folder, f"sensitivity_{kpi}")
