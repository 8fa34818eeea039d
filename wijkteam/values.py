"""argparse types of the command line's options: strict numbers in their ranges.

A number is written plainly (`wijkteam.notation`); anything else, or a number out of range, is
refused in one line that names the option, the value and what is allowed.
"""

from __future__ import annotations

import argparse

from wijkteam.errors import UserError
from wijkteam.notation import plain_float, plain_int

#: seeds go to numpy's and Python's generators; both take any whole number >= 0
MAX_SEED = 2**63 - 1
#: the largest --max-events accepted (10^12 events is weeks of computing)
MAX_EVENTS_LIMIT = 10**12


def _int_in(text: str, lo: int, hi: int) -> int:
    value = plain_int(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (plain digits 0-9)")
    if not lo <= value <= hi:
        raise argparse.ArgumentTypeError(f"{value} is out of range; allowed {lo:,} - {hi:,}")
    return value


def seed_value(text: str) -> int:
    """argparse type of --seed: a whole number 0 .. 2^63 - 1."""
    return _int_in(text, 0, MAX_SEED)


def replications_value(text: str) -> int:
    """argparse type of compare's --replications: 2 .. MAX_REPLICATIONS (an interval needs
    two; more than that is hours of work that a narrower CI does not need)."""
    from wijkteam.model.budget import MAX_REPLICATIONS  # here: the CLI starts without Mesa

    return _int_in(text, 2, MAX_REPLICATIONS)


def sweep_replications_value(text: str) -> int:
    """argparse type of sweep's --replications: 1 .. MAX_REPLICATIONS."""
    from wijkteam.model.budget import MAX_REPLICATIONS

    return _int_in(text, 1, MAX_REPLICATIONS)


def points_value(text: str) -> int:
    """argparse type of calibrate's --points: 1 .. MAX_POINTS, as in an experiment file."""
    from wijkteam.model.budget import MAX_POINTS

    return _int_in(text, 1, MAX_POINTS)


def household_value(text: str) -> int:
    """argparse type of story's --household: the N-th household to arrive, N >= 1."""
    return _int_in(text, 1, 10**9)


def workers_value(text: str) -> int:
    """argparse type of --workers: 1 .. 1024 processes."""
    return _int_in(text, 1, 1024)


def max_events_value(text: str) -> int:
    """argparse type of --max-events."""
    return _int_in(text, 1, MAX_EVENTS_LIMIT)


def number_value(text: str) -> float:
    """argparse type of a plain number option (--warmup-days); its range is the scenario's."""
    value = plain_float(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (plain digits 0-9, e.g. 440)")
    return value


def parse_sets(items: list[str]) -> dict[str, str]:
    """--set NAME=VALUE pairs as a dict (values stay strings; the scenario parses them, and
    refuses a number not written plainly: `1_0` and non-ASCII digits are typos, not 10).
    A name given twice is refused rather than silently keeping the last value."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name:
            raise UserError(f"--set {item!r}: expected NAME=VALUE, e.g. --set breadth=0.6")
        if name in out:
            raise UserError(
                f"--set {name}: given twice ({out[name]!r} and {value!r}); give it once"
            )
        out[name] = value
    return out
