"""The offline suggester proposes action lines and goals from text, explains them and keeps its measured quality."""

from __future__ import annotations

import importlib.util
import sys
import time
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from itu_contrib.errors import ConfigError
from itu_contrib.reference import load_reference
from itu_contrib.suggest import Suggester, Suggestions, load_suggester

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "suggester"
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
    rules = resources.files("itu_contrib").joinpath("data").joinpath("suggest_rules.toml")
    fresh = Suggester.from_toml(rules.read_text(encoding="utf-8"))
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


def test_suggesting_is_fast() -> None:
    """Suggesting for 5,000 eval-set texts takes well under the time budget of 100,000 rows a minute."""
    texts = [(i.title, i.text) for i in _evaluate_module().load_eval_set()]
    batch = (texts * (5000 // len(texts) + 1))[:5000]
    start = time.process_time()
    for title, description in batch:
        SUGGESTER.suggest(title, description)
    assert time.process_time() - start < 3.0  # 3 s per 5,000 = 60 s per 100,000 on a slow CI machine


def _evaluate_module() -> ModuleType:
    path = BENCH / "evaluate.py"
    if not path.exists():
        pytest.skip("benchmarks/suggester is not part of this source tree")
    name = "suggester_evaluate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the file executes
        spec.loader.exec_module(module)
    return sys.modules[name]


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
        assert precision >= 0.75


# measured when the rules were frozen: 0.847 for goals and 0.847 for action lines (benchmarks/suggester/RESULTS.md)
MIN_TEST_GOAL_MICRO_F1 = 0.80
MIN_TEST_ACTION_LINE_MICRO_F1 = 0.80
