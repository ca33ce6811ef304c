"""The package's exceptions: raised only when the tool cannot run, never for bad data."""

from __future__ import annotations


class ItuContribError(Exception):
    """Base class of every exception this package raises on purpose."""

    exit_code = 2


class ReadError(ItuContribError):
    """No input could be read (missing, unreadable, encrypted or hostile files)."""


class ConfigError(ItuContribError):
    """A configuration or package-data file is invalid."""


class OutputError(ItuContribError):
    """An output cannot be written where asked (for example over an input file)."""


class ArgumentError(ItuContribError, TypeError):
    """A library function was called with an argument of the wrong type or value (``year="2025"``)."""
