"""The docstring examples of every module of the installed package run and pass."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import itu_contrib

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(itu_contrib.__path__, "itu_contrib.") if not m.name.endswith("__main__")
)


@pytest.mark.parametrize("name", ["itu_contrib", *MODULES])
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example in the module's docstrings gives the output it shows (run from the repository root)."""
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
