"""The readers: sniffing refuses unreadable and hostile files before any parser runs, and decodes text files."""

from __future__ import annotations

import contextlib
import os
import random
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders import load_module
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from itu_contrib.defaults import Limits
from itu_contrib.errors import ReadError
from itu_contrib.readers import DecodedText, Sniffed, archive, base, decode_text, scanners, sniff, sniffing

H = load_module("hostile_files", Path(__file__).with_name("hostile_files.py"))


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def refused(path: Path, *fragments: str, display: str | None = None, limits: Limits | None = None) -> str:
    """Sniff `path`, expecting a one-line ReadError naming the file and containing every fragment."""
    with pytest.raises(ReadError) as info:
        sniff(path, display, limits=limits)
    message = str(info.value)
    assert "\n" not in message
    assert "\r" not in message
    assert message.startswith(f"{display or path.name}: ")
    for fragment in fragments:
        assert fragment in message
    return message


def real_xlsx(tmp_path: Path, name: str = "ITU-D 2025.xlsx", rows: int = 5) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Activities"
    ws.append(["Activity ID", "Reporting year", "Activity title"])
    for i in range(rows):
        ws.append([f"ITU-D-2025-{i:04d}", 2025, f"Connectivity workshop {i} — São Tomé"])
    path = tmp_path / name
    wb.save(path)
    return path


# ------------------------------------------------------------------------------------------- file system


def test_missing_file_is_refused(tmp_path: Path) -> None:
    """A path that does not exist gives 'file not found'."""
    refused(tmp_path / "nope.xlsx", "file not found")


def test_directory_is_refused(tmp_path: Path) -> None:
    """A folder is not a file."""
    (tmp_path / "ITU-T.xlsx").mkdir()
    refused(tmp_path / "ITU-T.xlsx", "is a folder")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    """A FIFO is refused from its stat, never opened (opening would block)."""
    os.mkfifo(tmp_path / "pipe.csv")
    refused(tmp_path / "pipe.csv", "not a regular file")


def test_unreadable_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the user may not read gives 'permission denied' (simulated: tests may run as root)."""
    path = real_xlsx(tmp_path)

    def denied(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sniffing, "open", denied, raising=False)
    refused(path, "permission denied")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_refused_for_real(tmp_path: Path) -> None:
    """A chmod 000 file gives 'permission denied'."""
    path = real_xlsx(tmp_path)
    path.chmod(0)
    try:
        refused(path, "permission denied")
    finally:
        path.chmod(0o644)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    """A zero-byte file says the file is empty."""
    refused(write(tmp_path, "ITU-R.xlsx", b""), "the file is empty")


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """A file over the limit names the limit it passes, the one given in `limits`."""
    path = real_xlsx(tmp_path)
    refused(path, "100 bytes limit", limits=Limits(max_file_bytes=100))
    refused(path, "1,000 bytes limit", limits=Limits(max_file_bytes=1000))
    assert sniff(path).kind == "xlsx"


def test_sniff_never_changes_the_file(tmp_path: Path) -> None:
    """Sniffing (accepted or refused files) leaves bytes and modification time untouched."""
    paths = [real_xlsx(tmp_path), write(tmp_path, "bomb.xlsx", H.bomb_zip_bytes()), write(tmp_path, "a.csv", "a,b\n")]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}
    for path in paths:
        with contextlib.suppress(ReadError):
            sniff(path)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths} == before


def test_display_name_is_used_and_kept_on_one_line(tmp_path: Path) -> None:
    """The message names the file as the caller displays it, with control characters neutralised."""
    path = write(tmp_path, "x.xlsx", b"")
    refused(path, display="inputs/2025/ITU-R.xlsx")
    with pytest.raises(ReadError) as info:
        sniff(path, "evil\nname.xlsx")
    assert str(info.value).startswith("evil?name.xlsx: ")


# ----------------------------------------------------------------------------------------- happy paths


def test_openpyxl_workbook_is_xlsx(tmp_path: Path) -> None:
    """A workbook written by openpyxl is an xlsx without a note."""
    assert sniff(real_xlsx(tmp_path)) == Sniffed("xlsx", tmp_path / "ITU-D 2025.xlsx", None)


def test_macro_workbooks_are_xlsm(tmp_path: Path) -> None:
    """A macro-enabled content type or a VBA project makes an xlsm."""
    assert sniff(write(tmp_path, "a.xlsm", H.xlsx_bytes(macro=True))).kind == "xlsm"
    members = H.xlsx_members()
    members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0"
    assert sniff(write(tmp_path, "b.xlsm", H.zip_bytes(members))).kind == "xlsm"


def test_libreoffice_style_ods_is_ods(tmp_path: Path) -> None:
    """A hand-zipped ODS with LibreOffice's repeated empty rows and cells is accepted."""
    path = write(tmp_path, "ITU-T.ods", H.ods_bytes())
    assert sniff(path) == Sniffed("ods", path, None)


def test_ods_variants_are_ods(tmp_path: Path) -> None:
    """A template mimetype, or no mimetype but a spreadsheet manifest, is still an ODS."""
    template = H.ods_bytes(mimetype=H.ODS_MIME + "-template")
    assert sniff(write(tmp_path, "a.ods", template)).kind == "ods"
    assert sniff(write(tmp_path, "b.ods", H.ods_bytes(mimetype=None))).kind == "ods"


def test_old_openoffice_manifest_doctype_is_accepted(tmp_path: Path) -> None:
    """OpenOffice 2's manifest DOCTYPE (an external DTD name, no internal subset) is harmless."""
    path = write(tmp_path, "old.ods", H.ods_bytes(manifest=H.manifest_xml(doctype=True)))
    assert sniff(path).kind == "ods"


@pytest.mark.parametrize(("biff5", "large"), [(False, False), (False, True), (True, False)])
def test_compound_file_with_a_workbook_stream_is_xls(tmp_path: Path, biff5: bool, large: bool) -> None:
    """A Workbook stream (BIFF8) or an Excel 95 Book stream (BIFF5), in the mini or regular stream, is an xls."""
    assert sniff(write(tmp_path, "a.xls", H.xls_bytes(biff5=biff5, large=large))) == Sniffed("xls", tmp_path / "a.xls")


@pytest.mark.parametrize("version", [2, 3, 4])
def test_bare_biff2_to_4_is_xls(tmp_path: Path, version: int) -> None:
    """An Excel 2.x-4.x file (no compound file) is an xls (read by the second reader, xlrd)."""
    assert sniff(write(tmp_path, "old.xls", H.raw_biff_bytes(version))) == Sniffed("xls", tmp_path / "old.xls")


@pytest.mark.parametrize("name", ["a.csv", "a.tsv", "a.txt"])
def test_text_is_text(tmp_path: Path, name: str) -> None:
    """Delimited text is kind 'text' with no note under its usual extensions."""
    assert sniff(write(tmp_path, name, "Activity ID;Title\nA1;Été\n")) == Sniffed("text", tmp_path / name)


def test_utf16_text_with_bom_is_text(tmp_path: Path) -> None:
    """Excel's 'Unicode Text' (UTF-16 with BOM, tabs) is text."""
    assert sniff(write(tmp_path, "a.txt", "ID\tTitle\r\nA1\tÉté\r\n".encode("utf-16"))).kind == "text"


# ----------------------------------------------------------------------------------- extension mismatch


@pytest.mark.parametrize(
    ("name", "data", "note"),
    [
        ("ITU.xlsx", "xls", "an .xls file named .xlsx: read as .xls"),
        ("ITU.xlsx", "ods", "an .ods file named .xlsx: read as .ods"),
        ("ITU.xls", "xlsx", "an .xlsx file named .xls: read as .xlsx"),
        ("ITU.xls", "csv", "a text file named .xls: read as text"),
        ("ITU", "xlsx", "an .xlsx file with no extension: read as .xlsx"),
    ],
)
def test_extension_mismatch_is_noted(tmp_path: Path, name: str, data: str, note: str) -> None:
    """The kind comes from the content; a misleading extension is only noted."""
    content = {
        "xls": H.xls_bytes(),
        "ods": H.ods_bytes(),
        "xlsx": H.xlsx_bytes(),
        "csv": b"Activity ID,Title\nA1,T\n",
    }[data]
    assert str(sniff(write(tmp_path, name, content)).note) == note  # translatable: str() is its English


def test_uppercase_extension_matches(tmp_path: Path) -> None:
    """Extensions compare case-insensitively."""
    assert sniff(write(tmp_path, "ITU.XLSX", H.xlsx_bytes())).note is None


# ------------------------------------------------------------------------------------- zip refusals


def test_word_document_is_a_zip_not_a_spreadsheet(tmp_path: Path) -> None:
    """A .docx (even named .xlsx) is refused as a zip archive that is a word-processing document."""
    docx = H.zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
    refused(write(tmp_path, "a.xlsx", docx), "is a zip archive, not a spreadsheet", "word-processing")


def test_zip_of_csv_files_lists_what_it_holds(tmp_path: Path) -> None:
    """A zip named .csv is refused and the message lists its first members."""
    data = H.zip_bytes({f"sector{i}.csv": "a,b\n" for i in range(5)})
    refused(write(tmp_path, "all.csv", data), "is a zip archive, not a spreadsheet", "sector0.csv", "and 2 more")


def test_empty_zip_is_refused(tmp_path: Path) -> None:
    """An empty zip archive is not a spreadsheet."""
    refused(write(tmp_path, "a.xlsx", H.zip_bytes({})), "empty zip archive")


def test_xlsb_is_xlsb(tmp_path: Path) -> None:
    """An Excel binary workbook is sniffed as xlsb, whatever its extension (named .xlsx it gets a note)."""
    assert sniff(write(tmp_path, "a.xlsb", H.xlsb_bytes())) == Sniffed("xlsb", tmp_path / "a.xlsb")
    assert str(sniff(write(tmp_path, "b.xlsx", H.xlsb_bytes())).note) == "an .xlsb file named .xlsx: read as .xlsb"


def test_xlsb_values_far_apart_are_refused(tmp_path: Path) -> None:
    """An xlsb sheet whose values span more cells than the limit is refused before the reader allocates them."""
    far = [["a"], *([[]] * 3), [None] * 50 + ["b"]]
    path = write(tmp_path, "far.xlsb", H.xlsb_bytes({"Activities": H.xlsb_sheet(far)}))
    refused(path, "values spread over A1:AY5", limits=Limits(max_sheet_cells=200))
    assert sniff(path, limits=Limits(max_sheet_cells=255)).kind == "xlsb"


def test_encrypted_zip_member_is_password_protected(tmp_path: Path) -> None:
    """A zip whose members carry the encryption flag is refused as password-protected."""
    refused(write(tmp_path, "a.xlsx", H.encrypt_flag(H.xlsx_bytes(), 2)), "password-protected")


def test_encrypted_ods_is_password_protected(tmp_path: Path) -> None:
    """An ODS whose manifest has encryption data is password-protected."""
    data = H.ods_bytes(manifest=H.manifest_xml(encrypted=True))
    refused(write(tmp_path, "ITU-R.ods", data), "the workbook is password-protected; save an unprotected copy")


def test_truncated_zip_is_damaged(tmp_path: Path) -> None:
    """A zip cut short (central directory lost, or only a few bytes missing) is damaged or truncated."""
    data = H.xlsx_bytes()
    for cut in (len(data) // 2, len(data) - 5, 30):
        refused(write(tmp_path, "cut.xlsx", data[:cut]), "damaged or truncated")


def test_corrupt_sheet_data_is_damaged(tmp_path: Path) -> None:
    """Flipped bytes inside a sheet's compressed data are caught (bad deflate stream or CRC)."""
    data = bytearray(
        H.xlsx_bytes(H.sheet_xml("".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 500))))
    )
    with zipfile.ZipFile(write(tmp_path, "ok.xlsx", bytes(data))) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename)
    for i in range(start + 20, start + 60):
        data[i] ^= 0x55
    refused(write(tmp_path, "bad.xlsx", bytes(data)), "damaged or truncated")


def test_declared_entry_count_mismatch_is_damaged(tmp_path: Path) -> None:
    """An end-of-central-directory record declaring more entries than there are is damaged."""
    data = bytearray(H.xlsx_bytes())
    eocd = bytes(data).rfind(b"PK\x05\x06")
    data[eocd + 8 : eocd + 12] = (200).to_bytes(2, "little") * 2
    refused(write(tmp_path, "a.xlsx", bytes(data)), "damaged or truncated")


# ------------------------------------------------------------------------------------------- zip bombs


def test_compression_ratio_bomb_is_refused(tmp_path: Path) -> None:
    """A 20 MB part compressed about a thousand times is refused from its header, without inflating it."""
    path = write(tmp_path, "bomb.xlsx", H.bomb_zip_bytes())
    refused(path, "looks like a decompression bomb", "compressed over 200 times")


def test_member_over_the_unzipped_limit_is_refused(tmp_path: Path) -> None:
    """A part whose declared size exceeds Limits.max_unzipped_bytes is a bomb."""
    path = write(tmp_path, "a.xlsx", H.xlsx_bytes())
    refused(path, "looks like a decompression bomb", "unpacks to", limits=Limits(max_unzipped_bytes=300))


def test_overlapping_members_are_refused(tmp_path: Path) -> None:
    """Two entries sharing the same data (the overlapping-file bomb) are refused."""
    refused(write(tmp_path, "a.xlsx", H.overlap_members(H.xlsx_bytes())), "decompression bomb", "overlap")


def test_too_many_members_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package with more members than MAX_ZIP_MEMBERS is refused."""
    monkeypatch.setattr(archive, "MAX_ZIP_MEMBERS", 3)
    refused(write(tmp_path, "a.xlsx", H.xlsx_bytes()), "parts")


# ------------------------------------------------------------------------------------ XML entity attacks


def test_entity_declarations_in_shared_strings_are_refused(tmp_path: Path) -> None:
    """A billion-laughs shared-string table is refused and the part is named."""
    data = H.xlsx_bytes(shared_strings=H.billion_laughs())
    refused(write(tmp_path, "a.xlsx", data), "xl/sharedStrings.xml contains XML entity declarations", "refused")


@pytest.mark.parametrize(
    "part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml", "xl/styles.xml"]
)
def test_entity_declarations_in_any_xlsx_part_are_refused(tmp_path: Path, part: str) -> None:
    """Every XML part is checked, including the package parts."""
    members = H.xlsx_members()
    members[part] = H.billion_laughs("x", "<y/>")
    refused(write(tmp_path, "a.xlsx", H.zip_bytes(members)), "XML entity declarations")


def test_entity_declarations_in_ods_content_are_refused(tmp_path: Path) -> None:
    """An ODS content.xml with an internal DTD subset is refused."""
    content = H.billion_laughs("office:document-content", "", "urn:oasis:names:tc:opendocument:xmlns:office:1.0")
    refused(write(tmp_path, "a.ods", H.ods_bytes(content)), "content.xml contains XML entity declarations")


def test_entity_declarations_are_found_behind_a_long_comment_and_in_utf16(tmp_path: Path) -> None:
    """The whole prolog is scanned: past long comments, and in UTF-16 parts."""
    members = H.xlsx_members()
    members["xl/workbook.xml"] = H.billion_laughs("workbook", "").replace("?>", "?><!--" + "x" * 200_000 + "-->", 1)
    refused(write(tmp_path, "a.xlsx", H.zip_bytes(members)), "XML entity declarations")
    members = H.xlsx_members()
    members["xl/workbook.xml"] = H.billion_laughs("workbook", "").replace("UTF-8", "UTF-16").encode("utf-16")
    refused(write(tmp_path, "b.xlsx", H.zip_bytes(members)), "XML entity declarations")


def test_a_part_with_no_element_in_its_first_megabyte_is_refused(tmp_path: Path) -> None:
    """A prolog padded beyond the scan limit (to hide a DTD) is refused rather than trusted."""
    members = H.xlsx_members()
    padding = random.Random(1).randbytes(600_000).hex()  # incompressible, so not mistaken for a bomb
    members["xl/workbook.xml"] = "<?xml version='1.0'?><!--" + padding + "-->" + H.billion_laughs("x", "")
    refused(write(tmp_path, "a.xlsx", H.zip_bytes(members)), "no XML element in its first MB")


# ------------------------------------------------------------------------------------ absurd sheet grids

CORNERS = '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'


def test_values_at_opposite_corners_are_refused(tmp_path: Path) -> None:
    """Two values at A1 and XFD1048576 (python-calamine would allocate 550 GB and abort) are refused."""
    path = write(tmp_path, "a.xlsx", H.xlsx_bytes(H.sheet_xml(CORNERS, dimension="A1:XFD1048576")))
    refused(path, "values spread over A1:XFD1048576", "1,048,576 rows x 16,384 columns", "delete the stray cells")


def test_one_stray_value_far_right_in_a_long_sheet_is_refused(tmp_path: Path) -> None:
    """A value in column XFD of a 20,000-row sheet spans 327 million cells."""
    cells = (
        '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c></row><row r="20000"><c r="A20000"><v>2</v></c></row>'
    )
    refused(write(tmp_path, "a.xlsx", H.xlsx_bytes(H.sheet_xml(cells))), "A1:XFD20000")


def test_deep_scan_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With DEEP_SCAN off, sheets are not inflated and far-apart values are no longer caught (the documented cost)."""
    monkeypatch.setattr(base, "DEEP_SCAN", False)
    assert sniff(write(tmp_path, "a.xlsx", H.xlsx_bytes(H.sheet_xml(CORNERS)))).kind == "xlsx"


def test_declared_dimension_alone_and_empty_styled_cells_are_harmless(tmp_path: Path) -> None:
    """A huge <dimension> and an empty styled cell far away hold nothing: python-calamine ignores both."""
    cells = '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576" s="1"/></row>'
    path = write(tmp_path, "a.xlsx", H.xlsx_bytes(H.sheet_xml(cells, dimension="A1:XFD1048576")))
    assert sniff(path).kind == "xlsx"


def test_cells_without_coordinates_are_counted(tmp_path: Path) -> None:
    """Cells and rows without r= take implied positions (a wide first row, then a far row) and are counted."""
    cells = "<row>" + "<c><v>1</v></c>" * 16384 + '</row><row r="1048576"><c><v>2</v></c></row>'
    refused(write(tmp_path, "a.xlsx", H.xlsx_bytes(H.sheet_xml(cells))), "A1:XFD1048576")


def test_prefixed_and_oddly_quoted_cells_are_counted(tmp_path: Path) -> None:
    """Namespace prefixes, single quotes and a '>' inside an attribute do not hide a far value."""
    sheet = (
        f'<x:worksheet xmlns:x="{H.NS}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
        "<x:row r='1048576'><x:c t=\">\" r='XFD1048576'><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>"
    )
    refused(write(tmp_path, "a.xlsx", H.xlsx_bytes(sheet)), "A1:XFD1048576")


def test_whitespace_and_duplicate_references_do_not_hide_a_far_value(tmp_path: Path) -> None:
    """A tab before r= (which skips the fast certificate) or a second r= on a cell is still counted."""
    tab = '<row r="1"><c r="A1"><v>1</v></c></row><row r="20000"><c\tr="XFD20000"><v>1</v></c></row>'
    refused(write(tmp_path, "a.xlsx", H.xlsx_bytes(H.sheet_xml(tab))), "A1:XFD20000")
    dup = '<row r="1"><c r="A1"><v>1</v></c></row><row r="20000"><c r="A20000" r="XFD20000"><v>1</v></c></row>'
    refused(write(tmp_path, "b.xlsx", H.xlsx_bytes(H.sheet_xml(dup))), "A1:XFD20000")


def test_ods_repetitions_written_with_character_references_are_resolved(tmp_path: Path) -> None:
    """number-rows-repeated="&#49;00000000" means 100,000,000 to the reader, so to the check too."""
    rows = (
        '<table:table-row table:number-rows-repeated="&#49;00000000">'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    )
    refused(write(tmp_path, "a.ods", H.ods_bytes(H.content_xml(rows))), "100,000,000 rows")


def test_shared_string_count_beyond_the_part_size_is_refused(tmp_path: Path) -> None:
    """uniqueCount=4e9 in a tiny table (python-calamine reserves it up front and aborts) is refused."""
    sst = (
        f'<?xml version="1.0"?><sst xmlns="{H.NS}" count="4000000000" uniqueCount="4000000000"><si><t>a</t></si></sst>'
    )
    refused(write(tmp_path, "a.xlsx", H.xlsx_bytes(shared_strings=sst)), "shared-string table declares 4,000,000,000")


def test_ods_row_with_values_repeated_a_billion_times_is_refused(tmp_path: Path) -> None:
    """A row holding a value and repeated beyond the limit is refused."""
    rows = (
        '<table:table-row table:number-rows-repeated="1000000000">'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    )
    refused(write(tmp_path, "a.ods", H.ods_bytes(H.content_xml(rows))), "sheet 'Sheet1'", "1,000,000,000 rows")


def test_ods_cell_with_a_value_repeated_across_columns_is_refused(tmp_path: Path) -> None:
    """A value repeated 100 million columns wide is refused."""
    row = (
        '<table:table-row><table:table-cell table:number-columns-repeated="100000000" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
    )
    refused(write(tmp_path, "a.ods", H.ods_bytes(H.content_xml(row * 2))), "100,000,000 columns")


def test_ods_value_after_a_million_empty_rows_and_columns_is_refused(tmp_path: Path) -> None:
    """Empty repetitions are free only when nothing follows them: a value after them stretches the grid."""
    after = (
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/>'
        '</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16000"/>'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    )
    refused(write(tmp_path, "a.ods", H.ods_bytes(H.content_xml(H.lo_table(3) + after))), "Sheet1")


def test_ods_second_table_is_checked_too(tmp_path: Path) -> None:
    """Each table is checked on its own, and the refusal names it."""
    bad = (
        '<table:table-row table:number-rows-repeated="900000000">'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    )
    refused(write(tmp_path, "a.ods", H.ods_bytes(H.content_xml(H.lo_table(), bad))), "sheet 'Sheet2'")


def test_ods_empty_rows_repeated_a_million_times_are_harmless(tmp_path: Path) -> None:
    """LibreOffice's 1,048,570 trailing empty rows, 1,022 trailing empty cells per row and styled empty cells pass."""
    styled = (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:style-name="ce1" table:number-columns-repeated="16384"/></table:table-row>'
    )
    content = H.content_xml(H.lo_table(2000), H.lo_table(1) + styled)
    assert sniff(write(tmp_path, "a.ods", H.ods_bytes(content))).kind == "ods"


# ------------------------------------------------------------------------------------- OLE2 / CFB files


def test_encrypted_ooxml_is_password_protected(tmp_path: Path) -> None:
    """An xlsx saved with a password (an OLE2 file with EncryptionInfo and EncryptedPackage) is refused."""
    data = H.cfb_bytes({"EncryptionInfo": b"\x04\x00\x04\x00" + bytes(200), "EncryptedPackage": bytes(9000)})
    refused(write(tmp_path, "ITU-R.xlsx", data), "the workbook is password-protected; save an unprotected copy")


@pytest.mark.parametrize(("biff5", "large"), [(False, False), (False, True), (True, False)])
def test_xls_with_filepass_is_password_protected(tmp_path: Path, biff5: bool, large: bool) -> None:
    """A FILEPASS record in the workbook globals (BIFF8 or BIFF5) means the xls is encrypted."""
    data = H.xls_bytes(biff5=biff5, encrypted=True, large=large)
    refused(write(tmp_path, "a.xls", data), "password-protected")


def test_bare_biff_with_filepass_is_password_protected(tmp_path: Path) -> None:
    """An encrypted Excel 4 file is refused too."""
    refused(write(tmp_path, "a.xls", H.raw_biff_bytes(4, encrypted=True)), "password-protected")


def test_word_and_other_ole_documents_are_refused(tmp_path: Path) -> None:
    """A .doc, a PowerPoint file and any other OLE2 file are not spreadsheets."""
    refused(write(tmp_path, "a.xls", H.cfb_bytes({"WordDocument": bytes(5000), "1Table": bytes(100)})), "Word document")
    refused(write(tmp_path, "b.xls", H.cfb_bytes({"PowerPoint Document": bytes(100)})), "PowerPoint")
    refused(write(tmp_path, "c.xls", H.cfb_bytes({"Contents": bytes(100)})), "OLE document")


def test_workbook_stream_that_is_not_biff_is_damaged(tmp_path: Path) -> None:
    """A Workbook stream that does not start with a BOF record is damaged."""
    refused(write(tmp_path, "a.xls", H.cfb_bytes({"Workbook": b"garbage" * 10})), "damaged or truncated")


@pytest.mark.parametrize(("offset", "value"), [(44, 0x7FFFFFFF), (72, 0xFFFFFFFF), (64, 0xFFFFFFFF), (30, 7)])
def test_impossible_compound_file_headers_are_damaged(tmp_path: Path, offset: int, value: int) -> None:
    """FAT, DIFAT or mini-FAT counts larger than the file, or a bad sector size, are refused as damaged."""
    data = H.set_cfb_header(H.xls_bytes(large=True), offset, value)
    refused(write(tmp_path, "a.xls", data), "damaged or truncated")


def test_compound_file_cycles_and_truncation_do_not_hang(tmp_path: Path) -> None:
    """A FAT where every chain loops, or a compound file cut short, ends in a prompt ReadError."""
    refused(write(tmp_path, "a.xls", H.fat_cycle(H.xls_bytes(large=True))), "damaged or truncated")
    data = H.xls_bytes(large=True)
    for cut in (512, 513, 2000, len(data) - 600):
        refused(write(tmp_path, "b.xls", data[:cut]), "damaged or truncated")


# --------------------------------------------------------------------------------- other file formats


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (H.GZIP, "is a gzip archive"),
        (H.PDF, "is a PDF document"),
        (H.PNG, "is an image"),
        (H.JPEG, "is an image"),
        (H.HTML_TABLE.encode(), "is an HTML page saved with a spreadsheet extension; open it in Excel"),
        (H.HTML_TABLE.encode("utf-16"), "is an HTML page"),
        (b"\n\n  <TABLE border=1><TR><TD>x</TD></TR></TABLE>", "is an HTML page"),
        (H.SPREADSHEETML_2003.encode(), "Excel 2003 XML spreadsheet"),
        (H.FLAT_ODS.encode(), "flat OpenDocument"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n", "web archive (MHTML)"),
        (b"{\\rtf1\\ansi hello}", "RTF document"),
        (b"<?xml version='1.0'?><data/>", "is an XML file"),
        (b"7z\xbc\xaf\x27\x1c" + bytes(20), "7z archive"),
    ],
)
def test_other_formats_get_a_clear_refusal(tmp_path: Path, data: bytes, fragment: str) -> None:
    """Non-spreadsheet formats commonly renamed .xls/.xlsx/.csv are recognised and explained."""
    refused(write(tmp_path, "ITU-D.xls", data), fragment)


def test_binary_junk_is_not_text(tmp_path: Path) -> None:
    """Random binary bytes are 'not a spreadsheet or text file'."""
    junk = bytes((i * 7919 + 13) % 256 for i in range(5000))
    refused(write(tmp_path, "a.csv", junk), "is not a spreadsheet or text file")


def test_text_starting_with_a_tag_like_cell_is_still_text(tmp_path: Path) -> None:
    """A CSV whose first cell looks like markup is not mistaken for HTML."""
    assert sniff(write(tmp_path, "a.csv", "<b>Title</b>,Year\nx,2025\n")).kind == "text"


# -------------------------------------------------------------------------------------------- decode_text


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("ID,Titre\nA1,Été\n".encode(), "utf-8"),
        ("ID,Titre\nA1,Été\n".encode("utf-8-sig"), "utf-8-sig"),
        ("ID,Titre\nA1,Été\n".encode("utf-16"), "utf-16"),
        ("ID,Titre\nA1,Été\n".encode("utf-16-be"), "utf-16-be"),
        ("ID,Titre\nA1,Été\n".encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + "ID,Titre\nA1,Été\n".encode("utf-16-be"), "utf-16"),
        ("ID,Titre\nA1,Été\n".encode("utf-32"), "utf-32"),
        ("ID,Titre\nA1,Été – “quoted”\n".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    """BOMs, UTF-16 without BOM, strict UTF-8 and cp1252 decode to the same text."""
    decoded = decode_text(data, "a.csv")
    assert decoded.encoding == encoding
    assert decoded.text.startswith("ID,Titre\nA1,Été")
    assert decoded.delimiter == ","


def test_latin1_is_the_last_resort() -> None:
    """Bytes undefined in cp1252 (0x81) fall back to latin-1."""
    assert decode_text(b"a,b\nx\x81,\xe9\n", "a.csv") == DecodedText("a,b\nx\x81,é\n", "latin-1", ",")


def test_newlines_are_normalised_and_trailing_nul_padding_dropped() -> None:
    """CRLF and lone CR become LF; NUL padding at the end is ignored."""
    assert decode_text(b"a;b\r\nc;d\re;f\r\n\x00\x00\x00", "a.csv").text == "a;b\nc;d\ne;f\n"


def test_binary_bytes_raise_read_error() -> None:
    """NUL bytes inside (non UTF-16) text, or many control characters, are binary."""
    with pytest.raises(ReadError, match=r"^a\.csv: is not a spreadsheet or text file"):
        decode_text(b"a,b\n\x00\x01\x02\x03c,d\n" * 50, "a.csv")
    with pytest.raises(ReadError):
        decode_text(bytes(range(1, 32)) * 20, "a.csv")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("ID,Title,Year\nA1,Hello,2025\nA2,World,2025\n", ","),
        ("ID;Title;Value\nA1;Hello, world;1,5\nA2;Other;2,25\n", ";"),
        ("ID\tTitle\tNote\nA1\tHello, world, again\t1,5\nA2\tX\ta;b\n", "\t"),
        ("ID|Title|Year\nA1|Hello, you; there|2025\n", "|"),
        ('ID,Title,Year\nA1,"Semi; colons; inside",2025\nA2,"Multi\nline; text",2025\n', ","),
        ("ITU-R activities 2025\nID;Title;Year\nA1;T;2025\nA2;U;2025\n", ";"),
        ("ID,Title,Year,Status\nA1,T,2025\nA2,U\n", ","),
        ("just one column\nvalue\n", ","),
        ("", ","),
    ],
)
def test_delimiter_is_the_most_consistent_one(text: str, delimiter: str) -> None:
    """The delimiter is the candidate with the most consistent count outside quotes (comma by default)."""
    assert decode_text(text.encode(), "a.csv").delimiter == delimiter


def test_tab_is_preferred_for_tsv_files_on_a_tie() -> None:
    """When two delimiters fit equally, a .tsv name tips the choice to tab."""
    assert decode_text(b"a,b\tc\nd,e\tf\n", "x.tsv").delimiter == "\t"
    assert decode_text(b"a,b\tc\nd,e\tf\n", "x.csv").delimiter == ","


def test_excel_sep_hint_sets_the_delimiter_and_is_removed() -> None:
    """An Excel 'sep=;' first line decides the delimiter and is not part of the data."""
    assert decode_text(b"sep=;\r\nID;Title\r\nA1;x,y\r\n", "a.csv") == DecodedText("ID;Title\nA1;x,y\n", "utf-8", ";")


# --------------------------------------------------------------------------------- properties and fuzz

PREFIXES = [b"", b"PK\x03\x04", b"PK\x05\x06", H.CFB_MAGIC, b"\x09\x08\x10\x00\x00\x06\x05\x00", b"\xff\xfe", b"<"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(min_size=0, max_size=3000))
def test_random_bytes_give_a_result_or_a_read_error(tmp_path: Path, prefix: bytes, body: bytes) -> None:
    """Whatever the bytes (with a zip, OLE2, BIFF or BOM prefix or none), sniff returns or raises ReadError."""
    outcome = outcome_of(write(tmp_path, "fuzz.xlsx", prefix + body))
    assert outcome in ("xlsx", "xlsm", "xls", "ods", "text") or outcome.startswith("fuzz.xlsx: ")
    assert "\n" not in outcome


def outcome_of(path: Path) -> str:
    """The kind sniffed, or the ReadError message (any other exception propagates and fails the test)."""
    try:
        return sniff(path).kind
    except ReadError as exc:
        return str(exc)


SEEDS = {
    "xlsx": H.xlsx_bytes(
        H.sheet_xml(CORNERS), shared_strings=f'<sst xmlns="{H.NS}" uniqueCount="1"><si><t>a</t></si></sst>'
    ),
    "ods": H.ods_bytes(),
    "xls": H.xls_bytes(),
    "xls_large": H.xls_bytes(large=True),
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.sampled_from(sorted(SEEDS)),
    edits=st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=8),
    cut=st.one_of(st.none(), st.integers(1, 1 << 20)),
)
def test_mutated_valid_files_give_a_result_or_a_read_error(
    tmp_path: Path, seed: str, edits: list[tuple[int, int]], cut: int | None
) -> None:
    """Real structures with flipped bytes or cut short never escape as anything but ReadError."""
    data = bytearray(SEEDS[seed])
    for at, value in edits:
        data[at % len(data)] = value
    path = write(tmp_path, "mutant.bin", bytes(data[: cut % len(data) + 1] if cut else data))
    assert "\n" not in outcome_of(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cells=st.lists(st.tuples(st.integers(1, 3000), st.integers(0, 700), st.booleans()), min_size=1, max_size=40),
    explicit=st.booleans(),
    chunk=st.sampled_from([1 << 20, 64, 7]),
)
def test_grid_decision_matches_the_true_bounding_box(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cells: list[tuple[int, int, bool]], explicit: bool, chunk: int
) -> None:
    """For random cells (with or without r=, some empty), sniff refuses exactly when the box of values is too big."""
    from itu_contrib.problems import column_letter

    limits = Limits(max_sheet_cells=200_000)
    monkeypatch.setattr(scanners, "_CHUNK", chunk)  # tiny chunks put tag and row boundaries everywhere
    rows: dict[int, dict[int, bool]] = {}
    for row, col, has_value in cells:
        rows.setdefault(row, {})[col] = rows.get(row, {}).get(col, False) or has_value
    xml, previous_row = [], 0
    for row in sorted(rows):
        parts, previous_col = [], -1
        for col in sorted(rows[row]):
            implied = not explicit and col == previous_col + 1  # the reader infers r= from the position
            ref = "" if implied else f' r="{column_letter(col)}{row}"'
            parts.append(f"<c{ref}><v>1</v></c>" if rows[row][col] else f'<c{ref} s="1"/>')
            previous_col = col
        row_ref = "" if not explicit and row == previous_row + 1 else f' r="{row}"'
        xml.append(f"<row{row_ref}>" + "".join(parts) + "</row>")
        previous_row = row
    sheet = "".join(xml)
    valued = [(r, c) for r, cols in rows.items() for c, v in cols.items() if v]
    too_big = bool(valued) and (
        (max(r for r, _ in valued) - min(r for r, _ in valued) + 1)
        * (max(c for _, c in valued) - min(c for _, c in valued) + 1)
        > 200_000
    )
    path = write(tmp_path, "grid.xlsx", H.xlsx_bytes(H.sheet_xml(sheet)))
    event("refused" if too_big else "accepted")
    if too_big:
        refused(path, "values spread over", limits=limits)
    else:
        assert sniff(path, limits=limits).kind == "xlsx"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(st.integers(1, 2000), st.lists(st.tuples(st.integers(1, 3000), st.booleans()), max_size=4)),
        min_size=1,
        max_size=12,
    ),
    lo_rows=st.integers(0, 30),
    chunk=st.sampled_from([1 << 20, 300, 64]),
)
def test_ods_grid_decision_matches_the_true_bounding_box(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[tuple[int, list[tuple[int, bool]]]],
    lo_rows: int,
    chunk: int,
) -> None:
    """Random repeated rows and cells (some empty) after LibreOffice-style rows: refused exactly when too big."""
    limits = Limits(max_sheet_cells=300_000, max_repeated_rows=10**12)  # the grid check alone
    monkeypatch.setattr(scanners, "_CHUNK", chunk)
    xml = H.lo_table(lo_rows).replace(H.LO_TAIL, "")
    boxes: list[tuple[int, int, int, int]] = [(0, lo_rows - 1, 0, 1)] if lo_rows else []
    row_at = lo_rows
    for repeat, cells in rows:
        col_at, parts, valued = 0, [], []
        for span, has_value in cells:
            value = ' office:value-type="float" office:value="1"' if has_value else ""
            parts.append(f'<table:table-cell table:number-columns-repeated="{span}"{value}/>')
            if has_value:
                valued.append((col_at, col_at + span - 1))
            col_at += span
        xml += f'<table:table-row table:number-rows-repeated="{repeat}">' + "".join(parts) + "</table:table-row>"
        if valued:
            boxes.append((row_at, row_at + repeat - 1, min(c for c, _ in valued), max(c for _, c in valued)))
        row_at += repeat
    too_big = bool(boxes) and (
        (max(b[1] for b in boxes) - min(b[0] for b in boxes) + 1)
        * (max(b[3] for b in boxes) - min(b[2] for b in boxes) + 1)
        > 300_000
    )
    path = write(tmp_path, "grid.ods", H.ods_bytes(H.content_xml(xml + H.LO_TAIL)))
    event("refused" if too_big else "accepted")
    if too_big:
        refused(path, "values spread over", limits=limits)
    else:
        assert sniff(path, limits=limits).kind == "ods"


def test_a_giant_tag_is_refused_and_giant_text_is_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tag longer than the long-stretch limit is refused; long text between tags streams without growing."""
    monkeypatch.setattr(scanners, "_CHUNK", 64)  # the long-stretch limit becomes 1 KB
    tag = '<row r="1"><c r="A1" x="' + "y" * 5000 + '"><v>1</v></c></row>'
    refused(write(tmp_path, "a.xlsx", H.xlsx_bytes(H.sheet_xml(tag))), "XML tag over")
    text = '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "z" * 5000 + "</t></is></c></row>"
    assert sniff(write(tmp_path, "b.xlsx", H.xlsx_bytes(H.sheet_xml(text)))).kind == "xlsx"
    refused(write(tmp_path, "c.xlsx", H.xlsx_bytes(H.sheet_xml(text + CORNERS.replace('r="1"', 'r="2"', 1)))), "XFD")


def test_fast_certificate_accepts_an_ordinary_workbook(tmp_path: Path) -> None:
    """An openpyxl workbook of 3,000 rows passes the C-speed certificate (no tag-by-tag scan needed)."""
    path = real_xlsx(tmp_path, rows=3000)
    with zipfile.ZipFile(path) as zf:
        assert scanners._xlsx_certified(zf, zf.getinfo("xl/worksheets/sheet1.xml"), Limits())


def test_ods_row_of_values_repeated_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    """A tiny ODS repeating one row of values thousands of times is refused (it would become thousands of rows)."""
    table = (
        '<table:table table:name="Activities"><table:table-row table:number-rows-repeated="5000">'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
        "</table:table>"
    )
    path = tmp_path / "repeat.ods"
    path.write_bytes(H.ods_bytes(H.content_xml(table)))
    with pytest.raises(ReadError, match=r"repeats one row of values 5,000 times"):
        sniff(path)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=',;"\nab é', max_size=60))
def test_csv_lines_read_as_a_text_stream_reads(text: str) -> None:
    """The line-by-line feed of the CSV reader gives the rows (or the error) a StringIO of the whole text gives."""
    import csv
    import io

    from itu_contrib.readers.text import _lines

    def rows(source: Any) -> list[list[str]] | str:
        try:
            return list(csv.reader(source, delimiter=","))
        except csv.Error as exc:
            return str(exc)

    assert rows(_lines(text)) == rows(io.StringIO(text))
