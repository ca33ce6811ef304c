"""The activity spec (``schemas/activity.toml``): one declarative description of every column."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from .errors import ConfigError
from .headers import HeaderMatcher

TYPES = frozenset({"text", "integer", "date", "url", "choice", "action_lines", "sdgs", "countries", "list"})
#: Column types whose values are codes: a header may name such a column with "code" ("Sector code", "SDG codes").
CODED_TYPES = frozenset({"choice", "action_lines", "sdgs", "countries"})
REQUIREMENTS = ("required", "recommended", "optional")
LANGUAGES = ("en", "fr", "es")
#: Types of the columns the tagger derives ([[derived]] type): ``goals`` holds SDG numbers, ``list`` codes or names.
DERIVED_TYPES = frozenset({"text", "integer", "list", "goals"})

_NON_WORD = re.compile(r"[^a-z0-9]+")
_PLURAL = re.compile(r"\(s\)", re.IGNORECASE)


def normalize_key(text: str) -> str:
    """Fold a header or value for matching: case, accents, spacing and punctuation ignored.

    >>> normalize_key("  Fecha de Finalización ")
    'fecha de finalizacion'
    >>> normalize_key("WSIS Action-Line(s)")
    'wsis action lines'
    """
    text = str(text)
    if "(" in text:
        text = _PLURAL.sub("s", text)
    if text.isascii():  # fast path: nothing to decompose
        return _NON_WORD.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NON_WORD.sub(" ", ascii_text).strip()


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the activity table, as the spec describes it."""

    name: str
    label: str
    labels: Mapping[str, str]
    aliases: tuple[str, ...]
    type: str
    requirement: str
    help: str
    example: str
    vocabulary: str | None = None
    multi: bool = False
    merged: bool = False
    max_length: int | None = None
    min: int | None = None
    max: int | None = None
    warn_if_blank: bool = False
    codes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def required(self) -> bool:
        """True when a value is required in every row."""
        return self.requirement == "required"

    def label_in(self, lang: str) -> str:
        """The label in ``lang`` (en, fr, es), falling back to English."""
        return self.labels.get(lang, self.label)

    @property
    def match_keys(self) -> frozenset[str]:
        """Every normalised spelling that identifies this column in a header row."""
        names = (self.name, self.label, *self.labels.values(), *self.aliases)
        return frozenset(k for k in (normalize_key(n) for n in names) if k)


@dataclass(frozen=True, slots=True)
class Derived:
    """A column the tagging stage adds to each activity (``[[derived]]`` in the spec)."""

    name: str
    label: str
    multi: bool = False
    type: str = "text"


@dataclass(frozen=True, slots=True)
class OutputColumn:
    """One column of the tagged activities table as the report reads it: its label, value type and multiplicity."""

    name: str
    label: str
    type: str
    multi: bool = False
    in_report: bool = True


# Where a value is written as two names of one thing: "ITU-T (TSB)", "BDT / ITU-D", "BDT - ITU-D".
_PARTS = re.compile(r"\s*[()]\s*|\s+[/\u2013\u2014-]\s+|\s*/\s*(?=[A-Za-z]{2})")
#: Words a value may carry or leave out without naming another value: "ITU BDT", "Africa Region", "Asia and Pacific".
_LOOSE_WORDS = frozenset(
    {"itu", "uit", "the", "of", "and", "y", "et", "de", "del", "la", "las", "los", "le", "les", "des", "du"}
    | {"region", "regions", "regional"}
)


def _loose(key: str) -> str:
    """A normalised value without the words any value may carry (:data:`_LOOSE_WORDS`)."""
    return " ".join(w for w in key.split() if w not in _LOOSE_WORDS)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A controlled list of values with the other spellings people use for each."""

    name: str
    values: tuple[str, ...]
    aliases: Mapping[str, str]
    #: value -> language -> the value as the template's dropdown shows it in that language (also an alias).
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    #: The aliases without the words any value may carry (:func:`_loose`); a loose key two values share is left out.
    loose: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def label(self, value: str, lang: str = "en") -> str:
        """``value`` as written in ``lang`` (the canonical value itself in English or when there is no label).

        >>> load_spec().vocabularies["statuses"].label("completed", "fr")
        'achevé'
        """
        return self.labels.get(value, {}).get(lang, value)

    def values_in(self, lang: str = "en") -> tuple[str, ...]:
        """Every value as written in ``lang``, in the vocabulary's order (the template's dropdown)."""
        return tuple(self.label(v, lang) for v in self.values)

    def canonical(self, text: str) -> str | None:
        """The canonical value ``text`` spells, or None.

        >>> load_spec().vocabularies["sectors"].canonical("bdt")
        'ITU-D'
        >>> sectors = load_spec().vocabularies["sectors"]
        >>> sectors.canonical("ITU-T (TSB)"), sectors.canonical("BDT / ITU-D"), sectors.canonical("ITU-D / ITU-T")
        ('ITU-T', 'ITU-D', None)
        """
        found = self._one(text)
        if found is None and _PARTS.search(text):
            # "ITU-T (TSB)", "Development Sector (ITU-D)", "BDT / ITU-D": every part names the same value
            parts = {self._one(p) for p in _PARTS.split(text) if _loose(normalize_key(p))}
            found = parts.pop() if len(parts) == 1 else None
        return found

    def _one(self, text: str) -> str | None:
        key = normalize_key(text)
        return self.aliases.get(key) or self.loose.get(_loose(key))


@dataclass(frozen=True, slots=True)
class Spec:
    """The whole activity spec: its columns in order and its vocabularies."""

    version: str
    columns: tuple[Column, ...]
    vocabularies: Mapping[str, Vocabulary]
    header_index: Mapping[str, str]
    checks: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    derived: tuple[Derived, ...] = ()
    list_separator: str = ";"
    tagged_order: tuple[str, ...] = ()
    tagged_omit: frozenset[str] = frozenset()
    report_omit: frozenset[str] = frozenset()
    listing: tuple[str, ...] = ()
    headers: HeaderMatcher = field(default_factory=lambda: HeaderMatcher({}), compare=False, repr=False)

    def __getitem__(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Canonical column names in spec order."""
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[Column, ...]:
        """The required columns."""
        return tuple(c for c in self.columns if c.required)

    def match_header(self, header: object) -> str | None:
        r"""The canonical column a header cell names, or None.

        >>> load_spec().match_header("Fecha de inicio")
        'start_date'
        >>> load_spec().match_header("WSIS Action Line(s)")
        'action_lines'
        >>> load_spec().match_header("  wsis ACTION lines ")
        'action_lines'
        >>> load_spec().match_header("Titre de l'activité / Activity title\n(max. 200 characters)")
        'title'
        >>> load_spec().match_header("Focal point e-mail") is None
        True

        A spelling of the spec matches as written; any other header by its words (:mod:`itu_contrib.headers`).
        """
        if header is None:
            return None
        return self.header_index.get(normalize_key(str(header))) or self.headers.match(header)

    def label(self, name: str, lang: str = "en") -> str:
        """The display label of a spec or derived column (or the name itself for any other column)."""
        try:
            return self[name].label_in(lang)
        except KeyError:
            return next((d.label for d in self.derived if d.name == name), name)

    def code(self, column: Column | str, check: str) -> str:
        """The rule code that ``check`` (unknown, too_long, out_of_range, blank, ...) of ``column`` reports.

        >>> spec = load_spec()
        >>> spec.code("sector", "unknown"), spec.code("status", "unknown"), spec.code("activity_id", "too_long")
        ('unknown-sector', 'unknown-status', 'value-too-long')
        """
        col = self[column] if isinstance(column, str) else column
        if check in col.codes:
            return col.codes[check]
        for key in (col.type, "*"):
            if check in self.checks.get(key, {}):
                return self.checks[key][check]
        raise KeyError(f"the spec names no rule for check {check!r} of column {col.name}")

    @property
    def sectors(self) -> tuple[str, ...]:
        """The sectors in report order (the spec's ``sectors`` vocabulary)."""
        return self.vocabularies["sectors"].values

    @property
    def multi_columns(self) -> frozenset[str]:
        """Every multi-valued column of the tagged table: spec columns and derived ones with ``multi``."""
        return frozenset({c.name for c in self.columns if c.multi} | {d.name for d in self.derived if d.multi})

    @property
    def output(self) -> tuple[OutputColumn, ...]:
        """The tagged table's columns in order with their value types (``date``, ``integer``, ``goals``, ...)."""
        derived = {d.name: d for d in self.derived}
        out = []
        for name in self.tagged_columns:
            if name in derived:
                d = derived[name]
                kind = d.type if d.type != "text" or not d.multi else "list"
                out.append(OutputColumn(name, d.label, kind, d.multi, name not in self.report_omit))
            else:
                c = self[name]
                kind = c.type if c.type in {"date", "integer"} else ("list" if c.multi else "text")
                out.append(OutputColumn(name, c.label, kind, c.multi, name not in self.report_omit))
        return tuple(out)

    @property
    def report_columns(self) -> tuple[OutputColumn, ...]:
        """The tagged columns the report's activity table shows (all but ``[output].report_omit``), in order."""
        return tuple(c for c in self.output if c.in_report)

    @property
    def listing_columns(self) -> tuple[OutputColumn, ...]:
        """The columns of the report's shorter activity tables (``[output].listing``), in that order."""
        by_name = {c.name: c for c in self.output}
        return tuple(by_name[n] for n in self.listing if n in by_name)

    @property
    def tagged_columns(self) -> tuple[str, ...]:
        """Column order of the tagged activities table: ``[output].tagged``, then every other spec column."""
        listed = tuple(self.tagged_order)
        return listed + tuple(n for n in self.names if n not in listed and n not in self.tagged_omit)


def _header_index(columns: tuple[Column, ...]) -> Mapping[str, str]:
    """Normalised header spelling -> canonical column name; an ambiguous spelling is an error."""
    index: dict[str, str] = {}
    for column in columns:
        for key in column.match_keys:
            other = index.setdefault(key, column.name)
            if other != column.name:
                raise ConfigError(f"activity spec: '{key}' names both {other} and {column.name}")
    return MappingProxyType(index)


def _column(raw: Mapping[str, Any], vocabularies: Mapping[str, Vocabulary]) -> Column:
    name = str(raw.get("name", ""))
    for key in ("name", "label", "type", "requirement", "help", "example"):
        if not raw.get(key):
            raise ConfigError(f"activity spec: column {name or '?'} has no {key}")
    if raw["type"] not in TYPES:
        raise ConfigError(f"activity spec: column {name} has unknown type {raw['type']!r}")
    if raw["requirement"] not in REQUIREMENTS:
        raise ConfigError(f"activity spec: column {name} has unknown requirement {raw['requirement']!r}")
    vocab = raw.get("vocabulary")
    if raw["type"] == "choice" and vocab not in vocabularies:
        raise ConfigError(f"activity spec: column {name} names unknown vocabulary {vocab!r}")
    return Column(
        name=name,
        label=str(raw["label"]),
        labels=MappingProxyType({"en": str(raw["label"]), **{k: str(v) for k, v in raw.get("labels", {}).items()}}),
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
        type=str(raw["type"]),
        requirement=str(raw["requirement"]),
        help=str(raw["help"]),
        example=str(raw["example"]),
        vocabulary=str(vocab) if vocab else None,
        multi=bool(raw.get("multi", False)),
        merged=bool(raw.get("merged", False)),
        max_length=int(raw["max_length"]) if "max_length" in raw else None,
        min=int(raw["min"]) if "min" in raw else None,
        max=int(raw["max"]) if "max" in raw else None,
        warn_if_blank=bool(raw.get("warn_if_blank", False)),
        codes=MappingProxyType({str(k): str(v) for k, v in raw.get("codes", {}).items()}),
    )


def _vocabulary(name: str, raw: Mapping[str, Any]) -> Vocabulary:
    """A vocabulary: ``value = [aliases]``, or ``value = { aliases = [...], labels = { fr = ..., es = ... } }``."""
    aliases: dict[str, str] = {}
    labels: dict[str, Mapping[str, str]] = {}
    for value, entry in raw.items():
        spellings = entry.get("aliases", ()) if isinstance(entry, Mapping) else entry
        own = {str(k): str(v) for k, v in entry.get("labels", {}).items()} if isinstance(entry, Mapping) else {}
        if own:
            labels[str(value)] = MappingProxyType(own)
        for spelling in (value, *spellings, *own.values()):
            key = normalize_key(str(spelling))
            other = aliases.setdefault(key, str(value))
            if other != value:
                raise ConfigError(f"activity spec: vocabulary {name}: '{spelling}' means both {other} and {value}")
    loose: dict[str, str | None] = {}
    for key, value in aliases.items():
        if _loose(key):
            loose[_loose(key)] = value if loose.get(_loose(key), value) == value else None
    return Vocabulary(
        name,
        tuple(str(v) for v in raw),
        MappingProxyType(aliases),
        MappingProxyType(labels),
        MappingProxyType({k: v for k, v in loose.items() if v is not None}),
    )


def parse_spec(text: str) -> Spec:
    """Build a :class:`Spec` from TOML text (raises :class:`ConfigError` when it is inconsistent)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"activity spec: {exc}") from exc
    vocabularies = {k: _vocabulary(k, v) for k, v in raw.get("vocabularies", {}).items()}
    columns = tuple(_column(c, vocabularies) for c in raw.get("columns", ()))
    if len({c.name for c in columns}) != len(columns):
        raise ConfigError("activity spec: a column name is used twice")
    checks = {
        str(kind): MappingProxyType({str(k): str(v) for k, v in codes.items()})
        for kind, codes in raw.get("checks", {}).items()
    }
    derived = tuple(
        Derived(str(d["name"]), str(d.get("label", d["name"])), bool(d.get("multi", False)), str(d.get("type", "text")))
        for d in raw.get("derived", ())
    )
    bad = [d.name for d in derived if d.type not in DERIVED_TYPES]
    if bad:
        raise ConfigError(f"activity spec: derived column(s) {', '.join(bad)} have an unknown type")
    output = raw.get("output", {})
    known = {c.name for c in columns} | {d.name for d in derived}
    order = tuple(str(n) for n in output.get("tagged", ()))
    unknown = [n for n in order if n not in known]
    if unknown:
        raise ConfigError(f"activity spec: [output].tagged names unknown column(s) {', '.join(unknown)}")
    unlisted = [str(n) for n in output.get("listing", ()) if n not in known]
    if unlisted:
        raise ConfigError(f"activity spec: [output].listing names unknown column(s) {', '.join(unlisted)}")
    if "sectors" not in vocabularies:
        raise ConfigError("activity spec: the vocabulary 'sectors' is missing")
    return Spec(
        str(raw.get("version", "")),
        columns,
        MappingProxyType(vocabularies),
        _header_index(columns),
        checks=MappingProxyType(checks),
        derived=derived,
        list_separator=str(output.get("list_separator", ";")),
        tagged_order=order,
        tagged_omit=frozenset(str(n) for n in output.get("tagged_omit", ())),
        report_omit=frozenset(str(n) for n in output.get("report_omit", ())),
        listing=tuple(str(n) for n in output.get("listing", ())),
        headers=HeaderMatcher(
            {c.name: (c.label, *c.labels.values(), *c.aliases) for c in columns},
            labels={c.name: (c.label, *c.labels.values()) for c in columns},
            coded={c.name for c in columns if c.type in CODED_TYPES},
        ),
    )


def spec_text() -> str:
    """The TOML text of the activity spec shipped with the package."""
    return resources.files("itu_contrib").joinpath("schemas").joinpath("activity.toml").read_text(encoding="utf-8")


@cache
def load_spec() -> Spec:
    """The activity spec shipped with the package (``schemas/activity.toml``)."""
    return parse_spec(spec_text())
