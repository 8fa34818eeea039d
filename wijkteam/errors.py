"""Errors that are the user's to fix: the CLI prints them as one line and exits with 2."""


class UserError(Exception):
    """A problem with the user's input (a file, an option) rather than with the program.
    The message names what is wrong, its value and what is allowed."""


def one_line(text: str) -> str:
    """`text` with every non-printable character escaped (`\\n`, `\\r`, `\\x1c`, ...), so an
    error quoting the user's input stays the one line the charter promises."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
