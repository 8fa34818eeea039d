"""The built-in constants the model description lists (docs/ODD.md, section 6) are the
code's: a reader who takes the table's value for a number the model uses must get that
number, and a constant the table names must exist."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| `(?P<name>[A-Z_]+)` \| `(?P<module>[a-z_]+)` \| (?P<value>[^|]+) \|")


def listed() -> list[tuple[str, str, str]]:
    text = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")
    return [
        (m["name"], m["module"], m["value"].strip()) for m in map(ROW.match, text.splitlines()) if m
    ]


def test_every_listed_constant_is_the_codes() -> None:
    rows = listed()
    assert len(rows) >= 8  # the table is there and was read
    for name, module, value in rows:
        actual = getattr(importlib.import_module(f"wijkteam.model.{module}"), name)
        if isinstance(actual, dict):  # a table: the value says its range of weights
            weights = [w for row in actual.values() for w in row.values()]
            low, high = re.findall(r"[\d.]+", value)[:2]
            assert (min(weights), max(weights)) == (float(low), float(high)), name
        elif isinstance(actual, tuple):
            assert tuple(float(x) for x in value.split(",")) == actual, name
        else:
            assert float(value) == actual and str(actual) == value, name


def test_the_co_occurrence_strength_the_table_names_is_a_lever() -> None:
    from wijkteam.model import Scenario

    assert "cooccurrence_strength" in {f for f in Scenario.__dataclass_fields__}
