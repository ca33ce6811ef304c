"""The command line: exit codes, messages, formats, and inputs never touched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from builders import HEADER, activity, fingerprint, write_xlsx

from itu_contrib.cli import main


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command as a user would (from a neutral folder, so the source tree is not imported)."""
    with tempfile.TemporaryDirectory() as cwd:
        return subprocess.run(
            [sys.executable, "-m", "itu_contrib", *args],
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            timeout=120,
            check=False,
            cwd=cwd,
        )


def test_version_and_help_answer_without_pandas() -> None:
    """--version and --help answer without importing pandas."""
    code = "import sys; from itu_contrib.cli import main; main(['--version'])\nprint('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip().endswith("False")
    assert out.stdout.startswith("itu-contrib ")
    help_text = run("--help").stdout
    for command in ("validate", "tag", "report", "template", "rules", "reference"):
        assert command in help_text


def test_validate_clean_file_exits_0(good_xlsx: Path) -> None:
    """A clean submission exits 0 and says it is valid."""
    proc = run("validate", str(good_xlsx))
    assert proc.returncode == 0, proc.stderr
    assert "valid: 1 file, 3 rows, 0 errors, 0 warnings" in proc.stderr


def test_validate_errors_exit_1_with_cells_and_hints(tmp_path: Path) -> None:
    """Errors exit 1 and the text table names the file, sheet, cell and hint."""
    path = write_xlsx(tmp_path / "ITU-R.xlsx", {"Activities": [HEADER, activity(1, sector="ITU-DD")]})
    proc = run("validate", str(path))
    assert proc.returncode == 1
    assert f"{path} > Activities" in proc.stdout
    assert "C2" in proc.stdout
    assert "unknown-sector" in proc.stdout
    assert "Did you mean 'ITU-D'?" in proc.stdout
    assert "\033[" not in proc.stdout  # no colour when piped


def test_validate_strict_fails_on_warnings(tmp_path: Path) -> None:
    """--strict turns warnings into a failing exit code."""
    path = write_xlsx(tmp_path / "w.xlsx", {"A": [HEADER, activity(1, description=None)]})
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1


def test_validate_json_and_csv_formats(tmp_path: Path) -> None:
    """JSON has exactly the documented keys; CSV has one problem per row with the same fields."""
    path = write_xlsx(tmp_path / "s.xlsx", {"A": [HEADER, activity(1, sdgs="SDG 18")]})
    proc = run("validate", "--format", "json", str(path))
    doc = json.loads(proc.stdout)
    assert set(doc) == {"valid", "files", "problems", "stats"}
    assert doc["files"] == [str(path)]
    assert doc["problems"][0]["cell"] == "G2"
    assert doc["problems"][0]["code"] == "unknown-sdg"
    out = tmp_path / "p.csv"
    assert main(["validate", "--format", "csv", "-o", str(out), str(path)]) == 1
    lines = out.read_text().splitlines()
    assert lines[0] == "code,severity,file,sheet,cell,row,column,field,value,message,hint"
    assert len(lines) == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"%PDF-1.4 not a sheet", "PDF"),
        (b"PK\x03\x04garbage-truncated", "damaged"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    ],
)
def test_unreadable_files_exit_2_with_one_line_and_no_traceback(tmp_path: Path, content: bytes, reason: str) -> None:
    """A bad file gives exit 2 and one clear line naming the file and the reason, never a traceback."""
    path = tmp_path / "ITU-R.xlsx"
    path.write_bytes(content)
    before = fingerprint(path)
    proc = run("validate", str(path))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "ITU-R.xlsx" in proc.stderr
    assert reason.lower() in proc.stderr.lower()
    assert fingerprint(path) == before


def test_missing_path_and_bad_usage_exit_2(tmp_path: Path) -> None:
    """A path that does not exist and an unknown option both exit 2."""
    proc = run("validate", str(tmp_path / "nope.xlsx"))
    assert proc.returncode == 2
    assert "no such file" in proc.stderr
    assert run("validate", "--format", "yaml", str(tmp_path)).returncode == 2


def test_output_over_an_input_is_refused(good_xlsx: Path) -> None:
    """Writing an output onto an input file is refused and the input stays intact."""
    before = fingerprint(good_xlsx)
    proc = run("validate", "--format", "csv", "-o", str(good_xlsx), str(good_xlsx))
    assert proc.returncode == 2
    assert fingerprint(good_xlsx) == before


def test_bad_config_exits_2(good_xlsx: Path, tmp_path: Path) -> None:
    """A config naming an unknown rule stops the run with exit 2 and a message naming the file."""
    cfg = tmp_path / "org.toml"
    cfg.write_text('[severity]\nno-such-rule = "error"\n')
    proc = run("validate", "--config", str(cfg), str(good_xlsx))
    assert proc.returncode == 2
    assert "org.toml" in proc.stderr
    assert "no-such-rule" in proc.stderr


def test_rules_and_reference_commands(capsys: pytest.CaptureFixture[str]) -> None:
    """The rule catalogue and reference lists print in text and JSON."""
    assert main(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert {"code": "unknown-sdg", "severity": "error"}.items() <= rules[
        [r["code"] for r in rules].index("unknown-sdg")
    ].items()
    assert main(["reference", "action-lines", "--format", "json"]) == 0
    lines = json.loads(capsys.readouterr().out)["action-lines"]
    assert {r["code"]: r["itu_role"] for r in lines}["C4"] == "lead facilitator"
    assert main(["reference", "rings"]) == 0
    assert "Main key focus" in capsys.readouterr().out


def test_validate_names_the_template_a_file_came_from(tmp_path: Path) -> None:
    """A workbook made with `itu-contrib template` is recognised by its stamps when validated."""
    import openpyxl

    path = tmp_path / "ITU-D-2026.xlsx"
    assert main(["template", "--year", "2026", "-o", str(path)]) == 0
    wb = openpyxl.load_workbook(path)
    ws = wb["Activities"]
    for column, value in enumerate(activity(1, year=2026, start_date="2026-01-10", end_date="2026-03-01"), start=1):
        ws.cell(row=2, column=column, value=value)
    wb.save(path)
    proc = run("validate", str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "made from itu-contrib template" in proc.stderr
    assert "for 2026" in proc.stderr


def test_csv_problems_of_every_stage_are_listed_under_one_file_heading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CSV's read-stage problem (a bad date) and validate-stage ones share one heading: a CSV has no sheet."""
    import csv

    path = tmp_path / "one.csv"
    rows = [HEADER, activity(1, start_date="next spring", action_lines="C99")]
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["" if v is None else str(v) for v in row] for row in rows])
    assert main(["validate", str(path), "--year", "2025"]) == 1
    out = capsys.readouterr().out
    assert out.count(str(path)) == 1
    assert "invalid-date" in out
    assert "unknown-action-line" in out
    assert main(["validate", str(path), "--year", "2025", "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert {p["sheet"] for p in problems} == {None}
