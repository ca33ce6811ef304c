"""The layout docs/architecture.md describes is the code's: layers, a CLI on the public API, one source of truth."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import itu_contrib as ic

PACKAGE = Path(ic.__file__).resolve().parent
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)

#: Layers, lowest first: a module may import modules of its own layer or below, never above (docs/architecture.md).
LAYERS: dict[str, int] = {
    "errors": 0, "problems": 0, "defaults": 0, "headers": 0, "controls": 0,
    "spec": 1, "rules": 1, "reference": 1, "dates": 1, "countries": 1, "outputs": 1, "i18n": 1, "values": 1,
    "csp": 1, "xlsx": 1,
    "codes": 2, "suggest": 2, "goal_model": 2, "readers": 2, "template": 2, "layout": 2,
    "reading": 3, "hints": 3,
    "validation": 4,
    "tagging": 5, "annotation": 5,
    "aggregate": 6, "narrative": 6, "sections": 6, "tables": 6,
    "report": 7, "docx": 7, "report_docx": 7,
    "web": 8, "publish": 8,
    "cli": 9, "__main__": 9,
}  # fmt: skip


def _module_key(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    return rel.parts[0]


def _imports(path: Path) -> Iterator[tuple[str, int]]:
    """(imported itu_contrib module key, line) of every import outside `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for b in node.body for n in ast.walk(b))
    depth = len(path.relative_to(PACKAGE).parts) - 1
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(path.relative_to(PACKAGE).parent.parts)[: max(0, depth - (node.level - 1))]
                parts = [*base, *(node.module.split(".") if node.module else [])]
                if not parts:  # from . import x: a module of the package, or a name of the package itself
                    name = node.names[0].name
                    parts = [name if name in LAYERS else "itu_contrib"]
                yield parts[0], node.lineno
            elif node.module and node.module.split(".")[0] == "itu_contrib":
                rest = node.module.split(".")[1:]
                yield (rest[0] if rest else "itu_contrib"), node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "itu_contrib":
                    yield (parts[1] if len(parts) > 1 else "itu_contrib"), node.lineno


@pytest.mark.parametrize("path", [p for p in SOURCES if p.name != "__init__.py" or p.parent != PACKAGE], ids=str)
def test_no_module_imports_a_layer_above_it(path: Path) -> None:
    """Each module imports only its own layer or lower ones (the CLI only the package itself)."""
    key = _module_key(path)
    assert key in LAYERS, f"{key}: add the module to LAYERS here and to docs/architecture.md"
    for imported, line in _imports(path):
        if key == "__main__":
            assert imported == "cli", f"{path.name}:{line}: python -m itu_contrib runs the CLI"
            continue
        if key == "cli":
            assert imported == "itu_contrib", f"{path.name}:{line}: the CLI imports only the public API (itu_contrib)"
            continue
        if imported in ("itu_contrib", key):
            continue
        assert imported in LAYERS, f"{path.name}:{line}: unknown module {imported}"
        assert LAYERS[imported] <= LAYERS[key], f"{path.name}:{line}: {key} imports {imported}, a layer above it"


def _literals(node: ast.AST) -> list[str]:
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if isinstance(node, ast.Dict):
        return [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    return []


def test_no_list_of_columns_sectors_or_rule_codes_outside_the_spec_and_the_catalogue() -> None:
    """No literal list in the package names three spec columns, two sectors or three rule codes: they are derived."""
    spec = ic.load_spec()
    columns = set(spec.names)
    sectors = set(spec.sectors)
    codes = {r.code for r in ic.RULES}
    found = []
    for path in SOURCES:
        if path.name == "spec.py":  # the spec's reader: its TYPES are type names, some spelled like columns
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            items = _literals(node)
            if not items:
                continue
            for kind, names, most in (("columns", columns, 2), ("sectors", sectors, 1), ("rule codes", codes, 2)):
                hits = sorted(set(items) & names)
                if len(hits) > most:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {kind} {hits}")  # type: ignore[attr-defined]
    assert found == []


def test_a_new_column_in_the_spec_reaches_template_validation_and_tagged_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hypothetical 'budget_band' choice column added to a copy of the spec shows up everywhere, no code change."""
    from itu_contrib import spec as spec_module

    text = spec_module.spec_text()
    column = """
[[columns]]
name = "budget_band"
label = "Budget band"
labels = { fr = "Tranche budgétaire", es = "Tramo presupuestario" }
aliases = ["budget range"]
type = "choice"
vocabulary = "budget_bands"
requirement = "optional"
help = "The activity's budget band: small, medium or large."
example = "small"
"""
    vocab = '\n[vocabularies.budget_bands]\n"small" = ["S"]\n"medium" = ["M"]\n"large" = ["L"]\n'
    marker = "# The rule code each check reports"
    changed = text.replace(marker, column + "\n" + marker) + vocab
    new_spec = spec_module.parse_spec(changed)
    spec_module.load_spec.cache_clear()
    monkeypatch.setattr(spec_module, "spec_text", lambda: changed)
    try:
        assert ic.load_spec().names[-1] == "budget_band"
        template = ic.write_template(tmp_path / "t.xlsx", year=2025)
        import openpyxl

        wb = openpyxl.load_workbook(template)
        headers = [c.value for row in wb.worksheets[0].iter_rows(max_row=15) for c in row if c.value]
        assert "Budget band" in headers
        from builders import write_xlsx

        names = new_spec.names
        labels = [new_spec.label(n) for n in names]
        base = dict(zip(ic.load_spec().names, _row(new_spec), strict=True))
        rows = [labels, [base[n] if n != "budget_band" else "M" for n in names]]
        rows.append([base[n] if n != "budget_band" else "huge" for n in names])
        rows[2][names.index("activity_id")] = "ITU-D-0002"
        rows[2][names.index("title")] = "Another activity"
        path = write_xlsx(tmp_path / "s.xlsx", {"Activities": rows})
        result = ic.validate(path, year=2025, suggest=False)
        problems = [(p.code, p.field, p.value) for p in result.problems if p.field == "budget_band"]
        assert problems == [("unknown-value", "budget_band", "huge")]
        tags = ic.tag(result, suggest=False)
        assert list(tags.activities["budget_band"]) == ["medium", "huge"]
        assert tags.activities.columns[-1] == "budget_band"
    finally:
        spec_module.load_spec.cache_clear()


def _row(spec: object) -> list[object]:
    from builders import activity

    return activity(1)
