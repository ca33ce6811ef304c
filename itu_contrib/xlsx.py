"""A streaming xlsx writer: tables of values written straight as SpreadsheetML, a slice of rows at a time.

openpyxl builds an element per cell, even in write-only mode (about 20 µs a cell); a 200,000-row tagged workbook
has millions of cells. Here each column of a slice of rows becomes XML text in one pass, so the cost per cell is one
string format and memory holds one slice. The workbook is the one ``outputs.write_xlsx`` promises: bold grey
header row, frozen, with an autofilter; column widths; dates as dates; text as inline strings (never formulas).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SLICE = 2_000  # rows turned into XML at a time
_EPOCH = np.datetime64("1899-12-30T00:00:00", "ns")
_DAY_NS = 86_400 * 10**9

# cellXfs: 0 default, 1 header (bold, grey fill, top-aligned), 2 date, 3 date and time, 4 time
_HEADER, _DATE, _DATETIME, _TIME = 1, 2, 3, 4
_STYLES = (
    _XML + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/><numFmt numFmtId="166" formatCode="hh:mm:ss"/>'
    "</numFmts>"
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment vertical="top"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def _escape(text: str) -> str:
    """Text for an XML element."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _text_cell(ref: str, text: str, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{_escape(text)}</t></is></c>'


def _serial(value: dt.datetime | dt.date) -> float:
    """Excel's serial day number (1900 date system) of a date or naive datetime."""
    if isinstance(value, dt.datetime):  # noqa: SIM108 - two types, two subtractions
        delta = value - dt.datetime(1899, 12, 30)
    else:
        delta = value - dt.date(1899, 12, 30)
    return delta.days + delta.seconds / 86_400 + delta.microseconds / 86_400e6


def _number(value: float | int) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _value_cell(ref: str, value: Any, clean: Callable[[object], object]) -> str:
    """One cell of any value; ``clean`` turns it into what xlsx can hold (text cleaned, numpy unwrapped)."""
    if value.__class__ is not str:
        value = clean(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return _text_cell(ref, value)
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"><v>{_number(value) if not isinstance(value, Decimal) else value}</v></c>'
    if isinstance(value, dt.datetime):
        style = _DATE if value.time() == dt.time() else _DATETIME
        return f'<c r="{ref}" s="{style}"><v>{_number(_serial(value))}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{_DATE}"><v>{_serial(value)}</v></c>'
    if isinstance(value, dt.time):
        fraction = (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86_400
        return f'<c r="{ref}" s="{_TIME}"><v>{fraction!r}</v></c>'
    if isinstance(value, dt.timedelta):
        return f'<c r="{ref}"><v>{value.total_seconds() / 86_400!r}</v></c>'
    return _text_cell(ref, str(value))


def _column_cells(col: pd.Series, letter: str, first: int, clean: Callable[[object], object]) -> list[str]:
    """The XML of each cell of one column slice whose first row is spreadsheet row ``first``."""
    refs = [f"{letter}{r}" for r in range(first, first + len(col))]
    dtype = col.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype) and not isinstance(dtype, pd.DatetimeTZDtype):
        raw = col.to_numpy(dtype="datetime64[ns]")
        missing = np.isnat(raw)
        ns = (raw - _EPOCH).astype("int64")
        midnight = bool(((ns[~missing] % _DAY_NS) == 0).all())
        style = _DATE if midnight else _DATETIME
        days = (ns / _DAY_NS).tolist()
        return [
            "" if gone else f'<c r="{ref}" s="{style}"><v>{day!r}</v></c>'
            for ref, day, gone in zip(refs, days, missing.tolist(), strict=True)
        ]
    numpy = isinstance(dtype, np.dtype)  # nullable (Int64, boolean) columns hold pd.NA: the general path
    if numpy and (dtype.kind in "iu" or (dtype.kind == "f" and bool(np.isfinite(col.to_numpy()).all()))):
        return [f'<c r="{ref}"><v>{v!r}</v></c>' for ref, v in zip(refs, col.tolist(), strict=True)]
    if numpy and dtype.kind == "b":
        return [f'<c r="{ref}" t="b"><v>{int(v)}</v></c>' for ref, v in zip(refs, col.tolist(), strict=True)]
    values = col.to_numpy(dtype=object)
    return [_value_cell(ref, v, clean) for ref, v in zip(refs, values.tolist(), strict=True)]


def _write_sheet(
    out: IO[bytes],
    frame: pd.DataFrame,
    header: Sequence[str],
    widths: Sequence[float],
    clean: Callable[[object], object],
) -> None:
    """Stream one worksheet part."""
    ncols, nrows = frame.shape[1], len(frame)
    letters = [get_column_letter(i + 1) for i in range(ncols)]
    last = f"{letters[-1]}{nrows + 1}" if ncols else "A1"
    head = [_XML, f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">', f'<dimension ref="A1:{last}"/>']
    if ncols:
        head.append(
            '<sheetViews><sheetView tabSelected="0" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            "</sheetView></sheetViews>"
        )
        head.append('<sheetFormatPr defaultRowHeight="15"/><cols>')
        head += [f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1)]
        head.append("</cols>")
    head.append("<sheetData>")
    if ncols:
        cells = "".join(_text_cell(f"{letter}1", text, _HEADER) for letter, text in zip(letters, header, strict=True))
        head.append(f'<row r="1">{cells}</row>')
    out.write("".join(head).encode("utf-8"))
    for start in range(0, nrows, _SLICE):
        part = frame.iloc[start : start + _SLICE]
        first = start + 2
        columns = [_column_cells(part.iloc[:, i], letters[i], first, clean) for i in range(ncols)]
        rows = [f'<row r="{first + k}">{"".join(cells)}</row>' for k, cells in enumerate(zip(*columns, strict=True))]
        out.write("".join(rows).encode("utf-8"))
    tail = "</sheetData>"
    if ncols:
        tail += f'<autoFilter ref="A1:{last}"/>'
    out.write((tail + "</worksheet>").encode("utf-8"))


def write_workbook(
    path: Path,
    sheets: Sequence[tuple[str, pd.DataFrame, Sequence[str], Sequence[float]]],
    clean: Callable[[object], object],
) -> None:
    """Write ``(title, frame, header, widths)`` sheets as one xlsx package at ``path`` (the caller makes it atomic).

    Titles must already be valid, unique sheet names and every text already neutralised; ``clean`` makes any other
    value something xlsx can hold (see ``outputs._xlsx_value``).
    """
    if not sheets:
        sheets = [("Sheet", pd.DataFrame(), [], [])]
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    content_types = (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        _XML + f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    sheet_entries, names, rels = [], [], []
    for i, (title, frame, _, _) in enumerate(sheets, 1):
        name = _escape(title).replace('"', "&quot;")
        sheet_entries.append(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>')
        if frame.shape[1]:
            quoted = "'" + title.replace("'", "''") + "'"
            ref = f"$A$1:${get_column_letter(frame.shape[1])}${len(frame) + 1}"
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i - 1}" hidden="1">'
                         f"{_escape(quoted)}!{ref}</definedName>")  # fmt: skip
    rels.append(f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/>')
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    workbook = (
        _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{''.join(sheet_entries)}</sheets>{defined}</workbook>"
    )
    workbook_rels = _XML + f'<Relationships xmlns="{_PKG_REL}">{"".join(rels)}</Relationships>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        zf.writestr("xl/styles.xml", _STYLES)
        for i, (_, frame, header, widths) in enumerate(sheets, 1):
            with zf.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as out:
                _write_sheet(out, frame, header, widths, clean)
