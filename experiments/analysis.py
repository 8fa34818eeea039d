"""Analysis of a results folder: per factor level and way of working each KPI's mean with a
95% confidence interval over replications, and paired differences between ways of working.

Differences are paired by replication: replication r of every way at a factor point ran on the
same seed, so the same households (common random numbers), which is why their CI is narrow.
Failed runs are left out; a pair is used only when both of its runs succeeded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wijkteam.formatting import diff_text, number_text, shown_scale, shown_unit
from wijkteam.model import KPIS

from .paired import OPEN, Range, mean_ci, paired_difference, possible_range
from .queueing_theory import erlang_c_wait
from .store import ResultStore

DEFAULT_KPIS = (
    "first_contact_within_5_share", "right_help_within_60_share", "never_helped_share",
    "wait_right_help_mean_helped", "misrouted_share", "resolved_share", "dropped_share",
    "escalated_share", "utilisation_mean", "cost_per_household",
)  # fmt: skip


@dataclass
class Results:
    """The rows of a results folder with what the experiment said about them."""

    manifest: dict[str, Any]
    rows: pd.DataFrame  # one per (point, way, replication) with a run on disk, failed included
    runs: pd.DataFrame  # one per distinct run (a run may fill several cells)
    cells_total: int = 0  # cells the experiment defines, done or not
    busy: bool = False  # a sweep is still writing into the folder

    @property
    def missing(self) -> int:
        """Cells of the experiment without a run on disk yet (a sweep still running, or
        stopped before the end)."""
        return max(self.cells_total - len(self.rows), 0)

    @property
    def ways(self) -> list[str]:
        return list(self.manifest["ways"])

    @property
    def factors(self) -> list[str]:
        return list(self.manifest["factors"])

    @property
    def ok(self) -> pd.DataFrame:
        return self.rows[self.rows["error"].isna()]

    def reference_of(self, way: str) -> str:
        """The way `way`'s paired difference is taken against: the first way, or in a path
        of ways (`compare = "previous"`) the way before it."""
        ways = self.ways
        if self.manifest.get("compare", "first") == "previous":
            return ways[max(ways.index(way) - 1, 0)]
        return ways[0]

    def kpis(self, wanted: list[str] | None = None) -> list[str]:
        names = list(wanted or self.manifest.get("kpis") or DEFAULT_KPIS)
        return [k for k in names if k in self.rows.columns]


def load(folder: str | Path) -> Results:
    """The results of a sweep, for analysis."""
    from wijkteam.errors import UserError

    if not Path(folder).is_dir():  # a typo in the name: say that, not what a folder lacks
        raise UserError(f"{folder}: no such folder (a results folder of `wijkteam sweep`)")
    store = ResultStore(folder)
    manifest = store.manifest()
    if manifest is None:
        raise UserError(f"{folder}: not a results folder of `wijkteam sweep` (no manifest.json)")
    runs = store.read()
    cells = store.cells()
    # Count what the experiment defines: a folder resumed with fewer replications keeps the
    # parts of the longer sweep, but only the runs of the current cells belong to it.
    runs = runs[runs["run_id"].isin(set(cells["run_id"]))].reset_index(drop=True)
    own = ["way", "replication", *(f for f in manifest["factors"] if f in runs.columns)]
    rows = cells.merge(runs.drop(columns=own), on="run_id", how="inner")
    rows = rows.sort_values(["point", "way", "replication"])
    return Results(manifest, rows, runs, cells_total=len(cells), busy=store.busy())


def _groups(df: pd.DataFrame, factors: list[str]):
    """(point, factor values, rows) per factor point, in point order."""
    for point, rows in df.groupby("point", sort=True):
        yield int(point), {f: rows[f].iloc[0] for f in factors}, rows


def unit_of(kpi: str) -> str | None:
    """`kpi`'s unit (`wijkteam.model.KPIS`); None for an outcome that is no KPI. The one
    place the report's tables and figures learn whether an outcome is a share."""
    return KPIS[kpi].unit if kpi in KPIS else None


def _range_of(kpi: str) -> Range:
    """What `kpi` can be (a KPI by its unit; any other outcome is left open)."""
    unit = unit_of(kpi)
    return OPEN if unit is None else possible_range(unit)


def level_table(res: Results, kpis: list[str]) -> pd.DataFrame:
    """One row per factor point, way and KPI: n, mean and 95% CI over replications."""
    out = []
    for point, at, rows in _groups(res.rows, res.factors):
        for way in res.ways:
            mine = rows[rows["way"] == way]
            good = mine[mine["error"].isna()]
            for kpi in kpis:
                values = good[kpi].dropna().tolist()
                mean, lo, hi = mean_ci(values, within=_range_of(kpi))
                out.append(
                    {
                        **at,
                        "point": point,  # a way with no run here yet still has its point
                        "way": way,
                        "kpi": kpi,
                        "n": len(values),
                        "failed": int(mine["error"].notna().sum()),
                        "mean": mean,
                        "lo": lo,
                        "hi": hi,
                    }
                )
    return pd.DataFrame(out)


def paired_table(res: Results, kpis: list[str]) -> pd.DataFrame:
    """One row per factor point, way (other than the first) and KPI: the mean paired
    difference way - its reference (`Results.reference_of`) over replications, with its 95%
    CI."""
    if len(res.ways) < 2:
        return pd.DataFrame()
    out = []
    for point, at, rows in _groups(res.ok, res.factors):
        wide = rows.pivot_table(index="replication", columns="way", values=kpis, aggfunc="first")
        for way in res.ways[1:]:
            ref = res.reference_of(way)
            for kpi in kpis:
                if (kpi, ref) not in wide.columns or (kpi, way) not in wide.columns:
                    continue
                pair = wide[[(kpi, ref), (kpi, way)]].dropna()
                diff, lo, hi = paired_difference(
                    pair[(kpi, ref)].tolist(), pair[(kpi, way)].tolist(), within=_range_of(kpi)
                )
                out.append(
                    {
                        **at,
                        "point": point,
                        "way": way,
                        "reference": ref,
                        "kpi": kpi,
                        "n": len(pair),
                        "diff": diff,
                        "lo": lo,
                        "hi": hi,
                    }
                )
    return pd.DataFrame(out)


def break_even(paired: pd.DataFrame, factor: str, kpi: str) -> float | None:
    """The factor value where the mean paired difference of `kpi` crosses zero, by linear
    interpolation between neighbouring levels where it is not zero; None when it does not
    change sign (differences of 0, 0.05, 0.1 do not cross: the ways are equal at the first
    level, as when the factor has no effect there)."""
    rows = paired[paired["kpi"] == kpi].dropna(subset=["diff"]).sort_values(factor)
    rows = rows[rows["diff"] != 0]  # a level where the ways are equal is no crossing itself
    x = rows[factor].to_numpy(dtype=float)
    d = rows["diff"].to_numpy(dtype=float)
    for i in range(len(x) - 1):
        if np.sign(d[i]) != np.sign(d[i + 1]):
            return float(x[i] + (x[i + 1] - x[i]) * d[i] / (d[i] - d[i + 1]))
    return None


def erlang_c_reference(res: Results) -> pd.DataFrame:
    """The Erlang C mean wait for each factor point and way of the queueing presets: a desk
    way is `domains` separate M/M/c queues, a pooled way one M/M/(domains x c) queue."""
    out = []
    for _, at, rows in _groups(res.rows, res.factors):
        for way in res.ways:
            mine = rows[rows["way"] == way]
            if not len(mine):
                continue
            r = mine.iloc[0]
            d, c = int(r["domains"]), int(r["servers"])
            lam, mean = float(r["arrivals_per_day"]), float(r["service_mean_days"])
            if r["routing"] == "desk":
                wq = erlang_c_wait(c, lam / d, mean)
            else:
                wq = erlang_c_wait(d * c, lam, mean)
            out.append(
                {
                    **at,
                    "way": way,
                    "kpi": "wait_first_contact_mean",
                    "erlang_c": wq,
                    "load": lam * mean / (d * c),
                }
            )
    return pd.DataFrame(out)


def fmt(value: float, lo: float = math.nan, hi: float = math.nan) -> str:
    """`mean [lo, hi]` with sensible digits."""

    def num(v: float) -> str:
        if v is None or math.isnan(v):
            return "–"
        if math.isinf(v):
            return "∞"
        return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"

    if math.isnan(lo):
        return num(value)
    return f"{num(value)} [{num(lo)}, {num(hi)}]"


def table_cell(value: float, lo: float, hi: float, kpi: str, signed: bool = False) -> str:
    """A report table's cell: `mean [lo, hi]` of `kpi` as `wijkteam run` and `compare` write
    it (a share in per cent, a difference of shares in points, signed); an outcome that is no
    KPI as a plain number. (The one-page dashboard report's narrower column says the unit
    once: `wijkteam.formatting.interval_text`.)"""
    unit = unit_of(kpi)
    if unit is None:
        return fmt(value, lo, hi)
    text = diff_text if signed else number_text
    if lo is None or math.isnan(lo):
        return text(value, unit)
    return f"{text(value, unit)} [{text(lo, unit)}, {text(hi, unit)}]"


def markdown_table(res: Results, levels: pd.DataFrame, paired: pd.DataFrame, kpi: str) -> str:
    """A Markdown table for one KPI: a row per factor point, a column per way with mean and
    CI, and a column per paired difference."""
    factors = res.factors
    header = [*factors, *res.ways]
    others = res.ways[1:] if len(paired) else []
    header += [f"{w} − {res.reference_of(w)}" for w in others]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    mine = levels[levels["kpi"] == kpi]
    for point in sorted(mine["point"].unique()):
        at = mine[mine["point"] == point]
        cells = [fmt(v) if isinstance(v, float) else str(v) for v in at.iloc[0][factors]]
        for way in res.ways:
            r = at[at["way"] == way]
            if len(r):
                mean, lo, hi = r[["mean", "lo", "hi"]].iloc[0]
                cells.append(table_cell(mean, lo, hi, kpi))
            else:
                cells.append("–")
        for way in others:
            d = paired[(paired["kpi"] == kpi) & (paired["point"] == point) & (paired["way"] == way)]
            if len(d):
                diff, lo, hi = d[["diff", "lo", "hi"]].iloc[0]
                cells.append(table_cell(diff, lo, hi, kpi, signed=True))
            else:
                cells.append("–")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def kpi_label(kpi: str) -> str:
    """The KPI's readable label with its unit."""
    if kpi not in KPIS:
        return kpi
    return f"{KPIS[kpi].label} ({KPIS[kpi].unit})"


def shown_scale_of(kpi: str) -> float:
    """The factor from `kpi`'s stored value to the number a figure of the report shows: a
    share in per cent, as `table_cell` writes it, so that a figure reads like its table (they
    showed 0.18 beside 18.0 %)."""
    unit = unit_of(kpi)
    return 1.0 if unit is None else shown_scale(unit)


def axis_label(kpi: str, difference: bool = False) -> str:
    """The KPI's label with the unit of `shown_scale_of`, for a figure's axis: "(%)" for a
    share, "(%-pt)" for a `difference` of shares, as the tables write them."""
    unit = unit_of(kpi)
    if unit is None:
        return kpi
    return f"{KPIS[kpi].label} ({shown_unit(unit, difference)})"
