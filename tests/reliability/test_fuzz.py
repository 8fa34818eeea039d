"""Fuzzing the command line, scenario files and experiment files with Hypothesis: whatever
the input, the command ends with exit 0, or with exit 2 and one line on stderr; never a
traceback. Runs are kept short (a small --max-events is appended, so a valid scenario either
runs in well under a second or is refused by the budget)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkteam.model import parameter_names

from .conftest import cli

COMMANDS = ["run", "compare", "story", "params", "presets", "sweep", "report", "dashboard"]
OPTIONS = [
    "--seed", "--set", "--preset", "--scenario", "--warmup-days", "--horizon-days",
    "--replications", "--household", "--a", "--b", "--language", "--example", "--json",
    "--save-scenario", "--out", "--workers", "--resume", "--kpi", "--max-events", "--host",
    "--port", "--markdown", "-r",
]  # fmt: skip
NAMES = parameter_names()
# values that have broken things before: signs, underscores, non-ASCII digits, huge numbers
NASTY = ["-1", "0", "1_0", "١٢", "１", "1e400", "nan", "inf", "", " ", "=", "x=y", "10" * 30,
         "/dev/zero", "/proc/x", "../../x", "\x00", "islands", "integral", "custom"]  # fmt: skip

short_text = st.text(max_size=12)
value = st.one_of(st.sampled_from(NASTY), short_text, st.integers().map(str), st.floats().map(str))
set_item = st.builds(lambda n, v: f"{n}={v}", st.one_of(st.sampled_from(NAMES), short_text), value)
argument = st.one_of(
    st.sampled_from(OPTIONS),
    value,
    st.builds(lambda: "--set"),
    set_item,
)
toml_value = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.floats(allow_nan=False),
        short_text,
        st.sampled_from(NASTY),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(short_text, inner, max_size=3),
    max_leaves=8,
)
scenario_data = st.dictionaries(
    st.one_of(st.sampled_from([*NAMES, "staff", "professionals", "profile"]), short_text),
    toml_value,
    max_size=5,
)
EXPERIMENT_KEYS = ["name", "question", "base", "ways", "replications", "seed", "kpis",
                   "overrides", "factors", "design", "points", "samples", "chunk_size",
                   "reference", "max_events"]  # fmt: skip
experiment_data = st.fixed_dictionaries(
    {"ways": st.sampled_from([["islands", "integral"], ["integral"], "x", []])},
    optional={key: toml_value for key in EXPERIMENT_KEYS if key != "ways"},
)
FAST = ["--max-events", "3000"]  # the last value wins: a valid run stays tiny


def assert_clean(result) -> None:
    """Exit 0, or exit 2 with exactly one line on stderr; never a traceback."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    if result.returncode == 0:
        return
    assert result.returncode == 2, (result.args, result.returncode, result.stderr[-3000:])
    assert len(result.stderr.strip().splitlines()) == 1, (result.args, result.stderr)


@contextmanager
def _scratch() -> Iterator[Path]:
    """A fresh folder, deep enough that a fuzzed `../../x` stays inside the temp folder, and
    removed with all that the command wrote (a fuzzing campaign runs thousands of examples:
    left behind, their folders once made the temp folder slow to list for every process)."""
    with tempfile.TemporaryDirectory(prefix="wijkteam-fuzz-") as root:
        folder = Path(root) / "a" / "b" / "c"
        folder.mkdir(parents=True)
        yield folder


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(command=st.sampled_from(["run", "compare", "story", "params", "presets"]),
       args=st.lists(argument, max_size=6))  # fmt: skip
def test_command_line_arguments(command, args):
    if command == "compare":
        args = [*args, "-r", "2"]
    extra = FAST if command in ("run", "compare", "story") else []
    with _scratch() as folder:
        assert_clean(cli(command, *args, *extra, cwd=folder))


@FUZZ
@given(data=st.one_of(scenario_data.map(tomli_w.dumps), st.text(max_size=200),
                      st.binary(max_size=200)))  # fmt: skip
def test_scenario_files(data):
    with _scratch() as folder:
        path = folder / "s.toml"
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        args = ["run", "--scenario", "s.toml", "--horizon-days", "5", *FAST]
        assert_clean(cli(*args, cwd=folder))


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.one_of(experiment_data.map(tomli_w.dumps), st.text(max_size=200)))
def test_experiment_files(data):
    args = ["sweep", "e.toml", "--out", "out", "--workers", "1", "--no-progress", *FAST]
    with _scratch() as folder:
        (folder / "e.toml").write_text(data, encoding="utf-8")
        assert_clean(cli(*args, cwd=folder))
