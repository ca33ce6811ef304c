"""Annotated copies mark problem cells, list every problem in a linked first sheet and keep the original intact."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from itu_contrib.annotation import ERROR_FILL, WARNING_FILL, annotate_workbook
from itu_contrib.errors import OutputError, ReadError
from itu_contrib.problems import Problem, Severity

MAIN = "Activities 2025"
OTHER = "Bob's data"
DDE = "=cmd|' /C calc'!A0"
HEADER = ["activity_id", "year", "sector", "title", "sdg_goals"]


def _p(code: str, severity: Severity, sheet: str | None, cell: str | None, **kw: object) -> Problem:
    row = int("".join(ch for ch in cell if ch.isdigit())) if cell else None
    fields: dict[str, object] = {"row": row, "message": f"{code} here.", "hint": f"Fix the {code}."}
    fields.update(kw)
    return Problem(code=code, severity=severity, file="sub.xlsx", sheet=sheet, cell=cell, **fields)  # type: ignore[arg-type]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A submitted workbook with two sheets, formatting, a comment, a merged range and a formula."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = MAIN
    ws.append(HEADER)
    for i in range(1, 21):
        ws.append([f"ITU-{i:03d}", 2025, "BDT", f"Title {i}", "SDG 18" if i == 2 else "9"])
    ws.column_dimensions["D"].width = 42
    ws["B5"].number_format = "0000"
    ws["C6"].fill = PatternFill(fill_type="solid", fgColor="FF00B050")
    ws["B3"].number_format = "0.00"
    ws["D4"].comment = Comment("Original note by the author", "Alice")
    ws.merge_cells("A25:C25")
    ws["A25"] = "merged note"
    ws["F2"] = "=B2*2"
    other = wb.create_sheet(OTHER)
    other.append(["title", "url"])
    other.append(["A title", "not a url"])
    path = tmp_path / "in" / "sub.xlsx"
    path.parent.mkdir()
    wb.save(path)
    return path


@pytest.fixture
def problems() -> list[Problem]:
    return [
        _p("unknown-sdg", Severity.ERROR, MAIN, "E3", column="sdg_goals", field="sdg_goals", value="SDG 18"),
        _p("invalid-url", Severity.ERROR, OTHER, "B2", value="not a url"),
        _p("missing-description", Severity.WARNING, MAIN, "D5"),
        _p("title-too-long", Severity.WARNING, MAIN, "D4"),
        _p("year-mismatch", Severity.ERROR, MAIN, "B3", value=DDE),
        _p("date-outside-year", Severity.WARNING, MAIN, "B3"),
        _p("missing-column", Severity.ERROR, None, None, message="No 'title' column.", hint="Add it."),
        _p("wrong-column", Severity.ERROR, MAIN, "B25"),
        _p("duplicate-id", Severity.ERROR, MAIN, None, row=7),
        _p("unknown-sector", Severity.ERROR, "No such sheet", "C2"),
    ]


def _annotate(source: Path, problems: list[Problem], tmp_path: Path) -> tuple[Path, Workbook]:
    out = annotate_workbook(source, problems, tmp_path / "out" / "sub.annotated.xlsx")
    return out, load_workbook(out)


def _problem_rows(wb: Workbook) -> list[list[object]]:
    ws = wb["Problems"]
    return [[c.value for c in row] for row in ws.iter_rows(min_row=2)]


def test_problem_cells_are_filled_bordered_and_commented(source: Path, problems: list[Problem], tmp_path: Path) -> None:
    """Error cells get the error fill and a bold border, warning cells the warning fill and a dashed one."""
    _, wb = _annotate(source, problems, tmp_path)
    ws = wb[MAIN]
    e3 = ws["E3"]
    assert e3.fill.fgColor.rgb == ERROR_FILL.fgColor.rgb
    assert e3.border.left.style == "medium"
    assert e3.comment is not None
    assert "ERROR [unknown-sdg]" in e3.comment.text
    assert "unknown-sdg here." in e3.comment.text
    assert "Hint: Fix the unknown-sdg." in e3.comment.text
    d5 = ws["D5"]
    assert d5.fill.fgColor.rgb == WARNING_FILL.fgColor.rgb
    assert d5.border.left.style == "dashed"
    assert "WARNING [missing-description]" in d5.comment.text
    assert wb[OTHER]["B2"].fill.fgColor.rgb == ERROR_FILL.fgColor.rgb
    assert ws["A2"].comment is None
    assert ws["A2"].fill.fill_type is None


def test_several_problems_on_one_cell_share_one_comment(source: Path, problems: list[Problem], tmp_path: Path) -> None:
    """Two problems on one cell are both in its comment and the cell shows the worse severity."""
    _, wb = _annotate(source, problems, tmp_path)
    b3 = wb[MAIN]["B3"]
    assert "year-mismatch" in b3.comment.text
    assert "date-outside-year" in b3.comment.text
    assert b3.fill.fgColor.rgb == ERROR_FILL.fgColor.rgb


def test_an_existing_comment_keeps_its_text(source: Path, problems: list[Problem], tmp_path: Path) -> None:
    """A problem on a commented cell appends to the comment; the original text and author stay."""
    _, wb = _annotate(source, problems, tmp_path)
    comment = wb[MAIN]["D4"].comment
    assert comment.text.startswith("Original note by the author")
    assert "title-too-long" in comment.text
    assert comment.author == "Alice"


def test_problems_sheet_is_first_and_lists_every_problem(source: Path, problems: list[Problem], tmp_path: Path) -> None:
    """The first sheet lists each problem in order, file-level ones included, with a frozen filtered header."""
    _, wb = _annotate(source, problems, tmp_path)
    assert wb.sheetnames == ["Problems", MAIN, OTHER]
    assert wb.active.title == "Problems"
    ws = wb["Problems"]
    assert [c.value for c in ws[1]] == [
        "Severity", "Code", "Sheet", "Cell", "Column", "Field", "Value", "Message", "Hint",
    ]  # fmt: skip
    rows = _problem_rows(wb)
    assert [r[1] for r in rows] == [p.code for p in problems]
    assert rows[0][:7] == ["error", "unknown-sdg", MAIN, "E3", "sdg_goals", "sdg_goals", "SDG 18"]
    file_level = rows[6]
    assert file_level[:4] == ["error", "missing-column", None, None]
    assert file_level[7:] == ["No 'title' column.", "Add it."]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:I{len(problems) + 1}"
    assert ws.column_dimensions["H"].width >= 40
    assert ws["A1"].font.b


def test_problems_sheet_links_point_at_their_cells(source: Path, problems: list[Problem], tmp_path: Path) -> None:
    """Each located problem links to its cell, sheet names with spaces and apostrophes quoted correctly."""
    _, wb = _annotate(source, problems, tmp_path)
    ws = wb["Problems"]
    links = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=4).hyperlink for r in range(2, ws.max_row + 1)}
    assert links["unknown-sdg"].location == "'Activities 2025'!E3"
    assert links["invalid-url"].location == "'Bob''s data'!B2"
    assert links["invalid-url"].target is None  # internal, not an external file
    assert links["duplicate-id"].location == "'Activities 2025'!A7"  # row-level: first cell of the row
    assert links["missing-column"] is None
    assert links["unknown-sector"] is None  # sheet not in the workbook


def test_a_problem_in_a_merged_range_marks_its_anchor(source: Path, problems: list[Problem], tmp_path: Path) -> None:
    """A problem on a covered cell of a merged range is shown on the range's top-left cell."""
    _, wb = _annotate(source, problems, tmp_path)
    ws = wb[MAIN]
    assert "A25:C25" in {str(r) for r in ws.merged_cells.ranges}
    assert "wrong-column" in ws["A25"].comment.text
    row = next(r for r in _problem_rows(wb) if r[1] == "wrong-column")
    assert row[3] == "B25"
    link = next(c.hyperlink for c in wb["Problems"]["D"] if c.hyperlink and "A25" in c.hyperlink.location)
    assert link.location == "'Activities 2025'!A25"


def test_problem_values_are_neutralised(source: Path, problems: list[Problem], tmp_path: Path) -> None:
    """A formula-like value shown in the Problems sheet is text with an apostrophe, never a formula."""
    _, wb = _annotate(source, problems, tmp_path)
    ws = wb["Problems"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    row = next(r for r in _problem_rows(wb) if r[1] == "year-mismatch")
    assert row[6] == "'" + DDE


def test_the_source_is_untouched(source: Path, problems: list[Problem], tmp_path: Path) -> None:
    """The submitted file keeps its bytes and modification time; the output directory holds one file."""
    before = source.read_bytes()
    mtime = source.stat().st_mtime_ns
    out, _ = _annotate(source, problems, tmp_path)
    assert source.read_bytes() == before
    assert source.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in out.parent.iterdir()) == ["sub.annotated.xlsx"]


def test_the_original_formatting_is_kept(source: Path, problems: list[Problem], tmp_path: Path) -> None:
    """Values, formulas, column widths, fills and number formats of the original survive annotation."""
    _, wb = _annotate(source, problems, tmp_path)
    ws = wb[MAIN]
    assert ws.column_dimensions["D"].width == 42
    assert ws["B5"].number_format == "0000"
    assert ws["C6"].fill.fgColor.rgb == "FF00B050"
    assert ws["B3"].number_format == "0.00"  # annotated cell keeps its number format
    assert ws["F2"].value == "=B2*2"
    assert ws["A2"].value == "ITU-001"
    assert ws["E3"].value == "SDG 18"
    assert ws.max_row == 25
    assert wb[OTHER]["A2"].value == "A title"


def test_problems_sheet_name_is_unique(tmp_path: Path) -> None:
    """When the workbook already has a 'Problems' sheet the new one gets another name and comes first."""
    wb = Workbook()
    wb.active.title = "problems"
    src = tmp_path / "p.xlsx"
    wb.save(src)
    out = annotate_workbook(src, [], tmp_path / "o.xlsx")
    names = load_workbook(out).sheetnames
    assert names == ["Problems (2)", "problems"]


def test_output_over_the_source_is_refused(source: Path, problems: list[Problem]) -> None:
    """Annotating onto the source itself raises OutputError and leaves it unchanged."""
    before = source.read_bytes()
    with pytest.raises(OutputError):
        annotate_workbook(source, problems, source)
    assert source.read_bytes() == before


def test_dest_suffix_follows_the_content(source: Path, tmp_path: Path) -> None:
    """An xlsx is written with an .xlsx suffix whatever spreadsheet suffix was asked for."""
    out = annotate_workbook(source, [], tmp_path / "copy.xls")
    assert out == tmp_path / "copy.xlsx"
    assert out.exists()
    assert zipfile.is_zipfile(out)


def test_a_workbook_is_recognised_by_content(source: Path, problems: list[Problem], tmp_path: Path) -> None:
    """An xlsx saved under a wrong suffix is still annotated as a workbook, not refused."""
    odd = tmp_path / "upload.bin"
    shutil.copyfile(source, odd)
    out = annotate_workbook(odd, problems, tmp_path / "odd-annotated")
    assert out.name == "odd-annotated.xlsx"
    assert load_workbook(out)[MAIN]["E3"].comment is not None


def test_non_workbook_without_grids_is_a_read_error(tmp_path: Path) -> None:
    """A csv source without grids cannot be annotated and says why."""
    src = tmp_path / "a.csv"
    src.write_text("a,b\n1,2\n")
    with pytest.raises(ReadError, match="grids"):
        annotate_workbook(src, [], tmp_path / "a.xlsx")


def test_csv_grid_becomes_an_annotated_workbook(tmp_path: Path) -> None:
    """A CSV's grid is written as a sheet named after the file, values kept, formula-like text never evaluated."""
    src = tmp_path / "subm.csv"
    src.write_text("irrelevant: grids are given\n")
    grid = [
        ["activity_id", "year", "title", "amount"],
        ["ITU-001", "2025", DDE, -5],
        ["ITU-002", "20x5", "@SUM(A1:A2)", 3.5],
    ]
    problems = [
        _p("invalid-year", Severity.ERROR, "", "B3", value="20x5"),
        _p("missing-description", Severity.WARNING, "", "C2"),
    ]
    out = annotate_workbook(src, problems, tmp_path / "subm.csv", grids={"": grid})
    assert out == tmp_path / "subm.xlsx"
    assert src.read_text() == "irrelevant: grids are given\n"
    wb = load_workbook(out)
    assert wb.sheetnames == ["Problems", "subm"]
    ws = wb["subm"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == grid
    assert ws["D2"].data_type == "n"
    for ref in ("C2", "C3"):
        assert ws[ref].data_type == "s"  # text, not a formula
        assert ws[ref].quotePrefix
    assert ws["B3"].fill.fgColor.rgb == ERROR_FILL.fgColor.rgb
    assert "invalid-year" in ws["B3"].comment.text
    assert ws["C2"].fill.fgColor.rgb == WARNING_FILL.fgColor.rgb
    link = wb["Problems"]["D2"].hyperlink
    assert link.location == "'subm'!B3"
    assert wb["Problems"]["C2"].value == "subm"


def test_grid_sheet_names_are_made_valid(tmp_path: Path) -> None:
    """Grid sheets with names Excel refuses are renamed and problems still land on them."""
    src = tmp_path / "book.ods"
    src.write_bytes(b"not read")
    grids = {"Data: 2025/26": [["a", "b"], [1, 2]], "It's [here]": [["x"], ["y"]]}
    problems = [
        _p("required-value", Severity.ERROR, "Data: 2025/26", "B2"),
        _p("unknown-status", Severity.ERROR, "It's [here]", "A2"),
    ]
    wb = load_workbook(annotate_workbook(src, problems, tmp_path / "book.xlsx", grids=grids))
    assert wb.sheetnames == ["Problems", "Data_ 2025_26", "It's _here_"]
    assert wb["Data_ 2025_26"]["B2"].comment is not None
    assert wb["It's _here_"]["A2"].comment is not None
    assert wb["Problems"]["D3"].hyperlink.location == "'It''s _here_'!A2"


def _make_xlsm(path: Path, vba: bytes) -> None:
    """An xlsm: an openpyxl workbook plus a vbaProject part (not runnable, but kept byte for byte)."""
    wb = Workbook()
    wb.active.title = "Data"
    wb.active.append(["title"])
    wb.active.append(["x"])
    plain = path.with_suffix(".tmp.xlsx")
    wb.save(plain)
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"<Default ",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ',
                    1,
                )
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
                    b'vbaProject" Target="vbaProject.bin"/></Relationships>',
                )
            zout.writestr(item, data)
        zout.writestr("xl/vbaProject.bin", vba)
    plain.unlink()


def test_xlsm_keeps_its_macros_and_suffix(tmp_path: Path) -> None:
    """A macro-enabled workbook stays .xlsm, macro-enabled, with its VBA project byte-identical."""
    src = tmp_path / "macro.xlsm"
    vba = b"\xd0\xcf\x11\xe0 fake VBA project \x00\x01\x02"
    _make_xlsm(src, vba)
    out = annotate_workbook(src, [_p("required-value", Severity.ERROR, "Data", "A2")], tmp_path / "out.xlsx")
    assert out == tmp_path / "out.xlsm"
    with zipfile.ZipFile(out) as zf:
        assert zf.read("xl/vbaProject.bin") == vba
        assert b"macroEnabled" in zf.read("[Content_Types].xml")
    wb = load_workbook(out, keep_vba=True)
    assert wb.sheetnames == ["Problems", "Data"]
    assert wb["Data"]["A2"].comment is not None


def test_plain_xlsx_is_not_made_macro_enabled(source: Path, tmp_path: Path) -> None:
    """An xlsx without macros is written without a VBA part or macro content type."""
    out = annotate_workbook(source, [], tmp_path / "o.xlsx")
    with zipfile.ZipFile(out) as zf:
        assert "xl/vbaProject.bin" not in zf.namelist()
        assert b"macroEnabled" not in zf.read("[Content_Types].xml")


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.libreoffice
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not on PATH")
def test_libreoffice_opens_the_annotated_copy(source: Path, problems: list[Problem], tmp_path: Path) -> None:
    """LibreOffice headless converts the annotated copy; its first sheet is the Problems list."""
    out, _ = _annotate(source, problems, tmp_path)
    conv = tmp_path / "conv"
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        [_soffice() or "soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "csv",
         "--outdir", str(conv), str(out)],
        capture_output=True, text=True, timeout=180, check=False, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    csv_text = (conv / "sub.annotated.csv").read_text(encoding="utf-8", errors="replace")
    first = csv_text.splitlines()[0]
    assert first.startswith("Severity,Code,Sheet,Cell")
    assert "unknown-sdg" in csv_text
