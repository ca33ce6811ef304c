"""What an input file really is, decided from its content; unreadable or hostile files are refused here."""

from __future__ import annotations

import re
import stat
import struct
from pathlib import Path
from typing import IO

from itu_contrib.defaults import Limits
from itu_contrib.i18n import N_, Text

from .archive import zip_kind
from .base import DAMAGED, SAVE_AS, Damaged, Kind, Reason, Refused, Sniffed, mb, one_line, refusal
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
        raise refusal(name, Text.of("file not found; check the path")) from None
    except PermissionError:
        raise refusal(name, _DENIED) from None
    except OSError as exc:
        raise refusal(name, _cannot_read(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise refusal(name, Text.of("is a folder, not a file; give the spreadsheet files inside it"))
    if not stat.S_ISREG(info.st_mode):
        raise refusal(name, Text.of("is not a regular file; give a spreadsheet file"))
    size = info.st_size
    if size == 0:
        raise refusal(name, Text.of("the file is empty; check that it was saved completely"), "empty-file")
    if size > limit:
        why = Text.of(
            "the file is {size}, larger than the {limit} limit; split it or remove what is not activity data",
            size=mb(size), limit=mb(limit),
        )  # fmt: skip
        raise refusal(name, why, "file-too-large")
    try:
        with open(path, "rb") as f:
            kind, plain = _classify(f, size, limits)
    except Refused as exc:
        raise refusal(name, exc.reason, exc.code) from None
    except Damaged:
        raise refusal(name, DAMAGED) from None
    except PermissionError:
        raise refusal(name, _DENIED) from None
    except OSError as exc:
        raise refusal(name, _cannot_read(exc)) from None
    return Sniffed(kind, path, _suffix_note(kind, path.suffix.lower()), plain_sheets=plain)


_DENIED = Text.of("permission denied; check that you may read it")


def _cannot_read(exc: OSError) -> Text:
    """Why the system could not read the file (its own words, which are the system's language)."""
    return Text.of("cannot be read ({why})", why=one_line(exc.strerror or str(exc)))


# ---------------------------------------------------------------------------------------------- dispatch


def _classify(f: IO[bytes], size: int, limits: Limits) -> tuple[Kind, frozenset[str]]:
    """The kind of the open file, from its magic bytes and structure, and its plain sheet parts (see Sniffed)."""
    head = f.read(HEAD_BYTES)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return zip_kind(f, size, limits)
    if head.startswith(CFB_MAGIC):
        return cfb_kind(f, size, limits), frozenset()
    if raw_biff(head):
        return "xls", frozenset()
    other = _other_format(head, size)
    if other is not None:
        raise Refused(other)
    text, _ = decode(head, final=len(head) >= size)
    if is_binary(text):
        raise Refused(NOT_A_TABLE)
    return "text", frozenset()


_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_DECOMPRESS = N_("is a {kind} archive, not a spreadsheet; decompress it first")
_EXTRACT = N_("is a {kind} archive, not a spreadsheet; extract the spreadsheet from it first")
_ARCHIVES = {
    b"\x1f\x8b": Text.of(_DECOMPRESS, kind="gzip"),
    b"7z\xbc\xaf\x27\x1c": Text.of(_EXTRACT, kind="7z"),
    b"Rar!\x1a\x07": Text.of(_EXTRACT, kind="RAR"),
    b"\xfd7zXZ\x00": Text.of(_DECOMPRESS, kind="xz"),
}
NOT_A_TABLE = Text.of("is not a spreadsheet or text file; give an .xlsx, .ods, .xls or .csv file")


def _other_format(head: bytes, size: int) -> Reason | None:
    """Why a known non-spreadsheet format is refused, or None."""
    for magic, reason in _ARCHIVES.items():
        if head.startswith(magic):
            return reason
    if re.match(rb"BZh[1-9]1AY&SY", head):
        return Text.of(_DECOMPRESS, kind="bzip2")
    if head.startswith(b"%PDF-"):
        return Text.of("is a PDF document, not a spreadsheet; export the table as .xlsx or .csv from where it was made")
    bmp = head.startswith(b"BM") and len(head) >= 6 and struct.unpack_from("<I", head, 2)[0] == size
    webp = head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    if head.startswith(_IMAGES) or bmp or webp:
        return Text.of("is an image, not a spreadsheet; give the spreadsheet the table came from")
    text, _ = decode(head[:8192], final=False)
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("{\\rtf"):
        return Text.of("is an RTF document, not a spreadsheet; save the table as .xlsx or .csv")
    if start.startswith("id;p"):
        return Text.of("is a SYLK file, not a supported spreadsheet; {advice}", advice=SAVE_AS)
    if start.startswith("mime-version:"):
        return Text.of("is a web archive (MHTML) saved with a spreadsheet extension; {advice}", advice=SAVE_AS)
    if not start.startswith("<"):
        return None
    if any(tag in start for tag in ("<html", "<table", "<!doctype html", "<head>", "<body", "<meta ")):
        return Text.of("is an HTML page saved with a spreadsheet extension; {advice}", advice=SAVE_AS)
    if "urn:schemas-microsoft-com:office:spreadsheet" in start or 'progid="excel.sheet"' in start:
        return Text.of("is an Excel 2003 XML spreadsheet, which is not supported; {advice}", advice=SAVE_AS)
    if "opendocument.spreadsheet" in start:
        return Text.of("is a flat OpenDocument spreadsheet (.fods); open it in LibreOffice and save it as .ods")
    if start.startswith("<?xml"):
        return Text.of("is an XML file, not a spreadsheet; {advice}", advice=SAVE_AS)
    return None


def _suffix_note(kind: Kind, suffix: str) -> Text | None:
    """A note when the file's extension does not match what it really is."""
    fmt = FORMATS[kind]
    if suffix in fmt.suffixes:
        return None
    if kind == "text":
        if suffix:
            return Text.of("a text file named {suffix}: read as {label}", suffix=suffix, label=fmt.label)
        return Text.of("a text file with no extension: read as {label}", label=fmt.label)
    if suffix:
        return Text.of("an {label} file named {suffix}: read as {label}", suffix=suffix, label=fmt.label)
    return Text.of("an {label} file with no extension: read as {label}", label=fmt.label)
