"""Every `wijkteam` command written in README.md and docs/*.md works as written for a user who
installed the package from a wheel, in a folder outside the source tree.

The package is built into a wheel and installed into a fresh virtual environment (the packages
come from uv's cache or the registry, as for any user). The commands are read from the fenced
code blocks of the docs, not copied here, so a doc that changes is tested as it now reads.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# Commands that name a file or a machine the reader supplies (`my.toml`, a scheduler address)
# or that open a network port to everyone, or that a shell loop fills in: shown as patterns,
# not meant to be run verbatim.
PLACEHOLDERS = ("my.toml", "tcp://scheduler", "0.0.0.0", "$")  # "$": a shell loop's variable
# A long-running server: checked for a working `--help` only (browser tests drive it).
SERVERS = ("dashboard",)
# Long computations (minutes to hours at their documented size) whose quick forms have tests of
# their own (tests/experiments/test_validation.py, test_prim.py) and run in CI: their
# documented commands are checked for a working `--help` here.
LONG = ("validate", "calibrate", "where-integral-wins", "discover")


def doc_commands() -> list[tuple[str, str]]:
    """(where, command) for each `wijkteam` command in a fenced code block of the docs; `where`
    is `FILE:LINE@BLOCK`, the block being the fenced block's first line."""
    found: list[tuple[str, str]] = []
    for doc in DOCS:
        in_block = False
        pending = ""
        block = 0
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("```"):
                in_block = not in_block
                block = number
                continue
            if not in_block:
                continue
            line = pending + line.split(" #", 1)[0].rstrip()
            if line.endswith("\\"):
                pending = line[:-1] + " "
                continue
            pending = ""
            for part in line.split("&&"):
                words = part.strip()
                words = re.sub(r"^uv run ", "", words)
                if words.startswith("wijkteam "):
                    found.append((f"{doc.name}:{number}@{block}", words))
    return found


COMMANDS = doc_commands()


def test_the_docs_have_commands() -> None:
    """The extraction finds the README's quick start, so an empty list cannot pass silently."""
    assert ("README.md", "wijkteam run") in {(w.split(":")[0], c) for w, c in COMMANDS}
    assert any(c.startswith("wijkteam sweep") for _, c in COMMANDS)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the package installed from a freshly built wheel; the
    folder returned (the user's working folder) is outside the source tree."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is needed to build the wheel (the README's quick start installs it)")
    tmp = tmp_path_factory.mktemp("installed")
    dist = tmp / "dist"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_PROJECT"))}
    # build from a copy: setuptools writes build/ into the folder it builds
    source = tmp / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", ".cache", "build", "dist", "results", "__pycache__", "*.egg-info"
        ),
    )
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(dist), str(source)],
        check=True,
        capture_output=True,
        env=env,
    )
    wheel = next(dist.glob("wijkteam-*.whl"))
    venv = tmp / "venv"
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True, env=env)
    subprocess.run(
        [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), str(wheel)],
        check=True,
        capture_output=True,
        env=env,
    )
    work = tmp / "work"
    work.mkdir()
    return work  # one sub-folder per doc: a reader follows one page's commands in one folder


def run_installed(
    work: Path, words: list[str], timeout: float = 300
) -> subprocess.CompletedProcess:
    work.mkdir(exist_ok=True)
    venv_bin = work.parent.parent / "venv" / "bin"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")}
    env["PATH"] = f"{venv_bin}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [str(venv_bin / words[0]), *words[1:]],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.slow
def test_every_documented_command_runs_from_an_installed_wheel(installed: Path) -> None:
    """Run each command in the order the docs give it (a report follows its sweep). A sweep
    is shortened to one replication: the point is that the command is accepted and produces
    its results from the installed package, not the experiment's statistics."""
    failures = []
    ran = 0
    for where, command in COMMANDS:
        words = shlex.split(command)
        if any(p in command for p in PLACEHOLDERS):
            continue
        if words[1] in SERVERS or any(w in LONG for w in words[1:3]):
            words = words[:2] + ["--help"]
        if words[1] == "sweep" and "--replications" not in words:
            words += ["--replications", "1", "--no-progress"]
        # a reader follows one code block in one folder (a block's report reads its sweep)
        folder = f"{where.split(':')[0]}-block{where.split('@')[1]}"
        done = run_installed(installed / folder, words)
        ran += 1
        if done.returncode != 0 or not done.stdout.strip():
            failures.append(f"{where}: `{command}` -> exit {done.returncode}: {done.stderr[-400:]}")
    assert not failures, "\n".join(failures)
    assert ran >= 10


@pytest.mark.slow
def test_the_installed_package_runs_outside_the_source_tree(installed: Path) -> None:
    """`pip install .` then `wijkteam run`, as a user without the source would: outcomes
    printed, and the package imported from the environment, not from the checkout."""
    done = run_installed(installed / "quick-start", ["wijkteam", "run"])
    assert done.returncode == 0, done.stderr
    assert "Requests" in done.stdout or "requests" in done.stdout
    where = run_installed(
        installed / "quick-start",
        ["python", "-c", "import wijkteam.model, sys; print(wijkteam.model.__file__)"],
    )
    assert str(ROOT) not in where.stdout and "site-packages" in where.stdout
