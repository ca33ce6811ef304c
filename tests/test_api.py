"""The public library API: what a notebook user sees, argument checks, configs that do not leak between calls."""

from __future__ import annotations

import importlib
import pkgutil
import types
from pathlib import Path

import pytest

import itu_contrib as ic

ROOT = Path(__file__).resolve().parent.parent


def test_dir_shows_the_public_api() -> None:
    """dir(itu_contrib) lists the pipeline verbs and result types before anything was imported."""
    names = dir(ic)
    for name in ("load", "validate", "tag", "summarize", "render_report", "annotate", "TagResult", "RULES"):
        assert name in names


def test_every_public_name_is_what_its_module_defines_even_after_importing_submodules() -> None:
    """Importing every submodule never shadows a public function with a module of the same name."""
    for info in pkgutil.iter_modules(ic.__path__):
        if info.name != "__main__":
            importlib.import_module(f"itu_contrib.{info.name}")
    for name in ic.__all__:
        assert not isinstance(getattr(ic, name), types.ModuleType), name


def test_wrong_argument_types_raise_package_errors() -> None:
    """validate(year='2025') and a config of the wrong type raise ArgumentError, an ItuContribError and TypeError."""
    with pytest.raises(ic.ArgumentError, match="year must be a whole number"):
        ic.validate(ROOT / "inputs" / "2025", year="2025")  # type: ignore[arg-type]
    with pytest.raises(ic.ItuContribError, match="config must be"):
        ic.validate(ROOT / "inputs" / "2025", config=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ic.load_reference("2025")  # type: ignore[arg-type]


def test_a_year_no_plan_covers_is_a_clear_error() -> None:
    """load_reference(1990) names the plans there are instead of returning another plan silently."""
    with pytest.raises(ic.ConfigError, match=r"no strategic plan .* covers 1990; plans: .*2024-2027"):
        ic.load_reference(1990)
    assert ic.load_reference(2025).plan.covers(2025)
    assert ic.load_reference(1990, strict=False).plan.id == ic.load_reference(2024).plan.id


def test_every_rule_is_documented_and_every_spec_code_is_in_the_catalogue() -> None:
    """docs/rules.md names every rule of the catalogue; each check code the spec names is a rule."""
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    codes = {r.code for r in ic.RULES}
    for code in codes:
        assert f"`{code}`" in docs, code
    spec = ic.load_spec()
    named = {c for table in spec.checks.values() for c in table.values()}
    named |= {c for col in spec.columns for c in col.codes.values()}
    assert named <= codes, named - codes


def test_problem_text_comes_from_the_catalogue() -> None:
    """A problem's message and hint are its rule's templates filled in; unknown template values stay empty."""
    from itu_contrib.rules import make_problem

    p = make_problem("unknown-sector", file="f.xlsx", value="TDAG", label="Sector", allowed="ITU-R, GS")
    assert p.message == "Sector: 'TDAG' is not a known sector"
    assert p.hint == "Use one of: ITU-R, GS."
    assert p.severity is ic.RULES[[r.code for r in ic.RULES].index("unknown-sector")].severity
