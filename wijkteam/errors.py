"""Errors that are the user's to fix: the CLI prints them as one line and exits with 2."""


class UserError(Exception):
    """A problem with the user's input (a file, an option) rather than with the program.
    The message names what is wrong, its value and what is allowed."""
