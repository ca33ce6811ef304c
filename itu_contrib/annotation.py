"""Annotated copies of submitted workbooks: problem cells marked and commented, a Problems sheet first."""

from __future__ import annotations

import math
import os
import re
import zipfile
from collections.abc import Callable, Hashable, Mapping, Sequence
from copy import copy
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from itu_contrib.errors import ReadError
from itu_contrib.i18n import Language, language
from itu_contrib.outputs import (
    atomic_path,
    check_output_path,
    clean_cell_text,
    is_dangerous,
    neutralize,
    quote_sheet_name,
    safe_child,
    sheet_title,
)
from itu_contrib.problems import Problem, Severity
from itu_contrib.rules import translate

if TYPE_CHECKING:
    from itu_contrib.validation import ValidationResult

__all__ = ["PROBLEMS_COLUMNS", "annotate", "annotate_workbook", "annotated_names"]

# Colour-blind-safe marking (Okabe-Ito vermillion and orange): the two severities differ in lightness
# and in border, not only in hue. Errors: salmon fill with a bold solid vermillion border; warnings:
# pale yellow fill with a dashed orange border.
ERROR_FILL = PatternFill(fill_type="solid", fgColor="FFF4B6A0")
WARNING_FILL = PatternFill(fill_type="solid", fgColor="FFFFEBA8")
_ERROR_SIDE = Side(style="medium", color="FFD55E00")
_WARNING_SIDE = Side(style="dashed", color="FFE69F00")
ERROR_BORDER = Border(left=_ERROR_SIDE, right=_ERROR_SIDE, top=_ERROR_SIDE, bottom=_ERROR_SIDE)
WARNING_BORDER = Border(left=_WARNING_SIDE, right=_WARNING_SIDE, top=_WARNING_SIDE, bottom=_WARNING_SIDE)

#: Header of the Problems sheet, with column widths.
PROBLEMS_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Severity", 10),
    ("Code", 24),
    ("Sheet", 20),
    ("Cell", 9),
    ("Column", 22),
    ("Field", 18),
    ("Value", 30),
    ("Message", 60),
    ("Hint", 50),
)
_CELL_COL = 4  # 1-based position of "Cell" in PROBLEMS_COLUMNS
_WRAP_FROM = 7  # Value, Message and Hint wrap

_AUTHOR = "itu_contrib"
_LINK_FONT = Font(color="FF0563C1", underline="single")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill(fill_type="solid", fgColor="FFD9D9D9")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")

_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})")
_MAX_ROW = 1_048_576
_MAX_COL = 16_384
_SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".txt"})


def _parse_cell(ref: str | None) -> tuple[int, int] | None:
    """(row, column) of an A1 reference, or None when it is not a valid cell."""
    if not ref:
        return None
    m = _A1.fullmatch(ref.strip())
    if m is None:
        return None
    col = column_index_from_string(m.group(1).upper())
    row = int(m.group(2))
    if col > _MAX_COL or row > _MAX_ROW:
        return None
    return row, col


def _workbook_kind(data: bytes) -> str | None:
    """``"xlsx"`` or ``"xlsm"`` when the bytes are an OOXML workbook openpyxl reads, else None."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                return None
            if "xl/vbaProject.bin" in names:
                return "xlsm"
            types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return "xlsm" if b"macroEnabled" in types else "xlsx"


def _with_suffix(dest: Path, suffix: str) -> Path:
    """``dest`` with the suffix its content needs (a spreadsheet suffix is replaced, anything else kept)."""
    dest = Path(dest)
    if dest.suffix.lower() == suffix:
        return dest
    if dest.suffix.lower() in _SPREADSHEET_SUFFIXES:
        return dest.with_suffix(suffix)
    return dest.with_name(dest.name + suffix)


def _text(value: object) -> object:
    """A value for the Problems sheet: text neutralised and cleaned for xlsx."""
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        value = str(value)
    if isinstance(value, str):
        return clean_cell_text(str(neutralize(str(value))))
    return value


_Styler = Callable[[Cell | MergedCell], None]


def _style(cell: Cell | MergedCell, key: Hashable, styler: _Styler, cache: dict[Hashable, StyleArray]) -> None:
    """Apply ``styler`` to ``cell``, reusing the resulting style of an earlier cell with the same key.

    Setting font/fill/border through openpyxl hashes style objects on every call; copying the style
    array of an identically styled cell is many times faster (this keeps annotating cheap).
    """
    done = cache.get(key)
    if done is None:
        styler(cell)
        cache[key] = copy(cell._style)  # type: ignore[union-attr]
    else:
        cell._style = copy(done)  # type: ignore[union-attr]


def _severity_styler(severity: Severity, *, align: bool = False) -> _Styler:
    """Mark a cell as an error or a warning (fill and border; top-aligned in the Problems sheet)."""
    fill, border = (ERROR_FILL, ERROR_BORDER) if severity == Severity.ERROR else (WARNING_FILL, WARNING_BORDER)

    def styler(cell: Cell | MergedCell) -> None:
        cell.fill = fill
        cell.border = border
        if align:
            cell.alignment = _TOP

    return styler


def _link_styler(cell: Cell | MergedCell) -> None:
    """An internal link: blue, underlined, top-aligned."""
    cell.font = _LINK_FONT
    cell.alignment = _TOP


def _wrap_styler(cell: Cell | MergedCell) -> None:
    """Long text: wrapped, top-aligned."""
    cell.alignment = _WRAP


def _top_styler(cell: Cell | MergedCell) -> None:
    """Short text: top-aligned."""
    cell.alignment = _TOP


def _comment_text(problems: Sequence[Problem], lang: Language) -> str:
    """Severity, code, message and hint of each problem, separated by blank lines."""
    parts = []
    for p in problems:
        text = f"{lang.pgettext('severity', str(p.severity)).upper()} [{p.code}]\n{p.message}"
        if p.hint:
            text += "\n" + lang.gettext("Hint: {hint}").format(hint=p.hint)
        parts.append(text)
    return "\n\n".join(parts)


def _set_comment(
    ws: Worksheet,
    row: int,
    col: int,
    problems: Sequence[Problem],
    cache: dict[Hashable, StyleArray],
    lang: Language,
) -> None:
    """Mark one cell by its worst severity (keeping its other formatting) and add or append to its comment."""
    cell = ws.cell(row=row, column=col)
    worst = Severity.ERROR if any(p.severity == Severity.ERROR for p in problems) else Severity.WARNING
    key = (tuple(cell._style or ()), worst)  # type: ignore[union-attr]
    _style(cell, key, _severity_styler(worst), cache)
    text = _comment_text(problems, lang)
    author = _AUTHOR
    if cell.comment is not None:
        author = cell.comment.author or _AUTHOR
        text = f"{cell.comment.text.rstrip()}\n\n{text}"
    text = clean_cell_text(text)
    lines = sum(1 + len(line) // 48 for line in text.splitlines())
    cell.comment = Comment(text, author, height=min(600, 20 + 14 * lines), width=320)


def _merged_anchor(ws: Worksheet, row: int, col: int) -> tuple[int, int]:
    """The top-left cell of the merged range holding (row, col), or (row, col) itself."""
    if not isinstance(ws._cells.get((row, col)), MergedCell):
        return row, col
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return rng.min_row, rng.min_col
    return row, col  # pragma: no cover - a merged cell always lies in a range


_Resolver = Callable[[Problem], Worksheet | None]


def _resolver(wb: Workbook, aliases: Mapping[str, str]) -> _Resolver:
    """Find the worksheet a problem is on: exact name, an alias (grid names), then case-insensitively.

    A problem with a cell but no sheet name (CSV) is on the only worksheet when there is one.
    """
    by_name = {ws.title: ws for ws in wb.worksheets}
    by_fold = {ws.title.casefold(): ws for ws in wb.worksheets}

    def resolve(p: Problem) -> Worksheet | None:
        if p.sheet:
            title = aliases.get(p.sheet, p.sheet)
            return by_name.get(title) or by_fold.get(title.casefold())
        if p.sheet is not None and p.sheet in aliases:
            return by_name.get(aliases[p.sheet])
        if (p.cell or p.row) and len(by_name) == 1:
            return next(iter(by_name.values()))
        return None

    return resolve


def _mark_cells(
    problems: Sequence[Problem], resolve: _Resolver, lang: Language
) -> dict[int, tuple[Worksheet, int, int]]:
    """Fill and comment every problem cell; return, per problem index, where it was marked."""
    groups: dict[tuple[str, int, int], list[Problem]] = {}
    sheets: dict[str, Worksheet] = {}
    where: dict[int, tuple[Worksheet, int, int]] = {}
    for i, p in enumerate(problems):
        ws = resolve(p)
        rc = _parse_cell(p.cell)
        if ws is None or rc is None:
            continue
        row, col = _merged_anchor(ws, *rc)
        sheets[ws.title] = ws
        groups.setdefault((ws.title, row, col), []).append(p)
        where[i] = (ws, row, col)
    cache: dict[Hashable, StyleArray] = {}
    for (title, row, col), group in groups.items():
        _set_comment(sheets[title], row, col, group, cache, lang)
    return where


def _add_problems_sheet(
    wb: Workbook,
    problems: Sequence[Problem],
    resolve: _Resolver,
    where: Mapping[int, tuple[Worksheet, int, int]],
    lang: Language,
) -> Worksheet:
    """Insert the Problems sheet first: one linked row per problem, frozen header, autofilter."""
    title = sheet_title(lang.pgettext("sheet name", "Problems"), wb.sheetnames)
    ws: Worksheet = wb.create_sheet(title, 0)
    headers = {
        "Severity": lang.gettext("Severity"),
        "Code": lang.gettext("Code"),
        "Sheet": lang.gettext("Sheet"),
        "Cell": lang.gettext("Cell"),
        "Column": lang.gettext("Column"),
        "Field": lang.gettext("Field"),
        "Value": lang.gettext("Value"),
        "Message": lang.gettext("Message"),
        "Hint": lang.gettext("Hint"),
    }
    ws.append([headers[name] for name, _ in PROBLEMS_COLUMNS])
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for i, (_, width) in enumerate(PROBLEMS_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    cache: dict[Hashable, StyleArray] = {}
    for i, p in enumerate(problems):
        target = where.get(i)
        sheet = resolve(p)
        link: str | None = None
        shown = p.cell or (lang.gettext("row {row}").format(row=p.row) if p.row is not None else None)
        if target is not None:
            tws, row, col = target
            link = f"{quote_sheet_name(tws.title)}!{get_column_letter(col)}{row}"
        elif sheet is not None and p.row is not None and 1 <= p.row <= _MAX_ROW:
            link = f"{quote_sheet_name(sheet.title)}!A{p.row}"
        values = [
            lang.pgettext("severity", str(p.severity)),
            p.code,
            sheet.title if sheet is not None else p.sheet,
            shown,
            p.column,
            p.field,
            p.value,
            p.message,
            p.hint or None,
        ]
        ws.append([_text(v) for v in values])
        r = i + 2
        for c in range(1, len(PROBLEMS_COLUMNS) + 1):
            cell = ws.cell(row=r, column=c)
            if c == 1:
                _style(cell, ("severity", p.severity), _severity_styler(p.severity, align=True), cache)
            elif c == _CELL_COL and link is not None:
                cell.hyperlink = Hyperlink(
                    ref=cell.coordinate, location=link, tooltip=lang.gettext("Go to {cell}").format(cell=link)
                )
                _style(cell, "link", _link_styler, cache)
            else:
                _style(cell, c >= _WRAP_FROM, _wrap_styler if c >= _WRAP_FROM else _top_styler, cache)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(PROBLEMS_COLUMNS))}{len(problems) + 1}"
    # Show the Problems sheet on opening, selected alone (no grouped tabs).
    for other in wb.worksheets:
        for view in other.views.sheetView:
            view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = ws
    for book_view in wb.views:
        book_view.firstSheet = 0
    return ws


def _grid_value(value: object) -> object:
    """A value read from a csv/xls/ods grid, in a form openpyxl writes (text cleaned, NaN blank)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return clean_cell_text(str(value))
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # xlsx has no infinities
    if isinstance(value, bool | int | float):
        return value
    if type(value).__name__ in {"NAType", "NaTType"}:
        return None
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and not hasattr(value, "isoformat"):
        return _grid_value(item())
    if hasattr(value, "isoformat"):
        tz = getattr(value, "tzinfo", None)
        return value.replace(tzinfo=None) if tz is not None else value  # type: ignore[attr-defined]
    return clean_cell_text(str(value))


def _defuse_formulas(wb: Workbook) -> int:
    """Defuse what reaches outside the workbook; return how many formulas and names were defused.

    Such a cell formula is stored as quote-prefixed text; such a defined name is deleted.
    """
    from itu_contrib.readers.formulas import dangerous_formula

    count = 0
    for ws in wb.worksheets:
        for cell in list(ws._cells.values()):
            if cell.data_type != "f":
                continue
            value = cell.value
            text = value if isinstance(value, str) else getattr(value, "text", None)
            if not isinstance(text, str) or not dangerous_formula(text):
                continue
            cell.value = clean_cell_text(text if text.startswith("=") else f"={text}")
            cell.data_type = "s"
            cell.quotePrefix = True
            count += 1
    # a defined name reaching outside is deleted (a cell using it then shows #NAME? until the sender fixes it)
    for names in (wb.defined_names, *(ws.defined_names for ws in wb.worksheets)):
        for name in [n for n, d in names.items() if d.attr_text and dangerous_formula(d.attr_text)]:
            del names[name]
            count += 1
    return count


def _workbook_from_grids(
    grids: Mapping[str, Sequence[Sequence[object]]], default: str
) -> tuple[Workbook, dict[str, str]]:
    """A new workbook holding each grid as a sheet, and the map grid name -> sheet title.

    Text that a spreadsheet could take for a formula is kept as written but stored as text with Excel's
    quote prefix, so it is shown, never evaluated (also after editing the cell).
    """
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    aliases: dict[str, str] = {}
    for name, rows in grids.items():
        title = sheet_title(name or default, wb.sheetnames)
        aliases[name] = title
        ws = wb.create_sheet(title)
        widths: dict[int, int] = {}
        for r, row in enumerate(rows, start=1):
            values = [_grid_value(v) for v in row]
            ws.append(values)
            for c, v in enumerate(values, start=1):
                if isinstance(v, str):
                    if is_dangerous(v):
                        cell = ws.cell(row=r, column=c)
                        cell.data_type = "s"
                        cell.quotePrefix = True
                    if r <= 200:
                        widths[c] = max(widths.get(c, 0), len(v))
                elif v is not None and r <= 200:
                    widths[c] = max(widths.get(c, 0), len(str(v)))
        for c, w in widths.items():
            ws.column_dimensions[get_column_letter(c)].width = float(min(60, max(8, w + 2)))
    if not wb.worksheets:
        aliases[""] = sheet_title(default)
        wb.create_sheet(aliases[""])
    return wb, aliases


def annotate_workbook(
    source: Path,
    problems: Sequence[Problem],
    dest: Path,
    *,
    grids: Mapping[str, Sequence[Sequence[object]]] | None = None,
    lang: str | Language | None = None,
) -> Path:
    """Write an annotated copy of ``source`` to ``dest`` and return the path written.

    An xlsx/xlsm ``source`` (recognised by content) is copied with openpyxl, keeping its values, formulas,
    formatting, merged cells, column widths and macros (xlsm stays xlsm). For any other source (csv, xls,
    ods) the caller passes ``grids`` (sheet name -> rows of values, row 1 first) and a new xlsx is built
    from them; a CSV's sheet name ``""`` becomes the file's stem.

    Every problem with a sheet and a valid cell gets its cell filled (errors salmon with a bold solid
    border, warnings pale yellow with a dashed border) and a comment giving severity, code, message and
    hint (appended to an existing comment). A first sheet "Problems" lists every problem, file-level
    ones included, each located cell linked to its cell. ``dest``'s suffix is set to ``.xlsx`` or
    ``.xlsm`` as the content requires. The source is only read; ``dest`` is written atomically and may
    not be the source (``OutputError``). ``lang`` is the language of the Problems sheet and of the comments'
    words (the problems' own messages are written as they are: see :func:`itu_contrib.rules.translate`).
    """
    to = language(lang)
    source = Path(source)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read {source}: {exc.strerror or exc}") from exc
    kind = _workbook_kind(data)
    wb: Workbook | None = None
    aliases: dict[str, str] = {}
    if kind is not None:
        dest = _with_suffix(dest, ".xlsm" if kind == "xlsm" else ".xlsx")
        check_output_path(dest, [source])
        try:
            # External links (other workbooks, DDE links) are dropped: the copy must not reach outside itself.
            wb = load_workbook(BytesIO(data), keep_vba=kind == "xlsm", rich_text=True, keep_links=False)
        except Exception as exc:  # openpyxl raises many types on damaged files
            if grids is None:
                raise ReadError(f"cannot open {source} as a workbook: {exc}") from exc
            wb = None
        else:
            wb.template = False
            # No forced recalculation on opening (it would run the sender's formulas at once), and the formulas
            # that reach outside the workbook become text.
            if wb.calculation is not None:
                wb.calculation.fullCalcOnLoad = False
            _defuse_formulas(wb)
    if wb is None:
        if grids is None:
            raise ReadError(f"{source} is not an xlsx/xlsm workbook: pass its cell grids to annotate it")
        dest = _with_suffix(dest, ".xlsx")
        check_output_path(dest, [source])
        wb, aliases = _workbook_from_grids(grids, source.stem)
    resolve = _resolver(wb, aliases)
    where = _mark_cells(problems, resolve, to)
    _add_problems_sheet(wb, problems, resolve, where, to)
    with atomic_path(dest) as tmp:
        wb.save(tmp)
    return dest


def annotated_names(files: Sequence[str]) -> dict[str, Path]:
    """The relative output path of each input's annotated copy: distinct for distinct inputs.

    The copy keeps the input's folder (relative to the inputs' common folder) and its whole name, extension
    included, so ``x/a.xlsx``, ``y/a.xlsx`` and ``x/a.csv`` never share a name.

    >>> {k: v.as_posix() for k, v in annotated_names(["in/x/a.xlsx", "in/y/a.xlsx", "in/x/a.csv"]).items()}
    {'in/x/a.xlsx': 'x/a.xlsx.annotated', 'in/y/a.xlsx': 'y/a.xlsx.annotated', 'in/x/a.csv': 'x/a.csv.annotated'}
    """
    resolved = {f: Path(os.path.abspath(f)) for f in files}
    parents = [p.parent for p in resolved.values()]
    common = Path(os.path.commonpath([str(p) for p in parents])) if parents else Path()
    out: dict[str, Path] = {}
    for display, path in resolved.items():
        rel = path.relative_to(common)
        parts = [safe_child(Path(), part, "").name for part in rel.parts]
        out[display] = Path(*parts[:-1], parts[-1] + ".annotated") if parts else Path("annotated")
    return out


def annotate(
    result: ValidationResult,
    out_dir: str | Path,
    *,
    skipped: Callable[[str, str], None] | None = None,
    lang: str | Language | None = None,
) -> tuple[Path, ...]:
    """Write an annotated copy of every readable workbook of ``result`` into ``out_dir``; return the paths written.

    Each copy is named after its input (see :func:`annotated_names`: ``x/a.xlsx`` -> ``x/a.xlsx.annotated.xlsx``);
    xlsx/xlsm are copied with their formatting, other formats rebuilt as xlsx from their cells. A format that cannot
    be annotated (xlsb) gets no copy: ``skipped(file, reason)`` is called for it. Inputs are never written; an output
    that would be an input raises :class:`~itu_contrib.errors.OutputError`. With ``lang``, the copies are written in
    that language: the Problems sheet, the comments and the problems' messages and hints.
    """
    from .readers import FORMATS, sniff
    from .reading import expand_inputs, read_grid

    directory = Path(out_dir)
    inputs = expand_inputs(result.loaded.files)
    readable = [(path, display) for path, display in inputs if display not in result.loaded.unreadable]
    names = annotated_names([display for _, display in readable])
    input_paths = [p for p, _ in inputs]
    written: list[Path] = []
    for path, display in readable:
        problems = [p if lang is None else translate(p, lang) for p in result.problems if p.file == display]
        kind = sniff(path, display).kind
        fmt = FORMATS[kind]
        if fmt.cannot_annotate:
            if skipped is not None:
                skipped(display, fmt.cannot_annotate.render(language(lang)))
            continue
        suffix = ".xlsm" if kind == "xlsm" else ".xlsx"
        dest = directory / f"{names[display]}{suffix}"
        check_output_path(dest, input_paths)
        dest.parent.mkdir(parents=True, exist_ok=True)
        grids = None if fmt.annotate_in_place else read_grid(path, display)
        written.append(annotate_workbook(path, problems, dest, grids=grids, lang=lang))
    return tuple(written)
