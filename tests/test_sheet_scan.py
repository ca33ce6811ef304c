"""One inflation of a sheet: the size guard also notes error cells and formulas, and the scan for them stays exact.

The size guard of sniffing (``readers.scanners``) reads every worksheet part whole; it notes which hold no error
cell and no formula (``Sniffed.plain_sheets``), and the reader's XML scan (``readers.workbook._xlsx_extras``)
does not inflate those again. In the other sheets that scan searches only the stretches around the marks, and
must find exactly what a search of the whole part finds.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest
from builders import HEADER, activity, load_module, write_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st

from itu_contrib.defaults import Limits
from itu_contrib.errors import ReadError
from itu_contrib.problems import column_letter
from itu_contrib.readers import scanners, sniff, workbook
from itu_contrib.readers.workbook import _Extras
from itu_contrib.reading import load

H = load_module("hostile_files", Path(__file__).with_name("hostile_files.py"))
SHEET = "xl/worksheets/sheet1.xml"


def _whole_part_extras(data: bytes) -> _Extras:
    """The scan as it was before the stretches: every match of the cell pattern in the whole part."""
    errors: dict[tuple[int, int], str] = {}
    no_value: set[tuple[int, int]] = set()
    dangerous: dict[tuple[int, int], str] = {}
    for cm in workbook._CELL_REF.finditer(data):
        ref, attrs_c, body = cm[1].decode(), cm[2], cm[3] or b""
        formula = workbook._FORMULA.search(body) if b"<f" in body else None
        if formula is not None and formula[1]:
            text = html.unescape(formula[1][: 4 * workbook.MAX_FORMULA_CHARS].decode("utf-8", "replace"))
            if workbook.dangerous_formula(text):
                dangerous[workbook._ref_to_rc(ref)] = "=" + text.removeprefix("=")
        if b't="e"' in attrs_c:
            v = re.search(rb"<v>([^<]*)</v>", body)
            errors[workbook._ref_to_rc(ref)] = v[1].decode() if v else "#ERROR"
        elif b"<f" in body and not re.search(rb"<v>[^<]+</v>|<is>", body):
            no_value.add(workbook._ref_to_rc(ref))
    return errors, no_value, dangerous


#: Pieces of sheet XML, well-formed or not: self-closing cells (a match then runs into the next cell), a ``</c>``
#: inside a start tag, marks outside cells, references the pattern does not take.
_PIECES = (
    b'<row r="1">', b"</row>", b'<c r="A1">', b'<c r="B2" t="e">', b'<c r="C3" s="1"/>', b'<c r="D4" x="</c>',
    b"</c>", b"<v>1</v>", b"<v>#N/A</v>", b"<v></v>", b"<f>A1+1</f>", b'<f>WEBSERVICE("http://x.org")</f>', b"<f/>",
    b"<is><t>x</t></is>", b't="e"', b"<f", b">", b'<c r="', b'"', b'<c t="e" r="E5">', b"x", b'<c r="AAAA1" t="e">',
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_stretches_find_what_the_whole_part_search_finds(pieces: list[bytes]) -> None:
    """Errors, formulas without a value and dangerous formulas, in order, are those of a whole-part search."""
    data = b"".join(pieces)
    errors, no_value, dangerous = workbook._sheet_extras(data)
    expected = _whole_part_extras(data)
    assert (errors, no_value, dangerous) == expected
    assert list(errors.items()) == list(expected[0].items())
    assert list(dangerous.items()) == list(expected[2].items())


def test_stretches_of_a_long_sheet_hold_only_its_marks() -> None:
    """In a long plain sheet with two marks, only the cells around them are searched, and both are found."""
    cells = [f'<row r="{r}"><c r="A{r}" t="n"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>' for r in range(1, 3001)]
    cells[999] = '<row r="1000"><c r="A1000" t="e"><v>#REF!</v></c></row>'
    cells[2499] = '<row r="2500"><c r="A2500"><f>SUM(A1:A9)</f></c></row>'
    data = "".join(cells).encode()
    stretches = list(workbook._marked(data))
    assert len(stretches) == 2
    assert sum(end - start for start, end in stretches) < len(data) // 100
    assert workbook._sheet_extras(data) == ({(999, 0): "#REF!"}, {(2499, 0)}, {}) == _whole_part_extras(data)


def _xlsx(tmp_path: Path, name: str, cells: str) -> Path:
    path = tmp_path / name
    path.write_bytes(H.xlsx_bytes(H.sheet_xml(cells)))
    return path


@pytest.mark.parametrize(
    ("cells", "plain"),
    [
        ('<row r="1"><c r="A1"><v>1</v></c></row>', True),
        ('<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>', False),
        ('<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>', False),
        ('<row r="1"><c t="e" r="A1"><v>#N/A</v></c></row>', False),  # the exact pass (no leading r=) notes it too
    ],
)
def test_sniffing_notes_the_plain_sheets(tmp_path: Path, cells: str, plain: bool) -> None:
    """A sheet without error cells or formulas is plain; one with either is not."""
    sniffed = sniff(_xlsx(tmp_path, "a.xlsx", cells))
    assert sniffed.plain_sheets == (frozenset({SHEET}) if plain else frozenset())


def test_a_mark_cut_by_a_chunk_boundary_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mark at any place against the chunk boundaries of the guard (tiny chunks here) makes the sheet not plain.

    In a long stretch without ``<`` (here text holding ``t="e"``, which a plain search counts as a mark) chunks
    are cut anywhere, inside the mark too.
    """
    monkeypatch.setattr(scanners, "_CHUNK", 7)
    for pad in range(0, 130, 3):  # the stretch is cut every 113 to 119 bytes: the mark is cut in several
        text = "z" * (200 + pad) + 't="e"' + "z" * 200
        cells = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>'
        assert sniff(_xlsx(tmp_path, f"{pad}.xlsx", cells)).plain_sheets == frozenset()
    text = "z" * 400
    assert sniff(_xlsx(tmp_path, "plain.xlsx", f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>'))
    assert sniff(_xlsx(tmp_path, "plain.xlsx", "")).plain_sheets == frozenset({SHEET})


def test_a_part_named_twice_is_plain_only_if_both_are(tmp_path: Path) -> None:
    """A zip holding two parts of the same name (the reader reads the last) is plain only when both are."""
    marked = H.sheet_xml('<row r="1"><c r="A1" t="e"><v>#REF!</v></c></row>')
    members = H.xlsx_members()
    buffer = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr(SHEET, marked)
    assert SHEET not in sniff(buffer).plain_sheets


def test_error_cells_are_found_in_sheets_that_are_not_plain(tmp_path: Path) -> None:
    """Through load: a plain sheet and a sheet with an error cell and a formula in one workbook, each as before."""
    rows = [HEADER, activity(1, title="PLACEHOLDER"), activity(2, sdgs="=A1&B1")]
    path = write_xlsx(tmp_path / "two.xlsx", {"Plain": [HEADER, activity(3)], "Marked": rows})
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    second = "xl/worksheets/sheet2.xml"
    members[second] = members[second].replace(
        b'<c r="D2" t="inlineStr"><is><t>PLACEHOLDER</t></is></c>', b'<c r="D2" t="e"><v>#DIV/0!</v></c>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    assert sniff(path).plain_sheets == frozenset({"xl/worksheets/sheet1.xml"})
    found = {(p.code, p.sheet, p.cell) for p in load(path).problems}
    assert found == {("excel-error", "Marked", "D2"), ("formula-without-value", "Marked", "G3")}


def _old_beyond(rows: int, cols: int) -> re.Pattern[bytes]:
    """The certificate's reference test before its fast look-ahead."""
    return re.compile(
        rb' r="(?:[A-Z]*'
        + scanners._greater_number(rows)
        + rb'"|'
        + scanners._greater_letters(cols - 1)
        + rb"\d|(?![A-Z]*\d+\"))"
    )


@settings(max_examples=3000, deadline=None)
@given(
    st.integers(1, 5_000_000),
    st.integers(1, 20_000),
    st.text(alphabet="ABCXYZ", max_size=4),
    st.text(alphabet="0123456789", max_size=9),
    st.sampled_from(['"', "", "x", '$"']),
)
def test_the_fast_reference_test_agrees_with_the_exact_one(
    rows: int, cols: int, letters: str, digits: str, after: str
) -> None:
    """A reference is beyond the certificate's box with the look-ahead exactly when it was without it."""
    ref = f' r="{letters}{digits}{after}'.encode()
    assert bool(scanners._beyond(rows, cols).search(ref)) == bool(_old_beyond(rows, cols).search(ref))


def test_the_certificate_still_refuses_a_far_cell(tmp_path: Path) -> None:
    """A cell one past the box the certificate allows fails it; the last cell inside passes."""
    limits = Limits()
    rows = limits.max_sheet_cells // 64
    corner = f"{column_letter(63)}{rows}"
    for ref, certified in ((corner, True), (f"{column_letter(63)}{rows + 1}", False), (f"BM{rows}", False)):
        path = _xlsx(tmp_path, f"{ref}.xlsx", f'<row r="1"><c r="A1"><v>1</v></c><c r="{ref}"><v>1</v></c></row>')
        with zipfile.ZipFile(path) as zf:
            assert scanners._xlsx_certified(zf, zf.getinfo(SHEET), limits) is certified


@pytest.mark.parametrize(
    "tag",
    [
        "<c r=\"A1\" r='XFD1048576'>",  # a second reference in single quotes
        '<c r="A1"\tr="XFD1048576">',  # after a tab
        '<c r="A1" r = "XFD1048576">',  # spaces around =
        "<c r='XFD1048576'>",
    ],
)
def test_a_far_reference_not_written_plainly_is_refused(tmp_path: Path, tag: str) -> None:
    """A reference the certificate's test cannot read sends the sheet to the exact pass, which refuses it.

    python-calamine would otherwise allocate the whole box (and the process abort).
    """
    cells = f'<row r="1"><c r="A1"><v>1</v></c>{tag}<v>2</v></c></row>'
    path = _xlsx(tmp_path, "far.xlsx", cells)
    with zipfile.ZipFile(path) as zf:
        assert not scanners._xlsx_certified(zf, zf.getinfo(SHEET), Limits())
    with pytest.raises(ReadError, match="values spread over"):
        sniff(path)


def test_an_error_cell_after_an_empty_styled_cell_is_found(tmp_path: Path) -> None:
    """``<c r="C2" s="1"/>`` (a formatted empty cell) ends there: the error cell after it is its own cell."""
    path = write_xlsx(tmp_path / "styled.xlsx", {"Activities": [HEADER, activity(1, title="PLACEHOLDER")]})
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    old = b'<c r="D2" t="inlineStr"><is><t>PLACEHOLDER</t></is></c>'
    assert old in members[SHEET]
    members[SHEET] = members[SHEET].replace(old, b'<c r="D2" s="0"/><c r="E2" t="e"><v>#N/A</v></c>')
    members[SHEET] = re.sub(rb'<c r="E2" t="inlineStr">.*?</c>', b"", members[SHEET], count=1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    assert workbook._sheet_extras(members[SHEET])[0] == {(1, 4): "#N/A"}
    found = {(p.code, p.cell) for p in load(path).problems if p.code == "excel-error"}
    assert found == {("excel-error", "E2")}
