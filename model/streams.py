"""Separate random streams per purpose, for common random numbers.

Islands and integral must see the same households: the same arrival times, needs, severities,
presenting questions and patience. Each purpose therefore draws from its own generator, seeded
from the run's seed and the purpose's name, so decisions that differ between ways of working
never shift the numbers another purpose gets. String seeds are hashed with SHA-512 by Python's
`random`, so the streams are the same in every process and on every platform.
"""

from __future__ import annotations

import random


def stream(seed: int, purpose: str) -> random.Random:
    """The generator for `purpose` in the run with `seed`."""
    return random.Random(f"wijkteam/{seed}/{purpose}")
