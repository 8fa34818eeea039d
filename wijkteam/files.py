"""Reading the user's files: a scenario or an experiment file, whole, or one line saying why not.

One rule for every file a command reads, so that `--scenario`, an experiment file and the
scenario an experiment names as its `base` refuse the same things in the same words: a file
that is missing or unreadable, larger than any scenario could be (`--scenario /dev/zero` would
fill memory), or not UTF-8 text.
"""

from __future__ import annotations

from pathlib import Path

from wijkteam.errors import UserError

#: the largest scenario or experiment file read (the shipped ones are ~2 KB)
MAX_FILE_BYTES = 1_000_000


def read_text(path: Path, what: str) -> str:
    """A file's text (UTF-8, at most MAX_FILE_BYTES), or a UserError naming `what` and
    the file."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UserError(f"{what} {str(path)!r}: not found") from None
    except OSError as exc:
        raise UserError(f"{what} {str(path)!r}: cannot be read ({exc.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise UserError(f"{what} {str(path)!r}: larger than {MAX_FILE_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{what} {str(path)!r}: not UTF-8 text (byte {exc.start}: {exc.reason})"
        ) from None
