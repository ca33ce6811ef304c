"""The web app: pages, JSON API, downloads, limits and refusals, driven through Starlette's TestClient."""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders import HEADER, activity, load_module, write_xlsx
from markupsafe import escape
from starlette.testclient import TestClient  # needs httpx2 (the dev group)

from itu_contrib import ReadError, tag, validate
from itu_contrib.web import Settings, create_app
from itu_contrib.web.security import display_name

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "examples" / "with-problems.xlsx"
SCHEMA = json.loads((ROOT / "schemas" / "validate-output.schema.json").read_text(encoding="utf-8"))
H = load_module("hostile_files", Path(__file__).with_name("hostile_files.py"))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _client(tmp_path_factory: pytest.TempPathFactory, **settings: Any) -> Iterator[TestClient]:
    app = create_app(Settings(**{"workers": 1, "queue": 4, **settings}), download_folder=tmp_path_factory.mktemp("dl"))
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with one checker process, as a focal point's browser or a pipeline sees it."""
    yield from _client(tmp_path_factory)


def upload(path: Path, name: str | None = None) -> tuple[str, tuple[str, bytes]]:
    """One multipart file part named ``files``."""
    return ("files", (name or path.name, path.read_bytes()))


def cli_json(path: Path, *extra: str) -> dict[str, Any]:
    """The document of `itu-contrib validate --format json` for ``path``, files named by their base name."""
    out = subprocess.run(
        [sys.executable, "-m", "itu_contrib", "validate", str(path), "--format", "json", *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout.replace(json.dumps(str(path))[1:-1], path.name))


def tokens(html: str) -> list[str]:
    """The download tokens linked from a page."""
    return re.findall(r'href="/download/([A-Za-z0-9_-]+)"', html)


def test_healthz_reports_the_pool(client: TestClient) -> None:
    """/healthz answers ok with the pool's size and load."""
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["pool"]["workers"] == 1
    assert body["pool"]["capacity"] == 5


@pytest.mark.parametrize("path", ["/", "/template", "/report", "/healthz", "/api/rules", "/static/web.css", "/nowhere"])
def test_every_response_has_strict_security_headers(client: TestClient, path: str) -> None:
    """Pages, API answers, static files and errors carry a strict CSP and nosniff."""
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_home_page_is_a_plain_form_without_external_assets(client: TestClient) -> None:
    """The validate page posts a multipart form (no JavaScript needed) and loads only this server's files."""
    html = client.get("/").text
    assert '<form class="upload" method="post" action="/validate" enctype="multipart/form-data"' in html
    assert '<input type="file" id="files" name="files" multiple required' in html
    assert 'name="year"' in html
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html
    for asset in ("/static/report.css", "/static/web.css", "/static/report.js", "/static/web.js"):
        assert asset in html
        assert client.get(asset).status_code == 200


def test_api_validate_equals_the_cli_json_and_its_schema(client: TestClient) -> None:
    """POST /api/validate returns the CLI's --format json document (apart from paths), valid against the schema."""
    import jsonschema

    r = client.post("/api/validate", files=[upload(EXAMPLE)], data={"year": "2025"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    doc = r.json()
    jsonschema.validate(doc, SCHEMA)
    assert doc == cli_json(EXAMPLE, "--year", "2025")
    assert doc["valid"] is False
    assert {"D8", "F9", "N25"} <= {p["cell"] for p in doc["problems"]}


@pytest.mark.parametrize("sample", ["ITU-D-2025.xlsx", "GS-2025.csv"])
def test_api_validate_of_clean_samples_equals_the_cli(client: TestClient, sample: str) -> None:
    """Clean samples (xlsx and csv) give the CLI's document with the default year, valid against the schema."""
    import jsonschema

    path = ROOT / "inputs" / "2025" / sample
    doc = client.post("/api/validate", files=[upload(path)]).json()
    jsonschema.validate(doc, SCHEMA)
    assert doc == cli_json(path)
    assert doc["valid"] is True


def test_api_rules_equals_the_cli_rules(client: TestClient) -> None:
    """GET /api/rules is `itu-contrib rules --format json`."""
    out = subprocess.run(
        [sys.executable, "-m", "itu_contrib", "rules", "--format", "json"], capture_output=True, text=True, check=True
    )
    assert client.get("/api/rules").json() == json.loads(out.stdout)


def test_openapi_describes_the_api(client: TestClient) -> None:
    """The OpenAPI document names the three API paths and the validation schema."""
    doc = client.get("/api/openapi.json").json()
    assert set(doc["paths"]) == {"/api/validate", "/api/rules", "/healthz"}
    assert doc["components"]["schemas"]["Validation"]["required"] == SCHEMA["required"]


def test_validate_page_shows_problem_cells_and_the_annotated_copy_downloads_once(client: TestClient) -> None:
    """The page lists every problem with its cell; the annotated copy has comments and a Problems sheet; once."""
    r = client.post("/validate", files=[upload(EXAMPLE)], data={"year": "2025"})
    assert r.status_code == 200
    html = r.text
    assert 'data-verdict="invalid"' in html
    assert html.count('<tr class="problem">') == len(cli_json(EXAMPLE, "--year", "2025")["problems"])
    assert '<td class="where" data-sort="000000008D8">D8</td>' in html
    assert "Activity title is blank; it is required" in html
    assert re.search(r'<td class="value">[^<]{100,120}…</td>', html)  # the 242-character title, cut for the table
    annotated, csv_token, json_token = tokens(html)
    first = client.get(f"/download/{annotated}")
    assert first.status_code == 200
    assert 'filename="with-problems.annotated.xlsx"' in first.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(first.content))
    assert wb.sheetnames[0] == "Problems"
    assert wb["Activities"]["D8"].comment is not None
    assert "required-value" in wb["Activities"]["D8"].comment.text
    texts = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    texts += [c.comment.text for ws in wb for row in ws.iter_rows() for c in row if c.comment is not None]
    assert any("with-problems.xlsx" in t for t in texts)  # the duplicate's message names the uploaded file
    assert not [t for t in texts if "itu-contrib-upload-" in t or "/in/0" in t]
    again = client.get(f"/download/{annotated}")
    assert again.status_code == 404
    assert "expired or was already used" in again.text
    problems_csv = client.get(f"/download/{csv_token}").text
    assert problems_csv.splitlines()[0] == "code,severity,file,sheet,cell,row,column,field,value,message,hint"
    assert client.get(f"/download/{json_token}").json() == cli_json(EXAMPLE, "--year", "2025")


def test_download_token_cannot_be_used_after_expiry(client: TestClient) -> None:
    """A download not taken within its lifetime is gone, and its files are deleted by the sweep."""
    web = client.app.state.web  # type: ignore[attr-defined]
    html = client.post("/validate", files=[upload(ROOT / "inputs" / "2025" / "GS-2025.csv")]).text
    token = tokens(html)[0]
    assert (web.store.folder / f"{token}.data").exists()
    real = web.store.clock
    web.store.clock = lambda: real() + web.settings.download_ttl + 1
    try:
        assert client.get(f"/download/{token}").status_code == 404
        web.store.sweep()
    finally:
        web.store.clock = real
    assert not list(web.store.folder.glob(f"{token}*"))
    assert client.get("/download/not-a-token").status_code == 404
    assert client.get("/download/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_clean_sample_is_valid_and_suggestions_show_for_blank_tags(client: TestClient, tmp_path: Path) -> None:
    """A clean workbook reads 'valid'; a row with blank action lines gets suggestions with their evidence."""
    html = client.post("/validate", files=[upload(ROOT / "inputs" / "2025" / "ITU-D-2025.xlsx")]).text
    assert 'data-verdict="valid"' in html
    row = activity(1, title="Global Cybersecurity Index", description="Countries' commitment to cybersecurity.")
    row[HEADER.index("WSIS Action Lines")] = None
    path = write_xlsx(tmp_path / "blank tags.xlsx", {"Activities": [HEADER, row]})
    html = client.post("/validate", files=[upload(path)], data={"year": "2025"}).text
    assert 'id="suggestions"' in html
    (tagged,) = tag(validate(path, year=2025), year=2025).activities.to_dict("records")
    assert '<td class="suggested">C5' in html
    assert "Cybersecurity" in tagged["suggestion_evidence"]
    assert f'<td class="evidence">{escape(tagged["suggestion_evidence"])}</td>' in html


def test_png_named_xlsx_gets_the_cli_one_line_reason(client: TestClient, tmp_path: Path) -> None:
    """An image named .xlsx is refused with the same one-line reason as the CLI, on the page and in the API."""
    path = tmp_path / "photo.xlsx"
    path.write_bytes(PNG)
    out = subprocess.run(
        [sys.executable, "-m", "itu_contrib", "validate", str(path)], capture_output=True, text=True, check=False
    )
    assert out.returncode == 2
    line = out.stderr.strip().removeprefix("itu-contrib: error: ").replace(str(path), path.name)
    page = client.post("/validate", files=[upload(path)])
    assert page.status_code == 422
    assert f'<li class="reason">{line}</li>' in page.text
    api = client.post("/api/validate", files=[upload(path)])
    assert api.status_code == 422
    assert api.json()["reasons"] == [line]


def test_workbook_text_is_escaped(client: TestClient, tmp_path: Path) -> None:
    """Markup in cells and in the file name is shown as text, never as markup."""
    xss = "<script>alert(1)</script>"
    row = activity(1, sector=xss, url='"><img src=x onerror=alert(2)>')
    path = write_xlsx(tmp_path / "x.xlsx", {"Activities": [HEADER, row]})
    html = client.post("/validate", files=[upload(path, name=f"{xss}.xlsx")], data={"year": "2025"}).text
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_file_names_are_harmless(client: TestClient) -> None:
    """Names with ../, backslashes and control characters name nothing on disk and are shown cleaned."""
    before = set(Path(tempfile.gettempdir()).iterdir())
    names = ["../../evil.xlsx", "..\\..\\evil2.xlsx", "a\x00b\x07c\x1b[31m\u202e.xlsx", "/etc/passwd", "CON"]
    body = b"".join(
        b'--b\r\nContent-Disposition: form-data; name="files"; filename="' + n.encode("utf-8") + b'"\r\n\r\n'
        + EXAMPLE.read_bytes() + b"\r\n"
        for n in names
    ) + b'--b\r\nContent-Disposition: form-data; name="year"\r\n\r\n2025\r\n--b--\r\n'  # fmt: skip
    r = client.post("/api/validate", content=body, headers={"content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 200
    shown = r.json()["files"]
    assert shown == ["evil.xlsx", "evil2.xlsx", "abc_31m.xlsx", "passwd", "CON"]
    assert all("/" not in f and "\\" not in f and "\x00" not in f for f in shown)
    assert not (ROOT.parent / "evil.xlsx").exists()
    assert not Path("/etc/evil.xlsx").exists()
    after = set(Path(tempfile.gettempdir()).iterdir())
    assert not [p for p in after - before if p.name.startswith("itu-contrib-upload-")]


def test_display_names_are_unique_and_safe() -> None:
    """Two uploads with one name are told apart; an empty or dotted name gets a fallback."""
    taken: set[str] = set()
    assert [display_name("a.xlsx", taken), display_name("A.xlsx", taken), display_name("a.xlsx", taken)] == [
        "a.xlsx",
        "A (2).xlsx",
        "a (3).xlsx",
    ]
    assert display_name("..", fallback="file 1") == "file 1"
    assert len(display_name("x" * 500 + ".xlsx")) <= 120


def test_hostile_corpus_is_refused_and_the_server_stays_up(client: TestClient, tmp_path: Path) -> None:
    """Zip bombs, billion laughs, encrypted and absurd files get the CLI's refusals, not failures; the server lives."""
    corpus: dict[str, bytes] = {
        p.name: p.read_bytes() for p in sorted((ROOT / "tests" / "fuzz" / "corpus").iterdir()) if p.suffix != ".md"
    }
    corpus |= {
        "bomb.xlsx": H.bomb_zip_bytes(),
        "laughs.xlsx": H.xlsx_bytes(shared_strings=H.billion_laughs()),
        "encrypted.xlsx": H.encrypt_flag(H.xlsx_bytes(), 2),
        "overlap.xlsx": H.overlap_members(H.xlsx_bytes()),
        "encrypted.xls": H.xls_bytes(encrypted=True),
        "huge-dimension.xlsx": H.xlsx_bytes(H.sheet_xml(dimension="A1:XFD1048576")),
        "laughs.ods": H.ods_bytes(
            H.billion_laughs("office:document-content", "", "urn:oasis:names:tc:opendocument:xmlns:office:1.0")
        ),
    }
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, data in corpus.items():
        r = client.post("/api/validate", files=[("files", (name, data))], data={"year": "2025"})
        assert r.status_code in (200, 422), (name, r.status_code, r.text[:200])
        (folder / name).write_bytes(data)  # what the library (so the CLI) says of the same file
        try:
            expected = json.loads(
                json.dumps(validate(folder / name, year=2025).to_dict()).replace(str(folder) + "/", "")
            )
        except ReadError as exc:
            expected = {
                "error": "no input could be read",
                "reasons": str(exc).replace(str(folder) + "/", "").splitlines(),
            }
        assert r.json() == expected, name
        assert client.get("/healthz").status_code == 200
    ok = client.post("/api/validate", files=[upload(ROOT / "inputs" / "2025" / "GS-2025.csv")])
    assert ok.json()["valid"] is True


def test_busy_pool_answers_503_with_retry_after_and_healthz_still_answers(client: TestClient) -> None:
    """When every checker and waiting place is taken, uploads get 503 and Retry-After, pages and /healthz answer."""
    pool = client.app.state.web.pool  # type: ignore[attr-defined]
    pool._pending += pool.size + pool.queue
    try:
        page = client.post("/validate", files=[upload(EXAMPLE)])
        assert page.status_code == 503
        assert page.headers["retry-after"] == "10"
        assert "The server is busy" in page.text
        api = client.post("/api/validate", files=[upload(EXAMPLE)])
        assert api.status_code == 503
        assert "busy" in api.json()["error"]
        assert client.get("/healthz").json()["pool"]["waiting"] >= pool.queue
        assert client.get("/").status_code == 200
    finally:
        pool._pending -= pool.size + pool.queue
    assert client.post("/api/validate", files=[upload(EXAMPLE)]).status_code == 200


def test_template_downloads_for_a_sector_year_and_language(client: TestClient) -> None:
    """The template page offers the sectors; the download is the template in the language, named by sector."""
    assert '<option value="ITU-D">' in client.get("/template").text
    r = client.get("/template/download", params={"sector": "ITU-D", "year": "2026", "lang": "fr"})
    assert r.status_code == 200
    assert 'filename="ITU-D-2026-fr.xlsx"' in r.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[0] == "Activités"  # the French template names its sheets in French
    assert wb["Activités"]["C1"].value == "Secteur"
    assert client.get("/template/download", params={"lang": "de"}).status_code == 400
    assert client.get("/template/download", params={"sector": "<x>"}).status_code == 400
    assert client.get("/template/download", params={"year": "20x6"}).status_code == 400


def test_report_page_builds_the_report_and_its_tables(client: TestClient) -> None:
    """The report of a year's files (and last year's) can be viewed and downloaded, with a zip of the tables."""
    files = [upload(p) for p in sorted((ROOT / "inputs" / "2025").iterdir())]
    files += [("previous", (p.name, p.read_bytes())) for p in sorted((ROOT / "inputs" / "2024").iterdir())]
    r = client.post("/report", files=files, data={"year": "2025"})
    assert r.status_code == 200
    cli_out = Path(tempfile.mkdtemp())
    out = subprocess.run(
        [
            sys.executable, "-m", "itu_contrib", "report", str(ROOT / "inputs" / "2025"), "--year", "2025",
            "--previous", str(ROOT / "inputs" / "2024"), "-o", str(cli_out / "r.html"), "--tables", str(cli_out / "t"),
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = out.stderr.strip().splitlines()[-1]
    assert f'<p class="summary-line">{line}</p>' in r.text
    view, html, tables = tokens(r.text)
    shown = client.get(f"/download/{view}")
    assert shown.headers["content-disposition"].startswith("inline")
    policy = shown.headers["content-security-policy"]
    assert "sandbox allow-scripts" in policy
    assert "unsafe-inline" not in policy
    # the header repeats the page's own policy: its one style element and one script, each by hash
    assert re.search(r"style-src 'sha256-[A-Za-z0-9+/]{43}='; script-src 'sha256-[A-Za-z0-9+/]{43}='", policy)
    assert shown.text.startswith("<!DOCTYPE html>")
    assert "itu-contrib-upload-" not in shown.text
    assert "ITU-D-2025.xlsx" in shown.text
    assert client.get(f"/download/{html}").headers["content-disposition"].startswith("attachment")
    with zipfile.ZipFile(io.BytesIO(client.get(f"/download/{tables}").content)) as archive:
        assert sorted(archive.namelist()) == sorted(p.name for p in (cli_out / "t").iterdir())  # the CLI's tables
        assert {"by_action_line.csv", "action_line_sdg_matrix.csv", "c7_sub_lines.csv"} <= set(archive.namelist())


def test_report_lists_the_rows_left_out(client: TestClient, tmp_path: Path) -> None:
    """Rows kept out of the report by their errors are listed with those errors, as many as the CLI excludes."""
    r = client.post("/report", files=[upload(EXAMPLE)], data={"year": "2025"})
    assert r.status_code == 200
    out = subprocess.run(
        [sys.executable, "-m", "itu_contrib", "report", str(EXAMPLE), "--year", "2025", "-o", str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1, out.stderr  # the CLI's report exits 1 when rows are left out
    line = out.stderr.strip().splitlines()[-1]
    excluded = int(line.split(", ")[1].split()[0])
    assert excluded > 0
    assert f'<p class="summary-line">{line}</p>' in r.text
    assert f"<caption>{excluded} rows left out</caption>" in r.text
    assert "<code>year-mismatch</code>" in r.text
    assert "<code>duplicate-id</code>" in r.text


def test_log_has_names_sizes_duration_and_outcome_only(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    """One log line per upload: the file name, its size, the duration and the outcome; no cell content."""
    with caplog.at_level(logging.INFO, logger="itu_contrib.web"):
        client.post("/validate", files=[upload(EXAMPLE)], data={"year": "2025"})
    (record,) = [r for r in caplog.records if r.name == "itu_contrib.web"]
    message = record.getMessage()
    assert message.startswith(f"validate: 'with-problems.xlsx' ({EXAMPLE.stat().st_size} B) in ")
    assert message.endswith(": invalid")
    assert "next spring" not in message
    assert "/tmp" not in message


def test_bad_year_and_empty_upload_are_refused(client: TestClient) -> None:
    """A year that is not a year, or no file at all, gets 400 and a clear message."""
    r = client.post("/validate", files=[upload(EXAMPLE)], data={"year": "next"})
    assert r.status_code == 400
    assert "reporting year must be a year" in r.text
    r = client.post("/api/validate", files=[("files", ("", b""))])
    assert r.status_code == 400
    assert r.json() == {"error": "Choose at least one workbook to check."}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with a 64 KB upload limit and at most two files."""
    yield from _client(tmp_path_factory, max_request_bytes=64 * 1024, max_files=2)


def test_upload_over_the_limit_gets_413_and_a_clear_page(small: TestClient) -> None:
    """An upload over the size limit is refused with 413, as a page for people and as JSON for programs."""
    big = ("files", ("big.xlsx", b"x" * 100_000))
    page = small.post("/validate", files=[big])
    assert page.status_code == 413
    assert "Upload too large" in page.text
    assert "The limit is 0.0625 MB" in page.text
    api = small.post("/api/validate", files=[big])
    assert api.status_code == 413
    assert "larger than the server accepts" in api.json()["error"]


def test_streamed_upload_over_the_limit_gets_413(small: TestClient) -> None:
    """A body sent without Content-Length is counted while it is read and refused past the limit."""

    def chunks() -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\n'
        for _ in range(20):
            yield b"y" * 8192
        yield b"\r\n--b--\r\n"

    r = small.post("/api/validate", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413


def test_too_many_files_gets_413(small: TestClient) -> None:
    """More files than allowed in one upload is refused with 413."""
    files = [("files", (f"{i}.csv", b"a,b\n")) for i in range(3)]
    r = small.post("/api/validate", files=files)
    assert r.status_code == 413
    assert "at most 2 files" in r.json()["error"]


@pytest.fixture(scope="module")
def hasty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with a time limit no real validation can meet."""
    yield from _client(tmp_path_factory, job_timeout=0.001)


def test_job_over_the_time_limit_is_stopped_and_the_server_goes_on(hasty: TestClient) -> None:
    """A check past its time limit gets 504; its worker is replaced and the server keeps answering."""
    pool = hasty.app.state.web.pool  # type: ignore[attr-defined]
    first = list(pool._all)
    r = hasty.post("/validate", files=[upload(EXAMPLE)])
    assert r.status_code == 504
    assert "Checking stopped after 0.001 seconds" in r.text
    assert hasty.get("/healthz").status_code == 200
    assert all(w.dead for w in first)
    assert len([w for w in pool._all if not w.dead]) == 1


def test_settings_come_from_the_environment() -> None:
    """ITU_CONTRIB_WEB_* variables set the limits; explicit values win; nonsense is refused."""
    s = Settings.from_env({"ITU_CONTRIB_WEB_WORKERS": "3", "ITU_CONTRIB_WEB_JOB_TIMEOUT": "2.5"}, queue=1)
    assert (s.workers, s.job_timeout, s.queue) == (3, 2.5, 1)
    with pytest.raises(ValueError, match="not a number"):
        Settings.from_env({"ITU_CONTRIB_WEB_MAX_FILES": "many"})
    with pytest.raises(ValueError, match="must be positive"):
        Settings(max_files=0)


def test_serve_binds_localhost_by_default() -> None:
    """`itu-contrib serve` listens on 127.0.0.1:8000 unless told otherwise."""
    from itu_contrib.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_checker_processes_run_under_the_memory_cap(client: TestClient) -> None:
    """Each checker process has the configured address-space cap (2 GB), as the fuzz tests run the CLI."""
    pool = client.app.state.web.pool  # type: ignore[attr-defined]
    (worker,) = [w for w in pool._all if not w.dead]
    limits = Path(f"/proc/{worker.process.pid}/limits")
    if not limits.exists():
        pytest.skip("no /proc on this system")
    client.post("/api/validate", files=[upload(ROOT / "inputs" / "2025" / "GS-2025.csv")])  # the worker is warm
    line = next(x for x in limits.read_text().splitlines() if x.startswith("Max address space"))
    assert line.split()[3:5] == [str(2048 * 1024 * 1024)] * 2


def test_a_readable_and_an_unreadable_file_together(client: TestClient, tmp_path: Path) -> None:
    """With one good and one unreadable file, the page shows the good file's result and the other's one-line reason."""
    path = tmp_path / "photo.xlsx"
    path.write_bytes(PNG)
    files = [upload(ROOT / "inputs" / "2025" / "GS-2025.csv"), upload(path)]
    r = client.post("/validate", files=files)
    assert r.status_code == 200
    assert 'data-verdict="invalid"' in r.text
    reason = validate([ROOT / "inputs" / "2025" / "GS-2025.csv", path]).problems
    (unreadable,) = [p for p in reason if p.file == str(path)]
    assert f'<li class="reason">photo.xlsx: {unreadable.message}</li>' in r.text
    assert r.text.count('href="/download/') == 3  # one annotated copy (the readable file), CSV and JSON


def test_the_module_app_is_what_uvicorn_serves() -> None:
    """`uvicorn itu_contrib.web:app` finds a Starlette app built from the environment's settings."""
    from starlette.applications import Starlette

    from itu_contrib import web

    assert isinstance(web.app, Starlette)
    assert web.app.state.web.settings == Settings.from_env()


def test_report_of_an_unreadable_file_gives_the_cli_reason(client: TestClient, tmp_path: Path) -> None:
    """A report whose input cannot be read answers 422 with the one-line reason, as `itu-contrib report` stops."""
    path = tmp_path / "scan.xlsx"
    path.write_bytes(PNG)
    r = client.post("/report", files=[upload(path)])
    assert r.status_code == 422
    assert '<li class="reason">scan.xlsx: is an image, not a spreadsheet' in r.text
    assert "/download/" not in r.text


def test_serve_refuses_bad_settings_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A nonsense ITU_CONTRIB_WEB_* value stops `itu-contrib serve` before it binds: exit 2 and one error line."""
    import itu_contrib as ic
    from itu_contrib.cli import main

    monkeypatch.setenv("ITU_CONTRIB_WEB_WORKERS", "many")
    with pytest.raises(ic.ConfigError, match="ITU_CONTRIB_WEB_WORKERS='many' is not a number"):
        ic.serve(port=1)
    assert main(["serve", "--port", "1"]) == 2
    assert capsys.readouterr().err.strip() == ("itu-contrib: error: ITU_CONTRIB_WEB_WORKERS='many' is not a number")
