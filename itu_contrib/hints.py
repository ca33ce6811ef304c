"""Hints from the text and the WSIS-SDG matrix: tag-stage warnings and suggestions for missing tags.

Run by :func:`itu_contrib.validation.validate`, so that a submitter sees before sending what the editor sees after
tagging: ``action-line-contradicted``, ``sdg-not-in-matrix``, and, on a blank or wholly unknown action line or SDG
cell, the suggestions from the title and description with their evidence in the error's hint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from .problems import Problem
from .reference import Reference
from .suggest import Suggester, Suggestions, beyond_declared, format_suggestion

#: (row index, field, rule code, value, template values) of one hint to make into a problem.
Add = Callable[..., None]


def _text(value: Any) -> str | None:
    if value is None or (not isinstance(value, tuple | list) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def suggestion_hint(found: Suggestions, *, lines: bool, goals: bool, limit: int = 3) -> str:
    """'Suggested from the text: C4, from 'training'; SDG 4, from 'school'.' for the kinds asked, or ''."""
    items = [*(found.action_lines if lines else ()), *(found.goals if goals else ())]
    if not items:
        return ""
    return "Suggested from the text: " + "; ".join(format_suggestion(s, limit=limit) for s in items[:4]) + "."


def text_hints(
    frame: pd.DataFrame,
    reference: Reference,
    suggester: Suggester | None,
    add: Add,
) -> None:
    """Tag-stage warnings of every row: lines the text contradicts, SDGs the matrix links to none of the lines.

    Each distinct text is scanned once for all the lines of its rows, and each distinct pairing of lines and goals
    is checked against the matrix once.
    """
    every_goal = len(reference.goals)
    contradicted: dict[tuple[Any, ...], dict[str, tuple[str, ...]]] = {}
    strays: dict[tuple[Any, ...], list[Any]] = {}
    for index, title, description, lines, goals, sdgs in zip(
        frame.index,
        frame["title"],
        frame["description"],
        frame["_action_lines"],
        frame["_sdg_goals"],
        frame["sdgs"],
        strict=True,
    ):
        if not lines:
            continue  # both hints are about the action lines declared
        if suggester is not None:
            t, d = _text(title), _text(description)
            if t or d:
                key = (lines, t, d)
                against = contradicted.get(key)
                if against is None:
                    against = contradicted[key] = suggester.contradictions(lines, t, d)  # one scan for all lines
                for code in lines:
                    if code in against:
                        add(
                            index, "action_lines", "action-line-contradicted", code,
                            line=code, title=reference.action_lines[code].title, evidence=", ".join(against[code]),
                        )  # fmt: skip
        pair = (lines, goals)
        stray = strays.get(pair)
        if stray is None:
            stray = strays[pair] = _stray_goals(lines, goals, reference, every_goal)
        if stray:
            add(index, "sdgs", "sdg-not-in-matrix", _text(sdgs), goals=", ".join(map(str, stray)),
                lines=", ".join(lines))  # fmt: skip


def _stray_goals(lines: Sequence[str], goals: Sequence[Any], reference: Reference, every_goal: int) -> list[Any]:
    """The goals of ``goals`` that the matrix links to none of ``lines`` (none when every goal is claimed)."""
    if len(set(goals)) >= every_goal:  # 'All SDGs' is not a claim the matrix can check
        return []
    expected = set().union(*(reference.expected_goals(c) for c in lines))
    return [g for g in dict.fromkeys(goals) if g not in expected]


def with_suggestions(
    problems: Sequence[Problem],
    frame: pd.DataFrame,
    locate: Callable[[Problem], Any],
    reference: Reference,
    suggester: Suggester,
    missing: Sequence[str],
) -> list[Problem]:
    """The problems, with the tags suggested from the row's text added to the hint of each blank or unknown tag cell.

    A tag cell is one of action_lines or sdgs, with a problem code in ``missing``; a cell of which some codes were
    understood is left alone.
    """
    out: list[Problem] = []
    for p in problems:
        if p.code not in missing or p.field not in ("action_lines", "sdgs"):
            out.append(p)
            continue
        index = locate(p)
        if index is None:
            out.append(p)
            continue
        row = frame.loc[index]
        lines, goals = tuple(row["_action_lines"]), tuple(row["_sdg_goals"])
        if (p.field == "action_lines" and lines) or (p.field == "sdgs" and goals):
            out.append(p)  # some codes were understood: the cell is not wholly unknown
            continue
        found = beyond_declared(
            suggester.suggest(_text(row["title"]), _text(row["description"])),
            action_lines=lines,
            goals=goals,
            targets=tuple(row["_sdg_targets"]),
            indicators=tuple(row["_sdg_indicators"]),
            reference=reference,
        )
        extra = suggestion_hint(found, lines=p.field == "action_lines", goals=p.field == "sdgs")
        out.append(replace(p, hint=f"{p.hint} {extra}".strip()) if extra else p)
    return out
