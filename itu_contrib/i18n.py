"""Languages: one translator per language, read from the gettext catalogues shipped in the package.

A :class:`Language` is a value passed down to whatever writes text for people (messages, template, report),
the way a :class:`~itu_contrib.rules.Config` is: nothing here changes process-wide state. English is the
source language (the message ids); every other language is one catalogue,
``itu_contrib/locale/<code>/LC_MESSAGES/itu_contrib.mo``, compiled from the ``.po`` file beside it. Adding a
language is adding a catalogue: the text direction (``rtl`` for Arabic) and the formats of dates, numbers and
lists come from Babel's locale data.

>>> fr = language("fr")
>>> fr.gettext("Column"), fr.direction, fr.list(["a", "b", "c"])
('Colonne', 'ltr', 'a, b et c')
>>> language("es").number(1234.5)
'1.234,5'
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from .errors import ArgumentError

if TYPE_CHECKING:
    from .spec import Spec

__all__ = [
    "AL_TITLE",
    "DOMAIN",
    "GOAL_SHORT",
    "GOAL_TITLE",
    "INDICATOR_TEXT",
    "LOCALIZED",
    "N_",
    "ORGANIZATION",
    "PLAN",
    "RING",
    "RING_DESCRIPTION",
    "ROLE",
    "SOURCE",
    "TARGET_TEXT",
    "Choice",
    "ColumnLabel",
    "Language",
    "Listed",
    "Number",
    "Plural",
    "Text",
    "UnknownLanguageError",
    "available",
    "from_catalogue",
    "install",
    "language",
    "render_value",
]

#: The gettext domain: the catalogue file name.
DOMAIN = "itu_contrib"
#: The source language: message ids are English.
SOURCE = "en"

# Message contexts of reference names (the same English text may be a goal's name and an action line's title).
AL_TITLE = "WSIS action line title"
GOAL_TITLE = "SDG goal title"
GOAL_SHORT = "SDG goal short name"
TARGET_TEXT = "SDG target"
INDICATOR_TEXT = "SDG indicator"
ROLE = "ITU role"
RING = "SDG ring"
RING_DESCRIPTION = "SDG ring description"
PLAN = "ITU strategic plan"
ORGANIZATION = "UN organization"


class UnknownLanguageError(ArgumentError, ValueError):
    """A language code there is no catalogue for."""


class _Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def pgettext(self, context: str, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


@dataclass(frozen=True)
class Language:
    """A language to write in: its code, its translations and its Babel locale (formats, direction)."""

    code: str
    translations: _Translations = field(repr=False, compare=False)
    locale: Locale = field(repr=False, compare=False)

    @property
    def direction(self) -> str:
        """``rtl`` for a right-to-left script (Arabic), else ``ltr``: the HTML ``dir`` attribute."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def gettext(self, message: str) -> str:
        """``message`` (an English message id) in this language."""
        return self.translations.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` in this language, where ``context`` tells apart two meanings of one English text."""
        return self.translations.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural form, as this language's plural rule says for ``n``."""
        return self.translations.ngettext(singular, plural, n)

    def format(self, message: str, /, **values: object) -> str:
        """``message`` translated, then filled with ``values`` (each rendered in this language)."""
        return self.gettext(message).format_map(_Fill({k: render_value(v, self) for k, v in values.items()}))

    def list(self, items: Iterable[str], style: str = "standard") -> str:
        """Items joined as a sentence names them: 'a, b and c', 'a, b et c', 'a, b y c'."""
        return format_list(list(items), style=style, locale=self.locale)  # type: ignore[arg-type]

    def number(self, value: float, *, decimals: int | None = None) -> str:
        """A number in this language's notation (grouping, decimal sign)."""
        if decimals is None:
            return format_decimal(value, locale=self.locale)
        return format_decimal(value, format=f"#,##0.{'0' * decimals}" if decimals else "#,##0", locale=self.locale)

    def date(self, day: dt.date, style: str = "long") -> str:
        """A date as this language writes it (``long``: 15 March 2025, 15 mars 2025)."""
        return format_date(day, format=style, locale=self.locale)


class _Fill(dict[str, object]):
    """Template values; a missing one shows as empty rather than failing the run."""

    def __missing__(self, key: str) -> str:
        return ""


def N_(message: str) -> str:
    """``message`` itself: marks a text for the catalogues where it is translated later (section headings)."""
    return message


# -- values that are themselves written in a language ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A translatable piece of a message (its English text is the message id), with values of its own.

    >>> Text.of("Did you mean '{value}'? ", value="ITU-D").render(language("fr"))
    'Vouliez-vous dire « ITU-D » ? '
    """

    message: str
    values: tuple[tuple[str, object], ...] = ()
    context: str | None = None

    @classmethod
    def of(cls, message: str, /, *, context: str | None = None, **values: object) -> Text:
        """A piece with named values."""
        return cls(message, tuple(values.items()), context)

    def render(self, lang: Language) -> str:
        """The piece in ``lang``, its values filled."""
        text = lang.pgettext(self.context, self.message) if self.context else lang.gettext(self.message)
        return text.format_map(_Fill({k: render_value(v, lang) for k, v in self.values}))

    def __str__(self) -> str:
        return self.render(language(SOURCE))


@dataclass(frozen=True, slots=True)
class Listed:
    """Items named in a sentence: 'a' / 'a' and 'b' / 'a', 'b' and 'c', in the language's words.

    Items may be translatable values themselves; ``quoted`` puts each in the language's quotes; ``style`` is
    ``standard`` (Babel's: the last joined with "and", "et", "y"), ``unit`` (commas), ``semicolon`` or ``lines``
    (one item a line).

    >>> Listed(("C13", "C14")).render(language("en")), Listed(("C13", "C14")).render(language("es"))
    ("'C13' and 'C14'", '«C13» y «C14»')
    """

    items: tuple[object, ...]
    quoted: bool = True
    style: str = "standard"

    def render(self, lang: Language) -> str:
        """The items joined in ``lang``."""
        shown = [render_value(item, lang) for item in self.items]
        if self.quoted:
            shown = [lang.gettext("'{value}'").format(value=item) for item in shown]
        if self.style in _SEPARATORS:  # Babel's "unit" lists lack some locales' patterns: a plain separator
            return _SEPARATORS[self.style].join(shown)
        return lang.list(shown, self.style) if shown else ""

    def __str__(self) -> str:
        return self.render(language(SOURCE))


@dataclass(frozen=True, slots=True)
class ColumnLabel:
    """The label of an activity column, as the spec names it in each language."""

    name: str

    def render(self, lang: Language) -> str:
        """The column's label in ``lang``."""
        return _load_spec()().label(self.name, lang.code)

    def __str__(self) -> str:
        return self.render(language(SOURCE))


@dataclass(frozen=True, slots=True)
class Choice:
    """A value of a controlled vocabulary (a sector, a status), as the template's dropdown writes it in a language."""

    vocabulary: str
    value: str

    def render(self, lang: Language) -> str:
        """The value in ``lang``."""
        return _load_spec()().vocabularies[self.vocabulary].label(self.value, lang.code)

    def __str__(self) -> str:
        return self.render(language(SOURCE))


@cache
def _load_spec() -> Callable[[], Spec]:
    """:func:`itu_contrib.spec.load_spec`, imported on first use only.

    An import statement per label rendered cost more than the label, and a run can render a hundred thousand.
    """
    from .spec import load_spec

    return load_spec


@dataclass(frozen=True, slots=True)
class Number:
    """A number written in the language's notation (grouping, decimal sign): 1,234.5 / 1 234,5 / 1.234,5."""

    value: float
    decimals: int | None = None

    def render(self, lang: Language) -> str:
        """The number in ``lang`` (with ``decimals`` digits after the decimal sign when given)."""
        return lang.number(self.value, decimals=self.decimals)

    def __str__(self) -> str:
        return self.render(language(SOURCE))


@dataclass(frozen=True, slots=True)
class Plural:
    """A translatable piece with a count: its singular or plural form as the language's plural rule says.

    ``{n}`` is the count in the language's notation; other values are filled as in :class:`Text`.

    >>> Plural("{n} row", "{n} rows", 2000).render(language("fr"))
    '2\u202f000 lignes'
    """

    singular: str
    plural: str
    n: int
    values: tuple[tuple[str, object], ...] = ()

    def render(self, lang: Language) -> str:
        """The piece in ``lang``, its count and values filled."""
        fill = _Fill({k: render_value(v, lang) for k, v in self.values})
        fill["n"] = lang.number(self.n)
        return lang.ngettext(self.singular, self.plural, self.n).format_map(fill)

    def __str__(self) -> str:
        return self.render(language(SOURCE))


_SEPARATORS = {"unit": ", ", "semicolon": "; ", "lines": "\n"}

#: The kinds of template value that are written in a language.
LOCALIZED = (Text, Listed, ColumnLabel, Choice, Number, Plural)


def render_value(value: object, lang: Language) -> str:
    """A template value as text in ``lang``: translatable values are translated, others shown as they are.

    Translatable values are those of :data:`LOCALIZED` and any other value with a ``render(lang)`` method (a
    problem's message, :class:`itu_contrib.rules.Message`).
    """
    if isinstance(value, LOCALIZED):
        return value.render(lang)
    render = getattr(value, "render", None)
    if callable(render) and not isinstance(value, str | int | float):
        return str(render(lang))
    return "" if value is None else str(value)


# -- catalogues -------------------------------------------------------------------------------------------------


def _locale_dir() -> Any:
    return resources.files("itu_contrib").joinpath("locale")


@cache
def available() -> tuple[str, ...]:
    """The languages there is a catalogue for, English (the source) first.

    >>> available()
    ('en', 'es', 'fr')
    """
    found = sorted(
        entry.name
        for entry in _locale_dir().iterdir()
        if entry.is_dir() and entry.joinpath("LC_MESSAGES", f"{DOMAIN}.mo").is_file()
    )
    return (SOURCE, *(code for code in found if code != SOURCE))


def from_catalogue(code: str, catalogue: bytes | None) -> Language:
    """A language from compiled catalogue bytes (``.mo``); None gives the message ids themselves (English).

    This is how a catalogue not shipped with the package (a test's, a new language being written) is used.
    """
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (ValueError, TypeError) as exc:
        raise UnknownLanguageError(f"unknown language {code!r}: {exc}") from exc
    if catalogue is None:
        return Language(code, _gettext.NullTranslations(), locale)
    import io

    return Language(code, _gettext.GNUTranslations(io.BytesIO(catalogue)), locale)


@cache
def _shipped(code: str) -> Language:
    if code == SOURCE:
        return from_catalogue(SOURCE, None)
    path = _locale_dir().joinpath(code, "LC_MESSAGES", f"{DOMAIN}.mo")
    return from_catalogue(code, path.read_bytes())


def language(lang: str | Language | None = None) -> Language:
    """The :class:`Language` of a code shipped with the package (``en``, ``fr``, ``es``); None is English.

    A :class:`Language` passes through, so functions take either. An unknown code raises
    :class:`~itu_contrib.errors.ArgumentError` naming the languages there are.
    """
    if isinstance(lang, Language):
        return lang
    if lang is None:
        return _shipped(SOURCE)
    if not isinstance(lang, str) or lang not in available():
        raise UnknownLanguageError(f"unknown language {lang!r}: choose one of {', '.join(available())}")
    return _shipped(lang)


def template_environment(lang: Language) -> Any:
    """A Jinja environment of the package's templates (``itu_contrib/templates``) in ``lang``.

    Autoescaped, strict about undefined names, and with ``{% trans %}`` blocks trimmed as ``scripts/messages.py``
    extracts them, so every message id a template uses is the one in the catalogues. The report and the web pages
    add their own filters and settings to it.
    """
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("itu_contrib", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    return install(env, lang)


def install(env: Any, lang: Language) -> Any:
    """Give a Jinja environment made with the ``jinja2.ext.i18n`` extension the words and formats of ``lang``.

    Templates then use ``{% trans %}``, ``_()``, ``pgettext()`` and ``ngettext()``, the globals ``lang`` (the code)
    and ``dir`` (``ltr``/``rtl``), and the filters ``number`` and ``date``. An environment holds one language:
    make one per language (never install another language into a shared one).

    >>> from jinja2 import DictLoader, Environment
    >>> env = install(Environment(loader=DictLoader({"t": "{{ _('Column') }} {{ 1234.5|number }}"}),
    ...                           extensions=["jinja2.ext.i18n"]), language("fr"))
    >>> env.get_template("t").render()
    'Colonne 1\u202f234,5'
    """
    env.install_gettext_translations(lang.translations, newstyle=True)
    env.globals.update(lang=lang.code, dir=lang.direction)
    env.filters.update(number=lang.number, date=lang.date)
    return env


def translate_mapping(values: Mapping[str, object], lang: Language) -> dict[str, str]:
    """Every value of a template mapping rendered in ``lang``."""
    return {k: render_value(v, lang) for k, v in values.items()}
