"""The input template: an xlsx workbook built from the activity spec, with dropdowns, help and reference codes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from defusedxml import ElementTree
from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .outputs import atomic_path
from .reference import Reference, load_reference
from .spec import LANGUAGES, Column, Spec, load_spec

__all__ = [
    "ACTIVITIES_SHEET",
    "INSTRUCTIONS_SHEET",
    "LISTS_SHEET",
    "REFERENCE_SHEET",
    "TEMPLATE_VERSION",
    "build_template",
    "fit_text",
    "template_info",
    "write_template",
]

#: Version of the template layout: the version of the activity spec it is built from.
TEMPLATE_VERSION: str = load_spec().version

ACTIVITIES_SHEET = "Activities"
INSTRUCTIONS_SHEET = "Instructions"
REFERENCE_SHEET = "Reference"
LISTS_SHEET = "Lists"

#: Last row of a worksheet: validations and column formats cover every data row up to it.
LAST_ROW = 1_048_576
#: Excel's limits on data-validation texts (characters).
MAX_PROMPT = 255
MAX_TITLE = 32
#: Dates accepted by the date validation of the date columns.
FIRST_DATE = dt.date(2000, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
DATE_FORMAT = "yyyy-mm-dd"
#: Fixed creation and modification time, so that the same arguments always give the same bytes.
STAMP_TIME = dt.datetime(2025, 1, 1)  # naive: openpyxl writes it as UTC
#: Names of the custom document properties stamped in every template.
PROP_TEMPLATE = "itu_contrib_template"
PROP_SPEC = "itu_contrib_spec_version"
PROP_YEAR = "itu_contrib_year"
PROP_LANG = "itu_contrib_lang"

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MAX_PROPS_BYTES = 1024 * 1024
_HEADER_FONT = Font(bold=True)
_REQUIRED_FILL = PatternFill(fill_type="solid", fgColor="FF9DC3E6")
_HEADER_FILL = PatternFill(fill_type="solid", fgColor="FFDDEBF7")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
_TOP_WRAP = Alignment(wrap_text=True, vertical="top")
_TITLE_FONT = Font(bold=True, size=14)
_SECTION_FONT = Font(bold=True, size=12)
_MIN_WIDTH, _MAX_WIDTH = 10, 50
#: Column types whose cells hold codes that a spreadsheet would otherwise turn into numbers (9.10 -> 9.1).
_TEXT_FORMAT_TYPES = frozenset({"action_lines", "sdgs"})

# Fixed sentences of the template, per language. ``{labels}`` is filled with column labels from the spec.
_TEXT: Mapping[str, Mapping[str, str]] = {
    "en": {
        "title": "ITU contribution to WSIS and SDGs — activities template",
        "year": "Reporting year: {year}",
        "version": "Template version {template} (activity spec {spec}), language: {lang}.",
        "how": "How to fill in this template",
        "rows": "Enter one activity per row in the '{sheet}' sheet, starting on row 2. "
        "Do not rename, move or delete the header row.",
        "required": "Required columns (darker header) must be filled in every row; "
        "fill recommended columns whenever the information exists.",
        "choice": "{labels}: pick a value from the dropdown list.",
        "codes": "{labels}: several codes are allowed in one cell. Type them separated by ';' "
        "(for example {examples}); the dropdown offers one code at a time. "
        "Look the codes up in the '{sheet}' sheet.",
        "dates": "{labels}: type dates as yyyy-mm-dd (for example 2025-03-15).",
        "multi": "{labels}: several values separated by ';'.",
        "check": "Select a header cell to see its help. "
        "Check the file before sending it: itu-contrib validate FILE.xlsx",
        "help_lang": "",
        "columns": "Columns",
        "h_column": "Column",
        "h_requirement": "Requirement",
        "h_help": "Help",
        "h_example": "Example",
        "h_allowed": "Allowed values",
        "required_word": "required",
        "recommended_word": "recommended",
        "optional_word": "optional",
        "a_text": "text",
        "a_text_max": "text, at most {n} characters",
        "a_integer": "a whole number from {min} to {max}",
        "a_date": "a date (yyyy-mm-dd) from {first} to {last}",
        "a_url": "a web address starting with https://",
        "a_countries": "country names or ISO 3166 codes, separated by ';'",
        "a_list": "several values separated by ';'",
        "a_action_lines": "codes from the '{sheet}' sheet: {codes}",
        "a_sdgs": "goals 1 to 17, targets (9.c) or indicators (9.c.1); see the '{sheet}' sheet",
        "e_list": "Pick a value from the list: {values}.",
        "e_integer": "Type a whole number from {min} to {max}.",
        "e_date": "Type a date from {first} to {last}, as yyyy-mm-dd.",
        "e_length": "At most {n} characters.",
        "r_lines": "WSIS Action Lines (ITU roles: {plan})",
        "r_code": "Code",
        "r_line_title": "Action line title",
        "r_role": "ITU role",
        "r_facilitator": "UN lead facilitator",
        "r_cofacilitators": "UN co-facilitators",
        "r_goals": "Sustainable Development Goals (rings: {plan})",
        "r_goal": "Goal",
        "r_short": "Short name",
        "r_ring": "Ring",
        "r_targets": "SDG targets",
        "r_target": "Target",
        "r_text": "Text",
        "r_indicators": "SDG indicators of which ITU is custodian",
        "r_indicator": "Indicator",
    },
    "fr": {
        "title": "Contribution de l'UIT au SMSI et aux ODD — modèle de saisie des activités",
        "year": "Année de rapport : {year}",
        "version": "Version du modèle {template} (spécification {spec}), langue : {lang}.",
        "how": "Comment remplir ce modèle",
        "rows": "Saisissez une activité par ligne dans la feuille « {sheet} », à partir de la ligne 2. "
        "Ne renommez, ne déplacez et ne supprimez pas la ligne d'en-tête.",
        "required": "Les colonnes obligatoires (en-tête foncé) doivent être remplies à chaque ligne ; "
        "remplissez les colonnes recommandées dès que l'information existe.",
        "choice": "{labels} : choisissez une valeur dans la liste déroulante.",
        "codes": "{labels} : plusieurs codes sont admis dans une cellule. Séparez-les par « ; » "
        "(par exemple {examples}) ; la liste déroulante propose un code à la fois. "
        "Les codes figurent dans la feuille « {sheet} ».",
        "dates": "{labels} : saisissez les dates sous la forme aaaa-mm-jj (par exemple 2025-03-15).",
        "multi": "{labels} : plusieurs valeurs séparées par « ; ».",
        "check": "Sélectionnez une cellule d'en-tête pour afficher son aide. "
        "Vérifiez le fichier avant de l'envoyer : itu-contrib validate FICHIER.xlsx",
        "help_lang": "Les textes d'aide sont en anglais.",
        "columns": "Colonnes",
        "h_column": "Colonne",
        "h_requirement": "Exigence",
        "h_help": "Aide",
        "h_example": "Exemple",
        "h_allowed": "Valeurs admises",
        "required_word": "obligatoire",
        "recommended_word": "recommandée",
        "optional_word": "facultative",
        "a_text": "texte",
        "a_text_max": "texte, {n} caractères au plus",
        "a_integer": "un nombre entier de {min} à {max}",
        "a_date": "une date (aaaa-mm-jj) du {first} au {last}",
        "a_url": "une adresse web commençant par https://",
        "a_countries": "noms de pays ou codes ISO 3166, séparés par « ; »",
        "a_list": "plusieurs valeurs séparées par « ; »",
        "a_action_lines": "codes de la feuille « {sheet} » : {codes}",
        "a_sdgs": "objectifs 1 à 17, cibles (9.c) ou indicateurs (9.c.1) ; voir la feuille « {sheet} »",
        "e_list": "Choisissez une valeur de la liste : {values}.",
        "e_integer": "Saisissez un nombre entier de {min} à {max}.",
        "e_date": "Saisissez une date du {first} au {last}, sous la forme aaaa-mm-jj.",
        "e_length": "{n} caractères au plus.",
        "r_lines": "Grandes orientations du SMSI (rôles de l'UIT : {plan})",
        "r_code": "Code",
        "r_line_title": "Intitulé de la grande orientation",
        "r_role": "Rôle de l'UIT",
        "r_facilitator": "Facilitateur principal (ONU)",
        "r_cofacilitators": "Cofacilitateurs (ONU)",
        "r_goals": "Objectifs de développement durable (cercles : {plan})",
        "r_goal": "Objectif",
        "r_short": "Nom court",
        "r_ring": "Cercle",
        "r_targets": "Cibles des ODD",
        "r_target": "Cible",
        "r_text": "Texte",
        "r_indicators": "Indicateurs des ODD dont l'UIT est garante",
        "r_indicator": "Indicateur",
    },
    "es": {
        "title": "Contribución de la UIT a la CMSI y los ODS — plantilla de actividades",
        "year": "Año del informe: {year}",
        "version": "Versión de la plantilla {template} (especificación {spec}), idioma: {lang}.",
        "how": "Cómo completar esta plantilla",
        "rows": "Introduzca una actividad por fila en la hoja «{sheet}», a partir de la fila 2. "
        "No cambie el nombre de la fila de encabezado, ni la mueva ni la elimine.",
        "required": "Las columnas obligatorias (encabezado oscuro) deben completarse en cada fila; "
        "complete las recomendadas siempre que se disponga de la información.",
        "choice": "{labels}: elija un valor de la lista desplegable.",
        "codes": "{labels}: se admiten varios códigos en una celda. Sepárelos con «;» "
        "(por ejemplo {examples}); la lista desplegable ofrece un código cada vez. "
        "Consulte los códigos en la hoja «{sheet}».",
        "dates": "{labels}: escriba las fechas como aaaa-mm-dd (por ejemplo 2025-03-15).",
        "multi": "{labels}: varios valores separados por «;».",
        "check": "Seleccione una celda de encabezado para ver su ayuda. "
        "Compruebe el archivo antes de enviarlo: itu-contrib validate ARCHIVO.xlsx",
        "help_lang": "Los textos de ayuda están en inglés.",
        "columns": "Columnas",
        "h_column": "Columna",
        "h_requirement": "Requisito",
        "h_help": "Ayuda",
        "h_example": "Ejemplo",
        "h_allowed": "Valores admitidos",
        "required_word": "obligatoria",
        "recommended_word": "recomendada",
        "optional_word": "opcional",
        "a_text": "texto",
        "a_text_max": "texto, {n} caracteres como máximo",
        "a_integer": "un número entero de {min} a {max}",
        "a_date": "una fecha (aaaa-mm-dd) del {first} al {last}",
        "a_url": "una dirección web que empiece por https://",
        "a_countries": "nombres de países o códigos ISO 3166, separados por «;»",
        "a_list": "varios valores separados por «;»",
        "a_action_lines": "códigos de la hoja «{sheet}»: {codes}",
        "a_sdgs": "objetivos 1 a 17, metas (9.c) o indicadores (9.c.1); véase la hoja «{sheet}»",
        "e_list": "Elija un valor de la lista: {values}.",
        "e_integer": "Escriba un número entero de {min} a {max}.",
        "e_date": "Escriba una fecha del {first} al {last}, como aaaa-mm-dd.",
        "e_length": "{n} caracteres como máximo.",
        "r_lines": "Líneas de acción de la CMSI (funciones de la UIT: {plan})",
        "r_code": "Código",
        "r_line_title": "Título de la línea de acción",
        "r_role": "Función de la UIT",
        "r_facilitator": "Facilitador principal (ONU)",
        "r_cofacilitators": "Cofacilitadores (ONU)",
        "r_goals": "Objetivos de Desarrollo Sostenible (anillos: {plan})",
        "r_goal": "Objetivo",
        "r_short": "Nombre corto",
        "r_ring": "Anillo",
        "r_targets": "Metas de los ODS",
        "r_target": "Meta",
        "r_text": "Texto",
        "r_indicators": "Indicadores de los ODS de los que la UIT es custodio",
        "r_indicator": "Indicador",
    },
}


def fit_text(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters: at a sentence end if one is late enough, else at a word, with '…'.

    >>> fit_text("Short enough.", 255)
    'Short enough.'
    >>> fit_text("One sentence. Another sentence that is long.", 30)
    'One sentence.'
    >>> fit_text("Pick one of the listed values please", 20)
    'Pick one of the…'
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    end = head.rfind(". ")
    if end + 1 >= limit // 3 and end > 0:
        return head[: end + 1]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown template language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return lang


def _put(ws: Worksheet, row: int, col: int, value: object) -> None:
    """Write a value; text is always stored as text, never as a formula."""
    cell = ws.cell(row=row, column=col)
    cell.value = value  # type: ignore[assignment]
    if isinstance(value, str):
        cell.data_type = "s"


def _labels(columns: Iterable[Column], lang: str) -> str:
    return ", ".join(c.label_in(lang) for c in columns)


def _list_values(column: Column, spec: Spec, reference: Reference) -> tuple[str, ...] | None:
    """The values of a column's dropdown list: its vocabulary, the action-line codes, or SDG goals and targets."""
    if column.type == "choice" and column.vocabulary:
        return spec.vocabularies[column.vocabulary].values
    if column.type == "action_lines":
        return tuple(reference.action_lines)
    if column.type == "sdgs":
        values: list[str] = []
        for goal in reference.goals:
            values.append(str(goal))
            values.extend(t.code for t in reference.targets.values() if t.goal == goal)
        return tuple(values)
    return None


def _lists_sheet(wb: Workbook, spec: Spec, reference: Reference) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Fill the hidden Lists sheet, one column per dropdown; returns column name -> (range reference, values)."""
    ws = wb.create_sheet(LISTS_SHEET)
    ranges: dict[str, tuple[str, tuple[str, ...]]] = {}
    col = 0
    for column in spec.columns:
        values = _list_values(column, spec, reference)
        if values is None:
            continue
        col += 1
        letter = get_column_letter(col)
        _put(ws, 1, col, f"list: {column.name}")  # a list of values, not a header the reader could take
        ws.cell(row=1, column=col).font = _HEADER_FONT
        for i, value in enumerate(values, start=2):
            _put(ws, i, col, value)
        ws.column_dimensions[letter].width = max(14, min(_MAX_WIDTH, max(len(v) for v in values) + 2))
        ranges[column.name] = (f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}", values)
    ws.sheet_state = "hidden"
    return ranges


def _validation(column: Column, lang: str, lists: Mapping[str, tuple[str, tuple[str, ...]]]) -> DataValidation:
    """The data-row validation of one column, carrying the column's help as its input message."""
    text = _TEXT[lang]
    dv = DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=True)
    if column.name in lists:
        list_range, values = lists[column.name]
        dv.type = "list"
        dv.formula1 = list_range
        if column.type == "choice":
            dv.errorStyle = "stop"
            dv.error = fit_text(text["e_list"].format(values=", ".join(values)), MAX_PROMPT)
        else:  # several codes per cell: the dropdown only helps, any text is accepted
            dv.errorStyle = "information"
            dv.showErrorMessage = False
    elif column.type == "integer" and column.min is not None and column.max is not None:
        dv.type = "whole"
        dv.operator = "between"
        dv.formula1, dv.formula2 = str(column.min), str(column.max)
        dv.errorStyle = "stop"
        dv.error = text["e_integer"].format(min=column.min, max=column.max)
    elif column.type == "date":
        dv.type = "date"
        dv.operator = "between"
        dv.formula1, dv.formula2 = _serial(FIRST_DATE), _serial(LAST_DATE)
        dv.errorStyle = "warning"
        dv.error = text["e_date"].format(first=FIRST_DATE.isoformat(), last=LAST_DATE.isoformat())
    elif column.type == "text" and column.max_length:
        dv.type = "textLength"
        dv.operator = "lessThanOrEqual"
        dv.formula1 = str(column.max_length)
        dv.errorStyle = "warning"
        dv.error = text["e_length"].format(n=column.max_length)
    else:
        dv.showErrorMessage = False
    dv.promptTitle = fit_text(column.label_in(lang), MAX_TITLE)
    dv.prompt = fit_text(column.help, MAX_PROMPT)
    if dv.error:
        dv.errorTitle = fit_text(column.label_in(lang), MAX_TITLE)
    return dv


def _serial(day: dt.date) -> str:
    """A date as an Excel serial day number (1900 date system), the form date validations hold.

    >>> _serial(dt.date(2000, 1, 1))
    '36526'
    """
    return str((day - dt.date(1899, 12, 30)).days)


def _width(column: Column, lang: str) -> float:
    return float(min(_MAX_WIDTH, max(_MIN_WIDTH, len(column.label_in(lang)), len(column.example)) + 2))


def _activities_sheet(ws: Worksheet, spec: Spec, lang: str, lists: Mapping[str, tuple[str, tuple[str, ...]]]) -> None:
    """The header row, column formats and validations of the Activities sheet; data rows stay empty."""
    ws.title = ACTIVITIES_SHEET
    for i, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        _put(ws, 1, i, column.label_in(lang))
        cell = ws.cell(row=1, column=i)
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
        dim = ws.column_dimensions[letter]
        dim.width = _width(column, lang)
        if column.type == "date":
            dim.number_format = DATE_FORMAT
        elif column.type == "integer":
            dim.number_format = "0"
        elif column.type in _TEXT_FORMAT_TYPES:
            dim.number_format = "@"
        if column.name == "description":
            dim.alignment = _TOP_WRAP

        header = DataValidation(showInputMessage=True, allow_blank=True)
        header.promptTitle = fit_text(column.label_in(lang), MAX_TITLE)
        header.prompt = fit_text(column.help, MAX_PROMPT)
        header.add(f"{letter}1")
        ws.add_data_validation(header)
        data = _validation(column, lang, lists)
        data.add(f"{letter}2:{letter}{LAST_ROW}")
        ws.add_data_validation(data)
    last = get_column_letter(len(spec.columns))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}1"


def _allowed(column: Column, spec: Spec, reference: Reference, lang: str) -> str:
    """The allowed values of a column, as a sentence for the Instructions sheet."""
    text = _TEXT[lang]
    if column.type == "choice" and column.vocabulary:
        return ", ".join(spec.vocabularies[column.vocabulary].values)
    if column.type == "action_lines":
        return text["a_action_lines"].format(sheet=REFERENCE_SHEET, codes=", ".join(reference.action_lines))
    if column.type == "sdgs":
        return text["a_sdgs"].format(sheet=REFERENCE_SHEET)
    if column.type == "integer":
        return text["a_integer"].format(min=column.min, max=column.max)
    if column.type == "date":
        return text["a_date"].format(first=FIRST_DATE.isoformat(), last=LAST_DATE.isoformat())
    if column.type in ("url", "countries", "list"):
        return text[f"a_{column.type}"]
    if column.max_length:
        return text["a_text_max"].format(n=column.max_length)
    return text["a_text"]


def _instructions_sheet(wb: Workbook, spec: Spec, reference: Reference, lang: str, year: int | None) -> None:
    """How to fill the template, then one row per spec column: label, requirement, help, example, allowed values."""
    text = _TEXT[lang]
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    lines: list[str] = []
    if year is not None:
        lines.append(text["year"].format(year=year))
    lines.append(text["version"].format(template=TEMPLATE_VERSION, spec=spec.version, lang=lang))
    _put(ws, 1, 1, text["title"])
    ws.cell(row=1, column=1).font = _TITLE_FONT
    row = 2
    for line in lines:
        _put(ws, row, 1, line)
        row += 1
    row += 1
    _put(ws, row, 1, text["how"])
    ws.cell(row=row, column=1).font = _SECTION_FONT
    row += 1

    steps = [text["rows"].format(sheet=ACTIVITIES_SHEET), text["required"]]
    choices = [c for c in spec.columns if c.type == "choice"]
    codes = [c for c in spec.columns if c.type in _TEXT_FORMAT_TYPES]
    dates = [c for c in spec.columns if c.type == "date"]
    others = [c for c in spec.columns if c.multi and c.type not in _TEXT_FORMAT_TYPES]
    if choices:
        steps.append(text["choice"].format(labels=_labels(choices, lang)))
    if codes:
        examples = " / ".join(f"'{c.example}'" for c in codes)
        steps.append(text["codes"].format(labels=_labels(codes, lang), examples=examples, sheet=REFERENCE_SHEET))
    if dates:
        steps.append(text["dates"].format(labels=_labels(dates, lang)))
    if others:
        steps.append(text["multi"].format(labels=_labels(others, lang)))
    steps.append(text["check"])
    if text["help_lang"]:
        steps.append(text["help_lang"])
    for n, step in enumerate(steps, start=1):
        _put(ws, row, 1, f"{n}. {step}")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        ws.cell(row=row, column=1).alignment = _TOP_WRAP
        ws.row_dimensions[row].height = 15 * (1 + len(step) // 150)
        row += 1
    row += 1

    _put(ws, row, 1, text["columns"])
    ws.cell(row=row, column=1).font = _SECTION_FONT
    row += 1
    headers = ["h_column", "h_requirement", "h_help", "h_example", "h_allowed"]
    for j, key in enumerate(headers, start=1):
        _put(ws, row, j, text[key])
        cell = ws.cell(row=row, column=j)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    row += 1
    for column in spec.columns:
        values = [
            column.label_in(lang),
            text[f"{column.requirement}_word"],
            column.help,
            column.example,
            _allowed(column, spec, reference, lang),
        ]
        for j, value in enumerate(values, start=1):
            _put(ws, row, j, value)
            ws.cell(row=row, column=j).alignment = _TOP_WRAP
        if column.required:
            ws.cell(row=row, column=1).font = _HEADER_FONT
        row += 1
    for letter, width in zip("ABCDE", (30, 14, 60, 30, 50), strict=True):
        ws.column_dimensions[letter].width = width


def _table(ws: Worksheet, row: int, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a titled table from ``row``; returns the row after it (with one blank row)."""
    _put(ws, row, 1, title)
    ws.cell(row=row, column=1).font = _SECTION_FONT
    row += 1
    for j, header in enumerate(headers, start=1):
        _put(ws, row, j, header)
        cell = ws.cell(row=row, column=j)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    row += 1
    for values in rows:
        for j, value in enumerate(values, start=1):
            _put(ws, row, j, value)
            ws.cell(row=row, column=j).alignment = _TOP_WRAP
        row += 1
    return row + 1


def _reference_sheet(wb: Workbook, reference: Reference, lang: str) -> None:
    """Codes and titles of the action lines, SDG goals, targets and ITU custodian indicators."""
    text = _TEXT[lang]
    ws = wb.create_sheet(REFERENCE_SHEET)
    plan = reference.plan.title
    row = 1
    row = _table(
        ws,
        row,
        text["r_lines"].format(plan=plan),
        [text[k] for k in ("r_code", "r_line_title", "r_role", "r_facilitator", "r_cofacilitators")],
        (
            (a.code, a.title, a.role, a.facilitator, ", ".join(a.co_facilitators))
            for a in reference.action_lines.values()
        ),
    )
    row = _table(
        ws,
        row,
        text["r_goals"].format(plan=plan),
        [text[k] for k in ("r_goal", "r_short", "r_ring")],
        ((g.number, g.short_name, g.ring.name) for g in reference.goals.values()),
    )
    row = _table(
        ws,
        row,
        text["r_targets"],
        [text["r_target"], text["r_text"]],
        ((t.code, t.text) for t in reference.targets.values()),
    )
    _table(
        ws,
        row,
        text["r_indicators"],
        [text["r_indicator"], text["r_text"]],
        ((i.code, i.text) for i in reference.custodian_indicators),
    )
    for letter, width in zip("ABCDE", (16, 90, 18, 22, 22), strict=True):
        ws.column_dimensions[letter].width = width


def _stamp(wb: Workbook, spec: Spec, year: int | None, lang: str) -> None:
    """Core and custom document properties: what this template is, for which year and language."""
    props = wb.properties
    suffix = f" {year}" if year is not None else ""
    props.title = f"ITU contribution to WSIS and SDGs — activities{suffix}"
    props.subject = "Input template for ITU activities contributing to the WSIS Action Lines and the SDGs"
    props.keywords = f"itu_contrib template {TEMPLATE_VERSION}"
    props.description = f"Built from the activity spec {spec.version}; language {lang}."
    props.creator = "itu_contrib"
    props.lastModifiedBy = "itu_contrib"
    props.language = lang
    props.created = STAMP_TIME
    props.modified = STAMP_TIME
    custom = wb.custom_doc_props  # type: ignore[attr-defined]  # missing from types-openpyxl
    custom.append(StringProperty(name=PROP_TEMPLATE, value=TEMPLATE_VERSION))
    custom.append(StringProperty(name=PROP_SPEC, value=spec.version))
    if year is not None:
        custom.append(StringProperty(name=PROP_YEAR, value=str(year)))
    custom.append(StringProperty(name=PROP_LANG, value=lang))


def build_template(*, year: int | None = None, lang: str = "en") -> Workbook:
    """The input template as an openpyxl workbook: Activities (active), Instructions, Reference, hidden Lists.

    >>> wb = build_template(year=2026, lang="fr")
    >>> wb.sheetnames, wb.active.title
    (['Activities', 'Instructions', 'Reference', 'Lists'], 'Activities')
    >>> wb["Activities"]["C1"].value
    'Secteur'
    """
    lang = _check_lang(lang)
    spec = load_spec()
    reference = load_reference(year, strict=False)
    wb = Workbook()
    activities = wb.active
    assert isinstance(activities, Worksheet)
    _instructions_sheet(wb, spec, reference, lang, year)
    _reference_sheet(wb, reference, lang)
    lists = _lists_sheet(wb, spec, reference)
    _activities_sheet(activities, spec, lang, lists)
    wb.active = 0
    _stamp(wb, spec, year, lang)
    return wb


def _deterministic_xlsx(wb: Workbook) -> bytes:
    """The workbook's xlsx bytes with fixed zip timestamps and the stamped (not the current) times."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()  # unlike Workbook.save, keeps properties.modified as set
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, src.read(item))
    return out.getvalue()


def write_template(path: Path, *, year: int | None = None, lang: str = "en") -> Path:
    """Write the input template to ``path`` atomically; the same arguments always give the same bytes."""
    path = Path(path)
    data = _deterministic_xlsx(build_template(year=year, lang=lang))
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path


def template_info(path: Path) -> dict[str, str] | None:
    """The stamps of a template (``template_version``, ``spec_version``, ``year``, ``lang``), or None.

    Reads only ``docProps/custom.xml`` of the file (nothing is written). ``year`` is ``""`` when the template
    was made without one. A file that is not an xlsx, or has no template stamp, gives None; a missing or
    unreadable file raises :class:`OSError`.
    """
    try:
        with zipfile.ZipFile(Path(path)) as archive:
            info = archive.getinfo("docProps/custom.xml")
            if info.file_size > _MAX_PROPS_BYTES:
                return None
            xml = archive.read(info)
    except (zipfile.BadZipFile, KeyError):
        return None
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, ValueError):  # malformed, or refused by defusedxml
        return None
    props: dict[str, str] = {}
    for prop in root:
        name = prop.get("name")
        if name and prop.tag.endswith("}property"):
            props[name] = "".join(prop.itertext()).strip()
    if PROP_TEMPLATE not in props:
        return None
    return {
        "template_version": props[PROP_TEMPLATE],
        "spec_version": props.get(PROP_SPEC, ""),
        "year": props.get(PROP_YEAR, ""),
        "lang": props.get(PROP_LANG, ""),
    }
