"""Values in activity rows under no header are named, never dropped silently (rule value-without-header)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from builders import HEADER, activity, write_xlsx

from itu_contrib.reading import load

URL = "https://www.itu.int/en/ITU-D/Digital-Inclusion/Pages/default.aspx"


def _text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _without_header(path: Path) -> list[tuple[str | None, str | None, str | None]]:
    return [(p.cell, p.value, p.variant) for p in load(path).problems if p.code == "value-without-header"]


def test_csv_row_split_by_an_unquoted_comma(tmp_path: Path) -> None:
    """A title holding an unquoted comma pushes the row's last value (the link) past the header's 14 columns."""
    path = tmp_path / "ragged.csv"
    rows = [[_text(v) for v in r] for r in [HEADER, activity(1), activity(2), activity(3)]]
    assert rows[0][-1] == "Link"
    # what an unquoted title 'Digital skills, part 2' gives
    rows[2] = [*rows[2][:3], "Digital skills", " part 2", *rows[2][4:]]
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    assert _without_header(path) == [("O3", URL, "one")]


def test_notes_right_of_the_table(tmp_path: Path) -> None:
    """A lone note two columns right of the table, and a headerless column filled in three rows: one warning each."""
    rows = [list(r) for r in [HEADER, *(activity(n) for n in range(1, 6))]]
    rows[3] += [None, "see note"]  # P4
    for r in (2, 4, 5):
        rows[r] += [None, None, None, f"checked {r}"]  # R3, R5, R6
    path = tmp_path / "notes.xlsx"
    write_xlsx(path, {"Activities": rows})
    found = [p for p in load(path).problems if p.code == "value-without-header"]
    assert [(p.cell, p.value) for p in found] == [("P4", "see note"), ("R3", "checked 2")]
    assert "3 cells" in found[1].message
    assert found[0].severity == "warning"


def test_headed_and_hidden_columns_give_no_such_warning(tmp_path: Path) -> None:
    """A column with an unknown header is read as an extra column, and a hidden helper column is not a note."""
    rows = [[*HEADER, "Budget (CHF)", None], *([*activity(n), f"X{n}", f"helper {n}"] for n in range(1, 4))]
    path = tmp_path / "headed.xlsx"
    write_xlsx(path, {"Activities": rows})
    wb = openpyxl.load_workbook(path)
    wb["Activities"].column_dimensions["P"].hidden = True
    wb.save(path)
    assert _without_header(path) == []
    assert [p.cell for p in load(path).problems if p.code == "unknown-column"] == ["O1"]
