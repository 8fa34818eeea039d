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
