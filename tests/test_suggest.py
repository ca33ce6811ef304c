"""The offline suggester proposes action lines and goals from text, explains them and keeps its measured quality."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from builders import load_module

from itu_contrib.errors import ConfigError
from itu_contrib.goal_model import GoalModel, load_goal_model
from itu_contrib.reference import load_reference
from itu_contrib.suggest import (
    Evidence,
    Suggester,
    Suggestion,
    Suggestions,
    beyond_declared,
    format_suggestion,
    format_suggestions,
    load_suggester,
)
from itu_contrib.tagging import tag

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks" / "suggester"
SUGGESTER = load_suggester()

GCI = (
    "Global Cybersecurity Index",
    "The Global Cybersecurity Index measures the commitment of countries to cybersecurity along five pillars: "
    "legal, technical and organizational measures, capacity development and cooperation.",
)
EW4ALL = (
    "Early Warnings for All",
    "The UN Secretary-General's initiative aims to protect everyone on Earth with early warning systems by 2027. "
    "ITU leads the pillar on warning dissemination, helping countries send alerts by cell broadcast.",
)
GIRLS = (
    "International Girls in ICT Day",
    "Every fourth Thursday of April, the day encourages girls and young women to consider studies and careers in "
    "ICT, with coding workshops and mentoring by women working in the tech sector.",
)
FOOD = ("Food security in the Sahel", "Support to smallholder farmers to improve food security and nutrition.")

SMALL_RULES = """
version = 1
threshold = 2.0
ict_context = ["digital", "online"]

[action_lines.C5]
exclude = ["food security"]
[action_lines.C5.phrases]
"cybersecurity" = 3
"security" = 2
[action_lines.C7.phrases]
"artificial intelligence" = 2
[action_lines."C7.e-health".phrases]
"telemedicine" = 3
"network coverage" = 2
[action_lines."C7.e-health".ict_phrases]
"health" = 2

[goals.2.phrases]
"food security" = 3
"hunger" = 3
[goals.9.phrases]
"network coverage" = 2
"coverage" = 2
[goals.16.phrases]
"security" = 2
"""


def _codes(s: Suggestions) -> tuple[list[str], list[str]]:
    return [a.code for a in s.action_lines], [g.code for g in s.goals]


def test_global_cybersecurity_index_suggests_c5_with_cybersecurity_as_evidence() -> None:
    """A Global Cybersecurity Index text suggests C5 first, with 'cybersecurity' among the evidence."""
    s = SUGGESTER.suggest(*GCI)
    assert s.action_lines[0].code == "C5"
    assert "cybersecurity" in [e.lower() for e in s.action_lines[0].evidence]


def test_early_warnings_for_all_suggests_climate_action() -> None:
    """An Early Warnings for All text suggests goal 13 and the e-environment sub-line."""
    lines, goals = _codes(SUGGESTER.suggest(*EW4ALL))
    assert "13" in goals
    assert "C7.e-environment" in lines


def test_girls_in_ict_suggests_gender_equality_and_education() -> None:
    """A Girls in ICT Day text suggests goals 5 and 4 and capacity building."""
    lines, goals = _codes(SUGGESTER.suggest(*GIRLS))
    assert {"4", "5"} <= set(goals)
    assert "C4" in lines


def test_food_security_is_zero_hunger_not_cybersecurity() -> None:
    """'food security' suggests goal 2, never C5, and contradicts a declared C5."""
    lines, goals = _codes(SUGGESTER.suggest(*FOOD))
    assert goals[0] == "2"
    assert "C5" not in lines
    assert SUGGESTER.contradicts("C5", *FOOD) == ("Food security",)


def test_false_friends_of_other_goals_are_excluded() -> None:
    """'financial health' is not health (3), 'social security' is poverty (1) not C5, 'submarine cables' not 14."""
    health = SUGGESTER.suggest("Financial health check", "Advisers review the financial health of small firms.")
    assert "3" not in _codes(health)[1]
    social = SUGGESTER.suggest("Social security reform", "Extending social security to self-employed workers.")
    assert "1" in _codes(social)[1]
    assert "C5" not in _codes(social)[0]
    cables = SUGGESTER.suggest("Submarine cables", "Repairing the submarine cables that carry Internet traffic.")
    assert "14" not in _codes(cables)[1]


def test_french_and_spanish_texts_are_matched_with_accents_folded() -> None:
    """French and Spanish phrases match whatever the accents and case."""
    fr = SUGGESTER.suggest("Cybersécurité", "L'UIT aide les pays à créer leur équipe nationale CIRT.")
    assert _codes(fr)[0][0] == "C5"
    assert fr.action_lines[0].evidence[0] == "Cybersécurité"
    es = SUGGESTER.suggest("AGUA POTABLE", "Agua potable y saneamiento para comunidades rurales.")
    assert _codes(es)[1] == ["6"]


def test_suggestions_are_deterministic() -> None:
    """The same text gives the same suggestions, from the cached and from a freshly built suggester."""
    data = resources.files("itu_contrib").joinpath("data")
    model = GoalModel.from_json(data.joinpath("goal_model.json").read_text(encoding="utf-8"))
    fresh = Suggester.from_toml(data.joinpath("suggest_rules.toml").read_text(encoding="utf-8"), model)
    for text in (GCI, EW4ALL, GIRLS, FOOD):
        assert SUGGESTER.suggest(*text) == SUGGESTER.suggest(*text) == fresh.suggest(*text)


def test_ranking_is_by_score_then_code_order() -> None:
    """Suggestions come best score first and, at equal scores, in reference code order."""
    suggester = Suggester.from_toml(SMALL_RULES)
    goals = suggester.suggest(None, "hunger and network coverage").goals
    assert [(g.code, g.score) for g in goals] == [("2", 3.0), ("9", 2.0)]
    tied = suggester.suggest(None, "security of the network coverage")
    assert [g.code for g in tied.goals] == ["9", "16"]


def test_evidence_is_text_as_written() -> None:
    """Every evidence phrase of every eval-set text is a substring of its title or description."""
    module = _evaluate_module()
    for item in module.load_eval_set():
        s = SUGGESTER.suggest(item.title, item.text)
        for suggestion in s.action_lines + s.goals:
            assert suggestion.evidence
            for phrase in suggestion.evidence:
                assert phrase in item.title or phrase in item.text, (item.id, suggestion.code, phrase)


@pytest.mark.parametrize(("title", "description"), [("", ""), (None, None), ("   ", "\n\t"), ("-- / --", "...")])
def test_empty_text_gives_nothing(title: str | None, description: str | None) -> None:
    """A blank or punctuation-only text suggests nothing and contradicts nothing."""
    assert SUGGESTER.suggest(title, description) == Suggestions((), ())
    assert SUGGESTER.contradicts("C5", title, description) == ()


def test_phrases_match_whole_words_only() -> None:
    """'security' does not match inside 'cybersecurity'."""
    suggester = Suggester.from_toml(SMALL_RULES)
    s = suggester.suggest(None, "national cybersecurity strategy")
    assert [(a.code, a.evidence) for a in s.action_lines] == [("C5", ("cybersecurity",))]
    assert s.goals == ()


def test_exclusion_masks_only_the_excluded_occurrence() -> None:
    """'food security' masks its own 'security' for C5, while 'security' elsewhere still counts."""
    suggester = Suggester.from_toml(SMALL_RULES)
    assert _codes(suggester.suggest(None, "food security"))[0] == []
    both = suggester.suggest(None, "food security and security of payments")
    assert both.action_lines[0].code == "C5"
    assert both.action_lines[0].evidence == ("security",)


def test_nested_phrase_counts_once() -> None:
    """A phrase inside a longer matched phrase of the same rule adds nothing ('coverage' in 'network coverage')."""
    suggester = Suggester.from_toml(SMALL_RULES)
    goal = suggester.suggest(None, "mobile network coverage").goals[0]
    assert (goal.code, goal.score, goal.evidence) == ("9", 2.0, ("network coverage",))


def test_ict_phrases_need_an_ict_context() -> None:
    """An ict_phrases phrase counts only when the text also matches an ict_context phrase, shown as evidence."""
    suggester = Suggester.from_toml(SMALL_RULES)
    assert suggester.suggest(None, "community health workers").action_lines == ()
    s = suggester.suggest(None, "digital tools for community health workers")
    assert [(a.code, a.evidence) for a in s.action_lines] == [("C7.e-health", ("health", "digital"))]


def test_sub_line_replaces_its_parent() -> None:
    """When a C7 sub-line is suggested, C7 itself is not suggested too."""
    suggester = Suggester.from_toml(SMALL_RULES)
    s = suggester.suggest(None, "artificial intelligence for telemedicine")
    assert _codes(s)[0] == ["C7.e-health"]
    assert _codes(suggester.suggest(None, "artificial intelligence"))[0] == ["C7"]


def test_contradicts_is_conservative() -> None:
    """A tag is questioned only on an exclusion phrase or strong evidence elsewhere with none for it."""
    telemedicine = ("Telemedicine", "Nurses consult doctors by video link and share electronic health records.")
    assert SUGGESTER.contradicts("C5", *GCI) == ()
    assert SUGGESTER.contradicts("C5", "Cybersecurity and food security", "CIRT for food agencies") == ()
    assert "Telemedicine" in SUGGESTER.contradicts("C2", *telemedicine)
    assert SUGGESTER.contradicts("C7", *telemedicine) == ()  # the parent of the suggested sub-line
    assert SUGGESTER.contradicts("C4", *telemedicine) == ()  # cross-cutting line: absence is no contradiction
    assert SUGGESTER.contradicts("C99", *telemedicine) == ()


def test_packaged_rules_cover_every_action_line_and_goal() -> None:
    """The packaged rules have a section for each of the 19 action lines and 17 goals, in reference order."""
    ref = load_reference()
    assert SUGGESTER.codes == (*ref.action_lines, *(str(g) for g in ref.goals))


def test_load_suggester_is_cached() -> None:
    """load_suggester builds the suggester once."""
    assert load_suggester() is load_suggester()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version = 1\nthreshold = [", "not valid TOML"),
        ('threshold = 2.0\n[goals.2.phrases]\n"hunger" = 3', "version must be 1"),
        ('version = 1\n[goals.2.phrases]\n"hunger" = 3', "threshold is missing"),
        ('version = 1\nthreshold = 0\n[goals.2.phrases]\n"hunger" = 3', "threshold must be greater than 0"),
        ('version = 1\nthreshold = 2\n[goals.18.phrases]\n"space" = 3', "unknown goal code.*18"),
        ('version = 1\nthreshold = 2\n[action_lines.C12.phrases]\n"x" = 3', "unknown action line code.*C12"),
        ('version = 1\nthreshold = 2\n[goals.2.phrases]\n"hunger" = "high"', "weight of 'hunger' must be a number"),
        ('version = 1\nthreshold = 2\n[goals.2.phrases]\n"hunger" = 0', "weight of 'hunger' is 0"),
        ('version = 1\nthreshold = 2\n[goals.2.phrases]\n"Farmers" = 2\n"farmer" = 1', "'farmer' and 'Farmers'"),
        ('version = 1\nthreshold = 2\n[goals.2.phrases]\n"--" = 2', "has no letters or digits"),
        ('version = 1\nthreshold = 2\n[goals.2]\nexclude = "x"\n[goals.2.phrases]\n"a" = 1', "must be a list"),
        ('version = 1\nthreshold = 2\n[goals.2]\nwords = ["a"]', r"\[goals.2\]: unknown key\(s\) words"),
        ("version = 1\nthreshold = 2\n[goals.2]\nthreshold = 3", r"\[goals.2\] has no phrases"),
        ("version = 1\nthreshold = 2\nspeed = 3", "unknown key.*speed"),
        ('version = 1\nthreshold = 2\nict_context = ["Apps", "app"]\n[goals.2.phrases]\n"a" = 3', "'app' and 'Apps'"),
        ("version = 1\nthreshold = 2", "no .* section"),
    ],
)
def test_malformed_rules_raise_config_error_naming_the_problem(text: str, message: str) -> None:
    """A malformed rules file raises ConfigError whose message names what is wrong."""
    with pytest.raises(ConfigError, match=message):
        Suggester.from_toml(text)


def _evaluate_module() -> ModuleType:
    path = BENCH / "evaluate.py"
    if not path.exists():
        pytest.skip("benchmarks/suggester is not part of this source tree")
    return load_module("suggester_evaluate", path)


def test_measured_quality_on_the_held_out_test_split() -> None:
    """On the held-out test split, mean per-goal accuracy is at least 85% and micro-F1 stays above its floor."""
    module = _evaluate_module()
    report = module.evaluate(module.load_eval_set(), "test")
    assert report.goals.mean_accuracy >= 0.85
    # accuracy is mostly true negatives (never suggesting anything scores about 90%): F1 catches real regressions
    assert report.goals.micro_f1 >= MIN_TEST_GOAL_MICRO_F1
    assert report.action_lines.micro_f1 >= MIN_TEST_ACTION_LINE_MICRO_F1
    for goal in ("9", "17"):  # ITU's main key focus goals must not be suggested for everything
        precision = report.goals.stats(goal).precision
        assert precision is not None
        assert precision >= MIN_TEST_FOCUS_GOAL_PRECISION


# measured: 0.848 for goals (rules + model) and 0.847 for action lines (benchmarks/suggester/RESULTS.md)
MIN_TEST_GOAL_MICRO_F1 = 0.80
MIN_TEST_ACTION_LINE_MICRO_F1 = 0.80
# goal 17 with the model: 5 of 7 suggestions right (71.4%; the rules alone: 4 of 5, 80%), recall 57% -> 71%
MIN_TEST_FOCUS_GOAL_PRECISION = 0.70


def test_measured_quality_on_the_public_test_split() -> None:
    """On the public set's held-out test split (texts by others), recall and accuracy reach the issue #16 targets.

    Precision is held to its measured level, not to the 88% target, which it misses (RESULTS.md).
    """
    module = _evaluate_module()
    report = module.evaluate(module.load_public_set(), "test")
    assert report.goals.mean_accuracy >= 0.88
    assert report.goals.micro_recall >= 0.82
    assert report.goals.micro_precision >= MIN_PUBLIC_TEST_PRECISION
    rules_alone = module.evaluate(module.load_public_set(), "test", module.rules_only())
    assert report.goals.micro_precision > rules_alone.goals.micro_precision + 0.1  # what the model is for


# measured when the model was frozen: 0.777 (0.711 with the previous model; benchmarks/suggester/RESULTS.md)
MIN_PUBLIC_TEST_PRECISION = 0.75

SCHOOLS = ("Connect2Schools", "Connecting every school to the Internet and training teachers in digital skills.")


def test_goal_suggestions_carry_weighted_evidence_strongest_first() -> None:
    """A goal suggestion lists the phrases that raised it with positive weights, strongest first."""
    goal = next(g for g in SUGGESTER.suggest(*SCHOOLS).goals if g.code == "4")
    assert goal.support
    weights = [e.weight for e in goal.support]
    assert all(w > 0 for w in weights)
    assert weights == sorted(weights, reverse=True)
    assert goal.evidence == tuple(e.phrase for e in goal.support)
    assert {"teachers", "school"} <= {e.phrase for e in goal.support}
    assert 0 < goal.score <= 1  # a goal's score is the model's probability


def test_action_line_suggestions_carry_their_rule_weights() -> None:
    """An action line's evidence carries the weight its rule gives each phrase (title boost included)."""
    suggester = Suggester.from_toml(SMALL_RULES)
    line = suggester.suggest("Cybersecurity", "national cybersecurity and security of payments").action_lines[0]
    assert line.code == "C5"
    assert line.support == (Evidence("Cybersecurity", 3.0), Evidence("security", 2.0))
    assert line.score == 5.0


def test_evidence_words_are_merged_into_the_phrase_that_holds_them() -> None:
    """A word inside a longer evidence phrase of the same text is not listed again on its own."""
    for title, description in (GCI, EW4ALL, GIRLS, FOOD, SCHOOLS):
        for goal in SUGGESTER.suggest(title, description).goals:
            phrases = [e.phrase.casefold() for e in goal.support]
            assert len(phrases) == len(set(phrases))


def test_format_suggestion_is_one_line_with_the_strongest_phrases() -> None:
    """The one-line form names the goal or action line and up to three phrases, quoted."""
    assert format_suggestion(Suggestion("4", 0.9, ("schools", "teachers"))) == "SDG 4, from 'schools', 'teachers'"
    assert format_suggestion(Suggestion("C5", 3.0, ("CIRT",))) == "C5, from 'CIRT'"
    assert format_suggestion(Suggestion("13", 0.5, ())) == "SDG 13"
    many = Suggestion("3", 0.9, ("a", "b", "c", "d"))
    assert format_suggestion(many) == "SDG 3, from 'a', 'b', 'c'"
    assert format_suggestion(many, limit=1) == "SDG 3, from 'a'"
    line = format_suggestions(SUGGESTER.suggest(*SCHOOLS))
    assert "SDG 4, from " in line
    assert "'teachers'" in line
    assert "\n" not in line
    assert format_suggestions(Suggestions((), ())) == ""


@pytest.mark.parametrize(
    ("title", "description", "words"),
    [
        (
            "Écoles connectées",
            "Connecter les écoles rurales à Internet et former les enseignants aux compétences numériques.",
            {"enseignants", "Écoles"},
        ),
        (
            "Escuelas conectadas",
            "Conectar las escuelas rurales a Internet y capacitar a los docentes en habilidades digitales.",
            {"docentes", "Escuelas"},
        ),
    ],
)
def test_french_and_spanish_texts_get_goal_suggestions_with_their_own_words(
    title: str, description: str, words: set[str]
) -> None:
    """A French or a Spanish school text suggests goal 4, explained by its own words, not English ones."""
    goals = SUGGESTER.suggest(title, description).goals
    assert goals[0].code == "4"
    assert words <= set(goals[0].evidence)


def test_french_and_spanish_health_and_water_texts() -> None:
    """French health and Spanish water texts get goals 3 and 6."""
    fr = SUGGESTER.suggest("Santé numérique", "Des centres de santé ruraux consultent des médecins par vidéo.")
    assert fr.goals[0].code == "3"
    es = SUGGESTER.suggest("Agua", "Sensores para vigilar la calidad del agua y el saneamiento en zonas rurales.")
    assert es.goals[0].code == "6"


def test_beyond_declared_drops_what_the_declared_tags_say_or_imply() -> None:
    """A declared sub-line hides C7, a declared target or indicator hides its goal; a finer sub-line stays."""
    found = Suggestions(
        (Suggestion("C7", 3.0, ("apps",)), Suggestion("C7.e-health", 3.0, ("telemedicine",)), Suggestion("C4", 2, ())),
        (Suggestion("3", 0.9, ()), Suggestion("4", 0.8, ()), Suggestion("9", 0.7, ()), Suggestion("17", 0.6, ())),
    )
    kept = beyond_declared(
        found, action_lines=["C7.e-learning", "C4"], goals=[17], targets=["4.4"], indicators=["9.c.1"]
    )
    assert [s.code for s in kept.action_lines] == ["C7.e-health"]
    assert kept.goal_numbers == (3,)
    parent_only = beyond_declared(found, action_lines=["C7"])
    assert [s.code for s in parent_only.action_lines] == ["C7.e-health", "C4"]
    assert beyond_declared(found) == found


@pytest.fixture(scope="module")
def tagged_samples() -> list[object]:
    """Both years of sample inputs, tagged with suggestions."""
    return [tag(ROOT / "inputs" / year, year=int(year)) for year in ("2024", "2025")]


def test_no_suggestion_repeats_or_is_implied_by_a_declared_tag_on_the_samples(tagged_samples: list[object]) -> None:
    """On the sample inputs, no suggested action line or goal is declared or implied by a declared code."""
    ref = load_reference()
    suggested = 0
    for result in tagged_samples:
        for row in result.activities.to_dict(orient="records"):  # type: ignore[attr-defined]
            lines = set(row["action_lines"]) | {ref.action_lines[c].parent for c in row["action_lines"]}
            goals = set(row["sdg_goals"]) | {ref.targets[t].goal for t in row["sdg_targets"]}
            goals |= {ref.indicators[i].goal for i in row["sdg_indicators"]}
            assert not set(row["suggested_action_lines"]) & lines, row["activity_id"]
            assert not set(row["suggested_sdg_goals"]) & goals, row["activity_id"]
            suggested += bool(row["suggested_action_lines"] or row["suggested_sdg_goals"])
    assert suggested > 0  # the check above ran on real suggestions


def test_suggestion_evidence_column_explains_each_suggestion(tagged_samples: list[object]) -> None:
    """Each tagged activity with suggestions has a suggestion_evidence line naming every suggested code."""
    for result in tagged_samples:
        for row in result.activities.to_dict(orient="records"):  # type: ignore[attr-defined]
            evidence = row["suggestion_evidence"]
            if not (row["suggested_action_lines"] or row["suggested_sdg_goals"]):
                assert pd.isna(evidence), row["activity_id"]
                continue
            parts = evidence.split("; ")
            expected = [*row["suggested_action_lines"], *(f"SDG {g}" for g in row["suggested_sdg_goals"])]
            assert [p.split(", from ")[0] for p in parts] == expected, row["activity_id"]
            assert all(", from '" in p for p in parts), row["activity_id"]


def test_sample_with_a_declared_sub_line_gets_no_plain_c7() -> None:
    """An activity declaring C7.e-health whose text would suggest C7 gets neither C7 nor C7.e-health suggested."""
    result = tag(ROOT / "inputs" / "2025", year=2025)
    rows = result.activities.to_dict(orient="records")
    with_sub_lines = [r for r in rows if any(c.startswith("C7.") for c in r["action_lines"])]
    assert with_sub_lines
    for row in with_sub_lines:
        assert "C7" not in row["suggested_action_lines"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "goal model"),
        ('{"goals": ["1"], "bias": [0, 1], "rule_weight": [0], "weights": {}}', "one value per goal"),
        ('{"goals": ["1"], "bias": [0], "rule_weight": [0], "threshold": 0.5, "weights": {"x": [[3, 1]]}}', "range"),
        ('{"goals": ["1"], "bias": [0], "rule_weight": [0]}', "weights"),
    ],
)
def test_malformed_goal_model_raises_config_error(text: str, message: str) -> None:
    """A broken goal model file raises ConfigError naming the problem."""
    with pytest.raises(ConfigError, match=message):
        GoalModel.from_json(text)


def test_packaged_goal_model_covers_the_17_goals_and_is_cached() -> None:
    """The shipped model scores the 17 goals, in order, and is loaded once."""
    model = load_goal_model()
    assert model.goals == tuple(str(g) for g in range(1, 18))
    assert load_goal_model() is model


def test_quiet_context_lets_ict_phrases_count_but_is_never_evidence() -> None:
    """A quiet_context name ('ITU') makes the text about ICTs, yet is not shown among the evidence."""
    quiet = 'ict_context = ["digital"]\nquiet_context = ["ITU"]'
    rules = SMALL_RULES.replace('ict_context = ["digital", "online"]', quiet)
    s = Suggester.from_toml(rules).suggest(None, "ITU support to community health workers")
    assert [(a.code, a.evidence) for a in s.action_lines] == [("C7.e-health", ("health",))]


def test_the_name_itu_is_never_evidence_on_the_samples(tagged_samples: list[object]) -> None:
    """No suggestion on the sample inputs gives 'ITU' (or 'UIT') as a reason: every activity there names ITU."""
    for result in tagged_samples:
        for row in result.activities.to_dict(orient="records"):  # type: ignore[attr-defined]
            evidence = row["suggestion_evidence"]
            if isinstance(evidence, str):
                assert "'ITU'" not in evidence, row["activity_id"]
                assert "'UIT'" not in evidence, row["activity_id"]


def test_a_rule_firing_in_a_long_text_needs_more_support_from_the_model() -> None:
    """A goal backed only by its keyword rule is kept in a short text, not in a long paragraph that mentions it."""
    model = GoalModel(
        ("1", "2"),
        (-1.0, -3.0),
        (0.0, 1.0),
        {},
        threshold=0.9,
        top_threshold=0.2,
        rule_threshold=0.1,
        long_rule_threshold=0.5,
        short_text=40,
        max_goals=3,
        min_weight=0.0,
    )
    scores = model.score([["word"]], {"2": 1.0})  # goal 2: p = 0.12, its rule fired
    assert [s.goal for s in model.choose(scores, {"2": 1.0}, words=20)] == ["1", "2"]
    assert [s.goal for s in model.choose(scores, {"2": 1.0}, words=120)] == ["1"]
    assert GoalModel.from_json(json.dumps(model.to_json())).short_text == 40
