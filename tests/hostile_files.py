"""Builders of odd and hostile input files (zip, OLE2/CFB, BIFF, text) for the format-sniffing tests."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable, Mapping, Sequence

# --------------------------------------------------------------------------------------------- zip / xlsx

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_CT_MACRO = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_CT_WS = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def zip_bytes(members: Mapping[str, bytes | str], *, stored: Iterable[str] = ()) -> bytes:
    """A zip archive of `members` (deflated, except the names in `stored`), in the given order."""
    keep = set(stored)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            method = zipfile.ZIP_STORED if name in keep else zipfile.ZIP_DEFLATED
            zf.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), data, compress_type=method)
    return out.getvalue()


def sheet_xml(cells: str = '<row r="1"><c r="A1"><v>1</v></c></row>', *, dimension: str | None = None) -> str:
    """A worksheet part holding `cells` (the inside of sheetData)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">{dim}<sheetData>{cells}</sheetData></worksheet>'
    )


def xlsx_members(
    sheet: str | None = None, *, shared_strings: str | None = None, macro: bool = False
) -> dict[str, bytes | str]:
    """The parts of a minimal one-sheet workbook (a dict, so tests can add or replace parts)."""
    overrides = f'<Override PartName="/xl/workbook.xml" ContentType="{_CT_MACRO if macro else _CT_SHEET}"/>'
    overrides += f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT_WS}"/>'
    rels = f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    if shared_strings is not None:
        overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT_SST}"/>'
        rels += f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    members: dict[str, bytes | str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            f'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{_REL}"><sheets>'
            '<sheet name="Activities" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships">{rels}</Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet if sheet is not None else sheet_xml(),
    }
    if shared_strings is not None:
        members["xl/sharedStrings.xml"] = shared_strings
    return members


def xlsx_bytes(sheet: str | None = None, *, shared_strings: str | None = None, macro: bool = False) -> bytes:
    """A minimal one-sheet xlsx (or xlsm) workbook."""
    return zip_bytes(xlsx_members(sheet, shared_strings=shared_strings, macro=macro))


def billion_laughs(root: str = "sst", body: str = "<si><t>&lol9;</t></si>", xmlns: str = NS) -> str:
    """An XML part whose internal DTD subset declares exponentially expanding entities (and an external one)."""
    ents = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    dtd = f'<!DOCTYPE {root} [{ents}<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
    return f'<?xml version="1.0" encoding="UTF-8"?>{dtd}<{root} xmlns="{xmlns}">{body}</{root}>'


def bomb_zip_bytes(size: int = 20 * 1024 * 1024) -> bytes:
    """A workbook whose sheet is `size` bytes of padding that deflate shrinks about a thousand times."""
    members = xlsx_members()
    members["xl/worksheets/sheet1.xml"] = sheet_xml() + " " * size
    return zip_bytes(members)


def encrypt_flag(data: bytes, member_index: int = 0) -> bytes:
    """`data` (a zip) with the 'encrypted' flag set on one member, in its local and central headers."""
    buf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.infolist()[member_index]
    buf[info.header_offset + 6] |= 0x01
    central = _central_entries(buf)[member_index]
    buf[central + 8] |= 0x01
    return bytes(buf)


def overlap_members(data: bytes) -> bytes:
    """`data` (a zip) with its second central-directory entry pointing at the first member's data."""
    buf = bytearray(data)
    entries = _central_entries(buf)
    first_offset = struct.unpack_from("<I", buf, entries[0] + 42)[0]
    struct.pack_into("<I", buf, entries[1] + 42, first_offset)
    return bytes(buf)


def _central_entries(buf: bytes | bytearray) -> list[int]:
    """Offsets of the central-directory file headers of a zip."""
    eocd = bytes(buf).rfind(b"PK\x05\x06")
    count, _, start = struct.unpack_from("<HII", buf, eocd + 10)
    offsets, pos = [], start
    for _ in range(count):
        offsets.append(pos)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", buf, pos + 28)
        pos += 46 + name_len + extra_len + comment_len
    return offsets


# ------------------------------------------------------------------------------------------------- ods

ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
LO_ROW = (
    '<table:table-row table:style-name="ro1"><table:table-cell office:value-type="string"><text:p>{0}</text:p>'
    '</table:table-cell><table:table-cell office:value-type="float" office:value="2025"><text:p>2025</text:p>'
    '</table:table-cell><table:table-cell table:number-columns-repeated="1022"/></table:table-row>'
)
LO_TAIL = (
    '<table:table-row table:style-name="ro1" table:number-rows-repeated="1048570">'
    '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
)


def manifest_xml(*, encrypted: bool = False, doctype: bool = False, media_type: str = ODS_MIME) -> str:
    """META-INF/manifest.xml of an ODS, optionally with encryption data (a password) or OOo 2's DOCTYPE."""
    dt = '<!DOCTYPE manifest:manifest PUBLIC "-//OpenOffice.org//DTD Manifest 1.0//EN" "Manifest.dtd">'
    enc = (
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/>'
        '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:iteration-count="1024" '
        'manifest:salt="x"/></manifest:encryption-data>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{dt if doctype else ""}'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{media_type}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{enc if encrypted else ''}</manifest:file-entry></manifest:manifest>"
    )


def content_xml(*tables: str) -> str:
    """content.xml holding the given tables (each the inside of a table:table, named Sheet1, Sheet2...)."""
    body = "".join(
        f'<table:table table:name="Sheet{i}"><table:table-column table:number-columns-repeated="1024"/>'
        f"{rows}</table:table>"
        for i, rows in enumerate(tables, 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.3">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )


def lo_table(rows: int = 3) -> str:
    """A table as LibreOffice writes it: data rows, each padded by an empty repeated cell, then empty rows."""
    return "".join(LO_ROW.format(f"Activity {i}") for i in range(rows)) + LO_TAIL


def ods_bytes(content: str | None = None, *, mimetype: str | None = ODS_MIME, manifest: str | None = None) -> bytes:
    """An ODS package: a stored mimetype first (unless None), the manifest and content.xml."""
    members: dict[str, bytes | str] = {}
    if mimetype is not None:
        members["mimetype"] = mimetype
    members["META-INF/manifest.xml"] = manifest if manifest is not None else manifest_xml()
    members["content.xml"] = content if content is not None else content_xml(lo_table())
    return zip_bytes(members, stored={"mimetype"})


# --------------------------------------------------------------------------------------------- OLE2 / CFB

FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def cfb_bytes(streams: Mapping[str, bytes]) -> bytes:
    """A version-3 compound file (512-byte sectors) holding `streams` at its root.

    Streams under 4096 bytes go to the mini stream, as the format requires; directory entries form a
    valid (degenerate) binary tree in the format's name order.
    """
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    sectors: list[bytes] = []
    fat: list[int] = []

    def alloc(data: bytes, filler: bytes = b"\0") -> int:
        if not data:
            return ENDOFCHAIN
        count = -(-len(data) // 512)
        start = len(sectors)
        for i in range(count):
            sectors.append(data[i * 512 : (i + 1) * 512].ljust(512, filler))
            fat.append(start + i + 1 if i < count - 1 else ENDOFCHAIN)
        return start

    mini = bytearray()
    minifat: list[int] = []
    starts: dict[str, int] = {}
    for name in names:
        data = streams[name]
        if len(data) >= 4096:
            starts[name] = alloc(data)
        elif not data:
            starts[name] = ENDOFCHAIN
        else:
            first, count = len(mini) // 64, -(-len(data) // 64)
            starts[name] = first
            minifat += [first + i + 1 if i < count - 1 else ENDOFCHAIN for i in range(count)]
            mini += data.ljust(count * 64, b"\0")
    mini_start = alloc(bytes(mini))
    minifat_start = alloc(b"".join(struct.pack("<I", x) for x in minifat), filler=b"\xff")
    entries = [_dir_entry("Root Entry", 5, child=1 if names else NOSTREAM, start=mini_start, size=len(mini))]
    for i, name in enumerate(names, 1):
        right = i + 1 if i < len(names) else NOSTREAM
        entries.append(_dir_entry(name, 2, right=right, start=starts[name], size=len(streams[name])))
    while len(entries) % 4:
        entries.append(_dir_entry("", 0))
    dir_start = alloc(b"".join(entries))
    n_fat = 1
    while n_fat * 128 < len(sectors) + n_fat:
        n_fat += 1
    fat_first = len(sectors)
    fat += [FATSECT] * n_fat
    fat += [FREESECT] * (n_fat * 128 - len(fat))
    table = struct.pack(f"<{len(fat)}I", *fat)
    sectors += [table[i * 512 : (i + 1) * 512] for i in range(n_fat)]
    difat = [fat_first + i for i in range(n_fat)] + [FREESECT] * (109 - n_fat)
    header = CFB_MAGIC + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack(
        "<IIIIIIIII", 0, n_fat, dir_start, 0, 4096, minifat_start, -(-len(minifat) // 128), ENDOFCHAIN, 0
    )
    header += struct.pack("<109I", *difat)
    return header + b"".join(sectors)


def _dir_entry(
    name: str, kind: int, *, right: int = NOSTREAM, child: int = NOSTREAM, start: int = ENDOFCHAIN, size: int = 0
) -> bytes:
    """One 128-byte directory entry."""
    raw = (name + "\0").encode("utf-16-le") if name else b""
    head = raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, NOSTREAM, right, child)
    return head + bytes(16 + 4 + 16) + struct.pack("<IQ", start, size)


def set_cfb_header(data: bytes, offset: int, value: int) -> bytes:
    """`data` (a compound file) with one 32-bit header field replaced (44: FAT sectors, 72: DIFAT sectors...)."""
    buf = bytearray(data)
    struct.pack_into("<I", buf, offset, value)
    return bytes(buf)


def fat_cycle(data: bytes) -> bytes:
    """`data` (from cfb_bytes) with the FAT making every chain loop on sector 0 forever."""
    buf = bytearray(data)
    n_fat = struct.unpack_from("<I", buf, 44)[0]
    for i in range(n_fat):
        sector = struct.unpack_from("<I", buf, 76 + 4 * i)[0]
        at = (sector + 1) * 512
        for j in range(128):
            if struct.unpack_from("<I", buf, at + 4 * j)[0] == ENDOFCHAIN:
                struct.pack_into("<I", buf, at + 4 * j, 0)
    return bytes(buf)


# ------------------------------------------------------------------------------------------------- BIFF


def biff_record(rtype: int, payload: bytes = b"") -> bytes:
    """One BIFF record."""
    return struct.pack("<HH", rtype, len(payload)) + payload


def workbook_stream(*, biff5: bool = False, encrypted: bool = False, pad_to: int = 0) -> bytes:
    """The globals of a BIFF8 (or BIFF5) workbook stream: BOF, optional FILEPASS, EOF."""
    bof = (
        struct.pack("<HHHH", 0x0500, 0x0005, 0x0DBB, 0x07CC)
        if biff5
        else struct.pack("<HHHHII", 0x0600, 5, 0x0DBB, 0x07CC, 0, 6)
    )
    filepass = biff_record(0x002F, struct.pack("<HHH", 0, 0x1234, 0x5678)) if encrypted else b""
    stream = biff_record(0x0809, bof) + filepass + biff_record(0x000A)
    return stream.ljust(pad_to, b"\0")


def xls_bytes(*, biff5: bool = False, encrypted: bool = False, large: bool = False) -> bytes:
    """A compound file with a Workbook (or Excel 95 'Book') stream; `large` puts it in regular sectors."""
    name = "Book" if biff5 else "Workbook"
    return cfb_bytes({name: workbook_stream(biff5=biff5, encrypted=encrypted, pad_to=5000 if large else 0)})


def raw_biff_bytes(version: int = 2, *, encrypted: bool = False) -> bytes:
    """A bare BIFF2/3/4 worksheet file (no compound file), as Excel 2.x-4.x wrote."""
    rtype, payload = {
        2: (0x0009, struct.pack("<HH", 0x0002, 0x0010)),
        3: (0x0209, struct.pack("<HHH", 0, 0x0010, 0)),
        4: (0x0409, struct.pack("<HHH", 0, 0x0010, 0)),
    }[version]
    number = biff_record(0x0003, struct.pack("<HHBBBd", 0, 0, 0, 0, 0, 2025.0))
    filepass = biff_record(0x002F, struct.pack("<HH", 0x1234, 0x5678)) if encrypted else b""
    return biff_record(rtype, payload) + filepass + number + biff_record(0x000A)


# ------------------------------------------------------------------------------------------------- other

SPREADSHEETML_2003 = (
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"/></Workbook>\n'
)
HTML_TABLE = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head><meta charset="utf-8"></head>\n'
    "<body><table><tr><td>Activity ID</td><td>Title</td></tr></table></body></html>\n"
)
FLAT_ODS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<office:document xmlns:office="urn:oasis:names:tc:opendocument:'
    'xmlns:office:1.0" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"></office:document>\n'
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
GZIP = b"\x1f\x8b\x08\x00" + bytes(32)


# ------------------------------------------------------------------------------------------------ xlsb


def xlsb_record(rtype: int, payload: bytes = b"") -> bytes:
    """One BIFF12 record: type and size as 7-bit variable-length integers, then the payload."""

    def varint(n: int, most: int) -> bytes:
        out = bytearray()
        while True:
            byte = n & 0x7F
            n >>= 7
            out.append(byte | (0x80 if n else 0))
            if not n or len(out) == most:
                return bytes(out)

    return varint(rtype, 2) + varint(len(payload), 4) + payload


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb_sheet(rows: Sequence[Sequence[object]]) -> bytes:
    """A worksheet part (.bin) holding `rows` (str, float or None) from A1, as Excel writes its records."""
    width = max((len(r) for r in rows), default=1)
    out = xlsb_record(0x0081)  # BrtBeginSheet
    out += xlsb_record(0x0094, struct.pack("<IIII", 0, max(len(rows) - 1, 0), 0, max(width - 1, 0)))  # BrtWsDim
    out += xlsb_record(0x0091)  # BrtBeginSheetData
    for r, row in enumerate(rows):
        out += xlsb_record(0x0000, struct.pack("<IIHHBB", r, 0, 0x0118, 0, 0, 0) + struct.pack("<I", 0))  # BrtRowHdr
        for c, value in enumerate(row):
            cell = struct.pack("<II", c, 0)  # column, style and flags
            if isinstance(value, str):
                out += xlsb_record(0x0006, cell + _wide(value))  # BrtCellSt
            elif isinstance(value, int | float):
                out += xlsb_record(0x0005, cell + struct.pack("<d", float(value)))  # BrtCellReal
    out += xlsb_record(0x0092)  # BrtEndSheetData
    return out + xlsb_record(0x0082)  # BrtEndSheet


def xlsb_bytes(sheets: Mapping[str, bytes] | None = None) -> bytes:
    """A minimal .xlsb package: content types, relationships, a workbook part naming the sheets, the sheet parts."""
    sheets = sheets if sheets is not None else {"Sheet1": xlsb_sheet([["a", 1.0]])}
    book = xlsb_record(0x0083) + xlsb_record(0x008F)  # BrtBeginBook, BrtBeginBundleShs
    rels = []
    members: dict[str, bytes | str] = {}
    for i, (name, part) in enumerate(sheets.items(), 1):
        book += xlsb_record(0x009C, struct.pack("<II", 0, i) + _wide(f"rId{i}") + _wide(name))  # BrtBundleSh
        rels.append(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.bin"/>')
        members[f"xl/worksheets/sheet{i}.bin"] = part
    book += xlsb_record(0x0090) + xlsb_record(0x0084)  # BrtEndBundleShs, BrtEndBook
    members["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.'
        'macroEnabled.main"/><Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.'
        'binary.macroEnabled.main"/></Types>'
    )
    members["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.bin"/>'
        "</Relationships>"
    )
    members["xl/_rels/workbook.bin.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships">' + "".join(rels) + "</Relationships>"
    )
    members["xl/workbook.bin"] = book
    return zip_bytes(members)
