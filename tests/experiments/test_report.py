"""Experiment designs, the shipped experiment files, and `wijkteam report` on real sweeps:
tables with CIs and paired differences, figures as PNG and SVG, Erlang C, Morris and Sobol."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from wijkteam.cli import main
from wijkteam.errors import UserError
from wijkteam.experiments.analysis import (
    Results,
    break_even,
    erlang_c_wait,
    level_table,
    load,
    paired_table,
)
from wijkteam.experiments.design import load_experiment, parse_experiment
from wijkteam.experiments.engine import sweep
from wijkteam.experiments.executors import ProcessPool
from wijkteam.experiments.paired import mean_ci
from wijkteam.experiments.report import _break_even, write_report
from wijkteam.experiments.runs import make_runs

SHIPPED = sorted((Path(__file__).parents[2] / "experiments").glob("*.toml"))

SHORT = """
base = "default"
replications = 3
seed = 5
overrides = { horizon_days = 40, warmup_days = 10 }
"""


@pytest.fixture(scope="module")
def pool():
    executor = ProcessPool(2)
    yield executor
    executor.close()


def run(tmp_path: Path, text: str, pool) -> Path:
    spec = parse_experiment(text, str(tmp_path / "x.toml"))
    sweep(spec, tmp_path / "out", pool, progress=False)
    return tmp_path / "out"


def test_every_shipped_experiment_is_valid_and_says_what_it_asks() -> None:
    names = {p.stem for p in SHIPPED}
    assert {
        "headline",
        "breadth",
        "coordination",
        "multiproblem",
        "admin",
        "flexibility",
        "learning",
        "erlang",
    } <= names
    # the calibration's full run is long by design (docs/PARAMETERS.md: 600 points x 2
    # replications); `wijkteam calibrate --quick` is its short form; so is the map of where
    # integral wins (200 worlds x 2 ways x 3 replications, ~13 minutes on two cores)
    long_by_design = {"calibration": 1200, "where-integral-wins": 1200}
    for path in SHIPPED:
        spec = load_experiment(path)
        assert spec.question.endswith("?"), path
        most = long_by_design.get(path.stem, 600)  # else minutes on two cores
        assert 0 < len(make_runs(spec)) <= most, path


def test_the_sensitivity_screening_is_around_the_default_neighbourhood() -> None:
    """The Morris screening is of the default scenario: each factor's range holds the
    default's value. Its demand range once stayed at 4.5-7 a day after the calibration
    brought the default to 2.71, so it screened teams overloaded in nearly every run."""
    spec = load_experiment(next(p for p in SHIPPED if p.stem == "sensitivity"))
    for name, (lo, hi) in spec.factors.items():
        value = getattr(spec.base, name)
        assert lo <= value <= hi, f"{name}: default {value} outside [{lo}, {hi}]"


def test_learning_introduced_after_the_warm_up_starts_when_it_ends() -> None:
    """An experiment that starts learning later introduces the team into a neighbourhood in
    steady state: learning starts when its own warm-up ends, not during it. The learning
    experiment once kept 880 days after the default warm-up became 1,760."""
    for path in SHIPPED:
        spec = load_experiment(path)
        for way in spec.ways:
            for point in spec.points():
                scenario = spec.base.with_updates(way.updates(point, spec.overrides))
                start = scenario.learning_start_days
                assert start in (0.0, scenario.warmup_days), (path.stem, way.name, start)


def test_the_lever_path_goes_from_islands_to_integral_a_lever_at_a_time() -> None:
    """`levers.toml` explains the integral lead step by step, so its path must start at the
    islands preset, end at the integral preset exactly, and change one lever (with the
    parameter that goes with it) per step, never back."""
    from wijkteam.model import preset

    spec = load_experiment(next(p for p in SHIPPED if p.stem == "levers"))
    assert spec.compare == "previous"
    point = spec.points()[0]
    path = [spec.base.with_updates(w.updates(point, spec.overrides)).to_flat() for w in spec.ways]
    for end, name in ((path[0], "islands"), (path[-1], "integral")):
        want = preset(name, {**spec.overrides, **point}).to_flat()
        assert end == want, name
    levers = {"front_door", "routing", "intake_mode", "other_needs", "case_lead", "profile",
              "team_meeting"}  # fmt: skip
    changed_before: set[str] = set()
    for before, after in zip(path, path[1:], strict=False):
        changed = {k for k in after if after[k] != before[k]}
        assert len(changed & levers) == 1, changed
        assert not changed & changed_before, changed  # no lever is set twice
        assert all(after[k] == path[-1][k] for k in changed)  # each step towards integral
        changed_before |= changed


def test_each_lever_alone_is_one_lever_on_islands() -> None:
    """`levers-alone.toml`, the other view of the lever path: every way is islands with one
    lever of the path switched to the integral team's setting, and the same seed, so its
    ways share households with the path's."""
    from wijkteam.model import preset

    alone = load_experiment(next(p for p in SHIPPED if p.stem == "levers-alone"))
    path = load_experiment(next(p for p in SHIPPED if p.stem == "levers"))
    assert alone.seed == path.seed and alone.compare == "first"
    integral = preset("integral").to_flat()
    islands = alone.base.with_updates(alone.ways[0].updates({}, alone.overrides)).to_flat()
    for way in alone.ways[1:]:
        flat = alone.base.with_updates(way.updates({}, alone.overrides)).to_flat()
        changed = {k for k in flat if flat[k] != islands[k]}
        assert changed and all(flat[k] == integral[k] for k in changed), way.name
        assert way.name in {w.name for w in path.ways}


def test_a_path_of_ways_is_paired_step_by_step(tmp_path: Path, pool) -> None:
    """With `compare = "previous"` each way's difference is against the way before it, the
    steps add up to the difference between the last way and the first, and the report draws
    the path and its steps."""
    text = (
        SHORT + 'compare = "previous"\nkpis = ["misrouted_share"]\n'
        '[ways.islands]\npreset = "islands"\n'
        '[ways.pooled]\npreset = "islands"\nfront_door = "single"\nrouting = "skill"\n'
        'profile = "T"\n'
        '[ways.integral]\npreset = "integral"\n'
    )
    out = run(tmp_path, text, pool)
    res = load(out)
    paired = paired_table(res, ["misrouted_share"]).set_index("way")
    assert paired.loc["pooled", "reference"] == "islands"
    assert paired.loc["integral", "reference"] == "pooled"
    wide = res.ok.pivot(index="replication", columns="way", values="misrouted_share")
    step = mean_ci((wide["integral"] - wide["pooled"]).tolist())
    assert paired.loc["integral", ["diff", "lo", "hi"]].tolist() == pytest.approx(list(step))
    total = (wide["integral"] - wide["islands"]).mean()
    assert paired["diff"].sum() == pytest.approx(total)
    summary = write_report(out).read_text()
    assert "| islands | pooled | integral | pooled − islands | integral − pooled |" in summary
    for name in ("misrouted_share", "misrouted_share_steps"):
        assert (out / "report" / f"{name}.png").stat().st_size > 1000


def test_a_report_of_part_of_a_sweep_says_so(tmp_path: Path, pool, capsys) -> None:
    """A sweep stopped part-way, or still running, leaves some cells without a run. Its
    report says how many, and why: in the summary and on the terminal."""
    text = SHORT + 'ways = ["islands", "integral"]\nchunk_size = 1\n'
    out = run(tmp_path, text, pool)
    assert "incomplete" not in write_report(out).read_text()
    parts = sorted((out / "parts").glob("*.parquet"))
    parts[0].unlink()  # as a sweep killed before it wrote this chunk
    assert main(["report", str(out)]) == 0
    err = capsys.readouterr().err
    summary = (out / "report" / "summary.md").read_text()
    assert "**incomplete**: 5 of 6 cells have a run" in summary
    assert "--resume" in summary and "--resume" in err and "5 of 6" in err

    from wijkteam.experiments.store import ResultStore

    sweeping = ResultStore(out)
    sweeping.lock()  # as a sweep writing into the folder now
    try:
        assert "still writing" in write_report(out).read_text()
    finally:
        sweeping.unlock()


def test_the_resume_command_a_report_suggests_finishes_the_same_sweep(
    tmp_path: Path, capsys
) -> None:
    """A sweep run with more replications than its file says, stopped part-way: the report
    names the command that resumes it, and that command, as given, runs exactly the cells
    that are missing (it once left out --replications, and the resumed sweep shrank to the
    file's number of replications)."""
    import shlex

    from wijkteam.experiments.store import ResultStore

    path = tmp_path / "x.toml"
    path.write_text(SHORT + 'ways = ["islands"]\nchunk_size = 1\n', encoding="utf-8")
    out = tmp_path / "out"
    common = ["--out", str(out), "--workers", "1", "--no-progress"]
    assert main(["sweep", str(path), "--replications", "4", "--max-events", "900000", *common]) == 0
    sorted((out / "parts").glob("*.parquet"))[0].unlink()  # as a sweep killed part-way
    capsys.readouterr()
    assert main(["report", str(out)]) == 0
    err = capsys.readouterr().err
    suggested = err.split("`")[1]
    assert "--replications 4" in suggested and "--max-events 900000" in suggested, suggested
    words = shlex.split(suggested)
    assert words[0] == "wijkteam"
    assert main([*words[1:], "--workers", "1", "--no-progress"]) == 0
    rows = ResultStore(out).read()
    assert len(rows) == 4 and sorted(rows["replication"]) == [0, 1, 2, 3]


def test_the_reproduce_line_works_from_any_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    """The summary's reproduce line, given in another folder than the one the sweep ran in
    (the file was named relative to it), runs the same sweep again, row for row, and its
    report command finds the folder: it named the file as typed, so it failed elsewhere."""
    import shlex

    from wijkteam.experiments.store import ResultStore

    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir()
    elsewhere.mkdir()
    (here / "x.toml").write_text(SHORT + 'ways = ["islands"]\n', encoding="utf-8")
    monkeypatch.chdir(here)
    quiet = ["--workers", "1", "--no-progress"]
    assert main(["sweep", "x.toml", "--out", "out", *quiet]) == 0
    assert main(["report", "out"]) == 0
    summary = (here / "out" / "report" / "summary.md").read_text()
    (line,) = [x for x in summary.splitlines() if x.startswith("- reproduce:")]
    sweep_command, report_command = line.split("`")[1], line.split("`")[3]
    measured = ["wall_time_s", "cpu_time_s"]  # timed, not simulated
    first = ResultStore(here / "out").read().drop(columns=measured)
    (here / "out").rename(here / "first")
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    assert main([*shlex.split(sweep_command)[1:], *quiet]) == 0, capsys.readouterr().err
    assert main(shlex.split(report_command)[1:]) == 0, capsys.readouterr().err
    again = ResultStore(here / "out").read().drop(columns=measured)
    pd.testing.assert_frame_equal(again, first)


def test_report_kpi_must_be_an_outcome(tmp_path: Path, pool, capsys) -> None:
    """`--kpi` takes outcomes: a column such as run_id or way is refused in one line that
    names some outcomes, where it crashed or was reported as if it were one."""
    out = run(tmp_path, SHORT + 'ways = ["islands"]\n', pool)
    for column in ("run_id", "way", "seed"):
        capsys.readouterr()
        assert main(["report", str(out), "--kpi", column]) == 2
        err = capsys.readouterr().err.strip()
        assert f"--kpi {column}: not an outcome" in err and len(err.splitlines()) == 1, err
    assert main(["report", str(out), "--kpi", "misrouted_share"]) == 0


def test_an_unknown_comparison_is_refused_with_the_choices() -> None:
    with pytest.raises(UserError, match="compare.*'last'.*first, previous"):
        parse_experiment(SHORT + 'ways = ["islands", "integral"]\ncompare = "last"\n', "x.toml")


def test_latin_hypercube_points_lie_in_their_ranges_and_are_reproducible() -> None:
    text = (
        SHORT + 'ways = ["integral"]\ndesign = "lhs"\npoints = 7\n[factors]\n'
        "breadth = [0.1, 0.9]\nmeeting_cases = [1, 9]\n"
    )
    spec = parse_experiment(text, "lhs.toml")
    points = spec.points()
    assert len(points) == 7 and points == parse_experiment(text, "lhs.toml").points()
    assert all(0.1 <= p["breadth"] <= 0.9 and isinstance(p["meeting_cases"], int) for p in points)
    # a Latin hypercube: one point in each of the 7 strata of every factor
    assert sorted(int((p["breadth"] - 0.1) / 0.8 * 7) for p in points) == list(range(7))


def test_erlang_c_matches_the_published_values() -> None:
    assert erlang_c_wait(5, 4.0, 1.0) == pytest.approx(0.5541, abs=1e-4)
    assert erlang_c_wait(10, 8.0, 1.0) == pytest.approx(0.2046, abs=1e-4)
    assert erlang_c_wait(1, 0.8, 1.0) == pytest.approx(4.0)
    assert math.isinf(erlang_c_wait(2, 2.0, 1.0))


def test_break_even_interpolates_where_the_difference_changes_sign() -> None:
    import pandas as pd

    rows = pd.DataFrame({"x": [0.0, 0.1, 0.2, 0.3], "kpi": "k", "diff": [-3.0, -1.0, 1.0, 2.0]})
    assert break_even(rows, "x", "k") == pytest.approx(0.15)
    assert break_even(rows.assign(diff=[-3.0, -2.0, -1.0, -0.5]), "x", "k") is None
    # equal at the first level (identical runs) and above zero after it: no crossing
    assert break_even(rows.assign(diff=[0.0, 0.0, 0.05, 0.1]), "x", "k") is None
    # equal at one level between a negative and a positive one: the crossing is there
    assert break_even(rows.assign(diff=[-2.0, 0.0, 2.0, 3.0]), "x", "k") == pytest.approx(0.1)


def test_a_break_even_is_claimed_only_where_the_difference_is_clear_on_both_sides() -> None:
    """Means that cross zero inside the noise are no break-even: the report says where the
    means cross but that the interval does not show it (it used to announce a break-even)."""
    res = Results(
        {"ways": ["islands", "integral"], "factors": ["x"]}, pd.DataFrame(), pd.DataFrame()
    )
    clear = pd.DataFrame(
        {
            "x": [0.0, 0.1, 0.2, 0.3],
            "way": "integral",
            "kpi": "misrouted_share",
            "diff": [-3.0, -1.0, 1.0, 2.0],
            "lo": [-4.0, -2.0, 0.5, 1.0],
            "hi": [-2.0, 0.5, 2.0, 3.0],
        }
    )
    (line,) = [x for x in _break_even(res, clear, "misrouted_share") if x]
    assert "break-even at x ≈ 0.15" in line and "no clear" not in line
    noisy = clear.assign(lo=[-5.0, -3.0, -1.0, -1.0], hi=[1.0, 1.0, 3.0, 4.0])
    (line,) = [x for x in _break_even(res, noisy, "misrouted_share") if x]
    assert line.startswith("- integral − islands: no clear break-even"), line
    assert "crosses zero at x ≈ 0.15" in line


def test_report_of_a_grid(tmp_path: Path, pool, capsys) -> None:
    text = (
        SHORT + 'ways = ["islands", "integral"]\nkpis = ["misrouted_share"]\n'
        "[factors]\nbreadth = [0.2, 0.6]\n"
    )
    out = run(tmp_path, text, pool)
    res = load(out)
    paired = paired_table(res, ["misrouted_share"])
    # the paired difference is the mean of per-replication differences
    rows = res.ok[res.ok["point"] == 0].pivot(
        index="replication", columns="way", values="misrouted_share"
    )
    expected = mean_ci((rows["integral"] - rows["islands"]).tolist())
    got = paired[paired["point"] == 0][["diff", "lo", "hi"]].iloc[0].tolist()
    assert got == pytest.approx(list(expected))

    assert main(["report", str(out)]) == 0, capsys.readouterr().err  # `wijkteam report`
    report = out / "report"
    summary = (report / "summary.md").read_text()
    assert "| breadth | islands | integral | integral − islands |" in summary
    # shares as `run` and `compare` write them: per cent, differences in signed points
    first = paired[paired["point"] == 0].iloc[0]
    assert f"| {first['diff'] * 100:+.1f} %-pt [{first['lo'] * 100:+.1f} %-pt," in summary
    for name in ("misrouted_share", "misrouted_share_difference"):
        assert (report / f"{name}.png").stat().st_size > 1000
        assert (report / f"{name}.svg").read_text().lstrip().startswith("<?xml")
    assert (report / "levels.csv").exists() and (report / "paired.csv").exists()
    # a report of one KPI replaces the whole report: no figure of another KPI is left
    assert main(["report", str(out), "--kpi", "resolved_share"]) == 0
    assert not list(report.glob("misrouted_share*"))
    assert (report / "resolved_share.png").exists()


def test_a_kpi_without_pairs_gets_no_difference_figure(tmp_path: Path, pool) -> None:
    """A KPI that one way never estimates (its runs follow their requests for fewer days than
    the KPI is read at) has no paired difference: the report draws no empty difference
    figure for it, nor links one, while a KPI with pairs in the same sweep keeps its own."""
    text = SHORT + (
        'kpis = ["misrouted_share", "right_help_within_60_share"]\n'
        '[ways.islands]\npreset = "islands"\nhorizon_days = 80\n'
        '[ways.integral]\npreset = "integral"\n'
        "[factors]\nbreadth = [0.2, 0.6]\n"
    )
    out = run(tmp_path, text, pool)
    summary = write_report(out).read_text()
    report = out / "report"
    paired = pd.read_csv(report / "paired.csv")
    with_pairs = set(paired.dropna(subset=["diff"])["kpi"])
    assert with_pairs == {"misrouted_share"}  # what the sweep is made to give
    assert (report / "misrouted_share_difference.png").exists()
    assert "(misrouted_share_difference.png)" in summary
    assert not list(report.glob("right_help_within_60_share_difference.*"))
    assert "right_help_within_60_share_difference" not in summary
    assert (report / "right_help_within_60_share.png").exists()  # the KPI itself is drawn


def _svg_text(path: Path) -> tuple[list[str], list[float]]:
    """The texts of a report's SVG figure (drawn with svg.fonttype "none", so its text is
    text), and the numbers on its y axis."""
    import xml.etree.ElementTree as ET

    svg = "{http://www.w3.org/2000/svg}"
    root = ET.parse(path).getroot()
    texts = ["".join(t.itertext()) for t in root.iter(f"{svg}text")]
    ticks = [
        float("".join(t.itertext()).replace("−", "-"))
        for g in root.iter(f"{svg}g")
        if g.get("id", "").startswith("ytick_")
        for t in g.iter(f"{svg}text")
    ]
    return texts, ticks


def test_report_figures_show_shares_in_per_cent_like_its_tables(tmp_path: Path, pool) -> None:
    """A share's figure is in per cent, and its difference in points, as the summary's table
    and its heading beside it: every per cent in the table lies on the figure's axis (the
    figures showed 0.18 where the table said 18.4 %). A KPI that is no share keeps its unit."""
    import re

    import matplotlib

    text = SHORT + (
        'ways = ["islands", "integral"]\nkpis = ["misrouted_share", "cost_per_household"]\n'
        "[factors]\nbreadth = [0.2, 0.6]\n"
    )
    out = run(tmp_path, text, pool)
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        summary = write_report(out).read_text()
    report = out / "report"
    assert "## Misrouted cases (%)" in summary  # the heading says the unit its cells show
    assert "## Cost per household (euro)" in summary
    section = summary.split("## Misrouted cases")[1].split("##")[0]
    means = [float(x) for x in re.findall(r"\| (\d+\.\d) % \[", section)]
    texts, ticks = _svg_text(report / "misrouted_share.svg")
    assert "Misrouted cases (%)" in texts
    assert means and all(min(ticks) <= m <= max(ticks) for m in means), (means, ticks)
    diffs = [float(x) for x in re.findall(r"\| ([-+]\d+\.\d) %-pt \[", section)]
    texts, ticks = _svg_text(report / "misrouted_share_difference.svg")
    assert "difference in Misrouted cases (%-pt)" in texts
    assert diffs and all(min(ticks) <= d <= max(ticks) for d in diffs), (diffs, ticks)
    texts, _ = _svg_text(report / "cost_per_household.svg")
    assert "Cost per household (euro)" in texts


@pytest.mark.parametrize(
    "design",
    # Sobol needs many points (N x (2D + 2) runs) before its indices mean anything: slow
    ["morris", pytest.param("sobol", marks=pytest.mark.slow)],
)
def test_sensitivity_report(tmp_path: Path, pool, design: str) -> None:
    """The indices mean something: the share of multi-problem households moves the share
    of resolved requests, the cost of an escalation cannot (it only enters the cost KPI), and
    the report ranks them so, with finite, non-zero indices."""
    samples = 4 if design == "morris" else 16
    text = SHORT.replace("replications = 3", "replications = 1") + (
        f'ways = ["islands", "integral"]\ndesign = "{design}"\nsamples = {samples}\n'
        'kpis = ["resolved_share"]\n'
        "[factors]\nmulti_problem_share = [0.0, 0.9]\nescalation_cost = [0.0, 100000.0]\n"
    )
    out = run(tmp_path, text, pool)
    path = write_report(out)
    summary = path.read_text()
    key = "mu_star" if design == "morris" else "ST"
    assert f"| rank | parameter | {key}" in summary
    assert "**integral − islands**" in summary
    assert (path.parent / "sensitivity_resolved_share.svg").exists()
    table = pd.read_csv(path.parent / "sensitivity.csv")
    for output in ("islands", "integral"):
        rows = table[table["output"] == output].set_index("parameter")
        driver, dummy = rows.loc["multi_problem_share"], rows.loc["escalation_cost"]
        assert math.isfinite(driver[key]) and driver[key] > 0
        assert driver["rank"] == 1
        assert abs(dummy[key]) < 0.05 * driver[key]


def test_report_of_a_folder_without_results_is_a_user_error(tmp_path: Path, capsys) -> None:
    assert main(["report", str(tmp_path)]) == 2  # `wijkteam report`, in this process
    assert "not a results folder" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "resluts")]) == 2  # a typo: said as such
    assert "resluts: no such folder" in capsys.readouterr().err


def test_report_of_a_latin_hypercube(tmp_path: Path, pool) -> None:
    text = SHORT + (
        'ways = ["islands", "integral"]\ndesign = "lhs"\npoints = 5\nkpis = ["resolved_share"]\n'
        "[factors]\nbreadth = [0.1, 0.9]\narrivals_per_day = [4.0, 7.0]\n"
    )
    path = write_report(run(tmp_path, text, pool))
    assert "![resolved_share](resolved_share.png)" in path.read_text()
    assert (path.parent / "resolved_share.svg").exists()


def test_a_grid_stopped_part_way_keeps_each_point_in_its_row(tmp_path: Path, pool) -> None:
    """Whichever part is missing, every factor point has its own row, with its own factor
    value, and a way without a run there yet is an empty cell of that row. (A way without a
    run fell into a row of point -1 carrying another point's factor value: the table showed
    one value twice and the other not at all.)"""
    text = SHORT.replace("replications = 3", "replications = 1") + (
        'ways = ["islands", "integral"]\nchunk_size = 1\nkpis = ["resolved_share"]\n'
        "[factors]\nbreadth = [0.2, 0.4]\n"
    )
    out = run(tmp_path, text, pool)
    parts = sorted((out / "parts").glob("*.parquet"))
    assert len(parts) == 4  # two points, two ways, one run a part
    for part in parts:
        aside = part.with_suffix(".aside")
        part.rename(aside)  # as a sweep stopped before it wrote this run
        try:
            res = load(out)
            levels = level_table(res, ["resolved_share"])
            by_point = levels.groupby("point")["breadth"].unique()
            assert sorted(by_point.index) == [0, 1]
            assert [list(v) for v in by_point] == [[0.2], [0.4]]
            assert sorted(levels["n"]) == [0, 1, 1, 1]  # the missing run, and the three
        finally:
            aside.rename(part)


def test_sensitivity_of_a_sweep_stopped_part_way_is_not_computed(tmp_path: Path, pool) -> None:
    """Morris and Sobol indices are defined on the whole design. A report of part of such a
    sweep says so instead of ending in SALib's traceback (or, for Sobol, quietly analysing
    a shorter design)."""
    text = SHORT.replace("replications = 3", "replications = 1") + (
        'ways = ["islands", "integral"]\ndesign = "morris"\nsamples = 2\nchunk_size = 1\n'
        'kpis = ["resolved_share"]\n'
        "[factors]\nmulti_problem_share = [0.0, 0.9]\nescalation_cost = [0.0, 100000.0]\n"
    )
    out = run(tmp_path, text, pool)
    parts = sorted((out / "parts").glob("*.parquet"), key=lambda p: p.stat().st_mtime)
    parts[-1].unlink()  # the last run the sweep wrote
    summary = write_report(out).read_text()
    assert "6 factor points" in summary  # the design's, not those on disk
    assert "No sensitivity indices yet" in summary and "--resume" in summary
    assert not (out / "report" / "sensitivity.csv").exists()
