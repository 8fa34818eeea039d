"""Column names of the stored results: queryable by a SQL engine without quoting.

A flat parameter name holds a dot (`staff.youth`), which SQL reads as table.column; the
Parquet files store it as `staff__youth` (`wijkteam.model.parameters.identifier`). Each stored
row also carries the design point it fills: `point` (its index) and one `point__<factor>`
column per factor, holding the point's value of that factor. That value can differ from the
run's own parameter column when a way of working pins the factor (islands keep
`coordination_share = 0` at every point): the parameter column says what the run simulated,
the `point__` column where it sits in the design, as in `cells.parquet` and in the report.

Reading back (`read_back`) restores the flat names and leaves the per-cell columns to
`cells.parquet`, so Python code sees the parameters by the names the CLI and the scenario use.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from wijkteam.model import parameter_names
from wijkteam.model.parameters import identifier

POINT = "point"
POINT_PREFIX = "point__"


def stored(name: str) -> str:
    """The column name of a flat parameter name in the Parquet files."""
    return identifier(name)


def point_column(factor: str) -> str:
    """The column that holds a design point's value of `factor`."""
    return POINT_PREFIX + stored(factor)


def stored_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row with every flat parameter name replaced by its stored column name."""
    return {stored(k): v for k, v in row.items()}


def flat_names(df: pd.DataFrame) -> pd.DataFrame:
    """Stored columns with the flat parameter names again (`staff__youth` -> `staff.youth`)."""
    return df.rename(columns={stored(n): n for n in parameter_names()})


def read_back(df: pd.DataFrame) -> pd.DataFrame:
    """Stored result rows as one row per run with flat parameter names: the design point
    columns belong to cells (a run may fill several), so they are dropped here."""
    cell_columns = [c for c in df.columns if c == POINT or c.startswith(POINT_PREFIX)]
    return flat_names(df.drop(columns=cell_columns))
