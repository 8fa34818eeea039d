"""The README's notebook example runs as written: it is the first code a researcher copies,
and an import moved in the code (as `compare` moved to `experiments/comparison.py`) must
move in the README too."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.slow
def test_the_readmes_notebook_example_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "the README has one Python example"
    lines = blocks[0].rstrip("\n").split("\n")
    # the last line's value is what a notebook shows: the comparison table
    namespace: dict = {}
    exec("\n".join(lines[:-1]), namespace)
    table = eval(lines[-1].split("  #")[0], namespace)
    assert isinstance(table, pd.DataFrame)
    row = table.set_index("kpi").loc["right_help_within_60_share"]
    assert row["n_pairs"] == 10 and row["diff_lo"] <= row["diff"] <= row["diff_hi"]
    assert namespace["model"].summary()["requests"] > 0
