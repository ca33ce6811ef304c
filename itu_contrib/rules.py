"""The rule catalogue: every problem code with its default severity, meaning and an example."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType

from .defaults import Limits
from .errors import ConfigError
from .problems import Problem, Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class Rule:
    """A validation rule: stable kebab-case code, default severity, stage, meaning and example."""

    code: str
    severity: Severity
    stage: str
    meaning: str
    example: str


RULES: tuple[Rule, ...] = (
    Rule(
        "unreadable-file",
        E,
        "read",
        "The file is damaged, truncated, hostile or not a spreadsheet.",
        "a PDF saved as ITU-R.xlsx",
    ),
    Rule(
        "encrypted-file",
        E,
        "read",
        "The workbook is password-protected or encrypted.",
        "ITU-R.xlsx saved with a password",
    ),
    Rule("empty-file", E, "read", "The file has no content at all.", "a zero-byte ITU-T.csv"),
    Rule("file-too-large", E, "read", "The file passes a documented size limit.", "a 500 MB workbook"),
    Rule(
        "no-activity-table",
        E,
        "read",
        "No sheet has a header row naming the activity columns.",
        "a workbook holding only instructions",
    ),
    Rule(
        "missing-column", E, "read", "A required column is absent from the header row.", "no 'WSIS Action Lines' column"
    ),
    Rule(
        "unknown-column",
        W,
        "read",
        "A header matches no activity column; the column is kept but not checked.",
        "'Budget (CHF)'",
    ),
    Rule(
        "formula-without-value",
        E,
        "read",
        "A formula cell has no computed value saved with it.",
        "=VLOOKUP(...) in a file never recalculated",
    ),
    Rule("excel-error", E, "read", "The cell holds an Excel error value.", "#REF! in the SDGs column"),
    Rule("invalid-date", E, "read", "A date cell does not hold a date.", "'next spring' as start date"),
    Rule("ambiguous-date", W, "read", "Day and month can be swapped; the day-first reading was used.", "'03/04/2025'"),
    Rule("invalid-year", E, "validate", "The reporting year is not a four-digit year in range.", "'FY25'"),
    Rule(
        "text-too-long", E, "read", "A cell is longer than a spreadsheet cell can be.", "a 40,000-character description"
    ),
    Rule("required-value", E, "validate", "A required cell is blank.", "an activity without a title"),
    Rule(
        "unknown-action-line",
        E,
        "validate",
        "A value is not a WSIS Action Line or C7 sub-line.",
        "'C13', 'C7 e-banking'",
    ),
    Rule(
        "unknown-sdg", E, "validate", "A value is not an SDG goal, target or indicator.", "'SDG 18', '9.z', '17.20.1'"
    ),
    Rule(
        "end-before-start", E, "validate", "The end date is before the start date.", "start 2025-06-01, end 2025-02-01"
    ),
    Rule(
        "date-outside-year",
        W,
        "validate",
        "The activity's dates lie wholly outside the reporting year.",
        "2019 dates in a 2025 report",
    ),
    Rule(
        "year-mismatch",
        E,
        "validate",
        "The row's year differs from the year being reported.",
        "2024 in the 2025 submission",
    ),
    Rule(
        "duplicate-id",
        E,
        "validate",
        "The same activity ID is used twice within a year.",
        "two rows ITU-D-0012 in 2025",
    ),
    Rule(
        "duplicate-activity",
        W,
        "validate",
        "The same activity (title, sector, year) is reported twice.",
        "'AI for Good' in two files",
    ),
    Rule(
        "invalid-url",
        E,
        "validate",
        "The link is not a web address starting with http:// or https://.",
        "'www itu int'",
    ),
    Rule("unknown-sector", E, "validate", "The sector is not ITU-R, ITU-T, ITU-D or GS.", "'ITU-DD'"),
    Rule("unknown-status", E, "validate", "The status is not planned, ongoing, completed or cancelled.", "'maybe'"),
    Rule("unknown-region", E, "validate", "The region is not an ITU region or Global.", "'Atlantis'"),
    Rule("unknown-country", E, "validate", "A country is not an ISO 3166 country name or code.", "'Narnia'"),
    Rule(
        "missing-description",
        W,
        "validate",
        "The description is blank; tags cannot be checked or suggested.",
        "an empty Description",
    ),
    Rule(
        "title-too-long", W, "validate", "The title is longer than 200 characters.", "a paragraph pasted as the title"
    ),
    Rule(
        "value-too-long",
        W,
        "validate",
        "A value is longer than the spec allows for its column.",
        "a 60-character activity ID",
    ),
    Rule("wrong-column", E, "validate", "A value belongs to another column.", "'SDG 9' in the action lines column"),
    Rule(
        "action-line-contradicted",
        W,
        "tag",
        "The text argues against a declared action line.",
        "C5 declared on a food-security text",
    ),
    Rule(
        "sdg-not-in-matrix",
        W,
        "tag",
        "The WSIS-SDG matrix links the SDG to none of the activity's action lines.",
        "SDG 14 with C5 only",
    ),
    Rule(
        "extension-mismatch",
        W,
        "read",
        "The file's extension does not match its content; it was read as what it is.",
        "an .ods saved as ITU-D.xlsx",
    ),
    Rule(
        "invalid-config",
        E,
        "run",
        "The configuration file or an argument is invalid; nothing was checked.",
        "[severity] unknown-rule = 'off'",
    ),
    Rule(
        "cannot-write",
        E,
        "run",
        "An output cannot be written where asked; nothing was overwritten.",
        "-o naming an input file",
    ),
)

RULES_BY_CODE: Mapping[str, Rule] = MappingProxyType({r.code: r for r in RULES})

#: What a severity override in a config file may say.
OVERRIDES = ("error", "warning", "off")
#: Limits a config file may set ([limits] table): the fields of itu_contrib.defaults.Limits.
LIMITS = tuple(f.name for f in fields(Limits))


@dataclass(frozen=True)
class Config:
    """Organisation settings: severity overrides per rule code (``error``, ``warning`` or ``off``) and the limits."""

    severities: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    limits: Limits = field(default_factory=Limits)

    def severity(self, code: str) -> Severity | None:
        """The severity of ``code`` after overrides; None when the rule is switched off."""
        override = self.severities.get(code)
        if override == "off":
            return None
        if override is not None:
            return Severity(override)
        rule = RULES_BY_CODE.get(code)
        return rule.severity if rule else Severity.ERROR

    def apply(self, problems: list[Problem] | tuple[Problem, ...]) -> list[Problem]:
        """The problems with overridden severities, those switched off left out."""
        if not self.severities:
            return list(problems)
        out = []
        for p in problems:
            sev = self.severity(p.code)
            if sev is None:
                continue
            out.append(p if sev == p.severity else _with_severity(p, sev))
        return out


def _with_severity(p: Problem, severity: Severity) -> Problem:
    return replace(p, severity=severity)


def parse_config(text: str, source: str = "config") -> Config:
    r"""Read a TOML config: a ``[severity]`` table mapping rule codes to error, warning or off.

    >>> parse_config('[severity]\nmissing-description = "error"').severity("missing-description")
    <Severity.ERROR: 'error'>
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})") from exc
    unknown_keys = set(raw) - {"severity", "limits"}
    if unknown_keys:
        raise ConfigError(
            f"{source}: unknown section(s) {', '.join(sorted(unknown_keys))}; expected [severity] or [limits]"
        )
    limits: dict[str, int] = {}
    for key, value in raw.get("limits", {}).items():
        if key not in LIMITS:
            raise ConfigError(f"{source}: unknown limit '{key}'; use one of {', '.join(LIMITS)}")
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ConfigError(f"{source}: limit '{key}' must be a positive whole number, not {value!r}")
        limits[key] = value
    table = raw.get("severity", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [severity] must be a table of rule = level")
    out: dict[str, str] = {}
    for code, level in table.items():
        if code not in RULES_BY_CODE:
            raise ConfigError(f"{source}: unknown rule '{code}' (see `itu-contrib rules`)")
        if level not in OVERRIDES:
            raise ConfigError(f"{source}: rule '{code}' = {level!r}; use one of {', '.join(OVERRIDES)}")
        out[code] = str(level)
    return Config(MappingProxyType(out), replace(Limits(), **limits))


def load_config(path: str | Path | None) -> Config:
    """The config at ``path``, or the defaults when ``path`` is None."""
    if path is None:
        return Config()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read the config file ({exc.__class__.__name__})") from exc
    return parse_config(text, str(p))
