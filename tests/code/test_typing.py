"""The packages call each other with the right types.

`uv run mypy` checks the four folders, but it cannot follow `from wijkteam.model import ...`
from experiments, dashboards or the command line: the folders are installed as sub-packages
of `wijkteam` under other names (`model/` as `wijkteam.model`, see `[tool.setuptools]` in
pyproject.toml), so there every use of another package is typed `Any`, and a call with the
wrong arguments passes. This test lays the folders out as they are installed and runs mypy on
the whole `wijkteam` package, with the project's own mypy settings.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a new process: mypy on every module, ~15-30 s

ROOT = Path(__file__).resolve().parents[2]


def installed_layout(into: Path) -> Path:
    """A copy of the package as `pip install .` lays it out: wijkteam/{model,experiments,
    dashboards} beside the command line's own modules."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    package = into / "wijkteam"
    for name, folder in config["tool"]["setuptools"]["package-dir"].items():
        target = into.joinpath(*name.split("."))
        shutil.copytree(
            ROOT / folder, target, ignore=shutil.ignore_patterns("__pycache__", "wijkteam")
        )
    return package


def mypy_config(into: Path) -> Path:
    """The project's [tool.mypy] settings, less the `Any` for its own packages."""
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    lines = ["[mypy]", f"python_version = {mypy['python_version']}"]
    lines += [
        f"{k} = {v}" for k, v in mypy.items() if k not in ("python_version", "files", "overrides")
    ]
    for override in mypy.get("overrides", []):
        modules = [m for m in override["module"] if not m.startswith("wijkteam")]
        settings = {k: v for k, v in override.items() if k != "module"}
        lines.append(f"[mypy-{','.join(modules)}]")
        lines += [f"{k} = {v}" for k, v in settings.items()]
    path = into / "mypy.ini"
    path.write_text("\n".join(lines).replace("= true", "= True").replace("= false", "= False"))
    return path


def test_the_packages_use_each_other_with_the_right_types(tmp_path: Path) -> None:
    installed_layout(tmp_path)
    config = mypy_config(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "-p", "wijkteam"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout
