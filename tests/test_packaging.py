"""The installed package (not the source tree) carries its data, spec, templates and entry points."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata, resources
from pathlib import Path

import itu_contrib

ROOT = Path(__file__).resolve().parent.parent


def test_tests_run_against_the_installed_package() -> None:
    """The package under test is the installed wheel, so missing package data fails here."""
    assert not Path(itu_contrib.__file__).resolve().is_relative_to(ROOT / "itu_contrib")


def test_package_data_is_installed() -> None:
    """Reference data, its sources, the plans, the spec, the JSON Schema, suggester rules and templates ship."""
    files = resources.files("itu_contrib")
    for parts in [
        ("data", "reference", "action_lines.csv"),
        ("data", "reference", "sdg_goals.csv"),
        ("data", "reference", "sdg_targets.csv"),
        ("data", "reference", "sdg_indicators.csv"),
        ("data", "reference", "wsis_sdg_matrix.csv"),
        ("data", "reference", "SOURCES.md"),
        ("data", "plans.toml"),
        ("data", "suggest_rules.toml"),
        ("data", "goal_model.json"),
        ("schemas", "activity.toml"),
        ("schemas", "validate-output.schema.json"),
        ("templates", "report.html.j2"),
        ("py.typed",),
    ]:
        node = files
        for part in parts:
            node = node.joinpath(part)
        assert node.is_file(), "/".join(parts)


def test_installed_spec_is_the_repository_spec() -> None:
    """The spec inside the wheel is the one in schemas/ (one source of truth)."""
    installed = resources.files("itu_contrib").joinpath("schemas").joinpath("activity.toml").read_text("utf-8")
    assert installed == (ROOT / "schemas" / "activity.toml").read_text("utf-8")


def test_console_script_and_module_entry_points() -> None:
    """`itu-contrib` is declared as a console script and `python -m itu_contrib` runs."""
    scripts = {e.name: e.value for e in metadata.entry_points(group="console_scripts")}
    assert scripts["itu-contrib"] == "itu_contrib.cli:main"
    out = subprocess.run(
        [sys.executable, "-m", "itu_contrib", "--version"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0
    assert out.stdout.strip() == f"itu-contrib {itu_contrib.__version__}"
