"""Write the layout corpus: small workbooks laid out the way focal points lay them out, one file per case.

Run from the repository root: ``python tests/data/layouts/generate.py``. Each case ``NN-name`` gives ``NN-name.xlsx``
(or ``.csv``); its hand-written ``NN-name.expected.csv`` lists the activities a reader must find (ids, titles,
action line codes, SDG goals). The files are committed; this script documents how they were made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent

# The activities of the corpus: id, sector, title, action lines, SDGs, region, countries, partners.
POOL: dict[str, tuple[str, str, str, str, str, str, str, str]] = {
    "P1": ("ITU-D-0101", "ITU-D", "Digital skills training for women", "C4; C7 e-learning", "4; 5.b", "Africa",
           "Kenya; Rwanda", "UN Women"),
    "P2": ("ITU-D-0102", "ITU-D", "Rural broadband connectivity pilot", "C2", "9; 9.c", "Americas", "Peru",
           "CAF; GSMA"),
    "P3": ("ITU-D-0103", "ITU-D", "National cybersecurity drill", "C5", "16; 17.8", "Arab States", "Oman; Jordan",
           "FIRST"),
    "P4": ("ITU-T-0201", "ITU-T", "Standards for smart sustainable cities", "C6; C7 e-environment", "11; 13",
           "Global", "", "UNECE; UN-Habitat"),
    "P5": ("ITU-R-0301", "ITU-R", "Spectrum management workshop", "C2; C6", "9", "Asia-Pacific", "Fiji; Samoa",
           "APT"),
    "P6": ("GS-0401", "GS", "Telemedicine connectivity guidelines", "C7 e-health", "3; 3.8", "Global", "", "WHO"),
    "P7": ("ITU-D-0104", "ITU-D", "E-agriculture strategy support", "C7 e-agriculture", "2; 17", "Africa",
           "Senegal", "FAO"),
    "P8": ("ITU-T-0202", "ITU-T", "AI for Good webinar series", "C4; C11", "9; 17", "Global", "", "UNESCO"),
}  # fmt: skip
DESCRIPTION = "What was done, for whom and with which results, in two sentences. {title} ran through the year."
FIELDS = (
    "activity_id", "year", "sector", "title", "description", "action_lines", "sdgs", "start_date", "end_date",
    "status", "region", "countries", "partners", "url",
)  # fmt: skip
ENGLISH = (
    "Activity ID", "Reporting year", "Sector", "Activity title", "Description", "WSIS Action Lines", "SDGs",
    "Start date", "End date", "Status", "Region", "Countries", "Partners", "Link",
)  # fmt: skip


def values(key: str) -> dict[str, Any]:
    """One activity of the pool as field -> cell value."""
    aid, sector, title, lines, sdgs, region, countries, partners = POOL[key]
    return {
        "activity_id": aid,
        "year": 2025,
        "sector": sector,
        "title": title,
        "description": DESCRIPTION.format(title=title),
        "action_lines": lines,
        "sdgs": sdgs,
        "start_date": dt.date(2025, 2, 1),
        "end_date": dt.date(2025, 11, 30),
        "status": "ongoing",
        "region": region,
        "countries": countries,
        "partners": partners,
        "url": f"https://www.itu.int/en/{aid.lower()}",
    }


def row(key: str, fields: Sequence[str] = FIELDS) -> list[Any]:
    """One activity as a row in the order of ``fields`` (a field "" gives an empty cell)."""
    v = values(key)
    return [v.get(f) if f else None for f in fields]


def workbook(
    name: str, sheets: dict[str, list[list[Any]]], edit: Callable[[openpyxl.Workbook], None] | None = None
) -> None:
    """Write ``name``.xlsx with the given sheets (rows from row 1); ``edit`` then merges, hides, ..."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    if edit:
        edit(wb)
    wb.properties.created = dt.datetime(2025, 1, 1)  # stable files
    wb.save(HERE / f"{name}.xlsx")


def text_file(name: str, rows: list[list[Any]], delimiter: str, bom: bool) -> None:
    """A CSV as Excel exports it: CRLF line ends, quotes only where needed, dates as dd/mm/yyyy."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for r in rows:
        writer.writerow(["" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in r])
    (HERE / f"{name}.csv").write_bytes((("\ufeff" if bom else "") + out.getvalue()).encode("utf-8"))


def merge(sheet: str, *ranges: str) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        ws: Worksheet = wb[sheet]
        for r in ranges:
            ws.merge_cells(r)

    return edit


def main() -> None:
    h = list(ENGLISH)
    workbook("01-plain", {"Activities": [h, row("P1"), row("P2"), row("P3")]})
    workbook(
        "02-title-rows",
        {"2025": [["ITU-D contribution to WSIS 2025"], ["Fill one row per activity. Required columns are bold."], [],
                  h, row("P1"), row("P2"), row("P3")]},
    )  # fmt: skip
    groups = ["Identification", None, None, None, "Content", "Tags", None, "Dates", None, "Scope", *[None] * 4]
    workbook(
        "03-group-headings",
        {"Sheet1": [groups, h, row("P1"), row("P2")]},
        merge("Sheet1", "A1:D1", "F1:G1", "H1:I1", "J1:N1"),
    )
    top = ["Activity ID", "Reporting year", "Sector", "Activity title", "Description", "WSIS tags", None, "Dates",
           None, "Status", "Region", "Countries", "Partners", "Link"]  # fmt: skip
    low = [None, None, None, None, None, "Action lines", "SDGs", "Start", "End", None, None, None, None, None]
    vertical = [f"{c}1:{c}2" for c in "ABCDEJKLMN"]
    workbook(
        "04-two-header-rows",
        {"Activities": [top, low, row("P1"), row("P2"), row("P3")]},
        merge("Activities", "F1:G1", "H1:I1", *vertical),
    )
    breaks = ["Activity ID", "Reporting year", "Sector", "Activity title\n(max. 200 characters)",
              "Description\n(2 to 5 sentences)", "WSIS Action Lines\n(e.g. C2; C7 e-health)", "SDGs\n(goals, targets)",
              "Start date\n(dd/mm/yyyy)", "End date\n(dd/mm/yyyy)", "Status", "Region", "Countries", "Partners",
              "Link"]  # fmt: skip
    workbook("05-header-line-breaks", {"Data": [breaks, row("P4"), row("P5")]})
    focal = ["Activity ID (unique)", "Year of reporting", "ITU Sector/Bureau", "Title of activity",
             "Description of the activity", "Relevant WSIS Action Lines", "Related SDGs", "Start date", "End date",
             "Status", "Region", "Countries", "Partners", "Link"]  # fmt: skip
    workbook("06-focal-point-headers", {"Activities": [focal, row("P1"), row("P6")]})
    separated = [h, row("P1"), [], row("P2"), [], [], row("P3"), [None] * 14, row("P4")]
    workbook("07-blank-separators", {"Activities": separated})
    workbook("08-totals-row", {"Activities": [h, row("P1"), row("P2"), row("P3"), ["Total: 3 activities"]]})
    workbook(
        "09-notes-block",
        {"Activities": [h, row("P2"), row("P5"), [], ["Notes:"], ["1. Dates are approximate."],
                        ["2. Partners are listed when an agreement is signed."]]},
    )  # fmt: skip
    workbook(
        "10-footnote-signature",
        {"Activities": [h, row("P3"), row("P6"), [], ["* Continuing activity from 2024."], [],
                        ["Prepared by: Focal point, BDT"], ["Signature: ____________"]]},
    )  # fmt: skip
    side = [None, "Sector", "Activities"]
    workbook(
        "11-table-beside",
        {"Activities": [h + side, [*row("P1"), None, "ITU-D", 3], [*row("P2"), None, "ITU-T", 0],
                        [*row("P3"), None, "Total", 3]]},
    )  # fmt: skip
    workbook(
        "12-table-under",
        {"Activities": [h, row("P1"), row("P2"), row("P4"), [], ["Summary by sector"],
                        ["Sector", "Number of activities"], ["ITU-D", 2], ["ITU-T", 1]]},
    )  # fmt: skip

    def hide_column(wb: openpyxl.Workbook) -> None:
        wb["Activities"].column_dimensions["O"].hidden = True

    workbook(
        "13-hidden-column",
        {"Activities": [[*h, "lookup key"], [*row("P1"), "ITU-D|C4"], [*row("P2"), "ITU-D|C2"]]},
        hide_column,
    )
    workbook(
        "14-sheet-per-region",
        {"Africa": [h, row("P1")], "Americas": [h, row("P2")], "Asia-Pacific": [["Asia-Pacific region"], h, row("P5")]},
    )
    text_file("15-csv-semicolon-bom", [h, row("P1"), row("P2"), row("P3")], ";", bom=True)
    text_file("16-csv-comma", [h, row("P4"), row("P8")], ",", bom=False)
    bilingual = ["Identifiant / ID", "Année / Year", "Secteur / Sector", "Titre de l'activité / Activity title",
                 "Description", "Grandes orientations du SMSI / WSIS Action Lines", "ODD / SDGs",
                 "Date de début / Start date", "Date de fin / End date", "Statut / Status", "Région / Region",
                 "Pays / Countries", "Partenaires / Partners", "Lien / Link"]  # fmt: skip
    workbook("17-bilingual-headers", {"Feuil1": [bilingual, row("P1"), row("P2")]})
    french = ["Identifiant de l'activité", "Année", "Secteur", "Titre de l'activité", "Description",
              "Grandes orientations du SMSI", "ODD", "Date de début", "Date de fin", "Statut", "Région", "Pays",
              "Partenaires", "Lien"]  # fmt: skip
    workbook("18-french-headers", {"Activités": [french, row("P3"), row("P6")]})
    spanish = ["Identificador de la actividad", "Año", "Sector", "Título de la actividad", "Descripción",
               "Líneas de acción de la CMSI", "ODS", "Fecha de inicio", "Fecha de finalización", "Estado", "Región",
               "Países", "Socios", "Enlace"]  # fmt: skip
    workbook("19-spanish-headers", {"Hoja1": [spanish, row("P2"), row("P7")]})
    numbered = [f"{n}. {label}{'*' if n in (1, 2, 3, 4, 6, 7) else ''}" for n, label in enumerate(ENGLISH, 1)]
    workbook("20-numbered-asterisks", {"Activities": [numbered, row("P4"), row("P5")]})
    example = ["ITU-D-2025-014", 2025, "ITU-D", "Partner2Connect Digital Coalition",
               "Multistakeholder alliance mobilizing pledges for meaningful connectivity in hard-to-connect "
               "communities.",
               "C2; C4; C7 e-health", "9; 9.c; 17.8", dt.date(2025, 1, 15), dt.date(2025, 12, 31), "ongoing", "Africa",
               "Kenya; Rwanda", "UNESCO; UNICEF", "https://www.itu.int/itu-d/sites/partner2connect/"]  # fmt: skip
    workbook("21-template-example-row", {"Activities": [h, example, row("P1"), row("P2")]})
    order = ("title", "activity_id", "sector", "year", "", "sdgs", "action_lines", "description", "", "partners",
             "url", "status", "region", "countries", "start_date", "end_date", "")  # fmt: skip
    labels = dict(zip(FIELDS, ENGLISH, strict=True))
    extras = iter(["Budget (CHF)", "Focal point e-mail", "Internal notes"])
    reordered = [labels[f] if f else next(extras) for f in order]
    filler = iter([12000, "focal@itu.int", "check", 5000, "focal@itu.int", "", 800, "x@itu.int", "ok"])
    workbook(
        "22-reordered-extra-columns",
        {"Activities": [reordered, *([v if f else next(filler) for f, v in zip(order, row(k, order), strict=True)]
                                      for k in ("P6", "P7", "P8"))]},
    )  # fmt: skip
    merged_rows = [h, row("P1"), row("P2"), row("P3")]
    for r in merged_rows[2:]:
        r[1] = r[2] = None
    workbook("23-merged-sector-year", {"Activities": merged_rows}, merge("Activities", "B2:B4", "C2:C4"))
    workbook("24-repeated-header", {"Activities": [h, row("P1"), row("P2"), h, row("P4"), row("P8")]})
    workbook(
        "25-two-tables-one-sheet",
        {"Activities": [["ITU-D activities"], h, row("P1"), row("P2"), [], ["ITU-T activities"], h, row("P4"),
                        row("P8")]},
    )  # fmt: skip
    workbook(
        "26-instructions-and-lists-sheets",
        {"Instructions": [["How to fill in this workbook"], ["One row per activity; use the lists sheet."],
                          ["Columns: Activity ID, Reporting year, Sector, Activity title, SDGs"]],
         "Lists": [["Allowed sectors", "Allowed statuses", "Allowed regions", "Action line codes"],
                   ["ITU-D", "planned", "Africa", "C1"], ["ITU-R", "ongoing", "Americas", "C2"]],
         "Activities": [h, row("P3"), row("P5")]},
    )  # fmt: skip
    off = [["Note: figures as of 30 November"], [], [], []]
    off += [[None, None, *r] for r in (h, row("P2"), row("P6"))]
    workbook("27-table-off-origin", {"Report": off})
    workbook(
        "28-total-and-source",
        {"Activities": [h, row("P7"), row("P8"), [], ["TOTAL", None, None, "2 activities"], [],
                        ["Source: ITU-D and ITU-T records, November 2025"]]},
    )  # fmt: skip

    def hide_helper(wb: openpyxl.Workbook) -> None:
        wb["helper"].sheet_state = "hidden"

    workbook(
        "29-hidden-helper-sheet",
        {"Activities": [h, row("P1"), row("P4")], "helper": [["Sector", "Title", "Year"], ["ITU-D", "x", 2024]]},
        hide_helper,
    )
    noted = ["Activity ID", "Reporting year", "Sector (ITU-R, ITU-T, ITU-D, GS)", "Activity title",
             "Description", "WSIS Action Lines (C1-C11; for C7 name the e-sub-line)", "SDGs (e.g. 9; 9.c; 17.8)",
             "Start date", "End date", "Status (planned, ongoing, completed, cancelled)", "Region",
             "Countries (ISO codes, separated by ;)", "Partners (separate with ;)", "Link (https://...)"]  # fmt: skip
    workbook("30-notes-in-headers", {"Activities": [noted, row("P2"), row("P3")]})
    text_file(
        "31-csv-semicolon-title-totals",
        [["ITU contribution 2025"], [], h, row("P5"), row("P6"), ["Total", "", "", "2"]],
        ";",
        bom=True,
    )
    top_es = ["Identificador", "Año", "Sector", "Título", "Descripción", "Etiquetas CMSI", None, "Fechas", None,
              "Estado", "Región", "Países", "Socios", "Enlace"]  # fmt: skip
    low_es = [None, None, None, None, None, "Línea de acción", "ODS", "Inicio", "Fin", None, None, None, None, None]
    workbook(
        "32-spanish-two-header-rows",
        {"Actividades": [top_es, low_es, row("P7"), row("P8")]},
        merge("Actividades", "F1:G1", "H1:I1", *vertical),
    )
    prefixed = ["Activity ID", "Reporting year", "Responsible Bureau", "Activity title", "Activity summary",
                "Relevant WSIS Action Lines", "Related SDGs", "Start date", "End date", "Current status",
                "ITU Region", "Beneficiary countries", "Main partners", "Relevant link"]  # fmt: skip
    workbook("33-prefixed-headers", {"Activities": [prefixed, row("P3"), row("P5")]})


if __name__ == "__main__":
    main()
