"""The report and its Word copy in French and Spanish: the same counts as English, lang and dir, no English wording."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from builders import english_phrases

import itu_contrib as ic
from itu_contrib.i18n import from_catalogue
from itu_contrib.report import render_report

ROOT = Path(__file__).resolve().parent.parent
INPUTS, PREVIOUS = ROOT / "inputs" / "2025", ROOT / "inputs" / "2024"
LANGS = ("en", "fr", "es")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """The 2025 sample report (with 2024 to compare) and its Word copy, in English, French and Spanish."""
    out: dict[str, dict[str, Path]] = {}
    for lang in LANGS:
        folder = tmp_path_factory.mktemp(f"report-{lang}")
        html, docx = folder / "r.html", folder / "r.docx"
        ic.build_report([INPUTS], previous=[PREVIOUS], year=2025, output=html, docx=docx, lang=lang)
        out[lang] = {"html": html, "docx": docx}
    return out


class _Counts(HTMLParser):
    """The numbers a report shows: each element's text with a data-count or data-sector, and every table cell."""

    def __init__(self) -> None:
        super().__init__()
        self.keyed: list[tuple[str, str]] = []
        self.cells: list[str] = []
        self.cards: list[str] = []
        self.headings: list[str] = []
        self._open: list[tuple[str, str | None, str]] = []  # (tag, key, kind)
        self._text: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        key = a.get("data-count") or a.get("data-sector")
        kind = "keyed" if key else "cell" if tag == "td" else "card" if a.get("class") == "card-value" else ""
        kind = "heading" if tag == "h2" else kind
        if kind:
            self._open.append((tag, key, kind))
            self._text.append([])

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _, key, kind = self._open.pop()
            text = "".join(self._text.pop()).strip()
            if kind == "keyed":
                self.keyed.append((key or "", _digits(text)))
            elif kind == "cell" and re.fullmatch(r"[\d\s\u202f\u00a0.,%<−+]+", text):
                self.cells.append(_digits(text))
            elif kind == "card":
                self.cards.append(_digits(text))
            elif kind == "heading":
                self.headings.append(text)

    def handle_data(self, data: str) -> None:
        for part in self._text:
            part.append(data)


def _digits(text: str) -> str:
    """A number as shown in any language (1,234 / 1 234 / 45 %) reduced to its digits."""
    return re.sub(r"\D", "", text)


def _parse(path: Path) -> _Counts:
    counts = _Counts()
    counts.feed(path.read_text(encoding="utf-8"))
    return counts


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_french_and_spanish_reports_count_what_the_english_one_counts(
    reports: dict[str, dict[str, Path]], lang: str
) -> None:
    """Every keyed count, number cell and summary card of the report is the English one, in the same order."""
    en, other = _parse(reports["en"]["html"]), _parse(reports[lang]["html"])
    assert len(en.keyed) > 30
    assert len(en.cells) > 300
    assert other.keyed == en.keyed
    assert other.cells == en.cells
    assert other.cards == en.cards
    assert other.headings != en.headings  # the same sections, in other words
    assert len(other.headings) == len(en.headings)


@pytest.mark.parametrize(("lang", "heading"), [("fr", "Toutes les activités"), ("es", "Todas las actividades")])
def test_report_has_the_language_and_its_direction(
    reports: dict[str, dict[str, Path]], lang: str, heading: str
) -> None:
    """The page says its language and direction, and its headings are in that language."""
    html = reports[lang]["html"].read_text(encoding="utf-8")
    assert f'<html lang="{lang}" dir="ltr">' in html
    assert heading in _parse(reports[lang]["html"]).headings
    assert '<html lang="en" dir="ltr">' in reports["en"]["html"].read_text(encoding="utf-8")


def _docx_numbers(path: Path) -> tuple[list[str], list[str]]:
    """The Word copy's number cells (digits only) and its Heading 1 texts."""
    from docx import Document

    doc = Document(str(path))
    cells = [
        _digits(cell.text)
        for table in doc.tables
        for row in table.rows
        for cell in row.cells
        if re.fullmatch(r"[\d\s\u202f\u00a0.,%<−+]+", cell.text.strip())
    ]
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    return cells, headings


@pytest.mark.parametrize(("lang", "caption"), [("fr", "Activités par ODD"), ("es", "Actividades por ODS")])
def test_word_copy_counts_what_the_english_one_counts(
    reports: dict[str, dict[str, Path]], lang: str, caption: str
) -> None:
    """The French and Spanish Word copies hold the English copy's numbers, under translated headings and captions."""
    from docx import Document

    en_cells, en_headings = _docx_numbers(reports["en"]["docx"])
    cells, headings = _docx_numbers(reports[lang]["docx"])
    assert len(en_cells) > 100
    assert cells == en_cells
    assert len(headings) == len(en_headings)
    assert set(headings).isdisjoint(en_headings)
    document = Document(str(reports[lang]["docx"]))
    assert document.core_properties.language == lang
    assert caption in [p.text for p in document.paragraphs]


def _page_text(path: Path) -> str:
    """The report's text outside the activity tables (those hold what the sectors wrote, in their language)."""
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    html = re.sub(r'<table class="(?:activities|left-out)[^"]*".*?</table>', "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_no_english_sentence_in_the_french_report(reports: dict[str, dict[str, Path]]) -> None:
    """The French report holds none of the English wording of the catalogue; the English report holds plenty."""
    import html as html_module

    phrases = english_phrases("fr")
    french = html_module.unescape(_page_text(reports["fr"]["html"]))
    english = html_module.unescape(_page_text(reports["en"]["html"]))
    assert not sorted(p for p in phrases if p in french)
    assert len([p for p in phrases if p in english]) > 40


def test_vocabulary_values_are_named_in_the_language_in_every_table(reports: dict[str, dict[str, Path]]) -> None:
    """Regions head the cross-tables' columns and rows in French ('Afrique'), never in English ('Africa')."""
    import re

    from itu_contrib.spec import load_spec

    regions = load_spec().vocabularies["regions"]
    page = reports["fr"]["html"].read_text(encoding="utf-8")
    headers = set(re.findall(r"<th[^>]*>([^<]+)</th>", page))
    french = {regions.label(v, "fr") for v in regions.values}
    english = {v for v in regions.values if regions.label(v, "fr") != v}
    assert headers & french
    assert not headers & english


def _dummy_arabic() -> bytes:
    """A tiny compiled catalogue for Arabic: the test's own words, not a translation."""
    catalog = Catalog(locale="ar")
    catalog.add("Summary", "ملخص")
    catalog.add("Contents", "المحتويات")
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def test_a_right_to_left_catalogue_gives_a_right_to_left_report(reports: dict[str, dict[str, Path]]) -> None:
    """With an Arabic catalogue the page is dir="rtl" lang="ar" in that catalogue's words, with the same counts."""
    from itu_contrib.aggregate import summarize

    tags = ic.tag(ic.validate([INPUTS], year=2025), year=2025)
    summary = summarize(tags.activities, year=2025, problems=tags.problems)
    html = render_report(summary, lang=from_catalogue("ar", _dummy_arabic()))
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h2 id="summary">ملخص</h2>' in html
    assert '<h2 id="toc-title">المحتويات</h2>' in html
    counts = _Counts()
    counts.feed(html)
    english = render_report(summary)
    reference = _Counts()
    reference.feed(english)
    assert counts.cards == reference.cards
    assert '<html lang="en" dir="ltr">' in english  # the Arabic environment did not leak into English


# -- in a browser ----------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_french_report_in_a_browser(driver: Any, reports: dict[str, dict[str, Path]]) -> None:
    """Headless Chromium shows the French report: lang="fr", French headings and contents, no console error."""
    driver.get(reports["fr"]["html"].as_uri())
    assert driver.execute_script("return document.documentElement.lang") == "fr"
    assert driver.execute_script("return document.documentElement.dir") == "ltr"
    headings = driver.execute_script("return Array.from(document.querySelectorAll('main h2')).map(h => h.innerText)")
    assert headings[0] == "Synthèse"
    assert "Toutes les activités" in headings
    assert "Summary" not in headings
    toc = driver.execute_script("return document.getElementById('toc-title').innerText")
    assert toc == "Sommaire"
    assert [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"] == []


def _docx_text(path: Path) -> str:
    """The Word copy's own words: its paragraphs, captions and table headers (not the activities' cells)."""
    from docx import Document

    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    texts += [cell.text for table in doc.tables for cell in table.rows[0].cells]
    props = doc.core_properties
    texts += [props.title or "", props.comments or ""]
    return re.sub(r"\s+", " ", "\n".join(texts))


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_english_sentence_in_the_french_or_spanish_word_copy(reports: dict[str, dict[str, Path]], lang: str) -> None:
    """The Word copy's sentences, captions and headers hold none of the catalogue's English; the English copy does."""
    phrases = english_phrases(lang)
    text = _docx_text(reports[lang]["docx"])
    leaks = sorted(p for p in phrases if p in text)
    assert not leaks, leaks[:10]
    assert len([p for p in phrases if p in _docx_text(reports["en"]["docx"])]) > 40


def test_word_copy_counts_take_the_languages_plural(reports: dict[str, dict[str, Path]]) -> None:
    """The data-quality line: French puts 0 and 1 in the singular, English and Spanish put 0 in the plural."""
    line = r"(\d+) (errors?|erreurs?|errore?s?), (\d+) (\w+), (\d+) ([\w ]+)\."
    summary = {lang: re.search(line, _docx_text(reports[lang]["docx"])) for lang in ("en", "fr", "es")}
    assert all(summary.values())
    counts = {lang: [int(m.group(k)) for k in (1, 3, 5)] for lang, m in summary.items() if m}
    assert counts["fr"] == counts["en"] == counts["es"]
    nouns = {lang: [m.group(k) for k in (2, 4)] for lang, m in summary.items() if m}
    errors = counts["en"][0]
    assert nouns["en"][0] == ("error" if errors == 1 else "errors")
    assert nouns["fr"][0] == ("erreur" if errors <= 1 else "erreurs")
    assert nouns["es"][0] == ("error" if errors == 1 else "errores")
