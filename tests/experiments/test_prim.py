"""PRIM finds the box in which an outcome is concentrated, and leaves alone the inputs that
do not matter."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wijkteam.experiments.prim import find_box, peel


def worlds(n: int = 800, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.uniform(0, 1, size=(n, 3)), columns=["a", "b", "noise"])


def test_prim_recovers_a_known_box() -> None:
    x = worlds()
    y = ((x["a"] > 0.7) & (x["b"] < 0.4)).to_numpy()
    box = find_box(x, y, threshold=0.9)
    full = {c: (float(x[c].min()), float(x[c].max())) for c in x.columns}
    limits = box.restricted(full)
    assert set(limits) >= {"a", "b"}
    assert abs(limits["a"][0] - 0.7) < 0.08 and abs(limits["b"][1] - 0.4) < 0.08
    assert box.density >= 0.9 and box.coverage > 0.6
    # the noise input is left (nearly) whole
    lo, hi = box.bounds["noise"]
    assert hi - lo > 0.7


def test_peeling_raises_density_and_respects_the_minimum_mass() -> None:
    x = worlds(400, seed=2)
    y = (x["a"] + 0.3 * x["b"] > 0.9).to_numpy()
    trajectory = peel(x, y, alpha=0.1, min_mass=0.1)
    assert trajectory[0].mass == 1.0 and trajectory[0].coverage == 1.0
    assert trajectory[-1].density > trajectory[0].density
    assert all(b.mass >= 0.1 for b in trajectory)
    assert all(b.bounds["a"][0] <= b.bounds["a"][1] for b in trajectory)


def test_discover_on_a_small_sweep(tmp_path) -> None:
    """A small Latin hypercube of worlds, islands and integral paired: a share of worlds per
    headline outcome, consistent with the per-world differences, and a figure."""
    from wijkteam.experiments.design import parse_experiment
    from wijkteam.experiments.discovery import discover, write
    from wijkteam.experiments.engine import sweep
    from wijkteam.experiments.executors import ProcessPool

    spec = parse_experiment(
        """
name = "tiny-worlds"
base = "default"
design = "lhs"
points = 8
replications = 2
seed = 5
ways = ["islands", "integral"]
[overrides]
horizon_days = 130
warmup_days = 10
[factors]
p_present_root = [0.2, 0.9]
multi_problem_share = [0.1, 0.6]
""",
        "tiny-worlds.toml",
    )
    pool = ProcessPool(1)
    try:
        sweep(spec, tmp_path / "r", pool, progress=False)
    finally:
        pool.close()
    outcomes, worlds, factors = discover(tmp_path / "r")
    assert len(worlds) == 8 and factors == ["p_present_root", "multi_problem_share"]
    for o in outcomes:
        d = worlds[o.kpi]
        better = (d < 0) if o.lower_is_better else (d > 0)
        assert o.integral_better == int(better.sum())
        assert o.lo <= o.share <= o.hi
    # each replication alone: the share of worlds from that replication's pairs, by hand
    from wijkteam.experiments.analysis import load

    rows = load(tmp_path / "r").ok
    for o in outcomes:
        assert len(o.by_replication) == 2
        for r, share in enumerate(o.by_replication):
            one = rows[rows["replication"] == r].pivot(index="point", columns="way", values=o.kpi)
            d = (one["integral"] - one["islands"]).dropna()
            assert share == pytest.approx(((d < 0) if o.lower_is_better else (d > 0)).mean())
    out = write(tmp_path / "r")
    assert (out / "where-integral-wins.png").stat().st_size > 1000
    report = (out / "discovery.md").read_text()
    assert "integral better in" in report
    # the thirds table: a row per assumption, its lower-third share recomputable by hand
    from wijkteam.experiments.discovery import thirds

    table = thirds(outcomes, worlds, factors).splitlines()
    rows = [line for line in table if line.startswith("| `")]
    assert [r.split("`")[1] for r in rows] == factors
    assert "\n".join(table) in report
    first = outcomes[0]
    low = worlds["p_present_root"] <= worlds["p_present_root"].quantile(1 / 3)
    d = worlds.loc[low, first.kpi]
    share = ((d < 0) if first.lower_is_better else (d > 0)).mean()
    assert rows[0].split("|")[2].strip().startswith(f"{share:.0%} →")


@pytest.mark.parametrize(
    ("factors", "ways", "words"),
    [
        ("p_present_root = [0.2, 0.9]\n", '["islands", "integral"]', "1 factor(s)"),
        (
            'intake_mode = ["desk", "explore"]\nbreadth = [0.2, 0.8]\n',
            '["islands", "integral"]',
            "text factors (intake_mode)",
        ),  # fmt: skip
        ("p_present_root = [0.2, 0.9]\nbreadth = [0.2, 0.8]\n", '["integral"]', "ran integral"),
    ],
)
def test_discover_refuses_a_sweep_it_cannot_use_in_one_line(tmp_path, capsys, factors, ways, words):
    """A sweep without two numeric factors, or without both ways on the same worlds, is
    refused with what it lacks, exit code 2, and nothing written (it crashed on the way)."""
    from wijkteam.cli import main

    design = 'design = "grid"' if "intake_mode" in factors else 'design = "lhs"\npoints = 2'
    text = f"""
name = "cannot-discover"
base = "default"
{design}
replications = 1
seed = 5
ways = {ways}
[overrides]
horizon_days = 20
warmup_days = 5
[factors]
{factors}"""
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "r"
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1", "--no-progress"]) == 0
    before = sorted(p.name for p in out.iterdir())
    capsys.readouterr()
    assert main(["discover", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("wijkteam: error:") and len(err.splitlines()) == 1 and words in err, err
    assert sorted(p.name for p in out.iterdir()) == before


def test_printed_box_bounds_keep_the_worlds_on_their_edges() -> None:
    """A box's bounds are printed to three digits rounded outward: rounded to the nearest,
    a lower edge at 0.12346 printed as 0.123 kept its world, but an upper edge at 0.87649
    printed as 0.876 dropped the world lying on it."""
    from wijkteam.experiments.discovery import _range

    assert _range(0.12346, 0.87649, (0.0, 1.0)) == "0.123–0.877"
    assert _range(-0.34561, 1.0, (-1.0, 1.0)) == "≥ -0.346"
    assert _range(0.0, 0.25, (0.0, 1.0)) == "≤ 0.25"  # a bound that is exact stays as it is
