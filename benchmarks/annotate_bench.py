"""Annotating a 10k-row workbook costs about one openpyxl load and save of it.

Generates a 10,000-row x 14-column workbook and problems on ~1% of its cells, then times
(best of N runs) a plain openpyxl load+save against ``annotate_workbook`` and prints the ratio.

    PYTHONPATH=. .venv/bin/python benchmarks/annotate_bench.py [--rows 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

from itu_contrib.annotation import annotate_workbook
from itu_contrib.problems import Problem, Severity, column_letter

SHEET = "Activities 2025"
HEADERS = [
    "activity_id", "year", "sector", "title", "description", "action_lines", "sdg_goals",
    "start_date", "end_date", "status", "region", "countries", "partners", "url",
]  # fmt: skip


def make_workbook(path: Path, rows: int, rng: random.Random) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.append(HEADERS)
    for i in range(rows):
        ws.append(
            [
                f"ITU-2025-{i:05d}",
                2025,
                rng.choice(["BDT", "TSB", "BR", "GS"]),
                f"Activity number {i} on digital inclusion",
                "A longer description of what was done, with whom and why. " * rng.randint(1, 3),
                "; ".join(rng.sample(["C1", "C2", "C3", "C4", "C5", "C6", "C7.e-health"], 2)),
                "; ".join(str(g) for g in rng.sample(range(1, 18), 3)),
                dt.datetime(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 200)),
                dt.datetime(2025, 7, 1) + dt.timedelta(days=rng.randint(0, 180)),
                rng.choice(["completed", "ongoing", "planned"]),
                rng.choice(["Africa", "Americas", "Arab States", "Asia-Pacific", "CIS", "Europe"]),
                "Kenya; Ghana",
                "UNESCO; UNDP",
                f"https://www.itu.int/activity/{i}",
            ]
        )
    wb.save(path)


def make_problems(rows: int, rng: random.Random, share: float = 0.01) -> list[Problem]:
    n = int(rows * len(HEADERS) * share)
    problems = []
    for _ in range(n):
        row = rng.randint(2, rows + 1)
        col = rng.randrange(len(HEADERS))
        severity = rng.choice([Severity.ERROR, Severity.WARNING])
        problems.append(
            Problem(
                code="unknown-sdg" if severity == Severity.ERROR else "missing-description",
                severity=severity,
                file="bench.xlsx",
                message=f"Something is wrong with {HEADERS[col]} in row {row}.",
                hint="Use a code from the reference list.",
                sheet=SHEET,
                cell=f"{column_letter(col)}{row}",
                row=row,
                column=HEADERS[col],
                field=HEADERS[col],
                value="SDG 18",
            )
        )
    problems.append(
        Problem("missing-column", Severity.ERROR, "bench.xlsx", "No 'ring' column.", sheet="Activities 2025")
    )
    return problems


def best_of(repeat: int, fn: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(2025)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.xlsx"
        make_workbook(src, args.rows, rng)
        problems = make_problems(args.rows, rng)

        def plain() -> None:
            load_workbook(src).save(Path(tmp) / "plain.xlsx")

        def annotated() -> None:
            annotate_workbook(src, problems, Path(tmp) / "annotated.xlsx")

        base = best_of(args.repeat, plain)
        ann = best_of(args.repeat, annotated)
    print(f"workbook: {args.rows} rows x {len(HEADERS)} columns, {len(problems)} problems")
    print(f"openpyxl load+save:  {base:6.2f} s")
    print(f"annotate_workbook:   {ann:6.2f} s")
    print(f"ratio:               {ann / base:6.2f}")


if __name__ == "__main__":
    main()
