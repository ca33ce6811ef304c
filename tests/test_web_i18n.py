"""The web pages in French and Spanish: the language chosen, every page text translated, lang and dir, messages."""

from __future__ import annotations

import html as html_module
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from builders import english_phrases
from starlette.testclient import TestClient

from itu_contrib.i18n import from_catalogue, language
from itu_contrib.web import Settings, create_app
from itu_contrib.web.server import choose_language, render_page

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "examples" / "with-problems.xlsx"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
#: Where the screenshot of the French page is kept (git-ignored; ITU_SCREENSHOT_DIR overrides).
ARTIFACTS = Path(os.environ.get("ITU_SCREENSHOT_DIR") or ROOT / "artifacts")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with one checker process."""
    app = create_app(Settings(workers=1, queue=4), download_folder=tmp_path_factory.mktemp("dl"))
    with TestClient(app) as c:
        yield c


def _text(page: str) -> str:
    """The words a person reads on a page (scripts and styles left out; attributes people read kept)."""
    page = re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S)
    shown = " ".join(
        re.findall(r'(?:aria-label|title|alt|placeholder|data-(?:sending|checking|failed))="([^"]*)"', page)
    )
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", page) + " " + shown))


# -- choosing the language -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        ("", "", "en"),
        ("?lang=fr", "", "fr"),
        ("?lang=es", "fr-CH, fr;q=0.9", "es"),  # the query parameter wins over the browser
        ("", "fr-CH, fr;q=0.9, en;q=0.8", "fr"),
        ("", "de-DE, es;q=0.5, en;q=0.4", "es"),  # the first language there is a catalogue for
        ("", "de, it;q=0.8", "en"),
        ("?lang=xx", "es", "es"),  # an unknown code is ignored, not refused
        ("", "fr;q=0, es", "es"),  # q=0 means "not this one"
    ],
)
def test_the_page_language_comes_from_the_query_or_the_browser(
    client: TestClient, query: str, header: str, expected: str
) -> None:
    """?lang= first, then Accept-Language, then English; the page says its language and direction."""
    r = client.get("/" + query, headers={"Accept-Language": header} if header else {})
    assert r.status_code == 200
    assert f'<html lang="{expected}" dir="ltr">' in r.text
    assert r.headers["content-language"] == expected
    assert "accept-language" in r.headers["vary"].lower()


@pytest.mark.parametrize("path", ["/", "/template", "/report"])
@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_english_sentence_on_a_french_or_spanish_page(client: TestClient, path: str, lang: str) -> None:
    """Every page's text (headings, help, buttons, footer, script messages) is in the chosen language."""
    page = client.get(f"{path}?lang={lang}").text
    text = _text(page)
    leaks = sorted(p for p in english_phrases(lang) if p in text)
    assert not leaks, leaks[:10]
    english = _text(client.get(path).text)
    assert len([p for p in english_phrases(lang) if p in english]) >= 3  # the check finds English where it is


def test_links_and_forms_keep_the_language(client: TestClient) -> None:
    """The tabs, the language menu and the forms carry the language to the next page."""
    page = client.get("/?lang=fr").text
    assert 'href="/template?lang=fr"' in page
    assert 'href="/report?lang=fr"' in page
    assert '<input type="hidden" name="lang" value="fr">' in page
    for code, name in (("en", "English"), ("fr", "français"), ("es", "español")):
        assert f'<a href="/?lang={code}" lang="{code}" hreflang="{code}"' in page
        assert f">{name}</a>" in page
    assert 'aria-current="true">français</a>' in page


def test_validation_in_french_keeps_codes_and_cells(client: TestClient) -> None:
    """A workbook checked from the French page gets French messages, verdict and downloads; codes and cells stay."""
    files = [("files", (EXAMPLE.name, EXAMPLE.read_bytes()))]
    en = client.post("/validate", files=files, data={"year": "2025"}).text
    fr = client.post("/validate", files=files, data={"year": "2025", "lang": "fr"}).text
    assert '<html lang="fr" dir="ltr">' in fr
    assert ">non valide<" in fr
    assert "Lien : « www itu int » n&#39;est pas une adresse web" in fr
    assert "Copie annotée de with-problems.xlsx" in fr
    cells = re.compile(r'<td class="where" data-sort="[^"]*">([^<]*)</td>.*?<code>([a-z-]+)</code>', re.S)
    assert cells.findall(fr) == cells.findall(en)
    assert len(cells.findall(fr)) > 20
    written = re.sub(r'<td class="(?:column|value|file)">[^<]*</td>', "", fr)  # what the workbook says, as typed
    leaks = sorted(p for p in english_phrases("fr") if p in _text(written))
    assert not leaks, leaks[:10]


def test_the_json_api_stays_english_unless_asked(client: TestClient) -> None:
    """/api/validate answers in English (its messages are for programs too); ?lang=es gives Spanish, same codes."""
    files = [("files", (EXAMPLE.name, EXAMPLE.read_bytes()))]
    en = client.post("/api/validate", files=files, headers={"Accept-Language": "fr"}).json()
    es = client.post("/api/validate?lang=es", files=files).json()
    assert [(p["code"], p["cell"]) for p in en["problems"]] == [(p["code"], p["cell"]) for p in es["problems"]]
    assert "Sector: «ITU-DD» no es un sector conocido" in {p["message"] for p in es["problems"]}
    assert any("is not a known sector" in p["message"] for p in en["problems"])
    assert client.post("/api/validate?lang=xx", files=files).status_code == 400


def test_an_unreadable_file_says_why_in_spanish(client: TestClient) -> None:
    """The reason a file cannot be read is written in the page's language."""
    r = client.post("/validate", files=[("files", ("scan.xlsx", PNG))], data={"lang": "es"})
    assert r.status_code == 422
    assert "scan.xlsx: es una imagen, no una hoja de cálculo" in html_module.unescape(r.text)
    assert ">No se puede leer<" in r.text


def test_a_refusal_page_speaks_the_request_language(client: TestClient) -> None:
    """A 404 page and a bad form answer in the language asked for; the JSON API's refusal stays English."""
    r = client.get("/nowhere?lang=fr")
    assert r.status_code == 404
    assert '<html lang="fr"' in r.text
    assert "Retour" in r.text
    bad = client.post("/validate", data={"year": "20x5", "lang": "es"}, files=[("files", ("a.csv", b"a,b\n"))])
    assert bad.status_code == 400
    assert "El año del informe" in html_module.unescape(bad.text)


def test_the_template_page_offers_the_template_in_the_page_language(client: TestClient) -> None:
    """The French template page preselects the French template; the download honours template_lang."""
    page = client.get("/template?lang=fr").text
    assert '<option value="fr" lang="fr" selected>français</option>' in page
    r = client.get("/template/download?template_lang=es&lang=fr&year=2025&sector=ITU-D")
    assert r.status_code == 200
    assert "ITU-D-2025-es.xlsx" in r.headers["content-disposition"]


def test_the_report_built_from_the_spanish_page_is_spanish(client: TestClient) -> None:
    """The report, its summary line and the page around them are Spanish."""
    files = [("files", (p.name, p.read_bytes())) for p in sorted((ROOT / "inputs" / "2025").glob("*.xlsx"))]
    r = client.post("/report", files=files, data={"year": "2025", "lang": "es"})
    assert r.status_code == 200
    assert "informe: " in r.text
    assert "Ver el informe" in r.text
    token = re.findall(r'href="/download/([A-Za-z0-9_-]+)"', r.text)[0]
    report = client.get(f"/download/{token}").text
    assert '<html lang="es" dir="ltr">' in report


# -- right to left ---------------------------------------------------------------------------------------------------


def _dummy_arabic() -> bytes:
    """A tiny compiled catalogue for Arabic: the test's own words, not a translation."""
    catalog = Catalog(locale="ar")
    catalog.add("Check a workbook", "تحقق من مصنف")
    catalog.add("Template", "نموذج")
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def test_a_right_to_left_catalogue_gives_right_to_left_pages() -> None:
    """With an Arabic catalogue the web page is dir="rtl" lang="ar" in that catalogue's words, English elsewhere."""
    ar = from_catalogue("ar", _dummy_arabic())
    context: dict[str, Any] = {
        "version": "0", "ttl_minutes": 5, "max_files": 20, "max_mb": 50, "languages": [("ar", "العربية")],
        "title": "x", "page": "validate", "here": "/", "year": None, "outcome": None,
    }  # fmt: skip
    page = render_page("validate", ar, **context)
    assert '<html lang="ar" dir="rtl">' in page
    assert '<h2 id="check">تحقق من مصنف</h2>' in page
    assert ">نموذج</a>" in page
    english = render_page("validate", language("en"), **context)
    assert '<html lang="en" dir="ltr">' in english  # the Arabic environment did not leak into English


def test_choose_language_ignores_what_there_is_no_catalogue_for() -> None:
    """Accept-Language asking for Arabic first gives the next language there is a catalogue for."""
    from starlette.requests import Request

    scope = {"type": "http", "query_string": b"", "headers": [(b"accept-language", b"ar, fr;q=0.1")]}
    assert choose_language(Request(scope)).code == "fr"


# -- in a browser ----------------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_french_web_page_in_a_browser(driver: Any, tmp_path: Path) -> None:
    """Headless Chromium shows the French page (lang="fr") and the French result of a check; screenshot kept."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "itu_contrib", "serve", "--port", str(port), "--workers", "1", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    try:
        for _ in range(1200):
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1):  # noqa: S310 - our own server
                    break
            except OSError:
                time.sleep(0.1)
        driver.get(f"{url}/?lang=fr")
        assert driver.execute_script("return document.documentElement.lang") == "fr"
        assert driver.find_element(By.ID, "check").text == "Vérifier un classeur"
        driver.find_element(By.ID, "files").send_keys(str(EXAMPLE))
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 120).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "[data-verdict]"))
        )
        assert driver.execute_script("return document.documentElement.lang") == "fr"
        assert driver.find_element(By.CSS_SELECTOR, "[data-verdict]").text == "non valide"
        assert driver.find_element(By.ID, "problems").text == "Problèmes"
        row = driver.find_element(By.XPATH, "//tr[@class='problem'][td[@class='where' and text()='N25']]")
        assert "n'est pas une adresse web" in row.text
        assert "invalid-url" in row.text
        # the filter the page script adds speaks French too, numbers and all
        assert driver.find_element(By.CSS_SELECTOR, ".filter label").text == "Filtrer les lignes :"
        box = driver.find_element(By.CSS_SELECTOR, ".filter input")
        box.send_keys("N25")
        WebDriverWait(driver, 10).until(
            lambda d: "lignes sur" in d.find_element(By.CSS_SELECTOR, ".filter [role=status]").text
        )
        assert driver.find_element(By.CSS_SELECTOR, ".filter [role=status]").text.startswith("1 lignes sur")
        box.clear()
        assert [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"] == []
        driver.execute_script("window.scrollTo(0, 0)")
        driver.set_window_size(1366, 1400)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / "web-result-fr.png"
        assert driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        proc.terminate()
        proc.wait(30)
