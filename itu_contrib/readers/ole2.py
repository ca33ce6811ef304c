"""OLE2 compound files and BIFF records: classify an .xls (or an encrypted OOXML container) and refuse the rest."""

from __future__ import annotations

import re
import struct
import sys
from array import array
from dataclasses import dataclass
from typing import IO

from itu_contrib.defaults import Limits
from itu_contrib.i18n import N_, Number, Text

from . import base
from .base import ENCRYPTED, PROTECTED, Damaged, Kind, Refused

#: Bytes of an .xls workbook stream searched for the FILEPASS (encryption) record.
BIFF_SCAN_BYTES = 64 * 1024
#: Most directory (and mini-FAT) bytes of an OLE2 (CFB) file read.
CFB_MAX_DIR_BYTES = 1024 * 1024

CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
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
            raise Damaged
        self.ss = 1 << shift
        n_fat, first_dir, _, self.cutoff, first_minifat, n_minifat, first_difat, n_difat = struct.unpack_from(
            "<8I", header, 44
        )
        self.nsect = max(0, (size - self.ss + self.ss - 1) // self.ss)
        per_sector = self.ss // 4
        if n_fat == 0 or n_fat > self.nsect // per_sector + 2 or n_difat > n_fat or n_minifat > self.nsect:
            raise Damaged
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
            raise Damaged
        self.fat = array("I")
        for sector in fat_sectors:
            self.fat.frombytes(self._sector(sector))
        if sys.byteorder != "little":
            self.fat.byteswap()
        dir_sectors = self._chain(first_dir, CFB_MAX_DIR_BYTES // self.ss)
        raw = b"".join(self._sector(s) for s in dir_sectors)
        self.entries = [self._entry(raw, at) for at in range(0, len(raw) - 127, 128)]
        if not self.entries or self.entries[0].kind != 5:
            raise Damaged
        self.first_minifat, self.n_minifat = first_minifat, n_minifat

    def _read(self, offset: int, length: int) -> bytes:
        """Exactly `length` bytes at `offset`, or Damaged."""
        self.f.seek(offset)
        data = self.f.read(length)
        if len(data) != length:
            raise Damaged
        return data

    def _sector(self, index: int) -> bytes:
        """The bytes of one regular sector (the last one may be short: writers need not pad it)."""
        if index >= self.nsect:
            raise Damaged
        self.f.seek((index + 1) * self.ss)
        data = self.f.read(self.ss)
        if len(data) != self.ss and index != self.nsect - 1:
            raise Damaged
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
                raise Damaged
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
                raise Damaged
            at = (container[mini // per] + 1) * self.ss + (mini % per) * 64
            out += self._read(at, 64)
        return bytes(out[:want])


def workbook_stream(data: bytes) -> bytes:
    """The BIFF records of an .xls file's bytes: its Workbook (or Book) stream, or the bytes of a bare BIFF file."""
    if not data.startswith(CFB_MAGIC):
        return data
    import io

    cfb = _Cfb(io.BytesIO(data), len(data))
    top = cfb.top_level()
    book = top.get("workbook") or top.get("book")
    return cfb.read_stream(book, book.size) if book is not None and book.kind == 2 else b""


def cfb_kind(f: IO[bytes], size: int, limits: Limits) -> Kind:
    """Classify an OLE2 compound file: an .xls workbook, or a refusal (encrypted, other Office document)."""
    try:
        cfb = _Cfb(f, size)
        top = cfb.top_level()
        if "encryptedpackage" in top or "encryptioninfo" in top:  # an encrypted xlsx, xlsm or xlsb
            raise Refused(PROTECTED, ENCRYPTED)
        book = top.get("workbook") or top.get("book")
        records = cfb.read_stream(book, BIFF_SCAN_BYTES) if book is not None and book.kind == 2 else None
        if records is not None and _biff_encrypted(records):  # FILEPASS: XOR or RC4 (Standard or CryptoAPI)
            raise Refused(PROTECTED, ENCRYPTED)
        whole = cfb.read_stream(book, size) if base.DEEP_SCAN and records is not None and book is not None else None
    except (Damaged, struct.error, IndexError, ValueError, OverflowError, MemoryError):
        if _names_encryption_streams(f, size):
            raise Refused(PROTECTED, ENCRYPTED) from None
        raise Damaged from None
    if records is not None:
        if not records.startswith(b"\x09\x08"):
            raise Damaged
        if whole is not None:
            _check_biff_grid(whole, limits)
        return "xls"
    if "worddocument" in top:
        raise Refused(Text.of("is a Word document (.doc), not a spreadsheet; save the table as .xlsx or .csv"))
    if "powerpoint document" in top:
        raise Refused(Text.of("is a PowerPoint presentation, not a spreadsheet; save the table as .xlsx or .csv"))
    raise Refused(Text.of("is an OLE document of another program, not a spreadsheet; save the table as .xlsx or .csv"))


_ENCRYPTION_NAMES = tuple(
    re.compile(re.escape(name.encode("utf-16-le")) + b"\x00\x00") for name in ("EncryptionInfo", "EncryptedPackage")
)


def _names_encryption_streams(f: IO[bytes], size: int) -> bool:
    """Whether a compound file too damaged to walk has a directory entry named EncryptionInfo or EncryptedPackage.

    Directory entries are 128-byte records at 128-byte boundaries starting with the UTF-16 name, its length at
    offset 64; finding one needs no FAT, so encryption is recognised even where the structure is broken.
    """
    chunk = 1 << 20
    for start in range(0, size, chunk):
        f.seek(start)
        data = f.read(chunk + 128)
        for pattern in _ENCRYPTION_NAMES:
            for match in pattern.finditer(data):
                at = match.start()
                if (start + at) % 128 == 0 and data[at + 64 : at + 66] == struct.pack("<H", match.end() - at):
                    return True
    return False


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


def _check_biff_grid(stream: bytes, limits: Limits) -> None:
    """Refuse an .xls sheet whose cells span more than Limits.max_sheet_cells (the reader allocates the whole box)."""
    pos = 0
    box: list[int] | None = None  # min row, max row, min col, max col of the current sheet

    def check() -> None:
        if box is not None and (box[1] - box[0] + 1) * (box[3] - box[2] + 1) > limits.max_sheet_cells:
            why = N_(
                "a sheet's values span more than the {limit} cells this tool reads; "
                "remove stray values far from the table and save again"
            )
            raise Refused(Text.of(why, limit=Number(limits.max_sheet_cells)))

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


def raw_biff(head: bytes) -> bool:
    """Whether `head` starts a bare BIFF stream (Excel 2.x-4.x; or 5+ outside a compound file, which is rare)."""
    if len(head) < 8:
        return False
    rtype, rlen = struct.unpack_from("<HH", head, 0)
    if rlen not in _BIFF_BOF.get(rtype, ()):
        return False
    substream = struct.unpack_from("<H", head, 6)[0]
    if substream not in (0x0005, 0x0010, 0x0020, 0x0040, 0x0100):
        return False
    if _biff_encrypted(head):
        raise Refused(PROTECTED, ENCRYPTED)
    return True
