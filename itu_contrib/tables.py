"""Every table of the report as a frame and as CSV files: the headline counts, the matrix, C7's sub-lines and more."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .spec import load_spec

if TYPE_CHECKING:
    from .aggregate import LineSection, Summary, YearOverYear

#: The CSV files of the headline counts, with the Summary attribute each comes from (see export_tables for all).
TABLE_FILES = {
    "by_action_line.csv": "by_action_line",
    "by_sdg_goal.csv": "by_sdg_goal",
    "by_ring.csv": "by_ring",
    "by_sector.csv": "by_sector",
}


def _file_name(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_")


def _matrix_wide(summary: Summary) -> pd.DataFrame:
    matrix = summary.matrix
    goals = list(summary.reference.goals)
    rows = []
    for (code, label), group in matrix.groupby(["action_line", "label"], sort=False):
        counts = dict(zip(group["goal"], group["activities"], strict=True))
        rows.append({"action_line": code, "label": label, **{f"SDG {g}": int(counts.get(g, 0)) for g in goals}})
    return pd.DataFrame(rows, columns=["action_line", "label", *(f"SDG {g}" for g in goals)])


def _sub_line_table(line: LineSection) -> pd.DataFrame:
    sectors = [s for s, _ in line.by_sector]
    rows = [
        {"sub_line": sub.code, "name": sub.title, "facilitators": "; ".join(sub.facilitators), **dict(sub.by_sector),
         "activities": sub.count}
        for sub in line.sub_lines
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["sub_line", "name", "facilitators", *sectors, "activities"])


def _yoy_activities(yoy: YearOverYear) -> pd.DataFrame:
    """New, continued and ended activities with the columns of the report's activity tables."""
    names = [c.name for c in load_spec().listing_columns]
    parts = []
    for status, frame in (("new", yoy.new), ("continued", yoy.continued), ("ended", yoy.ended)):
        part = frame[[n for n in names if n in frame.columns]].copy()
        part.insert(0, "status", status)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def export_tables(summary: Summary) -> dict[str, pd.DataFrame]:
    """Every table of the report as a frame, by CSV file name, in the report's order."""
    tables: dict[str, pd.DataFrame] = {name: getattr(summary, attr) for name, attr in TABLE_FILES.items()}
    for group in summary.roles:
        for line in group.lines:
            if line.sub_lines:
                tables[f"{_file_name(line.code)}_sub_lines.csv"] = _sub_line_table(line)
    tables["action_line_sdg_matrix.csv"] = _matrix_wide(summary)
    tables["ring_targets.csv"] = pd.DataFrame(
        [
            {"ring_level": ring.level, "ring": ring.name, "kind": item.kind, "code": item.code, "goal": item.goal,
             "itu_custodian": item.itu_custodian, "text": item.text, "activities": item.count}
            for ring in summary.ring_targets
            for item in ring.items
        ],
        columns=["ring_level", "ring", "kind", "code", "goal", "itu_custodian", "text", "activities"],
    )  # fmt: skip
    tables["custodian_indicators.csv"] = pd.DataFrame(
        [
            {"indicator": i.code, "target": i.target, "goal": i.goal, "text": i.text, "custodians": i.custodians,
             "activities": i.count}
            for i in summary.indicators
        ],
        columns=["indicator", "target", "goal", "text", "custodians", "activities"],
    )  # fmt: skip
    for tab in summary.crosstabs:
        tables[f"{_file_name(tab.key)}.csv"] = tab.table
    yoy = summary.year_over_year
    if yoy is not None:
        tables["year_over_year_by_action_line.csv"] = yoy.by_action_line
        tables["year_over_year_by_ring.csv"] = yoy.by_ring
        tables["year_over_year_by_sector.csv"] = yoy.by_sector
        tables["year_over_year_activities.csv"] = _yoy_activities(yoy)
    tables["rows_left_out.csv"] = summary.left_out
    return tables


def write_tables(summary: Summary, directory: Path) -> list[Path]:
    """Write every table of :func:`export_tables` into ``directory`` as CSV (each file atomically)."""
    from .outputs import write_csv

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in summary.tables.items():
        path = directory / name
        write_csv(table, path)
        written.append(path)
    return written
