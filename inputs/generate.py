"""Write the sample inputs: inputs/2024, inputs/2025 and inputs/examples.

Run from the repository root: ``python inputs/generate.py``. The activity data lives in ``activities_data.py``
next to this script; this module only lays it out the way each Sector sends it (title rows, several sheets,
merged cells, French headers, CSV dialects, ...). It uses openpyxl and the csv module only, never the itu_contrib
package, so the samples test the package rather than mirror it.

The output is byte-for-byte reproducible: no randomness, fixed document properties, and the xlsx zip members are
rewritten with a fixed timestamp (openpyxl stamps the time of saving otherwise).
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

sys.path.insert(0, str(Path(__file__).resolve().parent))
import activities_data as data

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

FIELDS = (
    "activity_id",
    "year",
    "sector",
    "title",
    "description",
    "action_lines",
    "sdgs",
    "start_date",
    "end_date",
    "status",
    "region",
    "countries",
    "partners",
    "url",
)
DATE_FIELDS = ("start_date", "end_date")

FIXED_TIME = datetime(2026, 1, 15, 9, 0, 0)
ZIP_TIME = (2026, 1, 15, 9, 0, 0)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
WIDTHS = {"title": 45, "description": 70, "action_lines": 18, "sdgs": 18, "partners": 24, "url": 45}

FRENCH_STATUS = {"planned": "prévu", "ongoing": "en cours", "completed": "terminé"}
FRENCH_REGION = {
    "Global": "Mondial",
    "Africa": "Afrique",
    "Americas": "Amériques",
    "Arab States": "États arabes",
    "Asia-Pacific": "Asie-Pacifique",
    "Europe": "Europe",
    "CIS": "CEI",
}
REGION_CODES = {"Africa": "AFR", "Americas": "AMS", "Arab States": "ARB", "Asia-Pacific": "ASP", "Europe": "EUR"}
ITU_D_2024_STATUS = {"planned": "Planned", "ongoing": "In progress", "completed": "Completed"}

# Header row of each file, field -> header as written (every spelling is a label or alias of schemas/activity.toml).
HEADERS_R_2024 = {
    "activity_id": "Activity number",
    "year": "Year",
    "sector": "Bureau",
    "title": "Activity name",
    "description": "Summary",
    "action_lines": "WSIS Action Line(s)",
    "sdgs": "Related SDGs",
    "start_date": "Start",
    "end_date": "End",
    "status": "Status",
    "region": "Region",
    "countries": "Countries",
    "partners": "Partners",
    "url": "Website",
}
HEADERS_R_2025 = {
    "activity_id": "Activity ID",
    "year": "Year",
    "sector": "Sector",
    "title": "Activity name",
    "description": "Description",
    "action_lines": "WSIS Action Line(s)",
    "sdgs": "SDGs",
    "start_date": "Start date",
    "end_date": "End date",
    "status": "Status",
    "region": "Region",
    "countries": "Countries",
    "partners": "Partners",
    "url": "Link",
}
# ITU-T: French headers, title first.
HEADERS_T = {
    "title": "Titre",
    "activity_id": "Identifiant",
    "year": "Année",
    "sector": "Secteur",
    "description": "Description",
    "action_lines": "Grandes orientations du SMSI",
    "sdgs": "ODD",
    "start_date": "Date de début",
    "end_date": "Date de fin",
    "status": "Statut",
    "region": "Région",
    "countries": "Pays",
    "partners": "Partenaires",
    "url": "Lien",
}
HEADERS_D_2024 = {
    "activity_id": "Ref",
    "year": "Reporting year",
    "sector": "Sector",
    "title": "Title",
    "description": "Activity description",
    "action_lines": "WSIS AL",
    "sdgs": "SDG targets",
    "start_date": "Start date",
    "end_date": "Completion date",
    "status": "Progress",
    "region": "ITU region",
    "countries": "Countries",
    "partners": "Partners",
    "url": "More information",
}
HEADERS_D_2025 = {
    "activity_id": "Activity code",
    "year": "Year",
    "sector": "Sector / Bureau",
    "title": "Name of activity",
    "description": "Description of activity",
    "action_lines": "Action line(s)",
    "sdgs": "SDG goal(s)",
    "start_date": "Start date",
    "end_date": "End date",
    "status": "Status",
    "region": "Region",
    "countries": "Beneficiary countries",
    "partners": "Partner organizations",
    "url": "Web link",
}
HEADERS_GS_2024 = {
    "activity_id": "Activity ID",
    "year": "Reporting year",
    "sector": "Sector",
    "title": "Title",
    "description": "Description",
    "action_lines": "WSIS Action Lines",
    "sdgs": "SDGs",
    "start_date": "Start date",
    "end_date": "End date",
    "status": "Status",
    "region": "Region",
    "countries": "Countries",
    "partners": "Partners",
    "url": "URL",
}
HEADERS_GS_2025 = {
    "activity_id": "ID",
    "year": "Year",
    "sector": "Unit",
    "title": "Initiative",
    "description": "Description",
    "action_lines": "Action lines",
    "sdgs": "Sustainable Development Goals",
    "start_date": "From",
    "end_date": "To",
    "status": "Status",
    "region": "Scope",
    "countries": "Countries",
    "partners": "Partners",
    "url": "Web page",
}
# inputs/examples/with-problems.xlsx: the English labels of the spec.
HEADERS_EXAMPLE = {
    "activity_id": "Activity ID",
    "year": "Reporting year",
    "sector": "Sector",
    "title": "Activity title",
    "description": "Description",
    "action_lines": "WSIS Action Lines",
    "sdgs": "SDGs",
    "start_date": "Start date",
    "end_date": "End date",
    "status": "Status",
    "region": "Region",
    "countries": "Countries",
    "partners": "Partners",
    "url": "Link",
}


# --------------------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------------------
def cell_value(record: dict[str, Any], field: str) -> Any:
    """The value written for ``field``: blanks as None, everything else as stored in the data."""
    value = record.get(field)
    if value == "":
        return None
    return value


def write_table(
    ws: Worksheet,
    headers: dict[str, str],
    records: Sequence[dict[str, Any]],
    *,
    header_row: int,
    date_format: str,
    translate: dict[str, Any] | None = None,
) -> None:
    """Write a header row and one row per record; ``translate`` maps field -> {value: written value}."""
    translate = translate or {}
    columns = list(headers)
    for col, field in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=col, value=headers[field])
        cell.font = BOLD
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS.get(field, 14)
    for offset, record in enumerate(records, start=1):
        for col, field in enumerate(columns, start=1):
            value = cell_value(record, field)
            if value is not None and field in translate:
                value = translate[field].get(value, value)
            cell = ws.cell(row=header_row + offset, column=col, value=value)
            if isinstance(value, date):
                cell.number_format = date_format
            elif isinstance(value, str) and ("\n" in value or field == "description"):
                cell.alignment = WRAP
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def title_rows(ws: Worksheet, *lines: str) -> None:
    """Free text above the header row, one line per row from row 1."""
    for row, line in enumerate(lines, start=1):
        if line:
            ws.cell(row=row, column=1, value=line).font = Font(bold=row == 1, size=14 if row == 1 else 11)


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.properties.creator = "ITU"
    wb.properties.lastModifiedBy = "ITU"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save ``wb`` reproducibly: fixed dcterms:modified (openpyxl resets it on save) and fixed zip timestamps."""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\2", content
                )
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, content)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def write_csv(
    path: Path,
    headers: dict[str, str],
    records: Iterable[dict[str, Any]],
    *,
    delimiter: str,
    bom: bool,
    lineterminator: str,
) -> None:
    """Write a CSV export: dates as ISO text, blanks as empty fields."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerow(headers.values())
    for record in records:
        row = []
        for field in headers:
            value = cell_value(record, field)
            if isinstance(value, date):
                value = value.isoformat()
            elif field in DATE_FIELDS and value is not None:
                raise ValueError(f"{record['activity_id']}: CSV dates must be dates, not {value!r}")
            row.append("" if value is None else str(value))
        writer.writerow(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\ufeff" if bom else "").encode("utf-8") + buffer.getvalue().encode("utf-8"))


def check_records(records: Sequence[dict[str, Any]], year: int) -> None:
    """Fail early on sample data that would not be valid: dates in order and overlapping the year, unique ids."""
    ids = [r["activity_id"] for r in records]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate activity ids in {year}: {ids}")
    titles = [r["title"].casefold() for r in records]
    if len(titles) != len(set(titles)):
        raise ValueError(f"duplicate titles in {year}")
    for r in records:
        start, end = (_as_date(r.get(f), f) for f in DATE_FIELDS)
        if start and end and end < start:
            raise ValueError(f"{r['activity_id']}: end before start")
        if (start and start.year > year) or (end and end.year < year):
            raise ValueError(f"{r['activity_id']}: dates outside {year}")
        if not r["description"] or len(r["title"]) > 200:
            raise ValueError(f"{r['activity_id']}: missing description or long title")


def _as_date(value: Any, field: str) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        month = datetime.strptime(value, "%B %Y").date()
        if field == "end_date":
            raise ValueError("month-only end dates are not used in the samples")
        return month
    return None


# --------------------------------------------------------------------------------------------------------------
# the sample inputs, one function per file
# --------------------------------------------------------------------------------------------------------------
def itu_r_2024(path: Path) -> int:
    """Title and instruction rows above a header on row 4; Bureau written 'BR'."""
    records = [{**r, "sector": "BR", "status": r["status"].capitalize()} for r in data.for_year("ITU-R", 2024)]
    wb = new_workbook()
    ws = wb.active
    ws.title = "BR 2024"
    title_rows(
        ws,
        "ITU-R contribution to WSIS 2024",
        "Please fill one row per activity. Separate several action lines or SDGs with ';'.",
    )
    write_table(ws, HEADERS_R_2024, records, header_row=4, date_format="dd mmm yyyy")
    save_workbook(wb, path)
    return len(records)


def itu_r_2025(path: Path) -> int:
    """Title rows, header on row 4, and the sector merged over two blocks of rows ('BR', then 'ITU-R')."""
    records = data.for_year("ITU-R", 2025)
    wb = new_workbook()
    ws = wb.active
    ws.title = "BR 2025"
    title_rows(
        ws,
        "ITU-R contribution to WSIS 2025",
        "Please fill one row per activity. Separate several action lines or SDGs with ';'.",
    )
    header_row = 4
    write_table(
        ws, HEADERS_R_2025, [{**r, "sector": None} for r in records], header_row=header_row, date_format="yyyy-mm-dd"
    )
    sector_col = get_column_letter(list(HEADERS_R_2025).index("sector") + 1)
    first, split, last = header_row + 1, header_row + 8, header_row + len(records)
    for top, bottom, label in ((first, split - 1, "BR"), (split, last, "ITU-R")):
        ws[f"{sector_col}{top}"] = label
        ws[f"{sector_col}{top}"].alignment = Alignment(vertical="center")
        ws.merge_cells(f"{sector_col}{top}:{sector_col}{bottom}")
    save_workbook(wb, path)
    return len(records)


def itu_t(path: Path, year: int) -> int:
    """French headers with the title first, French statuses and regions, dates shown dd/mm/yyyy."""
    records = data.for_year("ITU-T", year)
    wb = new_workbook()
    ws = wb.active
    if year == 2024:
        ws.title = "Activités 2024"
        header_row = 1
    else:
        ws.title = "Activités"
        title_rows(ws, f"Contribution de l'UIT-T au SMSI – {year}")
        header_row = 2
    translate = {"status": FRENCH_STATUS, "region": FRENCH_REGION}
    records = [{**r, "sector": "TSB"} for r in records]
    write_table(ws, HEADERS_T, records, header_row=header_row, date_format="dd/mm/yyyy", translate=translate)
    save_workbook(wb, path)
    return len(records)


def itu_d_2024(path: Path) -> int:
    """Activities split over two sheets, 'Regional' (sector 'BDT', region codes) and 'Global'."""
    records = data.for_year("ITU-D", 2024)
    regional = [{**r, "sector": "BDT"} for r in records if r["region"] != "Global"]
    global_ = [{**r, "sector": "Telecommunication Development Bureau"} for r in records if r["region"] == "Global"]
    wb = new_workbook()
    for ws, name, rows, regions in (
        (wb.active, "Regional", regional, REGION_CODES),
        (wb.create_sheet(), "Global", global_, {}),
    ):
        ws.title = name
        translate = {"status": ITU_D_2024_STATUS, "region": regions}
        write_table(ws, HEADERS_D_2024, rows, header_row=1, date_format="d mmm yyyy", translate=translate)
    save_workbook(wb, path)
    return len(records)


def itu_d_2025(path: Path) -> int:
    """An 'Instructions' sheet, the 'Activities' sheet with drop-down lists, a 'Lists' sheet and a hidden sheet."""
    records = [{**r, "sector": "ITU-D"} for r in data.for_year("ITU-D", 2025)]
    wb = new_workbook()
    intro = wb.active
    intro.title = "Instructions"
    title_rows(
        intro,
        "ITU-D contribution to the WSIS Action Lines and the SDGs, 2025",
        "",
        "1. Fill one row per activity in the sheet 'Activities'; do not change the column headings.",
        "2. Keep the activity code of last year for a continuing activity.",
        "3. Pick Sector, Status and Region from the drop-down lists.",
        "4. Write the WSIS Action Lines (C1 to C11; for C7 name the sub-line, e.g. 'C7 e-health') and the SDG "
        "goals, targets or indicators, separated by ';'.",
        "5. Send the file to the BDT focal point for WSIS by 31 January.",
    )
    intro.column_dimensions["A"].width = 110

    ws = wb.create_sheet("Activities")
    ws["A1"] = "Do not change the column headings. Use the drop-down lists for Sector, Status and Region."
    ws["A1"].font = Font(italic=True)
    write_table(ws, HEADERS_D_2025, records, header_row=2, date_format="d mmm yyyy")

    lists = wb.create_sheet("Lists")
    columns = {
        "Allowed sectors": ["ITU-D", "BDT"],
        "Allowed statuses": ["planned", "ongoing", "completed", "cancelled"],
        "Allowed regions": ["Africa", "Americas", "Arab States", "Asia-Pacific", "CIS", "Europe", "Global"],
        "Action line codes": [f"C{n}" for n in range(1, 12)],
    }
    for col, (header, values) in enumerate(columns.items(), start=1):
        lists.cell(row=1, column=col, value=header).font = BOLD
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=col, value=value)
    last_row = 2 + len(records)
    for field, list_col, count in (("sector", "A", 2), ("status", "B", 4), ("region", "C", 7)):
        letter = get_column_letter(list(HEADERS_D_2025).index(field) + 1)
        validation = DataValidation(type="list", formula1=f"=Lists!${list_col}$2:${list_col}${count + 1}")
        validation.add(f"{letter}3:{letter}{last_row + 50}")
        ws.add_data_validation(validation)

    meta = wb.create_sheet("_meta")
    meta.sheet_state = "hidden"
    for row, (key, value) in enumerate(
        (("template", "ITU-D WSIS contribution"), ("template_version", "2025.1"), ("prepared_by", "BDT")), start=1
    ):
        meta.cell(row=row, column=1, value=key)
        meta.cell(row=row, column=2, value=value)
    save_workbook(wb, path)
    return len(records)


def gs_2024(path: Path) -> int:
    """CSV as Excel exports 'CSV UTF-8': byte order mark, comma, CRLF; ISO dates."""
    records = [{**r, "sector": "General Secretariat"} for r in data.for_year("GS", 2024)]
    write_csv(path, HEADERS_GS_2024, records, delimiter=",", bom=True, lineterminator="\r\n")
    return len(records)


def gs_2025(path: Path) -> int:
    """CSV in UTF-8 without BOM, semicolon-delimited, LF; ISO dates."""
    records = [{**r, "sector": "GS"} for r in data.for_year("GS", 2025)]
    write_csv(path, HEADERS_GS_2025, records, delimiter=";", bom=False, lineterminator="\n")
    return len(records)


# --------------------------------------------------------------------------------------------------------------
# inputs/examples: a workbook with planted mistakes and the problems expected from it
# --------------------------------------------------------------------------------------------------------------
def severities() -> dict[str, str]:
    """Rule code -> default severity, from the rule catalogue."""
    from itu_contrib.rules import RULES

    return {r.code: r.severity.value for r in RULES}


def example_rows() -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """All rows in sheet order: (record, problem entry or None for a clean row)."""
    clean = [{**data.EXAMPLE_BASE, **row} for row in data.EXAMPLE_CLEAN]
    problems = [({**data.EXAMPLE_BASE, **p["row"]}, p) for p in data.EXAMPLE_PROBLEMS]
    rows: list[tuple[dict[str, Any], dict[str, Any] | None]] = [(r, None) for r in clean[:4]]
    rest = [(r, None) for r in clean[4:]]
    for index, problem in enumerate(problems):
        rows.append(problem)
        if index % 3 == 2 and rest:
            rows.append(rest.pop(0))
    rows.extend(rest)
    return rows


def with_problems(directory: Path) -> list[dict[str, str]]:
    """Write with-problems.xlsx and with-problems.expected.csv; return the expected problems."""
    sheet, header_row = "Activities", 3
    columns = list(HEADERS_EXAMPLE)
    letters = {field: get_column_letter(i) for i, field in enumerate(columns, start=1)}
    rows = example_rows()
    wb = new_workbook()
    ws = wb.active
    ws.title = sheet
    title_rows(ws, "ITU-D contribution to WSIS 2025", "Reporting year 2025. One row per activity.")
    write_table(ws, HEADERS_EXAMPLE, [r for r, _ in rows], header_row=header_row, date_format="yyyy-mm-dd")
    extra_letter = get_column_letter(len(columns) + 1)
    if data.EXAMPLE_EXTRA_COLUMN:
        ws[f"{extra_letter}{header_row}"] = data.EXAMPLE_EXTRA_COLUMN
        ws[f"{extra_letter}{header_row}"].font = BOLD
        values = data.EXAMPLE_EXTRA_VALUES
        for offset in range(len(rows)):
            ws[f"{extra_letter}{header_row + 1 + offset}"] = values[offset % len(values)]
    save_workbook(wb, directory / "with-problems.xlsx")

    severity = severities()
    expected = []
    if data.EXAMPLE_EXTRA_COLUMN:
        expected.append(
            {
                "sheet": sheet,
                "cell": f"{extra_letter}{header_row}",
                "field": "",
                "code": "unknown-column",
                "severity": severity["unknown-column"],
                "what": f"extra header `{data.EXAMPLE_EXTRA_COLUMN}` that matches no spec column (header cell)",
            }
        )
    for offset, (_, problem) in enumerate(rows, start=1):
        if problem is None:
            continue
        for field, code in problem["expect"]:
            expected.append(
                {
                    "sheet": sheet,
                    "cell": f"{letters[field]}{header_row + offset}",
                    "field": field,
                    "code": code,
                    "severity": severity[code],
                    "what": problem["what"],
                }
            )
    with (directory / "with-problems.expected.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["sheet", "cell", "field", "code", "severity"], lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: v for k, v in e.items() if k != "what"} for e in expected)
    return expected


def examples_readme(directory: Path, expected: list[dict[str, str]], clean_rows: int) -> None:
    lines = [
        "# Examples with planted mistakes",
        "",
        "`with-problems.xlsx` is an ITU-D submission for the reporting year **2025** (sheet `Activities`, a title row "
        "and an instruction row above the header on row 3). It has "
        f"{clean_rows} clean rows and one row per planted mistake; every other cell of a planted row is valid, so "
        "each row produces exactly the problems listed. `with-problems.expected.csv` lists every expected problem "
        "(`sheet,cell,field,code,severity`, cells in A1 form as a user sees them). Validate it as a 2025 report "
        "(`--year 2025`); the problems of the tagging stage (`sdg-not-in-matrix`, `action-line-contradicted`) are "
        "not part of the expectation.",
        "",
        "| cell | field | what is wrong | expected code | severity |",
        "|---|---|---|---|---|",
    ]
    for e in expected:
        lines.append(f"| {e['cell']} | {e['field'] or '(header)'} | {e['what']} | `{e['code']}` | {e['severity']} |")
    lines += [
        "",
        "Notes:",
        "",
        "- `excel-error`: openpyxl cannot store a formula together with a cached error value, so the cell holds the "
        'error value `#N/A` itself (openpyxl writes a string equal to an error code as an error cell, `t="e"`), '
        "which is what a reader sees for a failed `VLOOKUP` in Excel.",
        "- `formula-without-value`: openpyxl writes formulas without a cached value, as a file saved by a "
        "program that does not calculate would be.",
        "- `unknown-column` is a header problem: it is reported on the header cell and has no field. Set "
        '`EXAMPLE_EXTRA_COLUMN = ""` in `activities_data.py` to leave the extra column out; any planted row can be '
        "removed from `EXAMPLE_PROBLEMS` (the cells of the rows below it move up).",
        "- Duplicates are reported on the second occurrence: `duplicate-id` on its Activity ID cell, "
        "`duplicate-activity` on its title cell.",
        "",
        "Regenerate with `python inputs/generate.py` from the repository root (the rows live in "
        "`inputs/activities_data.py`).",
        "",
    ]
    (directory / "README.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    for year in (2024, 2025):
        for sector in data.ACTIVITIES:
            check_records(data.for_year(sector, year), year)
    counts = {
        "2024/ITU-R-2024.xlsx": itu_r_2024(HERE / "2024" / "ITU-R-2024.xlsx"),
        "2024/ITU-T-2024.xlsx": itu_t(HERE / "2024" / "ITU-T-2024.xlsx", 2024),
        "2024/ITU-D-2024.xlsx": itu_d_2024(HERE / "2024" / "ITU-D-2024.xlsx"),
        "2024/GS-2024.csv": gs_2024(HERE / "2024" / "GS-2024.csv"),
        "2025/ITU-R-2025.xlsx": itu_r_2025(HERE / "2025" / "ITU-R-2025.xlsx"),
        "2025/ITU-T-2025.xlsx": itu_t(HERE / "2025" / "ITU-T-2025.xlsx", 2025),
        "2025/ITU-D-2025.xlsx": itu_d_2025(HERE / "2025" / "ITU-D-2025.xlsx"),
        "2025/GS-2025.csv": gs_2025(HERE / "2025" / "GS-2025.csv"),
    }
    examples = HERE / "examples"
    examples.mkdir(exist_ok=True)
    expected = with_problems(examples)
    examples_readme(examples, expected, len(data.EXAMPLE_CLEAN))
    for name, count in counts.items():
        print(f"inputs/{name}: {count} activities")
    print(f"inputs/examples/with-problems.xlsx: {len(expected)} expected problems")


if __name__ == "__main__":
    main()
