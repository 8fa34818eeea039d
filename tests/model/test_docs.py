"""The parameter table in docs/ is generated from the scenario definition and kept current."""

from __future__ import annotations

from pathlib import Path

from wijkteam.cli import parameter_table

DOCS = Path(__file__).parents[2] / "docs"


def test_parameter_table_is_current() -> None:
    page = (DOCS / "PARAMETERS.md").read_text(encoding="utf-8")
    assert parameter_table() in page, "regenerate: wijkteam params --markdown"
