"""Where the activity table is in a sheet: its header row(s), its columns, and which rows below are activities.

People put things around their table: titles and instructions above, group headings merged over a second header
row, blank rows between blocks, a totals row, footnotes, a ``Notes:`` block and signatures below, a second small
table beside or under it, an example row copied from the template. This module finds the table among them; rows
that are clearly not activities are skipped, each with a ``not-an-activity`` warning at its cell.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import zipfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from . import defaults
from .headers import HeaderMatcher, RowMatch, match_row
from .i18n import ColumnLabel, Text
from .problems import Problem, column_letter
from .rules import make_problem
from .spec import Spec

#: A header row names at least this many columns with a score of at least STRONG_MATCH (a list of "Allowed
#: sectors", "Allowed regions" is no activity table).
MIN_STRONG_MATCHES = 2
STRONG_MATCH = 0.9

Merged = Sequence[tuple[tuple[int, int], tuple[int, int]]]

# The first words of rows that are totals, notes, footnotes or signatures, not activities (any case).
_TOTAL = re.compile(r"^\W*(?:grand\s+|sub-?\s*|sous-?\s*|gran\s+)?(?:totals?|sum|somme|suma)\b", re.IGNORECASE)
_NOTE = re.compile(
    r"^(?:\*|†|‡|[¹²³]|\(\d{1,2}\)|\[\d{1,2}\]|\d{1,2}\)|"
    r"(?:foot)?notes?\b|n\.?b\.?\b|nota\b|remarques?\b|source|fuente|prepared by|compiled by|approved by|"
    r"submitted by|signed|signature|firma|date\s*:|name\s*:|nom\s*:|contact|focal point|please|veuillez|"
    r"sirvase|end of|fin de|last updated)",
    re.IGNORECASE,
)
_EXAMPLE = re.compile(r"^(?:e\.\s?g\.|example|exemple|ejemplo|sample)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


class FoundHeader(NamedTuple):
    """The header found: its first and last rows (0-based), each column's text and row, and the cells matched."""

    first: int
    last: int
    texts: dict[int, tuple[str, int]]
    match: RowMatch


@dataclass(frozen=True)
class HeaderCell:
    """A header cell of the table: 0-based column, the text as written, the 0-based row it is in, its match score."""

    index: int
    text: str
    row: int
    score: float = 0.0


@dataclass(frozen=True)
class Table:
    """The activity table found in a sheet."""

    first_row: int  # 0-based row of the first header row (the group headings, when there are two)
    header_row: int  # 0-based row of the last header row: activities start below it
    columns: Mapping[str, HeaderCell]
    extra: tuple[HeaderCell, ...]  # header cells of the table that name no column: read, not checked
    problems: tuple[Problem, ...] = ()
    beside: tuple[int, int] | None = None  # columns of another table beside this one, not read
    match: RowMatch | None = field(default=None, repr=False)

    @property
    def width(self) -> int:
        """Columns to look at in each row: up to the table's last header cell."""
        cells = (*self.columns.values(), *self.extra)
        return max((c.index for c in cells), default=-1) + 1


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _spread(rows: Sequence[Sequence[Any]], merged: Merged, row: int, width: int) -> dict[int, str]:
    """The texts of one row (its first ``width`` cells), a merged cell's text repeated over the columns it spans."""
    cells = {j: _text(v) for j, v in enumerate(rows[row][:width]) if _text(v)}
    for (r0, c0), (r1, c1) in merged:
        if r0 <= row <= r1 and c1 > c0:
            value = _text(rows[r0][c0]) if c0 < len(rows[r0]) else ""
            for c in range(c0, min(c1 + 1, width)):
                if value and c not in cells:
                    cells[c] = value
    return cells


def _header_texts(
    rows: Sequence[Sequence[Any]], merged: Merged, top: int, bottom: int, matcher: HeaderMatcher, width: int
) -> dict[int, tuple[str, int]]:
    """Per column, the header text read over rows ``top``..``bottom`` (one or two rows) and the row it came from.

    The lower cell wins when it names a column; a group heading above it is put in front when only together they
    name one ("Dates" over "Start"); a cell merged down over both rows is read from the top.
    """
    if top == bottom:
        return {j: (t, top) for j, t in _spread(rows, merged, top, width).items()}
    upper, lower = _spread(rows, merged, top, width), _spread(rows, merged, bottom, width)
    out: dict[int, tuple[str, int]] = {}
    for j in sorted(set(upper) | set(lower)):
        up, low = upper.get(j, ""), lower.get(j, "")
        if not low:
            out[j] = (up, top)
        elif not up or up == low or matcher.match(low):
            out[j] = (low, bottom)
        elif matcher.match(f"{up} {low}"):
            out[j] = (f"{up} {low}", bottom)
        else:
            out[j] = (low, bottom)
    return out


def _looks_like_data(rows: Sequence[Sequence[Any]], row: int, width: int) -> bool:
    """True when a row holds values a header never has: numbers or dates."""
    return any(isinstance(v, int | float | dt.date) and not isinstance(v, bool) for v in rows[row][:width])


def find_table(
    rows: Sequence[Sequence[Any]],
    spec: Spec,
    merged: Merged = (),
    *,
    search_rows: int = defaults.HEADER_SEARCH_ROWS,
    min_matches: int = defaults.HEADER_MIN_MATCHES,
    max_columns: int = defaults.MAX_COLUMNS,
) -> FoundHeader | None:
    """The header of the activity table: (first row, last row, header texts, columns matched), or None.

    The header is the row naming the most columns (at least ``min_matches``, ``MIN_STRONG_MATCHES`` of them
    strongly) in the first ``search_rows`` rows; the row above or below joins it when together they name more
    columns (group headings merged over a second header row).
    """
    matcher = spec.headers
    best: FoundHeader | None = None
    for i in range(min(len(rows), search_rows)):
        texts = _header_texts(rows, merged, i, i, matcher, max_columns)
        if len(texts) < min_matches:
            continue
        found = match_row(matcher, [texts.get(j, ("", 0))[0] for j in range(max(texts) + 1)])
        strong = sum(c.score >= STRONG_MATCH for c in found.cells.values())
        if (
            len(found.cells) >= min_matches
            and strong >= MIN_STRONG_MATCHES
            and (best is None or len(found.cells) > len(best.match.cells))
        ):
            best = FoundHeader(i, i, texts, found)
    if best is None:
        return None
    i = best.first
    for top, bottom in ((i, i + 1), (i - 1, i)):
        if top < 0 or bottom >= len(rows) or _looks_like_data(rows, bottom, max_columns):
            continue
        texts = _header_texts(rows, merged, top, bottom, matcher, max_columns)
        found = match_row(matcher, [texts.get(j, ("", 0))[0] for j in range(max(texts, default=-1) + 1)])
        if len(found.cells) > len(best.match.cells):
            best = FoundHeader(top, bottom, texts, found)
    return best


def _blocks(indexes: Sequence[int]) -> list[list[int]]:
    """Runs of neighbouring column indexes."""
    out: list[list[int]] = []
    for j in sorted(indexes):
        if out and j == out[-1][-1] + 1:
            out[-1].append(j)
        else:
            out.append([j])
    return out


def build_table(
    found: FoundHeader, spec: Spec, *, file: str, sheet: str, hidden: Collection[int] = frozenset()
) -> Table:
    """The table's columns, its unread header cells and the header problems (conflicts, missing columns).

    ``hidden`` columns (helpers the user does not see) are read when they name a column no visible one does;
    they give no warning.
    """
    top, bottom, texts, _ = found
    matcher = spec.headers

    def matched_in(block: Sequence[int]) -> RowMatch:
        cells = [texts[j][0] if j in texts and j in block else "" for j in range(max(block) + 1)]
        return match_row(matcher, cells, hidden)

    blocks = _blocks(list(texts))
    per_block = [matched_in(b) for b in blocks]
    main_at = max(range(len(blocks)), key=lambda n: (len(per_block[n].cells), -n))
    main = blocks[main_at]
    main_names = set(per_block[main_at].columns.values())
    problems: list[Problem] = []
    beside: tuple[int, int] | None = None
    keep: set[int] = set(main)
    for n, block in enumerate(blocks):
        names = set(per_block[n].columns.values())
        if n == main_at:
            continue
        if names and names <= main_names and block[0] > main[-1]:  # a table beside this one, repeating its headers
            beside = (block[0], block[-1])
            first = block[0]
            problems.append(
                make_problem(
                    "not-an-activity",
                    file=file,
                    sheet=sheet,
                    variant="beside",
                    cell=f"{column_letter(first)}{texts[first][1] + 1}",
                    row=texts[first][1] + 1,
                    value=texts[first][0],
                    columns=f"{column_letter(block[0])}:{column_letter(block[-1])}",
                )
            )
            continue
        keep.update(block)
    match = matched_in(sorted(keep))
    matched = match.columns
    repeated = {j for j, _, _ in match.repeated}
    columns = {
        name: HeaderCell(j, texts[j][0], texts[j][1], match.cells[j].score)
        for j, name in sorted(matched.items())
        if j in keep
    }

    def at_header(j: int) -> dict[str, Any]:
        """Where a problem of header cell j stands, and the values its message names."""
        text, row = texts[j][0], texts[j][1] + 1
        letter = column_letter(j)
        return {"file": file, "sheet": sheet, "cell": f"{letter}{row}", "row": row, "column": text, "value": text,
                "letter": letter, "header": text}  # fmt: skip

    for j, other, name in match.repeated:
        if j in keep and j not in hidden:
            problems.append(
                make_problem(
                    "repeated-column",
                    other_letter=column_letter(other),
                    other=texts[other][0],
                    label=ColumnLabel(name),
                    **at_header(j),
                )
            )
    for j, read, also in match.ambiguous:
        if j in keep and j not in hidden:
            problems.append(
                make_problem("ambiguous-header", label=ColumnLabel(read), other=ColumnLabel(also), **at_header(j))
            )
    unread = [(j, texts[j][0]) for j in sorted(keep) if j not in matched or matched[j] not in columns]
    named: set[int] = set()
    for col in spec.required:
        if col.name in columns:
            continue
        closest = spec.headers.closest(col.name, [(j, t) for j, t in unread if j not in named])
        did_you_mean: Text | str = ""
        if closest is not None:
            named.add(closest[0])
            did_you_mean = Text.of(
                "did you mean column {letter} '{header}'? Rename it, or ",
                letter=column_letter(closest[0]),
                header=closest[1],
            )
        problems.append(
            make_problem(
                "missing-column",
                file=file,
                sheet=sheet,
                row=bottom + 1,
                field=col.name,
                label=ColumnLabel(col.name),
                header_row=bottom + 1,
                help=Text.of(col.help),
                did_you_mean=did_you_mean,
            )
        )
    extra = []
    for j, text in unread:
        cell = HeaderCell(j, text, texts[j][1])
        extra.append(cell)
        if j in named or j in repeated or j in hidden:
            continue
        problems.append(
            make_problem(
                "unknown-column",
                file=file,
                sheet=sheet,
                cell=f"{column_letter(j)}{texts[j][1] + 1}",
                row=texts[j][1] + 1,
                column=text,
                value=text,
                letter=column_letter(j),
                header=text,
                why="it matches no activity column",
            )
        )
    return Table(top, bottom, columns, tuple(extra), tuple(problems), beside, match)


# -- rows ----------------------------------------------------------------------------------------------------


def _filled(row: Sequence[Any], width: int) -> list[int]:
    """The columns of the first ``width`` cells that hold something other than blanks."""
    return [
        j for j, v in enumerate(row[:width]) if v is not None and not (v.__class__ is str and (not v or v.isspace()))
    ]


def _same_text(value: Any, plain: str | None) -> bool:
    """Whether a cell holds ``plain`` (a :func:`_plain` text): the quick test of a copied header or example."""
    if not plain:
        return False
    text = value if value.__class__ is str else _text(value)
    if len(text) < len(plain) or text.lstrip()[:1].casefold() != plain[0]:
        return False
    return _plain(text) == plain


def _plain(value: Any) -> str:
    """A cell's text in lower case with its spaces collapsed: enough to recognise a copied header or example."""
    return " ".join(_text(value).casefold().split())


@dataclass
class _Rows:
    table: Table
    spec: Spec
    file: str
    sheet: str
    merged: Merged
    problems: list[Problem] = field(default_factory=list)

    def skip(self, row0: int, col: int, variant: str, value: Any, **values: Any) -> None:
        text = _text(value)
        self.problems.append(
            make_problem(
                "not-an-activity",
                file=self.file,
                sheet=self.sheet,
                variant=variant,
                cell=f"{column_letter(col)}{row0 + 1}",
                row=row0 + 1,
                value=text[:80] + ("..." if len(text) > 80 else ""),
                **values,
            )
        )


def _is_header(spec: Spec, row: Sequence[Any], width: int, min_matches: int) -> bool:
    """True when a row names activity columns the way a header row does (MIN_STRONG_MATCHES strong matches)."""
    found = match_row(spec.headers, list(row[:width]))
    strong = sum(c.score >= STRONG_MATCH for c in found.cells.values())
    return len(found.cells) >= min_matches and strong >= MIN_STRONG_MATCHES


def _short_label(value: Any) -> bool:
    """A cell that reads like a column heading: short text without digits."""
    return isinstance(value, str) and len(value.strip()) <= 40 and not _DIGIT.search(value)


def _is_example(row: Sequence[Any], cells: Sequence[int], examples: Mapping[int, str]) -> bool:
    """True for the spec's example row copied into the table: most of its free-text cells hold the examples.

    The examples are real activities, so one or two equal cells prove nothing; three quarters of them do.
    """
    compared = [j for j in cells if examples.get(j)]
    same = sum(examples[j] == _plain(row[j]) for j in compared)
    return same >= 3 and same * 4 >= len(compared) * 3


def classify_rows(
    data: Sequence[Sequence[Any]],
    first: int,
    table: Table,
    spec: Spec,
    *,
    file: str,
    sheet: str,
    merged: Merged = (),
    keep_blank: Callable[[int], bool] = lambda _: False,
    min_matches: int = defaults.HEADER_MIN_MATCHES,
    columns: Sequence[Sequence[Any]] | None = None,
) -> tuple[list[int], list[Problem]]:
    """The indexes of ``data`` (grid rows from 0-based row ``first``) that are activities, and the problems of the rest.

    Blank rows are dropped silently (unless ``keep_blank`` says a row holds something the grid shows as blank);
    repeated header rows, totals, notes, signatures, lone text cells under the table, template example rows and
    the rows of a second table under this one are skipped with a ``not-an-activity`` warning.

    ``columns`` is ``data`` transposed (``itertools.zip_longest(*data)``), when the caller has it: the filled cells
    are found column by column and counted in arrays, and a row that no test could skip (most rows) is kept after
    a few checks of its first cell; the others go through every test.
    """
    width = table.width
    state = _Rows(table, spec, file, sheet, merged)
    by_index = {c.index: name for name, c in table.columns.items()}
    headers = {c.index: _plain(c.text) for c in (*table.columns.values(), *table.extra)}
    required = {table.columns[c.name].index for c in spec.required if c.name in table.columns}
    examples = {
        table.columns[c.name].index: _plain(c.example)
        for c in spec.columns
        if c.name in table.columns and c.type not in ("choice", "integer", "date")
    }
    wide = {(r0, c0) for (r0, c0), (_, c1) in merged if c1 > c0}
    # an example row is tested only when a required text cell (ID, title) holds the spec's example
    identity = [table.columns[c.name].index for c in spec.required if c.type == "text" and c.name in table.columns]
    shown = [(j, examples[j]) for j in identity if examples.get(j)]  # the identity cells with an example
    grid = _Filled(data, width, columns, by_index, required)
    # the rows whose identity cells may hold the spec's example, found column by column (None: tested row by row)
    suspects: set[int] | None = set()
    for j, example in shown:
        found = _may_hold(columns[j], example) if columns is not None and j < len(columns) else None
        suspects = None if found is None or suspects is None else suspects | found
    last_activity = grid.last_activity
    keep: list[int] = []
    other_table = False
    gap = False
    notes = False  # under a "Notes:" row, the lines that follow are notes too
    for k, row in enumerate(data):
        count = grid.counts[k]
        row0 = first + k
        if not count:
            if keep_blank(k):
                keep.append(k)
            gap = True
            continue
        lead = grid.leads[k]
        value = row[lead]
        lead_text = _text(value)
        below = k > last_activity
        if other_table:
            if not gap:  # the rows of a table under this one, up to the next blank row
                continue
            other_table = False
        gap = False
        if count >= 4 and not below:  # the tests below cannot skip this row unless its first cells say so
            plain = headers.get(lead)
            if (
                not (plain and len(lead_text) >= len(plain) and lead_text[:1].casefold() == plain[0])
                and not (isinstance(value, str) and len(value.strip()) <= 40 and not _DIGIT.search(value))
                and not _EXAMPLE.match(lead_text)
                and (
                    k not in suspects
                    if suspects is not None
                    else not any(j < len(row) and _same_text(row[j], example) for j, example in shown)
                )
            ):
                keep.append(k)
                continue
        cells = grid.cells(k)
        # cheap tests first: most rows are activities, and each test below is skipped on them in a few steps
        if (
            len(cells) >= 2
            and _same_text(lead_text, headers.get(lead))
            and sum(_same_text(row[j], headers.get(j)) for j in cells) * 2 >= len(cells)
        ):
            state.skip(row0, lead, "header", lead_text)
        elif (
            len(cells) >= min_matches
            and all(_short_label(row[j]) for j in cells)
            and _is_header(spec, row, width, min_matches)
        ):  # another activity table, with columns of its own: its rows cannot be read with the columns above
            state.problems.append(
                make_problem(
                    "second-table",
                    file=file,
                    sheet=sheet,
                    cell=f"{column_letter(lead)}{row0 + 1}",
                    row=row0 + 1,
                    value=lead_text,
                    rows=grid.filled_after(k),
                    first=row0 + 2,
                    last=first + grid.last_filled(k) + 1,
                )
            )
            break
        elif len(cells) <= 3 and _TOTAL.match(lead_text):
            state.skip(row0, lead, "total", lead_text)
        elif len(cells) <= 2 and not grid.activity_like[k] and _NOTE.match(lead_text):
            state.skip(row0, lead, "note", lead_text)
            notes = below
        elif _EXAMPLE.match(lead_text) or (
            any(_same_text(row[j], examples.get(j)) for j in identity if j < len(row))
            and _is_example(row, cells, examples)
        ):
            state.skip(row0, lead, "example", lead_text)
        elif len(cells) == 1 and (
            below
            or (row0, lead) in wide
            or lead_text.endswith(":")
            or (by_index.get(lead) != "title" and len(lead_text) <= 60 and not _DIGIT.search(lead_text))
        ):
            state.skip(row0, lead, "note" if notes and below else "lone", lead_text)
        elif below and len(cells) >= 2 and all(_short_label(row[j]) for j in cells):
            other_table = True
            state.skip(row0, lead, "under", lead_text)
        else:
            keep.append(k)
    return keep, state.problems


def _may_hold(column: Sequence[Any], plain: str) -> set[int] | None:
    """The positions of the cells of a column of texts that may be ``plain`` for :func:`_same_text`; None if unknown.

    A cell is ``plain`` only if its case-folded text holds the first word of ``plain``: that word is searched in
    the column's texts joined and case-folded (at C speed; folding is character by character). A column holding
    other values than texts, or texts holding the separator, is left to the row-by-row test.
    """
    try:
        joined = "\x00".join(column)
    except TypeError:
        return None
    if joined.count("\x00") != len(column) - 1:
        return None
    word = plain.split()[0]
    folded = joined.casefold()
    found: set[int] = set()
    k = last = 0
    at = folded.find(word)
    while at >= 0:
        k += folded.count("\x00", last, at)
        last = at
        found.add(k)
        end = folded.find("\x00", at)
        at = folded.find(word, end) if end >= 0 else -1
    return found


class _Filled:
    """Which of the first ``width`` cells of each row hold something other than blanks, counted in arrays.

    Built column by column (from the transposed rows when given); ``cells(k)`` is :func:`_filled` of row ``k``.
    """

    def __init__(
        self,
        data: Sequence[Sequence[Any]],
        width: int,
        columns: Sequence[Sequence[Any]] | None,
        by_index: Collection[int],
        required: Collection[int],
    ) -> None:
        import numpy as np

        n = len(data)
        if columns is None:
            columns = list(itertools.zip_longest(*(row[:width] for row in data))) if n else []
        mask = np.zeros((max(width, 0), n), dtype=bool)
        for j in range(min(width, len(columns))):
            mask[j] = [v is not None and not (v.__class__ is str and (not v or v.isspace())) for v in columns[j]]
        counts = mask.sum(axis=0)
        named = mask[sorted(j for j in by_index if j < width)].sum(axis=0)
        needed = mask[sorted(j for j in required if j < width)].sum(axis=0)
        like = (named >= 3) & (needed >= 2)
        found = np.flatnonzero(like)
        self._mask = mask
        self._any = counts > 0
        self.counts: list[int] = counts.tolist()
        self.leads: list[int] = mask.argmax(axis=0).tolist() if width > 0 else [0] * n
        self.activity_like: list[bool] = like.tolist()
        self.last_activity = int(found[-1]) if len(found) else -1

    def cells(self, k: int) -> list[int]:
        """The filled columns of row ``k``."""
        import numpy as np

        return [int(j) for j in np.flatnonzero(self._mask[:, k])]

    def filled_after(self, k: int) -> int:
        """How many rows after row ``k`` hold something."""
        return int(self._any[k + 1 :].sum())

    def last_filled(self, k: int) -> int:
        """The last row holding something (``k`` when none does)."""
        import numpy as np

        found = np.flatnonzero(self._any)
        return int(found[-1]) if len(found) else k


# -- hidden columns ------------------------------------------------------------------------------------------

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")


def hidden_columns(path: Path, max_columns: int = defaults.MAX_COLUMNS) -> dict[str, frozenset[int]]:
    """Per sheet name of an xlsx/xlsm workbook, the 0-based indexes of its hidden columns (``<col hidden="1">``).

    Only the start of each sheet's XML is read: the column widths come before the cells. A damaged file gives
    an empty answer (the reader reports the damage itself).
    """
    out: dict[str, frozenset[int]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            workbook = zf.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
            rels = zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
            targets: dict[bytes, str] = {}
            for m in re.finditer(rb"<Relationship\b([^>]*)/?>", rels):
                rel_id, rel_target = re.search(rb'Id="([^"]+)"', m[1]), re.search(rb'Target="([^"]+)"', m[1])
                if rel_id and rel_target:
                    targets[rel_id[1]] = rel_target[1].decode("utf-8", "replace").lstrip("/")
            for m in _SHEET.finditer(workbook):
                name, rid = re.search(rb'name="([^"]*)"', m[1]), re.search(rb'(?:r|\w+):id="([^"]+)"', m[1])
                target = targets.get(rid[1]) if rid else None
                if not name or not target:
                    continue
                member = target if target.startswith("xl/") else f"xl/{target}"
                if member not in names:
                    continue
                with zf.open(member) as fh:
                    head = fh.read(1 << 16).split(b"<sheetData", 1)[0]
                found: set[int] = set()
                for col in _COL.finditer(head):
                    attrs = col[1]
                    low, high = re.search(rb'min="(\d+)"', attrs), re.search(rb'max="(\d+)"', attrs)
                    if low and high and re.search(rb'hidden="(?:1|true)"', attrs):
                        found.update(range(int(low[1]) - 1, min(int(high[1]), max_columns)))
                if found:
                    out[html.unescape(name[1].decode("utf-8", "replace"))] = frozenset(found)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return {}
    return out
