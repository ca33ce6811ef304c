"""A linear model over words and word pairs that scores SDG goals, each score explained by the words that made it."""

from __future__ import annotations

import json
import math
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .errors import ConfigError

#: Words that carry no topic, in the three languages of the inputs: never features, never evidence. The names of
#: ITU and the UN are among them: nearly every activity names them, and they say nothing about its goals.
STOPWORDS = frozenset(
    # folded as the suggester folds words: "this" -> "thi", "dans" -> "dan", "plus" -> "plu"
    """a an and are as at be been but by for from has had have in into is it its of on or our such than that the
    their them these they this thi those to was were which while who will with within without also other more
    most not no can may all any each both between over under through about after before during per via upon
    au aux avec ce ces dans dan de des du elle en et il ils la le les leur par pour que qui sa se ses son sur
    un une ou plus plu pas est sont ete etre cette
    al con como del el las lo los para por su sus una uno es entre sobre mas
    including includes well across among like etc however therefore would should could must
    itu uit un onu""".split()  # noqa: SIM905 - a word list reads best as text
)


def features(
    words: Sequence[str], glossary: Mapping[str, str] | None = None, heads: Container[str] | None = None
) -> dict[str, tuple[int, int]]:
    """The model's features of one run of folded words, each with the word span of its first occurrence.

    A feature is a word or two adjacent words, neither of them a stopword, a number or a single letter;
    a French or Spanish word of the ``glossary`` counts as its English word. With ``heads``, only word pairs
    whose first word is one of them are formed (a speed-up when only those pairs have weights).

    >>> sorted(features(["digital", "skill", "for", "teacher"]))
    ['digital', 'digital skill', 'skill', 'teacher']
    >>> sorted(features(["ecole", "numerique"], {"ecole": "school", "numerique": "digital"}))
    ['digital', 'school', 'school digital']
    """
    out: dict[str, tuple[int, int]] = {}
    previous: str | None = None
    for i, word in enumerate(words):
        if len(word) < 2 or word.isdigit() or word in STOPWORDS:
            previous = None
            continue
        if glossary:
            word = glossary.get(word, word)
        out.setdefault(word, (i, i + 1))
        if previous is not None and (heads is None or previous in heads):
            out.setdefault(f"{previous} {word}", (i - 1, i + 1))
        previous = word
    return out


@dataclass(frozen=True, slots=True)
class DenseWeights:
    """A model's weights as arrays: the row of each feature, its weight and whether it has one, per goal.

    ``exact`` is False when a feature lists a goal twice: :meth:`GoalModel.score` then adds both weights one
    after the other, which one matrix cell cannot reproduce to the last bit, and texts are scored one by one.
    """

    index: Mapping[str, int]
    weights: Any  # numpy array, features x goals
    present: Any  # numpy bool array, features x goals
    exact: bool


@dataclass(frozen=True, slots=True)
class GoalScore:
    """One goal's probability and the features of the text that raised it, with their weights, largest first."""

    goal: str
    probability: float
    support: tuple[tuple[str, tuple[int, int, int], float], ...]  # feature, (segment, start, stop), weight


class GoalModel:
    """Per goal: a bias, a weight per feature and a weight for the keyword rules' score; logistic link.

    The weights are trained offline (``benchmarks/suggester/train_goal_model.py``) and shipped as JSON;
    scoring is a sum of the weights of the features found, so every suggestion is explained by them.
    A goal is suggested (:meth:`choose`) when it is the best one and reaches ``top_threshold``, when its
    keyword rule fired and it reaches ``rule_threshold`` (``long_rule_threshold`` in a text of more than
    ``short_text`` words), or in any case from ``threshold``; at most ``max_goals``, most probable first.
    A rule that fires in a short text (an activity's title and description) is specific; in a long paragraph
    the keywords of many goals occur in passing, so there the rule needs more support from the model.
    """

    def __init__(
        self,
        goals: Sequence[str],
        bias: Sequence[float],
        rule_weight: Sequence[float],
        weights: Mapping[str, Sequence[tuple[int, float]]],
        *,
        threshold: float,
        top_threshold: float,
        rule_threshold: float,
        max_goals: int,
        min_weight: float,
        glossary: Mapping[str, str] | None = None,
        long_rule_threshold: float | None = None,
        short_text: int | None = None,
    ) -> None:
        self.goals = tuple(goals)
        self._bias = tuple(bias)
        self._rule_weight = tuple(rule_weight)
        self._weights = {k: tuple(v) for k, v in weights.items()}
        self.threshold = threshold
        self.top_threshold = top_threshold
        self.rule_threshold = rule_threshold
        self.long_rule_threshold = rule_threshold if long_rule_threshold is None else long_rule_threshold
        self.short_text = short_text
        self.max_goals = max_goals
        self._min_weight = min_weight
        self._glossary = dict(glossary or {})
        self._heads = frozenset(k.split(" ", 1)[0] for k in self._weights if " " in k)
        # goals below every threshold are never suggested: their evidence is not collected
        self._floor = min(threshold, top_threshold, rule_threshold, self.long_rule_threshold)
        self._dense: DenseWeights | None = None

    @classmethod
    def from_json(cls, text: str) -> GoalModel:
        """A model from the text of its JSON file; ConfigError names what is wrong."""
        try:
            raw = json.loads(text)
            goals = [str(g) for g in raw["goals"]]
            n = len(goals)
            weights: dict[str, list[tuple[int, float]]] = {}
            for feature, row in raw["weights"].items():
                weights[str(feature)] = [(int(g), float(w)) for g, w in row]
                if any(not 0 <= g < n for g, _ in weights[feature]):
                    raise ValueError(f"feature {feature!r}: goal index out of range")
            bias = [float(b) for b in raw["bias"]]
            rule_weight = [float(w) for w in raw["rule_weight"]]
            if len(bias) != n or len(rule_weight) != n:
                raise ValueError("bias and rule_weight need one value per goal")
            return cls(
                goals,
                bias,
                rule_weight,
                weights,
                threshold=float(raw["threshold"]),
                top_threshold=float(raw["top_threshold"]),
                rule_threshold=float(raw["rule_threshold"]),
                max_goals=int(raw["max_goals"]),
                min_weight=float(raw.get("min_weight", 0.0)),
                glossary={str(k): str(v) for k, v in raw.get("glossary", {}).items()},
                long_rule_threshold=float(raw["long_rule_threshold"]) if "long_rule_threshold" in raw else None,
                short_text=int(raw["short_text"]) if raw.get("short_text") is not None else None,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"goal model: {exc}") from exc

    def score(
        self, segments: Sequence[Sequence[str]], rule_scores: Mapping[str, float] | None = None
    ) -> list[GoalScore]:
        """Every goal's score for a text given as runs of folded words (title, description).

        ``rule_scores`` are the keyword rules' scores per goal, as a fraction of each rule's threshold.
        """
        z = list(self._bias)
        hits: list[tuple[str, tuple[int, int, int], tuple[tuple[int, float], ...]]] = []
        seen: set[str] = set()
        weights = self._weights
        for seg, words in enumerate(segments):
            for feature, (start, stop) in features(words, self._glossary, self._heads).items():
                if feature in seen:
                    continue
                seen.add(feature)
                row = weights.get(feature)
                if row is None:
                    continue
                hits.append((feature, (seg, start, stop), row))
                for g, w in row:
                    z[g] += w
        out = []
        for g, goal in enumerate(self.goals):
            rule = (rule_scores or {}).get(goal, 0.0)
            if rule:
                z[g] += self._rule_weight[g] * rule
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z[g]))))
            support: list[tuple[str, tuple[int, int, int], float]] = []
            if p >= self._floor:
                for feature, span, row in hits:
                    for h, w in row:
                        if h == g and w >= self._min_weight:
                            support.append((feature, span, w))
                support.sort(key=lambda s: -s[2])
            out.append(GoalScore(goal, p, tuple(support)))
        return out

    def choose(
        self, scores: Sequence[GoalScore], rule_scores: Mapping[str, float] | None = None, words: int = 0
    ) -> list[GoalScore]:
        """The goals to suggest, most probable first, for a text of ``words`` words: see the class documentation."""
        ranked = sorted(scores, key=lambda s: -s.probability)
        fired = rule_scores or {}
        long_text = self.short_text is not None and words > self.short_text
        rule_threshold = self.long_rule_threshold if long_text else self.rule_threshold
        out = []
        for n, s in enumerate(ranked):
            p = s.probability
            if (
                p >= self.threshold
                or (n == 0 and p >= self.top_threshold)
                or (fired.get(s.goal, 0.0) >= 1.0 and p >= rule_threshold)
            ):
                out.append(s)
        return out[: self.max_goals]

    @property
    def floor(self) -> float:
        """The lowest probability at which a goal may be suggested: below it, :meth:`choose` never takes a goal."""
        return self._floor

    @property
    def bias(self) -> tuple[float, ...]:
        """Each goal's bias, in the order of :attr:`goals`."""
        return self._bias

    @property
    def rule_weights(self) -> tuple[float, ...]:
        """Each goal's weight of the keyword rules' score, in the order of :attr:`goals`."""
        return self._rule_weight

    @property
    def min_weight(self) -> float:
        """A feature's weight for a goal explains the goal only from this weight on."""
        return self._min_weight

    @property
    def glossary(self) -> Mapping[str, str]:
        """French and Spanish words and the English word each counts as."""
        return self._glossary

    @property
    def heads(self) -> frozenset[str]:
        """The first words of the word pairs that have weights."""
        return self._heads

    def dense(self) -> DenseWeights:
        """The weights as a matrix (feature x goal), for scoring many texts at once; made on first use."""
        if self._dense is None:
            import numpy as np

            index = {feature: k for k, feature in enumerate(self._weights)}
            rows = list(self._weights.values())
            at = np.repeat(np.arange(len(rows), dtype=np.int64), [len(r) for r in rows])
            goal = np.fromiter((g for r in rows for g, _ in r), dtype=np.int64, count=len(at))
            value = np.fromiter((w for r in rows for _, w in r), dtype=np.float64, count=len(at))
            weights = np.zeros((len(index), len(self.goals)), dtype=np.float64)
            present = np.zeros((len(index), len(self.goals)), dtype=bool)
            weights[at, goal] = value
            present[at, goal] = True
            exact = int(present.sum()) == len(at)  # no goal twice in a row
            self._dense = DenseWeights(index, weights, present, exact)
        return self._dense

    def rule_weight(self, goal: str) -> float:
        """The weight of the keyword rules' score (as a fraction of the rule's threshold) for a goal."""
        return self._rule_weight[self.goals.index(goal)]

    def to_json(self) -> dict[str, Any]:
        """The model as the JSON object it is stored as."""
        return {
            "goals": list(self.goals),
            "bias": list(self._bias),
            "rule_weight": list(self._rule_weight),
            "threshold": self.threshold,
            "top_threshold": self.top_threshold,
            "rule_threshold": self.rule_threshold,
            "long_rule_threshold": self.long_rule_threshold,
            "short_text": self.short_text,
            "max_goals": self.max_goals,
            "min_weight": self._min_weight,
            "glossary": dict(sorted(self._glossary.items())),
            "weights": {k: [list(e) for e in v] for k, v in sorted(self._weights.items())},
        }


@cache
def load_goal_model() -> GoalModel:
    """The packaged model (``itu_contrib/data/goal_model.json``), loaded once."""
    text = resources.files("itu_contrib").joinpath("data").joinpath("goal_model.json").read_text(encoding="utf-8")
    return GoalModel.from_json(text)
