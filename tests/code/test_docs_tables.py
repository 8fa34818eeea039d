"""The tables of the docs render as tables.

A Markdown table is a header row, a separator row (`|---|`) and its rows, with no blank line
or paragraph between them: rows cut off from their header show as lines of raw pipes. That
happened once in docs/outcomes.md, when a paragraph was put in the middle of the KPI table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")


def table_blocks(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, rows) of each run of lines starting with `|`, outside fenced code."""
    blocks: list[tuple[int, list[str]]] = []
    in_code, rows, start = False, [], 0
    for number, line in enumerate([*text.splitlines(), ""], 1):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        if not in_code and line.startswith("|"):
            if not rows:
                start = number
            rows.append(line)
        elif rows:
            blocks.append((start, rows))
            rows = []
    return blocks


def broken_tables(text: str) -> list[int]:
    """The line numbers of the tables that have no separator as their second row."""
    return [
        start for start, rows in table_blocks(text) if len(rows) < 2 or not SEPARATOR.match(rows[1])
    ]


def test_the_check_finds_rows_cut_off_from_their_header() -> None:
    whole = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    cut = whole + "\nA paragraph in the middle.\n\n| 3 | 4 |\n"
    assert broken_tables(whole) == [] and broken_tables(cut) == [7]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_table_has_its_header(doc: Path) -> None:
    assert broken_tables(doc.read_text(encoding="utf-8")) == [], (
        f"{doc.name}: rows without a header"
    )
