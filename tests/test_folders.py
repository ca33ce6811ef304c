"""Folder runs: walking never raises, odd entries become problems naming them, unreadable files do not stop the run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from builders import HEADER, activity, write_xlsx

from itu_contrib.errors import ReadError
from itu_contrib.reading import load

posix_only = pytest.mark.skipif(os.name != "posix", reason="needs symlinks, FIFOs and sockets")


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "itu_contrib", *args], capture_output=True, text=True, check=False, cwd=cwd
    )


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "inputs"
    root.mkdir()
    write_xlsx(root / "ITU-D.xlsx", {"Activities": [HEADER, activity(1), activity(2)]})
    return root


def by_file(result: object) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in result.problems:  # type: ignore[attr-defined]
        out.setdefault(Path(p.file).name, []).append(p.code)
    return out


@posix_only
def test_symlink_loop_is_a_problem_naming_it(tmp_path: Path) -> None:
    """A folder link pointing back up and a link to itself become problems; the real files are read."""
    root = folder(tmp_path)
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to(root)
    (root / "self.xlsx").symlink_to(root / "self.xlsx")
    result = load(root)
    assert list(result.frame["activity_id"]) == ["ITU-D-0001", "ITU-D-0002"]
    problems = {Path(p.file).name: p for p in result.problems}
    assert problems["up"].code == "unreadable-file"
    assert "loop" in problems["up"].message
    assert problems["self.xlsx"].code == "unreadable-file"
    assert "cannot be followed" in problems["self.xlsx"].message


@posix_only
def test_broken_link_and_link_to_nowhere_are_problems(tmp_path: Path) -> None:
    """A dangling link in a folder is a problem naming it, not an internal error."""
    root = folder(tmp_path)
    (root / "gone.xlsx").symlink_to(tmp_path / "nowhere.xlsx")
    result = load(root)
    assert by_file(result) == {"gone.xlsx": ["unreadable-file"]}


def test_unreadable_subfolder_is_a_problem_not_a_silence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A subfolder that cannot be listed (permission denied; simulated, tests may run as root) is named."""
    root = folder(tmp_path)
    (root / "private").mkdir()
    real = os.scandir

    def scandir(path: object) -> object:
        if Path(str(path)).name == "private":
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    result = load(root)
    [problem] = result.problems
    assert (Path(problem.file).name, problem.code) == ("private", "unreadable-file")
    assert "permission denied" in problem.message
    assert len(result.frame) == 2


@posix_only
def test_special_files_are_problems_and_never_opened(tmp_path: Path) -> None:
    """A FIFO and a socket in a folder are named as problems (opening the FIFO would block the run forever)."""
    root = folder(tmp_path)
    os.mkfifo(root / "pipe.csv")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(root / "s.xlsx"))
        result = load(root)
    finally:
        sock.close()
    problems = {Path(p.file).name: p for p in result.problems}
    assert "named pipe" in problems["pipe.csv"].message
    assert "socket" in problems["s.xlsx"].message
    assert {p.code for p in problems.values()} == {"unreadable-file"}
    assert len(result.frame) == 2


def test_non_spreadsheets_in_a_folder_are_listed_as_skipped(tmp_path: Path) -> None:
    """readme.txt, notes.md, a PDF and an image are skipped with a warning each; a tab-separated .txt is read."""
    root = folder(tmp_path)
    (root / "readme.txt").write_text("Submissions for 2025, one file per sector, as agreed.\nQuestions: ask.\n")
    (root / "notes.md").write_text("# Notes\n\n- check, then send\n")
    (root / "scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    export = [HEADER, activity(3)]
    (root / "export.txt").write_text("\n".join("\t".join(str(v) for v in row) for row in export) + "\n")
    result = load(root)
    assert sorted(result.frame["activity_id"]) == ["ITU-D-0001", "ITU-D-0002", "ITU-D-0003"]
    skipped = {Path(p.file).name for p in result.problems if p.code == "skipped-file"}
    assert skipped == {"readme.txt", "notes.md", "scan.pdf", "logo.png"}
    assert all(p.severity.value == "warning" for p in result.problems if p.code == "skipped-file")


def test_folder_with_only_a_readme_has_no_input(tmp_path: Path) -> None:
    """A folder holding only readme.txt is not read as a CSV: there is nothing to read, and the readme is named."""
    root = tmp_path / "inputs"
    root.mkdir()
    (root / "readme.txt").write_text("Put the sector files here.\n")
    with pytest.raises(ReadError, match="no input files found") as caught:
        load(root)
    assert "readme.txt" in str(caught.value)


def test_folder_run_continues_past_an_unreadable_file(tmp_path: Path) -> None:
    """In a folder run an unreadable file is an error problem naming it; the others are validated; exit 1."""
    root = folder(tmp_path)
    (root / "ITU-R.xlsx").write_bytes(b"this is no workbook at all, just text named .xlsx\x00\x01\x02" * 30)
    result = load(root)
    assert len(result.frame) == 2
    assert by_file(result) == {"ITU-R.xlsx": ["unreadable-file"]}
    proc = cli("validate", str(root), "--year", "2025")
    assert proc.returncode == 1, proc.stderr
    assert "ITU-R.xlsx" in proc.stdout + proc.stderr


def test_a_single_unreadable_file_named_alone_keeps_exit_2(tmp_path: Path) -> None:
    """Naming one unreadable file is a run that cannot start: exit 2 with one line naming it."""
    bad = tmp_path / "ITU-R.xlsx"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    proc = cli("validate", str(bad))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"itu-contrib: error: {bad}: ")
    assert "Traceback" not in proc.stderr


@posix_only
def test_config_naming_a_fifo_is_refused_not_hung(tmp_path: Path) -> None:
    """--config naming a FIFO is refused at once with exit 2 (reading it would wait for a writer forever)."""
    root = folder(tmp_path)
    os.mkfifo(tmp_path / "config.toml")
    proc = cli("validate", str(root), "--config", str(tmp_path / "config.toml"))
    assert proc.returncode == 2
    assert "config.toml: is not a regular file" in proc.stderr
