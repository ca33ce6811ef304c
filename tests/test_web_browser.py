"""The web app in headless Chromium against a real server: upload, see the problems, download the annotated copy."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders import chrome_driver

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "examples" / "with-problems.xlsx"
CLEAN = ROOT / "inputs" / "2025" / "ITU-T-2025.xlsx"
#: Where the screenshot of the result page is kept (git-ignored; ITU_SCREENSHOT_DIR overrides).
ARTIFACTS = Path(os.environ.get("ITU_SCREENSHOT_DIR") or ROOT / "reports" / "screenshots")
#: Longest wait for the server to start or a page to answer, in seconds: a bound, not a speed requirement.
PATIENCE = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`itu-contrib serve` on 127.0.0.1 and a free port, with one checker process; its base URL."""
    port = _free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path_factory.mktemp("server-tmp"))}
    log = tmp_path_factory.mktemp("server-log") / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "itu_contrib", "serve", "--port", str(port), "--workers", "1"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(PATIENCE * 10):
            if proc.poll() is not None:
                pytest.fail(f"the server stopped: {log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1) as r:  # noqa: S310 - our own server
                    if json.load(r)["status"] == "ok":
                        break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer /healthz")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _chrome(*, javascript: bool, downloads: Path | None = None) -> Any:
    prefs: dict[str, Any] = {}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    if downloads is not None:
        prefs["download.default_directory"] = str(downloads)
        prefs["download.prompt_for_download"] = False
    browser = chrome_driver(prefs=prefs)
    if downloads is not None:
        browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return browser


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The browser's download folder."""
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(downloads: Path) -> Iterator[Any]:
    """A headless Chromium with JavaScript, downloading into ``downloads``."""
    browser = _chrome(javascript=True, downloads=downloads)
    try:
        yield browser
    finally:
        browser.quit()


def _wait(driver: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, PATIENCE).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def _upload(driver: Any, server: str, path: Path) -> None:
    from selenium.webdriver.common.by import By

    driver.get(server + "/")
    driver.find_element(By.ID, "files").send_keys(str(path))
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


@pytest.fixture(scope="module")
def problems_page(driver: Any, server: str) -> Any:
    """The result page of with-problems.xlsx, uploaded through the file input."""
    driver.get_log("browser")
    driver.get_log("performance")
    _upload(driver, server, EXAMPLE)
    _wait(driver, "[data-verdict]")
    return driver


def test_upload_shows_the_problem_rows_with_their_cells(problems_page: Any) -> None:
    """The problems of the example appear as table rows naming their cells, with the verdict 'not valid'."""
    from selenium.webdriver.common.by import By

    driver = problems_page
    assert driver.find_element(By.CSS_SELECTOR, "[data-verdict]").text == "not valid"
    cells = [
        row.find_element(By.CSS_SELECTOR, "td.where").text
        for row in driver.find_elements(By.CSS_SELECTOR, "tr.problem")
    ]
    expected = {
        line.split(",")[1] for line in (EXAMPLE.with_name("with-problems.expected.csv")).read_text().splitlines()[1:]
    }
    assert expected <= set(cells)
    row = driver.find_element(By.XPATH, "//tr[@class='problem'][td[@class='where' and text()='D8']]")
    assert "Activity title is blank" in row.text


def test_the_page_requests_nothing_from_elsewhere_and_logs_no_error(problems_page: Any, server: str) -> None:
    """No request leaves the server and the console has no error (a CSP violation would be one)."""
    driver = problems_page
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == []
    requested = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            requested.add(message["params"]["request"]["url"])
    assert requested
    assert all(u.startswith(server + "/") for u in requested), requested


def test_screenshot_of_the_result_page_is_kept(problems_page: Any) -> None:
    """A full-page screenshot of the result is written to reports/screenshots/ (or ITU_SCREENSHOT_DIR)."""
    driver = problems_page
    driver.execute_script("window.scrollTo(0, 0)")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1366, min(int(height), 6000))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "web-result.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    driver.set_window_size(1366, 900)


def test_filtering_the_problems_works(problems_page: Any) -> None:
    """The problem table gets a filter box (report.js) that hides rows not matching."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = problems_page
    box = driver.find_element(By.CSS_SELECTOR, ".filter input")
    box.send_keys("invalid-url")
    WebDriverWait(driver, PATIENCE).until(
        lambda d: len([r for r in d.find_elements(By.CSS_SELECTOR, "tr.problem") if r.is_displayed()]) == 2
    )
    box.clear()


def test_annotated_copy_downloads_with_comments_and_the_problems_sheet(problems_page: Any, downloads: Path) -> None:
    """Clicking the annotated copy's link saves the workbook: a Problems sheet first and a comment on D8."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = problems_page
    driver.find_element(By.PARTIAL_LINK_TEXT, "Annotated copy of with-problems.xlsx").click()
    target = downloads / "with-problems.annotated.xlsx"
    WebDriverWait(driver, PATIENCE).until(lambda d: target.exists() and not list(downloads.glob("*.crdownload")))
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[0] == "Problems"
    assert wb["Problems"].max_row > 20
    comment = wb["Activities"]["D8"].comment
    assert comment is not None
    assert "required-value" in comment.text


def test_dropping_a_file_fills_the_file_field(driver: Any, server: str) -> None:
    """A file dropped on the drop zone lands in the form's file field (the drag-and-drop script)."""
    from selenium.webdriver.common.by import By

    driver.get(server + "/")
    assert driver.find_element(By.CSS_SELECTOR, ".drop-hint").is_displayed()
    names = driver.execute_script(
        """
        const zone = document.querySelector('[data-drop]');
        const data = new DataTransfer();
        data.items.add(new File(['a,b\\n'], 'dropped.csv', {type: 'text/csv'}));
        zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
        const over = zone.classList.contains('over');
        zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
        return [over, Array.from(document.getElementById('files').files, f => f.name)];
        """
    )
    assert names == [True, ["dropped.csv"]]


def test_clean_sample_reads_valid(driver: Any, server: str) -> None:
    """A clean workbook reads 'valid' (warnings, the text's hints, may be listed; no error)."""
    from selenium.webdriver.common.by import By

    _upload(driver, server, CLEAN)
    _wait(driver, "[data-verdict]")
    assert driver.find_element(By.CSS_SELECTOR, "[data-verdict]").text == "valid"
    assert driver.find_elements(By.CSS_SELECTOR, "tr.problem .sev-error") == []


def test_png_named_xlsx_shows_the_one_line_reason(driver: Any, server: str, tmp_path: Path) -> None:
    """An image named .xlsx shows the CLI's one-line reason on the page."""
    from selenium.webdriver.common.by import By

    path = tmp_path / "scan.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    _upload(driver, server, path)
    reason = _wait(driver, "li.reason")
    assert reason.text == "scan.xlsx: is an image, not a spreadsheet; give the spreadsheet the table came from"
    assert driver.find_element(By.CSS_SELECTOR, ".verdict-word").text == "Cannot be read"


def test_the_form_works_without_javascript(server: str) -> None:
    """With JavaScript off, the plain form posts the file and the result page shows the problems."""
    from selenium.webdriver.common.by import By

    browser = _chrome(javascript=False)
    try:
        _upload(browser, server, EXAMPLE)
        _wait(browser, "[data-verdict]")
        assert browser.find_element(By.CSS_SELECTOR, "[data-verdict]").text == "not valid"
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr.problem")) > 20
        assert browser.find_elements(By.CSS_SELECTOR, ".filter") == []  # no script ran
    finally:
        browser.quit()
