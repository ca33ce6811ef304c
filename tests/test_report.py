"""render_report writes one deterministic, self-contained, safe and accessible HTML file."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from builders import tagged_activity, tagged_frame

from itu_contrib.aggregate import summarize
from itu_contrib.defaults import REPORT_LIST_CAP
from itu_contrib.problems import Problem, Severity
from itu_contrib.reference import load_reference
from itu_contrib.report import render_report, safe_url
from itu_contrib.spec import load_spec

REF = load_reference(2025)
XSS = "<script>alert(1)</script>"
CSP = re.compile(
    r"default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; script-src 'sha256-[A-Za-z0-9+/]{43}='; img-src data:"
)
GOOD_URLS = ("https://www.itu.int/en/itu-d/Pages/default.aspx", "http://wsis.org/forum?a=1&b=2")


def activity(activity_id: str, sector: str, title: str, lines: tuple[str, ...], goals: tuple[int, ...], **extra: Any):
    """One row of a tagged activities frame, following the contract in docs/architecture.md."""
    return tagged_activity(
        activity_id,
        sector,
        title,
        lines,
        goals,
        **{"end_date": pd.Timestamp("2025-11-30"), "url": GOOD_URLS[0], **extra},
    )


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A tagged activities frame with the contract's columns and dtypes."""
    return tagged_frame(rows)


ROWS = [
    activity("D-1", "ITU-D", "Partner2Connect", ("C2", "C4"), (9, 17), sdg_indicators=("9.c.1",)),
    activity("D-2", "ITU-D", "Digital skills", ("C4", "C7.e-learning"), (4, 5), suggested_action_lines=("C10",)),
    activity(
        XSS,
        "ITU-T",
        "AI for Good " + XSS,
        ("C5", "C7.e-health"),
        (3, 13),
        description=XSS,
        partners=(XSS, "WHO"),
        region=XSS,
        url="javascript:alert(1)",
        suggested_sdg_goals=(10,),
    ),
    activity("R-1", XSS, "Spectrum", ("C2", "C6"), (9,), url="data:text/html,<script>alert(1)</script>"),
    activity("GS-1", "GS", "WSIS Forum", ("C11",), (17,), url=GOOD_URLS[1]),
    activity("GS-2", "GS", "No tags yet", (), (), url="vbscript:msgbox(1)"),
    activity("GS-3", "GS", "Quoted", ("C1",), (16,), url='https://x.org/"onmouseover="alert(1)'),
]
PREVIOUS = [
    activity("D-1", "ITU-D", "Partner2Connect", ("C2",), (9,), year=2024),
    activity("R-0", "ITU-R", "Ended one", ("C2",), (9,), year=2024),
]
PROBLEMS = [
    Problem("invalid-url", Severity.ERROR, XSS + ".xlsx", "bad " + XSS, "fix " + XSS, sheet="2025", cell="N5", row=5),
    Problem("missing-description", Severity.WARNING, "itu-t.xlsx", "no description", sheet=XSS, row=7),
]


@pytest.fixture(scope="module")
def summary():
    """The summary of ROWS with a previous year, problems and excluded rows."""
    return summarize(
        frame(ROWS), year=2025, previous=frame(PREVIOUS), problems=PROBLEMS, files=["itu-d.xlsx", XSS], excluded_rows=3
    )


@pytest.fixture(scope="module")
def html(summary) -> str:
    """The rendered report of the summary."""
    return render_report(summary)


class Outline(HTMLParser):
    """Collects the elements the structure tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.headings: list[int] = []
        self.tables: list[list[str]] = []  # the child elements of each table, in order
        self.svgs: list[dict[str, Any]] = []
        self.ids: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record headings, ids, attributes and the children of tables and SVGs."""
        a = dict(attrs)
        self.attrs += [(tag, k, v) for k, v in attrs]
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if self.stack and self.stack[-1] == "table":
            self.tables[-1].append(tag)
        if self.stack and self.stack[-1] == "svg":
            self.svgs[-1]["children"].append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables.append([])
        if tag == "svg":
            self.svgs.append({"attrs": a, "children": []})
        if tag not in {"meta", "br", "input", "circle", "rect", "line", "path"}:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record the attributes of a self-closed element and whether it is an SVG child."""
        self.attrs += [(tag, k, v) for k, v in attrs]
        if self.stack and self.stack[-1] == "svg":
            self.svgs[-1]["children"].append(tag)

    def handle_endtag(self, tag: str) -> None:
        """Close the element and any left open inside it."""
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def outline(html: str) -> Outline:
    """The parsed outline of a report."""
    parser = Outline()
    parser.feed(html)
    return parser


def test_render_is_deterministic(summary, html: str) -> None:
    """The same inputs give byte-identical reports, with no timestamp unless one is given."""
    again = summarize(
        frame(ROWS), year=2025, previous=frame(PREVIOUS), problems=PROBLEMS, files=["itu-d.xlsx", XSS], excluded_rows=3
    )
    assert render_report(again) == html
    assert render_report(summary) == html
    assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d", html)
    stamped = render_report(summary, stamp="2025-06-30 12:00 UTC")
    assert "2025-06-30 12:00 UTC" in stamped
    assert "2025-06-30 12:00 UTC" not in html


def test_render_is_identical_across_processes(tmp_path: Path) -> None:
    """Two interpreters with different hash seeds write byte-identical reports (no set or dict order leaks)."""
    script = (
        "import runpy, sys; g = runpy.run_path(sys.argv[1]);"
        "f = g['frame']; s = g['summarize'](f(g['ROWS']), year=2025, previous=f(g['PREVIOUS']),"
        " problems=g['PROBLEMS']);"
        "sys.stdout.write(g['render_report'](s))"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(Path(__file__).resolve().parent)}
        done = subprocess.run(
            [sys.executable, "-c", script, __file__], capture_output=True, env=env, check=True, cwd=tmp_path
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000


def test_spreadsheet_values_are_escaped(html: str) -> None:
    """Markup in titles, sectors, IDs, descriptions, partners, regions, problems and file names is shown as text."""
    assert "<script>alert" not in html
    assert html.count("<script") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for text in (
        "AI for Good &lt;script&gt;",
        "bad &lt;script&gt;",
        "Fix &lt;script&gt;",
        "&lt;script&gt;alert(1)&lt;/script&gt;.xlsx",
    ):
        assert text in html


def test_only_http_urls_become_links(html: str) -> None:
    """javascript:, data:, vbscript: and malformed URLs are shown as text, never put in an href."""
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs)
    external = {h for h in hrefs if not h.startswith("#")}
    assert external == {GOOD_URLS[0], GOOD_URLS[1].replace("&", "&amp;")}
    assert "javascript:alert(1)" in html  # shown as text
    assert not re.search(r"""href=["']?\s*(javascript|data|vbscript):""", html, re.IGNORECASE)
    assert 'onmouseover="alert' not in html


def test_safe_url_accepts_only_absolute_http_urls() -> None:
    """safe_url keeps http(s) URLs with a host and rejects every other scheme or a URL with spaces or quotes."""
    assert safe_url("https://www.itu.int/a?b=1") == "https://www.itu.int/a?b=1"
    assert safe_url(" HTTP://itu.int ") == "HTTP://itu.int"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:x",
        "data:text/html,x",
        "ftp://x.org",
        "//itu.int",
        "https://",
        "https://a b",
        'https://x"y',
        None,
        3,
    ):
        assert safe_url(bad) is None


def test_no_external_resources(html: str) -> None:
    """The page loads nothing: no src attributes, no <link>, and the only http(s) strings are activity links."""
    tags = outline(html)
    assert not [t for t, k, _ in tags.attrs if k == "src"]
    assert "<link" not in html
    assert "@import" not in html
    assert "url(" not in html
    positions = {m.start() for m in re.finditer(r"https?://", html)}
    links = {m.start(1) for m in re.finditer(r'<a href="(https?://[^"]*)" rel="noopener noreferrer">', html)}
    shown_as_text = {m.start(1) for m in re.finditer(r'<span class="bad-url"[^>]*>(https?://)', html)}
    assert links
    assert positions == links | shown_as_text


def test_content_security_policy_and_no_inline_handlers(html: str) -> None:
    """The page declares a strict CSP and has no inline event handler attributes or javascript: URLs."""
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert policy is not None
    assert CSP.fullmatch(policy.group(1).replace("&#39;", "'"))
    assert not [k for _, k, _ in outline(html).attrs if k.lower().startswith("on")]
    assert '<html lang="en" dir="ltr">' in html


def test_sections_and_table_of_contents(html: str) -> None:
    """Every section is present, and every contents link points at an id of the page."""
    ids = outline(html).ids
    assert len(ids) == len(set(ids)), "duplicate ids"
    expected = [
        "summary",
        "sole-facilitator",
        "lead-facilitator",
        "contributor",
        "ring-targets",
        "sdg-rings",
        "sdg-goals",
        "matrix",
        "cross-tabs",
        "custodian-indicators",
        "year-over-year",
        "suggestions",
        "all-activities",
        "data-quality",
        "about",
    ]
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S)
    assert toc is not None
    assert re.findall(r'href="#([^"]+)"', toc.group(0)) == expected
    for anchor in set(re.findall(r'href="#([^"]+)"', html)):
        assert anchor in ids


def test_year_over_year_only_with_a_previous_year(summary) -> None:
    """Without a previous year there is no year-over-year section or contents entry."""
    plain = render_report(summarize(frame(ROWS), year=2025))
    assert 'id="year-over-year"' not in plain
    assert 'href="#year-over-year"' not in plain


def test_heading_hierarchy(html: str) -> None:
    """One h1, and no heading skips a level."""
    levels = outline(html).headings
    assert levels.count(1) == 1
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1


def test_every_table_has_a_caption(html: str) -> None:
    """Each table's first child is its caption."""
    tables = outline(html).tables
    assert len(tables) > 10
    assert all(children and children[0] == "caption" for children in tables)


def test_every_svg_is_an_image_with_a_title(html: str) -> None:
    """Each chart is an SVG with role=img, a title and a description it is labelled by."""
    tags = outline(html)
    assert len(tags.svgs) == 2
    for svg in tags.svgs:
        assert svg["attrs"]["role"] == "img"
        assert svg["children"][:2] == ["title", "desc"]
        for ref in svg["attrs"]["aria-labelledby"].split():
            assert ref in tags.ids


def test_ring_figure_places_every_goal_in_its_innermost_ring(html: str) -> None:
    """The rings figure has one node per SDG, titled with its count and ring."""
    nodes = re.findall(r'<g class="node"><title>SDG (\d+) [^:]*: (\d+) activit(?:y|ies) \(([^)]*)\)</title>', html)
    assert sorted(int(n) for n, _, _ in nodes) == list(range(1, 18))
    for number, _count, ring in nodes:
        assert ring == REF.goals[int(number)].ring.name
    counts = {int(n): int(c) for n, c, _ in nodes}
    assert counts[9] == sum(1 for row in ROWS if 9 in row["sdg_goals"])


def test_heat_matrix_marks_the_expected_links(html: str) -> None:
    """Each cell the WSIS-SDG matrix expects carries the marker, and no other cell does."""
    table = re.search(r'<table class="heat">.*?</table>', html, re.S)
    assert table is not None
    expected = 0
    for line in REF.main_lines:
        for code in (line.code, *(s.code for s in REF.sub_lines(line.code))):
            expected += len(REF.expected_goals(code))
    assert len(re.findall(r'<td class="h\d x">', table.group(0))) == expected
    assert table.group(0).count("expected</span>") == expected


def test_itu_role_sections_list_lines_with_facilitators(html: str) -> None:
    """Sole-facilitator lines come first, then the lead line, then the contributed lines, C7 by sub-line."""
    order = [html.index(f'id="al-{c}"') for c in ("c2", "c5", "c6", "c4", "c1", "c3", "c7", "c8", "c11")]
    assert order == sorted(order)
    assert 'id="al-c7-e-learning"' in html
    assert 'id="al-c7-e-health"' in html
    c7 = html[html.index('id="al-c7"') : html.index('id="al-c8"')]
    assert "UNESCO" in c7
    assert "WHO" in c7
    assert "C7 activities by e-sub-line" in c7


def test_custodian_indicators_and_their_activities(html: str) -> None:
    """Every custodian indicator from the reference has a subsection listing the activities declaring it."""
    for indicator in REF.custodian_indicators:
        assert f'id="ind-{indicator.code.replace(".", "-")}"' in html
    section = html[html.index('id="ind-9-c-1"') : html.index('id="ind-17-6-1"')]
    assert "Partner2Connect" in section


def test_suggestions_are_shown(html: str) -> None:
    """Activities with suggested tags appear with the suggestions next to the declared tags."""
    section = html[html.index('id="suggestions"') : html.index('id="all-activities"')]
    assert "C10" in section
    assert "Digital skills" in section
    assert '<td class="suggested">10</td>' in section


def test_year_over_year_section(html: str) -> None:
    """New, continued and ended counts and the shifts with signed deltas are shown."""
    section = html[html.index('id="year-over-year"') : html.index('id="suggestions"')]
    assert re.search(r'card-value">6</span> <span class="card-label">new activities', section)
    assert re.search(r'card-value">1</span> <span class="card-label">ended activities', section)
    assert "Ended one" in section
    assert '<td class="num change down">−1</td>' in section  # ITU-R: 1 -> 0


def test_data_quality_appendix(html: str) -> None:
    """Problems show severity, code, file, sheet!cell, message and hint; excluded rows are counted."""
    section = html[html.index('id="data-quality"') : html.index('id="about"')]
    assert "2025!N5" in section
    assert "invalid-url" in section
    assert "missing-description" in section
    assert re.search(r'card-value">3</span> <span class="card-label">rows excluded', section)


def test_column_headers_use_spec_labels(html: str) -> None:
    """Activity tables use the spec's column labels."""
    columns = load_spec().listing_columns
    assert len(columns) >= 5
    for column in columns:
        assert f'<th scope="col" class="col-{column.name}">{column.label}</th>' in html


def test_long_listings_are_capped(tmp_path) -> None:
    """A line with more activities than the cap lists the first ones inside a details element."""
    n = REPORT_LIST_CAP + 5
    rows = [activity(f"T-{i:04d}", "ITU-T", f"Study {i}", ("C5",), (9,)) for i in range(n)]
    html = render_report(summarize(frame(rows), year=2025))
    c5 = html[html.index('id="al-c5"') : html.index('id="al-c6"')]
    assert f"Show the first {REPORT_LIST_CAP} of {n} activities" in c5
    assert c5.count('<tr><td class="id">') == REPORT_LIST_CAP
    assert "T-0204" not in c5
    assert "T-0204" in html


def test_a_hundred_activities_stay_under_one_megabyte() -> None:
    """A typical year's report is well under 1 MB."""
    lines = [a.code for a in REF.action_lines.values() if a.code != "C7"]
    rows = [
        activity(
            f"A-{i:03d}",
            ("ITU-R", "ITU-T", "ITU-D", "GS")[i % 4],
            f"Activity number {i} on connectivity",
            (lines[i % len(lines)], lines[(i * 7) % len(lines)]),
            (1 + i % 17, 1 + (i * 5) % 17),
            description="Two to five sentences about what was done, for whom and the results. " * 3,
        )
        for i in range(100)
    ]
    html = render_report(summarize(frame(rows), year=2025))
    assert len(html.encode("utf-8")) < 1_000_000


def test_an_empty_summary_renders() -> None:
    """A year with no activities still gives a complete report."""
    html = render_report(summarize(frame([]), year=2025))
    assert "No activities were reported under this action line." in html
    assert html.count("<h1>") == 1


def test_validation_page_lists_every_problem_escaped(tmp_path) -> None:
    """render_validation shows a validation result's problems, escaped, in a self-contained page."""
    from itu_contrib.report import render_validation
    from itu_contrib.validation import validate

    source = tmp_path / "itu-d.csv"
    source.write_text(
        "Activity ID,Reporting year,Sector,Activity title,WSIS Action Lines,SDGs,Link\n"
        f'A-1,2025,ITU-D,"{XSS}",C2,9,javascript:alert(1)\n'
        "A-2,2025,ITU-D,Fine,C99,9,https://www.itu.int/\n",
        encoding="utf-8",
    )
    result = validate([source], year=2025)
    html = render_validation(result)
    assert "<script>alert" not in html
    assert html.count("<script") == 1
    assert not re.search(r'href="(?!#)', html)
    for problem in result.problems:
        assert f"<code>{problem.code}</code>" in html
    assert render_validation(result) == html
    levels = outline(html).headings
    assert levels.count(1) == 1
    assert all(children[0] == "caption" for children in outline(html).tables)
