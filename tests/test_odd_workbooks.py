"""Workbooks as other tools write them: misnamed, xlsb, shapes the fast reader rejects, encrypted, damaged.

Each test builds its file to the shape of a real case (issues #11 and #17): the content decides the format, a second
reader reads what python-calamine rejects, encryption is named before any structural check, and no message carries a
reader's own text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from builders import HEADER, activity, load_module, write_xlsx

from itu_contrib.errors import ReadError
from itu_contrib.readers import sniff
from itu_contrib.reading import load

H = load_module("hostile_files", Path(__file__).with_name("hostile_files.py"))
SAMPLES = Path(__file__).parent / "data" / "libreoffice"


def texts(row: list[Any]) -> list[Any]:
    """An activity row as a plain writer stores it: dates as ISO text, numbers as floats."""
    return [v.isoformat() if isinstance(v, dt.date) else float(v) if isinstance(v, int) else v for v in row]


def ids(path: Path | str) -> list[str]:
    return list(load(path).frame["activity_id"])


# ------------------------------------------------------------------------------- content decides the format


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("sample.xlsx", "ITU-D.xls"),
        ("sample.xlsx", "ITU-D.ods"),
        ("sample.xls", "ITU-D.xlsx"),
        ("sample.xls", "ITU-D.ods"),
        ("sample.ods", "ITU-D.xlsx"),
        ("sample.ods", "ITU-D.xls"),
        ("sample.csv", "ITU-D.xlsx"),
    ],
)
def test_misnamed_workbooks_are_read_as_what_they_are(tmp_path: Path, source: str, name: str) -> None:
    """Each of the six workbook mismatches (and CSV named .xlsx) reads the same activities, with one warning."""
    original = load(SAMPLES / source)
    copy = tmp_path / name
    shutil.copyfile(SAMPLES / source, copy)
    result = load(copy)
    assert list(result.frame["activity_id"]) == list(original.frame["activity_id"])
    assert list(result.frame["title"]) == list(original.frame["title"])
    extra = [p for p in result.problems if p.code == "extension-mismatch"]
    assert len(extra) == 1
    assert extra[0].severity.value == "warning"
    assert name.rsplit(".", 1)[1] in extra[0].message
    assert sorted(p.code for p in result.problems if p.code != "extension-mismatch") == sorted(
        p.code for p in original.problems
    )


# ------------------------------------------------------------------------------------------------------ xlsb


def xlsb_submission(tmp_path: Path, name: str = "ITU-T 2025.xlsb") -> Path:
    rows = [
        ["ITU-T contribution to WSIS 2025"],
        [],
        HEADER,
        texts(activity(1)),
        texts(activity(2, start_date="next spring")),
    ]
    notes = [["Instructions: one activity per row"]]
    path = tmp_path / name
    path.write_bytes(H.xlsb_bytes({"Notes": H.xlsb_sheet(notes), "Activities": H.xlsb_sheet(rows)}))
    return path


def test_xlsb_is_read_like_other_workbooks(tmp_path: Path) -> None:
    """Values, sheets, the header under a title row and each problem's cell address come out of an xlsb."""
    path = xlsb_submission(tmp_path)
    result = load(path)
    assert list(result.frame["activity_id"]) == ["ITU-D-0001", "ITU-D-0002"]
    assert list(result.frame["_row"]) == [4, 5]
    assert set(result.frame["_sheet"]) == {"Activities"}
    info = result.sheet_info(str(path), "Activities")
    assert info is not None
    assert info.header_row == 3
    [bad] = [p for p in result.problems if p.code == "invalid-date"]
    assert (bad.sheet, bad.cell, bad.value) == ("Activities", "H5", "next spring")
    assert [s.sheet for s in result.skipped] == ["Notes"]


def test_annotating_an_xlsb_says_it_cannot_and_suggests_xlsx(tmp_path: Path) -> None:
    """Validate --annotate on an xlsb writes no copy and says to save the workbook as .xlsx."""
    path = xlsb_submission(tmp_path)
    out = tmp_path / "annotated"
    proc = subprocess.run(
        [sys.executable, "-m", "itu_contrib", "validate", str(path), "--annotate", str(out), "--year", "2025"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "cannot be annotated; save it as .xlsx" in proc.stderr
    assert not out.exists() or not any(out.iterdir())


# ----------------------------------------------------------------------- second readers, before "damaged"


def pretty_ods_content(rows: list[list[Any]]) -> str:
    """content.xml as KSpread writes it: indented, so whitespace text sits between rows and cells."""
    lines = []
    for row in rows:
        lines.append("   <table:table-row>")
        for value in row:
            text = "" if value is None else str(value).replace("&", "&amp;").replace("<", "&lt;")
            lines.append('    <table:table-cell office:value-type="string">')
            lines.append(f"     <text:p>{text}</text:p>")
            lines.append("    </table:table-cell>")
        lines.append("   </table:table-row>")
    return H.content_xml("\n" + "\n".join(lines) + "\n  ")


def test_kspread_shaped_ods_is_read_by_the_second_reader(tmp_path: Path) -> None:
    """An indented content.xml that python-calamine rejects ('Expecting table-cell') is read through odfpy."""
    path = tmp_path / "ITU-R KSpread.ods"
    path.write_bytes(H.ods_bytes(pretty_ods_content([HEADER, texts(activity(1)), texts(activity(2))])))
    result = load(path)
    assert list(result.frame["activity_id"]) == ["ITU-D-0001", "ITU-D-0002"]
    assert list(result.frame["_row"]) == [2, 3]
    assert result.frame["start_date"].iloc[0] == dt.datetime(2025, 2, 1)
    assert [p.code for p in result.problems] == []


def utf16_relationships(data: bytes) -> bytes:
    """An xlsx package whose workbook relationships part is UTF-16, as Office on Windows Phone wrote it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                body = body.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
            zout.writestr(info.filename, body)
    return out.getvalue()


def test_windows_phone_shaped_xlsm_is_read_by_the_second_reader(tmp_path: Path) -> None:
    """A workbook python-calamine rejects ('Relationships') is read through openpyxl, cells and all."""
    made = write_xlsx(tmp_path / "made.xlsx", {"Activities": [HEADER, activity(1), activity(2, start_date="soon")]})
    path = tmp_path / "ITU-D phone.xlsx"
    path.write_bytes(utf16_relationships(made.read_bytes()))
    result = load(path)
    assert list(result.frame["activity_id"]) == ["ITU-D-0001", "ITU-D-0002"]
    assert [(p.code, p.cell) for p in result.problems] == [("invalid-date", "H3")]


def biff4_label(row: int, col: int, text: str) -> bytes:
    data = text.encode("cp1252")
    return H.biff_record(0x0204, struct.pack("<HHHH", row, col, 0, len(data)) + data)


def biff4_number(row: int, col: int, value: float) -> bytes:
    return H.biff_record(0x0203, struct.pack("<HHHd", row, col, 0, value))


def test_excel_4_worksheet_is_read_by_xlrd(tmp_path: Path) -> None:
    """A bare BIFF4 worksheet (Excel 4.0), which python-calamine cannot open, is read through xlrd."""
    records = [H.biff_record(0x0409, struct.pack("<HHH", 0, 0x0010, 0))]
    for r, row in enumerate([HEADER, activity(1), activity(2)]):
        for c, value in enumerate(row):
            if isinstance(value, int):
                records.append(biff4_number(r, c, float(value)))
            elif value is not None:
                records.append(biff4_label(r, c, value.isoformat() if isinstance(value, dt.date) else value))
    path = tmp_path / "ITU-T 1994.xls"
    path.write_bytes(b"".join([*records, H.biff_record(0x000A)]))
    result = load(path)
    assert list(result.frame["activity_id"]) == ["ITU-D-0001", "ITU-D-0002"]
    assert list(result.frame["year"]) == [2025, 2025]
    assert [p.code for p in result.problems] == []


def test_csv_with_one_stray_nul_byte_is_read(tmp_path: Path) -> None:
    """One NUL byte in a CSV (a faulty export) does not make it binary; the NUL is dropped."""
    buf = io.StringIO()
    csv.writer(buf).writerows([HEADER, activity(1, title="Broadband\x00 mapping"), activity(2)])
    path = tmp_path / "ITU-D.csv"
    path.write_bytes(buf.getvalue().encode("utf-8"))
    result = load(path)
    assert list(result.frame["title"]) == ["Broadband mapping", "Digital Transformation Centre training 2"]


# --------------------------------------------------------------------------------------------- encryption


def encrypted_container(info: bytes) -> bytes:
    """An OLE2 container of an encrypted OOXML package (EncryptionInfo + EncryptedPackage) with a looping FAT."""
    return bytes(H.fat_cycle(H.cfb_bytes({"EncryptionInfo": info, "EncryptedPackage": bytes(9000)})))


AGILE = b"\x04\x00\x04\x00\x40\x00\x00\x00" + b'<?xml version="1.0"?><encryption xmlns="http://schemas.microsoft.com/'
STANDARD = b"\x03\x00\x02\x00\x24\x00\x00\x00" + bytes(200)


@pytest.mark.parametrize("name", ["ITU.xlsx", "ITU.xlsb", "ITU.xlsm"])
@pytest.mark.parametrize("info", [AGILE, STANDARD], ids=["agile", "standard"])
def test_encrypted_ooxml_in_a_damaged_container_is_password_protected(tmp_path: Path, name: str, info: bytes) -> None:
    """Agile or Standard encryption is named even when the container's FAT is broken (not 'damaged')."""
    path = tmp_path / name
    path.write_bytes(encrypted_container(info))
    with pytest.raises(ReadError, match="password-protected") as caught:
        sniff(path)
    assert caught.value.code == "encrypted-file"


@pytest.mark.parametrize("kind", [0, 1], ids=["xor", "rc4"])
def test_xls_with_xor_or_rc4_encryption_is_password_protected(tmp_path: Path, kind: int) -> None:
    """A FILEPASS record (XOR obfuscation or RC4) in an .xls is password-protected."""
    stream = H.biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    stream += H.biff_record(0x002F, struct.pack("<HHH", kind, 1, 1) + bytes(48 if kind else 0))
    stream += H.biff_record(0x000A)
    path = tmp_path / "ITU.xls"
    path.write_bytes(H.cfb_bytes({"Workbook": stream.ljust(5000, b"\x00")}))
    with pytest.raises(ReadError, match="password-protected") as caught:
        sniff(path)
    assert caught.value.code == "encrypted-file"


def test_encrypted_ods_is_named_before_its_damage(tmp_path: Path) -> None:
    """An encrypted ODS whose zip directory miscounts its parts is password-protected, not damaged."""
    data = bytearray(H.ods_bytes(manifest=H.manifest_xml(encrypted=True)))
    at = data.rfind(b"PK\x05\x06")
    count = struct.unpack_from("<H", data, at + 10)[0]
    struct.pack_into("<HH", data, at + 8, count + 1, count + 1)
    path = tmp_path / "ITU.ods"
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError, match="password-protected") as caught:
        sniff(path)
    assert caught.value.code == "encrypted-file"


# ------------------------------------------------------------------------------------ no reader internals


def damaged_sheet_xlsx(tmp_path: Path) -> Path:
    """An xlsx whose sheet XML breaks off inside a row: no reader can read it."""
    sheet = H.sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>Activity ID</t></is></c><c r="B1"')
    path = tmp_path / "ITU-R.xlsx"
    path.write_bytes(H.xlsx_bytes(sheet))
    return path


def test_damaged_workbook_message_holds_no_reader_text(tmp_path: Path) -> None:
    """When both readers fail, the message is one plain sentence; the readers' own text is not in it."""
    path = damaged_sheet_xlsx(tmp_path)
    with pytest.raises(ReadError) as caught:
        load(path)
    message = str(caught.value)
    assert message == (
        f"{path}: the file is damaged or truncated; open it in Excel or LibreOffice, save it again and retry"
    )
    assert caught.value.code == "unreadable-file"


def test_debug_shows_the_reader_text(tmp_path: Path) -> None:
    """With --debug the readers' own explanations are shown (on stderr), without --debug they are not."""
    path = damaged_sheet_xlsx(tmp_path)
    plain = subprocess.run(
        [sys.executable, "-m", "itu_contrib", "validate", str(path)], capture_output=True, text=True, check=False
    )
    debug = subprocess.run(
        [sys.executable, "-m", "itu_contrib", "--debug", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert plain.returncode == 2
    assert "itu-contrib: debug:" not in plain.stderr
    assert "python-calamine could not read it" not in plain.stderr
    assert "python-calamine could not read it" in debug.stderr


# ------------------------------------------------------------------------------------------ the workbook part


def repack(data: bytes, rename: dict[str, str | None], replace: dict[str, tuple[bytes, bytes]] | None = None) -> bytes:
    """`data` (a zip) with members renamed (None drops one) and byte replacements inside members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            old, new = (replace or {}).get(info.filename, (b"", b""))
            name = rename.get(info.filename, info.filename)
            if name is not None:
                zout.writestr(name, body.replace(old, new) if old else body)
    return out.getvalue()


def test_xlsx_without_its_workbook_part_is_damaged(tmp_path: Path) -> None:
    """An xlsx whose workbook part is missing is damaged (exit 2), not an empty workbook (exit 1)."""
    path = tmp_path / "ITU-R.xlsx"
    path.write_bytes(repack(H.xlsx_bytes(), {"xl/workbook.xml": None}))
    with pytest.raises(ReadError, match="damaged or truncated") as caught:
        sniff(path)
    assert caught.value.code == "unreadable-file"


def test_workbook_part_at_another_path_is_read(tmp_path: Path) -> None:
    """A workbook part stored under another name, as the package relationships say, is read (not 'damaged')."""
    made = write_xlsx(tmp_path / "made.xlsx", {"Activities": [HEADER, activity(1)]})
    path = tmp_path / "ITU-R.xlsx"
    moved = repack(
        made.read_bytes(),
        {"xl/workbook.xml": "xl/book.xml", "xl/_rels/workbook.xml.rels": "xl/_rels/book.xml.rels"},
        {
            "_rels/.rels": (b"xl/workbook.xml", b"xl/book.xml"),
            "[Content_Types].xml": (b"/xl/workbook.xml", b"/xl/book.xml"),
        },
    )
    path.write_bytes(moved)
    assert list(load(path).frame["activity_id"]) == ["ITU-D-0001"]
