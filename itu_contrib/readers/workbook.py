"""Workbooks (xlsx, xlsm, xls, ods) read with python-calamine into grids, with what it does not report itself."""

from __future__ import annotations

import html
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
from itu_contrib.errors import ReadError

from .base import Grid, Sniffed

_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"([^>]*)>(.*?)</c>', re.DOTALL)


def _ref_to_rc(ref: str) -> tuple[int, int]:
    letters = "".join(c for c in ref if c.isalpha())
    digits = ref[len(letters) :]
    col = 0
    for c in letters:
        col = col * 26 + ord(c) - 64
    return int(digits) - 1, col - 1


def _xlsx_extras(path: Path) -> tuple[bool, dict[str, tuple[dict[tuple[int, int], str], set[tuple[int, int]]]]]:
    """date1904 flag, and per sheet name the error cells and formula cells without a cached value.

    The fast reader returns errors and uncomputed formulas as empty cells; this scan of the sheet XML
    (bounded by the sniffing limits already checked) finds them so they can be reported.
    """
    out: dict[str, tuple[dict[tuple[int, int], str], set[tuple[int, int]]]] = {}
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
            if member not in names:
                continue
            data = zf.read(member)
            if b't="e"' not in data and b"<f" not in data:
                continue
            errors: dict[tuple[int, int], str] = {}
            no_value: set[tuple[int, int]] = set()
            for cm in _CELL_REF.finditer(data):
                ref, attrs_c, body = cm[1].decode(), cm[2], cm[3]
                if b't="e"' in attrs_c:
                    v = re.search(rb"<v>([^<]*)</v>", body)
                    errors[_ref_to_rc(ref)] = v[1].decode() if v else "#ERROR"
                elif b"<f" in body and not re.search(rb"<v>[^<]+</v>|<is>", body):
                    no_value.add(_ref_to_rc(ref))
            out[html.unescape(name_m[1].decode("utf-8", "replace"))] = (errors, no_value)
    return date1904, out


_ODS_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}


def _ods_merged(path: Path, limits: Limits) -> dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Merged ranges of each sheet of an ODS file (the fast reader does not report them for ODS).

    Streams content.xml with defusedxml (sniffing has already refused bombs and entity declarations).
    """
    from defusedxml.ElementTree import iterparse

    t = "{" + _ODS_NS["table"] + "}"
    out: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
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
                    col += int(el.get(f"{t}number-columns-repeated", "1"))
                continue
            if tag == f"{t}table-row":
                row += int(el.get(f"{t}number-rows-repeated", "1"))
            if row > limits.max_rows * 2:
                break
            el.clear()
    return out


@contextmanager
def _native_stderr() -> Iterator[list[bytes]]:
    """Hold back what native code writes on file descriptor 2 while the fast reader runs.

    python-calamine prints a Rust panic message there before raising; the caller drops it when it reports the
    damaged file itself, and passes anything else on.
    """
    held: list[bytes] = []
    try:
        saved = os.dup(2)
    except OSError:  # no usable stderr: nothing to hold back
        yield held
        return
    with tempfile.TemporaryFile() as tmp:
        sys.stderr.flush()
        os.dup2(tmp.fileno(), 2)
        try:
            yield held
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            held.append(tmp.read())


def read_workbook(sniffed: Sniffed, display: str, limits: Limits) -> tuple[list[Grid], bool]:
    """The sheets of a workbook as grids and its date1904 flag; a reader's panic text on stderr is held back."""
    held: list[bytes] = []
    failed = False
    try:
        with _native_stderr() as held:
            return _read_workbook(sniffed, display, limits)
    except ReadError:
        failed = True  # the reader's own panic message is noise: the refusal says it in one line
        raise
    finally:
        if not failed and held and held[0]:
            os.write(2, held[0])


def _read_workbook(sniffed: Sniffed, display: str, limits: Limits) -> tuple[list[Grid], bool]:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(sniffed.path))
    except pc.PasswordError as exc:
        raise ReadError(
            f"{display}: the workbook is password-protected; save an unprotected copy", code="encrypted-file"
        ) from exc
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine raises several error types, and a Rust panic on some damaged files
        raise ReadError(f"{display}: the file is damaged or not a readable {sniffed.kind} workbook ({exc})") from exc
    # The XML scan (errors, uncomputed formulas, ODS merges) runs in a thread while the fast reader parses the
    # sheets: zlib and the Rust reader release the GIL, so on two cores the scan costs almost nothing.
    from concurrent.futures import ThreadPoolExecutor

    scans: dict[str, Callable[[Path], Any]] = {
        "xlsx": _xlsx_extras,
        "xlsm": _xlsx_extras,
        "ods": lambda path: _ods_merged(path, limits),
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
            raise ReadError(f"{display}: the file is damaged and could not be read ({exc})") from exc
        try:
            scanned: Any = pending.result() if pending else None
        except Exception as exc:  # damaged zip or XML that the fast reader happened to survive
            raise ReadError(f"{display}: the file is damaged or truncated ({exc})") from exc
    date1904 = False
    extras: dict[str, tuple[dict[tuple[int, int], str], set[tuple[int, int]]]] = {}
    ods_merged: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    if sniffed.kind in ("xlsx", "xlsm"):
        date1904, extras = scanned
    elif sniffed.kind == "ods":
        ods_merged = scanned
    grids = []
    for name, hidden, chart, rows, merged_ranges in raw_sheets:
        if chart:
            grids.append(Grid(name, [], hidden=hidden, chart=True))
            continue
        merged = list(merged_ranges or ods_merged.get(name, []))
        errors, no_value = extras.get(name, ({}, set()))
        grids.append(Grid(name, rows, hidden=hidden, merged=merged, errors=errors, no_value=no_value))
    return grids, date1904
