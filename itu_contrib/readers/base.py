"""What every reader shares: the file kinds, the sniffed file, the sheet grid, refusals and message helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from itu_contrib.errors import ReadError
from itu_contrib.i18n import Number, Plural, Text

Kind = Literal["xlsx", "xlsm", "xlsb", "xls", "ods", "text"]

#: Check every sheet's grid of values (the whole sheet part is inflated and scanned, costing about half of
#: python-calamine's own parse time). Without it, values far apart in an xlsx make python-calamine abort the process.
DEEP_SCAN = True

# Why a file is refused: translatable pieces (message ids of the catalogues), rendered in the reader's language.
DAMAGED = Text.of("the file is damaged or truncated; open it in Excel or LibreOffice, save it again and retry")
ENCRYPTED = "encrypted-file"
PROTECTED = Text.of("the workbook is password-protected; save an unprotected copy and try again")
SAVE_AS = Text.of("open it in Excel or LibreOffice and save it as .xlsx")
#: Why a file is refused: a translatable piece, or plain text (English) where no translation is needed.
Reason = Text | str


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What a file really is, decided from its content; `note` says how its extension misnames it (None if not)."""

    kind: Kind
    path: Path
    note: Text | None = None
    #: Worksheet parts (zip member names) the size guard read whole and found holding no error cell and no formula:
    #: the reader's XML scan for those (:func:`itu_contrib.readers.workbook._xlsx_extras`) need not inflate them again.
    plain_sheets: frozenset[str] = field(default=frozenset(), compare=False)


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

    def __init__(self, reason: Reason, code: str = "unreadable-file") -> None:
        super().__init__(str(reason))
        self.reason = reason
        self.code = code


def refusal(name: str, reason: Reason, code: str | None = None) -> ReadError:
    """The ReadError of a file that cannot be read: ``name: reason``, translatable, with the rule ``code``."""
    return ReadError(Text.of("{file}: {reason}", file=name, reason=reason), code=code, reason=reason)


class Damaged(Exception):
    """The file's structure is inconsistent (internal)."""


def one_line(text: str) -> str:
    """`text` with control characters (newlines included) replaced so a message stays on one line."""
    return re.sub(r"[\x00-\x1f\x7f]", "?", text)


def mb(size: int) -> Text | Plural:
    """A byte count in readable units, in the language the message is written in (``1.5 MB``, ``1,5 Mo``)."""
    if size >= 1024 * 1024:
        return Text.of("{n} MB", n=Number(size / (1024 * 1024), 1))
    if size >= 1024:
        return Text.of("{n} KB", n=Number(size / 1024, 1))
    return Plural("{n} byte", "{n} bytes", size)
