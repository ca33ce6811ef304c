"""Time summarize + write_report on a synthetic tagged frame and print the report size and peak memory.

Usage: python benchmarks/report_bench.py [N ...]   (default: 100 and 10000 activities)
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from itu_contrib.aggregate import summarize
from itu_contrib.problems import Problem, Severity
from itu_contrib.reference import load_reference
from itu_contrib.report import write_report

SECTORS = ("ITU-R", "ITU-T", "ITU-D", "GS")
REGIONS = ("Africa", "Americas", "Arab States", "Asia-Pacific", "CIS", "Europe", "Global")
WORDS = [
    "connectivity",
    "spectrum",
    "standards",
    "capacity",
    "cybersecurity",
    "broadband",
    "rural",
    "schools",
    "women",
    "youth",
    "climate",
    "e-waste",
    "emergency",
    "telecommunications",
    "satellite",
    "fibre",
    "policy",
    "regulation",
    "skills",
    "health",
    "agriculture",
]


def synthetic(n: int, year: int = 2025, seed: int = 7, first: int = 0) -> pd.DataFrame:
    """A tagged activities frame of ``n`` activities with valid codes from the reference, IDs from ``first``."""
    rng = random.Random(seed)
    ref = load_reference(year)
    lines = [a.code for a in ref.action_lines.values() if a.code != "C7"]
    indicators = list(ref.indicators)
    custodian = [i.code for i in ref.custodian_indicators]
    rows: list[dict[str, Any]] = []
    for i in range(first, first + n):
        sector = SECTORS[i % 4]
        chosen = tuple(dict.fromkeys(rng.sample(lines, rng.randint(1, 3))))
        goals = tuple(sorted(set(rng.sample(range(1, 18), rng.randint(0, 4)))))
        inds = tuple(rng.sample(custodian, 1)) if rng.random() < 0.2 else ()
        inds += tuple(i for i in rng.sample(indicators, 1) if ref.indicators[i].goal in goals)
        words = " ".join(rng.choice(WORDS) for _ in range(5))
        start = pd.Timestamp(year, rng.randint(1, 12), rng.randint(1, 28))
        rows.append(
            {
                "activity_id": f"{sector}-{i:05d}",
                "year": year,
                "sector": sector,
                "title": f"{words.capitalize()} programme {i}",
                "action_lines": chosen,
                "action_line_roles": tuple(ref.action_lines[c].role for c in chosen),
                "sdg_goals": goals,
                "sdg_targets": (),
                "sdg_indicators": inds,
                "ring": max((ref.goals[g].ring.level for g in goals), default=None),
                "custodian_indicators": tuple(c for c in inds if c in custodian),
                "suggested_action_lines": ("C4",) if rng.random() < 0.05 else (),
                "suggested_sdg_goals": (9,) if rng.random() < 0.05 else (),
                "source_file": f"inputs/{year}/{sector}.xlsx",
                "source_sheet": str(year),
                "source_row": i + 2,
                "description": f"Support for {words} in member states, with training, guidance and follow-up. " * 3,
                "start_date": start,
                "end_date": start + pd.Timedelta(days=rng.randint(30, 400)) if rng.random() < 0.7 else pd.NaT,
                "status": "ongoing",
                "region": rng.choice(REGIONS),
                "countries": (),
                "partners": ("UNESCO", "UNDP") if rng.random() < 0.3 else (),
                "url": f"https://www.itu.int/en/{sector.lower()}/activity-{i}",
                "main_action_lines": tuple(dict.fromkeys(ref.action_lines[c].root for c in chosen)),
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("year", "ring", "source_row"):
        frame[column] = frame[column].astype("Int64")
    return frame


def bench(n: int) -> tuple[float, float, int]:
    """Seconds to summarize, seconds to render, and bytes of the report for ``n`` activities."""
    current = synthetic(n)
    previous = synthetic(n, year=2024, seed=8, first=n * 3 // 10)  # 70% of the activities continue
    problems = [
        Problem("missing-description", Severity.WARNING, "inputs/ITU-D.xlsx", "no description", sheet="2025", row=r)
        for r in range(2, 2 + n // 20)
    ]
    t0 = time.perf_counter()
    summary = summarize(current, year=2025, previous=previous, problems=problems, files=["a.xlsx"])
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_report(summary, Path(tmp) / "report.html")
        t2 = time.perf_counter()
        size = path.stat().st_size
    return t1 - t0, t2 - t1, size


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [100, 10_000]
    for n in sizes:
        summarize_s, render_s, size = bench(n)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{n:>6} activities: summarize {summarize_s:.2f} s, render {render_s:.2f} s, "
            f"total {summarize_s + render_s:.2f} s, report {size / 1e6:.2f} MB, peak RSS so far {peak:.0f} MB"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
