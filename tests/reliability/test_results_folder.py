"""Faults injected into a results folder: a damaged part, a second sweep at the same time, a
full disk, a resume with fewer replications. Nothing is lost, duplicated or mixed, and every
fault is one line."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from wijkteam.experiments.analysis import load
from wijkteam.experiments.design import parse_experiment
from wijkteam.experiments.engine import sweep
from wijkteam.experiments.executors import ProcessPool
from wijkteam.experiments.store import ResultStore

from .conftest import WIJKTEAM, assert_one_line_error, children_of, cli, listing

TINY = """
name = "tiny"
question = "Does the folder heal?"
base = "default"
ways = ["islands", "integral"]
replications = 2
seed = 11
chunk_size = 2

[overrides]
horizon_days = 30
warmup_days = 5

[factors]
breadth = [0.2, 0.6]
"""
RUNS = 8  # 2 points x 2 ways x 2 replications
NON_KPI = ["wall_time_s", "cpu_time_s"]  # measured, not simulated


def rows(out: Path) -> pd.DataFrame:
    df = ResultStore(out).read().drop(columns=NON_KPI)
    return df.sort_values("run_id").reset_index(drop=True)


def raw_ids(out: Path) -> list[str]:
    """Every run_id in every part, duplicates included."""
    import pyarrow.parquet as pq

    ids: list[str] = []
    for path in sorted((out / "parts").glob("part-*.parquet")):
        ids += pq.read_table(path, columns=["run_id"]).column("run_id").to_pylist()
    return ids


@pytest.fixture(scope="module")
def pool():
    executor = ProcessPool(1)
    yield executor
    executor.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory, pool) -> Path:
    tmp = tmp_path_factory.mktemp("ref")
    sweep(parse_experiment(TINY, str(tmp / "tiny.toml")), tmp / "out", pool, progress=False)
    return tmp / "out"


def test_a_truncated_part_is_quarantined_and_rerun_on_resume(tmp_path, reference, pool):
    out = tmp_path / "out"
    sweep(parse_experiment(TINY, str(tmp_path / "tiny.toml")), out, pool, progress=False)
    victim = sorted((out / "parts").glob("part-*.parquet"))[0]
    lost = set(pd.read_parquet(victim)["run_id"])
    victim.write_bytes(victim.read_bytes()[:300])  # truncated, as by a crash of the disk

    (tmp_path / "tiny.toml").write_text(TINY)
    done = cli("sweep", "tiny.toml", "--out", "out", "--resume", "--workers", "1",
               "--no-progress", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    notices = [line for line in done.stderr.splitlines() if "notice" in line]
    assert len(notices) == 1 and victim.name in notices[0] and "quarantine" in notices[0]
    assert (out / "quarantine" / victim.name).exists()
    assert f"{len(lost)} run now" in done.stdout
    pd.testing.assert_frame_equal(rows(out), rows(reference))
    assert sorted(raw_ids(out)) == sorted(set(raw_ids(out)))  # nothing twice


def test_a_damaged_part_does_not_crash_the_report(tmp_path, pool):
    out = tmp_path / "out"
    sweep(parse_experiment(TINY, str(tmp_path / "tiny.toml")), out, pool, progress=False)
    victim = sorted((out / "parts").glob("part-*.parquet"))[-1]
    victim.write_bytes(b"PAR1" + b"\0" * 100)  # garbage with a Parquet magic number
    # one KPI's figures: the damaged part is what is tested, not drawing all 25 KPIs (~10 s)
    done = cli("report", "out", "--kpi", "resolved_share", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    # one line on the damaged part, one on what the report therefore lacks and how to fix it
    damaged, incomplete = done.stderr.strip().splitlines()
    assert "quarantine" in damaged
    assert f"{RUNS - 2} of {RUNS} cells have a run" in incomplete and "--resume" in incomplete
    summary = (out / "report" / "summary.md").read_text()
    assert f"- runs: {RUNS - 2} " in summary  # the two runs of the damaged part are missing


def test_a_second_sweep_into_a_busy_folder_is_refused(tmp_path, reference):
    """Whatever the timing: while one sweep holds the folder, a resume or another
    experiment into it is refused in one line, and the folder is not touched."""
    (tmp_path / "tiny.toml").write_text(TINY)
    (tmp_path / "other.toml").write_text(TINY.replace("seed = 11", "seed = 12"))
    out = tmp_path / "out"
    import shutil

    shutil.copytree(reference, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    holder = ResultStore(out)
    holder.lock()  # a running sweep holds this lock from start to end
    try:
        for args in (
            ["tiny.toml", "--resume"],
            ["other.toml", "--resume"],
            ["other.toml"],
        ):
            done = cli("sweep", *args, "--out", "out", "--workers", "1", cwd=tmp_path)
            assert_one_line_error(done, "another sweep is writing into this folder")
    finally:
        holder.unlock()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


@pytest.mark.slow
def test_two_real_resumes_at_once_run_each_run_once(tmp_path, reference):
    """Two processes resume the same empty-ish folder at the same moment: one runs, the
    other is refused; no run is written twice."""
    (tmp_path / "tiny.toml").write_text(TINY)
    cmd = [*WIJKTEAM, "sweep", "tiny.toml", "--out", "out", "--resume", "--workers", "1",
           "--no-progress"]  # fmt: skip
    procs = [
        subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [(p.wait(timeout=600), p.stderr.read().decode()) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 2]), results
    for code, err in results:
        if code == 2:
            assert "another sweep" in err and "Traceback" not in err
    out = tmp_path / "out"
    assert sorted(raw_ids(out)) == sorted(set(raw_ids(out)))
    pd.testing.assert_frame_equal(rows(out), rows(reference))


def _small_disk(limit: int):
    """In the child: files may not grow beyond `limit` bytes (a full disk, as the process
    sees it: writes fail with EFBIG instead of killing it with SIGXFSZ)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.slow
def test_a_full_disk_mid_sweep_loses_nothing_and_resume_finishes(tmp_path, reference):
    sizes = {p.name: p.stat().st_size for p in reference.iterdir() if p.is_file()}
    parts = [p.stat().st_size for p in (reference / "parts").glob("part-*.parquet")]
    limit = max(sizes.values()) + 256
    assert min(parts) > limit  # the folder can be set up, but no part written
    (tmp_path / "tiny.toml").write_text(TINY)
    cmd = [*WIJKTEAM, "sweep", "tiny.toml", "--out", "out", "--workers", "1", "--no-progress"]
    done = subprocess.run(
        cmd, cwd=tmp_path, capture_output=True, text=True, timeout=600,
        preexec_fn=_small_disk(limit),
    )  # fmt: skip
    assert_one_line_error(done, "cannot write", "--resume")
    out = tmp_path / "out"
    assert not [p for p in listing(out) if p.endswith(".tmp")], "an orphan temp file"
    report = cli("report", "out", cwd=tmp_path)  # no results yet: one line, not a crash
    assert_one_line_error(report, "no results")

    again = cli("sweep", "tiny.toml", "--out", "out", "--resume", "--workers", "1",
                "--no-progress", cwd=tmp_path)  # fmt: skip
    assert again.returncode == 0, again.stderr
    pd.testing.assert_frame_equal(rows(out), rows(reference))


def test_resume_with_fewer_replications_reports_the_experiment_it_defines(tmp_path, pool):
    out = tmp_path / "out"
    spec = parse_experiment(TINY, str(tmp_path / "tiny.toml"))
    sweep(spec, out, pool, progress=False)
    fewer = parse_experiment(TINY, str(tmp_path / "tiny.toml"), replications=1)
    summary = sweep(fewer, out, pool, resume=True, progress=False)
    assert summary.total == RUNS // 2 and summary.ran == 0
    res = load(out)
    assert len(res.runs) == RUNS // 2
    assert set(res.rows["replication"]) == {0}
    done = cli("report", "out", "--kpi", "resolved_share", cwd=tmp_path)  # one KPI: quicker
    assert done.returncode == 0, done.stderr
    assert f"- runs: {RUNS // 2} " in (out / "report" / "summary.md").read_text()


@pytest.mark.slow
def test_lock_is_released_when_a_sweep_is_killed(tmp_path):
    """SIGKILL leaves no stale lock: the kernel drops it with the process."""
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from wijkteam.experiments.store import ResultStore;"
         f"s = ResultStore({str(out)!r}); s.lock(); print('locked', flush=True); time.sleep(600)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        second = ResultStore(out)
        with pytest.raises(Exception, match="another sweep"):
            second.lock()
        holder.kill()
        holder.wait(timeout=30)
        deadline = time.monotonic() + 10
        while True:
            try:
                second.lock()
                break
            except Exception:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        second.unlock()
    finally:
        holder.kill()
        holder.wait(timeout=30)


@pytest.mark.slow
def test_a_killed_resource_tracker_does_not_end_a_sweep_in_a_traceback(tmp_path, reference):
    """Python's multiprocessing resource tracker killed mid-sweep (by an OOM killer, a user):
    the sweep still finishes with exit 0, its rows are right, and stderr has no traceback or
    raw warning, only the sweep's own lines."""
    slow = TINY.replace("horizon_days = 30", "horizon_days = 60")
    (tmp_path / "tiny.toml").write_text(slow)
    cmd = [*WIJKTEAM, "sweep", "tiny.toml", "--out", "out", "--workers", "1", "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    tracker = None
    while tracker is None and time.monotonic() < deadline and proc.poll() is None:
        tracker = next((p for p, cmd in children_of(proc.pid) if "resource_tracker" in cmd), None)
        time.sleep(0.05)
    assert tracker is not None, "no resource tracker seen"
    os.kill(tracker, signal.SIGKILL)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()[-3000:]
    assert "Traceback" not in err.decode() and "Warning" not in err.decode(), err.decode()
    assert len(ResultStore(tmp_path / "out").read()) == RUNS
