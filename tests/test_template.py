"""The input template: built from the activity spec, with dropdowns, help, reference codes and stamps."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from itu_contrib.layout import find_table
from itu_contrib.reference import load_reference
from itu_contrib.spec import LANGUAGES, load_spec
from itu_contrib.template import (
    LAST_ROW,
    MAX_PROMPT,
    STAMP_TIME,
    TEMPLATE_VERSION,
    build_template,
    fit_text,
    template_info,
    write_template,
)

SPEC = load_spec()
REF = load_reference(2026)
LETTER = {c.name: get_column_letter(i) for i, c in enumerate(SPEC.columns, start=1)}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An English template for 2026 written to disk once for the module."""
    return write_template(tmp_path_factory.mktemp("tpl") / "template.xlsx", year=2026, lang="en")


def _sheet(path: Path, name: str) -> Worksheet:
    ws = load_workbook(path)[name]
    assert isinstance(ws, Worksheet)
    return ws


def _data_validation(ws: Worksheet, name: str) -> DataValidation:
    """The validation covering the data rows of spec column ``name``."""
    letter = LETTER[name]
    wanted = f"{letter}2:{letter}{LAST_ROW}"
    found = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == wanted]
    assert len(found) == 1, f"one validation on {wanted}"
    dv: DataValidation = found[0]
    return dv


def _header_validation(ws: Worksheet, name: str) -> DataValidation:
    found = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == f"{LETTER[name]}1"]
    assert len(found) == 1
    dv: DataValidation = found[0]
    return dv


def _list_values(path: Path, formula: str) -> list[str]:
    sheet, ref = formula.split("!")
    ws = _sheet(path, sheet)
    return [str(row[0].value) for row in ws[ref.replace("$", "")]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_headers_are_the_spec_labels_in_spec_order(tmp_path: Path, lang: str) -> None:
    """Row 1 of Activities holds every spec label once, in the chosen language and in spec order."""
    path = write_template(tmp_path / f"t-{lang}.xlsx", lang=lang)
    ws = _sheet(path, "Activities")
    headers = [c.value for c in ws[1]]
    assert headers == [c.label_in(lang) for c in SPEC.columns]
    assert len(set(headers)) == len(headers)
    assert [SPEC.match_header(h) for h in headers] == list(SPEC.names)
    assert ws.max_row == 1  # data rows are left empty


def test_activities_sheet_is_first_and_active_with_hidden_lists(template: Path) -> None:
    """Activities is the first, active sheet; Instructions and Reference follow; Lists is hidden."""
    wb = load_workbook(template)
    assert wb.sheetnames == ["Activities", "Instructions", "Reference", "Lists"]
    assert wb.active is not None
    assert wb.active.title == "Activities"
    assert wb["Lists"].sheet_state == "hidden"
    assert all(wb[n].sheet_state == "visible" for n in ("Activities", "Instructions", "Reference"))


@pytest.mark.parametrize("name", ["sector", "status", "region"])
def test_choice_columns_have_strict_dropdowns_from_the_lists_sheet(template: Path, name: str) -> None:
    """Sector, status and region get a stop-style list validation over the whole column, fed by the Lists sheet."""
    dv = _data_validation(_sheet(template, "Activities"), name)
    assert dv.type == "list"
    assert dv.formula1 is not None
    assert dv.formula1.startswith("Lists!$")
    assert "," not in dv.formula1  # a range reference, not an inline list
    assert '"' not in dv.formula1
    assert dv.errorStyle in (None, "stop")
    assert dv.showErrorMessage
    vocabulary = SPEC[name].vocabulary
    assert vocabulary is not None
    assert _list_values(template, dv.formula1) == list(SPEC.vocabularies[vocabulary].values)


@pytest.mark.parametrize("name", ["action_lines", "sdgs"])
def test_code_columns_offer_a_lenient_dropdown(template: Path, name: str) -> None:
    """Action lines and SDGs get a list of codes whose error is off, so several codes can be typed."""
    dv = _data_validation(_sheet(template, "Activities"), name)
    assert dv.type == "list"
    assert dv.formula1 is not None
    assert dv.formula1.startswith("Lists!$")
    assert not dv.showErrorMessage
    assert dv.errorStyle == "information"
    values = _list_values(template, dv.formula1)
    if name == "action_lines":
        assert values == list(REF.action_lines)
    else:
        assert {str(g) for g in REF.goals} | set(REF.targets) == set(values)
        assert values.index("9") < values.index("9.c") < values.index("10")


def test_code_columns_are_formatted_as_text(template: Path) -> None:
    """Code columns are text-formatted, so a typed '9.10' is not turned into the number 9.1."""
    ws = _sheet(template, "Activities")
    for name in ("action_lines", "sdgs"):
        assert ws.column_dimensions[LETTER[name]].number_format == "@"


def test_year_and_dates_are_validated(template: Path) -> None:
    """The year accepts whole numbers between the spec's bounds; dates accept 2000-2100 and show yyyy-mm-dd."""
    ws = _sheet(template, "Activities")
    year = _data_validation(ws, "year")
    assert (year.type, year.operator) == ("whole", "between")
    assert (year.formula1, year.formula2) == (str(SPEC["year"].min), str(SPEC["year"].max))
    for name in ("start_date", "end_date"):
        dv = _data_validation(ws, name)
        assert (dv.type, dv.operator) == ("date", "between")
        first = dt.date(1899, 12, 30) + dt.timedelta(days=int(str(dv.formula1)))
        last = dt.date(1899, 12, 30) + dt.timedelta(days=int(str(dv.formula2)))
        assert (first, last) == (dt.date(2000, 1, 1), dt.date(2100, 12, 31))
        assert ws.column_dimensions[LETTER[name]].number_format == "yyyy-mm-dd"


def test_every_column_shows_its_help_as_input_message(template: Path) -> None:
    """The header cell and the data rows of each column show the spec help (at most 255 characters)."""
    ws = _sheet(template, "Activities")
    for column in SPEC.columns:
        for dv in (_header_validation(ws, column.name), _data_validation(ws, column.name)):
            assert dv.showInputMessage
            assert dv.promptTitle == column.label
            assert dv.prompt == fit_text(column.help, MAX_PROMPT)
            assert len(dv.prompt) <= MAX_PROMPT


def test_no_column_has_two_validations_on_the_same_cells(template: Path) -> None:
    """Each column carries exactly two validations: one on the header cell and one on all data rows."""
    ws = _sheet(template, "Activities")
    sqrefs = [str(dv.sqref) for dv in ws.data_validations.dataValidation]
    assert len(sqrefs) == len(set(sqrefs)) == 2 * len(SPEC.columns)


def test_fit_text_cuts_long_help_sensibly() -> None:
    """Help longer than Excel's 255-character limit is cut at a sentence or a word, never mid-word."""
    first = "The first sentence of this help text is long enough to be kept whole when the rest is cut."
    cut = fit_text(f"{first} " + "word " * 100, MAX_PROMPT)
    assert cut == first
    words = fit_text("abcdefghij " * 40, MAX_PROMPT)
    assert len(words) <= MAX_PROMPT
    assert words.endswith("abcdefghij…")


def test_header_is_frozen_filtered_styled_and_columns_sized(template: Path) -> None:
    """The header row is frozen, filtered, bold with a fill; every column has a capped width; description wraps."""
    ws = _sheet(template, "Activities")
    last = get_column_letter(len(SPEC.columns))
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{last}1"
    for i, column in enumerate(SPEC.columns, start=1):
        cell = ws.cell(row=1, column=i)
        assert cell.font.bold
        assert cell.fill.fill_type == "solid"
        width = ws.column_dimensions[get_column_letter(i)].width
        assert len(column.label) <= width <= 52
    assert ws.column_dimensions[LETTER["description"]].alignment.wrap_text


def test_reference_sheet_lists_all_codes(template: Path) -> None:
    """The Reference sheet holds the 19 action lines, the 17 goals, every target and the 5 custodian indicators."""
    ws = _sheet(template, "Reference")
    first = [row[0] for row in ws.iter_rows(values_only=True)]
    second = [row[1] for row in ws.iter_rows(values_only=True)]
    assert len(REF.action_lines) == 19
    assert all(code in first for code in REF.action_lines)
    assert all(a.title in second for a in REF.action_lines.values())
    assert all(n in first for n in range(1, 18))
    assert all(g.short_name in second for g in REF.goals.values())
    assert all(t in first for t in REF.targets)
    custodian = [i.code for i in REF.custodian_indicators]
    assert len(custodian) == 5
    assert all(code in first for code in custodian)
    rows = {row[0]: row for row in ws.iter_rows(values_only=True) if row[0] in REF.action_lines}
    assert rows["C5"][2] == "sole facilitator"
    assert rows["C7.e-health"][3] == "WHO"


def test_instructions_describe_every_column(template: Path) -> None:
    """The Instructions sheet has a row per column (requirement, help, example, allowed values) and the year."""
    ws = _sheet(template, "Instructions")
    rows = list(ws.iter_rows(values_only=True))
    by_label = {r[0]: r for r in rows}
    for column in SPEC.columns:
        row = by_label[column.label]
        assert row[1:4] == (column.requirement, column.help, column.example)
        assert row[4]
    assert "ITU-D" in str(by_label["Sector"][4])
    text = " ".join(str(r[0]) for r in rows if r[0])
    assert "2026" in text
    assert "separated by ';'" in text
    assert "'Reference'" in text


@pytest.mark.parametrize(("lang", "phrase"), [("fr", "liste déroulante"), ("es", "lista desplegable")])
def test_instructions_are_translated(tmp_path: Path, lang: str, phrase: str) -> None:
    """The fixed sentences of the Instructions sheet are in French or Spanish; help texts stay English."""
    ws = _sheet(write_template(tmp_path / "t.xlsx", lang=lang), "Instructions")
    text = " ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)
    assert phrase in text
    assert SPEC["sector"].help in text
    assert SPEC["sector"].label_in(lang) in text


def test_only_the_activities_sheet_looks_like_an_activity_table(template: Path) -> None:
    """No row of the other sheets names enough spec columns for the reader to take it as a header row."""
    wb = load_workbook(template)
    for ws in wb.worksheets[1:]:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        assert find_table(rows, SPEC) is None, ws.title


def test_nothing_is_a_formula(template: Path) -> None:
    """No cell of any sheet holds a formula; only the validations refer to ranges."""
    wb = load_workbook(template)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
    with zipfile.ZipFile(template) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                assert b"<f>" not in xml
                assert b"<f " not in xml


def test_properties_are_stamped(template: Path) -> None:
    """Custom and core properties record the template version, spec version, year and language."""
    before = template.read_bytes(), template.stat().st_mtime_ns
    info = template_info(template)
    assert info == {"template_version": TEMPLATE_VERSION, "spec_version": SPEC.version, "year": "2026", "lang": "en"}
    assert (template.read_bytes(), template.stat().st_mtime_ns) == before  # reading changes nothing
    props = load_workbook(template).properties
    assert props.title == "ITU contribution to WSIS and SDGs — activities 2026"
    assert props.keywords == f"itu_contrib template {TEMPLATE_VERSION}"
    assert props.subject
    assert props.created == STAMP_TIME
    assert props.modified == STAMP_TIME


def test_template_info_without_year_and_for_other_files(tmp_path: Path) -> None:
    """A template made without a year has an empty year; other workbooks and non-xlsx files give None."""
    info = template_info(write_template(tmp_path / "t.xlsx", lang="es"))
    assert info is not None
    assert (info["year"], info["lang"]) == ("", "es")
    plain = tmp_path / "plain.xlsx"
    Workbook().save(plain)
    assert template_info(plain) is None
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    assert template_info(text) is None


def test_build_is_deterministic(tmp_path: Path) -> None:
    """Two builds with the same arguments give identical bytes; another language gives other bytes."""
    a = write_template(tmp_path / "a.xlsx", year=2026, lang="fr").read_bytes()
    b = write_template(tmp_path / "b.xlsx", year=2026, lang="fr").read_bytes()
    c = write_template(tmp_path / "c.xlsx", year=2026, lang="es").read_bytes()
    assert a == b
    assert a != c


def test_write_is_atomic_and_replaces(tmp_path: Path) -> None:
    """Writing over an existing file replaces it and leaves no temporary file behind."""
    path = tmp_path / "sub" / "template.xlsx"
    path.parent.mkdir()
    path.write_bytes(b"old")
    assert write_template(path, year=2025) == path
    assert zipfile.is_zipfile(path)
    assert sorted(p.name for p in path.parent.iterdir()) == ["template.xlsx"]


def test_unknown_language_is_refused() -> None:
    """A language other than en, fr or es raises ValueError."""
    with pytest.raises(ValueError, match="de"):
        build_template(lang="de")


def test_cli_writes_the_template(tmp_path: Path) -> None:
    """`itu-contrib template -o FILE --year --lang` writes a stamped template and exits 0."""
    from itu_contrib.cli import main

    out = tmp_path / "modele.xlsx"
    assert main(["template", "-o", str(out), "--year", "2027", "--lang", "fr", "--quiet"]) == 0
    assert template_info(out) == {
        "template_version": TEMPLATE_VERSION,
        "spec_version": SPEC.version,
        "year": "2027",
        "lang": "fr",
    }


def _fill(path: Path) -> None:
    """Put one valid activity in row 2 of a template."""
    wb = load_workbook(path)
    ws = wb["Activities"]
    values: dict[str, str | int | dt.date] = {
        "activity_id": "ITU-D-2025-001",
        "year": 2025,
        "sector": "ITU-D",
        "title": "Partner2Connect Digital Coalition",
        "description": "Multistakeholder alliance mobilizing pledges for meaningful connectivity.",
        "action_lines": "C2; C4",
        "sdgs": "9; 9.c",
        "start_date": dt.date(2025, 1, 15),
        "end_date": dt.date(2025, 12, 31),
        "status": "ongoing",
        "region": "Africa",
        "countries": "Kenya",
        "partners": "UNESCO",
        "url": "https://www.itu.int/itu-d/sites/partner2connect/",
    }
    for name, value in values.items():
        ws[f"{LETTER[name]}2"] = value
    wb.save(path)


def test_filled_template_validates(tmp_path: Path) -> None:
    """A template with one valid activity typed in validates without errors, and the command exits 0."""
    pytest.importorskip("itu_contrib.codes")
    from itu_contrib.cli import main
    from itu_contrib.validation import validate

    path = write_template(tmp_path / "filled.xlsx", year=2025)
    _fill(path)
    result = validate(path)
    errors = [p for p in result.problems if p.severity.name == "ERROR"]
    assert result.valid, errors
    assert not errors
    assert main(["validate", str(path)]) == 0


def test_wrong_dropdown_value_is_reported_at_its_cell(tmp_path: Path) -> None:
    """A sector typed over the dropdown ('ITU-DD') gives unknown-sector at that cell of the Activities sheet."""
    pytest.importorskip("itu_contrib.codes")
    from itu_contrib.validation import validate

    path = write_template(tmp_path / "wrong.xlsx", year=2025)
    _fill(path)
    wb = load_workbook(path)
    cell = f"{LETTER['sector']}2"
    wb["Activities"][cell] = "ITU-DD"
    wb.save(path)
    result = validate(path)
    assert not result.valid
    found = [p for p in result.problems if p.code == "unknown-sector"]
    assert len(found) == 1
    assert (found[0].cell, found[0].sheet, found[0].field) == (cell, "Activities", "sector")


@pytest.mark.libreoffice
def test_libreoffice_opens_the_template(tmp_path: Path) -> None:
    """LibreOffice converts the template to .ods headless, keeping its dropdowns and stamped properties."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice or libreoffice) is not on PATH")
    path = write_template(tmp_path / "template.xlsx", year=2026, lang="es")
    outdir = tmp_path / "out"
    profile = (tmp_path / "lo-profile").as_uri()
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "ods",
            "--outdir",
            str(outdir),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    ods = outdir / "template.ods"
    assert done.returncode == 0, done.stderr
    assert ods.is_file(), done.stdout + done.stderr
    with zipfile.ZipFile(ods) as archive:
        content = archive.read("content.xml").decode("utf-8")
        meta = archive.read("meta.xml").decode("utf-8")
    assert "cell-content-is-in-list([$Lists.$A$2" in content
    assert 'table:name="Activities"' in content
    assert "itu_contrib_template" in meta
