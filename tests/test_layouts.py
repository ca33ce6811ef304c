"""Workbooks laid out the way people lay them out read with no false error and exactly the expected activities.

The files in tests/data/layouts/ are made by its generate.py; each ``NN-name.expected.csv`` was written by hand
before the reader ran on the file. The cases in HELD_OUT were kept out of tuning the reader.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from itu_contrib.validation import validate

LAYOUTS = Path(__file__).resolve().parent / "data" / "layouts"
CASES = sorted(p for p in LAYOUTS.iterdir() if p.suffix in (".xlsx", ".csv") and ".expected" not in p.name)
#: Cases written with the others but never looked at while tuning the reader.
HELD_OUT = frozenset(
    {
        "27-table-off-origin",
        "28-total-and-source",
        "29-hidden-helper-sheet",
        "31-csv-semicolon-title-totals",
        "32-spanish-two-header-rows",
        "33-prefixed-headers",
    }
)


def expected(case: Path) -> list[dict[str, str]]:
    with (LAYOUTS / f"{case.stem}.expected.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_corpus_has_at_least_thirty_cases_each_with_its_expected_activities() -> None:
    """At least 30 workbooks, xlsx and csv, each with a hand-written expected-activities file."""
    assert len(CASES) >= 30
    assert {p.suffix for p in CASES} == {".xlsx", ".csv"}
    for case in CASES:
        assert expected(case), case.name
    assert {p.stem for p in CASES} >= HELD_OUT


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_layout_reads_with_no_false_error_and_exactly_the_expected_activities(case: Path) -> None:
    """The file validates without errors and its activities are exactly those written down by hand, in order."""
    result = validate(case, year=2025)
    assert [f"{p.location} {p.code}: {p.message}" for p in result.errors] == []
    frame = result.frame
    got = [
        {"activity_id": str(i), "title": str(t), "action_lines": ";".join(a), "sdg_goals": ";".join(map(str, g))}
        for i, t, a, g in zip(
            frame["activity_id"], frame["title"], frame["_action_lines"], frame["_sdg_goals"], strict=True
        )
    ]
    assert got == expected(case)
