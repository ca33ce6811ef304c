"""Validation stage: every problem of every row in one pass, each pinpointed to its cell with a fix hint."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from .codes import parse_action_lines, parse_sdgs
from .countries import closest_country, country_code
from .errors import ArgumentError
from .hints import text_hints, with_suggestions
from .i18n import SOURCE, Choice, ColumnLabel, Language, Listed, Text, language
from .problems import FIELDS, Problem, Severity
from .reading import LoadResult, load
from .reference import Reference, load_reference
from .rules import Config, load_config, make_problem, make_problems, translate
from .spec import Column, Spec, Vocabulary, load_spec, normalize_key
from .values import split_values

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$|^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_SLASH = re.compile(r"\s*/\s*")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts of one validation run."""

    files: int
    rows: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of :func:`validate`: problems, counts and the validated activities.

    ``frame`` holds the activities read, with choice columns in canonical form and the parsed codes in
    ``_action_lines``, ``_sdg_goals``, ``_sdg_targets``, ``_sdg_indicators``, ``_countries``; ``_errors`` holds
    the codes of the errors of each row (its cells' and its sheet's) and ``_excluded`` marks the rows that have
    any: a report never counts them.
    """

    valid: bool
    problems: tuple[Problem, ...]
    stats: Stats
    frame: pd.DataFrame
    loaded: LoadResult
    year: int | None = None
    strict: bool = False

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity error."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems of severity warning."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    def problems_frame(self) -> pd.DataFrame:
        """The problems as a DataFrame, one row per problem, columns ``ic.PROBLEM_FIELDS`` (as ``--format csv``).

        For notebooks: ``result.problems_frame().groupby(["file", "code"]).size()``. ``severity`` holds ``error``
        or ``warning``; ``row`` is a nullable integer.
        """
        from .problems import FIELDS

        records = [p.to_dict() for p in self.problems]
        frame = pd.DataFrame.from_records(records, columns=list(FIELDS))
        frame["row"] = frame["row"].astype("Int64")
        return frame

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``validate --format json`` (see ``schemas/validate-output.schema.json``)."""
        return self._document([p.to_dict() for p in self.problems])

    def _document(self, problems: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "files": list(self.loaded.files),
            "problems": problems,
            "stats": {
                "files": self.stats.files,
                "rows": self.stats.rows,
                "errors": self.stats.errors,
                "warnings": self.stats.warnings,
            },
        }

    def json_chunks(self) -> Iterator[str]:
        """The text of :meth:`to_dict` as ``json.dumps(..., indent=2, ensure_ascii=False)`` writes it, in pieces.

        The same characters, made problem by problem without building the whole document (a run can have a
        hundred thousand problems): a problem's plain values (text, whole numbers, None) are encoded in C.
        """
        head, tail = _json(self._document([]), 0).split('\n  "problems": [],\n', 1)
        yield head + '\n  "problems": '
        if not self.problems:
            yield "[],\n" + tail
            return
        batch: list[str] = []
        for k, p in enumerate(self.problems):
            batch.append(("[\n" if k == 0 else ",\n") + _json_problem(p.to_dict()))
            if len(batch) == 1000:
                yield "".join(batch)
                batch.clear()
        yield "".join(batch) + "\n  ],\n" + tail


def _json(value: Any, level: int) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` as it reads nested ``level`` deep in a document."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)


def _json_problem(record: Mapping[str, Any]) -> str:
    """One problem's record as an item of the document's problem list (see :meth:`ValidationResult.json_chunks`)."""
    parts = []
    for key, value in record.items():
        if value is None:
            text = "null"
        elif isinstance(value, str):
            text = encode_basestring(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            text = int.__repr__(value)
        else:  # not a plain value: the json module writes the whole record
            return "    " + _json(dict(record), 2)
        parts.append(f"      {encode_basestring(key)}: {text}")
    return "    {\n" + ",\n".join(parts) + "\n    }" if parts else "    {}"


# -- checks on single cells ----------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    kind = type(value)
    if kind is str:  # the usual cell, answered without pandas
        return value == ""  # type: ignore[no-any-return]
    if kind is int:
        return False
    return value is None or (not isinstance(value, tuple | list) and bool(pd.isna(value))) or value == ""


def _broadcast(values: Iterable[Any], fn: Callable[[Any], T], blank: T) -> np.ndarray[Any, Any]:
    """:func:`per_value` as an object array: ``fn`` runs on the distinct values, the results are spread in C."""
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)  # distinct values found in C; blanks are -1
    # plain objects: a pandas array of distinct texts is slow to walk item by item
    distinct = uniques.to_numpy(dtype=object) if isinstance(uniques, pd.Index) else np.asarray(uniques, dtype=object)
    table = np.empty(len(distinct) + 1, dtype=object)  # the last entry serves the blanks (code -1)
    for i, v in enumerate(distinct.tolist()):  # item by item: a result can be a tuple, which numpy would spread
        table[i] = blank if v is pd.NaT or (isinstance(v, str) and v == "") else fn(v)
    table[-1] = blank
    return table[codes]


def per_value(values: Iterable[Any], fn: Callable[[Any], T], blank: T) -> list[T]:
    """``fn`` of each value, computed once per distinct value (cells repeat a lot); ``blank`` for blank cells."""
    return _broadcast(values, fn, blank).tolist()  # type: ignore[no-any-return]


def _map(series: pd.Series, fn: Callable[[Any], bool]) -> pd.Series:
    """A pandera check body: True where the cell is blank or passes ``fn``."""
    return pd.Series(_broadcast(series, fn, True).astype(bool), index=series.index)


def _blank(series: pd.Series) -> np.ndarray[Any, Any]:
    """True where the cell is blank (missing or empty text), computed on the column at once."""
    blank = series.isna().to_numpy(dtype=bool, copy=True)
    values = series.to_numpy(dtype=object)
    blank[~blank] = values[~blank] == ""
    return blank


def _within_length(series: pd.Series, limit: int) -> pd.Series:
    """A pandera check body: True where the cell is blank or its text is at most ``limit`` characters."""
    blank = _blank(series)
    lengths = series.astype(object).where(~blank, "").astype(str).str.len().to_numpy()
    return pd.Series(blank | (lengths <= limit), index=series.index)


def _code_checks(parse: Callable[[Any], Any]) -> Callable[[Any], tuple[bool, bool, bool]]:
    """(gives codes, nothing misplaced, nothing unknown) of a cell, parsed once for the three checks of a column."""
    memo: dict[Any, tuple[bool, bool, bool]] = {}

    def flags(v: Any) -> tuple[bool, bool, bool]:
        found = memo.get(v)
        if found is None:
            parsed = parse(v)
            found = memo[v] = (_gives_codes(parsed), not parsed.misplaced, not parsed.unknown)
        return found

    return flags


@lru_cache(maxsize=65_536)
def _countries_ok(text: str) -> bool:
    return all(country_code(p) for p in _split(text))


def _split(text: str) -> list[str]:
    """The countries of a cell: split on ';', line breaks, '/', and commas outside names ("Korea, Republic of")."""
    return [q for p in split_values(text, country_code) for q in _SLASH.split(p) if q]


def _gives_codes(parsed: Any) -> bool:
    """False for a filled cell that names no code at all ('n/a', 'TBD', '-')."""
    codes = getattr(parsed, "codes", None) or getattr(parsed, "goals", None) or getattr(parsed, "all_goals", False)
    return bool(codes or parsed.unknown or parsed.misplaced)


def _url_ok(value: Any) -> bool:
    return bool(_URL.match(str(value).strip()))


class _CodeCells:
    """The action-line and SDG cells of one validation, each distinct cell parsed once.

    The parsed columns and the schema's code checks share it, and it goes with the validation: the codes module's
    own caches stay small instead of holding a hundred thousand distinct cells (25 MB at 100k rows).
    """

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self._memo: dict[str, dict[Any, Any]] = {"action_lines": {}, "sdgs": {}}

    def parser(self, kind: str) -> Callable[[Any], Any]:
        """The parse of a cell of ``kind`` (``action_lines`` or ``sdgs``), made once per distinct value."""
        memo = self._memo[kind]
        reference = self.reference
        parse = parse_action_lines if kind == "action_lines" else parse_sdgs

        def parsed(value: Any) -> Any:
            found = memo.get(value)
            if found is None:
                found = memo[value] = parse(value, reference)
            return found

        return parsed


def build_schema(spec: Spec, reference: Reference, *, cells: _CodeCells | None = None) -> Any:
    """The pandera schema of the activities frame, derived from the activity spec.

    Each check is named by the rule code the spec gives it (``spec.code(column, check)``); values are parsed
    before validation, so no check coerces. ``cells`` are the code cells parsed already (by ``validate``).
    """
    import pandera.pandas as pa

    def check(body: Callable[..., pd.Series], name: str) -> Any:
        # every body passes blank cells itself: pandera need not look for them (isna) and drop them (a copy) first
        return pa.Check(body, name=name, ignore_na=False)

    columns: dict[str, Any] = {}
    for col in spec.columns:
        checks = []
        if col.type == "choice" and col.vocabulary:
            allowed = frozenset(spec.vocabularies[col.vocabulary].values)
            checks.append(check(lambda s, a=allowed: _map(s, lambda v: v in a), name=spec.code(col, "unknown")))
        elif col.type in ("action_lines", "sdgs"):
            flags = _code_checks((cells or _CodeCells(reference)).parser(col.type))
            checks += [
                check(lambda s, f=flags: _map(s, lambda v: f(v)[0]), name=spec.code(col, "no_code")),
                check(lambda s, f=flags: _map(s, lambda v: f(v)[1]), name=spec.code(col, "misplaced")),
                check(lambda s, f=flags: _map(s, lambda v: f(v)[2]), name=spec.code(col, "unknown")),
            ]
        elif col.type == "countries":
            checks.append(check(lambda s: _map(s, lambda v: _countries_ok(str(v))), name=spec.code(col, "unknown")))
        elif col.type == "url":
            checks.append(check(lambda s: _map(s, _url_ok), name=spec.code(col, "invalid")))
        elif col.type == "integer" and col.min is not None and col.max is not None:
            lo, hi = col.min, col.max
            code = spec.code(col, "out_of_range")
            checks.append(check(lambda s, lo=lo, hi=hi: _map(s, lambda v: lo <= v <= hi), name=code))
        if col.max_length and col.type == "text":
            code = spec.code(col, "too_long")
            checks.append(check(lambda s, n=col.max_length: _within_length(s, n), name=code))
        nullable = not (col.required or col.warn_if_blank)
        columns[col.name] = pa.Column(None, checks=checks, nullable=nullable, required=False, coerce=False)
    return pa.DataFrameSchema(columns, strict=False, coerce=False, name="activities")


# -- template values of the messages ---------------------------------------------------------------------


def _did_you_mean(text: str, vocabulary: Vocabulary) -> Text | str:
    keys = list(vocabulary.aliases)
    match = difflib.get_close_matches(normalize_key(text), keys, n=1, cutoff=0.6)
    if not match:
        return ""
    return Text.of("Did you mean '{value}'? ", value=Choice(vocabulary.name, vocabulary.aliases[match[0]]))


def _code_hint(unknown: Sequence[str], suggestions: Mapping[str, str]) -> Text | str:
    """'Did you mean C5? ' for one unknown piece, 'Did you mean C1 for 'C13', 9.a for '9.z'? ' for several."""
    close = [(u, suggestions[u]) for u in unknown if u in suggestions]
    if not close:
        return ""
    if len(unknown) == 1:
        return Text.of("Did you mean {code}? ", code=close[0][1])
    pairs = tuple(Text.of("{code} for '{piece}'", code=s, piece=u) for u, s in close)
    return Text.of("Did you mean {pairs}? ", pairs=Listed(pairs, quoted=False, style="unit"))


def _several(pieces: Sequence[str]) -> str | None:
    """The rule variant for several pieces (plural wording), None for one."""
    return "several" if len(pieces) > 1 else None


def _values(code: str, col: Column, value: Any, spec: Spec, cells: _CodeCells) -> tuple[str | None, dict[str, Any]]:
    """The variant and template values of the problem ``code`` on a cell of ``col`` holding ``value``.

    Values that are words (labels, help, lists, "Did you mean") are kept as translatable values, so that the
    problem can be written in any language (:func:`itu_contrib.rules.translate`). A code cell's pieces come
    from the run's parse of it (``cells``).
    """
    text = "" if _is_blank(value) else str(value)
    values: dict[str, Any] = {
        "label": ColumnLabel(col.name),
        "column_name": col.name,
        "help": Text.of(col.help),
        "value": value,
    }
    if code == spec.code(col, "required") and col.type in ("action_lines", "sdgs") and text:
        return "no-code", values
    if col.type == "choice" and col.vocabulary and code == spec.code(col, "unknown"):
        vocab = spec.vocabularies[col.vocabulary]
        allowed = Listed(tuple(Choice(vocab.name, v) for v in vocab.values), quoted=False, style="unit")
        values.update(allowed=allowed, did_you_mean=_did_you_mean(text, vocab))
    elif col.type in ("action_lines", "sdgs") and code == spec.code(col, "unknown"):
        parsed = cells.parser(col.type)(text)
        values.update(pieces=Listed(tuple(parsed.unknown)), did_you_mean=_code_hint(parsed.unknown, parsed.suggestions))
        return _several(parsed.unknown), values
    elif col.type in ("action_lines", "sdgs") and code == spec.code(col, "misplaced"):
        misplaced = cells.parser(col.type)(text).misplaced
        lines = col.type == "action_lines"
        other = next(c for c in spec.columns if c.type == ("sdgs" if lines else "action_lines"))
        values.update(pieces=Listed(tuple(misplaced)), target=ColumnLabel(other.name))
        one = len(misplaced) == 1
        if lines:
            return (None if one else "sdgs-several"), values
        return ("action-line" if one else "action-lines-several"), values
    elif col.type == "countries":
        bad = [p for p in _split(text) if not country_code(p)]
        close = {b: c for b in bad if (c := closest_country(b))}
        values.update(did_you_mean=_code_hint(bad, close), pieces=Listed(tuple(bad)))
        return _several(bad), values
    elif col.type == "integer":
        values.update(min=col.min, max=col.max)
    elif col.max_length and col.type == "text":
        values.update(length=len(text), max_length=col.max_length)
    return None, values


# -- validation ----------------------------------------------------------------------------------------


def _canonical_choices(frame: pd.DataFrame, spec: Spec) -> pd.DataFrame:
    for col in spec.columns:
        if col.type == "choice" and col.vocabulary:
            vocab = spec.vocabularies[col.vocabulary]

            def canonical(value: Any, vocab: Vocabulary = vocab) -> str | None:
                return vocab.canonical(str(value)) or str(value)

            values = per_value(frame[col.name], canonical, None)
            frame[col.name] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def _parse_codes(frame: pd.DataFrame, reference: Reference, cells: _CodeCells) -> pd.DataFrame:
    empty: tuple[Any, ...] = ()
    parse_lines = cells.parser("action_lines")
    lines = per_value(frame["action_lines"], lambda v: parse_lines(v).codes, empty)
    sdgs = per_value(frame["sdgs"], cells.parser("sdgs"), None)
    frame["_action_lines"] = pd.Series(lines, index=frame.index, dtype=object)
    every_goal = tuple(reference.goals)
    frame["_sdg_goals"] = pd.Series(
        [(every_goal if s.all_goals else s.goals) if s else empty for s in sdgs], index=frame.index, dtype=object
    )
    frame["_sdg_targets"] = pd.Series([s.targets if s else empty for s in sdgs], index=frame.index, dtype=object)
    frame["_sdg_indicators"] = pd.Series([s.indicators if s else empty for s in sdgs], index=frame.index, dtype=object)
    countries = per_value(  # each country once, in order, however often or in whatever spelling it is named
        frame["countries"],
        lambda v: tuple(dict.fromkeys(c for c in (country_code(p) for p in _split(str(v))) if c)),
        empty,
    )
    frame["_countries"] = pd.Series(countries, index=frame.index, dtype=object)
    return frame


class _Collector:
    """Builds located problems for frame rows."""

    def __init__(self, loaded: LoadResult, frame: pd.DataFrame, spec: Spec, config: Config) -> None:
        self.loaded, self.frame, self.spec, self.config = loaded, frame, spec, config
        self.problems: list[Problem] = []

    def add(
        self, index: Any, field: str, code: str, value: Any = None, variant: str | None = None, **values: Any
    ) -> None:
        """A problem of rule ``code`` at ``field`` of row ``index``, its text from the rule catalogue."""
        severity = self.config.severity(code)
        if severity is None:
            return
        shown = None if _is_blank(value) else value
        self.problems.append(
            self.loaded.problem(index, field, code, severity=severity, value=shown, variant=variant, **values)
        )

    def add_many(
        self,
        indexes: Iterable[Any],
        field: str,
        code: str,
        values: Sequence[Any],
        templates: Sequence[Mapping[str, Any]],
    ) -> None:
        """:meth:`add` at ``field`` of each row of ``indexes``: its cell value and template values, by position.

        The bulk path of a rule that fires on many rows: the rows are located in one look-up, and the problems of
        rows sharing one template mapping (the same object) and value share their texts
        (:func:`~itu_contrib.rules.make_problems`).
        """
        severity = self.config.severity(code)
        if severity is None or not len(values):
            return
        label = self.spec.label(field)
        spots = (
            (file, sheet, cell, row, header or label, field, None if _is_blank(value) else value)
            for (file, sheet, row, cell, header), value in zip(
                self.loaded.locate_many(indexes, field), values, strict=True
            )
        )
        self.problems.extend(make_problems(code, spots, templates, severity=severity))


def _absent_columns(loaded: LoadResult, spec: Spec) -> dict[str, set[tuple[str, str]]]:
    """Per spec column, the (file, sheet) of every sheet read whose header lacks it."""
    out: dict[str, set[tuple[str, str]]] = {}
    for info in loaded.sheets:
        if info.skipped:
            continue
        for name in spec.names:
            if name not in info.columns:
                out.setdefault(name, set()).add((info.file, info.sheet))
    return out


def _schema_problems(collector: _Collector, reference: Reference, cells: _CodeCells) -> None:
    import pandera.pandas as pa

    frame, spec = collector.frame, collector.spec
    schema = build_schema(spec, reference, cells=cells)
    absent = _absent_columns(collector.loaded, spec)
    without: dict[str, set[Any]] = {}

    def rows_without(column: str) -> set[Any]:
        if column not in without:
            sheets = absent.get(column, set())
            files, names = frame["_file"].to_numpy(dtype=object), frame["_sheet"].to_numpy(dtype=object)
            mask = np.zeros(len(frame), dtype=bool)
            for file, sheet in sheets:
                mask |= (files == file) & (names == sheet)
            without[column] = set(frame.index[mask])
        return without[column]

    try:
        schema.validate(frame[list(spec.names)], lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        for column, check, value, index in zip(
            cases["column"], cases["check"], cases["failure_case"], cases["index"], strict=True
        ):
            if column not in spec.names or pd.isna(index):
                continue
            col = spec[column]
            code = str(check)
            if code == "not_nullable" and index in rows_without(column):
                continue  # the sheet has no such column: one missing-column error says so, not one per row
            if code == "not_nullable":
                code = spec.code(col, "required" if col.required else "blank")
            raw = frame.at[index, column]
            variant, values = _values(code, col, raw if not _is_blank(raw) else value, spec, cells)
            collector.add(index, column, code, variant=variant, **values)


def _plausible_years(frame: pd.DataFrame, spec: Spec) -> pd.Series:
    col = spec["year"]
    years = frame["year"]
    return years.where((years >= (col.min or 0)) & (years <= (col.max or 9999)))


def _reporting_years(frame: pd.DataFrame, years: pd.Series, year: int | None) -> pd.Series:
    """The year being reported for each row: ``year`` if given, else the most common year of the row's file."""
    if year is not None:
        return pd.Series(year, index=frame.index, dtype="Int64")
    per_file: dict[Any, Any] = {}
    for file, group in years.groupby(frame["_file"]):
        modes = group.dropna().mode()
        per_file[file] = int(modes.iloc[0]) if len(modes) else None
    return frame["_file"].map(per_file).astype("Int64")


def _at(mask: pd.Series) -> tuple[pd.Index, np.ndarray[Any, Any]]:
    """The labels and positions of the rows where ``mask`` is true (missing counts as false)."""
    positions = np.flatnonzero(mask.fillna(False).to_numpy(dtype=bool))
    return mask.index[positions], positions


def _far_from_every_row(years: pd.Series, year: int) -> bool:
    """True when several rows give a year and none gives ``year``: the --year option, not the rows, is wrong."""
    given = years.dropna()
    return len(given) >= 2 and not bool((given == year).any())


def _wrong_year_option(collector: _Collector, years: pd.Series, year: int) -> None:
    """One year-option-mismatch problem per file instead of a year-mismatch on each of its rows."""
    severity = collector.config.severity("year-option-mismatch")
    if severity is None:
        return
    for file, group in years.groupby(collector.frame["_file"], sort=False):
        given = group.dropna().astype(int)
        if given.empty:
            continue
        counts = given.value_counts()
        shown = sorted(int(y) for y in counts.index)
        collector.problems.append(
            make_problem(
                "year-option-mismatch",
                file=str(file),
                severity=severity,
                value=str(year),
                year=year,
                rows=len(given),
                years=Listed(tuple(str(y) for y in shown), quoted=False)
                if len(shown) <= 3
                else Text.of("{first} to {last}", first=shown[0], last=shown[-1]),
                likely=int(counts.index[0]),
            )
        )


def _row_rules(collector: _Collector, year: int | None) -> None:
    # values are taken by position for all the rows concerned at once: a Series lookup per problem is what a run of
    # a hundred thousand problems would otherwise spend its time on
    frame = collector.frame
    spec = collector.spec
    start, end = frame["start_date"], frame["end_date"]
    reversed_ = start.notna() & end.notna() & (end < start)
    labels, at = _at(reversed_)
    for idx, s, e in zip(labels, start.iloc[at].tolist(), end.iloc[at].tolist(), strict=True):
        collector.add(
            idx,
            "end_date",
            "end-before-start",
            f"{e:%Y-%m-%d}",
            end_label=ColumnLabel("end_date"),
            end=f"{e:%Y-%m-%d}",
            start_label=ColumnLabel("start_date"),
            start=f"{s:%Y-%m-%d}",
        )
    years = _plausible_years(frame, spec)
    reporting = _reporting_years(frame, years, year)
    if year is not None and _far_from_every_row(years, year):
        _wrong_year_option(collector, years, year)
        reporting = years.astype("Int64")  # each row is then judged against its own year
    labels, at = _at(years.notna() & reporting.notna() & (years != reporting))
    year_label = ColumnLabel("year")
    by_year: dict[Any, dict[str, Any]] = {}  # the template values of each reporting year, shared by its rows
    collector.add_many(
        labels,
        "year",
        "year-mismatch",
        years.iloc[at].tolist(),
        [by_year.setdefault(r, {"label": year_label, "year": r}) for r in reporting.iloc[at].tolist()],
    )
    ry = reporting.where(reporting.notna(), years)
    as_float = ry.astype("float")
    first = pd.to_datetime(pd.Series(per_value(as_float, lambda y: f"{int(y)}-01-01", None), index=ry.index))
    last = pd.to_datetime(pd.Series(per_value(as_float, lambda y: f"{int(y)}-12-31", None), index=ry.index))
    before = end.notna() & (end < first)
    after = start.notna() & (start > last)
    labels, at = _at((before | after).fillna(False) & ~reversed_)
    starts, ends, ys = start.iloc[at].tolist(), end.iloc[at].tolist(), ry.iloc[at].tolist()
    in_year: dict[int, dict[str, Any]] = {}
    for field, of_field in (("start_date", True), ("end_date", False)):  # the start date when there is one
        rows = [k for k, s in enumerate(starts) if bool(pd.notna(s)) == of_field]
        shown = starts if of_field else ends
        collector.add_many(
            labels[rows],
            field,
            "date-outside-year",
            [f"{shown[k]:%Y-%m-%d}" for k in rows],
            [in_year.setdefault(int(ys[k]), {"year": int(ys[k])}) for k in rows],
        )
    _duplicates(collector, ry)


def _repeats(keys: pd.DataFrame) -> list[tuple[Any, Any]]:
    """(row, first row with the same key) for every row whose key was seen before, in row order.

    A key is one row of ``keys``; rows whose first column is missing have none, and neither do rows with a missing
    year (the last column), as a missing year matches no other.
    """
    kept = keys[keys.iloc[:, 0].notna().to_numpy() & keys.iloc[:, -1].notna().to_numpy()]
    if kept.empty:
        return []
    group = kept.groupby(list(kept.columns), sort=False, dropna=False).ngroup().to_numpy()
    _, first_of_group = np.unique(group, return_index=True)  # groups are numbered in order of first appearance
    first = first_of_group[group]
    repeat = first != np.arange(len(group))
    labels = kept.index
    return list(zip(labels[repeat], labels[first[repeat]], strict=True))


def _normalized(values: pd.Series) -> pd.Series:
    """:func:`normalize_key` of each filled cell (None for a blank one), in C for the plain ASCII texts."""
    blank = _blank(values)
    text = values.astype(object).where(~blank, "").astype(str)
    plain = text.str.isascii().to_numpy(dtype=bool) & ~text.str.contains("(", regex=False).to_numpy(dtype=bool)
    out = np.full(len(values), None, dtype=object)
    simple = plain & ~blank
    if simple.any():
        folded = text[simple].str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()
        out[simple] = folded.to_numpy(dtype=object)
    rest = ~plain & ~blank
    if rest.any():
        out[rest] = [normalize_key(v) for v in text[rest]]
    out[out == ""] = None  # a cell of punctuation only names nothing
    return pd.Series(out, index=values.index, dtype=object)


def _duplicates(collector: _Collector, reporting: pd.Series) -> None:
    frame = collector.frame
    year = pd.Series(frame["year"].astype("float").fillna(reporting.astype("float")).to_numpy(), index=frame.index)
    sector = frame["sector"].astype(object).where(~_blank(frame["sector"]), None).map(str, na_action="ignore")
    ids = pd.DataFrame({"key": _normalized(frame["activity_id"]), "year": year})
    titles = pd.DataFrame({"key": _normalized(frame["title"]), "sector": sector, "year": year})

    def where(first: Any, field: str) -> str:
        f, s, r, cell, _ = collector.loaded.locate(first, field)
        return f"{f} > {s}!{cell}" if s and cell else f"{f} row {r}"

    repeated_ids = set()
    for idx, first in _repeats(ids):
        repeated_ids.add(idx)
        value = str(frame.at[idx, "activity_id"])
        collector.add(idx, "activity_id", "duplicate-id", value, first=where(first, "activity_id"))
    for idx, first in _repeats(titles):
        if idx in repeated_ids:
            continue
        collector.add(idx, "title", "duplicate-activity", frame.at[idx, "title"], first=where(first, "title"))


def _places(frame: pd.DataFrame) -> Iterator[tuple[str, str, int | None]]:
    """(file, sheet, row) of each frame row, as plain Python values (a pandas array is slow to walk item by item)."""
    return zip(frame["_file"].tolist(), frame["_sheet"].tolist(), frame["_row"].tolist(), strict=True)


def _sort_key(p: Problem) -> tuple[Any, ...]:
    return (p.file, p.sheet or "", p.row or 0, p.cell or "", p.code)


def validate(
    source: LoadResult | pd.DataFrame | str | Path | Iterable[str | Path],
    *,
    year: int | None = None,
    config: Config | str | Path | None = None,
    sheets: Sequence[str] | None = None,
    strict: bool = False,
    reference: Reference | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    suggest: bool = True,
    lang: str | Language | None = None,
) -> ValidationResult:
    """Validate activity submissions; returns a result, never raises for bad data.

    ``source`` is a :class:`LoadResult`, the paths to read, or a DataFrame whose columns are a table's headers
    (read by :func:`~itu_contrib.reading.load_frame`). ``year`` is the year being reported (by default
    each file's most common year). With ``strict``, warnings also make the result invalid. The tag-stage hints
    (``sdg-not-in-matrix``, ``action-line-contradicted``) are reported too, and a blank or wholly unknown action
    line or SDG cell gets the tags suggested from the row's text in its hint (``suggest=False`` leaves the text
    alone).
    :class:`~itu_contrib.errors.ReadError` is raised only when no input can be read at all.
    ``progress(done, total, file)`` is called before each file is read. ``lang`` (``en``, ``fr``, ``es``: see
    :func:`itu_contrib.i18n.available`) is the language of the problems' messages and hints; their codes,
    cells and values are the same in every language.
    """
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise ArgumentError(f"year must be a whole number such as 2025, not {year!r}")
    if config is not None and not isinstance(config, Config | str | Path):
        raise ArgumentError(f"config must be a Config or the path of a TOML file, not {type(config).__name__}")
    to = language(lang)
    spec = load_spec()
    cfg = config if isinstance(config, Config) else load_config(config)
    loaded = (
        source
        if isinstance(source, LoadResult)
        else load(source, sheets=sheets, spec=spec, progress=progress, limits=cfg.limits)
    )
    reference = reference or load_reference(year, strict=False)
    frame = loaded.frame.copy(deep=False)  # copy-on-write: the columns set below leave the loaded frame alone
    frame = _canonical_choices(frame, spec)
    cells = _CodeCells(reference)
    frame = _parse_codes(frame, reference, cells)
    collector = _Collector(loaded, frame, spec, cfg)
    suggester = None
    if len(frame):
        _schema_problems(collector, reference, cells)
        del cells  # the parsed cells are in the frame's columns now: not kept while the hints are made
        _row_rules(collector, year)
        if suggest:
            from .suggest import load_suggester

            suggester = load_suggester()
        text_hints(frame, reference, suggester, collector.add_many)
        if suggester is not None:
            rows = {k: i for i, k in enumerate(_places(frame))}
            labels = frame.index

            def locate(p: Problem) -> Any:
                k = rows.get((p.file, p.sheet or "", p.row))
                return None if k is None else labels[k]

            missing = [spec.code(c, check) for c in spec.columns if c.type in ("action_lines", "sdgs")
                       for check in ("required", "no_code", "unknown")]  # fmt: skip
            collector.problems = with_suggestions(collector.problems, frame, locate, reference, suggester, missing)
    problems = sorted(cfg.apply(list(loaded.problems)) + collector.problems, key=_sort_key)
    row_errors: dict[tuple[str, str, int | None], dict[str, None]] = {}
    files_with_rows = set(frame["_file"])
    sheet_errors: dict[tuple[str, str], dict[str, None]] = {}
    file_errors: dict[str, dict[str, None]] = {}  # a whole file's problem (a --year no row has, say)
    for p in problems:
        if p.severity is not Severity.ERROR:
            continue
        if p.cell is not None and p.row is not None:
            row_errors.setdefault((p.file, p.sheet or "", p.row), {})[p.code] = None
        elif p.sheet is not None or p.row is not None:  # a whole sheet's problem (a missing column, say)
            sheet_errors.setdefault((p.file, p.sheet or ""), {})[p.code] = None
        elif p.file in files_with_rows:
            file_errors.setdefault(p.file, {})[p.code] = None
    codes = [
        tuple({**file_errors.get(f, {}), **sheet_errors.get((f, sh), {}), **row_errors.get((f, sh, r), {})})
        for f, sh, r in _places(frame)
    ]
    frame["_errors"] = pd.Series(codes, index=frame.index, dtype=object)
    frame["_excluded"] = pd.Series([bool(c) for c in codes], index=frame.index, dtype=bool)
    if to.code != SOURCE:
        problems = [translate(p, to) for p in problems]
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    stats = Stats(files=len(loaded.files), rows=len(frame), errors=errors, warnings=warnings)
    valid = errors == 0 and not (strict and warnings)
    return ValidationResult(valid, tuple(problems), stats, frame, loaded, year, strict)


__all__ = ["FIELDS", "Stats", "ValidationResult", "build_schema", "validate"]
