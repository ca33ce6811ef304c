"""Values as people type them: lists split sensibly, targets Excel made numbers, one problem for a wrong --year."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import HEADER, activity, write_xlsx

from itu_contrib.reading import load
from itu_contrib.spec import load_spec
from itu_contrib.tagging import tag
from itu_contrib.validation import validate
from itu_contrib.values import split_values


def test_partners_split_on_semicolons_line_breaks_and_plain_commas() -> None:
    """';', line breaks and a comma list split; a legal suffix after a comma stays with its name."""
    assert split_values("UNESCO;UNICEF\nWHO") == ["UNESCO", "UNICEF", "WHO"]
    assert split_values("UNESCO, UNICEF, UN Women") == ["UNESCO", "UNICEF", "UN Women"]
    assert split_values("Huawei Technologies Co., Ltd.") == ["Huawei Technologies Co., Ltd."]
    assert split_values("Ministry of ICT; Acme, Inc.") == ["Ministry of ICT", "Acme, Inc."]


def test_countries_with_commas_in_their_names_are_not_cut(tmp_path: Path) -> None:
    """'Korea, Republic of' and 'Tanzania, United Republic of' are countries; a comma list of countries splits."""
    rows = [
        activity(1, countries="Korea, Republic of; Kenya"),
        activity(2, countries="Tanzania, United Republic of\nRwanda"),
        activity(3, countries="Kenya, Uganda, Rwanda"),
    ]
    result = validate(write_xlsx(tmp_path / "c.xlsx", {"S": [HEADER, *rows]}), year=2025)
    assert [p.code for p in result.problems] == []
    assert list(result.frame["_countries"]) == [("KOR", "KEN"), ("TZA", "RWA"), ("KEN", "UGA", "RWA")]


def test_tagged_partners_are_a_tuple_of_names(tmp_path: Path) -> None:
    """The tagged activity lists each partner once, whatever separator was typed."""
    rows = [activity(1, partners="UNESCO\nUNICEF"), activity(2, partners="GSMA, Cisco")]
    tagged = tag(write_xlsx(tmp_path / "p.xlsx", {"S": [HEADER, *rows]}), year=2025)
    assert list(tagged.activities["partners"]) == [("UNESCO", "UNICEF"), ("GSMA", "Cisco")]


def test_a_target_typed_as_a_number_that_lost_its_zero_is_a_warning(tmp_path: Path) -> None:
    """17.10 typed in a number cell arrives as 17.1; since both targets exist, the cell gets ambiguous-target."""
    rows = [activity(1, sdgs=17.1), activity(2, sdgs="17.1"), activity(3, sdgs=9.1)]
    result = load(write_xlsx(tmp_path / "t.xlsx", {"S": [HEADER, *rows]}))
    (problem,) = [p for p in result.problems if p.code == "ambiguous-target"]
    assert (problem.cell, problem.value, problem.severity.value) == ("G2", "17.1", "warning")
    assert "17.10" in problem.message
    assert result.frame.loc[0, "sdgs"] == "17.1"


def test_several_unknown_codes_get_a_grammatical_message(tmp_path: Path) -> None:
    """Two unknown SDGs in one cell: 'are not SDG goals, targets or indicators'; one: 'is not an SDG goal'."""
    rows = [activity(1, sdgs="18; 19"), activity(2, sdgs="18"), activity(3, action_lines="C12; C13")]
    result = validate(write_xlsx(tmp_path / "g.xlsx", {"S": [HEADER, *rows]}), year=2025)
    messages = [p.message for p in result.errors]
    assert "SDGs: '18' and '19' are not SDG goals, targets or indicators" in messages
    assert "SDGs: '18' is not an SDG goal, target or indicator" in messages
    assert "WSIS Action Lines: 'C12' and 'C13' are not WSIS Action Lines" in messages


def test_a_year_option_far_from_every_row_is_one_problem_not_one_per_row(tmp_path: Path) -> None:
    """--year 2024 on twenty rows of 2025 gives one year-option-mismatch naming 2025, no year-mismatch per row."""
    path = write_xlsx(tmp_path / "y.xlsx", {"S": [HEADER, *[activity(n) for n in range(1, 21)]]})
    result = validate(path, year=2024)
    assert [p.code for p in result.errors] == ["year-option-mismatch"]
    (problem,) = result.errors
    assert "20 rows are of 2025" in problem.message
    assert "--year 2025" in problem.hint
    assert bool(result.frame["_excluded"].all())


def test_a_year_option_matching_some_rows_still_flags_each_other_row(tmp_path: Path) -> None:
    """When some rows are of the --year, each row of another year keeps its own year-mismatch error."""
    rows = [activity(1), activity(2, year=2024), activity(3, year=2024)]
    result = validate(write_xlsx(tmp_path / "y.xlsx", {"S": [HEADER, *rows]}), year=2025)
    assert [p.code for p in result.errors] == ["year-mismatch", "year-mismatch"]


def test_an_unknown_c7_sub_line_is_matched_by_meaning_not_spelling(tmp_path: Path) -> None:
    """'C7 e-banking' looks like e-learning but means business: the hint suggests C7 e-business."""
    rows = [activity(1, action_lines="C7 e-banking")]
    result = validate(write_xlsx(tmp_path / "b.xlsx", {"S": [HEADER, *rows]}), year=2025)
    (problem,) = [p for p in result.errors if p.code == "unknown-action-line"]
    assert problem.hint.startswith("Did you mean C7.e-business?")


@pytest.mark.parametrize(
    ("vocabulary", "text", "expected"),
    [
        ("sectors", "ITU-T (TSB)", "ITU-T"),
        ("sectors", "Telecommunication Development Bureau (BDT)", "ITU-D"),
        ("sectors", "BDT - ITU-D", "ITU-D"),
        ("sectors", "ITU BDT", "ITU-D"),
        ("sectors", "Secteur de la normalisation des télécommunications", "ITU-T"),
        ("sectors", "ITU-D / ITU-T", None),
        ("sectors", "ITU-D, ITU-T", None),
        ("sectors", "ITU", None),
        ("statuses", "On-going", "ongoing"),
        ("statuses", "finalizado", "completed"),
        ("statuses", "Not yet started", "planned"),
        ("regions", "Africa Region", "Africa"),
        ("regions", "Asia and Pacific", "Asia-Pacific"),
        ("regions", "Europe & CIS", None),
    ],
)
def test_choices_in_other_names_of_one_value_are_read_and_two_values_are_not(
    vocabulary: str, text: str, expected: str | None
) -> None:
    """'ITU-T (TSB)' and 'Africa Region' name one value; 'ITU-D / ITU-T' names two and stays unknown."""
    assert load_spec().vocabularies[vocabulary].canonical(text) == expected


def test_french_and_spanish_country_names_are_read(tmp_path: Path) -> None:
    """'Maroc', 'Tchad', 'Reino Unido', 'España' are the ISO countries they name in French and Spanish."""
    names = "Maroc; Tchad; République centrafricaine; Reino Unido; España; Estados Unidos"
    path = write_xlsx(tmp_path / "a.xlsx", {"Activities": [HEADER, activity(1, countries=names)]})
    result = validate(path, year=2025)
    assert [p.code for p in result.problems if p.code == "unknown-country"] == []
    assert result.frame["_countries"][0] == ("MAR", "TCD", "CAF", "GBR", "ESP", "USA")
