"""Languages: complete catalogues, translated messages with unchanged codes and cells, no English left behind."""

from __future__ import annotations

import io
import json
import re
import string
import subprocess
import sys
import tempfile
import unicodedata
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from builders import load_module

import itu_contrib as ic
from itu_contrib.errors import ArgumentError
from itu_contrib.i18n import (
    AL_TITLE,
    GOAL_SHORT,
    GOAL_TITLE,
    INDICATOR_TEXT,
    ORGANIZATION,
    PLAN,
    RING,
    ROLE,
    TARGET_TEXT,
    ColumnLabel,
    Listed,
    Text,
    available,
    from_catalogue,
    language,
)
from itu_contrib.rules import make_problem, translate
from itu_contrib.template import sheet_names

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "examples" / "with-problems.xlsx"
OTHERS = ("fr", "es")
#: Message contexts of reference names: each translation must say where its wording comes from.
REFERENCE_CONTEXTS = {AL_TITLE, GOAL_TITLE, GOAL_SHORT, TARGET_TEXT, INDICATOR_TEXT, ROLE, RING, PLAN, ORGANIZATION}


def _catalogue(lang: str) -> Catalog:
    """The .po catalogue of ``lang`` as shipped in the installed package."""
    path = resources.files("itu_contrib").joinpath("locale", lang, "LC_MESSAGES", "itu_contrib.po")
    with path.open("rb") as f:
        return read_po(f)


def _template() -> Catalog:
    path = resources.files("itu_contrib").joinpath("locale", "itu_contrib.pot")
    with path.open("rb") as f:
        return read_po(f)


def _names(text: str) -> set[str]:
    """The {named} values of a Python template and the %(named)s values of a Jinja one."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name} | set(re.findall(r"%\((\w+)\)s", text))


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as cwd:
        return subprocess.run(
            [sys.executable, "-m", "itu_contrib", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=cwd,
        )


# -- the catalogues ------------------------------------------------------------------------------------------------


def test_the_shipped_languages_are_english_french_and_spanish() -> None:
    """English is the source; French and Spanish each have a compiled catalogue in the package."""
    assert available() == ("en", "es", "fr")


@pytest.mark.parametrize("lang", OTHERS)
def test_every_message_id_is_translated(lang: str) -> None:
    """Each message id of the template has a non-empty, non-fuzzy translation in the catalogue, and no more ids."""
    catalogue = _catalogue(lang)
    ids = {(m.context, m.id) for m in _template() if m.id}
    assert len(ids) > 300
    translated = {(m.context, m.id): m for m in catalogue if m.id}
    missing = sorted(str(k) for k in ids - translated.keys())
    assert not missing, f"{lang}: no translation for {missing[:5]}"
    assert not sorted(str(k) for k in translated.keys() - ids), "ids no longer in the sources"
    empty = [m.id for m in translated.values() if m.fuzzy or not (all(m.string) if m.pluralizable else m.string)]
    assert not empty, f"{lang}: untranslated or fuzzy: {empty[:5]}"


@pytest.mark.parametrize("lang", OTHERS)
def test_translations_keep_every_placeholder(lang: str) -> None:
    """A translation names the same {values} as its English id (a renamed or lost value would show empty)."""
    for m in _catalogue(lang):
        if not m.id:
            continue
        ids = m.id if m.pluralizable else (m.id,)
        strings = m.string if m.pluralizable else (m.string,)
        wanted = set().union(*(_names(i) for i in ids))
        for s in strings:
            assert _names(s) == wanted, f"{lang}: {m.id!r} -> {s!r}"


@pytest.mark.parametrize("lang", OTHERS)
def test_translations_are_nfc_normalized(lang: str) -> None:
    """Accented letters are composed (NFC), so a translation compares equal to the same text typed anywhere."""
    for m in _catalogue(lang):
        for s in m.string if m.pluralizable else (m.string,):
            assert s == unicodedata.normalize("NFC", s), m.id


@pytest.mark.parametrize("lang", OTHERS)
def test_reference_names_say_where_their_wording_comes_from(lang: str) -> None:
    """Every translated reference name is marked official (with its source) or the team's own."""
    seen = 0
    for m in _catalogue(lang):
        if m.context in REFERENCE_CONTEXTS:
            seen += 1
            comment = " ".join(m.user_comments)
            assert comment.startswith(("Official", "Team translation")), f"{m.context}: {m.id!r} has no source"
            if comment.startswith("Official"):
                assert "(" in comment  # names the document or the file it comes from
    assert seen > 200


def test_sdg_goal_titles_are_the_un_wording() -> None:
    """Goal titles come from the UN's own French and Spanish texts."""
    fr, es = language("fr"), language("es")
    title = "End poverty in all its forms everywhere"
    assert fr.pgettext(GOAL_TITLE, title) == "Éliminer la pauvreté sous toutes ses formes et partout dans le monde"
    assert es.pgettext(GOAL_TITLE, title) == "Poner fin a la pobreza en todas sus formas y en todo el mundo"


def test_catalogues_are_up_to_date_with_the_sources() -> None:
    """The committed .pot holds every message id of the code and data, and every .mo is compiled from its .po."""
    messages = load_module("messages_script", ROOT / "scripts" / "messages.py")
    assert messages.check() == []


# -- languages as values -------------------------------------------------------------------------------------------


def test_an_unknown_language_is_refused() -> None:
    """A code with no catalogue raises an ArgumentError (also a ValueError) naming the languages there are."""
    with pytest.raises(ArgumentError, match="en, es, fr"):
        ic.validate([EXAMPLE], lang="de")
    with pytest.raises(ValueError, match="unknown language"):
        language("xx")


def test_languages_do_not_leak_between_calls() -> None:
    """A French validation, then one with no language, gives English again: the language is a value, not state."""
    fr = ic.validate([EXAMPLE], lang="fr")
    en = ic.validate([EXAMPLE])
    assert {p.message for p in fr.problems}.isdisjoint({p.message for p in en.problems})
    assert any("is not a date" in p.message for p in en.problems)


def test_translatable_values_render_in_each_language() -> None:
    """Column labels, quoted lists and nested pieces take the language they are rendered in."""
    fr = language("fr")
    assert ColumnLabel("start_date").render(fr) == "Date de début"
    assert Listed(("a", "b")).render(fr) == "« a » et « b »"
    assert Text.of("Did you mean {code}? ", code="C5").render(fr) == "Vouliez-vous dire C5 ? "


# -- validation messages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", OTHERS)
def test_translated_problems_keep_code_cell_value_and_severity(lang: str) -> None:
    """Each problem in French or Spanish is the English one (same code, place, value, severity) in other words."""
    en = ic.validate([EXAMPLE])
    other = ic.validate([EXAMPLE], lang=lang)
    assert len(en.problems) == len(other.problems) > 20
    for a, b in zip(en.problems, other.problems, strict=True):
        assert (a.code, a.severity, a.file, a.sheet, a.cell, a.row, a.value) == (
            b.code, b.severity, b.file, b.sheet, b.cell, b.row, b.value,
        )  # fmt: skip
        assert a.message != b.message, (lang, a.code, b.message)
        assert not a.hint or a.hint != b.hint, (lang, a.code, b.hint)


def test_a_problem_translates_and_back() -> None:
    """translate() writes a catalogue-made problem in another language and back in English unchanged."""
    p = make_problem("invalid-date", file="a.xlsx", sheet="S", cell="H4", value="soon", label=ColumnLabel("start_date"))
    fr = translate(p, "fr")
    assert fr.message == "Date de début : « soon » n'est pas une date"
    assert fr.hint.startswith("Saisissez une date")
    assert translate(fr, "en") == p
    assert (translate(fr, "en").message, translate(fr, "en").hint) == (p.message, p.hint)


def test_validate_lang_es_prints_spanish_with_the_english_codes_and_cells() -> None:
    """`validate --lang es` prints Spanish messages; its JSON has the same codes, cells and values as English."""
    en = json.loads(_run("validate", str(EXAMPLE), "--format", "json").stdout)
    es = json.loads(_run("validate", str(EXAMPLE), "--format", "json", "--lang", "es").stdout)
    keys = ("code", "severity", "file", "sheet", "cell", "row", "column", "field", "value")
    assert [[p[k] for k in keys] for p in en["problems"]] == [[p[k] for k in keys] for p in es["problems"]]
    messages = {p["message"] for p in es["problems"]}
    assert "Enlace: «www itu int» no es una dirección web" in messages
    assert "Sector: «ITU-DD» no es un sector conocido" in messages
    text = _run("validate", str(EXAMPLE), "--lang", "es")
    assert text.returncode == 1
    assert "sugerencia: ¿Quería decir «UIT-D»? Use uno de estos valores: UIT-R, UIT-T, UIT-D, SG." in text.stdout
    s = en["stats"]
    assert (
        f"no válido: 1 archivo, {s['rows']} filas, {s['errors']} errores, {s['warnings']} advertencias" in text.stderr
    )


def _english_phrases() -> set[str]:
    """The fixed English wording of every message id that its French translation changes (three words or more)."""
    fr = _catalogue("fr")
    phrases: set[str] = set()
    for m in fr:
        if not m.id or m.pluralizable or m.string == m.id:
            continue
        for literal, *_ in string.Formatter().parse(m.id):
            for piece in re.split(r"[:;()]", literal):
                piece = piece.strip(" .,'?")
                if len(piece.split()) >= 3:
                    phrases.add(piece)
    return phrases


def test_no_english_sentence_in_french_validation_output() -> None:
    """The French text output of a file with every kind of problem holds none of the English wording."""
    out = _run("validate", str(EXAMPLE), "--lang", "fr")
    text = out.stdout + out.stderr
    phrases = _english_phrases()
    assert len(phrases) > 100
    leaks = sorted(p for p in phrases if p in text)
    assert not leaks, leaks[:10]
    assert "« C13 » n'est pas une grande orientation du SMSI" in text


def test_the_english_phrase_check_catches_english() -> None:
    """The phrases found in English output prove the leak check above can fail."""
    out = _run("validate", str(EXAMPLE))
    assert len([p for p in _english_phrases() if p in out.stdout]) > 10


# -- a catalogue that is not shipped: right-to-left ----------------------------------------------------------------


def _dummy_arabic() -> bytes:
    """A tiny compiled catalogue for Arabic (a test's own words, not a translation)."""
    catalog = Catalog(locale="ar")
    catalog.add("{label}: '{value}' is not a date", "{label}: «{value}» ليس تاريخا")
    catalog.add(
        "type a date such as 2025-03-15, 15 March 2025 or March 2025, or format the cell as a date", "اكتب تاريخا"
    )
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def test_a_new_catalogue_is_enough_for_a_right_to_left_language() -> None:
    """A catalogue for Arabic gives rtl direction and translated problems, with no code change."""
    ar = from_catalogue("ar", _dummy_arabic())
    assert ar.direction == "rtl"
    assert language("fr").direction == "ltr"
    p = make_problem("invalid-date", file="a.xlsx", cell="H4", value="soon", label="Start")
    assert translate(p, ar).message == "Start: «soon» ليس تاريخا"
    assert translate(p, ar).cell == "H4"


# -- the template in each language ---------------------------------------------------------------------------------


def _dropdowns(path: Path, lang: str) -> dict[str, list[str]]:
    """Column letter of the Activities sheet -> the values its dropdown offers (read from the hidden lists sheet)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb[sheet_names(lang)["Activities"]]
    out: dict[str, list[str]] = {}
    for dv in ws.data_validations.dataValidation:
        ref = str(dv.sqref)
        if dv.type != "list" or not ref.endswith(":" + ref.split(":")[0][0] + "1048576"):
            continue
        sheet, cells = str(dv.formula1).split("!")
        lists = wb[sheet.strip("'")]
        out[ref[0]] = [str(row[0].value) for row in lists[cells.replace("$", "")]]
    return out


@pytest.mark.parametrize("lang", ["en", *OTHERS])
def test_a_template_filled_with_its_own_dropdown_values_validates(tmp_path: Path, lang: str) -> None:
    """Rows using every value of every dropdown of the French (Spanish, English) template are valid, read as codes."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    spec = ic.load_spec()
    path = ic.write_template(tmp_path / f"template-{lang}.xlsx", year=2025, lang=lang)
    lists = _dropdowns(path, lang)
    letters = {c.name: get_column_letter(i) for i, c in enumerate(spec.columns, start=1)}
    assert {letters[n] for n in ("sector", "status", "region", "action_lines", "sdgs")} <= lists.keys()
    if lang != "en":
        assert lists[letters["status"]] != list(spec.vocabularies["statuses"].values)  # the dropdown is translated
    fixed = {
        "year": 2025, "description": "Training for regulators on spectrum management.",
        "countries": "Kenya", "partners": "UNESCO", "url": "https://www.itu.int/",
    }  # fmt: skip
    rows = max(len(values) for values in lists.values())
    wb = load_workbook(path)
    ws = wb[sheet_names(lang)["Activities"]]
    for k in range(rows):
        for column in spec.columns:
            letter = letters[column.name]
            if letter in lists:
                value: object = lists[letter][k % len(lists[letter])]
            elif column.type == "date":
                value = f"2025-0{1 + k % 9}-15" if column.name == "start_date" else "2025-12-31"
            else:
                value = fixed.get(column.name, f"{column.name}-{k}")
            ws[f"{letter}{k + 2}"] = value
    wb.save(path)
    result = ic.validate([path], year=2025, lang=lang)
    assert result.stats.rows == rows
    assert result.errors == (), [(p.cell, p.message) for p in result.errors[:5]]
    for name in ("sector", "status", "region"):
        vocabulary = spec.vocabularies[spec[name].vocabulary or ""]
        assert set(result.frame[name]) == set(vocabulary.values)  # every dropdown value read back as its code


@pytest.mark.parametrize("lang", OTHERS)
def test_no_english_sentence_in_the_french_or_spanish_template(tmp_path: Path, lang: str) -> None:
    """Cells, dropdown prompts and messages, and document properties of the template hold none of the English."""
    from openpyxl import load_workbook

    wb = load_workbook(ic.write_template(tmp_path / "t.xlsx", year=2025, lang=lang))
    texts = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            texts += [t for t in (dv.prompt, dv.promptTitle, dv.error, dv.errorTitle) if t]
    texts += [wb.properties.title or "", wb.properties.subject or "", wb.properties.description or ""]
    blob = "\n".join(texts)
    leaks = sorted(p for p in _english_phrases() if p in blob)
    assert not leaks, leaks[:10]
    whole = {m.id for m in _catalogue(lang) if m.id and not m.pluralizable and m.string != m.id}
    cells = {t for text in texts for t in (text, *text.split(", "))}
    assert not sorted(cells & whole), sorted(cells & whole)[:10]  # no English name or word left in a cell
    english = "\n".join(
        str(c)
        for ws in load_workbook(ic.write_template(tmp_path / "en.xlsx")).worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c
    )
    assert len([p for p in _english_phrases() if p in english]) > 20  # the check finds English where there is some


@pytest.mark.parametrize("lang", OTHERS)
def test_translated_action_line_titles_are_read_back_as_their_codes(lang: str) -> None:
    """A title copied from the French or Spanish template's Reference sheet names its action line."""
    from itu_contrib.codes import parse_action_lines

    to = language(lang)
    for line in ic.load_reference(2025).action_lines.values():
        title = to.pgettext(AL_TITLE, line.title)
        assert title != line.title, line.code
        assert parse_action_lines(title).codes == (line.code,), (line.code, title)


def test_annotated_copy_in_french(tmp_path: Path) -> None:
    """`validate --lang fr --annotate` writes a copy whose Problems sheet, comments and messages are French."""
    from openpyxl import load_workbook

    out = _run("validate", str(EXAMPLE), "--lang", "fr", "--annotate", str(tmp_path))
    assert out.returncode == 1
    assert "annoté : " in out.stderr
    (copy,) = tmp_path.glob("*.xlsx")
    wb = load_workbook(copy)
    assert wb.sheetnames[0] == "Problèmes"
    problems = wb["Problèmes"]
    assert [c.value for c in problems[1]][:4] == ["Gravité", "Code", "Feuille", "Cellule"]
    rows = {r[3]: r for r in problems.iter_rows(min_row=2, values_only=True)}
    assert rows["N25"][:2] == ("erreur", "invalid-url")
    assert rows["N25"][7] == "Lien : « www itu int » n'est pas une adresse web"
    comment = wb["Activities"]["N25"].comment
    assert comment is not None
    assert "ERREUR [invalid-url]" in comment.text
    assert "Conseil : Écrivez l'adresse complète" in comment.text


def test_suggestions_in_a_hint_are_translated(tmp_path: Path) -> None:
    """The tags suggested from the text, added to a blank SDG cell's hint, are written in French too."""
    from builders import HEADER, activity, write_xlsx

    text = "Connecting primary schools to the internet so that pupils and teachers can use digital learning."
    rows = [HEADER, activity(1, sdgs=None, title="School connectivity", description=text)]
    path = write_xlsx(tmp_path / "blank.xlsx", {"A": rows})
    en = next(p for p in ic.validate([path]).problems if p.field == "sdgs")
    fr = next(p for p in ic.validate([path], lang="fr").problems if p.field == "sdgs")
    assert "Suggested from the text: SDG 4, from '" in en.hint
    assert "Suggéré d'après le texte : ODD 4, d'après « " in fr.hint
    assert "Suggested" not in fr.hint
    assert fr.hint.startswith("Objectifs, cibles ou indicateurs des ODD")  # the column's help, in French


def test_validation_page_in_french(tmp_path: Path) -> None:
    """`validate --format html --lang fr` writes a French page (lang="fr"): French messages, no English wording."""
    out = tmp_path / "v.html"
    assert _run("validate", str(EXAMPLE), "--format", "html", "--lang", "fr", "-o", str(out)).returncode == 1
    page = out.read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in page
    assert '<h2 id="problems">Problèmes</h2>' in page
    assert "Lien : « www itu int » n&#39;est pas une adresse web" in page
    import html

    text = html.unescape(
        re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S))
    )
    text = re.sub(r"\s+", " ", text)
    assert not sorted(p for p in _english_phrases() if p in text)


# -- the command line's own lines ----------------------------------------------------------------------------------


def test_cli_summary_lines_in_french_and_spanish(tmp_path: Path) -> None:
    """`tag` and `report` print their summary lines in --lang; the counts are the English ones."""
    inputs = str(ROOT / "inputs" / "2025")
    en = _run("tag", inputs, "--year", "2025", "-o", str(tmp_path / "t.csv")).stderr.strip().splitlines()[-1]
    es = _run("tag", inputs, "--year", "2025", "-o", str(tmp_path / "t.csv"), "--lang", "es").stderr
    assert en.startswith("tagged ")
    assert es.strip().splitlines()[-1].startswith("etiquetadas: ")
    assert re.findall(r"\d+", en) == re.findall(r"\d+", es.strip().splitlines()[-1])
    report = _run("report", inputs, "--year", "2025", "-o", str(tmp_path / "r.html"), "--lang", "fr")
    line = next(x for x in report.stderr.splitlines() if x.startswith("rapport : "))
    assert re.fullmatch(r"rapport : \d+ activités, \d+ écartées?, \d+ erreurs?, \d+ avertissements?", line)
    assert '<html lang="fr"' in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_rules_and_reference_in_spanish_keep_their_codes() -> None:
    """`rules --lang es` and `reference --lang es` write meanings, titles and names in Spanish; codes stay."""
    en = json.loads(_run("rules", "--format", "json").stdout)
    es = json.loads(_run("rules", "--format", "json", "--lang", "es").stdout)
    assert [r["code"] for r in en] == [r["code"] for r in es]
    assert next(r for r in es if r["code"] == "invalid-url")["meaning"].startswith("El enlace no es una dirección web")
    text = _run("rules", "--lang", "fr").stdout
    assert "invalid-url" in text
    assert "Le lien n'est pas une adresse web" in text
    lines = json.loads(_run("reference", "action-lines", "--format", "json", "--lang", "es").stdout)["action-lines"]
    c5 = next(a for a in lines if a["code"] == "C5")
    assert c5["title"] == "Creación de confianza y seguridad en la utilización de las TIC"
    assert set(c5) == {"code", "title", "itu_role", "facilitator"}
    goals = _run("reference", "sdgs", "--lang", "fr").stdout
    assert "Éliminer la pauvreté" in goals or "Pas de pauvreté" in goals


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "itu-contrib: error: scan.xlsx: is an image, not a spreadsheet"),
        ("fr", "itu-contrib: erreur : scan.xlsx : est une image, pas un tableur"),
        ("es", "itu-contrib: error: scan.xlsx: es una imagen, no una hoja de cálculo"),
    ],
)
def test_why_a_file_cannot_be_read_is_written_in_the_language(tmp_path: Path, lang: str, expected: str) -> None:
    """A file that cannot be read gets its one-line reason in --lang, with the same rule code in the JSON."""
    scan = tmp_path / "scan.xlsx"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    out = subprocess.run(
        [sys.executable, "-m", "itu_contrib", "validate", "scan.xlsx", "--lang", lang],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 2
    assert expected in out.stderr
    missing = _run("validate", "nowhere.xlsx", "--lang", lang).stderr
    assert {"en": "no such file or folder", "fr": "fichier ou dossier inexistant", "es": "no existe el archivo"}[
        lang
    ] in missing


def test_read_problems_translate_with_their_reasons(tmp_path: Path) -> None:
    """A file of a folder that cannot be read is an unreadable-file problem whose reason follows the language."""
    (tmp_path / "good.xlsx").write_bytes((ROOT / "inputs" / "2025" / "ITU-T-2025.xlsx").read_bytes())
    (tmp_path / "scan.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    en = next(p for p in ic.validate([tmp_path]).problems if p.code == "unreadable-file")
    es = next(p for p in ic.validate([tmp_path], lang="es").problems if p.code == "unreadable-file")
    assert en.message == "is an image, not a spreadsheet; give the spreadsheet the table came from"
    assert es.message == "es una imagen, no una hoja de cálculo; indique la hoja de cálculo de la que procede la tabla"
    assert (en.file, en.code, en.severity) == (es.file, es.code, es.severity)
