"""A report never publishes a row with an error: the rows are left out, a banner says so, the exit code is 1."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

from builders import HEADER, activity, write_xlsx

from itu_contrib.cli import main


def _rows() -> list[list[object]]:
    good = [
        activity(1, sector="ITU-D", region="Africa", status="ongoing"),
        activity(2, sector="ITU-T", region="Europe", status="completed", action_lines="C5", sdgs="9; 16"),
        activity(3, sector="ITU-R", region="Global", status="planned", action_lines="C2", sdgs="9"),
    ]
    bad = [
        activity(4, sector="TDAG", region="Africa"),  # unknown sector
        activity(5, sector="ITU-D", region="Atlantis"),  # unknown region
        activity(6, sector="ITU-T", status="maybe"),  # unknown status
    ]
    return [HEADER, *good, *bad]


def test_report_leaves_rows_with_errors_out_shows_a_banner_and_exits_1(tmp_path: Path) -> None:
    """Three bad rows (sector, region, status) are left out of every count; the banner says 3; exit code 1."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_xlsx(folder / "sub.xlsx", {"Activities": _rows()})
    out, tables = tmp_path / "r.html", tmp_path / "tables"
    assert main(["report", str(folder), "--year", "2025", "-o", str(out), "--tables", str(tables)]) == 1
    html = out.read_text(encoding="utf-8")
    banner = re.search(r'<div class="banner" role="alert" id="rows-left-out">(.*?)</div>', html, re.DOTALL)
    assert banner is not None
    assert "3 rows were left out" in banner.group(1)
    assert re.search(r'href="#[^"]+"', banner.group(1))
    assert "TDAG" not in re.sub(r'<section class="section">\s*<h2 id="data-quality">.*', "", html, flags=re.DOTALL)
    # counts computed independently from the three valid rows only
    by_sector = {r["sector"]: int(r["activities"]) for r in csv.DictReader((tables / "by_sector.csv").open())}
    assert {k: v for k, v in by_sector.items() if v} == {"ITU-R": 1, "ITU-T": 1, "ITU-D": 1}
    expected_lines = Counter(["C4", "C7", "C5", "C2"])
    by_line = {r["action_line"]: int(r["activities"]) for r in csv.DictReader((tables / "by_action_line.csv").open())}
    assert {k: v for k, v in by_line.items() if v} == dict(expected_lines)
    left = list(csv.DictReader((tables / "rows_left_out.csv").open(encoding="utf-8")))
    assert sorted(r["row"] for r in left) == ["5", "6", "7"]
    assert {c for r in left for c in re.findall(r"unknown-\w+", r["problems"])} == {
        "unknown-sector", "unknown-region", "unknown-status"
    }  # fmt: skip


def test_report_strict_writes_nothing_when_there_is_an_error(tmp_path: Path) -> None:
    """With --strict, a submission with any error gets no report at all and exit code 1."""
    path = write_xlsx(tmp_path / "sub.xlsx", {"Activities": _rows()})
    out = tmp_path / "r.html"
    assert main(["report", str(path), "--year", "2025", "-o", str(out), "--strict"]) == 1
    assert not out.exists()


def test_clean_report_has_no_banner_and_exits_0(tmp_path: Path) -> None:
    """A clean submission gets a report without the banner, and exit code 0."""
    path = write_xlsx(tmp_path / "sub.xlsx", {"Activities": _rows()[:4]})
    out = tmp_path / "r.html"
    assert main(["report", str(path), "--year", "2025", "-o", str(out)]) == 0
    assert 'id="rows-left-out"' not in out.read_text(encoding="utf-8")


def test_suggestions_section_shows_the_evidence(tmp_path: Path) -> None:
    """The report's suggested-tags section shows each suggestion with the words of the text behind it."""
    import itu_contrib as ic

    tags = ic.tag(Path(__file__).resolve().parent.parent / "inputs" / "2025", year=2025)
    with_evidence = [e for e in tags.activities["suggestion_evidence"] if isinstance(e, str) and e]
    assert with_evidence
    html = ic.render_report(ic.summarize(tags))
    section = html[html.index("Evidence from the text") :]
    first = with_evidence[0].split(", from ")[1].split(";")[0]
    assert first.replace("'", "&#39;") in section or first in section
