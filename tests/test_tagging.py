"""Tagging: canonical codes, ITU's role per action line, SDG rings, custodian indicators, tidy outputs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from builders import HEADER, activity, write_xlsx

from itu_contrib.cli import main
from itu_contrib.tagging import COLUMNS, tag

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = [
    "activity_id",
    "year",
    "sector",
    "title",
    "action_lines",
    "action_line_roles",
    "sdg_goals",
    "sdg_targets",
    "sdg_indicators",
    "ring",
    "custodian_indicators",
    "suggested_action_lines",
    "suggested_sdg_goals",
    "source_file",
    "source_sheet",
    "source_row",
]


@pytest.fixture(scope="module")
def tagged_2025() -> object:
    """The 2025 sample inputs, tagged without suggestions."""
    return tag(ROOT / "inputs" / "2025", year=2025, suggest=False)


def by_id(result: object, activity_id: str) -> dict[str, object]:
    acts = result.activities  # type: ignore[attr-defined]
    rows = acts[acts["activity_id"] == activity_id].to_dict(orient="records")
    assert len(rows) == 1, activity_id
    return rows[0]  # type: ignore[no-any-return]


def test_columns_follow_the_contract(tagged_2025: object) -> None:
    """The tagged table starts with exactly the published columns, in order."""
    assert list(COLUMNS[: len(CONTRACT)]) == CONTRACT
    assert list(tagged_2025.activities.columns[: len(CONTRACT)]) == CONTRACT  # type: ignore[attr-defined]
    assert len(tagged_2025.activities) == 55  # type: ignore[attr-defined]


def test_hand_checked_activities(tagged_2025: object) -> None:
    """Known sample activities carry the tags, roles, rings and custodian flags checked by hand."""
    gci = by_id(tagged_2025, "ITU-D-0003")
    assert gci["action_lines"] == ("C5",)
    assert gci["action_line_roles"] == ("sole facilitator",)
    assert gci["sdg_goals"] == (9, 16, 17)
    assert gci["ring"] == 4
    girls = by_id(tagged_2025, "ITU-D-0009")
    assert girls["action_lines"] == ("C4",)
    assert girls["action_line_roles"] == ("lead facilitator",)
    assert girls["sdg_goals"] == (4, 5)
    assert girls["sdg_targets"] == ("4.4", "5.b")
    assert girls["ring"] == 3
    rr = by_id(tagged_2025, "ITU-R-0001")
    assert rr["action_lines"] == ("C2", "C6")
    assert rr["sdg_targets"] == ("9.c",)
    assert rr["source_file"].endswith("ITU-R-2025.xlsx")


def test_sub_lines_roll_up_and_custodian_indicators_are_flagged() -> None:
    """C7 sub-lines roll up to C7 with the contributor role; 9.c.1 is flagged as an ITU custodian indicator."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        rows = [HEADER, activity(1, action_lines="C7 e-health; C7.e-agriculture; C2", sdgs="3; 9.c.1; 13.1")]
        path = write_xlsx(Path(tmp) / "t.xlsx", {"A": rows})
        result = tag(path, suggest=False)
    row = result.activities.iloc[0]
    assert row["action_lines"] == ("C7.e-health", "C7.e-agriculture", "C2")
    assert row["main_action_lines"] == ("C7", "C2")
    assert row["action_line_roles"] == ("contributor", "contributor", "sole facilitator")
    assert row["sdg_goals"] == (3, 9, 13)
    assert row["sdg_targets"] == ("9.c", "13.1")
    assert row["custodian_indicators"] == ("9.c.1",)
    assert row["ring"] == 4
    links = result.action_line_links
    assert list(links["main_action_line"]) == ["C7", "C7", "C2"]
    sdg_links = result.sdg_links
    assert set(sdg_links[sdg_links["itu_custodian"]]["code"]) == {"9.c.1"}


def test_roles_and_rings_come_from_the_reference(tagged_2025: object) -> None:
    """Every role and ring in the output is the reference's, for every activity."""
    ref = tagged_2025.reference  # type: ignore[attr-defined]
    for _, row in tagged_2025.activities.iterrows():  # type: ignore[attr-defined]
        assert row["action_line_roles"] == tuple(ref.action_lines[c].role for c in row["action_lines"])
        expected = max((ref.goals[g].ring.level for g in row["sdg_goals"]), default=None)
        assert (row["ring"] if row["ring"] == row["ring"] else None) == expected


def test_matrix_mismatch_is_a_warning_at_the_sdg_cell(tmp_path: Path) -> None:
    """An SDG the WSIS-SDG matrix links to none of the action lines gives a warning, not an error."""
    path = write_xlsx(tmp_path / "m.xlsx", {"A": [HEADER, activity(1, action_lines="C11", sdgs="14")]})
    result = tag(path, suggest=False)
    (problem,) = result.problems
    assert problem.code == "sdg-not-in-matrix"
    assert problem.severity.value == "warning"
    assert problem.cell == "G2"


def test_tag_command_writes_csv_json_and_xlsx(tmp_path: Path, good_xlsx: Path) -> None:
    """Tag -o writes ';'-joined CSV, JSON lists, and an xlsx with long tables."""
    out_csv, out_json, out_xlsx = tmp_path / "t.csv", tmp_path / "t.json", tmp_path / "t.xlsx"
    assert main(["tag", str(good_xlsx), "-o", str(out_csv), "--no-suggest"]) == 0
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert rows[0]["action_lines"] == "C4;C7.e-learning"
    assert rows[0]["sdg_targets"] == "4.4"
    assert rows[0]["sdg_goals"] == "4"
    assert main(["tag", str(good_xlsx), "-o", str(out_json), "--no-suggest"]) == 0
    doc = json.loads(out_json.read_text())
    assert doc["activities"][0]["sdg_goals"] == [4]
    assert doc["activities"][0]["custodian_indicators"] == ["4.4.1"]
    assert main(["tag", str(good_xlsx), "-o", str(out_xlsx), "--no-suggest"]) == 0
    wb = openpyxl.load_workbook(out_xlsx)
    assert {"activities", "action_lines", "sdgs"} <= set(wb.sheetnames)
    assert wb["action_lines"].max_row == 1 + 3 * 2
