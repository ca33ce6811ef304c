"""Write the outside corpus: submissions in the shapes other people and other tools produce, one file per case.

Run from the repository root: ``python tests/data/outside/generate.py``. Each case ``NN-name`` gives one input file
(xlsx, csv, tsv, txt); its hand-written ``NN-name.expected.json`` says what a mature reader should find (the
activities and their codes, every problem by code and cell, or a refusal), written before the tool ran on the file.

The cases saved by LibreOffice (``06``, ``07``, ``17``) are made in two steps: this script writes their source
(``NN-name.source.xlsx``), then ``python tests/data/outside/generate.py --libreoffice`` converts each source with
``soffice --headless --convert-to`` (LibreOffice 7.4 made the committed files). Both are committed as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
FIXED = dt.datetime(2026, 1, 15, 9, 0, 0)
NBSP = "\u00a0"

# The LibreOffice-made cases: source written here -> (target format, LibreOffice filter name).
LIBREOFFICE = {
    "06-libreoffice-xls-cover-sheet": "xls",
    "07-libreoffice-ods-offset-title-logo": "ods",
    "17-libreoffice-xlsx-french": "xlsx",
}


def workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    wb.properties.creator = "focal point"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    return wb


def put(ws: Worksheet, top_left: str, rows: Sequence[Sequence[Any]]) -> None:
    """Write rows starting at a cell (None leaves a cell empty)."""
    anchor = ws[top_left]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                ws.cell(row=anchor.row + i, column=anchor.column + j, value=value)


def bold(ws: Worksheet, row: int) -> None:
    for cell in ws[row]:
        cell.font = Font(bold=True)


def save(wb: openpyxl.Workbook, name: str) -> None:
    wb.save(HERE / name)
    stable(HERE / name)


def stable(path: Path) -> None:
    """Rewrite a zip-based workbook with fixed timestamps (entries and document properties): the same bytes each run."""
    with zipfile.ZipFile(path) as zin:
        parts = [(info.filename, zin.read(info)) for info in zin.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts:
            if name == "docProps/core.xml":
                stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            zout.writestr(zipfile.ZipInfo(name, date_time=FIXED.timetuple()[:6]), data)
    path.write_bytes(buffer.getvalue())


def text_file(
    name: str, rows: Sequence[Sequence[Any]], *, sep: str, encoding: str, newline: str, bom: str = ""
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator=newline).writerows(rows)
    (HERE / name).write_bytes((bom + buffer.getvalue()).encode(encoding))


# ------------------------------------------------------------------------------------------------------ the cases


def case01() -> None:
    """A pandas DataFrame.to_excel with its index (a blank-headed counter in column A) and a float year column."""
    frame = pd.DataFrame(
        {
            "Activity ID": ["ITU-D-25-001", "ITU-D-25-002", "ITU-D-25-003"],
            "Year": [2025.0, 2025.0, float("nan")],
            "Sector": ["ITU-D", "ITU-D", "ITU-D"],
            "Title of activity": [
                "Digital Transformation Centres, phase 2",
                "Girls in ICT Day 2025",
                "Emergency telecommunications training",
            ],
            "Description": [
                "Basic and intermediate digital skills courses for citizens and small businesses in 12 countries.",
                "Events encouraging girls and young women to study and work in ICT, with 300 participants.",
                "Training of disaster management agencies on emergency telecommunication plans.",
            ],
            "WSIS Action Line(s)": ["C4, C7 e-learning", "C4", "C2, C7 e-environment"],
            "SDG(s)": ["4, 4.4", "5, 5.b", "11, 13.1"],
            "Start Date": [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-04-24"), pd.Timestamp("2025-06-10")],
            "End Date": [pd.Timestamp("2025-12-31"), pd.Timestamp("2025-04-24"), pd.NaT],
            "Status": ["Ongoing", "Completed", "Ongoing"],
            "Region": ["Global", "Global", "Asia-Pacific"],
            "Country/ies": [None, "UK, USA, Türkiye", "Fiji, Vanuatu"],
            "Partner(s)": ["Cisco", "UN Women", "WFP, ETC"],
            "URL": [
                "https://www.itu.int/en/ITU-D/Digital-Inclusion/Pages/DTC.aspx",
                "https://www.itu.int/women-and-girls/girls-in-ict/",
                "https://www.itu.int/en/ITU-D/Emergency-Telecommunications/",
            ],
        }
    )
    frame.to_excel(HERE / "01-pandas-to-excel-index.xlsx", sheet_name="Sheet1")  # index=True, as pandas defaults
    stable(HERE / "01-pandas-to-excel-index.xlsx")


def case02() -> None:
    """A CSV saved by French Excel: ';', cp1252, dd/mm/yyyy, French headers and values, a budget with ',' decimals."""
    rows = [
        ["N°", "Année", "Secteur", "Intitulé de l'activité", "Description", "Grandes orientations du SMSI", "ODD",
         "Date de début", "Date de fin", "Statut", "Région", "Pays", "Partenaires", "Lien", "Budget (CHF)"],
        ["UITD-2025-01", "2025", "UIT-D", "Stratégies nationales de cybersécurité",
         "Appui à trois pays pour adopter leur stratégie nationale de cybersécurité.",
         "C5 - Établir la confiance et la sécurité dans l'utilisation des TIC", "ODD 16; ODD 17",
         "15/03/2025", "30/11/2025", "en cours", "Afrique", "Sénégal; Côte d'Ivoire; Maroc",
         "Union africaine", "https://www.itu.int/fr/ITU-D/Cybersecurity/", "125 000,50"],
        ["UITD-2025-02", "2025", "UIT-D", "Centres de transformation numérique",
         "Formation aux compétences numériques de base pour les citoyens.",
         "C4; C7 (cyberapprentissage)", "ODD 4; 4.4", "01/02/2025", "31/12/2025", "terminé", "Afrique",
         "Cameroun; Tunisie", "Cisco", "https://www.itu.int/fr/ITU-D/Digital-Inclusion/", "80 000,00"],
        ["UITD-2025-03", "2025", "UIT-D", "Télémédecine en zones rurales",
         "Connexion de centres de santé ruraux et formation du personnel.", "C7 cybersanté; C2", "ODD 3; 9.c",
         "20/05/2025", "", "prévu", "États arabes", "Mauritanie; Égypte", "OMS", "https://www.itu.int/fr/", ""],
    ]  # fmt: skip
    text_file("02-excel-fr-semicolon-cp1252.csv", rows, sep=";", encoding="cp1252", newline="\r\n")


def case03() -> None:
    """Excel's 'Unicode Text' export: UTF-16 LE with a BOM, tabs, CRLF, US dates, a quoted two-line cell."""
    rows = [
        ["Activity ID", "Year", "Sector", "Activity Title", "Description", "WSIS Action Lines", "SDGs",
         "Start Date", "End Date", "Status", "Region", "Countries", "Partners", "Link"],
        ["ITU-R-2025-07", "2025", "ITU-R", "World Radiocommunication Seminar 2025",
         "Seminar on the Radio Regulations for 450 participants from administrations.", "C2\nC6", "9; 9.c",
         "3/15/2025", "3/19/2025", "Completed", "Global", "", "", "https://www.itu.int/en/ITU-R/seminars/wrs/"],
        ["ITU-R-2025-08", "2025", "ITU-R", "Spectrum monitoring handbook update",
         "Update of the handbook used by national spectrum monitoring services.", "C2; C6", "9.1; 17.6",
         "1/13/2025", "12/31/2025", "Ongoing", "Global", "", "", "https://www.itu.int/pub/R-HDB-23"],
        ["ITU-R-2025-09", "2025", "ITU-R", "Satellite filings workshop for small island states",
         "Hands-on workshop on satellite network filings.", "C2", "9; 14", "6/23/2025", "6/27/2025",
         "Completed", "Asia-Pacific", "Fiji; Tonga; Samoa", "APT", "https://www.itu.int/en/ITU-R/space/"],
    ]  # fmt: skip
    text_file("03-excel-unicode-text.txt", rows, sep="\t", encoding="utf-16-le", newline="\r\n", bom="\ufeff")


def case04() -> None:
    """A Google Forms response sheet downloaded as CSV: a BOM, CRLF, timestamps, e-mails, question-style headers."""
    rows = [
        ["Timestamp", "Email Address", "Activity ID", "Reporting year", "Your ITU Sector / Bureau",
         "Title of activity", "Short description", "Which WSIS Action Lines does the activity support?",
         "Which SDGs does the activity contribute to?", "Start date", "End date", "Status", "Region", "Countries",
         "Partners", "Link to more information"],
        ["2025/11/03 10:22:01 AM GMT+1", "a.focal@itu.int", "TSB-25-11", "2025", "TSB",
         "Focus group on AI for autonomous and assisted driving",
         "Pre-standardization work on the assessment of AI drivers.",
         "C7 e-environment, C11 International and regional cooperation", "SDG 9, SDG 11",
         "2025-02-01", "2025-12-31", "Ongoing", "Global", "", "UNECE", "https://www.itu.int/en/ITU-T/focusgroups/"],
        ["2025/11/03 11:05:40 AM GMT+1", "b.focal@itu.int", "TSB-25-12", "2025",
         "Telecommunication Standardization Bureau (TSB)",
         "Bridging the standardization gap workshops",
         "Regional workshops helping developing countries take part in standards work.",
         "C4 Capacity building, C11 International and regional cooperation", "SDG 9, SDG 17",
         "2025-03-10", "2025-10-20", "Completed", "Africa", "Ghana, Nigeria", "",
         "https://www.itu.int/en/ITU-T/gap/"],
        ["2025/11/04 09:12:13 AM GMT+1", "c.focal@itu.int", "TSB-25-13", "2025", "ITU-T (TSB)",
         "Security standards for quantum key distribution networks",
         "Recommendations on the security of quantum key distribution networks.",
         "C5 Building confidence and security in the use of ICTs", "SDG 9",
         "2025-01-15", "", "Ongoing", "Global", "", "ETSI", "https://www.itu.int/en/ITU-T/studygroups/"],
    ]  # fmt: skip
    text_file("04-google-forms-responses.csv", rows, sep=",", encoding="utf-8", newline="\r\n", bom="\ufeff")


def case05() -> None:
    """A TSV dumped from a database: upper snake_case column names, ISO3 countries, timestamps, coded values."""
    rows = [
        ["ACTIVITY_ID", "REPORTING_YEAR", "SECTOR_CODE", "ACTIVITY_TITLE", "ACTIVITY_DESC", "WSIS_AL", "SDG_TARGETS",
         "START_DT", "END_DT", "STATUS", "REGION", "COUNTRY_ISO3", "PARTNERS", "URL"],
        ["BDT-4411", "2025", "BDT", "Smart villages programme in the Sahel",
         "Connectivity and digital services for rural villages.", "C2;C7 e-agriculture", "1.4;9.c;2.3",
         "2025-01-06 00:00:00", "2025-12-19 00:00:00", "ONGOING", "AFR", "NER;MLI;BFA", "FAO;UNDP",
         "https://www.itu.int/en/ITU-D/smart-villages/"],
        ["BDT-4412", "2025", "BDT", "Digital public infrastructure readiness assessments",
         "Assessment of readiness for digital public infrastructure in five countries.", "C1;C7 e-government",
         "16.6;17.8", "2025-02-17 00:00:00", "", "ONGOING", "ASP", "KHM;LAO;NPL", "UNDP",
         "https://www.itu.int/en/ITU-D/dpi/"],
        ["BDT-4413", "2025", "BDT", "Child online protection guidelines roll-out",
         "Roll-out of the child online protection guidelines with national authorities.", "C5;C10",
         "16.2;4.a", "2025-04-01 00:00:00", "2025-09-30 00:00:00", "CLOSED", "EUR", "ALB;MKD", "UNICEF",
         "https://www.itu-cop.org/"],
    ]  # fmt: skip
    text_file("05-database-export.tsv", rows, sep="\t", encoding="utf-8", newline="\n")


def case06() -> None:
    """A cover sheet, then the table on a second sheet (the source LibreOffice saved as .xls)."""
    wb = workbook()
    cover = wb.create_sheet("Cover")
    put(cover, "B2", [["ITU Radiocommunication Sector"], ["Contribution to WSIS and the SDGs, 2025"], [None],
                      ["Prepared by:", "BR Strategic Planning"], ["Date:", dt.date(2026, 1, 12)],
                      ["Contents:", "sheet 'Activities 2025'"]])  # fmt: skip
    cover["B2"].font = Font(bold=True, size=16)
    data = wb.create_sheet("Activities 2025")
    put(data, "A1", [
        ["Activity ID", "Year", "Sector", "Activity title", "Description", "WSIS Action Lines", "SDGs", "Start date",
         "End date", "Status", "Region", "Countries", "Partners", "Link"],
        ["BR-25-01", 2025, "ITU-R", "Regional Radiocommunication Seminar for the Americas",
         "Seminar on spectrum management and satellite regulation for regulators.", "C2; C6", "9; 9.c",
         dt.date(2025, 5, 12), dt.date(2025, 5, 16), "Completed", "Americas", "Brazil; Paraguay", "CITEL",
         "https://www.itu.int/en/ITU-R/seminars/rrs/"],
        ["BR-25-02", 2025, "ITU-R", "Early warning systems spectrum guidance",
         "Guidance on spectrum for early warning and disaster relief systems.", "C2; C7 e-environment",
         "11.5; 13.1", dt.date(2025, 3, 1), None, "Ongoing", "Global", None, "WMO",
         "https://www.itu.int/en/ITU-R/early-warnings/"],
        ["BR-25-03", 2025, "ITU-R", "Spectrum fees study", "Study of national spectrum fee practices.", "C6", "17.6",
         dt.date(2025, 9, 1), dt.date(2025, 12, 15), "Completed", "Europe", "Albania; Moldova", None,
         "https://www.itu.int/en/ITU-R/study-groups/"],
    ])  # fmt: skip
    bold(data, 1)
    save(wb, "06-libreoffice-xls-cover-sheet.source.xlsx")


def case07() -> None:
    """The table at C6 under a merged title and a tall logo row (the source LibreOffice saved as .ods)."""
    wb = workbook()
    ws = wb.create_sheet("ITU-T 2025")
    ws["C1"] = "International Telecommunication Union"
    ws.row_dimensions[2].height = 60  # the row the logo picture sits on
    ws["C3"] = "ITU-T activities contributing to WSIS Action Lines and SDGs, reporting year 2025"
    ws.merge_cells("C3:P3")
    ws["C3"].font = Font(bold=True, size=14)
    ws["C3"].alignment = Alignment(horizontal="center")
    ws["C4"] = "Please do not change the column headings."
    put(ws, "C6", [
        ["Activity ID", "Year", "Sector", "Activity title", "Description", "WSIS Action Lines", "SDGs", "Start date",
         "End date", "Status", "Region", "Countries", "Partners", "Link"],
        ["T25-101", 2025, "ITU-T", "AI for Good Global Summit 2025",
         "Summit identifying practical applications of AI to advance the SDGs.", "C4; C11", "9; 17",
         dt.date(2025, 7, 8), dt.date(2025, 7, 11), "Completed", "Global", None, "40 UN agencies",
         "https://aiforgood.itu.int/"],
        ["T25-102", 2025, "ITU-T", "Green digital action",
         "Standards on e-waste and energy efficiency of digital technologies.", "C7 e-environment", "12.5; 13",
         dt.date(2025, 1, 1), dt.date(2025, 12, 31), "Ongoing", "Global", None, "UNEP",
         "https://www.itu.int/en/ITU-T/climatechange/"],
        ["T25-103", 2025, "ITU-T", "Digital financial services security lab",
         "Security testing of mobile money applications.", "C5; C7 e-business", "8.10; 9",
         dt.date(2025, 2, 3), dt.date(2025, 11, 28), "Ongoing", "Africa", "Tanzania; Zambia", "Gates Foundation",
         "https://figi.itu.int/"],
    ])  # fmt: skip
    bold(ws, 6)
    save(wb, "07-libreoffice-ods-offset-title-logo.source.xlsx")


def case08() -> None:
    """Two-row headers ('Period' over 'From'/'To', 'Alignment' over the tags), frozen panes, filter buttons."""
    wb = workbook()
    ws = wb.create_sheet("GS activities")
    put(ws, "A1", [
        ["Ref.", "Year", "Unit", "Activity", "Details", "Alignment", None, "Period", None, "Status", "Region"],
        [None, None, None, None, None, "WSIS Action Lines", "SDGs", "From", "To", None, None],
        ["GS-25-01", 2025, "GS", "Partner2Connect Digital Coalition",
         "Multistakeholder alliance mobilizing pledges for meaningful connectivity.", "C2; C6", "9.c; 17.8",
         dt.date(2025, 1, 1), dt.date(2025, 12, 31), "ongoing", "Global"],
        ["GS-25-02", 2025, "GS", "Facts and Figures 2025", "Annual publication of global ICT statistics.", "C3; C11",
         "17.6.1; 17.8.1; 9.c.1", dt.date(2025, 11, 17), dt.date(2025, 11, 17), "completed", "Global"],
        ["GS-25-03", 2025, "GS", "WSIS Forum 2025", "Annual forum on the implementation of the WSIS outcomes.",
         "C1; C11", "17", dt.date(2025, 7, 7), dt.date(2025, 7, 11), "completed", "Global"],
    ])  # fmt: skip
    for top in ("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:G1", "H1:I1", "J1:J2", "K1:K2"):
        ws.merge_cells(top)
    bold(ws, 1)
    bold(ws, 2)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = "A2:K5"
    save(wb, "08-two-row-headers-frozen-filter.xlsx")


def case09() -> None:
    """A pivot-like summary sheet first, the data sheet second."""
    wb = workbook()
    summary = wb.create_sheet("Summary")
    put(summary, "A1", [
        ["Count of Activity ID", "Column Labels"],
        ["Row Labels", "ITU-D", "Grand Total"],
        ["C2", 2, 2],
        ["C4", 1, 1],
        ["C5", 1, 1],
        ["Grand Total", 3, 3],
    ])  # fmt: skip
    data = wb.create_sheet("Data")
    put(data, "A1", [
        ["Activity ID", "Year", "Sector", "Activity title", "Description", "WSIS Action Lines", "SDGs", "Start date",
         "End date", "Status", "Region", "Countries", "Partners", "Link"],
        ["D25-31", 2025, "ITU-D", "Giga school connectivity mapping", "Mapping of school connectivity with UNICEF.",
         "C2", "4.a; 9.c", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "ongoing", "Global", None, "UNICEF",
         "https://giga.global/"],
        ["D25-32", 2025, "ITU-D", "Regional cyberdrill for Europe", "Cyber incident response exercise for CIRTs.",
         "C5", "16; 17.9", dt.date(2025, 10, 6), dt.date(2025, 10, 8), "completed", "Europe", "Montenegro; Serbia",
         "FIRST", "https://www.itu.int/en/ITU-D/Cybersecurity/"],
        ["D25-33", 2025, "ITU-D", "ICT infrastructure business planning toolkit",
         "Toolkit for planning broadband networks in rural areas.", "C2; C4", "9.1; 4.4", dt.date(2025, 4, 1),
         dt.date(2025, 9, 30), "completed", "Americas", "Guatemala", None, "https://www.itu.int/en/ITU-D/"],
    ])  # fmt: skip
    save(wb, "09-pivot-summary-then-data.xlsx")


def case10() -> None:
    """Rows grouped by sector under merged sub-heading rows, the sector repeated on each row."""
    wb = workbook()
    ws = wb.create_sheet("All sectors")
    header = ["Activity ID", "Year", "Sector", "Activity title", "Description", "WSIS Action Lines", "SDGs",
              "Start date", "End date", "Status", "Region", "Link"]  # fmt: skip
    rows: list[list[Any]] = [header]
    groups = [
        ("Radiocommunication Sector (ITU-R)", [
            ["R-01", 2025, "ITU-R", "Spectrum for IMT in rural areas", "Handbook on rural spectrum use.", "C2",
             "9.1", dt.date(2025, 2, 1), None, "ongoing", "Global", "https://www.itu.int/en/ITU-R/"],
        ]),
        ("Standardization Sector (ITU-T)", [
            ["T-01", 2025, "ITU-T", "Digital health interoperability standards",
             "Standards for interoperable digital health records.", "C7 e-health", "3.8", dt.date(2025, 3, 1), None,
             "ongoing", "Global", "https://www.itu.int/en/ITU-T/"],
            ["T-02", 2025, "ITU-T", "Accessibility of ICTs standards", "Standards for accessible ICT products.",
             "C3; C10", "10.2", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "ongoing", "Global",
             "https://www.itu.int/en/ITU-T/accessibility/"],
        ]),
        ("Development Sector (ITU-D)", [
            ["D-01", 2025, "ITU-D", "Digital skills toolkit for Africa", "Digital skills assessments in Africa.",
             "C4", "4.4", dt.date(2025, 4, 1), dt.date(2025, 10, 31), "completed", "Africa",
             "https://academy.itu.int/"],
        ]),
    ]  # fmt: skip
    merges = []
    for heading, items in groups:
        rows.append([heading])
        merges.append(f"A{len(rows)}:L{len(rows)}")
        rows.extend(items)
    put(ws, "A1", rows)
    for ref in merges:
        ws.merge_cells(ref)
        ws[ref.split(":")[0]].font = Font(bold=True)
        ws[ref.split(":")[0]].fill = PatternFill("solid", fgColor="DDEBF7")
    bold(ws, 1)
    save(wb, "10-grouped-by-sector-subheadings.xlsx")


def case11() -> None:
    """A blank row in the middle, an upper-case TOTAL row with a count, 'Prepared by:' and 'Date:' lines."""
    wb = workbook()
    ws = wb.create_sheet("Sheet1")
    put(ws, "A1", [
        ["Activity ID", "Year", "Sector", "Activity title", "Description", "WSIS Action Lines", "SDGs", "Start date",
         "End date", "Status", "Region", "Countries"],
        ["D-2025-11", 2025, "ITU-D", "Broadband maps for Latin America", "Open broadband maps with regulators.",
         "C2", "9.c", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "ongoing", "Americas", "Colombia; Ecuador"],
        ["D-2025-12", 2025, "ITU-D", "Women in cyber mentorship", "Mentorship programme for women in cybersecurity.",
         "C5; C4", "5.b; 16", dt.date(2025, 3, 8), dt.date(2025, 12, 1), "ongoing", "Arab States", "Jordan; Oman"],
        [],
        ["D-2025-13", 2025, "ITU-D", "Digital inclusion of persons with disabilities",
         "Accessible ICT policy support.", "C3", "10.2", dt.date(2025, 6, 1), dt.date(2025, 11, 30), "completed",
         "Asia-Pacific", "Bhutan"],
        ["D-2025-14", 2025, "ITU-D", "Network resilience for small islands", "Resilient network planning support.",
         "C2; C7 e-environment", "13.1; 9.1", dt.date(2025, 2, 15), dt.date(2025, 9, 15), "completed",
         "Americas", "Dominica; Grenada"],
        [],
        [None, None, None, "TOTAL", None, None, None, None, None, None, None, "4 activities"],
        [],
        ["Prepared by: M. Diallo, BDT"],
        ["Date: 12/01/2026"],
    ])  # fmt: skip
    bold(ws, 1)
    ws["D8"].font = Font(bold=True)
    save(wb, "11-blank-row-total-prepared-by.xlsx")


def case12() -> None:
    """A hidden helper column inside the table, and reviewer notes right of it after an empty column."""
    wb = workbook()
    ws = wb.create_sheet("Activities")
    put(ws, "A1", [
        ["Activity ID", "Year", "Sector", "Activity title", "Description", "WSIS Action Lines", "lookup", "SDGs",
         "Status", "Region", "Link", None, "Reviewer comments"],
        ["GS-A1", 2025, "GS", "Youth digital skills campaign", "Campaign promoting digital skills for youth.", "C4",
         "GS|C4", "4.4; 8.6", "ongoing", "Global", "https://www.itu.int/generationconnect/", None,
         "OK - check SDG 8"],
        ["GS-A2", 2025, "GS", "Gender equality in the ITU workforce survey", "Survey of gender balance in ICT jobs.",
         "C8; C10", "GS|C8", "5.5", "completed", "Global", "https://www.itu.int/en/action/gender-equality/",
         None, None],
        ["GS-A3", 2025, "GS", "Connect2Recover", "Resilient connectivity for recovery in least developed countries.",
         "C2", "GS|C2", "9.c; 17.8", "ongoing", "Africa", "https://www.itu.int/en/ITU-D/connect2recover/", None,
         "title to confirm"],
    ])  # fmt: skip
    ws.column_dimensions["G"].hidden = True
    bold(ws, 1)
    save(wb, "12-hidden-helper-notes-right.xlsx")


def case13() -> None:
    """Spanish headers and values: sectors, statuses, regions, countries in Spanish, dates in words."""
    wb = workbook()
    ws = wb.create_sheet("Actividades")
    put(ws, "A1", [
        ["Identificador", "Año", "Sector", "Título de la actividad", "Descripción", "Líneas de acción de la CMSI",
         "ODS", "Fecha de inicio", "Fecha de finalización", "Estado", "Región", "Países", "Socios", "Enlace"],
        ["UIT-D-AM-01", 2025, "UIT-D", "Conectividad para escuelas rurales",
         "Conexión de escuelas rurales y formación de docentes.", "C2; C7 (ciberaprendizaje)", "ODS 4; ODS 9",
         "15 de marzo de 2025", "diciembre 2025", "en curso", "Américas", "México; Perú; Brasil", "UNICEF",
         "https://www.itu.int/es/ITU-D/"],
        ["UIT-D-AM-02", 2025, "UIT-D", "Estrategia nacional de ciberseguridad",
         "Apoyo a la estrategia nacional de ciberseguridad.", "LA C5", "ODS 16", "1 de febrero de 2025",
         "30 de junio de 2025", "finalizado", "Américas", "República Dominicana; Panamá", "OEA",
         "https://www.itu.int/es/ITU-D/Cybersecurity/"],
        ["UIT-D-EU-03", 2025, "UIT-D", "Alfabetización digital de personas mayores",
         "Cursos de competencias digitales para personas mayores.", "C4", "ODS 4.4; ODS 10.2", "abril 2025",
         "noviembre 2025", "finalizado", "Europa", "España; Alemania; Reino Unido", None,
         "https://www.itu.int/es/ITU-D/Digital-Inclusion/"],
    ])  # fmt: skip
    bold(ws, 1)
    save(wb, "13-spanish-headers-and-values.xlsx")


def case14() -> None:
    """Action lines and SDGs in the many ways people write them, with stray and non-breaking spaces."""
    wb = workbook()
    ws = wb.create_sheet("Activities")
    put(ws, "A1", [
        ["Activity ID", "Year", "Sector", "Activity title", "Description", "WSIS Action Lines", "SDGs"],
        ["AL-01", 2025, "ITU-D", "Cyber capacity for regulators", "National CIRT support.", "AL C5", "SDG 16"],
        ["AL-02", 2025, "ITU-D", "Broadband policy toolkit", "Regulatory toolkit for broadband.", "C.2 ; C.6",
         "Goal 9"],
        ["AL-03", 2025, "ITU-D", "Cybersecurity index",
         "Global measurement of cybersecurity commitments.",
         "C5 - Building confidence and security in the use of ICTs", f"SDG{NBSP}9, SDG 16"],
        ["AL-04", 2025, "ITU-T", "Telehealth standards", "Standards for telehealth devices.", "C7 (e-health)",
         "Target 3.8"],
        ["AL-05", 2025, "ITU-D", "Digital skills in schools", "Teacher training in digital skills.",
         f"C4{NBSP}; C7 (e-learning)", "4.1, 4.4"],
        ["AL-06", 2025, "ITU-R", "Satellite connectivity for schools", "Satellite backhaul for schools.",
         "Action Line C2", f" Target 9.c{NBSP}"],
        ["AL-07", 2025, "ITU-D", "Measuring the information society", "ICT statistics and indicators.", "c3 ,  c11",
         "Goals 9 and 17"],
        ["AL-08", 2025, "GS", "Digital public goods registry", "Open registry of digital public goods.", "C7.1",
         "SDG 17 (17.6)"],
    ])  # fmt: skip
    save(wb, "14-action-line-and-sdg-spellings.xlsx")


def case15() -> None:
    """Dates and years in other forms: serial numbers as text, words, quarters, a bare year, '2025.0' years."""
    wb = workbook()
    ws = wb.create_sheet("Activities")
    put(ws, "A1", [
        ["Activity ID", "Year", "Sector", "Activity title", "Description", "WSIS Action Lines", "SDGs", "Start date",
         "End date"],
        ["DT-01", "2025.0", "ITU-D", "Spectrum pricing study", "Study of spectrum pricing.", "C6", "9.1", "45658",
         "45838"],
        ["DT-02", 2025, "ITU-D", "ICT accessibility week", "Events on accessible ICTs.", "C3", "10.2",
         "15 March 2025", "21 March 2025"],
        ["DT-03", 2025, "ITU-D", "Rural connectivity fund design", "Design of universal service funds.", "C2; C6",
         "9.c", "Q2 2025", "Q4 2025"],
        ["DT-04", 2025, "ITU-D", "E-waste policy support", "Support for national e-waste policies.",
         "C7 e-environment", "12.5", "2025", "2025"],
        ["DT-05", 2025.0, "ITU-D", "Digital ID for refugees", "Pilot of digital ID services.", "C7 e-government",
         "16.9", "Sept. 2025", "ongoing"],
    ])  # fmt: skip
    save(wb, "15-dates-and-years-in-other-forms.xlsx")


def case16() -> None:
    """URLs without a scheme, countries as ISO3 codes and short names with and without accents."""
    wb = workbook()
    ws = wb.create_sheet("Activities")
    put(ws, "A1", [
        ["Activity ID", "Year", "Sector", "Activity title", "Description", "WSIS Action Lines", "SDGs", "Countries",
         "Link"],
        ["CU-01", 2025, "ITU-D", "Regulatory forum for West Africa", "Annual regulators' forum.", "C6", "9",
         "CIV, SEN, GHA", "www.itu.int/en/ITU-D/Regional-Presence/Africa/"],
        ["CU-02", 2025, "ITU-D", "Cybersecurity cooperation with Europe", "Exchange of CIRT practice.", "C5", "16",
         "UK; USA; Türkiye", "itu.int/go/cyber"],
        ["CU-03", 2025, "ITU-D", "French-speaking Africa digital skills", "Digital skills courses in French.", "C4",
         "4.4", "Cote d'Ivoire; Côte d’Ivoire; DR Congo", "https://academy.itu.int"],
        ["CU-04", 2025, "ITU-D", "Asia-Pacific connectivity", "Connectivity projects in Asia-Pacific.", "C2", "9.c",
         "Viet Nam; Lao PDR; Republic of Korea; Micronesia (Federated States of)", "http://www.itu.int/asp"],
        ["CU-05", 2025, "ITU-D", "Digital agriculture in Latin America", "E-agriculture pilots.",
         "C7 e-agriculture", "2.3", "Bolivia (Plurinational State of); Venezuela (Bolivarian Republic of)",
         "https://www.itu.int/en/ITU-D/ "],
    ])  # fmt: skip
    save(wb, "16-urls-and-countries.xlsx")


def case17() -> None:
    """French headers with line breaks and values, period group heading (the source LibreOffice saved as .xlsx)."""
    wb = workbook()
    ws = wb.create_sheet("Activités")
    put(ws, "A1", [
        ["Rapport du Secteur du développement des télécommunications (UIT-D), année 2025"],
        [],
        ["Identifiant", "Année", "Secteur", "Intitulé de\nl'activité", "Description", "Lignes d'action\ndu SMSI",
         "ODD\nconcernés", "Période", None, "Statut", "Région", "Pays"],
        [None, None, None, None, None, None, None, "Début", "Fin", None, None, None],
        ["D-FR-01", 2025, "UIT-D", "Cybersanté au Sahel", "Appui aux services de cybersanté.", "C7 cybersanté",
         "ODD 3", dt.date(2025, 2, 1), dt.date(2025, 12, 31), "en cours", "Afrique", "Niger; Tchad; Mali"],
        ["D-FR-02", 2025, "UIT-D", "Réglementation des télécommunications en Afrique centrale",
         "Harmonisation des cadres réglementaires.", "C6", "ODD 9; ODD 17", dt.date(2025, 3, 1),
         dt.date(2025, 10, 31), "terminé", "Afrique", "Gabon; Congo; République centrafricaine"],
        ["D-FR-03", 2025, "UIT-D", "Compétences numériques des femmes", "Formations pour les femmes entrepreneures.",
         "C4; C7 cyberemploi", "ODD 5; 5.b", dt.date(2025, 5, 1), None, "en cours", "États arabes",
         "Maroc; Algérie; Liban"],
    ])  # fmt: skip
    ws.merge_cells("H3:I3")
    for ref in ("A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:F4", "G3:G4", "J3:J4", "K3:K4", "L3:L4"):
        ws.merge_cells(ref)
    bold(ws, 3)
    bold(ws, 4)
    save(wb, "17-libreoffice-xlsx-french.source.xlsx")


def case18() -> None:
    """A pandas to_csv of a frame with list columns (written as Python reprs), its index and float years."""
    frame = pd.DataFrame(
        {
            "activity_id": ["P-01", "P-02", "P-03"],
            "year": [2025.0, 2025.0, 2025.0],
            "sector": ["ITU-T", "ITU-T", "ITU-T"],
            "title": ["Quantum information technology standards", "Digital twin networks", "IPTV accessibility"],
            "description": [
                "Standards on quantum key distribution networks.",
                "Architecture of digital twin networks.",
                "Accessible IPTV services for persons with disabilities.",
            ],
            "action_lines": [["C5", "C2"], ["C2"], ["C3", "C10"]],
            "sdgs": [["9", "9.1"], ["9"], ["10", "10.2"]],
            "start_date": ["2025-01-01", "2025-03-01", "2025-05-01"],
            "status": ["ongoing", "ongoing", "completed"],
            "region": ["Global", "Global", "Global"],
        }
    )
    frame.to_csv(HERE / "18-pandas-to-csv-list-reprs.csv")  # index=True, as pandas defaults


def case19() -> None:
    """Excel 'CSV UTF-8' of a formatted sheet: title rows, trailing ';' for formatted empty cells, a TOTAL row."""
    width = 16
    rows: list[list[Any]] = [
        ["ITU-T contributions 2025"],
        [],
        ["Activity ID", "Year", "Sector", "Activity title", "Description", "WSIS Action Lines", "SDGs",
         "Start date", "End date", "Status", "Region", "Link"],
        ["TS-01", "2025", "ITU-T", "Standardization of 5G-Advanced", "Study group work on 5G-Advanced systems.",
         "C2", "9.1; 9.c", "06/01/2025", "19/12/2025", "ongoing", "Global", "https://www.itu.int/en/ITU-T/"],
        ["TS-02", "2025", "ITU-T", "Smart sustainable cities key performance indicators",
         "Indicators for smart sustainable cities.", "C7 e-environment; C6", "11.3; 11.6", "13/01/2025",
         "31/12/2025", "ongoing", "Global", "https://u4ssc.itu.int/"],
        ["TS-03", "2025", "ITU-T", "Conformity and interoperability events",
         "Testing events for equipment conformity.", "C6", "9.b", "14/04/2025", "18/04/2025", "completed",
         "Africa", "https://www.itu.int/en/ITU-T/C-I/"],
        ["", "", "", "TOTAL", "", "", "", "", "", "", "", "3"],
    ]  # fmt: skip
    padded = [row + [""] * (width - len(row)) for row in rows]
    text_file("19-excel-csv-trailing-separators.csv", padded, sep=";", encoding="utf-8", newline="\r\n",
              bom="\ufeff")  # fmt: skip


def case20() -> None:
    """An Excel table (ListObject) with a placeholder 'Column1' header on an empty column and a totals row."""
    wb = workbook()
    ws = wb.create_sheet("Table")
    put(ws, "A1", [
        ["Activity ID", "Year", "Sector", "Activity title", "Description", "WSIS Action Lines", "SDGs", "Status",
         "Column1"],
        ["XT-01", 2025, "ITU-D", "Digital Coalition pledges", "Pledges for meaningful connectivity.", "C2", "9.c",
         "ongoing", None],
        ["XT-02", 2025, "ITU-D", "Last-mile connectivity in the Pacific", "Connectivity for island communities.",
         "C2; C4", "9.1; 17.8", "completed", None],
        ["XT-03", 2025, "ITU-D", "Disaster connectivity maps", "Maps of connectivity after disasters.",
         "C7 e-environment", "13.1", "ongoing", None],
        ["Total", "=SUBTOTAL(103,Table1[Year])", None, None, None, None, None, None, None],
    ])  # fmt: skip
    ws["B5"].value = 3  # the cached value a spreadsheet program would show (openpyxl writes no cached values)
    table = Table(displayName="Table1", ref="A1:I5", totalsRowCount=1)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    table._initialise_columns()
    table.tableColumns[0].totalsRowLabel = "Total"
    table.tableColumns[1].totalsRowFunction = "count"
    ws.add_table(table)
    save(wb, "20-excel-table-column1-totals.xlsx")


# -------------------------------------------------------- second round: written after the fixes, never tuned on


def case21() -> None:
    """A French Google Forms export: BOM, CRLF, French question headers, full French Sector names, quarters."""
    rows = [
        ["Horodateur", "Identifiant de l'activité", "Année", "Quel Secteur ou Bureau de l'UIT ?",
         "Intitulé de l'activité", "Description", "Quelles grandes orientations du SMSI ?",
         "Quels ODD sont concernés ?", "Date de début", "Date de fin", "Statut", "Région", "Pays"],
        ["03/11/2025 10:02:11", "BDT-FR-21", "2025", "Bureau de développement des télécommunications (BDT)",
         "Haut débit pour les écoles rurales", "Connexion d'écoles rurales et formation des enseignants.",
         "C2, C7 cyberapprentissage", "ODD 4, ODD 9", "T1 2025", "T4 2025", "En cours", "Région Afrique",
         "Bénin, Togo"],
        ["04/11/2025 16:45:00", "BDT-FR-22", "2025", "UIT-D (BDT)", "Cyberstratégies nationales",
         "Appui à l'élaboration de stratégies nationales de cybersécurité.", "C5", "ODD 16", "15 avril 2025",
         "en cours", "En préparation", "États arabes", "Maroc, Tunisie"],
    ]  # fmt: skip
    text_file("21-google-forms-french.csv", rows, sep=",", encoding="utf-8", newline="\r\n", bom="\ufeff")


def case22() -> None:
    """A CSV from Spanish Excel: ';', cp1252, 'Nº' for the ID, Spanish values, 'LA' action lines, month names."""
    rows = [
        ["Nº", "Año", "Sector", "Título", "Descripción", "Línea de acción", "ODS", "Inicio", "Fin", "Estado",
         "Región", "País"],
        ["UITD-ES-01", "2025", "Sector de Desarrollo de las Telecomunicaciones", "Mujeres en la ciberseguridad",
         "Programa de mentoría para mujeres en ciberseguridad.", "LA C5; LA C4", "ODS 5; ODS 16", "marzo 2025",
         "noviembre 2025", "Finalizada", "Américas", "Colombia; Perú; Chile"],
        ["UITD-ES-02", "2025", "UIT-D", "Agricultura digital en Centroamérica",
         "Pilotos de agricultura electrónica.", "LA C7 (ciberagricultura)", "ODS 2", "1 de junio de 2025", "",
         "En curso", "Américas", "Guatemala; Honduras; El Salvador"],
    ]  # fmt: skip
    text_file("22-excel-es-semicolon-cp1252.csv", rows, sep=";", encoding="cp1252", newline="\r\n")


def case23() -> None:
    """A pandas frame with two-level columns ('Dates' over 'Start'/'End') written by to_excel with its index."""
    columns = pd.MultiIndex.from_tuples(
        [("Activity", "ID"), ("Activity", "Title"), ("Activity", "Sector"), ("Activity", "Year"),
         ("Tags", "WSIS Action Lines"), ("Tags", "SDGs"), ("Dates", "Start"), ("Dates", "End")]
    )  # fmt: skip
    frame = pd.DataFrame(
        [
            ["MI-01", "Emergency telecommunications exercise", "ITU-D", 2025, "C2; C7 e-environment", "13.1",
             pd.Timestamp("2025-05-05"), pd.Timestamp("2025-05-09")],
            ["MI-02", "Broadband commission report", "GS", 2025, "C2; C11", "9.c; 17.8",
             pd.Timestamp("2025-09-20"), pd.Timestamp("2025-09-20")],
        ],
        columns=columns,
    )  # fmt: skip
    frame.to_excel(HERE / "23-pandas-multiindex-columns.xlsx", sheet_name="Export")
    stable(HERE / "23-pandas-multiindex-columns.xlsx")


def case24() -> None:
    """A lower-case snake_case CSV from another database: other words for every column."""
    rows = [
        ["activity_ref", "report_year", "bureau", "activity_name", "summary", "al_codes", "sdg_codes", "begin_date",
         "finish_date", "activity_status", "itu_region", "iso_country_codes", "website"],
        ["TSB-DB-1", "2025", "TSB", "Machine learning for 5G challenge", "Global challenge on machine learning in "
         "networks.", "C4|C7 e-science", "9.5|4.4", "2025-03-01", "2025-12-15", "on-going", "Global", "", "https://challenge.aiforgood.itu.int/"],
        ["TSB-DB-2", "2025", "TSB", "Digital finance security", "Security assurance of digital finance services.",
         "C5|C7 e-business", "8.10|1.4", "2025-01-20", "", "in preparation", "Africa Region", "EGY|TZA",
         "https://figi.itu.int/"],
    ]  # fmt: skip
    text_file("24-database-export-lowercase.csv", rows, sep=",", encoding="utf-8", newline="\n")


CASES = [case01, case02, case03, case04, case05, case06, case07, case08, case09, case10, case11, case12, case13,
         case14, case15, case16, case17, case18, case19, case20, case21, case22, case23, case24]  # fmt: skip


def libreoffice() -> None:
    """Convert each LibreOffice case's source with soffice (headless) into the committed file."""
    with tempfile.TemporaryDirectory() as out:
        for stem, fmt in LIBREOFFICE.items():
            source = HERE / f"{stem}.source.xlsx"
            subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", out, str(source)], check=True,
                           capture_output=True)  # fmt: skip
            shutil.move(Path(out) / f"{stem}.source.{fmt}", HERE / f"{stem}.{fmt}")


if __name__ == "__main__":
    if "--libreoffice" in sys.argv:
        libreoffice()
    else:
        for make in CASES:
            make()
