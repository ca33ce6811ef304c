"""The package's exceptions: raised only when the tool cannot run, never for bad data."""

from __future__ import annotations


class ItuContribError(Exception):
    """Base class of every exception this package raises on purpose.

    ``code`` is the rule code (a code of the catalogue in ``itu_contrib.rules``) saying what went wrong, so that
    callers never need to search the message.
    """

    exit_code = 2
    code = "unreadable-file"

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class ReadError(ItuContribError):
    """No input could be read (missing, unreadable, encrypted or hostile files)."""

    code = "unreadable-file"


class ConfigError(ItuContribError):
    """A configuration or package-data file is invalid."""

    code = "invalid-config"


class OutputError(ItuContribError):
    """An output cannot be written where asked (for example over an input file)."""

    code = "cannot-write"


class ArgumentError(ItuContribError, TypeError):
    """A library function was called with an argument of the wrong type or value (``year="2025"``)."""

    code = "invalid-argument"
