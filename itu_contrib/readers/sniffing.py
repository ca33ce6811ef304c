"""What an input file really is, decided from its content; unreadable or hostile files are refused here."""

from __future__ import annotations

import re
import stat
import struct
from pathlib import Path
from typing import IO

from itu_contrib.defaults import Limits
from itu_contrib.errors import ReadError

from .archive import zip_kind
from .base import DAMAGED, SAVE_AS, Damaged, Kind, Refused, Sniffed, mb, one_line
from .ole2 import CFB_MAGIC, cfb_kind, raw_biff
from .registry import FORMATS
from .text import decode, is_binary

#: Bytes read from the start of a file to decide what it is (and to classify text).
HEAD_BYTES = 64 * 1024


def sniff(path: Path, display: str | None = None, *, limits: Limits | None = None) -> Sniffed:
    """Decide what `path` is from its content, or raise ReadError with one line naming it and the reason.

    Only headers and bounded prefixes are read; the file is opened read-only and never changed.
    `limits` (the defaults when None) bound what is read and accepted.
    """
    name = one_line(display if display is not None else path.name)
    limits = limits or Limits()
    limit = limits.max_file_bytes
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(f"{name}: file not found; check the path") from None
    except PermissionError:
        raise ReadError(f"{name}: permission denied; check that you may read it") from None
    except OSError as exc:
        raise ReadError(f"{name}: cannot be read ({one_line(exc.strerror or str(exc))})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(f"{name}: is a folder, not a file; give the spreadsheet files inside it")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(f"{name}: is not a regular file; give a spreadsheet file")
    size = info.st_size
    if size == 0:
        raise ReadError(f"{name}: the file is empty; check that it was saved completely", code="empty-file")
    if size > limit:
        raise ReadError(
            f"{name}: the file is {mb(size)}, larger than the {mb(limit)} limit; "
            "split it or remove what is not activity data",
            code="file-too-large",
        )
    try:
        with open(path, "rb") as f:
            kind = _classify(f, size, limits)
    except Refused as exc:
        raise ReadError(f"{name}: {exc}", code=exc.code) from None
    except Damaged:
        raise ReadError(f"{name}: {DAMAGED}") from None
    except PermissionError:
        raise ReadError(f"{name}: permission denied; check that you may read it") from None
    except OSError as exc:
        raise ReadError(f"{name}: cannot be read ({one_line(exc.strerror or str(exc))})") from None
    return Sniffed(kind, path, _suffix_note(kind, path.suffix.lower()))


# ---------------------------------------------------------------------------------------------- dispatch


def _classify(f: IO[bytes], size: int, limits: Limits) -> Kind:
    """The kind of the open file, from its magic bytes and structure."""
    head = f.read(HEAD_BYTES)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return zip_kind(f, size, limits)
    if head.startswith(CFB_MAGIC):
        return cfb_kind(f, size, limits)
    if raw_biff(head):
        return "xls"
    other = _other_format(head, size)
    if other is not None:
        raise Refused(other)
    text, _ = decode(head, final=len(head) >= size)
    if is_binary(text):
        raise Refused("is not a spreadsheet or text file; give an .xlsx, .ods, .xls or .csv file")
    return "text"


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
    text, _ = decode(head[:8192], final=False)
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("{\\rtf"):
        return "is an RTF document, not a spreadsheet; save the table as .xlsx or .csv"
    if start.startswith("id;p"):
        return f"is a SYLK file, not a supported spreadsheet; {SAVE_AS}"
    if start.startswith("mime-version:"):
        return f"is a web archive (MHTML) saved with a spreadsheet extension; {SAVE_AS}"
    if not start.startswith("<"):
        return None
    if any(tag in start for tag in ("<html", "<table", "<!doctype html", "<head>", "<body", "<meta ")):
        return f"is an HTML page saved with a spreadsheet extension; {SAVE_AS}"
    if "urn:schemas-microsoft-com:office:spreadsheet" in start or 'progid="excel.sheet"' in start:
        return f"is an Excel 2003 XML spreadsheet, which is not supported; {SAVE_AS}"
    if "opendocument.spreadsheet" in start:
        return "is a flat OpenDocument spreadsheet (.fods); open it in LibreOffice and save it as .ods"
    if start.startswith("<?xml"):
        return f"is an XML file, not a spreadsheet; {SAVE_AS}"
    return None


def _suffix_note(kind: Kind, suffix: str) -> str | None:
    """A note when the file's extension does not match what it really is."""
    fmt = FORMATS[kind]
    if suffix in fmt.suffixes:
        return None
    what = "a text file" if kind == "text" else f"an {fmt.label} file"
    named = f"named {suffix}" if suffix else "with no extension"
    return f"{what} {named}: read as {fmt.label}"
