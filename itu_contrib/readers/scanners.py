"""Grid scanners: the span of a sheet's values, streamed from its XML before any parser allocates it."""

from __future__ import annotations

import codecs
import html
import re
import sys
import zipfile
from collections.abc import Iterator

from itu_contrib.defaults import Limits
from itu_contrib.i18n import N_, Number, Plural, Text
from itu_contrib.problems import column_letter

from .base import Refused, one_line

# Sheet grids: the bounding box of the cells that hold something, computed by streaming the whole part.
# python-calamine allocates that whole box (xlsx: the process aborts when it cannot), so it is checked
# before any parser runs. A C-speed certificate covers ordinary sheets; the exact tag-by-tag scan runs
# only where the certificate fails (cells without coordinates, cells far out, repeated ODS rows).

_ATTRS = rb"((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)"  # possessive: no backtracking on hostile input
_XLSX_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c)(?=[\s/>])" + _ATTRS + rb">")
_XLSX_REF = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_XLSX_REF_PARTS = re.compile(rb"\s*\$?([A-Za-z]*)\$?(\d*)")
_XLSX_LETTERS = re.compile(rb' r="([A-Z]+)\d')
# a row or cell tag that is not <c r="..." name="..." ...> (double quotes, single spaces): the certificate's references
# test sees every r="..." written that way, and only those (r='...', a tab before r, r = "..." go to the exact pass)
_XLSX_NOT_PLAIN_TAG = re.compile(rb'<(?:c|row)(?=[\s/>])(?! r="[^"]*+"(?: [\w:.\-]++="[^"]*+")*+/?>)')
_XLSX_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")
_ODS_TAG = re.compile(
    rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])" + _ATTRS + rb">"
)
_ODS_ROWS = re.compile(rb"number-rows-repeated\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ODS_COLS = re.compile(rb"number-columns-repeated\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ODS_VALUE = re.compile(rb"value-type\s*=")
_ODS_NAME = re.compile(rb"(?:^|\s)(?:[\w.\-]+:)?name\s*=\s*\"([^\"]*)\"")
_ROW_START = b"<table:table-row"
_CHUNK = 1 << 20


class _Grid:
    """Bounding box of the cells holding something in a sheet, fed tag by tag."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.sheet = ""
        self.top = self.left = sys.maxsize
        self.bottom = self.right = -1

    def touch(self, row0: int, row1: int, col0: int, col1: int) -> None:
        """Extend the box over rows row0..row1 and columns col0..col1 (0-based, inclusive)."""
        self.top = min(self.top, row0)
        self.left = min(self.left, col0)
        self.bottom = max(self.bottom, row1)
        self.right = max(self.right, col1)

    def check(self, part: str) -> None:
        """Refuse a grid larger than Limits.max_sheet_cells."""
        if self.bottom < 0:
            return
        rows, cols = self.bottom - self.top + 1, self.right - self.left + 1
        if rows * cols > self.limits.max_sheet_cells:
            span = f"{column_letter(self.left)}{self.top + 1}:{column_letter(self.right)}{self.bottom + 1}"
            why = N_(
                "{where} has values spread over {span} ({rows} x {columns}), more than the {limit} cells this tool "
                "reads; delete the stray cells far from the table and save again"
            )
            raise Refused(
                Text.of(
                    why, where=self.where(part), span=span, rows=Plural("{n} row", "{n} rows", rows),
                    columns=Plural("{n} column", "{n} columns", cols), limit=Number(self.limits.max_sheet_cells),
                )
            )  # fmt: skip

    def where(self, part: str) -> Text:
        """The sheet named in a refusal: by its name, or by its part in the file when the name is unknown."""
        if self.sheet:
            return Text.of("sheet '{sheet}'", sheet=one_line(self.sheet))
        return Text.of("a sheet ({part})", part=one_line(part))


class _XlsxGrid(_Grid):
    """Grid of an xlsx worksheet: cells that are not self-closing (empty styled cells hold nothing)."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        self.row = -1
        self.col = -1

    def feed(self, chunk: bytes) -> None:
        """Account for every ``<row>`` and ``<c>`` start tag of `chunk` (every ``r=`` of a tag, if repeated)."""
        for match in _XLSX_TAG.finditer(chunk):
            attrs = match.group(2)
            refs = [_ref_parts(_attr_value(m)) for m in _XLSX_REF.finditer(attrs)] or [(b"", b"")]
            if match.group(1) == b"row":
                self.row = max(int(d) - 1 if d else self.row + 1 for _, d in refs)
                self.col = -1
                continue
            has_value = not attrs.rstrip().endswith(b"/")
            implied = self.col + 1
            for letters, digits in refs:
                self.col = _column_index(letters) if letters else implied
                row = int(digits) - 1 if digits else self.row
                if has_value:
                    self.touch(row, row, self.col, self.col)


class _OdsGrid(_Grid):
    """Grid of the tables of an ODS content.xml; repeated empty rows and cells cost nothing."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        self.row = 0
        self.col = 0
        self.repeat = 1
        self.content = False
        self.most_repeated = 1  # most repetitions of one row holding values, in the current table

    def check(self, part: str) -> None:
        """Refuse a grid too large (see _Grid.check), then a row with values repeated beyond the limit."""
        super().check(part)
        if self.most_repeated > self.limits.max_repeated_rows:
            why = N_(
                "{where} repeats one row of values {n} times (more than {limit}); a real submission does not repeat "
                "an activity like that"
            )
            raise Refused(
                Text.of(
                    why, where=self.where(part), n=Number(self.most_repeated),
                    limit=Number(self.limits.max_repeated_rows),
                )
            )  # fmt: skip

    def feed(self, chunk: bytes) -> None:
        """Account for every table, row and cell tag of `chunk`."""
        for match in _ODS_TAG.finditer(chunk):
            self._tag(match.group(1), match.group(2), match.group(3))

    def fast_chunk(self, chunk: bytes) -> bool:
        """Account for a chunk of whole rows by counting (a conservative box); False when it needs the exact scan.

        Only rows without repetitions qualify, except an empty self-closing cell repeated at the end of a row
        (what LibreOffice writes): every row then counts as holding values, over as many columns as its
        length allows (or, when that bound is too loose, as its cell tags).
        """
        if not chunk.startswith(_ROW_START) or b"table:table " in chunk or b"</table:table>" in chunk:
            return False
        if not _trailing_repeats_only(chunk):
            return False
        rows = chunk.split(_ROW_START)[1:]
        if b"</table:table-row>" not in rows[-1]:
            return False  # a row longer than a chunk continues in the next one: count it tag by tag
        widest = max(map(len, rows)) // 19 + 1
        if (self.row + len(rows)) * widest > self.limits.max_sheet_cells:
            widest = max(row.count(b"table-cell") for row in rows)
        self.touch(self.row, self.row + len(rows) - 1, 0, widest - 1)
        self.row += len(rows)
        return True

    def _tag(self, closing: bytes, local: bytes, attrs: bytes) -> None:
        """Account for one table, row or cell tag."""
        empty = attrs.rstrip().endswith(b"/")
        if local == b"table":
            if not closing:
                self.check("content.xml")
                self.top = self.left = sys.maxsize
                self.bottom = self.right = -1
                self.most_repeated = 1
                named = _ODS_NAME.search(attrs)
                self.sheet = named.group(1).decode("utf-8", "replace") if named else ""
                self.row = 0
            return
        if local == b"table-row":
            if closing:
                self._end_row()
                return
            self.repeat = _repeat(_ODS_ROWS.search(attrs))
            self.col = 0
            self.content = False
            if empty:
                self._end_row()
            return
        if closing:
            return
        span = _repeat(_ODS_COLS.search(attrs))
        if not empty or _ODS_VALUE.search(attrs):
            self.content = True
            self.touch(self.row, self.row, self.col, self.col + span - 1)
        self.col += span

    def _end_row(self) -> None:
        """Close a row: a row holding something extends the box over all its repetitions."""
        if self.content:
            self.most_repeated = max(self.most_repeated, self.repeat)
        if self.content and self.repeat > 1:
            self.touch(self.row, self.row + self.repeat - 1, self.left, self.right)
        self.row += self.repeat
        self.repeat = 1
        self.content = False


def check_xlsx_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, encoding: str, limits: Limits) -> bool:
    """Refuse a worksheet whose values span more than Limits.max_sheet_cells cells; say whether it may hold marks.

    The answer is False only when the part, read whole, holds neither an error cell (``t="e"``) nor a formula
    (``<f``): the marks the reader's error-cell scan (:func:`itu_contrib.readers.workbook._xlsx_extras`) looks
    for. That scan then does not inflate the sheet a second time. Parts in another encoding than UTF-8 always
    may (the scan reads their raw bytes, not the text decoded here).
    """
    utf8 = encoding in ("utf-8", "utf-8-sig")
    marks = _Marks()
    if utf8 and _xlsx_certified(zf, info, limits, marks):
        return marks.found
    marks = _Marks()
    grid = _XlsxGrid(limits)
    for chunk in _chunks(zf, info, encoding, b"<"):
        marks.feed(chunk)
        grid.feed(chunk)
    grid.check(info.filename)
    return marks.found or not utf8


class _Marks:
    """Whether the chunks of a part hold an error cell (``t="e"``) or a formula (``<f``), as bytes.

    Each mark is searched only until it is found; a mark cut by a chunk boundary (chunks usually end before a
    ``<``, but a long stretch without one is cut anywhere) is found in the bytes around the boundary.
    """

    def __init__(self) -> None:
        self.found = False
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        """Look for the marks in `chunk`, the part's next bytes."""
        if self.found:
            return
        seam = self._tail + chunk[:4]
        self.found = any(mark.search(seam) or mark.search(chunk) for mark in _MARKS)
        self._tail = chunk[-4:]


#: The marks of an error cell and of a formula (a literal search each: faster than one alternation).
_MARKS = (re.compile(rb"<f"), re.compile(rb't="e"'))


def _xlsx_certified(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, marks: _Marks | None = None) -> bool:
    """Whether a C-speed pass proves the sheet small (`marks`, when given, is fed every chunk read).

    True when every row and cell tag is unprefixed, starts with a plain ``r="..."`` and writes its attributes
    plainly (double quotes, one space before each: as Excel, LibreOffice and the Python writers do; a second
    reference written otherwise, such as ``r='XFD1048576'``, would escape the test) and no reference lies beyond
    a box of at most Limits.max_sheet_cells cells (its width fixed from the columns of the first chunk). Anything
    else leaves the decision to the exact pass.
    """
    beyond: re.Pattern[bytes] | None = None
    for chunk in _chunks(zf, info, "utf-8", b"<"):
        if beyond is None:
            letters = _XLSX_LETTERS.findall(chunk)
            widest = max((_column_index(x) for x in set(letters)), default=0)
            cols = max(64, widest + 1)
            rows = limits.max_sheet_cells // cols
            if rows < 1:
                return False
            beyond = _beyond(rows, cols)
        if marks is not None:
            marks.feed(chunk)
        if _XLSX_NOT_PLAIN_TAG.search(chunk) or _XLSX_PREFIXED.search(chunk) or beyond.search(chunk):
            return False
    return True


def _beyond(rows: int, cols: int) -> re.Pattern[bytes]:
    """A regex finding a reference ``r="..."`` outside the box of `rows` x `cols` cells, or not a plain reference.

    A first look-ahead lets the common reference through at once: one with fewer letters and fewer digits than
    the box's last column and row (always inside); only the others are matched against the exact bounds.
    """
    short = len(column_letter(cols - 1)) - 1
    digits = len(str(rows)) - 1
    inside = rb"(?![A-Z]{0,%d}[0-9]{1,%d}\")" % (short, digits) if digits > 0 else b""
    return re.compile(
        rb' r="'
        + inside
        + rb"(?:[A-Z]*"
        + _greater_number(rows)
        + rb'"|'
        + _greater_letters(cols - 1)
        + rb"\d|(?![A-Z]*\d+\"))"
    )


def _greater_number(n: int) -> bytes:
    """A regex matching a run of digits whose value is above `n` (leading zeros count as above)."""
    digits = str(n)
    width = len(digits)
    alternatives = [rf"\d{{{width + 1},}}"]
    for i, ch in enumerate(digits):
        if ch != "9":
            alternatives.append(f"{digits[:i]}[{int(ch) + 1}-9]" + rf"\d{{{width - i - 1}}}")
    return ("(?:" + "|".join(alternatives) + ")").encode()


def _greater_letters(index: int) -> bytes:
    """A regex matching a run of column letters beyond the 0-based column `index`."""
    letters = column_letter(index)
    width = len(letters)
    alternatives = [f"[A-Z]{{{width + 1},}}"]
    for i, ch in enumerate(letters):
        if ch != "Z":
            alternatives.append(f"{letters[:i]}[{chr(ord(ch) + 1)}-Z][A-Z]{{{width - i - 1}}}")
    return ("(?:" + "|".join(alternatives) + ")").encode()


def check_ods_content(zf: zipfile.ZipFile, info: zipfile.ZipInfo, encoding: str, limits: Limits) -> None:
    """Refuse an ODS table whose values (repetitions included) span more than Limits.max_sheet_cells cells.

    A first pass counts ordinary rows in bulk (a conservative box); only when that box is too large
    does the exact tag-by-tag pass decide.
    """
    try:
        _ods_pass(zf, info, encoding, limits, fast=True)
    except Refused:
        _ods_pass(zf, info, encoding, limits, fast=False)


def _ods_pass(zf: zipfile.ZipFile, info: zipfile.ZipInfo, encoding: str, limits: Limits, *, fast: bool) -> None:
    """One pass of the ODS grid check."""
    grid = _OdsGrid(limits)
    for chunk in _chunks(zf, info, encoding, _ROW_START):
        if not (fast and grid.fast_chunk(chunk)):
            grid.feed(chunk)
    grid.check(info.filename)


def _trailing_repeats_only(chunk: bytes) -> bool:
    """Whether every repetition in `chunk` is an empty self-closing cell ending its row."""
    pos = chunk.find(b"-repeated")
    while pos >= 0:
        start, end = chunk.rfind(b"<", 0, pos), chunk.find(b">", pos)
        if start < 0 or end < 0:
            return False
        tag = chunk[start : end + 1]
        if not (
            tag.startswith(b"<table:table-cell ")
            and tag.endswith(b"/>")
            and b"value-type" not in tag
            and tag.count(b'"') % 2 == 0
            and tag.count(b"'") % 2 == 0
            and chunk.startswith(b"</table:table-row>", end + 1)
        ):
            return False
        pos = chunk.find(b"-repeated", end)
    return True


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, encoding: str, cut: bytes) -> Iterator[bytes]:
    """The part as UTF-8 byte chunks, each ending just before an occurrence of `cut` (so no tag is split).

    After a long stretch without `cut` (over 16 MB), a chunk ends before the last ``<`` instead; a single
    tag that long is refused.
    """
    decoder = None if encoding in ("utf-8", "utf-8-sig") else codecs.getincrementaldecoder(encoding)("replace")
    long_stretch = 16 * _CHUNK
    carry = b""
    with zf.open(info) as member:
        while True:
            raw = member.read(_CHUNK)
            buf = carry + (raw if decoder is None else decoder.decode(raw, final=not raw).encode("utf-8"))
            if not raw:
                yield buf
                return
            at = buf.rfind(cut)
            if at <= 0 and len(buf) > long_stretch:
                at = buf.rfind(b"<")
                if at <= 0:
                    if at == 0 and b">" not in buf:
                        why = N_("{part} has an XML tag over 16 MB; refused as hostile")
                        raise Refused(Text.of(why, part=one_line(info.filename)))
                    at = len(buf)  # plain text, or one whole tag then text: nothing to split
            if at > 0:
                yield buf[:at]
                carry = buf[at:]
            else:
                carry = buf


def _attr_value(match: re.Match[bytes]) -> bytes:
    """The value of a matched ``name="value"`` (either quote), with XML character references resolved."""
    raw = match.group(1) if match.group(1) is not None else match.group(2)
    return html.unescape(raw.decode("utf-8", "replace")).encode("utf-8") if b"&" in raw else raw


def _ref_parts(value: bytes) -> tuple[bytes, bytes]:
    """Column letters and row digits of a cell reference like ``$XFD$12`` (either may be empty)."""
    parts = _XLSX_REF_PARTS.match(value)
    return (parts.group(1), parts.group(2)) if parts else (b"", b"")


def _repeat(match: re.Match[bytes] | None) -> int:
    """An ODS repetition count (1 when absent or not a number, as the reader would then fail anyway)."""
    if match is None:
        return 1
    value = _attr_value(match).strip().removeprefix(b"+")  # Rust's usize parser accepts a leading '+'
    return max(1, int(value)) if value.isdigit() else 1


def _column_index(letters: bytes) -> int:
    """0-based index of column letters (A -> 0, XFD -> 16383)."""
    index = 0
    for ch in letters.upper()[:8]:
        index = index * 26 + ch - 64
    return index - 1


# xlsb (BIFF12) sheets: records of a variable-length type and size. Rows come from BrtRowHdr (0x0000) and columns from
# the cell records BrtCellRk .. BrtFmlaError (0x0002-0x000B); BrtCellBlank (0x0001) holds nothing.
_XLSB_ROW = 0x0000
_XLSB_CELLS = range(0x0002, 0x000C)


def check_xlsb_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    """Refuse an xlsb worksheet whose values span more than Limits.max_sheet_cells cells (streamed record by record)."""
    grid = _Grid(limits)
    row = 0
    data, pos, ended = b"", 0, False
    with zf.open(info) as member:
        while True:
            if not ended and len(data) - pos < 1 << 16:
                more = member.read(_CHUNK)
                ended = not more
                data, pos = data[pos:] + more, 0
            header = _xlsb_header(data, pos)
            if header is None:
                break  # the end of the part (or a record cut short: the reader decides)
            rtype, size, body = header
            if body + size > len(data):
                if ended:
                    break
                if size > 16 * _CHUNK:
                    raise Refused(
                        Text.of("{part} has a record over 16 MB; refused as hostile", part=one_line(info.filename))
                    )
                more = member.read(body + size - len(data))
                ended = not more
                data, pos = data[pos:] + more, 0
                continue
            if rtype == _XLSB_ROW and size >= 4:
                row = int.from_bytes(data[body : body + 4], "little")
            elif rtype in _XLSB_CELLS and size >= 4:
                col = int.from_bytes(data[body : body + 4], "little")
                grid.touch(row, row, col, col)
            pos = body + size
    grid.check(info.filename)


def _xlsb_header(data: bytes, pos: int) -> tuple[int, int, int] | None:
    """(record type, size, offset of the body) of the record at `pos`, or None when the bytes end first."""
    values = []
    for most in (2, 4):
        value = shift = 0
        for _ in range(most):
            if pos >= len(data):
                return None
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        values.append(value)
    return values[0], values[1], pos
