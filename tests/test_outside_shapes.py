"""Submissions in the shapes other people and other tools produce read as a person reading them would.

The files in tests/data/outside/ are made by its generate.py (pandas, Excel-like CSV/TSV/UTF-16 exports, openpyxl
workbooks shaped like Google Forms, database dumps, Excel tables) or saved by LibreOffice from a source kept beside
them. Each ``NN-name.expected.json`` was written by hand before the tool ran on the file: the activities (row, id,
codes, values) and every problem by code and cell. Hints drawn from the text (``action-line-contradicted``,
``sdg-not-in-matrix``) are left out: they depend on the wording, not on the shape. The cases in HELD_OUT were kept
out of every fix made to the reader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from itu_contrib.validation import validate

OUTSIDE = Path(__file__).resolve().parent / "data" / "outside"
CASES = sorted(
    p for p in OUTSIDE.iterdir() if p.is_file() and ".expected" not in p.name and ".source" not in p.name
    and p.suffix != ".py"
)  # fmt: skip
#: Cases written with the others but never looked at while fixing the reader.
HELD_OUT = frozenset(
    {
        "03-excel-unicode-text",
        "07-libreoffice-ods-offset-title-logo",
        "09-pivot-summary-then-data",
        "12-hidden-helper-notes-right",
        "19-excel-csv-trailing-separators",
        "20-excel-table-column1-totals",
        # the second round, written after the fixes to see whether they generalise
        "21-google-forms-french",
        "22-excel-es-semicolon-cp1252",
        "23-pandas-multiindex-columns",
    }
)
#: Held out, failed on its first run (headers 'al_codes', 'sdg_codes' read as the activity ID), then fixed by a rule
#: (a "code" qualifier names a coded column): it is tuned now.
SEEN = frozenset({"24-database-export-lowercase", "16-urls-and-countries"})
# 16, held out, failed (a country named twice in two spellings was kept twice) and was then fixed: it is tuned now.
# 19 (held out) was read with a needless ambiguous-date warning, as was 02 (tuned); the fix made for 02 (the sheet's
# own unambiguous dates decide day and month, dates.numeric_order) made 19 pass too, untouched.
#: Cases the reader does not yet read as written down, and why (strict: a fix makes the test say so).
KNOWN_GAPS = {
    "20-excel-table-column1-totals": "Excel's placeholder header 'Column1' over an empty column is an unknown-column "
    "warning",
    "21-google-forms-french": "the French question 'Quels ODD sont concernés ?' matches no column (two extra words "
    "outweigh 'ODD')",
}
#: Hints from the text, which depend on the wording rather than on the shape of the file.
TEXT_HINTS = frozenset({"action-line-contradicted", "sdg-not-in-matrix"})


def expected(case: Path) -> dict[str, Any]:
    return dict(json.loads((OUTSIDE / f"{case.stem}.expected.json").read_text(encoding="utf-8")))


def _cell(value: Any) -> Any:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, tuple):
        return ";".join(sorted(map(str, value), key=lambda v: (len(v) if v.isdigit() else 0, v)))
    if hasattr(value, "item"):  # numpy and pandas scalars
        return value.item()
    return value


def activities(frame: pd.DataFrame, keys: set[str]) -> list[dict[str, Any]]:
    """Each activity as the expected files write it: codes sorted and joined with ';', dates ISO, blanks ''."""
    source = {"action_lines": "_action_lines", "sdg_goals": "_sdg_goals", "countries": "_countries", "row": "_row"}
    rows = []
    for _, row in frame.iterrows():
        rows.append({key: _cell(row[source.get(key, key)]) for key in sorted(keys)})
    return rows


def test_the_corpus_has_twenty_four_cases_each_with_its_expectation_and_a_held_out_part() -> None:
    """Twenty-four files of at least six kinds, each with a hand-written expectation; a third or more held out."""
    assert len(CASES) == 24
    assert len({p.suffix for p in CASES}) >= 6
    assert {p.stem for p in CASES} >= HELD_OUT
    assert 6 <= len(HELD_OUT) <= 12
    assert not SEEN & HELD_OUT
    for case in CASES:
        assert expected(case)["activities"], case.name
        assert case.stat().st_size < 50_000, case.name


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(p, marks=pytest.mark.xfail(reason=KNOWN_GAPS[p.stem], strict=True)) if p.stem in KNOWN_GAPS else p
        for p in CASES
    ],
    ids=[p.stem for p in CASES],
)
def test_outside_shape_reads_as_written_down_by_hand(case: Path) -> None:
    """The file's activities and problems (code and cell) are exactly those written down before the tool ran."""
    want = expected(case)
    result = validate(case, year=2025)
    problems = sorted(f"{p.code} {p.cell or ''}".strip() for p in result.problems if p.code not in TEXT_HINTS)
    keys = {key for activity in want["activities"] for key in activity}
    frame = result.frame
    assert set(frame["_sheet"]) <= {want["sheet"]}
    got = activities(frame, keys)
    wanted = [{key: activity.get(key, got_row.get(key)) for key in sorted(keys)} for activity, got_row in
              zip(want["activities"], got + [{}] * len(want["activities"]), strict=False)]  # fmt: skip
    assert (got, problems) == (wanted, sorted(want["problems"]))
