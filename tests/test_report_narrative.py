"""The editor's narrative: placed under its section, rendered safely, unknown keys refused, missing ones warned."""

from __future__ import annotations

import csv
import itertools
import re
from html import unescape
from pathlib import Path

import pytest
from builders import tagged_activity, tagged_frame

import itu_contrib as ic
from itu_contrib.aggregate import summarize
from itu_contrib.cli import main
from itu_contrib.narrative import Narrative, NarrativeError, load_narrative
from itu_contrib.reference import load_reference
from itu_contrib.report import render_report
from itu_contrib.sections import report_sections

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
REF = load_reference(2025)
ROWS = [
    tagged_activity("D-1", "ITU-D", "Partner2Connect", ("C2", "C4"), (9, 17), sdg_targets=("9.c",)),
    tagged_activity("T-1", "ITU-T", "Security standards", ("C5",), (9,), sdg_indicators=("9.c.1",)),
    tagged_activity("T-2", "ITU-T", "Health standards", ("C7.e-health",), (3,)),
    tagged_activity("R-1", "ITU-R", "Spectrum", ("C2",), (9,)),
]


def write(folder: Path, files: dict[str, str]) -> Path:
    """A narrative folder with the given files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def section_of(html: str, anchor: str, next_anchor: str) -> str:
    """The HTML between two ids."""
    return html[html.index(f'id="{anchor}"') : html.index(f'id="{next_anchor}"')]


@pytest.fixture(scope="module")
def summary():
    """A small year of activities."""
    return summarize(tagged_frame(ROWS), year=2025)


def test_texts_go_under_their_section_action_line_and_ring(summary, tmp_path: Path) -> None:
    """The introduction opens the summary, a line's text follows its heading, a ring's text its ring heading."""
    folder = write(
        tmp_path / "n",
        {
            "introduction.md": "Opening words.",
            "c2.md": "Text on *infrastructure*.",
            "C7.e-health.md": "Text on e-health.",
            "Main_Key_Focus.md": "Text on the centre ring.",
            "sole-facilitator.md": "Text on the sole role.",
        },
    )
    html = render_report(summary, narrative=load_narrative(folder, REF))
    assert "<p>Opening words.</p>" in section_of(html, "summary", "sole-facilitator")
    c2 = section_of(html, "al-c2", "al-c5")
    assert "<p>Text on <em>infrastructure</em>.</p>" in c2
    assert c2.index("Text on") < c2.index('class="meta"')
    assert "Text on the sole role." in section_of(html, "sole-facilitator", "al-c2")
    assert "Text on e-health." in section_of(html, "al-c7-e-health", "al-c8")
    assert "Text on the centre ring." in section_of(html, "ring-main-key-focus", "sdg-rings")


def test_markdown_is_rendered_without_raw_html_scripts_or_images(summary) -> None:
    """Raw HTML stays text, javascript: links stay text, images are not loaded, http(s) links are kept."""
    text = (
        "# Heading\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[ok](https://www.itu.int/) [bad](javascript:alert(3)) ![pic](https://example.org/x.png)"
    )
    narrative = Narrative({"introduction": text}, {"introduction": "x.md"})
    html = render_report(summary, narrative=narrative)
    intro = section_of(html, "summary", "sole-facilitator")
    assert "<script>alert" not in html.replace("<script>\n", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in intro
    assert "<img" not in html
    assert '<a href="https://www.itu.int/" rel="noopener noreferrer">ok</a>' in intro
    assert 'href="javascript' not in html
    assert "https://example.org/x.png" not in re.findall(r'src="([^"]+)"', html)
    assert "<h3>Heading</h3>" in intro


def test_narrative_headings_keep_the_outline(summary) -> None:
    """A narrative's own headings start one level below the heading they sit under, so no level is skipped."""
    narrative = Narrative({"C2": "# A\n\n## B\n\ntext", "introduction": "# Intro"}, {})
    html = render_report(summary, narrative=narrative)
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1
    assert "<h4>A</h4>\n<h5>B</h5>" in section_of(html, "al-c2", "al-c5")


def test_a_section_without_narrative_gets_no_placeholder(summary) -> None:
    """Without a narrative the report is the plain report: no empty narrative block, no placeholder text."""
    plain = render_report(summary)
    assert plain == render_report(summary, narrative=Narrative())
    assert 'class="narrative"' not in plain


@pytest.mark.parametrize("name", ["C12.md", "C7.e-shopping.md", "ring-9.md", "conclusion.md"])
def test_unknown_key_is_an_error_naming_file_and_key(tmp_path: Path, name: str) -> None:
    """A narrative for an action line (or anything) that does not exist is refused, naming the file and the key."""
    folder = write(tmp_path / "n", {"C2.md": "fine", name: "text"})
    with pytest.raises(NarrativeError) as caught:
        load_narrative(folder, REF)
    message = str(caught.value)
    assert str(folder / name) in message
    assert f"'{Path(name).stem}'" in message


def test_toml_narrative_and_duplicates(tmp_path: Path) -> None:
    """One TOML file of key = markdown works; the same key twice (any spelling) is refused naming both files."""
    toml = tmp_path / "narrative.toml"
    toml.write_text('introduction = "Hello"\nC2 = """\nLine *two*\n"""\n', encoding="utf-8")
    narrative = load_narrative(toml, REF)
    assert narrative.get("C2") == "Line *two*\n"
    assert narrative.get("introduction") == "Hello"
    folder = write(tmp_path / "n", {"C2.md": "a"})
    with pytest.raises(NarrativeError, match=r"'C2' is also given in"):
        load_narrative([toml, folder], REF)
    bad = tmp_path / "bad.toml"
    bad.write_text("C2 = 3\n", encoding="utf-8")
    with pytest.raises(NarrativeError, match="must be a string"):
        load_narrative(bad, REF)


def test_cli_warns_for_sections_without_narrative_and_fails_on_unknown(tmp_path: Path, capsys) -> None:
    """`report --narrative` warns which expected sections have none; an unknown key exits 2 naming file and key."""
    folder = write(tmp_path / "n", {"introduction.md": "Hi", "C2.md": "x"})
    out = tmp_path / "r.html"
    assert main(["report", str(INPUTS / "2025"), "--narrative", str(folder), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    warning = next(line for line in err.splitlines() if "no narrative" in line)
    assert warning.startswith("itu-contrib: warning: no narrative for ")
    missing = warning.split(": ")[-1].split(", ")
    assert {"C1", "C3", "C4", "C5", "sole-facilitator", "main-key-focus"} <= set(missing)
    assert "introduction" not in missing
    assert "C2" not in missing
    write(folder, {"C13.md": "x"})
    assert main(["report", str(INPUTS / "2025"), "--narrative", str(folder), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"itu-contrib: error: {folder / 'C13.md'}: no section, role, action line or ring is called")


def test_sections_list_drives_contents_headings_and_partials(summary) -> None:
    """Each section of report_sections is one contents entry and one h2 with its heading, in order."""
    html = render_report(summary)
    sections = report_sections(summary)
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S)
    assert toc is not None
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc.group(0))
    assert [(a, unescape(t)) for a, t in links] == [(s.anchor, s.heading) for s in sections]
    main_html = html[html.index("<main") :]
    h2 = re.findall(r'<h2 id="([^"]+)">([^<]+)</h2>', main_html)
    assert [(a, unescape(t)) for a, t in h2] == [(s.anchor, s.heading) for s in sections]


def test_sample_narrative_loads() -> None:
    """The sample narrative in inputs/ names only things that exist."""
    narrative = load_narrative(INPUTS / "narrative" / "2025", REF)
    assert {"introduction", "C2", "main-key-focus", "sole-facilitator"} <= set(narrative.texts)


def test_build_report_writes_html_docx_and_tables(tmp_path: Path) -> None:
    """build_report from paths writes the HTML, the Word copy and every table, with {year} filled in."""
    result = ic.build_report(
        INPUTS / "2025",
        previous=INPUTS / "2024",
        output=tmp_path / "wsis-{year}.html",
        docx=tmp_path / "wsis-{year}.docx",
        tables_dir=tmp_path / "tables-{year}",
        narrative=INPUTS / "narrative" / "2025",
    )
    assert result.html == tmp_path / "wsis-2025.html"
    assert result.docx == tmp_path / "wsis-2025.docx"
    assert result.html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert result.docx.read_bytes()[:2] == b"PK"
    names = {p.name for p in result.tables}
    assert {"action_line_sdg_matrix.csv", "c7_sub_lines.csv", "year_over_year_by_action_line.csv"} <= names
    assert {"custodian_indicators.csv", "ring_targets.csv", "rows_left_out.csv"} <= names
    assert all(p.parent == tmp_path / "tables-2025" for p in result.tables)
    assert result.warnings == ("no narrative for 8 sections: C1, C3, C8, C9, C10, C11, enabler, focus",)
    assert result.summary.total == 55


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_tables_hold_matrix_sub_lines_targets_and_rows_left_out(tmp_path: Path) -> None:
    """The exported matrix, C7 sub-lines and ring targets agree with the activities; rows left out carry errors."""
    result = ic.build_report(INPUTS / "examples" / "with-problems.xlsx", year=2025, tables_dir=tmp_path)
    left = _csv(tmp_path / "rows_left_out.csv")
    assert len(left) == result.tags.excluded > 0
    assert all(r["problems"] for r in left)
    assert any(r["row"] == "8" and "required-value" in r["problems"] for r in left)

    frame = tagged_frame(ROWS)
    tables = summarize(frame, year=2025).tables
    matrix = tables["action_line_sdg_matrix.csv"].set_index("action_line")
    assert int(matrix.loc["C2", "SDG 9"]) == 2
    assert int(matrix.loc["C2", "SDG 17"]) == 1
    assert int(matrix.loc["C7.e-health", "SDG 3"]) == 1
    assert int(matrix.loc["C7", "SDG 3"]) == 1
    subs = tables["c7_sub_lines.csv"].set_index("sub_line")
    assert int(subs.loc["C7.e-health", "activities"]) == 1
    assert int(subs.loc["C7.e-health", "ITU-T"]) == 1
    assert int(subs.loc["C7.e-health", "ITU-D"]) == 0
    targets = tables["ring_targets.csv"].set_index("code")
    assert int(targets.loc["9.c", "activities"]) == 1
    assert int(targets.loc["9.c.1", "activities"]) == 1
    assert bool(targets.loc["9.c.1", "itu_custodian"])
    assert not bool(targets.loc["9.c", "itu_custodian"])
    assert int(targets.loc["17.8", "activities"]) == 0
