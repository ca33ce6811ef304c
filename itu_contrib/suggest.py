"""Offline, explainable suggestions of WSIS action lines and SDG goals from an activity's title and description."""

from __future__ import annotations

import itertools
import math
import re
import threading
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from .errors import ConfigError
from .goal_model import STOPWORDS, GoalModel, GoalScore, load_goal_model
from .reference import Reference, load_reference
from .spec import normalize_key

_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
#: Bytes of an ASCII text folded for splitting into words: letters lower-cased, digits and \x01 kept, others spaces.
_ASCII_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 or c == 1 else 32 for c in range(256)
)
_KINDS = ("action_lines", "goals")
_TOP_KEYS = frozenset(
    {
        "version",
        "threshold",
        "title_boost",
        "max_action_lines",
        "max_goals",
        "contradiction_score",
        "ict_context",
        "quiet_context",
        *_KINDS,
    }
)
_SECTION_KEYS = frozenset({"phrases", "ict_phrases", "exclude", "threshold", "warn_if_absent"})
_POSITIVE, _ICT, _EXCLUDE, _CONTEXT, _QUIET = range(5)  # _QUIET: ICT context never shown as evidence
#: The keyword rules' score of a goal enters the goal model as a fraction of the rule's threshold, capped here.
RULE_FEATURE_CAP = 3.0
#: At most this many phrases explain one suggestion (the strongest).
MAX_EVIDENCE = 6
#: A phrase adding less than this share of the strongest phrase's weight does not explain a goal: next to
#: 'e-waste' (4.2) the model's small weights for 'series' or 'carried out' (0.2) are noise to a reader.
MIN_EVIDENCE_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class Evidence:
    """A word or phrase of the text, as written, and how much it added to a suggestion's score."""

    phrase: str
    weight: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested action line or goal, with the phrases of the text that support it.

    ``evidence`` holds the phrases as written; ``support`` the same phrases with what each added to the score.
    For an action line: the rule's phrases in text order with their rule weights (the ICT context that let
    ``ict_phrases`` count comes last, with weight 0, unless it is only a ``quiet_context`` name such as "ITU"),
    and ``score`` is the rule score. For a goal suggested by
    the goal model: words, word pairs and the rule's phrases, strongest first (a word inside a longer phrase
    is counted in that phrase), at most ``MAX_EVIDENCE``, and ``score`` is the model's probability (0 to 1).
    """

    code: str
    score: float
    evidence: tuple[str, ...]
    support: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Suggestions:
    """The action lines and goals suggested for one text, best first."""

    action_lines: tuple[Suggestion, ...]
    goals: tuple[Suggestion, ...]

    @property
    def goal_numbers(self) -> tuple[int, ...]:
        """The suggested goals as numbers, best first."""
        return tuple(int(g.code) for g in self.goals)


def _stem(token: str) -> str:
    """Fold simple plurals so "schools"/"school" and "technologies"/"technology"/"technologie" meet."""
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        token = token[:-1]
    if len(token) > 3 and token.endswith("y"):
        token = token[:-1] + "ie"
    return token


_STEMS: dict[str, str] = {}  # folded forms of the lower-case ASCII words seen so far (most words of any text)


def _new_stem(word: str) -> str:
    if len(_STEMS) > 200_000:
        _STEMS.clear()
    folded = _STEMS[word] = _stem(word)
    return folded


def phrase_key(phrase: str) -> str:
    """The folded form a rule phrase is matched on.

    >>> phrase_key("E-Waste Technologies")
    'e waste technologie'
    >>> phrase_key("Télémédecine")
    'telemedecine'
    """
    return " ".join(_stem(t) for t in normalize_key(phrase).split())


class _Segment:
    """One text (title or description) as folded words; character offsets are computed only when needed."""

    __slots__ = ("_spans", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self._spans: list[tuple[int, int]] | None = None
        if text.isascii():  # fast path: for ASCII, normalize_key is lower-casing and splitting on non-alphanumerics
            known = _STEMS.get
            self.words = [known(w) or _new_stem(w) for w in _ASCII_WORD.findall(text.lower())]
            return
        words: list[str] = []
        spans: list[tuple[int, int]] = []
        for m in _WORD.finditer(text):
            for part in normalize_key(m.group()).split():
                words.append(_stem(part))
                spans.append(m.span())
        self.words, self._spans = words, spans

    @classmethod
    def for_surface(cls, text: str) -> _Segment:
        """A segment made only to give the text of its words (``surface``): an ASCII text is not folded."""
        if not text.isascii():
            return cls(text)
        segment = cls.__new__(cls)
        segment.text, segment._spans, segment.words = text, None, []
        return segment

    def surface(self, start: int, stop: int) -> str:
        """The text of words ``start`` to ``stop - 1`` as written."""
        if self._spans is None:
            self._spans = [m.span() for m in _ASCII_WORD.finditer(self.text.lower())]
        return self.text[self._spans[start][0] : self._spans[stop - 1][1]]


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    code: str
    threshold: float
    warn_if_absent: bool
    parent: str | None


Span = tuple[int, int, int]  # segment (0 title, 1 description), first word, last word + 1
_Entry = tuple[int, float, int]  # rule position, weight, mode (_POSITIVE, _ICT, _EXCLUDE, _CONTEXT or _QUIET)
_Node = tuple[tuple[str, tuple[_Entry, ...]] | None, dict[str, "_Node"]]


@dataclass(slots=True)
class _Hits:
    """What one rule matched in one text: occurrences per phrase (in text order), and exclusion spans."""

    positive: dict[str, tuple[float, list[Span]]] = field(default_factory=dict)
    ict: dict[str, tuple[float, list[Span]]] = field(default_factory=dict)
    excluded: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class _Text:
    segments: tuple[_Segment, _Segment]
    hits: dict[int, _Hits]
    context: list[Span]
    shown: list[Span]  # the context phrases that may be shown as evidence (not the quiet ones)

    def surface(self, span: Span) -> str:
        return self.segments[span[0]].surface(span[1], span[2])


@dataclass(frozen=True, slots=True)
class _Score:
    score: float
    found: tuple[Span, ...]
    weights: tuple[float, ...]  # what each span of ``found`` added (0 for the ICT context)


def _overlaps(span: Span, masks: list[Span]) -> bool:
    return any(span[0] == m[0] and span[1] < m[2] and m[1] < span[2] for m in masks)


def _inside_longer(span: Span, longer: list[Span]) -> bool:
    seg, start, stop = span
    return any(o[0] == seg and o[1] <= start and stop <= o[2] and o[2] - o[1] > stop - start for o in longer)


class Suggester:
    """Suggests action lines and goals from text with the rules of a ``suggest_rules.toml`` file.

    Per action line and per goal the rules give weighted phrases (some counted only when the text is about
    ICTs), exclusion phrases that mask a match ("food security" is not C5) and a threshold. Words are
    compared folded like :func:`itu_contrib.spec.normalize_key` (case, accents, punctuation), with simple
    plurals folded ("schools" = "school", "technologies" = "technology"), and phrases match whole words.
    Each suggestion carries its evidence: the matched phrases as written in the text.

    >>> s = load_suggester().suggest("Global Cybersecurity Index", "Countries' commitment to cybersecurity.")
    >>> s.action_lines[0].code, s.action_lines[0].evidence
    ('C5', ('Cybersecurity',))
    >>> [g.code for g in load_suggester().suggest(None, "Food security for smallholder farmers").goals]
    ['2']
    """

    def __init__(
        self,
        rules: Sequence[_Rule],
        index: Mapping[str, Sequence[_Entry]],
        *,
        title_boost: float,
        max_action_lines: int,
        max_goals: int,
        contradiction_score: float,
        model: GoalModel | Callable[[], GoalModel] | None = None,
    ) -> None:
        # a model may be given as the function that loads it: it is then loaded on the first suggest() only, so a
        # run that only looks for contradictions never reads it
        self._model_source = model
        self._rules = tuple(rules)
        self._trie = _trie(index)
        self._by_code = {(r.kind, r.code): i for i, r in enumerate(self._rules)}
        self._line_rules = frozenset(i for i, r in enumerate(self._rules) if r.kind == "action_lines")
        # the phrases that matter to the action lines alone (and the ICT context): what contradictions() looks for
        lines_only = {k: [e for e in v if e[2] >= _CONTEXT or e[0] in self._line_rules] for k, v in index.items()}
        self._line_trie = _trie({k: v for k, v in lines_only.items() if v})
        self._words: dict[int, set[str]] = {}
        for key, entries in index.items():
            for position, _, mode in entries:
                if mode in (_POSITIVE, _ICT):
                    self._words.setdefault(position, set()).update(key.split(" "))
        self._title_boost = title_boost
        self._max = {"action_lines": max_action_lines, "goals": max_goals}
        self._contradiction_score = contradiction_score
        self._cache: dict[str, _Phrases] = {}  # the tries as arrays, made on the first batch call
        self._vocabulary = _Vocabulary()
        self._model_words: _ModelWords | None = None
        # the batch calls share the vocabulary (and, in a keeping_scans block, the words kept) of this suggester,
        # which load_suggester() gives to every caller: one batch call at a time, whatever the threads
        self._batch_lock = threading.RLock()

    def phrase_words(self, kind: str, code: str) -> frozenset[str]:
        """The folded words of the phrases that count for ``code`` (``kind`` is action_lines or goals).

        >>> "banking" in load_suggester().phrase_words("action_lines", "C7.e-business")
        True
        """
        position = self._by_code.get((kind, code))
        return frozenset(self._words.get(position, ())) if position is not None else frozenset()

    @classmethod
    def from_toml(cls, text: str, model: GoalModel | Callable[[], GoalModel] | None = None) -> Suggester:
        """Build a suggester from the text of a rules file; ConfigError names what is wrong.

        With a ``model``, goals are suggested by the model (which takes the goal rules' scores as one of its
        features); without one, by the goal rules alone.
        """
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"suggest rules: not valid TOML: {exc}") from exc
        return _build(raw, model)

    @property
    def _model(self) -> GoalModel | None:
        source = self._model_source
        if source is None or isinstance(source, GoalModel):
            return source
        self._model_source = loaded = source()
        return loaded

    @property
    def codes(self) -> tuple[str, ...]:
        """Action line codes and goal numbers (as str) that have rules, in reference order."""
        return tuple(r.code for r in self._rules)

    def _scan(self, title: str | None, description: str | None, trie: dict[str, _Node] | None = None) -> _Text:
        segments = (_Segment(title or ""), _Segment(description or ""))
        hits: dict[int, _Hits] = {}
        context: list[Span] = []
        shown: list[Span] = []
        trie = self._trie if trie is None else trie
        for seg, segment in enumerate(segments):
            words = segment.words
            n = len(words)
            for i, word in enumerate(words):
                node = trie.get(word)
                j = i + 1
                while node is not None:
                    ending, following = node
                    if ending is not None:
                        key, entries = ending
                        span = (seg, i, j)
                        for rule, weight, mode in entries:
                            if mode >= _CONTEXT:
                                context.append(span)
                                if mode == _CONTEXT:
                                    shown.append(span)
                                continue
                            h = hits.get(rule)
                            if h is None:
                                h = hits[rule] = _Hits()
                            if mode == _EXCLUDE:
                                h.excluded.append(span)
                            else:
                                table = h.positive if mode == _POSITIVE else h.ict
                                table.setdefault(key, (weight, []))[1].append(span)
                    if j >= n or not following:
                        break
                    node = following.get(words[j])
                    j += 1
        return _Text(segments, hits, context, shown)

    def _score(self, text: _Text, h: _Hits) -> _Score | None:
        """The rule's score and the first occurrence of each phrase that counted; None without evidence."""
        tables = (h.positive, h.ict) if text.context else (h.positive,)
        alive: list[tuple[float, int, list[Span]]] = []
        for mode, table in enumerate(tables):
            for weight, spans in table.values():
                kept = [s for s in spans if not _overlaps(s, h.excluded)] if h.excluded else spans
                if kept:
                    alive.append((weight, mode, kept))
        # a phrase inside a longer matched phrase of the same rule ("coverage" in "network coverage") adds nothing
        longer = [s for _, _, spans in alive for s in spans if s[2] - s[1] > 1]
        found: list[tuple[Span, float]] = []
        score = 0.0
        used_ict = False
        for weight, mode, spans in alive:
            if longer:
                spans = [s for s in spans if not _inside_longer(s, longer)]
                if not spans:
                    continue
            added = weight * (self._title_boost if spans[0][0] == 0 else 1.0)  # spans are in text order
            score += added
            if weight > 0:
                found.append((spans[0], added))
                used_ict = used_ict or mode == 1
        if not found:
            return None
        found.sort()
        if used_ict and text.shown:  # the ICT context that let the rule's ict_phrases count explains them too
            found.append((text.shown[0], 0.0))
        return _Score(round(score, 3), tuple(f for f, _ in found), tuple(round(w, 3) for _, w in found))

    def _scores(self, text: _Text) -> dict[int, _Score]:
        out = {}
        for rule, h in text.hits.items():
            s = self._score(text, h)
            if s is not None:
                out[rule] = s
        return out

    def _chosen(self, scores: Mapping[int, _Score], kind: str) -> list[int]:
        """The rules of ``kind`` suggested, best first."""
        return self._chosen_by({i: s.score for i, s in scores.items()}, kind)

    def _chosen_by(self, scores: Mapping[int, float], kind: str) -> list[int]:
        """:meth:`_chosen` from the scores alone."""
        ranked = sorted(
            (-score, i)
            for i, score in scores.items()
            if self._rules[i].kind == kind and score >= self._rules[i].threshold
        )
        # a sub-line (C7.e-health) says more than its parent (C7): keep only the sub-line
        parents = {self._rules[i].parent for _, i in ranked}
        return [i for _, i in ranked if self._rules[i].code not in parents][: self._max[kind]]

    def _ranked(self, text: _Text, scores: Mapping[int, _Score], kind: str) -> list[Suggestion]:
        out = []
        for i in self._chosen(scores, kind):
            sc = scores[i]
            support = _support((text.surface(s), w) for s, w in zip(sc.found, sc.weights, strict=True))
            out.append(Suggestion(self._rules[i].code, sc.score, _unique(text.surface(s) for s in sc.found), support))
        return out

    def _rule_features(self, scores: Mapping[int, _Score]) -> dict[str, float]:
        """The goal rules' scores as the model sees them: a fraction of each rule's threshold, capped."""
        out = {}
        for i, sc in scores.items():
            rule = self._rules[i]
            if rule.kind == "goals" and sc.score > 0:
                out[rule.code] = min(sc.score / rule.threshold, RULE_FEATURE_CAP)
        return out

    def rule_features(self, title: str | None, description: str | None) -> dict[str, float]:
        """The goal rules' scores of a text as the goal model takes them (used to train the model)."""
        return self._rule_features(self._scores(self._scan(title, description)))

    def _modelled(self, model: GoalModel, text: _Text, scores: Mapping[int, _Score]) -> list[Suggestion]:
        rule_features = self._rule_features(scores)
        found = model.score([seg.words for seg in text.segments], rule_features)
        out = []
        words = sum(len(seg.words) for seg in text.segments)
        for g in model.choose(found, rule_features, words):
            spans: list[tuple[Span, float]] = [(span, w) for _, span, w in g.support]
            i = self._by_code.get(("goals", g.goal))
            if i is not None and i in scores and g.goal in rule_features:
                # the rules' share, spread over the rule's phrases in proportion to their own weights
                sc = scores[i]
                share = model.rule_weight(g.goal) * rule_features[g.goal] / sc.score if sc.score else 0.0
                spans += [(s, w * share) for s, w in zip(sc.found, sc.weights, strict=True) if w > 0]
            pairs = [(text.surface(s), w) for s, w in _nested(spans)]
            support = _support(pairs, strongest_first=True)
            out.append(Suggestion(g.goal, round(g.probability, 3), tuple(e.phrase for e in support), support))
        return out

    def suggest(self, title: str | None, description: str | None) -> Suggestions:
        """Action lines and goals the text points to, best first, each with its evidence.

        >>> load_suggester().suggest("", "")
        Suggestions(action_lines=(), goals=())
        """
        return self._suggestions(self._scan(title, description))

    def _suggestions(self, text: _Text) -> Suggestions:
        scores = self._scores(text)
        model = self._model
        goals = self._ranked(text, scores, "goals") if model is None else self._modelled(model, text, scores)
        return Suggestions(tuple(self._ranked(text, scores, "action_lines")), tuple(goals))

    def suggest_many(self, titles: Sequence[str | None], descriptions: Sequence[str | None]) -> list[Suggestions]:
        """:meth:`suggest` of each (title, description) pair, the same results; each distinct pair scanned once.

        The phrases are matched and the rules scored for many pairs at once (as in :meth:`contradictions_many`),
        the goal model's features found and summed with arrays (see :func:`_goal_picks`); the evidence is cut from
        the texts for what is suggested only.

        >>> [s.action_lines[0].code for s in load_suggester().suggest_many(["National CIRT"] * 2, [None, ""])]
        ['C5', 'C5']
        """
        if len(titles) != len(descriptions):
            raise ValueError("suggest_many: as many titles as descriptions are needed")
        with self._batch_lock:
            return self._suggest_many(titles, descriptions)

    def _suggest_many(self, titles: Sequence[str | None], descriptions: Sequence[str | None]) -> list[Suggestions]:
        model = self._model
        if model is None or not model.dense().exact:  # scored text by text, as suggest() does
            done: dict[tuple[str | None, str | None], Suggestions] = {}
            out = []
            for pair in zip(titles, descriptions, strict=True):
                found = done.get(pair)
                if found is None:
                    found = done[pair] = self.suggest(*pair)
                out.append(found)
            return out
        if self._model_words is None or self._model_words.model is not model:
            self._model_words = _ModelWords(model)
        words = self._model_words
        out = []
        for at in range(0, len(titles), _BATCH_ROWS):  # in slices, as contradictions_many
            part = slice(at, at + _BATCH_ROWS)
            out += self._suggestions_of(words, titles[part], descriptions[part])
        self._vocabulary.release()
        return out

    def _suggestions_of(
        self, words: _ModelWords, titles: Sequence[str | None], descriptions: Sequence[str | None]
    ) -> list[Suggestions]:
        batch = _Batch(self._phrases(), titles, descriptions, self._vocabulary)
        words.update(self._vocabulary)
        scan = _LineScan(self, batch)
        pairs = len(batch.title)
        scores = [scan.pair_scores(p) for p in range(pairs)]
        features = [self._rule_features_by(mine) for mine in scores]
        picks = _goal_picks(words, batch, features)
        batch.prepare(range(len(batch.texts)))
        chosen_lines = [self._chosen_by(mine, "action_lines") for mine in scores]
        rules = len(self._rules)
        goal_rule = {r.code: i for i, r in enumerate(self._rules) if r.kind == "goals"}
        scan.bound(
            [pair * rules + i for pair, chosen in enumerate(chosen_lines) for i in chosen]
            + [
                pair * rules + goal_rule[g.goal]
                for pair, chosen in enumerate(picks)
                for g in chosen
                if g.goal in goal_rule
            ]
        )
        made: list[Suggestions] = []
        for pair, (mine, rule_features, chosen) in enumerate(zip(scores, features, picks, strict=True)):
            lines = []
            for i in chosen_lines[pair]:
                sc = scan.scored(pair, i)
                surfaces = [scan.surface(pair, s) for s in sc.found]
                support = _support(zip(surfaces, sc.weights, strict=True))
                lines.append(Suggestion(self._rules[i].code, sc.score, _unique(surfaces), support))
            goals = []
            for g in chosen:
                spans = g.support
                rule = self._by_code.get(("goals", g.goal))
                if rule is not None and rule in mine and g.goal in rule_features:
                    # the rules' share, spread over the rule's phrases in proportion to their own weights
                    sc = scan.scored(pair, rule)
                    share = words.model.rule_weight(g.goal) * rule_features[g.goal] / sc.score if sc.score else 0.0
                    spans = spans + [(s, w * share) for s, w in zip(sc.found, sc.weights, strict=True) if w > 0]
                support = _support(((scan.surface(pair, s), w) for s, w in _nested(spans)), strongest_first=True)
                goals.append(Suggestion(g.goal, round(g.probability, 3), tuple(e.phrase for e in support), support))
            made.append(Suggestions(tuple(lines), tuple(goals)))
        return [made[p] for p in batch.pairs]

    def _rule_features_by(self, scores: Mapping[int, float]) -> dict[str, float]:
        """:meth:`_rule_features` from the scores alone."""
        out = {}
        for i, score in scores.items():
            rule = self._rules[i]
            if rule.kind == "goals" and score > 0:
                out[rule.code] = min(score / rule.threshold, RULE_FEATURE_CAP)
        return out

    @contextmanager
    def keeping_scans(self) -> Iterator[None]:
        """Within this block, the batch calls keep each text's words, so that a later call does not split them again.

        ``report`` validates (:meth:`contradictions_many` over every title and description) and then tags
        (:meth:`suggest_many` over the same texts): in a block, the second call takes the words the first found.
        The words are kept by the text, up to ``_KEPT_WORDS`` words in all, and let go when the outermost block ends.
        """
        vocabulary = self._vocabulary
        with self._batch_lock:
            outer = vocabulary.kept is None
            if outer:
                vocabulary.kept, vocabulary.kept_words = {}, 0
        try:
            yield
        finally:
            if outer:
                with self._batch_lock:
                    vocabulary.kept, vocabulary.kept_words = None, 0
                    vocabulary.release()

    def contradicts(self, action_line: str, title: str | None, description: str | None) -> tuple[str, ...]:
        """Phrases of the text suggesting that a declared action line is wrong; empty when nothing does.

        Only two cases warn, and only when the text holds no evidence for the declared line: the text
        matches one of the line's exclusion phrases ("food security" for C5), or another, unrelated action
        line scores at least ``contradiction_score`` (then its evidence is returned). Lines marked
        ``warn_if_absent = false`` (cross-cutting ones such as C4 or C11) only warn in the first case.

        >>> load_suggester().contradicts("C5", "Food security", "Support to smallholder farmers.")
        ('Food security',)
        >>> load_suggester().contradicts("C5", "National CIRT", "Food security of CIRT staff.")
        ()
        """
        return self.contradictions((action_line,), title, description).get(action_line, ())

    def contradictions(
        self, action_lines: Sequence[str], title: str | None, description: str | None
    ) -> dict[str, tuple[str, ...]]:
        """:meth:`contradicts` for each of ``action_lines``, the text scanned once: only the lines contradicted.

        >>> load_suggester().contradictions(("C5", "C4"), "Food security", "Support to smallholder farmers.")
        {'C5': ('Food security',)}
        """
        known = [(code, i) for code in action_lines if (i := self._by_code.get(("action_lines", code))) is not None]
        if not known:
            return {}
        text = self._scan(title, description, self._line_trie)
        if not text.hits:  # no phrase of any line: nothing scores, nothing is excluded
            return {}
        return self._contradicted(known, text)

    def contradictions_many(
        self,
        action_lines: Sequence[Sequence[str]],
        titles: Sequence[str | None],
        descriptions: Sequence[str | None],
    ) -> list[dict[str, tuple[str, ...]]]:
        """:meth:`contradictions` of each row (its action lines, title and description), the same results.

        The phrases of the action lines are matched for many rows at once (see :class:`_Phrases`), each distinct
        text once, and the rules scored with arrays (see :class:`_LineScan`); the evidence is cut from the texts
        only for the rows where some line is contradicted.

        >>> load_suggester().contradictions_many([("C5",), ("C4",)], ["Food security"] * 2, [None, None])
        [{'C5': ('Food security',)}, {}]
        """
        if not len(action_lines) == len(titles) == len(descriptions):
            raise ValueError("contradictions_many: as many rows of action lines, titles and descriptions are needed")
        out: list[dict[str, tuple[str, ...]]] = []
        with self._batch_lock:
            for at in range(0, len(titles), _BATCH_ROWS):  # in slices, so that the words in arrays take little memory
                part = slice(at, at + _BATCH_ROWS)
                out += self._contradictions_of(action_lines[part], titles[part], descriptions[part])
            self._vocabulary.release()
        return out

    def _contradictions_of(
        self,
        action_lines: Sequence[Sequence[str]],
        titles: Sequence[str | None],
        descriptions: Sequence[str | None],
    ) -> list[dict[str, tuple[str, ...]]]:
        import numpy as np

        scan = _LineScan(self, _Batch(self._phrases(lines_only=True), titles, descriptions, self._vocabulary))
        rules = len(self._rules)
        # the lines of each row that the suggester knows: (code, rule position, warn_if_absent), per distinct tuple
        index: dict[tuple[str, ...], int] = {}
        row_codes = [index.setdefault(tuple(lines), len(index)) for lines in action_lines]
        known_of: list[list[tuple[str, int, bool]]] = []
        by_code = self._by_code
        for codes in index:
            known_of.append(
                [
                    (code, i, self._rules[i].warn_if_absent)
                    for code in codes
                    if (i := by_code.get(("action_lines", code))) is not None
                ]
            )
        # a row warns when one of its lines has no score and is excluded, or (warn_if_absent) another line scores at
        # least contradiction_score: checked for all the rows' lines at once; the others warn of nothing
        count = np.array([len(k) for k in known_of], dtype=np.int64)
        rule = np.array([i for k in known_of for _, i, _ in k], dtype=np.int64)
        warns = np.array([w for k in known_of for *_, w in k], dtype=bool)
        row_code = np.array(row_codes, dtype=np.int64)
        pair_of = np.array(scan.texts.pairs, dtype=np.int64)
        per_row = count[row_code] if len(row_code) else np.zeros(0, dtype=np.int64)
        row = np.repeat(np.arange(len(row_code), dtype=np.int64), per_row)
        entry = _ranges((np.cumsum(count) - count)[row_code], per_row) if len(row_code) else row
        pair = pair_of[row]
        group = pair * rules + rule[entry]
        warned = ~np.isin(group, scan.scored_groups) & (
            np.isin(group, scan.excluded_groups) | (warns[entry] & (scan.best_of[pair] >= self._contradiction_score))
        )
        done: dict[tuple[int, int], dict[str, tuple[str, ...]]] = {}
        out: list[dict[str, tuple[str, ...]]] = [{} for _ in range(len(row_codes))]
        pending = [(r, row_codes[r], int(pair_of[r])) for r in np.unique(row[warned]).tolist()]
        # the texts of the warnings are cut from the texts, the words' places in them found for all at once
        scan.texts.prepare(
            [int(scan.texts.title[p]) for *_, p in pending] + [int(scan.texts.description[p]) for *_, p in pending]
        )
        for r, c, p in pending:
            found = done.get((c, p))
            if found is None:
                found = done[c, p] = self._contradicted_in(known_of[c], scan, p)
            out[r] = dict(found)
        return out

    def _contradicted_in(
        self, known: Sequence[tuple[str, int, bool]], scan: _LineScan, pair: int
    ) -> dict[str, tuple[str, ...]]:
        """:meth:`_contradicted` of one pair of a batch, from the batch's scores."""
        base = pair * len(self._rules)
        scores = scan.scores
        ranked: list[int] | None = None
        mine: dict[int, float] = {}
        out: dict[str, tuple[str, ...]] = {}
        for code, i, warn in known:
            if base + i in scores:
                continue
            if base + i in scan.excluded:
                out[code] = _unique(scan.surface(pair, s) for s in sorted(scan.excluded_spans(base + i)))
                continue
            if not warn:
                continue
            rule = self._rules[i]
            if ranked is None:
                mine = scan.pair_scores(pair)
                ranked = self._chosen_by(mine, "action_lines")
            evidence: list[str] = []
            for j in ranked:
                other = self._rules[j]
                related = other.parent == rule.code or rule.parent == other.code
                if not related and mine[j] >= self._contradiction_score:
                    evidence.extend(_unique(scan.surface(pair, s) for s in scan.found(pair, j)))
            if evidence:
                out[code] = _unique(evidence)
        return out

    def _phrases(self, *, lines_only: bool = False) -> _Phrases:
        attr = "_line_phrases" if lines_only else "_all_phrases"
        found: _Phrases | None = self._cache.get(attr)
        if found is None:
            found = self._cache[attr] = _Phrases(self._line_trie if lines_only else self._trie)
        return found

    def _contradicted(self, known: Sequence[tuple[str, int]], text: _Text) -> dict[str, tuple[str, ...]]:
        """The lines of ``known`` (code, rule position) the scanned text contradicts, with the evidence."""
        # only the action lines' scores matter here (a goal rule neither backs nor contradicts a line); the declared
        # lines are scored first: when the text backs each of them (most rows), no other line needs a score
        scores: dict[int, _Score] = {}
        missing: list[tuple[str, int]] = []
        for code, i in known:
            h = text.hits.get(i)
            if h is not None and (score := self._score(text, h)) is not None:
                scores[i] = score
            else:
                missing.append((code, i))
        if not missing:
            return {}
        ranked: list[int] | None = None
        out: dict[str, tuple[str, ...]] = {}
        for code, i in missing:
            h = text.hits.get(i)
            if h is not None and h.excluded:
                out[code] = _unique(text.surface(s) for s in sorted(h.excluded))
                continue
            rule = self._rules[i]
            if not rule.warn_if_absent:
                continue
            if ranked is None:
                lines = self._line_rules
                for position, found in text.hits.items():
                    if position in lines and position not in scores and (score := self._score(text, found)):
                        scores[position] = score
                ranked = self._chosen(scores, "action_lines")
            evidence: list[str] = []
            for j in ranked:
                other = self._rules[j]
                related = other.parent == rule.code or rule.parent == other.code
                if not related and scores[j].score >= self._contradiction_score:
                    evidence.extend(_unique(text.surface(s) for s in scores[j].found))
            if evidence:
                out[code] = _unique(evidence)
        return out


def _trie(index: Mapping[str, Sequence[_Entry]]) -> dict[str, _Node]:
    """A word trie of the phrases: each node is (phrase key and its entries when a phrase ends here, next words)."""
    trie: dict[str, _Node] = {}
    for key, entries in index.items():
        *head, last = key.split(" ")
        level = trie
        for word in head:
            level = level.setdefault(word, (None, {}))[1]
        node = level.get(last)
        level[last] = ((key, tuple(entries)), node[1] if node else {})
    return trie


class _Phrases:
    """The phrases of a word trie as arrays, to find every phrase in the words of many texts at once.

    The trie's nodes are numbered (0 is the root) and each edge (node, word) is one integer of a sorted array: a run
    of words is followed down the trie for all the start positions of all the texts together, one word further at
    each step, so that every occurrence the trie walk of ``Suggester._scan`` finds (nested ones included) is found.
    Each node's entries (rule, weight, mode) are laid out flat, node after node, for the scoring.
    """

    def __init__(self, trie: Mapping[str, _Node]) -> None:
        import numpy as np

        self.vocabulary: dict[str, int] = {}
        self.endings: list[tuple[str, tuple[_Entry, ...]] | None] = [None]  # per node: the phrase ending there
        pending: list[tuple[int, int]] = []  # (parent node, word id) per edge
        children: list[int] = []
        depth = 0
        stack: list[tuple[int, int, Mapping[str, _Node]]] = [(0, 0, trie)]
        while stack:
            parent, level, nodes = stack.pop()
            if nodes:
                depth = max(depth, level + 1)
            for word, (ending, following) in nodes.items():
                w = self.vocabulary.setdefault(word, len(self.vocabulary))
                child = len(self.endings)
                self.endings.append(ending)
                pending.append((parent, w))
                children.append(child)
                if following:
                    stack.append((child, level + 1, following))
        self.size = max(len(self.vocabulary), 1)
        edges = np.array([parent * self.size + w for parent, w in pending], dtype=np.int64)
        order = np.argsort(edges, kind="stable")
        self.edges = edges[order]
        self.children = np.array(children, dtype=np.int64)[order]
        self.depth = depth
        self.ends = np.array([e is not None for e in self.endings], dtype=bool)
        entries = [e[1] if e is not None else () for e in self.endings]
        self.entry_count = np.array([len(e) for e in entries], dtype=np.int64)
        self.entry_start = np.cumsum(self.entry_count) - self.entry_count
        flat = [x for e in entries for x in e]
        self.entry_rule = np.array([x[0] for x in flat], dtype=np.int64)
        self.entry_weight = np.array([x[1] for x in flat], dtype=np.float64)
        self.entry_mode = np.array([x[2] for x in flat], dtype=np.int64)
        self._generation = -1
        self._ids = np.zeros(0, dtype=np.int64)

    def lookup(self, vocabulary: _Vocabulary) -> Any:
        """Per number of ``vocabulary``: the id of the word in this trie's vocabulary (-1: in no phrase)."""
        import numpy as np

        if self._generation != vocabulary.generation:
            self._generation, self._ids = vocabulary.generation, np.zeros(0, dtype=np.int64)
        words = vocabulary.words
        if len(self._ids) < len(words):
            known = self.vocabulary.get
            more = np.fromiter((known(w, -1) for w in words[len(self._ids) :]), dtype=np.int64)
            self._ids = np.concatenate([self._ids, more])
        return self._ids

    def find(self, wid: Any, lengths: Any) -> tuple[Any, Any, Any, Any]:
        """Every phrase in the texts: (text, first word, last word + 1, node) arrays, in text order.

        Text order is the trie walk's: by text, then by first word, then shorter phrases first.
        """
        import numpy as np

        total = len(wid)
        text_of = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        first = np.cumsum(lengths) - lengths  # the flat position of each text's first word
        starts = np.flatnonzero(wid >= 0)
        node = np.zeros(len(starts), dtype=np.int64)
        found: list[tuple[Any, int, Any]] = []
        for length in range(1, self.depth + 1):
            if not len(starts) or not len(self.edges):
                break
            at = starts + (length - 1)
            ok = at < total
            starts, node, at = starts[ok], node[ok], at[ok]
            ok = (text_of[at] == text_of[starts]) & (wid[at] >= 0)
            starts, node, at = starts[ok], node[ok], at[ok]
            key = node * self.size + wid[at]
            where = np.searchsorted(self.edges, key)
            where[where >= len(self.edges)] = 0
            ok = self.edges[where] == key
            starts, node = starts[ok], self.children[where[ok]]
            end = self.ends[node]
            found.append((starts[end], length, node[end]))
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, empty
        start = np.concatenate([f[0] for f in found])
        size = np.concatenate([np.full(len(f[0]), f[1], dtype=np.int64) for f in found])
        node_of = np.concatenate([f[2] for f in found])
        order = np.lexsort((size, start))
        start, size, node_of = start[order], size[order], node_of[order]
        owner = text_of[start]
        local = start - first[owner]
        return owner, local, local + size, node_of


class _Vocabulary:
    """Every folded word the batch calls have met, numbered once for all the phrase sets and the goal model.

    A text is split and folded into these numbers once (:meth:`scan`); the line phrases (``contradictions_many``),
    all the phrases and the goal model's features (``suggest_many``) each look the numbers up in an array of their
    own, extended as the vocabulary grows. ASCII words are looked up as the bytes the split gives, each distinct one
    folded (stemmed) only the first time it is met. While a run keeps the scans (:meth:`Suggester.keeping_scans`),
    each text's numbers are kept by the text, so that ``tag`` after ``validate`` does not split the texts again.
    """

    def __init__(self) -> None:
        self.generation = 0
        self._reset()
        self.kept: dict[str, Any] | None = None  # text -> its word numbers, while a run keeps them
        self.kept_words = 0

    def _reset(self) -> None:
        # two numbers may stand for one folded word ("schools" and "school"): what the numbers are looked up in
        # (the tries' words, the model's features) is keyed by the folded word, so this costs nothing, and the
        # vocabulary holds one dict entry per word as split, not two
        self.raw: dict[bytes, int] = {b"\x01": -2}  # an ASCII word as split (lower case) -> its number; -2 separator
        self.numbers: dict[str, int] = {}  # a word of a text that is not ASCII, folded -> its number
        self.words: list[str] = []  # the folded word of each number

    def release(self) -> None:
        """Let the words go after a batch call, unless a run keeps the scans (they are numbered in this vocabulary)."""
        if self.kept is None and self.words:
            self.generation += 1
            self._reset()

    def number(self, word: str) -> int:
        """The number of a folded word of a text that is not ASCII (given one when new)."""
        n = self.numbers.get(word)
        if n is None:
            n = self.numbers[word] = len(self.words)
            self.words.append(word)
        return n

    def scan(self, texts: Sequence[str]) -> tuple[Any, Any]:
        """The texts' folded words as numbers, text after text, and the number of words of each text."""
        import numpy as np

        if len(self.words) > _MAX_VOCABULARY:  # a call over many texts meets ever new words
            self.generation += 1
            self._reset()
            if self.kept is not None:  # the kept words were numbered in the vocabulary let go: keep no more
                self.kept.clear()
                self.kept_words = _KEPT_WORDS
        kept = self.kept
        parts: list[Any] = [kept.get(t) for t in texts] if kept else [None] * len(texts)
        missing = [k for k, p in enumerate(parts) if p is None]
        if len(missing) == len(texts) and kept is None:
            return self._scan(texts)
        if missing:
            ids, lengths = self._scan([texts[k] for k in missing])
            made = np.split(ids.astype(np.int32), np.cumsum(lengths)[:-1]) if len(missing) > 1 else [ids]
            for k, part in zip(missing, made, strict=True):
                parts[k] = part
            if kept is not None and self.kept_words < _KEPT_WORDS:
                for k, part in zip(missing, made, strict=True):
                    kept[texts[k]] = part
                self.kept_words += len(ids)
        lengths = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
        flat = np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)
        return flat, lengths

    def _scan(self, texts: Sequence[str]) -> tuple[Any, Any]:
        import numpy as np

        # the ASCII texts lower-cased and split in one go (as bytes: every other byte a space), each followed by a
        # separator word; a text holding that byte, or not ASCII, is folded the slow way (by _Segment)
        ascii_texts = [t.isascii() and "\x01" not in t for t in texts]
        joined = " \x01 ".join(t if a else "" for t, a in zip(texts, ascii_texts, strict=True)) + " \x01"
        tokens = joined.encode("ascii").translate(_ASCII_FOLD).split()
        raw = self.raw
        ids = np.fromiter(map(raw.get, tokens, itertools.repeat(-1)), dtype=np.int64, count=len(tokens))
        new = np.flatnonzero(ids == -1).tolist()
        if new:  # each distinct new word folded once
            words = self.words
            for at in new:
                token = tokens[at]
                n = raw.get(token)
                if n is None:
                    n = raw[token] = len(words)
                    words.append(_stem(token.decode("ascii")))
                ids[at] = n
        is_end = ids == -2
        lengths = np.diff(np.flatnonzero(is_end), prepend=-1) - 1
        ids = ids[~is_end]
        others = [k for k, a in enumerate(ascii_texts) if not a]
        if others:  # folded the slow way, then placed among the others
            number = self.number
            runs = [[number(w) for w in _Segment(texts[k]).words] for k in others]
            lengths[others] = [len(r) for r in runs]
            offsets = np.cumsum(lengths) - lengths
            mask = np.ones(len(texts), dtype=bool)
            mask[others] = False
            flat = np.empty(int(lengths.sum()), dtype=np.int64)
            flat[_ranges(offsets[mask], lengths[mask])] = ids
            flat[_ranges(offsets[others], lengths[others])] = [w for r in runs for w in r]
            ids = flat
        return ids, lengths


#: The vocabulary starts again past this many words (a run then keeps no more scans): it holds a dict entry per word.
_MAX_VOCABULARY = 300_000
#: A run keeps the scans of texts up to this many words in all (4 bytes each, plus about 200 bytes per text):
#: all of a report of 10,000 activities (some 700,000 words), the first third of one of 100,000.
_KEPT_WORDS = 2_500_000


class _ModelWords:
    """What the goal model makes of each word of a :class:`_Vocabulary`, as arrays by the word's number.

    Per word: the row of its feature in the model's weights (-1: none, or not a feature: a stopword, a number, a
    single letter), the number of the word it counts as (after the glossary; -1 when not a feature) and whether
    that word begins word pairs with weights. The rows of word pairs are looked up once per distinct pair.
    """

    def __init__(self, model: GoalModel) -> None:
        self.model = model
        self.dense = model.dense()
        self.generation = -1

    def update(self, vocabulary: _Vocabulary) -> None:
        import numpy as np

        if self.generation != vocabulary.generation:
            self.generation = vocabulary.generation
            self.row = np.zeros(0, dtype=np.int64)
            self.counts_as = np.zeros(0, dtype=np.int64)
            self.names: dict[str, int] = {}  # the words counted (after the glossary), numbered
            self.name_list: list[str] = []
            self.head = np.zeros(0, dtype=bool)
            self.pairs: dict[int, int] = {}  # two numbers of ``names`` -> the row of that word pair (-1: none)
        words = vocabulary.words
        if len(self.row) == len(words):
            return
        glossary, index, names = self.model.glossary, self.dense.index, self.names
        rows: list[int] = []
        counted: list[int] = []
        for word in words[len(self.row) :]:
            if len(word) < 2 or word.isdigit() or word in STOPWORDS:
                rows.append(-1)
                counted.append(-1)
                continue
            word = glossary.get(word, word)
            rows.append(index.get(word, -1))
            n = names.get(word)
            if n is None:
                n = names[word] = len(self.name_list)
                self.name_list.append(word)
            counted.append(n)
        self.row = np.concatenate([self.row, np.array(rows, dtype=np.int64)])
        self.counts_as = np.concatenate([self.counts_as, np.array(counted, dtype=np.int64)])
        heads = self.model.heads
        more = self.name_list[len(self.head) :]
        self.head = np.concatenate([self.head, np.fromiter((name in heads for name in more), dtype=bool)])

    def pair_rows(self, keys: list[int]) -> list[int]:
        """The rows of word pairs given as ``first * 2**32 + second`` (numbers of ``names``)."""
        pairs = self.pairs
        missing = [k for k in keys if k not in pairs]
        if missing:
            name = self.name_list
            index = self.dense.index
            for k in missing:
                pairs[k] = index.get(f"{name[k >> 32]} {name[k & 0xFFFFFFFF]}", -1)
        return [pairs[k] for k in keys]


@dataclass(frozen=True, slots=True)
class _GoalPick:
    """A goal the model suggests for a pair: its code, probability and the features that raised it (span, weight)."""

    goal: str
    probability: float
    support: list[tuple[Span, float]]


def _goal_picks(
    words: _ModelWords, batch: _Batch, rule_features: Sequence[Mapping[str, float]]
) -> list[list[_GoalPick]]:
    """:meth:`GoalModel.score` and :meth:`GoalModel.choose` of every pair of a batch, with the features' arrays.

    A pair's features are those of its title then of its description, each at its first occurrence (a word, then
    the word pair it ends); the weights are added to the bias one feature at a time, in that order, for all the
    pairs at once, so that each sum is the one ``score`` makes. The probability is computed as ``score`` computes
    it only for the goals that may reach the model's floor; the support only for the goals chosen.
    """
    import numpy as np

    model = words.model
    dense = words.dense
    numbers, lengths = batch.numbers, batch.lengths
    texts = len(lengths)
    pairs = len(batch.title)
    text_of = np.repeat(np.arange(texts, dtype=np.int64), lengths)
    first = np.cumsum(lengths) - lengths
    row = words.row[numbers]
    counts_as = words.counts_as[numbers]
    # word pairs: two features next to each other in one text, the first a head
    after = np.zeros(len(numbers), dtype=bool)
    if len(numbers) > 1:
        head = words.head[np.maximum(counts_as[:-1], 0)] if len(words.head) else np.zeros(len(numbers) - 1, bool)
        after[1:] = (counts_as[1:] >= 0) & (counts_as[:-1] >= 0) & head & (text_of[1:] == text_of[:-1])
    second = np.flatnonzero(after)
    keys = counts_as[second - 1] * (1 << 32) + counts_as[second]
    distinct, inverse = np.unique(keys, return_inverse=True)
    pair_row = np.array(words.pair_rows(distinct.tolist()), dtype=np.int64)[inverse] if len(keys) else keys
    # the features with weights, in the order features() makes them: by place, a word before the pair it ends
    single = np.flatnonzero(row >= 0)
    double = second[pair_row >= 0]
    place = np.concatenate([single, double])
    kind = np.concatenate([np.zeros(len(single), dtype=np.int64), np.ones(len(double), dtype=np.int64)])
    feature = np.concatenate([row[single], pair_row[pair_row >= 0]])
    order = np.lexsort((kind, place))
    place, kind, feature = place[order], kind[order], feature[order]
    owner = text_of[place]
    stop = place - first[owner] + 1
    start = stop - 1 - kind
    # each pair's features: its title's, then its description's; a feature counted at its first occurrence
    bounds = np.searchsorted(owner, np.arange(texts + 1))
    t, d = batch.title, batch.description
    firsts = np.stack([bounds[t], bounds[d]], axis=1).ravel()
    counts = np.stack([bounds[t + 1] - bounds[t], bounds[d + 1] - bounds[d]], axis=1).ravel()
    at = _ranges(firsts, counts)
    seg = np.repeat(np.tile(np.array([0, 1], dtype=np.int64), pairs), counts)
    pair = np.repeat(np.repeat(np.arange(pairs, dtype=np.int64), 2), counts)
    feature, start, stop = feature[at], start[at], stop[at]
    _, once = np.unique(pair * len(dense.index) + feature, return_index=True)
    once.sort()
    pair, seg, feature, start, stop = pair[once], seg[once], feature[once], start[once], stop[once]
    pair_first = np.searchsorted(pair, np.arange(pairs + 1))
    rank = np.arange(len(pair)) - pair_first[pair]
    z = np.tile(np.array(model.bias, dtype=np.float64), (pairs, 1))
    by_rank = np.argsort(rank, kind="stable")
    rank_bounds = np.searchsorted(rank[by_rank], np.arange(int(rank.max()) + 2 if len(rank) else 1))
    weights = dense.weights
    for k in range(len(rank_bounds) - 1):  # the k-th feature of every pair that has one, added at once
        on = by_rank[rank_bounds[k] : rank_bounds[k + 1]]
        z[pair[on]] += weights[feature[on]]
    goals = model.goals
    goal_of = {g: n for n, g in enumerate(goals)}
    rule_weight = model.rule_weights
    for p, found in enumerate(rule_features):
        for goal, value in found.items():
            if value:
                g = goal_of[goal]
                z[p, g] += rule_weight[g] * value
    floor = model.floor
    cut = math.log(floor / (1.0 - floor)) - 1e-6 if 0.0 < floor < 1.0 else (-math.inf if floor <= 0 else math.inf)
    near = np.argwhere(z >= cut).tolist()  # (pair, goal), by pair then goal
    candidates: list[list[GoalScore]] = [[] for _ in range(pairs)]
    for p, g in near:
        value = float(z[p, g])
        probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, value))))
        candidates[p].append(GoalScore(goals[g], probability, ()))
    words_of = (lengths[t] + lengths[d]).tolist()
    chosen: list[tuple[int, int, float]] = []  # (pair, goal, probability)
    for p, scores in enumerate(candidates):
        if scores:
            for s in model.choose(scores, rule_features[p], words_of[p]):
                chosen.append((p, goal_of[s.goal], s.probability))
    out: list[list[_GoalPick]] = [[] for _ in range(pairs)]
    if not chosen:
        return out
    item_pair = np.array([c[0] for c in chosen], dtype=np.int64)
    item_goal = np.array([c[1] for c in chosen], dtype=np.int64)
    size = pair_first[item_pair + 1] - pair_first[item_pair]
    h = _ranges(pair_first[item_pair], size)
    item = np.repeat(np.arange(len(chosen), dtype=np.int64), size)
    w = weights[feature[h], item_goal[item]]
    keep = dense.present[feature[h], item_goal[item]] & (w >= model.min_weight)
    h, item, w = h[keep], item[keep], w[keep]
    order = np.lexsort((h, -w, item))  # strongest first, ties in the features' order (a stable sort)
    h, item, w = h[order], item[order], w[order]
    item_bounds = np.searchsorted(item, np.arange(len(chosen) + 1)).tolist()
    spans = list(zip(seg[h].tolist(), start[h].tolist(), stop[h].tolist(), strict=True))
    ws = w.tolist()
    for n, (p, g, probability) in enumerate(chosen):
        lo, hi = item_bounds[n], item_bounds[n + 1]
        out[p].append(_GoalPick(goals[g], probability, list(zip(spans[lo:hi], ws[lo:hi], strict=True))))
    return out


def _round3(values: Any) -> list[float]:
    """``[round(v, 3) for v in values]`` with arrays: the same floats, bit for bit.

    ``rint(v * 1000) / 1000`` is the float nearest to the integer of thousandths over 1000, as Python's round gives
    it, whenever that integer is the same: when ``v * 1000`` is not within a hair of a half (where the product's
    own rounding could tip it, or Python rounds half to even) and not so large that the product is inexact to more
    than that hair; those few are rounded by Python.
    """
    import numpy as np

    with np.errstate(over="ignore", invalid="ignore"):  # huge values and infinities are doubtful: Python rounds them
        scaled = values * 1000.0
        out = np.rint(scaled) / 1000.0
        doubtful = (np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6) | ~(np.abs(values) < 1e6)
    result: list[float] = out.tolist()
    for k in np.flatnonzero(doubtful).tolist():
        result[k] = round(float(values[k]), 3)
    return result


def _ranges(starts: Any, counts: Any) -> Any:
    """The concatenated ranges ``starts[k] .. starts[k] + counts[k] - 1``."""
    import numpy as np

    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(counts)
    offsets = np.repeat(starts - (ends - counts), counts)
    return np.arange(total, dtype=np.int64) + offsets


def _word_bytes() -> Any:
    import numpy as np

    table = np.zeros(256, dtype=bool)
    for c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
        table[c] = True
    return table


class _WordBytes:
    """The bytes of ASCII letters and digits (the word characters of an ASCII text), made on first use."""

    table: Any = None

    def __getitem__(self, raw: Any) -> Any:
        if _WordBytes.table is None:
            _WordBytes.table = _word_bytes()
        return _WordBytes.table[raw]


_WORD_BYTES = _WordBytes()


class _Places:
    """An ASCII text with the places of its words: what ``_Segment.surface`` gives, without folding the words."""

    __slots__ = ("ends", "starts", "text")

    def __init__(self, text: str, starts: list[int], ends: list[int]) -> None:
        self.text, self.starts, self.ends = text, starts, ends

    def surface(self, start: int, stop: int) -> str:
        return self.text[self.starts[start] : self.ends[stop - 1]]


class _Batch:
    """Many (title, description) pairs: each distinct title and description folded and matched once."""

    def __init__(
        self,
        phrases: _Phrases,
        titles: Sequence[str | None],
        descriptions: Sequence[str | None],
        vocabulary: _Vocabulary,
    ) -> None:
        import numpy as np
        import pandas as pd

        self.phrases = phrases
        title_of, title_texts = pd.factorize(np.array(list(titles), dtype=object), use_na_sentinel=False)
        description_of, description_texts = pd.factorize(
            np.array(list(descriptions), dtype=object), use_na_sentinel=False
        )
        self.texts = [t if isinstance(t, str) else "" for t in (*title_texts, *description_texts)]
        self._segments: dict[int, _Segment | _Places] = {}
        # the words of each text as numbers of the vocabulary (kept for the goal model), then as the trie's ids
        self.numbers, self.lengths = vocabulary.scan(self.texts)
        self.owner, self.start, self.stop, self.node = phrases.find(
            phrases.lookup(vocabulary)[self.numbers], self.lengths
        )
        # the matches of text k are self.owner[bounds[k]:bounds[k + 1]]
        self.bounds = np.searchsorted(self.owner, np.arange(len(self.texts) + 1))
        width = len(description_texts) + 1
        pair_codes, pair_of = pd.factorize(title_of.astype(np.int64) * width + description_of)
        self.pairs: list[int] = pair_codes.tolist()
        self.title = np.asarray(pair_of, dtype=np.int64) // width  # per pair: its title's text
        self.description = np.asarray(pair_of, dtype=np.int64) % width + len(title_texts)  # and its description's

    def prepare(self, ks: Iterable[int]) -> None:
        """Find the places of the words of the ASCII texts ``ks`` at once, for :meth:`segment`."""
        import numpy as np

        chosen = [k for k in dict.fromkeys(ks) if k not in self._segments and self.texts[k].isascii()]
        if not chosen:
            return
        texts = [self.texts[k] for k in chosen]
        sizes = np.array([len(t) + 1 for t in texts], dtype=np.int64)
        offsets = np.cumsum(sizes) - sizes
        raw = np.frombuffer("\x01".join(texts).encode("ascii"), dtype=np.uint8)
        edges = np.diff(_WORD_BYTES[raw].astype(np.int8), prepend=np.int8(0), append=np.int8(0))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        owner = np.searchsorted(offsets, starts, side="right") - 1
        base = offsets[owner]
        starts, ends = (starts - base).tolist(), (ends - base).tolist()
        bounds = np.searchsorted(owner, np.arange(len(chosen) + 1)).tolist()
        for n, (k, text) in enumerate(zip(chosen, texts, strict=True)):
            lo, hi = bounds[n], bounds[n + 1]
            self._segments[k] = _Places(text, starts[lo:hi], ends[lo:hi])

    def segment(self, k: int) -> _Segment | _Places:
        found = self._segments.get(k)
        if found is None:
            found = self._segments[k] = _Segment.for_surface(self.texts[k])
        return found


#: Rows scanned together by ``contradictions_many``: the words of 100,000 rows at once took some 500 MB; slices of
#: 1,024 rows keep the peak within about 15 MB of the row-by-row scan, at the same speed as larger ones.
_BATCH_ROWS = 1024
#: A rule with more matches than this in one text is scored by ``_score`` itself (the nesting check is quadratic).
_NESTED_AT_ONCE = 64


class _LineScan:
    """The rule scores of every pair of a batch, as ``Suggester._score`` makes them, computed for all pairs at once.

    ``scores`` holds the scores that are not None by ``pair * len(rules) + rule``, ``excluded`` the (pair, rule)
    numbers with an exclusion phrase, ``best`` each pair's best score (-inf without any). A rule's score is the sum
    of its phrases' first occurrences that are not inside a longer phrase of the rule, positive phrases first then
    ICT ones, each in the order of its first occurrence: added one phrase at a time, in that order, as ``_score``
    adds them. A rule with an exclusion phrase in the text (which may mask a match) is scored by ``_score`` itself.
    """

    def __init__(self, suggester: Suggester, texts: _Batch) -> None:
        import numpy as np

        self.suggester = suggester
        self.texts = texts
        ph = texts.phrases
        self.rules = rules = len(suggester._rules)
        pairs = len(texts.title)
        best = np.full(pairs, -np.inf)
        self.scores: dict[int, float] = {}
        self.excluded: set[int] = set()
        self.best: list[float] = best.tolist()
        self.best_of = best
        self.scored_groups = self.excluded_groups = np.zeros(0, dtype=np.int64)
        node = texts.node
        self._found: dict[int, tuple[Span, ...]] = {}
        self._found_bounds: dict[int, tuple[int, int]] = {}
        self.hard: set[int] = set()
        if not len(node) or not pairs:
            self.groups = np.zeros(0, dtype=np.int64)
            return
        count = ph.entry_count[node]
        entry = _ranges(ph.entry_start[node], count)
        match = np.repeat(np.arange(len(node), dtype=np.int64), count)
        mode = ph.entry_mode[entry]
        owner = texts.owner[match]
        t, d = texts.title, texts.description
        context = np.zeros(len(texts.texts), dtype=bool)
        context[owner[mode >= _CONTEXT]] = True
        self.with_context = with_context = context[t] | context[d]
        # the first context phrase that may be shown, per text (matches are in text order)
        shown = np.flatnonzero(mode == _CONTEXT)
        shown_texts, first_shown = np.unique(owner[shown], return_index=True)
        at_shown = match[shown[first_shown]]
        self.first_shown = dict(
            zip(
                shown_texts.tolist(),
                zip(texts.start[at_shown].tolist(), texts.stop[at_shown].tolist(), strict=True),
                strict=True,
            )
        )
        keep = mode < _CONTEXT
        entry, match, owner = entry[keep], match[keep], owner[keep]
        # the entries of each pair: its title's, then its description's (both in text order)
        bounds = np.searchsorted(owner, np.arange(len(texts.texts) + 1))
        firsts = np.stack([bounds[t], bounds[d]], axis=1).ravel()
        counts = np.stack([bounds[t + 1] - bounds[t], bounds[d + 1] - bounds[d]], axis=1).ravel()
        at = _ranges(firsts, counts)
        seg = np.repeat(np.tile(np.array([0, 1], dtype=np.int64), pairs), counts)
        pair = np.repeat(np.repeat(np.arange(pairs, dtype=np.int64), 2), counts)
        entry, match = entry[at], match[at]
        mode, rule, weight = ph.entry_mode[entry], ph.entry_rule[entry], ph.entry_weight[entry]
        keep = (mode != _ICT) | with_context[pair]  # without ICT context, ict_phrases do not count
        seg, pair, match, mode, rule, weight = seg[keep], pair[keep], match[keep], mode[keep], rule[keep], weight[keep]
        group = pair * rules + rule
        order = np.argsort(group, kind="stable")  # by (pair, rule), in text order within each
        self.seg = seg = seg[order]
        self.mode = mode = mode[order]
        self.weight = weight = weight[order]
        self.group = group = group[order]
        match = match[order]
        self.start = start = texts.start[match]
        self.stop = stop = texts.stop[match]
        self.node = node = texts.node[match]
        excluding = mode == _EXCLUDE
        excluded = np.unique(group[excluding])
        counted = ~excluding
        self.groups, self.first_of, self.size = groups, first_of, size = np.unique(
            group, return_index=True, return_counts=True
        )
        slot = np.searchsorted(groups, group)
        long = np.zeros(len(groups), dtype=bool)
        long[slot[counted & (stop - start > 1)]] = True
        hard = np.zeros(len(groups), dtype=bool)
        hard[np.searchsorted(groups, excluded)] = True
        hard |= long & (size > _NESTED_AT_ONCE)
        # a match inside a longer match of the same rule (in a group without exclusions) does not count
        inside = np.zeros(len(group), dtype=bool)
        nested = np.flatnonzero(long & (size > 1) & ~hard)
        if len(nested):
            n = size[nested]
            each = np.repeat(n, n)
            a = np.repeat(_ranges(first_of[nested], n), each)
            b = _ranges(np.repeat(first_of[nested], n), each)
            within = (
                (seg[a] == seg[b])
                & (start[b] <= start[a])
                & (stop[a] <= stop[b])
                & (stop[b] - start[b] > stop[a] - start[a])
            )
            inside[a[within]] = True
        positions = np.flatnonzero(counted & ~hard[slot])
        phrase = group[positions] * len(ph.endings) + node[positions]
        _, first = np.unique(phrase, return_index=True)  # each phrase's first occurrence: its place in the sum
        kept = positions[~inside[positions]]
        kept_phrase, first_kept = np.unique(group[kept] * len(ph.endings) + node[kept], return_index=True)
        every_phrase = phrase[first]
        at_kept = np.minimum(np.searchsorted(kept_phrase, every_phrase), max(len(kept_phrase) - 1, 0))
        # the phrases left with a match not inside a longer one (kept_phrase is sorted)
        alive = kept_phrase[at_kept] == every_phrase if len(kept_phrase) else np.zeros(len(first), dtype=bool)
        by_place = positions[first][alive]
        use = kept[first_kept]  # the first match of each alive phrase (kept_phrase is sorted as phrase[first])
        table = (mode[by_place] == _ICT).astype(np.int64)
        order = np.lexsort((by_place, table, group[by_place]))
        by_place, use = by_place[order], use[order]
        g = group[use]
        added = weight[use] * np.where(seg[use] == 0, suggester._title_boost, 1.0)
        sums, where, within_group = np.unique(g, return_index=True, return_inverse=True)
        rank = np.arange(len(g)) - where[within_group]
        total = np.zeros(len(sums))
        for k in range(int(rank.max()) + 1 if len(rank) else 0):
            on = rank == k
            total[within_group[on]] += added[on]  # one phrase per group at a time: added in _score's order
        has_found = np.zeros(len(sums), dtype=bool)
        has_found[within_group[weight[use] > 0]] = True
        # what explains each score: the phrases with a positive weight, at their first match, in text order
        shown_by = use[weight[use] > 0]
        shown_by = shown_by[np.lexsort((stop[shown_by], start[shown_by], seg[shown_by], group[shown_by]))]
        self.found_group = group[shown_by]
        self.found_spans = list(
            zip(seg[shown_by].tolist(), start[shown_by].tolist(), stop[shown_by].tolist(), strict=True)
        )
        self.found_ict = (mode[shown_by] == _ICT).tolist()
        # what each of those added to the score, rounded as _score rounds it
        self.found_added = _round3(weight[shown_by] * np.where(seg[shown_by] == 0, suggester._title_boost, 1.0))
        self.hard = set(groups[hard].tolist())
        scores = dict(zip(sums[has_found].tolist(), _round3(total[has_found]), strict=True))
        for k in np.flatnonzero(hard).tolist():
            score = self._score(k)
            if score is not None:
                scores[int(groups[k])] = score.score
        keys = np.fromiter(scores.keys(), dtype=np.int64, count=len(scores))
        if scores:
            values = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
            np.maximum.at(best, keys // rules, values)
        self.scores = scores
        self.scored_groups = keys  # the keys of ``scores`` and of ``excluded`` as arrays
        self.excluded_groups = excluded
        self.excluded = set(excluded.tolist())
        self.best = best.tolist()
        self.best_of = best

    def _hits(self, k: int) -> _Hits:
        """The hits of group ``k`` (one rule in one pair), as ``Suggester._scan`` records them."""
        endings = self.texts.phrases.endings
        h = _Hits()
        lo = int(self.first_of[k])
        hi = lo + int(self.size[k])
        for seg, start, stop, node, mode, weight in zip(
            self.seg[lo:hi].tolist(),
            self.start[lo:hi].tolist(),
            self.stop[lo:hi].tolist(),
            self.node[lo:hi].tolist(),
            self.mode[lo:hi].tolist(),
            self.weight[lo:hi].tolist(),
            strict=True,
        ):
            span = (seg, start, stop)
            if mode == _EXCLUDE:
                h.excluded.append(span)
                continue
            ending = endings[node]
            assert ending is not None
            table = h.positive if mode == _POSITIVE else h.ict
            table.setdefault(ending[0], (weight, []))[1].append(span)
        return h

    def _score(self, k: int) -> _Score | None:
        """``Suggester._score`` of group ``k``."""
        pair = int(self.groups[k]) // self.rules
        context: list[Span] = [(0, 0, 0)] if self.with_context[pair] else []  # only whether there is one counts
        shown = [s] if (s := self._first_shown(pair)) is not None else []
        empty = _Segment("")
        return self.suggester._score(_Text((empty, empty), {}, context, shown), self._hits(k))

    def _first_shown(self, pair: int) -> Span | None:
        for seg, text in ((0, int(self.texts.title[pair])), (1, int(self.texts.description[pair]))):
            found = self.first_shown.get(text)
            if found is not None:
                return (seg, found[0], found[1])
        return None

    def _group(self, g: int) -> int:
        import numpy as np

        return int(np.searchsorted(self.groups, g))

    def excluded_spans(self, g: int) -> list[Span]:
        """The exclusion matches of (pair, rule) number ``g``, in text order."""
        k = self._group(g)
        return list(self._hits(k).excluded)

    def found(self, pair: int, rule: int) -> tuple[Span, ...]:
        """The matches that explain the rule's score in the pair, as ``_score`` gives them."""
        import numpy as np

        g = pair * self.rules + rule
        found = self._found.get(g)
        if found is None:
            if g in self.hard:
                score = self._score(self._group(g))
                found = score.found if score is not None else ()
            else:
                lo, hi = np.searchsorted(self.found_group, [g, g + 1]).tolist()
                spans = self.found_spans[lo:hi]
                if any(self.found_ict[lo:hi]) and (shown := self._first_shown(pair)) is not None:
                    spans.append(shown)  # the ICT context that let the rule's ict_phrases count
                found = tuple(spans)
            self._found[g] = found
        return found

    def bound(self, groups: Sequence[int]) -> None:
        """Find where the evidence of (pair, rule) numbers ``groups`` lies, all at once, for :meth:`scored`."""
        import numpy as np

        if not groups or not len(self.groups):
            return
        wanted = np.asarray(groups, dtype=np.int64)
        lo = np.searchsorted(self.found_group, wanted).tolist()
        hi = np.searchsorted(self.found_group, wanted + 1).tolist()
        self._found_bounds.update(zip(groups, zip(lo, hi, strict=True), strict=True))

    def scored(self, pair: int, rule: int) -> _Score:
        """``Suggester._score`` of a rule that scores in the pair (one of :meth:`pair_scores`)."""
        g = pair * self.rules + rule
        if g in self.hard:
            score = self._score(self._group(g))
            assert score is not None
            return score
        found = self._found_bounds.get(g)
        if found is None:
            self.bound([g])
            found = self._found_bounds[g]
        lo, hi = found
        spans = self.found_spans[lo:hi]
        weights = self.found_added[lo:hi]
        if any(self.found_ict[lo:hi]) and (shown := self._first_shown(pair)) is not None:
            spans.append(shown)  # the ICT context that let the rule's ict_phrases count, with weight 0
            weights.append(0.0)
        return _Score(self.scores[g], tuple(spans), tuple(weights))

    def pair_scores(self, pair: int) -> dict[int, float]:
        """The scores of the pair's rules (those that are not None), by rule position."""
        import numpy as np

        base = pair * self.rules
        lo, hi = np.searchsorted(self.groups, [base, base + self.rules]).tolist()
        scores = self.scores
        return {g - base: scores[g] for g in self.groups[lo:hi].tolist() if g in scores}

    def surface(self, pair: int, span: Span) -> str:
        texts = self.texts
        k = int(texts.title[pair]) if span[0] == 0 else int(texts.description[pair])
        return texts.segment(k).surface(span[1], span[2])


def _nested(spans: Iterable[tuple[Span, float]]) -> list[tuple[Span, float]]:
    """Weighted spans, each span inside a longer one merged into it ("warning" into "early warning system")."""
    kept: list[list[Any]] = []
    for span, weight in sorted(spans, key=lambda x: (x[0][1] - x[0][2], -x[1], x[0])):
        outer = next((k for k in kept if k[0][0] == span[0] and k[0][1] <= span[1] and span[2] <= k[0][2]), None)
        if outer is None:
            kept.append([span, weight])
        else:
            outer[1] += weight
    return [(k[0], k[1]) for k in kept]


def _support(pairs: Iterable[tuple[str, float]], *, strongest_first: bool = False) -> tuple[Evidence, ...]:
    """Phrases with their weights, repeats (differing only in case) merged by adding their weights."""
    merged: dict[str, list[Any]] = {}
    for phrase, weight in pairs:
        entry = merged.setdefault(phrase.casefold(), [phrase, 0.0])
        entry[1] += weight
    if not strongest_first:
        return tuple(Evidence(p, round(w, 3)) for p, w in merged.values())
    # a goal's support may hold a hundred features: only the strongest few are made into Evidence
    rounded = [(p, round(w, 3)) for p, w in merged.values()]
    floor = MIN_EVIDENCE_SHARE * max((w for _, w in rounded), default=0.0)
    strongest = sorted(((p, w) for p, w in rounded if w > 0 and w >= floor), key=lambda e: -e[1])
    return tuple(Evidence(p, w) for p, w in strongest[:MAX_EVIDENCE])


def _unique(phrases: Iterable[str]) -> tuple[str, ...]:
    """The phrases without repeats that differ only in case, first spelling kept."""
    out: dict[str, str] = {}
    for p in phrases:
        out.setdefault(p.casefold(), p)
    return tuple(out.values())


def _number(value: object, where: str, *, positive: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(f"suggest rules: {where} must be a number, not {value!r}")
    if positive and value <= 0:
        raise ConfigError(f"suggest rules: {where} must be greater than 0, not {value!r}")
    return float(value)


def _count(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"suggest rules: {where} must be a whole number of at least 1, not {value!r}")
    return value


def _phrases(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise ConfigError(f"suggest rules: {where} must be a list of phrases (strings)")
    return list(value)


def _table(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"suggest rules: {where} must be a table")
    return value


def _build(raw: Mapping[str, Any], model: GoalModel | Callable[[], GoalModel] | None = None) -> Suggester:
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise ConfigError(f"suggest rules: unknown key(s) {', '.join(unknown)}")
    if raw.get("version") != 1:
        raise ConfigError(f"suggest rules: version must be 1, not {raw.get('version')!r}")
    if "threshold" not in raw:
        raise ConfigError("suggest rules: threshold is missing")
    threshold = _number(raw["threshold"], "threshold")
    ref = load_reference()
    known: dict[str, dict[str, str | None]] = {
        "action_lines": {code: line.parent for code, line in ref.action_lines.items()},
        "goals": {str(n): None for n in ref.goals},
    }
    rules: list[_Rule] = []
    index: dict[str, list[_Entry]] = {}
    for kind in _KINDS:
        sections = _table(raw.get(kind, {}), kind)
        bad = [c for c in sections if c not in known[kind]]
        if bad:
            raise ConfigError(f"suggest rules: unknown {kind.replace('_', ' ')[:-1]} code(s) {', '.join(bad)}")
        for code, parent in known[kind].items():  # reference order, which sets the tie-break order
            if code in sections:
                rules.append(_section(kind, code, parent, sections[code], threshold, len(rules), index))
    if not rules:
        raise ConfigError("suggest rules: no [action_lines.*] or [goals.*] section")
    context: dict[str, str] = {}
    for name, mode in (("ict_context", _CONTEXT), ("quiet_context", _QUIET)):
        for phrase in _phrases(raw.get(name, []), name):
            key = phrase_key(phrase)
            if not key:
                raise ConfigError(f"suggest rules: {name} phrase {phrase!r} has no letters or digits")
            if key in context:
                raise ConfigError(f"suggest rules: {name}: {phrase!r} and {context[key]!r} are the same phrase")
            context[key] = phrase
            index.setdefault(key, []).append((-1, 0.0, mode))
    return Suggester(
        rules,
        index,
        title_boost=_number(raw.get("title_boost", 1.0), "title_boost"),
        max_action_lines=_count(raw.get("max_action_lines", 5), "max_action_lines"),
        max_goals=_count(raw.get("max_goals", 5), "max_goals"),
        contradiction_score=_number(raw.get("contradiction_score", 2 * threshold), "contradiction_score"),
        model=model,
    )


def _section(
    kind: str,
    code: str,
    parent: str | None,
    value: object,
    default_threshold: float,
    position: int,
    index: dict[str, list[_Entry]],
) -> _Rule:
    where = f"[{kind}.{code}]" if "." not in code else f'[{kind}."{code}"]'
    section = _table(value, where)
    unknown = sorted(set(section) - _SECTION_KEYS)
    if unknown:
        raise ConfigError(f"suggest rules: {where}: unknown key(s) {', '.join(unknown)}")
    seen: dict[str, str] = {}

    def add(phrase: str, weight: float, mode: int, name: str) -> None:
        key = phrase_key(phrase)
        if not key:
            raise ConfigError(f"suggest rules: {where} {name}: phrase {phrase!r} has no letters or digits")
        if key in seen:
            raise ConfigError(
                f"suggest rules: {where}: {phrase!r} and {seen[key]!r} are the same phrase once case, accents "
                "and plurals are folded"
            )
        seen[key] = phrase
        index.setdefault(key, []).append((position, weight, mode))

    for mode, name in ((_POSITIVE, "phrases"), (_ICT, "ict_phrases")):
        for phrase, weight in _table(section.get(name, {}), f"{where} {name}").items():
            add(phrase, _number(weight, f"{where} {name} weight of {phrase!r}", positive=False), mode, name)
            if weight == 0:
                raise ConfigError(f"suggest rules: {where} {name}: weight of {phrase!r} is 0")
    if not seen:
        raise ConfigError(f"suggest rules: {where} has no phrases")
    for phrase in _phrases(section.get("exclude", []), f"{where} exclude"):
        add(phrase, 0.0, _EXCLUDE, "exclude")
    warn = section.get("warn_if_absent", True)
    if not isinstance(warn, bool):
        raise ConfigError(f"suggest rules: {where} warn_if_absent must be true or false")
    return _Rule(
        kind=kind,
        code=code,
        threshold=_number(section.get("threshold", default_threshold), f"{where} threshold"),
        warn_if_absent=warn,
        parent=parent,
    )


def _packaged_rules() -> str:
    return resources.files("itu_contrib").joinpath("data").joinpath("suggest_rules.toml").read_text(encoding="utf-8")


@cache
def load_suggester() -> Suggester:
    """The suggester built from the packaged rules and goal model (``itu_contrib/data/``), built once."""
    return Suggester.from_toml(_packaged_rules(), load_goal_model)


def folded_words(text: str | None) -> list[str]:
    """A text's words folded as the suggester compares them (case, accents, simple plurals).

    >>> folded_words("Teachers' digital Skills")
    ['teacher', 'digital', 'skill']
    """
    return list(_Segment(text or "").words)


def format_suggestion(suggestion: Suggestion, *, limit: int = 3) -> str:
    """One line for people: the code and the strongest phrases that support it.

    >>> format_suggestion(Suggestion("4", 0.93, ("schools", "teachers")))
    "SDG 4, from 'schools', 'teachers'"
    >>> format_suggestion(Suggestion("C7.e-health", 4.0, ("telemedicine",)))
    "C7.e-health, from 'telemedicine'"
    """
    label = f"SDG {suggestion.code}" if suggestion.code.isdigit() else suggestion.code
    phrases = suggestion.evidence[:limit]
    if not phrases:
        return label
    return f"{label}, from " + ", ".join(f"'{p}'" for p in phrases)


def format_suggestions(suggestions: Suggestions, *, limit: int = 3) -> str:
    """All suggestions of a text on one line, action lines then goals, separated by '; ' (empty when none)."""
    return "; ".join(format_suggestion(s, limit=limit) for s in (*suggestions.action_lines, *suggestions.goals))


def beyond_declared(
    found: Suggestions,
    *,
    action_lines: Iterable[str] = (),
    goals: Iterable[int | str] = (),
    targets: Iterable[str] = (),
    indicators: Iterable[str] = (),
    reference: Reference | None = None,
) -> Suggestions:
    """The suggestions that add to the declared tags: none repeats a declared code or one implied by it.

    A C7 sub-line implies C7; a target implies its goal; an indicator implies its target's goal. A suggested
    sub-line of a declared C7 is kept (it says more than C7).

    >>> s = Suggestions((Suggestion("C7", 3.0, ()),), (Suggestion("4", 0.9, ()), Suggestion("5", 0.8, ())))
    >>> beyond_declared(s, action_lines=["C7.e-learning"], targets=["4.4"]).goal_numbers
    (5,)
    """
    ref = reference or load_reference()
    lines = set(action_lines)
    lines |= {p for c in list(lines) if c in ref.action_lines and (p := ref.action_lines[c].parent)}
    said = {str(g) for g in goals}
    said |= {str(ref.targets[t].goal) for t in targets if t in ref.targets}
    said |= {str(ref.indicators[i].goal) for i in indicators if i in ref.indicators}
    return Suggestions(
        tuple(s for s in found.action_lines if s.code not in lines), tuple(s for s in found.goals if s.code not in said)
    )
