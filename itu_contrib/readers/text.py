"""Delimited text files: encoding, binary detection, delimiter, and the rows of the file as one grid."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itu_contrib.defaults import Limits
from itu_contrib.errors import ReadError
from itu_contrib.i18n import Text

from .base import Grid, Sniffed, one_line, refusal


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A delimited text file decoded to `str` with newlines normalised to LF."""

    text: str
    encoding: str
    delimiter: str


def decode_text(data: bytes, display: str) -> DecodedText:
    """Decode a delimited text file and find its delimiter, or raise ReadError when the bytes are not text.

    Encodings tried: a BOM (UTF-8, UTF-16, UTF-32), UTF-16 without a BOM (from its NUL bytes), strict UTF-8,
    cp1252, then latin-1. Newlines become LF; NUL padding and stray NULs are dropped; an Excel ``sep=;`` first
    line sets the delimiter and is removed (Excel does not show it as a row).
    """
    name = one_line(display)
    text, encoding = decode(data, final=True)
    if is_binary(text):
        raise refusal(name, Text.of("is not a spreadsheet or text file; give an .xlsx, .ods, .xls or .csv file"))
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    hint = re.match(r"sep=(.)\n", text)
    if hint and hint.group(1) in ",;\t|":
        return DecodedText(text[hint.end() :], encoding, hint.group(1))
    return DecodedText(text, encoding, _delimiter(text, Path(display).suffix.lower()))


def decode(data: bytes, *, final: bool) -> tuple[str, str]:
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


def is_binary(text: str) -> bool:
    """Whether decoded text is really binary: NUL characters (beyond a stray one) or many control characters.

    A stray NUL (one per thousand characters at most, as a faulty export leaves) does not make a text file binary:
    other readers read such files, and decoding drops it.
    """
    body = text.rstrip("\x00")
    if body.count("\x00", 0, 65536) > max(1, min(len(body), 65536) // 1000):
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


def read_text(sniffed: Sniffed, display: str, limits: Limits) -> tuple[list[Grid], bool]:
    """The rows of a delimited text file as one unnamed grid (text has no 1904 dates)."""
    decoded = decode_text(sniffed.path.read_bytes(), display)
    reader = csv.reader(_lines(decoded.text), delimiter=decoded.delimiter)
    try:
        rows: list[list[Any]] = list(reader)
    except csv.Error as exc:
        why = Text.of(
            "the text file is not valid {delimiter}-separated data ({error})", delimiter=repr(decoded.delimiter),
            error=exc,
        )  # fmt: skip
        raise refusal(display, why) from exc
    return [Grid("", rows)], False


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text``, each with its newline, one at a time.

    What ``io.StringIO(text)`` gives the csv reader, without its copy of the whole text: StringIO keeps four bytes
    per character, 250 MB for a 62 MB file.
    """
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def looks_like_table(path: Path, min_columns: int, sample_bytes: int = 64 * 1024) -> bool:
    """Whether a text file's first lines form a delimited table of at least `min_columns` columns.

    Used for files found in folders under a name that does not say what they are (``notes.txt``, ``export``):
    prose with a comma here and there is not a table, an Excel "Text (Tab delimited)" export is.
    """
    with path.open("rb") as f:
        data = f.read(sample_bytes)
    try:
        decoded = decode_text(data, path.name)
    except ReadError:
        return False
    lines = [line for line in decoded.text.split("\n")[: -1 if len(data) == sample_bytes else None] if line.strip()]
    rows = list(csv.reader(io.StringIO("\n".join(lines[:20])), delimiter=decoded.delimiter, strict=False))
    if len(rows) < 2 or len(rows[0]) < min_columns:
        return False
    widths = Counter(len(row) for row in rows)
    width, count = widths.most_common(1)[0]
    return width >= min_columns and count >= 0.8 * len(rows)
