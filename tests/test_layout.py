"""Finding the activity table among what people put around it, and skipping the rows that are not activities."""

from __future__ import annotations

from pathlib import Path

from builders import HEADER, activity, write_xlsx

from itu_contrib.reading import load
from itu_contrib.validation import validate

FOCAL_POINT_HEADER = [
    "Activity ID (unique)", "Year of reporting", "ITU Sector/Bureau", "Title of activity",
    "Description of the activity", "Relevant WSIS Action Lines", "Related SDGs", "Start date\n(dd/mm/yyyy)",
    "End date", "Status", "Region", "Countries", "Partners", "Link",
]  # fmt: skip


def test_twenty_activities_under_focal_point_headers_with_a_total_and_a_footnote_have_no_error(tmp_path: Path) -> None:
    """The issue's sheet: 20 good rows, headers as focal points write them, a totals row and a footnote: 0 errors."""
    rows = [FOCAL_POINT_HEADER, *[activity(n) for n in range(1, 21)], ["Total: 20 activities"], [],
            ["* Figures as reported by the Bureau."]]  # fmt: skip
    result = validate(write_xlsx(tmp_path / "f.xlsx", {"2025": rows}), year=2025)
    assert result.errors == ()
    assert len(result.frame) == 20
    skipped = [(p.cell, p.code) for p in result.problems]
    assert skipped == [("A22", "not-an-activity"), ("A24", "not-an-activity")]
    assert "totals row" in result.problems[0].message


def test_group_headings_merged_over_a_second_header_row(tmp_path: Path) -> None:
    """'Dates' merged over 'Start' and 'End' in the row below: both columns are read, data starts under row 2."""
    top = [*HEADER[:7], "Dates", None, *HEADER[9:]]
    low = [None] * 7 + ["Start", "End"] + [None] * 5
    merged = [f"{c}1:{c}2" for c in "ABCDEFGJKLMN"] + ["H1:I1"]
    path = write_xlsx(tmp_path / "g.xlsx", {"S": [top, low, activity(1), activity(2)]}, merged={"S": merged})
    result = load(path)
    info = result.sheets[0]
    assert info.header_row == 2
    assert info.cell("start_date", 3) == "H3"
    assert info.cell("end_date", 3) == "I3"
    assert list(result.frame["_row"]) == [3, 4]
    assert result.problems == ()


def test_a_lone_heading_inside_the_table_and_a_repeated_header_are_skipped_with_warnings(tmp_path: Path) -> None:
    """A merged region heading between blocks and the header repeated under it are not activities."""
    rows = [HEADER, activity(1), ["Americas"], HEADER, activity(2)]
    path = write_xlsx(tmp_path / "h.xlsx", {"S": rows}, merged={"S": ["A3:N3"]})
    result = load(path)
    assert list(result.frame["activity_id"]) == ["ITU-D-0001", "ITU-D-0002"]
    assert [(p.cell, p.code) for p in result.problems] == [("A3", "not-an-activity"), ("A4", "not-an-activity")]


def test_an_incomplete_activity_is_still_an_activity(tmp_path: Path) -> None:
    """A row with an ID and a title only is an activity with errors, not a row to skip."""
    rows = [HEADER, activity(1), ["ITU-D-0002", None, None, "Unfinished row"]]
    result = validate(write_xlsx(tmp_path / "i.xlsx", {"S": rows}), year=2025)
    assert len(result.frame) == 2
    assert "not-an-activity" not in {p.code for p in result.problems}
    assert {p.cell for p in result.errors} >= {"B3", "C3"}


def test_the_template_example_row_is_a_warning_not_an_activity(tmp_path: Path) -> None:
    """A row holding the spec's example values is skipped with a warning at its first cell."""
    from itu_contrib.spec import load_spec

    example = [c.example for c in load_spec().columns]
    result = load(write_xlsx(tmp_path / "e.xlsx", {"S": [HEADER, example, activity(1)]}))
    assert list(result.frame["activity_id"]) == ["ITU-D-0001"]
    (problem,) = result.problems
    assert (problem.cell, problem.code) == ("A2", "not-an-activity")
    assert "example row" in problem.message


def test_hidden_helper_columns_give_way_and_no_warning(tmp_path: Path) -> None:
    """A hidden 'Sector' helper beside a visible 'ITU Sector/Bureau' is not read; a hidden 'lookup' is not warned of."""
    header = [h if h != "Sector" else "ITU Sector/Bureau" for h in HEADER] + ["Sector", "lookup"]
    rows = [header, [*activity(1), "D", "x"], [*activity(2), "D", "y"]]
    path = write_xlsx(tmp_path / "h.xlsx", {"S": rows})
    import openpyxl

    wb = openpyxl.load_workbook(path)
    for letter in "OP":
        wb["S"].column_dimensions[letter].hidden = True
    wb.save(path)
    result = validate(path, year=2025)
    assert result.problems == ()
    assert result.loaded.sheets[0].cell("sector", 2) == "C2"
    assert list(result.frame["sector"]) == ["ITU-D", "ITU-D"]


def test_a_second_table_with_other_columns_is_one_error_not_garbage_rows(tmp_path: Path) -> None:
    """A second activity table with its columns in another order is one second-table error; its rows are not read."""
    order = [3, 0, 1, 2, *range(4, 14)]
    other = [HEADER[i] for i in order]
    rows = [HEADER, activity(1), activity(2), [], other, *[[activity(n)[i] for i in order] for n in (3, 4)]]
    result = validate(write_xlsx(tmp_path / "t.xlsx", {"S": rows}), year=2025)
    assert list(result.frame["activity_id"]) == ["ITU-D-0001", "ITU-D-0002"]
    assert [(p.code, p.cell) for p in result.errors] == [("second-table", "A5")]
    assert "its 2 rows (6 to 7) are not read" in result.errors[0].message


def test_the_lines_of_a_notes_block_are_notes(tmp_path: Path) -> None:
    """'Notes:' and the numbered lines under it are each a note at its cell; the activities above are read."""
    rows = [HEADER, activity(1), [], ["Notes:"], ["1. Dates are approximate."], ["2. Partners as agreed."]]
    result = load(write_xlsx(tmp_path / "n.xlsx", {"S": rows}))
    assert len(result.frame) == 1
    assert [(p.cell, "is a note" in p.message) for p in result.problems] == [("A4", True), ("A5", True), ("A6", True)]
