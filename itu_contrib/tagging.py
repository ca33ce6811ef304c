"""Tagging stage: canonical action lines with ITU's role, SDGs with their ring, and suggestions from the text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import ArgumentError
from .i18n import Language, language
from .problems import Problem
from .reading import LoadResult
from .reference import Reference, load_reference
from .rules import RULES_BY_CODE, Config, load_config
from .spec import Column, load_spec
from .validation import ValidationResult, validate
from .values import split_values

if TYPE_CHECKING:  # the suggester is imported when suggestions are asked for
    from .suggest import Suggester, Suggestions

#: The long tables' columns: one row per declared action line / SDG code of an activity.
ACTION_LINE_LINK_COLUMNS = ("activity_key", "activity_id", "action_line", "main_action_line", "itu_role")
SDG_LINK_COLUMNS = ("activity_key", "activity_id", "level", "code", "goal", "ring", "ring_level", "itu_custodian")
_FRAMES = frozenset({"activities", "action_line_links", "sdg_links"})


@dataclass(frozen=True)
class TagResult:
    """Tagged activities (one row each) and their long tables, with the tagging warnings.

    ``activities`` has the columns of the spec's ``[output].tagged`` order (:attr:`Spec.tagged_columns`);
    ``action_line_links``: ``activity_key, activity_id, action_line, main_action_line, itu_role``;
    ``sdg_links``: ``activity_key, activity_id, level, code, goal, ring, ring_level, itu_custodian`` (level is
    goal, target or indicator; ``ring`` the ring's name, ``ring_level`` its number, 1 = outermost);
    ``activity_key`` is the row position in ``activities``. Rows whose ``problems`` name an error code are
    not publishable: :attr:`publishable` leaves them out. Each access to a frame returns a new (copy-on-write)
    frame, so a caller changing it cannot change the result.
    """

    activities: pd.DataFrame
    problems: tuple[Problem, ...]
    validation: ValidationResult
    reference: Reference
    excluded: int = 0
    # the long tables, made on first use from `activities` (the report needs neither: at 200,000 activities they
    # are 1.3 million rows)
    _links: dict[str, pd.DataFrame] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if name in _FRAMES:
            return value.copy(deep=False)
        return value

    @property
    def action_line_links(self) -> pd.DataFrame:
        """One row per declared action line of an activity (see the class docstring)."""
        return self._long_tables()["action_line_links"]

    @property
    def sdg_links(self) -> pd.DataFrame:
        """One row per declared SDG goal, target and indicator of an activity (see the class docstring)."""
        return self._long_tables()["sdg_links"]

    def _long_tables(self) -> dict[str, pd.DataFrame]:
        links: dict[str, pd.DataFrame] = object.__getattribute__(self, "_links")
        if not links:
            links.update(_link_tables(object.__getattribute__(self, "activities"), self.reference))
        return links

    @property
    def publishable(self) -> pd.DataFrame:
        """The activities without any error: the only rows a report may count."""
        acts = self.activities
        return acts[[not codes for codes in acts["problems"]]].reset_index(drop=True)

    def to_frames(self, *, joined: bool = False) -> dict[str, pd.DataFrame]:
        """The tables as written by :meth:`write`: ``activities``, ``action_lines`` and ``sdgs``.

        With ``joined``, multi-valued cells are text joined with the spec's list separator (as in CSV/XLSX);
        otherwise they are lists (as in JSON).
        """
        activities = self.activities
        return {
            "activities": pd.DataFrame(
                {name: _plain_column(str(name), activities[name].tolist(), joined) for name in activities.columns},
                columns=list(activities.columns),
            ),
            "action_lines": self.action_line_links,
            "sdgs": self.sdg_links,
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON document ``tag -o FILE.json`` writes: year, plan and the activities with lists."""
        return {
            "year": self.validation.year,
            "plan": self.reference.plan.id,
            "activities": to_records(self.activities, joined=False),
        }

    def write(self, path: str | Path) -> Path:
        """Write the tagged activities to ``path`` by its extension, atomically, and return it.

        ``.csv``: the activities, multi-valued cells joined with ``;``; ``.xlsx``: the activities plus the long
        tables ``action_lines`` and ``sdgs`` as extra sheets; ``.json``: the document of :meth:`to_dict`.
        """
        from .errors import OutputError
        from .outputs import write_csv, write_json, write_xlsx

        out = Path(path)
        suffix = out.suffix.lower()
        if suffix == ".json":
            write_json(self.to_dict(), out)
        elif suffix == ".xlsx":
            write_xlsx(self.to_frames(joined=True), out)
        elif suffix == ".csv":
            write_csv(self.to_frames(joined=True)["activities"], out)
        else:
            raise OutputError(f"{out}: unknown output format; use .csv, .xlsx or .json")
        return out

    def report_line(self, lang: Language | str | None = None) -> str:
        """``report: 120 activities, 3 excluded, 4 errors, 9 warnings``, in ``lang`` (what ``report`` prints)."""
        to = language(lang)
        problems = self.validation.problems  # the tag-stage hints are among them
        n, excluded = len(self.activities), self.excluded
        errors = sum(p.severity.value == "error" for p in problems)
        warnings = sum(p.severity.value == "warning" for p in problems)
        counts = [
            to.ngettext("{n} activity", "{n} activities", n).format(n=n),
            to.ngettext("{n} excluded", "{n} excluded", excluded).format(n=excluded),
            to.ngettext("{n} error", "{n} errors", errors).format(n=errors),
            to.ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        ]
        return to.gettext("report: {counts}").format(counts=", ".join(counts))


def _text(value: Any) -> str | None:
    if value is None or (not isinstance(value, tuple | list) and pd.isna(value)):
        return None
    return str(value)


def _declared_column(col: Column, frame: pd.DataFrame) -> list[Any]:
    """A spec column's values in the tagged table: tuples for multi-valued cells, else as read (text or None).

    Action lines are not made here: they are the parsed, canonical codes of each row.
    """
    if col.type == "countries":
        return [tuple(v) for v in frame["_countries"].tolist()]
    values = frame[col.name].tolist()
    if col.multi:  # ';', line breaks, and commas where they part values (values.split_values)
        return [tuple(split_values(_text(v))) for v in values]
    if col.type in ("date", "integer"):
        return values
    return [v if type(v) is str else _text(v) for v in values]


def tag(
    source: ValidationResult | LoadResult | pd.DataFrame | str | Path | Iterable[str | Path],
    *,
    year: int | None = None,
    suggest: bool = True,
    config: Config | str | Path | None = None,
    sheets: Sequence[str] | None = None,
    only_valid: bool = False,
) -> TagResult:
    """Tag every activity read: declared codes canonicalised, ITU's role per action line, SDG rings.

    C7 sub-lines roll up to C7 in ``main_action_lines``; each action line gets ITU's role and each activity its
    innermost SDG ring, all from the reference data of the plan covering the year. Suggestions from the title and
    description go to ``suggested_*`` (with ``suggestion_evidence``) only, never into the declared tags, and never
    repeat a declared code or one implied by it. Rows with errors are tagged too, their error codes in
    ``problems``; ``only_valid`` leaves them out (as does :attr:`TagResult.publishable`).
    """
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise ArgumentError(f"year must be a whole number such as 2025, not {year!r}")
    cfg = config if isinstance(config, Config) else load_config(config)
    if isinstance(source, ValidationResult):
        return _tag(source, year=year, suggest=suggest, only_valid=only_valid)
    if not suggest:
        return _tag(
            validate(source, year=year, config=cfg, sheets=sheets), year=year, suggest=False, only_valid=only_valid
        )
    from .suggest import load_suggester

    # validation scans the titles and descriptions for its hints, tagging for its suggestions: the words found once
    with load_suggester().keeping_scans():
        validation = validate(source, year=year, config=cfg, sheets=sheets)
        return _tag(validation, year=year, suggest=True, only_valid=only_valid)


def _tag(validation: ValidationResult, *, year: int | None, suggest: bool, only_valid: bool) -> TagResult:
    """:func:`tag` of a validation's rows."""
    spec = load_spec()
    frame = validation.frame
    years = frame["year"].dropna()
    plan_year = year or validation.year or (int(years.mode().iloc[0]) if len(years) else None)
    ref = load_reference(plan_year, strict=False)
    errors_of = [tuple(c) for c in frame["_errors"]]
    kept = frame
    if only_valid:
        kept = frame[[not e for e in errors_of]]
        errors_of = [()] * len(kept)
    suggester = None
    if suggest:
        from .suggest import beyond_declared, format_suggestions, load_suggester

        suggester = load_suggester()
    custodian = {i.code for i in ref.custodian_indicators}
    declared_columns = [spec[n] for n in spec.tagged_columns if n in spec.names]
    # column by column: a list per column, never a Series or a dict per row (200,000 rows stay a few lists)
    n = len(kept)
    out: dict[str, list[Any]] = {name: [] for name in spec.tagged_columns}
    # one tuple object per distinct value (roles, codes, error codes repeat from row to row): 200,000 rows hold a
    # few thousand tuples, not a million
    canonical: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def same(value: tuple[Any, ...]) -> tuple[Any, ...]:
        return canonical.setdefault(value, value)

    for col in declared_columns:
        if col.type != "action_lines":
            out[col.name] = _declared_column(col, kept)
    parsed_lines = kept["_action_lines"].tolist()
    parsed_goals = kept["_sdg_goals"].tolist()
    parsed_targets = kept["_sdg_targets"].tolist()
    parsed_indicators = kept["_sdg_indicators"].tolist()
    titles = [_text(v) for v in kept["title"].tolist()] if "title" in kept.columns else [None] * n
    descriptions = [_text(v) for v in kept["description"].tolist()] if "description" in kept.columns else [None] * n
    # each distinct (title, description) of a slice of rows is scanned and scored once; the suggestions of a slice
    # are made into the row's columns before the next slice is scored (all 200,000 at once held some 300 MB)
    suggested = _sliced_suggestions(suggester, titles, descriptions) if suggester is not None else None
    for key in range(n):
        lines: tuple[str, ...] = tuple(parsed_lines[key])
        goals: tuple[int, ...] = tuple(parsed_goals[key])
        targets: tuple[str, ...] = tuple(parsed_targets[key])
        indicators: tuple[str, ...] = tuple(parsed_indicators[key])
        roots = tuple(dict.fromkeys(ref.action_lines[c].root for c in lines))
        roles = tuple(ref.action_lines[c].role for c in lines)
        ring = max((ref.goals[g].ring.level for g in goals), default=None)
        s_lines: tuple[str, ...] = ()
        s_goals: tuple[int, ...] = ()
        evidence = ""
        if suggested is not None:
            # only what the declared tags do not already say or imply (C7 from a C7 sub-line, a goal from a target)
            found = beyond_declared(
                next(suggested),
                action_lines=lines,
                goals=goals,
                targets=targets,
                indicators=indicators,
                reference=ref,
            )
            s_lines = tuple(s.code for s in found.action_lines)
            s_goals = tuple(int(s.code) for s in found.goals)
            evidence = format_suggestions(found)
        for col in declared_columns:
            if col.type == "action_lines":
                out[col.name].append(lines)
        out["action_line_roles"].append(same(roles))
        out["sdg_goals"].append(goals)
        out["sdg_targets"].append(targets)
        out["sdg_indicators"].append(indicators)
        out["ring"].append(ref.rings[ring - 1].name if ring is not None else None)
        out["ring_level"].append(ring)
        out["custodian_indicators"].append(same(tuple(i for i in indicators if i in custodian)))
        out["suggested_action_lines"].append(same(s_lines))
        out["suggested_sdg_goals"].append(same(s_goals))
        out["suggestion_evidence"].append(evidence or None)
        out["problems"].append(same(errors_of[key]))
        out["main_action_lines"].append(same(roots))
    out["source_file"] = kept["_file"].tolist()
    out["source_sheet"] = kept["_sheet"].tolist()
    out["source_row"] = kept["_row"].tolist()
    activities = pd.DataFrame(
        {name: values if len(values) == n else [None] * n for name, values in out.items()},
        columns=list(spec.tagged_columns),
    )
    for name in activities.columns:
        if name in ("ring_level", "source_row") or (name in spec.names and spec[name].type == "integer"):
            activities[name] = activities[name].astype("Int64")
        elif name in spec.names and spec[name].type == "date":
            activities[name] = pd.to_datetime(activities[name])
    return TagResult(
        activities=activities,
        problems=_tag_problems(validation, kept),
        validation=validation,
        reference=ref,
        excluded=sum(1 for codes in activities["problems"] if codes),
    )


#: Rows whose suggestions are scored together by :func:`_sliced_suggestions`.
SUGGESTION_SLICE = 4096


def _sliced_suggestions(
    suggester: Suggester, titles: Sequence[str | None], descriptions: Sequence[str | None]
) -> Iterator[Suggestions]:
    """``suggester.suggest_many(titles, descriptions)`` row by row, scored :data:`SUGGESTION_SLICE` rows at once."""
    for start in range(0, len(titles), SUGGESTION_SLICE):
        end = start + SUGGESTION_SLICE
        yield from suggester.suggest_many(titles[start:end], descriptions[start:end])


def _link_tables(activities: pd.DataFrame, ref: Reference) -> dict[str, pd.DataFrame]:
    """The long tables of tagged ``activities``: a row per declared action line, and per goal, target and indicator.

    Built column by column: a list per column, not a tuple per link.
    """
    spec = load_spec()
    custodian = {i.code for i in ref.custodian_indicators}
    line_column = next((c.name for c in spec.columns if c.type == "action_lines"), None)
    n = len(activities)
    ids = activities["activity_id"].tolist() if "activity_id" in activities.columns else [None] * n
    every_lines = activities[line_column].tolist() if line_column in activities.columns else [()] * n
    goal_codes: dict[int, str] = {}  # one string per goal, not one per link
    al_links: dict[str, list[Any]] = {name: [] for name in ACTION_LINE_LINK_COLUMNS}
    sdg_links: dict[str, list[Any]] = {name: [] for name in SDG_LINK_COLUMNS}
    rows = zip(
        ids, every_lines, activities["sdg_goals"].tolist(), activities["sdg_targets"].tolist(),
        activities["sdg_indicators"].tolist(), strict=True,
    )  # fmt: skip
    for key, (activity_id, lines, goals, targets, indicators) in enumerate(rows):
        for code in lines:
            line = ref.action_lines[code]
            for name, value in zip(
                ACTION_LINE_LINK_COLUMNS, (key, activity_id, code, line.root, line.role), strict=True
            ):
                al_links[name].append(value)
        for level, code, g in (
            *(("goal", goal_codes.setdefault(g, str(g)), g) for g in goals),
            *(("target", t, ref.targets[t].goal) for t in targets),
            *(("indicator", i, ref.indicators[i].goal) for i in indicators),
        ):
            ring_of = ref.goals[g].ring
            link = (key, activity_id, level, code, g, ring_of.name, ring_of.level, code in custodian)
            for name, value in zip(SDG_LINK_COLUMNS, link, strict=True):
                sdg_links[name].append(value)
    return {"action_line_links": _long_table(al_links), "sdg_links": _long_table(sdg_links)}


def _long_table(columns: dict[str, list[Any]]) -> pd.DataFrame:
    """A long table from its columns, typed as a frame of the same rows as tuples would be (object when empty)."""
    if not next(iter(columns.values())):
        return pd.DataFrame([], columns=list(columns))
    return pd.DataFrame(columns)


def _tag_problems(validation: ValidationResult, kept: pd.DataFrame) -> tuple[Problem, ...]:
    """The tag-stage hints found by validation (see :mod:`itu_contrib.hints`) on the rows tagged."""
    rows = set(zip(kept["_file"], kept["_sheet"], kept["_row"], strict=True))
    return tuple(
        p
        for p in validation.problems
        if p.code in RULES_BY_CODE and RULES_BY_CODE[p.code].stage == "tag" and (p.file, p.sheet or "", p.row) in rows
    )


def _plain_column(name: str, values: list[Any], joined: bool) -> list[Any]:
    """One column of the tagged activities with its values as :func:`to_records` writes them.

    A list per column, not a dict per row: 200,000 rows are written without 200,000 dicts.
    """
    spec = load_spec()
    if name in spec.multi_columns:
        sep = spec.list_separator
        items = [[x if isinstance(x, int) else str(x) for x in v] for v in values]
        return [sep.join(map(str, i)) for i in items] if joined else items
    out: list[Any] = []
    for v in values:
        if isinstance(v, pd.Timestamp):
            out.append(v.date().isoformat())
        elif v is None or (not isinstance(v, list | tuple) and pd.isna(v)):
            out.append(None)
        elif hasattr(v, "item"):
            out.append(v.item())
        else:
            out.append(v)
    return out


def to_records(activities: pd.DataFrame, *, joined: bool) -> list[dict[str, Any]]:
    """The tagged activities as plain records: lists (``joined=False``, JSON) or ';'-joined text (CSV/XLSX)."""
    spec = load_spec()
    multi, sep = spec.multi_columns, spec.list_separator
    out = []
    for rec in activities.to_dict(orient="records"):
        row: dict[str, Any] = {}
        for key, v in rec.items():
            k = str(key)
            if k in multi:
                items = [x if isinstance(x, int) else str(x) for x in v]
                row[k] = sep.join(map(str, items)) if joined else items
            elif isinstance(v, pd.Timestamp):
                row[k] = v.date().isoformat()
            elif v is None or (not isinstance(v, list | tuple) and pd.isna(v)):
                row[k] = None
            elif hasattr(v, "item"):
                row[k] = v.item()
            else:
                row[k] = v
        out.append(row)
    return out
