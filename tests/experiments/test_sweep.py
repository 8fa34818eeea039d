"""The sweep engine with real processes, a real Dask LocalCluster on loopback and real files:
killed and resumed equals uninterrupted, results do not depend on the executor, a failing run
does not stop the sweep, and a malformed experiment file writes nothing."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from wijkteam.cli import main
from wijkteam.errors import UserError
from wijkteam.experiments import store as store_module
from wijkteam.experiments.design import load_experiment, parse_experiment
from wijkteam.experiments.engine import sweep
from wijkteam.experiments.executors import DaskCluster, ProcessPool
from wijkteam.experiments.runs import make_runs
from wijkteam.experiments.store import ResultStore

# Short runs; case_hours_per_week = 19 is an impossible team for the integral way (too few
# direct hours after meetings and coordination) but fine for islands: real failing runs.
TINY = """
name = "tiny"
question = "Does the engine work?"
base = "default"
ways = ["islands", "integral"]
replications = 3
seed = 11
chunk_size = 2

[overrides]
horizon_days = 40
warmup_days = 10

[factors]
breadth = [0.2, 0.6]
case_hours_per_week = [0.75, 19.0]
"""

# Long enough to be killed part-way: ~40 runs of ~0.1 s, written two at a time.
SLOW = TINY.replace("horizon_days = 40", "horizon_days = 150").replace(
    "replications = 3", "replications = 5"
)

NON_KPI = {"wall_time_s", "cpu_time_s"}  # measured, not simulated
ENV = {**os.environ, "PYTHONHASHSEED": "random"}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def raw_rows(out: Path) -> pd.DataFrame:
    """Every row of every part, duplicates included."""
    return ResultStore(out).stored_rows()


def comparable(out: Path) -> pd.DataFrame:
    df = ResultStore(out).read().drop(columns=list(NON_KPI))
    return df.sort_values("run_id").reset_index(drop=True)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The tiny experiment, uninterrupted, on one worker process."""
    tmp = tmp_path_factory.mktemp("ref")
    spec = load_experiment(write(tmp, "tiny.toml", TINY))
    pool = ProcessPool(1)
    try:
        summary = sweep(spec, tmp / "out", pool, progress=False)
    finally:
        pool.close()
    assert summary.ran == len(make_runs(spec)) == 24
    return tmp / "out"


def test_failing_runs_are_recorded_and_the_sweep_goes_on(reference: Path) -> None:
    df = ResultStore(reference).read()
    assert len(df) == 24 and df["run_id"].is_unique
    failed = df[df["error"].notna()]
    assert len(failed) == 6  # integral at case_hours_per_week = 19, 2 breadths x 3 reps
    assert set(failed["way"]) == {"integral"}
    assert (failed["case_hours_per_week"] == 19.0).all()
    assert failed["error"].str.contains("impossible team").all()
    assert failed["right_help_within_60_share"].isna().all()
    ok = df[df["error"].isna()]
    assert ok["requests"].gt(0).all()


@pytest.mark.parametrize("joined", [1, 256])
def test_a_part_of_failed_runs_only_reads_with_the_others(
    reference: Path, tmp_path, monkeypatch, joined
) -> None:
    """A chunk whose runs all failed is a part without KPI columns (a failed run has none);
    read with the other parts, its runs have every column, their KPIs empty, and the table
    is the one the sweep's own parts give, whether the parts are joined in one group or
    each in its own (as in a sweep of thousands of parts)."""
    monkeypatch.setattr(store_module, "PARTS_JOINED", joined)
    rows = [row for table in ResultStore(reference).tables() for row in table.to_pylist()]
    failed = [{k: v for k, v in r.items() if v is not None} for r in rows if r["error"]]
    assert failed and len(failed[0]) < len(rows[0])  # no KPI columns
    store = ResultStore(tmp_path)
    store.parts.mkdir()
    store.write_part(failed)
    store.write_part([r for r in rows if not r["error"]])
    pd.testing.assert_frame_equal(store.read(), ResultStore(reference).read())


def test_rows_are_tidy_and_ways_share_seeds(reference: Path) -> None:
    df = ResultStore(reference).read()
    for column in (
        "run_id",
        "way",
        "replication",
        "seed",
        "model_version",
        "wall_time_s",
        "arrivals_per_day",
        "staff.youth",
        "profile",
        "breadth",
    ):
        assert column in df.columns
    # common random numbers: one seed per replication, whatever the way or factor point
    assert df.groupby("replication")["seed"].nunique().eq(1).all()
    assert df["seed"].nunique() == 3
    # the way's preset sets its levers; the factor varies breadth for both ways
    assert set(df.loc[df["way"] == "islands", "profile"]) == {"I"}
    assert set(df["breadth"]) == {0.2, 0.6}


@pytest.mark.slow
def test_two_workers_and_dask_give_identical_results(reference: Path, tmp_path: Path) -> None:
    spec = load_experiment(write(tmp_path, "tiny.toml", TINY))
    expected = comparable(reference)
    pool = ProcessPool(2)
    try:
        sweep(spec, tmp_path / "two", pool, progress=False)
    finally:
        pool.close()
    pd.testing.assert_frame_equal(comparable(tmp_path / "two"), expected)
    dask = DaskCluster("local", workers=2)
    try:
        assert dask.workers == 2
        sweep(spec, tmp_path / "dask", dask, progress=False)
    finally:
        dask.close()
    pd.testing.assert_frame_equal(comparable(tmp_path / "dask"), expected)


@pytest.mark.slow
def test_sweep_killed_with_sigkill_and_resumed_equals_uninterrupted(tmp_path: Path) -> None:
    path = write(tmp_path, "slow.toml", SLOW)
    total = len(make_runs(load_experiment(path)))
    killed = tmp_path / "killed"
    cmd = [
        sys.executable,
        "-m",
        "wijkteam.experiments.commands",
        "sweep",
        str(path),
        "--out",
        str(killed),
        "--workers",
        "2",
        "--no-progress",
    ]
    proc = subprocess.Popen(cmd, start_new_session=True, env=ENV, stderr=subprocess.PIPE)
    parts = killed / "parts"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if parts.exists() and len(list(parts.glob("part-*.parquet"))) >= 3:
            break
        time.sleep(0.02)
    assert proc.poll() is None, proc.stderr.read().decode()
    os.killpg(proc.pid, signal.SIGKILL)  # the sweep, its forkserver and its workers
    proc.wait()
    proc.stderr.close()
    partial = raw_rows(killed)
    assert 0 < len(partial) < total, "the sweep was not killed part-way"

    done = subprocess.run(cmd + ["--resume"], env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"{len(partial)} already done" in done.stdout
    rows = raw_rows(killed)
    assert len(rows) == total and rows["run_id"].is_unique  # no duplicates, none missing
    assert not list(parts.glob(".*tmp"))

    whole = tmp_path / "whole"
    spec = load_experiment(path)
    pool = ProcessPool(1)
    try:
        sweep(spec, whole, pool, progress=False)
    finally:
        pool.close()
    pd.testing.assert_frame_equal(comparable(killed), comparable(whole))


def test_more_replications_extend_a_finished_sweep(reference: Path, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(reference, out)
    spec = load_experiment(write(tmp_path, "tiny.toml", TINY), replications=4)
    pool = ProcessPool(1)
    try:
        summary = sweep(spec, out, pool, resume=True, progress=False)
    finally:
        pool.close()
    assert (summary.skipped, summary.ran) == (24, 8)
    df = ResultStore(out).read()
    assert len(df) == 32 and sorted(df["replication"].unique()) == [0, 1, 2, 3]


def test_an_existing_results_folder_needs_resume(reference: Path, tmp_path: Path) -> None:
    spec = load_experiment(write(tmp_path, "tiny.toml", TINY))
    out = tmp_path / "results"
    shutil.copytree(reference, out)  # a copy: the other tests compare against `reference`
    with pytest.raises(UserError, match="--resume"):
        sweep(spec, out, executor=None, progress=False)  # refused before running
    other = parse_experiment(TINY.replace("seed = 11", "seed = 12"), "other.toml")
    with pytest.raises(UserError, match="another experiment"):
        sweep(other, out, executor=None, resume=True, progress=False)
    assert ResultStore(out).read().equals(ResultStore(reference).read())  # nothing written


W = 'ways = ["islands"]\n'
MALFORMED = [
    ("ways = 3", "key ways"),
    ('ways = ["islands", "silo"]', "'silo' is not a preset"),
    ('ways = ["islands", "islands"]', "'islands' is listed twice"),
    (W + "replications = 0", "key replications"),
    (W + "[factors]\nbreadht = [0.1]", "key factors.breadht: invalid parameter breadht"),
    (W + "[factors]\nbreadth = [0.1, 1.5]", "key factors.breadth: 1.5 is not allowed"),
    (W + '[factors]\nprofile = ["Z"]', "key factors.profile"),
    (W + "[overrides]\nhorizon_days = -4", "key overrides.horizon_days"),
    (W + "colour = 1", "key colour: unknown key"),
    (W + 'design = "lhs"\npoints = 4\n[factors]\nbreadth = [0.1]', "must be a range [lo, hi]"),
    ('[ways.odd]\npreset = "nope"', "key ways.odd.preset"),
    ("ways = [", "not valid TOML"),
    (W + 'design = "lhs"\n[factors]\nbreadth = [0.1, 0.5]', "key points: missing"),
]


@pytest.mark.parametrize(("body", "message"), MALFORMED)
def test_malformed_experiment_file_is_named_and_writes_nothing(
    tmp_path: Path, body: str, message: str
) -> None:
    path = write(tmp_path, "bad.toml", f"seed = 1\n{body}\n")
    with pytest.raises(UserError) as info:
        load_experiment(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_malformed_file_through_the_command_line(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "bad.toml", 'ways = ["islands"]\nreplications = "many"\n')
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out)]) == 2  # `wijkteam sweep`, in-process
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "replications" in lines[0]
    assert not out.exists()


def test_identical_runs_are_run_once_and_fill_every_cell(tmp_path: Path) -> None:
    from wijkteam.experiments.analysis import load, paired_table

    text = TINY.replace('ways = ["islands", "integral"]', "").replace(
        "[factors]\nbreadth = [0.2, 0.6]\ncase_hours_per_week = [0.75, 19.0]",
        '[ways.islands]\npreset = "islands"\ncoordination_share = 0.0\n'
        '[ways.integral]\npreset = "integral"\n'
        "[factors]\ncoordination_share = [0.0, 0.1, 0.2]",
    )
    spec = load_experiment(write(tmp_path, "pinned.toml", text))
    assert len(make_runs(spec)) == 3 * (1 + 3)  # islands once per replication
    pool = ProcessPool(2)
    try:
        sweep(spec, tmp_path / "out", pool, progress=False)
    finally:
        pool.close()
    res = load(tmp_path / "out")
    assert len(res.runs) == 12 and len(res.rows) == 18
    islands = res.rows[res.rows["way"] == "islands"]
    assert sorted(islands["coordination_share"].unique()) == [0.0, 0.1, 0.2]  # the point's
    paired = paired_table(res, ["resolved_share"])
    assert len(paired) == 3 and paired["n"].eq(3).all()


@pytest.mark.slow
def test_sweep_on_a_running_dask_scheduler_through_the_command_line(
    reference: Path, tmp_path: Path
) -> None:
    from distributed import LocalCluster

    path = write(tmp_path, "tiny.toml", TINY)
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        done = subprocess.run(
            [
                str(Path(sys.executable).parent / "wijkteam"),
                "sweep",
                str(path),
                "--out",
                str(tmp_path / "out"),
                "--dask",
                cluster.scheduler_address,
                "--no-progress",
            ],
            capture_output=True,
            text=True,
            env=ENV,
        )
    assert done.returncode == 0, done.stderr
    assert "24 run now" in done.stdout and "6 failed" in done.stdout
    pd.testing.assert_frame_equal(comparable(tmp_path / "out"), comparable(reference))


@pytest.mark.slow
def test_a_dask_scheduler_without_workers_is_said_not_waited_on_forever(tmp_path: Path) -> None:
    """A scheduler no worker had joined left the sweep at 0% without a word, for ever."""
    from distributed import LocalCluster

    path = write(tmp_path, "tiny.toml", TINY)
    with LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None) as cluster:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "wijkteam"), "sweep", str(path),
             "--out", str(tmp_path / "out"), "--dask", cluster.scheduler_address,
             "--no-progress"],
            capture_output=True, text=True, env={**ENV, "WIJKTEAM_DASK_WORKER_WAIT": "3"},
            timeout=120,
        )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "waiting for a Dask worker" in done.stderr
    assert "no worker joined the scheduler in 3 s" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()  # the same command can be given again as it was


def _children(pid: int) -> list[int]:
    """Direct child processes of `pid`, from /proc."""
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry.name))
    return kids


@pytest.mark.slow
def test_a_killed_worker_stops_the_sweep_in_one_line_and_resume_finishes_it(
    tmp_path: Path,
) -> None:
    cmd, out, proc, workers = _start_slow_sweep(tmp_path)
    total = len(make_runs(load_experiment(tmp_path / "slow.toml")))
    try:
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 2
    lines = stderr.strip().splitlines()
    assert "a worker process died" in lines[-1] and "--resume" in lines[-1]
    done = subprocess.run(cmd + ["--resume"], env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = raw_rows(out)
    assert len(rows) == total and rows["run_id"].is_unique


def _launch_sweep(
    tmp_path: Path, text: str, dask: bool
) -> tuple[list[str], Path, subprocess.Popen]:
    """The installed command starting to run `text` on two workers (`dask`: a local Dask
    cluster of two), in a session of its own, as a terminal would; its output piped."""
    path = write(tmp_path, "slow.toml", text)
    out = tmp_path / "out"
    cmd = [str(Path(sys.executable).parent / "wijkteam"), "sweep", str(path), "--out", str(out)]
    cmd += ["--workers", "2", "--no-progress", *(["--dask", "local"] if dask else [])]
    proc = subprocess.Popen(
        cmd, start_new_session=True, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    return cmd, out, proc


def _start_slow_sweep(
    tmp_path: Path, text: str = SLOW, first_part: bool = True, dask: bool = False
) -> tuple[list[str], Path, subprocess.Popen, list[int]]:
    """The installed command running `text` on two workers, in a session of its own, once
    its workers are up and (`first_part`) a part is written; with the pids of its pool's
    workers (sweep -> forkserver -> worker). With `dask`, on a local Dask cluster of two
    workers (their pids are not looked for)."""
    cmd, out, proc = _launch_sweep(tmp_path, text, dask)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while not dask and time.monotonic() < deadline and len(workers) < 2:
        workers = [w for server in _children(proc.pid) for w in _children(server)]
        time.sleep(0.05)
    while first_part and time.monotonic() < deadline and not list((out / "parts").glob("part-*")):
        time.sleep(0.02)
    if proc.poll() is not None or (not dask and len(workers) != 2):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        _, stderr = proc.communicate()
        raise AssertionError(f"the sweep did not get going with two workers: {stderr}")
    return cmd, out, proc, workers


def _one_line(stderr: str) -> str:
    """The one line a stopped sweep says; failing, with all it said when it said more."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def _descendants(pid: int) -> list[int]:
    """Every process under `pid`: its children, theirs, and so on."""
    found = []
    for child in _children(pid):
        found += [child, *_descendants(child)]
    return found


def _interrupt(proc: subprocess.Popen, group: bool, signum: int = signal.SIGINT) -> str:
    """SIGINT (or `signum`) to the sweep's process group (a terminal's Ctrl-C) or to its
    process alone; its stderr once it ended (killed if it has not within two minutes)."""
    try:
        if group:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        return proc.communicate(timeout=120)[1]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def _resume_finishes(cmd: list[str], out: Path, spec: Path) -> None:
    """The same command with --resume completes the sweep: every run there, once."""
    done = subprocess.run(cmd + ["--resume"], env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = raw_rows(out)
    assert len(rows) == len(make_runs(load_experiment(spec)))
    assert rows["run_id"].is_unique


def _gone(pids: list[int], within_s: float) -> list[int]:
    """The pids of `pids` still running after waiting up to `within_s` (a guard, not a
    speed limit) for them to end."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in pids):
        time.sleep(0.1)
    return [p for p in pids if Path(f"/proc/{p}").exists()]


@pytest.mark.slow
@pytest.mark.parametrize("to", ["the sweep alone", "its process group"])
def test_an_interrupt_ends_the_sweep_and_its_workers(tmp_path: Path, to: str) -> None:
    """SIGINT to the sweep's process only (a batch system, `timeout -s INT`) or to its whole
    process group (a terminal's Ctrl-C): the sweep ends with code 130 and says how to go on,
    without a traceback, leaves no worker behind (to the process alone, it once waited for
    them for ever), and a resume finishes the experiment."""
    cmd, out, proc, workers = _start_slow_sweep(tmp_path)
    stderr = _interrupt(proc, group=to != "the sweep alone")
    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1].startswith("wijkteam: interrupted; the runs")
    assert "--resume" in stderr and "Traceback" not in stderr, stderr
    assert _gone(workers, within_s=60) == []
    _resume_finishes(cmd, out, tmp_path / "slow.toml")


@pytest.mark.slow
def test_sigterm_stops_a_sweep_as_ctrl_c_does(tmp_path: Path) -> None:
    """SIGTERM (`kill`, `timeout`, a batch system's time limit) to the sweep: it says how to
    go on as after Ctrl-C, exits with 143, leaves no worker behind and no raw warning of
    leaked semaphores (it ended at once, with only that warning), and a resume finishes."""
    cmd, out, proc, workers = _start_slow_sweep(tmp_path)
    stderr = _interrupt(proc, group=False, signum=signal.SIGTERM)
    assert proc.returncode == 143, stderr
    line = _one_line(stderr)  # nothing raw before it
    assert line.startswith("wijkteam: terminated; the runs") and "--resume" in line, stderr
    assert _gone(workers, within_s=60) == []
    _resume_finishes(cmd, out, tmp_path / "slow.toml")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stopped_dask_sweep_says_one_line(tmp_path: Path, signum: int) -> None:
    """A sweep on a local Dask cluster stopped with runs in flight says how to go on in one
    line: no warning of distributed per cancelled run, nor of leaked semaphores."""
    _, _, proc, _ = _start_slow_sweep(tmp_path, dask=True)
    stderr = _interrupt(proc, group=False, signum=signum)
    assert proc.returncode == 128 + signum, stderr
    line = _one_line(stderr)
    assert "; the runs that finished are in" in line and "--resume" in line, stderr


@pytest.mark.slow
def test_ctrl_c_on_a_local_dask_sweep_says_one_line_and_resume_finishes(tmp_path: Path) -> None:
    """A terminal's Ctrl-C reaches the whole process group, the local cluster's worker
    processes too: each printed a raw KeyboardInterrupt traceback over the sweep's one line.
    They leave it to the sweep, which closes the cluster; the runs kept finish with --resume."""
    cmd, out, proc, _ = _start_slow_sweep(tmp_path, dask=True)
    stderr = _interrupt(proc, group=True)
    assert proc.returncode == 130, stderr
    line = _one_line(stderr)
    assert line.startswith("wijkteam: interrupted; the runs") and "--resume" in line, stderr
    _resume_finishes(cmd, out, tmp_path / "slow.toml")


@pytest.mark.slow
def test_ctrl_c_while_a_local_dask_cluster_starts_says_one_line(tmp_path: Path) -> None:
    """Ctrl-C in the first seconds of a `--dask local` sweep, as its first worker process
    starts: every worker printed a KeyboardInterrupt traceback from the middle of its imports,
    and distributed an AssertionError on closing workers that had not started, over the
    sweep's own line. The workers now leave Ctrl-C to the sweep from their first instant, and
    nothing of the cluster outlives it."""
    _, _, proc = _launch_sweep(tmp_path, SLOW, dask=True)
    deadline = time.monotonic() + 120
    started: list[int] = []
    # three processes under the sweep: multiprocessing's resource tracker and the first of
    # the cluster's (a worker starting, or the process that starts them and one worker)
    while time.monotonic() < deadline and proc.poll() is None and len(started) < 3:
        started = _descendants(proc.pid)
        time.sleep(0.01)
    assert proc.poll() is None, "the sweep ended before its cluster started"
    stderr = _interrupt(proc, group=True)
    assert proc.returncode == 130, stderr
    line = _one_line(stderr)
    assert line.startswith("wijkteam: interrupted"), stderr
    assert _gone(started, within_s=60) == []


@pytest.mark.slow
def test_an_interrupt_before_any_run_finished_keeps_no_folder(tmp_path: Path) -> None:
    """Ctrl-C once the workers were up but before a run had finished left a folder that
    said it held results: the same command was then refused ("add --resume"), and the
    message said the finished runs were in it (there were none)."""
    # runs of a few seconds each: no part is written before the interrupt
    long = SLOW.replace("horizon_days = 150", "horizon_days = 4000")
    _, out, proc, _ = _start_slow_sweep(tmp_path, long, first_part=False)
    finished = list((out / "parts").glob("part-*"))
    stderr = _interrupt(proc, group=True)
    assert not finished, "a run finished before the interrupt"
    assert proc.returncode == 130, stderr
    assert "nothing was kept" in stderr and "Traceback" not in stderr, stderr
    assert not out.exists()


@pytest.mark.slow
def test_workers_of_a_killed_sweep_do_not_outlive_it(tmp_path: Path) -> None:
    """SIGKILL to the sweep's process alone (an out-of-memory killer): its workers and
    their forkserver end too, instead of waiting for work for ever."""
    _, _, proc, workers = _start_slow_sweep(tmp_path)
    servers = _children(proc.pid)
    try:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        left = _gone(workers + servers, within_s=60)
    finally:
        for pid in workers + servers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    assert left == []


def test_model_version_follows_the_model_source(tmp_path: Path) -> None:
    """Any change to a model file gives another version; no manual bump to forget."""
    import wijkteam.model
    from wijkteam.experiments.provenance import model_version, source_hash

    copy = tmp_path / "model"
    shutil.copytree(Path(wijkteam.model.__file__).parent, copy)
    before = source_hash(copy)
    assert before == model_version().split("+")[1]
    households = copy / "households.py"
    households.write_text(households.read_text() + "\n# a change\n")
    assert source_hash(copy) != before


def test_resume_after_a_model_change_is_refused(reference: Path, tmp_path: Path) -> None:
    """A folder written by another model version is never completed with this one's runs."""
    from wijkteam.experiments.provenance import model_version

    rows = raw_rows(reference)
    assert set(rows["model_version"]) == {model_version()}
    old = tmp_path / "old"
    shutil.copytree(reference, old)
    manifest = json.loads((old / "manifest.json").read_text())
    manifest["model_version"] = "0.1.0"  # as written before the version was derived
    (old / "manifest.json").write_text(json.dumps(manifest))
    parts_before = sorted(p.name for p in (old / "parts").iterdir())
    spec = load_experiment(write(tmp_path, "tiny.toml", TINY))
    with pytest.raises(UserError, match="model version 0.1.0, this is .*must not mix"):
        sweep(spec, old, executor=None, resume=True, progress=False)
    assert sorted(p.name for p in (old / "parts").iterdir()) == parts_before


@pytest.mark.slow
def test_a_local_dask_cluster_takes_a_worker_count(reference: Path, tmp_path: Path) -> None:
    """`--dask local --workers 2` starts a local cluster of two workers (it was refused);
    `--workers` with a running scheduler's address is refused in one line, before connecting."""
    path = write(tmp_path, "tiny.toml", TINY)
    wijkteam = str(Path(sys.executable).parent / "wijkteam")
    base = [wijkteam, "sweep", str(path), "--no-progress", "--workers", "2"]
    done = subprocess.run(
        base + ["--out", str(tmp_path / "out"), "--dask", "local"],
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert done.returncode == 0, done.stderr
    pd.testing.assert_frame_equal(comparable(tmp_path / "out"), comparable(reference))
    refused = subprocess.run(
        base + ["--out", str(tmp_path / "other"), "--dask", "tcp://127.0.0.1:9"],
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "--workers 2 with --dask" in refused.stderr
    assert not (tmp_path / "other").exists()


def test_set_runs_an_experiment_in_another_neighbourhood(tmp_path: Path, capsys) -> None:
    """`sweep FILE --set NAME=VALUE` changes a parameter in every run without editing the
    file; the report's reproduce line carries it, and resuming with another value is
    another experiment, refused."""
    path = write(tmp_path, "tiny.toml", TINY.replace("replications = 3", "replications = 1"))
    out = tmp_path / "out"
    args = ["sweep", str(path), "--out", str(out), "--workers", "1", "--no-progress"]
    assert main([*args, "--set", "multi_problem_share=0.05"]) == 0, capsys.readouterr().err
    runs = ResultStore(out).read()
    assert len(runs) == 8 and set(runs["multi_problem_share"]) == {0.05}
    assert main(["report", str(out)]) == 0
    summary = (out / "report" / "summary.md").read_text()
    assert "--set multi_problem_share=0.05 --replications 1 --out" in summary
    capsys.readouterr()
    assert main([*args, "--set", "multi_problem_share=0.5", "--resume"]) == 2
    assert "another experiment ('tiny', different in: overrides, sets)" in capsys.readouterr().err


def test_a_folder_of_other_files_is_refused_and_left_as_it_was(tmp_path: Path, capsys) -> None:
    """`--out` naming a folder that holds other files (the current folder, by mistake):
    refused in one line, and not even a lock file is written into it."""
    path = write(tmp_path, "tiny.toml", TINY)
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["sweep", str(path), "--out", str(folder), "--no-progress"]) == 2
    assert "holds other files (notes.txt)" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("breadth=0.5", "--set breadth: the experiment varies it as a factor"),
        ("front_door=single", "--set front_door: way 'islands' sets it itself"),
        ("multi_problem_share=2", "multi_problem_share=2.0: must be between 0 and 1"),
        ("no_such_thing=1", "no_such_thing='1': unknown parameter"),
        ("multi_problem_share", "expected NAME=VALUE"),
    ],
)
def test_a_set_that_would_not_hold_is_refused_in_one_line(
    tmp_path: Path, capsys, setting: str, message: str
) -> None:
    text = TINY.replace('ways = ["islands", "integral"]\n', "") + (
        '[ways.islands]\npreset = "islands"\nfront_door = "desk"\n'
        '[ways.integral]\npreset = "integral"\n'
    )
    path = write(tmp_path, "tiny.toml", text)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--set", setting]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines
    assert not out.exists()


def test_a_resume_says_how_many_of_the_runs_done_had_failed(reference: Path, tmp_path, capsys):
    """A resume of a finished sweep said '24 already done, ... 0 failed' though six of them
    had failed: the failures are still there, and now it says so."""
    out = tmp_path / "out"
    shutil.copytree(reference, out)
    file = write(tmp_path, "tiny.toml", TINY)
    args = ["sweep", str(file), "--out", str(out), "--resume", "--workers", "1", "--no-progress"]
    assert main(args) == 0
    said = capsys.readouterr().out
    assert "24 already done (6 of them failed), 0 run now" in said, said


def test_the_local_scheduler_keeps_quiet_only_of_the_runs_a_stopped_sweep_cancelled() -> None:
    """A sweep stopped while it fetched a run's rows had, under its one line, the scheduler's
    ERROR that the cancelled runs were gone. That message is dropped; any other, of the same
    logger, even of keys lost otherwise, is still shown."""
    import logging

    from wijkteam.experiments.local_dask_worker import quiet_scheduler

    logger = logging.getLogger("distributed.scheduler")
    quiet_scheduler()
    filters = len(logger.filters)
    quiet_scheduler()  # a second cluster in the same process adds nothing
    assert len(logger.filters) == filters

    def shown(message: str) -> bool:
        record = logger.makeRecord(logger.name, logging.ERROR, __file__, 1, message, (), None)
        return bool(logger.filter(record))

    assert not shown("Couldn't gather keys: {'run_chunk-1-0': 'forgotten'}")
    assert shown("Couldn't gather keys: {'run_chunk-1-0': 'memory'}")
    assert shown("Workers don't have promised key: ['tcp://127.0.0.1:1'], run_chunk-1-0")
