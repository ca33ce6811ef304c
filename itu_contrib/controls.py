"""Invisible characters that hide or reorder text (bidi overrides, C0 controls): found in cells, shown as codes."""

from __future__ import annotations

import re

__all__ = ["CONTROL_CHARACTERS", "escape_controls"]

#: Characters that hide or reorder text: C0 controls other than tab, line feed and carriage return, DEL, and the
#: bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    r"""`text` with each of CONTROL_CHARACTERS shown as an escape (``\x1b``, ``\u202e``), the rest unchanged.

    >>> escape_controls("invoice\u202egpj.exe"), escape_controls("a\x1b[31mb\tc")
    ('invoice\\u202egpj.exe', 'a\\x1b[31mb\tc')
    """
    return CONTROL_CHARACTERS.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
