"""Workbooks (xlsx, xlsm, xlsb, xls, ods) read into grids: python-calamine first, a second reader when it fails."""

from __future__ import annotations

import contextlib
import html
import io
import itertools
import logging
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from itu_contrib.defaults import Limits

from .base import DAMAGED, PROTECTED, Grid, Sniffed, refusal
from .biff_formulas import xls_file_links
from .formulas import MAX_FORMULA_CHARS, dangerous_formula
from .ole2 import CFB_MAGIC

_log = logging.getLogger("itu_contrib.readers")

#: A cell: its reference, attributes and body (None for an empty cell written ``<c r="A1" s="3"/>``).
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"([^>]*?)(?:/>|>(.*?)</c>)', re.DOTALL)
_FORMULA = re.compile(rb"<f(?:\s[^>]*)?>([^<]*)</f>")


def _ref_to_rc(ref: str) -> tuple[int, int]:
    letters = "".join(c for c in ref if c.isalpha())
    digits = ref[len(letters) :]
    col = 0
    for c in letters:
        col = col * 26 + ord(c) - 64
    return int(digits) - 1, col - 1


_Extras = tuple[dict[tuple[int, int], str], set[tuple[int, int]], dict[tuple[int, int], str]]


def _xlsx_extras(path: Path, plain: frozenset[str] = frozenset()) -> tuple[bool, dict[str, _Extras]]:
    """date1904 flag, and per sheet name the error cells, formula cells without a cached value and dangerous formulas.

    The fast reader returns errors and uncomputed formulas as empty cells, and formulas only as their values; this
    scan of the sheet XML (bounded by the sniffing limits already checked) finds them so they can be reported.
    Sheets the size guard found holding no error cell and no formula (`plain`, member names:
    :attr:`~itu_contrib.readers.base.Sniffed.plain_sheets`) are not inflated again; in the others only the
    stretches around those marks are searched cell by cell (:func:`_sheet_extras`).
    """
    out: dict[str, _Extras] = {}
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        workbook = zf.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
        date1904 = bool(re.search(rb'date1904="(1|true)"', workbook))
        rels = zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
        targets = {m[0]: m[1] for m in re.findall(rb'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
        targets |= {m[1]: m[0] for m in re.findall(rb'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
        for m in re.finditer(rb"<(?:\w+:)?sheet\b([^>]*)/?>", workbook):
            attrs = m[1]
            name_m = re.search(rb'name="([^"]*)"', attrs)
            rid_m = re.search(rb'(?:r|\w+):id="([^"]+)"', attrs)
            if not name_m or not rid_m or rid_m[1] not in targets:
                continue
            target = targets[rid_m[1]].decode("utf-8", "replace").lstrip("/")
            member = target if target.startswith("xl/") else f"xl/{target}"
            if member not in names or member in plain:
                continue
            data = zf.read(member)
            if b't="e"' not in data and b"<f" not in data:
                continue
            out[html.unescape(name_m[1].decode("utf-8", "replace"))] = _sheet_extras(data)
    return date1904, out


def _sheet_extras(data: bytes) -> _Extras:
    """The error cells, formula cells without a cached value and dangerous formulas of one sheet's XML.

    The cells are those :data:`_CELL_REF` finds in the whole part, but it is run only on the stretches holding a
    mark (``t="e"``, ``<f``): a sheet with a few error cells is not walked cell by cell (see :func:`_marked`).
    """
    errors: dict[tuple[int, int], str] = {}
    no_value: set[tuple[int, int]] = set()
    dangerous: dict[tuple[int, int], str] = {}
    for start, end in _marked(data):
        for cm in _CELL_REF.finditer(data, start, end):
            ref, attrs_c, body = cm[1].decode(), cm[2], cm[3] or b""
            formula = _FORMULA.search(body) if b"<f" in body else None
            if formula is not None and formula[1]:
                text = html.unescape(formula[1][: 4 * MAX_FORMULA_CHARS].decode("utf-8", "replace"))
                if dangerous_formula(text):
                    dangerous[_ref_to_rc(ref)] = "=" + text.removeprefix("=")
            if b't="e"' in attrs_c:
                v = re.search(rb"<v>([^<]*)</v>", body)
                errors[_ref_to_rc(ref)] = v[1].decode() if v else "#ERROR"
            elif b"<f" in body and not re.search(rb"<v>[^<]+</v>|<is>", body):
                no_value.add(_ref_to_rc(ref))
    return errors, no_value, dangerous


#: The marks of a formula and of an error cell: a literal search each (an alternation is several times slower).
_MARKS = (re.compile(rb"<f"), re.compile(rb't="e"'))
_CELL_END = b"</c>"
_CELL_START = b'<c r="'


def _marked(data: bytes) -> Iterator[tuple[int, int]]:
    """Stretches of `data`, in order and apart, holding every mark and every :data:`_CELL_REF` match that holds one.

    Each stretch starts and ends just after a ``</c>`` that no match of :data:`_CELL_REF` runs over (or at the
    part's ends), so that the matches found in it are those a search of the whole part finds there. A ``</c>``
    ends every match it lies in, unless it lies in the match's start tag (``<c r="A1" x="</c>``: no ``>`` since
    the last ``<c r="``); those are passed over.
    """
    pos = 0
    ahead = [(-1, -1)] * len(_MARKS)  # the next occurrence of each mark at or after pos: (start, end)
    while True:
        for n, mark in enumerate(_MARKS):
            if ahead[n][0] < pos:
                found = mark.search(data, pos)
                ahead[n] = found.span() if found is not None else (len(data) + 1, 0)
        first, end = min(ahead)
        if first > len(data):
            return
        start = first
        while start > pos:  # back to a safe cell end before the mark (or to where the last stretch ended)
            at = data.rfind(_CELL_END, pos, start)
            if at < 0:
                start = pos
            elif _safe_end(data, pos, at):
                start = at + len(_CELL_END)
            else:
                start = at
                continue
            break
        while True:  # on to a safe cell end after the mark (or to the end of the part)
            at = data.find(_CELL_END, end)
            if at < 0:
                end = len(data)
                break
            end = at + len(_CELL_END)
            if _safe_end(data, start, at):
                break
        yield start, end
        pos = end


def _safe_end(data: bytes, floor: int, at: int) -> bool:
    """Whether the ``</c>`` at `at` is outside any cell's start tag (no ``<c r="`` after the last ``>`` before it).

    `floor` is a position no match runs over: nothing before it is looked at.
    """
    gt = data.rfind(b">", floor, at)
    return data.find(_CELL_START, max(gt, floor), at) < 0


_DEFINED_NAME = re.compile(rb"<(?:\w+:)?definedName\b([^>]*)>([^<]*)</(?:\w+:)?definedName>")


def external_links(path: Path, kind: str) -> list[str]:
    """Where each external link part of an .xlsb workbook points (a file, or 'a DDE or OLE link').

    In an .xlsb file the cells using a link are binary formulas this tool does not decode, so the links are
    reported for the workbook; in xlsx and xlsm the cells themselves are found (:func:`_xlsx_extras`).
    """
    if kind != "xlsb":
        return []
    out = []
    with zipfile.ZipFile(path) as zf:
        names = sorted(n for n in zf.namelist() if re.fullmatch(r"xl/externalLinks/externalLink\d+\.bin", n))
        for name in names[:100]:
            rels = name.replace("externalLinks/", "externalLinks/_rels/") + ".rels"
            target = re.search(rb'Target="([^"]*)"', zf.read(rels)) if rels in zf.namelist() else None
            out.append(html.unescape(target[1].decode("utf-8", "replace")) if target else "a DDE or OLE link")
    return out


def dangerous_names(path: Path, kind: str) -> list[tuple[str, str]]:
    """(name, formula) of each defined name of a workbook whose formula reaches outside it (xlsx, xlsm, xls).

    A cell that uses such a name (``=price``) holds no dangerous text itself; the name is reported instead.
    """
    if kind == "xls":  # the names are in the workbook's globals: the sheets' cells are not walked again
        return xls_file_links(path, names_only=True).names
    if kind not in ("xlsx", "xlsm"):
        return []
    found = []
    with zipfile.ZipFile(path) as zf:
        if "xl/workbook.xml" not in zf.namelist():
            return []
        for m in _DEFINED_NAME.finditer(zf.read("xl/workbook.xml")):
            text = html.unescape(m[2][: 4 * MAX_FORMULA_CHARS].decode("utf-8", "replace"))
            name = re.search(rb'\bname="([^"]*)"', m[1])
            if name and dangerous_formula(text):
                found.append((html.unescape(name[1].decode("utf-8", "replace")), "=" + text.removeprefix("=")))
    return found


_ODS_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}


_Merged = dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]


def _ods_merged(path: Path, limits: Limits) -> tuple[_Merged, dict[str, dict[tuple[int, int], str]]]:
    """Merged ranges and dangerous formulas of each sheet of an ODS file (the fast reader reports neither for ODS).

    Streams content.xml with defusedxml (sniffing has already refused bombs and entity declarations).
    """
    from defusedxml.ElementTree import iterparse

    t = "{" + _ODS_NS["table"] + "}"
    out: _Merged = {}
    dangerous: dict[str, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
        sheet = ""
        row = col = 0
        for event, el in iterparse(fh, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == f"{t}table":
                    sheet, row = el.get(f"{t}name", ""), 0
                elif tag == f"{t}table-row":
                    col = 0
                elif tag in (f"{t}table-cell", f"{t}covered-table-cell"):
                    rows = int(el.get(f"{t}number-rows-spanned", "1"))
                    cols = int(el.get(f"{t}number-columns-spanned", "1"))
                    if rows > 1 or cols > 1:
                        out.setdefault(sheet, []).append(((row, col), (row + rows - 1, col + cols - 1)))
                    formula = el.get(f"{t}formula")
                    if formula and dangerous_formula(formula):
                        text = formula.split(":", 1)[1] if re.match(r"[a-z]+:=", formula) else formula
                        dangerous.setdefault(sheet, {})[(row, col)] = "=" + text.removeprefix("=")
                    col += int(el.get(f"{t}number-columns-repeated", "1"))
                continue
            if tag == f"{t}table-row":
                row += int(el.get(f"{t}number-rows-repeated", "1"))
            if row > limits.max_rows * 2:
                break
            el.clear()
    return out, dangerous


@contextmanager
def _native_stderr() -> Iterator[None]:
    """Hold back what native code writes on file descriptor 2 while the fast reader runs.

    python-calamine prints a Rust panic message there before raising; that text is dropped when the reader fails
    (the refusal, or the second reader, says what matters) and passed on when it succeeds.
    """
    try:
        saved = os.dup(2)
    except OSError:  # no usable stderr: nothing to hold back
        yield
        return
    with tempfile.TemporaryFile() as tmp:
        sys.stderr.flush()
        os.dup2(tmp.fileno(), 2)
        succeeded = False
        try:
            yield
            succeeded = True
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            if succeeded:
                tmp.seek(0)
                held = tmp.read()
                if held:
                    os.write(2, held)


class _ReaderFailed(Exception):
    """The fast reader could not read the file (internal; its text is kept for --debug only)."""


def read_workbook(sniffed: Sniffed, display: str, limits: Limits) -> tuple[list[Grid], bool]:
    """The sheets of a workbook as grids and its date1904 flag.

    python-calamine reads first; when it fails, a second well-kept reader of the format (openpyxl for xlsx and
    xlsm, odfpy through pandas for ods, xlrd for BIFF2-8 xls) tries before the file is called damaged. Excel 2.x-4.x
    files (bare BIFF records), which python-calamine does not read, go to xlrd directly. Messages never carry a
    reader's own text; it is logged at debug level (``--debug``).
    """
    if sniffed.kind == "xls" and _bare_biff(sniffed.path):
        return _second_reader(sniffed, display, limits)
    try:
        with _native_stderr():
            return _read_calamine(sniffed, display, limits)
    except _ReaderFailed as failure:
        _log.debug("%s: python-calamine could not read it: %s", display, failure)
        return _second_reader(sniffed, display, limits)


def _second_reader(sniffed: Sniffed, display: str, limits: Limits) -> tuple[list[Grid], bool]:
    """The grids read by the format's second reader, or a ReadError calling the file damaged."""
    reader = _SECOND_READERS.get(sniffed.kind)
    try:
        if reader is not None:
            return reader(sniffed.path, limits)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # each library raises its own types on damaged files
        _log.debug("%s: the second reader could not read it either: %s: %s", display, type(exc).__name__, exc)
    raise refusal(display, DAMAGED)


def _bare_biff(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(8) != CFB_MAGIC


def _read_calamine(sniffed: Sniffed, display: str, limits: Limits) -> tuple[list[Grid], bool]:
    import python_calamine as pc

    try:
        if sniffed.note:  # the extension does not say what the content is: let the reader look at the bytes
            wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(sniffed.path.read_bytes()))
        else:
            wb = pc.CalamineWorkbook.from_path(str(sniffed.path))
    except pc.PasswordError as exc:
        raise refusal(display, PROTECTED, "encrypted-file") from exc
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine raises several error types, and a Rust panic on some damaged files
        raise _ReaderFailed(f"{type(exc).__name__}: {exc}") from exc
    # The XML scan (errors, uncomputed formulas, ODS merges) runs in a thread while the fast reader parses the
    # sheets: zlib and the Rust reader release the GIL, so on two cores the scan costs almost nothing.
    from concurrent.futures import ThreadPoolExecutor

    scans: dict[str, Callable[[Path], Any]] = {
        "xlsx": lambda path: _xlsx_extras(path, sniffed.plain_sheets),
        "xlsm": lambda path: _xlsx_extras(path, sniffed.plain_sheets),
        "ods": lambda path: _ods_merged(path, limits),
        "xls": xls_file_links,
    }
    scan = scans.get(sniffed.kind)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(scan, sniffed.path) if scan else None
        raw_sheets: list[tuple[str, bool, bool, Any, Any]] = []
        try:
            for meta in wb.sheets_metadata:
                name = str(meta.name)
                hidden = meta.visible != pc.SheetVisibleEnum.Visible
                if meta.typ != pc.SheetTypeEnum.WorkSheet:  # chart, dialog and macro sheets hold no table
                    raw_sheets.append((name, hidden, True, [], []))
                    continue
                sheet = wb.get_sheet_by_name(name)
                raw_sheets.append(
                    (name, hidden, False, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges)
                )
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # a Rust panic (pyo3 PanicException) is a BaseException
            raise _ReaderFailed(f"{type(exc).__name__}: {exc}") from exc
        if not raw_sheets:  # a workbook always has a sheet: the reader did not find the workbook part
            raise _ReaderFailed("no sheets found")
        try:
            scanned: Any = pending.result() if pending else None
        except Exception as exc:  # damaged zip or XML that the fast reader happened to survive
            raise _ReaderFailed(f"the XML scan failed: {type(exc).__name__}: {exc}") from exc
    date1904 = False
    extras: dict[str, _Extras] = {}
    ods_merged: _Merged = {}
    if sniffed.kind in ("xlsx", "xlsm"):
        date1904, extras = scanned
    elif sniffed.kind == "ods":
        ods_merged, ods_dangerous = scanned
        extras = {name: ({}, set(), found) for name, found in ods_dangerous.items()}
    elif sniffed.kind == "xls":
        extras = {name: ({}, set(), found) for name, found in scanned.cells.items()}
    grids = []
    for name, hidden, chart, rows, merged_ranges in raw_sheets:
        if chart:
            grids.append(Grid(name, [], hidden=hidden, chart=True))
            continue
        merged = list(merged_ranges or ods_merged.get(name, []))
        errors, no_value, dangerous = extras.get(name, ({}, set(), {}))
        grids.append(
            Grid(name, rows, hidden=hidden, merged=merged, errors=errors, no_value=no_value, dangerous=dangerous)
        )
    return grids, date1904


# -- second readers: values only (no merged ranges or formula flags), for files python-calamine rejects ----------


def _openpyxl_grids(path: Path, limits: Limits) -> tuple[list[Grid], bool]:
    """An xlsx or xlsm read with openpyxl (read-only, cached values; XML parsed through defusedxml)."""
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        grids = []
        for ws in wb.worksheets:
            rows = [list(r) for r in itertools.islice(ws.iter_rows(values_only=True), limits.max_rows * 2)]
            grids.append(Grid(ws.title, rows, hidden=ws.sheet_state != "visible"))
        grids += [Grid(cs.title, [], hidden=cs.sheet_state != "visible", chart=True) for cs in wb.chartsheets]
        return grids, wb.epoch == CALENDAR_MAC_1904
    finally:
        wb.close()


def _odf_grids(path: Path, limits: Limits) -> tuple[list[Grid], bool]:
    """An ods read with pandas' ODF reader (odfpy): every cell as typed, blanks as None."""
    import pandas as pd

    quiet = io.StringIO()  # odfpy prints its parse errors (and the XML) on standard output
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        frames = pd.read_excel(path, engine="odf", sheet_name=None, header=None, dtype=object, na_filter=False)
    grids = []
    for name, frame in frames.items():
        rows = [[_plain(v) for v in row] for row in frame.head(limits.max_rows * 2).itertuples(index=False)]
        grids.append(Grid(str(name), rows))
    return grids, False


def _plain(value: Any) -> Any:
    """A pandas cell as the fast reader would give it: None for blanks, datetime for timestamps."""
    if value is None or (isinstance(value, str) and not value):
        return None
    to_datetime = getattr(value, "to_pydatetime", None)
    return to_datetime() if to_datetime is not None else value


def _xlrd_grids(path: Path, limits: Limits) -> tuple[list[Grid], bool]:
    """An xls (BIFF2 to BIFF8, in a compound file or bare) read with xlrd; error cells are kept as errors."""
    import xlrd

    book = xlrd.open_workbook(file_contents=path.read_bytes(), logfile=io.StringIO(), on_demand=True)
    links = xls_file_links(path).cells
    try:
        grids = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows: list[list[Any]] = []
            errors: dict[tuple[int, int], str] = {}
            for r in range(min(sheet.nrows, limits.max_rows * 2)):
                row: list[Any] = []
                for c, cell in enumerate(sheet.row(r)):
                    row.append(_xlrd_value(cell, book.datemode))
                    if cell.ctype == xlrd.XL_CELL_ERROR:
                        errors[(r, c)] = xlrd.error_text_from_code.get(cell.value, "#ERROR")
                rows.append(row)
            dangerous = links.get(sheet.name, {})
            grids.append(Grid(sheet.name, rows, hidden=sheet.visibility != 0, errors=errors, dangerous=dangerous))
            book.unload_sheet(index)
        return grids, book.datemode == 1
    finally:
        book.release_resources()


def _xlrd_value(cell: Any, datemode: int) -> Any:
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
    return value


_SECOND_READERS: dict[str, Callable[[Path, Limits], tuple[list[Grid], bool]]] = {
    "xlsx": _openpyxl_grids,
    "xlsm": _openpyxl_grids,
    "ods": _odf_grids,
    "xls": _xlrd_grids,
}
