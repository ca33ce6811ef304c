"""The report's figures for the sample inputs equal counts made independently from the samples' source data.

The expected counts come from ``inputs/data/activities.csv`` (the data the sample files are generated from) with a
deliberately simple regex parser written here, not from the package's reader, parser or aggregation.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from itu_contrib.cli import main

ROOT = Path(__file__).resolve().parent.parent
RINGS = {9: 4, 17: 4, 4: 3, 5: 3, 1: 2, 3: 2, 10: 2, 11: 2, 12: 2, 13: 2}  # the Strategic Plan's rings, by hand


def _source_data(year: int) -> list[dict[str, str]]:
    """The activities of ``year`` as written in the samples' source data."""
    with (ROOT / "inputs" / "data" / "activities.csv").open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if row["year"] == str(year)]


def _main_lines(text: str) -> set[str]:
    """Main action lines named in a sample cell: 'C5', 'C 5', 'AL4', 'C7 e-health', 'C7.3', 'C7 (E-...)'."""
    return {f"C{int(n)}" for n in re.findall(r"(?:\bC\s?|\bAL\s?)(\d{1,2})", text, flags=re.IGNORECASE)}


def _goals(text: str) -> set[int]:
    """Goals named in a sample cell: the first number of every code ('9', 'SDG 9', '9.c', '4.4.1')."""
    return {int(n) for n in re.findall(r"(?<![\d.])(\d{1,2})(?=[.\s;,/]|$)", text)}


def _expected(year: int) -> tuple[Counter[str], Counter[int], Counter[str], Counter[int]]:
    lines: Counter[str] = Counter()
    goals: Counter[int] = Counter()
    sectors: Counter[str] = Counter()
    rings: Counter[int] = Counter()
    for record in _source_data(year):
        sectors[record["sector"]] += 1
        lines.update(_main_lines(record["action_lines"]))
        found = _goals(record["sdgs"])
        goals.update(found)
        rings[max((RINGS.get(g, 1) for g in found), default=0)] += 1
    return lines, goals, sectors, rings


def _table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("year", [2024, 2025])
def test_report_tables_match_independent_counts(tmp_path: Path, year: int) -> None:
    """Activities per action line, goal, ring and sector in the report equal the independent counts."""
    tables = tmp_path / "tables"
    out = tmp_path / "report.html"
    assert (
        main(["report", str(ROOT / "inputs" / str(year)), "--year", str(year), "-o", str(out), "--tables", str(tables)])
        == 0
    )
    lines, goals, sectors, rings = _expected(year)
    by_line = {r["action_line"]: int(r["activities"]) for r in _table(tables / "by_action_line.csv")}
    assert {k: v for k, v in by_line.items() if v} == dict(lines)
    by_goal = {int(r["goal"]): int(r["activities"]) for r in _table(tables / "by_sdg_goal.csv")}
    assert {k: v for k, v in by_goal.items() if v} == dict(goals)
    by_sector = {r["sector"]: int(r["activities"]) for r in _table(tables / "by_sector.csv")}
    assert by_sector == dict(sectors)
    names = {1: "ICTs as an enabler", 2: "Focus", 3: "Key focus", 4: "Main key focus"}
    by_ring = {r["ring"]: int(r["activities"]) for r in _table(tables / "by_ring.csv")}
    assert by_ring == {names[level]: rings.get(level, 0) for level in names}
    html = out.read_text(encoding="utf-8")
    assert f">{sum(sectors.values())}<" in html
