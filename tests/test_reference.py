"""The reference data matches the facts in shared/domain/README.md."""

from __future__ import annotations

import pytest

from itu_contrib.reference import load_reference, plan_for, plans

REF = load_reference(2025)


def test_action_lines_are_c1_to_c11_with_eight_c7_sub_lines() -> None:
    """Eleven main lines and C7's eight e-sub-lines in Plan of Action order."""
    assert [a.code for a in REF.main_lines] == [f"C{i}" for i in range(1, 12)]
    names = [a.short_name for a in REF.sub_lines("C7")]
    assert names == [
        "E-government", "E-business", "E-learning", "E-health",
        "E-employment", "E-environment", "E-agriculture", "E-science",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "role"),
    [("C2", "sole facilitator"), ("C5", "sole facilitator"), ("C6", "sole facilitator"), ("C4", "lead facilitator")]
    + [(c, "contributor") for c in ("C1", "C3", "C7", "C8", "C9", "C10", "C11", "C7.e-health", "C7.e-science")],
)
def test_itu_roles_follow_the_strategic_plan(code: str, role: str) -> None:
    """ITU's role on each line is the one the Strategic Plan 2024-2027 states."""
    assert REF.action_lines[code].role == role


def test_roles_agree_with_the_reference_csv_column() -> None:
    """plans.toml and the csv column itu_role_sp2024_2027 say the same."""
    import csv
    from importlib import resources

    text = resources.files("itu_contrib").joinpath("data").joinpath("reference").joinpath("action_lines.csv")
    rows = list(csv.DictReader(text.read_text(encoding="utf-8").splitlines()))
    assert {r["code"]: r["itu_role_sp2024_2027"] for r in rows} == {c: a.role for c, a in REF.action_lines.items()}


def test_sdg_counts() -> None:
    """17 goals, 169 targets, 251 listed indicators that are 235 distinct ones."""
    assert len(REF.goals) == 17
    assert len(REF.targets) == 169
    assert len(REF.indicators) == 251
    assert len(REF.distinct_indicators) == 235


def test_repeated_indicators_are_linked() -> None:
    """1.5.1 = 11.5.1 = 13.1.1 share one UNSD code and name each other."""
    codes = {REF.indicators[c].unsd_code for c in ("1.5.1", "11.5.1", "13.1.1")}
    assert len(codes) == 1
    assert set(REF.indicators["1.5.1"].also_listed_as) == {"11.5.1", "13.1.1"}


def test_custodian_indicators() -> None:
    """ITU is custodian of exactly 4.4.1, 5.b.1, 9.c.1, 17.6.1 and 17.8.1."""
    assert [i.code for i in REF.custodian_indicators] == ["4.4.1", "5.b.1", "9.c.1", "17.6.1", "17.8.1"]


@pytest.mark.parametrize(
    ("level", "goals"),
    [(4, {9, 17}), (3, {4, 5}), (2, {1, 3, 10, 11, 12, 13}), (1, {2, 6, 7, 8, 14, 15, 16})],
)
def test_each_goal_sits_in_its_innermost_ring(level: int, goals: set[int]) -> None:
    """A goal's ring is the innermost ring of the plan that names it."""
    assert {g.number for g in REF.goals.values() if g.ring.level == level} == goals


def test_rings_name_the_plan_targets_and_indicators() -> None:
    """The key and main key focus rings carry the targets and indicators the plan names."""
    assert REF.ring(3).targets == ("4.b", "5.b")
    assert REF.ring(3).indicators == ("5.b.1",)
    assert REF.ring(4).targets == ("9.c", "17.8")
    assert REF.ring(4).indicators == ("9.c.1", "17.8.1")
    assert [r.name for r in REF.rings] == ["ICTs as an enabler", "Focus", "Key focus", "Main key focus"]


def test_plan_carries_its_period() -> None:
    """The 2024-2027 plan covers 2025; other years fall back to the nearest plan."""
    assert plan_for(2025).id == "SP2024-2027"
    assert plan_for(2025).covers(2027)
    assert not plan_for(2025).covers(2028)
    assert plan_for(2031) == plans()[-1]


def test_matrix_goal_links() -> None:
    """The WSIS-SDG matrix links C11 to SDG 17 only and C7 to the union of its sub-lines."""
    assert REF.expected_goals("C11") == {17}
    assert REF.expected_goals("C7.e-learning") == {4}
    assert REF.expected_goals("C7") >= REF.expected_goals("C7.e-health") | REF.expected_goals("C7.e-science")
