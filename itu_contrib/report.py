"""Render a :class:`~itu_contrib.aggregate.Summary` as one self-contained, accessible HTML report."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pandas as pd
from babel.numbers import format_percent
from jinja2 import Environment
from markupsafe import Markup, escape

from .aggregate import NOT_GIVEN, CrossTab, LineSection, Summary, count_problems, order_problems
from .csp import content_security_policy
from .defaults import REPORT_LIST_CAP, REPORT_LIST_DESCRIPTIONS
from .i18n import (
    AL_TITLE,
    GOAL_SHORT,
    GOAL_TITLE,
    INDICATOR_TEXT,
    N_,
    ORGANIZATION,
    PLAN,
    RING,
    RING_DESCRIPTION,
    ROLE,
    TARGET_TEXT,
    Language,
    available,
    language,
    template_environment,
)
from .narrative import Narrative, ring_key
from .outputs import atomic_path
from .problems import Problem, Severity
from .rules import translate
from .sections import Section, report_sections
from .spec import OutputColumn, load_spec

if TYPE_CHECKING:
    from .validation import ValidationResult

#: Sequential single-hue scale (light to dark blue) for counts: colour-blind safe, prints in grey.
SCALE = ("#ffffff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
#: Okabe-Ito colours of the four rings (1 = enabler ... 4 = main key focus) in the SDG bar chart.
RING_COLOURS = {1: "#56B4E9", 2: "#E69F00", 3: "#009E73", 4: "#0072B2"}
#: Longest description shown in an action line's listing (the full text is in "All activities").
SHORT_DESCRIPTION = 240
_UNSAFE_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f<>\"'`]")


@dataclass(frozen=True, slots=True)
class Row:
    """One activity as the report's tables show it (plain strings, escaped by the template)."""

    activity_id: str
    title: str
    short_description: str
    description: str
    sector: str
    action_lines: str
    goals: str
    targets: str
    region: str
    partners: str
    url: str | None
    url_text: str
    start: str
    end: str
    source: str
    suggested_lines: str
    suggested_goals: str
    evidence: str
    cells: Mapping[str, str]


# --- formatting helpers ---------------------------------------------------------------------------


def safe_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL that can safely become a link, else None.

    >>> safe_url("https://www.itu.int/wsis"), safe_url("javascript:alert(1)"), safe_url("data:text/html,x")
    ('https://www.itu.int/wsis', None, None)
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or _UNSAFE_URL_CHARS.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return text


def _link_text(url: str) -> str:
    parts = urlsplit(url)
    text = (parts.netloc + parts.path).rstrip("/")
    return text if len(text) <= 40 else text[:39] + "…"


def fmt_int(value: int) -> str:
    """An integer with thousands separators (``12,345``)."""
    return f"{int(value):,}"


def fmt_activities(count: int | str) -> str:
    """``1 activity``, ``2 activities`` (``count`` may be already formatted)."""
    text = count if isinstance(count, str) else fmt_int(count)
    return f"{text} {'activity' if text == '1' else 'activities'}"


def _share(lang: Language, share: float) -> str:
    """A share as a whole percentage in the language's notation, ``<1%`` for small non-zero shares."""
    if 0 < share < 0.005:
        return "<" + format_percent(0.01, locale=lang.locale)
    return format_percent(share, format="#,##0%", locale=lang.locale)


def _activities(lang: Language, count: int | str) -> str:
    """``1 activity``, ``2 activities`` in the language (``count`` may be already formatted)."""
    text = count if isinstance(count, str) else lang.number(count)
    n = count if isinstance(count, int) else (1 if text == "1" else 2)
    return lang.ngettext("{n} activity", "{n} activities", n).format(n=text)


def fmt_share(share: float) -> str:
    """A share as a whole percentage, ``<1%`` for small non-zero shares."""
    if 0 < share < 0.005:
        return "<1%"
    return f"{share * 100:.0f}%"


def fmt_change(value: int) -> str:
    """A signed change (``+3``, ``−2``, ``0``) with a true minus sign."""
    return f"+{value}" if value > 0 else (f"−{-value}" if value < 0 else "0")


def _date(value: object) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    return str(value)


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _join(values: Iterable[object]) -> str:
    return "; ".join(str(v) for v in values)


def _shorten(text: str, limit: int = SHORT_DESCRIPTION) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _source(file: object, sheet: object, row: object) -> str:
    where = _text(file)
    if _text(sheet):
        where += f" > {_text(sheet)}"
    if _text(row):
        where += f" row {_text(row)}"
    return where


def _records(frame: pd.DataFrame) -> list[Any]:
    """The frame's rows as named tuples (typed loosely: the columns are known by name)."""
    return list(frame.itertuples(index=False))


def _cell_text(column: OutputColumn, value: object, lang: Language) -> str:
    """A value of the tagged table as the report's activity table shows it (ring and role names in ``lang``)."""
    if column.name == "ring" and isinstance(value, str):
        return lang.pgettext(RING, value)
    if column.name == "action_line_roles" and isinstance(value, tuple | list):
        value = tuple(lang.pgettext(ROLE, str(v)) for v in value)
    if column.multi:
        values = value if isinstance(value, tuple | list) else ()
        return (", " if column.type == "goals" else "; ").join(str(v) for v in values)
    if column.type == "date":
        return _date(value)
    return _text(value)


def _rows(frame: pd.DataFrame, lang: Language) -> list[Row]:
    rows = []
    columns = [c for c in load_spec().output if c.name in frame.columns]
    for r, record in zip(_records(frame), frame.to_dict("records"), strict=True):
        url = safe_url(r.url)
        description = _text(r.description)
        rows.append(
            Row(
                activity_id=_text(r.activity_id),
                title=_text(r.title),
                short_description=_shorten(description),
                description=description,
                sector=_text(r.sector),
                action_lines=_join(r.action_lines),
                goals=", ".join(str(g) for g in r.sdg_goals),
                targets=", ".join([*r.sdg_targets, *r.sdg_indicators]),
                region=_text(r.region),
                partners=_join(r.partners),
                url=url,
                url_text=_link_text(url) if url else _text(r.url),
                start=_date(r.start_date),
                end=_date(r.end_date),
                source=_source(r.source_file, r.source_sheet, r.source_row),
                suggested_lines=_join(r.suggested_action_lines),
                suggested_goals=", ".join(str(g) for g in r.suggested_sdg_goals),
                evidence=_text(getattr(r, "suggestion_evidence", None)),
                cells={c.name: _cell_text(c, record[c.name], lang) for c in columns},
            )
        )
    return rows


def _problem_counts_view(frame: pd.DataFrame, lang: Language) -> list[dict[str, str]]:
    return [
        {"severity": _text(r.severity), "code": _text(r.code), "count": lang.number(int(r.problems))}
        for r in _records(frame)
    ]


def _version() -> str:
    from . import __version__

    return __version__


def _problem_row(p: Problem, lang: Language) -> dict[str, str]:
    p = translate(p, lang)
    where = p.sheet or ""
    if p.cell:
        where = f"{where}!{p.cell}" if where else p.cell
    elif p.row is not None:
        where = f"{where} row {p.row}".strip()
    return {
        "severity": str(p.severity),
        "code": p.code,
        "file": p.file,
        "where": where,
        "message": p.message,
        "hint": p.hint,
    }


# --- charts ---------------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def ink(colour: str) -> str:
    """Black or white, whichever contrasts more with ``colour``.

    >>> ink("#08519c"), ink("#deebf7")
    ('#ffffff', '#0b0c0c')
    """
    lum = _luminance(colour)
    return "#0b0c0c" if (lum + 0.05) / 0.0538 >= 1.05 / (lum + 0.05) else "#ffffff"


def scale_level(value: int, maximum: int) -> int:
    """The step (0-6) of :data:`SCALE` for a count: 0 only for zero, 6 for the maximum."""
    if value <= 0 or maximum <= 0:
        return 0
    return max(1, min(len(SCALE) - 1, math.ceil(value / maximum * (len(SCALE) - 1))))


#: Fills of the ring bands, outermost first (light blue-greys, behind the shaded SDG nodes).
BAND_FILLS = ("#eef3f8", "#dde7f1", "#c9d9ea", "#b3cae3", "#9dbbdc")


def _ring_spots(n: int, centre: float, radius: float, inner: float, core: bool) -> list[tuple[float, float]]:
    """Where ``n`` SDG nodes go in a ring band (or in the central disc), leaving the top free for the label."""
    if core and n <= 3:
        return [(centre + (k - (n - 1) / 2) * 46, centre + 14) for k in range(n)]
    mid = radius / 2 if core else (radius + inner) / 2
    if n == 2:
        angles = [180.0, 0.0]
    else:
        gap = 32.0
        step = (360 - 2 * gap) / max(n - 1, 1)
        angles = [-90 + gap + k * step for k in range(n)]
    return [(centre + mid * math.cos(math.radians(a)), centre + mid * math.sin(math.radians(a))) for a in angles]


def _rings_chart(summary: Summary, lang: Language) -> dict[str, Any]:
    size, centre, outermost, core_radius = 540, 270.0, 265.0, 70.0
    rings = sorted(summary.rings, key=lambda r: r.level)
    step = (outermost - core_radius) / max(len(rings) - 1, 1)
    radii = [outermost - k * step for k in range(len(rings))]
    counts = {g.number: g.activities for g in summary.goals}
    top = max(counts.values(), default=0)
    bands, nodes, labels = [], [], []
    for k, ring in enumerate(rings):
        radius, inner = radii[k], (radii[k + 1] if k + 1 < len(radii) else 0.0)
        core = k == len(rings) - 1
        ring_name = lang.pgettext(RING, ring.name)
        bands.append({"level": ring.level, "name": ring_name, "r": radius, "fill": BAND_FILLS[k % len(BAND_FILLS)]})
        labels.append({"text": ring_name, "x": centre, "y": centre - 28 if core else centre - radius + 17})
        spots = _ring_spots(len(ring.goals), centre, radius, inner, core)
        for goal, (x, y) in zip(ring.goals, spots, strict=True):
            count = counts.get(goal, 0)
            fill = SCALE[scale_level(count, top)]
            name = lang.pgettext(GOAL_SHORT, summary.reference.goals[goal].short_name)
            nodes.append(
                {
                    "goal": goal,
                    "x": round(x, 1),
                    "y": round(y, 1),
                    "fill": fill,
                    "ink": ink(fill),
                    "count": lang.number(count),
                    "label": f"{_sdg(lang, goal)} {name}: {_activities(lang, count)} ({ring_name})",
                }
            )
    return {"size": size, "centre": centre, "bands": bands, "nodes": nodes, "labels": labels}


def _bar_chart(summary: Summary, lang: Language) -> dict[str, Any]:
    label_w, bar_w, row_h, top_pad = 300, 380, 26, 8
    top = max((g.activities for g in summary.goals), default=0)
    bars = []
    for k, g in enumerate(summary.goals):
        width = 0.0 if not top else g.activities / top * bar_w
        y = top_pad + k * row_h
        bars.append(
            {
                "y": y,
                "text_y": y + row_h / 2 + 4,
                "label": f"{g.number}  {lang.pgettext(GOAL_SHORT, g.short_name)}",
                "width": round(width, 1),
                "fill": RING_COLOURS.get(g.ring_level, "#1d70b8"),
                "count": lang.number(g.activities),
                "count_x": round(label_w + width + 6, 1),
                "title": f"{_sdg(lang, g.number)} {lang.pgettext(GOAL_SHORT, g.short_name)}: "
                f"{_activities(lang, g.activities)} ({lang.pgettext(RING, g.ring_name)})",
            }
        )
    return {
        "width": label_w + bar_w + 60,
        "height": top_pad * 2 + row_h * len(bars),
        "label_w": label_w,
        "bar_h": row_h - 8,
        "bars": bars,
    }


def _matrix_view(summary: Summary, lang: Language) -> dict[str, Any]:
    matrix = summary.matrix
    top = int(matrix["activities"].max()) if len(matrix) else 0
    goals = list(summary.reference.goals)
    rows: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for rec in _records(matrix):
        if current is None or current["code"] != rec.action_line:
            current = {
                "code": rec.action_line,
                "label": _name_in(lang, rec.label),
                "sub": bool(rec.sub_line),
                "cells": [],
            }
            rows.append(current)
        count = int(rec.activities)
        current["cells"].append(
            {
                "goal": int(rec.goal),
                "count": lang.number(count) if count else "",
                "level": scale_level(count, top),
                "expected": bool(rec.expected),
            }
        )
    steps = [{"level": k, "fill": c, "ink": ink(c)} for k, c in enumerate(SCALE)]
    return {"goals": goals, "rows": rows, "top": top, "steps": steps}


def _rings_desc(summary: Summary, lang: Language) -> str:
    parts = []
    for ring in summary.rings:
        goals = ", ".join(
            f"{_sdg(lang, g.number)} ({lang.number(g.activities)})"
            for g in summary.goals
            if g.number in set(ring.goals)
        )
        parts.append(
            lang.gettext("Ring {level}, {name}: {goals}.").format(
                level=ring.level, name=lang.pgettext(RING, ring.name), goals=goals or lang.gettext("no SDG")
            )
        )
    return (
        lang.gettext("Four concentric rings, outermost first, each SDG in its innermost ring with its activity count.")
        + " "
        + " ".join(parts)
    )


def _bars_desc(summary: Summary, lang: Language) -> str:
    ranked = sorted(summary.goals, key=lambda g: (-g.activities, g.number))[:3]
    top = "; ".join(
        f"{_sdg(lang, g.number)} {lang.pgettext(GOAL_SHORT, g.short_name)} ({lang.number(g.activities)})"
        for g in ranked
        if g.activities
    )
    head = lang.gettext("Horizontal bars, one per SDG 1 to 17, length proportional to the number of activities.")
    tail = (
        lang.gettext("Most declared: {top}. The data table below gives every value.").format(top=top)
        if top
        else lang.gettext("No SDG is declared.")
    )
    return f"{head} {tail}"


def _sdg(lang: Language, goal: object) -> str:
    """``SDG 9`` in the language (``ODD 9``, ``ODS 9``)."""
    return lang.gettext("SDG {goal}").format(goal=goal)


# --- view model -----------------------------------------------------------------------------------


def _name_in(lang: Language, text: str) -> str:
    """A name from the reference data or a vocabulary (action line title, SDG name, region) in ``lang``."""
    for context in (AL_TITLE, GOAL_SHORT, RING):
        translated = lang.pgettext(context, text)
        if translated != text:
            return translated
    head, _, rest = text.partition(" ")  # "9 Industry, innovation and infrastructure", "C2 Information ..."
    if rest and (head[:1].isdigit() or head[:1] == "C"):
        for context in (AL_TITLE, GOAL_SHORT):
            translated = lang.pgettext(context, rest)
            if translated != rest:
                return f"{head} {translated}"
    for name, vocabulary in load_spec().vocabularies.items():
        if name != "sectors" and text in vocabulary.values:  # sectors are shown as codes (ITU-D) everywhere
            return vocabulary.label(text, lang.code)
    return text


def _label_in(lang: Language, label: str) -> str:
    """A column label of the spec (given in English) in ``lang``; any other text as it is."""
    spec = load_spec()
    for column in spec.columns:
        if column.label == label:
            return column.label_in(lang.code)
    return label


def _crosstab_view(tab: CrossTab, lang: Language) -> dict[str, Any]:
    # a column is a spec column's label, or a value (a region) named in the language
    names = [str(c) for c in tab.table.columns]
    columns = [lang.gettext("Total") if c == "Total" else _name_in(lang, _label_in(lang, c)) for c in names]
    body = [
        [_name_in(lang, _text(v)) if k == 0 else lang.number(int(v)) for k, v in enumerate(rec)]
        for rec in tab.table.to_numpy()
    ]
    return {"key": tab.key, "title": lang.gettext(tab.title), "columns": columns, "rows": body}


def _shift_view(frame: pd.DataFrame, lang: Language) -> list[dict[str, str]]:
    return [
        {
            "key": _text(r.key),
            "label": _name_in(lang, _text(r.label)),
            "previous": lang.number(int(r.previous)),
            "current": lang.number(int(r.current)),
            "change": fmt_change(int(r.change)),
            "sign": "up" if r.change > 0 else ("down" if r.change < 0 else "same"),
        }
        for r in _records(frame)
    ]


def _listing(frame: pd.DataFrame, cap: int, lang: Language) -> dict[str, Any]:
    """The first ``cap`` activities of ``frame`` as :class:`Row` values (only those are built), and the total."""
    return {"rows": _rows(frame.iloc[:cap], lang), "total": len(frame), "capped": len(frame) > cap}


# --- the activity list: every activity once, one row each -----------------------------------------


def _title_html(title: object, url: object, description: object, not_a_link: str) -> str:
    """The title cell of the activity list: the title, then the description when there is one to show.

    The title links to the activity's page when it has an http(s) address; any other address is shown as text.
    """
    text = escape(_text(title))
    link = safe_url(url)
    if link is not None:
        html = f'<a href="{escape(link)}">{text}</a>'
    else:
        html = str(text)
        bad = _text(url)
        if bad:
            html += f' <span class="bad-url" title="{escape(not_a_link)}">{escape(bad)}</span>'
    about = _text(description)
    return f'<b>{html}</b> <span class="d">{escape(about)}</span>' if about else html


def list_columns(columns: Sequence[OutputColumn]) -> list[OutputColumn]:
    """The activity list's columns: the report's, without the link, which the title carries."""
    names = {c.name for c in columns}
    return [c for c in columns if not (c.name == "url" and "title" in names)]


#: Activities of the list formatted at a time: the page is streamed, so only this many rows are held as text.
LIST_CHUNK = 2_000


def list_rows(
    frame: pd.DataFrame, columns: Sequence[OutputColumn], lang: Language, *, descriptions: bool = True
) -> Iterator[Markup]:
    """Each activity of ``frame`` as one ``<tr>`` of the activity list (``columns`` from :func:`list_columns`).

    Every value is escaped. The title links to the activity's page and is followed by the description (unless
    ``descriptions`` is false). Rows are made :data:`LIST_CHUNK` at a time, column by column, each distinct value of
    a column formatted once (sectors, regions and codes repeat), so the cost per activity is a few string joins and
    a streamed page never holds the whole list. The optional end tags of cells and rows are left out (HTML's own
    rules close them): they would be a fifth of a long list's bytes.
    """
    n = len(frame)
    not_a_link = lang.gettext("Not an http(s) link")
    seen: list[dict[Any, str]] = [{} for _ in columns]

    def column_of(name: str, start: int, stop: int) -> list[Any]:
        return frame[name].iloc[start:stop].tolist() if name in frame.columns else [None] * (stop - start)

    def formatted(column: OutputColumn, known: dict[Any, str], values: list[Any]) -> list[str]:
        out: list[str] = []
        for value in values:
            try:
                out.append(known[value])
                continue
            except KeyError:
                pass
            except TypeError:  # an unhashable value (a list): formatted each time
                out.append(str(escape(_cell_text(column, value, lang))))
                continue
            text = str(escape(_cell_text(column, value, lang)))
            known[value] = text
            out.append(text)
        return out

    for start in range(0, n, LIST_CHUNK):
        stop = min(n, start + LIST_CHUNK)
        cells: list[list[str]] = []
        for column, known in zip(columns, seen, strict=True):
            values = column_of(column.name, start, stop)
            if column.name == "title":
                about = column_of("description", start, stop) if descriptions else [None] * (stop - start)
                urls = column_of("url", start, stop)
                cells.append([_title_html(*v, not_a_link) for v in zip(values, urls, about, strict=True)])
            else:
                cells.append(formatted(column, known, values))
        for row in zip(*cells, strict=True):
            yield Markup("<tr><td>" + "<td>".join(row))  # noqa: S704 - every value escaped above


def _anchor(code: str) -> str:
    return "al-" + code.lower().replace(".", "-")


def _line_view(line: LineSection, cap: int | None, *, parent: str | None = None, lang: Language) -> dict[str, Any]:
    """An action line's counts; with a ``cap`` (the Word copy) also its activities by sector, ``cap`` at most each."""
    anchor = _anchor(line.code) + ("-not-given" if parent == line.code else "")
    sectors = (
        [
            {"name": name, "count": lang.number(count), "listing": _listing(line.sector_activities(name), cap, lang)}
            for name, count in line.by_sector
            if count
        ]
        if cap is not None
        else []
    )
    return {
        "code": line.code,
        "anchor": anchor,
        "title": lang.pgettext(AL_TITLE, line.title),
        "role": lang.pgettext(ROLE, line.role),
        "facilitators": ", ".join(lang.pgettext(ORGANIZATION, f) for f in line.facilitators),
        "facilitators_many": len(line.facilitators) > 1,
        "count": lang.number(line.count),
        "count_raw": line.count,
        "filter": None if parent == line.code else line.code,  # "sub-line not given" has no filter of its own
        "by_sector": [{"name": name, "count": lang.number(count), "raw": count} for name, count in line.by_sector],
        "sectors": sectors,
        "sub_lines": [_line_view(s, cap, parent=line.code, lang=lang) for s in line.sub_lines],
    }


def _series(items: Sequence[str]) -> str:
    """``C2, C5 and C6``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _role_intro(role: str, codes: Sequence[str], count: int, plan: str, lang: Language) -> str:
    lines = lang.list(codes) if codes else lang.gettext("no action line")
    plan = lang.pgettext(PLAN, plan)
    if role == "contributor":
        head = lang.gettext("Under the {plan}, ITU contributes to {lines}, facilitated by other UN agencies.")
    else:
        head = lang.gettext("Under the {plan}, ITU is the {role} of {lines}.")
    head = head.format(plan=plan, lines=lines, role=lang.pgettext(ROLE, role))
    tail = (
        lang.ngettext("{n} activity contributes to this line.", "{n} activities contribute to this line.", count)
        if len(codes) == 1
        else lang.ngettext(
            "{n} activity contributes to these lines.", "{n} activities contribute to these lines.", count
        )
    )
    return f"{head} {tail.format(n=lang.number(count))}"


def _labels(lang: Language) -> dict[str, str]:
    spec = load_spec()
    labels = {c.name: lang.gettext(c.label) for c in spec.output}
    labels.update({c.name: c.label_in(lang.code) for c in spec.columns})
    labels["sdgs"] = spec.label("sdgs", lang.code)
    return labels


def _ring_targets_view(summary: Summary, cap: int | None, lang: Language) -> list[dict[str, Any]]:
    return [
        {
            "level": ring.level,
            "key": ring_key(ring.key),
            "anchor": "ring-" + ring_key(ring.key),
            "name": lang.pgettext(RING, ring.name),
            "goals": ", ".join(str(g) for g in ring.goals),
            "targets": [
                {
                    "code": item.code,
                    "kind": item.kind,
                    "text": lang.pgettext(TARGET_TEXT if item.kind == "target" else INDICATOR_TEXT, item.text),
                    "itu_custodian": item.itu_custodian,
                    "count": lang.number(item.count),
                    "count_raw": item.count,
                    "filter": _code_filter(summary, item.code),
                    "listing": _listing(item.activities, cap, lang) if cap is not None else None,
                }
                for item in ring.items
            ],
        }
        for ring in summary.ring_targets
    ]


def _code_filter(summary: Summary, code: str) -> str:
    """The activity list's filter value for a target or indicator: the code and the codes it is also listed as."""
    indicator = summary.reference.indicators.get(code)
    return "|".join(dict.fromkeys((code, *(indicator.also_listed_as if indicator else ()))))


def _filters(summary: Summary, lang: Language) -> dict[str, list[dict[str, str]]]:
    """The choices of the activity list's filters: sectors, action lines and sub-lines, SDGs, named codes."""
    ref = summary.reference
    lines = []
    for main in ref.main_lines:
        lines.append({"value": main.code, "label": f"{main.code} {lang.pgettext(AL_TITLE, main.title)}"})
        for sub in ref.sub_lines(main.code):
            lines.append({"value": sub.code, "label": f"{main.code} {lang.pgettext(AL_TITLE, sub.short_name)}"})
    codes = [item.code for ring in summary.ring_targets for item in ring.items]
    codes += [ind.code for ind in summary.indicators]
    return {
        "sectors": [{"value": "-" if s == NOT_GIVEN else s, "label": s} for s in summary.sectors],
        "lines": lines,
        "goals": [
            {"value": str(g.number), "label": f"{g.number} {lang.pgettext(GOAL_SHORT, g.short_name)}"}
            for g in summary.goals
        ],
        "codes": [{"value": _code_filter(summary, c), "label": c} for c in dict.fromkeys(codes)],
    }


def _context(
    summary: Summary,
    title: str | None,
    stamp: str | None,
    narrative: Narrative | None = None,
    lang: Language | str | None = None,
    *,
    listings: bool = False,
) -> dict[str, Any]:
    """What the templates show; ``listings`` adds the activities of each line, target and indicator (Word copy)."""
    lang = language(lang)
    cap = REPORT_LIST_CAP
    by_section = cap if listings else None
    ref = summary.reference
    year = summary.year
    sections = report_sections(summary)
    role_views: dict[str, dict[str, Any]] = {}
    for section in sections:
        group = section.group
        if group is not None:
            role_views[section.key] = {
                "role": group.role,
                "intro": _role_intro(
                    group.role, [line.code for line in group.lines], group.count, ref.plan.title, lang
                ),
                "lines": [_line_view(line, by_section, lang=lang) for line in group.lines],
            }
    text = narrative or Narrative()
    yoy = summary.year_over_year
    yoy_view = None
    if yoy is not None:
        yoy_view = {
            "previous_year": yoy.previous_year,
            "previous_total": lang.number(yoy.previous_total),
            "new_count": lang.number(len(yoy.new)),
            "continued_count": lang.number(len(yoy.continued)),
            "ended_count": lang.number(len(yoy.ended)),
            "matched_by_title": lang.number(yoy.matched_by_title),
            "new": _listing(yoy.new, cap, lang),
            "continued": _listing(yoy.continued, cap, lang),
            "ended": _listing(yoy.ended, cap, lang),
            "by_action_line": _shift_view(yoy.by_action_line, lang),
            "by_ring": _shift_view(yoy.by_ring, lang),
            "by_sector": _shift_view(yoy.by_sector, lang),
        }
    indicators = [
        {
            "code": ind.code,
            "anchor": "ind-" + ind.code.replace(".", "-"),
            "text": lang.pgettext(INDICATOR_TEXT, ind.text),
            "target": ind.target,
            "goal": ind.goal,
            "goal_name": lang.pgettext(GOAL_SHORT, ref.goals[ind.goal].short_name) if ind.goal in ref.goals else "",
            "custodians": ind.custodians,
            "count": lang.number(ind.count),
            "count_raw": ind.count,
            "filter": _code_filter(summary, ind.code),
            "listing": _listing(ind.activities, cap, lang) if listings else None,
        }
        for ind in summary.indicators
    ]
    all_columns = [c for c in load_spec().report_columns if c.name in summary.activities.columns]
    with_descriptions = summary.total <= REPORT_LIST_DESCRIPTIONS
    total = summary.total
    heading = title or (
        lang.gettext("ITU's contribution to the WSIS Action Lines and the SDGs, {year}").format(year=year)
        if year is not None
        else lang.gettext("ITU's contribution to the WSIS Action Lines and the SDGs")
    )
    return {
        "title": heading,
        "year": year,
        "stamp": stamp,
        "version": _version(),
        "plan": ref.plan,
        "files": summary.files,
        "labels": _labels(lang),
        "cap": lang.number(cap),
        "total": lang.number(total),
        "total_raw": total,
        "sections": sections,
        "narrative": text.html,
        "role_views": role_views,
        "ring_targets": _ring_targets_view(summary, by_section, lang),
        "all_columns": all_columns,
        "listing_columns": [c for c in load_spec().listing_columns if c.name in summary.activities.columns],
        "left_out": [
            {k: "" if v is None or v is pd.NA else str(v) for k, v in r.items()}
            for r in summary.left_out.to_dict("records")
        ],
        "sectors": [
            {
                "name": _text(r.sector),
                "count": lang.number(int(r.activities)),
                "share": _share(lang, r.activities / total),
            }
            if total
            else {"name": _text(r.sector), "count": "0", "share": "0%"}
            for r in _records(summary.by_sector)
        ],
        "lines_covered": summary.action_lines_covered,
        "lines_total": len(ref.main_lines),
        "goals_covered": summary.goals_covered,
        "goals_total": len(ref.goals),
        "without_action_line": lang.number(summary.without_action_line),
        "without_goal": lang.number(summary.without_goal),
        "without_goal_raw": summary.without_goal,
        "without_goal_share": _share(lang, summary.without_goal / total) if total else "0%",
        "custodian_linked": lang.number(summary.custodian_linked),
        "rings": [
            {
                "level": r.level,
                "name": lang.pgettext(RING, r.name),
                "description": lang.pgettext(RING_DESCRIPTION, r.description),
                "goals": ", ".join(str(g) for g in r.goals),
                "count": lang.number(r.activities),
                "share": _share(lang, r.share),
                "colour": RING_COLOURS.get(r.level, "#1d70b8"),
            }
            for r in summary.rings
        ],
        "goals": [
            {
                "number": g.number,
                "name": lang.pgettext(GOAL_SHORT, g.short_name),
                "title": lang.pgettext(GOAL_TITLE, g.title),
                "ring": lang.pgettext(RING, g.ring_name),
                "count": lang.number(g.activities),
                "count_raw": g.activities,
                "share": _share(lang, g.activities / total) if total else "0%",
            }
            for g in summary.goals
        ],
        "rings_chart": _rings_chart(summary, lang),
        "rings_top": lang.number(max((g.activities for g in summary.goals), default=0)),
        "rings_desc": _rings_desc(summary, lang),
        "bars_desc": _bars_desc(summary, lang),
        "goal_names": {
            g.number: lang.gettext("SDG {goal}").format(goal=g.number) + " " + lang.pgettext(GOAL_SHORT, g.short_name)
            for g in summary.goals
        },
        "plan_title": lang.pgettext(PLAN, ref.plan.title),
        "filters": _filters(summary, lang),
        "list_columns": list_columns(all_columns),
        "list_descriptions": with_descriptions,
        "list_descriptions_max": lang.number(REPORT_LIST_DESCRIPTIONS),
        "bar_chart": _bar_chart(summary, lang),
        "matrix": _matrix_view(summary, lang),
        "crosstabs": [_crosstab_view(t, lang) for t in summary.crosstabs],
        "indicators": indicators,
        "yoy": yoy_view,
        "suggestions": _listing(summary.suggestions, cap, lang),
        "suggestion_count": lang.number(len(summary.suggestions)),
        "all_rows": _rows(summary.activities, lang) if listings else [],
        "list_rows": iter(())
        if listings
        else list_rows(summary.activities, list_columns(all_columns), lang, descriptions=with_descriptions),
        "list_total": 0 if listings else total,
        "problems": [_problem_row(p, lang) for p in summary.problems[:cap]],
        "problem_total": len(summary.problems),
        "problems_capped": len(summary.problems) > cap,
        "problem_counts": _problem_counts_view(summary.problem_counts, lang),
        "errors": lang.number(summary.errors),
        "warnings": lang.number(summary.warnings),
        "excluded_rows": lang.number(summary.excluded_rows),
        "counts_raw": {"errors": summary.errors, "warnings": summary.warnings, "excluded": summary.excluded_rows},
        "ring_colours": RING_COLOURS,
    }


def _environment(lang: Language | None = None) -> Environment:
    """The templates' environment in ``lang``: one per language (a shipped language's is made once)."""
    to = language(lang)
    if to.code in available() and to is language(to.code):
        return _shipped_environment(to.code)
    return _new_environment(to)


@cache
def _shipped_environment(code: str) -> Environment:
    return _new_environment(language(code))


def _new_environment(lang: Language) -> Environment:
    env: Environment = template_environment(lang)
    env.keep_trailing_newline = True
    env.filters["int"] = lang.number
    env.filters["activities"] = lambda count: _activities(lang, count)
    env.globals["content_security_policy"] = content_security_policy  # scripts allowed by hash (see csp.py)
    return env


def _asset(env: Environment, name: str) -> Markup:
    """A static file of the templates folder, inlined as is (it is ours, not user data)."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return Markup(source)  # noqa: S704 - package file, not user input


def _report_stream(
    summary: Summary,
    title: str | None,
    stamp: str | None,
    narrative: Narrative | None,
    lang: Language | str | None,
) -> Iterator[str]:
    to = language(lang)
    env = _environment(to)
    context = _context(summary, title, stamp, narrative, to)
    # one style element, hashed whole by the page's policy: the fixed CSS, then what depends on the data
    data_css = env.get_template("report.style.css.j2").render(context)
    context["css"] = Markup(_asset(env, "report.css") + data_css)  # noqa: S704 - package CSS and colour codes
    context["js"] = _asset(env, "report.js")
    return env.get_template("report.html.j2").generate(context)


def render_report(
    summary: Summary,
    *,
    title: str | None = None,
    stamp: str | None = None,
    narrative: Narrative | None = None,
    lang: Language | str | None = None,
) -> str:
    """The report as one HTML document: inline CSS, JS and SVG, no external requests, same input -> same bytes.

    ``narrative`` (see :func:`~itu_contrib.narrative.load_narrative`) places the editor's text in its sections.
    ``lang`` (``en``, ``fr``, ``es``, or any :class:`~itu_contrib.i18n.Language`) is the report's language: its
    words, names, numbers and the page's ``lang`` and ``dir``; codes and counts are the same in every language.
    :func:`write_report` writes the same bytes to a file without holding the page in memory.
    """
    return "".join(_report_stream(summary, title, stamp, narrative, lang))


def write_report(
    summary: Summary,
    path: str | Path,
    *,
    title: str | None = None,
    stamp: str | None = None,
    narrative: Narrative | None = None,
    lang: Language | str | None = None,
) -> Path:
    """Write :func:`render_report`'s page to ``path`` atomically, streamed to the file as it is rendered."""
    target = Path(path)
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        chunk: list[str] = []
        size = 0
        for part in _report_stream(summary, title, stamp, narrative, lang):
            chunk.append(part)
            size += len(part)
            if size >= 1 << 20:  # write a megabyte at a time: few system calls, little held in memory
                fh.write("".join(chunk))
                chunk, size = [], 0
        fh.write("".join(chunk))
    return target


def render_validation(
    result: ValidationResult,
    *,
    title: str | None = None,
    stamp: str | None = None,
    lang: Language | str | None = None,
) -> str:
    """A validation result as one self-contained HTML page listing every problem, errors first (in ``lang``)."""
    lang = language(lang)
    env = _environment(lang)
    problems = order_problems(result.problems)
    files = tuple(str(f) for f in result.loaded.files)
    context = {
        "title": title
        or (
            lang.gettext("Validation of {year} submissions").format(year=result.year)
            if result.year
            else lang.gettext("Validation of submissions")
        ),
        "version": _version(),
        "stamp": stamp,
        "year": result.year,
        "valid": result.valid,
        "sections": [
            Section("summary", N_("Summary"), ""),
            Section("problems", N_("Problems"), ""),
            Section("files", N_("Files"), ""),
        ],
        "files": files,
        "files_count": lang.number(len(files)),
        "rows": lang.number(result.stats.rows),
        "errors": lang.number(sum(1 for p in problems if p.severity == Severity.ERROR)),
        "warnings": lang.number(sum(1 for p in problems if p.severity == Severity.WARNING)),
        "problems": [_problem_row(p, lang) for p in problems],
        "problem_total": len(problems),
        "problems_capped": False,
        "problem_counts": _problem_counts_view(count_problems(problems), lang),
        "cap": lang.number(len(problems)),
        "css": _asset(env, "report.css"),
        "js": _asset(env, "report.js"),
    }
    return env.get_template("validation.html.j2").render(context)
