"""Speed work changes no problem record: the samples, the with-problems example and a benchmark file give the same.

The expected records are in ``data/problem-records.json``, written by the code before the speed work of issue #15
(``python tests/test_same_problems.py`` rewrites it: only do that for a deliberate change of behaviour).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from itu_contrib.validation import validate

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "data" / "problem-records.json"
#: (name, source relative to the repository, year being reported)
INPUTS = (
    ("samples-2024", "inputs/2024", 2024),
    ("samples-2025", "inputs/2025", 2025),
    ("with-problems", "inputs/examples/with-problems.xlsx", 2025),
    # 300 generated rows of three years, 30 % with a planted mistake (benchmarks/generate.py, seed 15)
    ("benchmark-300", "tests/data/benchmark-300.xlsx", 2025),
    ("benchmark-300-own-year", "tests/data/benchmark-300.xlsx", None),
)


def records(source: str, year: int | None) -> list[dict[str, Any]]:
    """The problem records of ``validate`` on ``source``, in order, with paths relative to the repository."""
    result = validate(ROOT / source, year=year)
    root = f"{ROOT}/"
    out = []
    for p in result.problems:
        record = {k: v.replace(root, "") if isinstance(v, str) else v for k, v in p.to_dict().items()}
        record["file"] = Path(p.file).resolve().relative_to(ROOT).as_posix()
        out.append(record)
    return out


@pytest.mark.parametrize(("name", "source", "year"), INPUTS, ids=[i[0] for i in INPUTS])
def test_problem_records_are_unchanged(name: str, source: str, year: int | None) -> None:
    """The codes, cells, values, messages and hints of every problem, in order, are those recorded."""
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))[name]
    assert records(source, year) == expected


@pytest.mark.parametrize(("name", "source", "year"), INPUTS[1:4], ids=[i[0] for i in INPUTS[1:4]])
def test_json_pieces_are_the_json_document(name: str, source: str, year: int | None) -> None:
    """``validate --format json`` writes, piece by piece, exactly the text ``json.dumps`` makes of ``to_dict``."""
    result = validate(ROOT / source, year=year)
    assert "".join(result.json_chunks()) == json.dumps(result.to_dict(), indent=2, ensure_ascii=False)


def test_json_pieces_of_awkward_values() -> None:
    """Quotes, line breaks, control characters, non-ASCII text and odd values come out as json.dumps writes them."""
    from dataclasses import replace

    result = validate(ROOT / "inputs/examples/with-problems.xlsx", year=2025)
    first = result.problems[0]
    odd = (
        replace(first, value='a "quoted"\nline\t\x1b\u202e é 中', message="\\ back / slash", row=None),
        replace(first, value=1.5, sheet="Feuille « 1 »"),  # type: ignore[arg-type]  # a value a caller could set
        replace(first, row=True),  # type: ignore[arg-type]
    )
    for problems in (odd, ()):
        changed = replace(result, problems=problems)
        assert "".join(changed.json_chunks()) == json.dumps(changed.to_dict(), indent=2, ensure_ascii=False)


if __name__ == "__main__":  # rewrite the fixture
    FIXTURE.write_text(
        json.dumps({n: records(s, y) for n, s, y in INPUTS}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    sys.exit(0)
