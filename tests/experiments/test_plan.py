"""`wijkteam sweep --plan`: how big a sweep is and how long it would take here, before it
runs. What a user checks: the runs it announces are the runs the sweep then does, it writes
nothing (not even into a half-finished folder with a damaged part), and it refuses what the
sweep would refuse."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from wijkteam.cli import main
from wijkteam.experiments.design import load_experiment
from wijkteam.experiments.estimate import duration
from wijkteam.experiments.runs import make_runs

SMALL = """
name = "small"
question = "How long would it take?"
base = "default"
ways = ["islands", "integral"]
replications = 2
seed = 5
chunk_size = 2

[overrides]
horizon_days = 40
warmup_days = 10

[factors]
breadth = [0.2, 0.6]
"""


def _experiment(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def _listing(folder: Path) -> list[tuple[str, int, int]]:
    """Every file under `folder` with its size and modification time."""
    return sorted(
        (str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
    )


def _stored_runs(parts: list[Path]) -> set[str]:
    """The run_ids in these parts of a results folder."""
    return set(pd.concat([pd.read_parquet(p) for p in parts])["run_id"])


def test_a_plan_announces_the_runs_the_sweep_then_does_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file, out = _experiment(tmp_path), tmp_path / "out"
    assert main(["sweep", str(file), "--plan", "--out", str(out), "--workers", "2"]) == 0
    printed = capsys.readouterr()
    runs = len(make_runs(load_experiment(file)))
    assert f"{runs} runs for 8 cells (2 factor points x 2 ways x 2 replications" in printed.out
    assert re.search(r"would take about \d+ s of CPU time: about \d+ s with 2 workers", printed.out)
    assert "timing" in printed.err  # the user is told why it takes a few seconds
    assert not out.exists()

    assert main(["sweep", str(file), "--out", str(out), "--workers", "1", "--no-progress"]) == 0
    assert len(_stored_runs(sorted((out / "parts").glob("part-*.parquet")))) == runs
    # planned again into the used folder, the advice is the one that works there
    capsys.readouterr()
    assert main(["sweep", str(file), "--plan", "--out", str(out), "--workers", "2"]) == 0
    assert "holds results already: leave out --plan and add --resume" in capsys.readouterr().out


def test_a_plan_of_the_rest_of_a_sweep_moves_no_damaged_part(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --resume the plan counts the runs on disk, reading the folder only: a damaged
    part stays where it is (the real --resume moves it aside and runs its runs again)."""
    file, out = _experiment(tmp_path), tmp_path / "out"
    assert main(["sweep", str(file), "--out", str(out), "--workers", "1", "--no-progress"]) == 0
    parts = sorted((out / "parts").glob("part-*.parquet"))
    parts[0].unlink()  # a sweep stopped before this part
    parts[1].write_bytes(b"not parquet")  # and one damaged
    intact = _stored_runs(parts[2:])
    before = _listing(out)
    capsys.readouterr()
    assert main(["sweep", str(file), "--plan", "--resume", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    runs = len(make_runs(load_experiment(file)))
    assert f"{len(intact)} of them are in {out} already" in printed
    assert f"the rest is {runs - len(intact)} runs" in printed
    assert "the runs left would take about" in printed
    assert _listing(out) == before


def test_a_plan_of_a_finished_sweep_says_nothing_is_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file, out = _experiment(tmp_path), tmp_path / "out"
    assert main(["sweep", str(file), "--out", str(out), "--workers", "1", "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["sweep", str(file), "--plan", "--resume", "--out", str(out)]) == 0
    assert "nothing is left to run" in capsys.readouterr().out


def test_a_plan_refuses_what_the_sweep_would_refuse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file, out = _experiment(tmp_path), tmp_path / "out"
    assert main(["sweep", str(file), "--plan", "--max-events", "1000", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "max_events" in error and "1,000" in error
    assert not out.exists()


def test_a_plan_into_a_folder_of_another_experiment_says_so_as_the_sweep_would(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The plan said 'add --resume to finish that sweep' for a folder holding the same
    experiment with other --set values; --resume then failed. With or without --resume the
    plan now refuses it in the sweep's own words, and the folder is left as it was."""
    file, out = _experiment(tmp_path), tmp_path / "out"
    assert main(["sweep", str(file), "--out", str(out), "--workers", "1", "--no-progress"]) == 0
    before = _listing(out)
    capsys.readouterr()
    other = ["--set", "multi_problem_share=0.05"]
    for resume in ([], ["--resume"]):
        assert main(["sweep", str(file), "--plan", "--out", str(out), *other, *resume]) == 2
        error = capsys.readouterr().err
        assert "holds results of another experiment" in error and "sets" in error, error
        assert "--resume" not in error
    assert _listing(out) == before


def test_durations_read_as_a_person_says_them() -> None:
    assert duration(42) == "42 s"
    assert duration(12 * 60) == "12 minutes"
    assert duration(3.5 * 3600) == "3.5 hours"


def test_a_calibration_can_be_planned_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cal"
    assert main(["calibrate", "--quick", "--plan", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "12 runs for 12 cells (12 factor points x 1 way x 1 replication" in printed
    assert not out.exists()


# The example of a sensitivity analysis at scale: twenty factors, Sobol with N = 1024.
SOBOL_20 = (
    'name = "sobol20"\nquestion = "Which of twenty conditions matter most?"\n'
    'base = "default"\nways = ["islands", "integral"]\ndesign = "sobol"\nsamples = 1024\n'
    "replications = 1\nseed = 7\n\n[overrides]\nhorizon_days = 20\nwarmup_days = 0\n\n[factors]\n"
    "arrivals_per_day = [2.5, 3.7]\nmulti_problem_share = [0.05, 0.7]\n"
    "p_present_root = [0.2, 0.9]\nbreadth = [0.1, 0.9]\ncoordination_share = [0.0, 0.3]\n"
    "admin_share = [0.19, 0.49]\nmeeting_hours = [0.5, 3.0]\nextra_needs_mean = [1.2, 2.0]\n"
    "severity_mean = [0.35, 0.55]\nseverity_sd = [0.1, 0.2]\nconsequence_ratio = [0.5, 0.9]\n"
    "severity_growth_per_year = [1.0, 1.7]\npatience_days_mean = [80.0, 150.0]\n"
    "return_prob = [0.4, 0.8]\nrelapse_prob = [0.35, 0.65]\nfollow_up_prob = [0.4, 0.65]\n"
    "follow_up_days_mean = [70.0, 120.0]\nspillover = [0.5, 0.9]\n"
    "intake_hours = [0.7, 1.3]\nconsult_hours = [0.5, 1.5]\n"
)


def test_a_sobol_analysis_of_twenty_factors_with_n_1024_is_accepted(tmp_path):
    path = tmp_path / "sobol20.toml"
    path.write_text(SOBOL_20, encoding="utf-8")
    spec = load_experiment(path)
    assert len(spec.factors) == 20
    assert len(spec.points()) == 1024 * (20 + 2)  # first-order and total indices


@pytest.mark.slow  # plans 45,056 runs and times a sample of them (short ones): ~30 s
def test_the_plan_of_a_sobol_analysis_of_twenty_factors_counts_its_runs(tmp_path, capsys):
    path = tmp_path / "sobol20.toml"
    path.write_text(SOBOL_20, encoding="utf-8")
    assert main(["sweep", str(path), "--plan", "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "45,056 runs for 45,056 cells (22,528 factor points x 2 ways x 1 replication" in printed
    assert not (tmp_path / "out").exists()
