"""Reading stage: files, folders or globs into one activities DataFrame that keeps every value's address."""

from __future__ import annotations

import csv
import datetime as dt
import glob
import html
import io
import itertools
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import defaults
from .dates import parse_date_value
from .errors import ReadError
from .formats import Sniffed, decode_text, sniff
from .layout import FoundHeader, Merged, build_table, classify_rows, find_table, hidden_columns
from .problems import Problem, Severity, column_letter
from .rules import make_problem
from .spec import Spec, load_spec, normalize_key
from .values import number_targets, target_codes

#: File name endings picked up when a folder is given (a file named explicitly is always tried).
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt"})
EXCEL_ERRORS = frozenset({"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})
PROVENANCE = ("_file", "_sheet", "_row")

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b\ufeff]+")
_ODD_SPACE = re.compile(r"[\u00a0\u2007\u202f\u200b\ufeff]")
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"([^>]*)>(.*?)</c>', re.DOTALL)


@dataclass(frozen=True, slots=True)
class ColumnRef:
    """Where a column sits in its sheet: letter, 0-based index, the header as written, and how well it matched."""

    letter: str
    index: int
    header: str
    score: float = 1.0  # the header matcher's score (itu_contrib.headers): 1 for a spelling of the spec


@dataclass(frozen=True)
class SheetInfo:
    """One sheet (or CSV file) looked at: its header row and columns, or why it was skipped."""

    file: str
    sheet: str
    header_row: int | None = None
    columns: Mapping[str, ColumnRef] = field(default_factory=dict)
    extra_columns: tuple[ColumnRef, ...] = ()
    rows: int = 0
    skipped: str | None = None

    def cell(self, field_name: str, row: int) -> str | None:
        """A1 reference of ``field_name`` in spreadsheet row ``row``, if that column exists."""
        ref = self.columns.get(field_name)
        return f"{ref.letter}{row}" if ref else None

    def header(self, field_name: str) -> str | None:
        """The header of ``field_name`` as written in the file."""
        ref = self.columns.get(field_name)
        return ref.header if ref else None


@dataclass(frozen=True)
class LoadResult:
    """The activities read from all inputs, with reading problems and the layout of every sheet."""

    frame: pd.DataFrame
    problems: tuple[Problem, ...]
    sheets: tuple[SheetInfo, ...]
    files: tuple[str, ...]
    unreadable: tuple[str, ...] = ()
    templates: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    _index: dict[tuple[str, str], SheetInfo] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {(s.file, s.sheet): s for s in self.sheets})

    def sheet_info(self, file: str, sheet: str) -> SheetInfo | None:
        """The layout of one sheet read."""
        return self._index.get((file, sheet))

    @property
    def skipped(self) -> tuple[SheetInfo, ...]:
        """Sheets that were not read, each with its reason."""
        return tuple(s for s in self.sheets if s.skipped)

    def problem(
        self,
        index: Any,
        field_name: str,
        code: str,
        /,
        *,
        severity: Severity | None = None,
        value: object = None,
        variant: str | None = None,
        **values: object,
    ) -> Problem:
        """A problem of rule ``code`` at ``field_name`` of the frame row labelled ``index`` (file, sheet, cell).

        Its message and hint are the rule's templates (``itu_contrib/data/rules.toml``) filled with ``values``.
        """
        file, sheet, row, cell, header = self.locate(index, field_name)
        return make_problem(
            code,
            file=file,
            severity=severity,
            variant=variant,
            sheet=sheet or None,
            cell=cell,
            row=row,
            column=header or load_spec().label(field_name),
            field=field_name,
            value=value,
            **values,
        )

    def locate(self, index: Any, field_name: str) -> tuple[str, str, int, str | None, str | None]:
        """(file, sheet, row, cell, header) of ``field_name`` in the frame row labelled ``index``."""
        files, sheets, rows = self._provenance
        at = self.frame.index.get_loc(index)
        file, sheet, line = str(files[at]), str(sheets[at]), int(rows[at])
        info = self.sheet_info(file, sheet)
        if info is None:
            return file, sheet, line, None, None
        return file, sheet, line, info.cell(field_name, line), info.header(field_name)

    @property
    def _provenance(self) -> tuple[Any, Any, Any]:
        cached = self.__dict__.get("_provenance_arrays")
        if cached is None:  # plain arrays: a lookup per problem must not cost a pandas row
            cached = tuple(self.frame[c].to_numpy() for c in PROVENANCE)
            object.__setattr__(self, "_provenance_arrays", cached)
        return cached


# -- input discovery ---------------------------------------------------------------------------------


def expand_inputs(paths: str | Path | Iterable[str | Path]) -> list[tuple[Path, str]]:
    """(path, display name) of every input file named by files, folders or glob patterns, in a stable order.

    Folders are searched recursively for spreadsheet files; Excel lock files (``~$x.xlsx``) and hidden files are
    left out. A path that names nothing raises :class:`ReadError`.
    """
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    found: list[tuple[Path, str]] = []
    for item in items:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith((".", "~$")) for part in rel.parts):
                    continue
                if child.is_file() and child.suffix.lower() in SPREADSHEET_SUFFIXES:
                    found.append((child, str(path / rel)))
        elif path.exists() or path.is_symlink():
            found.append((path, text))
        elif glob.has_magic(text):
            matches = sorted(glob.glob(text, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                raise ReadError(f"{text}: no file matches this pattern")
            found.extend((f, str(f)) for f in files)
        else:
            raise ReadError(f"{text}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for path, display in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((path, display))
    return unique


# -- raw grids ---------------------------------------------------------------------------------------


@dataclass
class _Grid:
    name: str
    rows: list[list[Any]]
    hidden: bool = False
    chart: bool = False
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row0, col0) -> error text
    no_value: set[tuple[int, int]] = field(default_factory=set)  # formula cells without a cached value


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


def _ods_merged(path: Path) -> dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
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
            if row > defaults.MAX_ROWS * 2:
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


def _workbook_grids(sniffed: Sniffed, display: str) -> tuple[list[_Grid], bool]:
    held: list[bytes] = []
    failed = False
    try:
        with _native_stderr() as held:
            return _read_workbook(sniffed, display)
    except ReadError:
        failed = True  # the reader's own panic message is noise: the refusal says it in one line
        raise
    finally:
        if not failed and held and held[0]:
            os.write(2, held[0])


def _read_workbook(sniffed: Sniffed, display: str) -> tuple[list[_Grid], bool]:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(sniffed.path))
    except pc.PasswordError as exc:
        raise ReadError(f"{display}: the workbook is password-protected; save an unprotected copy") from exc
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine raises several error types, and a Rust panic on some damaged files
        raise ReadError(f"{display}: the file is damaged or not a readable {sniffed.kind} workbook ({exc})") from exc
    # The XML scan (errors, uncomputed formulas, ODS merges) runs in a thread while the fast reader parses the
    # sheets: zlib and the Rust reader release the GIL, so on two cores the scan costs almost nothing.
    from concurrent.futures import ThreadPoolExecutor

    scan: Callable[[Path], Any] | None = {"xlsx": _xlsx_extras, "xlsm": _xlsx_extras, "ods": _ods_merged}.get(
        sniffed.kind
    )
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
            grids.append(_Grid(name, [], hidden=hidden, chart=True))
            continue
        merged = list(merged_ranges or ods_merged.get(name, []))
        errors, no_value = extras.get(name, ({}, set()))
        grids.append(_Grid(name, rows, hidden=hidden, merged=merged, errors=errors, no_value=no_value))
    return grids, date1904


def _text_grid(sniffed: Sniffed, display: str) -> _Grid:
    decoded = decode_text(sniffed.path.read_bytes(), display)
    reader = csv.reader(io.StringIO(decoded.text), delimiter=decoded.delimiter)
    try:
        rows: list[list[Any]] = [list(r) for r in reader]
    except csv.Error as exc:
        raise ReadError(f"{display}: the text file is not valid {decoded.delimiter!r}-separated data ({exc})") from exc
    return _Grid("", rows)


def read_grid(path: str | Path, display: str | None = None) -> dict[str, list[list[Any]]]:
    """Every sheet of a file as rows of cell values (row 1 first), for copies such as the annotated workbook."""
    p = Path(path)
    name = display or p.name
    sniffed = sniff(p, name)
    if sniffed.kind == "text":
        grid = _text_grid(sniffed, name)
        return {Path(name).stem[:31] or "Sheet1": grid.rows}
    grids, _ = _workbook_grids(sniffed, name)
    return {g.name: g.rows for g in grids if not g.chart}


# -- header and cells --------------------------------------------------------------------------------


def _find_header(rows: list[list[Any]], spec: Spec, merged: Merged = ()) -> FoundHeader | None:
    """The header row(s) of the activity table (see :func:`itu_contrib.layout.find_table`)."""
    return find_table(rows, spec, merged)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def clean_text(value: Any) -> str | None:
    r"""A cell as tidy text: spaces (incl. non-breaking) collapsed and stripped, newlines kept; blank -> None.

    >>> clean_text("  C5\u00a0 ;  C4 "), clean_text(12.0), clean_text("   ")
    ('C5 ; C4', '12', None)
    """
    if value.__class__ is str:
        text = value.strip()
        if not text:
            return None
        if (  # the common case, tested with fast substring checks: nothing else to tidy
            "  " not in text
            and "\t" not in text
            and "\n" not in text
            and "\r" not in text
            and (text.isascii() or _ODD_SPACE.search(text) is None)
        ):
            return text
    elif value is None:
        return None
    else:
        text = _text(value)
    text = _SPACES.sub(" ", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in text:
        text = "\n".join(part.strip() for part in text.split("\n"))
    text = text.strip()
    return text or None


class _SheetReader:
    """Turns one grid into activity records and problems."""

    def __init__(
        self, spec: Spec, display: str, grid: _Grid, date1904: bool, hidden: frozenset[int] = frozenset()
    ) -> None:
        self.spec = spec
        self.display = display
        self.grid = grid
        self.date1904 = date1904
        self.hidden = hidden  # hidden columns of the sheet
        self.problems: list[Problem] = []

    def problem(self, code: str, severity: Severity, message: str, hint: str = "", **where: Any) -> None:
        self.problems.append(
            Problem(
                code=code,
                severity=severity,
                file=self.display,
                sheet=self.grid.name,
                message=message,
                hint=hint,
                **where,
            )
        )

    def read(self, header: FoundHeader) -> tuple[SheetInfo, pd.DataFrame]:
        spec, grid = self.spec, self.grid
        table = build_table(header, spec, file=self.display, sheet=grid.name, hidden=self.hidden)
        self.problems.extend(table.problems)
        header_idx = table.header_row
        header_row = header_idx + 1
        columns = {
            name: ColumnRef(column_letter(c.index), c.index, clean_text(c.text) or "", c.score)
            for name, c in table.columns.items()
        }
        extra = [ColumnRef(column_letter(c.index), c.index, clean_text(c.text) or "", 0.0) for c in table.extra]
        data = grid.rows[header_idx + 1 : header_idx + 1 + defaults.MAX_ROWS]
        if len(grid.rows) - header_idx - 1 > defaults.MAX_ROWS:
            self.problem(
                "file-too-large",
                Severity.ERROR,
                f"the sheet has more than {defaults.MAX_ROWS:,} rows; only the first are read",
                "split the submission into several files",
            )
        self._fill_merged(columns, header_idx, data)
        error_rows = {r0 for r0, _ in grid.errors}  # a row holding only an error value is not blank
        keep, skipped = classify_rows(
            data,
            header_idx + 1,
            table,
            spec,
            file=self.display,
            sheet=grid.name,
            merged=grid.merged,
            keep_blank=lambda i: header_idx + 1 + i in error_rows,
        )
        self.problems.extend(skipped)
        row_numbers = [header_idx + 2 + i for i in keep]
        # one transposition (in C) instead of a lookup per cell; short CSV rows are padded with None
        kept = [data[i] for i in keep]
        cells = list(itertools.zip_longest(*kept)) if kept else []

        def column_cells(index: int) -> list[Any]:
            return list(cells[index]) if index < len(cells) else [None] * len(keep)

        grid_rows = [header_idx + 1 + i for i in keep]  # 0-based rows in the grid, for the XML scan's flags
        out: dict[str, Any] = {}
        for name in spec.names:
            found = columns.get(name)
            if found is None:
                out[name] = pd.Series([None] * len(keep), dtype=self._dtype(name))
                continue
            out[name] = self._column(name, found, column_cells(found.index), row_numbers, grid_rows)
        for x in extra:
            key = x.header if x.header not in out and not x.header.startswith("_") else f"{x.header} ({x.letter})"
            out[key] = pd.Series([clean_text(v) for v in column_cells(x.index)], dtype=object)
        frame = pd.DataFrame(out)
        frame["_file"] = self.display
        frame["_sheet"] = grid.name
        frame["_row"] = pd.array(row_numbers, dtype="Int64")
        info = SheetInfo(self.display, grid.name, header_row, columns, tuple(extra), len(keep))
        return info, frame

    def _fill_merged(self, columns: Mapping[str, ColumnRef], header_idx: int, data: list[list[Any]]) -> None:
        mergeable = sorted(ref.index for name, ref in columns.items() if self.spec[name].merged)
        for (r0, c0), (r1, c1) in self.grid.merged:
            first = r0 - header_idx - 1
            if first < 0 or first >= len(data):
                continue
            for c in mergeable:  # only the mergeable columns inside the range: a range may claim any width
                if not c0 <= c <= c1 or c >= len(data[first]):
                    continue
                value = data[first][c]
                for r in range(first + 1, min(r1 - header_idx, len(data))):
                    if c < len(data[r]) and (data[r][c] is None or data[r][c] == ""):
                        data[r][c] = value

    def _column(self, name: str, ref: ColumnRef, raw: list[Any], rows: list[int], abs_rows: list[int]) -> Any:
        """One column's cells, converted to the spec type, with a problem for each cell that cannot be.

        The common case (clean text, real dates, whole numbers) takes one cheap call per cell; everything
        rarer is handled on the cells that need it.
        """
        col = self.spec[name]
        grid = self.grid

        def where(k: int) -> dict[str, Any]:
            return {"cell": f"{ref.letter}{rows[k]}", "row": rows[k], "column": ref.header, "field": name}

        flagged: dict[int, str | None] = {}  # cells the XML scan marked: error text, or None for "no value"
        if grid.errors or grid.no_value:
            position = {r0: k for k, r0 in enumerate(abs_rows)}
            for (r0, c), error_text in grid.errors.items():
                if c == ref.index and r0 in position:
                    flagged[position[r0]] = error_text
            for r0, c in grid.no_value:
                k = position.get(r0, -1) if c == ref.index else -1
                if k >= 0 and raw[k] in (None, "") and k not in flagged:
                    flagged[k] = None
        for k, err in flagged.items():
            if err is None:
                self.problem(
                    "formula-without-value",
                    Severity.ERROR,
                    f"{col.label}: the cell holds a formula that has no computed value",
                    "open the file in Excel or LibreOffice, let it recalculate, and save it again",
                    **where(k),
                )
            else:
                self.problem(
                    "excel-error",
                    Severity.ERROR,
                    f"{col.label}: the cell holds the Excel error {err}",
                    "fix the formula or type the value in",
                    value=err,
                    **where(k),
                )
            raw[k] = None
        if col.type == "date":
            end = name == "end_date"
            dates = [
                v if v.__class__ is dt.date else self._date(col.label, end, v, where, k) for k, v in enumerate(raw)
            ]
            return pd.Series(dates, dtype="datetime64[ns]")
        if col.type == "integer":
            return pd.Series([self._integer(col.label, v, where, k) for k, v in enumerate(raw)], dtype="Int64")
        values = [clean_text(v) for v in raw]
        if col.type == "sdgs":  # 17.10 typed in a number cell arrives as 17.1
            for k, read, other in number_targets(raw, target_codes()):
                where_k = where(k)
                self.problems.append(
                    make_problem(
                        "ambiguous-target", file=self.display, sheet=grid.name, value=read, label=col.label,
                        alternatives=other, **where_k,
                    )
                )  # fmt: skip
        for k, text in enumerate(values):
            if text is None or (text[0] != "#" and len(text) <= defaults.MAX_CELL_CHARS):
                continue
            if text in EXCEL_ERRORS:
                self.problem(
                    "excel-error",
                    Severity.ERROR,
                    f"{col.label}: the cell holds the Excel error {text}",
                    "fix the formula or type the value in",
                    value=text,
                    **where(k),
                )
                values[k] = None
            elif len(text) > defaults.MAX_CELL_CHARS:
                self.problem(
                    "text-too-long",
                    Severity.ERROR,
                    f"{col.label}: {len(text):,} characters, more than the {defaults.MAX_CELL_CHARS:,} allowed",
                    "shorten the text",
                    value=text[:80] + "...",
                    **where(k),
                )
                values[k] = text[: defaults.MAX_CELL_CHARS]
        return pd.Series(values, dtype=object)

    def _dtype(self, name: str) -> str:
        kind = self.spec[name].type
        return "datetime64[ns]" if kind == "date" else "Int64" if kind == "integer" else "object"

    def _date(self, label: str, end: bool, value: Any, where: Callable[[int], dict[str, Any]], k: int) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, dt.datetime):
            return value
        typed = clean_text(value)
        if typed in EXCEL_ERRORS:
            self.problem(
                "excel-error", Severity.ERROR, f"{label}: the cell holds the Excel error {typed}",
                "fix the formula or type the date in", value=typed, **where(k),
            )  # fmt: skip
            return None
        parsed = parse_date_value(value, end=end, date1904=self.date1904)
        if parsed.value is None:
            self.problem(
                "invalid-date",
                Severity.ERROR,
                f"{label}: '{typed}' is not a date",
                "type a date such as 2025-03-15, 15 March 2025 or March 2025, or format the cell as a date",
                value=typed,
                **where(k),
            )
            return None
        if parsed.ambiguous:
            self.problem(
                "ambiguous-date",
                Severity.WARNING,
                f"{label}: '{typed}' can be read day-first or month-first; it was read as "
                f"{parsed.value.isoformat()} (day/month/year)",
                "write dates as 2025-04-03 (year-month-day) or 3 April 2025 so nobody has to guess",
                value=typed,
                **where(k),
            )
        return parsed.value

    def _integer(self, label: str, value: Any, where: Callable[[int], dict[str, Any]], k: int) -> Any:
        if value is None or value == "":
            return None
        if value.__class__ is float and value.is_integer() and abs(value) < 1e9:
            return int(value)
        if value.__class__ is int and abs(value) < 10**9:
            return value
        number: int | None = None
        if isinstance(value, dt.date):
            number = value.year
        elif not isinstance(value, bool | float):
            text = clean_text(value) or ""
            if re.fullmatch(r"\d{1,6}(\.0+)?", text):
                number = int(float(text))
        if number is None:
            typed = clean_text(value)
            if typed is None:
                return None
            self.problem(
                "invalid-year",
                Severity.ERROR,
                f"{label}: '{typed}' is not a year",
                "type the year as four digits, for example 2025",
                value=typed,
                **where(k),
            )
        return number


# -- entry point -------------------------------------------------------------------------------------


def _unreadable(display: str, message: str) -> Problem:
    code = "unreadable-file"
    low = message.lower()
    if "password" in low or "encrypt" in low:
        code = "encrypted-file"
    elif "empty" in low:
        code = "empty-file"
    elif "limit" in low or "larger than" in low:
        code = "file-too-large"
    reason = message.split(": ", 1)[1] if message.startswith(f"{display}: ") else message
    return Problem(code=code, severity=Severity.ERROR, file=display, message=reason, hint="")


def _is_chosen(name: str, chosen: Sequence[str] | None) -> bool:
    return chosen is None or normalize_key(name) in {normalize_key(c) for c in chosen}


def read_file(
    path: Path, display: str, *, sheets: Sequence[str] | None = None, spec: Spec | None = None
) -> tuple[list[SheetInfo], list[pd.DataFrame], list[Problem]]:
    """Read one file; raises :class:`ReadError` when the file as a whole cannot be read."""
    spec = spec or load_spec()
    sniffed = sniff(path, display)
    problems: list[Problem] = []
    if sniffed.kind == "text":
        grids, date1904 = [_text_grid(sniffed, display)], False
    else:
        grids, date1904 = _workbook_grids(sniffed, display)
    hidden = hidden_columns(sniffed.path) if sniffed.kind in ("xlsx", "xlsm") else {}
    infos: list[SheetInfo] = []
    frames: list[pd.DataFrame] = []
    for grid in grids:
        if sniffed.kind != "text" and not _is_chosen(grid.name, sheets):
            infos.append(SheetInfo(display, grid.name, skipped="not chosen with --sheet"))
            continue
        if grid.chart:
            infos.append(SheetInfo(display, grid.name, skipped="chart or macro sheet"))
            continue
        if grid.hidden and sheets is None:
            infos.append(SheetInfo(display, grid.name, skipped="hidden sheet"))
            continue
        header = _find_header(grid.rows, spec, grid.merged)
        if header is None:
            why = "empty sheet" if not any(any(v not in (None, "") for v in r) for r in grid.rows) else (
                f"no header row naming at least {defaults.HEADER_MIN_MATCHES} activity columns in the first "
                f"{defaults.HEADER_SEARCH_ROWS} rows (instructions, lists or notes)"
            )  # fmt: skip
            infos.append(SheetInfo(display, grid.name, skipped=why))
            continue
        reader = _SheetReader(spec, display, grid, date1904, hidden.get(grid.name, frozenset()))
        info, frame = reader.read(header)
        infos.append(info)
        frames.append(frame)
        problems.extend(reader.problems)
    if sheets is not None and sniffed.kind != "text":
        names = {normalize_key(g.name) for g in grids}
        for wanted in sheets:
            if normalize_key(wanted) not in names:
                problems.append(
                    Problem(
                        code="no-activity-table",
                        severity=Severity.ERROR,
                        file=display,
                        message=f"there is no sheet named '{wanted}'",
                        hint="sheets in this file: " + ", ".join(g.name for g in grids),
                    )
                )
    if not frames:
        detail = "; ".join(f"'{i.sheet}': {i.skipped}" for i in infos if i.sheet) or (infos[0].skipped if infos else "")
        problems.append(
            Problem(
                code="no-activity-table",
                severity=Severity.ERROR,
                file=display,
                message="no sheet holds an activity table" + (f" ({detail})" if detail else ""),
                hint="the header row must name the activity columns, e.g. " + ", ".join(c.label for c in spec.required),
            )
        )
    if sniffed.note:
        problems.append(
            Problem(code="unreadable-file", severity=Severity.WARNING, file=display, message=sniffed.note, hint="")
        )
    return infos, frames, problems


def empty_frame(spec: Spec | None = None) -> pd.DataFrame:
    """An activities frame with no rows and every column typed."""
    spec = spec or load_spec()
    data: dict[str, Any] = {}
    for col in spec.columns:
        if col.type == "date":
            data[col.name] = pd.array([], dtype="datetime64[ns]")
        elif col.type == "integer":
            data[col.name] = pd.array([], dtype="Int64")
        else:
            data[col.name] = pd.array([], dtype=object)
    data["_file"] = pd.array([], dtype=object)
    data["_sheet"] = pd.array([], dtype=object)
    data["_row"] = pd.array([], dtype="Int64")
    return pd.DataFrame(data)


def load(
    paths: str | Path | Iterable[str | Path],
    *,
    sheets: Sequence[str] | None = None,
    spec: Spec | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> LoadResult:
    """Read activity tables from files, folders or glob patterns into one DataFrame.

    Every row keeps its file, sheet and row number (``_file``, ``_sheet``, ``_row``); ``LoadResult.sheets``
    gives each column's letter; ``LoadResult.templates`` the stamps of files made from the input template.
    Problems are returned, not raised; :class:`ReadError` is raised only when nothing at all can be read.
    ``progress(done, total, file)`` is called before each file.
    """
    spec = spec or load_spec()
    inputs = expand_inputs(paths)
    if not inputs:
        raise ReadError("no input files found (looked for .xlsx, .xlsm, .xls, .ods, .csv, .tsv, .txt)")
    infos: list[SheetInfo] = []
    frames: list[pd.DataFrame] = []
    problems: list[Problem] = []
    unreadable: list[str] = []
    templates: dict[str, Mapping[str, str]] = {}
    for n, (path, display) in enumerate(inputs):
        if progress is not None:
            progress(n, len(inputs), display)
        try:
            i, f, p = read_file(path, display, sheets=sheets, spec=spec)
            stamp = _template_stamp(path)
            if stamp:
                templates[display] = stamp
        except ReadError as exc:
            unreadable.append(display)
            problems.append(_unreadable(display, str(exc)))
            continue
        except (OSError, MemoryError, ValueError, RecursionError) as exc:
            unreadable.append(display)
            problems.append(_unreadable(display, f"{display}: the file could not be read ({type(exc).__name__})"))
            continue
        infos.extend(i)
        frames.extend(f)
        problems.extend(p)
    if len(unreadable) == len(inputs):
        raise ReadError("\n".join(f"{p.file}: {p.message}" for p in problems if p.file in unreadable))
    frame = pd.concat(frames, ignore_index=True) if frames else empty_frame(spec)
    if frames and len(frames) > 1:
        for col in spec.columns:  # concat of all-missing columns can lose the dtype
            if col.type == "date":
                frame[col.name] = pd.to_datetime(frame[col.name])
            elif col.type == "integer":
                frame[col.name] = frame[col.name].astype("Int64")
    return LoadResult(
        frame=frame,
        problems=tuple(problems),
        sheets=tuple(infos),
        files=tuple(d for _, d in inputs),
        unreadable=tuple(unreadable),
        templates=templates,
    )


def _template_stamp(path: Path) -> Mapping[str, str] | None:
    """The stamps of a file made from ``itu-contrib template`` (version, year, language), or None."""
    try:
        with zipfile.ZipFile(path) as zf:  # cheap test first: only template-made files carry custom properties
            if "docProps/custom.xml" not in zf.namelist():
                return None
    except (zipfile.BadZipFile, OSError):
        return None
    from .template import template_info

    try:
        return template_info(path)
    except OSError:
        return None
