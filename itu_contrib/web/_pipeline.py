"""The one place where the web app calls the library, through its public API only (``import itu_contrib as ic``).

Every job here runs in a worker process of :mod:`itu_contrib.web.pool` and returns plain data (dicts, lists,
bytes), so results cross the process boundary cheaply; the small helpers marked "in the server" run in the server.
Uploads are on disk under neutral names (``in/01.xlsx``); ``names`` maps each path to the name the person uploaded,
and every path is replaced by that name in what is returned, so no server path reaches a page or a download.
"""

from __future__ import annotations

import dataclasses
import io
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import itu_contrib as ic


def warm_up() -> None:
    """Load the heavy modules and the packaged data once per worker, so the first upload does not pay for them."""
    ic.load_spec()
    ic.load_reference(None)
    for name in ("validate", "annotate", "tag", "summarize", "render_report", "write_template"):
        getattr(ic, name)


def _renamer(names: Mapping[str, str]) -> Callable[[Any], Any]:
    """A function replacing every upload path in a text by the uploaded name (longest paths first)."""
    ordered = sorted(names.items(), key=lambda kv: -len(kv[0]))

    def rename(text: Any) -> Any:
        if not isinstance(text, str):
            return text
        for path, display in ordered:
            if path in text:
                text = text.replace(path, display)
        return text

    return rename


def _read_error_lines(exc: ic.ItuContribError, rename: Callable[[Any], Any], lang: str = "en") -> list[str]:
    """The lines the CLI prints after ``itu-contrib: error:`` for inputs that cannot be read, in ``lang``."""
    return [rename(line) for line in (exc.render(ic.language(lang)).splitlines() or [type(exc).__name__])]


def validate_uploads(
    names: Mapping[str, str], *, year: int | None, out_dir: str, annotate: bool = True, lang: str = "en"
) -> dict[str, Any]:
    """Validate the uploaded files; the ``validate --format json`` document, the annotated copies, the suggestions.

    ``names`` maps each upload's path to its uploaded name, in upload order. Returns ``{"fatal": [lines]}`` when no
    file can be read at all (the CLI's exit 2), else ``document`` (the JSON document), ``annotated`` (one entry per
    readable file: uploaded name, download name, bytes), ``suggestions`` and ``skipped`` (sheets not read). Messages,
    hints, reasons and the annotated copies are in ``lang`` (``validate --lang``); codes and cells never change.
    """
    started = time.perf_counter()
    rename = _renamer(names)
    try:
        result = ic.validate(list(names), year=year, lang=lang)
    except ic.ReadError as exc:
        return {"fatal": _read_error_lines(exc, rename, lang), "elapsed": time.perf_counter() - started}
    document = result.to_dict()
    document["files"] = [rename(f) for f in document["files"]]
    for problem in document["problems"]:
        for key in ("file", "message", "hint", "value"):
            problem[key] = rename(problem[key])
    return {
        "fatal": None,
        "document": document,
        "annotated": _annotate(result, names, Path(out_dir), lang) if annotate else [],
        "suggestions": suggestions(result, rename, lang) if annotate else [],
        "skipped": [
            {"file": rename(s.file), "sheet": s.sheet, "reason": s.skipped_in(lang)}
            for s in result.loaded.skipped
            if s.sheet
        ],
        "elapsed": time.perf_counter() - started,
    }


def _annotate(
    result: ic.ValidationResult, names: Mapping[str, str], out_dir: Path, lang: str = "en"
) -> list[dict[str, Any]]:
    """An annotated copy of each readable upload (``ic.annotate``, as ``validate --annotate DIR``), as bytes.

    The problems' texts and template values are renamed first (a duplicate's message names the file of its first
    occurrence), so the comments in the copies name the uploaded files, not the server's paths, in any language.
    """
    rename = _renamer(names)
    problems = tuple(
        dataclasses.replace(
            p, message=rename(p.message), hint=rename(p.hint), value=rename(p.value),
            params=tuple((k, rename(v)) for k, v in p.params),  # the copies write the problems again in ``lang``
        )
        for p in result.problems
    )  # fmt: skip
    by_name = {Path(path).name: display for path, display in names.items()}
    copies = []
    for written in ic.annotate(dataclasses.replace(result, problems=problems), out_dir, lang=lang):
        display = by_name[written.name.split(".annotated")[0]]  # ic.annotate names a copy after its input
        copies.append(
            {
                "file": display,
                "filename": Path(display).stem + ".annotated" + written.suffix,
                "data": written.read_bytes(),
            }
        )
    return copies


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, tuple | list):
        return len(value) == 0
    return value != value or str(value).strip() == ""  # NaN, or empty text


def suggestions(result: ic.ValidationResult, rename: Callable[[Any], Any], lang: str = "en") -> list[dict[str, Any]]:
    """Tags suggested by ``ic.tag`` from the title and description, for rows whose action lines or SDGs are blank.

    Tagging runs only when some row has such a blank cell. Column labels and "SDG" are written in ``lang``.
    """
    to = ic.language(lang)
    frame = result.frame
    if not any(_blank(a) or _blank(s) for a, s in zip(frame["action_lines"], frame["sdgs"], strict=True)):
        return []
    tags = ic.tag(result, year=result.year)
    out: list[dict[str, Any]] = []
    for row in tags.activities.to_dict("records"):
        file, sheet, line = str(row["source_file"]), str(row["source_sheet"]), int(row["source_row"])
        info = result.loaded.sheet_info(file, sheet)
        blank_goals = _blank(row["sdg_goals"]) and _blank(row["sdg_targets"]) and _blank(row["sdg_indicators"])
        for field, blank, codes in (
            ("action_lines", _blank(row["action_lines"]), list(row["suggested_action_lines"])),
            ("sdgs", blank_goals, [f"{to.gettext('SDG')} {g}" for g in row["suggested_sdg_goals"]]),
        ):
            if not blank or not codes:
                continue
            out.append(
                {
                    "file": rename(file),
                    "sheet": sheet,
                    "row": line,
                    "cell": info.cell(field, line) if info else None,
                    "column": (info.header(field) if info else None) or ic.load_spec().label(field, lang),
                    "title": None if _blank(row["title"]) else str(row["title"]),
                    "suggested": codes,
                    "evidence": row["suggestion_evidence"] or "",
                }
            )
    return out


def rules(lang: str = "en") -> list[dict[str, str]]:
    """The rule catalogue as ``itu-contrib rules --format json [--lang]`` prints it (in the server)."""
    to = ic.language(lang)
    return [
        {"code": r.code, "severity": r.severity.value, "stage": r.stage, "meaning": to.gettext(r.meaning),
         "example": r.example}
        for r in ic.RULES
    ]  # fmt: skip


def problems_csv(problems: Sequence[Mapping[str, Any]]) -> str:
    """Problems as ``validate --format csv`` writes them, every cell neutralised against formula injection."""
    return str(ic.csv_text(ic.PROBLEM_FIELDS, ({k: p.get(k) for k in ic.PROBLEM_FIELDS} for p in problems)))


def template(*, year: int | None, lang: str, out_dir: str) -> bytes:
    """The input template's bytes (what ``itu-contrib template -o FILE --year --lang`` writes)."""
    return Path(ic.write_template(Path(out_dir) / "template.xlsx", year=year, lang=lang)).read_bytes()


def template_languages() -> tuple[str, ...]:
    """The languages of the template (in the server): one per catalogue shipped."""
    return tuple(ic.available_languages())


def sectors() -> tuple[str, ...]:
    """The sectors of the activity spec's vocabulary (in the server)."""
    return tuple(ic.load_spec().vocabularies["sectors"].values)


def report(
    names: Mapping[str, str],
    previous: Mapping[str, str],
    *,
    year: int | None,
    title: str | None,
    out_dir: str,
    lang: str = "en",
) -> dict[str, Any]:
    """The annual report of the uploads (what ``itu-contrib report --previous --tables`` writes), as bytes.

    Returns ``{"fatal": [lines]}`` when the files cannot be read, else the HTML, a zip of the tables, the CLI's
    summary line and the rows left out of the report with their error codes; the report, the reasons and the line
    are in ``lang`` (``report --lang``).
    """
    rename = _renamer({**names, **previous})
    try:
        validation = ic.validate(list(names), year=year, lang=lang)
    except ic.ReadError as exc:
        return {"fatal": _read_error_lines(exc, rename, lang)}
    if validation.loaded.unreadable:  # the CLI's report stops here too (exit 2)
        lines = [f"{p.file}: {p.message}" for p in validation.problems if p.file in validation.loaded.unreadable]
        return {"fatal": [rename(line) for line in lines]}
    result = ic.tag(validation, year=year)
    last = None
    if previous:
        try:
            last = ic.tag(list(previous), suggest=False)
        except ic.ReadError as exc:
            return {"fatal": _read_error_lines(exc, rename, lang)}
    summary = ic.summarize(result, year=year, previous=last)
    html = rename(ic.render_report(summary, title=title or None, lang=lang))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in summary.write_tables(Path(out_dir) / "tables"):
            archive.writestr(path.name, rename(path.read_text(encoding="utf-8")))
    left_out = [
        {
            "file": rename(str(row["source_file"])),
            "sheet": str(row["source_sheet"]),
            "row": int(row["source_row"]),
            "activity_id": None if _blank(row["activity_id"]) else str(row["activity_id"]),
            "title": None if _blank(row["title"]) else str(row["title"]),
            "codes": list(row["problems"]),
        }
        for row in result.activities.to_dict("records")
        if row["problems"]
    ]
    return {
        "fatal": None,
        "year": summary.year,
        "html": html,
        "tables": buf.getvalue(),
        "line": result.report_line(lang),
        "left_out": left_out,
    }


#: The jobs a worker process runs, by name (what the server may ask of it).
JOBS: dict[str, Callable[..., Any]] = {"validate": validate_uploads, "template": template, "report": report}

__all__ = [
    "JOBS",
    "problems_csv",
    "report",
    "rules",
    "sectors",
    "suggestions",
    "template",
    "template_languages",
    "validate_uploads",
    "warm_up",
]
