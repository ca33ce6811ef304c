"""The sample inputs: clean submissions validate cleanly; every planted mistake is found at its cell."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from itu_contrib.validation import validate

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"


@pytest.mark.parametrize("year", [2024, 2025])
def test_clean_samples_have_no_problem(year: int) -> None:
    """Each year's sample submissions (xlsx with quirks and csv) read and validate without a single problem."""
    result = validate(INPUTS / str(year), year=year)
    assert [p.location + " " + p.code for p in result.problems] == []
    assert result.stats.files == 4
    assert set(result.frame["sector"]) == {"ITU-R", "ITU-T", "ITU-D", "GS"}


def test_every_planted_mistake_is_found_at_its_cell() -> None:
    """with-problems.xlsx gives exactly the problems its README lists, each at its cell with its code."""
    expected_rows = list(csv.DictReader((INPUTS / "examples" / "with-problems.expected.csv").open(encoding="utf-8")))
    expected = {(r["sheet"], r["cell"], r["code"], r["severity"]) for r in expected_rows}
    result = validate(INPUTS / "examples" / "with-problems.xlsx", year=2025)
    found = {(p.sheet, p.cell, p.code, p.severity.value) for p in result.problems}
    assert found == expected
    assert len(expected) >= 20
