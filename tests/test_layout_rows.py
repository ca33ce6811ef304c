"""Row classification counted column by column gives what the row-by-row tests give."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from typing import Any

from builders import activity
from hypothesis import event, given, settings
from hypothesis import strategies as st

from itu_contrib import defaults
from itu_contrib.layout import (
    _DIGIT,
    _EXAMPLE,
    _NOTE,
    _TOTAL,
    Merged,
    Table,
    _Filled,
    _filled,
    _is_example,
    _is_header,
    _plain,
    _Rows,
    _same_text,
    _short_label,
    _text,
    build_table,
    classify_rows,
    find_table,
)
from itu_contrib.problems import Problem, column_letter
from itu_contrib.rules import make_problem
from itu_contrib.spec import Spec, load_spec

_CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "\u00a0", "\t\n", "x", " y ", "Total", "0"]),
    st.text(max_size=3),
    st.floats(allow_nan=True),
    st.integers(-5, 5),
    st.booleans(),
    st.just(dt.date(2025, 1, 1)),
)


class _Text(str):
    """A subclass of str: _filled never calls it blank."""


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.lists(_CELLS, max_size=7), max_size=12),
    st.integers(0, 8),
    st.sets(st.integers(0, 7)),
    st.sets(st.integers(0, 7)),
    st.booleans(),
)
def test_filled_by_columns_is_filled_by_rows(
    rows: list[list[Any]], width: int, named: set[int], required: set[int], transposed: bool
) -> None:
    """Cells, counts, first cells and the activity-like rows are those of _filled row by row."""
    rows = [[_Text(v) if v == "" and (k + j) % 5 == 0 else v for j, v in enumerate(r)] for k, r in enumerate(rows)]
    columns = list(itertools.zip_longest(*rows)) if transposed else None
    grid = _Filled(rows, width, columns, named, required)
    expected = [_filled(row, width) for row in rows]
    assert [grid.cells(k) for k in range(len(rows))] == expected
    assert grid.counts == [len(f) for f in expected]
    assert [grid.leads[k] for k, f in enumerate(expected) if f] == [f[0] for f in expected if f]
    like = [len([j for j in f if j in named]) >= 3 and len([j for j in f if j in required]) >= 2 for f in expected]
    assert grid.activity_like == like
    assert grid.last_activity == max((k for k, a in enumerate(like) if a), default=-1)
    for k, f in enumerate(expected):
        if f:
            assert grid.filled_after(k) == sum(bool(g) for g in expected[k + 1 :])
            assert grid.last_filled(k) == max(m for m, g in enumerate(expected) if g)


# classify_rows before the columns: the reference the faster one must agree with, row for row and problem for problem
def _reference_classify(
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
) -> tuple[list[int], list[Problem]]:
    """classify_rows as it was before it counted cells column by column: row by row, every test on every row."""
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
    filled = [_filled(row, width) for row in data]
    activity_like = [
        len([j for j in f if j in by_index]) >= 3 and len([j for j in f if j in required]) >= 2 for f in filled
    ]
    last_activity = max((k for k, a in enumerate(activity_like) if a), default=-1)
    keep: list[int] = []
    other_table = False
    gap = False
    notes = False  # under a "Notes:" row, the lines that follow are notes too
    for k, row in enumerate(data):
        cells = filled[k]
        row0 = first + k
        if not cells:
            if keep_blank(k):
                keep.append(k)
            gap = True
            continue
        lead = cells[0]
        lead_text = _text(row[lead])
        below = k > last_activity
        if other_table:
            if not gap:  # the rows of a table under this one, up to the next blank row
                continue
            other_table = False
        gap = False
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
            rows = sum(bool(f) for f in filled[k + 1 :])
            state.problems.append(
                make_problem(
                    "second-table",
                    file=file,
                    sheet=sheet,
                    cell=f"{column_letter(lead)}{row0 + 1}",
                    row=row0 + 1,
                    value=lead_text,
                    rows=rows,
                    first=row0 + 2,
                    last=first + max((m for m, f in enumerate(filled) if f), default=k) + 1,
                )
            )
            break
        elif len(cells) <= 3 and _TOTAL.match(lead_text):
            state.skip(row0, lead, "total", lead_text)
        elif len(cells) <= 2 and not activity_like[k] and _NOTE.match(lead_text):
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


_SPEC = load_spec()
_HEADER = [_SPEC.label(name) for name in _SPEC.names]
_WORDS = [
    *_HEADER, *(c.example for c in _SPEC.columns), "Total", "Grand total", "Notes:", "* footnote", "Example", "e.g. x",
    "Prepared by: me", "Activity ID", "Title", "Sector", "Allowed sectors", "ITU-D-2025-0001", "A second thing", "",
    " ", "Comments", "Region", "Name:", "Total 2025", "Sum of 12 activities", "(1) source: ITU, 2024", "e.g. 12",
]  # fmt: skip
_VALUES = st.one_of(
    st.sampled_from(_WORDS), st.none(), st.floats(0, 3000, allow_nan=False), st.just(dt.date(2025, 3, 1))
)


_ROWS = st.one_of(
    st.lists(_VALUES, max_size=16),
    st.lists(st.sampled_from([*_WORDS[-4:], "x", "Kenya", 12.0, None, ""]), min_size=1, max_size=5),
    st.builds(lambda n, cut: activity(n)[:cut], st.integers(1, 99), st.integers(0, 16)),
    st.builds(lambda cut: [c.example for c in _SPEC.columns][:cut], st.integers(0, 16)),
    st.builds(lambda cut: list(_HEADER)[cut:], st.integers(0, 6)),
    st.just(["Activity ID", "Title", "Sector", "Region"]),
    st.just([None, "Title of activity", "Sector", "Start date", "Comments"]),
)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(_ROWS, max_size=14),
    st.lists(st.integers(0, 13), max_size=4),
    st.lists(st.tuples(st.integers(0, 13), st.integers(0, 15), st.integers(0, 3), st.integers(0, 3)), max_size=3),
)
def test_classify_rows_gives_what_the_row_by_row_tests_give(
    body: list[list[Any]], blank_kept: list[int], merges: list[tuple[int, int, int, int]]
) -> None:
    """Kept rows and not-an-activity or second-table problems are those of the reference, with or without columns."""
    rows: list[list[Any]] = [list(_HEADER), *body]
    found = find_table(rows, _SPEC)
    assert found is not None
    table = build_table(found, _SPEC, file="f.xlsx", sheet="S")
    data = rows[table.header_row + 1 :]
    merged = [((r + 1, c), (r + 1 + dr, c + dc)) for r, c, dr, dc in merges]
    first = table.header_row + 1
    options: dict[str, Any] = {"file": "f.xlsx", "sheet": "S", "merged": merged, "keep_blank": blank_kept.__contains__}
    keep, problems = _reference_classify(data, first, table, _SPEC, **options)
    expected = (keep, [p.to_dict() for p in problems])
    for columns in (None, list(itertools.zip_longest(*data))):
        keep, problems = classify_rows(data, first, table, _SPEC, columns=columns, **options)
        assert (keep, [p.to_dict() for p in problems]) == expected
    event(f"skipped {len(expected[1]) > 0}, second {any(p['code'] == 'second-table' for p in expected[1])}")
