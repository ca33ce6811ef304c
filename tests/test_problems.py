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
