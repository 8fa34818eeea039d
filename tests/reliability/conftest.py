"""Helpers for the reliability tests: the real `wijkteam` command in a scratch folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

WIJKTEAM = [sys.executable, "-m", "wijkteam.cli"]


def children_of(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the direct children of `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            found.append((int(entry.name), cmdline))
    return found


def alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def listing(folder: Path) -> set[str]:
    """Every path under `folder`, relative: to check that nothing was written."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def wijkteam(*args: str, cwd: Path, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    """Run the command as a user does: a new process, its exit code, stdout and stderr."""
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [*WIJKTEAM, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=env,
        **kw,
    )


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command's own entry point, in this process (the same code as the installed
    command, without paying Python's and pandas' start-up for every case): an exception
    escaping it is the traceback a user would see, and fails the test."""
    import contextlib
    import io

    from wijkteam.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse: usage errors and --help
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(old)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    """What the charter promises for bad input: exit 2, one line on stderr naming the
    problem, no traceback, nothing on stdout."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert result.stdout == ""


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder
