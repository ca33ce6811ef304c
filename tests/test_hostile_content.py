"""Hostile cell content and names: HTML pages escape it, every CSV/XLSX written neutralises it, names stay inside."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import threading
import urllib.request
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import openpyxl
import pytest
from builders import HEADER, activity
from hypothesis import given, settings
from hypothesis import strategies as st

from itu_contrib.cli import main
from itu_contrib.outputs import safe_child

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
]
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    'https://www.itu.int/"><script>alert(1)</script>',
    "//evil.example/x",
]
SAFE_URL = "https://www.itu.int/en/ITU-D/Pages/default.aspx"
#: Text fields of the activity table (everything but the dates and the year).
TEXT_FIELDS = [
    "activity_id", "sector", "title", "description", "action_lines", "sdgs", "status", "region", "countries",
    "partners",
]  # fmt: skip
#: File and sheet names as hostile as a filesystem and Excel allow ('/' is forbidden in both).
XLSX_NAME = "..evil.xlsx"
CSV_NAMES = ["=cmd|' -C calc'!A0.csv", '"><img src=x onerror=alert(1)>.csv']
SHEETS = ["<svg onload=alert(1)>", '"><img src=x onerror=alert(1)>']
DANGEROUS = re.compile(r"[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]|\s+[=+\-@]")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def hostile_rows(prefix: str) -> list[list[Any]]:
    """A header and, per payload, one row with it in every text field and one otherwise valid row carrying it."""
    rows: list[list[Any]] = [HEADER]
    for i, payload in enumerate(PAYLOADS):
        everywhere = dict.fromkeys(TEXT_FIELDS, payload)
        everywhere["activity_id"] = f"{payload}{prefix}{i}"
        rows.append(activity(i + 1, **everywhere, url=HOSTILE_URLS[i % len(HOSTILE_URLS)]))
        rows.append(
            activity(
                i + 100,
                activity_id=f"{prefix}-{i}",
                title=f"{payload} title",
                description=payload,
                partners=payload,
                countries=f"Kenya; {payload}",
                url=HOSTILE_URLS[(i + 3) % len(HOSTILE_URLS)],
            )
        )
    rows.append(activity(900, activity_id=f"{prefix}-safe", url=SAFE_URL))
    rows.append(activity(901, activity_id=f"{prefix}-year", year="-2+3"))
    return rows


def write_text_cells_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook whose text cells are stored as text (openpyxl would otherwise store '=...' as a formula)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cells in ws.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    wb.save(path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    """Run the command line in-process; (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of submissions full of payloads: an xlsx with two hostile sheet names and two CSVs."""
    folder = tmp_path_factory.mktemp("hostile") / "in"
    folder.mkdir()
    write_text_cells_xlsx(folder / XLSX_NAME, {SHEETS[0]: hostile_rows("X"), SHEETS[1]: hostile_rows("Y")})
    for n, name in enumerate(CSV_NAMES):
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(["" if v is None else v for v in row] for row in hostile_rows(f"C{n}"))
    return folder


@pytest.fixture(scope="module")
def outputs(inputs: Path) -> dict[str, Any]:
    """Every output of every command over the hostile inputs (files, and what went to standard output).

    The files are named one by one: given a folder, the tool skips '..evil.xlsx' as a hidden file.
    """
    out = inputs.parent / "out"
    files = [str(inputs / name) for name in (XLSX_NAME, *CSV_NAMES)]
    got: dict[str, Any] = {"dir": out}
    assert (
        run("report", *files, "-o", str(out / "report.html"), "--tables", str(out / "tables"))[0] == 1
    )  # rows with errors are left out of the report
    assert run("validate", *files, "--format", "html", "-o", str(out / "validation.html"))[0] == 1
    assert run("validate", *files, "--format", "csv", "-o", str(out / "problems.csv"))[0] == 1
    got["problems_stdout"] = run("validate", *files, "--format", "csv")[1]
    code, _, err = run("validate", *files, "--annotate", str(out / "annotated"))
    assert code == 1, err
    for suffix in ("csv", "xlsx", "json"):
        assert run("tag", *files, "-o", str(out / f"tagged.{suffix}"))[0] == 0
    got["tag_stdout"] = run("tag", *files, "-o", "-")[1]
    return got


# ------------------------------------------------------------------------------------------------- HTML


class _Page(HTMLParser):
    """Every start tag with its attributes, and the text of every script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse_page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


@pytest.mark.parametrize("name", ["report.html", "validation.html"])
def test_html_pages_hold_payloads_only_as_escaped_text(outputs: dict[str, Any], name: str) -> None:
    """The report and the validation page show the payloads as text: no script, tag or event handler comes from them."""
    html = (outputs["dir"] / name).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the payloads did reach the page, escaped
    assert "<script>alert" not in html.lower()
    assert "<img" not in html.lower()
    assert "<svg onload" not in html.lower()
    page = parse_page(html)
    handlers = [(tag, attr) for tag, attrs in page.tags for attr in attrs if attr.lower().startswith("on")]
    assert handlers == []
    assert {tag for tag, _ in page.tags}.isdisjoint({"img", "iframe", "object", "embed", "frame", "base", "form"})
    assert len(page.scripts) == 1  # the report's own script, and nothing from the data
    assert "alert(" not in page.scripts[0]
    for tag, attrs in page.tags:
        for attr in ("href", "src", "action", "formaction", "xlink:href", "srcdoc"):
            value = (attrs.get(attr) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attr, value)


@pytest.mark.parametrize("name", ["report.html", "validation.html"])
def test_only_http_links_become_links(outputs: dict[str, Any], name: str) -> None:
    """Every link is an in-page anchor or an absolute http(s) URL; hostile URLs stay text."""
    page = parse_page((outputs["dir"] / name).read_text(encoding="utf-8"))
    hrefs = [attrs.get("href") or "" for tag, attrs in page.tags if tag == "a"]
    assert all(h.startswith("#") or re.match(r"https?://[^\s\"'<>]+$", h) for h in hrefs), hrefs
    assert not {h for h in hrefs if not h.startswith("#")} - {SAFE_URL}


def test_report_shows_hostile_urls_as_plain_text(outputs: dict[str, Any]) -> None:
    """The report links the one safe URL; a hostile URL's row is left out and its value shown only as text."""
    html = (outputs["dir"] / "report.html").read_text(encoding="utf-8")
    assert f'href="{SAFE_URL}"' in html
    assert "javascript:alert(1)" in html  # in the data-quality list of the rows left out
    assert not re.search(r"href=[\"']?\s*javascript", html, re.IGNORECASE)


# ------------------------------------------------------------------------------------------- CSV / XLSX


def unsafe_csv_cells(text: str) -> list[str]:
    """Cells a spreadsheet could evaluate: starting with = + - @ or a control character, and not a plain number."""
    return [
        cell
        for row in csv.reader(io.StringIO(text))
        for cell in row
        if DANGEROUS.match(cell) and not NUMBER.fullmatch(cell)
    ]


def csv_outputs(outputs: dict[str, Any]) -> Iterator[tuple[str, str]]:
    out = outputs["dir"]
    for path in [out / "problems.csv", out / "tagged.csv", *sorted((out / "tables").glob("*.csv"))]:
        yield path.name, path.read_text(encoding="utf-8-sig")
    yield "validate --format csv (stdout)", outputs["problems_stdout"]
    yield "tag -o - (stdout)", outputs["tag_stdout"]


def test_csv_outputs_have_no_live_formula(outputs: dict[str, Any]) -> None:
    """No cell of any CSV the tool writes (files or standard output) starts with = + - @ or a tab unneutralised."""
    seen = []
    for name, text in csv_outputs(outputs):
        assert unsafe_csv_cells(text) == [], name
        seen.extend(c for row in csv.reader(io.StringIO(text)) for c in row if c.startswith("'"))
    for start in ("'=cmd|' /C calc'!A0", "'=HYPERLINK(", "'+1+1", "'-2+3", "'@SUM(A1)", "'=1+1"):
        assert any(cell.startswith(start) for cell in seen), start  # neutralised, not dropped


def unsafe_xlsx_cells(path: Path, *, copied_sheets: bool = False) -> list[str]:
    """Formula cells, and text cells starting with a dangerous character without an apostrophe.

    With ``copied_sheets``, sheets other than 'Problems' are the submitter's own cells copied into the annotated
    workbook: there a text cell may keep its text if it is stored as text (never as a formula).
    """
    bad = []
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        own = not copied_sheets or ws.title == "Problems"
        for row in ws.iter_rows():
            for cell in row:
                formula = cell.data_type == "f"
                risky = isinstance(cell.value, str) and DANGEROUS.match(cell.value) and (own or cell.data_type != "s")
                if formula or risky:
                    bad.append(f"{path.name}!{ws.title}!{cell.coordinate}: {cell.value!r}")
    return bad


def test_tagged_xlsx_has_no_formula(outputs: dict[str, Any]) -> None:
    """The tagged workbook holds no formula and every dangerous text is neutralised with an apostrophe."""
    path = outputs["dir"] / "tagged.xlsx"
    assert unsafe_xlsx_cells(path) == []
    values = {c.value for ws in openpyxl.load_workbook(path).worksheets for row in ws.iter_rows() for c in row}
    assert "'=cmd|' /C calc'!A0" in values


def test_annotated_workbooks_have_no_formula(outputs: dict[str, Any]) -> None:
    """Annotated copies: the Problems sheet is neutralised; copied cells are text, never formulas."""
    written = sorted((outputs["dir"] / "annotated").iterdir())
    assert len(written) == 3
    for path in written:
        assert unsafe_xlsx_cells(path, copied_sheets=True) == []
        problems = openpyxl.load_workbook(path)["Problems"]
        assert any(str(c.value).startswith("'=") for row in problems.iter_rows() for c in row)


def test_annotated_csv_copies_mark_dangerous_text_as_text(outputs: dict[str, Any]) -> None:
    """A workbook rebuilt from a CSV stores dangerous text with Excel's quote prefix (shown, never evaluated)."""
    path = next(p for p in (outputs["dir"] / "annotated").iterdir() if "cmd" in p.name)
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb.worksheets[1:] for row in ws.iter_rows() for c in row]
    risky = [c for c in cells if isinstance(c.value, str) and DANGEROUS.match(c.value)]
    assert risky
    assert all(c.quotePrefix and c.data_type == "s" for c in risky)


def test_text_output_has_no_terminal_escapes(tmp_path: Path) -> None:
    """Cell text cannot send terminal escape sequences through validate's text output (only newlines remain)."""
    path = tmp_path / "esc.csv"
    path.write_text(
        "Activity ID,Reporting year,Sector,Activity title,WSIS Action Lines,SDGs\n"
        "A-1,2025,\x1b[2J\x1b]0;pwned\x07ITU-X,Title \x1b[31mred,C5,9\n",
        encoding="utf-8",
    )
    code, stdout, stderr = run("validate", str(path))
    assert code == 1
    assert "ITU-X" in stdout
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", stdout + stderr)


# ------------------------------------------------------------------------------------------------ names


def test_annotated_files_stay_inside_the_output_folder(inputs: Path, outputs: dict[str, Any]) -> None:
    """Odd input names ('..evil.xlsx', quotes, pipes, markup) give annotated files directly inside the folder."""
    folder = outputs["dir"] / "annotated"
    written = sorted(p.name for p in folder.iterdir())
    assert len(written) == len([XLSX_NAME, *CSV_NAMES])
    for name in written:
        assert (folder / name).resolve().parent == folder.resolve()
        assert not name.startswith(".")
        assert name.endswith(".annotated.xlsx")
    everything = {p.relative_to(inputs.parent) for p in inputs.parent.rglob("*")}
    assert all(p.parts[0] in {"in", "out"} for p in everything)  # nothing written beside or above


TRAVERSAL = [
    "../../evil", "..", ".", "...", "../", "/etc/passwd", "..\\..\\evil", "C:\\evil", "a/../../b", "~", "~/evil",
    "$HOME", "\x00", "\n../x", "．．／evil", "\u2024\u2024/evil", "..\u2215evil", "%2e%2e%2fevil", "evil\u202e.xlsx",
    ".hidden", "-rf", " ", "con", "COM1.txt", "x" * 300,
]  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(TRAVERSAL) | st.text(max_size=40) | st.lists(st.sampled_from(TRAVERSAL), max_size=4).map("/".join)
)
def test_safe_child_never_leaves_its_folder(name: str) -> None:
    """Whatever name it is given, safe_child returns a plain, visible child of the folder, never a parent or itself."""
    folder = Path("/srv/out")
    child = safe_child(folder, name, ".annotated.xlsx")
    assert child.parent == folder
    assert child.name.endswith(".annotated.xlsx")
    stem = child.name[: -len(".annotated.xlsx")]
    assert stem not in {"", ".", ".."}
    assert not stem.startswith((".", "-"))
    assert not {"/", "\\", "\x00"} & set(child.name)
    assert len(child.name.encode()) <= 255


# ----------------------------------------------------------------------------------------- external fetches


class _Recorder(BaseHTTPRequestHandler):
    """An HTTP handler that records every request (an external entity or DTD being fetched)."""

    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        """Record the request and answer with an entity definition."""
        self.seen.append(self.path)
        body = b'<!ENTITY xxe "fetched">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def recorder() -> Iterator[str]:
    """A local HTTP server; yields its base URL; the test fails if anything was fetched from it."""
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with urllib.request.urlopen(f"{base}/ping", timeout=10) as answer:  # noqa: S310 - our own local server
        assert answer.status == 200
    assert _Recorder.seen == ["/ping"]  # the server does record fetches
    _Recorder.seen = []
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.seen == []


def _with_doctype(data: bytes, member: str, doctype: str) -> bytes:
    """A zip package with ``doctype`` inserted before the root element of one XML part."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info)
            if info.filename == member:
                head = payload.find(b"?>") + 2 if payload.startswith(b"<?xml") else 0
                payload = payload[:head] + doctype.encode() + payload[head:]
            target.writestr(info, payload)
    return out.getvalue()


@pytest.mark.parametrize(
    ("seed", "member", "kind"),
    [
        ("xlsx", "xl/worksheets/sheet1.xml", "SYSTEM"),
        ("xlsx", "[Content_Types].xml", "PUBLIC"),
        ("xlsx", "xl/workbook.xml", "SYSTEM"),
        ("ods", "content.xml", "SYSTEM"),
    ],
)
def test_external_dtds_are_never_fetched(tmp_path: Path, recorder: str, seed: str, member: str, kind: str) -> None:
    """A part naming an external DTD on a local server: validating and annotating the file fetch nothing."""
    data = (Path(__file__).parent / "data" / "libreoffice" / f"sample.{seed}").read_bytes()
    root = member.rsplit("/", 1)[-1].split(".")[0].strip("[]")
    ids = f'SYSTEM "{recorder}/x.dtd"' if kind == "SYSTEM" else f'PUBLIC "-//X//DTD X//EN" "{recorder}/x.dtd"'
    path = tmp_path / f"external.{seed}"
    path.write_bytes(_with_doctype(data, member, f"<!DOCTYPE {root} {ids}>"))
    code, _, stderr = run("validate", str(path), "--annotate", str(tmp_path / "annotated"))
    assert code in (0, 1, 2), stderr
    assert "Traceback" not in stderr
