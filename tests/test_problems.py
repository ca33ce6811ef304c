"""The problem record: locations a spreadsheet user can follow, hints that read as sentences."""

from __future__ import annotations

from itu_contrib.problems import FIELDS, Problem, Severity, column_letter


def test_location_forms() -> None:
    """A workbook cell, a CSV cell, a row and a whole file each get their own readable location."""
    base = {"code": "x", "severity": Severity.ERROR, "message": "m"}
    assert Problem(file="ITU-D.xlsx", sheet="Activities", cell="E14", **base).location == "ITU-D.xlsx > Activities!E14"
    assert Problem(file="GS.csv", sheet=None, cell="G5", **base).location == "GS.csv > G5"
    assert Problem(file="a.xlsx", sheet="S", row=3, **base).location == "a.xlsx > S row 3"
    assert Problem(file="a.xlsx", **base).location == "a.xlsx"


def test_hints_are_sentences_and_records_have_the_documented_fields() -> None:
    """A hint gets a capital and a full stop; to_dict gives exactly the output fields, in order."""
    p = Problem(code="x", severity=Severity.WARNING, file="f", message="m", hint="check the date")
    assert p.hint == "Check the date."
    assert Problem(code="x", severity=Severity.WARNING, file="f", message="m", hint="").hint == ""
    assert tuple(p.to_dict()) == FIELDS
    assert p.to_dict()["severity"] == "warning"


def test_column_letters() -> None:
    """Column indexes turn into spreadsheet letters past Z and ZZ."""
    assert [column_letter(i) for i in (0, 13, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "N",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def test_relocated_copies_every_field_of_the_record() -> None:
    """The bulk copy sets every slot of a problem: a field added to Problem must be added to the copy."""
    from dataclasses import fields

    from itu_contrib import problems

    assert sorted(problems._SAME_FIELDS + problems._PLACE_FIELDS) == sorted(f.name for f in fields(Problem))


def test_bulk_problems_equal_the_ones_made_one_by_one() -> None:
    """make_problems gives, spot by spot, what make_problem gives: texts, places, values and template values."""
    from itu_contrib.i18n import AL_TITLE, Text
    from itu_contrib.rules import make_problem, make_problems

    shared = {"goals": "5, 17", "lines": "C3"}  # one mapping for two rows: one text, two places
    other = {"goals": "9", "lines": "C2, C4"}
    spots = [
        ("a.xlsx", "Activities", "G3", 3, "SDGs", "sdgs", "5; 17"),
        ("a.xlsx", "Activities", "G9", 9, "SDGs", "sdgs", "SDG 5, SDG 17"),
        ("b.csv", None, "G4", 4, "SDG", "sdgs", None),
        ("b.csv", "", "G5", 5, "SDG", "sdgs", "9"),
    ]
    templates = [shared, shared, other, other]
    # a template that shows the value (one text per value) and one with a translatable value
    skipped = [("c.xlsx", "S", None, r, None, None, v) for r, v in ((2, "Total"), (7, "Total"), (8, "Note"))]
    title = {"line": "C4", "title": Text.of("Capacity building", context=AL_TITLE), "evidence": "training"}
    cases = [
        ("sdg-not-in-matrix", spots, templates, None),
        ("not-an-activity", skipped, [{}, {}, {}], "total"),
        ("action-line-contradicted", [("d.xlsx", "S", "F2", 2, "Lines", "action_lines", "C4")] * 2, [title] * 2, None),
    ]
    for code, where, values, variant in cases:
        bulk = make_problems(code, where, values, variant=variant)
        single = [
            make_problem(code, file=f, sheet=s, cell=c, row=r, column=col, field=fld, value=v, variant=variant, **t)
            for (f, s, c, r, col, fld, v), t in zip(where, values, strict=True)
        ]
        assert bulk == single
        assert [(p.variant, p.params) for p in bulk] == [(p.variant, p.params) for p in single]
        assert [p.to_dict() for p in bulk] == [p.to_dict() for p in single]


def test_bulk_problems_take_fresh_template_values_from_a_generator() -> None:
    """Template mappings made one by one (a generator) are each their own: a freed one's id never lends its text."""
    from itu_contrib.rules import make_problem, make_problems

    spots = [("a.xlsx", "S", f"G{r}", r, "SDGs", "sdgs", "5") for r in range(2, 200)]
    bulk = make_problems("sdg-not-in-matrix", spots, ({"goals": str(r % 17), "lines": "C3"} for r in range(2, 200)))
    single = [
        make_problem(
            "sdg-not-in-matrix",
            file=f,
            sheet=s,
            cell=c,
            row=r,
            column=col,
            field=fld,
            value=v,
            goals=str(r % 17),
            lines="C3",
        )
        for f, s, c, r, col, fld, v in spots
    ]
    assert [p.message for p in bulk] == [p.message for p in single]
