"""Formulas reaching outside the workbook in an .xls (BIFF8) file, found in its parsed-formula tokens.

The fast reader gives an .xls file's values only. An .xls file stores formulas as tokens (MS-XLS 2.5.198), not
text, so a DDE call such as ``=cmd|' /C calc'!A0`` is a token naming an external name of a DDE link, and
``=WEBSERVICE(...)`` a token naming the add-in function ``_xlfn.WEBSERVICE``. This module walks the workbook
stream's records: the links (SUPBOOK, EXTERNNAME, EXTERNSHEET) in the globals, then each cell formula (FORMULA,
and the SHRFMLA and ARRAY records a formula may point to) and each defined name (NAME), and reports the ones whose
tokens reach a DDE or OLE link, another workbook, or a function that calls programs or the web.

The text given for each is a short formula in Excel's notation built from what the tokens name (``=cmd|' /C
calc'!A0``, ``=WEBSERVICE(...)``, ``=[Book.xls]...``): enough for :func:`~.formulas.dangerous_formula` to say
what it does and for the submitter to find it; not a full decompilation.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .base import Damaged
from .formulas import dangerous_formula
from .ole2 import workbook_stream

__all__ = ["XlsLinks", "xls_file_links", "xls_links"]

# Built-in function numbers (MS-XLS Ftab) of the functions that call programs or other applications.
_CALL_FUNCTIONS = {110: "EXEC", 149: "REGISTER", 150: "CALL", 175: "INITIATE", 176: "REQUEST", 177: "POKE",
                   178: "EXECUTE", 267: "REGISTER.ID", 379: "RTD"}  # fmt: skip

# Token sizes after the token byte (BIFF8), by base token (classified tokens 0x20-0x7F by (ptg & 0x1F) | 0x20).
_FIXED = {0x01: 4, 0x02: 4, 0x1C: 1, 0x1D: 1, 0x1E: 2, 0x1F: 8, 0x20: 7, 0x21: 2, 0x22: 3, 0x23: 4, 0x24: 4,
          0x25: 8, 0x26: 6, 0x27: 6, 0x28: 6, 0x29: 2, 0x2A: 4, 0x2B: 8, 0x2C: 4, 0x2D: 8, 0x2E: 2, 0x2F: 2,
          0x30: 2, 0x39: 6, 0x3A: 6, 0x3B: 10, 0x3C: 6, 0x3D: 10}  # fmt: skip
_NO_DATA = frozenset(range(0x03, 0x17))  # operators, parentheses, missing argument

_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085
_SUPBOOK, _EXTERNNAME, _EXTERNSHEET, _NAME, _CONTINUE = 0x01AE, 0x0023, 0x0017, 0x0018, 0x003C
_FORMULA, _SHRFMLA, _ARRAY = 0x0006, 0x04BC, 0x0221


@dataclass(slots=True)
class _Book:
    """One SUPBOOK: where its names live, and the names (EXTERNNAME) that follow it."""

    kind: str  # "self", "addin", "dde" (DDE or OLE link), "external" (another workbook)
    path: str = ""
    names: list[str] = field(default_factory=list)


@dataclass(slots=True)
class XlsLinks:
    """What an .xls file's formulas and names reach outside the workbook.

    ``cells``: per sheet name, (row0, col0) -> a short formula text; ``names``: (defined name, formula text).
    """

    cells: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    names: list[tuple[str, str]] = field(default_factory=list)


def _records(stream: bytes) -> Iterator[tuple[int, int, bytes]]:
    """(offset, type, data) of each record in turn, each CONTINUE joined to the record it continues."""
    pending: tuple[int, int, bytes] | None = None
    pos = 0
    while pos + 4 <= len(stream):
        rtype, rlen = struct.unpack_from("<HH", stream, pos)
        data = stream[pos + 4 : pos + 4 + rlen]
        if rtype == _CONTINUE and pending is not None:
            pending = (pending[0], pending[1], pending[2] + data)
        else:
            if pending is not None:
                yield pending
            pending = (pos, rtype, data)
        pos += 4 + rlen
    if pending is not None:
        yield pending


def _unicode(data: bytes, at: int, count: int) -> tuple[str, int]:
    """An XLUnicodeStringNoCch of `count` characters at `at` (a flags byte, then 8- or 16-bit characters)."""
    if at >= len(data):
        return "", at
    wide = data[at] & 1
    at += 1
    size = count * (2 if wide else 1)
    raw = data[at : at + size]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace"), at + size


def _supbook(data: bytes) -> _Book:
    sheets, cch = struct.unpack_from("<HH", data, 0)
    if cch == 0x0401:
        return _Book("self")
    if cch == 0x3A01:
        return _Book("addin")
    path, _ = _unicode(data, 4, cch)
    # a virtual path (MS-XLS 2.5.277) starting with \x01 or \x02 is an encoded file name (another workbook, even
    # with no sheet listed); a DDE or OLE link has no sheets and reads "application\x03topic"
    linked = sheets == 0 and "\x03" in path and not path.startswith(("\x01", "\x02"))
    return _Book("dde" if linked else "external", path)


def _externname(data: bytes) -> str:
    count = data[6] if len(data) > 6 else 0
    name, _ = _unicode(data, 7, count)
    return name


def _shown_path(path: str) -> str:
    """A virtual path (MS-XLS 2.5.277) as Excel shows it: control bytes as path separators."""
    return "".join("\\" if ord(c) < 0x20 else c for c in path).strip("\\")


class _Links:
    """The globals' links, resolving a token's ixti (EXTERNSHEET index) to its SUPBOOK."""

    def __init__(self) -> None:
        self.books: list[_Book] = []
        self.xti: list[int] = []  # ixti -> index in books

    def book(self, ixti: int) -> _Book | None:
        index = self.xti[ixti] if ixti < len(self.xti) else -1
        return self.books[index] if 0 <= index < len(self.books) else None

    def name_text(self, ixti: int, iname: int) -> str | None:
        """The text of a ptgNameX reaching outside the workbook, or None when it stays inside."""
        book = self.book(ixti)
        if book is None or book.kind == "self":
            return None
        name = book.names[iname - 1] if 0 < iname <= len(book.names) else ""
        if book.kind == "dde":
            app, _, topic = book.path.lstrip("\x01\x02").partition("\x03")
            return f"={app}|'{topic}'!{name}"
        if book.kind == "external":
            return f"=[{_shown_path(book.path)}]{name}"
        function = name.rsplit(".", 1)[-1].upper()  # add-in or future function: _xlfn.WEBSERVICE
        return f"={name}(...)" if dangerous_formula(f"={function}(") else None

    def area_text(self, ixti: int) -> str | None:
        book = self.book(ixti)
        if book is None or book.kind != "external":
            return None
        return f"=[{_shown_path(book.path)}]..."


def _walk(rgce: bytes, links: _Links) -> str | None:
    """The text of the first token of `rgce` that reaches outside the workbook, or None (also on tokens not known)."""
    pos = 0
    while pos < len(rgce):
        ptg = rgce[pos]
        pos += 1
        if ptg in _NO_DATA:
            continue
        if ptg == 0x17:  # ptgStr: cch, flags, characters
            if pos + 2 > len(rgce):
                return None
            count, wide = rgce[pos], rgce[pos + 1] & 1
            pos += 2 + count * (2 if wide else 1)
            continue
        if ptg == 0x19:  # ptgAttr: a jump table follows tAttrChoose
            if pos + 3 > len(rgce):
                return None
            flags, words = rgce[pos], struct.unpack_from("<H", rgce, pos + 1)[0]
            pos += 3 + (2 * (words + 1) if flags & 0x04 else 0)
            continue
        base = ptg if ptg < 0x20 else (ptg & 0x1F) | 0x20
        size = _FIXED.get(base)
        if size is None or pos + size > len(rgce):
            return None  # a token this walk does not know (ptgExtend, reserved): stop, claim nothing
        if base in (0x21, 0x22):  # ptgFunc, ptgFuncVar
            number = struct.unpack_from("<H", rgce, pos + size - 2)[0] & 0x7FFF
            if number in _CALL_FUNCTIONS:
                return f"={_CALL_FUNCTIONS[number]}(...)"
        elif base == 0x39:  # ptgNameX
            ixti, iname = struct.unpack_from("<HH", rgce, pos)
            text = links.name_text(ixti, iname)
            if text:
                return text
        elif base in (0x3A, 0x3B, 0x3C, 0x3D):  # ptgRef3d, ptgArea3d and their error forms
            text = links.area_text(struct.unpack_from("<H", rgce, pos)[0])
            if text:
                return text
        pos += size
    return None


def _formula_rgce(rtype: int, data: bytes) -> tuple[int, int, bytes] | None:
    """(row0, col0, tokens) of a FORMULA, SHRFMLA or ARRAY record (shared ones at their range's first cell)."""
    try:
        if rtype == _FORMULA:
            row, col = struct.unpack_from("<HH", data, 0)
            cce = struct.unpack_from("<H", data, 20)[0]
            return row, col, data[22 : 22 + cce]
        if rtype == _SHRFMLA:
            row, _, col = struct.unpack_from("<HHB", data, 0)
            cce = struct.unpack_from("<H", data, 8)[0]
            return row, col, data[10 : 10 + cce]
        row, _, col = struct.unpack_from("<HHB", data, 0)  # ARRAY
        cce = struct.unpack_from("<H", data, 12)[0]
        return row, col, data[14 : 14 + cce]
    except struct.error:
        return None


def _defined_name(data: bytes, links: _Links) -> tuple[str, str] | None:
    if len(data) < 14:
        return None
    flags, _, cch, cce = struct.unpack_from("<HBBH", data, 0)
    if flags & 0x20:  # a built-in name (Print_Area, ...): a one-character code
        return None
    name, at = _unicode(data, 14, cch)
    text = _walk(data[at : at + cce], links)
    return (name, text) if text else None


def xls_links(stream: bytes, *, names_only: bool = False) -> XlsLinks:
    """The cells and defined names of a BIFF8 workbook stream whose formulas reach outside the workbook.

    ``names_only`` stops at the end of the workbook's globals (where the defined names are), before the sheets'
    cells. Streams of older BIFF versions, or records this walk does not understand, yield nothing more than what
    was understood: it never raises on a damaged stream.
    """
    found = XlsLinks()
    links = _Links()
    records = _records(stream)
    first = next(records, None)
    if first is None or first[1] != _BOF or first[2][:2] != b"\x00\x06":
        return found  # not BIFF8
    sheets: dict[int, str] = {}
    current: str | None = None
    in_globals = True
    for offset, rtype, data in records:
        try:
            if in_globals:
                if rtype == _SUPBOOK and len(data) >= 4:
                    links.books.append(_supbook(data))
                elif rtype == _EXTERNNAME and links.books:
                    links.books[-1].names.append(_externname(data))
                elif rtype == _EXTERNSHEET and len(data) >= 2:
                    count = struct.unpack_from("<H", data, 0)[0]
                    links.xti = [struct.unpack_from("<H", data, 2 + 6 * i)[0] for i in range(count)
                                 if 2 + 6 * i + 6 <= len(data)]  # fmt: skip
                elif rtype == _BOUNDSHEET and len(data) >= 8:
                    position, count = struct.unpack_from("<I", data, 0)[0], data[6]
                    sheets[position] = _unicode(data, 7, count)[0]
                elif rtype == _NAME:
                    named = _defined_name(data, links)
                    if named:
                        found.names.append(named)
                elif rtype == _EOF:
                    if names_only:
                        break
                    in_globals = False
                continue
            if rtype == _BOF:
                current = sheets.get(offset)
            elif rtype in (_FORMULA, _SHRFMLA, _ARRAY) and current is not None:
                cell = _formula_rgce(rtype, data)
                text = _walk(cell[2], links) if cell else None
                if cell and text:
                    found.cells.setdefault(current, {}).setdefault((cell[0], cell[1]), text)
        except (struct.error, IndexError):
            continue
    return found


def xls_file_links(path: Path, *, names_only: bool = False) -> XlsLinks:
    """:func:`xls_links` of an .xls file (in a compound file or bare); nothing for a file it cannot walk."""
    try:
        stream = workbook_stream(path.read_bytes())
    except (Damaged, struct.error, IndexError, ValueError, OverflowError):
        return XlsLinks()
    return xls_links(stream, names_only=names_only)
