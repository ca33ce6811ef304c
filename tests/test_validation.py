"""Validation: every problem in one pass, at its cell, with a hint; results never raise for bad data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import HEADER, activity, write_xlsx

from itu_contrib.errors import ConfigError
from itu_contrib.rules import RULES, RULES_BY_CODE, parse_config
from itu_contrib.validation import validate


def found(result: object) -> set[tuple[str, str | None]]:
    return {(p.code, p.cell) for p in result.problems}  # type: ignore[attr-defined]


def test_clean_submission_is_valid(good_xlsx: Path) -> None:
    """A submission with only valid values has no problem and exit status valid."""
    result = validate(good_xlsx)
    assert result.problems == ()
    assert result.valid
    assert result.stats.rows == 3
    assert result.frame["_action_lines"].iloc[0] == ("C4", "C7.e-learning")
    assert result.frame["_sdg_goals"].iloc[0] == (4,)


@pytest.mark.parametrize(
    ("overrides", "code", "cell"),
    [
        ({"title": None}, "required-value", "D3"),
        ({"action_lines": "C13"}, "unknown-action-line", "F3"),
        ({"action_lines": "C7 e-banking"}, "unknown-action-line", "F3"),
        ({"sdgs": "SDG 18"}, "unknown-sdg", "G3"),
        ({"sdgs": "9.z"}, "unknown-sdg", "G3"),
        ({"sdgs": "17.20.1"}, "unknown-sdg", "G3"),
        ({"action_lines": "SDG 9"}, "wrong-column", "F3"),
        ({"sdgs": "C5"}, "wrong-column", "G3"),
        ({"start_date": dt.date(2025, 6, 1), "end_date": dt.date(2025, 2, 1)}, "end-before-start", "I3"),
        ({"start_date": dt.date(2019, 1, 1), "end_date": dt.date(2019, 3, 1)}, "date-outside-year", "H3"),
        ({"url": "www itu int"}, "invalid-url", "N3"),
        ({"url": "javascript:alert(1)"}, "invalid-url", "N3"),
        ({"sector": "ITU-DD"}, "unknown-sector", "C3"),
        ({"status": "maybe"}, "unknown-status", "J3"),
        ({"region": "Atlantis"}, "unknown-region", "K3"),
        ({"countries": "Kenya; Narnia"}, "unknown-country", "L3"),
        ({"description": None}, "missing-description", "E3"),
        ({"title": "x" * 201}, "title-too-long", "D3"),
        ({"year": 1800}, "invalid-year", "B3"),
    ],
)
def test_each_rule_is_found_at_its_cell(tmp_path: Path, overrides: dict[str, object], code: str, cell: str) -> None:
    """One planted mistake gives exactly its rule code at its cell, with a message and a hint."""
    path = write_xlsx(tmp_path / "s.xlsx", {"Activities": [HEADER, activity(1), activity(2, **overrides)]})
    result = validate(path, year=2025 if code != "invalid-year" else None)
    assert found(result) == {(code, cell)}
    problem = result.problems[0]
    assert problem.severity == RULES_BY_CODE[code].severity
    assert problem.file == str(path)
    assert problem.sheet == "Activities"
    assert problem.row == 3
    assert problem.message
    assert problem.hint
    assert result.valid == (problem.severity.value == "warning")


def test_did_you_mean_hints() -> None:
    """Close valid values are offered: ITU-DD -> ITU-D, C55 -> C5."""
    from itu_contrib.spec import load_spec
    from itu_contrib.validation import _did_you_mean

    assert "ITU-D" in str(_did_you_mean("ITU-DD", load_spec().vocabularies["sectors"]))


def test_c55_hint_names_c5(tmp_path: Path) -> None:
    """An action line one keystroke off gets a did-you-mean hint."""
    path = write_xlsx(tmp_path / "s.xlsx", {"A": [HEADER, activity(1, action_lines="C55")]})
    (problem,) = validate(path).problems
    assert "C5" in problem.hint


def test_spacing_variants_of_codes_are_fine(tmp_path: Path) -> None:
    """'C 5' and 'SDG9' are valid spellings, not problems."""
    path = write_xlsx(tmp_path / "s.xlsx", {"A": [HEADER, activity(1, action_lines="C 5", sdgs="SDG9, Goal 17")]})
    result = validate(path, suggest=False)
    assert result.frame["_action_lines"].iloc[0] == ("C5",)
    assert result.frame["_sdg_goals"].iloc[0] == (9, 17)
    assert [p.code for p in result.problems if p.code != "sdg-not-in-matrix"] == []


def test_year_mismatch_against_the_reported_year(tmp_path: Path) -> None:
    """A row whose year differs from the year being reported is an error at its year cell."""
    rows = [HEADER, activity(1), activity(2), activity(3, year=2024)]
    path = write_xlsx(tmp_path / "s.xlsx", {"A": rows})
    assert found(validate(path)) == {("year-mismatch", "B4")}
    with_option = found(validate(path, year=2026))  # no row is of 2026: the option is wrong, not each row
    assert ("year-option-mismatch", None) in with_option
    assert not {p for p in with_option if p[0] == "year-mismatch"}


def test_duplicates_within_a_year_and_across_files(tmp_path: Path) -> None:
    """A repeated ID is an error on the second row; the same title and sector in two files is a warning."""
    a = write_xlsx(tmp_path / "a.xlsx", {"A": [HEADER, activity(1), activity(1, title="Other")]})
    b = write_xlsx(tmp_path / "b.xlsx", {"A": [HEADER, activity(7, title="Digital Transformation Centre training 1")]})
    result = validate([a, b])
    assert found(result) == {("duplicate-id", "A3"), ("duplicate-activity", "D2")}
    dup = next(p for p in result.problems if p.code == "duplicate-activity")
    assert dup.file == str(b)
    assert "a.xlsx > A!D2" in dup.message


def test_all_problems_in_one_pass(tmp_path: Path) -> None:
    """Several mistakes in several rows all come back from one run, in sheet order."""
    rows = [HEADER, activity(1, sector="ITU-DD"), activity(2, sdgs="SDG 18", url="nope"), activity(3, title=None)]
    path = write_xlsx(tmp_path / "s.xlsx", {"A": rows})
    result = validate(path)
    assert found(result) == {
        ("unknown-sector", "C2"),
        ("unknown-sdg", "G3"),
        ("invalid-url", "N3"),
        ("required-value", "D4"),
    }
    assert [p.row for p in result.problems] == sorted(p.row or 0 for p in result.problems)
    assert result.stats.errors == 4
    assert not result.valid
    assert list(result.frame["_excluded"]) == [True, True, True]  # a row with any error is never published
    assert list(result.frame["_errors"]) == [("unknown-sector",), ("unknown-sdg", "invalid-url"), ("required-value",)]


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    """With strict, a warning alone makes the result invalid."""
    path = write_xlsx(tmp_path / "s.xlsx", {"A": [HEADER, activity(1, description=None)]})
    assert validate(path).valid
    assert not validate(path, strict=True).valid


def test_config_overrides_severities(tmp_path: Path) -> None:
    """An organisation can make a warning an error, or switch a rule off."""
    path = write_xlsx(tmp_path / "s.xlsx", {"A": [HEADER, activity(1, description=None)]})
    as_error = validate(path, config=parse_config('[severity]\nmissing-description = "error"'))
    assert not as_error.valid
    assert as_error.problems[0].severity.value == "error"
    cfg = tmp_path / "org.toml"
    cfg.write_text('[severity]\nmissing-description = "off"\n')
    assert validate(path, config=cfg).problems == ()


@pytest.mark.parametrize(
    "text",
    ['[severity]\nno-such-rule = "error"', '[severity]\nmissing-description = "fatal"', "not toml [", "[other]\n"],
)
def test_bad_config_is_a_config_error(text: str) -> None:
    """A config naming an unknown rule or level is refused with a clear message."""
    with pytest.raises(ConfigError):
        parse_config(text)


def test_rule_catalogue_codes_are_kebab_case_and_unique() -> None:
    """Every rule code is stable kebab-case and listed once."""
    import re

    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c) for c in codes)


def test_json_document_matches_its_schema(tmp_path: Path) -> None:
    """The JSON output validates against schemas/validate-output.schema.json."""
    import json
    from importlib import resources

    import jsonschema

    rows = [HEADER, activity(1, sector="ITU-DD", description=None), activity(2)]
    path = write_xlsx(tmp_path / "s.xlsx", {"A": rows})
    doc = validate(path).to_dict()
    schema = json.loads(
        resources.files("itu_contrib").joinpath("schemas").joinpath("validate-output.schema.json").read_text()
    )
    jsonschema.validate(doc, schema)
    assert doc["stats"] == {"files": 1, "rows": 2, "errors": 1, "warnings": 1}
    assert set(doc) == {"valid", "files", "problems", "stats"}


@pytest.mark.parametrize(("column", "cell"), [("action_lines", "F2"), ("sdgs", "G2")])
def test_placeholder_in_a_required_code_column_is_a_problem(tmp_path: Path, column: str, cell: str) -> None:
    """'n/a' in a required code column names no code, so it is reported as a missing value."""
    path = write_xlsx(tmp_path / "s.xlsx", {"A": [HEADER, activity(1, **{column: "n/a"})]})
    (problem,) = validate(path).problems
    assert (problem.code, problem.cell) == ("required-value", cell)
    assert "'n/a'" in problem.message


def test_all_sdgs_tags_every_goal(tmp_path: Path) -> None:
    """'All SDGs' is a valid declaration that stands for the 17 goals."""
    path = write_xlsx(tmp_path / "s.xlsx", {"A": [HEADER, activity(1, sdgs="All SDGs")]})
    result = validate(path)
    assert result.problems == ()
    assert result.frame["_sdg_goals"].iloc[0] == tuple(range(1, 18))


def test_config_limits_apply_with_a_clear_message(tmp_path: Path) -> None:
    """A [limits] table lowers a limit for the run, and passing it gives a message naming the limit."""
    path = write_xlsx(tmp_path / "s.xlsx", {"A": [HEADER, activity(1, description="x" * 500)]})
    result = validate(path, config=parse_config("[limits]\nmax_cell_chars = 100\n"))
    assert [(p.code, p.cell) for p in result.problems] == [("text-too-long", "E2")]
    assert "100" in result.problems[0].message
    from itu_contrib.errors import ReadError

    with pytest.raises(ReadError, match="limit"):
        validate(path, config=parse_config("[limits]\nmax_file_bytes = 10\n"))


def test_two_configs_in_one_process_do_not_affect_each_other(tmp_path: Path) -> None:
    """Limits travel with the call: a lowered limit in one call is not in force in the next call or the one after."""
    path = write_xlsx(tmp_path / "s.xlsx", {"A": [HEADER, activity(1, description="x" * 500)]})
    strict = parse_config("[limits]\nmax_cell_chars = 100\nmax_file_bytes = 10\n")
    loose = parse_config("[limits]\nmax_cell_chars = 1000\n")
    from itu_contrib.errors import ReadError

    with pytest.raises(ReadError, match="limit"):
        validate(path, config=strict)
    assert validate(path, config=loose).problems == ()
    assert validate(path).problems == ()
    lowered = parse_config("[limits]\nmax_cell_chars = 100\n")
    assert [p.code for p in validate(path, config=lowered).problems] == ["text-too-long"]
    assert validate(path, config=loose).problems == ()
    assert (strict.limits.max_cell_chars, loose.limits.max_cell_chars) == (100, 1000)


@pytest.mark.parametrize("text", ["[limits]\nmax_rows = -1", "[limits]\nmax_rows = 'many'", "[limits]\nmax_fun = 3"])
def test_bad_limits_are_refused(text: str) -> None:
    """A limit that is unknown or not a positive whole number is a config error."""
    with pytest.raises(ConfigError):
        parse_config(text)


def test_validate_leaves_the_loaded_frame_alone() -> None:
    """Validating a LoadResult adds its columns to a copy: the loaded frame keeps its columns and values."""
    from itu_contrib.reading import load

    loaded = load(Path(__file__).parent / "data" / "benchmark-300.xlsx")
    before = loaded.frame.copy(deep=True)
    validate(loaded, year=2025)
    assert list(loaded.frame.columns) == list(before.columns)
    assert loaded.frame.equals(before)


def test_build_schema_checks_a_frame_on_its_own() -> None:
    """The public schema, used without validate (no cells parsed beforehand), finds bad code cells by rule code."""
    import pandas as pd
    import pandera.pandas as pa

    from itu_contrib.reference import load_reference
    from itu_contrib.spec import load_spec
    from itu_contrib.validation import build_schema

    spec = load_spec()
    sdgs, lines = spec["sdgs"], spec["action_lines"]
    frame = pd.DataFrame({name: pd.Series(["x", "y"], dtype=object) for name in spec.names})
    frame["sdgs"] = ["SDG 4; 9.c", "SDG 4; 99"]
    frame["action_lines"] = ["C4", "n/a"]
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        build_schema(spec, load_reference(2025, strict=False)).validate(frame, lazy=True)
    cases = caught.value.failure_cases
    found = {(c, str(k), i) for c, k, i in zip(cases["column"], cases["check"], cases["index"], strict=True)}
    assert ("sdgs", spec.code(sdgs, "unknown"), 1) in found
    assert ("sdgs", spec.code(sdgs, "unknown"), 0) not in found
    assert ("action_lines", spec.code(lines, "no_code"), 1) in found
