"""Reading real-world spreadsheets: every quirk read, every value keeping its address."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from builders import HEADER, activity, fingerprint, write_xlsx

from itu_contrib.errors import ReadError
from itu_contrib.reading import clean_text, load


def codes(result: object) -> list[str]:
    return [p.code for p in result.problems]  # type: ignore[attr-defined]


def test_header_below_title_rows_and_provenance(good_xlsx: Path) -> None:
    """The header is found under title rows and each row keeps file, sheet, row and column letters."""
    result = load(good_xlsx)
    frame = result.frame
    assert len(frame) == 3
    assert list(frame["_row"]) == [4, 5, 6]
    assert set(frame["_sheet"]) == {"Activities"}
    assert set(frame["_file"]) == {str(good_xlsx)}
    info = result.sheet_info(str(good_xlsx), "Activities")
    assert info is not None
    assert info.header_row == 3
    assert info.cell("title", 5) == "D5"
    assert info.header("action_lines") == "WSIS Action Lines"
    assert result.locate(1, "sdgs")[3] == "G5"
    assert frame.loc[0, "title"] == "Digital Transformation Centre training 1"
    assert frame["year"].dtype == "Int64"
    assert frame.loc[0, "start_date"] == pd.Timestamp("2025-02-01")
    assert result.problems == ()


def test_headers_match_aliases_case_accents_punctuation(tmp_path: Path) -> None:
    """French, Spanish and odd spellings of headers map to the spec columns."""
    header = ["ID", "Année", "BUREAU", "Titre", "Résumé", "WSIS Action Line(s)", "ODS", "Fecha de inicio", "fin"]
    row = activity(1)[:9]
    path = write_xlsx(tmp_path / "fr.xlsx", {"Feuil1": [header, row]})
    frame = load(path).frame
    assert frame.loc[0, "sector"] == "ITU-D"
    assert frame.loc[0, "action_lines"] == "C4; C7 e-learning"
    assert frame.loc[0, "end_date"] == pd.Timestamp("2025-11-30")


def test_unknown_columns_are_kept_with_a_warning_and_missing_required_is_a_problem(tmp_path: Path) -> None:
    """An extra column is kept and warned about; a missing required column names itself and the header row."""
    header = ["Activity ID", "Year", "Sector", "Title", "Budget (CHF)", "SDGs"]
    path = write_xlsx(tmp_path / "x.xlsx", {"S": [["Title row"], header, ["A1", 2025, "GS", "T", 1000, "9"]]})
    result = load(path)
    assert result.frame.loc[0, "Budget (CHF)"] == "1000"
    unknown = [p for p in result.problems if p.code == "unknown-column"]
    assert unknown[0].cell == "E2"
    assert unknown[0].severity.value == "warning"
    missing = [p for p in result.problems if p.code == "missing-column"]
    assert [p.field for p in missing] == ["action_lines"]
    assert "row 2" in missing[0].message


def test_blank_rows_skipped_and_merged_sector_filled_down(tmp_path: Path) -> None:
    """Blank rows are ignored and a sector merged over a block fills each row of the block."""
    rows = [HEADER, activity(1), activity(2, sector=None), activity(3, sector=None), [None] * len(HEADER), activity(4)]
    path = write_xlsx(tmp_path / "m.xlsx", {"Activities": rows}, merged={"Activities": ["C2:C4"]})
    frame = load(path).frame
    assert list(frame["_row"]) == [2, 3, 4, 6]
    assert list(frame["sector"]) == ["ITU-D"] * 4


def test_merged_cells_in_other_columns_are_not_filled(tmp_path: Path) -> None:
    """Only columns the spec marks as mergeable are filled down."""
    rows = [HEADER, activity(1), activity(2, description=None)]
    path = write_xlsx(tmp_path / "m.xlsx", {"Activities": rows}, merged={"Activities": ["E2:E3"]})
    assert load(path).frame.loc[1, "description"] is None


def test_hidden_and_instruction_sheets_are_skipped_with_reasons(tmp_path: Path) -> None:
    """Instructions, list and hidden sheets are skipped, each with its reason; --sheet can pick a hidden one."""
    sheets = {
        "Instructions": [["Fill one row per activity"], ["Do not change the headers"]],
        "Activities": [HEADER, activity(1)],
        "Old": [HEADER, activity(9)],
        "Lists": [["ITU-R"], ["ITU-T"]],
    }
    path = write_xlsx(tmp_path / "multi.xlsx", sheets, hidden=["Old"])
    result = load(path)
    assert len(result.frame) == 1
    reasons = {s.sheet: s.skipped for s in result.skipped}
    assert reasons["Old"] == "hidden sheet"
    assert "no header row" in str(reasons["Instructions"])
    assert "Lists" in reasons
    picked = load(path, sheets=["old"])
    assert list(picked.frame["activity_id"]) == ["ITU-D-0009"]


def test_every_activity_sheet_is_read(tmp_path: Path) -> None:
    """Activity tables on several sheets are all read, each row with its own sheet."""
    sheets = {"Regional": [HEADER, activity(1), activity(2)], "Global": [["Global activities"], HEADER, activity(3)]}
    path = write_xlsx(tmp_path / "two.xlsx", sheets)
    frame = load(path).frame
    assert list(zip(frame["_sheet"], frame["_row"], strict=True)) == [("Regional", 2), ("Regional", 3), ("Global", 3)]


def test_dates_numbers_and_whitespace_are_normalised(tmp_path: Path) -> None:
    """Text dates, serials, numbers stored as text and non-breaking spaces come out clean."""
    rows = [
        HEADER,
        activity(1, year="2025", start_date="15 March 2025", end_date=45901, title="\u00a0 AI  for\u00a0Good \u00a0"),
        activity(2, year=2025.0, start_date="2025-03-15", end_date="March 2025", activity_id=123.0),
    ]
    path = write_xlsx(tmp_path / "d.xlsx", {"A": rows})
    result = load(path)
    frame = result.frame
    assert frame.loc[0, "title"] == "AI for Good"
    assert list(frame["year"]) == [2025, 2025]
    assert frame.loc[0, "start_date"] == pd.Timestamp("2025-03-15")
    assert frame.loc[0, "end_date"] == pd.Timestamp("2025-09-01")
    assert frame.loc[1, "end_date"] == pd.Timestamp("2025-03-31")
    assert frame.loc[1, "activity_id"] == "123"
    assert result.problems == ()


def test_bad_and_ambiguous_dates_and_years_are_problems_at_their_cells(tmp_path: Path) -> None:
    """A non-date, an ambiguous date and a bad year are reported at their cells, not guessed silently."""
    rows = [HEADER, activity(1, start_date="next spring", end_date="03/04/2025", year="FY25")]
    path = write_xlsx(tmp_path / "d.xlsx", {"A": rows})
    result = load(path)
    found = {(p.code, p.cell, p.severity.value) for p in result.problems}
    assert found == {
        ("invalid-date", "H2", "error"),
        ("ambiguous-date", "I2", "warning"),
        ("invalid-year", "B2", "error"),
    }
    assert result.frame.loc[0, "end_date"] == pd.Timestamp("2025-04-03")
    assert pd.isna(result.frame.loc[0, "start_date"])


def _patch_sheet(path: Path, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert old in members[sheet]
    members[sheet] = members[sheet].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_excel_errors_and_formulas_without_cached_values(tmp_path: Path) -> None:
    """#REF! cached values and formulas never calculated are problems at their cells."""
    rows = [HEADER, activity(1, title="PLACEHOLDER1"), activity(2, sdgs="=A1&B1")]
    path = write_xlsx(tmp_path / "f.xlsx", {"A": rows})
    _patch_sheet(
        path, b'<c r="D2" t="inlineStr"><is><t>PLACEHOLDER1</t></is></c>', b'<c r="D2" t="e"><f>A9</f><v>#REF!</v></c>'
    )
    result = load(path)
    found = {(p.code, p.cell) for p in result.problems}
    assert found == {("excel-error", "D2"), ("formula-without-value", "G3")}
    assert result.frame.loc[0, "title"] is None


def test_excel_error_text_and_1904_date_system(tmp_path: Path) -> None:
    """An error typed as text is reported; serial numbers follow the workbook's 1904 date system."""
    rows = [HEADER, activity(1, sdgs="#N/A", start_date=43904)]
    path = write_xlsx(tmp_path / "e.xlsx", {"A": rows})
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(b"<workbookPr", b'<workbookPr date1904="1"')
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    result = load(path)
    assert [(p.code, p.cell) for p in result.problems] == [("excel-error", "G2")]
    assert result.frame.loc[0, "start_date"] == pd.Timestamp("2024-03-15")


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1252", ";"), ("latin-1", ",")],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    """CSV in UTF-8, UTF-8 with BOM, UTF-16, cp1252 and latin-1 with , ; or tab is read the same."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(["Titre", "Secteur", "ID", "Année", "Grandes orientations du SMSI", "ODD", "Date de début"])
    writer.writerow(
        ["Journée des filles dans les TIC", "ITU-D", "D-1", "2025", "C4, C7 e-learning", "4; 5.b", "2025-04-24"]
    )
    path = tmp_path / "GS.csv"
    path.write_bytes(buf.getvalue().encode(encoding))
    result = load(path)
    frame = result.frame
    assert frame.loc[0, "title"] == "Journée des filles dans les TIC"
    assert frame.loc[0, "action_lines"] == "C4, C7 e-learning"
    assert frame.loc[0, "start_date"] == pd.Timestamp("2025-04-24")
    assert frame.loc[0, "_sheet"] == ""
    assert frame.loc[0, "_row"] == 2
    assert result.sheets[0].cell("sdgs", 2) == "F2"


def test_folders_and_globs_are_expanded_in_a_stable_order(tmp_path: Path) -> None:
    """A folder gives its spreadsheets sorted, without lock files or hidden files; a glob works too."""
    write_xlsx(tmp_path / "b.xlsx", {"A": [HEADER, activity(2)]})
    write_xlsx(tmp_path / "a.xlsx", {"A": [HEADER, activity(1)]})
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")
    (tmp_path / "notes.md").write_text("not a spreadsheet")
    assert list(load(tmp_path).frame["activity_id"]) == ["ITU-D-0001", "ITU-D-0002"]
    assert len(load(str(tmp_path / "*.xlsx")).frame) == 2


def test_nothing_readable_raises_one_read_error(tmp_path: Path) -> None:
    """When no input can be read the one package exception names each file and reason."""
    bad = tmp_path / "ITU-R.xlsx"
    bad.write_bytes(b"")
    with pytest.raises(ReadError, match=r"ITU-R\.xlsx: .*empty"):
        load(bad)
    with pytest.raises(ReadError, match="no such file"):
        load(tmp_path / "missing.xlsx")


def test_an_unreadable_file_among_good_ones_is_a_problem(tmp_path: Path, good_xlsx: Path) -> None:
    """One bad file does not stop the others; it is listed as unreadable with a problem."""
    bad = tmp_path / "junk.csv"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = load([good_xlsx, bad])
    assert len(result.frame) == 3
    assert result.unreadable == (str(bad),)
    assert "unreadable-file" in codes(result)


def test_sheet_without_header_gives_no_activity_table(tmp_path: Path) -> None:
    """A workbook with no recognisable header row is a file-level problem."""
    path = write_xlsx(tmp_path / "n.xlsx", {"Notes": [["hello"], ["world"]]})
    result = load(path)
    assert codes(result) == ["no-activity-table"]
    assert result.problems[0].cell is None


def test_reading_never_modifies_the_input(good_xlsx: Path) -> None:
    """The input's bytes and modification time are unchanged after reading."""
    before = fingerprint(good_xlsx)
    load(good_xlsx)
    assert fingerprint(good_xlsx) == before


def test_clean_text() -> None:
    """Non-breaking spaces and runs of spaces collapse; newlines separating list items stay."""
    assert clean_text("C2\u00a0\n  C5 ") == "C2\nC5"
    assert clean_text(dt.datetime(2025, 1, 2)) == "2025-01-02"
    assert clean_text(True) == "TRUE"


def test_excel_95_biff5_workbook(tmp_path: Path) -> None:
    """A legacy Excel 95 (BIFF5) workbook is read like any other, accents and serial dates included."""
    from builders import biff5_workbook

    rows = [
        ["ID", "Year", "Sector", "Title", "Action lines", "SDGs", "Start date"],
        ["GS-1", 2025, "GS", "WSIS Forum 2025 (Genève)", "C11; C1", "17; 16", 45700],
    ]
    path = tmp_path / "GS-95.xls"
    path.write_bytes(biff5_workbook("Activities", rows))
    result = load(path)
    frame = result.frame
    assert frame.loc[0, "title"] == "WSIS Forum 2025 (Genève)"
    assert frame.loc[0, "start_date"] == pd.Timestamp("2025-02-12")
    assert result.sheets[0].cell("sdgs", 2) == "F2"


def test_locate_many_finds_what_locate_finds(tmp_path: Path) -> None:
    """Rows located in bulk have the file, sheet, row, cell and header of one-by-one look-ups, index gaps or not."""
    import itu_contrib as ic

    path = tmp_path / "two.csv"
    path.write_text(
        "Activity ID,Activity title,Sector\nA-1,Workshop on spectrum,ITU-R\nA-2,Study group,ITU-T\n"
        "A-3,School connectivity,ITU-D\n",
        encoding="utf-8",
    )
    loaded = ic.load(path)
    labels = list(loaded.frame.index)[::-1]
    assert loaded.locate_many(labels, "title") == [loaded.locate(i, "title") for i in labels]
    assert loaded.locate_many(labels, "sdgs") == [loaded.locate(i, "sdgs") for i in labels]  # no such column
    assert [c for _, _, _, c, _ in loaded.locate_many(labels, "title")] == ["B4", "B3", "B2"]
    with pytest.raises(KeyError):
        loaded.locate_many([*labels, 99], "title")


def test_equal_texts_of_repeating_columns_are_one_object(tmp_path: Path) -> None:
    """Sectors (and other columns whose cells repeat) hold one object per distinct text, with the values as read."""
    rows = [HEADER, *(activity(i, sector="ITU-D" if i % 2 else "ITU-R", title=f"Workshop {i % 3}") for i in range(40))]
    frame = load(write_xlsx(tmp_path / "many.xlsx", {"Activities": rows})).frame
    assert sorted(set(frame["sector"])) == ["ITU-D", "ITU-R"]
    assert len({id(v) for v in frame["sector"]}) == 2
    assert list(frame["title"]) == [f"Workshop {i % 3}" for i in range(40)]
