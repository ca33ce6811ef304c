"""The input template: an xlsx workbook built from the activity spec, with dropdowns, help and reference codes."""

from __future__ import annotations

import datetime as dt
import io
import re
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

from .i18n import AL_TITLE, GOAL_SHORT, INDICATOR_TEXT, ORGANIZATION, PLAN, RING, ROLE, TARGET_TEXT, Language, language
from .outputs import atomic_path, quote_sheet_name
from .reference import Reference, load_reference
from .spec import Column, Spec, load_spec

__all__ = [
    "ACTIVITIES_SHEET",
    "INSTRUCTIONS_SHEET",
    "LISTS_SHEET",
    "REFERENCE_SHEET",
    "TEMPLATE_VERSION",
    "build_template",
    "fit_text",
    "sheet_names",
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


def sheet_names(lang: str | Language = "en") -> dict[str, str]:
    """The template's sheet names in ``lang``, keyed by their English names.

    >>> sheet_names("fr")["Activities"], sheet_names("es")["Reference"]
    ('Activités', 'Referencia')
    """
    to = language(lang)
    return {
        ACTIVITIES_SHEET: to.pgettext("sheet name", "Activities"),
        INSTRUCTIONS_SHEET: to.pgettext("sheet name", "Instructions"),
        REFERENCE_SHEET: to.pgettext("sheet name", "Reference"),
        LISTS_SHEET: to.pgettext("sheet name", "Lists"),
    }


def _put(ws: Worksheet, row: int, col: int, value: object) -> None:
    """Write a value; text is always stored as text, never as a formula."""
    cell = ws.cell(row=row, column=col)
    cell.value = value  # type: ignore[assignment]
    if isinstance(value, str):
        cell.data_type = "s"


def _labels(columns: Iterable[Column], lang: Language) -> str:
    return ", ".join(c.label_in(lang.code) for c in columns)


def _list_values(column: Column, spec: Spec, reference: Reference, lang: Language) -> tuple[str, ...] | None:
    """The values of a column's dropdown list: its vocabulary, the action-line codes, or SDG goals and targets."""
    if column.type == "choice" and column.vocabulary:
        return spec.vocabularies[column.vocabulary].values_in(lang.code)
    if column.type == "action_lines":
        return tuple(reference.action_lines)
    if column.type == "sdgs":
        values: list[str] = []
        for goal in reference.goals:
            values.append(str(goal))
            values.extend(t.code for t in reference.targets.values() if t.goal == goal)
        return tuple(values)
    return None


def _sheet_ref(title: str) -> str:
    """A sheet name as a formula names it: bare when it is a plain ASCII word, else quoted.

    >>> _sheet_ref("Lists"), _sheet_ref("Listes de valeurs")
    ('Lists', "'Listes de valeurs'")
    """
    return title if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) else quote_sheet_name(title)


def _lists_sheet(
    wb: Workbook, spec: Spec, reference: Reference, lang: Language
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Fill the hidden Lists sheet, one column per dropdown; returns column name -> (range reference, values)."""
    title = sheet_names(lang)[LISTS_SHEET]
    ws = wb.create_sheet(title)
    ranges: dict[str, tuple[str, tuple[str, ...]]] = {}
    col = 0
    for column in spec.columns:
        values = _list_values(column, spec, reference, lang)
        if values is None:
            continue
        col += 1
        letter = get_column_letter(col)
        _put(ws, 1, col, f"list: {column.name}")  # a list of values, not a header the reader could take
        ws.cell(row=1, column=col).font = _HEADER_FONT
        for i, value in enumerate(values, start=2):
            _put(ws, i, col, value)
        ws.column_dimensions[letter].width = max(14, min(_MAX_WIDTH, max(len(v) for v in values) + 2))
        ranges[column.name] = (f"{_sheet_ref(title)}!${letter}$2:${letter}${len(values) + 1}", values)
    ws.sheet_state = "hidden"
    return ranges


def _validation(column: Column, lang: Language, lists: Mapping[str, tuple[str, tuple[str, ...]]]) -> DataValidation:
    """The data-row validation of one column, carrying the column's help as its input message."""
    dv = DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=True)
    if column.name in lists:
        list_range, values = lists[column.name]
        dv.type = "list"
        dv.formula1 = list_range
        if column.type == "choice":
            dv.errorStyle = "stop"
            dv.error = fit_text(
                lang.gettext("Pick a value from the list: {values}.").format(values=", ".join(values)), MAX_PROMPT
            )
        else:  # several codes per cell: the dropdown only helps, any text is accepted
            dv.errorStyle = "information"
            dv.showErrorMessage = False
    elif column.type == "integer" and column.min is not None and column.max is not None:
        dv.type = "whole"
        dv.operator = "between"
        dv.formula1, dv.formula2 = str(column.min), str(column.max)
        dv.errorStyle = "stop"
        dv.error = lang.gettext("Type a whole number from {min} to {max}.").format(min=column.min, max=column.max)
    elif column.type == "date":
        dv.type = "date"
        dv.operator = "between"
        dv.formula1, dv.formula2 = _serial(FIRST_DATE), _serial(LAST_DATE)
        dv.errorStyle = "warning"
        dv.error = lang.gettext("Type a date from {first} to {last}, as yyyy-mm-dd.").format(
            first=FIRST_DATE.isoformat(), last=LAST_DATE.isoformat()
        )
    elif column.type == "text" and column.max_length:
        dv.type = "textLength"
        dv.operator = "lessThanOrEqual"
        dv.formula1 = str(column.max_length)
        dv.errorStyle = "warning"
        dv.error = lang.gettext("At most {n} characters.").format(n=column.max_length)
    else:
        dv.showErrorMessage = False
    dv.promptTitle = fit_text(column.label_in(lang.code), MAX_TITLE)
    dv.prompt = fit_text(lang.gettext(column.help), MAX_PROMPT)
    if dv.error:
        dv.errorTitle = fit_text(column.label_in(lang.code), MAX_TITLE)
    return dv


def _serial(day: dt.date) -> str:
    """A date as an Excel serial day number (1900 date system), the form date validations hold.

    >>> _serial(dt.date(2000, 1, 1))
    '36526'
    """
    return str((day - dt.date(1899, 12, 30)).days)


def _width(column: Column, lang: Language) -> float:
    return float(min(_MAX_WIDTH, max(_MIN_WIDTH, len(column.label_in(lang.code)), len(_example(column, lang))) + 2))


def _example(column: Column, lang: Language) -> str:
    """The column's example as the template in ``lang`` shows it: a dropdown value in that language, text translated."""
    if column.type == "choice" and column.vocabulary:
        return load_spec().vocabularies[column.vocabulary].label(column.example, lang.code)
    if column.type == "text":
        return lang.pgettext("example", column.example)
    return column.example


def _activities_sheet(
    ws: Worksheet, spec: Spec, lang: Language, lists: Mapping[str, tuple[str, tuple[str, ...]]]
) -> None:
    """The header row, column formats and validations of the Activities sheet; data rows stay empty."""
    ws.title = sheet_names(lang)[ACTIVITIES_SHEET]
    for i, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        _put(ws, 1, i, column.label_in(lang.code))
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
        header.promptTitle = fit_text(column.label_in(lang.code), MAX_TITLE)
        header.prompt = fit_text(lang.gettext(column.help), MAX_PROMPT)
        header.add(f"{letter}1")
        ws.add_data_validation(header)
        data = _validation(column, lang, lists)
        data.add(f"{letter}2:{letter}{LAST_ROW}")
        ws.add_data_validation(data)
    last = get_column_letter(len(spec.columns))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}1"


def _allowed(column: Column, spec: Spec, reference: Reference, lang: Language) -> str:
    """The allowed values of a column, as a sentence for the Instructions sheet."""
    if column.type == "choice" and column.vocabulary:
        return ", ".join(spec.vocabularies[column.vocabulary].values_in(lang.code))
    if column.type == "action_lines":
        return lang.gettext("codes from the '{sheet}' sheet: {codes}").format(
            sheet=sheet_names(lang)[REFERENCE_SHEET], codes=", ".join(reference.action_lines)
        )
    if column.type == "sdgs":
        return lang.gettext("goals 1 to 17, targets (9.c) or indicators (9.c.1); see the '{sheet}' sheet").format(
            sheet=sheet_names(lang)[REFERENCE_SHEET]
        )
    if column.type == "integer":
        return lang.gettext("a whole number from {min} to {max}").format(min=column.min, max=column.max)
    if column.type == "date":
        return lang.gettext("a date (yyyy-mm-dd) from {first} to {last}").format(
            first=FIRST_DATE.isoformat(), last=LAST_DATE.isoformat()
        )
    if column.type in ("url", "countries", "list"):
        return {
            "url": lang.gettext("a web address starting with https://"),
            "countries": lang.gettext("country names or ISO 3166 codes, separated by ';'"),
            "list": lang.gettext("several values separated by ';'"),
        }[column.type]
    if column.max_length:
        return lang.gettext("text, at most {n} characters").format(n=column.max_length)
    return lang.gettext("text")


def _instructions_sheet(wb: Workbook, spec: Spec, reference: Reference, lang: Language, year: int | None) -> None:
    """How to fill the template, then one row per spec column: label, requirement, help, example, allowed values."""
    ws = wb.create_sheet(sheet_names(lang)[INSTRUCTIONS_SHEET])
    lines: list[str] = []
    if year is not None:
        lines.append(lang.gettext("Reporting year: {year}").format(year=year))
    lines.append(
        lang.gettext("Template version {template} (activity spec {spec}), language: {lang}.").format(
            template=TEMPLATE_VERSION, spec=spec.version, lang=lang.code
        )
    )
    _put(ws, 1, 1, lang.gettext("ITU contribution to WSIS and SDGs — activities template"))
    ws.cell(row=1, column=1).font = _TITLE_FONT
    row = 2
    for line in lines:
        _put(ws, row, 1, line)
        row += 1
    row += 1
    _put(ws, row, 1, lang.gettext("How to fill in this template"))
    ws.cell(row=row, column=1).font = _SECTION_FONT
    row += 1

    steps = [
        lang.gettext(
            "Enter one activity per row in the '{sheet}' sheet, starting on row 2. Do not rename, move or "
            "delete the header row."
        ).format(sheet=sheet_names(lang)[ACTIVITIES_SHEET]),
        lang.gettext(
            "Required columns (darker header) must be filled in every row; fill recommended columns whenever "
            "the information exists."
        ),
    ]
    choices = [c for c in spec.columns if c.type == "choice"]
    codes = [c for c in spec.columns if c.type in _TEXT_FORMAT_TYPES]
    dates = [c for c in spec.columns if c.type == "date"]
    others = [c for c in spec.columns if c.multi and c.type not in _TEXT_FORMAT_TYPES]
    if choices:
        steps.append(
            lang.gettext("{labels}: pick a value from the dropdown list.").format(labels=_labels(choices, lang))
        )
    if codes:
        examples = " / ".join(lang.gettext("'{value}'").format(value=c.example) for c in codes)
        steps.append(
            lang.gettext(
                "{labels}: several codes are allowed in one cell. Type them separated by ';' (for example "
                "{examples}); the dropdown offers one code at a time. Look the codes up in the '{sheet}' "
                "sheet."
            ).format(labels=_labels(codes, lang), examples=examples, sheet=sheet_names(lang)[REFERENCE_SHEET])
        )
    if dates:
        steps.append(
            lang.gettext("{labels}: type dates as yyyy-mm-dd (for example 2025-03-15).").format(
                labels=_labels(dates, lang)
            )
        )
    if others:
        steps.append(lang.gettext("{labels}: several values separated by ';'.").format(labels=_labels(others, lang)))
    steps.append(
        lang.gettext(
            "Select a header cell to see its help. Check the file before sending it: itu-contrib validate FILE.xlsx"
        )
    )
    for n, step in enumerate(steps, start=1):
        _put(ws, row, 1, f"{n}. {step}")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        ws.cell(row=row, column=1).alignment = _TOP_WRAP
        ws.row_dimensions[row].height = 15 * (1 + len(step) // 150)
        row += 1
    row += 1

    _put(ws, row, 1, lang.gettext("Columns"))
    ws.cell(row=row, column=1).font = _SECTION_FONT
    row += 1
    headers = [
        lang.gettext("Column"),
        lang.gettext("Requirement"),
        lang.gettext("Help"),
        lang.gettext("Example"),
        lang.gettext("Allowed values"),
    ]
    requirements = {
        "required": lang.gettext("required"),
        "recommended": lang.gettext("recommended"),
        "optional": lang.gettext("optional"),
    }
    for j, header in enumerate(headers, start=1):
        _put(ws, row, j, header)
        cell = ws.cell(row=row, column=j)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    row += 1
    for column in spec.columns:
        values = [
            column.label_in(lang.code),
            requirements[column.requirement],
            lang.gettext(column.help),
            _example(column, lang),
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


def _reference_sheet(wb: Workbook, reference: Reference, lang: Language) -> None:
    """Codes and titles of the action lines, SDG goals, targets and ITU custodian indicators."""
    ws = wb.create_sheet(sheet_names(lang)[REFERENCE_SHEET])
    plan = lang.pgettext(PLAN, reference.plan.title)
    row = 1
    row = _table(
        ws,
        row,
        lang.gettext("WSIS Action Lines (ITU roles: {plan})").format(plan=plan),
        [
            lang.gettext("Code"),
            lang.gettext("Action line title"),
            lang.gettext("ITU role"),
            lang.gettext("UN lead facilitator"),
            lang.gettext("UN co-facilitators"),
        ],
        (
            (
                a.code,
                lang.pgettext(AL_TITLE, a.title),
                lang.pgettext(ROLE, a.role),
                lang.pgettext(ORGANIZATION, a.facilitator),
                ", ".join(lang.pgettext(ORGANIZATION, o) for o in a.co_facilitators),
            )
            for a in reference.action_lines.values()
        ),
    )
    row = _table(
        ws,
        row,
        lang.gettext("Sustainable Development Goals (rings: {plan})").format(plan=plan),
        [lang.gettext("Goal"), lang.gettext("Short name"), lang.gettext("Ring")],
        (
            (g.number, lang.pgettext(GOAL_SHORT, g.short_name), lang.pgettext(RING, g.ring.name))
            for g in reference.goals.values()
        ),
    )
    row = _table(
        ws,
        row,
        lang.gettext("SDG targets"),
        [lang.gettext("Target"), lang.gettext("Text")],
        ((t.code, lang.pgettext(TARGET_TEXT, t.text)) for t in reference.targets.values()),
    )
    _table(
        ws,
        row,
        lang.gettext("SDG indicators of which ITU is custodian"),
        [lang.gettext("Indicator"), lang.gettext("Text")],
        ((i.code, lang.pgettext(INDICATOR_TEXT, i.text)) for i in reference.custodian_indicators),
    )
    for letter, width in zip("ABCDE", (16, 90, 18, 22, 22), strict=True):
        ws.column_dimensions[letter].width = width


def _stamp(wb: Workbook, spec: Spec, year: int | None, lang: Language) -> None:
    """Core and custom document properties: what this template is, for which year and language."""
    props = wb.properties
    suffix = f" {year}" if year is not None else ""
    props.title = lang.gettext("ITU contribution to WSIS and SDGs — activities") + suffix
    props.subject = lang.gettext("Input template for ITU activities contributing to the WSIS Action Lines and the SDGs")
    props.keywords = f"itu_contrib template {TEMPLATE_VERSION}"
    props.description = lang.gettext("Built from the activity spec {spec}; language {lang}.").format(
        spec=spec.version, lang=lang.code
    )
    props.creator = "itu_contrib"
    props.lastModifiedBy = "itu_contrib"
    props.language = lang.code
    props.created = STAMP_TIME
    props.modified = STAMP_TIME
    custom = wb.custom_doc_props  # type: ignore[attr-defined]  # missing from types-openpyxl
    custom.append(StringProperty(name=PROP_TEMPLATE, value=TEMPLATE_VERSION))
    custom.append(StringProperty(name=PROP_SPEC, value=spec.version))
    if year is not None:
        custom.append(StringProperty(name=PROP_YEAR, value=str(year)))
    custom.append(StringProperty(name=PROP_LANG, value=lang.code))


def build_template(*, year: int | None = None, lang: str | Language = "en") -> Workbook:
    """The input template as an openpyxl workbook: Activities (active), Instructions, Reference, hidden Lists.

    >>> wb = build_template(year=2026, lang="fr")
    >>> wb.sheetnames, wb.active.title
    (['Activités', 'Instructions', 'Référence', 'Listes'], 'Activités')
    >>> wb["Activités"]["C1"].value
    'Secteur'
    """
    to = language(lang)
    spec = load_spec()
    reference = load_reference(year, strict=False)
    wb = Workbook()
    activities = wb.active
    assert isinstance(activities, Worksheet)
    _instructions_sheet(wb, spec, reference, to, year)
    _reference_sheet(wb, reference, to)
    lists = _lists_sheet(wb, spec, reference, to)
    _activities_sheet(activities, spec, to, lists)
    wb.active = 0
    _stamp(wb, spec, year, to)
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


def write_template(path: Path, *, year: int | None = None, lang: str | Language = "en") -> Path:
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
