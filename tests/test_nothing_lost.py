"""Nothing is lost: inputs are never modified nor overwritten, and an interrupted write keeps the old output."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from builders import HEADER, activity, fingerprint, write_xlsx

from itu_contrib import outputs as outputs_module
from itu_contrib.cli import main

DATA = Path(__file__).parent / "data" / "libreoffice"


def run(*args: str | Path) -> tuple[int, str, str]:
    """Run the command line in-process; (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder`` with its sha256 and modification time."""
    return {str(p.relative_to(folder)): fingerprint(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Temporary files of atomic writes left under ``folder``."""
    return sorted(p.name for p in folder.rglob("*") if ".tmp" in p.name)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Read-only submissions in every format (xlsx with an error, csv, ods, xls) and last year's, under one folder."""
    root = tmp_path_factory.mktemp("lost")
    year = root / "2025"
    year.mkdir()
    write_xlsx(year / "ITU-D 2025.xlsx", {"Activities": [HEADER, activity(1), activity(2), activity(3, sector="X")]})
    for name in ("sample.csv", "sample.ods", "sample.xls"):
        shutil.copy(DATA / name, year / name)
    previous = root / "2024"
    previous.mkdir()
    write_xlsx(previous / "ITU-D 2024.xlsx", {"Activities": [HEADER, activity(1, year=2024), activity(2, year=2024)]})
    return root


COMMANDS = {
    "validate text": ["validate", "{in}"],
    "validate json": ["validate", "{in}", "--format", "json", "-o", "{out}/problems.json"],
    "validate csv": ["validate", "{in}", "--format", "csv", "-o", "{out}/problems.csv"],
    "validate html": ["validate", "{in}", "--format", "html", "-o", "{out}/validation.html"],
    "validate annotate": ["validate", "{in}", "--annotate", "{out}/annotated"],
    "tag csv": ["tag", "{in}", "-o", "{out}/tagged.csv"],
    "tag xlsx": ["tag", "{in}", "-o", "{out}/tagged.xlsx"],
    "tag json": ["tag", "{in}", "-o", "{out}/tagged.json"],
    "report": ["report", "{in}", "--previous", "{prev}", "-o", "{out}/report.html", "--tables", "{out}/tables"],
    "template": ["template", "-o", "{out}/template.xlsx", "--year", "2026"],
}


def fill(args: list[str], inputs: Path, out: Path) -> list[str]:
    return [a.format(**{"in": inputs / "2025", "prev": inputs / "2024", "out": out}) for a in args]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_inputs_are_byte_identical_with_the_same_mtime(inputs: Path, tmp_path: Path, command: str) -> None:
    """Every command leaves every input file byte-identical, with its mtime, and adds nothing beside the inputs."""
    before = snapshot(inputs)
    code, _, stderr = run(*fill(COMMANDS[command], inputs, tmp_path / "out"))
    assert code in (0, 1), stderr
    assert snapshot(inputs) == before
    assert leftovers(tmp_path) == []


# ----------------------------------------------------------------------------------------- output == input


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A writable folder holding one xlsx and one csv submission."""
    write_xlsx(tmp_path / "ITU-T.xlsx", {"Activities": [HEADER, activity(1), activity(2)]})
    shutil.copy(DATA / "sample.csv", tmp_path / "ITU-D.csv")
    return tmp_path


OVER_INPUT = {
    "validate -o": ["validate", "{x}", "-o", "{x}"],
    "validate json -o": ["validate", "{x}", "--format", "json", "-o", "{x}"],
    "validate csv -o csv input": ["validate", "{c}", "--format", "csv", "-o", "{c}"],
    "validate html -o": ["validate", "{x}", "{c}", "--format", "html", "-o", "{c}"],
    "tag -o xlsx input": ["tag", "{x}", "-o", "{x}"],
    "tag -o csv input": ["tag", "{c}", "-o", "{c}"],
    "tag -o folder member": ["tag", "{d}", "-o", "{c}"],
    "tag -o json": ["tag", "{x}", "{c}", "-o", "{c}"],
    "report -o input": ["report", "{x}", "-o", "{x}"],
    "report -o previous": ["report", "{c}", "--previous", "{x}", "-o", "{x}"],
    "tag -o symlink to input": ["tag", "{x}", "-o", "{d}/link.xlsx"],
    "tag -o hard link to input": ["tag", "{x}", "-o", "{d}/hard.xlsx"],
}


@pytest.mark.parametrize("case", list(OVER_INPUT))
def test_output_onto_an_input_is_refused(workdir: Path, case: str) -> None:
    """Writing an output onto an input (same path, a folder member, a symlink or hard link to it) exits 2 untouched."""
    (workdir / "link.xlsx").symlink_to(workdir / "ITU-T.xlsx")
    os.link(workdir / "ITU-T.xlsx", workdir / "hard.xlsx")
    before = snapshot(workdir)
    args = [a.format(x=workdir / "ITU-T.xlsx", c=workdir / "ITU-D.csv", d=workdir) for a in OVER_INPUT[case]]
    code, stdout, stderr = run(*args)
    assert code == 2, (stdout, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("itu-contrib: error: refusing to write"), stderr
    assert snapshot(workdir) == before
    assert leftovers(workdir) == []


def test_annotated_copy_onto_an_input_is_refused(workdir: Path) -> None:
    """--annotate into the inputs' folder refuses to write 'X.xlsx.annotated.xlsx' when that file is itself an input."""
    write_xlsx(workdir / "ITU-T.xlsx.annotated.xlsx", {"Activities": [HEADER, activity(7)]})
    before = snapshot(workdir)
    code, _, stderr = run(
        "validate", workdir / "ITU-T.xlsx.annotated.xlsx", workdir / "ITU-T.xlsx", "--annotate", workdir
    )
    assert code == 2
    assert "refusing to write" in stderr
    assert {k: v for k, v in snapshot(workdir).items() if k in before} == before
    assert leftovers(workdir) == []


def test_report_tables_onto_an_input_are_refused(workdir: Path) -> None:
    """Report --tables into the inputs' folder refuses to overwrite an input named like a table (by_sector.csv)."""
    shutil.copy(DATA / "sample.csv", workdir / "by_sector.csv")
    before = snapshot(workdir)
    code, _, _ = run("report", workdir / "by_sector.csv", "-o", workdir / "out" / "r.html", "--tables", workdir)
    assert snapshot(workdir)["by_sector.csv"] == before["by_sector.csv"]
    assert code == 2


# ------------------------------------------------------------------------------------------ interrupted


WRITERS = {
    "validate -o": (["validate", "{in}", "--format", "json", "-o", "{out}"], "problems.json"),
    "validate html -o": (["validate", "{in}", "--format", "html", "-o", "{out}"], "problems.html"),
    "tag csv": (["tag", "{in}", "-o", "{out}"], "tagged.csv"),
    "tag xlsx": (["tag", "{in}", "-o", "{out}"], "tagged.xlsx"),
    "tag json": (["tag", "{in}", "-o", "{out}"], "tagged.json"),
    "report": (["report", "{in}", "-o", "{out}"], "report.html"),
    "report tables": (["report", "{in}", "-o", "{dir}/r.html", "--tables", "{dir}"], "by_sector.csv"),
    "template": (["template", "-o", "{out}"], "template.xlsx"),
    "annotate": (["validate", "{in}", "--annotate", "{dir}"], "ITU-T.xlsx.annotated.xlsx"),
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_failed_replace_keeps_the_old_output(workdir: Path, monkeypatch: pytest.MonkeyPatch, writer: str) -> None:
    """When the final rename fails (disk full, file locked), the old output is intact and no temporary file is left."""
    out_dir = workdir / "out"
    out_dir.mkdir()
    args, name = WRITERS[writer]
    old = out_dir / name
    old.write_bytes(b"the previous output\n")
    before = snapshot(workdir)

    real_replace = os.replace

    def refuse(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name != name:
            return real_replace(src, dst)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs_module.os, "replace", refuse)
    code, _, stderr = run(*[a.format(**{"in": workdir / "ITU-T.xlsx", "out": old, "dir": out_dir}) for a in args])
    monkeypatch.undo()
    assert code == 2
    assert stderr.strip().splitlines()[-1] == f"itu-contrib: error: cannot write {old}: No space left on device"
    assert old.read_bytes() == b"the previous output\n"
    assert {k: v for k, v in snapshot(workdir).items() if k in before} == before
    assert leftovers(workdir) == []


def _limit_file_size() -> None:  # runs in the child: writes beyond 20 kB fail with EFBIG (SIGXFSZ is ignored)
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_write_failing_midway_keeps_the_old_output(workdir: Path) -> None:
    """A report write that fails midway (file-size limit) exits 2 saying it cannot write, with the old report intact."""
    old = workdir / "report.html"
    old.write_text("the previous report\n")
    with tempfile.TemporaryDirectory() as cwd:
        proc = subprocess.run(
            [sys.executable, "-m", "itu_contrib", "report", str(workdir / "ITU-T.xlsx"), "-o", str(old)],
            capture_output=True, text=True, timeout=120, check=False, cwd=cwd, preexec_fn=_limit_file_size,
        )  # fmt: skip
    assert old.read_text() == "the previous report\n"
    assert leftovers(workdir) == []
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"itu-contrib: error: cannot write {old}"), proc.stderr
