"""ITU reference data (action lines, SDGs, strategic plans) as typed immutable objects."""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from .errors import ConfigError
from .i18n import AL_TITLE, GOAL_SHORT, INDICATOR_TEXT, ORGANIZATION, RING, ROLE, TARGET_TEXT, Language, language

ROLE_ORDER = ("sole facilitator", "lead facilitator", "contributor")


@dataclass(frozen=True, slots=True)
class ActionLine:
    """A WSIS Action Line (C1-C11) or one of C7's e-sub-lines (``C7.e-health``)."""

    code: str
    parent: str | None
    order: int
    numeric_code: str | None
    title: str
    official_title: str
    facilitator: str
    co_facilitators: tuple[str, ...]
    role: str

    @property
    def is_sub_line(self) -> bool:
        """True for C7's e-sub-lines."""
        return self.parent is not None

    @property
    def root(self) -> str:
        """The main action line this line rolls up to (``C7`` for ``C7.e-health``)."""
        return self.parent or self.code

    @property
    def short_name(self) -> str:
        """The sub-line's own name (``E-health``), or the title for main lines."""
        return self.official_title if self.parent else self.title


@dataclass(frozen=True, slots=True)
class Ring:
    """One of the concentric SDG rings of a strategic plan (1 = outermost)."""

    level: int
    key: str
    name: str
    description: str
    goals: tuple[int, ...]
    targets: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Goal:
    """A Sustainable Development Goal."""

    number: int
    short_name: str
    title: str
    ring: Ring


@dataclass(frozen=True, slots=True)
class Target:
    """An SDG target such as ``9.c``."""

    code: str
    goal: int
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Indicator:
    """An SDG indicator such as ``9.c.1``; repeats under other targets are linked."""

    code: str
    target: str
    goal: int
    unsd_code: str
    text: str
    also_listed_as: tuple[str, ...]
    custodians: str
    itu_custodian: bool


@dataclass(frozen=True, slots=True)
class MatrixLink:
    """One link of the WSIS-SDG matrix: an action line supports a goal (or one of its targets)."""

    action_line: str
    goal: int
    target: str | None


@dataclass(frozen=True, slots=True)
class Plan:
    """A strategic plan: its period, ITU's roles on the action lines, and its SDG rings."""

    id: str
    title: str
    first_year: int
    last_year: int
    source: str
    roles: Mapping[str, str]
    default_role: str
    rings: tuple[Ring, ...]

    def covers(self, year: int) -> bool:
        """True when ``year`` falls inside the plan period."""
        return self.first_year <= year <= self.last_year


@dataclass(frozen=True)
class Reference:
    """All reference data for one strategic plan; build it with :func:`load_reference`.

    >>> ref = load_reference(2025)
    >>> ref.action_lines["C5"].role
    'sole facilitator'
    >>> ref.goals[9].ring.name
    'Main key focus'
    >>> len(ref.targets), len(ref.distinct_indicators)
    (169, 235)
    """

    plan: Plan
    action_lines: Mapping[str, ActionLine]
    goals: Mapping[int, Goal]
    targets: Mapping[str, Target]
    indicators: Mapping[str, Indicator]
    matrix: tuple[MatrixLink, ...]
    _matrix_goals: Mapping[str, frozenset[int]] = field(repr=False)

    @property
    def main_lines(self) -> tuple[ActionLine, ...]:
        """C1-C11 in Plan of Action order."""
        return tuple(a for a in self.action_lines.values() if a.parent is None)

    def sub_lines(self, parent: str) -> tuple[ActionLine, ...]:
        """The sub-lines of ``parent`` (C7's eight e-lines) in Plan of Action order."""
        return tuple(a for a in self.action_lines.values() if a.parent == parent)

    @property
    def rings(self) -> tuple[Ring, ...]:
        """The plan's rings, outermost (level 1) first."""
        return self.plan.rings

    @property
    def distinct_indicators(self) -> frozenset[str]:
        """UNSD codes of the distinct indicators (an indicator listed twice counts once)."""
        return frozenset(i.unsd_code for i in self.indicators.values())

    @property
    def custodian_indicators(self) -> tuple[Indicator, ...]:
        """Indicators ITU is custodian of, in code order."""
        return tuple(i for i in self.indicators.values() if i.itu_custodian)

    def expected_goals(self, action_line: str) -> frozenset[int]:
        """Goals the WSIS-SDG matrix links to an action line (C7 gets the union of its sub-lines)."""
        return self._matrix_goals.get(action_line, frozenset())

    def ring(self, level: int) -> Ring:
        """The ring at ``level`` (1 = enabler ... 4 = main key focus)."""
        for ring in self.plan.rings:
            if ring.level == level:
                return ring
        raise KeyError(level)

    def listing(self, what: str, lang: Language | str | None = None) -> list[dict[str, Any]]:
        """One kind of reference item as rows (what ``itu-contrib reference`` prints), names in ``lang``.

        ``what`` is one of :data:`LISTINGS`. Codes and keys never change with the language; titles, names, roles,
        rings and target texts are the catalogues' (indicator texts only for the indicators ITU is custodian of:
        the others stay English).

        >>> load_reference(2025).listing("action-lines", "fr")[4]["title"]
        "Établir la confiance et la sécurité dans l'utilisation des TIC"
        """
        to = language(lang)
        if what == "action-lines":
            return [
                {"code": a.code, "title": to.pgettext(AL_TITLE, a.title), "itu_role": to.pgettext(ROLE, a.role),
                 "facilitator": to.pgettext(ORGANIZATION, a.facilitator)}
                for a in self.action_lines.values()
            ]  # fmt: skip
        if what == "sdgs":
            return [
                {
                    "goal": g.number,
                    "name": to.pgettext(GOAL_SHORT, g.short_name),
                    "ring": to.pgettext(RING, g.ring.name),
                }
                for g in self.goals.values()
            ]
        if what == "targets":
            return [
                {"target": t.code, "goal": t.goal, "text": to.pgettext(TARGET_TEXT, t.text)}
                for t in self.targets.values()
            ]
        if what == "indicators":
            return [
                {"indicator": i.code, "target": i.target, "itu_custodian": i.itu_custodian,
                 "text": to.pgettext(INDICATOR_TEXT, i.text)}
                for i in self.indicators.values()
            ]  # fmt: skip
        if what == "rings":
            return [
                {"level": r.level, "ring": to.pgettext(RING, r.name), "goals": " ".join(map(str, r.goals)),
                 "targets": " ".join(r.targets)}
                for r in self.rings
            ]  # fmt: skip
        raise ValueError(f"unknown reference listing {what!r}: choose one of {', '.join(LISTINGS)}")


#: The kinds of reference item :meth:`Reference.listing` lists.
LISTINGS = ("action-lines", "sdgs", "targets", "indicators", "rings")


def _read_text(*parts: str) -> str:
    path = resources.files("itu_contrib").joinpath("data")
    for part in parts:
        path = path.joinpath(part)
    return path.read_text(encoding="utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_read_text("reference", name))))


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.replace(",", ";").split(";") if v.strip())


def _require(cond: bool, message: str) -> None:
    if not cond:
        raise ConfigError(f"reference data: {message}")


def _parse_plan(raw: Mapping[str, Any], all_goals: tuple[int, ...]) -> Plan:
    roles: dict[str, str] = {}
    for role, codes in raw.get("roles", {}).items():
        for code in codes:
            roles[str(code)] = str(role)
    rings = []
    for r in sorted(raw["rings"], key=lambda r: int(r["level"])):
        goals = all_goals if r["goals"] == "all" else tuple(int(g) for g in r["goals"])
        rings.append(
            Ring(
                level=int(r["level"]),
                key=str(r["key"]),
                name=str(r["name"]),
                description=str(r.get("description", "")),
                goals=goals,
                targets=tuple(str(t) for t in r.get("targets", ())),
                indicators=tuple(str(i) for i in r.get("indicators", ())),
            )
        )
    _require(bool(rings) and rings[0].goals == all_goals, f"plan {raw.get('id')}: ring 1 must hold all goals")
    return Plan(
        id=str(raw["id"]),
        title=str(raw["title"]),
        first_year=int(raw["first_year"]),
        last_year=int(raw["last_year"]),
        source=str(raw.get("source", "")),
        roles=MappingProxyType(roles),
        default_role=str(raw.get("default_role", "contributor")),
        rings=tuple(rings),
    )


@cache
def plans() -> tuple[Plan, ...]:
    """Every strategic plan in the package data, oldest first."""
    goals = tuple(int(r["goal"]) for r in _rows("sdg_goals.csv"))
    raw = tomllib.loads(_read_text("plans.toml"))
    return tuple(sorted((_parse_plan(p, goals) for p in raw["plans"]), key=lambda p: p.first_year))


def plan_for(year: int | None) -> Plan:
    """The plan covering ``year``; the latest plan when no plan covers it or ``year`` is None."""
    available = plans()
    if year is not None:
        for plan in available:
            if plan.covers(year):
                return plan
        earlier = [p for p in available if p.first_year <= year]
        if earlier:
            return earlier[-1]
        return available[0]
    return available[-1]


def load_reference(year: int | None = None, *, strict: bool = True) -> Reference:
    """Load the reference data with the roles and rings of the plan covering ``year`` (the latest plan for None).

    A ``year`` no plan covers raises :class:`~itu_contrib.errors.ConfigError` naming the plans there are; with
    ``strict=False`` the nearest earlier plan (or the first) is used instead, as for rows of an odd year.
    """
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        from .errors import ArgumentError

        raise ArgumentError(f"year must be a whole number such as 2025, not {year!r}")
    if strict and year is not None and not any(p.covers(year) for p in plans()):
        periods = ", ".join(f"{p.id} ({p.first_year}-{p.last_year})" for p in plans())
        raise ConfigError(
            f"no strategic plan in the reference data covers {year}; plans: {periods} "
            "(a new plan is added in itu_contrib/data/plans.toml)"
        )
    return _load_reference(plan_for(year).id)


@cache
def _load_reference(plan_id: str) -> Reference:
    plan = next(p for p in plans() if p.id == plan_id)

    def role(code: str, parent: str | None) -> str:
        if code in plan.roles:
            return plan.roles[code]
        if parent and parent in plan.roles:
            return plan.roles[parent]
        return plan.default_role

    lines: dict[str, ActionLine] = {}
    for r in _rows("action_lines.csv"):
        parent = r["parent_code"] or None
        lines[r["code"]] = ActionLine(
            code=r["code"],
            parent=parent,
            order=int(r["order_in_poa"]),
            numeric_code=r["unofficial_numeric_code"] or None,
            title=r["common_title_itu_usage"] if parent is None else r["official_title_geneva_poa"],
            official_title=r["official_title_geneva_poa"],
            facilitator=r["un_lead_facilitator"],
            co_facilitators=_split(r["un_co_facilitators_found"]),
            role=role(r["code"], parent),
        )
    _require(all(r in ROLE_ORDER for r in (a.role for a in lines.values())), "unknown ITU role in plans.toml")

    ring_of: dict[int, Ring] = {}
    for ring in plan.rings:  # outermost first, so inner rings overwrite
        for g in ring.goals:
            ring_of[g] = ring
    goals = {
        int(r["goal"]): Goal(int(r["goal"]), r["short_name"], r["official_title"], ring_of[int(r["goal"])])
        for r in _rows("sdg_goals.csv")
    }
    targets = {
        r["target"]: Target(r["target"], int(r["goal"]), r["target_type"], r["official_text"])
        for r in _rows("sdg_targets.csv")
    }
    indicators = {
        r["indicator"]: Indicator(
            code=r["indicator"],
            target=r["target"],
            goal=int(r["goal"]),
            unsd_code=r["unsd_indicator_code"],
            text=r["official_text"],
            also_listed_as=_split(r["same_indicator_also_listed_as"]),
            custodians=r["custodian_agencies_2022"],
            itu_custodian=r["itu_custodian"] == "yes",
        )
        for r in _rows("sdg_indicators.csv")
    }
    matrix = tuple(
        MatrixLink(r["action_line"], int(r["sdg_goal"]), r["sdg_target"] or None) for r in _rows("wsis_sdg_matrix.csv")
    )
    by_line: dict[str, set[int]] = {}
    for link in matrix:
        by_line.setdefault(link.action_line, set()).add(link.goal)
        parent = lines[link.action_line].parent if link.action_line in lines else None
        if parent:
            by_line.setdefault(parent, set()).add(link.goal)
    _require(all(link.action_line in lines for link in matrix), "matrix names an unknown action line")
    _require(all(link.goal in goals for link in matrix), "matrix names an unknown goal")
    return Reference(
        plan=plan,
        action_lines=MappingProxyType(lines),
        goals=MappingProxyType(goals),
        targets=MappingProxyType(targets),
        indicators=MappingProxyType(indicators),
        matrix=matrix,
        _matrix_goals=MappingProxyType({k: frozenset(v) for k, v in by_line.items()}),
    )
