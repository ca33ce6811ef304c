"""summarize counts tagged activities the way the report and the tables need, and write_tables writes them."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from builders import tagged_activity, tagged_frame

from itu_contrib.aggregate import summarize
from itu_contrib.problems import Problem, Severity
from itu_contrib.reference import load_reference
from itu_contrib.tables import write_tables

REF = load_reference(2025)


def activity(activity_id: str, sector: str, title: str, lines: tuple[str, ...], goals: tuple[int, ...], **extra: Any):
    """One row of a tagged activities frame, following the contract in docs/architecture.md."""
    return tagged_activity(activity_id, sector, title, lines, goals, **extra)


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A tagged activities frame with the contract's columns and dtypes."""
    return tagged_frame(rows)


ROWS = [
    activity("D-2", "ITU-D", "Smart villages", ("C2", "C7.e-agriculture", "C7.e-health"), (2, 9)),
    activity("D-1", "ITU-D", "Digital skills", ("C4", "C7.e-learning"), (4, 5), indicators=("4.4.1", "5.b.1")),
    activity("T-1", "ITU-T", "AI for health", ("C5", "C7.e-health"), (3,)),
    activity("R-1", "ITU-R", "Spectrum", ("C2", "C6"), (9, 17), indicators=("9.c.1",)),
    activity("GS-1", "GS", "WSIS Forum", ("C11", "C1"), (17,), region="Global"),
    activity("GS-2", "GS", "Archive", ("C8",), ()),
    activity("X-1", "Partner office", "Bare C7", ("C7",), (11, 13), region=None),
    activity("D-3", "ITU-D", "Cyber drills", ("C5",), (16,)),
]


@pytest.fixture(scope="module")
def summary():
    """The summary of ROWS."""
    return summarize(frame(ROWS), year=2025)


def test_counts_by_action_line_match_a_plain_loop(summary) -> None:
    """Each main action line counts each activity once, C7's sub-lines rolled up to C7."""
    expected = {a.code: 0 for a in REF.main_lines}
    for row in ROWS:
        for code in {c.split(".")[0] for c in row["action_lines"]}:
            expected[code] += 1
    got = dict(zip(summary.by_action_line["action_line"], summary.by_action_line["activities"], strict=True))
    assert got == expected
    assert got["C7"] == 4  # D-2 has two C7 sub-lines and counts once


def test_by_action_line_lists_c1_to_c11_in_reference_order_with_roles(summary) -> None:
    """The action line table is C1..C11 with the reference title and ITU's role."""
    table = summary.by_action_line
    assert list(table["action_line"]) == [f"C{i}" for i in range(1, 12)]
    assert list(table["itu_role"]) == [REF.action_lines[f"C{i}"].role for i in range(1, 12)]
    assert table.loc[table["action_line"] == "C2", "title"].item() == REF.action_lines["C2"].title


def test_c7_section_breaks_down_by_sub_line(summary) -> None:
    """The C7 section lists each e-sub-line with its activities, plus activities naming no sub-line."""
    c7 = next(line for group in summary.roles for line in group.lines if line.code == "C7")
    counts = {s.code: s.count for s in c7.sub_lines}
    expected: dict[str, int] = {s.code: 0 for s in REF.sub_lines("C7")}
    for row in ROWS:
        for code in set(row["action_lines"]):
            if code in expected:
                expected[code] += 1
    assert {k: v for k, v in counts.items() if k != "C7"} == expected
    assert counts["C7"] == 1  # "Bare C7"
    assert list(c7.sub_lines[-1].activities["title"]) == ["Bare C7"]
    assert c7.count == 4


def test_counts_by_goal_match_a_plain_loop(summary) -> None:
    """Each SDG counts each activity declaring it once; all 17 goals are listed in order."""
    expected = dict.fromkeys(range(1, 18), 0)
    for row in ROWS:
        for g in set(row["sdg_goals"]):
            expected[g] += 1
    table = summary.by_sdg_goal
    assert list(table.columns) == ["goal", "name", "ring", "activities"]
    assert dict(zip(table["goal"], table["activities"], strict=True)) == expected
    assert table.loc[table["goal"] == 9, "ring"].item() == "Main key focus"


def test_ring_shares_use_the_innermost_ring_and_add_up(summary) -> None:
    """Each activity counts in its innermost ring only; the four rings and "No SDG" add up to all activities."""
    levels: dict[int | None, int] = {1: 0, 2: 0, 3: 0, 4: 0, None: 0}
    for row in ROWS:
        rings = [REF.goals[g].ring.level for g in row["sdg_goals"]]
        levels[max(rings) if rings else None] += 1
    assert [r.activities for r in summary.rings] == [levels[1], levels[2], levels[3], levels[4]]
    assert summary.without_goal == levels[None] == 1
    assert sum(r.share for r in summary.rings) + summary.without_goal / len(ROWS) == pytest.approx(1.0)
    table = summary.by_ring
    assert list(table.columns) == ["ring", "activities"]
    assert list(table["ring"]) == [r.name for r in REF.rings] + ["No SDG"]
    assert list(table["activities"]) == [levels[1], levels[2], levels[3], levels[4], levels[None]]


def test_by_ring_has_no_no_sdg_row_when_every_activity_has_a_goal() -> None:
    """by_ring lists exactly the four rings by name when no activity lacks an SDG."""
    s = summarize(frame([activity("A", "ITU-T", "x", ("C5",), (16,))]), year=2025)
    assert list(s.by_ring["ring"]) == [r.name for r in REF.rings]
    assert list(s.by_ring["activities"]) == [1, 0, 0, 0]


def test_sectors_in_itu_order_then_others(summary) -> None:
    """by_sector lists ITU-R, ITU-T, ITU-D, GS, then other sectors, with counts from a plain loop."""
    expected: dict[str, int] = {}
    for row in ROWS:
        expected[row["sector"]] = expected.get(row["sector"], 0) + 1
    table = summary.by_sector
    assert list(table.columns) == ["sector", "activities"]
    assert list(table["sector"]) == ["ITU-R", "ITU-T", "ITU-D", "GS", "Partner office"]
    assert dict(zip(table["sector"], table["activities"], strict=True)) == expected


def test_activities_are_ordered_by_sector_then_id_then_title(summary) -> None:
    """The activity listing is in sector order, then activity_id, then title, whatever the input order."""
    assert list(summary.activities["activity_id"]) == ["R-1", "T-1", "D-1", "D-2", "D-3", "GS-1", "GS-2", "X-1"]
    shuffled = summarize(frame(list(reversed(ROWS))), year=2025)
    assert list(shuffled.activities["activity_id"]) == list(summary.activities["activity_id"])


def test_headline_coverage(summary) -> None:
    """Covered action lines and SDGs count the distinct main lines and goals with at least one activity."""
    lines = {c.split(".")[0] for row in ROWS for c in row["action_lines"]}
    goals = {g for row in ROWS for g in row["sdg_goals"]}
    assert summary.total == len(ROWS)
    assert summary.action_lines_covered == len(lines)
    assert summary.goals_covered == len(goals)


def test_roles_follow_the_reference_plan(summary) -> None:
    """Role groups are sole facilitator, lead facilitator, contributor, with the lines the plan gives each."""
    groups = {g.role: [line.code for line in g.lines] for g in summary.roles}
    assert [g.role for g in summary.roles] == ["sole facilitator", "lead facilitator", "contributor"]
    for role, codes in groups.items():
        assert codes == [a.code for a in REF.main_lines if a.role == role]
    assert groups["sole facilitator"] == ["C2", "C5", "C6"]
    assert groups["lead facilitator"] == ["C4"]


def test_line_sections_list_their_activities(summary) -> None:
    """Each line section holds exactly the activities rolled up to it, in listing order."""
    c5 = next(line for group in summary.roles for line in group.lines if line.code == "C5")
    assert list(c5.activities["activity_id"]) == ["T-1", "D-3"]
    assert c5.facilitators == ("ITU",)


def test_custodian_indicators_come_from_the_reference(summary) -> None:
    """The indicator sections are ITU's custodian indicators, each with the activities declaring it."""
    assert [i.code for i in summary.indicators] == [i.code for i in REF.custodian_indicators]
    by_code = {i.code: list(i.activities["activity_id"]) for i in summary.indicators}
    assert by_code["9.c.1"] == ["R-1"]
    assert by_code["4.4.1"] == by_code["5.b.1"] == ["D-1"]
    assert by_code["17.8.1"] == []
    assert summary.custodian_linked == 2


def test_matrix_counts_pairs_and_marks_expected_links(summary) -> None:
    """The matrix counts activities per (action line, goal) and flags the WSIS-SDG matrix's links."""
    m = summary.matrix
    cell = m[(m["action_line"] == "C2") & (m["goal"] == 9)]
    assert cell["activities"].item() == 2
    for code in ("C2", "C7", "C7.e-health"):
        rows = m[m["action_line"] == code]
        assert set(rows.loc[rows["expected"], "goal"]) == set(REF.expected_goals(code))
    assert m[(m["action_line"] == "C7.e-health") & (m["goal"] == 3)]["activities"].item() == 1
    assert m[(m["action_line"] == "C7") & (m["goal"] == 2)]["activities"].item() == 1


def test_crosstab_by_sector_matches_a_plain_loop(summary) -> None:
    """The action line x sector cross-tab counts each activity once per line and sector."""
    tab = next(t for t in summary.crosstabs if t.key == "lines-by-sector").table
    c2 = tab[tab.iloc[:, 0].str.startswith("C2 ")].iloc[0]
    assert (c2["ITU-R"], c2["ITU-D"], c2["Total"]) == (1, 1, 2)
    regions = next(t for t in summary.crosstabs if t.key == "regions-by-sector").table
    assert list(regions.iloc[:, 0]) == ["Africa", "Global", "(not given)"]


def test_suggestions_are_listed_but_not_counted() -> None:
    """Suggested tags put an activity in the suggestions list and change no count."""
    rows = [
        activity("A", "ITU-T", "x", ("C5",), (16,), suggested_action_lines=("C2",), suggested_sdg_goals=(9,)),
        activity("B", "ITU-T", "y", ("C5",), (16,)),
    ]
    s = summarize(frame(rows), year=2025)
    assert list(s.suggestions["activity_id"]) == ["A"]
    assert s.by_action_line.set_index("action_line").loc["C2", "activities"] == 0
    assert s.by_sdg_goal.set_index("goal").loc[9, "activities"] == 0


def test_year_over_year_new_continued_and_ended() -> None:
    """Activities match by activity_id, then by normalised title and sector; shifts are current minus previous."""
    current = [
        activity("D-1", "ITU-D", "Digital skills", ("C4",), (4,)),
        activity("D-NEW-ID", "ITU-D", "Smart  Villages!", ("C2",), (9,)),
        activity("T-9", "ITU-T", "Brand new", ("C5",), (16,)),
    ]
    previous = [
        activity("d-1 ", "ITU-D", "Digital skills (old name)", ("C4",), (4,), year=2024),
        activity("D-OLD", "ITU-D", "smart villages", ("C2", "C6"), (9,), year=2024),
        activity("R-1", "ITU-R", "Finished", ("C2",), (9,), year=2024),
        activity("X", "ITU-T", "Smart villages", ("C2",), (9,), year=2024),
    ]
    s = summarize(frame(current), year=2025, previous=frame(previous))
    yoy = s.year_over_year
    assert yoy is not None
    assert yoy.previous_year == 2024
    assert list(yoy.new["activity_id"]) == ["T-9"]
    assert sorted(yoy.continued["activity_id"]) == ["D-1", "D-NEW-ID"]
    assert sorted(yoy.ended["activity_id"]) == ["R-1", "X"]
    assert yoy.matched_by_title == 1
    lines = yoy.by_action_line.set_index("key")
    assert lines.loc["C2", ["previous", "current", "change"]].tolist() == [3, 1, -2]
    assert lines.loc["C5", ["previous", "current", "change"]].tolist() == [0, 1, 1]
    sectors = yoy.by_sector.set_index("key")
    assert sectors.loc["ITU-R", "change"] == -1
    assert list(yoy.by_ring.columns) == ["key", "label", "previous", "current", "change"]
    assert summarize(frame(current), year=2025).year_over_year is None


def test_problems_are_sorted_errors_first_and_counted() -> None:
    """Problems are kept errors first, then by file and cell, with counts by severity and rule."""
    problems = [
        Problem("missing-description", Severity.WARNING, "a.xlsx", "no description", sheet="S", cell="E3", row=3),
        Problem("invalid-url", Severity.ERROR, "b.xlsx", "bad url", sheet="S", cell="N2", row=2),
        Problem("invalid-url", Severity.ERROR, "a.xlsx", "bad url", sheet="S", cell="N9", row=9),
    ]
    s = summarize(frame(ROWS[:1]), year=2025, problems=problems, excluded_rows=4)
    assert [(p.file, p.cell) for p in s.problems] == [("a.xlsx", "N9"), ("b.xlsx", "N2"), ("a.xlsx", "E3")]
    assert (s.errors, s.warnings, s.excluded_rows) == (2, 1, 4)
    assert s.problem_counts.to_dict("records") == [
        {"severity": "error", "code": "invalid-url", "problems": 2},
        {"severity": "warning", "code": "missing-description", "problems": 1},
    ]


def test_year_is_taken_from_the_frame_when_not_given() -> None:
    """Without ``year`` the summary uses the activities' reporting year."""
    assert summarize(frame(ROWS)).year == 2025


def test_an_empty_frame_summarizes_to_zeros() -> None:
    """No activities give zero counts everywhere, not an error."""
    s = summarize(frame([]), year=2025)
    assert s.total == 0
    assert s.by_action_line["activities"].sum() == 0
    assert list(s.by_ring["ring"]) == [r.name for r in REF.rings]
    assert all(r.share == 0 for r in s.rings)


TABLES = [
    "by_action_line.csv",
    "by_sdg_goal.csv",
    "by_ring.csv",
    "by_sector.csv",
    "c7_sub_lines.csv",
    "action_line_sdg_matrix.csv",
    "ring_targets.csv",
    "custodian_indicators.csv",
    "lines_by_sector.csv",
    "goals_by_sector.csv",
    "regions_by_sector.csv",
    "lines_by_region.csv",
    "rows_left_out.csv",
]


def test_write_tables_writes_every_table_with_their_columns(summary, tmp_path: Path) -> None:
    """write_tables writes the headline counts and every other table of the report as CSV, nothing else."""
    written = write_tables(summary, tmp_path / "tables")
    assert [p.name for p in written] == TABLES
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == sorted(p.name for p in written)

    def read(name: str) -> list[dict[str, str]]:
        with (tmp_path / "tables" / name).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    headers = {
        "by_action_line.csv": ["action_line", "title", "itu_role", "activities"],
        "by_sdg_goal.csv": ["goal", "name", "ring", "activities"],
        "by_ring.csv": ["ring", "activities"],
        "by_sector.csv": ["sector", "activities"],
    }
    for name, header in headers.items():
        with (tmp_path / "tables" / name).open(encoding="utf-8") as f:
            assert f.readline().strip() == ",".join(header)
    assert read("by_action_line.csv")[6] == {
        "action_line": "C7",
        "title": "ICT applications",
        "itu_role": "contributor",
        "activities": "4",
    }
    assert [r["sector"] for r in read("by_sector.csv")][:4] == ["ITU-R", "ITU-T", "ITU-D", "GS"]
    assert read("by_ring.csv")[-1] == {"ring": "No SDG", "activities": "1"}
    assert len(read("by_sdg_goal.csv")) == 17
