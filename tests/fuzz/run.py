"""Fuzzing of file input: mutate real seed files and check that ``itu-contrib validate`` always ends cleanly.

Every case is a seed file (xlsx, ods, csv, xls) damaged in one or more deterministic ways (truncation, bit flips,
zip parts removed or inflated, malformed XML, entity declarations, odd attribute values, corrupted OLE2 headers,
odd text encodings...). Each is validated with ``--format json``; the run must end with exit code 0, 1 or 2,
never print a traceback or an internal error, print valid JSON when it exits 0 or 1, and, when it exits 2, print
one line naming the file. Cases run in a worker process (the CLI's ``main`` called in-process, under a memory cap
and a per-case timeout); a case that fails there is re-run as a real ``python -m itu_contrib`` subprocess.

The long run (failures are saved into tests/fuzz/corpus/, which tests/test_fuzz.py replays)::

    .venv/bin/python tests/fuzz/run.py --cases 2000 --seed 1

tests/test_fuzz.py imports this file for the quick run of ``make test``.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import os
import random
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
CORPUS = HERE / "corpus"
DATA = TESTS / "data" / "libreoffice"

#: Address-space cap of the processes that run cases. pandas, numpy and python-calamine need about 250 MB of
#: address space for a normal run; python-calamine may allocate up to 1.6 GB for a sheet at the tool's own
#: grid limit (defaults.MAX_SHEET_CELLS), so 2 GB lets every file the tool accepts be read.
MEMORY_CAP = 2 * 1024**3
#: Seconds one case may take before it counts as a hang.
CASE_TIMEOUT = 60.0
#: Largest corpus file kept, in bytes.
CORPUS_MAX_BYTES = 50 * 1024


# ------------------------------------------------------------------------------------------------- seeds


@dataclass(frozen=True)
class Seed:
    """A valid input file to mutate."""

    name: str
    kind: str  # xlsx, ods, csv, xls
    data: bytes

    @property
    def suffix(self) -> str:
        """The file name ending of the seed's kind."""
        return {"xlsx": ".xlsx", "ods": ".ods", "csv": ".csv", "xls": ".xls"}[self.kind]


def builder_xlsx() -> bytes:
    """A small valid submission made with tests/builders (title row, three activities, one with problems)."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from builders import HEADER, activity, write_xlsx

    rows = [["ITU-D contribution to WSIS 2025"], [], HEADER, activity(1), activity(2), activity(3, sector="ITU-DD")]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_xlsx(Path(tmp) / "seed.xlsx", {"Activities": rows, "Notes": [["free text"]]})
        members = _zip_read(path.read_bytes())
    assert members is not None
    fixed = []  # the same bytes on every run: no "now" in the document properties or the zip entries
    for info, payload in members:
        if info.filename == "docProps/core.xml":
            payload = re.sub(rb">\d{4}-\d\d-\d\dT[\d:.]+Z<", b">2025-01-01T00:00:00Z<", payload)
        stable = zipfile.ZipInfo(info.filename, (2025, 1, 1, 0, 0, 0))
        stable.compress_type = info.compress_type
        fixed.append((stable, payload))
    return _zip_write(fixed)


def seeds() -> list[Seed]:
    """The seed files: an xlsx from tests/builders and LibreOffice's ods, csv, xls and xlsx of the same table."""
    return [
        Seed("xlsx", "xlsx", builder_xlsx()),
        Seed("ods", "ods", (DATA / "sample.ods").read_bytes()),
        Seed("csv", "csv", (DATA / "sample.csv").read_bytes()),
        Seed("xls", "xls", (DATA / "sample.xls").read_bytes()),
        Seed("loxlsx", "xlsx", (DATA / "sample-libreoffice.xlsx").read_bytes()),
    ]


# ----------------------------------------------------------------------------------------------- mutators

Mutator = Callable[[random.Random, bytes], tuple[str, bytes] | None]


def _zip_read(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [(info, zf.read(info)) for info in zf.infolist()]
    except Exception:  # not a readable zip (any more): zip mutations do not apply
        return None


def _zip_write(members: Iterable[tuple[zipfile.ZipInfo | str, bytes]], compress: int | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are meant
        for info, payload in members:
            if isinstance(info, str):
                info = zipfile.ZipInfo(info, (2025, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
            if compress is not None and not info.is_dir():
                info.compress_type = compress
            zf.writestr(info, payload)
    return out.getvalue()


def _xml_members(members: Sequence[tuple[zipfile.ZipInfo, bytes]]) -> list[int]:
    return [i for i, (info, data) in enumerate(members) if data.lstrip()[:1] == b"<" or info.filename.endswith(".xml")]


def _pick_xml(rng: random.Random, members: Sequence[tuple[zipfile.ZipInfo, bytes]]) -> int | None:
    """An XML part, sheets and content.xml twice as likely as the others."""
    choices = _xml_members(members)
    if not choices:
        return None
    weighted = choices + [i for i in choices if re.search(r"sheet|content|workbook|shared", members[i][0].filename)]
    return rng.choice(weighted)


def _replace_member(
    data: bytes, rng: random.Random, fn: Callable[[str, bytes], bytes | None]
) -> tuple[str, bytes] | None:
    members = _zip_read(data)
    if members is None:
        return None
    index = _pick_xml(rng, members)
    if index is None:
        return None
    info, payload = members[index]
    new = fn(info.filename, payload)
    if new is None:
        return None
    members[index] = (info, new)
    return _label(info.filename), _zip_write(members)


def _label(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")[:30] or "x"


# generic byte mutations (any file)


def m_truncate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    n = len(data)
    at = rng.choice([1, 8, 100, n // 4, n // 2, 3 * n // 4, n - 200, n - 22, n - 1, rng.randrange(1, n)])
    at = max(1, min(n - 1, at))
    return f"at{at}", data[:at]


def m_bitflip(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    buf = bytearray(data)
    count = rng.choice([1, 2, 8, 64])
    region = rng.choice(["any", "head", "tail"])
    for _ in range(count):
        if region == "head":
            pos = rng.randrange(min(len(buf), 600))
        elif region == "tail":
            pos = rng.randrange(max(0, len(buf) - 600), len(buf))
        else:
            pos = rng.randrange(len(buf))
        buf[pos] ^= 1 << rng.randrange(8)
    return f"{region}{count}", bytes(buf)


def m_append(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    how = rng.choice(["random", "zeros", "copy", "eocd"])
    if how == "random":
        tail = rng.randbytes(rng.choice([1, 100, 5000]))
    elif how == "zeros":
        tail = bytes(rng.choice([1, 4096]))
    elif how == "copy":
        tail = data
    else:  # a second, bogus end-of-central-directory record
        tail = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return how, data + tail


def m_overwrite(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    size = min(len(data) - 1, rng.choice([4, 64, 512, 4096]))
    at = rng.randrange(len(data) - size)
    fill = rng.choice(["random", "ff", "00"])
    block = rng.randbytes(size) if fill == "random" else bytes([255 if fill == "ff" else 0]) * size
    return f"{fill}{size}at{at}", data[:at] + block + data[at + size :]


def m_insert(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    at = rng.randrange(len(data))
    block = rng.randbytes(rng.choice([1, 3, 77]))
    return f"at{at}", data[:at] + block + data[at:]


# zip-based workbooks (xlsx, ods)


def m_zip_remove(rng: random.Random, data: bytes) -> tuple[str, bytes] | None:
    members = _zip_read(data)
    if not members:
        return None
    index = rng.randrange(len(members))
    name = members[index][0].filename
    del members[index]
    return _label(name), _zip_write(members)


def m_zip_inflate(rng: random.Random, data: bytes) -> tuple[str, bytes] | None:
    """Replace a part by a large, highly compressible one (a zip bomb), or a sheet by a long but sane one."""
    members = _zip_read(data)
    if not members:
        return None
    index = _pick_xml(rng, members)
    if index is None:
        return None
    info, payload = members[index]
    how = rng.choice(["spaces", "zeros", "comment", "rows"])
    megabytes = rng.choice([2, 20])
    if how == "spaces":
        new = payload + b" " * (megabytes << 20)
    elif how == "zeros":
        new = bytes(megabytes << 20)
    elif how == "comment":
        cut = payload.find(b"?>") + 2 if payload.startswith(b"<?xml") else 0
        new = payload[:cut] + b"<!--" + b"lol" * (megabytes << 18) + b"-->" + payload[cut:]
    else:  # thousands of real rows: long to read, but neither a bomb nor over any limit
        text = payload.decode("utf-8", "replace")
        if "<sheetData>" in text:
            rows = "".join(
                f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>ITU-D-{r}</t></is></c><c r="B{r}"><v>2025</v></c></row>'
                for r in range(100, 2_100)
            )
            text = text.replace("</sheetData>", rows + "</sheetData>", 1)
        elif "</table:table>" in text:
            row = (
                '<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p>'
                "</table:table-cell></table:table-row>"
            )
            text = text.replace("</table:table>", row * 2_000 + "</table:table>", 1)
        else:
            return None
        new = text.encode()
        megabytes = len(new) >> 20
    members[index] = (info, new)
    return f"{_label(info.filename)}_{how}{megabytes}MB", _zip_write(members)


def _malformed(rng: random.Random, payload: bytes) -> tuple[str, bytes]:
    how = rng.choice(["cut", "nogt", "junk", "mismatch", "encoding", "badutf8", "noroot", "tworoots", "nul"])
    n = max(1, len(payload))
    if how == "cut":
        return how, payload[: rng.randrange(n)]
    if how == "nogt":
        positions = [m.start() for m in re.finditer(rb">", payload)]
        drop = set(rng.sample(positions, min(len(positions), rng.choice([1, 5]))))
        return how, bytes(b for i, b in enumerate(payload) if i not in drop)
    if how == "junk":
        at = rng.randrange(n)
        return how, payload[:at] + rng.choice([b"<<&", b"&#0;", b"]]>", b"<!", b"</x>", b"\"'"]) + payload[at:]
    if how == "mismatch":
        return how, re.sub(rb"</([\w:]+)>", rb"</\1x>", payload, count=1)
    if how == "encoding":
        enc = rng.choice([b"UTF-16", b"EBCDIC-US", b"bogus", b"UTF-32"])
        if payload.startswith(b"<?xml"):
            return how, re.sub(rb'encoding="[^"]*"', b'encoding="' + enc + b'"', payload, count=1)
        return how, b'<?xml version="1.0" encoding="' + enc + b'"?>' + payload
    if how == "badutf8":
        at = rng.randrange(n)
        return how, payload[:at] + rng.choice([b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"]) + payload[
            at:
        ]
    if how == "noroot":
        return how, payload[: payload.rfind(b"</")] if b"</" in payload else b""
    if how == "tworoots":
        return how, payload + payload
    at = rng.randrange(n)
    return how, payload[:at] + b"\x00" * rng.choice([1, 100]) + payload[at:]


def m_xml_malformed(rng: random.Random, data: bytes) -> tuple[str, bytes] | None:
    detail: list[str] = []

    def fn(_: str, payload: bytes) -> bytes:
        how, new = _malformed(rng, payload)
        detail.append(how)
        return new

    result = _replace_member(data, rng, fn)
    return None if result is None else (f"{result[0]}_{detail[0]}", result[1])


def _laughs(root: bytes) -> bytes:
    ents = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol" + (str(i - 1).encode() if i > 1 else b"") + b";") * 10)
        for i in range(1, 10)
    )
    return b"<!DOCTYPE " + root + b" [" + ents + b"]>"


_DOCTYPES: dict[str, Callable[[bytes], bytes]] = {
    "laughs": _laughs,
    "xxe": lambda root: b"<!DOCTYPE " + root + b' [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    "external": lambda root: b"<!DOCTYPE " + root + b' SYSTEM "http://127.0.0.1:9/evil.dtd">',
    "param": lambda root: b"<!DOCTYPE " + root + b' [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
    "quadratic": lambda root: b"<!DOCTYPE " + root + b' [<!ENTITY a "' + b"A" * 50_000 + b'">]>',
    "lowercase": lambda root: b"<!doctype " + root + b' [<!entity x "y">]>',
}


def m_xml_entities(rng: random.Random, data: bytes) -> tuple[str, bytes] | None:
    """Inject a DOCTYPE with entity declarations (billion laughs, XXE, external DTD...) into an XML part."""
    kind = rng.choice(sorted(_DOCTYPES))
    where = rng.choice(["prolog", "after_comment", "utf16", "use"])
    detail = [kind, where]

    def fn(_: str, payload: bytes) -> bytes | None:
        root_m = re.search(rb"<([A-Za-z_][\w:.-]*)[\s>/]", re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", payload, flags=re.S))
        root = root_m.group(1) if root_m else b"x"
        decl_end = payload.find(b"?>") + 2 if payload.startswith(b"<?xml") else 0
        doctype = _DOCTYPES[kind](root)
        head, body = payload[:decl_end], payload[decl_end:]
        if where == "after_comment":
            doctype = b"<!--" + b" " * 70_000 + b"-->" + doctype
        if where == "use":  # and reference the entity in the first text node
            body = re.sub(rb">([^<]+)<", rb">&lol9;&xxe;&a;\1<", body, count=1)
        new = head + doctype + body
        if where == "utf16":
            text = new.decode("utf-8", "replace").replace('encoding="UTF-8"', 'encoding="UTF-16"')
            return b"\xff\xfe" + text.encode("utf-16-le")
        return new

    result = _replace_member(data, rng, fn)
    return None if result is None else (f"{result[0]}_{'_'.join(detail)}", result[1])


_HOSTILE_VALUES = [
    "", "0", "-1", "1e309", "NaN", "inf", "-inf", "99999999999999999999", "4294967296", "2147483648", "1000000000",
    "A0", "XFD1048576", "XFE1", "AAAA1", "A1048577", "$A$1", "A1:XFD1048576", "ZZZZZZZZ99999999", "1048576",
    "16384", "&amp;", "&#0;", "&#xFFFF;", "&unknown;", "s", "e", "str", "inlineStr", "b", "n", "d",
    "2025-13-45T25:61:61", "#REF!", "=1+1", "9" * 400, "-0", "1.7976931348623157e308", "1e-400", "x" * 5000,
    "string", "float", "date", "boolean", "percentage", "currency", "time", "../../../etc/passwd", "/", "a\"b",
]  # fmt: skip
_ATTR = re.compile(rb"(\s[\w:.-]+=\")([^\"]*)(\")|(<(?:v|t|text:p)(?:\s[^>]*)?>)([^<]*)(</(?:v|t|text:p)>)")


def m_xml_values(rng: random.Random, data: bytes) -> tuple[str, bytes] | None:
    """Replace attribute values and cell texts of an XML part by hostile ones (huge, negative, far refs...)."""
    count = rng.choice([1, 3, 20])
    detail: list[str] = []

    def fn(_: str, payload: bytes) -> bytes | None:
        spots = list(_ATTR.finditer(payload))
        if not spots:
            return None
        chosen = sorted(rng.sample(spots, min(count, len(spots))), key=lambda m: m.start(), reverse=True)
        buf = payload
        for m in chosen:
            value = rng.choice(_HOSTILE_VALUES).encode()
            if m.group(1):
                detail.append(_label(m.group(1).decode()))
                buf = buf[: m.start(2)] + value + buf[m.end(2) :]
            else:
                detail.append("text")
                buf = buf[: m.start(5)] + value + buf[m.end(5) :]
        return buf

    result = _replace_member(data, rng, fn)
    return None if result is None else (f"{result[0]}_{count}_{detail[0] if detail else ''}", result[1])


def m_content_types(rng: random.Random, data: bytes) -> tuple[str, bytes] | None:
    """Corrupt what says which kind of package this is: [Content_Types].xml, mimetype or the ODS manifest."""
    members = _zip_read(data)
    if not members:
        return None
    names = [i.filename for i, _ in members]
    target = next((n for n in ("[Content_Types].xml", "mimetype") if n in names), None)
    if target is None:
        return None
    if target == "mimetype" and rng.random() < 0.3:
        target = "META-INF/manifest.xml"
    how = rng.choice(["garbage", "empty", "xlsb", "macro", "remove", "odt", "huge", "nul"])
    replacement = {
        "garbage": rng.randbytes(200),
        "empty": b"",
        "xlsb": b'<Types><Override ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>',
        "macro": b'<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
        "odt": b"application/vnd.oasis.opendocument.text",
        "huge": b"<Types>" + b"<Default/>" * 200_000 + b"</Types>",
        "nul": b"\x00" * 64,
    }
    out = []
    for info, payload in members:
        if info.filename == target:
            if how == "remove":
                continue
            payload = replacement[how]
        out.append((info, payload))
    return f"{_label(target)}_{how}", _zip_write(out)


def m_zip_structure(rng: random.Random, data: bytes) -> tuple[str, bytes] | None:
    """Odd zip structures: encrypted flag, overlapping parts, duplicate names, other compressions, zip-slip names."""
    members = _zip_read(data)
    if not members:
        return None
    how = rng.choice(["encrypted", "overlap", "duplicate", "bzip2", "lzma", "stored", "slip", "dir", "many"])
    if how in ("encrypted", "overlap"):
        if str(TESTS) not in sys.path:
            sys.path.insert(0, str(TESTS))
        import hostile_files

        if how == "encrypted":
            return how, hostile_files.encrypt_flag(data, rng.randrange(len(members)))
        return how, hostile_files.overlap_members(data) if len(members) > 1 else data
    if how == "duplicate":
        info, _ = members[_pick_xml(rng, members) or 0]
        return how, _zip_write([*members, (info.filename, b"<x/>")])
    if how in ("bzip2", "lzma", "stored"):
        method = {"bzip2": zipfile.ZIP_BZIP2, "lzma": zipfile.ZIP_LZMA, "stored": zipfile.ZIP_STORED}[how]
        return how, _zip_write(members, compress=method)
    if how == "slip":
        return how, _zip_write([*members, ("../../evil.xml", b"<x/>"), ("/etc/evil.xml", b"<x/>")])
    if how == "dir":
        index = rng.randrange(len(members))
        info = zipfile.ZipInfo(members[index][0].filename + "/", (2025, 1, 1, 0, 0, 0))
        members[index] = (info, b"")
        return how, _zip_write(members)
    return how, _zip_write([*members, *((f"junk/{i}.xml", b"<x/>") for i in range(12_000))])


def m_ods_span(rng: random.Random, data: bytes) -> tuple[str, bytes] | None:
    """Give an ODS cell a huge spanned or repeated count (merged ranges and grids far larger than the file)."""
    members = _zip_read(data)
    if not members:
        return None
    index = next((i for i, (info, _) in enumerate(members) if info.filename == "content.xml"), None)
    if index is None:
        return None
    info, payload = members[index]
    attr = rng.choice(
        ["number-columns-spanned", "number-rows-spanned", "number-columns-repeated", "number-rows-repeated"]
    )
    value = rng.choice([100_000, 20_000_000, 2_000_000_000, 4_294_967_296, -5, 0])
    tag = b"<table:table-row" if attr == "number-rows-repeated" else b"<table:table-cell"
    spots = [m.start() for m in re.finditer(re.escape(tag) + rb"[\s>]", payload)]
    if not spots:
        return None
    at = rng.choice(spots[len(spots) // 4 :]) + len(tag)  # mostly within the data rows
    new = payload[:at] + b' table:%s="%d"' % (attr.encode(), value) + payload[at:]
    members[index] = (info, new)
    return f"{attr}_{value}", _zip_write(members)


def m_xlsx_merge(rng: random.Random, data: bytes) -> tuple[str, bytes] | None:
    """Add merged ranges, some absurd (whole sheet, reversed, out of the grid), to an xlsx sheet."""
    ref = rng.choice(["A1:XFD1048576", "C4:C1048576", "A1:A1", "C6:C4", "A0:B2", "ZZZ1:A1", "B2", "A1:XFE2", ":"])

    members = _zip_read(data)
    if not members:
        return None
    sheets = [i for i, (_, p) in enumerate(members) if b"</sheetData>" in p]
    if not sheets:
        return None
    index = rng.choice(sheets)
    info, payload = members[index]
    cell = b'<mergeCell ref="' + ref.encode() + b'"/>'
    opening = re.search(rb"<mergeCells[^>]*>", payload)
    if opening:
        new = payload[: opening.end()] + cell + payload[opening.end() :]
    else:
        new = payload.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">' + cell + b"</mergeCells>", 1)
    members[index] = (info, new)
    return _label(ref), _zip_write(members)


# OLE2 compound files (xls)


def m_cfb_header(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """Set one header field of the compound file (sector shift, FAT, directory, mini-FAT, DIFAT) to an odd value."""
    offset = rng.choice([24, 26, 28, 30, 32, 40, 44, 48, 52, 56, 60, 64, 68, 72, 76, 80, 84])
    value = rng.choice([0, 1, 7, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0x7FFFFFFF, 1 << 20, rng.randrange(1 << 32)])
    buf = bytearray(data)
    if offset in (24, 26, 28, 30, 32):
        struct.pack_into("<H", buf, offset, value & 0xFFFF)
    else:
        struct.pack_into("<I", buf, offset, value)
    return f"off{offset}_{value:x}", bytes(buf)


def m_cfb_sector(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """Overwrite one 512-byte sector with junk, 0xFF, zeros or a copy of another sector."""
    count = max(1, len(data) // 512 - 1)
    sector = rng.randrange(count)
    how = rng.choice(["random", "ff", "zero", "copy"])
    block = {
        "random": rng.randbytes(512),
        "ff": b"\xff" * 512,
        "zero": bytes(512),
        "copy": data[512 * (1 + rng.randrange(count)) :][:512].ljust(512, b"\0"),
    }[how]
    at = 512 * (sector + 1)
    return f"s{sector}_{how}", data[:at] + block + data[at + 512 :]


def m_cfb_direntry(rng: random.Random, data: bytes) -> tuple[str, bytes] | None:
    """Corrupt one field of a directory entry (name length, type, siblings, child, start sector, size)."""
    first_dir = struct.unpack_from("<I", data, 48)[0]
    at = 512 * (first_dir + 1)
    if at + 512 > len(data):
        return None
    entry = rng.randrange(4)
    field_at, size = rng.choice([(64, 2), (66, 1), (68, 4), (72, 4), (76, 4), (116, 4), (120, 4), (124, 4)])
    value = rng.choice([0, 1, 5, 0xFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, rng.randrange(1 << 32)])
    buf = bytearray(data)
    pos = at + 128 * entry + field_at
    buf[pos : pos + size] = (value & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
    return f"e{entry}_f{field_at}_{value:x}", bytes(buf)


def m_biff_records(rng: random.Random, data: bytes) -> tuple[str, bytes] | None:
    """Corrupt BIFF records of the workbook stream: lengths, types, sheet offsets, string lengths."""
    spots = [m.start() for m in re.finditer(rb"\x09\x08[\x08\x10]\x00|\x85\x00|\xfc\x00|\x03\x02|\xfd\x00", data)]
    if not spots:
        return None
    buf = bytearray(data)
    count = rng.choice([1, 3, 10])
    for _ in range(count):
        pos = rng.choice(spots) + rng.choice([0, 2, 4, 6, 8, 10, 12])
        if pos + 2 <= len(buf):
            buf[pos : pos + 2] = rng.choice([b"\xff\xff", b"\x00\x00", b"\x00\x80", rng.randbytes(2)])
    return f"{count}", bytes(buf)


# delimited text (csv)


def m_text(rng: random.Random, data: bytes) -> tuple[str, bytes] | None:
    """Text-file hostility: encodings, BOMs, NULs, quotes, huge cells, very wide rows, odd line ends, sep= lines."""
    text = data.decode("utf-8", "replace")
    how = rng.choice(
        ["utf16", "utf32", "cp1252", "bom_mismatch", "nul", "quote", "hugecell", "wide", "cr", "sep", "controls",
         "surrogate", "manyrows", "formulas", "longline", "delims"]
    )  # fmt: skip
    if how == "utf16":
        return how, text.encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be"]))
    if how == "utf32":
        return how, text.encode("utf-32")
    if how == "cp1252":
        return how, (text + "\nCafé, São Tomé, Œuvre, “quotes”, €\n").encode("cp1252", "replace")
    if how == "bom_mismatch":
        return how, b"\xff\xfe" + data
    if how == "nul":
        at = rng.randrange(len(data))
        return how, data[:at] + b"\x00" * rng.choice([1, 50]) + data[at:]
    if how == "quote":
        at = rng.randrange(len(text))
        return how, (text[:at] + '"' + text[at:]).encode()
    if how == "hugecell":
        return how, (text + 'ITU-D-9999,2025,ITU-D,"' + "x" * 40_000 + '",d,C5,9\n').encode()
    if how == "wide":
        lines = text.split("\n")
        lines[2] = lines[2] + "," * rng.choice([300, 20_000])
        return how, "\n".join(lines).encode()
    if how == "cr":
        return how, text.replace("\r\n", "\r").replace("\n", "\r").encode()
    if how == "sep":
        return how, (rng.choice(["sep=;\n", "sep=\n", "sep=,,\n", "SEP=|\n"]) + text).encode()
    if how == "controls":
        return how, text.replace("ITU", "I\x01T\x1b\x7fU").encode()
    if how == "surrogate":
        return how, data.replace(b"ITU", b"\xed\xa0\x80ITU\xf8\x88")
    if how == "manyrows":
        lines = text.split("\n")
        return how, "\n".join(lines + lines[3:] * 800).encode()
    if how == "formulas":
        return how, text.replace("Cisco", "=cmd|' /C calc'!A0").replace("Africa", '=HYPERLINK("http://x","y")').encode()
    if how == "longline":
        return how, (text.rstrip("\n") + ";" * 300_000).encode()
    return how, text.replace(",", rng.choice([";", "\t", "|", ",;"])).encode()


# Which mutators apply to which seed kind (generic ones apply to all).
GENERIC: dict[str, Mutator] = {
    "truncate": m_truncate,
    "bitflip": m_bitflip,
    "append": m_append,
    "overwrite": m_overwrite,
    "insert": m_insert,
}
ZIP: dict[str, Mutator] = {
    "zipremove": m_zip_remove,
    "inflate": m_zip_inflate,
    "xmlmalformed": m_xml_malformed,
    "entities": m_xml_entities,
    "xmlvalues": m_xml_values,
    "contenttypes": m_content_types,
    "zipstructure": m_zip_structure,
}
BY_KIND: dict[str, dict[str, Mutator]] = {
    "xlsx": {**GENERIC, **ZIP, "xlsxmerge": m_xlsx_merge},
    "ods": {**GENERIC, **ZIP, "odsspan": m_ods_span},
    "xls": {**GENERIC, "cfbheader": m_cfb_header, "cfbsector": m_cfb_sector, "cfbdir": m_cfb_direntry,
            "biff": m_biff_records},
    "csv": {**GENERIC, "text": m_text},
}  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One mutated file: its name says the seed and the mutations applied."""

    name: str
    data: bytes


def _mutate(rng: random.Random, seed: Seed, names: Sequence[str]) -> Case | None:
    data = seed.data
    parts = [seed.name]
    for name in names:
        try:
            result = BY_KIND[seed.kind][name](rng, data)
        except Exception:  # the mutator cannot apply to what earlier mutations left
            result = None
        if result is None:
            return None
        detail, data = result
        parts.append(f"{name}-{_label(detail)}" if detail else name)
    if not data:
        return None
    return Case("__".join(parts)[:150] + seed.suffix, data)


def quick_cases(seed: int = 2025, per_mutator: int = 1) -> list[Case]:
    """A deterministic set covering every mutator on every seed it applies to (the quick run of ``make test``)."""
    rng = random.Random(seed)
    cases = []
    for s in seeds():
        if s.name == "loxlsx":
            continue
        for name in BY_KIND[s.kind]:
            made = 0
            for _ in range(20 * per_mutator):
                case = _mutate(rng, s, [name])
                if case is not None:
                    cases.append(case)
                    made += 1
                if made >= per_mutator:
                    break
    return _unique(cases)


def random_cases(count: int, seed: int) -> list[Case]:
    """``count`` cases: a random seed file with one to three random mutations stacked."""
    rng = random.Random(seed)
    pool = seeds()
    cases: list[Case] = []
    while len(cases) < count:
        s = rng.choice(pool)
        names = rng.choices(sorted(BY_KIND[s.kind]), k=rng.choice([1, 1, 1, 2, 3]))
        case = _mutate(rng, s, names)
        if case is not None:
            cases.append(Case(f"{len(cases):05d}-{case.name}", case.data))
    return _unique(cases)


def _unique(cases: list[Case]) -> list[Case]:
    seen: collections.Counter[str] = collections.Counter()
    out = []
    for case in cases:
        seen[case.name] += 1
        if seen[case.name] > 1:
            stem, dot, suffix = case.name.rpartition(".")
            case = Case(f"{stem}-{seen[case.name]}{dot}{suffix}", case.data)
        out.append(case)
    return out


# ------------------------------------------------------------------------------------------------ checks


def failures(outcome: dict[str, Any], display: str) -> list[str]:
    """What is wrong with one run of ``validate DISPLAY --format json`` (empty when it ended cleanly)."""
    if outcome.get("hang"):
        return [f"no answer within {outcome['hang']:.0f} s (hang)"]
    if "crash" in outcome:
        return [f"the process died (exit status {outcome['crash']}): {outcome.get('log', '').strip()[:200]!r}"]
    if outcome.get("exception"):
        return [f"uncaught exception: {outcome['exception'].strip().splitlines()[-1]}"]
    out: list[str] = []
    code, err = outcome.get("code"), outcome.get("stderr", "")
    if code not in (0, 1, 2):
        out.append(f"exit code {code}")
    if "Traceback" in err:
        out.append("a traceback on stderr")
    if "internal error" in err:
        out.append(f"an internal error: {err.strip()[:300]!r}")
    if code == 2:
        lines = [line for line in err.splitlines() if line.strip()]
        if len(lines) != 1 or not lines[0].startswith("itu-contrib: error: ") or display not in lines[0]:
            out.append(f"exit 2 without one line naming the file: {err[:300]!r}")
    elif code in (0, 1) and not outcome.get("json_ok"):
        out.append(f"exit {code} without valid JSON on stdout: {outcome.get('stdout', '')[:200]!r}")
    return out


# ------------------------------------------------------------------------------------------------ running


def _child_env() -> dict[str, str]:
    """The environment of the processes running cases: they import the same itu_contrib as this process."""
    import itu_contrib

    root = str(Path(itu_contrib.__file__).resolve().parents[1])
    paths = [root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "NO_COLOR": "1"}


def _limit(memory: int) -> Callable[[], None]:
    def preexec() -> None:  # runs in the child between fork and exec
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return preexec


class _CaseTimeout(BaseException):
    """Raised by the alarm in the worker when one case runs too long."""


def _worker(list_file: str, fd: int, timeout: float) -> None:
    """Worker process: validate each listed file in-process and report one JSON line per case on ``fd``."""
    channel = os.fdopen(fd, "w", buffering=1)
    from itu_contrib.cli import main

    def alarm(signum: int, frame: Any) -> None:
        raise _CaseTimeout

    signal.signal(signal.SIGALRM, alarm)
    with tempfile.TemporaryDirectory() as tmp:  # warm up: import everything a run needs before timing cases
        warm = Path(tmp) / "warm.csv"
        warm.write_text("Activity ID,Reporting year,Sector,Activity title\nA-1,2025,ITU-D,Warm-up\n")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(["validate", str(warm), "--format", "json"])
    # What native code (Rust panics, C libraries) writes on file descriptor 2, per case; a named file, so the
    # parent can read what a case that killed the process printed.
    native = open(Path(list_file).with_name("native.log"), "w+b")  # noqa: SIM115 - open for the whole run
    real_stderr = os.dup(2)
    for path in json.loads(Path(list_file).read_text()):
        channel.write(json.dumps({"start": path}) + "\n")
        record: dict[str, Any] = {"path": path}
        out, err = io.StringIO(), io.StringIO()
        native.seek(0)
        native.truncate()
        os.dup2(native.fileno(), 2)
        began = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                record["code"] = main(["validate", path, "--format", "json"])
        except _CaseTimeout:
            record["hang"] = timeout
        except BaseException:  # anything escaping main is a failure to record, whatever it is
            record["exception"] = traceback.format_exc()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            os.dup2(real_stderr, 2)
        record["seconds"] = round(time.monotonic() - began, 3)
        native.seek(0)
        err.write(native.read(5000).decode("utf-8", "replace"))
        stdout = out.getvalue()
        try:
            json.loads(stdout)
            record["json_ok"] = True
        except ValueError:
            record["json_ok"] = False
        record["stdout"] = stdout[:2000]
        record["stderr"] = err.getvalue()[:5000]
        channel.write(json.dumps(record) + "\n")


def _run_shard(paths: list[str], results: dict[str, dict[str, Any]], timeout: float, memory: int) -> None:
    """Run ``paths`` in worker processes, restarting a worker after a crash or a hang, until all have an outcome."""
    remaining = list(paths)
    while remaining:
        with tempfile.TemporaryDirectory() as tmp:
            listing = Path(tmp) / "cases.json"
            listing.write_text(json.dumps(remaining))
            log_path = Path(tmp) / "worker.log"
            read_fd, write_fd = os.pipe()
            with open(log_path, "wb") as log:
                proc = subprocess.Popen(
                    [sys.executable, str(Path(__file__).resolve()), "--worker", str(listing), str(write_fd),
                     str(timeout)],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log, pass_fds=(write_fd,), cwd=tmp,
                    env=_child_env(), preexec_fn=_limit(memory),
                )  # fmt: skip
            os.close(write_fd)
            current: str | None = None
            done_before = len(results)
            buf = b""
            with os.fdopen(read_fd, "rb", buffering=0) as channel:
                while True:
                    ready, _, _ = select.select([channel], [], [], timeout + 60)
                    if not ready:  # stuck outside Python (the alarm could not fire): kill it
                        proc.kill()
                        proc.wait()
                        stuck = current or remaining[0]
                        results[stuck] = {"path": stuck, "hang": timeout + 60}
                        break
                    chunk = channel.read(1 << 16)
                    if not chunk:
                        status = proc.wait()
                        if current is not None:
                            native = listing.with_name("native.log")
                            log_text = native.read_text(errors="replace") if native.exists() else ""
                            log_text += log_path.read_text(errors="replace")
                            results[current] = {"path": current, "crash": status, "log": log_text[:2000]}
                        elif len(results) == done_before and remaining:
                            raise RuntimeError(f"the fuzz worker failed: {log_path.read_text(errors='replace')}")
                        break
                    buf += chunk
                    *lines, buf = buf.split(b"\n")
                    for line in lines:
                        message = json.loads(line)
                        if "start" in message:
                            current = message["start"]
                        else:
                            results[message["path"]] = message
                            current = None
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait()
        remaining = [p for p in remaining if p not in results]


def run_files(
    paths: Sequence[Path], *, timeout: float = CASE_TIMEOUT, memory: int = MEMORY_CAP, workers: int = 1
) -> dict[str, dict[str, Any]]:
    """The outcome of validating each file (keyed by its path as a string), in ``workers`` parallel processes."""
    names = [str(p) for p in paths]
    results: dict[str, dict[str, Any]] = {}
    shards = [names[i::workers] for i in range(workers)]
    threads = [threading.Thread(target=_run_shard, args=(s, results, timeout, memory)) for s in shards if s]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def run_cli(path: Path, *, timeout: float = CASE_TIMEOUT, memory: int = MEMORY_CAP) -> dict[str, Any]:
    """Run ``python -m itu_contrib validate PATH --format json`` as a user would, under the memory cap and timeout."""
    with tempfile.TemporaryDirectory() as cwd:
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "itu_contrib", "validate", str(path), "--format", "json"],
                capture_output=True, text=True, timeout=timeout, check=False, cwd=cwd, env=_child_env(),
                preexec_fn=_limit(memory),
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return {"path": str(path), "hang": timeout}
    record: dict[str, Any] = {"path": str(path), "stdout": proc.stdout[:2000], "stderr": proc.stderr[:5000]}
    if proc.returncode < 0:
        record["crash"] = proc.returncode
        record["log"] = proc.stderr[:2000]
        return record
    record["code"] = proc.returncode
    try:
        json.loads(proc.stdout)
        record["json_ok"] = True
    except ValueError:
        record["json_ok"] = False
    return record


# ----------------------------------------------------------------------------------------------- long run


@dataclass
class Summary:
    """What a fuzz run found."""

    cases: int = 0
    codes: collections.Counter[str] = field(default_factory=collections.Counter)
    failed: list[tuple[str, list[str], list[str], str | None]] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    seconds: float = 0.0


def signature(case: Case, found: Sequence[str], display: str) -> str:
    """What makes two failures the same: the seed kind and the first problem, its file name and numbers blanked."""
    problem = re.sub(r"\d+", "N", found[0].replace(display, "FILE"))
    return case.name.split("__")[0].split("-")[-1] + ": " + problem[:120]


def fuzz(
    cases: Sequence[Case], *, workers: int = 2, timeout: float = CASE_TIMEOUT, memory: int = MEMORY_CAP,
    corpus: Path | None = CORPUS, confirm: bool = True,
) -> Summary:  # fmt: skip
    """Run ``cases``; confirm each new kind of failure with a real CLI subprocess and save its file into ``corpus``."""
    began = time.monotonic()
    summary = Summary(cases=len(cases))
    signatures: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for case in cases:
            path = Path(tmp) / case.name
            path.write_bytes(case.data)
            paths.append(path)
        results = run_files(paths, timeout=timeout, memory=memory, workers=workers)
        for path, case in zip(paths, cases, strict=True):
            outcome = results[str(path)]
            key = "hang" if outcome.get("hang") else "crash" if "crash" in outcome else str(outcome.get("code"))
            summary.codes[key] += 1
            summary.slowest.append((outcome.get("seconds", timeout), case.name))
            found = failures(outcome, str(path))
            if not found:
                continue
            sig = signature(case, found, str(path))
            if sig in signatures:  # the same failure as an earlier case: listed, not confirmed or saved again
                summary.failed.append((case.name, found, [f"same failure as {signatures[sig]}"], None))
                continue
            signatures[sig] = case.name
            confirmed = failures(run_cli(path, timeout=timeout, memory=memory), str(path)) if confirm else []
            saved = None
            if corpus is not None and len(case.data) <= CORPUS_MAX_BYTES:
                corpus.mkdir(parents=True, exist_ok=True)
                target = corpus / (case.name.split("-", 1)[-1] if case.name[:5].isdigit() else case.name)
                target.write_bytes(case.data)
                saved = str(target)
            summary.failed.append((case.name, found, confirmed, saved))
    summary.slowest = sorted(summary.slowest, reverse=True)[:5]
    summary.seconds = time.monotonic() - began
    return summary


def print_summary(summary: Summary, out: Any = sys.stdout) -> None:
    """The summary of a run, for people."""
    print(f"cases: {summary.cases} in {summary.seconds:.0f} s", file=out)
    print("outcomes: " + ", ".join(f"{k}: {v}" for k, v in sorted(summary.codes.items())), file=out)
    print("slowest: " + ", ".join(f"{name} ({secs:.1f} s)" for secs, name in summary.slowest), file=out)
    distinct = sum(not c or "same" not in c[0] for _, _, c, _ in summary.failed)
    print(f"failures: {len(summary.failed)} ({distinct} distinct)", file=out)
    for name, found, confirmed, saved in summary.failed:
        print(f"  {name}", file=out)
        for problem in found:
            print(f"    in-process: {problem}", file=out)
        for problem in confirmed:
            print(f"    CLI subprocess: {problem}", file=out)
        print(f"    saved: {saved or 'not saved'}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the long fuzz; exit 1 when a case failed."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--worker"]:
        _worker(args[1], int(args[2]), float(args[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=500, help="how many mutated files to try")
    parser.add_argument("--seed", type=int, default=1, help="random seed (the same seed gives the same cases)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="parallel processes")
    parser.add_argument("--timeout", type=float, default=CASE_TIMEOUT, help="seconds per case before a hang")
    parser.add_argument("--memory-mb", type=int, default=MEMORY_CAP >> 20, help="address-space cap per process")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="where failing files are saved (one per failure)")
    parser.add_argument("--no-save", action="store_true", help="do not save failing files")
    opts = parser.parse_args(args)
    import itu_contrib

    print(f"fuzzing {Path(itu_contrib.__file__).parent} with {opts.cases} cases (seed {opts.seed})", flush=True)
    summary = fuzz(
        random_cases(opts.cases, opts.seed), workers=opts.workers, timeout=opts.timeout,
        memory=opts.memory_mb << 20, corpus=None if opts.no_save else opts.corpus,
    )  # fmt: skip
    print_summary(summary)
    return 1 if summary.failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] != ["--worker"] and (TESTS.parent / "itu_contrib").is_dir():
        sys.path.insert(0, str(TESTS.parent))  # run from a checkout: fuzz the source tree
    sys.exit(main())
