"""The activity spec (``schemas/activity.toml``): one declarative description of every column."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from .errors import ConfigError

TYPES = frozenset({"text", "integer", "date", "url", "choice", "action_lines", "sdgs", "countries", "list"})
REQUIREMENTS = ("required", "recommended", "optional")
LANGUAGES = ("en", "fr", "es")
#: Types of the columns the tagger derives ([output.derived]); ``goals`` holds SDG numbers.
OUTPUT_TYPES = frozenset({"text", "integer", "date", "list", "goals"})

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
class Vocabulary:
    """A controlled list of values with the other spellings people use for each."""

    name: str
    values: tuple[str, ...]
    aliases: Mapping[str, str]

    def canonical(self, text: str) -> str | None:
        """The canonical value ``text`` spells, or None.

        >>> load_spec().vocabularies["sectors"].canonical("bdt")
        'ITU-D'
        """
        return self.aliases.get(normalize_key(text))


@dataclass(frozen=True, slots=True)
class OutputColumn:
    """One column of the tagged activities table: a spec column or one the tagger derives."""

    name: str
    label: str
    type: str
    multi: bool = False
    derived: bool = False
    in_report: bool = True


@dataclass(frozen=True, slots=True)
class Spec:
    """The whole activity spec: its columns in order, its vocabularies and the tagged table's columns."""

    version: str
    columns: tuple[Column, ...]
    vocabularies: Mapping[str, Vocabulary]
    header_index: Mapping[str, str]
    output: tuple[OutputColumn, ...] = ()

    @property
    def output_names(self) -> tuple[str, ...]:
        """The tagged activities table's column names, in output order."""
        return tuple(c.name for c in self.output)

    @property
    def report_columns(self) -> tuple[OutputColumn, ...]:
        """The tagged columns the report's activity table shows, in output order."""
        return tuple(c for c in self.output if c.in_report)

    def values_of(self, name: str) -> tuple[str, ...]:
        """The canonical values of a choice column's vocabulary, in the spec's order (``sector``: the sectors).

        >>> load_spec().values_of("sector")
        ('ITU-R', 'ITU-T', 'ITU-D', 'GS')
        """
        vocabulary = self[name].vocabulary
        return self.vocabularies[vocabulary].values if vocabulary else ()

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
        """The canonical column a header cell names, or None.

        >>> load_spec().match_header("Fecha de inicio")
        'start_date'
        >>> load_spec().match_header("WSIS Action Line(s)")
        'action_lines'
        >>> load_spec().match_header("  wsis ACTION lines ")
        'action_lines'
        """
        if header is None:
            return None
        return self.header_index.get(normalize_key(str(header)))

    def label(self, name: str, lang: str = "en") -> str:
        """The display label of a column, a derived column's label, or the name itself for other columns."""
        try:
            return self[name].label_in(lang)
        except KeyError:
            pass
        for column in self.output:
            if column.name == name:
                return column.label
        return name


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
    )


def _vocabulary(name: str, raw: Mapping[str, Any]) -> Vocabulary:
    aliases: dict[str, str] = {}
    for value, spellings in raw.items():
        for spelling in (value, *spellings):
            key = normalize_key(str(spelling))
            other = aliases.setdefault(key, str(value))
            if other != value:
                raise ConfigError(f"activity spec: vocabulary {name}: '{spelling}' means both {other} and {value}")
    return Vocabulary(name, tuple(str(v) for v in raw), MappingProxyType(aliases))


def _output_type(column: Column) -> str:
    if column.type in {"date", "integer"}:
        return column.type
    return "list" if column.multi else "text"


def _output(raw: Mapping[str, Any], columns: tuple[Column, ...]) -> tuple[OutputColumn, ...]:
    """The tagged table's columns: ``order``, then spec columns no derived column is made from."""
    by_name = {c.name: c for c in columns}
    derived = raw.get("derived", {})
    hidden = set(raw.get("not_in_report", ()))
    order = [str(n) for n in raw.get("order", ())]
    sources = {str(d.get("from")) for d in derived.values() if d.get("from")}
    order += [c.name for c in columns if c.name not in order and c.name not in sources]
    out: list[OutputColumn] = []
    for name in order:
        if name in derived:
            d = derived[name]
            if d.get("type") not in OUTPUT_TYPES:
                raise ConfigError(f"activity spec: derived column {name} has unknown type {d.get('type')!r}")
            out.append(
                OutputColumn(
                    name, str(d.get("label", name)), str(d["type"]), bool(d.get("multi")), True, name not in hidden
                )
            )
        elif name in by_name:
            c = by_name[name]
            out.append(OutputColumn(name, c.label, _output_type(c), c.multi, False, name not in hidden))
        else:
            raise ConfigError(f"activity spec: output column {name} is neither a column nor a derived column")
    if len(set(order)) != len(order):
        raise ConfigError("activity spec: an output column is listed twice")
    return tuple(out)


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
    output = _output(raw.get("output", {}), columns)
    return Spec(str(raw.get("version", "")), columns, MappingProxyType(vocabularies), _header_index(columns), output)


def spec_text() -> str:
    """The TOML text of the activity spec shipped with the package."""
    return resources.files("itu_contrib").joinpath("schemas").joinpath("activity.toml").read_text(encoding="utf-8")


@cache
def load_spec() -> Spec:
    """The activity spec shipped with the package (``schemas/activity.toml``)."""
    return parse_spec(spec_text())
