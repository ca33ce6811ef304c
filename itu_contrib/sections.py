"""The report's sections, listed once: they drive the contents, the headings, the HTML partials and the Word copy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .reference import ROLE_ORDER

if TYPE_CHECKING:
    from .aggregate import RoleGroup, Summary

#: Headings of the per-role sections (the key is the anchor and the narrative key).
ROLE_HEADINGS = {
    "sole facilitator": "ITU as sole facilitator",
    "lead facilitator": "ITU as lead facilitator",
    "contributor": "Action lines ITU contributes to",
}
#: The sections after the per-role ones, in order: (key, heading). "year-over-year" only with a previous year.
LATER_SECTIONS = (
    ("ring-targets", "Ring targets and indicators"),
    ("sdg-rings", "The SDG rings"),
    ("sdg-goals", "Activities by SDG"),
    ("matrix", "Action lines and SDGs"),
    ("cross-tabs", "By sector and region"),
    ("custodian-indicators", "ITU's custodian indicators"),
    ("year-over-year", "Year over year"),
    ("suggestions", "Suggested tags awaiting confirmation"),
    ("all-activities", "All activities"),
    ("data-quality", "Data quality"),
    ("about", "About this report"),
)
#: The first section; the editor's introduction (narrative key "introduction") opens it.
FIRST_SECTION = ("summary", "Summary")


def role_key(role: str) -> str:
    """The anchor and narrative key of a role's section (``sole facilitator`` -> ``sole-facilitator``)."""
    return role.replace(" ", "-")


def section_keys() -> tuple[str, ...]:
    """Every key a section can have, whatever the data (the narrative may name any of them)."""
    return (FIRST_SECTION[0], *(role_key(r) for r in ROLE_ORDER), *(k for k, _ in LATER_SECTIONS))


@dataclass(frozen=True, eq=False)
class Section:
    """One top-level section of the report: its anchor and narrative key, heading, partial, and role group if any."""

    key: str
    heading: str
    partial: str
    group: RoleGroup | None = None

    @property
    def anchor(self) -> str:
        """The id of the section's heading."""
        return self.key

    @property
    def template(self) -> str:
        """The HTML partial that renders this section."""
        return f"report.{self.partial}.html.j2"


def report_sections(summary: Summary) -> tuple[Section, ...]:
    """The sections of a report of ``summary``, in order."""
    sections = [Section(FIRST_SECTION[0], FIRST_SECTION[1], FIRST_SECTION[0])]
    for group in summary.roles:
        heading = ROLE_HEADINGS.get(group.role, group.role.capitalize())
        sections.append(Section(role_key(group.role), heading, "role", group))
    for key, heading in LATER_SECTIONS:
        if key == "year-over-year" and summary.year_over_year is None:
            continue
        sections.append(Section(key, heading, key))
    return tuple(sections)
