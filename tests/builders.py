"""Builders of small real input files shared by the tests (importable: tests/ is on pythonpath)."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl

from itu_contrib.spec import load_spec

HEADER = [load_spec().label(name) for name in load_spec().names]  # the English labels, in spec order


def activity(n: int = 1, **overrides: Any) -> list[Any]:
    """One valid activity row in HEADER order; keyword overrides by canonical column name (a spec column)."""
    values: dict[str, Any] = {
        "activity_id": f"ITU-D-{n:04d}",
        "year": 2025,
        "sector": "ITU-D",
        "title": f"Digital Transformation Centre training {n}",
        "description": "Training of trainers on basic digital skills, with online e-learning courses.",
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
    unknown = set(overrides) - set(load_spec().names)
    if unknown:
        raise KeyError(f"activity(): {sorted(unknown)} is not a column of the activity spec")
    values.update(overrides)
    return [values.get(name) for name in load_spec().names]


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


def biff5_workbook(sheet: str, rows: Sequence[Sequence[Any]]) -> bytes:
    """A minimal Excel 95 (BIFF5) workbook: a compound file with a 'Book' stream holding one sheet."""
    import struct

    from hostile_files import biff_record, cfb_bytes

    def cell(r: int, c: int, value: Any) -> bytes:
        if isinstance(value, int | float):
            return biff_record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))  # NUMBER
        raw = str(value).encode("cp1252")
        return biff_record(0x0204, struct.pack("<HHHH", r, c, 0, len(raw)) + raw)  # LABEL

    cells = b"".join(cell(r, c, v) for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None)
    width = max(len(r) for r in rows)
    sheet_stream = (
        biff_record(0x0809, struct.pack("<HHHH", 0x0500, 0x0010, 0x0DBB, 0x07CC))  # BOF, worksheet
        + biff_record(0x0000, struct.pack("<HHHHH", 0, len(rows), 0, width, 0))  # DIMENSIONS
        + cells
        + biff_record(0x000A)  # EOF
    )
    name = sheet.encode("cp1252")

    def globals_at(position: int) -> bytes:
        return (
            biff_record(0x0809, struct.pack("<HHHH", 0x0500, 0x0005, 0x0DBB, 0x07CC))  # BOF, workbook globals
            + biff_record(0x0042, struct.pack("<H", 1252))  # CODEPAGE
            + biff_record(0x0085, struct.pack("<IHB", position, 0, len(name)) + name)  # BOUNDSHEET
            + biff_record(0x000A)
        )

    head = globals_at(len(globals_at(0)))
    return cfb_bytes({"Book": (head + sheet_stream).ljust(4096, b"\0")})


def tagged_activity(
    activity_id: str, sector: str, title: str, lines: tuple[str, ...], goals: tuple[int, ...], **extra: Any
) -> dict[str, Any]:
    """One row of a tagged activities frame (docs/architecture.md); ``indicators`` fills indicators and custodians."""
    import pandas as pd

    from itu_contrib.reference import load_reference

    ref = load_reference(2025)
    indicators = tuple(extra.pop("indicators", ()))
    row: dict[str, Any] = {
        "activity_id": activity_id,
        "year": 2025,
        "sector": sector,
        "title": title,
        "action_lines": lines,
        "action_line_roles": tuple(ref.action_lines[c].role for c in lines),
        "sdg_goals": goals,
        "sdg_targets": (),
        "sdg_indicators": indicators,
        "ring": max((ref.goals[g].ring.level for g in goals), default=None),
        "custodian_indicators": tuple(i for i in indicators if ref.indicators[i].itu_custodian),
        "suggested_action_lines": (),
        "suggested_sdg_goals": (),
        "source_file": "itu-d.xlsx",
        "source_sheet": "2025",
        "source_row": 2,
        "description": "What was done.",
        "start_date": pd.Timestamp("2025-02-01"),
        "end_date": pd.NaT,
        "status": "ongoing",
        "region": "Africa",
        "countries": (),
        "partners": (),
        "url": "https://www.itu.int/",
        "main_action_lines": tuple(dict.fromkeys(ref.action_lines[c].root for c in lines)),
    }
    row.update(extra)
    return row


def tagged_frame(rows: list[dict[str, Any]]) -> Any:
    """A tagged activities frame with the contract's columns and dtypes."""
    import pandas as pd

    from itu_contrib.spec import load_spec

    rows = [{**r, "ring_level": r.get("ring_level", r.get("ring")), "problems": r.get("problems", ())} for r in rows]
    df = pd.DataFrame(rows, columns=list(load_spec().tagged_columns))
    for column in ("year", "ring_level", "source_row"):
        df[column] = df[column].astype("Int64")
    return df


def load_module(name: str, path: Path) -> ModuleType:
    """A module from a file outside the package (a script, a data file), loaded once and registered as ``name``."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def chrome_driver(*, extra: Sequence[str] = (), prefs: Mapping[str, Any] | None = None) -> Any:
    """A headless Chromium (1366x900) driven by selenium with its console logged, or a skip saying what is missing.

    ``extra`` adds command-line switches, ``prefs`` Chromium preferences; the caller quits it.
    """
    import shutil

    import pytest

    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        pytest.skip("headless Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,900"):
        options.add_argument(arg)
    for arg in extra:
        options.add_argument(arg)
    if prefs:
        options.add_experimental_option("prefs", dict(prefs))
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(chromedriver), options=options)


def english_phrases(lang: str) -> set[str]:
    """The fixed English wording (three words or more) of every message id that ``lang`` translates differently.

    None of it may appear on a page in that language.
    """
    import re
    import string
    from importlib import resources

    from babel.messages.pofile import read_po

    path = resources.files("itu_contrib").joinpath("locale", lang, "LC_MESSAGES", "itu_contrib.po")
    with path.open("rb") as f:
        catalogue = read_po(f)
    phrases: set[str] = set()
    for m in catalogue:
        if not m.id or m.pluralizable or m.string == m.id or m.context == "example":
            continue
        literal = re.sub(r"%\(\w+\)s|<[^>]+>", "{}", m.id)
        for text, *_ in string.Formatter().parse(literal.replace("%%", "%")):
            for piece in re.split(r"[:;()]", text):
                piece = piece.strip(" .,'?")
                if len(piece.split()) >= 3:
                    phrases.add(piece)
    return phrases
