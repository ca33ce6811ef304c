"""Builders of small real input files shared by the tests (importable: tests/ is on pythonpath)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

HEADER = [
    "Activity ID", "Reporting year", "Sector", "Activity title", "Description", "WSIS Action Lines", "SDGs",
    "Start date", "End date", "Status", "Region", "Countries", "Partners", "Link",
]  # fmt: skip


def activity(n: int = 1, **overrides: Any) -> list[Any]:
    """One valid activity row in HEADER order; keyword overrides by canonical column name."""
    values: dict[str, Any] = {
        "activity_id": f"ITU-D-{n:04d}",
        "year": 2025,
        "sector": "ITU-D",
        "title": f"Digital Transformation Centre training {n}",
        "description": "Training of trainers on basic digital skills for underserved communities.",
        "action_lines": "C4; C7 e-learning",
        "sdgs": "4; 4.4; 4.4.1",
        "start_date": dt.date(2025, 2, 1),
        "end_date": dt.date(2025, 11, 30),
        "status": "ongoing",
        "region": "Africa",
        "countries": "Kenya; Rwanda",
        "partners": "Cisco",
        "url": "https://www.itu.int/en/ITU-D/Digital-Inclusion/Pages/default.aspx",
    }
    values.update(overrides)
    return list(values.values())


def write_xlsx(
    path: Path,
    sheets: Mapping[str, Sequence[Sequence[Any]]],
    *,
    hidden: Sequence[str] = (),
    merged: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write a workbook with one sheet per entry (rows from row 1) and return its path."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        if name in hidden:
            ws.sheet_state = "hidden"
        for ref in (merged or {}).get(name, ()):
            ws.merge_cells(ref)
    wb.save(path)
    return path


def fingerprint(path: Path) -> tuple[str, int]:
    """sha256 and modification time of a file, to prove it was not touched."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
