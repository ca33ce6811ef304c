"""Zip and XML guards: classify a zip-based workbook and refuse encryption, bombs and hostile XML before parsing."""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
import zlib
from typing import IO

from itu_contrib.defaults import Limits
from itu_contrib.i18n import N_, Number, Plural, Text

from . import base
from .base import ENCRYPTED, PROTECTED, SAVE_AS, Damaged, Kind, Refused, mb, one_line
from .scanners import check_ods_content, check_xlsb_sheet, check_xlsx_sheet

#: Most members of a zip-based workbook.
MAX_ZIP_MEMBERS = 10_000
#: Members smaller than this are never treated as bombs because of their compression ratio.
RATIO_MIN_BYTES = 1024 * 1024
#: Largest sum of the uncompressed sizes of all zip members, as a multiple of Limits.max_unzipped_bytes.
TOTAL_UNZIPPED_FACTOR = 4
#: Bytes of an XML part read to find its root element (past comments and processing instructions).
MAX_XML_PROLOG_BYTES = 1024 * 1024

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    OverflowError,
    IndexError,
    KeyError,
    UnicodeDecodeError,
    RuntimeError,
)
_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def zip_kind(f: IO[bytes], size: int, limits: Limits) -> tuple[Kind, frozenset[str]]:
    """Classify and check a zip-based file (xlsx, xlsm, xlsb, ods), refusing other zips, encryption and bombs.

    Encryption is recognised first (zip-encrypted parts, an ODS manifest's encryption data), so that no structural
    check can call an encrypted file damaged. Also returned: the worksheet parts the guard read whole and found
    without error cells or formulas (see :attr:`itu_contrib.readers.base.Sniffed.plain_sheets`).
    """
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as zf:
            infos = zf.infolist()
            if any(i.flag_bits & 0x1 for i in infos):
                raise Refused(
                    Text.of("the file is password-protected (encrypted); save an unprotected copy and try again"),
                    ENCRYPTED,
                )
            if len(infos) <= MAX_ZIP_MEMBERS and _ods_encrypted(zf, infos):
                raise Refused(PROTECTED, ENCRYPTED)
            declared = _zip_declared_entries(f, size)
            if declared is not None and declared != len(infos):
                raise Damaged
            if len(infos) > MAX_ZIP_MEMBERS:
                raise Refused(Text.of("has {n} parts, more than a spreadsheet has; refused", n=Number(len(infos))))
            _check_bomb(infos, size, limits)
            kind = _zip_format(zf, infos)
            if kind in ("xlsx", "xlsm", "xlsb") and not _has_workbook_part(zf, infos):
                raise Damaged
            for info in infos:
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    why = N_("a part uses an unusual zip compression ({method}); {advice}")
                    raise Refused(Text.of(why, method=info.compress_type, advice=SAVE_AS))
            plain: set[str] = set()
            other: set[str] = set()  # a name given twice is plain only if both parts are
            for info in infos:
                if not info.is_dir() and info.file_size > 0:
                    (plain if _scan_xml_member(zf, info, limits) else other).add(info.filename)
                    if kind == "xlsb" and base.DEEP_SCAN and _XLSB_SHEET.fullmatch(info.filename.casefold()):
                        check_xlsb_sheet(zf, info, limits)
            return kind, frozenset(plain - other)
    except NotImplementedError:
        raise Refused(Text.of("uses an unsupported zip feature; {advice}", advice=SAVE_AS)) from None
    except _ZIP_ERRORS:
        raise Damaged from None


def _zip_declared_entries(f: IO[bytes], size: int) -> int | None:
    """The entry count the end-of-central-directory record declares (zip64 aware), or None if unknown."""
    tail_len = min(size, 65_557)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    count: int = struct.unpack_from("<H", tail, at + 10)[0]
    if count != 0xFFFF:
        return count
    loc = at - 20
    if loc < 0 or tail[loc : loc + 4] != b"PK\x06\x07":
        return None
    offset: int = struct.unpack_from("<Q", tail, loc + 8)[0]
    if offset > size - 56:
        return None
    f.seek(offset)
    record = f.read(56)
    if not record.startswith(b"PK\x06\x06"):
        return None
    total: int = struct.unpack_from("<Q", record, 32)[0]
    return total


def _check_bomb(infos: list[zipfile.ZipInfo], size: int, limits: Limits) -> None:
    """Refuse members whose declared sizes or layout (overlapping data) make a decompression bomb."""
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.max_unzipped_bytes:
            why = N_("looks like a decompression bomb (a part unpacks to {size}); refused")
            raise Refused(Text.of(why, size=mb(info.file_size)))
        if info.file_size > RATIO_MIN_BYTES and info.file_size > info.compress_size * limits.max_compression_ratio:
            why = N_("looks like a decompression bomb (a part is compressed over {ratio} times); refused")
            raise Refused(Text.of(why, ratio=Number(limits.max_compression_ratio)))
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise Damaged
    if total > limits.max_unzipped_bytes * TOTAL_UNZIPPED_FACTOR:
        raise Refused(Text.of("looks like a decompression bomb (its parts unpack to {size}); refused", size=mb(total)))
    end = -1
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset < end:
            raise Refused(Text.of("looks like a decompression bomb (its parts overlap); refused"))
        name_bytes = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
        end = info.header_offset + 30 + len(name_bytes) + info.compress_size  # a lower bound of its end
        if end > size:
            raise Damaged


def _zip_format(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Kind:
    """xlsx, xlsm or ods from the member names and the small manifest parts; refuses any other zip."""
    names = {i.filename.casefold() for i in infos}
    types = _member_prefix(zf, infos, "[Content_Types].xml", 1 << 18).lower()
    if b"sheet.binary.macroenabled" in types or ("xl/workbook.bin" in names and "xl/workbook.xml" not in names):
        return "xlsb"
    if "xl/workbook.xml" in names or b"spreadsheetml.sheet.main" in types or b"excel.sheet.macroenabled" in types:
        macro = b"macroenabled" in types or "xl/vbaproject.bin" in names
        return "xlsm" if macro else "xlsx"
    mime = _member_prefix(zf, infos, "mimetype", 256).strip().decode("ascii", "replace")
    manifest = _member_prefix(zf, infos, "META-INF/manifest.xml", 1 << 20)
    if mime.startswith(_ODS_MIME) or (not mime and "content.xml" in names and _ODS_MIME.encode() in manifest):
        return "ods"
    if not infos:
        raise Refused(Text.of("is an empty zip archive, not a spreadsheet"))
    what: Text
    if "word/document.xml" in names or mime.startswith("application/vnd.oasis.opendocument.text"):
        what = Text.of("it is a word-processing document; save the table as .xlsx or .csv")
    elif "ppt/presentation.xml" in names or mime.startswith("application/vnd.oasis.opendocument.presentation"):
        what = Text.of("it is a presentation; save the table as .xlsx or .csv")
    elif any(n.startswith("index/") and n.endswith(".iwa") for n in names):
        what = Text.of("it is an Apple Numbers document; export it as .xlsx")
    else:
        files = [i.filename for i in infos if not i.is_dir()]
        shown: object = ", ".join(one_line(n) for n in files[:3])
        if len(files) > 3:
            shown = Plural("{files} and {n} more", "{files} and {n} more", len(files) - 3, values=(("files", shown),))
        what = Text.of("it holds {files}; unzip it and give the spreadsheet inside", files=shown)
    raise Refused(Text.of("is a zip archive, not a spreadsheet ({what})", what=what))


_XLSB_SHEET = re.compile(r"xl/(?:worksheets|macrosheets|dialogsheets)/[^/]+\.bin")


_OFFICE_DOCUMENT = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>", re.IGNORECASE)


def _has_workbook_part(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> bool:
    """Whether the workbook part a package names (its officeDocument relationship, or the usual path) is there."""
    names = {i.filename.casefold() for i in infos}
    wanted = {"xl/workbook.xml", "xl/workbook.bin"}
    for tag in _OFFICE_DOCUMENT.findall(_member_prefix(zf, infos, "_rels/.rels", 1 << 18)):
        target = re.search(rb"Target\s*=\s*[\"']([^\"']+)", tag)
        if target and b"/officedocument" in tag.lower():
            wanted.add(target.group(1).decode("utf-8", "replace").lstrip("/").casefold())
    return bool(wanted & names)


def _ods_encrypted(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> bool:
    """Whether an ODS manifest declares encrypted parts (read before any other check of the package)."""
    try:
        manifest = _member_prefix(zf, infos, "META-INF/manifest.xml", 1 << 20)
    except _ZIP_ERRORS:
        return False  # a damaged manifest is for the structural checks to report
    return b"encryption-data" in manifest


def _member_prefix(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str, limit: int) -> bytes:
    """The first `limit` bytes of the member called `name` (case-insensitive), or b"" when there is none."""
    wanted = name.casefold()
    for info in infos:
        if info.filename.casefold() == wanted and not info.is_dir():
            with zf.open(info) as member:
                return member.read(limit)
    return b""


# ------------------------------------------------------------------------------------------- XML parts

_ROOT_NAME = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_TAG_REST = re.compile(r"<(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>")


def _scan_xml_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bool:
    """Refuse entity declarations in an XML part; check the size of sheets and of the shared-string table.

    True for a worksheet read whole that holds no error cell or formula (see :func:`check_xlsx_sheet`).
    """
    with zf.open(info) as member:
        first = member.read(4096)
        encoding = _xml_encoding(first)
        if encoding is None:
            return False
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        text = decoder.decode(first)
        more = b"-"
        try:
            root = _xml_root(text)
            while root is None and more and len(text) < MAX_XML_PROLOG_BYTES:
                more = member.read(65536)
                text += decoder.decode(more, final=not more)
                root = _xml_root(text)
        except Refused as exc:
            raise Refused(
                Text.of("{part} {reason}", part=one_line(info.filename), reason=exc.reason), exc.code
            ) from None
        if root is None:
            if more:
                why = N_("{part} has no XML element in its first MB; refused as hostile")
                raise Refused(Text.of(why, part=one_line(info.filename)))
            return False
    local, tag = root
    if not base.DEEP_SCAN and local != "sst":
        return False
    if local in ("worksheet", "dialogsheet", "macrosheet"):
        return not check_xlsx_sheet(zf, info, encoding, limits)
    if local == "document-content" or local == "document":
        check_ods_content(zf, info, encoding, limits)
    elif local == "sst":
        _check_shared_strings(tag, info, limits)
    return False


def _xml_encoding(first: bytes) -> str | None:
    """The codec to scan an XML part with, or None when the bytes do not look like XML."""
    if first.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if first.startswith(b"<\x00"):
        return "utf-16-le"
    if first.startswith(b"\x00<"):
        return "utf-16-be"
    if first.lstrip(b" \t\r\n").startswith(b"<"):
        return "utf-8"
    return None


def _xml_root(text: str) -> tuple[str, str] | None:
    """The root element's local name and start tag, or None when the prolog is not complete in `text`.

    Raises Refused for entity declarations or a DTD internal subset in the prolog.
    """
    pos = 1 if text.startswith("\ufeff") else 0
    n = len(text)
    while True:
        while pos < n and text[pos] in " \t\r\n":
            pos += 1
        if pos >= n:
            return None
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
            if end < 0:
                return None
            pos = end + 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
            if end < 0:
                return None
            pos = end + 3
        elif text.startswith("<!", pos):
            end = text.find(">", pos)
            decl = text[pos : end if end >= 0 else n].upper()
            if decl.startswith("<!ENTITY") or "[" in decl or "<!ENTITY" in text[pos:].upper():
                raise Refused(Text.of("contains XML entity declarations (a known attack); refused"))
            if end < 0:
                return None
            pos = end + 1
        elif text.startswith("<", pos):
            match = _ROOT_NAME.match(text, pos)
            if match is None:
                return ("", "")
            end = _tag_end(text, pos)
            return None if end < 0 else (match.group(1), text[pos : end + 1])
        else:
            return ("", "")


def _tag_end(text: str, pos: int) -> int:
    """Index of the ``>`` closing the tag starting at `pos` (quotes respected), or -1."""
    match = _TAG_REST.match(text, pos)
    return match.end() - 1 if match else -1


def _check_shared_strings(tag: str, info: zipfile.ZipInfo, limits: Limits) -> None:
    """Refuse a shared-string table declaring more strings than its size can hold (python-calamine reserves them)."""
    found = re.search(r"\suniqueCount\s*=\s*[\"']\s*(\d+)", tag)
    if found is None:
        return
    declared = int(found.group(1))
    if declared > min(info.file_size // 4 + 1000, limits.max_sheet_cells):
        why = N_(
            "its shared-string table declares {n} strings, more than its size can hold; refused as damaged or hostile"
        )
        raise Refused(Text.of(why, n=Number(declared)))
