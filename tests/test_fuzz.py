"""Fuzzed input files: validating a damaged or hostile file always ends with exit 0, 1 or 2 and one clear line.

The quick run of tests/fuzz/run.py: every mutator on every seed it applies to (deterministic), then every file
of tests/fuzz/corpus/ (regressions found by the long run), in worker processes under a memory cap and a timeout.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from builders import load_module

FUZZ = load_module("fuzz_run", Path(__file__).parent / "fuzz" / "run.py")
QUICK = FUZZ.quick_cases(seed=2025, per_mutator=3)
CORPUS = sorted(p for p in FUZZ.CORPUS.iterdir() if p.is_file() and p.suffix != ".md")
#: Seconds per case before it counts as a hang: an ordinary mutated file takes well under one second once the
#: worker is warm; the margin keeps a slow or busy CI machine from turning slowness into a failure.
TIMEOUT = 30.0

#: Known bugs, by file name (temporarily xfail: remove an entry once its bug is fixed).
KNOWN_BUGS: dict[str, str] = {}


def _param(name: str) -> Any:
    reason = KNOWN_BUGS.get(name)
    return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason)) if reason else name


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """The outcome of validating every quick case and corpus file (one batch, two worker processes)."""
    root = tmp_path_factory.mktemp("fuzz")
    paths: dict[str, Path] = {}
    for case in QUICK:
        paths[f"quick/{case.name}"] = root / "quick" / case.name
        paths[f"quick/{case.name}"].parent.mkdir(exist_ok=True)
        paths[f"quick/{case.name}"].write_bytes(case.data)
    for file in CORPUS:
        paths[f"corpus/{file.name}"] = root / "corpus" / file.name
        paths[f"corpus/{file.name}"].parent.mkdir(exist_ok=True)
        shutil.copy(file, paths[f"corpus/{file.name}"])
    results = FUZZ.run_files(list(paths.values()), timeout=TIMEOUT, workers=2)
    return {key: (path, results[str(path)]) for key, path in paths.items()}


@pytest.mark.parametrize("name", [_param(c.name) for c in QUICK])
def test_mutated_file_ends_cleanly(outcomes: dict[str, tuple[Path, dict[str, Any]]], name: str) -> None:
    """A mutated seed file exits 0/1 with JSON, or 2 with one line naming it; no traceback, crash or hang."""
    path, outcome = outcomes[f"quick/{name}"]
    assert FUZZ.failures(outcome, str(path)) == []


@pytest.mark.parametrize("name", [_param(p.name) for p in CORPUS])
def test_corpus_file_ends_cleanly(outcomes: dict[str, tuple[Path, dict[str, Any]]], name: str) -> None:
    """A file found by the long fuzz run (or kept as a defence's regression) now ends cleanly."""
    path, outcome = outcomes[f"corpus/{name}"]
    assert FUZZ.failures(outcome, str(path)) == []


def test_quick_cases_cover_every_mutator_and_seed() -> None:
    """The quick run applies every mutator of every seed kind at least once."""
    applied = {(c.name.split("__")[0], c.name.split("__")[1].split("-")[0]) for c in QUICK}
    expected = {
        (s, m)
        for s, kind in [("xlsx", "xlsx"), ("ods", "ods"), ("csv", "csv"), ("xls", "xls")]
        for m in FUZZ.BY_KIND[kind]
    }
    assert expected <= applied


def test_cases_are_deterministic() -> None:
    """The same seed gives byte-identical cases, so any failure can be reproduced from its name and seed."""
    again = FUZZ.random_cases(40, seed=5)
    assert [(c.name, c.data) for c in again] == [(c.name, c.data) for c in FUZZ.random_cases(40, seed=5)]
    assert [(c.name, c.data) for c in FUZZ.quick_cases(seed=2025, per_mutator=3)] == [(c.name, c.data) for c in QUICK]


@pytest.mark.parametrize(
    ("outcome", "problem"),
    [
        ({"code": 2, "stderr": "itu-contrib: error: F: damaged\n"}, None),
        ({"code": 1, "stderr": "", "json_ok": True}, None),
        ({"code": 2, "stderr": "itu-contrib: error: other: damaged\n"}, "one line naming the file"),
        ({"code": 2, "stderr": "itu-contrib: error: F: x\nthread panicked\n"}, "one line naming the file"),
        ({"code": 1, "stderr": "Traceback (most recent call last):\n", "json_ok": False}, "traceback"),
        ({"code": 2, "stderr": "itu-contrib: internal error: F: TypeError\n"}, "internal error"),
        ({"code": 0, "stderr": "", "json_ok": False}, "valid JSON"),
        ({"code": 3, "stderr": ""}, "exit code 3"),
        ({"crash": -6, "log": "memory allocation failed"}, "died"),
        ({"hang": 10.0}, "hang"),
        ({"exception": "Traceback...\nPanicException: boom\n"}, "PanicException"),
    ],
)
def test_failure_checks_are_not_vacuous(outcome: dict[str, Any], problem: str | None) -> None:
    """The checker flags tracebacks, internal errors, crashes, hangs, bad exit codes and unclear messages."""
    found = FUZZ.failures(outcome, "F")
    if problem is None:
        assert found == []
    else:
        assert any(problem in f for f in found), found


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv", "xls"])
def test_real_command_line_ends_cleanly(tmp_path: Path, kind: str) -> None:
    """``python -m itu_contrib validate`` as a subprocess (memory cap, timeout) on a truncated file of each kind."""
    case = next(c for c in QUICK if c.name.startswith(f"{kind}__truncate"))
    path = tmp_path / case.name
    path.write_bytes(case.data)
    assert FUZZ.failures(FUZZ.run_cli(path, timeout=60), str(path)) == []
