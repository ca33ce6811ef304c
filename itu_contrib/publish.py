"""The report pipeline from paths to files: validate, tag, count, then write the HTML, the Word copy and the tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import OutputError, ReadError
from .i18n import Listed, Text, language
from .rules import Message

if TYPE_CHECKING:
    from .aggregate import Summary
    from .narrative import Narrative
    from .rules import Config
    from .tagging import TagResult

#: Suffixes that make an output path the Word copy rather than the HTML report.
DOCX_SUFFIXES = frozenset({".docx"})
PathLike = str | Path


@dataclass(frozen=True, eq=False)
class ReportResult:
    """What :func:`build_report` made: the counts, the tagged activities and the files written.

    ``warnings`` are for the editor (sections without narrative); they never stop the report.
    """

    summary: Summary
    tags: TagResult
    narrative: Narrative | None
    html: Path | None
    docx: Path | None
    tables: tuple[Path, ...]
    warnings: tuple[str, ...]
    refused: bool = False

    @property
    def written(self) -> tuple[Path, ...]:
        """Every file written, documents first."""
        return tuple(p for p in (self.html, self.docx) if p is not None) + self.tables


def _as_list(paths: PathLike | Iterable[PathLike]) -> list[PathLike]:
    return [paths] if isinstance(paths, str | Path) else list(paths)


def _fill(path: PathLike | None, year: int | None) -> Path | None:
    """``path`` with ``{year}`` replaced by the report's year (``report`` when unknown)."""
    if path is None:
        return None
    return Path(str(path).replace("{year}", str(year) if year is not None else "report"))


def _narrative_files(narrative: object) -> list[Path]:
    """The files a narrative argument names (so that no output is written over one of them)."""
    if isinstance(narrative, str | Path):
        items: list[str | Path] = [narrative]
    elif isinstance(narrative, list | tuple):
        items = list(narrative)
    else:
        return []
    files: list[Path] = []
    for item in items:
        path = Path(item)
        files.extend(sorted(path.iterdir()) if path.is_dir() else [path])
    return files


def _keeping_scans(suggest: bool) -> AbstractContextManager[None]:
    """The suggester keeping the texts' words between validation and tagging (nothing to keep without suggestions)."""
    if not suggest:
        return nullcontext()
    from .suggest import load_suggester

    return load_suggester().keeping_scans()


def build_report(
    paths: PathLike | Iterable[PathLike],
    *,
    previous: PathLike | Iterable[PathLike] | None = None,
    year: int | None = None,
    output: PathLike | None = None,
    docx: PathLike | None = None,
    tables_dir: PathLike | None = None,
    narrative: PathLike | Sequence[PathLike] | Narrative | None = None,
    title: str | None = None,
    stamp: str | None = None,
    config: Config | PathLike | None = None,
    sheets: Sequence[str] | None = None,
    suggest: bool = True,
    progress: Callable[[int, int, str], None] | None = None,
    strict: bool = False,
    lang: str | None = None,
) -> ReportResult:
    """Validate and tag ``paths`` (and ``previous``), count, and write the report where asked.

    ``output`` is the HTML report, or the Word copy when it ends in ``.docx``; ``docx`` is a Word copy besides it;
    ``tables_dir`` receives every table as CSV. Any of these may contain ``{year}``. ``narrative`` is a folder of
    Markdown files, a Markdown or TOML file (or a loaded :class:`~itu_contrib.narrative.Narrative`). Outputs are
    written atomically and never over a file the report reads. Raises :class:`ReadError` when a file named on its
    own cannot be read and :class:`~itu_contrib.narrative.NarrativeError` when the narrative names something that
    does not exist. Rows with errors are left out of the counts (``result.tags.excluded``; the table
    ``rows_left_out.csv`` lists them). With ``strict``, no file is written when there is any error
    (``result.refused``). ``lang`` (``en``, ``fr``, ``es``) is the language of the report and its Word copy; the
    counts, codes and tables are the same in every language.
    """
    from .aggregate import summarize
    from .narrative import Narrative, expected_keys, load_narrative
    from .outputs import atomic_write_bytes, write_csv
    from .reading import check_output
    from .report import write_report
    from .report_docx import render_docx
    from .rules import Config, load_config
    from .tables import export_tables
    from .tagging import tag
    from .validation import validate

    reads: list[PathLike | None] = [*_as_list(paths), *(_as_list(previous) if previous is not None else [])]
    reads += [config if not isinstance(config, Config) else None, *_narrative_files(narrative)]
    # the documents are checked before any work; the tables, whose names depend on the data, before writing
    for document in (_fill(output, year), _fill(docx, year)):
        check_output(document, reads)
    table_dir = _fill(tables_dir, year)
    if table_dir is not None and table_dir.exists() and not table_dir.is_dir():
        raise OutputError(f"refusing to write the tables into {table_dir}: it is not a folder")
    cfg = config if isinstance(config, Config) else load_config(config)

    # validate scans every title and description for the hints, tag for its suggestions: the words found once
    with _keeping_scans(suggest):
        validation = validate(_as_list(paths), year=year, config=cfg, sheets=sheets, progress=progress)
        named = validation.loaded.unreadable_named
        if named:  # a file named on its own that cannot be read stops the report; one found in a folder does not
            lines = [
                Text.of("{file}: {reason}", file=p.file, reason=Message(p))
                for p in validation.problems
                if p.file in named
            ]
            raise ReadError(Listed(tuple(lines), quoted=False, style="lines"))
        tags = tag(validation, year=year, suggest=suggest, config=cfg)
    before = tag(_as_list(previous), suggest=False, config=cfg) if previous is not None else None
    summary = summarize(tags, year=year, previous=before)

    text: Narrative | None
    if narrative is None or isinstance(narrative, Narrative):
        text = narrative
    else:
        text = load_narrative(narrative, summary.reference)
    warnings: tuple[str, ...] = ()
    if text is not None:
        missing = text.missing(expected_keys(summary))
        if missing:
            warnings = (
                language(lang)
                .ngettext("no narrative for {n} section: {keys}", "no narrative for {n} sections: {keys}", len(missing))
                .format(n=len(missing), keys=", ".join(missing)),
            )

    out = _fill(output, summary.year)
    word = _fill(docx, summary.year)
    if out is not None and out.suffix.lower() in DOCX_SUFFIXES:
        out, word = None, word or out
    table_dir = _fill(tables_dir, summary.year)
    tables = export_tables(summary) if table_dir is not None else {}
    if strict and validation.stats.errors:
        return ReportResult(summary, tags, text, None, None, (), warnings, refused=True)
    planned = [p for p in (out, word) if p is not None]
    if table_dir is not None:
        planned += [table_dir / name for name in tables]
    for path in planned:
        check_output(path, reads)

    if out is not None:
        write_report(summary, out, title=title, stamp=stamp, narrative=text, lang=lang)
    if word is not None:
        atomic_write_bytes(word, render_docx(summary, title=title, stamp=stamp, narrative=text, lang=lang))
    written: list[Path] = []
    if table_dir is not None:
        table_dir.mkdir(parents=True, exist_ok=True)
        for name, frame in tables.items():
            write_csv(frame, table_dir / name)
            written.append(table_dir / name)
    return ReportResult(
        summary=summary,
        tags=tags,
        narrative=text,
        html=out,
        docx=word,
        tables=tuple(written),
        warnings=warnings,
    )
