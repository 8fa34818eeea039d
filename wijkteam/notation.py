"""How a number is written: the one rule for reading numbers from text.

Python's `int()` and `float()` accept more than a user means: `int("1_0")` is 10, `int("١٢")`
(Arabic-Indic digits) is 12, `float("nan")` and `float("inf")` are numbers. A typo like
`arrivals_per_day = "1_0"` would then run a scenario nobody asked for, without a word. Here a
number is plain ASCII decimal notation; the command line's options and the scenario's
parameters (from `--set`, a scenario file or an experiment file) all read text this way.
This module imports nothing, so the command line can use it before Mesa is loaded.
"""

from __future__ import annotations

import re

INT_RE = re.compile(r"[+-]?[0-9]+")
FLOAT_RE = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def plain_int(text: str) -> int | None:
    """`text` as a whole number if it is written in plain ASCII digits, else None."""
    text = text.strip()
    return int(text) if INT_RE.fullmatch(text) else None


def plain_float(text: str) -> float | None:
    """`text` as a number if it is written in plain ASCII decimal notation, else None."""
    text = text.strip()
    return float(text) if FLOAT_RE.fullmatch(text) else None
