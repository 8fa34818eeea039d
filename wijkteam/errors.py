"""Errors that are the user's to fix: the CLI prints them as one line and exits with 2."""


class UserError(Exception):
    """A problem with the user's input (a file, an option) rather than with the program.
    The message names what is wrong, its value and what is allowed."""


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, `timeout`, a batch system's time limit) to a sweep, raised where
    Ctrl-C raises KeyboardInterrupt, so that both stop a sweep the same way: its workers
    ended, no raw warning of leaked semaphores, and the same line on how to go on. The CLI
    says "terminated" and exits with 143 (128 + SIGTERM), as the signal itself would."""


def one_line(text: str) -> str:
    """`text` with every non-printable character escaped (`\\n`, `\\r`, `\\x1c`, ...), so an
    error quoting the user's input stays the one line the charter promises."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
