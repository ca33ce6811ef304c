"""The problem record shared by reading, validation, tagging and every output."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from dataclasses import field as _field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a problem is: errors make a submission invalid, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, located the way a spreadsheet user thinks: file, sheet, A1 cell.

    File-level problems (unreadable file, missing column) have no cell or row.
    """

    code: str
    severity: Severity
    file: str
    message: str
    hint: str = ""
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None
    value: str | None = None
    #: How the message was made, so that it can be written again in another language (not part of the record):
    #: the rule's variant and the template values (see :func:`itu_contrib.rules.translate`).
    variant: str | None = _field(default=None, compare=False, repr=False)
    params: tuple[tuple[str, object], ...] = _field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        # Hints read as sentences in every output, whoever wrote them.
        hint = self.hint.strip()
        if hint:
            first = hint[0].upper()
            if first != hint[0]:
                hint = first + hint[1:]
            if hint[-1] not in ".?!":
                hint += "."
        # a run can hold a hundred thousand problems, most of them sharing their hint and many their message
        object.__setattr__(self, "hint", sys.intern(hint) if hint.__class__ is str else hint)
        if self.message.__class__ is str:
            object.__setattr__(self, "message", sys.intern(self.message))

    @property
    def location(self) -> str:
        """``file > Sheet!E14`` (``file > E14`` for a CSV), or as much of it as is known."""
        where = self.file
        if self.sheet:
            where += f" > {self.sheet}"
            if self.cell:
                where += f"!{self.cell}"
            elif self.row is not None:
                where += f" row {self.row}"
        elif self.cell:
            where += f" > {self.cell}"
        elif self.row is not None:
            where += f" row {self.row}"
        return where

    def to_dict(self) -> dict[str, Any]:
        """The record as the JSON/CSV outputs write it, in their field order."""
        # field by field rather than dataclasses.asdict, which copies each value recursively: every field is a
        # plain str, int or None, and a run can have a hundred thousand problems to write
        return {k: str(self.severity) if k == "severity" else getattr(self, k) for k in FIELDS}


#: Where a problem is: (file, sheet, cell, row, column, field, value, params); see :func:`relocated`.
Place = tuple[
    str, str | None, str | None, int | None, str | None, str | None, str | None, tuple[tuple[str, object], ...]
]
_SAME_FIELDS = ("code", "severity", "message", "hint", "variant")
_PLACE_FIELDS = ("file", "sheet", "cell", "row", "column", "field", "value", "params")


def relocated(proto: Problem, place: Place) -> Problem:
    """A problem equal to ``proto`` but for where it is (and the cell's value and the template values).

    The bulk path of a rule that fires on many rows with one text: ``proto`` was made and checked once (its hint
    made a sentence, its texts interned), so a copy only sets its slots, about half the cost of ``Problem()``.
    """
    p: Problem = object.__new__(Problem)
    for name in _SAME_FIELDS:
        _SETTERS[name](p, getattr(proto, name))
    for name, value in zip(_PLACE_FIELDS, place, strict=True):
        _SETTERS[name](p, value)
    return p


_SETTERS = {name: getattr(Problem, name).__set__ for name in (*_SAME_FIELDS, *_PLACE_FIELDS)}


#: Field order of every problem output (JSON objects, CSV columns).
FIELDS = ("code", "severity", "file", "sheet", "cell", "row", "column", "field", "value", "message", "hint")


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 -> A, 27 -> AB).

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
