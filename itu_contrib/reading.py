"""Reading stage: files, folders or globs into one activities DataFrame that keeps every value's address."""

from __future__ import annotations

import datetime as dt
import glob
import itertools
import operator
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .controls import CONTROL_CHARACTERS, escape_controls, may_hold_controls
from .dates import ParsedDate, numeric_order, parse_date_value
from .defaults import Limits
from .errors import ArgumentError, ReadError
from .i18n import N_, ColumnLabel, Language, Listed, Text, language
from .layout import FoundHeader, Table, build_table, classify_rows, find_table, hidden_columns
from .problems import Problem, Severity, column_letter
from .readers import (
    FORMATS,
    SPREADSHEET_SUFFIXES,
    Grid,
    dangerous_names,
    external_links,
    looks_like_table,
    read_grids,
    sniff,
)
from .readers.base import one_line
from .readers.formulas import dangerous_formula
from .rules import Message, make_problem
from .spec import Spec, load_spec, normalize_key
from .values import number_targets, target_codes

EXCEL_ERRORS = frozenset({"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})
PROVENANCE = ("_file", "_sheet", "_row")

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b\ufeff]+")
_ODD_SPACES = "\u00a0\u2007\u202f\u200b\ufeff"
_ODD_SPACE = re.compile(f"[{_ODD_SPACES}]")


@dataclass(frozen=True, slots=True)
class ColumnRef:
    """Where a column sits in its sheet: letter, 0-based index, the header as written, and how well it matched."""

    letter: str
    index: int
    header: str
    score: float = 1.0  # the header matcher's score (itu_contrib.headers): 1 for a label, 0.99 for an alias


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
    #: Why the sheet was skipped, translatable (``skipped`` is its English); None when it was read.
    reason: Text | None = field(default=None, compare=False)

    def skipped_in(self, lang: Language | str | None = None) -> str | None:
        """Why the sheet was skipped, in ``lang`` (None when it was read)."""
        return self.reason.render(language(lang)) if self.reason is not None else self.skipped

    def cell(self, field_name: str, row: int) -> str | None:
        """A1 reference of ``field_name`` in spreadsheet row ``row``, if that column exists."""
        ref = self.columns.get(field_name)
        return f"{ref.letter}{row}" if ref else None

    def header(self, field_name: str) -> str | None:
        """The header of ``field_name`` as written in the file."""
        ref = self.columns.get(field_name)
        return ref.header if ref else None


#: (file, sheet, row, cell, header) of a frame cell: see :meth:`LoadResult.locate`.
Located = tuple[str, str, int, str | None, str | None]


@dataclass(frozen=True)
class LoadResult:
    """The activities read from all inputs, with reading problems and the layout of every sheet."""

    frame: pd.DataFrame
    problems: tuple[Problem, ...]
    sheets: tuple[SheetInfo, ...]
    files: tuple[str, ...]
    unreadable: tuple[str, ...] = ()
    templates: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: Inputs found by searching a folder (the others were named): a folder run goes on past those it cannot read.
    found_in_folders: tuple[str, ...] = ()
    _index: dict[tuple[str, str], SheetInfo] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {(s.file, s.sheet): s for s in self.sheets})

    def sheet_info(self, file: str, sheet: str) -> SheetInfo | None:
        """The layout of one sheet read."""
        return self._index.get((file, sheet))

    @property
    def unreadable_named(self) -> tuple[str, ...]:
        """Files named explicitly (not found in a folder) that could not be read: the tool cannot run on them."""
        return tuple(f for f in self.unreadable if f not in self.found_in_folders)

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

    def locate(self, index: Any, field_name: str) -> Located:
        """(file, sheet, row, cell, header) of ``field_name`` in the frame row labelled ``index``."""
        files, sheets, rows = self._provenance
        at = self.frame.index.get_loc(index)
        file, sheet, line = str(files[at]), str(sheets[at]), int(rows[at])
        info = self.sheet_info(file, sheet)
        if info is None:
            return file, sheet, line, None, None
        return file, sheet, line, info.cell(field_name, line), info.header(field_name)

    def locate_many(self, indexes: Iterable[Any], field_name: str) -> list[Located]:
        """:meth:`locate` of each of the frame rows labelled ``indexes``, found in one look-up of the index."""
        files, sheets, rows = self._provenance
        index, wanted = self.frame.index, pd.Index(indexes)
        if not index.is_unique:
            return [self.locate(i, field_name) for i in wanted]
        positions = index.get_indexer(wanted)
        if (positions < 0).any():
            raise KeyError(wanted[int((positions < 0).argmax())])
        columns: dict[tuple[str, str], tuple[str | None, str | None]] = {}  # (letter, header) per sheet
        out = []
        for at in positions.tolist():
            file, sheet, line = str(files[at]), str(sheets[at]), int(rows[at])
            column = columns.get((file, sheet))
            if column is None:
                info = self.sheet_info(file, sheet)
                ref = info.columns.get(field_name) if info is not None else None
                column = columns[(file, sheet)] = (ref.letter, ref.header) if ref is not None else (None, None)
            letter, header = column
            out.append((file, sheet, line, None if letter is None else f"{letter}{line}", header))
        return out

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

    Folders are searched recursively for spreadsheet files and files whose content is a delimited table; Excel lock
    files (``~$x.xlsx``) and hidden files are left out. A path that names nothing raises :class:`ReadError`.
    """
    return _discover(paths, Limits()).inputs


@dataclass
class _Discovery:
    """What naming files, folders and patterns found: the inputs, which came from folders, and walk problems."""

    inputs: list[tuple[Path, str]] = field(default_factory=list)
    from_folders: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, code: str, display: str, reason: Text) -> None:
        self.problems.append(make_problem(code, file=display, reason=reason))


def _discover(paths: str | Path | Iterable[str | Path], limits: Limits) -> _Discovery:
    """Every input named, walking folders without ever raising: what cannot be searched or read is a problem."""
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    found = _Discovery()
    for item in items:
        text = str(item)
        path = Path(text)
        if _is_dir(path):
            _walk(path, text, found, limits, set())
        elif path.exists() or path.is_symlink():
            found.inputs.append((path, text))
        elif glob.has_magic(text):
            matches = sorted(glob.glob(text, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                why = Text.of("no file matches this pattern")
                raise ReadError(Text.of("{file}: {reason}", file=text, reason=why), reason=why)
            found.inputs.extend((f, str(f)) for f in files)
        else:
            why = Text.of("no such file or folder")
            raise ReadError(Text.of("{file}: {reason}", file=text, reason=why), reason=why)
    seen: set[Path] = set()
    unique = []
    for path, display in found.inputs:
        try:
            key = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop: keep it, reading it says why it fails
            key = path.absolute()
        if key not in seen:
            seen.add(key)
            unique.append((path, display))
    found.inputs = unique
    return found


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except (OSError, ValueError):
        return False


_SPECIAL = (
    (stat.S_ISFIFO, Text.of("is a named pipe (FIFO), not a file; it was not opened")),
    (stat.S_ISSOCK, Text.of("is a socket, not a file; it was not opened")),
    (stat.S_ISCHR, Text.of("is a device, not a file; it was not opened")),
)


def _walk(folder: Path, display: str, found: _Discovery, limits: Limits, visited: set[tuple[int, int]]) -> None:
    """Add the readable inputs under `folder` to `found`; loops, denied folders and special files become problems."""
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in visited:
            found.problem(
                "unreadable-file", display,
                Text.of("this folder link leads back to a folder already searched (a loop); remove the link"),
            )  # fmt: skip
            return
        visited.add(key)
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except PermissionError:
        found.problem("unreadable-file", display, Text.of("permission denied; the folder could not be searched"))
        return
    except OSError as exc:
        found.problem("unreadable-file", display, Text.of("the folder could not be searched ({why})", why=_reason(exc)))
        return
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        child = Path(entry.path)
        shown = str(Path(display) / entry.name)
        try:
            mode = child.stat().st_mode  # follows links: a link to a file or folder counts as what it points to
        except OSError as exc:
            what = N_("a link that cannot be followed ({why})") if entry.is_symlink() else N_("cannot be read ({why})")
            found.problem("unreadable-file", shown, Text.of(what, why=_reason(exc)))
            continue
        if stat.S_ISDIR(mode):
            _walk(child, shown, found, limits, visited)
        elif stat.S_ISREG(mode):
            reason = _not_an_input(child, shown, limits)
            if reason is None:
                found.inputs.append((child, shown))
                found.from_folders.add(shown)
            else:
                found.problem("skipped-file", shown, reason)
        else:
            special = Text.of("is a special file, not a file; it was not opened")
            found.problem("unreadable-file", shown, next((why for test, why in _SPECIAL if test(mode)), special))


def _reason(exc: OSError) -> str:
    return one_line(exc.strerror or type(exc).__name__)


def _not_an_input(path: Path, display: str, limits: Limits) -> Text | None:
    """Why a regular file found in a folder is not read (None when it is a spreadsheet or a delimited table)."""
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return None
    try:
        sniffed = sniff(path, display, limits=limits)
        if sniffed.kind != "text":
            return None
        if looks_like_table(path, limits.header_min_matches):
            return None
    except ReadError:
        pass
    except OSError:
        return None  # reading it will say what is wrong
    return Text.of("not a spreadsheet or a delimited table; skipped")


def read_grid(
    path: str | Path, display: str | None = None, *, limits: Limits | None = None
) -> dict[str, list[list[Any]]]:
    """Every sheet of a file as rows of cell values (row 1 first), for copies such as the annotated workbook."""
    p = Path(path)
    name = display or p.name
    limits = limits or Limits()
    sniffed = sniff(p, name, limits=limits)
    grids, _ = read_grids(sniffed, name, limits)
    if not FORMATS[sniffed.kind].has_sheets:
        return {Path(name).stem[:31] or "Sheet1": grids[0].rows}
    return {g.name: g.rows for g in grids if not g.chart}


# -- header and cells --------------------------------------------------------------------------------


def _find_header(rows: list[list[Any]], spec: Spec, limits: Limits, grid: Grid) -> FoundHeader | None:
    """The header row(s) of the activity table (see :func:`itu_contrib.layout.find_table`)."""
    return find_table(
        rows,
        spec,
        grid.merged,
        search_rows=limits.header_search_rows,
        min_matches=limits.header_min_matches,
        max_columns=limits.max_columns,
    )


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


_BIDI_NAMES = {
    "\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding", "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override", "\u202e": "right-to-left override", "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate", "\u2068": "first strong isolate", "\u2069": "pop directional isolate",
}  # fmt: skip


def _describe_control(char: str) -> str:
    """``U+202E (right-to-left override)``, ``U+001B (a control character)``."""
    name = _BIDI_NAMES.get(char)
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X} (a control character)"


_SEPARATOR = "\x00"
#: What clean_text changes inside a text besides stripping it (the spaces it collapses, the line breaks it tidies).
_UNTIDY = ("  ", "\t", "\n", "\r")
#: The mean length up to which a column's texts are tidied and searched joined (see _joined).
_SHORT_TEXT = 24


def _joined(cells: Sequence[Any]) -> str | None:
    """The cells joined by NUL when all are short texts holding no NUL (for searches at C speed), else None.

    Long texts (descriptions) are left to the cell-by-cell path: searching them joined costs more than it saves.
    """
    sample = cells[:256]
    if not all(v.__class__ is str for v in sample) or sum(map(len, sample)) > _SHORT_TEXT * len(sample):
        return None
    try:
        joined = _SEPARATOR.join(cells)
    except TypeError:
        return None
    return joined if joined.count(_SEPARATOR) == len(cells) - 1 else None


def _clean_texts(raw: Sequence[Any], joined: str | None) -> list[str | None]:
    """:func:`clean_text` of each cell; texts (``joined``: :func:`_joined`) are tidied in bulk.

    Only the texts holding something clean_text changes besides stripping (two spaces, a tab, a line break, an odd
    space) are passed to it; the others are stripped in C, and blank ones become None.
    """
    if joined is None:
        return [clean_text(v) for v in raw]
    stripped: list[Any] = list(map(str.strip, raw))
    values: list[str | None] = [text or None for text in stripped] if "" in stripped else stripped
    for k in _cells_holding(joined):
        values[k] = clean_text(raw[k])
    return values


def _cells_holding(joined: str) -> set[int]:
    """The positions of the cells of ``joined`` (see :func:`_joined`) holding one of _UNTIDY or an odd space.

    Each is a literal search in C (a character the text cannot hold is not searched at all).
    """
    found: set[int] = set()
    for needle in (*_UNTIDY, *([] if joined.isascii() else _ODD_SPACES)):
        k = last = 0
        at = joined.find(needle)
        while at >= 0:
            k += joined.count(_SEPARATOR, last, at)
            last = at
            found.add(k)
            end = joined.find(_SEPARATOR, at)  # the rest of this cell is not searched again
            at = joined.find(needle, end) if end >= 0 else -1
    return found


def _longer_than(joined: str, limit: int) -> bool:
    """Whether a cell of ``joined`` (see :func:`_joined`) is longer than ``limit``.

    The search jumps from the last separator of each stretch of ``limit + 1`` characters: a stretch without one
    is a cell too long.
    """
    start = 0
    while start + limit < len(joined):
        last = joined.rfind(_SEPARATOR, start, start + limit + 1)
        if last < 0:
            return True
        start = last + 1
    return False


def _whole_numbers(raw: Sequence[Any]) -> Any:
    """The cells as an int64 array when every one is a float holding a whole number below 1e9, else None.

    These are the cells :meth:`_SheetReader._integer` turns into ``int(value)`` without a problem.
    """
    import numpy as np

    if not raw or set(map(type, raw)) != {float}:
        return None
    numbers = np.array(raw, dtype=float)
    if not (np.all(numbers == np.floor(numbers)) and np.all(np.abs(numbers) < 1e9)):
        return None
    return numbers.astype(np.int64)


def _transpose(rows: list[list[Any]]) -> list[Sequence[Any]]:
    """The columns of ``rows`` (``itertools.zip_longest(*rows)``: short rows padded with None).

    Rows of one length (every workbook sheet) go through a numpy array of objects, several times faster; rows whose
    cells numpy would not keep as they are (sequences in cells) are transposed by zip_longest.
    """
    if rows and len(set(map(len, rows))) == 1:
        import numpy as np

        try:
            grid = np.array(rows, dtype=object)
        except ValueError:  # cells holding sequences of different lengths
            grid = None
        if grid is not None and grid.shape == (len(rows), len(rows[0])):
            columns: list[Sequence[Any]] = grid.T.tolist()
            return columns
    return list(itertools.zip_longest(*rows))


def _distinct_texts(columns: Sequence[Sequence[Any]]) -> Iterable[str]:
    """The texts of the columns, each once when all cells can be hashed.

    The order of day and month that dates.numeric_order finds does not depend on how often or where a text occurs.
    """
    try:
        distinct: set[Any] = set().union(*map(set, columns))
    except TypeError:  # a cell that cannot be hashed: every text, in order
        return [v for column in columns for v in column if v.__class__ is str]
    return [v for v in distinct if v.__class__ is str]


def _kept(columns: list[Sequence[Any]], keep: list[int], rows: int) -> Sequence[Sequence[Any]]:
    """The cells of the rows `keep` (increasing indexes of `rows` rows), column by column, picked in C."""
    if len(keep) == rows:
        return columns
    if not keep:
        return []
    if len(keep) == 1:
        return [(column[keep[0]],) for column in columns]
    pick = operator.itemgetter(*keep)
    return [pick(column) for column in columns]


#: Column types whose cells are mostly distinct (titles, descriptions, links): their texts are kept as read.
_MOSTLY_DISTINCT = frozenset({"text", "url"})


def _one_object_per_text(values: list[Any]) -> list[Any]:
    """``values`` with equal texts made one object.

    A column of a hundred thousand sectors, statuses or code lists names a few thousand distinct texts, and each
    cell read is an object of its own (about 5 MB per such column at 100,000 rows).
    """
    seen: dict[str, str] = {}
    return [seen.setdefault(v, v) if v.__class__ is str else v for v in values]


class _SheetReader:
    """Turns one grid into activity records and problems."""

    def __init__(
        self,
        spec: Spec,
        display: str,
        grid: Grid,
        date1904: bool,
        limits: Limits,
        hidden: frozenset[int] = frozenset(),
    ) -> None:
        self.spec = spec
        self.limits = limits
        self.display = display
        self.grid = grid
        self.date1904 = date1904
        self.hidden = hidden  # hidden columns of the sheet
        self.problems: list[Problem] = []
        # dates and numbers written as text repeat (a CSV holds every date as text): each distinct text is read once
        self._dates: dict[tuple[str, bool], tuple[str | None, ParsedDate | None]] = {}
        self._date_order: str | None = None  # "dmy" or "mdy" when the sheet's own dates say (dates.numeric_order)
        self._numbers: dict[str, int | None] = {}

    def problem(self, code: str, /, *, variant: str | None = None, **values: Any) -> None:
        """A problem of rule ``code`` in this sheet: location keywords and template values (see make_problem)."""
        self.problems.append(make_problem(code, file=self.display, sheet=self.grid.name, variant=variant, **values))

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
        max_rows = self.limits.max_rows
        data = grid.rows[header_idx + 1 : header_idx + 1 + max_rows]
        if len(grid.rows) - header_idx - 1 > max_rows:
            self.problem("file-too-large", variant="rows", limit=f"{max_rows:,}")
        self._fill_merged(columns, header_idx, data)
        # one transposition (in C) instead of a lookup per cell; short CSV rows are padded with None
        transposed = _transpose(data)
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
            min_matches=self.limits.header_min_matches,
            columns=transposed,
        )
        self.problems.extend(skipped)
        row_numbers = [header_idx + 2 + i for i in keep]
        cells = _kept(transposed, keep, len(data))

        def column_cells(index: int) -> list[Any]:
            return list(cells[index]) if index < len(cells) else [None] * len(keep)

        self._values_without_header(table, cells, row_numbers)
        grid_rows = [header_idx + 1 + i for i in keep]  # 0-based rows in the grid, for the XML scan's flags
        # day and month as the sheet's other dates put them: 01/02/2025 beside 15/03/2025 is day-first, no warning
        date_columns = [ref.index for name, ref in columns.items() if spec[name].type == "date"]
        self._date_order = numeric_order(_distinct_texts([cells[j] for j in date_columns if j < len(cells)]))
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

    def _values_without_header(self, table: Table, cells: Sequence[Sequence[Any]], rows: Sequence[int]) -> None:
        """A value-without-header warning for each column without a header holding values in activity rows.

        Nothing is lost silently: a note typed right of the table, or the last value of a CSV row pushed past the
        header by an unquoted separator, is named at its first cell.
        """
        headed = {c.index for c in table.columns.values()} | {c.index for c in table.extra} | set(self.hidden)
        if table.beside is not None:
            headed.update(range(table.beside[0], table.beside[1] + 1))
        for j in range(len(cells)):
            if j in headed:
                continue
            filled = [i for i, v in enumerate(cells[j]) if v is not None and not (isinstance(v, str) and not v.strip())]
            if not filled:
                continue
            first = filled[0]
            cell = f"{column_letter(j)}{rows[first]}"
            shown = one_line(str(cells[j][first]))[:100]
            self.problem("value-without-header", variant="one" if len(filled) == 1 else None, cell=cell,
                         row=rows[first], value=shown, letter=column_letter(j), count=len(filled))  # fmt: skip

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
                self.problem("formula-without-value", label=ColumnLabel(col.name), **where(k))
            else:
                self.problem("excel-error", label=ColumnLabel(col.name), value=err, **where(k))
            raw[k] = None
        if col.type == "date":
            end = name == "end_date"
            by_value = self._by_value(raw, _DATE_CLASSES, lambda v: self._date_value(v, end))
            if by_value is None:
                dates = [
                    v if v.__class__ is dt.date else self._date(ColumnLabel(col.name), end, v, where, k)
                    for k, v in enumerate(raw)
                ]
            else:
                dates = by_value.values
                for k in by_value.problems:
                    dates[k] = self._date(ColumnLabel(col.name), end, raw[k], where, k)
            return pd.Series(dates, dtype="datetime64[ns]")
        if col.type == "integer":
            whole = _whole_numbers(raw)
            if whole is not None:  # every cell a whole number, as most year columns: converted in arrays
                return pd.Series(pd.array(whole, dtype="Int64"))
            numbers = self._by_value(raw, _NUMBER_CLASSES, self._integer_value)
            if numbers is None:
                return pd.Series(
                    [self._integer(ColumnLabel(col.name), v, where, k) for k, v in enumerate(raw)], dtype="Int64"
                )
            for k in numbers.problems:
                numbers.values[k] = self._integer(ColumnLabel(col.name), raw[k], where, k)
            return pd.Series(numbers.values, dtype="Int64")
        joined = _joined(raw)
        values = _clean_texts(raw, joined)
        if joined is None or may_hold_controls(joined, separator=_SEPARATOR):
            self._control_characters(ColumnLabel(col.name), values, where)
        if col.type == "sdgs" and joined is None:  # 17.10 typed in a number cell arrives as 17.1 (texts never do)
            for k, read, other in number_targets(raw, target_codes()):
                self.problem(
                    "ambiguous-target", value=read, label=ColumnLabel(col.name), alternatives=other, **where(k)
                )
        if col.type not in _MOSTLY_DISTINCT:
            values = _one_object_per_text(values)
        max_chars = self.limits.max_cell_chars
        if joined is not None and "#" not in joined and not _longer_than(joined, max_chars):
            return pd.Series(values, dtype=object)  # no error text and no text too long: nothing to look at
        for k, text in enumerate(values):
            if text is None or (text[0] != "#" and len(text) <= max_chars):
                continue
            if text in EXCEL_ERRORS:
                self.problem("excel-error", label=ColumnLabel(col.name), value=text, **where(k))
                values[k] = None
            elif len(text) > max_chars:
                self.problem(
                    "text-too-long", label=ColumnLabel(col.name), length=f"{len(text):,}", limit=f"{max_chars:,}",
                    value=text[:80] + "...", **where(k),
                )  # fmt: skip
                values[k] = text[:max_chars]
        return pd.Series(values, dtype=object)

    def _control_characters(
        self, label: ColumnLabel, values: list[str | None], where: Callable[[int], dict[str, Any]]
    ) -> None:
        """A control-character warning for each text holding a bidi override or a C0 control character.

        Chunks of cells are searched joined (one C-speed search each); only a chunk with a hit is searched cell by cell.
        """
        step = 4096
        for start in range(0, len(values), step):
            chunk = values[start : start + step]
            if not may_hold_controls("\n".join(v for v in chunk if v is not None)):
                continue
            for k, text in enumerate(chunk, start):
                found = CONTROL_CHARACTERS.search(text) if text is not None else None
                if text is not None and found is not None:
                    char = found.group()
                    self.problem(
                        "control-character", label=label, value=escape_controls(text[:200]),
                        what=_describe_control(char), escaped=escape_controls(char), **where(k),
                    )  # fmt: skip

    def _dtype(self, name: str) -> str:
        kind = self.spec[name].type
        return "datetime64[ns]" if kind == "date" else "Int64" if kind == "integer" else "object"

    def _by_value(
        self, raw: list[Any], classes: frozenset[type], convert: Callable[[Any], tuple[Any, bool]]
    ) -> _ByValue | None:
        """A column converted once per distinct value (texts repeat: a CSV holds every date and year as text).

        ``convert(value)`` gives (the value read, whether the cell has a problem); the cells whose value has a
        problem are listed for the caller to read one by one, in order, so that each gets its problem. None when a
        value is not of ``classes`` (values of those classes are equal only when their readings are) or cannot
        be hashed.
        """
        try:
            distinct = set(raw)
        except TypeError:
            return None
        if any(v.__class__ not in classes for v in distinct):
            return None
        read: dict[Any, Any] = {}
        for value in distinct:
            result, problem = convert(value)
            if not problem:
                read[value] = result
        if len(read) == len(distinct):
            return _ByValue(list(map(read.__getitem__, raw)), [])
        return _ByValue([read.get(v) for v in raw], [k for k, v in enumerate(raw) if v not in read])

    def _known_date(self, value: Any, end: bool) -> tuple[str | None, ParsedDate | None]:
        """(the cell as text, its reading; None for an Excel error) of a date cell, read once per distinct text."""
        known = self._dates.get((value, end)) if value.__class__ is str else None
        if known is None:
            typed = clean_text(value)
            parsed = (
                None
                if typed in EXCEL_ERRORS
                else parse_date_value(value, end=end, date1904=self.date1904, order=self._date_order)
            )
            known = (typed, parsed)
            if value.__class__ is str:
                self._dates[value, end] = known
        return known

    def _date_value(self, value: Any, end: bool) -> tuple[Any, bool]:
        """What :meth:`_date` returns for a cell holding ``value``, and whether it reports a problem there."""
        if value is None or value.__class__ is dt.date or isinstance(value, dt.datetime):
            return value, False
        if isinstance(value, str) and not value.strip():
            return None, False
        _, parsed = self._known_date(value, end)
        if parsed is None or (not parsed.open_ended and (parsed.value is None or parsed.ambiguous)):
            return None, True
        return (None if parsed.open_ended else parsed.value), False

    def _date(self, label: ColumnLabel, end: bool, value: Any, where: Callable[[int], dict[str, Any]], k: int) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, dt.datetime):
            return value
        typed, parsed = self._known_date(value, end)
        if parsed is None:  # an Excel error value
            self.problem("excel-error", label=label, value=typed, **where(k))
            return None
        if parsed.open_ended:  # "ongoing" as an end date: no end date yet, not an error
            return None
        if parsed.value is None:
            self.problem("invalid-date", label=label, value=typed, **where(k))
            return None
        if parsed.ambiguous:
            self.problem("ambiguous-date", label=label, value=typed, read_as=parsed.value.isoformat(), **where(k))
        return parsed.value

    def _integer_value(self, value: Any) -> tuple[int | None, bool]:
        """What :meth:`_integer` returns for a cell holding ``value``, and whether it reports a problem there."""
        number, typed = self._number(value)
        return number, number is None and typed is not None

    def _number(self, value: Any) -> tuple[int | None, str | None]:
        """The whole number a cell holds, else None and the cell as text (None for a blank: no problem)."""
        if value is None or value == "":
            return None, None
        if value.__class__ is float and value.is_integer() and abs(value) < 1e9:
            return int(value), None
        if value.__class__ is int and abs(value) < 10**9:
            return value, None
        number: int | None = None
        if value.__class__ is str and value in self._numbers:
            number = self._numbers[value]
        elif isinstance(value, dt.date):
            number = value.year
        elif not isinstance(value, bool | float):
            text = clean_text(value) or ""
            if re.fullmatch(r"\d{1,6}(\.0+)?", text):
                number = int(float(text))
            if value.__class__ is str:
                self._numbers[value] = number
        return number, (clean_text(value) if number is None else None)

    def _integer(self, label: ColumnLabel, value: Any, where: Callable[[int], dict[str, Any]], k: int) -> Any:
        number, typed = self._number(value)
        if number is None and typed is not None:
            col = self.spec[where(k)["field"]]
            code = self.spec.code(col, "not_a_number")
            self.problem(code, variant="not-a-number" if code == "invalid-year" else None, label=label, value=typed,
                         **where(k))  # fmt: skip
        return number


@dataclass
class _ByValue:
    """A column read once per distinct value: the values read, and the cells to read one by one (with a problem)."""

    values: list[Any]
    problems: list[int]


#: The classes of the values a date column or a number column is read by value from: a value of one equals a value
#: of another only when both read the same (1 and 1.0; never True, which reads differently from 1.0).
_DATE_CLASSES: frozenset[type] = frozenset({str, dt.date, dt.datetime, type(None)})
_NUMBER_CLASSES: frozenset[type] = frozenset({str, float, int, type(None)})


# -- entry point -------------------------------------------------------------------------------------


def _unreadable(display: str, exc: ReadError) -> Problem:
    """The problem of a file that cannot be read: the error's reason (translatable when the reader gave it)."""
    message = str(exc)
    reason: object = message.split(": ", 1)[1] if message.startswith(f"{display}: ") else message
    return make_problem(exc.code, file=display, reason=exc.reason if exc.reason is not None else reason)


def _one_code(problems: Sequence[Problem]) -> str:
    """The code shared by all `problems`, else unreadable-file."""
    codes = {p.code for p in problems if p.severity == Severity.ERROR} or {p.code for p in problems}
    return codes.pop() if len(codes) == 1 else "unreadable-file"


def _is_chosen(name: str, chosen: Sequence[str] | None) -> bool:
    return chosen is None or normalize_key(name) in {normalize_key(c) for c in chosen}


def _dangerous_formulas(display: str, grid: Grid) -> list[Problem]:
    """A dangerous-formula warning at each cell of `grid` whose formula reaches outside the workbook."""
    out = []
    for (r0, c0), formula in sorted(grid.dangerous.items()):
        cell = f"{column_letter(c0)}{r0 + 1}"
        what = dangerous_formula(formula) or Text.of("a call outside the workbook")
        out.append(make_problem("dangerous-formula", file=display, sheet=grid.name, cell=cell, row=r0 + 1,
                                value=one_line(formula[:200]), what=what))  # fmt: skip
    return out


def _dangerous_names(display: str, names: Sequence[tuple[str, str]]) -> list[Problem]:
    """A dangerous-formula warning for each defined name of the workbook whose formula reaches outside it."""
    return [
        make_problem(
            "dangerous-formula",
            variant="name",
            file=display,
            name=name,
            value=one_line(formula[:200]),
            what=dangerous_formula(formula) or Text.of("a call outside the workbook"),
        )
        for name, formula in names
    ]


def read_file(
    path: Path,
    display: str,
    *,
    sheets: Sequence[str] | None = None,
    spec: Spec | None = None,
    limits: Limits | None = None,
) -> tuple[list[SheetInfo], list[pd.DataFrame], list[Problem]]:
    """Read one file; raises :class:`ReadError` when the file as a whole cannot be read."""
    spec = spec or load_spec()
    limits = limits or Limits()
    sniffed = sniff(path, display, limits=limits)
    problems: list[Problem] = []
    grids, date1904 = read_grids(sniffed, display, limits)
    problems.extend(_dangerous_names(display, dangerous_names(sniffed.path, sniffed.kind)))
    problems.extend(make_problem("dangerous-formula", variant="link", file=display, value=one_line(target[:200]))
                    for target in external_links(sniffed.path, sniffed.kind))  # fmt: skip
    has_sheets = FORMATS[sniffed.kind].has_sheets
    hidden = hidden_columns(sniffed.path, limits.max_columns) if sniffed.kind in ("xlsx", "xlsm") else {}
    infos: list[SheetInfo] = []
    frames: list[pd.DataFrame] = []
    reasons: dict[str, Text] = {}  # sheet -> why it was not read, translatable (SheetInfo.skipped is its English)

    def skip(grid: Any, why: Text) -> None:
        reasons[grid.name] = why
        infos.append(SheetInfo(display, grid.name, skipped=str(why), reason=why))

    for grid in grids:
        if has_sheets and not _is_chosen(grid.name, sheets):
            skip(grid, Text.of("not chosen with --sheet"))
            continue
        if grid.chart:
            skip(grid, Text.of("chart or macro sheet"))
            continue
        problems.extend(_dangerous_formulas(display, grid))
        if grid.hidden and sheets is None:
            skip(grid, Text.of("hidden sheet"))
            continue
        header = _find_header(grid.rows, spec, limits, grid)
        if header is None:
            why = Text.of("empty sheet") if not any(any(v not in (None, "") for v in r) for r in grid.rows) else (
                Text.of(
                    "no header row naming at least {n} activity columns in the first {rows} rows "
                    "(instructions, lists or notes)",
                    n=limits.header_min_matches, rows=limits.header_search_rows,
                )
            )  # fmt: skip
            skip(grid, why)
            continue
        reader = _SheetReader(spec, display, grid, date1904, limits, hidden.get(grid.name, frozenset()))
        info, frame = reader.read(header)
        infos.append(info)
        frames.append(frame)
        problems.extend(reader.problems)
    if sheets is not None and has_sheets:
        names = {normalize_key(g.name) for g in grids}
        for wanted in sheets:
            if normalize_key(wanted) not in names:
                problems.append(
                    make_problem(
                        "no-activity-table", file=display, variant="no-such-sheet", sheet_name=wanted,
                        sheets=", ".join(g.name for g in grids),
                    )
                )  # fmt: skip
    if not frames:
        parts = tuple(
            Text.of("'{sheet}': {reason}", sheet=i.sheet, reason=reasons.get(i.sheet) or i.skipped)
            for i in infos
            if i.sheet
        )
        detail: object = (
            Listed(parts, quoted=False, style="semicolon") if parts else (infos[0].skipped if infos else "")
        )
        problems.append(
            make_problem(
                "no-activity-table", file=display, detail=Text.of(" ({detail})", detail=detail) if detail else "",
                required=Listed(tuple(ColumnLabel(c.name) for c in spec.required), quoted=False, style="unit"),
            )
        )  # fmt: skip
    if sniffed.note:
        problems.append(make_problem("extension-mismatch", file=display, reason=sniffed.note))
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
    paths: pd.DataFrame | str | Path | Iterable[str | Path],
    *,
    sheets: Sequence[str] | None = None,
    spec: Spec | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    limits: Limits | None = None,
) -> LoadResult:
    """Read activity tables from files, folders or glob patterns (or a DataFrame: :func:`load_frame`) into one frame.

    Every row keeps its file, sheet and row number (``_file``, ``_sheet``, ``_row``); ``LoadResult.sheets``
    gives each column's letter; ``LoadResult.templates`` the stamps of files made from the input template.
    Problems are returned, not raised; :class:`ReadError` is raised only when nothing at all can be read.
    ``progress(done, total, file)`` is called before each file. ``limits`` (the defaults when None) bound what is
    read, for this call only.
    """
    if isinstance(paths, pd.DataFrame):
        return load_frame(paths, spec=spec, limits=limits)
    spec = spec or load_spec()
    limits = limits or Limits()
    found = _discover(paths, limits)
    inputs = found.inputs
    problems: list[Problem] = list(found.problems)
    if not inputs:
        looked = Text.of(
            "no input files found (looked for {suffixes} and files holding a delimited table)",
            suffixes=", ".join(sorted(SPREADSHEET_SUFFIXES)),
        )
        raise ReadError(
            Listed((looked, *_file_messages(problems)), quoted=False, style="lines"), code=_one_code(problems)
        )
    infos: list[SheetInfo] = []
    frames: list[pd.DataFrame] = []
    unreadable: list[str] = []
    templates: dict[str, Mapping[str, str]] = {}
    for n, (path, display) in enumerate(inputs):
        if progress is not None:
            progress(n, len(inputs), display)
        try:
            i, f, p = read_file(path, display, sheets=sheets, spec=spec, limits=limits)
            stamp = _template_stamp(path)
            if stamp:
                templates[display] = stamp
        except ReadError as exc:
            unreadable.append(display)
            problems.append(_unreadable(display, exc))
            continue
        except (OSError, MemoryError, ValueError, RecursionError) as exc:
            unreadable.append(display)
            why = Text.of("the file could not be read ({error})", error=type(exc).__name__)
            problems.append(make_problem("unreadable-file", file=display, reason=why))
            continue
        infos.extend(i)
        frames.extend(f)
        problems.extend(p)
    if len(unreadable) == len(inputs):
        failed = [p for p in problems if p.file in unreadable or p.severity == Severity.ERROR]
        raise ReadError(Listed(_file_messages(failed), quoted=False, style="lines"), code=_one_code(failed))
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
        found_in_folders=tuple(d for _, d in inputs if d in found.from_folders),
        templates=templates,
    )


def load_frame(
    data: pd.DataFrame,
    *,
    name: str = "DataFrame",
    spec: Spec | None = None,
    limits: Limits | None = None,
) -> LoadResult:
    """Read an activity table that is already a DataFrame (from a database, an API, ``pd.read_excel``) as a sheet.

    The column names are the header row, as a submitter would type them (``Title of activity``, ``ODS``): they are
    matched like a workbook's headers, and every value is converted and checked the same way. Problems name
    ``name`` as their file and cells as if the frame were a sheet starting at A1: the frame's row at position
    ``i`` is row ``i + 2``.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"Activity ID": ["A-1"], "Title of activity": ["Cyber drill"], "Sector": ["ITU-D"]})
    >>> loaded = load_frame(table, name="from-api")
    >>> row = loaded.frame.iloc[0]
    >>> row["activity_id"], row["title"], row["_file"], int(row["_row"])
    ('A-1', 'Cyber drill', 'from-api', 2)
    """
    if not isinstance(data, pd.DataFrame):
        raise ArgumentError(f"load_frame takes a pandas DataFrame, not {type(data).__name__}")
    spec = spec or load_spec()
    limits = limits or Limits()
    values = data.astype(object).where(data.notna(), None)
    rows: list[list[Any]] = [[str(c) for c in data.columns], *map(list, values.itertuples(index=False, name=None))]
    grid = Grid("", rows)
    header = _find_header(grid.rows, spec, limits, grid)
    if header is None:
        why = Text.of(
            "no column names an activity column; the DataFrame's columns are the header row (for example {columns})",
            columns=Listed(tuple(ColumnLabel(c.name) for c in spec.required), quoted=False, style="unit"),
        )
        raise ReadError(Text.of("{file}: {reason}", file=name, reason=why), code="no-activity-table", reason=why)
    reader = _SheetReader(spec, name, grid, False, limits)
    info, frame = reader.read(header)
    return LoadResult(frame=frame, problems=tuple(reader.problems), sheets=(info,), files=(name,))


def _file_messages(problems: Sequence[Problem]) -> tuple[Text, ...]:
    """``file: message`` of each problem, translatable: the lines of a ReadError when nothing can be read."""
    return tuple(Text.of("{file}: {reason}", file=p.file, reason=Message(p)) for p in problems)


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


def check_output(output: str | Path | None, reads: Iterable[str | Path | None] = ()) -> None:
    """Refuse (``OutputError``) an output that is not a regular file path or is any file the command reads.

    ``reads`` are the command's inputs (files, folders or patterns, expanded here) and any other file it reads
    (``--config``, ``--previous``, narrative files). ``None`` and ``"-"`` (standard output) pass.
    """
    if output in (None, "-"):
        return
    from .outputs import check_output_path

    files: list[Path] = []
    for item in reads:
        if item is None:
            continue
        try:
            files.extend(p for p, _ in expand_inputs([item]))
        except ReadError:
            files.append(Path(item))
    check_output_path(Path(str(output)), files)
