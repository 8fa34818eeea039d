"""The `wijkteam` command as a user runs it: its stdout, stderr and exit code.

Most cases call the command's own entry point (`wijkteam.cli.main`, the function the
installed script calls) in this process, so the fast test loop does not pay Python's,
pandas' and Mesa's start-up for each; the last tests run the installed script in a real
process, as a user does, to show it behaves the same (marked `slow`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from wijkteam.cli import main
from wijkteam.model.story import MOTHER_SEED

KEYS = [
    "requests",
    "first_contact_within_5_share",
    "first_contact_median_days",
    "wait_first_contact_mean",
    "right_help_within_20_share",
    "right_help_within_60_share",
    "right_help_within_220_share",
    "right_help_median_days",
    "wait_right_help_mean_helped",
    "wait_right_help_rmean_220",
    "never_helped_share",
    "p_wait",
    "misrouted_share",
    "handoffs_per_case",
    "repeat_share",
    "resolved_share",
    "escalated_share",
    "dropped_share",
    "utilisation_mean",
    "hours_direct_share",
    "hours_intake_share",
    "hours_coordination_share",
    "hours_admin_share",
    "caseload_gini",
    "cost_per_household",
]
STEADY = [
    "steady_state",
    "warmup_found",
    "team_overloaded",
    "warmup_days_used",
    "follow_up_days",
]


@dataclass
class Result:
    """What a user sees of one command: exit code, stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def wijkteam(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run the command's entry point in this process and capture what it prints; an
    exception escaping it is the traceback a user would see, and fails the test."""
    monkeypatch.setenv("COLUMNS", "80")  # as in a pipe: the width does not follow the terminal

    def run(*args: str) -> Result:
        capsys.readouterr()  # start from nothing
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


INSTALLED = str(Path(sys.executable).parent / "wijkteam")  # the console script in the venv


def installed(*args: str) -> subprocess.CompletedProcess:
    """The installed `wijkteam` script in a new process, exactly as a user runs it."""
    return subprocess.run([INSTALLED, *args], capture_output=True, text=True, timeout=600)


def test_run_json_has_every_kpi(wijkteam) -> None:
    result = wijkteam("run", "--preset", "islands", "--json", "--horizon-days", "150")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert set(KEYS + STEADY) <= set(summary)
    assert summary["requests"] > 100
    assert 0 <= summary["misrouted_share"] <= 1
    # counts and flags read as the whole numbers they are, not 2431.0
    for name in ("requests", "households", "new_households", "steady_state", "warmup_found"):
        assert isinstance(summary[name], int), (name, summary[name])


def test_run_prints_a_readable_table(wijkteam) -> None:
    result = wijkteam("run", "--horizon-days", "100", "--set", "breadth=0.6")
    assert result.returncode == 0, result.stderr
    assert "Misrouted cases" in result.stdout and "Cost per household" in result.stdout
    assert "Right help within 60 days" in result.stdout and "warm-up" in result.stdout


def test_scenario_file_and_sets_combine(wijkteam, tmp_path) -> None:
    scenario = tmp_path / "buurt.toml"
    scenario.write_text("arrivals_per_day = 3.0\n[staff]\nyouth = 8\n")
    saved = tmp_path / "saved.toml"
    result = wijkteam(
        "run",
        "--scenario",
        str(scenario),
        "--set",
        "breadth=0.5",
        "--json",
        "--horizon-days",
        "60",
        "--save-scenario",
        str(saved),
    )
    assert result.returncode == 0, result.stderr
    text = saved.read_text()
    assert "arrivals_per_day = 3.0" in text and "youth = 8" in text and "breadth = 0.5" in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--set", "arrivals_per_day=-2"], "arrivals_per_day=-2.0: must be between 0.001 and"),
        (["--set", "breadth=wide"], "breadth='wide': must be a number"),
        (["--set", "nonsense=1"], "nonsense='1': unknown parameter"),
        (["--set", "breadth"], "expected NAME=VALUE"),
        (["--preset", "islands", "--set", "staff.safety=0"], "impossible team"),
        (["--set", "case_hours_per_week=40"], "impossible team"),
        (["--preset", "nowhere"], "--preset 'nowhere': no such preset; presets: default"),
        (["--preset", ""], "--preset '': no such preset"),  # not the default, silently
        (["--scenario", "/no/such/file.toml"], "not found"),
        (["--horizon-days", "-5"], "horizon_days=-5.0: must be between"),
        (["--warmup-days", "100", "--set", "warmup_days=200"], "give one of them"),
    ],
)
def test_bad_input_is_one_line_exit_2_no_traceback(wijkteam, args, words) -> None:
    result = wijkteam("run", *args)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_a_household_that_never_arrived_is_refused_with_how_many_did(wijkteam) -> None:
    """`story --household N` past the last household of the run: one line saying how many
    arrived (it told a story of 'first contact after never days')."""
    result = wijkteam("story", "--household", "999999", "--horizon-days", "20")
    assert result.returncode == 2 and result.stdout == ""
    err = result.stderr.strip()
    assert err.startswith("wijkteam: error: --household 999999:") and "choose 1 - " in err, err
    arrived = int(err.split("choose 1 - ")[1].split()[0].replace(",", ""))
    last = wijkteam("story", "--household", str(arrived), "--horizon-days", "20")
    assert last.returncode == 0 and "household " + str(arrived) in last.stdout


def test_malformed_scenario_file(wijkteam, tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("breadth = [\n")
    result = wijkteam("run", "--scenario", str(bad))
    assert result.returncode == 2
    assert str(bad) in result.stderr and "not valid TOML" in result.stderr
    assert "Traceback" not in result.stderr


def test_compare_json_pairs_islands_and_integral(wijkteam) -> None:
    result = wijkteam("compare", "--replications", "3", "--horizon-days", "150", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["a"], out["b"], out["replications"]) == ("islands", "integral", 3)
    rows = {row["kpi"]: row for row in out["kpis"]}
    assert set(KEYS) <= set(rows)
    assert "warm-up" in out["steady_state"]["a"] and "warm-up" in out["steady_state"]["b"]
    mis = rows["misrouted_share"]
    assert mis["diff_lo"] <= mis["diff"] <= mis["diff_hi"]
    assert mis["diff"] == pytest.approx(mis["mean_b"] - mis["mean_a"])


def test_compare_gives_the_same_numbers_on_one_worker_and_on_two(wijkteam) -> None:
    """Replications run a worker each at a time; each run seeds itself from its replication,
    so the comparison is the same to the last digit however many processes run it."""
    args = ("compare", "--replications", "3", "--horizon-days", "100", "--json")
    one = wijkteam(*args, "--workers", "1")
    two = wijkteam(*args, "--workers", "2")
    assert one.returncode == two.returncode == 0, (one.stderr, two.stderr)
    assert one.stdout == two.stdout and json.loads(one.stdout)["replications"] == 3


def test_compare_table_and_other_presets(wijkteam) -> None:
    result = wijkteam(
        "compare", "-r", "2", "--a", "zwolle-2015", "--b", "zwolle-matured", "--horizon-days", "80"
    )
    assert result.returncode == 0, result.stderr
    assert "A = zwolle-2015, B = zwolle-matured" in result.stdout
    assert "95% CI" in result.stdout


def test_story_tells_the_mother_under_both_ways(wijkteam) -> None:
    result = wijkteam("story", "--example", "mother")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "== islands ==" in out and "== integral ==" in out
    assert "question about parenting & growing up: her daughter of three" in out
    assert "money & debt — the real problem" in out
    assert out.count("->") == 2
    # the seed it says it uses is the one it uses (the help said 7 while the story used 66)
    said = re.search(r"for the mother (\d+)", " ".join(wijkteam("story", "--help").stdout.split()))
    assert said is not None and int(said.group(1)) == MOTHER_SEED
    assert wijkteam("story", "--example", "mother", "--seed", said.group(1)).stdout == out


def test_story_in_dutch_for_another_household(wijkteam) -> None:
    result = wijkteam("story", "--household", "5", "--language", "nl")
    assert result.returncode == 0, result.stderr
    assert "Dag " in result.stdout and "huishouden 5" in result.stdout


COMMANDS = [
    "run", "compare", "story", "params", "presets", "validate",
    "sweep", "report", "calibrate", "discover", "dashboard",
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself(wijkteam, command) -> None:
    """`wijkteam COMMAND --help` prints its usage and a description as a reader expects
    it: no doubled percent signs (a description is printed as written; only help texts
    of options are %-formatted), no traceback."""
    result = wijkteam(command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: wijkteam {command}")
    assert "%%" not in result.stdout, result.stdout
    top = wijkteam("--help").stdout
    assert f"    {command} " in top or f"    {command}\n" in top  # listed in the overview


def test_params_lists_sources(wijkteam) -> None:
    """Every parameter has exactly one row, with its default, range and a non-empty source
    equal to the scenario's own (the table is generated, not typed)."""
    from wijkteam.model import parameter_names, parameter_spec

    result = wijkteam("params", "--markdown")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    header = [
        c.strip()
        for c in lines[lines.index(next(x for x in lines if x.startswith("| parameter")))]
        .strip("|")
        .split(" | ")
    ]
    status, source = header.index("status"), header.index("source")
    rows = [line for line in lines if line.startswith("| `")]
    assert len(rows) == len(parameter_names())
    for line, name in zip(rows, parameter_names(), strict=True):
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        spec = parameter_spec(name)
        assert cells[0] == f"`{name}`"
        assert cells[2] == str(spec["default"]) and cells[3] == spec["allowed"]
        assert cells[source] == spec["source"] and cells[source]
        assert cells[status] == spec["status"] and cells[status]
    admin = next(r for r in rows if r.startswith("| `admin_share` |"))
    assert "Movisie" in admin


# --- the installed command in a real process (slow: each pays the interpreter's start-up) ---
@pytest.mark.slow
def test_installed_command_prints_json_outcomes(wijkteam) -> None:
    """The console script is installed and works: outcomes on stdout, no traceback, exit 0
    — and the same numbers, to the last bit, as the entry point in this process."""
    args = ["run", "--preset", "islands", "--json", "--horizon-days", "150"]
    result = installed(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    assert set(KEYS + STEADY) <= set(summary)
    assert summary["requests"] > 100
    here = wijkteam(*args)
    assert here.returncode == 0
    assert here.stdout == result.stdout  # the same JSON, character for character


@pytest.mark.slow
def test_installed_command_refuses_bad_input_in_one_line() -> None:
    """A user's mistake, as the user sees it from a shell: exit 2, one line on stderr."""
    result = installed("run", "--set", "breadth=wide")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "breadth='wide': must be a number" in lines[0], result.stderr
    assert result.stdout == ""


def test_version_is_the_packages(wijkteam) -> None:
    import tomllib

    pyproject = Path(__file__).parents[2] / "pyproject.toml"
    expected = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    result = wijkteam("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"wijkteam {expected}"


def test_compare_says_how_many_runs_a_figure_rests_on(wijkteam) -> None:
    """Thirty days of follow-up: within 60 days is estimated in no run, and the line says so
    (a mean over fewer runs than asked read as if it were over all of them); within 20 days
    is in every run and carries no such note."""
    result = wijkteam("compare", "--replications", "2", "--horizon-days", "30", "--workers", "1")
    assert result.returncode == 0, result.stderr
    lines = {line.split("  ")[1]: line for line in result.stdout.splitlines() if "  " in line}
    assert "(of 2 runs: A 0, B 0, both 0)" in lines["Right help within 60 days"]
    assert "(of 2 runs" not in lines["Right help within 20 days"]
    assert "is the mean of the others" in result.stdout
