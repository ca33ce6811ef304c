"""Parse WSIS Action Line and SDG codes out of free-text spreadsheet cells."""

from __future__ import annotations

import math
import numbers
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import NamedTuple

from .i18n import AL_TITLE, SOURCE, available, language
from .reference import Reference, load_reference
from .spec import normalize_key

#: Distinct cell texts whose parse is remembered, per column kind and reference data: enough for a year's
#: submissions; ``validate`` keeps its own parse of every distinct cell of a run, for as long as it runs.
CACHE_SIZE = 1 << 12
#: Lowest difflib similarity for a "did you mean" hint.
SUGGEST_CUTOFF = 0.6
#: Similarity above which a misspelt title still counts as the title of the code written before it.
TITLE_CUTOFF = 0.85
#: Most list pieces re-joined when looking for a title that contains separators.
MAX_JOIN = 12

# --- splitting --------------------------------------------------------------------------------------------------

# A bullet or list number at the start of a line ("- C2", "* C2", "1) C2", "2. C5", "a) C7").
_BULLET = r"^[ \t]*(?:[-*>\u2013\u2014]+|\(?\d{1,2}[.)]|\(?[a-z]\))[ \t]+"
# Hard separators end an item for sure; soft ones ("and", brackets) may also sit inside a title.
_HARD = r"[,;/|\n\r\t\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043]+"
_SOFT = r"\s+(?:and|et|y|&|\+)\s+|[&+()\[\]{}]"
_SEPARATOR = re.compile(f"(?P<hard>{_BULLET}|{_HARD})|(?P<soft>{_SOFT})", re.IGNORECASE | re.MULTILINE)


HARD, SOFT, BRACKET = "hard", "soft", "bracket"


def _segments(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Spans of the list pieces of ``text`` and, between neighbours, the strongest separator parting them."""
    spans: list[tuple[int, int]] = []
    gaps: list[str] = []
    gap = SOFT
    pos = 0
    for match in (*_SEPARATOR.finditer(text), None):
        start, end = pos, match.start() if match is not None else len(text)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            if spans:
                gaps.append(gap)
            spans.append((start, end))
            gap = SOFT
        if match is None:
            break
        if match.group("hard"):
            gap = HARD
        elif gap == SOFT and match.group().strip() in "()[]{}":
            gap = BRACKET
        pos = match.end()
    return spans, gaps


def split_list(text: str) -> list[str]:
    r"""Split a multi-valued cell into its pieces, stripped, without bullets or list numbers.

    Separators are ``, ; / |``, new lines, bullets, brackets, ``&``, ``+`` and the words
    "and", "et", "y". The parsers re-join pieces when together they spell one title
    ("Cultural diversity and identity, linguistic diversity and local content").

    >>> split_list("• C2\n• C5 and C7 (e-health)")
    ['C2', 'C5', 'C7', 'e-health']
    """
    spans, _ = _segments(str(text))
    return [str(text)[start:end] for start, end in spans]


# --- folding ----------------------------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^a-z0-9]+")
_PLURAL = re.compile(r"\(s\)", re.IGNORECASE)
_NOT_WORD_OR_DOT = re.compile(r"[^a-z0-9.]+")
_NOT_WORD_DOT_OR_DASH = re.compile(r"[^a-z0-9.\-\u2013\u2014]+")
_DOT_RUN = re.compile(r"\.{2,}")
_PLACEHOLDER = re.compile(
    r"n a|na|none|nil|null|not applicable|non applicable|sans objet|no aplica|ninguno|ninguna|aucun|aucune|tbd|tbc|s o"
)


def _fold(text: str) -> str:
    """:func:`~itu_contrib.spec.normalize_key`, with a fast path giving the same result for ASCII text."""
    if text.isascii():
        return _NON_WORD.sub(" ", _PLURAL.sub("s", text).casefold()).strip()
    return normalize_key(text)


def _ascii(text: str) -> str:
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _dot_fold(text: str) -> str:
    """Like normalize_key but keeping dots, which tell target 9.1 from the list "9 1"."""
    return _DOT_RUN.sub(" ", _NOT_WORD_OR_DOT.sub(" ", _ascii(text))).strip(" .")


def _dash_fold(text: str) -> str:
    """Like normalize_key but keeping dashes and dots, for ranges such as "C1-C3" (never "1.a.2")."""
    return " ".join(_NOT_WORD_DOT_OR_DASH.sub(" ", _ascii(text)).split()).strip(" .")


def _compact(fold: str) -> str:
    return fold.replace(" ", "")


def _cell_text(value: object) -> str:
    """The text of a cell value: blanks and NaN give "", 9.0 gives "9", 9.1 gives "9.1"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return ""
        if math.isinf(number):
            return str(number)
        return str(int(number)) if number.is_integer() else repr(number)
    if type(value).__name__ in {"NAType", "NaTType"}:  # pandas.NA, pandas.NaT
        return ""
    return str(value)


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """A regex finding any of the folded ``phrases`` as whole words, with or without their inner spaces."""
    alternatives = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not alternatives:
        return re.compile(r"(?!x)x")
    body = "|".join(r"\s?".join(re.escape(word) for word in p.split()) for p in alternatives)
    return re.compile(rf"\b(?:{body})\b")


def _best(query: str, candidates: Iterable[tuple[str, str]], cutoff: float = SUGGEST_CUTOFF) -> str | None:
    """The code of the candidate spelling most similar to ``query`` (ties go to the earliest), or None."""
    if not query:
        return None
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(query)
    best_code: str | None = None
    best_score = cutoff
    for spelling, code in candidates:
        matcher.set_seq1(spelling)
        if matcher.real_quick_ratio() < best_score or matcher.quick_ratio() < best_score:
            continue
        score = matcher.ratio()
        if score > best_score or (best_code is None and score >= best_score):
            best_code, best_score = code, score
    return best_code


def _similar(a: str, b: str, cutoff: float) -> bool:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff


TIGHT, LOOSE = 0, 1


def _describes(rest: str, own: tuple[str, ...], foreign: bool, lenient: bool) -> int | None:
    """How the text ``rest`` written after a code describes it: TIGHT, LOOSE, or None when it does not.

    TIGHT: nothing, or the code's title (``own``, compact), maybe cut short or, unless it names another
    item (``foreign``), misspelt. LOOSE: any other description, accepted only when ``lenient``.
    """
    if not rest:
        return TIGHT
    compact = _compact(rest)
    if any(compact == key or (len(compact) >= 6 and key.startswith(compact)) for key in own):
        return TIGHT
    if foreign:
        return None
    # a misspelt title, maybe across commas ("Industry, inovation and infrastructure"), about as long as the title
    if any(
        abs(len(compact) - len(key)) <= max(2, len(key) // 10) and _similar(compact, key, TITLE_CUTOFF) for key in own
    ):
        return TIGHT
    return LOOSE if lenient else None


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# --- action line patterns ---------------------------------------------------------------------------------------

# "AL C5", and in Spanish "LA C5" (linea de accion) and French "GO C5" (grande orientation).
_AL_MARKER = (
    r"(?:wsis\s?)?(?:(?:action\s+lines?|lignes?\s+d\s+action|grandes?\s+orientations?(?:\s+du\s+smsi)?"
    r"|lineas?\s+de\s+accion(?:\s+de\s+la\s+cmsi)?|als?|las?|go)\s?)?"
)
_AL_HEAD = re.compile(
    rf"(?P<marker>{_AL_MARKER})(?P<c>c\s?o?\s?)?0*(?P<n>\d{{1,2}})(?!\d)(?:\s(?P<sub>\d{{1,2}})(?!\d))?\s?(?P<rest>.*)"
)
_AL_RANGE = re.compile(rf"{_AL_MARKER}c\s?0?(\d{{1,2}})\s?(?:-|\u2013|\u2014|to|a|au|al)\s?c\s?0?(\d{{1,2}})")
_AL_RANGE_HINT = re.compile(r"c\s?0?\d{1,2}\s(?:(?:to|a|au|al)\s)?c\s?0?\d{1,2}$")
_AL_TRAILING_CODE = re.compile(r"\s(?:wsis\s)?(?:al\s?)?c\s?o?\s?0*(?P<n>\d{1,2})(?:\s(?P<sub>\d))?$")
# Words in the text after a code that announce another item rather than describe this one.
_AL_FOREIGN = re.compile(r"\b(?:c\s?o?\s?0*\d{1,2}|al\s?\d{1,2}|\d{1,2}|sdgs?|goals?|odds?|ods|targets?)\b")
# After "C7", a word that tries to name an e-sub-line ("e-banking", "cyber...", "eBanking").
_E_LINE_ATTEMPT = re.compile(r"(?:e\s|cyber|ciber|tele)|e[a-z]{2,12}$")


def _aliases() -> tuple[Mapping[str, tuple[str, ...]], Mapping[str, tuple[str, ...]]]:
    """Other names of C7's sub-lines and of parent lines, in French, Spanish and English (``data/aliases.toml``)."""
    raw = tomllib.loads(resources.files("itu_contrib").joinpath("data", "aliases.toml").read_text(encoding="utf-8"))

    def table(key: str) -> Mapping[str, tuple[str, ...]]:
        return MappingProxyType({str(k): tuple(str(v) for v in vs) for k, vs in raw.get(key, {}).items()})

    return table("sub_lines"), table("parent_lines")


_SUB_LINE_ALIASES, _PARENT_ALIASES = _aliases()


def _translated(title: str) -> tuple[str, ...]:
    """An action line's title in every language there is a catalogue for: the names the template shows are read back."""
    return tuple(language(code).pgettext(AL_TITLE, title) for code in available() if code != SOURCE)


# --- SDG patterns -----------------------------------------------------------------------------------------------

_SDG_PREFIX = (
    r"(?P<prefix>(?:(?:un\s)?(?:sdgs?|odds?|ods|global\s+goals?|sustainable\s+development\s+goals?"
    r"|objectifs?(?:\s+de\s+developpement\s+durable)?|objetivos?(?:\s+de\s+desarrollo\s+sostenible)?)\s?)?"
    r"(?:(?:goals?|targets?|indicators?|cibles?|metas?|indicateurs?|indicadores?)\s?)?"
    r"(?:(?:no|nr|num|number)\.?\s?)?)"
)
_SDG_HEAD = re.compile(
    _SDG_PREFIX + r"0?(?P<g>\d{1,2})"
    r"(?:(?:\.|\s(?=[a-z](?:$|\.?\d)))?(?P<tl>[a-z])(?:\.?(?P<il>\d{1,2}))?"
    r"|\.(?P<tn>\d{1,2})(?:\.(?P<in>\d{1,2}))?)?"
    r"(?=$|\s|\.(?:\s|$))\.?\s?(?P<rest>.*)"
)
_SDG_RANGE = re.compile(_SDG_PREFIX + r"(?P<a>\d{1,2})\s?(?:-|\u2013|\u2014|to|a|au|al)\s?(?P<b>\d{1,2})")
_SDG_RANGE_HINT = re.compile(r"\d{1,2}\s(?:(?:to|a|au|al)\s)?\d{1,2}$")
_ALL_GOALS = re.compile(
    r"(?:all|tous|toutes|todos|todas)(?:\s(?:the|of\s+the|les|los|las|des|de\s+los))?(?:\s17)?"
    r"\s(?:sdgs?|goals?|odds?|ods|objectifs?|objetivos?|sustainable\s+development\s+goals?)(?:\s17)?"
)
_SDG_TRAILING_CODE = re.compile(r"\s(?:(?:sdgs?|goals?|odds?|ods|objectifs?|objetivos?)\s?)?(?:no\s)?0?(?P<g>\d{1,2})$")
_SDG_FOREIGN = re.compile(
    r"\b(?:\d{1,2}|sdgs?|goals?|targets?|indicators?|odds?|ods|objectifs?|objetivos?|c\s?0*\d{1,2})\b"
)

GOAL, TARGET, INDICATOR, ALL, ACTION_LINE = "goal", "target", "indicator", "all", "action_line"


class _Hit(NamedTuple):
    """What one piece (or run of re-joined pieces) of a cell spells."""

    items: tuple[tuple[str, str], ...]  # (kind, canonical code)
    explicit: bool  # written with a marker ("SDG", "C", a title), not a bare number
    loose: int = TIGHT  # LOOSE when free description follows the code


# --- results ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedActionLines:
    """The WSIS Action Lines one cell names, and the pieces that are not action lines."""

    codes: tuple[str, ...]
    unknown: tuple[str, ...]
    suggestions: Mapping[str, str]
    misplaced: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when every piece of the cell is an action line."""
        return not self.unknown and not self.misplaced


@dataclass(frozen=True, slots=True)
class ParsedSdgs:
    """The SDG goals, targets and indicators one cell names, and the pieces that are not SDG codes."""

    goals: tuple[int, ...]
    declared_goals: tuple[int, ...]
    targets: tuple[str, ...]
    indicators: tuple[str, ...]
    unknown: tuple[str, ...]
    suggestions: Mapping[str, str]
    misplaced: tuple[str, ...]
    all_goals: bool

    @property
    def ok(self) -> bool:
        """True when every piece of the cell is an SDG code."""
        return not self.unknown and not self.misplaced


_NO_SUGGESTIONS: Mapping[str, str] = MappingProxyType({})
_EMPTY_AL = ParsedActionLines((), (), _NO_SUGGESTIONS, ())
_EMPTY_SDGS = ParsedSdgs((), (), (), (), (), _NO_SUGGESTIONS, (), False)


# --- the parser -------------------------------------------------------------------------------------------------


class _Parser:
    """Lookup tables built once from the reference data, and the cached parsers over them."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        lines = reference.action_lines
        self.main_codes = frozenset(a.code for a in lines.values() if a.parent is None)
        self.parent_of = {a.code: a.parent for a in lines.values()}
        self.by_numeric = {a.numeric_code: a.code for a in lines.values() if a.numeric_code}
        self.subs = {p: tuple(a.code for a in lines.values() if a.parent == p) for p in self.main_codes}
        self.subs = {p: s for p, s in self.subs.items() if s}

        self.parent_prefixes: dict[str, tuple[str, ...]] = {}
        for main in self.subs:
            line = lines[main]
            spellings = (line.title, line.official_title, *_translated(line.title), *_PARENT_ALIASES.get(main, ()))
            self.parent_prefixes[main] = tuple(sorted({_fold(n) for n in spellings}, key=len, reverse=True))

        self.sub_alias: dict[str, str] = {}  # folded and compact names of the sub-lines -> code
        own: dict[str, set[str]] = {code: set() for code in lines}  # compact titles the text after a code may be
        titles: dict[str, str] = {}  # compact title -> code
        fuzzy: list[tuple[str, str]] = []  # (folded spelling, code) in reference order, for "did you mean"
        for line in lines.values():
            code = line.code
            fuzzy.append((_fold(code), code))
            if line.numeric_code:
                fuzzy.append((_fold(line.numeric_code), code))
            folds = {_fold(line.title), _fold(line.official_title), *(_fold(t) for t in _translated(line.title))}
            if line.parent is not None:
                suffix = code.split(".", 1)[1]
                names = (line.official_title, suffix, *_translated(line.title), *_SUB_LINE_ALIASES.get(suffix, ()))
                own_names = {_fold(n) for n in names}
                for fold in own_names:
                    self.sub_alias.setdefault(fold, code)
                    self.sub_alias.setdefault(_compact(fold), code)
                folds |= own_names
            elif code in self.parent_prefixes:
                folds |= set(self.parent_prefixes[code])
            folds |= {fold.removeprefix("the ") for fold in folds}
            fuzzy.extend((fold, code) for fold in sorted(folds))
            if line.parent is not None:  # "ICT applications: E-health", "ICT applications - e-santé" ...
                folds |= {f"{prefix} {name}" for prefix in self.parent_prefixes[line.parent] for name in own_names}
            for fold in folds:
                titles.setdefault(_compact(fold), code)
                own[code].add(_compact(fold))
        for child, parent in self.parent_of.items():
            if parent is not None:
                own[child] |= own[parent]
        self.al_titles = titles
        self.al_own = {code: tuple(sorted(keys)) for code, keys in own.items()}
        self.al_fuzzy = tuple(dict.fromkeys(fuzzy))
        self.sub_fuzzy = tuple((fold, code) for fold, code in self.sub_alias.items() if " " in fold or len(fold) > 2)
        short_forms: dict[str, set[str]] = {}
        for alias, code in self.sub_alias.items():
            for end in range(4, len(alias) + 1 if " " not in alias else 0):
                short_forms.setdefault(alias[:end], set()).add(code)
        self.sub_prefix = {short: codes.pop() for short, codes in short_forms.items() if len(codes) == 1}
        # after an explicit "C7", the sub-line's name without its "e-" ("C7 - Health") is clear enough
        stems = {_fold(lines[c].official_title).removeprefix("e "): c for c in self.sub_alias.values()}
        self.sub_stems = stems
        self.sub_words = max(len(name.split()) for name in (*self.sub_alias, *stems))
        mention = {fold: code for fold, code in fuzzy if len(_compact(fold)) >= 7 and not _AL_HEAD.fullmatch(fold)}
        self.al_mention_code = {_compact(fold): code for fold, code in mention.items()}
        self.al_mention_code_folds = tuple(mention)

        goals = reference.goals
        self.goal_titles: dict[str, int] = {}
        self.goal_own: dict[int, tuple[str, ...]] = {}
        goal_fuzzy: list[tuple[str, str]] = []
        for goal in goals.values():
            keys = []
            for name in (goal.short_name, goal.title):
                fold = _fold(name)
                self.goal_titles.setdefault(_compact(fold), goal.number)
                keys.append(_compact(fold))
                goal_fuzzy.append((fold, str(goal.number)))
            self.goal_own[goal.number] = tuple(keys)
        self.goal_fuzzy = tuple(goal_fuzzy)
        self.goal_mention_code = {_compact(_fold(g.short_name)): g.number for g in goals.values()}
        self.target_order = {code: i for i, code in enumerate(reference.targets)}
        self.goal_set = frozenset(reference.goals)
        self.indicator_order = {code: i for i, code in enumerate(reference.indicators)}

        self.parse_action_lines: Callable[[str], ParsedActionLines] = lru_cache(maxsize=CACHE_SIZE)(self._parse_al)
        self.parse_action_line_cell: Callable[[str], ParsedActionLines] = lru_cache(maxsize=CACHE_SIZE)(
            self._parse_al_cell
        )
        self.parse_sdg_cell: Callable[[str], ParsedSdgs] = lru_cache(maxsize=CACHE_SIZE)(self._parse_sdg_cell)
        self.parse_sdgs: Callable[[str], ParsedSdgs] = lru_cache(maxsize=CACHE_SIZE)(self._parse_sdgs)
        self.match_al: Callable[[str, bool], _Hit | None] = lru_cache(maxsize=CACHE_SIZE)(self._match_al)
        self.match_sdg: Callable[[str, bool], _Hit | None] = lru_cache(maxsize=CACHE_SIZE)(self._match_sdg)

    # -- action lines: one item ----------------------------------------------------------------------------------

    def _match_al(self, raw: str, lenient: bool) -> _Hit | None:
        """The action line(s) ``raw`` names as one item, or None.

        ``lenient`` allows free text after a code ("C5 Renforcer la confiance ..."); it is off when ``raw``
        spans a hard list separator, so "C5, lorem" is not swallowed whole.
        """
        fold = _fold(raw)
        if not fold:
            return None
        rng = _AL_RANGE.fullmatch(_dash_fold(raw)) if lenient and _AL_RANGE_HINT.search(fold) else None
        if rng:
            first, last = int(rng.group(1)), int(rng.group(2))
            codes = [f"C{n}" for n in range(first, last + 1)]
            if first < last and all(c in self.main_codes for c in codes):
                return _Hit(tuple((ACTION_LINE, c) for c in codes), True)
            return None
        head = _AL_HEAD.fullmatch(fold)
        if head and (head.group("marker") or head.group("c")):
            code = self._head_code(head.group("n"), head.group("sub"))
            if code is None:
                return None
            resolved = self._resolve_rest(code, head.group("rest"), numbered=bool(head.group("sub")), lenient=lenient)
            return _Hit(((ACTION_LINE, resolved[0]),), True, resolved[1]) if resolved else None
        code = self._al_title(fold, raw)
        return _Hit(((ACTION_LINE, code),), True) if code else None

    def _head_code(self, number: str, sub: str | None) -> str | None:
        code = f"C{int(number)}"
        if code not in self.main_codes:
            return None
        if sub is not None:
            return self.by_numeric.get(f"{code}.{int(sub)}")
        return code

    def _resolve_rest(self, code: str, rest: str, *, numbered: bool, lenient: bool) -> tuple[str, int] | None:
        """The code that ``code`` followed by the free text ``rest`` means and how loosely, or None."""
        if not rest:
            return code, TIGHT
        parent = code if code in self.subs else self.parent_of.get(code)
        if parent in self.subs:
            remainder = self._strip_parent(parent, rest)
            if not remainder:
                return code, TIGHT
            found = self._sub_line_at_start(remainder) or self._sub_line_at_start(remainder, stems=True)
            if found is not None:
                sub, extra = found
                if numbered and sub != code:
                    return None  # "C7.4 e-learning": the number and the name disagree
                level = self._rest_level(sub, extra, lenient)
                return (sub, level) if level is not None else None
            if not numbered:
                short = self._sub_line_by_prefix(remainder)
                if short is not None:
                    return short, TIGHT
                if _E_LINE_ATTEMPT.match(remainder):
                    return None  # "C7 e-banking": an e-line that does not exist
        level = self._rest_level(code, rest, lenient)
        return (code, level) if level is not None else None

    def _strip_parent(self, parent: str, fold: str) -> str:
        for prefix in self.parent_prefixes[parent]:
            if fold == prefix:
                return ""
            if fold.startswith(prefix + " "):
                return fold[len(prefix) + 1 :]
        return fold

    def _sub_line_at_start(self, fold: str, *, stems: bool = False) -> tuple[str, str] | None:
        """The sub-line whose name (or, with ``stems``, name without "e-") starts ``fold``, and the text after it."""
        names = self.sub_stems if stems else self.sub_alias
        words = fold.split(" ")
        for end in range(min(len(words), self.sub_words), 0, -1):
            head = " ".join(words[:end])
            code = names.get(head) or names.get(head.replace(" ", ""))
            if code is not None:
                return code, " ".join(words[end:])
        return None

    # the two patterns take a tenth of a second to compile: only for a cell with text after its codes
    @cached_property
    def al_mention(self) -> re.Pattern[str]:
        """Any action line named in a text (see ``al_mention_code``)."""
        return _phrase_pattern(self.al_mention_code_folds)

    @cached_property
    def goal_mention(self) -> re.Pattern[str]:
        """Any goal named in a text by its short name (see ``goal_mention_code``)."""
        return _phrase_pattern(_fold(g.short_name) for g in self.reference.goals.values())

    def _sub_line_by_prefix(self, fold: str) -> str | None:
        """The one sub-line a short form such as "e-gov" or "e-agri" abbreviates."""
        return self.sub_prefix.get(_compact(fold))

    def _rest_level(self, code: str, rest: str, lenient: bool) -> int | None:
        """How ``rest`` after ``code`` describes it (see :func:`_describes`)."""
        family = {code, self.parent_of.get(code)}
        foreign = bool(_AL_FOREIGN.search(rest)) or any(
            self.al_mention_code.get(_compact(m.group()), code) not in family for m in self.al_mention.finditer(rest)
        )
        return _describes(rest, self.al_own[code], foreign, lenient)

    def _al_title(self, fold: str, raw: str) -> str | None:
        """The action line a title, sub-line name or "title (code)" names."""
        code = self._al_title_only(fold, raw)
        if code is not None:
            return code
        trailing = _AL_TRAILING_CODE.search(fold)
        if trailing:
            named = self._al_title_only(fold[: trailing.start()], raw)
            said = self._head_code(trailing.group("n"), trailing.group("sub"))
            if named is not None and said is not None and said in (named, self.parent_of.get(named)):
                return named
        return None

    def _al_title_only(self, fold: str, raw: str) -> str | None:
        compact = _compact(fold)
        code = self.al_titles.get(compact) or self.al_titles.get(_compact(fold.removeprefix("the ")))
        if code is not None:
            return code
        for parent in self.parent_prefixes:
            remainder = self._strip_parent(parent, fold)
            if remainder != fold:
                found = self._sub_line_at_start(remainder)
                if found is not None and not found[1]:
                    return found[0]
        code = self._sub_line_by_prefix(fold)
        if code is not None:
            return code
        if raw.rstrip().endswith(("...", "\u2026")) and len(compact) >= 8:
            found_codes = {c for key, c in self.al_titles.items() if key.startswith(compact)}
            if len(found_codes) == 1:
                return found_codes.pop()
        return None

    def _al_suggest(self, piece: str) -> str | None:
        """The closest action line to an unknown piece, for a "did you mean" hint."""
        fold = _fold(piece)
        if fold.isdigit():
            code = f"C{int(fold)}"
            return code if code in self.main_codes else None
        head = _AL_HEAD.fullmatch(fold)
        if head and (head.group("marker") or head.group("c")):
            code = f"C{int(head.group('n'))}"
            rest = head.group("rest")
            if code not in self.main_codes:
                main = [(_fold(c), c) for c in self.reference.action_lines if c in self.main_codes]
                return _best(f"c{int(head.group('n'))}", main, 0.0)
            if code in self.subs and rest:
                remainder = self._strip_parent(code, rest)
                return self._sub_line_by_meaning(code, remainder) or _best(remainder, self.sub_fuzzy) or code
        return _best(fold, self.al_fuzzy)

    def _sub_line_by_meaning(self, parent: str, remainder: str) -> str | None:
        """The one sub-line whose text-suggestion phrases use a word of ``remainder`` ('e-banking' -> e-business).

        Spelling alone would pick the nearest name ('e-banking' looks like 'e-learning'); the words the suggester
        counts as evidence of each sub-line know that banking is business.
        """
        from .suggest import load_suggester, phrase_key

        words = {w for w in phrase_key(remainder).split() if len(w) > 2}
        if not words:
            return None
        suggester = load_suggester()
        found = [sub for sub in self.subs[parent] if words & suggester.phrase_words("action_lines", sub)]
        return found[0] if len(found) == 1 else None

    def _al_close_title(self, text: str) -> str | None:
        return _best(_fold(text), self.al_fuzzy, TITLE_CUTOFF)

    # -- SDGs: one item ------------------------------------------------------------------------------------------

    def _match_sdg(self, raw: str, lenient: bool) -> _Hit | None:
        """The SDG goal(s), target or indicator ``raw`` names as one item, or None."""
        words = _fold(raw)
        if not words:
            return None
        if _ALL_GOALS.fullmatch(words):
            return _Hit(((ALL, ALL),), True)
        rng = _SDG_RANGE.fullmatch(_dash_fold(raw)) if lenient and _SDG_RANGE_HINT.search(words) else None
        if rng:
            first, last = int(rng.group("a")), int(rng.group("b"))
            if first < last and all(g in self.reference.goals for g in (first, last)):
                return _Hit(tuple((GOAL, str(g)) for g in range(first, last + 1)), bool(rng.group("prefix")))
        fold = _dot_fold(raw)
        head = _SDG_HEAD.fullmatch(fold)
        if head:
            item = self._sdg_code(head)
            if item is None:
                return None
            kind, code = item
            explicit = bool(head.group("prefix")) or kind != GOAL
            level = self._sdg_rest_level(kind, code, _fold(head.group("rest")), lenient)
            return _Hit((item,), explicit, level) if level is not None else None
        goal = self._goal_title(words, raw)
        return _Hit(((GOAL, str(goal)),), True) if goal is not None else None

    def _sdg_code(self, head: re.Match[str]) -> tuple[str, str] | None:
        """The (kind, canonical code) of a matched SDG code, or None when the reference has no such code."""
        goal = int(head.group("g"))
        if goal not in self.reference.goals:
            return None
        part = head.group("tl") or (str(int(head.group("tn"))) if head.group("tn") else None)
        if part is None:
            return GOAL, str(goal)
        target = f"{goal}.{part}"
        number = head.group("il") or head.group("in")
        if number is None:
            return (TARGET, target) if target in self.reference.targets else None
        indicator = f"{target}.{int(number)}"
        return (INDICATOR, indicator) if indicator in self.reference.indicators else None

    def _sdg_rest_level(self, kind: str, code: str, rest: str, lenient: bool) -> int | None:
        """How ``rest`` after an SDG code describes it (see :func:`_describes`)."""
        if not rest:
            return TIGHT
        goal = int(code.split(".", 1)[0])
        own = list(self.goal_own[goal])
        if kind == TARGET:
            own.append(_compact(_fold(self.reference.targets[code].text)))
        elif kind == INDICATOR:
            indicator = self.reference.indicators[code]
            own.append(_compact(_fold(indicator.text)))
            own.append(_compact(_fold(self.reference.targets[indicator.target].text)))
        foreign = bool(_SDG_FOREIGN.search(rest)) or any(
            self.goal_mention_code.get(_compact(m.group()), goal) != goal for m in self.goal_mention.finditer(rest)
        )
        return _describes(rest, tuple(own), foreign, lenient)

    def _goal_title(self, words: str, raw: str) -> int | None:
        """The goal a short name or title (maybe followed by its number, "Quality education (SDG 4)") names."""
        goal = self._goal_title_only(words, raw)
        if goal is not None:
            return goal
        trailing = _SDG_TRAILING_CODE.search(words)
        if trailing:
            named = self._goal_title_only(words[: trailing.start()], raw)
            if named is not None and named == int(trailing.group("g")):
                return named
        return None

    def _goal_title_only(self, words: str, raw: str) -> int | None:
        compact = _compact(words)
        goal = self.goal_titles.get(compact)
        if goal is None and raw.rstrip().endswith(("...", "\u2026")) and len(compact) >= 8:
            found = {g for key, g in self.goal_titles.items() if key.startswith(compact)}
            goal = found.pop() if len(found) == 1 else None
        return goal

    def _sdg_suggest(self, piece: str) -> str | None:
        """The closest SDG code to an unknown piece, for a "did you mean" hint."""
        head = _SDG_HEAD.fullmatch(_dot_fold(piece))
        if head is None:
            return _best(_fold(piece), self.goal_fuzzy)
        goal = int(head.group("g"))
        if goal not in self.reference.goals:
            return None
        letter, number = head.group("tl"), head.group("tn")
        if letter is None and number is None:
            return str(goal)
        target = f"{goal}.{letter or int(number)}"
        written = target
        if head.group("il") or head.group("in"):
            written = f"{target}.{int(head.group('il') or head.group('in'))}"
            indicators = self.reference.indicators.values()
            under = [i.code for i in indicators if i.target == target] or [i.code for i in indicators if i.goal == goal]
            return _best(written, ((c, c) for c in under), 0.0)
        targets = [t for t in self.reference.targets.values() if t.goal == goal]
        same_kind = [t.code for t in targets if t.code.split(".")[1].isdigit() == (letter is None)]
        return _best(written, ((c, c) for c in same_kind or [t.code for t in targets]), 0.0)

    def _goal_close_title(self, text: str) -> str | None:
        return _best(_fold(text), self.goal_fuzzy, TITLE_CUTOFF)

    # -- whole cells ---------------------------------------------------------------------------------------------

    def _scan(
        self,
        text: str,
        primary: Callable[[str, bool], _Hit | None],
        other: Callable[[str, bool], _Hit | None],
        bare_number: Callable[[str, bool], _Hit | None],
        suggest: Callable[[str], str | None],
        close_title: Callable[[str], str | None],
    ) -> tuple[list[tuple[str, str]], list[str], list[str], dict[str, str]]:
        """Read the pieces of a cell into items, unknown pieces, misplaced pieces and suggestions."""
        spans, gaps = _segments(text)
        items: list[tuple[str, str]] = []
        unknown: list[str] = []
        misplaced: list[str] = []
        suggestions: dict[str, str] = {}
        unmatched: list[int] = []

        def item(first: int, last: int) -> tuple[bool, _Hit] | None:
            """(True, hit) for an item of this column, (False, hit) for a misplaced one, or None."""
            raw = text[spans[first][0] : spans[last][1]]
            lenient = HARD not in gaps[first:last]
            hit = primary(raw, lenient)
            if hit is not None:
                return True, hit
            hit = other(raw, lenient)
            return (False, hit) if hit is not None and hit.explicit else None

        def flush() -> None:
            if not unmatched:
                return
            pieces = [text[spans[k][0] : spans[k][1]] for k in unmatched]
            if len(unmatched) > 1:  # a misspelt title cut at its commas reads better as one unknown
                whole = text[spans[unmatched[0]][0] : spans[unmatched[-1]][1]]
                if close_title(whole) is not None:
                    pieces = [whole]
            for piece in pieces:
                if _fold(piece):
                    unknown.append(piece)
                    hint = suggest(piece)
                    if hint is not None:
                        suggestions.setdefault(piece, hint)
            unmatched.clear()

        n = len(spans)
        singles = [item(k, k) for k in range(n)]
        # a bare number continues a list of codes ("Action lines 2, 5 and 6")
        bare: list[tuple[bool, _Hit] | None] = [None] * n
        after_code = False
        for k, single in enumerate(singles):
            if single is None:
                number = bare_number(text[spans[k][0] : spans[k][1]], after_code)
                bare[k] = (True, number) if number is not None else None
                after_code = after_code and number is not None
            else:
                after_code = single[0] and single[1].explicit
        # A run of pieces is one item only when no inner piece is an item on its own, except after a bracket
        # ("C7 (E-Health)", "Capacity building (C4)"). Among the readings of the cell, the best leaves the fewest
        # pieces unknown, then takes the fewest loose descriptions, then the fewest items (longest runs).
        stop = [k > 0 and singles[k] is not None and gaps[k - 1] != BRACKET for k in range(n)]
        cost: list[tuple[int, int, int]] = [(0, 0, 0)] * (n + 1)
        choice: list[tuple[int, tuple[bool, _Hit] | None]] = [(n, None)] * (n + 1)
        for i in range(n - 1, -1, -1):
            last = i
            while last + 1 < min(n, i + MAX_JOIN) and not stop[last + 1]:
                last += 1
            after = cost[i + 1]
            best: tuple[int, tuple[bool, _Hit] | None] = (i, None)
            best_cost = (after[0] + 1, after[1], after[2])
            for j in range(last, i - 1, -1):
                found = (singles[i] or bare[i]) if j == i else item(i, j)
                if found is None:
                    continue
                after = cost[j + 1]
                option = (after[0], after[1] + found[1].loose, after[2] + 1)
                if option < best_cost or (best[1] is None and option <= best_cost):
                    best_cost, best = option, (j, found)
            cost[i], choice[i] = best_cost, best

        i = 0
        while i < n:
            last, found = choice[i]
            if found is None:
                unmatched.append(i)
            else:
                flush()
                own, hit = found
                if own:
                    items.extend(hit.items)
                else:
                    misplaced.append(text[spans[i][0] : spans[last][1]])
            i = last + 1
        flush()
        return items, unknown, misplaced, suggestions

    def _bare_action_line(self, raw: str, after_code: bool) -> _Hit | None:
        """A bare number continuing a list of action lines ("Action lines 2, 5 and 6")."""
        fold = _fold(raw)
        if after_code and fold.isdigit() and f"C{int(fold)}" in self.main_codes:
            return _Hit(((ACTION_LINE, f"C{int(fold)}"),), True)
        return None

    @staticmethod
    def _no_bare(raw: str, after_code: bool) -> _Hit | None:
        return None

    def _parse_al(self, text: str) -> ParsedActionLines:
        text = text.strip()
        fold = _fold(text)
        if not fold or _PLACEHOLDER.fullmatch(fold):
            return _EMPTY_AL
        items, unknown, misplaced, suggestions = self._scan(
            text, self.match_al, self.match_sdg, self._bare_action_line, self._al_suggest, self._al_close_title
        )
        return ParsedActionLines(
            codes=_dedupe(code for _, code in items),
            unknown=_dedupe(unknown),
            suggestions=MappingProxyType(suggestions) if suggestions else _NO_SUGGESTIONS,
            misplaced=_dedupe(misplaced),
        )

    def _parse_al_cell(self, cell: str) -> ParsedActionLines:
        pieces = _plain_pieces(cell, _AL_PIECE)
        if pieces is None:
            return self.parse_action_lines(cell)
        return self.combine_al(self.parse_action_lines(p) for p in pieces)

    def _parse_sdg_cell(self, cell: str) -> ParsedSdgs:
        pieces = _plain_pieces(cell, _SDG_PIECE)
        if pieces is None:
            return self.parse_sdgs(cell)
        return self.combine_sdgs(self.parse_sdgs(p) for p in pieces)

    def combine_al(self, parts: Iterable[ParsedActionLines]) -> ParsedActionLines:
        """The result of a list cell from the results of its pieces (the fast path for plain code lists)."""
        parts = list(parts)
        suggestions = {k: v for p in parts for k, v in p.suggestions.items()}
        return ParsedActionLines(
            codes=_dedupe(c for p in parts for c in p.codes),
            unknown=_dedupe(u for p in parts for u in p.unknown),
            suggestions=MappingProxyType(suggestions) if suggestions else _NO_SUGGESTIONS,
            misplaced=_dedupe(m for p in parts for m in p.misplaced),
        )

    def combine_sdgs(self, parts: Iterable[ParsedSdgs]) -> ParsedSdgs:
        """The result of a list cell from the results of its pieces (the fast path for plain code lists)."""
        goals: set[int] = set()
        declared: set[int] = set()
        targets: set[str] = set()
        indicators: set[str] = set()
        unknown: list[str] = []
        misplaced: list[str] = []
        suggestions: dict[str, str] = {}
        all_goals = False
        for p in parts:  # one pass; most pieces are known codes with nothing else to carry
            goals.update(p.goals)
            declared.update(p.declared_goals)
            targets.update(p.targets)
            indicators.update(p.indicators)
            if p.unknown or p.misplaced or p.suggestions or p.all_goals:
                unknown += p.unknown
                misplaced += p.misplaced
                suggestions.update(p.suggestions)
                all_goals = all_goals or p.all_goals
        return ParsedSdgs(
            goals=tuple(sorted(goals)),
            declared_goals=tuple(sorted(declared)),
            targets=tuple(sorted(targets, key=self.target_order.__getitem__)),
            indicators=tuple(sorted(indicators, key=self.indicator_order.__getitem__)),
            unknown=_dedupe(unknown) if unknown else (),
            suggestions=MappingProxyType(suggestions) if suggestions else _NO_SUGGESTIONS,
            misplaced=_dedupe(misplaced) if misplaced else (),
            all_goals=all_goals or declared >= self.goal_set,
        )

    def _parse_sdgs(self, text: str) -> ParsedSdgs:
        text = text.strip()
        fold = _fold(text)
        if not fold or _PLACEHOLDER.fullmatch(fold):
            return _EMPTY_SDGS
        items, unknown, misplaced, suggestions = self._scan(
            text, self.match_sdg, self.match_al, self._no_bare, self._sdg_suggest, self._goal_close_title
        )
        ref = self.reference
        declared = {int(code) for kind, code in items if kind == GOAL}
        indicators = {code for kind, code in items if kind == INDICATOR}
        targets = {code for kind, code in items if kind == TARGET} | {ref.indicators[i].target for i in indicators}
        goals = declared | {ref.targets[t].goal for t in targets}
        all_goals = any(kind == ALL for kind, _ in items) or declared >= set(ref.goals)
        return ParsedSdgs(
            goals=tuple(sorted(goals)),
            declared_goals=tuple(sorted(declared)),
            targets=tuple(sorted(targets, key=self.target_order.__getitem__)),
            indicators=tuple(sorted(indicators, key=self.indicator_order.__getitem__)),
            unknown=_dedupe(unknown),
            suggestions=MappingProxyType(suggestions) if suggestions else _NO_SUGGESTIONS,
            misplaced=_dedupe(misplaced),
            all_goals=all_goals,
        )


_PARSERS: dict[int, _Parser] = {}

# Plain lists of codes ("C5; C7 e-health", "9; 9.c; 17.8.1") are parsed piece by piece, so the cache serves the few
# distinct pieces instead of every distinct combination; anything else goes through the full parser.
_LIST_SPLIT = re.compile(r"[ \t]*[;,\n][ \t]*")
_AL_PIECE = re.compile(r"[Cc] ?\d{1,2}(?:[ .][Ee]-?[A-Za-z]{3,12})?")
_SDG_PIECE = re.compile(r"\d{1,2}(?:\.[0-9A-Za-z]{1,2}){0,2}")


def _plain_pieces(text: str, piece: re.Pattern[str]) -> list[str] | None:
    """The pieces of a plain list of codes, or None when the cell needs the full parser."""
    parts = _LIST_SPLIT.split(text.strip())
    if len(parts) < 2 or not all(piece.fullmatch(p) for p in parts):
        return None
    return parts


def _parser(reference: Reference | None) -> _Parser:
    """The parser for ``reference`` (the latest plan's data by default), built once per reference object."""
    ref = reference if reference is not None else load_reference()
    parser = _PARSERS.get(id(ref))
    if parser is None or parser.reference is not ref:
        if len(_PARSERS) >= 16:
            _PARSERS.clear()
        parser = _PARSERS[id(ref)] = _Parser(ref)
    return parser


def parse_action_lines(text: object, reference: Reference | None = None) -> ParsedActionLines:
    """Parse a WSIS Action Lines cell into canonical codes (``C5``, ``C7``, ``C7.e-health``).

    ``text`` may be None, NaN, a number or any text; the codes come deduplicated in the order written.
    Pieces that are SDG codes are reported as misplaced, anything else as unknown with, when one is
    close enough, a "did you mean" suggestion.

    >>> parse_action_lines("C2; c-5, AL 6 and C7 (E-Health)").codes
    ('C2', 'C5', 'C6', 'C7.e-health')
    >>> parse_action_lines("Capacity building / e-gov / C7.4").codes
    ('C4', 'C7.e-government', 'C7.e-health')
    >>> result = parse_action_lines("C55; SDG 9")
    >>> result.unknown, dict(result.suggestions), result.misplaced, result.ok
    (('C55',), {'C55': 'C5'}, ('SDG 9',), False)
    """
    return _parser(reference).parse_action_line_cell(_cell_text(text))


def parse_sdgs(text: object, reference: Reference | None = None) -> ParsedSdgs:
    """Parse an SDGs cell into goals (``9``), targets (``9.c``) and indicators (``9.c.1``).

    Targets imply their goal and indicators their target and goal; ``declared_goals`` holds only the
    goals written as goals. ``all_goals`` is True for "all SDGs" and the like (the goals are not
    expanded) or when every goal is listed. A number cell 9 or 9.0 is goal 9; 9.1 is target 9.1.

    >>> result = parse_sdgs("SDG 4; 9.c.1 / Target 17.8")
    >>> result.goals, result.declared_goals, result.targets, result.indicators
    ((4, 9, 17), (4,), ('9.c', '17.8'), ('9.c.1',))
    >>> parse_sdgs(9.0).goals, parse_sdgs("Goal 9: Industry, innovation and infrastructure").goals
    ((9,), (9,))
    >>> result = parse_sdgs("9.z, C5")
    >>> result.unknown, dict(result.suggestions), result.misplaced
    (('9.z',), {'9.z': '9.a'}, ('C5',))
    """
    return _parser(reference).parse_sdg_cell(_cell_text(text))
