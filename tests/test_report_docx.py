"""The Word copy: the HTML report's sections, headings, tables and counts, in Word styles, opening in LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocumentType

from itu_contrib.cli import main
from itu_contrib.report_docx import TABLE_STYLE, TABLE_TEXT

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
NARRATIVE = INPUTS / "narrative" / "2025"


class Parsed(HTMLParser):
    """The headings of <main> and its tables (caption and cell texts) of an HTML report."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = False
        self.headings: list[tuple[int, str]] = []
        self.tables: list[dict[str, Any]] = []
        self._text: list[str] | None = None
        self._what = ""
        self._row: list[str] | None = None

    def _close_implied(self, tag: str) -> None:
        """Close what HTML closes without an end tag: a cell at the next cell or row, a row at the next row or body."""
        if self._what in {"td", "th"} and tag in {"td", "th", "tr", "tbody", "table"}:
            self.handle_endtag(self._what)
        if tag in {"tr", "tbody", "table"} and self._row is not None and self.tables:
            self.tables[-1]["rows"].append(self._row)
            self._row = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Start collecting text for headings, captions and cells inside <main>."""
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if (self._text is not None and tag in {"td", "th", "tr"}) or (self._row is not None and tag == "tr"):
            self._close_implied(tag)
        if re.fullmatch(r"h[1-6]", tag) or tag in {"caption", "th", "td"}:
            self._text, self._what = [], tag
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        if tag == "tr":
            self._row = []

    def handle_endtag(self, tag: str) -> None:
        """Store the collected text of a heading, caption or cell."""
        if tag == "main":
            self.in_main = False
        if tag in {"tbody", "table"}:
            self._close_implied(tag)
        if self._text is None or tag != self._what:
            if tag == "tr" and self._row is not None and self.tables:
                self.tables[-1]["rows"].append(self._row)
                self._row = None
            return
        text = " ".join("".join(self._text).split())
        self._what = ""
        if tag.startswith("h") and tag[1:].isdigit():
            self.headings.append((int(tag[1]), text))
        elif tag == "caption":
            self.tables[-1]["caption"] = text
        elif self._row is not None:
            self._row.append(text)
        self._text = None

    def handle_data(self, data: str) -> None:
        """Collect text."""
        if self._text is not None:
            self._text.append(data)


def parse_html(path: Path) -> Parsed:
    """The parsed HTML report."""
    parser = Parsed()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def docx_tables(document: DocumentType) -> list[dict[str, Any]]:
    """Each table of the Word copy with the caption paragraph just before it."""
    body = document.element.body
    out: list[dict[str, Any]] = []
    caption = ""
    tables = iter(document.tables)
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            para = docx.text.paragraph.Paragraph(child, document)
            caption = para.text if para.style is not None and para.style.name == "Caption" else ""
        elif child.tag.endswith("}tbl"):
            table = next(tables)
            rows = [[" ".join(c.text.split()) for c in row.cells] for row in table.rows]
            out.append({"caption": caption, "rows": rows, "table": table})
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Parsed, DocumentType, Path]:
    """The sample inputs with last year and the sample narrative, `-o x.html` and the same with `-o x.docx`."""
    out = tmp_path_factory.mktemp("report")
    html, word = out / "wsis-2025.html", out / "wsis-2025.docx"
    args = ["report", str(INPUTS / "2025"), "--previous", str(INPUTS / "2024"), "--narrative", str(NARRATIVE)]
    assert main([*args, "-o", str(html)]) == 0
    assert main([*args, "-o", str(word)]) == 0
    return parse_html(html), docx.Document(str(word)), word


def _norm(cell: str) -> str:
    """A matrix cell as both documents mean it: the HTML's hidden 'expected' and the Word copy's '*' dropped."""
    return cell.replace(" expected", "").replace("expected", "").rstrip("*").strip()


def test_headings_are_the_same_in_the_same_order(built) -> None:
    """Each h2 and h3 of the HTML is a Heading 1 and Heading 2 of the Word copy, in the same order."""
    parsed, document, _ = built
    html = [(level - 1, text) for level, text in parsed.headings if level in (2, 3)]
    word = [
        (int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name in ("Heading 1", "Heading 2")
    ]
    assert word == html
    assert word[0] == (1, "Summary")
    assert (2, "C2 Information and communication infrastructure") in word


#: Word tables of the activities of one line, target or indicator; the HTML links to its list for these.
LISTINGS = re.compile(
    r"Activities (?:under (?P<line>C\d+)\b.* by (?P<sector>\S+)|declaring \S+ (?P<code>[\d.a-z]+)) \((?P<n>\d+)\)"
)


def assert_same_tables(parsed: Parsed, document: DocumentType) -> int:
    """Every Word table is an HTML table with the same caption, row count and numbers (activity tables: IDs).

    The Word copy lists each line's, target's and indicator's activities where the HTML links to its one activity
    list: those tables hold as many activities as their caption counts, each one in the HTML list with that sector
    and action line, or that target or indicator.
    """
    html = {t["caption"]: t["rows"] for t in parsed.tables}
    listed = html.get("All activities", [])
    columns = {name: k for k, name in enumerate(listed[0])} if listed else {}
    by_id = {r[0]: r for r in listed[1:]}
    tables = docx_tables(document)
    for t in tables:
        got = t["rows"]
        shown = LISTINGS.fullmatch(t["caption"])
        if t["caption"] not in html and shown:
            assert len(got) - 1 == min(int(shown["n"]), 200), t["caption"]
            for row in got[1:]:
                mine = by_id[row[0]]
                if shown["line"]:
                    lines = {c.split(".")[0] for c in mine[columns["WSIS Action Lines"]].split("; ")}
                    assert shown["line"] in lines, t["caption"]
                    assert mine[columns["Sector"]] == shown["sector"], t["caption"]
                else:
                    codes = mine[columns["SDG targets"]] + "; " + mine[columns["SDG indicators"]]
                    assert shown["code"] in codes.split("; "), t["caption"]
            continue
        if t["caption"].startswith("Activities linked to indicator"):
            code = t["caption"].split()[-1]
            want = [r[0] for r in listed[1:] if code in by_id[r[0]][columns["SDG indicators"]].split("; ")]
            assert [r[0] for r in got[1:]] == want, t["caption"]
            continue
        assert t["caption"] in html, t["caption"]
        want = html[t["caption"]]
        assert len(got) == len(want), t["caption"]
        if got[0][0] == "Activity ID":  # an activity table: the same activities (cells differ: full descriptions)
            assert [r[0] for r in got] == [r[0] for r in want], t["caption"]
        else:
            numbers = [[_norm(c) for c in r[1:]] for r in got]
            assert numbers == [[_norm(c) for c in r[1:]] for r in want], t["caption"]
    return len(tables)


def test_every_table_of_the_word_copy_has_the_html_counts(built) -> None:
    """Every Word table is an HTML table with the same caption, header and numbers (activity tables: the same IDs)."""
    parsed, document, _ = built
    assert assert_same_tables(parsed, document) > 40


def test_rows_left_out_are_listed_in_both(tmp_path: Path) -> None:
    """A submission with errors: both documents list the rows left out with their errors, and the counts agree."""
    html, word = tmp_path / "r.html", tmp_path / "r.docx"
    source = str(INPUTS / "examples" / "with-problems.xlsx")
    assert main(["report", source, "--year", "2025", "-o", str(html), "--docx", str(word)]) == 1  # rows left out
    parsed, document = parse_html(html), docx.Document(str(word))
    assert_same_tables(parsed, document)
    left = next(t for t in docx_tables(document) if t["caption"].startswith("Rows left out"))
    assert len(left["rows"]) > 1
    assert all(row[5] for row in left["rows"][1:])


def test_headline_counts_equal_the_html_cards(built, tmp_path: Path) -> None:
    """The total and the activities per sector and per ring read from the HTML cards equal the Word copy's."""
    _, document, word = built
    html = word.with_suffix(".html").read_text(encoding="utf-8")
    cards = re.findall(r'card-value">([^<]+)<.*?card-label">([^<]+?)\s*<span class="share">([^<]+)<', html)
    by_sector = {label.strip(): value for value, label, _ in cards[:4]}
    by_ring = {label.strip(): share for share, label, _ in cards[4:8]}
    bullets = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    for sector, count in by_sector.items():
        assert any(b.startswith(f"{sector}: {count} activities") for b in bullets), sector
    for ring, share in by_ring.items():
        assert any(b.startswith(f"{ring}: {share} (") for b in bullets), ring
    assert sum(int(v) for v in by_sector.values()) == 55
    total = re.search(r'card card-main"><span class="card-value">(\d+)<', html)
    assert total is not None
    assert any(p.text.startswith(f"{total.group(1)} activities;") for p in document.paragraphs)


def test_narrative_and_descriptions_are_in_the_word_copy(built) -> None:
    """The editor's text is under its heading, and descriptions are full (no ellipsis) in the activity tables."""
    _, document, _ = built
    texts = [p.text for p in document.paragraphs]
    c2 = texts.index("C2 Information and communication infrastructure")
    assert any("spectrum management, satellite coordination" in t for t in texts[c2 : c2 + 6])
    bullets = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert any("**" not in b and "ITU-R" in b for b in bullets)
    for t in docx_tables(document):
        for row in t["rows"]:
            assert not any(cell.endswith("…") for cell in row)


def test_word_styles_not_direct_formatting(built) -> None:
    """Headings use Word's heading styles, tables one table style, cells the Table Text style, no run is bolded."""
    _, document, _ = built
    assert {t.style.name for t in document.tables} == {TABLE_STYLE}
    for table in document.tables[:5]:
        assert {p.style.name for row in table.rows for c in row.cells for p in c.paragraphs} == {TABLE_TEXT}
    for p in document.paragraphs:
        for run in p.runs:
            assert run.bold is None
            assert run.italic is None
            assert run.font.size is None
    assert document.paragraphs[0].style.name == "Title"


def test_table_of_contents_field(built) -> None:
    """The document has a TOC field over headings 1-2, and asks Word to update fields on opening."""
    _, document, _ = built
    xml = document.element.xml
    assert re.search(r"<w:instrText[^>]*> TOC \\o \"1-2\" \\h \\z \\u </w:instrText>", xml)
    names = [child.tag.rsplit("}", 1)[-1] for child in document.settings.element]
    assert names.index("updateFields") < names.index("compat")  # w:settings is a schema sequence


def test_output_docx_writes_only_the_word_copy(tmp_path: Path) -> None:
    """`-o report.docx` writes the Word copy and no HTML."""
    out = tmp_path / "report.docx"
    assert main(["report", str(INPUTS / "2025"), "-o", str(out)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]
    assert docx.Document(str(out)).paragraphs[0].text.startswith("ITU's contribution")


@pytest.mark.libreoffice
def test_libreoffice_converts_the_word_copy(built, tmp_path: Path) -> None:
    """LibreOffice headless opens the Word copy and converts it to text with its headings and a count."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    _, _, word = built
    profile = tmp_path / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(word)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    text = (tmp_path / "wsis-2025.txt").read_text(encoding="utf-8-sig")
    for heading in ("ITU as sole facilitator", "C2 Information and communication infrastructure", "Year over year"):
        assert heading in text
    assert "Activities by action line and SDG" in text
