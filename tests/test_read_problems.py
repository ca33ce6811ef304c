"""Read-time problems carry a catalogue rule code and the catalogue's severity, never a guess from their message."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from builders import HEADER, activity, load_module, write_xlsx

from itu_contrib.defaults import Limits
from itu_contrib.errors import ConfigError, ItuContribError, OutputError, ReadError
from itu_contrib.readers import sniff
from itu_contrib.reading import load
from itu_contrib.rules import RULES_BY_CODE

H = load_module("hostile_files", Path(__file__).with_name("hostile_files.py"))


def good(tmp_path: Path, name: str = "good.xlsx") -> Path:
    return write_xlsx(tmp_path / name, {"Activities": [HEADER, activity(1)]})


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty-file"),
        (H.encrypt_flag(H.xlsx_bytes()), "encrypted-file"),
        (H.xls_bytes(encrypted=True), "encrypted-file"),
        (H.ods_bytes(manifest=H.manifest_xml(encrypted=True)), "encrypted-file"),
        (b"\x00\x01\x02" * 100, "unreadable-file"),
        (H.bomb_zip_bytes(), "unreadable-file"),
    ],
)
def test_read_error_carries_its_rule_code(tmp_path: Path, data: bytes, code: str) -> None:
    """Each refusal says what it is by its code, and the code is one of the catalogue's."""
    path = tmp_path / "ITU-R.xlsx"
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        sniff(path)
    assert info.value.code == code
    assert code in RULES_BY_CODE


def test_file_over_the_limit_has_the_file_too_large_code(tmp_path: Path) -> None:
    """Passing the size limit is file-too-large."""
    with pytest.raises(ReadError) as info:
        sniff(good(tmp_path), limits=Limits(max_file_bytes=100))
    assert info.value.code == "file-too-large"


def test_codes_do_not_come_from_words_in_the_message_or_the_file_name(tmp_path: Path) -> None:
    """A damaged file named 'password empty limit' and an empty zip archive are unreadable, not encrypted or empty."""
    named = tmp_path / "password empty limit.xlsx"
    named.write_bytes(b"\x00\x01\x02" * 100)
    empty_zip = tmp_path / "archive.xlsx"
    empty_zip.write_bytes(H.zip_bytes({}))
    result = load([good(tmp_path), named, empty_zip])
    assert {(p.file, p.code) for p in result.problems} == {
        (str(named), "unreadable-file"),
        (str(empty_zip), "unreadable-file"),
    }


def test_every_package_exception_has_a_catalogue_code() -> None:
    """ReadError, ConfigError and OutputError (and the base class) default to codes of the catalogue."""
    for cls in (ItuContribError, ReadError, ConfigError, OutputError):
        assert cls("x").code in RULES_BY_CODE
    assert ReadError("x", code="empty-file").code == "empty-file"
    assert ConfigError("x").code == "invalid-config"
    assert OutputError("x").code == "cannot-write"


def test_nothing_readable_keeps_the_one_code(tmp_path: Path) -> None:
    """When the only input is encrypted, the ReadError raised says encrypted-file."""
    path = tmp_path / "locked.xls"
    path.write_bytes(H.xls_bytes(encrypted=True))
    with pytest.raises(ReadError) as info:
        load(path)
    assert info.value.code == "encrypted-file"


def test_read_problems_take_their_severity_from_the_catalogue(tmp_path: Path) -> None:
    """Warnings and errors of reading (file, header and cell problems) have the severity the catalogue gives."""
    rows = [
        [*HEADER, "Budget (CHF)"],
        activity(1, start_date="next spring"),
        activity(2, start_date="03/04/2025"),
        activity(3, description="#REF!"),
    ]
    path = tmp_path / "ITU-D.xlsx"  # a CSV named .xlsx
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x00\x01\x02" * 100)
    result = load([path, broken])
    found = {p.code for p in result.problems}
    assert {"extension-mismatch", "unknown-column", "invalid-date", "ambiguous-date", "excel-error"} <= found
    assert "unreadable-file" in found
    for problem in result.problems:
        assert problem.severity == RULES_BY_CODE[problem.code].severity, problem
