"""Calibration of the unsourced parameters against the published Dutch figures: rejection
approximate Bayesian computation (ABC) in the pattern-oriented way.

The prior of each unsourced parameter is uniform over the range in the calibration
experiment file (`calibration.toml`); a Latin hypercube samples it, and the sweep engine runs
every point (so a calibration is resumable and runs on any executor, local or Dask). A point
is *accepted* when the mean over its replications of every Dutch figure lies in its published
range (`targets.py`): the patterns are ranges, so the ABC tolerance on each is the range
itself. When too few points match every figure, the points nearest to doing so are
accepted instead (the usual ABC quantile rule), and the report says so.

The distance of a point is the sum over targets of how far its mean lies outside the target
range, in units of the range's width (0 inside): no target can hide another's miss by being
very close. The accepted points are a sample of the posterior; their spread per parameter
shows what the figures fix and what they leave open.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .analysis import Results
from .runs import OBSERVED_PREFIX
from .targets import DUTCH_TARGETS

MIN_ACCEPTED = 10


def _depths(values: dict[str, float]) -> list[float] | None:
    """Per target, how far its figure lies inside the range: the distance to the nearer edge
    in units of the range's width, negative outside (None when a figure is missing). Both
    the distance and the margin of a point are read from these."""
    depths = []
    for t in DUTCH_TARGETS:
        v = values.get(t.measure, math.nan)
        if v is None or math.isnan(v):
            return None
        depths.append(min(v - t.lo, t.hi - v) / (t.hi - t.lo))
    return depths


def target_margin(values: dict[str, float]) -> float:
    """How far a point's mean figures lie inside the target ranges: the smallest distance
    to a range edge, in units of that range's width (negative when a figure lies outside)."""
    depths = _depths(values)
    return -math.inf if depths is None else min(depths)


def target_distance(values: dict[str, float]) -> float:
    """How far a point's mean figures lie outside the target ranges (0 = all inside)."""
    depths = _depths(values)
    return math.inf if depths is None else sum(max(0.0, -d) for d in depths)


@dataclass
class Calibration:
    """The outcome of a calibration: every point, the accepted ones and their spread."""

    points: pd.DataFrame  # one row per factor point: parameters, mean figures, distance
    accepted: pd.DataFrame
    posterior: pd.DataFrame  # one row per parameter
    factors: list[str]
    bounds: dict[str, tuple[float, float]]
    all_match: bool  # every accepted point lies inside every target range

    @property
    def best(self) -> dict[str, float]:
        """The accepted point nearest to the targets; among those that match every figure, the
        one furthest inside its nearest range edge (largest `margin`), so that the figures
        still hold when the replications' noise moves them (ties: the first sampled)."""
        ranked = self.accepted.sort_values(
            ["distance", "margin", "point"], ascending=[True, False, True]
        )
        row = ranked.iloc[0]
        return {f: float(row[f]) for f in self.factors}


def analyse(res: Results, min_accepted: int = MIN_ACCEPTED) -> Calibration:
    """Accepted points and the posterior spread, from the results of a calibration sweep."""
    factors = res.factors
    obs = [f"{OBSERVED_PREFIX}{t.measure}" for t in DUTCH_TARGETS]
    missing = [c for c in obs if c not in res.rows.columns]
    if missing:
        from wijkteam.errors import UserError

        raise UserError(f"results have no column {missing[0]}: not a calibration sweep")
    ok = res.ok
    means = ok.groupby("point")[[*factors, *obs]].mean()
    means["replications"] = ok.groupby("point").size()
    means.columns = [c.removeprefix(OBSERVED_PREFIX) for c in means.columns]
    figures = [{t.measure: row[t.measure] for t in DUTCH_TARGETS} for _, row in means.iterrows()]
    means["distance"] = [target_distance(f) for f in figures]
    means["margin"] = [target_margin(f) for f in figures]
    for t in DUTCH_TARGETS:
        means[f"ok_{t.measure}"] = means[t.measure].between(t.lo, t.hi)
    points = means.reset_index()
    inside = points[points["distance"] == 0]
    if len(inside) >= min_accepted:
        accepted = inside
    else:
        k = min(min_accepted, len(points))
        accepted = points.sort_values(["distance", "point"]).head(k)
    bounds = {n: tuple(b) for n, b in res.manifest.get("bounds", {}).items()}
    posterior = _posterior(accepted, factors, bounds)
    all_match = bool(len(accepted)) and bool((accepted["distance"] == 0).all())
    return Calibration(points, accepted, posterior, factors, bounds, all_match)


def _posterior(
    accepted: pd.DataFrame, factors: list[str], bounds: dict[str, tuple[float, float]]
) -> pd.DataFrame:
    """Per parameter: prior range, and the accepted values' mean, spread and quantiles; the
    share of the prior range the central 90% still covers (1 = the figures fix nothing)."""
    rows = []
    for f in factors:
        x = accepted[f].astype(float)
        lo, hi = bounds.get(f, (math.nan, math.nan))
        q05, q50, q95 = (float(x.quantile(q)) for q in (0.05, 0.5, 0.95))
        rows.append(
            {
                "parameter": f,
                "prior_lo": lo,
                "prior_hi": hi,
                "n": len(x),
                "mean": float(x.mean()),
                "sd": float(x.std(ddof=1)) if len(x) > 1 else math.nan,
                "q05": q05,
                "median": q50,
                "q95": q95,
                "range_left": (q95 - q05) / (hi - lo) if hi > lo else math.nan,
            }
        )
    return pd.DataFrame(rows)


def write(cal: Calibration, folder: Path) -> Path:
    """Write accepted.csv, points.csv, posterior.csv and calibration.md under
    FOLDER/calibration/; returns that folder."""
    out = folder / "calibration"
    out.mkdir(parents=True, exist_ok=True)
    cal.points.to_csv(out / "points.csv", index=False)
    cal.accepted.to_csv(out / "accepted.csv", index=False)
    cal.posterior.to_csv(out / "posterior.csv", index=False)
    (out / "calibration.md").write_text(markdown(cal), encoding="utf-8")
    return out


def markdown(cal: Calibration) -> str:
    """The calibration's report: method, acceptance, spread per parameter, best point."""
    n_in = int((cal.points["distance"] == 0).sum())
    lines = [
        "# Calibration",
        "",
        f"Rejection ABC over {len(cal.points)} Latin-hypercube points; "
        f"{n_in} match every Dutch figure. "
        + (
            f"Accepted: those {len(cal.accepted)}."
            if cal.all_match
            else f"Too few match every figure: accepted the {len(cal.accepted)} nearest "
            "(distance = summed miss outside the target ranges, in range widths)."
        ),
        "",
        "| figure | target | share of points in range |",
        "|---|---|---|",
    ]
    for t in DUTCH_TARGETS:
        share = float(cal.points[f"ok_{t.measure}"].mean())
        lines.append(f"| {t.what} | {t.lo:g}–{t.hi:g} {t.unit} | {share:.0%} |")
    lines += [
        "",
        "| parameter | prior | accepted median [5%, 95%] | share of prior range left |",
        "|---|---|---|---|",
    ]
    for r in cal.posterior.itertuples():
        lines.append(
            f"| `{r.parameter}` | {r.prior_lo:g}–{r.prior_hi:g} | "
            f"{r.median:.3g} [{r.q05:.3g}, {r.q95:.3g}] | {r.range_left:.0%} |"
        )
    best = ", ".join(f"{k} = {v:.3g}" for k, v in cal.best.items())
    lines += [
        "",
        f"Nearest accepted point (of those matching every figure, the one furthest inside "
        f"its ranges): {best}.",
        "",
    ]
    return "\n".join(lines)


def summary_text(cal: Calibration) -> str:
    """A few lines for the terminal."""
    n_in = int((cal.points["distance"] == 0).sum())
    head = f"{len(cal.points)} points, {n_in} match every figure; accepted {len(cal.accepted)}" + (
        "" if cal.all_match else " (the nearest: too few match every figure)"
    )
    lines = [head]
    for r in cal.posterior.itertuples():
        lines.append(
            f"  {r.parameter:<26} {r.median:>9.3g}  [{r.q05:.3g}, {r.q95:.3g}]  "
            f"of prior {r.prior_lo:g}–{r.prior_hi:g}"
        )
    return "\n".join(lines)
