"""Every bad input of issue 13, through the command's entry point: one line naming what is
wrong and what is allowed, exit code 2, no traceback, nothing written. (A few go through a
real process too, at the end, to show the installed command behaves the same.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import assert_one_line_error, cli, listing, wijkteam

EXPERIMENT = """
name = "{name}"
question = "Is this refused?"
base = "default"
ways = ["islands", "integral"]
replications = 2
seed = 1
{extra}
"""


def experiment(folder: Path, name: str = "x", extra: str = "", file: str = "x.toml") -> Path:
    path = folder / file
    path.write_text(EXPERIMENT.format(name=name, extra=extra), encoding="utf-8")
    return path


def check(scratch: Path, args: list[str], *words: str) -> None:
    """Run, expect the one-line error, and check that the folder did not change."""
    before = listing(scratch)
    result = cli(*args, cwd=scratch)
    assert_one_line_error(result, *words)
    assert listing(scratch) == before, "something was written"


# --- tracebacks ------------
@pytest.mark.parametrize("command", ["run", "compare", "story"])
def test_negative_seed(scratch, command):
    check(scratch, [command, "--seed", "-1"], "--seed", "-1", "0 - ")


def test_save_scenario_into_a_missing_folder(scratch):
    check(scratch, ["run", "--save-scenario", "no/such/dir/s.toml"], "--save-scenario", "No such")


def test_save_scenario_onto_a_folder(scratch):
    (scratch / "d").mkdir()
    check(scratch, ["run", "--save-scenario", "d"], "--save-scenario", "is a folder")


def test_save_scenario_on_a_read_only_file_system(scratch):
    check(scratch, ["run", "--save-scenario", "/proc/wijkteam.toml"], "--save-scenario", "cannot")


def test_random_bytes_as_an_experiment_file(scratch):
    (scratch / "bytes.toml").write_bytes(bytes(range(256)) * 8)
    check(scratch, ["sweep", "bytes.toml"], "bytes.toml", "not UTF-8")


def test_random_bytes_as_a_scenario_file(scratch):
    (scratch / "bytes.toml").write_bytes(b"\xff\xfe\x00" * 100)
    check(scratch, ["run", "--scenario", "bytes.toml"], "bytes.toml", "not UTF-8")


DEEP = "x = " + "[" * 3000 + "]" * 3000 + "\n"


def test_deeply_nested_scenario_file(scratch):
    (scratch / "deep.toml").write_text(DEEP)
    check(scratch, ["run", "--scenario", "deep.toml"], "deep.toml", "nested too deeply")


def test_deeply_nested_experiment_file(scratch):
    (scratch / "deep.toml").write_text(DEEP)
    check(scratch, ["sweep", "deep.toml"], "deep.toml", "nested too deeply")


def test_sweep_out_onto_a_file(scratch):
    experiment(scratch)
    (scratch / "taken").write_text("mine")
    check(scratch, ["sweep", "x.toml", "--out", "taken", "--workers", "1"], "taken", "is a file")
    assert (scratch / "taken").read_text() == "mine"


def test_sweep_out_into_an_unwritable_folder(scratch):
    experiment(scratch)
    check(scratch, ["sweep", "x.toml", "--out", "/proc/wijkteam-results"], "cannot be written")


def test_sobol_with_a_billion_samples(scratch):
    experiment(
        scratch, extra='design = "sobol"\nsamples = 1000000000\n[factors]\nbreadth = [0.1, 0.9]'
    )
    check(scratch, ["sweep", "x.toml"], "samples", "at most")


# --- unbounded work ------------
def test_huge_demand_times_horizon(scratch):
    args = ["run", "--set", "arrivals_per_day=10000", "--set", "horizon_days=220000"]
    check(scratch, args, "run too large", "2,000,000", "--max-events")


def test_long_warm_up_at_high_demand(scratch):
    args = ["run", "--set", "warmup_days=22000", "--set", "arrivals_per_day=100"]
    check(scratch, args, "run too large", "--max-events")


def test_a_lower_max_events_refuses_the_default_run(scratch):
    check(scratch, ["run", "--max-events", "1000"], "run too large", "1,000 events")


def test_compare_with_a_hundred_million_replications(scratch):
    check(scratch, ["compare", "--replications", "100000000"], "--replications", "1,000")


def test_compare_checks_the_budget(scratch):
    args = ["compare", "--set", "arrivals_per_day=5000", "--horizon-days", "5000"]
    check(scratch, args, "run too large", "--max-events")


def test_scenario_from_dev_zero(scratch):
    check(scratch, ["run", "--scenario", "/dev/zero"], "/dev/zero", "larger than")


def test_a_million_point_grid_is_refused_before_planning(scratch):
    factors = "\n".join(
        f"{name} = [{', '.join(str(0.1 * i) for i in range(1, 11))}]"
        for name in ("breadth", "depth", "base_skill", "spillover", "relapse_prob", "return_prob")
    )
    experiment(scratch, extra=f"[factors]\n{factors}")
    check(scratch, ["sweep", "x.toml"], "1,000,000 factor points", "at most")


def test_lhs_with_a_billion_points(scratch):
    experiment(
        scratch, extra='design = "lhs"\npoints = 1000000000\n[factors]\nbreadth = [0.1, 0.9]'
    )
    check(scratch, ["sweep", "x.toml"], "points", "at most")


def test_an_experiment_beyond_the_work_budget(scratch):
    experiment(scratch, extra="[overrides]\narrivals_per_day = 10000\nhorizon_days = 220000")
    check(scratch, ["sweep", "x.toml"], "run too large", "max_events")


def test_sweep_replications_beyond_the_range(scratch):
    experiment(scratch)
    check(scratch, ["sweep", "x.toml", "--replications", "100000000"], "--replications", "1,000")


def test_too_many_custom_professionals(scratch):
    team = ", ".join('{specialty = "youth"}' for _ in range(5000))
    (scratch / "team.toml").write_text(f'profile = "custom"\nprofessionals = [{team}]\n')
    check(scratch, ["run", "--scenario", "team.toml"], "professionals", "at most 4,000")


# --- silent or wrong ------------
def test_story_of_household_minus_one(scratch):
    check(scratch, ["story", "--household", "-1"], "--household", "-1")


def test_a_parameter_set_twice(scratch):
    args = ["run", "--set", "breadth=0.5", "--set", "breadth=0.6"]
    check(scratch, args, "breadth", "given twice", "0.5", "0.6")


@pytest.mark.parametrize("value", ["1_0", "١٠", "１０", "6e", "0x10"])
def test_numbers_only_in_plain_digits(scratch, value):
    check(scratch, ["run", "--set", f"arrivals_per_day={value}"], "arrivals_per_day")


@pytest.mark.parametrize("value", ["1_0", "١٠", "nan"])
def test_numbers_in_a_scenario_file_only_in_plain_digits(scratch, value):
    """A number quoted in a scenario file is read by the same rule as `--set` (it was read by
    Python's `float`, so `"1_0"` ran ten arrivals a day without a word)."""
    (scratch / "s.toml").write_text(f'arrivals_per_day = "{value}"\n', encoding="utf-8")
    check(scratch, ["run", "--scenario", "s.toml"], "arrivals_per_day", "written plainly")


@pytest.mark.parametrize("option", ["--seed", "--horizon-days"])
def test_options_only_in_plain_digits(scratch, option):
    check(scratch, ["run", option, "1_0"], option, "1_0")


def test_sweep_out_empty(scratch):
    experiment(scratch)
    check(scratch, ["sweep", "x.toml", "--out", ""], "--out", "empty")


@pytest.mark.parametrize("name", ["/abs/path", "../../x", "a/b", ".hidden", ""])
def test_experiment_names_cannot_leave_results(scratch, name):
    experiment(scratch, name=name)
    check(scratch, ["sweep", "x.toml"], "key name", "plain name")


def test_sobol_with_three_samples(scratch):
    experiment(scratch, extra='design = "sobol"\nsamples = 3\n[factors]\nbreadth = [0.1, 0.9]')
    check(scratch, ["sweep", "x.toml"], "samples", "power of two")


# --- found by the input audit of 25 Nov 2026: silently wrong, or a traceback -----------
def test_save_scenario_with_an_empty_name(scratch):
    check(scratch, ["run", "--save-scenario", ""], "--save-scenario", "file name")


def test_a_preset_typo_is_named_with_the_closest_preset(scratch):
    check(scratch, ["run", "--preset", "integrl"], "--preset 'integrl'", "did you mean integral")
    check(scratch, ["compare", "--b", "islnds"], "'islnds'", "did you mean islands")


def test_an_experiment_typo_is_named_with_the_closest_one(scratch):
    check(scratch, ["sweep", "headlin", "--plan"], "headlin", "did you mean headline")


def test_a_factor_given_twice_is_refused(scratch):
    """`"staff.youth" = [3, 4]` and `staff = {youth = [5, 6]}`: only 5 and 6 were run."""
    extra = '[factors]\n"staff.youth" = [3, 4]\nstaff = { youth = [5, 6] }\n'
    experiment(scratch, extra=extra)
    check(scratch, ["sweep", "x.toml", "--plan"], "factors.staff.youth", "given twice")


def test_a_kpi_listed_twice_is_refused_before_the_sweep(scratch):
    """It ran the whole sweep, then the report failed with a traceback."""
    experiment(scratch, extra='kpis = ["resolved_share", "resolved_share"]\n')
    check(scratch, ["sweep", "x.toml", "--plan"], "kpis", "listed twice")


def test_a_top_level_key_below_a_table_says_where_it_belongs(scratch):
    experiment(scratch, extra='[overrides]\nhorizon_days = 40\nkpis = ["resolved_share"]\n')
    check(scratch, ["sweep", "x.toml", "--plan"], "overrides.kpis", "top of the file")


def test_a_custom_professional_with_a_typo_is_refused(scratch):
    (scratch / "s.toml").write_text(
        'profile = "custom"\n[[professionals]]\nspecialty = "youth"\nhourz = 10\n',
        encoding="utf-8",
    )
    check(scratch, ["run", "--scenario", "s.toml"], "professionals[0].hourz", "unknown key")


SMALL_SWEEP = "[overrides]\nhorizon_days = 30\nwarmup_days = 10\n[factors]\nbreadth = [0.2, 0.6]\n"


def _run_ids(folder: Path) -> list[str]:
    import pandas as pd

    parts = (folder / "parts").glob("*.parquet")
    return list(pd.concat(pd.read_parquet(p) for p in parts)["run_id"])


def test_a_resume_keeps_the_replications_the_sweep_was_started_with(scratch):
    """A resume without --replications took the file's smaller number: the manifest and
    report said fewer, and the runs beyond lay unused. A smaller --replications is refused."""
    import json

    experiment(scratch, extra=SMALL_SWEEP)
    args = ["sweep", "x.toml", "--out", "o", "--workers", "1", "--no-progress"]
    assert cli(*args, "--replications", "3", cwd=scratch).returncode == 0
    runs = sorted(_run_ids(scratch / "o"))
    result = cli(*args, "--resume", cwd=scratch)
    assert result.returncode == 0, result.stderr
    assert "3 replications" in result.stderr
    manifest = json.loads((scratch / "o" / "manifest.json").read_text())
    assert manifest["replications"] == 3 and sorted(_run_ids(scratch / "o")) == runs
    check(scratch, [*args, "--resume", "--replications", "2"], "--replications 2", "holds")


def test_a_folder_without_its_manifest_takes_no_other_experiment(scratch):
    """Its parts held the rows of two experiments after a resume (a query mixed them)."""
    experiment(scratch, extra=SMALL_SWEEP)
    experiment(scratch, name="other", extra=SMALL_SWEEP, file="other.toml")
    args = ["--out", "o", "--workers", "1", "--no-progress"]
    assert cli("sweep", "x.toml", *args, cwd=scratch).returncode == 0
    (scratch / "o" / "manifest.json").unlink()
    check(scratch, ["sweep", "other.toml", *args, "--resume"], "no manifest.json", "'x'")


def test_a_folder_without_its_manifest_takes_no_runs_of_another_seed(scratch):
    """The same name with another master seed was taken on --resume: parts/ then held the
    runs of two experiments (twice the rows, half of them another experiment's)."""
    experiment(scratch, extra=SMALL_SWEEP)
    args = ["--out", "o", "--workers", "1", "--no-progress"]
    assert cli("sweep", "x.toml", *args, cwd=scratch).returncode == 0
    (scratch / "o" / "manifest.json").unlink()
    text = (scratch / "x.toml").read_text(encoding="utf-8")
    (scratch / "x.toml").write_text(re.sub(r"seed = \d+", "seed = 8", text), encoding="utf-8")
    check(scratch, ["sweep", "x.toml", *args, "--resume"], "no manifest.json", "not runs of")


def test_a_resume_into_another_experiments_folder_says_only_that(scratch):
    """It said "resuming with the 3 replications o was started with" and then that the
    folder holds another experiment: two lines that contradict each other."""
    experiment(scratch, extra=SMALL_SWEEP)
    other = SMALL_SWEEP.replace("[0.2, 0.6]", "[0.3, 0.7]")
    experiment(scratch, name="x", extra=other, file="other.toml")
    args = ["--out", "o", "--workers", "1", "--no-progress"]
    assert cli("sweep", "x.toml", *args, "--replications", "3", cwd=scratch).returncode == 0
    check(scratch, ["sweep", "other.toml", *args, "--resume"], "another experiment", "in: levels")
    # and an override changed is named as such (the message said only "settings")
    changed = SMALL_SWEEP.replace("horizon_days = 30", "horizon_days = 35")
    experiment(scratch, name="x", extra=changed, file="longer.toml")
    check(scratch, ["sweep", "longer.toml", *args, "--resume"], "in: overrides")


def test_a_resume_under_another_name_is_refused(scratch):
    """Renamed, the same experiment was resumed: the rows said two names (a query by
    experiment split the results) and the manifest the new one."""
    experiment(scratch, extra=SMALL_SWEEP)
    experiment(scratch, name="renamed", extra=SMALL_SWEEP, file="renamed.toml")
    args = ["--out", "o", "--workers", "1", "--no-progress"]
    assert cli("sweep", "x.toml", *args, cwd=scratch).returncode == 0
    check(scratch, ["sweep", "renamed.toml", *args, "--resume"], "experiment 'x'", "'renamed'")


# --- the same through a real process (slow: each pays the interpreter's start-up) ---
@pytest.mark.slow
@pytest.mark.parametrize(
    "args, words",
    [
        (["run", "--seed", "-1"], ["--seed"]),
        (
            ["run", "--set", "arrivals_per_day=10000", "--set", "horizon_days=220000"],
            ["--max-events"],
        ),
        (["run", "--scenario", "/dev/zero"], ["larger than"]),
        (["story", "--household", "-1"], ["--household"]),
    ],
)
def test_installed_command(scratch, args, words):
    before = listing(scratch)
    assert_one_line_error(wijkteam(*args, cwd=scratch), *words)
    assert listing(scratch) == before
