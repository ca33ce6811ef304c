"""The rule catalogue (``data/rules.toml``): every problem code with its severity, meaning and message templates."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from .defaults import Limits
from .errors import ConfigError
from .i18n import Choice, ColumnLabel, Language, Listed, Text, language, render_value
from .problems import Problem, Severity, relocated


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule of the catalogue: stable code, default severity, stage, meaning, example and message templates."""

    code: str
    severity: Severity
    stage: str
    meaning: str
    example: str
    message: str = "{reason}"
    hint: str = ""
    variants: Mapping[str, tuple[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    refuses_file: bool = False

    def render(
        self, variant: str | None = None, lang: Language | str | None = None, **values: object
    ) -> tuple[str, str]:
        """The message and hint of this rule (or of one of its variants) in ``lang``, filled with ``values``.

        The templates are the message ids of the catalogues; each value is rendered in ``lang`` too (a column
        label, a list of pieces, a translatable piece such as "Did you mean ...").
        """
        message, hint = self.variants[variant] if variant else (self.message, self.hint)
        to = language(lang)
        fill = _Values({k: render_value(v, to) for k, v in values.items()})
        message = to.gettext(message) if message else message
        hint = to.gettext(hint) if hint else hint
        return message.format_map(fill), hint.format_map(fill)

    @property
    def templates(self) -> tuple[str, ...]:
        """Every message and hint template of the rule, variants included (the catalogues' message ids)."""
        texts = [self.message, self.hint, *(t for pair in self.variants.values() for t in pair)]
        return tuple(dict.fromkeys(t for t in texts if t))


class _Values(dict[str, str]):
    """Template values; a missing one shows as empty rather than failing the run."""

    def __missing__(self, key: str) -> str:
        return ""


STAGES = ("read", "validate", "tag", "run")


def parse_rules(text: str) -> tuple[Rule, ...]:
    """The rules of a catalogue in TOML (raises :class:`ConfigError` when one is incomplete or repeated)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"rule catalogue: {exc}") from exc
    rules: list[Rule] = []
    for item in raw.get("rules", ()):
        code = str(item.get("code", ""))
        for key in ("code", "severity", "stage", "meaning", "example", "message"):
            if key not in item:
                raise ConfigError(f"rule catalogue: rule {code or '?'} has no {key}")
        if item["stage"] not in STAGES:
            raise ConfigError(f"rule catalogue: rule {code} has unknown stage {item['stage']!r}")
        variants = {str(k): (str(v[0]), str(v[1])) for k, v in item.get("variants", {}).items()}
        rules.append(
            Rule(
                code=code,
                severity=Severity(item["severity"]),
                stage=str(item["stage"]),
                meaning=str(item["meaning"]),
                example=str(item["example"]),
                message=str(item["message"]),
                hint=str(item.get("hint", "")),
                variants=MappingProxyType(variants),
                refuses_file=bool(item.get("refuses_file", False)),
            )
        )
    if len({r.code for r in rules}) != len(rules):
        raise ConfigError("rule catalogue: a code is used twice")
    return tuple(rules)


def _catalogue() -> tuple[Rule, ...]:
    text = resources.files("itu_contrib").joinpath("data", "rules.toml").read_text(encoding="utf-8")
    return parse_rules(text)


#: Every rule, in catalogue order (``itu_contrib/data/rules.toml``).
RULES: tuple[Rule, ...] = _catalogue()

RULES_BY_CODE: Mapping[str, Rule] = MappingProxyType({r.code: r for r in RULES})


def rule(code: str) -> Rule:
    """The catalogue entry of ``code`` (a KeyError names an unknown code: that is a bug, not bad data)."""
    return RULES_BY_CODE[code]


def make_problem(
    code: str,
    /,
    *,
    file: str,
    severity: Severity | None = None,
    variant: str | None = None,
    sheet: str | None = None,
    cell: str | None = None,
    row: int | None = None,
    column: str | None = None,
    field: str | None = None,
    value: object = None,
    **values: object,
) -> Problem:
    """A :class:`Problem` of rule ``code``: its message and hint from the catalogue filled with the values given.

    ``value`` is the cell's value as typed (also offered to the templates as ``{value}``); ``severity`` defaults to
    the rule's own. The message is English; the problem keeps its variant and values, so :func:`translate`
    can write it again in another language.

    >>> make_problem("invalid-url", file="a.xlsx", sheet="Activities", cell="K4", value="www itu int", label="Link")
    ... # doctest: +ELLIPSIS
    Problem(code='invalid-url', severity=<Severity.ERROR: 'error'>, file='a.xlsx', message="Link: 'www itu int' ...)
    """
    r = RULES_BY_CODE[code]
    shown = None if value is None else str(value)
    params = {"value": "" if shown is None else shown, **values}
    message, hint = _rendered(r, variant, params)
    return Problem(
        code=code,
        severity=severity or r.severity,
        file=file,
        message=message,
        hint=hint,
        sheet=sheet or None,  # a CSV has no sheet: None, never "" (listings group problems by file and sheet)
        cell=cell,
        row=row,
        column=column,
        field=field,
        value=shown,
        variant=variant,
        params=_pairs(params),
    )


#: The (name, value) pairs of the template values made last: a run of a hundred thousand problems names the same
#: line, title, goals or value again and again, and a pair is 56 bytes. A cache, not a setting: cleared when full.
_PAIRS: dict[tuple[str, object], tuple[str, object]] = {}
_PAIRS_SIZE = 65536


def _pairs(params: Mapping[str, object]) -> tuple[tuple[str, object], ...]:
    """``tuple(params.items())``, equal pairs shared between problems.

    Only pairs whose values always render alike are shared: 1 and True are equal, and render apart.
    """
    out = []
    for pair in params.items():
        if not _plain_value(pair[1]):
            out.append(pair)
            continue
        shared = _PAIRS.get(pair)
        if shared is None:
            if len(_PAIRS) >= _PAIRS_SIZE:
                _PAIRS.clear()
            shared = _PAIRS[pair] = pair
        out.append(shared)
    return tuple(out)


#: Where one of many problems of a rule is: (file, sheet, cell, row, column, field, value as typed).
Spot = tuple[str, str | None, str | None, int | None, str | None, str | None, object]


def make_problems(
    code: str,
    /,
    spots: Iterable[Spot],
    templates: Iterable[Mapping[str, object]],
    *,
    severity: Severity | None = None,
    variant: str | None = None,
) -> list[Problem]:
    """:func:`make_problem` at each of ``spots`` with the template values of the same position: a rule's bulk path.

    A check that fires on tens of thousands of rows (a warning of the text hints, say) passes one mapping object
    for the rows that share their template values: their texts are rendered once per distinct cell value, or once
    in all when the rule's templates do not show the value, and that first problem is copied for the others
    (:func:`~itu_contrib.problems.relocated`). The problems are equal to those ``make_problem`` makes, template
    values included, in the order of ``spots``.
    """
    names = _template_fields(code, variant)
    one_text = names is not None and "value" not in names
    # by the template mapping's identity (kept alive here, so that no other mapping takes its id) and the value
    protos: dict[tuple[int, str | None], tuple[Mapping[str, object], Problem]] = {}
    out: list[Problem] = []
    for (file, sheet, cell, row, column, field_name, value), values in zip(spots, templates, strict=True):
        shown = None if value is None else str(value)
        key = (id(values), None if one_text else shown)
        known = protos.get(key)
        if known is None:
            proto = make_problem(
                code,
                file=file,
                severity=severity,
                variant=variant,
                sheet=sheet,
                cell=cell,
                row=row,
                column=column,
                field=field_name,
                value=value,
                **values,
            )
            protos[key] = (values, proto)
            out.append(proto)
            continue
        proto = known[1]
        # make_problem's template values are the value first, then ``values``: only the first can differ
        params = proto.params if shown == proto.value else (("value", shown or ""), *proto.params[1:])
        out.append(relocated(proto, (file, sheet or None, cell, row, column, field_name, shown, params)))
    return out


#: The English message and hint of the problems made last, by rule, variant and the values their templates use:
#: a run of a hundred thousand problems repeats a few thousand texts (a year, a date, a column), and rendering is
#: most of the cost of a problem. A cache, not a setting: cleared when full.
_RENDERED: dict[tuple[object, ...], tuple[str, str]] = {}
_RENDERED_SIZE = 8192
_PLAIN_VALUES = (str, int, type(None), ColumnLabel, Choice)


def _rendered(rule: Rule, variant: str | None, params: Mapping[str, object]) -> tuple[str, str]:
    """``rule.render(variant, None, **params)``, from the cache when the same texts were made before."""
    names = _template_fields(rule.code, variant)
    if names is None:
        return rule.render(variant, None, **params)
    used = tuple((name, params.get(name)) for name in names)
    if not all(_plain_value(v) for _, v in used):
        return rule.render(variant, None, **params)
    key = (rule.code, variant, used)
    found = _RENDERED.get(key)
    if found is None:
        if len(_RENDERED) >= _RENDERED_SIZE:
            _RENDERED.clear()
        found = _RENDERED[key] = rule.render(variant, None, **params)
    return found


def _plain_value(value: object) -> bool:
    """Whether equal values of this kind always render alike (1 and True are equal, and render apart)."""
    kind = value.__class__
    if kind in _PLAIN_VALUES:
        return True
    if kind is Text:
        return all(_plain_value(v) for _, v in value.values)  # type: ignore[attr-defined]
    if kind is Listed:
        return all(_plain_value(v) for v in value.items)  # type: ignore[attr-defined]
    return False


@cache
def _template_fields(code: str, variant: str | None) -> tuple[str, ...] | None:
    """The names of the values the English message and hint of a rule use (None when a field is not a plain name)."""
    rule = RULES_BY_CODE[code]
    message, hint = rule.variants[variant] if variant else (rule.message, rule.hint)
    names: dict[str, None] = {}
    for template in (message, hint):
        for _, name, spec, conversion in string.Formatter().parse(template):
            if name is None:
                continue
            if not name.isidentifier() or "{" in (spec or "") or conversion:
                return None
            names[name] = None
    return tuple(names)


def translate(problem: Problem, lang: Language | str | None) -> Problem:
    """``problem`` with its message and hint in ``lang``; its code, severity, location and value stay the same.

    A problem not made from the catalogue's templates (no values recorded) is returned as it is.

    >>> p = make_problem("invalid-url", file="a.xlsx", cell="K4", value="www itu int", label="Link")
    >>> translate(p, "fr").message
    "Link : « www itu int » n'est pas une adresse web"
    """
    if not problem.params or problem.code not in RULES_BY_CODE:
        return problem
    params = dict(problem.params)
    message, hint = RULES_BY_CODE[problem.code].render(problem.variant, lang, **params)
    if EXTRA_HINT in params:
        hint = f"{hint} {render_value(params[EXTRA_HINT], language(lang))}".strip()
    return replace(problem, message=message, hint=hint)


#: The template value holding a sentence added after a problem's hint (suggestions from the text).
EXTRA_HINT = "_extra_hint"


def with_extra_hint(problem: Problem, extra: object) -> Problem:
    """``problem`` with ``extra`` (text or a translatable value) after its hint, kept by :func:`translate`."""
    hint = f"{problem.hint} {render_value(extra, language())}".strip()
    return replace(problem, hint=hint, params=(*problem.params, (EXTRA_HINT, extra)))


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


@dataclass(frozen=True, slots=True)
class Message:
    """A problem's message as a translatable value: :func:`translate`'s message in the language it is rendered in.

    >>> Message(make_problem("invalid-url", file="a.xlsx", value="www itu int", label="Link")).render(language("es"))
    'Link: «www itu int» no es una dirección web'
    """

    problem: Problem

    def render(self, lang: Language) -> str:
        """The message in ``lang``."""
        return translate(self.problem, lang).message

    def __str__(self) -> str:
        return self.problem.message
