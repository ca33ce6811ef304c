"""The Starlette application (``create_app``): pages for focal points and the editor, the JSON API, downloads, limits.

Named ``server`` rather than ``app`` so that ``itu_contrib.web.app`` stays the application uvicorn serves.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment
from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from ..i18n import N_, SOURCE, Language, available, language, template_environment
from ..rules import RULES
from . import _pipeline as pipeline
from .downloads import DownloadStore
from .openapi import openapi
from .pool import JobFailed, JobTimeout, PoolBusy, WorkerPool
from .security import BodyLimit, SecurityHeaders, content_disposition, disk_suffix, display_name, report_policy
from .settings import Settings

log = logging.getLogger("itu_contrib.web")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSM = "application/vnd.ms-excel.sheet.macroEnabled.12"
#: The query parameter and form field that choose the language of the pages (else the browser's Accept-Language).
LANG_FIELD = "lang"
#: Files of the package served under /static/ (name -> folder inside itu_contrib, media type).
STATIC = {
    "report.css": ("templates", "text/css; charset=utf-8"),
    "report.js": ("templates", "text/javascript; charset=utf-8"),
    "web.css": ("templates/web", "text/css; charset=utf-8"),
    "web.js": ("templates/web", "text/javascript; charset=utf-8"),
}
#: The rules that refuse a whole file: shown as the file's one-line reason, as the CLI prints it.
_UNREADABLE_CODES = frozenset(r.code for r in RULES if r.refuses_file)


class Refusal(Exception):
    """A request refused with a status and a one-line reason shown to the person (page) or program (JSON).

    ``heading`` and ``message`` are English message ids filled with ``values``: the page shows them in its
    language, the JSON API in English (``message``).
    """

    def __init__(
        self, status: int, heading: str, message: str, *, headers: Mapping[str, str] | None = None, **values: object
    ) -> None:
        self.status, self.heading_id, self.message_id, self.values = status, heading, message, values
        self.heading, self.message = self.render(language(SOURCE))
        super().__init__(self.message)
        self.headers = dict(headers or {})

    def render(self, lang: Language) -> tuple[str, str]:
        """The heading and the message in ``lang``."""
        return lang.gettext(self.heading_id), lang.format(self.message_id, **self.values)


@cache
def _environment(lang: Language) -> Environment:
    """The pages' Jinja environment in ``lang``: one per language (``i18n.template_environment``), never shared."""
    env: Environment = template_environment(lang)
    return env


def render_page(name: str, lang: Language, **context: Any) -> str:
    """A page of ``templates/web`` in ``lang`` (``lang`` and ``dir`` on ``<html>``, every text translated)."""
    return _environment(lang).get_template(f"web/{name}.html.j2").render(**context)


def languages() -> list[tuple[str, str]]:
    """(code, name in that language) of every language there is a catalogue for: the pages' language menu."""
    return [(code, language(code).locale.get_display_name(code) or code) for code in available()]


def _accepted(header: str) -> list[str]:
    """The language codes of an Accept-Language header, most wanted first (``q=0`` left out)."""
    ranked = []
    for k, part in enumerate(header.split(",")[:20]):
        code, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if code and q > 0:
            ranked.append((-q, k, code.strip().lower()))
    return [code for _, _, code in sorted(ranked)]


def choose_language(request: Request, form: FormData | Mapping[str, Any] | None = None) -> Language:
    """The page's language: the ``lang`` form field or query parameter, else Accept-Language, else English.

    An unknown code is ignored (the page is not refused for it).
    """
    shipped = available()
    for source in (form, request.query_params):
        code = str(source.get(LANG_FIELD) or "") if source is not None else ""
        if code in shipped:
            return language(code)
    for code in _accepted(request.headers.get("accept-language", "")):
        base = code.split("-")[0]
        if code in shipped or base in shipped:
            return language(code if code in shipped else base)
    return language(SOURCE)


@cache
def _static(name: str) -> bytes:
    folder, _ = STATIC[name]
    node = resources.files("itu_contrib")
    for part in [*folder.split("/"), name]:
        node = node.joinpath(part)
    return node.read_bytes()


def _version() -> str:
    from itu_contrib import __version__

    return str(__version__)


class WebApp:
    """The routes and the state they share: settings, worker pool and download store."""

    def __init__(self, settings: Settings, store_folder: Path | None = None) -> None:
        self.settings = settings
        self.pool = WorkerPool(
            settings.workers, settings.queue, settings.job_timeout, settings.worker_memory_mb * 1024 * 1024
        )
        self.store_folder = store_folder
        self._store: DownloadStore | None = None
        self.tokens: list[str] = []

    @property
    def store(self) -> DownloadStore:
        """The download store, created on first use."""
        if self._store is None:
            self._store = DownloadStore(self.store_folder, ttl=self.settings.download_ttl)
        return self._store

    # -- rendering ---------------------------------------------------------------------------------------

    def page(
        self,
        name: str,
        lang: Language,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        **context: Any,
    ) -> Response:
        """A page of templates/web in ``lang``, rendered with the settings every page shows.

        ``title`` (an English message id) is translated here; ``here`` is the page the language menu links to.
        """
        s = self.settings
        context.setdefault("year", None)
        context.setdefault("here", "/")
        title = context.get("title")
        context["title"] = lang.gettext(title) if title else ""
        html = render_page(
            name,
            lang,
            version=_version(),
            ttl_minutes=max(1, round(s.download_ttl / 60)),
            max_files=s.max_files,
            max_mb=max(1, s.max_request_bytes // (1024 * 1024)),
            languages=languages(),
            **context,
        )
        response = HTMLResponse(html, status_code=status, headers=dict(headers or {}))
        response.headers["Content-Language"] = lang.code
        response.headers["Vary"] = "Accept-Language"
        return response

    def refusal(self, request: Request, refusal: Refusal) -> Response:
        """A refusal as JSON under /api/ (English), else as a page in the request's language."""
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": refusal.message}, status_code=refusal.status, headers=refusal.headers)
        tone = "busy" if refusal.status == 503 else "error"
        lang = getattr(request.state, "lang", None) or choose_language(request)
        heading, message = refusal.render(lang)
        back = request.headers.get("x-back") or ("/report" if request.url.path == "/report" else "/")
        return self.page(
            "message",
            lang,
            refusal.status,
            refusal.headers,
            title=refusal.heading_id,
            page="",
            heading=heading,
            message=message,
            tone=tone,
            back=back,
            here=back,
        )

    def busy(self) -> Refusal:
        """The 503 refusal when the pool is full, with Retry-After."""
        seconds = self.settings.retry_after
        return Refusal(
            503,
            N_("The server is busy"),
            N_("Every checker is busy with other files. Nothing was kept; send your file again in {seconds} seconds."),
            headers={"Retry-After": str(seconds)},
            seconds=seconds,
        )

    def too_large(self) -> Refusal:
        """The 413 refusal of an upload over the size limit."""
        mb = self.settings.max_request_bytes / (1024 * 1024)
        return Refusal(
            413,
            N_("Upload too large"),
            N_("The upload is larger than the server accepts. The limit is {mb} MB per upload; nothing was kept."),
            mb=f"{mb:g}",
        )

    # -- uploads -----------------------------------------------------------------------------------------

    async def form(self, request: Request) -> FormData:
        """The request's form, within the file and field limits; refused at once when the pool is full."""
        if self.pool.full:  # refuse before reading the upload
            raise self.busy()
        try:
            form = await request.form(max_files=self.settings.max_files, max_fields=50, max_part_size=64 * 1024)
        except HTTPException as exc:
            if N_("Too many files") in str(exc.detail):
                raise Refusal(
                    413,
                    N_("Too many files"),
                    N_("Send at most {n} files at once; nothing was kept."),
                    n=self.settings.max_files,
                ) from exc
            raise Refusal(
                400, N_("Bad upload"), N_("The upload could not be read as a form; nothing was kept.")
            ) from exc
        request.state.lang = choose_language(request, form)  # refusals after this point speak the form's language
        return form

    @staticmethod
    def year(form: FormData | Mapping[str, Any]) -> int | None:
        """The reporting year of a form or query: None when blank."""
        raw = str(form.get("year") or "").strip()
        if not raw:
            return None
        if not raw.isdigit() or not 1990 <= int(raw) <= 2100:
            raise Refusal(400, N_("Bad year"), N_("The reporting year must be a year such as 2025, or blank."))
        return int(raw)

    async def save(self, form: FormData, field: str, folder: Path, taken: set[str]) -> dict[str, str]:
        """Write the uploads of ``field`` under neutral names; returns {path on disk: uploaded name}."""
        names: dict[str, str] = {}
        folder.mkdir(parents=True, exist_ok=True)
        for item in form.getlist(field):
            if not isinstance(item, UploadFile):
                continue
            if not item.filename and not item.size:
                continue  # a file field left empty
            display = display_name(item.filename, taken, fallback=f"file {len(taken) + 1}")
            if item.size is not None and item.size > self.settings.max_file_bytes:
                mb = self.settings.max_file_bytes / (1024 * 1024)
                raise Refusal(
                    413, N_("File too large"), N_("{file} is larger than {mb} MB, the limit for one file."),
                    file=display, mb=f"{mb:g}",
                )  # fmt: skip
            path = folder / f"{len(taken):02d}{disk_suffix(display)}"
            with path.open("xb") as out:
                while chunk := await item.read(1024 * 1024):
                    out.write(chunk)
            names[str(path)] = display
        return names

    async def run(self, job: str, **kwargs: Any) -> Any:
        """Run a job in the pool; its failures as refusals (503 busy, 504 too long, 500 stopped)."""
        try:
            return await self.pool.run(job, **kwargs)
        except PoolBusy:
            raise self.busy() from None
        except JobTimeout:
            limit = self.settings.job_timeout
            raise Refusal(
                504,
                N_("Took too long"),
                N_(
                    "Checking stopped after {seconds} seconds: the file is too large or too complex to check here. "
                    "Nothing was kept; try the command line, or split the file."
                ),
                seconds=f"{limit:g}",
            ) from None
        except JobFailed:
            raise Refusal(
                500, N_("Could not check the file"), N_("The checker stopped on this file; nothing was kept.")
            ) from None

    def keep(self, data: bytes, filename: str, media_type: str, *, inline: bool = False) -> str:
        """Keep a download for this request and return its token."""
        token = self.store.put(data, filename, media_type, inline=inline)
        self.tokens.append(token)
        return token

    # -- validation --------------------------------------------------------------------------------------

    async def validate_form(
        self, request: Request, *, annotate: bool, lang: Language | None = None
    ) -> tuple[dict[str, Any], dict[str, str], int | None]:
        """Parse, save and validate the uploads of a request; the job's result, the names, the year.

        The messages are in ``lang`` (None: the form's or request's language; the JSON API passes English).
        """
        form = await self.form(request)
        to = lang or request.state.lang
        async with _upload_job("validate", form) as job:
            year = self.year(form)
            job.names = await self.save(form, "files", job.folder / "in", set())
            if not job.names:
                raise Refusal(400, N_("No file"), N_("Choose at least one workbook to check."))
            result = await self.run(
                "validate", names=job.names, year=year, out_dir=str(job.folder / "out"), annotate=annotate,
                lang=to.code,
            )  # fmt: skip
            job.outcome = "unreadable" if result["fatal"] else ("valid" if result["document"]["valid"] else "invalid")
            return result, job.names, year

    def outcome_view(self, result: Mapping[str, Any], year: int | None, lang: Language) -> dict[str, Any]:
        """What the result section of the validate page shows, in ``lang``; downloads are kept here."""
        if result["fatal"]:
            return {"fatal": result["fatal"]}
        doc = result["document"]
        problems = doc["problems"]
        unreadable = [
            f"{p['file']}: {p['message']}"
            for p in problems
            if p["code"] in _UNREADABLE_CODES and p["severity"] == "error" and not p["sheet"]
        ]
        groups: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
        for p in problems:
            if p["code"] in _UNREADABLE_CODES and not p["sheet"]:
                continue
            row = dict(p)
            row["sort"] = f"{p['row'] or 0:09d}{p['cell'] or ''}"
            groups.setdefault((p["file"], p["sheet"]), []).append(row)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M")
        downloads = []
        for copy in result["annotated"]:
            media = XLSM if copy["filename"].endswith(".xlsm") else XLSX
            token = self.keep(copy["data"], copy["filename"], media)
            downloads.append(
                {"token": token, "label": lang.gettext("Annotated copy of {file}").format(file=copy["file"])}
            )
        text = json.dumps(doc, indent=2, ensure_ascii=False)
        downloads.append(
            {
                "token": self.keep(
                    pipeline.problems_csv(problems).encode("utf-8"), f"problems-{stamp}.csv", "text/csv"
                ),
                "label": lang.gettext("Problems as CSV"),
            }
        )
        downloads.append(
            {
                "token": self.keep(text.encode("utf-8"), f"problems-{stamp}.json", "application/json"),
                "label": lang.gettext("Problems as JSON"),
            }
        )
        return {
            "fatal": None,
            "valid": doc["valid"],
            "files": doc["files"],
            "stats": doc["stats"],
            "year": year,
            "unreadable": unreadable,
            "groups": [{"file": f, "sheet": s, "problems": ps} for (f, s), ps in groups.items()],
            "suggestions": result["suggestions"],
            "skipped": result["skipped"],
            "downloads": downloads,
        }

    # -- routes ------------------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        """The validate page with its form."""
        lang = choose_language(request)
        return self.page("validate", lang, title=N_("Check your activities workbook"), page="validate", outcome=None)

    async def validate_page(self, request: Request) -> Response:
        """The form posted: the result under the form (422 when no file can be read)."""
        result, _, year = await self.validate_form(request, annotate=True)
        lang = request.state.lang
        view = self.outcome_view(result, year, lang)
        status = 422 if view["fatal"] else 200
        title = N_("Cannot be read") if view["fatal"] else (N_("Valid") if view["valid"] else N_("Problems found"))
        return self.page("validate", lang, status, title=title, page="validate", outcome=view, year=year)

    async def api_validate(self, request: Request) -> Response:
        """The ``validate --format json`` document of the uploads (English, or the ``lang`` query parameter's)."""
        code = request.query_params.get(LANG_FIELD, SOURCE)
        if code not in available():
            raise Refusal(
                400, N_("Unknown language"), N_("Choose one of these languages: {codes}."), codes=", ".join(available())
            )
        result, _, _ = await self.validate_form(request, annotate=False, lang=language(code))
        if result["fatal"]:
            return JSONResponse({"error": "no input could be read", "reasons": result["fatal"]}, status_code=422)
        text = json.dumps(result["document"], indent=2, ensure_ascii=False)
        return Response(text, media_type="application/json")

    async def api_rules(self, request: Request) -> Response:
        """The rule catalogue (meanings in the ``lang`` query parameter's language, English by default)."""
        code = request.query_params.get(LANG_FIELD, SOURCE)
        if code not in available():
            raise Refusal(
                400, N_("Unknown language"), N_("Choose one of these languages: {codes}."), codes=", ".join(available())
            )
        return JSONResponse(pipeline.rules(code))

    async def api_openapi(self, request: Request) -> Response:
        """The OpenAPI description of the JSON API."""
        return JSONResponse(openapi(_version()))

    async def healthz(self, request: Request) -> Response:
        """Liveness and the pool's load, from the event loop."""
        return JSONResponse({"status": "ok", "version": _version(), "pool": self.pool.status()})

    async def template_page(self, request: Request) -> Response:
        """The template page with its form (the template's language offered first is the page's)."""
        return self.page(
            "template",
            choose_language(request),
            title=N_("Input template"),
            page="template",
            here="/template",
            sectors=pipeline.sectors(),
            sector=None,
            year=dt.date.today().year,
        )

    async def template_download(self, request: Request) -> Response:
        """The template for a sector, year and language."""
        if self.pool.full:
            raise self.busy()
        params = request.query_params
        year = self.year(params)
        lang = params.get("template_lang") or params.get("lang", "en")
        if lang not in pipeline.template_languages():
            codes = ", ".join(pipeline.template_languages())
            raise Refusal(400, N_("Unknown language"), N_("Choose one of these languages: {codes}."), codes=codes)
        sector = params.get("sector") or ""
        if sector and sector not in pipeline.sectors():
            raise Refusal(400, N_("Unknown sector"), N_("Choose one of the sectors listed on the template page."))
        folder = Path(tempfile.mkdtemp(prefix="itu-contrib-template-"))
        try:
            data = await self.run("template", year=year, lang=lang, out_dir=str(folder))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        name = "-".join(str(x) for x in (sector or "itu-contrib-template", year) if x) + (
            f"-{lang}" if lang != "en" else ""
        )
        return Response(data, media_type=XLSX, headers={"Content-Disposition": content_disposition(name + ".xlsx")})

    async def report_page(self, request: Request) -> Response:
        """The report page with its form."""
        return self.page("report", choose_language(request), title=N_("Annual report"), page="report", outcome=None,
                         here="/report")  # fmt: skip

    async def report_build(self, request: Request) -> Response:
        """The report of the uploads: links to view and download it and its tables, and the rows left out."""
        form = await self.form(request)
        lang = request.state.lang
        async with _upload_job("report", form) as job:
            year = self.year(form)
            taken: set[str] = set()
            job.names = await self.save(form, "files", job.folder / "in", taken)
            previous = await self.save(form, "previous", job.folder / "prev", taken)
            if not job.names:
                raise Refusal(400, N_("No file"), N_("Choose at least one workbook of this year."))
            title = str(form.get("title") or "").strip()[:200] or None
            result = await self.run(
                "report", names=job.names, previous=previous, year=year, title=title, out_dir=str(job.folder / "out"),
                lang=lang.code,
            )  # fmt: skip
            job.outcome = "unreadable" if result["fatal"] else "report"
        if result["fatal"]:
            view: dict[str, Any] = {"fatal": result["fatal"]}
            return self.page(
                "report", lang, 422, title=N_("Cannot build the report"), page="report", outcome=view, year=year,
                here="/report",
            )  # fmt: skip
        stem = f"wsis-{result['year'] or 'report'}"
        html = result["html"].encode("utf-8")
        view = {
            "fatal": None,
            "line": result["line"],
            "left_out": result["left_out"],
            "downloads": [
                {
                    "token": self.keep(html, f"{stem}.html", "text/html; charset=utf-8", inline=True),
                    "label": lang.gettext("View the report"),
                    "inline": True,
                },
                {
                    "token": self.keep(html, f"{stem}.html", "text/html; charset=utf-8"),
                    "label": lang.gettext("Download the report (HTML)"),
                    "inline": False,
                },
                {
                    "token": self.keep(result["tables"], f"tables-{result['year'] or 'report'}.zip", "application/zip"),
                    "label": lang.gettext("Download the tables (zip of CSV)"),
                    "inline": False,
                },
            ],
        }
        return self.page(
            "report", lang, title=N_("Report ready"), page="report", outcome=view, year=year, here="/report"
        )

    async def download(self, request: Request) -> Response:
        """A download, once, before it expires."""
        token = str(request.path_params["token"])
        item = self.store.take(token)
        if item is None:
            raise Refusal(
                404,
                N_("Download not available"),
                N_(
                    "This link has expired or was already used; each download works once, for a few minutes. "
                    "Send the file again to get a new one."
                ),
            )
        headers = {"Content-Disposition": content_disposition(item.filename, inline=item.inline)}
        if item.media_type.startswith("text/html"):
            headers["Content-Security-Policy"] = report_policy(item.data)
        return Response(item.data, media_type=item.media_type, headers=headers)

    async def static(self, request: Request) -> Response:
        """The CSS and JS of the pages (package files)."""
        name = str(request.path_params["name"])
        if name not in STATIC:
            raise Refusal(404, N_("Not found"), N_("There is no such page."))
        return Response(_static(name), media_type=STATIC[name][1])

    # -- errors and lifespan -----------------------------------------------------------------------------

    async def on_refusal(self, request: Request, exc: Exception) -> Response:
        """Answer a refusal."""
        assert isinstance(exc, Refusal)
        return self.refusal(request, exc)

    async def on_http_error(self, request: Request, exc: Exception) -> Response:
        """Answer Starlette's own errors (unknown path, wrong method, bad form) in the same way."""
        assert isinstance(exc, HTTPException)
        heading = {404: N_("Not found"), 405: N_("Method not allowed")}.get(exc.status_code, N_("Bad request"))
        message = N_("There is no such page.") if exc.status_code == 404 else N_("This request cannot be answered.")
        return self.refusal(request, Refusal(exc.status_code, heading, message))

    async def on_too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer an upload over the limit (called by BodyLimit, before the app)."""
        request = Request(scope, receive)
        response = self.refusal(request, self.too_large())
        response.headers["Connection"] = "close"
        await response(scope, receive, send)

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        """Start the pool and the sweeper of expired downloads; stop them and delete this process's downloads."""
        await self.pool.start()
        sweeper = asyncio.create_task(self._sweep())
        try:
            yield
        finally:
            sweeper.cancel()
            await self.pool.stop()
            if self._store is not None:
                self._store.clear(self.tokens)

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(min(60.0, max(1.0, self.settings.download_ttl / 4)))
            with contextlib.suppress(OSError):
                self.store.sweep()


@dataclass
class _Job:
    """One request's uploads: their private folder, the names saved in it, and the outcome logged at the end."""

    folder: Path
    names: dict[str, str] = field(default_factory=dict)
    outcome: str = "error"


@contextlib.asynccontextmanager
async def _upload_job(action: str, form: FormData) -> AsyncIterator[_Job]:
    """A private folder for a request's uploads, removed with the form when the job ends, and one log line."""
    job = _Job(Path(tempfile.mkdtemp(prefix="itu-contrib-upload-")))
    started = time.perf_counter()
    try:
        yield job
    except Refusal as exc:
        job.outcome = f"refused {exc.status}"
        raise
    finally:
        _log(action, job.names, started, job.outcome)  # before the folder goes: the sizes are read from it
        shutil.rmtree(job.folder, ignore_errors=True)
        await form.close()


def _log(action: str, names: Mapping[str, str], started: float, outcome: str) -> None:
    """One line per request: file names and sizes, duration and outcome; no content, no client address."""
    sizes = []
    for path, display in names.items():
        try:
            size = Path(path).stat().st_size
        except OSError:
            size = -1
        sizes.append(f"{display!r} ({size} B)" if size >= 0 else repr(display))
    log.info("%s: %s in %.2f s: %s", action, ", ".join(sizes) or "no file", time.perf_counter() - started, outcome)


def create_app(settings: Settings | None = None, *, download_folder: Path | None = None) -> Starlette:
    """The web app with ``settings`` (default: from the ``ITU_CONTRIB_WEB_*`` environment variables)."""
    web = WebApp(settings or Settings.from_env(), download_folder)
    routes = [
        Route("/", web.home, methods=["GET"]),
        Route("/validate", web.validate_page, methods=["POST"]),
        Route("/template", web.template_page, methods=["GET"]),
        Route("/template/download", web.template_download, methods=["GET"]),
        Route("/report", web.report_page, methods=["GET"]),
        Route("/report", web.report_build, methods=["POST"]),
        Route("/download/{token}", web.download, methods=["GET"]),
        Route("/static/{name}", web.static, methods=["GET"]),
        Route("/api/validate", web.api_validate, methods=["POST"]),
        Route("/api/rules", web.api_rules, methods=["GET"]),
        Route("/api/openapi.json", web.api_openapi, methods=["GET"]),
        Route("/healthz", web.healthz, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        lifespan=web.lifespan,
        exception_handlers={Refusal: web.on_refusal, HTTPException: web.on_http_error},
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(BodyLimit, limit=web.settings.max_request_bytes, on_too_large=web.on_too_large),
        ],
    )
    app.state.web = web
    return app


__all__ = ["Refusal", "WebApp", "create_app"]
