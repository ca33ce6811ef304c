"""Tagging: canonical codes, ITU's role per action line, SDG rings, custodian indicators, tidy outputs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from builders import HEADER, activity, write_xlsx

from itu_contrib.cli import main
from itu_contrib.errors import ItuContribError
from itu_contrib.spec import load_spec
from itu_contrib.tagging import tag

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
    assert list(load_spec().tagged_columns[: len(CONTRACT)]) == CONTRACT
    assert list(tagged_2025.activities.columns[: len(CONTRACT)]) == CONTRACT  # type: ignore[attr-defined]
    assert len(tagged_2025.activities) == 55  # type: ignore[attr-defined]


def test_hand_checked_activities(tagged_2025: object) -> None:
    """Known sample activities carry the tags, roles, rings and custodian flags checked by hand."""
    gci = by_id(tagged_2025, "ITU-D-0003")
    assert gci["action_lines"] == ("C5",)
    assert gci["action_line_roles"] == ("sole facilitator",)
    assert gci["sdg_goals"] == (9, 16, 17)
    assert (gci["ring"], gci["ring_level"]) == ("Main key focus", 4)
    girls = by_id(tagged_2025, "ITU-D-0009")
    assert girls["action_lines"] == ("C4",)
    assert girls["action_line_roles"] == ("lead facilitator",)
    assert girls["sdg_goals"] == (4, 5)
    assert girls["sdg_targets"] == ("4.4", "5.b")
    assert girls["ring_level"] == 3
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
    assert (row["ring"], row["ring_level"]) == ("Main key focus", 4)
    links = result.action_line_links
    assert set(links["activity_id"]) == {row["activity_id"]}
    assert list(links["main_action_line"]) == ["C7", "C7", "C2"]
    sdg_links = result.sdg_links
    assert set(sdg_links[sdg_links["itu_custodian"]]["code"]) == {"9.c.1"}


def test_roles_and_rings_come_from_the_reference(tagged_2025: object) -> None:
    """Every role and ring in the output is the reference's, for every activity."""
    ref = tagged_2025.reference  # type: ignore[attr-defined]
    for _, row in tagged_2025.activities.iterrows():  # type: ignore[attr-defined]
        assert row["action_line_roles"] == tuple(ref.action_lines[c].role for c in row["action_lines"])
        expected = max((ref.goals[g].ring.level for g in row["sdg_goals"]), default=None)
        level = row["ring_level"] if row["ring_level"] is not pd.NA else None
        assert level == expected
        assert row["ring"] == (ref.rings[expected - 1].name if expected else None)


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


def test_rows_with_errors_are_tagged_with_their_codes_unless_only_valid(tmp_path: Path) -> None:
    """A row with an unknown sector is tagged with its error codes; only_valid and publishable leave it out."""
    rows = [HEADER, activity(1), activity(2, sector="TDAG")]
    path = write_xlsx(tmp_path / "e.xlsx", {"A": rows})
    result = tag(path, suggest=False)
    assert list(result.activities["problems"]) == [(), ("unknown-sector",)]
    assert result.excluded == 1
    assert list(result.publishable["activity_id"]) == [result.activities["activity_id"][0]]
    assert len(tag(path, suggest=False, only_valid=True).activities) == 1


def test_result_frames_cannot_be_changed_by_the_caller(tagged_2025: object) -> None:
    """Changing a frame taken from a TagResult does not change the result."""
    acts = tagged_2025.activities  # type: ignore[attr-defined]
    acts.loc[0, "title"] = "changed"
    acts["sector"] = None
    again = tagged_2025.activities  # type: ignore[attr-defined]
    assert again.loc[0, "title"] != "changed"
    assert again["sector"].notna().all()


def test_tag_result_writes_every_format_from_the_library(tmp_path: Path, tagged_2025: object) -> None:
    """TagResult.write picks the format from the extension; to_frames joins codes with the spec's separator."""
    frames = tagged_2025.to_frames(joined=True)  # type: ignore[attr-defined]
    assert set(frames) == {"activities", "action_lines", "sdgs"}
    assert "activity_id" in frames["sdgs"].columns
    joined = frames["activities"].set_index("activity_id").loc["ITU-D-0003", "sdg_goals"]
    assert joined == "9;16;17"
    for suffix in (".csv", ".json", ".xlsx"):
        written = tagged_2025.write(tmp_path / f"t{suffix}")  # type: ignore[attr-defined]
        assert written.stat().st_size > 0
    doc = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert len(doc["activities"]) == 55
    with pytest.raises(ItuContribError, match="unknown output format"):
        tagged_2025.write(tmp_path / "t.txt")  # type: ignore[attr-defined]


def test_wrong_argument_types_raise_a_clear_error() -> None:
    """year='2025' is refused with an ItuContribError naming the argument, not a raw TypeError deep inside."""
    with pytest.raises(ItuContribError, match="year must be a whole number"):
        tag(ROOT / "inputs" / "2025", year="2025")  # type: ignore[arg-type]


def test_blank_sdgs_get_suggestions_in_the_hint_and_in_the_tag_output(tmp_path: Path) -> None:
    """Blank SDGs on a school-connectivity text: an error whose hint names SDG 4 with its words; tag suggests 4."""
    text = "Connecting primary schools to the internet so that pupils and teachers can use digital learning."
    rows = [HEADER, activity(1, sdgs=None, title="School connectivity", description=text)]
    path = write_xlsx(tmp_path / "blank.xlsx", {"A": rows})
    out = tmp_path / "problems.json"
    assert main(["validate", str(path), "--format", "json", "-o", str(out)]) == 1
    (problem,) = [p for p in json.loads(out.read_text(encoding="utf-8"))["problems"] if p["field"] == "sdgs"]
    assert (problem["code"], problem["severity"], problem["cell"]) == ("required-value", "error", "G2")
    assert "Suggested from the text: SDG 4, from '" in problem["hint"]
    assert "school" in problem["hint"].lower()
    tagged = tmp_path / "tagged.csv"
    assert main(["tag", str(path), "-o", str(tagged)]) == 0
    (row,) = list(csv.DictReader(tagged.open(encoding="utf-8")))
    assert "4" in row["suggested_sdg_goals"].split(";")
    assert row["problems"] == "required-value"
    assert "SDG 4, from" in row["suggestion_evidence"]


def test_suggestion_evidence_reaches_the_terminal_and_the_annotated_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The suggestions for a blank action line show in validate's text output and in the annotated cell's comment."""
    text = "National computer incident response team (CIRT) training on cybersecurity and online child protection."
    rows = [HEADER, activity(1, action_lines=None, title="CIRT capacity building", description=text)]
    path = write_xlsx(tmp_path / "blank.xlsx", {"A": rows})
    assert main(["validate", str(path), "--annotate", str(tmp_path / "out")]) == 1
    shown = capsys.readouterr().out
    assert "Suggested from the text: C5, from '" in shown
    (copy,) = (tmp_path / "out").glob("*.xlsx")
    comment = openpyxl.load_workbook(copy)["A"]["F2"].comment
    assert comment is not None
    assert "Suggested from the text: C5, from '" in comment.text


def test_suggestions_scored_in_slices_are_those_scored_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows scored a few at a time (as 200,000 rows are, 4,096 at a time) get the suggestions of one batch."""
    from itu_contrib import tagging

    whole = tag(ROOT / "inputs" / "2025", year=2025).activities
    assert whole["suggested_sdg_goals"].map(bool).any()  # the sample has suggestions to compare
    monkeypatch.setattr(tagging, "SUGGESTION_SLICE", 3)
    sliced = tag(ROOT / "inputs" / "2025", year=2025).activities
    pd.testing.assert_frame_equal(sliced, whole)
