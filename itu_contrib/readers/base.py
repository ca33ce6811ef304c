"""What every reader shares: the file kinds, the sniffed file, the sheet grid, refusals and message helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Kind = Literal["xlsx", "xlsm", "xlsb", "xls", "ods", "text"]

#: Check every sheet's grid of values (the whole sheet part is inflated and scanned, costing about half of
#: python-calamine's own parse time). Without it, values far apart in an xlsx make python-calamine abort the process.
DEEP_SCAN = True

DAMAGED = "the file is damaged or truncated; open it in Excel or LibreOffice, save it again and retry"
ENCRYPTED = "encrypted-file"
PROTECTED = "the workbook is password-protected; save an unprotected copy and try again"
SAVE_AS = "open it in Excel or LibreOffice and save it as .xlsx"


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What a file really is, decided from its content; `note` says how its extension misnames it (None if not)."""

    kind: Kind
    path: Path
    note: str | None = None


@dataclass
class Grid:
    """One sheet as read: its rows of values and what the fast reader does not return by itself."""

    name: str
    rows: list[list[Any]]
    hidden: bool = False
    chart: bool = False
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row0, col0) -> error text
    no_value: set[tuple[int, int]] = field(default_factory=set)  # formula cells without a cached value
    dangerous: dict[tuple[int, int], str] = field(default_factory=dict)  # (row0, col0) -> formula reaching outside


class Refused(Exception):
    """A reason to refuse the file (internal: turned into a ReadError naming the file, with the rule `code`)."""

    def __init__(self, message: str, code: str = "unreadable-file") -> None:
        super().__init__(message)
        self.code = code


class Damaged(Exception):
    """The file's structure is inconsistent (internal)."""


def one_line(text: str) -> str:
    """`text` with control characters (newlines included) replaced so a message stays on one line."""
    return re.sub(r"[\x00-\x1f\x7f]", "?", text)


def plural(count: int, noun: str) -> str:
    """``1 row``, ``2,000 rows``."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def mb(size: int) -> str:
    """A byte count in readable units."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):,.1f} MB"
    if size >= 1024:
        return f"{size / 1024:,.1f} KB"
    return f"{size:,} bytes"
