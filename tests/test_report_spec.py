"""The report's activity table and sector order come from the spec: a new column or sector needs no code change."""

from __future__ import annotations

import re

import pytest
from builders import tagged_activity, tagged_frame

import itu_contrib.aggregate as aggregate_module
import itu_contrib.report as report_module
from itu_contrib.aggregate import summarize
from itu_contrib.report import render_report
from itu_contrib.spec import parse_spec, spec_text

NEW_COLUMN = """
[[columns]]
name = "budget_line"
label = "Budget line"
type = "text"
requirement = "optional"
help = "The budget line that funds the activity."
example = "BL-7"
"""


@pytest.fixture
def extended_spec(monkeypatch: pytest.MonkeyPatch):
    """The shipped spec with one more column and a fifth sector, used by aggregation and the report."""
    text = re.sub(r'(\n"GS" = [^\n]*\n)', r'\1"ITU-X" = ["X"]\n', spec_text())
    head, tail = text.split("# Controlled vocabularies", 1)
    spec = parse_spec(head + NEW_COLUMN + "\n# Controlled vocabularies" + tail)
    monkeypatch.setattr(aggregate_module, "load_spec", lambda: spec)
    monkeypatch.setattr(report_module, "load_spec", lambda: spec)
    return spec


def test_a_new_spec_column_appears_in_the_activity_table(extended_spec) -> None:
    """A column added to the spec is a column of 'All activities' with each activity's value, without code change."""
    assert extended_spec.tagged_columns[-1] == "budget_line"
    frame = tagged_frame([tagged_activity("D-1", "ITU-D", "Connect", ("C2",), (9,))])
    frame["budget_line"] = ["BL-42"]
    html = render_report(summarize(frame, year=2025))
    table = html[html.index('<table class="activities all"') :]
    table = table[: table.index("</table>")]
    assert '<th scope="col" class="col-budget_line">Budget line</th>' in table
    names = re.findall(r'<th scope="col" class="col-([a-z_]+)">', table)
    cells = re.split(r"<td>", table[table.index("<tbody>") : table.index("</tbody>")].split("<tr>")[1])[1:]
    assert dict(zip(names, (c.strip() for c in cells), strict=True))["budget_line"] == "BL-42"


def test_sector_order_is_the_spec_vocabulary(extended_spec) -> None:
    """Sectors are listed in the vocabulary's order, a new sector included, in counts and per action line."""
    rows = [
        tagged_activity("X-1", "ITU-X", "New sector work", ("C2",), (9,)),
        tagged_activity("D-1", "ITU-D", "Connect", ("C2",), (9,)),
        tagged_activity("R-1", "ITU-R", "Spectrum", ("C2",), (9,)),
    ]
    summary = summarize(tagged_frame(rows), year=2025)
    assert summary.sectors == ("ITU-R", "ITU-T", "ITU-D", "GS", "ITU-X")
    assert list(summary.activities["activity_id"]) == ["R-1", "D-1", "X-1"]
    c2 = next(line for group in summary.roles for line in group.lines if line.code == "C2")
    assert c2.by_sector == (("ITU-R", 1), ("ITU-T", 0), ("ITU-D", 1), ("GS", 0), ("ITU-X", 1))
    html = render_report(summary)
    section = html[html.index('id="al-c2"') : html.index('id="al-c5"')]
    assert re.findall(r'data-sector="([^"]+)">(\d+)<', section) == [
        ("ITU-R", "1"), ("ITU-T", "0"), ("ITU-D", "1"), ("GS", "0"), ("ITU-X", "1"),
    ]  # fmt: skip
    links = re.findall(r'data-filter="line=C2&amp;sector=([^"]+)">', section)
    assert links == ["ITU-R", "ITU-D", "ITU-X"]  # the sectors with activities link to them in the list


REPORT_MODULES = ("aggregate", "tables", "sections", "narrative", "report", "report_docx", "publish")


@pytest.mark.parametrize("name", REPORT_MODULES)
def test_report_modules_list_no_columns_or_sectors(name: str) -> None:
    """No literal list in the report's modules names three spec columns or two sectors: they come from the spec."""
    import ast
    from pathlib import Path

    import itu_contrib

    spec = itu_contrib.load_spec()
    columns = set(spec.names)
    sectors = set(spec.sectors)
    path = Path(itu_contrib.__file__).resolve().parent / f"{name}.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        elif isinstance(node, ast.Dict):
            items = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
        else:
            continue
        if len(items & columns) > 2 or len(items & sectors) > 1:
            found.append((node.lineno, sorted(items & (columns | sectors))))  # type: ignore[attr-defined]
    assert found == []
