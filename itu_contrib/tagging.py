"""Tagging stage: canonical action lines with ITU's role, SDGs with their ring, and suggestions from the text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .problems import Problem
from .reading import LoadResult
from .reference import Reference, load_reference
from .rules import Config, load_config
from .validation import ValidationResult, validate

#: The columns of the tagged activities table, in order (the first sixteen are the published contract).
COLUMNS = (
    "activity_id",
    "year",
    "sector",
    "title",
    "action_lines",
    "action_line_roles",
    "sdg_goals",
    "sdg_targets",
    "sdg_indicators",
    "ring",
    "custodian_indicators",
    "suggested_action_lines",
    "suggested_sdg_goals",
    "source_file",
    "source_sheet",
    "source_row",
    "description",
    "start_date",
    "end_date",
    "status",
    "region",
    "countries",
    "partners",
    "url",
    "main_action_lines",
)
#: Multi-valued columns (tuples in the DataFrame, ';'-joined in CSV, lists in JSON).
LIST_COLUMNS = (
    "action_lines",
    "action_line_roles",
    "sdg_goals",
    "sdg_targets",
    "sdg_indicators",
    "custodian_indicators",
    "suggested_action_lines",
    "suggested_sdg_goals",
    "countries",
    "main_action_lines",
)


@dataclass(frozen=True)
class TagResult:
    """Tagged activities (one row each) and their long tables, with the tagging warnings.

    ``action_line_links``: ``activity_key, action_line, main_action_line, itu_role``;
    ``sdg_links``: ``activity_key, level, code, goal, ring, itu_custodian`` (level is goal, target or indicator);
    ``activity_key`` is the row position in ``activities``.
    """

    activities: pd.DataFrame
    action_line_links: pd.DataFrame
    sdg_links: pd.DataFrame
    problems: tuple[Problem, ...]
    validation: ValidationResult
    reference: Reference
    excluded: int = 0


def _text(value: Any) -> str | None:
    if value is None or (not isinstance(value, tuple | list) and pd.isna(value)):
        return None
    return str(value)


def tag(
    source: ValidationResult | LoadResult | str | Path | Iterable[str | Path],
    *,
    year: int | None = None,
    suggest: bool = True,
    config: Config | str | Path | None = None,
    sheets: Sequence[str] | None = None,
) -> TagResult:
    """Tag every activity that passed validation.

    Declared codes are canonicalised; C7 sub-lines roll up to C7 in ``main_action_lines``; each action line gets
    ITU's role and each activity its innermost SDG ring, all from the reference data of the plan covering the
    year. Suggestions from the title and description go to ``suggested_*`` only, never into the declared tags.
    """
    cfg = config if isinstance(config, Config) else load_config(config)
    validation = (
        source if isinstance(source, ValidationResult) else validate(source, year=year, config=cfg, sheets=sheets)
    )
    frame = validation.frame
    years = frame["year"].dropna()
    plan_year = year or validation.year or (int(years.mode().iloc[0]) if len(years) else None)
    ref = load_reference(plan_year)
    kept = frame[~frame["_excluded"].astype(bool)]
    suggester = None
    if suggest:
        from .suggest import load_suggester

        suggester = load_suggester()
    custodian = {i.code for i in ref.custodian_indicators}
    rows: list[dict[str, Any]] = []
    al_links: list[tuple[int, str, str, str]] = []
    sdg_links: list[tuple[int, str, str, int, int, bool]] = []
    problems: list[Problem | None] = []
    loaded = validation.loaded
    for key, (index, r) in enumerate(kept.iterrows()):
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
        if suggester is not None:
            found = suggester.suggest(title, description)
            s_lines = tuple(s.code for s in found.action_lines if s.code not in lines)
            s_goals = tuple(int(s.code) for s in found.goals if int(s.code) not in goals)
            for code in lines:
                evidence = suggester.contradicts(code, title, description)
                if evidence:
                    problems.append(
                        _problem(
                            loaded,
                            index,
                            "action_lines",
                            "action-line-contradicted",
                            code,
                            cfg,
                            line=code,
                            title=ref.action_lines[code].title,
                            evidence=", ".join(evidence),
                        )
                    )
        if lines:
            expected = set().union(*(ref.expected_goals(c) for c in lines))
            stray = [g for g in dict.fromkeys(r["_sdg_goals"]) if g not in expected]
            if stray:
                problems.append(
                    _problem(
                        loaded,
                        index,
                        "sdgs",
                        "sdg-not-in-matrix",
                        _text(r["sdgs"]),
                        cfg,
                        goals=", ".join(map(str, stray)),
                        lines=", ".join(lines),
                    )
                )
        rows.append(
            {
                "activity_id": _text(r["activity_id"]),
                "year": r["year"],
                "sector": _text(r["sector"]),
                "title": title,
                "action_lines": lines,
                "action_line_roles": roles,
                "sdg_goals": goals,
                "sdg_targets": targets,
                "sdg_indicators": indicators,
                "ring": ring,
                "custodian_indicators": tuple(i for i in indicators if i in custodian),
                "suggested_action_lines": s_lines,
                "suggested_sdg_goals": s_goals,
                "source_file": r["_file"],
                "source_sheet": r["_sheet"],
                "source_row": r["_row"],
                "description": description,
                "start_date": r["start_date"],
                "end_date": r["end_date"],
                "status": _text(r["status"]),
                "region": _text(r["region"]),
                "countries": tuple(r["_countries"]),
                "partners": tuple(r["_partners"]),
                "url": _text(r["url"]),
                "main_action_lines": roots,
            }
        )
        for code in lines:
            al_links.append((key, code, ref.action_lines[code].root, ref.action_lines[code].role))
        for g in goals:
            sdg_links.append((key, "goal", str(g), g, ref.goals[g].ring.level, False))
        for t in targets:
            g = ref.targets[t].goal
            sdg_links.append((key, "target", t, g, ref.goals[g].ring.level, False))
        for i in indicators:
            g = ref.indicators[i].goal
            sdg_links.append((key, "indicator", i, g, ref.goals[g].ring.level, i in custodian))
    activities = pd.DataFrame(rows, columns=list(COLUMNS))
    activities["year"] = activities["year"].astype("Int64")
    activities["ring"] = activities["ring"].astype("Int64")
    activities["source_row"] = activities["source_row"].astype("Int64")
    for col in ("start_date", "end_date"):
        activities[col] = pd.to_datetime(activities[col])
    links = pd.DataFrame(al_links, columns=["activity_key", "action_line", "main_action_line", "itu_role"])
    sdgs = pd.DataFrame(sdg_links, columns=["activity_key", "level", "code", "goal", "ring", "itu_custodian"])
    return TagResult(
        activities=activities,
        action_line_links=links,
        sdg_links=sdgs,
        problems=tuple(p for p in problems if p is not None),
        validation=validation,
        reference=ref,
        excluded=int(frame["_excluded"].sum()),
    )


def _problem(
    loaded: LoadResult, index: Any, field: str, rule: str, value: str | None, config: Config, **values: Any
) -> Problem | None:
    severity = config.severity(rule)
    if severity is None:
        return None
    return loaded.problem(index, field, rule, severity=severity, value=value, **values)


def to_records(activities: pd.DataFrame, *, joined: bool) -> list[dict[str, Any]]:
    """The tagged activities as plain records: lists (``joined=False``, JSON) or ';'-joined text (CSV/XLSX)."""
    out = []
    for rec in activities.to_dict(orient="records"):
        row: dict[str, Any] = {}
        for key, v in rec.items():
            k = str(key)
            if k in LIST_COLUMNS:
                items = [x if isinstance(x, int) else str(x) for x in v]
                row[k] = ";".join(map(str, items)) if joined else items
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
