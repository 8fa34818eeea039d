"""Which model produced a result: a version derived from the model's own source.

A results folder must never mix runs of two different models: `--resume` after a change to
the model would otherwise take old rows for new ones. A version number bumped by hand is
forgotten (it was, once); a hash of the model's source files cannot be. It changes whenever
any file of the model package changes, including a comment: a false alarm costs a re-run, a
missed change costs a wrong answer.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version
from pathlib import Path

import wijkteam.model


def source_hash(folder: Path) -> str:
    """SHA-256 (first 12 hex digits) over the names and bytes of the `.py` files in `folder`."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


@cache
def model_source_hash() -> str:
    """The hash of the model package as installed (or as in the source tree)."""
    return source_hash(Path(wijkteam.model.__file__).parent)


@cache
def package_version() -> str:
    """The installed distribution's version ('unknown' when run from a bare source tree)."""
    try:
        return _dist_version("wijkteam")
    except PackageNotFoundError:
        return "unknown"


@cache
def model_version() -> str:
    """`<package version>+<source hash>`, recorded in every result row and manifest."""
    return f"{package_version()}+{model_source_hash()}"
