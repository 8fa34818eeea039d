"""The trend test of the steady-state verdict against SciPy's `linregress`."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from wijkteam.model.steady_state import least_squares_slope


@pytest.mark.parametrize("seed", range(20))
def test_slope_and_p_value_are_linregress(seed: int) -> None:
    """Ten batch means over time, with and without a trend: the same slope and p-value."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0, 3000, 10))
    y = rng.normal(50, 5, 10) + x * rng.choice([0.0, 0.001, 0.01])
    fit = stats.linregress(x, y)
    slope, p = least_squares_slope(x, y)
    assert slope == pytest.approx(fit.slope, rel=1e-12)
    assert p == pytest.approx(fit.pvalue, rel=1e-9, abs=1e-15)


def test_a_flat_series_has_no_trend() -> None:
    slope, p = least_squares_slope(np.arange(10.0), np.full(10, 3.0))
    assert (slope, p) == (0.0, 1.0)
