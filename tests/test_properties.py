"""Property-based tests: the code parser, date reading, header matching and the reader never fail on any input."""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itu_contrib.codes import parse_action_lines, parse_sdgs
from itu_contrib.dates import parse_date_text, parse_date_value
from itu_contrib.errors import ReadError
from itu_contrib.reading import load
from itu_contrib.reference import load_reference
from itu_contrib.spec import load_spec, normalize_key

REF = load_reference()
SPEC = load_spec()
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ACTION_LINES = sorted(REF.action_lines)
GOALS = sorted(REF.goals)
TARGETS = sorted(REF.targets)
INDICATORS = sorted(REF.indicators)

#: Fragments people type in code cells, to reach the parser's deeper paths more often than random text does.
CODE_PIECES = [
    *ACTION_LINES, "C", "c-5", "AL 6", "C7 (E-Health)", "e-gov", "C7.4", "C13", "C55", "SDG", "SDG 9", "Goal",
    "Target", "Indicator", "9.c", "9.c.1", "17.8", "4.4.1", "9.z", "all SDGs", "Goal 9: Industry", "capacity building",
    ";", ",", "/", "|", " and ", " et ", " y ", "&", "\n", "•", "- ", "(", ")", " ", "0", "1.", "é", "\u00a0",
]  # fmt: skip
code_text = st.lists(st.sampled_from(CODE_PIECES), max_size=12).map("".join) | st.text(max_size=60)


def _sdg_canonical(goals: tuple[int, ...], targets: tuple[str, ...], indicators: tuple[str, ...]) -> str:
    return "; ".join([*map(str, goals), *targets, *indicators])


# ------------------------------------------------------------------------------------------------ codes


@SETTINGS
@given(code_text)
def test_code_parsers_never_raise_and_give_reference_codes(text: str) -> None:
    """Any text parses without raising, to codes that exist in the reference data."""
    lines = parse_action_lines(text)
    sdgs = parse_sdgs(text)
    assert set(lines.codes) <= set(REF.action_lines)
    assert set(sdgs.goals) <= set(REF.goals)
    assert set(sdgs.targets) <= set(REF.targets)
    assert set(sdgs.indicators) <= set(REF.indicators)
    assert isinstance(lines.ok, bool)
    assert isinstance(sdgs.ok, bool)


@SETTINGS
@given(st.one_of(st.none(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.booleans()))
def test_code_parsers_accept_non_text_cells(value: object) -> None:
    """Numbers, NaN, infinities, booleans and None parse without raising, to reference codes only."""
    lines, sdgs = parse_action_lines(value), parse_sdgs(value)
    assert set(lines.codes) <= set(REF.action_lines)
    assert set(sdgs.goals) <= set(REF.goals)
    if value is None or (isinstance(value, float) and value != value):
        assert (lines.codes, sdgs.goals, sdgs.targets) == ((), (), ())
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 17:
        assert sdgs.goals == (value,)


@SETTINGS
@given(st.lists(st.sampled_from(ACTION_LINES), max_size=8))
def test_canonical_action_lines_round_trip(codes: list[str]) -> None:
    """Canonical action-line codes joined with '; ' parse back to themselves (deduplicated, in order)."""
    result = parse_action_lines("; ".join(codes))
    assert result.codes == tuple(dict.fromkeys(codes))
    assert result.ok


@SETTINGS
@given(
    st.lists(st.sampled_from(GOALS), max_size=4),
    st.lists(st.sampled_from(TARGETS), max_size=4),
    st.lists(st.sampled_from(INDICATORS), max_size=4),
)
def test_canonical_sdg_codes_round_trip(goals: list[int], targets: list[str], indicators: list[str]) -> None:
    """Canonical goals, targets and indicators joined with '; ' parse back to the same goals, targets, indicators."""
    first = parse_sdgs(_sdg_canonical(tuple(goals), tuple(targets), tuple(indicators)))
    assert first.ok
    assert set(indicators) <= set(first.indicators)
    assert set(targets) <= set(first.targets)
    assert set(first.declared_goals) == set(goals) or first.all_goals
    again = parse_sdgs(_sdg_canonical(first.goals, first.targets, first.indicators))
    assert (again.goals, again.targets, again.indicators) == (first.goals, first.targets, first.indicators)


@SETTINGS
@given(code_text)
def test_code_parsing_is_idempotent(text: str) -> None:
    """Parsing the canonical form of a parse gives the same codes, and that form is a fixed point."""
    lines = parse_action_lines(text)
    canonical = "; ".join(lines.codes)
    again = parse_action_lines(canonical)
    assert again.codes == lines.codes
    assert "; ".join(again.codes) == canonical
    assert again.ok
    sdgs = parse_sdgs(text)
    form = _sdg_canonical(sdgs.declared_goals, sdgs.targets, sdgs.indicators)
    twice = parse_sdgs(form)
    assert (twice.goals, twice.targets, twice.indicators) == (sdgs.goals, sdgs.targets, sdgs.indicators)
    assert _sdg_canonical(twice.declared_goals, twice.targets, twice.indicators) == form


# ------------------------------------------------------------------------------------------------ dates

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
report_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31))


@SETTINGS
@given(st.text(max_size=40) | st.from_regex(r"\d{1,5}[-/. ]\d{1,4}([-/. ]\d{1,5})?", fullmatch=True))
def test_date_text_never_raises(text: str) -> None:
    """Any text gives a ParsedDate (a date or None), never an exception."""
    for end in (False, True):
        parsed = parse_date_text(text, end=end)
        assert parsed.value is None or isinstance(parsed.value, dt.date)
        value = parse_date_value(text, end=end).value
        assert value is None or isinstance(value, dt.date)


@SETTINGS
@given(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.floats(allow_nan=True, allow_infinity=True),
        st.datetimes(),
        st.dates(),
    )
)
def test_date_value_never_raises(value: object) -> None:
    """Any cell value a reader returns (64-bit integers, floats with NaN and infinities, dates, None) never raises."""
    for date1904 in (False, True):
        parsed = parse_date_value(value, date1904=date1904)
        assert parsed.value is None or isinstance(parsed.value, dt.date)


def test_date_value_of_a_huge_integer_is_not_a_date() -> None:
    """An integer beyond the float range is simply not a date."""
    assert parse_date_value(10**400).value is None


@SETTINGS
@given(report_dates)
def test_written_dates_parse_back(day: dt.date) -> None:
    """A date written as ISO, '15 March 2024', 'March 15, 2024' or (day > 12) dd/mm/yyyy reads back as itself."""
    assert parse_date_text(day.isoformat()).value == day
    assert parse_date_text(f"{day.day} {MONTHS[day.month - 1]} {day.year}").value == day
    assert parse_date_text(f"{MONTHS[day.month - 1]} {day.day}, {day.year}").value == day
    if day.day > 12:
        parsed = parse_date_text(day.strftime("%d/%m/%Y"))
        assert (parsed.value, parsed.ambiguous) == (day, False)
    assert parse_date_value(dt.datetime.combine(day, dt.time(13, 30))).value == day


@SETTINGS
@given(st.dates(min_value=dt.date(1907, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_excel_serials_parse_back(day: dt.date) -> None:
    """An Excel serial number (1900 and 1904 systems, as number or as text) reads back as its date."""
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date_value(float(serial)).value == day
    assert parse_date_value(serial).value == day
    if 10_000 <= serial < 100_000:  # serials as text: five digits (four-digit text is a year, see below)
        assert parse_date_value(str(serial)).value == day
    serial1904 = (day - dt.date(1904, 1, 1)).days
    if serial1904 > 2199:  # smaller serials are read as bare years
        assert parse_date_value(float(serial1904), date1904=True).value == day


def test_four_digit_text_outside_the_year_range_is_not_a_year() -> None:
    """Text '9863' is not the year 9863 (the number 9863 is the serial date 1927-01-01; years are 1900-2199)."""
    assert parse_date_value(9863).value == dt.date(1927, 1, 1)
    assert parse_date_value("9863").precision != "year"
    assert parse_date_value("1066").precision != "year"


# ------------------------------------------------------------------------------------------------ headers

SPELLINGS = sorted(
    {(c.name, s) for c in SPEC.columns for s in (c.name, c.label, *c.labels.values(), *c.aliases) if normalize_key(s)}
)


def _accented(text: str, picks: list[bool]) -> str:
    """``text`` with an accent added on the letters chosen by ``picks``."""
    out = []
    for ch, pick in zip(text, picks + [False] * len(text), strict=False):
        out.append(unicodedata.normalize("NFC", ch + "\u0301") if pick and ch.isalpha() else ch)
    return "".join(out)


@st.composite
def header_variant(draw: st.DrawFn) -> tuple[str, str, str]:
    name, spelling = draw(st.sampled_from(SPELLINGS))
    text = unicodedata.normalize("NFKD", spelling)
    text = "".join(c for c in text if not unicodedata.combining(c))  # accents dropped...
    text = _accented(text, draw(st.lists(st.booleans(), max_size=len(text))))  # ...or added
    case = draw(st.sampled_from([str.upper, str.lower, str.title, str.swapcase, str.casefold, str]))
    text = case(text)
    gap = draw(st.sampled_from([" ", "  ", "\u00a0", "_", "-", " - ", "\t", ".", " / "]))
    text = text.replace(" ", gap)
    pad = draw(st.sampled_from(["", " ", "  ", "\u00a0", "\n", ":", " *", "\t"]))
    return name, spelling, pad + text + pad.strip("*:")


@SETTINGS
@given(header_variant())
def test_header_spellings_match_whatever_case_spacing_and_accents(variant: tuple[str, str, str]) -> None:
    """Every spec label and alias, in any case, spacing, separator or accents, maps to its column."""
    name, _, text = variant
    assert SPEC.match_header(text) == name


@SETTINGS
@given(st.one_of(st.text(max_size=60), st.none(), st.integers(), st.floats(), st.dates(), st.booleans()))
def test_header_matching_never_raises(header: object) -> None:
    """Any header cell gives a column name or None; normalize_key is idempotent and plain ASCII."""
    found = SPEC.match_header(header)
    assert found is None or found in SPEC.names
    key = normalize_key(str(header))
    assert normalize_key(key) == key
    assert key == key.strip()
    assert key.isascii()


# ------------------------------------------------------------------------------------------------ reader

HEADER_LABELS = [c.label for c in SPEC.columns]
_XML_SAFE = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff").filter(
    lambda c: c in "\t\n\r" or ord(c) >= 0x20
)
cell_values = st.one_of(
    st.none(),
    st.text(_XML_SAFE, max_size=20),
    st.sampled_from(["C5; C7 e-health", "9.c.1", "ITU-D", "ongoing", "2025-03-15", "15/03/2025", "#REF!", " "]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e19, -1e19, 9.3e18, 1.8446744073709556e19, 1e300, 2025.0, 2025.5, -0.0]),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2199, 12, 31)),
)


@st.composite
def grids(draw: st.DrawFn) -> list[list[Any]]:
    """A small grid: a few rows of random cells, often with a header row of spec labels somewhere."""
    width = draw(st.integers(min_value=1, max_value=8))
    height = draw(st.integers(min_value=0, max_value=8))
    rows = [draw(st.lists(cell_values, min_size=0, max_size=width)) for _ in range(height)]
    if draw(st.booleans()):
        header = draw(st.lists(st.sampled_from(HEADER_LABELS), min_size=3, max_size=8, unique=True))
        rows.insert(draw(st.integers(min_value=0, max_value=len(rows))), header)
    return rows


def _write_grid_xlsx(path: Path, rows: list[list[Any]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Activities"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text starting with '=' stays text
    wb.save(path)


def _write_grid_csv(path: Path, rows: list[list[Any]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        for row in rows:
            writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.datetime) else v for v in row])


#: The characters the text sniffer counts as control characters (itu_contrib/readers/text.py).
CONTROL_SET = frozenset(
    [chr(c) for c in range(0x01, 0x09)] + [chr(c) for c in range(0x0E, 0x1A)] + [chr(c) for c in range(0x1B, 0x20)]
    + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]
)  # fmt: skip


def _check_load(path: Path, nrows: int, rows: list[list[Any]]) -> None:
    # a grid with no printable character (blank, or only control characters such as DEL) may be refused, and so may
    # a CSV holding more than 8 control characters: the sniffer takes such text for a binary file (readers/text.py)
    texts = [str(v) for row in rows for v in row if v is not None]
    controls = sum(1 for text in texts for ch in text if ch in CONTROL_SET)
    blank = controls > 8 or not any(ch.isprintable() and not ch.isspace() for text in texts for ch in text)
    try:
        result = load([path])
    except ReadError as exc:  # only a grid with nothing in it may be refused
        refused: ReadError | None = exc
    else:
        refused = None
    if refused is not None:
        assert blank, f"a grid holding values was refused: {refused}"
        return
    rows = result.frame["_row"]
    assert all(1 <= int(r) <= max(nrows, 1) for r in rows), (list(rows), nrows)
    assert len(set(zip(result.frame["_sheet"], rows, strict=True))) == len(rows)  # one frame row per sheet row
    for info in result.sheets:
        assert info.header_row is None or 1 <= info.header_row <= nrows


@FEW
@given(grids())
def test_reader_survives_any_small_xlsx_grid(rows: list[list[Any]]) -> None:
    """Any small grid saved as xlsx loads (or raises ReadError only), with row numbers inside the grid."""
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "grid.xlsx"
        _write_grid_xlsx(path, rows)
        _check_load(path, len(rows), rows)


@FEW
@given(grids())
def test_reader_survives_any_small_csv_grid(rows: list[list[Any]]) -> None:
    """Any small grid saved as CSV loads (or raises ReadError only), with row numbers inside the grid."""
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "grid.csv"
        _write_grid_csv(path, rows)
        records = sum(1 for _ in csv.reader(open(path, encoding="utf-8", newline="")))  # noqa: SIM115
        _check_load(path, max(records, len(rows)), rows)


@pytest.mark.parametrize("number", [1e19, -1e19, 1e300])
def test_huge_number_in_year_is_invalid_year(tmp_path: Path, number: float) -> None:
    """A 'Reporting year' cell holding a number beyond any year is an invalid-year problem, not a crash."""
    path = tmp_path / "year.xlsx"
    _write_grid_xlsx(
        path, [["Activity ID", "Reporting year", "Sector", "Activity title"], ["A-1", number, "ITU-D", "T"]]
    )
    result = load([path])
    assert any(p.code == "invalid-year" and p.cell == "B2" for p in result.problems)


_CONTROLISH = st.text(
    alphabet=st.sampled_from(["a", " ", "\t", "\n", "\r", "\x00", "\x1b", "\x7f", "é", "“", "–", "\u202e", "\u2066",
                              "\u2069", "\u2028", "\ud800", "中", "\U0001f600"]),
    max_size=12,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_CONTROLISH)
def test_control_character_prefilter_agrees_with_the_pattern(text: str) -> None:
    """The fast byte test says 'may hold a control character' exactly when the pattern finds one."""
    from itu_contrib.controls import CONTROL_CHARACTERS, may_hold_controls

    assert may_hold_controls(text) == (CONTROL_CHARACTERS.search(text) is not None)
