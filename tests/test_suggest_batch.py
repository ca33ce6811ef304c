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
