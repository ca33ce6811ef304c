"""Safe writing of every file the tool writes: atomic replacement, formula neutralisation, safe names."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import math
import os
import re
import secrets
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from itu_contrib.controls import CONTROL_CHARACTERS, escape_controls
from itu_contrib.defaults import LIST_SEPARATOR, MAX_CELL_CHARS
from itu_contrib.errors import OutputError

__all__ = [
    "atomic_path",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_path",
    "clean_cell_text",
    "csv_text",
    "is_dangerous",
    "neutralize",
    "neutralize_frame",
    "quote_sheet_name",
    "remove_stale_temporaries",
    "safe_child",
    "sheet_title",
    "write_csv",
    "write_json",
    "write_xlsx",
]

# --------------------------------------------------------------------------------------------------
# Atomic writes
# --------------------------------------------------------------------------------------------------


def _fsync_path(path: Path) -> None:
    """Flush a written file's data to disk."""
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    """Flush a directory entry (the rename) to disk where the platform allows it."""
    if os.name != "posix":  # pragma: no cover - Windows has no directory fsync
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - unusual filesystems
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse directory fsync
        pass
    finally:
        os.close(fd)


#: Temporary files of this tool: ``.itu-contrib.<pid>.<random>.tmp.<target name>`` (the target's suffix kept).
_TEMP_NAME = re.compile(r"\.itu-contrib\.(\d+)\.[0-9a-f]{12}\.tmp\..*")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive but not ours (PermissionError), or cannot tell: leave its file alone
        return True
    return True


def remove_stale_temporaries(directory: Path) -> list[Path]:
    """Remove this tool's temporary files in ``directory`` left by a process that no longer runs (killed).

    They are recognised by name (``.itu-contrib.<pid>.<random>.tmp.<name>``); a file of a live process is kept.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP_NAME.fullmatch(entry.name)
        if m and int(m.group(1)) != os.getpid() and not _pid_alive(int(m.group(1))):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def _reserve_temp(path: Path) -> Path:
    """Create an empty, uniquely named temporary file next to ``path`` (mode from the umask).

    Temporary files of killed runs beside ``path`` are removed first (see :func:`remove_stale_temporaries`).
    """
    remove_stale_temporaries(path.parent)
    for _ in range(100):
        tmp = path.with_name(f".itu-contrib.{os.getpid()}.{secrets.token_hex(6)}.tmp.{path.name[-80:]}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        os.close(fd)
        return tmp
    raise OutputError(f"cannot create a temporary file next to {path}")  # pragma: no cover


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` atomically.

    The body writes the complete file to the yielded path (for libraries that save to a path).
    On success the file is fsynced and ``os.replace``d onto ``path`` (an existing file keeps its
    permission bits; a symlink at ``path`` is replaced, not written through); on any exception the
    temporary file is removed and ``path`` is left as it was. Parent directories are created.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _reserve_temp(path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        try:
            yield tmp
        except OSError as exc:  # the body failed writing (disk full, file too large, ...)
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        _fsync_path(tmp)
        try:
            mode = path.stat().st_mode & 0o7777 if path.is_file() and not path.is_symlink() else None
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, path)
        except OSError as exc:
            hint = " (is it open in another program?)" if isinstance(exc, PermissionError) else ""
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}{hint}") from exc
        _fsync_dir(path.parent)
    finally:
        # After a successful replace the temporary name no longer exists.
        tmp.unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part."""
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        fh.write(data)


def atomic_write_text(path: Path, text: str | Iterable[str], encoding: str = "utf-8") -> None:
    """Write ``text`` atomically, encoded as given and with its line endings unchanged.

    ``text`` may be given in pieces (an iterable of strings), written one by one: a large document is then never
    held whole.
    """
    if isinstance(text, str):
        atomic_write_bytes(path, text.encode(encoding))
        return
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        for piece in text:
            fh.write(piece.encode(encoding))


# --------------------------------------------------------------------------------------------------
# Formula-injection defence
# --------------------------------------------------------------------------------------------------

#: A text cell is dangerous when it starts with = + - @ (ASCII or full-width), with a tab, CR or LF,
#: or with blanks followed by one of = + - @. Spreadsheet programs may evaluate such text as a formula
#: (including DDE payloads like ``=cmd|' /C calc'!A0``).
_DANGEROUS = re.compile(r"[\t\r\n]|\s*[=+\-@\uff1d\uff0b\uff0d\uff20]")


def is_dangerous(value: object) -> bool:
    """Whether ``value`` is text that a spreadsheet program could evaluate as a formula.

    >>> is_dangerous("=1+1"), is_dangerous("-"), is_dangerous(-5), is_dangerous("a-b")
    (True, True, False, False)
    """
    return isinstance(value, str) and _DANGEROUS.match(value) is not None


def neutralize(value: object) -> object:
    r"""Prefix dangerous text with an apostrophe so no spreadsheet program evaluates it; other values as given.

    Control characters that hide or reorder text (bidi overrides, C0 controls but tab and line ends) are shown as
    escapes first (``\u202e``, ``\x1b``), as in the terminal output.

    Following OWASP's advice every text starting with = + - @, a tab or a carriage return (and, to be
    safe, a line feed, the full-width forms of those signs, or blanks followed by them) is prefixed,
    including harmless text such as ``"-"`` or ``"- bullet"`` and numbers held as text (``"-5"``):
    telling safe from unsafe text is what attackers exploit. Numbers, dates and ``None`` are untouched.

    >>> neutralize("=cmd|' /C calc'!A0"), neutralize("@SUM(A1)"), neutralize("- bullet")
    ("'=cmd|' /C calc'!A0", "'@SUM(A1)", "'- bullet")
    >>> neutralize(-5), neutralize("plain"), neutralize("'=already")
    (-5, 'plain', "'=already")
    """
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        value = escape_controls(value)
    if is_dangerous(value):
        return "'" + str(value)
    return value


def _neutralize_series(s: pd.Series) -> pd.Series:
    """``neutralize`` over one text-holding column, vectorised."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        s = s.astype(object)
    if not (pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype)):
        return s
    try:
        controls = s.str.contains(CONTROL_CHARACTERS, na=False).astype(bool)
    except (AttributeError, TypeError):  # an object column holding no text at all
        return s
    if controls.any():
        s = s.copy()
        s[controls] = s[controls].map(lambda v: escape_controls(str(v)))
    mask = s.str.match(_DANGEROUS, na=False).astype(bool)
    if not mask.any():
        return s
    out = s.copy()
    out[mask] = "'" + s[mask].astype(str)
    return out


def neutralize_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell and text column label neutralised (see ``neutralize``).

    Numeric, boolean and date columns are returned as they are; object columns mixing text with other
    values only have their text changed.
    """
    out = df.copy(deep=False)
    for i in range(df.shape[1]):
        col = df.iloc[:, i]
        new = _neutralize_series(col)
        if new is not col:
            out.isetitem(i, new.array)
    out.columns = pd.Index([neutralize(c) for c in df.columns], dtype=object)
    return out


# --------------------------------------------------------------------------------------------------
# Names: sheet titles, child file names, output-over-input guard
# --------------------------------------------------------------------------------------------------

_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
_SHEET_MAX = 31


def sheet_title(name: str, taken: Sequence[str] = ()) -> str:
    r"""A valid Excel sheet name made from ``name`` and unique (case-insensitively) among ``taken``.

    Excel's rules: 1-31 characters, none of ``[ ] : * ? / \\``, not starting or ending with an
    apostrophe, and not ``History`` (reserved).

    >>> sheet_title("a/b: [c]?"), sheet_title("Data", ["data"]), sheet_title("x" * 40)[-3:], sheet_title("")
    ('a_b_ _c__', 'Data (2)', 'xxx', 'Sheet')
    """
    title = _SHEET_BAD.sub("_", str(name)).strip().strip("'").strip()
    title = title[:_SHEET_MAX].strip() or "Sheet"
    if title.casefold() == "history":
        title += "_"
    lowered = {t.casefold() for t in taken}
    if title.casefold() not in lowered:
        return title
    n = 2
    while True:
        tail = f" ({n})"
        candidate = title[: _SHEET_MAX - len(tail)].rstrip().rstrip("'") + tail
        if candidate.casefold() not in lowered:
            return candidate
        n += 1


def quote_sheet_name(title: str) -> str:
    """A sheet name quoted for a formula or hyperlink location (apostrophes doubled).

    >>> quote_sheet_name("Bob's data")
    "'Bob''s data'"
    """
    return "'" + title.replace("'", "''") + "'"


_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]}
)
_NAME_BAD = re.compile(r"[^\w.\-]+")
_STEM_MAX_CHARS = 100
_STEM_MAX_BYTES = 200


def safe_child(directory: Path, name: str, suffix: str) -> Path:
    r"""A path ``directory / <safe name><suffix>`` derived from an untrusted name; always inside ``directory``.

    Path separators, ``..``, control and punctuation characters become ``_``; leading dots and
    trailing dots/spaces are dropped; Windows device names (``CON``, ``LPT1``...) get a ``_`` prefix;
    the name is capped at 100 characters. Different names can map to the same child: callers writing
    several files de-duplicate them.

    >>> safe_child(Path("out"), "../../etc/passwd", ".csv").as_posix()
    'out/etc_passwd.csv'
    >>> safe_child(Path("out"), "CON", ".csv").name, safe_child(Path("out"), "a/b\\c", ".csv").name
    ('_CON.csv', 'a_b_c.csv')
    """
    if suffix and not re.fullmatch(r"(\.[A-Za-z0-9_-]+)+", suffix):
        raise ValueError(f"invalid file suffix {suffix!r}")
    stem = unicodedata.normalize("NFKC", str(name))
    stem = _NAME_BAD.sub("_", stem).lstrip("._-").rstrip(". ")
    stem = re.sub(r"_{2,}", "_", stem)[:_STEM_MAX_CHARS]
    while len(stem.encode("utf-8")) > _STEM_MAX_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(". ") or "_"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    child = Path(directory) / f"{stem}{suffix}"
    if child.parent != Path(directory) or os.sep in child.name or (os.altsep and os.altsep in child.name):
        raise OutputError(f"unsafe output name derived from {name!r}")  # pragma: no cover - by construction
    return child


def check_output_path(output: Path, inputs: Sequence[Path]) -> None:
    """Raise ``OutputError`` when ``output`` cannot be written as a regular file or is one of ``inputs``.

    A device, FIFO, socket or folder at ``output`` is refused (it would be replaced by a regular file), and so is
    any file the command reads (same path, symlink or hard link): inputs, a previous year, the config file.
    """
    out = Path(output)
    try:
        st = out.stat()
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (a device, pipe or socket)"
        raise OutputError(f"refusing to write {out}: it is {kind}; choose a file path")
    out_resolved = out.resolve()
    for inp in inputs:
        src = Path(inp)
        same = out_resolved == src.resolve()
        if not same:
            try:
                same = out.exists() and src.exists() and os.path.samefile(out, src)
            except OSError:
                same = False
        if same:
            raise OutputError(f"refusing to write {out}: it is the input {src}; choose another output path")


# --------------------------------------------------------------------------------------------------
# Cell values for CSV/XLSX
# --------------------------------------------------------------------------------------------------

#: Characters XML 1.0 (so xlsx) cannot hold; openpyxl refuses them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_cell_text(text: str) -> str:
    r"""Text an xlsx cell can hold: characters XML forbids become U+FFFD, over-long text is cut.

    >>> clean_cell_text("a\x00b") == "a\ufffdb"
    True
    """
    text = _ILLEGAL_XML.sub("\ufffd", str(text))
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text


def _is_missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA (scalars only)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _join_list(value: object) -> object:
    """Multi-valued cells (tuples, lists, sets) as text joined by the list separator."""
    if isinstance(value, tuple | list):
        return f"{LIST_SEPARATOR} ".join(str(v) for v in value)
    if isinstance(value, set | frozenset):
        return f"{LIST_SEPARATOR} ".join(sorted(str(v) for v in value))
    return value


def _prepare_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as written: multi-valued cells joined, date-only datetimes as dates, text neutralised."""
    out = df.copy(deep=False)
    for i in range(df.shape[1]):
        col = df.iloc[:, i]
        if pd.api.types.is_object_dtype(col.dtype):
            if col.map(lambda v: isinstance(v, tuple | list | set | frozenset)).any():
                out.isetitem(i, col.map(_join_list).array)
        elif isinstance(col.dtype, pd.DatetimeTZDtype):
            out.isetitem(i, col.dt.tz_convert("UTC").dt.tz_localize(None).array)
    return neutralize_frame(out)


def _xlsx_value(value: object) -> object:
    """One value as openpyxl can write it: missing as None, numpy scalars unwrapped, text cleaned."""
    if _is_missing(value):
        return None
    if isinstance(value, str):
        return clean_cell_text(str(value))
    if isinstance(value, bool | int | Decimal):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return value
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return _xlsx_value(item())
    return clean_cell_text(str(neutralize(str(_join_list(value)))))


def _column_width(header: object, values: pd.Series) -> float:
    """A readable column width from the header and the first values (8 to 60 characters)."""
    sample = values.head(1000)
    lengths = [len(str(v)) for v in sample if not _is_missing(v)]
    longest = max([len(str(header)), *lengths])
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        longest = max(longest, 19)
    return float(min(60, max(8, longest + 2)))


# --------------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------------


def write_csv(df: pd.DataFrame, path: Path, *, encoding: str = "utf-8") -> None:
    """Write ``df`` as RFC 4180 CSV (no index, CRLF line ends), neutralised, atomically.

    CRLF line ends make the csv module quote any cell holding a CR or LF, so no cell splits a row.
    Multi-valued cells are joined with ``"; "``. Pass ``encoding="utf-8-sig"`` for a file Excel opens
    with accents intact.
    """
    text = _prepare_frame(df).to_csv(index=False, lineterminator="\r\n")
    atomic_write_text(path, text, encoding=encoding)


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: Path) -> None:
    """Write each frame as a sheet of one xlsx workbook, atomically.

    Cells are neutralised; the header row is bold and frozen with an autofilter; columns get widths
    from their content; sheet names are made valid and unique for Excel (see ``sheet_title``). The workbook is
    streamed a slice of rows at a time (``itu_contrib.xlsx``): 200,000 rows take seconds, not minutes.
    """
    from itu_contrib.xlsx import write_workbook

    taken: list[str] = []
    prepared_sheets = []
    for name, df in sheets.items():
        title = sheet_title(name, taken)
        taken.append(title)
        prepared = _prepare_frame(df)
        widths = [_column_width(prepared.columns[i], prepared.iloc[:, i]) for i in range(prepared.shape[1])]
        header = [str(_xlsx_value(str(label))) for label in prepared.columns]
        prepared_sheets.append((title, prepared, header, widths))
    with atomic_path(path) as tmp:
        write_workbook(tmp, prepared_sheets, _xlsx_value)


def _jsonable(obj: Any) -> Any:
    """``obj`` as plain JSON values: dates ISO, paths and enums as text, NaN/NA as null, sets sorted."""
    if obj is None or isinstance(obj, bool | int | str):
        return obj.value if isinstance(obj, enum.Enum) else obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, enum.Enum):
        return _jsonable(obj.value)
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, pd.DataFrame):
        return [_jsonable(r) for r in obj.to_dict(orient="records")]
    if isinstance(obj, pd.Series):
        return [_jsonable(v) for v in obj.tolist()]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        to_dict = getattr(obj, "to_dict", None)
        return _jsonable(to_dict() if callable(to_dict) else dataclasses.asdict(obj))
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, set | frozenset):
        return sorted((_jsonable(v) for v in obj), key=lambda v: (str(type(v)), str(v)))
    if _is_missing(obj):
        return None
    if isinstance(obj, dt.datetime | dt.date | dt.time):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return float(obj) if obj.is_finite() else None
    if isinstance(obj, Path):
        return obj.as_posix()
    item = getattr(obj, "item", None)  # numpy scalars
    if callable(item):
        return _jsonable(item())
    return str(obj)


def write_json(obj: object, path: Path) -> None:
    """Write ``obj`` as UTF-8 JSON (indented, strictly valid: no NaN), atomically.

    Dataclasses (``Problem`` via its ``to_dict``), frames (as records), dates, paths, enums, sets and
    numpy scalars are converted; anything else is written as its ``str``.
    """
    text = json.dumps(_jsonable(obj), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    atomic_write_text(path, text)


def csv_text(fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as CSV text (for standard output), every cell neutralised against formula injection."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralize(v) for k, v in row.items()})
    return buf.getvalue()
