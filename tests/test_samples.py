"""The sample inputs: clean submissions validate cleanly; every planted mistake is found at its cell."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders import load_module

from itu_contrib.rules import RULES
from itu_contrib.spec import load_spec
from itu_contrib.validation import validate

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
GENERATED = ("2024", "2025", "examples")  # the directories inputs/generate.py writes


@pytest.mark.parametrize("year", [2024, 2025])
def test_clean_samples_have_no_problem(year: int) -> None:
    """Each year's samples (xlsx with quirks and csv) validate without a problem but the tag-stage hints."""
    result = validate(INPUTS / str(year), year=year)
    tag_stage = {r.code for r in RULES if r.stage == "tag"}
    assert [p.location + " " + p.code for p in result.problems if p.code not in tag_stage] == []
    assert all(p.severity.value == "warning" for p in result.problems)
    assert result.stats.files == 4
    assert set(result.frame["sector"]) == set(load_spec().sectors)


def test_every_planted_mistake_is_found_at_its_cell() -> None:
    """with-problems.xlsx gives exactly the problems its README lists, each at its cell with its code."""
    expected_rows = list(csv.DictReader((INPUTS / "examples" / "with-problems.expected.csv").open(encoding="utf-8")))
    expected = {(r["sheet"], r["cell"], r["code"], r["severity"]) for r in expected_rows}
    result = validate(INPUTS / "examples" / "with-problems.xlsx", year=2025)
    tag_stage = {r.code for r in RULES if r.stage == "tag"}  # hints from the text, listed by `tag` too
    found = {(p.sheet, p.cell, p.code, p.severity.value) for p in result.problems if p.code not in tag_stage}
    assert found == expected
    assert len(expected) >= 20


def _workbook_content(path: Path) -> list[Any]:
    """What a reader of a workbook sees: per sheet its name, state, cells, formats, merged cells and drop-downs."""
    wb = openpyxl.load_workbook(path)
    content: list[Any] = []
    for ws in wb.worksheets:
        cells = [[(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
        merged = sorted(str(r) for r in ws.merged_cells.ranges)
        lists = [(str(v.sqref), v.formula1) for v in ws.data_validations.dataValidation]
        content.append((ws.title, ws.sheet_state, ws.freeze_panes, cells, merged, lists))
    return content


def test_generator_writes_the_committed_samples(tmp_path: Path) -> None:
    """inputs/generate.py, run on inputs/data/, writes exactly the committed samples (same cells, same CSV bytes)."""
    generate = load_module("inputs_generate", INPUTS / "generate.py")
    generate.generate(tmp_path)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(INPUTS) for d in GENERATED for p in (INPUTS / d).rglob("*") if p.is_file())
    assert written == committed
    for name in committed:
        if name.suffix == ".xlsx":
            assert _workbook_content(tmp_path / name) == _workbook_content(INPUTS / name), name
        else:
            assert (tmp_path / name).read_bytes() == (INPUTS / name).read_bytes(), name
