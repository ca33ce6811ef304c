"""The same activities come out of xlsx, xls, ods and csv files saved by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from builders import HEADER, activity, write_xlsx

from itu_contrib.reading import load

DATA = Path(__file__).resolve().parent / "data" / "libreoffice"
COMPARED = ["activity_id", "year", "title", "action_lines", "sdgs", "start_date", "end_date", "_row"]


def frame(path: Path) -> pd.DataFrame:
    result = load(path)
    assert [p.code for p in result.problems if p.severity.value == "error"] == []
    return result.frame


@pytest.mark.parametrize("name", ["sample.xls", "sample.ods", "sample-libreoffice.xlsx", "sample.csv"])
def test_libreoffice_saved_files_give_the_same_activities(name: str) -> None:
    """Files LibreOffice saved from the same workbook give the same rows, values, dates and row numbers."""
    base = frame(DATA / "sample.xlsx")
    other = frame(DATA / name)
    assert len(other) == len(base) == 4
    for column in COMPARED:
        assert list(other[column]) == list(base[column]), column
    if name != "sample.csv":  # a csv cannot carry merged cells: only the first cell of the block keeps the sector
        assert list(other["sector"]) == list(base["sector"]) == ["ITU-D", "ITU-D", "ITU-D", "GS"]


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xls", "ods", "csv"])
def test_fresh_libreoffice_conversion(tmp_path: Path, fmt: str) -> None:
    """A workbook converted by LibreOffice headless now reads back with the same activities."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    rows = [["Title"], HEADER, activity(1), activity(2, title="Généralités — Año")]
    src = write_xlsx(tmp_path / "in.xlsx", {"Activities": rows})
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(tmp_path / "o"),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = tmp_path / "o" / f"in.{fmt}"
    base, other = frame(src), frame(out)
    for column in COMPARED:
        assert list(other[column]) == list(base[column]), column
