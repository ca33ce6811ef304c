"""Columns of texts and whole numbers converted in bulk give what the cell-by-cell conversion gives."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itu_contrib import layout, reading
from itu_contrib.controls import CONTROL_CHARACTERS, may_hold_controls
from itu_contrib.reading import (
    _cells_holding,
    _clean_texts,
    _joined,
    _longer_than,
    _transpose,
    _whole_numbers,
    clean_text,
    load_frame,
)

_TEXTS = st.text(alphabet=" \t\n\r\u00a0\u2007\u202f\u200b\ufeff\x00\x1b\u202e#aZé\u3000\x0b", max_size=8)


class _Text(str):
    """A subclass of str, as a DataFrame may hold."""


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(_TEXTS, _TEXTS.map(_Text)), max_size=30))
def test_texts_tidied_in_bulk_are_tidied_cell_by_cell(cells: list[str]) -> None:
    """clean_text of each cell, whether the column is joined (short texts) or not; controls found the same."""
    joined = _joined(cells)
    assert _clean_texts(cells, joined) == [clean_text(v) for v in cells]
    if joined is not None:
        assert may_hold_controls(joined, separator="\x00") == any(CONTROL_CHARACTERS.search(v) for v in cells)
        assert _cells_holding(joined) >= {k for k, v in enumerate(cells) if v.strip() and clean_text(v) != v.strip()}


def test_long_texts_and_other_values_are_not_joined() -> None:
    """Long texts, values that are not texts and texts holding NUL go cell by cell."""
    assert _joined(["x" * 100] * 3) is None
    assert _joined(["a", 1.0]) is None
    assert _joined(["a", "b\x00c"]) is None
    assert _joined(["a", " b "]) == "a\x00 b "


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.integers(-(10**10), 10**10).map(float),
            st.integers(-5, 5),
            st.booleans(),
            st.just("2025"),
        ),
        max_size=10,
    )
)
def test_whole_numbers_are_those_read_as_integers_without_a_problem(cells: list[Any]) -> None:
    """The array holds int(value) of each cell exactly when every cell is a float holding a whole number below 1e9."""
    whole = _whole_numbers(cells)
    plain = bool(cells) and all(v.__class__ is float and v.is_integer() and abs(v) < 1e9 for v in cells)
    assert (whole is not None) == plain
    if whole is not None:
        assert whole.tolist() == [int(v) for v in cells]


_CELLS = st.one_of(
    st.none(),
    st.text(max_size=2),
    st.floats(allow_nan=False),
    st.tuples(st.integers(), st.integers()),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_CELLS, max_size=4), max_size=6), st.booleans())
def test_transposed_rows_are_zip_longest(rows: list[list[Any]], square: bool) -> None:
    """Columns of rows of one length (through numpy) or not, cells holding sequences included, as zip_longest."""
    if square:
        width = max(map(len, rows), default=0)
        rows = [row + [None] * (width - len(row)) for row in rows]
    columns = _transpose(rows)
    expected = list(itertools.zip_longest(*rows))
    assert [tuple(c) for c in columns] == expected
    assert all(a is b for c, e in zip(columns, expected, strict=True) for a, b in zip(c, e, strict=True))


_DATES = ["2025-03-01", "01/02/2025", "15/03/2025", "03/15/2025", "ongoing", "next spring", "#N/A", "Q2 2025", ""]
_YEARS = ["2025", "2025.0", "twenty", "", " ", "1e9"]
_ANY = st.one_of(
    st.none(),
    st.sampled_from([*_DATES, *_YEARS, "  x  y ", "a\tb", "#REF!", "x\u202ey", "17.1"]),
    st.floats(allow_nan=True, allow_infinity=False),
    st.integers(-(10**10), 10**10),
    st.booleans(),
    st.dates(dt.date(1950, 1, 1), dt.date(2150, 1, 1)),
    st.datetimes(dt.datetime(1950, 1, 1), dt.datetime(2150, 1, 1)),
)


_DATE_CELLS = st.one_of(
    st.none(),
    st.sampled_from(_DATES),
    st.dates(dt.date(1950, 1, 1), dt.date(2150, 1, 1)),
    st.datetimes(dt.datetime(1950, 1, 1), dt.datetime(2150, 1, 1)),
)
_YEAR_CELLS = st.one_of(st.none(), st.sampled_from(_YEARS), st.floats(allow_nan=True), st.integers(-(10**10), 10**10))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_ANY, _YEAR_CELLS, _DATE_CELLS, _DATE_CELLS, _ANY, _ANY), min_size=1, max_size=12))
def test_columns_read_in_bulk_are_read_cell_by_cell(rows: list[tuple[Any, ...]]) -> None:
    """The frame and the problems are those of the cell-by-cell reading (every bulk path turned off)."""
    table = pd.DataFrame(rows, columns=["Activity ID", "Reporting year", "Start date", "End date", "SDGs", "Title"])
    fast = load_frame(table)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading._SheetReader, "_by_value", lambda *_: None)
        patch.setattr(reading, "_joined", lambda _: None)
        patch.setattr(reading, "_whole_numbers", lambda _: None)
        patch.setattr(reading, "_transpose", lambda rows: list(itertools.zip_longest(*rows)))
        patch.setattr(layout, "_may_hold", lambda *_: None)
        patch.setattr(reading, "_distinct_texts", lambda columns: [v for c in columns for v in c if v.__class__ is str])
        slow = load_frame(table)
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert [p.to_dict() for p in fast.problems] == [p.to_dict() for p in slow.problems]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(alphabet="ab ", max_size=12), min_size=1, max_size=12), st.integers(0, 10))
def test_a_cell_too_long_is_found_in_the_joined_texts(cells: list[str], limit: int) -> None:
    """_longer_than says whether a cell is longer than the limit, as the cells' lengths do."""
    assert _longer_than("\x00".join(cells), limit) == (max(map(len, cells)) > limit)
