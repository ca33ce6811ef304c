"""Header cells matched to spec columns by their words: one scored mechanism, seeded by the spec's labels and aliases.

A header is folded to a set of words (case, accents, punctuation, line breaks, word order, small words and plurals
ignored), with its notes (brackets, lines after the first, ``e.g. ...``), numbering and asterisks taken off and each
side of a bilingual ``Titre / Title`` tried on its own. It matches a column when its words equal the column's name
or a label (score 1) or an alias (:data:`ALIAS_SCORE`), the same give or take generic words (``ITU``, ``WSIS``,
``Related``, ``Main``, ...) and spelling variants (0.97), or when they hold all the words of a spelling and the words
left over weigh little against the words the column knows (a score between :data:`MATCH` and 0.9).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

#: Lowest score of a match.
MATCH = 0.5
#: Score of a header spelled as one of a column's aliases (its name and labels score 1).
ALIAS_SCORE = 0.99
#: A header's score for a coded column when it names it with a qualifier ("Sector code") counts this much.
QUALIFIED_FACTOR = 0.95
#: A hidden column's scores count this much when a visible column names the same column.
HIDDEN_FACTOR = 0.9
#: Two columns scoring within this of each other make a header ambiguous.
AMBIGUOUS_MARGIN = 0.1
#: Longest header text (notes taken off) worth matching; longer cells are sentences, not headers.
MAX_HEADER_CHARS = 80
#: Small words ignored in English, French and Spanish headers.
SMALL_WORDS = frozenset(
    {
        *("a", "an", "and", "or", "of", "the", "for", "in", "on", "at", "by", "with", "to", "its", "their", "your"),
        *("any", "if", "please", "d", "l", "de", "du", "des", "la", "le", "les", "et", "ou", "en", "au", "aux"),
        *("par", "pour", "del", "el", "los", "las", "y", "o", "por", "para", "su", "sus"),
        # the words of a form's question ("Which SDGs does the activity contribute to?")
        *("which", "what", "does", "do", "did", "is", "are", "this", "that", "it", "you", "quel", "quelle", "quels"),
        *("quelles", "cual", "cuales", "que", "est"),
    }
)
#: Words that qualify a header without changing the column it names (``Relevant WSIS Action Lines``).
GENERIC_WORDS = frozenset(
    {"itu", "uit", "wsis", "smsi", "cmsi", "related", "relevant", "main", "lead", "responsible"}
    | {"activity", "activite", "actividad"}
)
#: Words saying a column holds codes ("Sector code", "SDG codes", "COUNTRY_ISO3"): they qualify a column whose values
#: are codes (a choice, countries, action lines, SDGs) without naming another one, though "code" alone is an ID.
QUALIFIERS = frozenset({"code", "cd", "iso", "iso2", "iso3", "abbreviation", "abbr"})
# Extra words that are past participles ("involved", "concernés", "addressed") say little about the column.
_PARTICIPLE = re.compile(r"(?:ed|ado|ada|ido|ida)$")
_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,2}(?:\.\d{1,2})*[.):]|\(?[a-z][.)]|[-*•\u2022]+)\s+", re.IGNORECASE)
_NOTE = re.compile(r"\((?:[^()]*)\)|\[[^\]]*\]|\{[^}]*\}")
_EXAMPLE = re.compile(r"\b(?:e\.\s?g\.|i\.\s?e\.|ex\.|p\.\s?ex\.|por ejemplo|for example)\s.*$", re.IGNORECASE)
_PLURAL_MARK = re.compile(r"y\s*[(/]\s*ies\)?(?![a-z])|\s*[(/]\s*e?s\)?(?![a-z])", re.IGNORECASE)
_SLASH = re.compile(r"\s*/\s*|\s+[-–—|]\s+")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_NUMERO = re.compile(r"\b(n)\s*\u00b0", re.IGNORECASE)  # "N°" (a degree sign for the º of "Nº")


def fold_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` in order: accents and case folded, punctuation dropped, plurals made singular.

    >>> fold_words("Lignes d'Action du SMSI")
    ('ligne', 'action', 'smsi')
    >>> fold_words("Country(ies)"), fold_words("N°")
    (('country',), ('no',))
    """
    text = _NUMERO.sub(r"\1o", _PLURAL_MARK.sub(lambda m: "ies" if m.group()[0] in "yY" else "s", str(text)))
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    written = [w for w in _NON_WORD.split(ascii_text) if w]
    words = [_singular(w) for w in written]
    kept = [s for w, s in zip(written, words, strict=True) if w not in SMALL_WORDS and s not in SMALL_WORDS]
    return tuple(kept or words)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _same(a: str, b: str) -> bool:
    """Two words are the same, allowing a spelling variant of a long word (organisational / organizational)."""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    if shorter < 5 or a[0] != b[0] or 2 * shorter < 0.84 * (len(a) + len(b)):
        return False
    prefix = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), shorter)
    if prefix >= 6 and prefix >= 0.75 * shorter:  # one stem, two endings: identifier / identifiant
        return True
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= 0.84 and matcher.ratio() >= 0.84


def _core(words: Iterable[str]) -> frozenset[str]:
    """The words without the generic ones (all of them when nothing else is left)."""
    words = frozenset(words)
    rest = frozenset(w for w in words if w not in GENERIC_WORDS)
    return rest or words


def candidates(header: str) -> list[tuple[tuple[str, ...], float]]:
    r"""The readings of a header cell worth scoring, each with the weight of its evidence (1 for the whole cell).

    >>> [" ".join(w) for w, _ in candidates("Titre de l'activité / Activity title")]
    ['titre activite activity title', 'titre activite', 'activity title']
    >>> [" ".join(w) for w, _ in candidates("1. Activity title*\n(max. 200 characters)")]
    ['activity title']
    """
    text = str(header).replace("\r", "\n").strip()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return []
    texts: list[tuple[str, float]] = [(" ".join(lines), 1.0)]
    if len(lines) > 1:
        texts.append((lines[0], 1.0))  # what follows the first line is a note ("Activity title\n(max 200)")
    out: list[tuple[tuple[str, ...], float]] = []
    seen: set[tuple[str, ...]] = set()

    def add(raw: str, weight: float) -> None:
        clean = _EXAMPLE.sub("", _NOTE.sub(" ", raw)).replace("*", " ").strip(" :;.,-–")
        clean = _NUMBERING.sub("", clean)
        if not clean or len(clean) > MAX_HEADER_CHARS:
            return
        words = fold_words(clean)
        if words and words not in seen:
            seen.add(words)
            out.append((words, weight))

    for raw, weight in texts:
        add(raw, weight)
    for raw, _ in texts:
        without_notes = _NOTE.sub(" ", raw)
        parts = [p for p in _SLASH.split(without_notes) if p.strip()]
        if len(parts) > 1:  # bilingual or alternative names: "Titre / Title", "Sector/Bureau"
            for part in parts:
                add(part, 0.95)
    return out


@dataclass(frozen=True, slots=True)
class _Column:
    name: str
    keys: tuple[tuple[frozenset[str], frozenset[str]], ...]  # (words, core words) of each spelling
    vocabulary: frozenset[str]  # every word of every spelling
    own: frozenset[frozenset[str]] = frozenset()  # the words of the column's name and labels


class HeaderMatcher:
    """Scores header cells against the columns of a spec, from each column's name, labels and aliases.

    >>> m = HeaderMatcher({"title": ["Activity title", "name of activity"], "sdgs": ["SDGs"]})
    >>> m.match("Title of the activity (max. 200 characters)"), m.match("Relevant SDG(s)"), m.match("Budget")
    ('title', 'sdgs', None)

    ``coded`` names the columns whose values are codes: "SDG codes" names ``sdgs`` when ``sdgs`` is one of them.
    """

    def __init__(
        self,
        spellings: Mapping[str, Iterable[str]],
        labels: Mapping[str, Iterable[str]] | None = None,
        coded: Collection[str] = (),
    ) -> None:
        self._coded = frozenset(coded)  # the columns whose values are codes (see QUALIFIERS)
        columns = []
        for name, texts in spellings.items():
            keys = []
            vocabulary: set[str] = set()
            for text in (name.replace("_", " "), *texts):
                for words, _ in candidates(text)[:1]:
                    keys.append((frozenset(words), _core(words)))
                    vocabulary.update(words)
            own = {name.replace("_", " "), *(labels or {}).get(name, ())}
            own_keys = frozenset(frozenset(w) for t in own for w, _ in candidates(t)[:1])
            columns.append(_Column(name, tuple(dict.fromkeys(keys)), frozenset(vocabulary), own_keys))
        self.columns = tuple(columns)
        known = set(GENERIC_WORDS).union(*(c.vocabulary for c in columns))
        self._vocabulary = frozenset(known)
        self._long: dict[str, tuple[str, ...]] = {}  # first two letters -> vocabulary words of 6 letters or more
        for word in sorted(known):
            if len(word) >= 6:
                self._long[word[:2]] = (*self._long.get(word[:2], ()), word)
        self._canon: dict[str, str] = {}
        self._cache: dict[str, Mapping[str, float]] = {}

    def _canonical(self, word: str) -> str:
        """The vocabulary word ``word`` spells (itself when it is one, or when it is close to none)."""
        found = self._canon.get(word)
        if found is None:
            found = word
            if word not in self._vocabulary and len(word) >= 6:
                found = next((v for v in self._long.get(word[:2], ()) if _same(word, v)), word)
            if len(self._canon) < 65_536:
                self._canon[word] = found
        return found

    def scores(self, header: object) -> Mapping[str, float]:
        """Every column the header may name with its score (0 to 1), best first; low scores included."""
        text = "" if header is None else str(header)
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        best: dict[str, float] = {}
        question = text.rstrip().endswith("?")
        for words, weight in candidates(text):
            canonical = tuple(self._canonical(w) for w in words)
            if self._vocabulary.isdisjoint(canonical):
                continue  # not one word any column knows: the common case of a data cell
            raw, given = frozenset(words), frozenset(canonical)
            core = _core(given)
            for column in self.columns:
                if column.vocabulary.isdisjoint(given):
                    continue
                score = _score(raw, given, core, canonical[-1], column, question) * weight
                if column.name in self._coded and QUALIFIERS & given and given - QUALIFIERS:
                    # "Sector code" names the sector as well as "Sector" does, give or take
                    plain = tuple(w for w in canonical if w not in QUALIFIERS)
                    again = _score(frozenset(plain), frozenset(plain), _core(plain), plain[-1], column, question)
                    score = max(score, again * weight * QUALIFIED_FACTOR)
                if score > best.get(column.name, 0.0):
                    best[column.name] = round(score, 3)
        ranked = MappingProxyType(dict(sorted(best.items(), key=lambda kv: -kv[1])))
        if len(self._cache) < 65_536:
            self._cache[text] = ranked
        return ranked

    def ranked(self, header: object) -> list[tuple[str, float]]:
        """The columns the header matches (score at least :data:`MATCH`), best first."""
        return [(name, score) for name, score in self.scores(header).items() if score >= MATCH]

    def match(self, header: object) -> str | None:
        """The column the header names best, or None."""
        found = self.ranked(header)
        return found[0][0] if found else None

    def closest(self, column: str, headers: Iterable[tuple[int, str]]) -> tuple[int, str] | None:
        """The header (index, text) nearest to ``column`` among ``headers``, for a "did you mean" hint."""
        keys = next((c for c in self.columns if c.name == column), None)
        if keys is None:
            return None
        best: tuple[float, int, str] | None = None
        for index, text in headers:
            score = self.scores(text).get(column, 0.0)
            folded = " ".join(fold_words(text))
            for words, _ in keys.keys:
                ratio = difflib.SequenceMatcher(None, folded, " ".join(sorted(words))).ratio() * 0.8
                score = max(score, ratio)
            if score >= 0.4 and (best is None or score > best[0]):
                best = (score, index, text)
        return (best[1], best[2]) if best else None


def _score(
    raw: frozenset[str], given: frozenset[str], core: frozenset[str], head: str, column: _Column, question: bool = False
) -> float:
    """How well a reading names ``column``: 1 for its name or a label, 0.99 for an alias, up to 0.9 among other words.

    ``raw`` are the words as written, ``given`` the same as vocabulary words (spelling variants resolved), ``core``
    those without generic words, ``head`` the last word. A spelling give or take generic words and spelling
    variants scores 0.97; the more and the weightier the other words, the lower the score. In a question ("Which
    SDGs does it contribute to?") the other words are mostly its verb, and weigh as participles do.
    """
    if raw in column.own:
        return 1.0
    if any(key == raw for key, _ in column.keys):
        return ALIAS_SCORE  # a label wins over an alias: "Activity ID" over a row counter headed "No."
    if any(key == given or key_core == core for key, key_core in column.keys):
        return 0.97
    if not any(key <= given or key_core <= core for key, key_core in column.keys):
        return 0.0
    known = [w for w in core if w in column.vocabulary]
    if not known:
        return 0.0
    extra = [w for w in given if w not in known]
    weight = sum(
        0.25 if w in GENERIC_WORDS else 0.5 if question or (_PARTICIPLE.search(w) and len(w) > 4) else 1.0
        for w in extra
    )
    if head in known:  # "Implementing partners", "Brief description": the last word is the column's
        weight *= 0.5
    return 0.9 * len(known) / (len(known) + weight)


@dataclass(frozen=True, slots=True)
class CellMatch:
    """A header cell read as a column, with its score."""

    index: int
    column: str
    score: float


@dataclass(frozen=True, slots=True)
class RowMatch:
    """One row read as a header: the cell of each column, and the conflicts a user should see."""

    cells: Mapping[int, CellMatch]
    ambiguous: tuple[tuple[int, str, str], ...]  # (cell, column read, other column it also names)
    repeated: tuple[tuple[int, int, str], ...]  # (cell not read, cell read, column both name)

    @property
    def columns(self) -> dict[int, str]:
        """Cell index -> column name."""
        return {i: m.column for i, m in self.cells.items()}


def match_row(matcher: HeaderMatcher, cells: Sequence[object], hidden: Collection[int] = ()) -> RowMatch:
    """Assign the cells of a header row to columns, best scores first; each cell and each column at most once.

    A hidden cell (a helper column) gives way to a visible one naming the same column equally well.
    """
    pairs: list[tuple[float, float, int, str]] = []
    tops: dict[int, list[tuple[str, float]]] = {}
    for j, value in enumerate(cells):
        if not isinstance(value, str) or not value.strip():
            continue
        ranked = matcher.ranked(value)
        if ranked:
            tops[j] = ranked
            factor = HIDDEN_FACTOR if j in hidden else 1.0
            pairs.extend((score * factor, score, j, name) for name, score in ranked)
    pairs.sort(key=lambda p: (-p[0], p[2]))
    taken: dict[str, int] = {}
    chosen: dict[int, CellMatch] = {}
    for _, score, j, name in pairs:
        if j in chosen or name in taken:
            continue
        if name != tops[j][0][0] and tops[j][0][0] in taken and score < tops[j][0][1] - AMBIGUOUS_MARGIN:
            continue  # a weak second meaning does not make a column of a header whose first meaning is taken
        taken[name] = j
        chosen[j] = CellMatch(j, name, score)
    ambiguous = []
    repeated = []
    for j, ranked in sorted(tops.items()):
        if j in chosen:
            read = chosen[j]
            others = [n for n, s in ranked if n != read.column and s >= read.score - AMBIGUOUS_MARGIN]
            if others:
                ambiguous.append((j, read.column, others[0]))
        else:
            repeated.append((j, taken[ranked[0][0]], ranked[0][0]))
    return RowMatch(MappingProxyType(dict(sorted(chosen.items()))), tuple(ambiguous), tuple(repeated))
