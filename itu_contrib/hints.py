"""Hints from the text and the WSIS-SDG matrix: tag-stage warnings and suggestions for missing tags.

Run by :func:`itu_contrib.validation.validate`, so that a submitter sees before sending what the editor sees after
tagging: ``action-line-contradicted``, ``sdg-not-in-matrix``, and, on a blank or wholly unknown action line or SDG
cell, the suggestions from the title and description with their evidence in the error's hint.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .i18n import AL_TITLE, Listed, Text
from .problems import Problem
from .reference import Reference
from .rules import with_extra_hint
from .suggest import Suggester, Suggestion, Suggestions, beyond_declared

#: Makes the problems of one rule at many rows: (row indexes, field, rule code, cell values, template values).
AddMany = Callable[..., None]


def _text(value: Any) -> str | None:
    if value is None or (not isinstance(value, tuple | list) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def suggestion_hint(found: Suggestions, *, lines: bool, goals: bool, limit: int = 3) -> str:
    """'Suggested from the text: C4, from 'training'; SDG 4, from 'school'.' for the kinds asked, or ''."""
    text = suggestion_text(found, lines=lines, goals=goals, limit=limit)
    return "" if text is None else str(text)


def suggestion_text(found: Suggestions, *, lines: bool, goals: bool, limit: int = 3) -> Text | None:
    """The suggestion hint as a translatable text (see :func:`suggestion_hint`), or None when there is none."""
    items = [*(found.action_lines if lines else ()), *(found.goals if goals else ())]
    if not items:
        return None
    parts = tuple(_suggestion(s, limit) for s in items[:4])
    return Text.of(
        "Suggested from the text: {suggestions}.", suggestions=Listed(parts, quoted=False, style="semicolon")
    )


def _suggestion(suggestion: Suggestion, limit: int) -> Text | str:
    """One suggestion, translatable: 'SDG 4, from 'schools', 'teachers'' (as :func:`format_suggestion` writes it)."""
    code = suggestion.code
    label: Text | str = Text.of("SDG {goal}", goal=code) if code.isdigit() else code
    phrases = suggestion.evidence[:limit]
    if not phrases:
        return label
    return Text.of("{label}, from {phrases}", label=label, phrases=Listed(tuple(phrases), style="unit"))


def text_hints(
    frame: pd.DataFrame,
    reference: Reference,
    suggester: Suggester | None,
    add_many: AddMany,
) -> None:
    """Tag-stage warnings of every row: lines the text contradicts, SDGs the matrix links to none of the lines.

    The rows are grouped by their (lines, title, description) and by their (lines, goals) in C; each distinct
    text is scanned once for all the lines of its rows, each distinct pairing of lines and goals is checked against
    the matrix once, and the texts of the warnings are made once per group.
    """
    with_lines = np.flatnonzero(frame["_action_lines"].map(bool, na_action="ignore").fillna(False).to_numpy(bool))
    if not len(with_lines):  # both hints are about the action lines declared
        return
    rows = frame.iloc[with_lines]
    labels = rows.index.to_numpy()
    lines_of, line_groups = pd.factorize(rows["_action_lines"], use_na_sentinel=False)
    line_codes = [tuple(v) for v in line_groups]  # each a tuple of codes: the rows without any are left out
    if suggester is not None:
        titles, title_of = _texts(rows["title"])
        descriptions, description_of = _texts(rows["description"])
        key = (lines_of * (len(titles) + 1) + title_of) * (len(descriptions) + 1) + description_of
        _, first, group_of = np.unique(key, return_index=True, return_inverse=True)
        firsts = first.tolist()
        group_lines = [line_codes[lines_of[k]] for k in firsts]
        # one scan of all the distinct texts, for all the lines of each
        every = suggester.contradictions_many(
            group_lines, [titles[title_of[k]] for k in firsts], [descriptions[description_of[k]] for k in firsts]
        )
        # per group, the warnings of its cell in the order of its lines: (line, template values); each line's
        # title is one translatable text, shared by its warnings
        titles_of = {code: Text.of(line.title, context=AL_TITLE) for code, line in reference.action_lines.items()}
        warned = [
            [(code, _contradicted(code, against[code], titles_of)) for code in lines if code in against]
            if against
            else ()
            for lines, against in zip(group_lines, every, strict=True)
        ]
        del every  # a hundred thousand scans' results are not kept while the problems are made
        at: list[int] = []
        lines_warned: list[str] = []
        templates: list[dict[str, Any]] = []
        for position, g in enumerate(group_of.tolist()):
            for code, values in warned[g]:
                at.append(position)
                lines_warned.append(code)
                templates.append(values)
        add_many(labels[at], "action_lines", "action-line-contradicted", lines_warned, templates)
    goals_of, goal_groups = pd.factorize(rows["_sdg_goals"], use_na_sentinel=False)
    pair = lines_of.astype(np.int64) * (len(goal_groups) + 1) + goals_of
    _, first, pair_of = np.unique(pair, return_index=True, return_inverse=True)
    every_goal = len(reference.goals)
    strays: list[dict[str, Any] | None] = []
    for k in first.tolist():
        lines, goals = line_codes[lines_of[k]], _codes(goal_groups[goals_of[k]])
        stray = _stray_goals(lines, goals, reference, every_goal)
        strays.append({"goals": ", ".join(map(str, stray)), "lines": ", ".join(lines)} if stray else None)
    of_row = [strays[g] for g in pair_of.tolist()]
    stray_at = [position for position, values in enumerate(of_row) if values is not None]
    sdgs = rows["sdgs"].to_numpy(dtype=object)[stray_at]
    add_many(labels[stray_at], "sdgs", "sdg-not-in-matrix", [_text(v) for v in sdgs], [of_row[p] for p in stray_at])


def _codes(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, tuple | list) else ()


def _texts(values: pd.Series) -> tuple[list[str | None], np.ndarray[Any, Any]]:
    """The distinct texts of a column (as :func:`_text` makes them) and the position of each cell's among them."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    if pd.api.types.infer_dtype(uniques, skipna=True) not in ("string", "empty"):  # 1 and 1.0 would be one value
        texts = [_text(v) for v in values]
        codes, distinct = pd.factorize(pd.Series(texts, dtype=object), use_na_sentinel=False)
        return [_text(v) for v in distinct], codes
    return [_text(v) for v in uniques], codes


def _contradicted(code: str, evidence: Sequence[str], titles: Mapping[str, Text]) -> dict[str, Any]:
    return {"line": code, "title": titles[code], "evidence": ", ".join(evidence)}


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
        extra = suggestion_text(found, lines=p.field == "action_lines", goals=p.field == "sdgs")
        out.append(with_extra_hint(p, extra) if extra is not None else p)
    return out
