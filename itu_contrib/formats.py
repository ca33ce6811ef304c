"""What an input file really is, the refusal of unreadable or hostile files, and text decoding."""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
import stat
import struct
import sys
import zipfile
import zlib
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from itu_contrib import defaults
from itu_contrib.errors import ReadError
from itu_contrib.problems import column_letter

Kind = Literal["xlsx", "xlsm", "xls", "ods", "text"]

# Limits of the safety checks. They are read when `sniff` runs, so tests and callers may change them.
#: Bytes read from the start of a file to decide what it is (and to classify text).
HEAD_BYTES = 64 * 1024
#: Check every sheet's grid of values (the whole sheet part is inflated and scanned, costing about half of
#: python-calamine's own parse time). Without it, values far apart in an xlsx make python-calamine abort the process.
DEEP_SCAN = True
# The largest grid of one sheet is defaults.MAX_SHEET_CELLS: python-calamine allocates the whole box of values.
#: Most members of a zip-based workbook.
MAX_ZIP_MEMBERS = 10_000
#: Members smaller than this are never treated as bombs because of their compression ratio.
RATIO_MIN_BYTES = 1024 * 1024
#: Largest sum of the uncompressed sizes of all zip members, as a multiple of defaults.MAX_UNZIPPED_BYTES.
TOTAL_UNZIPPED_FACTOR = 4
#: Bytes of an XML part read to find its root element (past comments and processing instructions).
MAX_XML_PROLOG_BYTES = 1024 * 1024
#: Bytes of an .xls workbook stream searched for the FILEPASS (encryption) record.
BIFF_SCAN_BYTES = 64 * 1024
#: Most directory (and mini-FAT) bytes of an OLE2 (CFB) file read.
CFB_MAX_DIR_BYTES = 1024 * 1024

_DAMAGED = "the file is damaged or truncated; open it in Excel or LibreOffice, save it again and retry"
_PROTECTED = "the workbook is password-protected; save an unprotected copy and try again"
_SAVE_AS = "open it in Excel or LibreOffice and save it as .xlsx"

_EXPECTED_SUFFIXES: dict[str, frozenset[str]] = {
    "xlsx": frozenset({".xlsx", ".xltx"}),
    "xlsm": frozenset({".xlsm", ".xltm", ".xlam"}),
    "xls": frozenset({".xls", ".xlt"}),
    "ods": frozenset({".ods", ".ots"}),
    "text": frozenset({".csv", ".tsv", ".txt", ".tab"}),
}
_LABELS = {"xlsx": ".xlsx", "xlsm": ".xlsm", "xls": ".xls", "ods": ".ods", "text": "text"}


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What a file really is, decided from its content; `note` says what was surprising about it."""

    kind: Kind
    path: Path
    note: str | None = None


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A delimited text file decoded to `str` with newlines normalised to LF."""

    text: str
    encoding: str
    delimiter: str


class _Refused(Exception):
    """A reason to refuse the file (internal: turned into a ReadError naming the file)."""


class _Damaged(Exception):
    """The file's structure is inconsistent (internal)."""


def sniff(path: Path, display: str | None = None, *, max_bytes: int | None = None) -> Sniffed:
    """Decide what `path` is from its content, or raise ReadError with one line naming it and the reason.

    Only headers and bounded prefixes are read; the file is opened read-only and never changed.
    `max_bytes` overrides defaults.MAX_FILE_BYTES.
    """
    name = _one_line(display if display is not None else path.name)
    limit = defaults.MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(f"{name}: file not found; check the path") from None
    except PermissionError:
        raise ReadError(f"{name}: permission denied; check that you may read it") from None
    except OSError as exc:
        raise ReadError(f"{name}: cannot be read ({_one_line(exc.strerror or str(exc))})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(f"{name}: is a folder, not a file; give the spreadsheet files inside it")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(f"{name}: is not a regular file; give a spreadsheet file")
    size = info.st_size
    if size == 0:
        raise ReadError(f"{name}: the file is empty; check that it was saved completely")
    if size > limit:
        raise ReadError(
            f"{name}: the file is {_mb(size)}, larger than the {_mb(limit)} limit; "
            "split it or remove what is not activity data"
        )
    try:
        with open(path, "rb") as f:
            kind, note = _classify(f, size, path)
    except _Refused as exc:
        raise ReadError(f"{name}: {exc}") from None
    except _Damaged:
        raise ReadError(f"{name}: {_DAMAGED}") from None
    except PermissionError:
        raise ReadError(f"{name}: permission denied; check that you may read it") from None
    except OSError as exc:
        raise ReadError(f"{name}: cannot be read ({_one_line(exc.strerror or str(exc))})") from None
    mismatch = _suffix_note(kind, path.suffix.lower())
    notes = [n for n in (mismatch, note) if n]
    return Sniffed(kind, path, "; ".join(notes) if notes else None)


def decode_text(data: bytes, display: str) -> DecodedText:
    """Decode a delimited text file and find its delimiter, or raise ReadError when the bytes are not text.

    Encodings tried: a BOM (UTF-8, UTF-16, UTF-32), UTF-16 without a BOM (from its NUL bytes), strict UTF-8,
    cp1252, then latin-1. Newlines become LF; trailing NUL padding is dropped; an Excel ``sep=;`` first
    line sets the delimiter and is removed (Excel does not show it as a row).
    """
    name = _one_line(display)
    text, encoding = _decode(data, final=True)
    if _is_binary(text):
        raise ReadError(f"{name}: is not a spreadsheet or text file; give an .xlsx, .ods, .xls or .csv file")
    text = text.rstrip("\x00").replace("\r\n", "\n").replace("\r", "\n")
    hint = re.match(r"sep=(.)\n", text)
    if hint and hint.group(1) in ",;\t|":
        return DecodedText(text[hint.end() :], encoding, hint.group(1))
    return DecodedText(text, encoding, _delimiter(text, Path(display).suffix.lower()))


# ---------------------------------------------------------------------------------------------- dispatch


def _classify(f: IO[bytes], size: int, path: Path) -> tuple[Kind, str | None]:
    """The kind of the open file and a note, from its magic bytes and structure."""
    head = f.read(HEAD_BYTES)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(f, size)
    if head.startswith(_CFB_MAGIC):
        return _cfb_kind(f, size), None
    biff = _raw_biff(head)
    if biff is not None:
        return "xls", biff
    other = _other_format(head, size)
    if other is not None:
        raise _Refused(other)
    text, _ = _decode(head, final=len(head) >= size)
    if _is_binary(text):
        raise _Refused("is not a spreadsheet or text file; give an .xlsx, .ods, .xls or .csv file")
    return "text", None


_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_ARCHIVES = {
    b"\x1f\x8b": "is a gzip archive, not a spreadsheet; decompress it first",
    b"7z\xbc\xaf\x27\x1c": "is a 7z archive, not a spreadsheet; extract the spreadsheet from it first",
    b"Rar!\x1a\x07": "is a RAR archive, not a spreadsheet; extract the spreadsheet from it first",
    b"\xfd7zXZ\x00": "is an xz archive, not a spreadsheet; decompress it first",
}


def _other_format(head: bytes, size: int) -> str | None:
    """Why a known non-spreadsheet format is refused, or None."""
    for magic, reason in _ARCHIVES.items():
        if head.startswith(magic):
            return reason
    if re.match(rb"BZh[1-9]1AY&SY", head):
        return "is a bzip2 archive, not a spreadsheet; decompress it first"
    if head.startswith(b"%PDF-"):
        return "is a PDF document, not a spreadsheet; export the table as .xlsx or .csv from where it was made"
    bmp = head.startswith(b"BM") and len(head) >= 6 and struct.unpack_from("<I", head, 2)[0] == size
    webp = head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    if head.startswith(_IMAGES) or bmp or webp:
        return "is an image, not a spreadsheet; give the spreadsheet the table came from"
    text, _ = _decode(head[:8192], final=False)
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("{\\rtf"):
        return "is an RTF document, not a spreadsheet; save the table as .xlsx or .csv"
    if start.startswith("id;p"):
        return f"is a SYLK file, not a supported spreadsheet; {_SAVE_AS}"
    if start.startswith("mime-version:"):
        return f"is a web archive (MHTML) saved with a spreadsheet extension; {_SAVE_AS}"
    if not start.startswith("<"):
        return None
    if any(tag in start for tag in ("<html", "<table", "<!doctype html", "<head>", "<body", "<meta ")):
        return f"is an HTML page saved with a spreadsheet extension; {_SAVE_AS}"
    if "urn:schemas-microsoft-com:office:spreadsheet" in start or 'progid="excel.sheet"' in start:
        return f"is an Excel 2003 XML spreadsheet, which is not supported; {_SAVE_AS}"
    if "opendocument.spreadsheet" in start:
        return "is a flat OpenDocument spreadsheet (.fods); open it in LibreOffice and save it as .ods"
    if start.startswith("<?xml"):
        return f"is an XML file, not a spreadsheet; {_SAVE_AS}"
    return None


def _suffix_note(kind: Kind, suffix: str) -> str | None:
    """A note when the file's extension does not match what it really is."""
    if suffix in _EXPECTED_SUFFIXES[kind]:
        return None
    what = "a text file" if kind == "text" else f"an {_LABELS[kind]} file"
    named = f"named {suffix}" if suffix else "with no extension"
    return f"{what} {named}: read as {_LABELS[kind]}"


# --------------------------------------------------------------------------------------------------- zip

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


def _zip_kind(f: IO[bytes], size: int) -> tuple[Kind, str | None]:
    """Classify and check a zip-based file (xlsx, xlsm, ods), refusing other zips, encryption and bombs."""
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as zf:
            infos = zf.infolist()
            declared = _zip_declared_entries(f, size)
            if declared is not None and declared != len(infos):
                raise _Damaged
            if len(infos) > MAX_ZIP_MEMBERS:
                raise _Refused(f"has {len(infos):,} parts, more than a spreadsheet has; refused")
            if any(i.flag_bits & 0x1 for i in infos):
                raise _Refused("the file is password-protected (encrypted); save an unprotected copy and try again")
            _check_bomb(infos, size)
            kind = _zip_format(zf, infos)
            if kind == "ods" and b"encryption-data" in _member_prefix(zf, infos, "META-INF/manifest.xml", 1 << 20):
                raise _Refused(_PROTECTED)
            for info in infos:
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise _Refused(f"a part uses an unusual zip compression ({info.compress_type}); {_SAVE_AS}")
            for info in infos:
                if not info.is_dir() and info.file_size > 0:
                    _scan_xml_member(zf, info)
            return kind, None
    except NotImplementedError:
        raise _Refused(f"uses an unsupported zip feature; {_SAVE_AS}") from None
    except _ZIP_ERRORS:
        raise _Damaged from None


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


def _check_bomb(infos: list[zipfile.ZipInfo], size: int) -> None:
    """Refuse members whose declared sizes or layout (overlapping data) make a decompression bomb."""
    bomb = "looks like a decompression bomb"
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > defaults.MAX_UNZIPPED_BYTES:
            raise _Refused(f"{bomb} (a part unpacks to {_mb(info.file_size)}); refused")
        if info.file_size > RATIO_MIN_BYTES and info.file_size > info.compress_size * defaults.MAX_COMPRESSION_RATIO:
            raise _Refused(f"{bomb} (a part is compressed over {defaults.MAX_COMPRESSION_RATIO} times); refused")
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise _Damaged
    if total > defaults.MAX_UNZIPPED_BYTES * TOTAL_UNZIPPED_FACTOR:
        raise _Refused(f"{bomb} (its parts unpack to {_mb(total)}); refused")
    end = -1
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset < end:
            raise _Refused(f"{bomb} (its parts overlap); refused")
        name_bytes = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
        end = info.header_offset + 30 + len(name_bytes) + info.compress_size  # a lower bound of its end
        if end > size:
            raise _Damaged


def _zip_format(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Kind:
    """xlsx, xlsm or ods from the member names and the small manifest parts; refuses any other zip."""
    names = {i.filename.casefold() for i in infos}
    types = _member_prefix(zf, infos, "[Content_Types].xml", 1 << 18).lower()
    if b"sheet.binary.macroenabled" in types or ("xl/workbook.bin" in names and "xl/workbook.xml" not in names):
        raise _Refused(f"is an Excel binary workbook (.xlsb), which is not supported; {_SAVE_AS}")
    if "xl/workbook.xml" in names or b"spreadsheetml.sheet.main" in types or b"excel.sheet.macroenabled" in types:
        macro = b"macroenabled" in types or "xl/vbaproject.bin" in names
        return "xlsm" if macro else "xlsx"
    mime = _member_prefix(zf, infos, "mimetype", 256).strip().decode("ascii", "replace")
    manifest = _member_prefix(zf, infos, "META-INF/manifest.xml", 1 << 20)
    if mime.startswith(_ODS_MIME) or (not mime and "content.xml" in names and _ODS_MIME.encode() in manifest):
        return "ods"
    if not infos:
        raise _Refused("is an empty zip archive, not a spreadsheet")
    if "word/document.xml" in names or mime.startswith("application/vnd.oasis.opendocument.text"):
        what = "it is a word-processing document; save the table as .xlsx or .csv"
    elif "ppt/presentation.xml" in names or mime.startswith("application/vnd.oasis.opendocument.presentation"):
        what = "it is a presentation; save the table as .xlsx or .csv"
    elif any(n.startswith("index/") and n.endswith(".iwa") for n in names):
        what = "it is an Apple Numbers document; export it as .xlsx"
    else:
        files = [i.filename for i in infos if not i.is_dir()]
        shown = ", ".join(_one_line(n) for n in files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        what = f"it holds {shown}; unzip it and give the spreadsheet inside"
    raise _Refused(f"is a zip archive, not a spreadsheet ({what})")


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


def _scan_xml_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse entity declarations in an XML part; check the size of sheets and of the shared-string table."""
    with zf.open(info) as member:
        first = member.read(4096)
        encoding = _xml_encoding(first)
        if encoding is None:
            return
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        text = decoder.decode(first)
        more = b"-"
        try:
            root = _xml_root(text)
            while root is None and more and len(text) < MAX_XML_PROLOG_BYTES:
                more = member.read(65536)
                text += decoder.decode(more, final=not more)
                root = _xml_root(text)
        except _Refused as exc:
            raise _Refused(f"{_one_line(info.filename)} {exc}") from None
        if root is None:
            if more:
                raise _Refused(f"{_one_line(info.filename)} has no XML element in its first MB; refused as hostile")
            return
    local, tag = root
    if not DEEP_SCAN and local != "sst":
        return
    if local in ("worksheet", "dialogsheet", "macrosheet"):
        _check_xlsx_sheet(zf, info, encoding)
    elif local == "document-content" or local == "document":
        _check_ods_content(zf, info, encoding)
    elif local == "sst":
        _check_shared_strings(tag, info)


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

    Raises _Refused for entity declarations or a DTD internal subset in the prolog.
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
                raise _Refused("contains XML entity declarations (a known attack); refused")
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


def _check_shared_strings(tag: str, info: zipfile.ZipInfo) -> None:
    """Refuse a shared-string table declaring more strings than its size can hold (python-calamine reserves them)."""
    found = re.search(r"\suniqueCount\s*=\s*[\"']\s*(\d+)", tag)
    if found is None:
        return
    declared = int(found.group(1))
    if declared > min(info.file_size // 4 + 1000, defaults.MAX_SHEET_CELLS):
        raise _Refused(
            f"its shared-string table declares {declared:,} strings, more than its size can hold; "
            "refused as damaged or hostile"
        )


# Sheet grids: the bounding box of the cells that hold something, computed by streaming the whole part.
# python-calamine allocates that whole box (xlsx: the process aborts when it cannot), so it is checked
# before any parser runs. A C-speed certificate covers ordinary sheets; the exact tag-by-tag scan runs
# only where the certificate fails (cells without coordinates, cells far out, repeated ODS rows).

_ATTRS = rb"((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)"  # possessive: no backtracking on hostile input
_XLSX_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c)(?=[\s/>])" + _ATTRS + rb">")
_XLSX_REF = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_XLSX_REF_PARTS = re.compile(rb"\s*\$?([A-Za-z]*)\$?(\d*)")
_XLSX_LETTERS = re.compile(rb' r="([A-Z]+)\d')
_XLSX_NO_LEADING_REF = re.compile(rb'<(?:c|row)(?=[\s/>])(?! r=")')
_XLSX_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")
_ODS_TAG = re.compile(
    rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])" + _ATTRS + rb">"
)
_ODS_ROWS = re.compile(rb"number-rows-repeated\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ODS_COLS = re.compile(rb"number-columns-repeated\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ODS_VALUE = re.compile(rb"value-type\s*=")
_ODS_NAME = re.compile(rb"(?:^|\s)(?:[\w.\-]+:)?name\s*=\s*\"([^\"]*)\"")
_ROW_START = b"<table:table-row"
_CHUNK = 1 << 20


class _Grid:
    """Bounding box of the cells holding something in a sheet, fed tag by tag."""

    def __init__(self) -> None:
        self.sheet = ""
        self.top = self.left = sys.maxsize
        self.bottom = self.right = -1

    def touch(self, row0: int, row1: int, col0: int, col1: int) -> None:
        """Extend the box over rows row0..row1 and columns col0..col1 (0-based, inclusive)."""
        self.top = min(self.top, row0)
        self.left = min(self.left, col0)
        self.bottom = max(self.bottom, row1)
        self.right = max(self.right, col1)

    def check(self, part: str) -> None:
        """Refuse a grid larger than defaults.MAX_SHEET_CELLS."""
        if self.bottom < 0:
            return
        rows, cols = self.bottom - self.top + 1, self.right - self.left + 1
        if rows * cols > defaults.MAX_SHEET_CELLS:
            where = f"sheet '{_one_line(self.sheet)}'" if self.sheet else f"a sheet ({_one_line(part)})"
            span = f"{column_letter(self.left)}{self.top + 1}:{column_letter(self.right)}{self.bottom + 1}"
            raise _Refused(
                f"{where} has values spread over {span} ({_plural(rows, 'row')} x {_plural(cols, 'column')}), "
                f"more than the {defaults.MAX_SHEET_CELLS:,} cells this tool reads; "
                "delete the stray cells far from the table and save again"
            )


class _XlsxGrid(_Grid):
    """Grid of an xlsx worksheet: cells that are not self-closing (empty styled cells hold nothing)."""

    def __init__(self) -> None:
        super().__init__()
        self.row = -1
        self.col = -1

    def feed(self, chunk: bytes) -> None:
        """Account for every ``<row>`` and ``<c>`` start tag of `chunk` (every ``r=`` of a tag, if repeated)."""
        for match in _XLSX_TAG.finditer(chunk):
            attrs = match.group(2)
            refs = [_ref_parts(_attr_value(m)) for m in _XLSX_REF.finditer(attrs)] or [(b"", b"")]
            if match.group(1) == b"row":
                self.row = max(int(d) - 1 if d else self.row + 1 for _, d in refs)
                self.col = -1
                continue
            has_value = not attrs.rstrip().endswith(b"/")
            implied = self.col + 1
            for letters, digits in refs:
                self.col = _column_index(letters) if letters else implied
                row = int(digits) - 1 if digits else self.row
                if has_value:
                    self.touch(row, row, self.col, self.col)


class _OdsGrid(_Grid):
    """Grid of the tables of an ODS content.xml; repeated empty rows and cells cost nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.row = 0
        self.col = 0
        self.repeat = 1
        self.content = False
        self.most_repeated = 1  # most repetitions of one row holding values, in the current table

    def check(self, part: str) -> None:
        """Refuse a grid too large (see _Grid.check), then a row with values repeated beyond the limit."""
        super().check(part)
        if self.most_repeated > defaults.MAX_REPEATED_ROWS:
            where = f"sheet '{_one_line(self.sheet)}'" if self.sheet else f"a sheet ({_one_line(part)})"
            raise _Refused(
                f"{where} repeats one row of values {self.most_repeated:,} times (more than "
                f"{defaults.MAX_REPEATED_ROWS:,}); a real submission does not repeat an activity like that"
            )

    def feed(self, chunk: bytes) -> None:
        """Account for every table, row and cell tag of `chunk`."""
        for match in _ODS_TAG.finditer(chunk):
            self._tag(match.group(1), match.group(2), match.group(3))

    def fast_chunk(self, chunk: bytes) -> bool:
        """Account for a chunk of whole rows by counting (a conservative box); False when it needs the exact scan.

        Only rows without repetitions qualify, except an empty self-closing cell repeated at the end of a row
        (what LibreOffice writes): every row then counts as holding values, over as many columns as its
        length allows (or, when that bound is too loose, as its cell tags).
        """
        if not chunk.startswith(_ROW_START) or b"table:table " in chunk or b"</table:table>" in chunk:
            return False
        if not _trailing_repeats_only(chunk):
            return False
        rows = chunk.split(_ROW_START)[1:]
        if b"</table:table-row>" not in rows[-1]:
            return False  # a row longer than a chunk continues in the next one: count it tag by tag
        widest = max(map(len, rows)) // 19 + 1
        if (self.row + len(rows)) * widest > defaults.MAX_SHEET_CELLS:
            widest = max(row.count(b"table-cell") for row in rows)
        self.touch(self.row, self.row + len(rows) - 1, 0, widest - 1)
        self.row += len(rows)
        return True

    def _tag(self, closing: bytes, local: bytes, attrs: bytes) -> None:
        """Account for one table, row or cell tag."""
        empty = attrs.rstrip().endswith(b"/")
        if local == b"table":
            if not closing:
                self.check("content.xml")
                self.top = self.left = sys.maxsize
                self.bottom = self.right = -1
                self.most_repeated = 1
                named = _ODS_NAME.search(attrs)
                self.sheet = named.group(1).decode("utf-8", "replace") if named else ""
                self.row = 0
            return
        if local == b"table-row":
            if closing:
                self._end_row()
                return
            self.repeat = _repeat(_ODS_ROWS.search(attrs))
            self.col = 0
            self.content = False
            if empty:
                self._end_row()
            return
        if closing:
            return
        span = _repeat(_ODS_COLS.search(attrs))
        if not empty or _ODS_VALUE.search(attrs):
            self.content = True
            self.touch(self.row, self.row, self.col, self.col + span - 1)
        self.col += span

    def _end_row(self) -> None:
        """Close a row: a row holding something extends the box over all its repetitions."""
        if self.content:
            self.most_repeated = max(self.most_repeated, self.repeat)
        if self.content and self.repeat > 1:
            self.touch(self.row, self.row + self.repeat - 1, self.left, self.right)
        self.row += self.repeat
        self.repeat = 1
        self.content = False


def _check_xlsx_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, encoding: str) -> None:
    """Refuse a worksheet whose values span more than defaults.MAX_SHEET_CELLS cells."""
    if encoding in ("utf-8", "utf-8-sig") and _xlsx_certified(zf, info):
        return
    grid = _XlsxGrid()
    for chunk in _chunks(zf, info, encoding, b"<"):
        grid.feed(chunk)
    grid.check(info.filename)


def _xlsx_certified(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a C-speed pass proves the sheet small.

    True when every row and cell tag is unprefixed and starts with a plain ``r="..."`` (as Excel, LibreOffice
    and the Python writers do) and no reference lies beyond a box of at most defaults.MAX_SHEET_CELLS cells (its width
    fixed from the columns of the first chunk). Anything else leaves the decision to the exact pass.
    """
    beyond: re.Pattern[bytes] | None = None
    for chunk in _chunks(zf, info, "utf-8", b"<"):
        if beyond is None:
            letters = _XLSX_LETTERS.findall(chunk)
            widest = max((_column_index(x) for x in set(letters)), default=0)
            cols = max(64, widest + 1)
            rows = defaults.MAX_SHEET_CELLS // cols
            if rows < 1:
                return False
            beyond = re.compile(
                rb' r="(?:[A-Z]*'
                + _greater_number(rows)
                + rb'"|'
                + _greater_letters(cols - 1)
                + rb"\d|(?![A-Z]*\d+\"))"
            )
        if _XLSX_NO_LEADING_REF.search(chunk) or _XLSX_PREFIXED.search(chunk) or beyond.search(chunk):
            return False
    return True


def _greater_number(n: int) -> bytes:
    """A regex matching a run of digits whose value is above `n` (leading zeros count as above)."""
    digits = str(n)
    width = len(digits)
    alternatives = [rf"\d{{{width + 1},}}"]
    for i, ch in enumerate(digits):
        if ch != "9":
            alternatives.append(f"{digits[:i]}[{int(ch) + 1}-9]" + rf"\d{{{width - i - 1}}}")
    return ("(?:" + "|".join(alternatives) + ")").encode()


def _greater_letters(index: int) -> bytes:
    """A regex matching a run of column letters beyond the 0-based column `index`."""
    letters = column_letter(index)
    width = len(letters)
    alternatives = [f"[A-Z]{{{width + 1},}}"]
    for i, ch in enumerate(letters):
        if ch != "Z":
            alternatives.append(f"{letters[:i]}[{chr(ord(ch) + 1)}-Z][A-Z]{{{width - i - 1}}}")
    return ("(?:" + "|".join(alternatives) + ")").encode()


def _check_ods_content(zf: zipfile.ZipFile, info: zipfile.ZipInfo, encoding: str) -> None:
    """Refuse an ODS table whose values (repetitions included) span more than defaults.MAX_SHEET_CELLS cells.

    A first pass counts ordinary rows in bulk (a conservative box); only when that box is too large
    does the exact tag-by-tag pass decide.
    """
    try:
        _ods_pass(zf, info, encoding, fast=True)
    except _Refused:
        _ods_pass(zf, info, encoding, fast=False)


def _ods_pass(zf: zipfile.ZipFile, info: zipfile.ZipInfo, encoding: str, *, fast: bool) -> None:
    """One pass of the ODS grid check."""
    grid = _OdsGrid()
    for chunk in _chunks(zf, info, encoding, _ROW_START):
        if not (fast and grid.fast_chunk(chunk)):
            grid.feed(chunk)
    grid.check(info.filename)


def _trailing_repeats_only(chunk: bytes) -> bool:
    """Whether every repetition in `chunk` is an empty self-closing cell ending its row."""
    pos = chunk.find(b"-repeated")
    while pos >= 0:
        start, end = chunk.rfind(b"<", 0, pos), chunk.find(b">", pos)
        if start < 0 or end < 0:
            return False
        tag = chunk[start : end + 1]
        if not (
            tag.startswith(b"<table:table-cell ")
            and tag.endswith(b"/>")
            and b"value-type" not in tag
            and tag.count(b'"') % 2 == 0
            and tag.count(b"'") % 2 == 0
            and chunk.startswith(b"</table:table-row>", end + 1)
        ):
            return False
        pos = chunk.find(b"-repeated", end)
    return True


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, encoding: str, cut: bytes) -> Iterator[bytes]:
    """The part as UTF-8 byte chunks, each ending just before an occurrence of `cut` (so no tag is split).

    After a long stretch without `cut` (over 16 MB), a chunk ends before the last ``<`` instead; a single
    tag that long is refused.
    """
    decoder = None if encoding in ("utf-8", "utf-8-sig") else codecs.getincrementaldecoder(encoding)("replace")
    long_stretch = 16 * _CHUNK
    carry = b""
    with zf.open(info) as member:
        while True:
            raw = member.read(_CHUNK)
            buf = carry + (raw if decoder is None else decoder.decode(raw, final=not raw).encode("utf-8"))
            if not raw:
                yield buf
                return
            at = buf.rfind(cut)
            if at <= 0 and len(buf) > long_stretch:
                at = buf.rfind(b"<")
                if at <= 0:
                    if at == 0 and b">" not in buf:
                        raise _Refused(f"{_one_line(info.filename)} has an XML tag over 16 MB; refused as hostile")
                    at = len(buf)  # plain text, or one whole tag then text: nothing to split
            if at > 0:
                yield buf[:at]
                carry = buf[at:]
            else:
                carry = buf


def _attr_value(match: re.Match[bytes]) -> bytes:
    """The value of a matched ``name="value"`` (either quote), with XML character references resolved."""
    raw = match.group(1) if match.group(1) is not None else match.group(2)
    return html.unescape(raw.decode("utf-8", "replace")).encode("utf-8") if b"&" in raw else raw


def _ref_parts(value: bytes) -> tuple[bytes, bytes]:
    """Column letters and row digits of a cell reference like ``$XFD$12`` (either may be empty)."""
    parts = _XLSX_REF_PARTS.match(value)
    return (parts.group(1), parts.group(2)) if parts else (b"", b"")


def _repeat(match: re.Match[bytes] | None) -> int:
    """An ODS repetition count (1 when absent or not a number, as the reader would then fail anyway)."""
    if match is None:
        return 1
    value = _attr_value(match).strip().removeprefix(b"+")  # Rust's usize parser accepts a leading '+'
    return max(1, int(value)) if value.isdigit() else 1


def _column_index(letters: bytes) -> int:
    """0-based index of column letters (A -> 0, XFD -> 16383)."""
    index = 0
    for ch in letters.upper()[:8]:
        index = index * 26 + ch - 64
    return index - 1


# --------------------------------------------------------------------------------------------- OLE2 / CFB

_CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_ENDOFCHAIN = 0xFFFFFFFE
_NOSTREAM = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class _Entry:
    """One directory entry of a compound file."""

    name: str
    kind: int
    left: int
    right: int
    child: int
    start: int
    size: int


class _Cfb:
    """A minimal, bounded reader of OLE2 compound files: the directory and the first bytes of a stream."""

    def __init__(self, f: IO[bytes], size: int) -> None:
        self.f = f
        header = self._read(0, 512)
        byte_order, shift, mini_shift = struct.unpack_from("<HHH", header, 28)
        if byte_order != 0xFFFE or shift not in (9, 12) or mini_shift != 6:
            raise _Damaged
        self.ss = 1 << shift
        n_fat, first_dir, _, self.cutoff, first_minifat, n_minifat, first_difat, n_difat = struct.unpack_from(
            "<8I", header, 44
        )
        self.nsect = max(0, (size - self.ss + self.ss - 1) // self.ss)
        per_sector = self.ss // 4
        if n_fat == 0 or n_fat > self.nsect // per_sector + 2 or n_difat > n_fat or n_minifat > self.nsect:
            raise _Damaged
        fat_sectors = list(struct.unpack_from("<109I", header, 76))[: min(n_fat, 109)]
        sector = first_difat
        for _ in range(n_difat):
            if len(fat_sectors) >= n_fat:
                break
            values = self._sector_words(sector)
            fat_sectors.extend(values[:-1])
            sector = values[-1]
        fat_sectors = fat_sectors[:n_fat]
        if len(fat_sectors) < n_fat:
            raise _Damaged
        self.fat = array("I")
        for sector in fat_sectors:
            self.fat.frombytes(self._sector(sector))
        if sys.byteorder != "little":
            self.fat.byteswap()
        dir_sectors = self._chain(first_dir, CFB_MAX_DIR_BYTES // self.ss)
        raw = b"".join(self._sector(s) for s in dir_sectors)
        self.entries = [self._entry(raw, at) for at in range(0, len(raw) - 127, 128)]
        if not self.entries or self.entries[0].kind != 5:
            raise _Damaged
        self.first_minifat, self.n_minifat = first_minifat, n_minifat

    def _read(self, offset: int, length: int) -> bytes:
        """Exactly `length` bytes at `offset`, or _Damaged."""
        self.f.seek(offset)
        data = self.f.read(length)
        if len(data) != length:
            raise _Damaged
        return data

    def _sector(self, index: int) -> bytes:
        """The bytes of one regular sector (the last one may be short: writers need not pad it)."""
        if index >= self.nsect:
            raise _Damaged
        self.f.seek((index + 1) * self.ss)
        data = self.f.read(self.ss)
        if len(data) != self.ss and index != self.nsect - 1:
            raise _Damaged
        return data.ljust(self.ss, b"\0")

    def _sector_words(self, index: int) -> tuple[int, ...]:
        """One sector as little-endian 32-bit words."""
        words: tuple[int, ...] = struct.unpack(f"<{self.ss // 4}I", self._sector(index))
        return words

    def _chain(self, start: int, count: int, fat: array[int] | None = None) -> list[int]:
        """Up to `count` sectors of the chain starting at `start`; a loop or a sector out of range is damage."""
        table = self.fat if fat is None else fat
        out: list[int] = []
        seen: set[int] = set()
        sector = start
        while sector != _ENDOFCHAIN and len(out) < count:
            if sector >= len(table) or sector in seen:
                raise _Damaged
            seen.add(sector)
            out.append(sector)
            sector = table[sector]
        return out

    @staticmethod
    def _entry(raw: bytes, at: int) -> _Entry:
        """Decode the 128-byte directory entry at `at`."""
        name_len = min(struct.unpack_from("<H", raw, at + 64)[0], 64)
        name = raw[at : at + max(0, name_len - 2)].decode("utf-16-le", "replace")
        kind = raw[at + 66]
        left, right, child = struct.unpack_from("<III", raw, at + 68)
        start, size = struct.unpack_from("<IQ", raw, at + 116)
        return _Entry(name, kind, left, right, child, start, size & 0xFFFFFFFF)

    def top_level(self) -> dict[str, _Entry]:
        """The entries directly under the root storage, by case-folded name."""
        found: dict[str, _Entry] = {}
        seen: set[int] = set()
        stack = [self.entries[0].child]
        while stack:
            index = stack.pop()
            if index == _NOSTREAM or index in seen or index >= len(self.entries):
                continue
            seen.add(index)
            entry = self.entries[index]
            if entry.kind in (1, 2):
                found.setdefault(entry.name.casefold(), entry)
            stack.extend((entry.left, entry.right))
        return found

    def read_stream(self, entry: _Entry, limit: int) -> bytes:
        """The first `limit` bytes (at most) of a stream."""
        want = min(entry.size, limit)
        if entry.size >= self.cutoff:
            sectors = self._chain(entry.start, (want + self.ss - 1) // self.ss)
            return b"".join(self._sector(s) for s in sectors)[:want]
        root = self.entries[0]
        minifat = array("I")
        for sector in self._chain(self.first_minifat, min(self.n_minifat, CFB_MAX_DIR_BYTES // self.ss)):
            minifat.frombytes(self._sector(sector))
        if sys.byteorder != "little":
            minifat.byteswap()
        minis = self._chain(entry.start, (want + 63) // 64, minifat)
        per = self.ss // 64
        needed = max(minis, default=0) // per + 1
        container = self._chain(root.start, needed)
        out = bytearray()
        for mini in minis:
            if mini // per >= len(container):
                raise _Damaged
            at = (container[mini // per] + 1) * self.ss + (mini % per) * 64
            out += self._read(at, 64)
        return bytes(out[:want])


def _cfb_kind(f: IO[bytes], size: int) -> Kind:
    """Classify an OLE2 compound file: an .xls workbook, or a refusal (encrypted, other Office document)."""
    try:
        cfb = _Cfb(f, size)
        top = cfb.top_level()
        book = top.get("workbook") or top.get("book")
        records = cfb.read_stream(book, BIFF_SCAN_BYTES) if book is not None and book.kind == 2 else None
        whole = cfb.read_stream(book, size) if DEEP_SCAN and records is not None and book is not None else None
    except (struct.error, IndexError, ValueError, OverflowError, MemoryError):
        raise _Damaged from None
    if "encryptedpackage" in top or "encryptioninfo" in top:
        raise _Refused(_PROTECTED)
    if records is not None:
        if not records.startswith(b"\x09\x08"):
            raise _Damaged
        if _biff_encrypted(records):
            raise _Refused(_PROTECTED)
        if whole is not None:
            _check_biff_grid(whole)
        return "xls"
    if "worddocument" in top:
        raise _Refused("is a Word document (.doc), not a spreadsheet; save the table as .xlsx or .csv")
    if "powerpoint document" in top:
        raise _Refused("is a PowerPoint presentation, not a spreadsheet; save the table as .xlsx or .csv")
    raise _Refused("is an OLE document of another program, not a spreadsheet; save the table as .xlsx or .csv")


def _biff_encrypted(records: bytes) -> bool:
    """Whether the BIFF records of a workbook's globals include FILEPASS (0x002F) before their EOF."""
    pos = 0
    while pos + 4 <= len(records):
        rtype, rlen = struct.unpack_from("<HH", records, pos)
        if rtype == 0x002F:
            return True
        if rtype == 0x000A and pos > 0:
            return False
        pos += 4 + rlen
    return False


# BIFF5/8 cell records (each starts with row, column): NUMBER, LABEL, LABELSST, RK, BLANK, FORMULA, BOOLERR, RSTRING,
# and MULRK / MULBLANK (row, first column, ..., last column).
_BIFF_CELLS = frozenset({0x0203, 0x0204, 0x00FD, 0x027E, 0x0201, 0x0006, 0x0205, 0x00D6})
_BIFF_MULTI = frozenset({0x00BD, 0x00BE})


def _check_biff_grid(stream: bytes) -> None:
    """Refuse an .xls sheet whose cells span more than defaults.MAX_SHEET_CELLS (the reader allocates the whole box)."""
    pos = 0
    box: list[int] | None = None  # min row, max row, min col, max col of the current sheet

    def check() -> None:
        if box is not None and (box[1] - box[0] + 1) * (box[3] - box[2] + 1) > defaults.MAX_SHEET_CELLS:
            raise _Refused(
                f"a sheet's values span more than the {defaults.MAX_SHEET_CELLS:,} cells this tool reads; "
                "remove stray values far from the table and save again"
            )

    while pos + 4 <= len(stream):
        rtype, rlen = struct.unpack_from("<HH", stream, pos)
        body = pos + 4
        if body + rlen > len(stream):
            break
        if rtype == 0x0809:  # BOF: a new substream
            check()
            box = None
        elif (rtype in _BIFF_CELLS and rlen >= 4) or (rtype in _BIFF_MULTI and rlen >= 6):
            row, col = struct.unpack_from("<HH", stream, body)
            last = struct.unpack_from("<H", stream, body + rlen - 2)[0] if rtype in _BIFF_MULTI else col
            if box is None:
                box = [row, row, col, max(col, last)]
            else:
                box = [min(box[0], row), max(box[1], row), min(box[2], col), max(box[3], col, last)]
        pos = body + rlen
    check()


_BIFF_BOF = {0x0009: (4,), 0x0209: (6,), 0x0409: (6,), 0x0809: (8, 16)}


def _raw_biff(head: bytes) -> str | None:
    """A note when `head` starts a bare BIFF stream (Excel 2.x-4.x; or 5+ outside a compound file, which is rare)."""
    if len(head) < 8:
        return None
    rtype, rlen = struct.unpack_from("<HH", head, 0)
    if rlen not in _BIFF_BOF.get(rtype, ()):
        return None
    substream = struct.unpack_from("<H", head, 6)[0]
    if substream not in (0x0005, 0x0010, 0x0020, 0x0040, 0x0100):
        return None
    if _biff_encrypted(head):
        raise _Refused(_PROTECTED)
    return "an Excel 2.x-4.x file (bare BIFF records, no OLE2 container): python-calamine cannot read it, xlrd can"


# -------------------------------------------------------------------------------------------------- text


def _decode(data: bytes, *, final: bool) -> tuple[str, str]:
    """Decode `data` (a whole file when `final`, else a prefix) and return the text and the encoding used."""
    encoding = _text_encoding(data)
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        return decoder.decode(data, final=final), encoding
    except UnicodeDecodeError:
        pass
    if encoding == "utf-8":
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(data, final=final), encoding


def _text_encoding(data: bytes) -> str:
    """The encoding from a BOM or from the NUL pattern of UTF-16 without BOM; else utf-8 (checked later)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be"
    return "utf-8"


_CONTROL = re.compile(r"[\x01-\x08\x0e-\x19\x1b-\x1f\x7f\x80-\x9f]")


def _is_binary(text: str) -> bool:
    """Whether decoded text is really binary: NUL characters (not trailing padding) or many control characters."""
    body = text.rstrip("\x00")
    if "\x00" in body:
        return True
    controls = len(_CONTROL.findall(body, 0, 65536))
    return controls > 8 and controls > 0.01 * min(len(body), 65536)


_DELIMITERS = (",", ";", "\t", "|")


def _delimiter(text: str, suffix: str) -> str:
    """The delimiter whose field count is most consistent across the first records (quotes respected)."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    order = ("\t", ",", ";", "|") if suffix in (".tsv", ".tab") else _DELIMITERS
    scores: dict[str, tuple[float, int]] = {}
    for delim in order:
        counts: list[int] = []
        try:
            for row in csv.reader(io.StringIO(sample), delimiter=delim, quotechar='"', strict=False):
                if row and any(cell.strip() for cell in row):
                    counts.append(len(row) - 1)
                if len(counts) >= 100:
                    break
        except csv.Error:
            pass
        positive = Counter(c for c in counts if c > 0)
        if not positive:
            continue
        mode = max(positive, key=lambda c: (positive[c], c))
        scores[delim] = (positive[mode] / len(counts), mode)
    if not scores:
        return order[0]
    best = max(consistency for consistency, _ in scores.values())
    close = [d for d in order if d in scores and scores[d][0] >= best - 0.1]
    return max(close, key=lambda d: scores[d][1])


# ----------------------------------------------------------------------------------------------- helpers


def _one_line(text: str) -> str:
    """`text` with control characters (newlines included) replaced so a message stays on one line."""
    return re.sub(r"[\x00-\x1f\x7f]", "?", text)


def _plural(count: int, noun: str) -> str:
    """``1 row``, ``2,000 rows``."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def _mb(size: int) -> str:
    """A byte count in readable units."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):,.1f} MB"
    if size >= 1024:
        return f"{size / 1024:,.1f} KB"
    return f"{size:,} bytes"
