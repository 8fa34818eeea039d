"""PRIM, the patient rule induction method (Friedman & Fisher 1999), as scenario discovery
uses it (Bryant & Lempert 2010; the EMA workbench): find a box of input conditions in which
an outcome of interest (here: "islands do better") is concentrated.

Peeling: start from the box holding every sampled world; repeatedly cut off the `alpha`
share of the worlds inside it at the low or high end of one input, choosing the cut that
raises the share of interesting worlds in the box (its *density*) most; stop when the box
holds fewer than `min_mass` of all worlds. Every step is kept (the peeling trajectory); the
box reported is the first on the trajectory whose density reaches `threshold`, or the
densest if none does. *Coverage* is the share of all interesting worlds inside the box.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class Box:
    """Bounds per input, and how good the box is."""

    bounds: dict[str, tuple[float, float]]
    density: float  # share of worlds in the box that are of interest
    coverage: float  # share of the worlds of interest that are in the box
    mass: float  # share of all worlds in the box

    def restricted(self, full: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        """The inputs the box limits (narrower than the sampled range)."""
        return {
            k: (lo, hi)
            for k, (lo, hi) in self.bounds.items()
            if lo > full[k][0] + 1e-12 or hi < full[k][1] - 1e-12
        }

    def contains(self, x: pd.DataFrame) -> np.ndarray:
        inside = np.ones(len(x), dtype=bool)
        for k, (lo, hi) in self.bounds.items():
            inside &= (x[k].to_numpy() >= lo) & (x[k].to_numpy() <= hi)
        return inside


def _box(x: pd.DataFrame, y: np.ndarray, inside: np.ndarray, bounds: dict) -> Box:
    n_in = int(inside.sum())
    hits = int(y[inside].sum())
    total = int(y.sum())
    return Box(
        dict(bounds),
        hits / n_in if n_in else 0.0,
        hits / total if total else 0.0,
        n_in / len(y),
    )


def peel(x: pd.DataFrame, y: np.ndarray, alpha: float = 0.05, min_mass: float = 0.05) -> list[Box]:
    """The peeling trajectory, from the full box to the last one above `min_mass`."""
    y = np.asarray(y, dtype=bool)
    bounds = {c: (float(x[c].min()), float(x[c].max())) for c in x.columns}
    inside = np.ones(len(y), dtype=bool)
    trajectory = [_box(x, y, inside, bounds)]
    while True:
        best = None
        for c in x.columns:
            values = x[c].to_numpy()[inside]
            for side in ("lo", "hi"):
                cut = np.quantile(values, alpha if side == "lo" else 1 - alpha)
                keep = values >= cut if side == "lo" else values <= cut
                if keep.all() or not keep.any():
                    continue  # the quantile does not separate anything on this input
                new = inside.copy()
                new[inside] = keep
                if new.sum() / len(y) < min_mass:
                    continue
                density = y[new].mean()
                if best is None or density > best[0] + 1e-12:
                    best = (density, c, side, cut, new)
        if best is None:
            return trajectory
        _, c, side, cut, inside = best
        lo, hi = bounds[c]
        bounds[c] = (float(cut), hi) if side == "lo" else (lo, float(cut))
        trajectory.append(_box(x, y, inside, bounds))


def find_box(
    x: pd.DataFrame,
    y: np.ndarray,
    threshold: float = 0.8,
    alpha: float = 0.05,
    min_mass: float = 0.05,
) -> Box:
    """The first box on the peeling trajectory with density >= `threshold` (the largest
    such box, so the highest coverage), or the densest box when none reaches it."""
    trajectory = peel(x, y, alpha, min_mass)
    for box in trajectory:
        if box.density >= threshold:
            return box
    return max(trajectory, key=lambda b: (b.density, b.coverage))
