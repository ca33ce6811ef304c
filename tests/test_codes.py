"""The code parser reads WSIS Action Lines and SDG codes however submitters write them."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itu_contrib.codes import (
    ParsedActionLines,
    ParsedSdgs,
    _fold,
    parse_action_lines,
    parse_sdgs,
    split_list,
)
from itu_contrib.reference import load_reference
from itu_contrib.spec import normalize_key

REF = load_reference(2025)

# (cell as typed, action lines expected in order)
ACTION_LINE_SPELLINGS: list[tuple[object, tuple[str, ...]]] = [
    # codes
    ("C5", ("C5",)),
    ("c5", ("C5",)),
    ("c 5", ("C5",)),
    ("C-5", ("C5",)),
    ("C.5", ("C5",)),
    ("C05", ("C5",)),
    ("CO5", ("C5",)),
    ("AL5", ("C5",)),
    ("AL 5", ("C5",)),
    ("al-5", ("C5",)),
    ("Action Line C5", ("C5",)),
    ("Action line 5", ("C5",)),
    ("WSIS C5", ("C5",)),
    ("WSIS Action Line C5", ("C5",)),
    ("Ligne d'action C5", ("C5",)),
    ("Línea de acción C5", ("C5",)),
    ("C10", ("C10",)),
    ("C11", ("C11",)),
    # code and title
    ("C5 - Building confidence and security in the use of ICTs", ("C5",)),
    ("C5 – Building confidence and security in the use of ICTs", ("C5",)),
    ("C5: Building confidence...", ("C5",)),
    ("C5 Renforcer la confiance et la sécurité dans l'utilisation des TIC", ("C5",)),
    ("C9 Media", ("C9",)),
    ("Capacity building (C4)", ("C4",)),
    # titles alone
    ("Building confidence and security in the use of ICTs", ("C5",)),
    ("Capacity building", ("C4",)),
    ("Enabling environment", ("C6",)),
    ("Media", ("C9",)),
    ("Information and communication infrastructure", ("C2",)),
    ("Information and communication infrastructure: an essential foundation for the Information Society", ("C2",)),
    ("The role of governments and all stakeholders in the promotion of ICTs for development", ("C1",)),
    ("The role of public governance authorities and all stakeholders in the promotion of ICTs for development",
     ("C1",)),
    ("Access to information and knowledge", ("C3",)),
    ("Cultural diversity and identity, linguistic diversity and local content", ("C8",)),
    ("Ethical dimensions of the Information Society", ("C10",)),
    ("International and regional cooperation", ("C11",)),
    # C7 and its e-sub-lines
    ("C7", ("C7",)),
    ("C7 ICT applications", ("C7",)),
    ("ICT applications: benefits in all aspects of life", ("C7",)),
    ("C7 e-health", ("C7.e-health",)),
    ("C7 E-Health", ("C7.e-health",)),
    ("C7.4", ("C7.e-health",)),
    ("C7.1", ("C7.e-government",)),
    ("C7.8", ("C7.e-science",)),
    ("C7.e-health", ("C7.e-health",)),
    ("C7 (E-Health)", ("C7.e-health",)),
    ("C7 - e-health", ("C7.e-health",)),
    ("C7-e-health", ("C7.e-health",)),
    ("C7 - Health", ("C7.e-health",)),
    ("e-Health", ("C7.e-health",)),
    ("eHealth", ("C7.e-health",)),
    ("E health", ("C7.e-health",)),
    ("e-health (C7)", ("C7.e-health",)),
    ("C7: ICT applications - e-agriculture", ("C7.e-agriculture",)),
    ("C7 ICT applications: E-government", ("C7.e-government",)),
    ("ICT applications: E-science", ("C7.e-science",)),
    ("C7 e-gov", ("C7.e-government",)),
    ("C7 e-health telemedicine pilot", ("C7.e-health",)),
    ("e-santé", ("C7.e-health",)),
    ("cibersalud", ("C7.e-health",)),
    ("cyberagriculture", ("C7.e-agriculture",)),
    ("gobierno electrónico", ("C7.e-government",)),
    # lists
    ("C2; C5", ("C2", "C5")),
    ("C2, C5 and C6", ("C2", "C5", "C6")),
    ("C2/C5|C6", ("C2", "C5", "C6")),
    ("C2 & C5", ("C2", "C5")),
    ("C2 et C5", ("C2", "C5")),
    ("C2 y C5", ("C2", "C5")),
    ("• C2\n• C5", ("C2", "C5")),
    ("- C2\n- C4", ("C2", "C4")),
    ("* C2\n* C5", ("C2", "C5")),
    ("1) C2\n2) C5", ("C2", "C5")),
    ("1. C2\n2. C5", ("C2", "C5")),
    ("Action lines 2, 5 and 6", ("C2", "C5", "C6")),
    ("C1-C3", ("C1", "C2", "C3")),
    ("C1 to C3", ("C1", "C2", "C3")),
    ("C7 (e-health, e-learning)", ("C7.e-health", "C7.e-learning")),
    ("C7 e-health and e-government", ("C7.e-health", "C7.e-government")),
    ("C5; C5, c5", ("C5",)),
    ("C7; C7.e-health", ("C7", "C7.e-health")),
    ("C6, C2", ("C6", "C2")),
    ("C5 - Building confidence and security in the use of ICTs; Information and communication infrastructure",
     ("C5", "C2")),
    ("Capacity building, Cultural diversity and identity, linguistic diversity and local content", ("C4", "C8")),
    ("C7.4 and Information and communication infrastructure", ("C7.e-health", "C2")),
    ("C2 and Media", ("C2", "C9")),
]  # fmt: skip

# (cell as typed, (goals, targets, indicators) expected)
SDG_SPELLINGS: list[tuple[object, tuple[tuple[int, ...], tuple[str, ...], tuple[str, ...]]]] = [
    # goals
    ("9", ((9,), (), ())),
    (9, ((9,), (), ())),
    (9.0, ((9,), (), ())),
    ("SDG 9", ((9,), (), ())),
    ("SDG9", ((9,), (), ())),
    ("SDG-9", ((9,), (), ())),
    ("sdg 9", ((9,), (), ())),
    ("SDG #9", ((9,), (), ())),
    ("Goal 9", ((9,), (), ())),
    ("Goal 9: Industry, innovation and infrastructure", ((9,), (), ())),
    ("SDG 9: Industry, Innovation and Infrastructure", ((9,), (), ())),
    ("Industry, innovation and infrastructure", ((9,), (), ())),
    ("Quality education", ((4,), (), ())),
    ("Gender equality", ((5,), (), ())),
    ("Peace, justice and strong institutions", ((16,), (), ())),
    ("Partnerships for the goals", ((17,), (), ())),
    ("SDG 4 (Quality education)", ((4,), (), ())),
    ("Quality education (SDG 4)", ((4,), (), ())),
    ("SDG 4 - Quality education for all", ((4,), (), ())),
    ("Goal 5 Gender equality and women empowerment", ((5,), (), ())),
    ("ODD 9", ((9,), (), ())),
    ("ODS 9", ((9,), (), ())),
    ("Objectif 9", ((9,), (), ())),
    ("Objetivo 9", ((9,), (), ())),
    ("Objetivo de Desarrollo Sostenible 9", ((9,), (), ())),
    # targets
    ("9.c", ((9,), ("9.c",), ())),
    ("9c", ((9,), ("9.c",), ())),
    ("9.C", ((9,), ("9.c",), ())),
    ("Target 9.c", ((9,), ("9.c",), ())),
    ("SDG 9.c", ((9,), ("9.c",), ())),
    ("SDG target 9.c", ((9,), ("9.c",), ())),
    ("Target 4b", ((4,), ("4.b",), ())),
    (9.1, ((9,), ("9.1",), ())),
    ("17.8", ((17,), ("17.8",), ())),
    ("17.10", ((17,), ("17.10",), ())),
    # indicators
    ("9.c.1", ((9,), ("9.c",), ("9.c.1",))),
    ("9c1", ((9,), ("9.c",), ("9.c.1",))),
    ("Indicator 9.c.1", ((9,), ("9.c",), ("9.c.1",))),
    ("SDG indicator 17.8.1", ((17,), ("17.8",), ("17.8.1",))),
    ("5b.1", ((5,), ("5.b",), ("5.b.1",))),
    ("5.b.1", ((5,), ("5.b",), ("5.b.1",))),
    ("11.5.1", ((11,), ("11.5",), ("11.5.1",))),
    # lists
    ("SDGs 9 and 17", ((9, 17), (), ())),
    ("SDG 9, 17", ((9, 17), (), ())),
    ("4 & 5", ((4, 5), (), ())),
    ("4 et 5", ((4, 5), (), ())),
    ("4 y 5", ((4, 5), (), ())),
    ("4|5", ((4, 5), (), ())),
    ("• SDG 4\n• SDG 5", ((4, 5), (), ())),
    ("SDG 4; SDG 4, 4", ((4,), (), ())),
    ("1-3", ((1, 2, 3), (), ())),
    ("SDG 4; 9.c.1 / Target 17.8", ((4, 9, 17), ("9.c", "17.8"), ("9.c.1",))),
    ("SDG 9 (9.c, 9.1)", ((9,), ("9.1", "9.c"), ())),
    ("4.4.1, 17.6.1", ((4, 17), ("4.4", "17.6"), ("4.4.1", "17.6.1"))),
    ("SDG 9: Industry, Innovation and Infrastructure; SDG 17", ((9, 17), (), ())),
    ("Quality education and gender equality", ((4, 5), (), ())),
]  # fmt: skip


def test_the_spelling_tables_are_large() -> None:
    """The spelling tables hold at least 80 rows in all."""
    assert len(ACTION_LINE_SPELLINGS) + len(SDG_SPELLINGS) >= 80


@pytest.mark.parametrize(("cell", "expected"), ACTION_LINE_SPELLINGS)
def test_action_line_spellings(cell: object, expected: tuple[str, ...]) -> None:
    """Each common way of writing action lines gives the canonical codes and nothing unknown."""
    result = parse_action_lines(cell)
    assert result.codes == expected
    assert result.ok, (result.unknown, result.misplaced)


@pytest.mark.parametrize(("cell", "expected"), SDG_SPELLINGS)
def test_sdg_spellings(cell: object, expected: tuple[tuple[int, ...], tuple[str, ...], tuple[str, ...]]) -> None:
    """Each common way of writing SDG goals, targets and indicators gives the canonical codes."""
    result = parse_sdgs(cell)
    assert (result.goals, result.targets, result.indicators) == expected
    assert result.ok, (result.unknown, result.misplaced)


@pytest.mark.parametrize("code", list(REF.action_lines))
def test_every_action_line_round_trips(code: str) -> None:
    """The canonical code, titles and numeric code of every action line parse back to the code."""
    line = REF.action_lines[code]
    for spelling in {code, line.title, line.official_title, line.short_name, line.numeric_code or code}:
        result = parse_action_lines(spelling)
        assert (result.codes, result.ok) == ((code,), True), spelling


@pytest.mark.parametrize("goal", list(REF.goals))
def test_every_goal_round_trips(goal: int) -> None:
    """A goal's number, "SDG n", short name and title parse back to the goal."""
    info = REF.goals[goal]
    for spelling in (goal, str(goal), f"SDG {goal}", info.short_name, info.title):
        result = parse_sdgs(spelling)
        assert (result.goals, result.declared_goals, result.ok) == ((goal,), (goal,), True), spelling


@pytest.mark.parametrize("target", list(REF.targets))
def test_every_target_round_trips(target: str) -> None:
    """A target's canonical code parses back to the target and implies its goal only."""
    result = parse_sdgs(target)
    assert result.targets == (target,)
    assert result.goals == (REF.targets[target].goal,)
    assert (result.declared_goals, result.indicators, result.ok) == ((), (), True)


@pytest.mark.parametrize("indicator", list(REF.indicators))
def test_every_indicator_round_trips(indicator: str) -> None:
    """An indicator's canonical code parses back to it and implies its target and goal."""
    info = REF.indicators[indicator]
    result = parse_sdgs(indicator)
    assert (result.indicators, result.targets, result.goals) == ((indicator,), (info.target,), (info.goal,))
    assert result.ok


def _canonical_action_lines(result: ParsedActionLines) -> str:
    return "; ".join(result.codes)


def _canonical_sdgs(result: ParsedSdgs) -> str:
    return "; ".join([*map(str, result.declared_goals), *result.targets, *result.indicators])


@pytest.mark.parametrize("cell", [c for c, _ in ACTION_LINE_SPELLINGS] + ["C55, C2", "SDG 9; C4", ""])
def test_action_line_parsing_is_idempotent(cell: object) -> None:
    """Parsing the canonical codes joined with '; ' gives the same codes back."""
    first = parse_action_lines(cell)
    again = parse_action_lines(_canonical_action_lines(first))
    assert again.codes == first.codes
    assert again.ok


@pytest.mark.parametrize("cell", [c for c, _ in SDG_SPELLINGS] + ["9.z, 4", "C5; 17.8.1", ""])
def test_sdg_parsing_is_idempotent(cell: object) -> None:
    """Parsing the canonical goals, targets and indicators joined with '; ' gives the same result."""
    first = parse_sdgs(cell)
    again = parse_sdgs(_canonical_sdgs(first))
    assert (again.goals, again.declared_goals, again.targets, again.indicators) == (
        first.goals,
        first.declared_goals,
        first.targets,
        first.indicators,
    )
    assert again.ok


# (cell, unknown pieces, suggestions)
UNKNOWN_ACTION_LINES: list[tuple[str, tuple[str, ...], dict[str, str]]] = [
    ("C13", ("C13",), {"C13": "C1"}),
    ("C12", ("C12",), {"C12": "C1"}),
    ("C55", ("C55",), {"C55": "C5"}),
    ("C7 e-helth", ("C7 e-helth",), {"C7 e-helth": "C7.e-health"}),
    ("Capacity buidling", ("Capacity buidling",), {"Capacity buidling": "C4"}),
    ("5", ("5",), {"5": "C5"}),
    ("7.4", ("7.4",), {"7.4": "C7.e-health"}),
    ("C7.4 e-learning", ("C7.4 e-learning",), {"C7.4 e-learning": "C7.e-learning"}),
    ("lorem ipsum", ("lorem ipsum",), {}),
    ("C5, lorem", ("lorem",), {}),
    (
        "Cultural diversity and identity, linguistic diversity and local contnt",
        ("Cultural diversity and identity, linguistic diversity and local contnt",),
        {"Cultural diversity and identity, linguistic diversity and local contnt": "C8"},
    ),
]


@pytest.mark.parametrize(("cell", "unknown", "suggestions"), UNKNOWN_ACTION_LINES)
def test_unknown_action_lines_get_a_closest_code(
    cell: str, unknown: tuple[str, ...], suggestions: dict[str, str]
) -> None:
    """A piece that is no action line is unknown, as written, with the closest code as a hint."""
    result = parse_action_lines(cell)
    assert result.unknown == unknown
    assert dict(result.suggestions) == suggestions
    assert not result.ok


def test_a_made_up_e_line_is_unknown_and_hints_at_a_real_one() -> None:
    """A made-up sub-line such as "C7 e-banking" is unknown; the hint is one of C7's sub-lines."""
    result = parse_action_lines("C7 e-banking")
    assert result.codes == ()
    assert result.unknown == ("C7 e-banking",)
    assert result.suggestions["C7 e-banking"] in {a.code for a in REF.sub_lines("C7")}


def test_known_pieces_survive_next_to_unknown_ones() -> None:
    """Valid codes of a cell are kept when another piece is unknown."""
    result = parse_action_lines("C2; C55; e-health")
    assert result.codes == ("C2", "C7.e-health")
    assert result.unknown == ("C55",)


@pytest.mark.parametrize(
    ("cell", "codes", "misplaced"),
    [
        ("SDG 9", (), ("SDG 9",)),
        ("9.c", (), ("9.c",)),
        ("Goal 4", (), ("Goal 4",)),
        ("17.8.1", (), ("17.8.1",)),
        ("Quality education", (), ("Quality education",)),
        ("Goal 9: Industry, innovation and infrastructure", (), ("Goal 9: Industry, innovation and infrastructure",)),
        ("C5, SDG 9", ("C5",), ("SDG 9",)),
        ("C5 and SDG 9", ("C5",), ("SDG 9",)),
    ],
)
def test_sdg_codes_in_the_action_line_column_are_misplaced(
    cell: str, codes: tuple[str, ...], misplaced: tuple[str, ...]
) -> None:
    """SDG codes typed as action lines are reported as misplaced, not unknown."""
    result = parse_action_lines(cell)
    assert (result.codes, result.misplaced, result.unknown) == (codes, misplaced, ())
    assert not result.ok


@pytest.mark.parametrize(
    ("cell", "goals", "misplaced"),
    [
        ("C5", (), ("C5",)),
        ("C7 e-health", (), ("C7 e-health",)),
        ("Capacity building", (), ("Capacity building",)),
        ("Action Line C2", (), ("Action Line C2",)),
        ("9; C7.4", (9,), ("C7.4",)),
    ],
)
def test_action_lines_in_the_sdg_column_are_misplaced(
    cell: str, goals: tuple[int, ...], misplaced: tuple[str, ...]
) -> None:
    """Action lines typed as SDGs are reported as misplaced, not unknown."""
    result = parse_sdgs(cell)
    assert (result.goals, result.misplaced, result.unknown) == (goals, misplaced, ())
    assert not result.ok


@pytest.mark.parametrize(
    ("cell", "suggestion"),
    [
        ("17.20.1", "17.2.1"),
        ("9.z", "9.a"),
        ("SDG 9.6", "9.1"),
        ("Quality educaton", "4"),
        ("SDG 18", None),
        ("0", None),
    ],
)
def test_unknown_sdg_codes_get_a_closest_code(cell: str, suggestion: str | None) -> None:
    """Codes the reference does not have are unknown (never a crash), with the closest code as a hint."""
    result = parse_sdgs(cell)
    assert result.unknown == (cell,)
    assert (result.goals, result.targets, result.indicators) == ((), (), ())
    assert result.suggestions.get(cell) == suggestion


@pytest.mark.parametrize(
    "cell", ["all SDGs", "All 17 SDGs", "all 17 goals", "all the goals", "tous les ODD", "todos los ODS"]
)
def test_all_goals(cell: str) -> None:
    """Phrases meaning every SDG set all_goals without listing the goals."""
    result = parse_sdgs(cell)
    assert result.all_goals
    assert result.ok
    assert result.goals == ()


def test_listing_every_goal_also_sets_all_goals() -> None:
    """A range or list covering goals 1 to 17 counts as all goals."""
    assert parse_sdgs("SDGs 1-17").all_goals
    assert not parse_sdgs("SDGs 1-16").all_goals


def test_declared_goals_exclude_implied_ones() -> None:
    """Goals implied by targets and indicators are in goals but not in declared_goals."""
    result = parse_sdgs("Goal 4, 9.c.1, 17.8")
    assert result.goals == (4, 9, 17)
    assert result.declared_goals == (4,)
    assert result.targets == ("9.c", "17.8")


def test_targets_and_indicators_come_in_reference_order() -> None:
    """Targets and indicators are sorted as in the reference, whatever order they were written in."""
    result = parse_sdgs("17.8.1; 9.c; 9.1; 4.4.1; 17.10")
    assert result.targets == ("4.4", "9.1", "9.c", "17.8", "17.10")
    assert result.indicators == ("4.4.1", "17.8.1")


@pytest.mark.parametrize("blank", [None, "", "   ", float("nan"), "n/a", "N/A", "-", "none"])
def test_blank_cells_give_empty_results(blank: object) -> None:
    """Blank, NaN and placeholder cells give no codes and no problems."""
    assert parse_action_lines(blank) == parse_action_lines(None)
    assert parse_action_lines(blank).codes == ()
    assert parse_action_lines(blank).ok
    assert parse_sdgs(blank).goals == ()
    assert parse_sdgs(blank).ok


def test_numbers_from_spreadsheets() -> None:
    """Number cells read as goals (9, 9.0) or targets (9.1, 17.1), numpy and pandas values included."""
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert parse_sdgs(np.int64(9)).goals == (9,)
    assert parse_sdgs(np.float64(9.0)).declared_goals == (9,)
    assert parse_sdgs(np.float64(9.1)).targets == ("9.1",)
    assert parse_sdgs(17.1).targets == ("17.1",)
    assert parse_sdgs(pd.NA).goals == ()
    assert parse_sdgs(np.nan).ok
    assert parse_action_lines(5).unknown == ("5",)


JUNK = [
    "lorem ipsum", "", "???", "123456", "C", "SDG", "....", "\n\n", "C7.", "9..c", "((C5", "C5))", "- ", "•", "1)",
    "\x00", "😀 C5", "C1-C30", "99.99.99", "e-", "all", "and and and", "C5; " * 500, "(" * 50, "C7.9", "C0",
    "17.20.1.4", "9.c.c", "SDG 9.", "C7.e-", "Goal", "%", "ℂ5", "Ｃ５", "C\u03015",
    math.inf, -1, 10**20, True, object(),
]  # fmt: skip


@pytest.mark.parametrize("cell", JUNK)
def test_junk_never_raises(cell: object) -> None:
    """Any value gives a result whose codes all exist in the reference."""
    for result in (parse_action_lines(cell), parse_sdgs(cell)):
        assert isinstance(result.ok, bool)
    assert set(parse_action_lines(cell).codes) <= set(REF.action_lines)
    sdgs = parse_sdgs(cell)
    assert set(sdgs.goals) <= set(REF.goals)
    assert set(sdgs.targets) <= set(REF.targets)
    assert set(sdgs.indicators) <= set(REF.indicators)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("Cc SDGsdgoal.e-h,;/|&()\n0123456789xyz•é"), max_size=40) | st.text(max_size=40)
)
def test_any_text_parses_to_reference_codes_idempotently(cell: str) -> None:
    """For any text, parsing never raises, gives only reference codes, and re-parsing its canonical form is stable."""
    lines = parse_action_lines(cell)
    assert set(lines.codes) <= set(REF.action_lines)
    assert parse_action_lines(_canonical_action_lines(lines)).codes == lines.codes
    sdgs = parse_sdgs(cell)
    assert set(sdgs.targets) <= set(REF.targets)
    assert set(sdgs.indicators) <= set(REF.indicators)
    again = parse_sdgs(_canonical_sdgs(sdgs))
    assert (again.goals, again.targets, again.indicators) == (sdgs.goals, sdgs.targets, sdgs.indicators)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_fast_fold_equals_normalize_key(text: str) -> None:
    """The parser's folding gives exactly what spec.normalize_key gives."""
    assert _fold(text) == normalize_key(text)


@pytest.mark.parametrize(
    ("cell", "pieces"),
    [
        ("C2; C5, C6", ["C2", "C5", "C6"]),
        ("• C2\n• C5", ["C2", "C5"]),
        ("- C2\n* C4\n1) C5\n2. C6", ["C2", "C4", "C5", "C6"]),
        ("C2 and C5 et C6 y C7 & C8", ["C2", "C5", "C6", "C7", "C8"]),
        ("C2/C5|C6", ["C2", "C5", "C6"]),
        ("C7 (e-health)", ["C7", "e-health"]),
        ("C-5, C.5", ["C-5", "C.5"]),
        ("9.c.1; 17.8", ["9.c.1", "17.8"]),
        ("", []),
    ],
)
def test_split_list(cell: str, pieces: list[str]) -> None:
    """The list splitter cuts at separators and bullets and keeps dotted and dashed codes whole."""
    assert split_list(cell) == pieces


def test_results_are_cached_and_immutable() -> None:
    """The same text gives the same frozen result object, whose suggestions cannot be changed."""
    first = parse_action_lines("C55")
    assert parse_action_lines("C55") is first
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.codes = ("C5",)  # type: ignore[misc]
    with pytest.raises(TypeError):
        first.suggestions["C55"] = "C1"  # type: ignore[index]


def test_an_explicit_reference_is_used() -> None:
    """Passing a Reference gives the same reading as the default one."""
    assert parse_action_lines("C7.4", REF).codes == ("C7.e-health",)
    assert parse_sdgs("9.c.1", REF).indicators == ("9.c.1",)


_AL_TOKENS = ["C1", "C5", "c 5", "C7 e-health", "C7.e-learning", "C7 E-Agriculture", "C13", "C55", "C7 e-banking", "C0"]
_SDG_TOKENS = ["9", "17", "9.c", "9.c.1", "17.8.1", "4.4", "5.b.1", "18", "9.z", "17.20.1", "0", "1.5.1", "13.1"]


@given(st.lists(st.sampled_from(_AL_TOKENS), min_size=2, max_size=6), st.sampled_from(["; ", ", ", "\n", ";"]))
@settings(max_examples=200, deadline=None)
def test_plain_action_line_lists_parse_like_the_full_parser(tokens: list[str], sep: str) -> None:
    """The piece-by-piece fast path gives exactly what the full parser gives for plain lists of codes."""
    from itu_contrib.codes import _parser

    text = sep.join(tokens)
    assert parse_action_lines(text) == _parser(None).parse_action_lines(text)


@given(st.lists(st.sampled_from(_SDG_TOKENS), min_size=2, max_size=6), st.sampled_from(["; ", ", ", "\n", ";"]))
@settings(max_examples=200, deadline=None)
def test_plain_sdg_lists_parse_like_the_full_parser(tokens: list[str], sep: str) -> None:
    """The piece-by-piece fast path gives exactly what the full parser gives for plain lists of SDG codes."""
    from itu_contrib.codes import _parser

    text = sep.join(tokens)
    assert parse_sdgs(text) == _parser(None).parse_sdgs(text)
