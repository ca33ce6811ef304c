"""Documentation stays true: generated pages match the code, and the README's library example runs."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest
from builders import load_module

ROOT = Path(__file__).resolve().parent.parent


def _build_module() -> ModuleType:
    return load_module("docs_build", ROOT / "docs" / "build.py")


def test_generated_docs_match_the_code() -> None:
    """Each command page equals its --help and the rule catalogue equals the code (run `make docs` to refresh)."""
    build = _build_module()
    pages = build.pages()
    assert len(pages) >= 8
    for path, text in pages.items():
        assert path.exists(), f"{path} is missing: run make docs"
        assert path.read_text(encoding="utf-8") == text, f"{path} drifted from the code: run make docs"


def test_every_command_is_documented() -> None:
    """Every subcommand has a page and appears in the README."""
    build = _build_module()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in build.commands():
        assert (ROOT / "docs" / "cli" / f"{name}.md").exists()
        assert f"itu-contrib {name}" in readme


def test_readme_library_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python example runs as written on the sample inputs."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    html = namespace["html"]
    assert isinstance(html, str)
    assert html.startswith("<!DOCTYPE html>")
    result, tags = namespace["result"], namespace["tags"]
    assert result.valid  # type: ignore[attr-defined]
    assert len(tags.activities) == 55  # type: ignore[attr-defined]
    assert re.search(r"<h1[^>]*>", html)
    assert ">55<" in html  # the activity total appears in the report


def test_library_guide_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every example of docs/library.md gives the output it shows, run from the repository root."""
    import doctest

    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(ROOT / "docs" / "library.md"),
        module_relative=False,
        globs={"out": tmp_path},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted >= 20
    assert result.failed == 0
