"""The package's exceptions: raised only when the tool cannot run, never for bad data."""

from __future__ import annotations


class ItuContribError(Exception):
    """Base class of every exception this package raises on purpose.

    ``code`` is the rule code (a code of the catalogue in ``itu_contrib.rules``) saying what went wrong, so that
    callers never need to search the message. The message may be a translatable value (``itu_contrib.i18n.Text``
    and its kin): ``str(error)`` is then its English, and :meth:`render` writes it in another language. ``reason``
    is the same without the file's name (what a problem of the file says), when the raiser gave it.
    """

    exit_code = 2
    code = "unreadable-file"

    def __init__(self, message: object = "", *, code: str | None = None, reason: object = None) -> None:
        super().__init__(str(message))
        self.text = message
        self.reason = reason
        if code is not None:
            self.code = code

    def render(self, lang: object) -> str:
        """The message in ``lang`` (an ``itu_contrib.Language``) when it is translatable, else as raised."""
        render = getattr(self.text, "render", None)
        return str(render(lang)) if callable(render) else str(self)


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
