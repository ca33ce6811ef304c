"""Tagging stage: canonical action lines with ITU's role, SDGs with their ring, and suggestions from the text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    action_line_links: pd.DataFrame
    sdg_links: pd.DataFrame
    problems: tuple[Problem, ...]
    validation: ValidationResult
    reference: Reference
    excluded: int = 0

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if name in _FRAMES:
            return value.copy(deep=False)
        return value

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
        records = to_records(self.activities, joined=joined)
        columns = list(self.activities.columns)
        return {
            "activities": pd.DataFrame(records, columns=columns),
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


def _declared(col: Column, r: Any, lines: tuple[str, ...]) -> Any:
    """A spec column's value in the tagged table: canonical codes, tuples for multi-valued cells, else as read."""
    value = r[col.name]
    if col.type == "action_lines":
        return lines
    if col.type == "countries":
        return tuple(r["_countries"])
    if col.multi:  # ';', line breaks, and commas where they part values (values.split_values)
        return tuple(split_values(_text(value)))
    if col.type in ("date", "integer"):
        return value
    return _text(value)


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
    validation = (
        source if isinstance(source, ValidationResult) else validate(source, year=year, config=cfg, sheets=sheets)
    )
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
    rows: list[dict[str, Any]] = []
    al_links: list[tuple[Any, ...]] = []
    sdg_links: list[tuple[Any, ...]] = []
    for key, (_, r) in enumerate(kept.iterrows()):
        lines: tuple[str, ...] = tuple(r["_action_lines"])
        goals: tuple[int, ...] = tuple(r["_sdg_goals"])
        targets: tuple[str, ...] = tuple(r["_sdg_targets"])
        indicators: tuple[str, ...] = tuple(r["_sdg_indicators"])
        roots = tuple(dict.fromkeys(ref.action_lines[c].root for c in lines))
        roles = tuple(ref.action_lines[c].role for c in lines)
        ring = max((ref.goals[g].ring.level for g in goals), default=None)
        title, description = _text(r["title"]), _text(r["description"])
        s_lines: tuple[str, ...] = ()
        s_goals: tuple[int, ...] = ()
        evidence = ""
        if suggester is not None:
            # only what the declared tags do not already say or imply (C7 from a C7 sub-line, a goal from a target)
            found = beyond_declared(
                suggester.suggest(title, description),
                action_lines=lines,
                goals=goals,
                targets=targets,
                indicators=indicators,
                reference=ref,
            )
            s_lines = tuple(s.code for s in found.action_lines)
            s_goals = tuple(int(s.code) for s in found.goals)
            evidence = format_suggestions(found)
        row = {col.name: _declared(col, r, lines) for col in declared_columns}
        row.update(
            action_line_roles=roles,
            sdg_goals=goals,
            sdg_targets=targets,
            sdg_indicators=indicators,
            ring=ref.rings[ring - 1].name if ring is not None else None,
            ring_level=ring,
            custodian_indicators=tuple(i for i in indicators if i in custodian),
            suggested_action_lines=s_lines,
            suggested_sdg_goals=s_goals,
            suggestion_evidence=evidence or None,
            problems=errors_of[key],
            source_file=r["_file"],
            source_sheet=r["_sheet"],
            source_row=r["_row"],
            main_action_lines=roots,
        )
        rows.append(row)
        activity_id = row.get("activity_id")
        for code in lines:
            al_links.append((key, activity_id, code, ref.action_lines[code].root, ref.action_lines[code].role))
        for level, code, g in (
            *(("goal", str(g), g) for g in goals),
            *(("target", t, ref.targets[t].goal) for t in targets),
            *(("indicator", i, ref.indicators[i].goal) for i in indicators),
        ):
            ring_of = ref.goals[g].ring
            sdg_links.append((key, activity_id, level, code, g, ring_of.name, ring_of.level, code in custodian))
    activities = pd.DataFrame(rows, columns=list(spec.tagged_columns))
    for name in activities.columns:
        if name in ("ring_level", "source_row") or (name in spec.names and spec[name].type == "integer"):
            activities[name] = activities[name].astype("Int64")
        elif name in spec.names and spec[name].type == "date":
            activities[name] = pd.to_datetime(activities[name])
    links = pd.DataFrame(al_links, columns=list(ACTION_LINE_LINK_COLUMNS))
    sdgs = pd.DataFrame(sdg_links, columns=list(SDG_LINK_COLUMNS))
    return TagResult(
        activities=activities,
        action_line_links=links,
        sdg_links=sdgs,
        problems=_tag_problems(validation, kept),
        validation=validation,
        reference=ref,
        excluded=sum(1 for codes in activities["problems"] if codes),
    )


def _tag_problems(validation: ValidationResult, kept: pd.DataFrame) -> tuple[Problem, ...]:
    """The tag-stage hints found by validation (see :mod:`itu_contrib.hints`) on the rows tagged."""
    rows = set(zip(kept["_file"], kept["_sheet"], kept["_row"], strict=True))
    return tuple(
        p
        for p in validation.problems
        if p.code in RULES_BY_CODE and RULES_BY_CODE[p.code].stage == "tag" and (p.file, p.sheet or "", p.row) in rows
    )


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
