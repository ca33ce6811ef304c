"""Write the sample inputs: inputs/2024, inputs/2025 and inputs/examples.

Run from the repository root: ``make inputs`` (or ``.venv/bin/python inputs/generate.py [--out DIR]``). The sample
data is in ``inputs/data/`` and this script holds none of it:

- ``activities.csv``: one row per activity and reporting year, as the Sector reported it;
- ``layouts.toml``: how each file is laid out (title rows, several sheets, merged cells, French headers, CSV
  dialects, ...);
- ``with-problems-clean.csv`` and ``with-problems.toml``: the rows of ``examples/with-problems.xlsx`` and the
  problems planted in it.

The columns (their order, labels and types) and the vocabularies come from the activity spec
(``itu_contrib.spec.load_spec()``), rule severities from the rule catalogue (``itu_contrib.rules``) and the main
action lines from the reference data. The package's reader and validator are never used, so the samples test
them rather than mirror them.

The output is byte-for-byte reproducible: no randomness, fixed document properties, and the xlsx zip members are
rewritten with a fixed timestamp (openpyxl stamps the time of saving otherwise).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import tomllib
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from itu_contrib.reference import load_reference
from itu_contrib.rules import RULES_BY_CODE
from itu_contrib.spec import load_spec

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
SPEC = load_spec()
DATE_FIELDS = tuple(c.name for c in SPEC.columns if c.type == "date")

FIXED_TIME = datetime(2026, 1, 15, 9, 0, 0)
ZIP_TIME = (2026, 1, 15, 9, 0, 0)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
DROPDOWN_SPARE_ROWS = 50  # a drop-down list also covers this many empty rows below the table

Record = dict[str, Any]


# --------------------------------------------------------------------------------------------------------------
# the data files
# --------------------------------------------------------------------------------------------------------------
def _load_toml(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


def _parse(field: str, text: str) -> Any:
    """A CSV cell as the sample writes it: integers and ISO dates typed by the spec, all else (a month) as text."""
    kind = SPEC[field].type
    if text and kind == "integer":
        return int(text)
    if text and kind == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _check_columns(names: Iterable[str], where: str) -> None:
    unknown = [n for n in names if n not in SPEC.names]
    if unknown:
        raise ValueError(f"{where}: {', '.join(unknown)} is not a column of the activity spec")


def read_records(name: str) -> list[Record]:
    """The rows of ``inputs/data/<name>``, one record per row with every spec column (blank when not given)."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        _check_columns(reader.fieldnames or (), name)
        records = [{f: _parse(f, row.get(f) or "") for f in SPEC.names} for row in reader]
    for record in records:
        for column in SPEC.columns:
            value = record[column.name]
            if column.vocabulary and value and SPEC.vocabularies[column.vocabulary].canonical(value) != value:
                raise ValueError(f"{name}: {record['activity_id']}: {column.name} {value!r} is not a canonical value")
    return records


# --------------------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------------------
def cell_value(record: Record, field: str) -> Any:
    """The value written for ``field``: blanks as None, everything else as stored in the data."""
    value = record.get(field)
    if value == "":
        return None
    return value


def write_table(
    ws: Worksheet,
    headers: Mapping[str, str],
    records: Sequence[Record],
    *,
    header_row: int,
    date_format: str,
    widths: Mapping[str, int],
) -> None:
    """Write a header row and one row per record (columns in the order of ``headers``)."""
    columns = list(headers)
    for col, field in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=col, value=headers[field])
        cell.font = BOLD
        ws.column_dimensions[get_column_letter(col)].width = widths.get(field, widths["default"])
    for offset, record in enumerate(records, start=1):
        for col, field in enumerate(columns, start=1):
            value = cell_value(record, field)
            cell = ws.cell(row=header_row + offset, column=col, value=value)
            if isinstance(value, date):
                cell.number_format = date_format
            elif isinstance(value, str) and ("\n" in value or field == "description"):
                cell.alignment = WRAP
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1).coordinate


def title_rows(ws: Worksheet, lines: Sequence[str]) -> None:
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
    headers: Mapping[str, str],
    records: Iterable[Record],
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


def check_records(records: Sequence[Record], year: int) -> None:
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
# the sample inputs, laid out as layouts.toml says
# --------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table:
    """An activity table of one sheet or CSV file: header per column in file order and the rows as written."""

    headers: dict[str, str]
    rows: list[Record]


def _canonical(field: str, written: Any, where: str) -> None:
    """Fail unless ``written`` is a spelling the spec accepts for a vocabulary column."""
    vocabulary = SPEC[field].vocabulary
    if vocabulary and SPEC.vocabularies[vocabulary].canonical(str(written)) is None:
        raise ValueError(f"{where}: {written!r} is not a {field} value or alias of the spec")


def make_table(raw: Mapping[str, Any], records: Sequence[Record], spellings: Mapping[str, Any], where: str) -> Table:
    """The table of a sheet (or CSV file) of ``layouts.toml``: its header spellings, selection, fill and spellings."""
    lang = str(raw.get("lang", "en"))
    first = [str(n) for n in raw.get("first", ())]
    headers_raw = {str(k): str(v) for k, v in raw.get("headers", {}).items()}
    fill = dict(raw.get("fill", {}))
    select = dict(raw.get("select", {}))
    exclude = dict(raw.get("exclude", {}))
    for part in (first, headers_raw, fill, select, exclude):
        _check_columns(part, where)
    headers = {n: headers_raw.get(n, SPEC.label(n, lang)) for n in [*first, *(n for n in SPEC.names if n not in first)]}
    for field, header in headers.items():
        if SPEC.match_header(header) != field:
            raise ValueError(f"{where}: header {header!r} does not name {field} in the spec")
    written: dict[str, dict[str, str]] = {}
    for name in raw.get("spellings", ()):
        for field, values in spellings[name].items():
            _check_columns([field], f"{where}: spellings.{name}")
            for value, spelling in values.items():
                _canonical(field, spelling, f"{where}: spellings.{name}")
                written.setdefault(field, {})[value] = spelling
    for field, value in fill.items():
        _canonical(field, value, where)
    rows = []
    for record in records:
        if any(record[f] != v for f, v in select.items()) or any(record[f] == v for f, v in exclude.items()):
            continue
        row = {**record, **fill}
        for field, values in written.items():
            if row[field]:
                row[field] = values.get(row[field], row[field])
        rows.append(row)
    return Table(headers, rows)


def _list_values(spec: Any, year: int) -> list[str]:
    """The values of a column of a ``lists`` sheet: a list, a spec vocabulary, or the reference's main lines."""
    if isinstance(spec, list):
        return [str(v) for v in spec]
    if "vocabulary" in spec:
        leave_out = set(spec.get("leave_out", ()))
        return [v for v in SPEC.vocabularies[spec["vocabulary"]].values if v not in leave_out]
    if spec.get("reference") == "main_action_lines":
        return [line.code for line in load_reference(year).main_lines]
    raise ValueError(f"lists: cannot read {spec!r}")


def _sheet_ref(name: str) -> str:
    return name if re.fullmatch(r"\w+", name) else quote_sheetname(name)


def write_workbook(path: Path, layout: Mapping[str, Any], records: Sequence[Record], config: Mapping[str, Any]) -> int:
    """Write one sample workbook; return its number of activity rows."""
    wb = new_workbook()
    widths = config["column_widths"]
    year = int(layout["year"])
    count = 0
    lists: dict[str, tuple[str, str, int]] = {}  # lists header -> (sheet, column letter, number of values)
    tables: list[tuple[Worksheet, Mapping[str, Any], Table]] = []
    for index, sheet in enumerate(layout["sheets"]):
        ws = wb.active if index == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = sheet["name"]
        where = f"{layout['path']}: sheet {sheet['name']}"
        title_rows(ws, sheet.get("lines", ()))
        if "note" in sheet:
            ws["A1"] = sheet["note"]
            ws["A1"].font = Font(italic=True)
        if "header_row" in sheet:
            table = make_table(sheet, records, config["spellings"], where)
            merged = dict(sheet.get("merged", {}))
            _check_columns(merged, where)
            rows = [{**r, **dict.fromkeys(merged)} for r in table.rows]
            header_row = int(sheet["header_row"])
            write_table(ws, table.headers, rows, header_row=header_row, date_format=sheet["date_format"], widths=widths)
            for field, blocks in merged.items():
                letter = get_column_letter(list(table.headers).index(field) + 1)
                top, last = header_row + 1, header_row + len(rows)
                for block in blocks:
                    _canonical(field, block["value"], where)
                    bottom = top + int(block["rows"]) - 1 if "rows" in block else last
                    ws[f"{letter}{top}"] = block["value"]
                    ws[f"{letter}{top}"].alignment = Alignment(vertical="center")
                    ws.merge_cells(f"{letter}{top}:{letter}{bottom}")
                    top = bottom + 1
            tables.append((ws, sheet, table))
            count += len(rows)
        for col, (header, spec) in enumerate(sheet.get("lists", {}).items(), start=1):
            values = _list_values(spec, year)
            lists[header] = (sheet["name"], get_column_letter(col), len(values))
            ws.cell(row=1, column=col, value=header).font = BOLD
            for row, value in enumerate(values, start=2):
                ws.cell(row=row, column=col, value=value)
        for row, (key, value) in enumerate(sheet.get("pairs", ()), start=1):
            ws.cell(row=row, column=1, value=key)
            ws.cell(row=row, column=2, value=value)
        for letter, width in sheet.get("widths", {}).items():
            ws.column_dimensions[letter].width = width
        if sheet.get("hidden"):
            ws.sheet_state = "hidden"
    for ws, sheet, table in tables:
        header_row = int(sheet["header_row"])
        last_row = header_row + len(table.rows)
        for field, header in sheet.get("dropdowns", {}).items():
            source, list_col, size = lists[header]
            letter = get_column_letter(list(table.headers).index(field) + 1)
            formula = f"={_sheet_ref(source)}!${list_col}$2:${list_col}${size + 1}"
            validation = DataValidation(type="list", formula1=formula)
            validation.add(f"{letter}{header_row + 1}:{letter}{last_row + DROPDOWN_SPARE_ROWS}")
            ws.add_data_validation(validation)
    save_workbook(wb, path)
    return count


def write_sample(out: Path, layout: Mapping[str, Any], records: Sequence[Record], config: Mapping[str, Any]) -> int:
    """Write the sample file of one entry of ``layouts.toml``; return its number of activities."""
    selected = [r for r in records if r["sector"] == layout["sector"] and r["year"] == layout["year"]]
    path = out / layout["path"]
    if "csv" not in layout:
        return write_workbook(path, layout, selected, config)
    table = make_table(layout, selected, config["spellings"], layout["path"])
    dialect = layout["csv"]
    write_csv(
        path,
        table.headers,
        table.rows,
        delimiter=dialect["delimiter"],
        bom=dialect["bom"],
        lineterminator=dialect["line_end"],
    )
    return len(table.rows)


# --------------------------------------------------------------------------------------------------------------
# inputs/examples: a workbook with planted mistakes and the problems expected from it
# --------------------------------------------------------------------------------------------------------------
def example_rows(config: Mapping[str, Any]) -> list[tuple[Record, dict[str, Any] | None]]:
    """All rows in sheet order: (record, problem entry or None for a clean row)."""
    _check_columns(config["base"], "with-problems.toml: [base]")
    clean = read_records("with-problems-clean.csv")
    base = {**dict.fromkeys(SPEC.names, ""), **config["base"]}
    problems = []
    for problem in config["problems"]:
        _check_columns(problem["row"], f"with-problems.toml: {problem['row'].get('activity_id')}")
        _check_columns(problem["expect"], f"with-problems.toml: {problem['row'].get('activity_id')}")
        problems.append(({**base, **problem["row"]}, problem))
    first, every = int(config["clean_first"]), int(config["clean_every"])
    rows: list[tuple[Record, dict[str, Any] | None]] = [(r, None) for r in clean[:first]]
    rest: list[tuple[Record, dict[str, Any] | None]] = [(r, None) for r in clean[first:]]
    for index, problem in enumerate(problems):
        rows.append(problem)
        if index % every == every - 1 and rest:
            rows.append(rest.pop(0))
    rows.extend(rest)
    return rows


def severity(code: str) -> str:
    """The default severity of a rule of the catalogue."""
    if code not in RULES_BY_CODE:
        raise ValueError(f"with-problems.toml: {code!r} is not a rule code of itu_contrib/data/rules.toml")
    return RULES_BY_CODE[code].severity.value


def with_problems(directory: Path, config: Mapping[str, Any], widths: Mapping[str, int]) -> list[dict[str, str]]:
    """Write with-problems.xlsx and with-problems.expected.csv; return the expected problems."""
    sheet, header_row = str(config["sheet"]), int(config["header_row"])
    headers = {n: SPEC.label(n) for n in SPEC.names}
    letters = {field: get_column_letter(i) for i, field in enumerate(headers, start=1)}
    rows = example_rows(config)
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    title_rows(ws, config["lines"])
    write_table(
        ws, headers, [r for r, _ in rows], header_row=header_row, date_format=config["date_format"], widths=widths
    )
    extra = config["extra_column"]
    extra_letter = get_column_letter(len(headers) + 1)
    if extra["header"]:
        ws[f"{extra_letter}{header_row}"] = extra["header"]
        ws[f"{extra_letter}{header_row}"].font = BOLD
        values = extra["values"]
        for offset in range(len(rows)):
            ws[f"{extra_letter}{header_row + 1 + offset}"] = values[offset % len(values)]
    save_workbook(wb, directory / "with-problems.xlsx")

    expected = []
    if extra["header"]:
        expected.append(
            {
                "sheet": sheet,
                "cell": f"{extra_letter}{header_row}",
                "field": "",
                "code": extra["expect"],
                "severity": severity(extra["expect"]),
                "what": extra["what"].format(header=extra["header"]),
            }
        )
    for offset, (record, problem) in enumerate(rows, start=1):
        if problem is None:
            continue
        for field, code in problem["expect"].items():
            expected.append(
                {
                    "sheet": sheet,
                    "cell": f"{letters[field]}{header_row + offset}",
                    "field": field,
                    "code": code,
                    "severity": severity(code),
                    "what": problem["what"].format(length=len(str(record[field])), max_length=SPEC[field].max_length),
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
        '`header = ""` under `[extra_column]` in `inputs/data/with-problems.toml` to leave the extra column out; any '
        "`[[problems]]` entry can be removed (the cells of the rows below it move up).",
        "- Duplicates are reported on the second occurrence: `duplicate-id` on its Activity ID cell, "
        "`duplicate-activity` on its title cell.",
        "",
        "Regenerate with `make inputs` from the repository root (the clean rows are in "
        "`inputs/data/with-problems-clean.csv`, the planted ones in `inputs/data/with-problems.toml`).",
        "",
    ]
    (directory / "README.md").write_text("\n".join(lines), encoding="utf-8")


def generate(out: Path = HERE) -> dict[str, int]:
    """Write every sample file under ``out``; return the number of activities (or expected problems) per file."""
    layouts = _load_toml("layouts.toml")
    records = read_records("activities.csv")
    for year in sorted({r["year"] for r in records}):
        for sector in SPEC.sectors:
            check_records([r for r in records if r["sector"] == sector and r["year"] == year], year)
    counts = {layout["path"]: write_sample(out, layout, records, layouts) for layout in layouts["files"]}
    examples = out / "examples"
    examples.mkdir(parents=True, exist_ok=True)
    config = _load_toml("with-problems.toml")
    expected = with_problems(examples, config, layouts["column_widths"])
    examples_readme(examples, expected, len(read_records("with-problems-clean.csv")))
    counts["examples/with-problems.xlsx"] = len(expected)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="directory to write to (default: inputs/)")
    args = parser.parse_args()
    out: Path = args.out.resolve()
    counts = generate(out)
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    for name, count in counts.items():
        what = "expected problems" if name.startswith("examples/") else "activities"
        print(f"{shown}/{name}: {count} {what}")


if __name__ == "__main__":
    main()
