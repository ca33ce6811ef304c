"""Dates typed every way people type them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import HEADER, activity, write_xlsx

from itu_contrib.dates import from_serial, parse_date_text, parse_date_value
from itu_contrib.validation import validate

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-15", D(2024, 3, 15)),
        ("2024/03/15", D(2024, 3, 15)),
        ("2024-03-15 00:00:00", D(2024, 3, 15)),
        ("15/03/2024", D(2024, 3, 15)),
        ("15.03.2024", D(2024, 3, 15)),
        ("15-03-2024", D(2024, 3, 15)),
        ("3/15/2024", D(2024, 3, 15)),
        ("15 March 2024", D(2024, 3, 15)),
        ("15 Mar 2024", D(2024, 3, 15)),
        ("March 15, 2024", D(2024, 3, 15)),
        ("March 2024", D(2024, 3, 1)),
        ("Sept 2024", D(2024, 9, 1)),
        ("2024-03", D(2024, 3, 1)),
        ("15 mars 2024", D(2024, 3, 15)),
        ("15 de marzo de 2024", D(2024, 3, 15)),
        ("1er juillet 2025", D(2025, 7, 1)),
        ("  15 March 2024  ", D(2024, 3, 15)),
    ],
)
def test_text_dates_in_common_forms(text: str, expected: dt.date) -> None:
    """Each common written form gives the date it means."""
    parsed = parse_date_text(text)
    assert parsed.value == expected
    assert not parsed.ambiguous


@pytest.mark.parametrize("text", ["next spring", "2024-13-01", "31/02/2024", "March", "TBD", "Q5 2024", "15 March"])
def test_non_dates_are_refused(text: str) -> None:
    """Text that is not a date gives no value."""
    assert parse_date_text(text).value is None


def test_ambiguous_day_month_is_flagged_and_read_day_first() -> None:
    """03/04/2025 could be 3 April or 4 March: flagged, read day-first."""
    parsed = parse_date_text("03/04/2025")
    assert parsed.ambiguous
    assert parsed.value == D(2025, 4, 3)
    assert not parse_date_text("04/04/2025").ambiguous


def test_bare_month_means_last_day_for_end_dates() -> None:
    """A month as an end date means its last day."""
    assert parse_date_text("February 2024", end=True).value == D(2024, 2, 29)
    assert parse_date_value("2025", end=True).value == D(2025, 12, 31)


def test_excel_serials_in_both_date_systems() -> None:
    """Serial numbers follow the 1900 system, or 1904 when the workbook says so."""
    assert from_serial(45366) == D(2024, 3, 15)
    assert from_serial(43904, date1904=True) == D(2024, 3, 15)
    assert parse_date_value(45366.0).value == D(2024, 3, 15)
    assert parse_date_value("45366").value == D(2024, 3, 15)
    assert from_serial(0) is None
    assert from_serial(10**9) is None


def test_real_dates_and_datetimes_pass_through() -> None:
    """Cells already holding dates keep them (datetimes lose their time)."""
    assert parse_date_value(D(2024, 1, 2)).value == D(2024, 1, 2)
    assert parse_date_value(dt.datetime(2024, 1, 2, 13, 5)).value == D(2024, 1, 2)
    assert parse_date_value(True).value is None
    assert parse_date_value(None).value is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Q2 2025", dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ("2025-Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        ("T1 2025", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        ("H2 2025", dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
        ("S1 2025", dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
    ],
)
def test_a_quarter_or_half_is_its_first_day_as_start_and_last_day_as_end(
    text: str, start: dt.date, end: dt.date
) -> None:
    """'Q2 2025' starts on 1 April and ends on 30 June; T (trimestre), H and S (halves) likewise."""
    assert (parse_date_text(text).value, parse_date_text(text, end=True).value) == (start, end)
    assert parse_date_text("Q5 2025").value is None


def test_ongoing_as_an_end_date_is_no_end_date_and_no_error(tmp_path: Path) -> None:
    """'ongoing' or 'en cours' in the end date reads as a blank end date; as a start date it is still not a date."""
    assert parse_date_text("Ongoing", end=True).open_ended
    assert not parse_date_text("ongoing").open_ended
    path = write_xlsx(tmp_path / "a.xlsx", {"Activities": [HEADER, activity(1, end_date="ongoing")]})
    result = validate(path, year=2025)
    assert [p.code for p in result.problems if p.code.endswith("date")] == []
    assert result.frame["end_date"].isna().all()


def _sheet_with_dates(tmp_path: Path, starts: list[str], ends: list[str]) -> Path:
    import csv

    path = tmp_path / "dates.csv"
    pairs = enumerate(zip(starts, ends, strict=True), 1)
    rows = [HEADER] + [activity(n, start_date=s, end_date=e) for n, (s, e) in pairs]
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["" if v is None else str(v) for v in row] for row in rows])
    return path


def test_the_sheets_own_dates_decide_day_and_month(tmp_path: Path) -> None:
    """01/02/2025 beside 15/03/2025 is day-first; beside 03/15/2025 month-first; neither then warns."""
    from itu_contrib.reading import load

    european = load(_sheet_with_dates(tmp_path, ["15/03/2025", "01/02/2025"], ["30/11/2025", "01/12/2025"]))
    assert [p.code for p in european.problems if p.code == "ambiguous-date"] == []
    assert list(european.frame["start_date"].dt.date) == [dt.date(2025, 3, 15), dt.date(2025, 2, 1)]
    assert list(european.frame["end_date"].dt.date) == [dt.date(2025, 11, 30), dt.date(2025, 12, 1)]
    american = load(_sheet_with_dates(tmp_path, ["03/15/2025", "01/02/2025"], ["11/30/2025", "12/01/2025"]))
    assert [p.code for p in american.problems if p.code == "ambiguous-date"] == []
    assert list(american.frame["start_date"].dt.date) == [dt.date(2025, 3, 15), dt.date(2025, 1, 2)]
    assert list(american.frame["end_date"].dt.date) == [dt.date(2025, 11, 30), dt.date(2025, 12, 1)]


def test_a_sheet_whose_dates_do_not_decide_still_warns(tmp_path: Path) -> None:
    """Only ambiguous dates, or both orders in one sheet: each ambiguous date is an ambiguous-date warning."""
    from itu_contrib.reading import load

    undecided = load(_sheet_with_dates(tmp_path, ["01/02/2025"], ["03/04/2025"]))
    assert sorted(p.cell for p in undecided.problems if p.code == "ambiguous-date") == ["H2", "I2"]
    mixed = load(_sheet_with_dates(tmp_path, ["15/03/2025", "01/02/2025"], ["11/30/2025", "2025-12-01"]))
    assert [p.cell for p in mixed.problems if p.code == "ambiguous-date"] == ["H3"]
