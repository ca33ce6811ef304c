"""Count tagged activities by action line, SDG, ring, sector and region into one :class:`Summary`."""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .i18n import N_
from .problems import Problem, Severity
from .reference import ROLE_ORDER, ActionLine, Reference, load_reference
from .spec import load_spec, normalize_key

#: Label of activities that name no sector, region, action line or SDG.
NOT_GIVEN = "(not given)"
#: Row label of by_ring.csv for activities with no SDG.
NO_SDG = "No SDG"
#: Columns of the table of rows left out of the report.
LEFT_OUT_COLUMNS = ("file", "sheet", "row", "activity_id", "title", "problems")


if TYPE_CHECKING:
    from .tagging import TagResult


@dataclass(frozen=True, eq=False)
class Picked:
    """Some of a summary's activities, kept as their row positions in the shared frame (a frame made when asked).

    A summary of 200,000 activities has some fifty such listings (lines, sub-lines, targets, indicators): as frames
    they would hold a million rows of copies; as positions they hold four or eight bytes a row.
    """

    source: pd.DataFrame = field(repr=False)
    positions: np.ndarray = field(repr=False)

    @property
    def activities(self) -> pd.DataFrame:
        """The picked activities as a frame, in listing order (a new frame at each access)."""
        return self.source.iloc[self.positions]


@dataclass(frozen=True, eq=False)
class LineSection(Picked):
    """One action line (or C7 e-sub-line) with ITU's role, its facilitators and its activities."""

    code: str = ""
    title: str = ""
    role: str = ""
    facilitators: tuple[str, ...] = ()
    count: int = 0
    sub_lines: tuple[LineSection, ...] = ()
    by_sector: tuple[tuple[str, int], ...] = ()

    def sector_activities(self, sector: str) -> pd.DataFrame:
        """The line's activities of one sector (``NOT_GIVEN`` for those naming none), in listing order."""
        column = self.activities["sector"]
        mask = column.isna() if sector == NOT_GIVEN else column.eq(sector)
        return self.activities[mask.fillna(False).astype(bool).to_numpy()]


@dataclass(frozen=True, eq=False)
class RoleGroup:
    """The action lines on which ITU has one role (sole facilitator, lead facilitator, contributor)."""

    role: str
    lines: tuple[LineSection, ...]
    count: int


@dataclass(frozen=True)
class RingShare:
    """One SDG ring: the goals whose innermost ring it is and the activities whose innermost ring it is."""

    level: int
    key: str
    name: str
    description: str
    goals: tuple[int, ...]
    activities: int
    share: float


@dataclass(frozen=True)
class GoalCount:
    """One SDG with its ring and the number of activities declaring it."""

    number: int
    short_name: str
    title: str
    ring_level: int
    ring_name: str
    activities: int


@dataclass(frozen=True, eq=False)
class CrossTab:
    """A two-way count table: ``table`` has the row label column, one column per value, and ``Total``."""

    key: str
    title: str
    rows_label: str
    columns_label: str
    table: pd.DataFrame


@dataclass(frozen=True, eq=False)
class IndicatorSection(Picked):
    """An SDG indicator ITU is custodian of, with the activities that declare it."""

    code: str = ""
    text: str = ""
    target: str = ""
    goal: int = 0
    custodians: str = ""
    count: int = 0


@dataclass(frozen=True, eq=False)
class TargetCount(Picked):
    """A target or indicator the strategic plan names for a ring, with the activities that declare it."""

    code: str = ""
    kind: str = ""
    text: str = ""
    goal: int = 0
    itu_custodian: bool = False
    custodians: str = ""
    count: int = 0


@dataclass(frozen=True, eq=False)
class RingTargets:
    """One ring with the targets and indicators the strategic plan names for it (none for the outer rings)."""

    level: int
    key: str
    name: str
    goals: tuple[int, ...]
    items: tuple[TargetCount, ...]


@dataclass(frozen=True, eq=False)
class YearOverYear:
    """Activities new, continued and ended since the previous year, and the shifts in the counts."""

    previous_year: int | None
    previous_total: int
    new: pd.DataFrame
    continued: pd.DataFrame
    ended: pd.DataFrame
    matched_by_title: int
    by_action_line: pd.DataFrame
    by_ring: pd.DataFrame
    by_sector: pd.DataFrame


@dataclass(frozen=True, eq=False)
class Summary:
    """Everything the report shows, counted once; the tables are DataFrames in their output column order."""

    year: int | None
    reference: Reference
    files: tuple[str, ...]
    excluded_rows: int
    total: int
    activities: pd.DataFrame
    by_action_line: pd.DataFrame
    by_sdg_goal: pd.DataFrame
    by_ring: pd.DataFrame
    by_sector: pd.DataFrame
    action_lines_covered: int
    goals_covered: int
    without_action_line: int
    without_goal: int
    rings: tuple[RingShare, ...]
    goals: tuple[GoalCount, ...]
    roles: tuple[RoleGroup, ...]
    matrix: pd.DataFrame
    crosstabs: tuple[CrossTab, ...]
    indicators: tuple[IndicatorSection, ...]
    custodian_linked: int
    suggestions: pd.DataFrame
    problems: tuple[Problem, ...]
    problem_counts: pd.DataFrame
    errors: int
    warnings: int
    year_over_year: YearOverYear | None = None
    ring_targets: tuple[RingTargets, ...] = ()
    left_out: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(LEFT_OUT_COLUMNS)))

    @property
    def sectors(self) -> tuple[str, ...]:
        """The sectors every table lists, in order: the spec's, then others found, then ``NOT_GIVEN``."""
        return tuple(str(s) for s in self.by_sector["sector"])

    @property
    def tables(self) -> Mapping[str, pd.DataFrame]:
        """Every table of the report by CSV file name (the year-over-year ones only with a previous year)."""
        from .tables import export_tables

        return export_tables(self)

    def write_tables(self, directory: str | Path) -> list[Path]:
        """Write every table of :attr:`tables` as CSV into ``directory``; return the paths written."""
        from .tables import write_tables

        return write_tables(self, Path(directory))


# --- normalising the tagged frame ---------------------------------------------------------------


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value


def _codes(value: object, *, goals: bool = False) -> tuple[Any, ...]:
    """A multi-valued cell as a tuple (tolerates None, NaN, lists and a lone string)."""
    if type(value) is tuple:  # the contract's shape: return it as is when already clean
        if goals and all(type(v) is int for v in value):
            return value
        if not goals and all(type(v) is str and v and v == v.strip() for v in value):
            return value
    if isinstance(value, tuple | list | set | frozenset):
        items: Iterable[Any] = value
    elif _is_missing(value):
        return ()
    else:
        items = (value,)
    out: list[Any] = []
    for item in items:
        if not goals and isinstance(item, str):
            text = item.strip()
            if text:
                out.append(text)
            continue
        if _is_missing(item):
            continue
        if goals:
            try:
                out.append(int(item))
            except (TypeError, ValueError):
                continue
        else:
            text = str(item).strip()
            if text:
                out.append(text)
    return tuple(out)


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if _is_missing(value):
        return None
    text = str(value).strip()
    return text or None


def _timestamp(value: object) -> pd.Timestamp | None:
    if _is_missing(value):
        return None
    try:
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if _is_missing(stamp) else stamp


def _integer(value: object) -> int | None:
    if _is_missing(value):
        return None
    try:
        number: int = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return number


def sector_order() -> tuple[str, ...]:
    """The ITU Sectors and the General Secretariat in the order every table lists them (the spec's vocabulary)."""
    return load_spec().sectors


def _sector_rank(sector: str | None, order: Sequence[str]) -> tuple[int, str]:
    if sector in order:
        return (order.index(sector), "")
    if sector is None:
        return (len(order) + 1, "")
    return (len(order), sector)


def _innermost_ring(goals: Sequence[int], reference: Reference) -> int | None:
    levels = [reference.goals[g].ring.level for g in goals if g in reference.goals]
    return max(levels) if levels else None


def _prepare(frame: pd.DataFrame, reference: Reference) -> pd.DataFrame:
    """The listing columns, normalised and sorted by sector, activity_id, title; index 0..n-1.

    Columns already in the contract's shape are taken as they are (dates and integers reordered as arrays, text and
    tuples checked with a fast path); only other values go through the per-value normalisation.
    """
    n = len(frame)
    columns = load_spec().output
    data: dict[str, list[Any]] = {}
    typed: dict[str, pd.Series] = {}  # date and integer columns of the right dtype: reordered whole, not per value
    for column in columns:
        name = column.name
        present = name in frame.columns
        if present and not column.multi and column.type in ("date", "integer"):
            series = frame[name]
            if (column.type == "date" and pd.api.types.is_datetime64_any_dtype(series)) or (
                column.type == "integer" and str(series.dtype) == "Int64"
            ):
                typed[name] = series
                continue
        values = frame[name].to_numpy(dtype=object).tolist() if present else [None] * n
        if column.multi:
            goals = column.type == "goals"
            data[name] = [_codes(v, goals=goals) for v in values]
        elif column.type == "date":
            data[name] = [_timestamp(v) for v in values]
        elif column.type == "integer":
            data[name] = [_integer(v) for v in values]
        else:
            data[name] = [(v.strip() or None) if type(v) is str else _text(v) for v in values]
    ring_levels = data["ring_level"] if "ring_level" in data else typed["ring_level"].tolist()
    sectors = sector_order()
    order = {code: k for k, code in enumerate(reference.action_lines)}
    rank = {code: (order.get(code, len(order)), code) for code in order}
    for i in range(n):
        roots = {reference.action_lines[c].root for c in data["action_lines"][i] if c in reference.action_lines}
        roots.update(data["main_action_lines"][i])
        data["main_action_lines"][i] = tuple(sorted(roots, key=lambda c: rank.get(c) or (len(order), c)))
        level = ring_levels[i]
        if level is None or level is pd.NA:  # older frames carry the number in ring; else the goals decide
            level = _integer(data["ring"][i]) if str(data["ring"][i] or "").isdigit() else None
            level = level if level is not None else _innermost_ring(data["sdg_goals"][i], reference)
            ring_levels[i] = level
        data["ring"][i] = reference.ring(level).name if level is not None else None
    if "ring_level" in typed:
        data["ring_level"] = ring_levels
        del typed["ring_level"]
    keys = sorted(
        range(n),
        key=lambda i: (
            _sector_rank(data["sector"][i], sectors),
            data["activity_id"][i] is None,
            data["activity_id"][i] or "",
            data["title"][i] or "",
            i,
        ),
    )
    # object columns keep None for a blank (pandas 3 would infer "str" with NaN) and tuples as they are
    out = pd.DataFrame(
        {
            c.name: typed[c.name].iloc[keys].reset_index(drop=True)
            if c.name in typed
            else pd.Series([data[c.name][i] for i in keys], dtype=object)
            for c in columns
        }
    )
    for column in columns:
        if column.type == "date" and not column.multi:
            out[column.name] = pd.to_datetime(out[column.name])
        elif column.type == "integer" and not column.multi:
            out[column.name] = out[column.name].astype("Int64")
    return out


# --- counting -------------------------------------------------------------------------------------


def _sectors(activities: pd.DataFrame) -> list[str]:
    present = {s if s is not None else NOT_GIVEN for s in activities["sector"]}
    order = sector_order()
    others = sorted(present - set(order) - {NOT_GIVEN})
    return [*order, *others, *([NOT_GIVEN] if NOT_GIVEN in present else [])]


def _count_lines(activities: pd.DataFrame) -> Counter[str]:
    return Counter(code for codes in activities["main_action_lines"] for code in set(codes))


def _count_goals(activities: pd.DataFrame) -> Counter[int]:
    return Counter(goal for goals in activities["sdg_goals"] for goal in set(goals))


def _count_rings(activities: pd.DataFrame) -> Counter[int | None]:
    return Counter(None if _is_missing(r) else int(r) for r in activities["ring_level"])


def _count_sectors(activities: pd.DataFrame) -> Counter[str]:
    return Counter(s if s is not None else NOT_GIVEN for s in activities["sector"])


def _main_line_codes(reference: Reference, counts: Mapping[str, int]) -> list[str]:
    codes = [a.code for a in reference.main_lines]
    return codes + sorted(c for c in counts if c not in reference.action_lines)


def _by_action_line(reference: Reference, counts: Mapping[str, int]) -> pd.DataFrame:
    rows = []
    for code in _main_line_codes(reference, counts):
        line = reference.action_lines.get(code)
        rows.append(
            {
                "action_line": code,
                "title": line.title if line else "",
                "itu_role": line.role if line else "",
                "activities": int(counts.get(code, 0)),
            }
        )
    return pd.DataFrame(rows, columns=["action_line", "title", "itu_role", "activities"])


def _by_ring(reference: Reference, counts: Mapping[int | None, int]) -> pd.DataFrame:
    rows = [{"ring": r.name, "activities": int(counts.get(r.level, 0))} for r in reference.rings]
    if counts.get(None):
        rows.append({"ring": NO_SDG, "activities": int(counts[None])})
    return pd.DataFrame(rows, columns=["ring", "activities"])


def _by_sector(sectors: Sequence[str], counts: Mapping[str, int]) -> pd.DataFrame:
    rows = [{"sector": s, "activities": int(counts.get(s, 0))} for s in sectors]
    return pd.DataFrame(rows, columns=["sector", "activities"])


def _positions(activities: pd.DataFrame, test: Any) -> list[int]:
    return [i for i, value in enumerate(activities.itertuples(index=False)) if test(value)]


def _subset(activities: pd.DataFrame, positions: Sequence[int]) -> pd.DataFrame:
    return activities.iloc[list(positions)]


def _at(positions: Sequence[int]) -> np.ndarray:
    """Row positions as a compact array (for :class:`Picked`)."""
    return np.asarray(positions, dtype=np.int64)


def _facilitators(line: ActionLine, reference: Reference) -> tuple[str, ...]:
    subs = reference.sub_lines(line.code)
    names = [s.facilitator for s in subs] if subs else [line.facilitator, *line.co_facilitators]
    return tuple(dict.fromkeys(n for n in names if n and not n.startswith("(")))


def _sector_counts(
    sector_of: Sequence[str], positions: Sequence[int], sectors: Sequence[str]
) -> tuple[tuple[str, int], ...]:
    counts = Counter(sector_of[i] for i in positions)
    return tuple((s, int(counts.get(s, 0))) for s in sectors)


def _line_sections(activities: pd.DataFrame, reference: Reference, sectors: Sequence[str]) -> dict[str, LineSection]:
    by_main: defaultdict[str, list[int]] = defaultdict(list)
    by_code: defaultdict[str, list[int]] = defaultdict(list)
    for i, (mains, codes) in enumerate(zip(activities["main_action_lines"], activities["action_lines"], strict=True)):
        for code in mains:
            by_main[code].append(i)
        for code in dict.fromkeys(codes):
            by_code[code].append(i)
    sections: dict[str, LineSection] = {}
    sector_of = [s if s is not None else NOT_GIVEN for s in activities["sector"]]
    declared = list(activities["action_lines"])
    for line in reference.main_lines:
        subs: list[LineSection] = []
        for sub in reference.sub_lines(line.code):
            pos = by_code.get(sub.code, [])
            subs.append(
                LineSection(
                    activities,
                    _at(pos),
                    code=sub.code,
                    title=sub.short_name,
                    role=sub.role,
                    facilitators=tuple(dict.fromkeys([sub.facilitator, *sub.co_facilitators])),
                    count=len(pos),
                    by_sector=_sector_counts(sector_of, pos, sectors),
                )
            )
        if subs:
            known = {s.code for s in reference.sub_lines(line.code)}
            bare = [i for i in by_main.get(line.code, []) if not known & set(declared[i])]
            if bare:
                subs.append(
                    LineSection(
                        activities,
                        _at(bare),
                        code=line.code,
                        title="Sub-line not given",
                        role=line.role,
                        facilitators=(),
                        count=len(bare),
                        by_sector=_sector_counts(sector_of, bare, sectors),
                    )
                )
        pos = by_main.get(line.code, [])
        sections[line.code] = LineSection(
            activities,
            _at(pos),
            code=line.code,
            title=line.title,
            role=line.role,
            facilitators=_facilitators(line, reference),
            count=len(pos),
            sub_lines=tuple(subs),
            by_sector=_sector_counts(sector_of, pos, sectors),
        )
    return sections


def _roles(sections: Mapping[str, LineSection], activities: pd.DataFrame) -> tuple[RoleGroup, ...]:
    groups = []
    for role in ROLE_ORDER:
        lines = tuple(s for s in sections.values() if s.role == role)
        codes = {s.code for s in lines}
        count = sum(1 for mains in activities["main_action_lines"] if codes & set(mains))
        if lines:
            groups.append(RoleGroup(role=role, lines=lines, count=count))
    return tuple(groups)


def _matrix(activities: pd.DataFrame, reference: Reference) -> pd.DataFrame:
    """Long table: one row per (action line or C7 sub-line, goal) with the count and the matrix's expectation."""
    pairs: Counter[tuple[str, int]] = Counter()
    for mains, codes, goals in zip(
        activities["main_action_lines"], activities["action_lines"], activities["sdg_goals"], strict=True
    ):
        lines = set(mains) | {c for c in codes if c in reference.action_lines and reference.action_lines[c].parent}
        for line in lines:
            for goal in set(goals):
                pairs[(line, goal)] += 1
    rows = []
    for main in reference.main_lines:
        for line in (main, *reference.sub_lines(main.code)):
            expected = reference.expected_goals(line.code)
            for goal in reference.goals:
                rows.append(
                    {
                        "action_line": line.code,
                        "label": line.short_name if line.parent else line.title,
                        "sub_line": line.parent is not None,
                        "goal": goal,
                        "activities": pairs.get((line.code, goal), 0),
                        "expected": goal in expected,
                    }
                )
    return pd.DataFrame(rows, columns=["action_line", "label", "sub_line", "goal", "activities", "expected"])


def _crosstab(
    key: str,
    title: str,
    rows_label: str,
    columns_label: str,
    row_keys: Sequence[tuple[Hashable, str]],
    column_keys: Sequence[str],
    pairs: Iterable[tuple[Iterable[Hashable], str]],
) -> CrossTab:
    counts: Counter[tuple[Hashable, str]] = Counter()
    totals: Counter[Hashable] = Counter()
    for row_values, column in pairs:
        for value in set(row_values):
            counts[(value, column)] += 1
            totals[value] += 1
    records = []
    for value, label in row_keys:
        record: dict[str, Any] = {rows_label: label}
        for column in column_keys:
            record[column] = counts.get((value, column), 0)
        record["Total"] = totals.get(value, 0)
        records.append(record)
    table = pd.DataFrame(records, columns=[rows_label, *column_keys, "Total"])
    return CrossTab(key=key, title=title, rows_label=rows_label, columns_label=columns_label, table=table)


def _regions(activities: pd.DataFrame) -> list[str]:
    vocabulary = load_spec().vocabularies.get("regions")
    known = list(vocabulary.values) if vocabulary else []
    present = {r if r is not None else NOT_GIVEN for r in activities["region"]}
    others = sorted(present - set(known) - {NOT_GIVEN})
    return [r for r in known if r in present] + others + ([NOT_GIVEN] if NOT_GIVEN in present else [])


def _crosstabs(activities: pd.DataFrame, reference: Reference, sectors: Sequence[str]) -> tuple[CrossTab, ...]:
    spec = load_spec()
    sector_of = [s if s is not None else NOT_GIVEN for s in activities["sector"]]
    region_of = [r if r is not None else NOT_GIVEN for r in activities["region"]]
    regions = _regions(activities)
    line_keys: list[tuple[Hashable, str]] = [(a.code, f"{a.code} {a.title}") for a in reference.main_lines]
    goal_keys: list[tuple[Hashable, str]] = [(g.number, f"{g.number} {g.short_name}") for g in reference.goals.values()]
    mains = list(activities["main_action_lines"])
    goals = list(activities["sdg_goals"])
    region_label = spec.label("region")
    sector_label = spec.label("sector")
    line_label = spec.label("action_lines")
    goal_label = spec.label("sdgs")
    return (
        _crosstab(
            "lines-by-sector",
            N_("Activities by action line and sector"),
            line_label,
            sector_label,
            line_keys,
            sectors,
            zip(mains, sector_of, strict=True),
        ),
        _crosstab(
            "goals-by-sector",
            N_("Activities by SDG and sector"),
            goal_label,
            sector_label,
            goal_keys,
            sectors,
            zip(goals, sector_of, strict=True),
        ),
        _crosstab(
            "regions-by-sector",
            N_("Activities by region and sector"),
            region_label,
            sector_label,
            [(r, r) for r in regions],
            sectors,
            (((r,), s) for r, s in zip(region_of, sector_of, strict=True)),
        ),
        _crosstab(
            "lines-by-region",
            N_("Activities by action line and region"),
            line_label,
            region_label,
            line_keys,
            regions,
            zip(mains, region_of, strict=True),
        ),
    )


def _indicators(activities: pd.DataFrame, reference: Reference) -> tuple[IndicatorSection, ...]:
    sections = []
    for indicator in reference.custodian_indicators:
        names = {indicator.code, *indicator.also_listed_as}
        pos = [i for i, codes in enumerate(activities["sdg_indicators"]) if names & set(codes)]
        sections.append(
            IndicatorSection(
                activities,
                _at(pos),
                code=indicator.code,
                text=indicator.text,
                target=indicator.target,
                goal=indicator.goal,
                custodians=indicator.custodians,
                count=len(pos),
            )
        )
    return tuple(sections)


def _ring_targets(activities: pd.DataFrame, reference: Reference) -> tuple[RingTargets, ...]:
    out = []
    for ring in reference.rings:
        items: list[TargetCount] = []
        for code in ring.targets:
            target = reference.targets.get(code)
            pos = [i for i, codes in enumerate(activities["sdg_targets"]) if code in codes]
            items.append(
                TargetCount(
                    activities,
                    _at(pos),
                    code=code,
                    kind="target",
                    text=target.text if target else "",
                    goal=target.goal if target else int(code.split(".")[0]),
                    itu_custodian=False,
                    custodians="",
                    count=len(pos),
                )
            )
        for code in ring.indicators:
            indicator = reference.indicators.get(code)
            names = {code, *(indicator.also_listed_as if indicator else ())}
            pos = [i for i, codes in enumerate(activities["sdg_indicators"]) if names & set(codes)]
            items.append(
                TargetCount(
                    activities,
                    _at(pos),
                    code=code,
                    kind="indicator",
                    text=indicator.text if indicator else "",
                    goal=indicator.goal if indicator else int(code.split(".")[0]),
                    itu_custodian=bool(indicator and indicator.itu_custodian),
                    custodians=indicator.custodians if indicator else "",
                    count=len(pos),
                )
            )
        goals = tuple(g.number for g in reference.goals.values() if g.ring.level == ring.level)
        out.append(RingTargets(level=ring.level, key=ring.key, name=ring.name, goals=goals, items=tuple(items)))
    return tuple(out)


def _custodian_linked(activities: pd.DataFrame, reference: Reference) -> int:
    names = {n for i in reference.custodian_indicators for n in (i.code, *i.also_listed_as)}
    return sum(1 for codes in activities["sdg_indicators"] if names & set(codes))


def left_out_rows(tags: TagResult) -> pd.DataFrame:
    """The rows left out of the report (their ``problems`` name errors), each with its errors' messages."""
    messages: defaultdict[tuple[str, str, int | None], list[str]] = defaultdict(list)
    for p in order_problems(tags.validation.problems):
        if p.severity == Severity.ERROR:
            where = f" ({p.cell})" if p.cell else ""
            messages[(p.file, p.sheet or "", p.row)].append(f"{p.code}{where}: {p.message}")
    rows = []
    activities = tags.activities
    with_errors = [bool(_codes(codes)) for codes in activities["problems"]]
    for r in activities[with_errors].to_dict("records"):  # only the rows left out, not a dict per activity
        codes = _codes(r.get("problems"))
        file, sheet, row = str(r.get("source_file")), _text(r.get("source_sheet")) or "", _integer(r.get("source_row"))
        rows.append(
            {
                "file": file,
                "sheet": sheet,
                "row": row,
                "activity_id": _text(r.get("activity_id")) or "",
                "title": _text(r.get("title")) or "",
                "problems": " | ".join(messages.get((file, sheet, row)) or codes),
            }
        )
    out = pd.DataFrame(rows, columns=list(LEFT_OUT_COLUMNS))
    out["row"] = out["row"].astype("Int64")
    return out


def _suggestions(activities: pd.DataFrame) -> pd.DataFrame:
    pos = [
        i
        for i, (lines, goals) in enumerate(
            zip(activities["suggested_action_lines"], activities["suggested_sdg_goals"], strict=True)
        )
        if lines or goals
    ]
    return _subset(activities, pos)


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1}


def _problem_key(p: Problem) -> tuple[Any, ...]:
    """Errors first, then by file, sheet, row and cell (E9 before E10), then code and message."""
    return (
        _SEVERITY_RANK.get(p.severity, 2),
        p.file,
        p.sheet or "",
        p.row if p.row is not None else -1,
        len(p.cell or ""),
        p.cell or "",
        p.code,
        p.message,
    )


def order_problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """The problems errors first, then by file, sheet, row and cell: the order of every problem listing."""
    return tuple(sorted(problems, key=_problem_key))


def count_problems(problems: Sequence[Problem]) -> pd.DataFrame:
    """Problems per (severity, code): columns ``severity, code, problems``, errors first."""
    counts = Counter((str(p.severity), p.code) for p in problems)
    rows = [
        {"severity": sev, "code": code, "problems": n}
        for (sev, code), n in sorted(counts.items(), key=lambda kv: (kv[0][0] != "error", kv[0][1]))
    ]
    return pd.DataFrame(rows, columns=["severity", "code", "problems"])


# --- year over year -------------------------------------------------------------------------------


def _id_key(value: str | None) -> str | None:
    return value.strip().casefold() if value else None


def _title_key(title: str | None, sector: str | None) -> tuple[str, str] | None:
    key = normalize_key(title) if title else ""
    return (key, sector or "") if key else None


def _match(current: pd.DataFrame, previous: pd.DataFrame) -> tuple[list[tuple[int, int]], int]:
    """Pairs (current position, previous position): by activity_id, then by normalised title and sector."""
    pairs: list[tuple[int, int]] = []
    used_prev: set[int] = set()
    used_cur: set[int] = set()
    waiting: defaultdict[str, deque[int]] = defaultdict(deque)
    for j, value in enumerate(previous["activity_id"]):
        key = _id_key(value)
        if key:
            waiting[key].append(j)
    for i, value in enumerate(current["activity_id"]):
        key = _id_key(value)
        if key and waiting.get(key):
            j = waiting[key].popleft()
            pairs.append((i, j))
            used_cur.add(i)
            used_prev.add(j)
    by_title: defaultdict[tuple[str, str], deque[int]] = defaultdict(deque)
    for j, (title, sector) in enumerate(zip(previous["title"], previous["sector"], strict=True)):
        tkey = None if j in used_prev else _title_key(title, sector)
        if tkey:
            by_title[tkey].append(j)
    by_title_count = 0
    for i, (title, sector) in enumerate(zip(current["title"], current["sector"], strict=True)):
        if i in used_cur or not by_title:
            continue
        tkey = _title_key(title, sector)
        if tkey and by_title.get(tkey):
            j = by_title[tkey].popleft()
            pairs.append((i, j))
            used_cur.add(i)
            used_prev.add(j)
            by_title_count += 1
    return sorted(pairs), by_title_count


def _shift(
    keys: Sequence[tuple[str, str]], before: Mapping[Any, int], after: Mapping[Any, int], *, raw: Sequence[Any]
) -> pd.DataFrame:
    rows = []
    for (key, label), raw_key in zip(keys, raw, strict=True):
        b, a = int(before.get(raw_key, 0)), int(after.get(raw_key, 0))
        rows.append({"key": key, "label": label, "previous": b, "current": a, "change": a - b})
    return pd.DataFrame(rows, columns=["key", "label", "previous", "current", "change"])


def _year_over_year(
    current: pd.DataFrame, previous: pd.DataFrame, reference: Reference, sectors: Sequence[str]
) -> YearOverYear:
    pairs, by_title = _match(current, previous)
    matched_cur = {i for i, _ in pairs}
    matched_prev = {j for _, j in pairs}
    new = _subset(current, [i for i in range(len(current)) if i not in matched_cur])
    ended = _subset(previous, [j for j in range(len(previous)) if j not in matched_prev])
    continued = _subset(current, [i for i, _ in pairs])
    years = [int(y) for y in previous["year"] if not _is_missing(y)]
    previous_year = Counter(years).most_common(1)[0][0] if years else None
    prev_lines, cur_lines = _count_lines(previous), _count_lines(current)
    line_codes = _main_line_codes(reference, prev_lines | cur_lines)
    line_keys = [(c, reference.action_lines[c].title if c in reference.action_lines else c) for c in line_codes]
    ring_raw: list[int | None] = [r.level for r in reference.rings]
    ring_keys = [(str(r.level), r.name) for r in reference.rings]
    prev_rings, cur_rings = _count_rings(previous), _count_rings(current)
    if prev_rings.get(None) or cur_rings.get(None):
        ring_raw.append(None)
        ring_keys.append(("", NO_SDG))
    prev_sectors = _count_sectors(previous)
    all_sectors = list(sectors) + sorted(set(prev_sectors) - set(sectors))
    return YearOverYear(
        previous_year=previous_year,
        previous_total=len(previous),
        new=new,
        continued=continued,
        ended=ended,
        matched_by_title=by_title,
        by_action_line=_shift(line_keys, prev_lines, cur_lines, raw=line_codes),
        by_ring=_shift(ring_keys, prev_rings, cur_rings, raw=ring_raw),
        by_sector=_shift([(s, s) for s in all_sectors], prev_sectors, _count_sectors(current), raw=all_sectors),
    )


# --- entry points ---------------------------------------------------------------------------------


def _year_of(activities: pd.DataFrame) -> int | None:
    if "year" not in activities.columns:
        return None
    years = Counter(int(y) for y in activities["year"] if not _is_missing(y))
    return min(years.items(), key=lambda kv: (-kv[1], kv[0]))[0] if years else None


def summarize(
    activities: pd.DataFrame | TagResult,
    *,
    year: int | None = None,
    problems: Sequence[Problem] = (),
    previous: pd.DataFrame | TagResult | None = None,
    reference: Reference | None = None,
    files: Sequence[str] = (),
    excluded_rows: int = 0,
) -> Summary:
    """Count the tagged activities (a :class:`TagResult` or its frame) for the report and the tables.

    Given a :class:`TagResult`, its validation and tagging problems, reference, files and excluded rows are used
    unless passed explicitly; ``previous`` may also be a :class:`TagResult`.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"activity_id": ["A1"], "sector": ["ITU-D"], "title": ["Connect"],
    ...     "action_lines": [("C2", "C7.e-health")], "main_action_lines": [("C2", "C7")], "sdg_goals": [(9,)]})
    >>> s = summarize(frame, year=2025)
    >>> s.total, s.action_lines_covered, s.goals_covered, s.by_ring.to_dict("records")[-1]
    (1, 2, 1, {'ring': 'Main key focus', 'activities': 1})
    """
    from .tagging import TagResult

    if isinstance(previous, TagResult):
        previous = previous.publishable
    tags = None
    if isinstance(activities, TagResult):
        tags = activities
        activities = tags.publishable  # a row with any error is never counted in a report
        problems = problems or tags.validation.problems  # the tag-stage hints are among them
        reference = reference or tags.reference
        files = files or tags.validation.loaded.files
        excluded_rows = excluded_rows or tags.excluded
    left_out = left_out_rows(tags) if tags is not None else pd.DataFrame(columns=list(LEFT_OUT_COLUMNS))
    year = year if year is not None else _year_of(activities)
    reference = reference or load_reference(year, strict=False)
    frame = _prepare(activities, reference)
    total = len(frame)
    sectors = _sectors(frame)
    line_counts = _count_lines(frame)
    goal_counts = _count_goals(frame)
    ring_counts = _count_rings(frame)
    sections = _line_sections(frame, reference, sectors)

    ring_goals: dict[int, list[int]] = defaultdict(list)
    for goal in reference.goals.values():
        ring_goals[goal.ring.level].append(goal.number)
    rings = tuple(
        RingShare(
            level=r.level,
            key=r.key,
            name=r.name,
            description=r.description,
            goals=tuple(ring_goals.get(r.level, ())),
            activities=int(ring_counts.get(r.level, 0)),
            share=ring_counts.get(r.level, 0) / total if total else 0.0,
        )
        for r in reference.rings
    )
    goals = tuple(
        GoalCount(g.number, g.short_name, g.title, g.ring.level, g.ring.name, int(goal_counts.get(g.number, 0)))
        for g in reference.goals.values()
    )
    by_sdg_goal = pd.DataFrame(
        [{"goal": g.number, "name": g.short_name, "ring": g.ring_name, "activities": g.activities} for g in goals],
        columns=["goal", "name", "ring", "activities"],
    )
    main_codes = {a.code for a in reference.main_lines}
    indicators = _indicators(frame, reference)
    sorted_problems = order_problems(problems)
    return Summary(
        year=year,
        reference=reference,
        files=tuple(files),
        excluded_rows=int(excluded_rows),
        total=total,
        activities=frame,
        by_action_line=_by_action_line(reference, line_counts),
        by_sdg_goal=by_sdg_goal,
        by_ring=_by_ring(reference, ring_counts),
        by_sector=_by_sector(sectors, _count_sectors(frame)),
        action_lines_covered=sum(1 for c in line_counts if c in main_codes),
        goals_covered=sum(1 for g in goal_counts if g in reference.goals),
        without_action_line=sum(1 for mains in frame["main_action_lines"] if not mains),
        without_goal=int(ring_counts.get(None, 0)),
        rings=rings,
        goals=goals,
        roles=_roles(sections, frame),
        matrix=_matrix(frame, reference),
        crosstabs=_crosstabs(frame, reference, sectors),
        indicators=indicators,
        ring_targets=_ring_targets(frame, reference),
        left_out=left_out,
        custodian_linked=_custodian_linked(frame, reference),
        suggestions=_suggestions(frame),
        problems=sorted_problems,
        problem_counts=count_problems(sorted_problems),
        errors=sum(1 for p in sorted_problems if p.severity == Severity.ERROR),
        warnings=sum(1 for p in sorted_problems if p.severity == Severity.WARNING),
        year_over_year=None
        if previous is None
        else _year_over_year(frame, _prepare(previous, reference), reference, sectors),
    )
