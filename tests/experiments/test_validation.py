"""Validation and calibration: the theory the model is checked against, the Dutch figures
measured from its records, `wijkteam validate` (exit code = all rows pass) and
`wijkteam calibrate` (accepted sets and their spread, resumable)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from wijkteam.cli import main
from wijkteam.experiments.calibration import target_distance, target_margin
from wijkteam.experiments.measures import RESIDENTS_PER_TEAM, dutch_measures
from wijkteam.experiments.queueing_theory import erlang_c, misrouting_network_wait
from wijkteam.experiments.targets import DUTCH_TARGETS
from wijkteam.model import WijkteamModel, preset


def wijkteam(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wijkteam.cli", *args],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=cwd,
    )


def test_erlang_c_published_values() -> None:
    assert erlang_c(5, 4.0) == pytest.approx((0.5541, 0.5541), abs=1e-4)
    assert erlang_c(10, 8.0) == pytest.approx((0.4092, 0.2046), abs=1e-4)
    assert erlang_c(1, 0.8) == pytest.approx((0.8, 4.0))
    assert erlang_c(16, 12.8)[1] == pytest.approx(0.095, abs=1e-3)
    with pytest.raises(ValueError, match="unstable"):
        erlang_c(2, 2.0)


def test_misrouting_network_reduces_to_erlang_c_without_misrouting() -> None:
    """Everyone at the right desk: one wait at an M/M/c desk. Everyone at the wrong desk
    first: two waits at desks carrying twice the load, and a service in between."""
    assert misrouting_network_wait(2, 3, 2.0, 1.0, 1.0) == pytest.approx(erlang_c(3, 1.0)[1])
    wq = erlang_c(3, 2.0)[1]
    assert misrouting_network_wait(2, 3, 2.0, 0.0, 1.0) == pytest.approx(2 * wq + 1.0)


def test_dutch_measures_from_the_records() -> None:
    """Counted by hand from the request records: requests a year per 1,000 residents, and
    the share of households that never escalated."""
    model = WijkteamModel(preset("default", {"horizon_days": 220}), seed=3)
    model.run()
    m = dutch_measures(model)
    req = model.requests_frame()
    window = req[req["arrival"] >= model.window_start]
    assert m["inflow_per_1000"] == pytest.approx(len(window) / (RESIDENTS_PER_TEAM / 1000))
    households = set(window["household"])
    escalated = {e.name for e in model.escalations if e.at >= model.window_start}
    assert m["no_specialised_share"] == pytest.approx(
        1 - len(escalated & households) / len(households)
    )
    assert 0 < m["admin_share_worked"] < 1
    assert m["household_months"] >= m["request_months"] * 0.99


def test_target_distance_is_zero_inside_and_counts_range_widths_outside() -> None:
    inside = {t.measure: (t.lo + t.hi) / 2 for t in DUTCH_TARGETS}
    assert target_distance(inside) == 0
    first = DUTCH_TARGETS[0]
    one_width_above = {**inside, first.measure: first.hi + (first.hi - first.lo)}
    assert target_distance(one_width_above) == pytest.approx(1.0)
    assert math.isinf(target_distance({**inside, first.measure: math.nan}))


def test_target_margin_is_the_nearest_range_edge_in_widths() -> None:
    """The calibration's best point is the one whose figures lie furthest inside their ranges:
    a point at every range's midpoint has margin one half; one figure a tenth of its width
    from its upper edge brings the margin down to a tenth; outside, it turns negative."""
    inside = {t.measure: (t.lo + t.hi) / 2 for t in DUTCH_TARGETS}
    assert target_margin(inside) == pytest.approx(0.5)
    first = DUTCH_TARGETS[0]
    width = first.hi - first.lo
    assert target_margin({**inside, first.measure: first.hi - width / 10}) == pytest.approx(0.1)
    assert target_margin({**inside, first.measure: first.hi + width}) == pytest.approx(-1.0)


@pytest.mark.slow
def test_validate_quick_json_and_exit_code() -> None:
    result = wijkteam("validate", "--quick", "--json", "--replications", "2", "--workers", "2")
    assert result.returncode in (0, 1), result.stderr
    table = json.loads(result.stdout)
    rows = table["rows"]
    assert {r["kind"] for r in rows} == {"queueing", "dutch"}
    assert len([r for r in rows if r["kind"] == "dutch"]) == len(DUTCH_TARGETS) + 1
    assert table["pass"] == all(r["passed"] for r in rows)
    assert result.returncode == (0 if table["pass"] else 1)
    erlang = [r for r in rows if r["what"].startswith("Erlang C: mean wait")]
    assert len(erlang) == 4 and all(r["passed"] for r in erlang), erlang
    # the same table in one process (the default is all cores)
    alone = wijkteam("validate", "--quick", "--json", "--replications", "2", "--workers", "1")
    assert alone.stdout == result.stdout


def test_validate_refuses_bad_input(capsys) -> None:
    """`wijkteam validate` with bad options, through the command's entry point in this
    process (argparse refuses these: it exits with code 2)."""
    with pytest.raises(SystemExit) as workers:
        main(["validate", "--workers", "0"])
    assert workers.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "--workers: 0 is out of range; allowed 1" in lines[0], lines
    with pytest.raises(SystemExit) as part:
        main(["validate", "--part", "everything"])
    err = capsys.readouterr().err
    assert part.value.code == 2 and "--part" in err and "queueing" in err


@pytest.mark.slow
def test_calibrate_quick_writes_accepted_sets_and_resumes(tmp_path: Path) -> None:
    out = tmp_path / "cal"
    result = wijkteam("calibrate", "--quick", "--workers", "2", "--out", str(out), "--no-progress")
    assert result.returncode == 0, result.stderr
    folder = out / "calibration"
    accepted = pd.read_csv(folder / "accepted.csv")
    posterior = pd.read_csv(folder / "posterior.csv")
    points = pd.read_csv(folder / "points.csv")
    assert len(points) == 12 and len(accepted) == 10
    assert set(posterior["parameter"]) == {"severity_growth_per_year", "escalation_threshold",
        "service_mean_days", "case_hours_per_week", "intake_hours", "relapse_prob",
        "relapse_days_mean", "patience_days_mean", "arrivals_per_day", "follow_up_prob",
        "follow_up_days_mean"}  # fmt: skip
    # the accepted are the nearest points, and every accepted value lies in its prior range
    assert accepted["distance"].max() <= points["distance"].sort_values().iloc[9]
    for row in posterior.itertuples():
        assert row.prior_lo <= row.q05 <= row.median <= row.q95 <= row.prior_hi
    assert "Rejection ABC" in (folder / "calibration.md").read_text()
    again = wijkteam(
        "calibrate", "--quick", "--workers", "1", "--out", str(out), "--resume", "--no-progress"
    )
    assert again.returncode == 0, again.stderr
    assert "0 run now" in again.stdout
    assert pd.read_csv(folder / "accepted.csv").equals(accepted)


def test_calibration_and_validation_run_the_neighbourhood_alike() -> None:
    """Calibration fits the defaults to the figures that validation then checks: both must
    run the default neighbourhood with the same warm-up and measured period."""
    import tomllib

    from wijkteam.experiments import calibration
    from wijkteam.experiments.targets import STEADY_RUN

    toml = Path(calibration.__file__).with_name("calibration.toml")
    overrides = tomllib.loads(toml.read_text(encoding="utf-8"))["overrides"]
    assert {k: overrides[k] for k in STEADY_RUN} == STEADY_RUN


def test_the_introduction_prints_the_lead_of_every_year_with_and_without_learning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`python -m wijkteam.experiments.introduction` shows the course behind the growth row:
    one line per measured year, with learning and without, each a mean and its interval."""
    from wijkteam.experiments import introduction

    introduction.main(["--years", "2", "--replications", "2", "--workers", "1"])
    out = capsys.readouterr().out
    assert "with learning:" in out and "without learning:" in out
    years = [line.split()[0] for line in out.splitlines() if line.strip().startswith("y")]
    assert years == ["y1", "y2", "y1", "y2"]
