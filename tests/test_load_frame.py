"""A DataFrame is read like a sheet: its column names are the header row, its cells checked and located the same way."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from builders import HEADER, activity, write_xlsx

import itu_contrib as ic


def test_a_frame_from_read_excel_validates_like_the_workbook(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """pd.read_excel of a workbook gives the same activities and the same problems (codes, cells) as the file."""
    path = tmp_path / "a.xlsx"
    rows = [HEADER, activity(1), activity(2, sdgs="SDG 18"), activity(3, start_date="next spring")]
    write_xlsx(path, {"Activities": rows})
    from_file = ic.validate(path, year=2025)
    from_frame = ic.validate(pd.read_excel(path, engine="openpyxl"), year=2025)
    assert [(p.code, p.cell) for p in from_frame.problems] == [(p.code, p.cell) for p in from_file.problems]
    assert {p.code for p in from_frame.problems} >= {"unknown-sdg", "invalid-date"}
    assert {p.file for p in from_frame.problems} == {"DataFrame"}
    assert list(from_frame.frame["activity_id"]) == list(from_file.frame["activity_id"])


def test_other_header_wordings_and_python_values() -> None:
    """Headers as another team words them, dates as datetime, numbers as floats, blanks as NaN or None."""
    table = pd.DataFrame(
        {
            "Ref. no.": ["X-1", "X-2"],
            "Reporting year": [2025.0, 2025.0],
            "Sector": ["ITU-T", "ITU-R"],
            "Title of activity": ["Standards for digital health", "Spectrum for IMT"],
            "Activity description": ["Recommendations on e-health interoperability.", None],
            "WSIS Action Lines": ["C7 e-health", "C2"],
            "SDGs": ["3; 3.8", float("nan")],
            "Start date": [dt.datetime(2025, 2, 1), pd.NaT],
        }
    )
    result = ic.validate(table, year=2025)
    assert list(result.frame["title"]) == ["Standards for digital health", "Spectrum for IMT"]
    assert result.frame.loc[0, "start_date"] == pd.Timestamp("2025-02-01")
    assert result.frame["year"].tolist() == [2025, 2025]
    tags = ic.tag(result)
    assert tags.activities.loc[0, "sdg_goals"] == (3,)
    assert tags.activities.loc[0, "action_lines"] == ("C7.e-health",)


def test_a_frame_naming_no_activity_column_is_refused_in_a_sentence() -> None:
    """A frame whose columns name nothing the tool knows is a ReadError saying what the columns should be."""
    with pytest.raises(ic.ReadError, match="no column names an activity column"):
        ic.validate(pd.DataFrame({"a": [1], "b": [2]}))
    with pytest.raises(ic.ArgumentError):
        ic.load_frame([["Activity ID"], ["A-1"]])  # type: ignore[arg-type]


def test_problems_as_a_frame_for_notebooks() -> None:
    """problems_frame has one row per problem, the record's fields as columns, in the result's order."""
    result = ic.validate("inputs/examples/with-problems.xlsx", year=2025)
    frame = result.problems_frame()
    assert list(frame.columns) == list(ic.PROBLEM_FIELDS)
    assert len(frame) == len(result.problems)
    assert frame["code"].tolist() == [p.code for p in result.problems]
    assert frame["cell"].tolist() == [p.cell for p in result.problems]
    assert set(frame["severity"]) == {"error", "warning"}
    assert (frame["severity"] == "error").sum() == result.stats.errors
    assert str(frame["row"].dtype) == "Int64"
    assert ic.validate("inputs/2025", year=2025, suggest=False).problems_frame().columns.tolist() == list(
        ic.PROBLEM_FIELDS
    )
