"""The tool at its row limit: ``report`` peak memory and ``tag -o .xlsx`` time on 200,000 activities.

Each command runs as the CLI in a fresh process (``python -m itu_contrib ...``); wall and CPU seconds and peak RSS
come from ``wait4`` of that process (interpreter and libraries included). Inputs are written by
``benchmarks/generate.py`` (deterministic, seed 2025) into ``benchmarks/data/``: the CSV and the inline-string xlsx
of ``--rows`` rows (default: the default ``max_rows``, 200,000).

    PYTHONPATH=. .venv/bin/python benchmarks/limits_bench.py [--rows 200000] [--repeat 1] [--json FILE]

Goals (issue #17): ``report`` under 1 GB peak memory; ``tag -o .xlsx`` in reasonable time (the time is reported,
not judged).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import generate
import machine as machine_info
import run

from itu_contrib.defaults import Limits

GOAL_REPORT_MB = 1024


def inputs(rows: int) -> dict[str, Path]:
    """The CSV and xlsx of ``rows`` activities, written when missing (the same rows in both)."""
    csv_file, xlsx_file = generate.csv_path(rows), generate.xlsx_path(rows)
    if not csv_file.exists():
        generate.write_csv(csv_file, rows)
    if not xlsx_file.exists():
        generate.write_xlsx(xlsx_file, rows)
    return {"csv": csv_file, "xlsx": xlsx_file}


def commands(files: dict[str, Path], out: Path) -> dict[str, list[str]]:
    """The measured command lines, by name."""
    py = [sys.executable, "-m", "itu_contrib"]
    year = ["--year", str(generate.YEAR)]
    cmds: dict[str, list[str]] = {}
    for kind, path in files.items():
        cmds[f"report {kind}"] = [*py, "report", str(path), *year, "-o", str(out / f"report-{kind}.html")]
        cmds[f"tag -o .xlsx {kind}"] = [*py, "tag", str(path), *year, "-o", str(out / f"tagged-{kind}.xlsx")]
        cmds[f"tag -o .csv {kind}"] = [*py, "tag", str(path), *year, "-o", str(out / f"tagged-{kind}.csv")]
    return cmds


def machine() -> str:
    """CPU model, core count, memory and Python, for the results."""
    cpu = machine_info.cpu_model("unknown CPU")
    try:
        mem = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
        gib = int(mem.split()[1]) / 1024 / 1024
    except (OSError, StopIteration, ValueError):
        gib = 0.0
    import os

    return (
        f"{cpu}, {os.cpu_count()} cores, {gib:.0f} GiB, Linux {platform.release()}, Python {platform.python_version()}"
    )


def commit() -> str:
    """The checked-out commit (short), with '+' when the tree has changes."""
    root = Path(__file__).resolve().parent.parent
    sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True).stdout
    dirty = subprocess.run(["git", "status", "--porcelain", "itu_contrib"], cwd=root, capture_output=True, text=True)
    return sha.strip() + ("+" if dirty.stdout.strip() else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=Limits().max_rows)
    parser.add_argument("--repeat", type=int, default=1, help="runs per command (the best is kept)")
    parser.add_argument("--only", default="", help="comma-separated command names to run (default: all)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    files = inputs(args.rows)
    results: list[dict[str, Any]] = []
    env = run._env()
    print(f"{args.rows:,} rows; {machine()}; commit {commit()}")
    print("| command | exit | wall s | CPU s | peak MB |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        wanted = {w.strip() for w in args.only.split(",") if w.strip()}
        for name, cmd in commands(files, Path(tmp)).items():
            if wanted and name not in wanted:
                continue
            best = min((run.spawn(cmd, env=env) for _ in range(args.repeat)), key=lambda r: r.wall)
            row = {"command": name, "rc": best.rc, "wall": best.wall, "cpu": best.cpu, "peak_mb": best.peak_mb}
            results.append(row)
            flag = " **over 1 GB**" if name.startswith("report") and best.peak_mb > GOAL_REPORT_MB else ""
            print(
                f"| `{name}` | {best.rc} | {best.wall:.1f} | {best.cpu:.1f} | {best.peak_mb:,.0f}{flag} |", flush=True
            )
    if args.json:
        args.json.write_text(json.dumps({"rows": args.rows, "machine": machine(), "commit": commit(),
                                         "results": results}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
