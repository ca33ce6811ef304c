"""The report works in headless Chromium: no console errors, no network, no script from the data, working controls."""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from builders import tagged_activity

from itu_contrib.aggregate import summarize
from itu_contrib.cli import main
from itu_contrib.problems import Problem, Severity
from itu_contrib.reference import load_reference
from itu_contrib.report import render_report

pytestmark = pytest.mark.browser

REF = load_reference(2025)
ROOT = Path(__file__).resolve().parent.parent
#: Where the print test keeps its screenshot and PDFs to look at (gitignored); ITU_ARTIFACTS overrides it.
ARTIFACTS = Path(os.environ.get("ITU_ARTIFACTS", ROOT / "artifacts" / "browser"))
#: Printable width in CSS pixels (96 per inch) of A4 and Letter portrait with the report's 13 mm side margins.
PAGE_WIDTHS = {"A4": round((210 - 26) / 25.4 * 96), "Letter": round((215.9 - 26) / 25.4 * 96)}
#: Paper sizes in inches for printToPDF.
PAPER = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}
XSS = "<script>alert(1)</script>"
IMG_XSS = '<img src=x onerror="alert(2)">'


def activity(activity_id: str, sector: str, title: str, lines: tuple[str, ...], goals: tuple[int, ...], **extra: Any):
    """One row of a tagged activities frame, following the contract in docs/architecture.md."""
    return tagged_activity(
        activity_id,
        sector,
        title,
        lines,
        goals,
        **{"description": "What was done, for whom, and the results.", **extra},
    )


def report_html() -> str:
    """A report with XSS payloads in every kind of spreadsheet value."""
    lines = [a.code for a in REF.action_lines.values() if a.code != "C7"]
    rows = [
        activity(
            f"A-{i:03d}",
            ("ITU-R", "ITU-T", "ITU-D", "GS")[i % 4],
            f"Activity {i} on connectivity",
            (lines[i % len(lines)], lines[(i * 7) % len(lines)]),
            (1 + i % 17, 1 + (i * 5) % 17),
            sdg_indicators=("9.c.1",) if i % 9 == 0 else (),
            suggested_sdg_goals=(9,) if i % 11 == 0 else (),
        )
        for i in range(60)
    ]
    rows += [
        activity(XSS, XSS, "Spectrum " + XSS, ("C2",), (9,), description=IMG_XSS, partners=(XSS,), region=XSS),
        activity("X-2", "GS", IMG_XSS, ("C5",), (17,), url="javascript:alert(3)"),
        activity("X-3", "GS", "Data link", ("C6",), (16,), url="data:text/html,<script>alert(4)</script>"),
    ]
    problems = [Problem("invalid-url", Severity.ERROR, XSS, "bad " + IMG_XSS, "fix " + XSS, sheet=XSS, cell="N5")]
    previous = pd.DataFrame([activity("A-001", "ITU-T", "Old", ("C5",), (9,), year=2024)])
    frame = pd.DataFrame(rows)
    for f in (frame, previous):
        for column in ("year", "ring", "source_row"):
            f[column] = f[column].astype("Int64")
    return render_report(summarize(frame, year=2025, previous=previous, problems=problems, files=[XSS]))


@pytest.fixture(scope="module")
def page(driver, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report written to a file and opened in the browser."""
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(report_html(), encoding="utf-8")
    driver.get_log("performance")  # drop anything logged before the page
    driver.get(path.as_uri())
    return path


def test_no_console_errors(driver, page: Path) -> None:
    """Loading the report logs no console error (a CSP violation would be one)."""
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == []


def test_no_network_requests(driver, page: Path) -> None:
    """The report requests nothing but itself: no resource entries, no network events for other URLs."""
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    requested = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            requested.add(message["params"]["request"]["url"])
    assert requested <= {page.as_uri()}


def test_xss_payloads_do_not_run(driver, page: Path) -> None:
    """No alert opens and no element comes from the payloads; they are shown as text."""
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 - the property access is the check
    assert driver.execute_script("return document.scripts.length") == 1
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0
    assert driver.execute_script("return document.body.textContent.includes('<script>alert(1)</script>')")
    hrefs = driver.execute_script("return Array.from(document.links, a => a.getAttribute('href'))")
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs)


def test_sorting_and_filtering_work(driver, page: Path) -> None:
    """The script adds a filter box and sort buttons to the activity tables, and both work."""
    from selenium.webdriver.common.by import By

    table = driver.find_element(By.CSS_SELECTOR, "table.activities.all")
    driver.execute_script("arguments[0].closest('details') && (arguments[0].closest('details').open = true)", table)
    box = driver.execute_script("return arguments[0].parentNode.previousElementSibling", table)
    field = box.find_element(By.TAG_NAME, "input")
    field.send_keys("Spectrum")
    driver.implicitly_wait(0)
    visible = driver.execute_script(
        "return new Promise(r => setTimeout(() => r(Array.from(arguments[0].tBodies[0].rows)"
        ".filter(x => !x.hidden).length), 400))",
        table,
    )
    assert visible == 1
    field.clear()
    header = table.find_elements(By.CSS_SELECTOR, "thead th")[1]
    header.find_element(By.CSS_SELECTOR, "button.sort").click()
    assert header.get_attribute("aria-sort") == "ascending"


def test_screenshot_and_pdf(driver, page: Path, tmp_path: Path) -> None:
    """A full-page screenshot and a PDF print are produced (saved to ITU_SCREENSHOT_DIR when it is set)."""
    driver.get(page.as_uri())  # a fresh page: no filter typed, scrolled to the top
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1366, min(int(height), 12000))
    shot = tmp_path / "report.png"
    assert driver.save_screenshot(str(shot))
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})["data"])
    assert pdf.startswith(b"%PDF")
    (tmp_path / "report.pdf").write_bytes(pdf)
    target = os.environ.get("ITU_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(target) / "report.png")
        shutil.copy(tmp_path / "report.pdf", Path(target) / "report.pdf")
    assert shot.stat().st_size > 10_000


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample inputs' report with last year and the sample narrative (the report an editor publishes)."""
    path = tmp_path_factory.mktemp("sample") / "wsis-2025.html"
    args = ["report", str(ROOT / "inputs" / "2025"), "--previous", str(ROOT / "inputs" / "2024")]
    assert main([*args, "--narrative", str(ROOT / "inputs" / "narrative" / "2025"), "-o", str(path), "-q"]) == 0
    return path


_OVERFLOW = """
var width = document.documentElement.clientWidth, wide = [];
document.querySelectorAll('body *').forEach(function (el) {
  var r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) { return; }
  if (r.right > width + 0.5 || r.left < -0.5) {
    var t = el.closest('table');
    wide.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right) + 'px'
      + (t && t.caption ? ' in "' + t.caption.textContent.slice(0, 60) + '"' : ''));
  }
});
return {width: width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 20), count: wide.length};
"""

_CUT = """
var cut = [];
document.querySelectorAll('td, th, p, li, dd').forEach(function (el) {
  var style = getComputedStyle(el);
  if (el.innerText.indexOf('\u2026') >= 0) { cut.push('ellipsis: ' + el.innerText.slice(0, 80)); }
  if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth) {
    cut.push('clipped: ' + el.innerText.slice(0, 80));
  }
});
var full = Array.from(document.querySelectorAll('#activity-list .d'));
var hidden = full.filter(function (el) {
  return getComputedStyle(el).display === 'none' || el.scrollHeight > el.clientHeight + 1;
}).length;
return {cut: cut.slice(0, 20), full: full.length, hidden: hidden};
"""


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_print_layout_fits_the_page_and_cuts_no_description(driver, sample_report: Path, paper: str) -> None:
    """Laid out for print at the page's width, no element is wider than the page and every description is whole."""
    width = PAGE_WIDTHS[paper]
    driver.get(sample_report.as_uri())
    try:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        metrics = {"width": width, "height": 1100, "deviceScaleFactor": 1, "mobile": False}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        driver.execute_script("document.querySelectorAll('details').forEach(function (d) { d.open = true; })")
        layout = driver.execute_script(_OVERFLOW)
        cut = driver.execute_script(_CUT)
        assert driver.execute_script("return matchMedia('print').matches")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert layout["width"] == width
    assert layout["count"] == 0, layout["wide"]
    assert layout["scroll"] <= width
    assert cut["full"] > 10  # the sample has descriptions longer than the screen's short form
    assert cut["hidden"] == 0
    assert cut["cut"] == []
    width_in, height_in = PAPER[paper]
    pdf = driver.execute_cdp_cmd(
        "Page.printToPDF", {"printBackground": True, "paperWidth": width_in, "paperHeight": height_in}
    )
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"wsis-2025-{paper}.pdf").write_bytes(data)


def test_screen_shortens_descriptions_that_print_shows_whole(driver, sample_report: Path) -> None:
    """On screen a long description shows its first two lines, the whole one only in print (a screenshot is kept)."""
    driver.get(sample_report.as_uri())
    clamped = driver.execute_script(
        "return Array.from(document.querySelectorAll('#activity-list .d'))"
        ".filter(function (el) { return el.scrollHeight > el.clientHeight + 1; }).length"
    )
    shown = driver.execute_script("return document.querySelectorAll('#activity-list .d').length")
    assert shown > 10
    assert clamped > 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(1366, 3000)
    assert driver.save_screenshot(str(ARTIFACTS / "wsis-2025-screen.png"))
    driver.set_window_size(1366, 900)


_VISIBLE = "return Array.from(document.querySelectorAll('#activity-list tbody tr')).filter(r => !r.hidden).length"
_VISIBLE_IDS = (
    "return Array.from(document.querySelectorAll('#activity-list tbody tr'))"
    ".filter(r => !r.hidden).map(r => r.cells[0].textContent)"
)


def test_list_filters_and_section_links(driver, page: Path) -> None:
    """The activity list filters by sector, action line, SDG, code and words; a section's link shows its activities."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver.get(page.as_uri())
    driver.set_window_size(1366, 900)
    form = driver.find_element(By.CSS_SELECTOR, "div.list-filters")
    assert driver.execute_script(
        "return arguments[0].nextElementSibling.querySelector('#activity-list') !== null", form
    )
    total = driver.execute_script(_VISIBLE)
    assert total == 63
    rows = driver.execute_script(
        "return Array.from(document.querySelectorAll('#activity-list tbody tr'),"
        " r => Array.from(r.cells, c => c.textContent))"
    )
    heads = driver.execute_script(
        "return Array.from(document.querySelectorAll('#activity-list thead th'), th => th.className)"
    )
    col = {name.removeprefix("col-"): k for k, name in enumerate(heads)}

    def expect(line: str = "", goal: str = "", sector: str = "") -> list[str]:
        out = []
        for r in rows:
            lines = {c for code in r[col["action_lines"]].split("; ") if code for c in (code, code.split(".")[0])}
            goals = set(r[col["sdg_goals"]].split(", "))
            if (
                (not line or line in lines)
                and (not goal or goal in goals)
                and (not sector or r[col["sector"]] == sector)
            ):
                out.append(r[0])
        return out

    Select(form.find_element(By.NAME, "line")).select_by_value("C5")
    assert driver.execute_script(_VISIBLE_IDS) == expect(line="C5")
    c5 = driver.find_element(By.CSS_SELECTOR, '[data-count="C5"]').text
    assert len(expect(line="C5")) == int(c5) > 0
    Select(form.find_element(By.NAME, "sector")).select_by_value("ITU-T")
    assert driver.execute_script(_VISIBLE_IDS) == expect(line="C5", sector="ITU-T")
    status = form.find_element(By.CSS_SELECTOR, ".list-status").text
    assert status == f"{len(expect(line='C5', sector='ITU-T'))} of 63 activities shown"

    form.find_element(By.CSS_SELECTOR, "button.list-reset").click()
    assert driver.execute_script(_VISIBLE) == total
    link = driver.find_element(By.CSS_SELECTOR, '#al-c2 ~ .to-list a[data-filter="line=C2"]')
    driver.execute_script("arguments[0].scrollIntoView()", link)
    link.click()
    assert driver.execute_script("return location.hash") == "#all-activities"
    assert Select(form.find_element(By.NAME, "line")).first_selected_option.get_attribute("value") == "C2"
    assert driver.execute_script(_VISIBLE_IDS) == expect(line="C2")
    assert f"Show the {len(expect(line='C2'))} activities" in link.text

    goal = driver.find_element(By.CSS_SELECTOR, 'a[data-filter="goal=9"]')
    driver.execute_script("arguments[0].click()", goal)
    assert driver.execute_script(_VISIBLE_IDS) == expect(goal="9")
    assert int(goal.get_attribute("textContent")) == len(expect(goal="9"))
    words = form.find_element(By.NAME, "q")
    words.send_keys("spectrum")
    visible = driver.execute_script(
        "return new Promise(r => setTimeout(() => r(Array.from(document.querySelectorAll('#activity-list tbody tr'))"
        ".filter(x => !x.hidden).length), 400))"
    )
    assert visible == 1  # the one activity titled Spectrum, which declares SDG 9
    words.clear()
    Select(form.find_element(By.NAME, "goal")).select_by_value("")
    Select(form.find_element(By.NAME, "sector")).select_by_value("ITU-D")
    driver.execute_script("document.getElementById('all-activities').scrollIntoView()")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / "activity-list-filtered.png"))
