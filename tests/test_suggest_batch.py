"""The suggester's batch calls give exactly what its per-row calls give, text by text (issue #15).

``contradictions_many`` matches the phrases of all the texts at once and scores them with arrays; ``suggest_many``
scans each distinct text once. Both must return, row for row, what ``contradictions`` and ``suggest`` return:
the same lines, the same evidence strings as written in the text, the same scores and weights.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itu_contrib.reading import load
from itu_contrib.suggest import _Phrases, load_suggester

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks" / "suggester"
SUGGESTER = load_suggester()
LINES = tuple(c for c in SUGGESTER.codes if not c.isdigit())
Row = tuple[str | None, str | None]


def _same(rows: list[Row], *, declared: list[tuple[str, ...]] | None = None) -> None:
    titles = [t for t, _ in rows]
    descriptions = [d for _, d in rows]
    # every action line at once, then each row's own lines (or a few lines cycling over the rows)
    every = [LINES] * len(rows)
    assert SUGGESTER.contradictions_many(every, titles, descriptions) == [
        SUGGESTER.contradictions(LINES, t, d) for t, d in rows
    ]
    some = declared or [(LINES[k % len(LINES)], LINES[(3 * k + 1) % len(LINES)]) for k in range(len(rows))]
    assert SUGGESTER.contradictions_many(some, titles, descriptions) == [
        SUGGESTER.contradictions(lines, t, d) for lines, (t, d) in zip(some, rows, strict=True)
    ]


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


@cache
def _eval_rows() -> list[Row]:
    frame = pd.read_csv(BENCH / "eval_set.csv", dtype=str, keep_default_na=False)
    return [(t, d) for t, d in zip(frame["title"], frame["text"], strict=True)]


@cache
def _public_rows() -> list[Row]:
    frame = pd.read_csv(BENCH / "public_set.csv", dtype=str, keep_default_na=False)
    return [(None, d) for d in frame["text"]]


@cache
def _sample_rows() -> tuple[list[Row], list[tuple[str, ...]]]:
    rows: list[Row] = []
    lines: list[tuple[str, ...]] = []
    for source in ("inputs/2024", "inputs/2025", "inputs/examples/with-problems.xlsx"):
        frame = load(ROOT / source).frame
        for title, description, raw in zip(frame["title"], frame["description"], frame["action_lines"], strict=True):
            rows.append((_text(title), _text(description)))
            lines.append(tuple(p.strip() for p in str(raw or "").replace(";", ",").split(",") if p.strip()))
    return rows, lines


def test_eval_set() -> None:
    _same(_eval_rows())


def test_public_set() -> None:
    _same(_public_rows())


def test_samples() -> None:
    rows, lines = _sample_rows()
    _same(rows)
    _same(rows, declared=lines)


@pytest.mark.parametrize("name", ["eval", "public", "samples"])
def test_suggest_many(name: str) -> None:
    rows = {"eval": _eval_rows, "public": _public_rows, "samples": lambda: _sample_rows()[0]}[name]()
    titles, descriptions = [t for t, _ in rows], [d for _, d in rows]
    assert SUGGESTER.suggest_many(titles, descriptions) == [SUGGESTER.suggest(t, d) for t, d in rows]


def test_repeated_and_empty_texts() -> None:
    rows: list[Row] = [
        (None, None),
        ("", ""),
        ("Food security", None),
        ("Food security", None),
        (None, "Food security food SECURITY, food-security"),
        ("National CIRT", "Cybersecurity, cybersecurity; CYBERSECURITY and network security for the CIRT."),
        ("Early warning", "Early warning systems, early warning, warning system: early warning system."),
        ("Télémédecine", "La télémédecine et la cybersécurité pour les écoles; e-santé, données ouvertes."),
        ("Educación digital", "Alfabetización digital y ciberseguridad en las escuelas rurales; TIC, Internet."),
    ]
    _same(rows * 3)
    _same([])


def _vocabulary() -> list[str]:
    words = sorted(_Phrases(SUGGESTER._trie).vocabulary)
    return [*words, "ict", "digital", "online", "itu", "école", "téléphonie", "niños", "ß", "İstanbul", "ﬁbre"]


WORD = st.sampled_from(_vocabulary()).flatmap(
    lambda w: st.sampled_from([w, w.upper(), w.title(), w + "s", w[:-1] + "ies" if w.endswith("ie") else w + "y"])
)
SEPARATOR = st.sampled_from(
    [" ", "  ", "\x01", "\t", ", ", "-", ". ", "'", "\n", "_", "/", " & ", "; ", "é ", " (", ") "]
)
TEXT = st.one_of(
    st.none(),
    st.just(""),
    st.lists(st.tuples(WORD, SEPARATOR), max_size=40).map(lambda parts: "".join(w + s for w, s in parts)),
    st.text(max_size=60),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=12))
def test_generated_texts(rows: list[Row]) -> None:
    _same(rows + rows[:2])


def test_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows scanned in slices (a few thousand at a time) give what one slice gives."""
    import itu_contrib.suggest

    rows = _eval_rows()[:60]
    monkeypatch.setattr(itu_contrib.suggest, "_BATCH_ROWS", 7)
    _same(rows)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=12))
def test_generated_suggestions(rows: list[Row]) -> None:
    """suggest_many finds the goal model's features and sums their weights with arrays: the same as suggest."""
    rows = rows + rows[:2]
    titles, descriptions = [t for t, _ in rows], [d for _, d in rows]
    assert SUGGESTER.suggest_many(titles, descriptions) == [SUGGESTER.suggest(t, d) for t, d in rows]


SHARED: list[Row] = [
    ("Télémédecine rurale", "La TÉLÉMÉDECINE et la cybersécurité pour les écoles; e-santé, données ouvertes."),
    ("E-WASTE take-back", "E-waste, e-Waste and EWASTE: take-back schemes; (recycling) of e-waste!"),
    ("National CIRT", "Cybersecurity, cybersecurity; CYBERSECURITY and network-security for the CIRT."),
    ("Digital skills", "Teachers' digital skills -- schools, SCHOOLS, school-connectivity & broadband."),
    ("Early warning", "Early-warning systems: early warning, warning system; early warning system\x01 done."),
    (None, "Alfabetización digital y ciberseguridad en las escuelas rurales; TIC, Internet, niños."),
    ("", None),
]


def test_shared_scan_gives_fresh_results() -> None:
    """Texts split once by contradictions_many and taken again by suggest_many give what fresh scans give."""
    from itu_contrib.suggest import Suggester, _packaged_rules

    fresh = [SUGGESTER.suggest(t, d) for t, d in SHARED]
    suggester = Suggester.from_toml(_packaged_rules(), SUGGESTER._model)
    titles, descriptions = [t for t, _ in SHARED], [d for _, d in SHARED]
    with suggester.keeping_scans():
        contradictions = suggester.contradictions_many([LINES] * len(SHARED), titles, descriptions)
        kept = suggester._vocabulary.kept
        assert kept is not None
        assert "Early warning" in kept  # the texts' words are kept for the run
        with suggester.keeping_scans():  # an inner block leaves them to the outer one
            assert suggester.suggest_many(titles, descriptions) == fresh
        assert suggester._vocabulary.kept is kept
        # the kept words are what a fresh scan finds: a second call takes them and gives the same
        assert suggester.contradictions_many([LINES] * len(SHARED), titles, descriptions) == contradictions
        assert suggester.suggest_many(titles[::-1], descriptions[::-1]) == fresh[::-1]
    assert suggester._vocabulary.kept is None  # let go after the run
    assert contradictions == [SUGGESTER.contradictions(LINES, t, d) for t, d in SHARED]


def test_small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices, a vocabulary started again and a full store of kept words change nothing."""
    import itu_contrib.suggest
    from itu_contrib.suggest import Suggester, _packaged_rules

    rows = _eval_rows()[:40] + SHARED
    titles, descriptions = [t for t, _ in rows], [d for _, d in rows]
    expected = [SUGGESTER.suggest(t, d) for t, d in rows]
    monkeypatch.setattr(itu_contrib.suggest, "_BATCH_ROWS", 7)
    monkeypatch.setattr(itu_contrib.suggest, "_MAX_VOCABULARY", 50)
    monkeypatch.setattr(itu_contrib.suggest, "_KEPT_WORDS", 300)
    suggester = Suggester.from_toml(_packaged_rules(), SUGGESTER._model)
    assert suggester.suggest_many(titles, descriptions) == expected
    assert suggester.suggest_many(titles, descriptions) == expected  # after the vocabulary started again
    with suggester.keeping_scans():
        suggester.contradictions_many([LINES] * len(rows), titles, descriptions)
        assert suggester.suggest_many(titles, descriptions) == expected


def test_model_with_a_goal_twice() -> None:
    """A feature listing a goal twice cannot be one matrix cell: such a model scores text by text, the same."""
    import json

    from itu_contrib.goal_model import GoalModel
    from itu_contrib.suggest import Suggester, _packaged_rules

    raw = SUGGESTER._model.to_json() if SUGGESTER._model is not None else {}
    feature = "school"
    raw["weights"][feature] = raw["weights"][feature] + [raw["weights"][feature][0]]
    model = GoalModel.from_json(json.dumps(raw))
    assert not model.dense().exact
    suggester = Suggester.from_toml(_packaged_rules(), model)
    rows = _eval_rows()[:30] + SHARED
    titles, descriptions = [t for t, _ in rows], [d for _, d in rows]
    assert suggester.suggest_many(titles, descriptions) == [suggester.suggest(t, d) for t, d in rows]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=False, width=64), max_size=50), st.lists(st.integers(-(10**7), 10**7), max_size=50))
def test_round3_is_round(floats: list[float], thousandths: list[int]) -> None:
    """The scores and weights are rounded with arrays: the same floats (and signs of zero) as round(v, 3)."""
    import itertools
    import math

    import numpy as np

    from itu_contrib.suggest import _round3

    # halves of thousandths and sums of weights are where rounding is delicate
    values = floats + [k / 2000 for k in thousandths] + [k / 1000 + 0.0005 for k in thousandths] + [-0.0, 0.0]
    values += [a * 1.2 + b for a, b in itertools.pairwise(values) if math.isfinite(a * 1.2 + b)]
    got = _round3(np.array(values, dtype=np.float64))
    expected = [round(v, 3) for v in values]
    assert [(g, math.copysign(1, g)) for g in got] == [(e, math.copysign(1, e)) for e in expected]


def test_batch_calls_from_many_threads_give_the_results_of_one() -> None:
    """The suggester load_suggester() shares is used by threads at once (a notebook's pool, say): same results."""
    from concurrent.futures import ThreadPoolExecutor

    rows = _eval_rows()[:300]
    titles, descriptions = [t for t, _ in rows], [d for _, d in rows]
    every = [LINES] * len(rows)
    lines_expected = SUGGESTER.contradictions_many(every, titles, descriptions)
    tags_expected = SUGGESTER.suggest_many(titles, descriptions)

    def run(k: int) -> bool:
        if k % 3 == 2:
            with SUGGESTER.keeping_scans():
                return SUGGESTER.contradictions_many(every, titles, descriptions) == lines_expected and (
                    SUGGESTER.suggest_many(titles, descriptions) == tags_expected
                )
        if k % 2:
            return SUGGESTER.suggest_many(titles, descriptions) == tags_expected
        return SUGGESTER.contradictions_many(every, titles, descriptions) == lines_expected

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(run, range(12)))
