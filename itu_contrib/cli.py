"""The ``itu-contrib`` command: parses arguments, calls the library, formats output, sets the exit code.

Heavy modules (pandas, pandera, openpyxl) are imported inside the commands, so ``--help`` and
``--version`` answer at once.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import itu_contrib as ic

if TYPE_CHECKING:
    from itu_contrib import Problem, ValidationResult

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_CANNOT_RUN = 2
EXIT_INTERRUPTED = 130


def _version() -> str:
    return ic.__version__


class _VersionAction(argparse.Action):
    """``--version``: the version is looked up when asked for, not each time the parser is built."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"{parser.prog} {_version()}")  # on stdout, as argparse's own version action writes it
        parser.exit()


class _Style:
    """ANSI colour for a terminal; none when piped or when NO_COLOR is set."""

    def __init__(self, stream: TextIO) -> None:
        self.on = stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.on else text


def _eprint(*parts: object) -> None:
    print(*parts, file=sys.stderr)


class _Progress:
    """A one-line progress bar on stderr, only on a terminal, only for several files, never with --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.on = not quiet and sys.stderr.isatty()
        self.shown = False

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.on or total < 2:
            return
        width = 24
        filled = width * done // total
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[-40:]:<40}"
        sys.stderr.write(line)
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()


# -- shared formatting ---------------------------------------------------------------------------------


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _printable(text: object) -> str:
    r"""Text from a spreadsheet made safe for a terminal: control characters and bidi overrides shown as codes.

    Escape sequences cannot reach the terminal and text cannot be reordered: ``\x1b``, ``\u202e`` are shown.
    """
    return _CONTROL.sub(_code, str(text))


def _code(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def format_problems_text(
    problems: Sequence[Problem], stream: TextIO, *, skipped: Sequence[Any] = (), lang: ic.Language | None = None
) -> str:
    """Problems as a readable table grouped by file and sheet (cell text cannot reach the terminal raw).

    The severity and the hint's label are written in ``lang``; codes and cells are the same in every language.
    """
    to = lang or ic.language()
    severities = {"error": to.pgettext("severity", "error"), "warning": to.pgettext("severity", "warning")}
    sev_width = max(7, *(len(v) for v in severities.values()))
    style = _Style(stream)
    lines: list[str] = []
    groups: dict[tuple[str, str | None], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.file, p.sheet), []).append(p)
    for (file, sheet), items in groups.items():
        lines.append(style(_printable(f"{file}" + (f" > {sheet}" if sheet else "")), "1"))
        width = max((len(p.cell or "-") for p in items), default=1)
        for p in items:
            sev = style(f"{severities[p.severity.value]:<{sev_width}}", "31" if p.severity.value == "error" else "33")
            where = (p.cell or "-").ljust(width)
            lines.append(f"  {where}  {sev}  {p.code:<24} {_printable(p.message)}")
            if p.hint:
                hint = to.gettext("hint: {hint}").format(hint=_printable(p.hint))
                lines.append(" " * (width + 7 + sev_width + 24) + style(hint, "2"))
        lines.append("")
    for info in skipped:
        skipped_line = to.gettext("skipped: {where}: {reason}").format(
            where=f"{info.file} > {info.sheet}", reason=info.skipped_in(to)
        )
        lines.append(style(_printable(skipped_line), "2"))
    return "\n".join(lines)


def _summary_line(result: ValidationResult, lang: ic.Language | None = None) -> str:
    s = result.stats
    to = lang or ic.language()
    verdict = to.gettext("valid") if result.valid else to.gettext("invalid")
    counts = [
        to.ngettext("{n} file", "{n} files", s.files).format(n=s.files),
        to.ngettext("{n} row", "{n} rows", s.rows).format(n=s.rows),
        to.ngettext("{n} error", "{n} errors", s.errors).format(n=s.errors),
        to.ngettext("{n} warning", "{n} warnings", s.warnings).format(n=s.warnings),
    ]
    return to.gettext("{verdict}: {counts}").format(verdict=verdict, counts=", ".join(counts))


def _write_or_print(text: str | Iterable[str], output: str | None) -> None:
    """Write ``text`` (or its pieces) to the file ``output``, or to standard output ending with a line break."""
    if output not in (None, "-"):
        ic.atomic_write_text(Path(str(output)), text)
        return
    last = ""
    for piece in [text] if isinstance(text, str) else text:
        sys.stdout.write(piece)
        last = piece[-1:] or last
    if last not in ("", "\n"):
        sys.stdout.write("\n")


def _reads(args: argparse.Namespace) -> list[str | None]:
    """Every file or folder the command reads: an output may be none of them."""
    return [*args.paths, *(getattr(args, "previous", None) or []), getattr(args, "config", None)]


def _validate(args: argparse.Namespace, config: ic.Config) -> ValidationResult:
    progress = _Progress(args.quiet)
    _import_pandera()
    result = ic.validate(
        args.paths, year=args.year, config=config, sheets=args.sheet, strict=getattr(args, "strict", False),
        progress=progress, lang=getattr(args, "lang", None),
    )  # fmt: skip
    progress.done()
    return result


# -- commands ------------------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate submissions and report every problem."""
    ic.check_output(args.output, _reads(args))
    if args.annotate:
        ic.check_output(None, _reads(args))
    config = ic.load_config(args.config)
    result = _validate(args, config)
    fmt = args.format
    if fmt == "json":
        _write_or_print(result.json_chunks(), args.output)
    elif fmt == "csv":
        _write_or_print(ic.csv_text(ic.PROBLEM_FIELDS, (p.to_dict() for p in result.problems)), args.output)
    elif fmt == "html":
        _write_or_print(ic.render_validation(result, lang=args.lang), args.output)
    else:
        shown = result.errors if args.quiet else result.problems
        lang = ic.language(args.lang)
        text = format_problems_text(shown, sys.stdout, skipped=() if args.quiet else result.loaded.skipped, lang=lang)
        if text.strip():
            _write_or_print(text, args.output)
        if not args.quiet:
            for file, stamp in result.loaded.templates.items():
                made = (
                    lang.gettext("{file}: made from itu-contrib template {version} for {year}")
                    if stamp.get("year")
                    else lang.gettext("{file}: made from itu-contrib template {version}")
                )
                _eprint(made.format(file=file, version=stamp["template_version"], year=stamp.get("year")))
        if not args.quiet or not result.valid:
            _eprint(_summary_line(result, lang))
    if args.annotate:
        for written in ic.annotate(result, args.annotate, skipped=_say_skipped, lang=args.lang):
            if not args.quiet:
                _eprint(ic.language(args.lang).gettext("annotated: {path}").format(path=written))
    if result.loaded.unreadable_named:
        return EXIT_CANNOT_RUN
    return EXIT_OK if result.valid else EXIT_INVALID


def _say_skipped(file: str, reason: str) -> None:
    _eprint(f"{file}: {reason}")


def _lang_of(args: argparse.Namespace) -> ic.Language:
    """The language the command writes in (--lang; English for the commands without it)."""
    return ic.language(getattr(args, "lang", None))


def _error(lang: ic.Language, text: str) -> str:
    """``itu-contrib: error: text``, the label in ``lang`` (the prefix stays, so scripts can find it)."""
    return "itu-contrib: " + lang.gettext("error: {message}").format(message=text)


def _unreadable(result: ValidationResult, lang: ic.Language) -> bool:
    """Print the one-line reason of each file named alone that cannot be read; True when there was any.

    Files found in a folder that cannot be read are error problems of the run, which goes on without them.
    """
    for p in result.problems:
        if p.file in result.loaded.unreadable_named:
            _eprint(_error(lang, f"{p.file}: {p.message}"))
    return bool(result.loaded.unreadable_named)


def cmd_tag(args: argparse.Namespace) -> int:
    """Tag activities and write the tidy tables."""
    out = args.output
    lang = _lang_of(args)
    suffix = Path(out).suffix.lower() if out not in (None, "-") else ".csv"
    if suffix not in (".json", ".xlsx", ".csv", ""):
        _eprint(_error(lang, lang.gettext("{file}: unknown output format; use .csv, .xlsx or .json").format(file=out)))
        return EXIT_CANNOT_RUN
    ic.check_output(out, _reads(args))
    config = ic.load_config(args.config)
    validation = _validate(args, config)
    if _unreadable(validation, lang):
        return EXIT_CANNOT_RUN
    result = ic.tag(validation, year=args.year, suggest=not args.no_suggest, config=config, only_valid=args.only_valid)
    if out in (None, "-"):
        if suffix == ".json":
            import json

            _write_or_print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), None)
        else:
            table = result.to_frames(joined=True)["activities"]
            records = [{str(k): v for k, v in r.items()} for r in table.to_dict(orient="records")]
            _write_or_print(ic.csv_text([str(c) for c in table.columns], records), None)
    else:
        result.write(out if suffix else f"{out}.csv")
    if not args.quiet:
        if result.problems:
            problems = [ic.translate(p, lang) for p in result.problems]
            _eprint(format_problems_text(problems, sys.stderr, lang=lang).rstrip())
        n, excluded, warnings = len(result.activities), result.excluded, len(result.problems)
        line = lang.gettext("tagged {activities} ({excluded}, {warnings})").format(
            activities=lang.ngettext("{n} activity", "{n} activities", n).format(n=n),
            excluded=(
                lang.ngettext("{n} with errors: see itu-contrib validate", "{n} with errors: see itu-contrib validate",
                              excluded).format(n=excluded)
                if excluded
                else lang.gettext("0 with errors")
            ),
            warnings=lang.ngettext("{n} tagging warning", "{n} tagging warnings", warnings).format(n=warnings),
        )  # fmt: skip
        _eprint(line + (f" -> {out}" if out not in (None, "-") else ""))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Build the annual report: HTML, an editable Word copy, and every table as CSV."""
    progress = _Progress(args.quiet)
    result = ic.build_report(
        args.paths,
        previous=args.previous,
        year=args.year,
        output=args.output or "reports/wsis-{year}.html",
        docx=args.docx,
        tables_dir=args.tables,
        narrative=args.narrative,
        title=args.title,
        stamp=_stamp() if args.stamp else None,
        config=args.config,
        sheets=args.sheet,
        suggest=not args.no_suggest,
        lang=args.lang,
        progress=progress,
        strict=args.strict,
    )
    progress.done()
    lang = _lang_of(args)
    if result.refused:
        errors = result.tags.validation.stats.errors
        refused = lang.ngettext(
            "report not written: {n} error (--strict); see itu-contrib validate",
            "report not written: {n} errors (--strict); see itu-contrib validate",
            errors,
        )
        _eprint("itu-contrib: " + refused.format(n=errors))
        return EXIT_INVALID
    if not args.quiet:
        for warning in result.warnings:
            _eprint("itu-contrib: " + lang.gettext("warning: {message}").format(message=warning))
        _eprint(result.tags.report_line(lang))
    for path in (result.html, result.docx):
        if path is not None:
            print(path)
    return EXIT_INVALID if result.tags.excluded else EXIT_OK


def _stamp() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def cmd_rules(args: argparse.Namespace) -> int:
    """Print the rule catalogue (meanings in --lang; codes, severities and stages as the catalogue names them)."""
    lang = _lang_of(args)
    if args.format == "json":
        import json

        rows = [
            {"code": r.code, "severity": r.severity.value, "stage": r.stage, "meaning": lang.gettext(r.meaning),
             "example": r.example}
            for r in ic.RULES
        ]  # fmt: skip
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        print(rules_markdown(lang))
    else:
        severities = {s: lang.pgettext("severity", s) for s in ("error", "warning")}
        width = max(8, *(len(v) for v in severities.values()))
        for r in ic.RULES:
            example = lang.gettext("e.g. {example}").format(example=r.example)
            line = f"{r.code:<26} {severities[r.severity.value]:<{width}} {r.stage:<9} {lang.gettext(r.meaning)}"
            print(f"{line}  ({example})")
    return EXIT_OK


def rules_markdown(lang: ic.Language | None = None) -> str:
    """The rule catalogue as a Markdown table (docs/rules.md is generated from it, in English)."""
    to = lang or ic.language()
    head = [
        to.gettext("code"),
        to.gettext("severity"),
        to.gettext("stage"),
        to.gettext("meaning"),
        to.gettext("example"),
    ]
    lines = ["| " + " | ".join(head) + " |", "|---|---|---|---|---|"]
    lines += [
        f"| `{r.code}` | {r.severity.value} | {r.stage} | {to.gettext(r.meaning)} | {r.example} |" for r in ic.RULES
    ]
    return "\n".join(lines)


def cmd_reference(args: argparse.Namespace) -> int:
    """List action lines, SDGs, rings or indicators (names in --lang; codes and column keys never change)."""
    ref = ic.load_reference(args.year)
    rows = ref.listing(args.what, _lang_of(args))
    if args.format == "json":
        import json

        print(json.dumps({"plan": ref.plan.id, args.what: rows}, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        keys = list(rows[0])
        widths = {k: min(max(len(str(r[k])) for r in [*rows, dict.fromkeys(keys, "")]), 60) for k in keys}
        widths = {k: max(widths[k], len(k)) for k in keys}
        print("  ".join(k.ljust(widths[k]) for k in keys).rstrip())
        for r in rows:
            print(
                "  ".join(
                    textwrap.shorten(str(r[k]), widths[k], placeholder="...").ljust(widths[k]) for k in keys
                ).rstrip()
            )
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    """Write the input template."""
    ic.check_output(args.output)
    path = ic.write_template(Path(args.output), year=args.year, lang=args.lang)
    if not args.quiet:
        _eprint(_lang_of(args).gettext("template written: {path}").format(path=path))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the web pages and the JSON API (localhost only unless --host says otherwise)."""
    import logging

    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(asctime)s %(message)s")
    ic.serve(host=args.host, port=args.port, workers=args.workers, max_upload_mb=args.max_upload_mb)
    return EXIT_OK


# -- parser --------------------------------------------------------------------------------------------

EXAMPLES = {
    "validate": """examples:
  itu-contrib validate "ITU-D 2025.xlsx"
  itu-contrib validate inputs/2025 --year 2025 --format json > problems.json
  itu-contrib validate inputs/2025 --annotate annotated/
  itu-contrib validate submission.xlsx --strict --config org.toml

exit codes: 0 no errors (warnings allowed unless --strict), 1 errors found, 2 cannot run""",
    "tag": """examples:
  itu-contrib tag inputs/2025 -o tagged.csv
  itu-contrib tag inputs/2025 -o tagged.xlsx   # with long tables per action line and SDG
  itu-contrib tag inputs/2025 -o - --no-suggest | head""",
    "report": """examples:
  itu-contrib report inputs/2025 -o reports/wsis-2025.html
  itu-contrib report inputs/2025 --previous inputs/2024 --tables reports/tables-2025 -o reports/wsis-2025.html
  itu-contrib report inputs/2025 --narrative inputs/narrative/2025 --docx wsis-2025.docx -o wsis-2025.html
  itu-contrib report inputs/2025 --narrative inputs/narrative/2025 -o reports/wsis-2025.docx

narrative: a folder of Markdown files named by section (introduction.md, sole-facilitator.md, C2.md,
C7.e-health.md, main-key-focus.md, ...) or one TOML file of key = "markdown" entries.""",
    "template": """examples:
  itu-contrib template -o ITU-D-2026.xlsx --year 2026
  itu-contrib template -o modele.xlsx --lang fr""",
    "rules": """examples:
  itu-contrib rules
  itu-contrib rules --format markdown > docs/rules.md""",
    "reference": """examples:
  itu-contrib reference action-lines
  itu-contrib reference sdgs --format csv
  itu-contrib reference indicators --format json""",
    "serve": """examples:
  itu-contrib serve                      # http://127.0.0.1:8000/ on this machine only
  itu-contrib serve --port 8080 --workers 4
  ITU_CONTRIB_WEB_JOB_TIMEOUT=60 itu-contrib serve --host 0.0.0.0   # behind a reverse proxy

limits: ITU_CONTRIB_WEB_* environment variables (see docs/web.md)""",
}


def _year(text: str) -> int:
    """A --year value: a whole number in the spec's range of reporting years."""
    col = ic.load_spec()["year"]
    lo, hi = col.min or 0, col.max or 9999
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a year; write it as four digits, e.g. 2025") from None
    if not lo <= year <= hi:
        raise argparse.ArgumentTypeError(f"{year} is not a reporting year; use a year between {lo} and {hi}")
    return year


def _common(p: argparse.ArgumentParser, *, output_help: str) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="spreadsheet files, folders or glob patterns")
    p.add_argument("--year", type=_year, help="the year being reported (default: each file's most common year)")
    p.add_argument("--config", metavar="FILE", help="TOML file with rule severity overrides ([severity] table)")
    p.add_argument("--sheet", action="append", metavar="NAME", help="read only this sheet (repeatable)")
    p.add_argument("-o", "--output", metavar="FILE", help=output_help)


def _lang(p: argparse.ArgumentParser, help_text: str) -> None:
    """The --lang option: one of the languages there is a catalogue for."""
    p.add_argument("--lang", choices=ic.available_languages(), default="en", help=help_text)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="itu-contrib",
        description="Validate, tag and report ITU's contributions to the WSIS Action Lines and the SDGs.",
        epilog="Run 'itu-contrib COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show program's version number and exit")
    parser.add_argument("--debug", action="store_true", help="show a traceback when the tool cannot run")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str, fn: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(func=fn)
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        p.add_argument("--quiet", "-q", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        return p

    p = add("validate", "Check submissions and pinpoint every problem to its cell.", cmd_validate)
    _common(p, output_help="write the problems to FILE instead of standard output")
    p.add_argument("--format", choices=["text", "json", "csv", "html"], default="text", help="output format")
    p.add_argument("--annotate", metavar="DIR", help="write an annotated copy of each workbook into DIR")
    p.add_argument("--strict", action="store_true", help="warnings also fail the validation (exit 1)")
    _lang(p, "language of the messages and hints (codes and cells are the same in every language)")

    p = add("tag", "Tag activities with action lines, ITU roles, SDGs and rings.", cmd_tag)
    _common(p, output_help="output file: .csv, .xlsx or .json ('-' or none: CSV on standard output)")
    p.add_argument("--no-suggest", action="store_true", help="do not suggest tags from the text")
    p.add_argument("--only-valid", action="store_true", help="leave out the activities that have errors")
    _lang(p, "language of the messages and summary line (codes and the tagged table are the same in every language)")

    p = add("report", "Build the annual report: HTML, an editable Word copy, every table as CSV.", cmd_report)
    _common(p, output_help="the report to write: .html, or .docx for the Word copy (default: reports/wsis-YEAR.html)")
    p.add_argument("--previous", nargs="+", metavar="PATH", help="last year's submissions, for year over year")
    p.add_argument("--narrative", metavar="DIR_OR_FILE", help="the editor's text per section (Markdown files or TOML)")
    p.add_argument("--docx", metavar="FILE", help="also write the report as an editable Word document")
    p.add_argument("--title", help="the report title")
    p.add_argument("--tables", metavar="DIR", help="also write every table of the report as a CSV file into DIR")
    p.add_argument("--stamp", action="store_true", help="print the generation time in the report")
    p.add_argument("--no-suggest", action="store_true", help="do not suggest tags from the text")
    _lang(p, "language of the report and its Word copy (codes and counts are the same in every language)")
    p.add_argument("--strict", action="store_true", help="write no report at all when there is any error (exit 1)")

    p = add("template", "Write an input template with dropdowns and instructions.", cmd_template)
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="the template file to write")
    p.add_argument("--year", type=_year, help="the reporting year stamped in the template")
    _lang(p, "language of the sheets, headers, help, dropdown values and instructions")

    p = add("rules", "List the validation rules with their codes and severities.", cmd_rules)
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    _lang(p, "language of the rules' meanings (codes are the same in every language)")

    p = add("reference", "List action lines, SDGs, targets, indicators or rings.", cmd_reference)
    p.add_argument("what", choices=["action-lines", "sdgs", "targets", "indicators", "rings"])
    p.add_argument("--year", type=_year, help="use the strategic plan covering this year")
    p.add_argument("--format", choices=["text", "json", "csv"], default="text")
    _lang(p, "language of the titles and names (codes are the same in every language)")

    p = add("serve", "Serve the web page for focal points and the JSON API.", cmd_serve)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--workers", type=int, metavar="N", help="checker processes at once (default: one per core, max 4)")
    p.add_argument("--max-upload-mb", type=int, metavar="MB", help="largest upload (default: the CLI's file limit)")
    return parser


def _is_regular_file(path: str) -> bool:
    """Whether `path` is a regular file (a missing one counts: reading it reports that it is missing)."""
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False


def _one_line(text: str) -> str:
    return "".join("?" if ord(ch) < 32 or ord(ch) == 127 else ch for ch in text)


#: Modules that pandera imports, when they are installed, for its test-data strategies, which no command uses:
#: hypothesis (with pytest and trio behind it) costs more start-up than pandera itself.
_UNUSED_BY_PANDERA = ("hypothesis",)


def _import_pandera() -> None:
    """Import pandera for a validating command without the optional modules it would not use here.

    While pandera is imported, an entry of None in ``sys.modules`` makes ``import hypothesis`` fail, so pandera
    takes it as absent; the entries are removed right after, so the process can still import hypothesis itself.
    Nothing is done when pandera or hypothesis is already imported (a test run keeps pandera as it is).
    """
    if "pandera.pandas" in sys.modules:
        return
    blocked = [name for name in _UNUSED_BY_PANDERA if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import pandera.pandas
        import pandera.strategies.base_strategies  # noqa: F401  (decides, once, whether hypothesis is there)
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 valid, 1 invalid data, 2 cannot run)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 for --help/--version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_CANNOT_RUN
    if args.debug:  # the readers' own messages (why a file was called damaged) are logged at debug level
        import logging

        logging.basicConfig(level=logging.DEBUG, format="itu-contrib: debug: %(message)s")
    config = getattr(args, "config", None)
    if config is not None and not _is_regular_file(config):  # a FIFO or device would hang or never end
        _eprint(f"itu-contrib: error: {_one_line(str(config))}: is not a regular file; give a TOML config file")
        return EXIT_CANNOT_RUN
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        _eprint("itu-contrib: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:
        if args.debug:
            raise
        if isinstance(exc, ic.ItuContribError):
            lang = _lang_of(args)
            for line in exc.render(lang).splitlines() or [type(exc).__name__]:
                _eprint(_error(lang, line))
            return exc.exit_code
        _eprint(f"itu-contrib: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)")
        return EXIT_CANNOT_RUN
