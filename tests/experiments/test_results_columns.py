"""Results that stand alone: every stored row carries its design point, the model and package
versions, and column names SQL can query without quoting; the DuckDB query documented in
docs/experiments.md gives the report's numbers without a join with cells.parquet."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from wijkteam.experiments.analysis import load
from wijkteam.experiments.design import load_experiment
from wijkteam.experiments.engine import sweep
from wijkteam.experiments.executors import ProcessPool
from wijkteam.experiments.provenance import model_version, package_version
from wijkteam.experiments.report import write_report
from wijkteam.experiments.store import ResultStore

DOCS = Path(__file__).parents[2] / "docs" / "experiments.md"

# Islands pin coordination_share at 0, so each islands run fills all three points.
PINNED = """
name = "pinned"
question = "Do stored rows stand alone?"
base = "default"
replications = 2
seed = 5

[overrides]
horizon_days = 130  # follow-up of 60 days or more: the query reads within 60 days
warmup_days = 10

[ways.islands]
preset = "islands"
coordination_share = 0.0

[ways.integral]
preset = "integral"

[factors]
coordination_share = [0.0, 0.1, 0.2]
"""


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("standalone")
    path = tmp / "pinned.toml"
    path.write_text(PINNED, encoding="utf-8")
    pool = ProcessPool(1)
    try:
        sweep(load_experiment(path), tmp / "coordination", pool, progress=False)
    finally:
        pool.close()
    return tmp / "coordination"


def stored(folder: Path) -> pd.DataFrame:
    return ResultStore(folder).stored_rows()


def test_each_stored_row_carries_its_design_point_and_versions(results: Path) -> None:
    rows = stored(results)
    assert len(rows) == 3 * 2 * 2  # one per cell: points x ways x replications
    assert rows["model_version"].eq(model_version()).all()
    assert rows["package_version"].eq(package_version()).all()
    islands = rows[rows["way"] == "islands"]
    assert sorted(islands["point__coordination_share"].unique()) == [0.0, 0.1, 0.2]
    assert islands["coordination_share"].eq(0.0).all()  # what the run simulated
    integral = rows[rows["way"] == "integral"]
    assert (integral["coordination_share"] == integral["point__coordination_share"]).all()


def test_stored_column_names_need_no_quoting_and_read_back_dotted(results: Path) -> None:
    rows = stored(results)
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", c) for c in rows.columns)
    assert "staff__youth" in rows.columns
    back = ResultStore(results).read()
    assert "staff.youth" in back.columns and "staff__youth" not in back.columns
    assert back["run_id"].is_unique and "point" not in back.columns


def documented_query() -> str:
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("### Querying results with DuckDB") :]
    return re.search(r"```sql\n(.*?)```", section, re.S).group(1)


def test_the_documented_duckdb_query_gives_the_reports_means(
    results: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    duckdb = pytest.importorskip("duckdb")
    monkeypatch.chdir(results.parent.parent)
    sql = documented_query().replace("results/coordination", str(results))
    got = duckdb.sql(sql).df()
    res = load(results)
    want = (
        res.ok.groupby(["way", "coordination_share"])["right_help_within_60_share"]
        .agg(["mean", "count"])
        .reset_index()
    )
    assert len(got) == len(want) == 6
    assert got["replications"].tolist() == want["count"].tolist()
    assert got["right_help_60"].tolist() == pytest.approx(want["mean"].tolist(), rel=1e-12)
    assert got["coordination_share"].tolist() == want["coordination_share"].tolist()


def test_the_documented_duckdb_query_reads_a_folder_with_failed_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A part whose runs all failed has no outcome columns; the documented query still
    reads the folder (it failed on such a part: DuckDB took the first part's columns) and
    counts the runs that succeeded."""
    duckdb = pytest.importorskip("duckdb")
    text = PINNED.replace("coordination_share = [0.0, 0.1, 0.2]", '"staff.youth" = [3, 0]')
    path = tmp_path / "failing.toml"
    path.write_text(text.replace("replications = 2", "replications = 1\nchunk_size = 1"))
    pool = ProcessPool(1)
    try:
        sweep(load_experiment(path), tmp_path / "results" / "coordination", pool, progress=False)
    finally:
        pool.close()
    res = load(tmp_path / "results" / "coordination")
    assert res.rows["error"].notna().any() and res.rows["error"].isna().any()
    monkeypatch.chdir(tmp_path)
    sql = documented_query().replace("point__coordination_share", "point__staff__youth")
    got = duckdb.sql(sql).df()
    assert got["replications"].sum() == len(res.ok) == res.rows["error"].isna().sum()


def test_the_reports_steady_state_line_counts_runs_not_cells(results: Path) -> None:
    """Islands pin coordination_share, so each of their 2 runs fills 3 cells; the report's
    steady-state line counts the 2 runs (it said 6), integral's 3 x 2 runs."""
    summary = write_report(results).read_text(encoding="utf-8")
    islands = next(
        line for line in summary.splitlines() if line.startswith("- steady state, islands")
    )
    integral = next(
        line for line in summary.splitlines() if line.startswith("- steady state, integral")
    )
    assert "/2 runs" in islands and "/6 runs" not in islands, islands
    assert "/6 runs" in integral, integral
