"""The speed table of issue #15: each measure a ratio to a fast reader of the same file, measured in one run.

    make bench          # or: .venv/bin/python benchmarks/speed.py [--repeat 3] [--no-write]

Inputs are generated deterministically into ``benchmarks/data/`` by ``generate.py`` when missing: the typical
100k-row workbook (about 1 % bad rows, one reporting year), its CSV copy, the stress workbook (100k rows of three
years, 5 % bad rows: some 170,000 problems against the year 2025) and a 10k-row workbook for the report; the 22-row
workbook is the sample ``inputs/2025/ITU-D-2025.xlsx``.

Each command runs end to end as a user runs it (``python -m itu_contrib ...``, interpreter start and imports
included) in a fresh process; its wall seconds, CPU seconds (user + system, all threads) and peak memory come from
``os.wait4``. The measuring sticks (fastexcel for xlsx, ``polars.read_csv`` for CSV) run in a fresh process of
their own venv (``.venv-bench``, made by ``make bench``: they are no dependency of the project), timed around the
read alone (after their imports). Every measure is repeated ``--repeat`` times, command and stick alternating, and
the best of each is kept: on a shared machine the best run is the one least disturbed. Ratios are given on wall and
on CPU seconds; the CPU ratio is the steadier one when other jobs share the cores.

The table is printed and written into ``benchmarks/README.md`` between the ``speed-table`` markers, with the
machine and the commit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (sibling script)
import machine as machine_info  # noqa: E402  (sibling script)

DATA = generate.DATA
YEAR = 2025
TYPICAL = generate.xlsx_path(100_000)
CSV = generate.csv_path(100_000)
STRESS = DATA / "stress-100000.xlsx"
REPORT_INPUT = generate.xlsx_path(10_000)
SMALL = ROOT / "inputs" / "2025" / "ITU-D-2025.xlsx"
STRESS_YEARS = (2023, 2024, 2025)
STRESS_BAD = 0.05
STICKS_PYTHON = Path(os.environ.get("BENCH_STICKS_PYTHON", ROOT / ".venv-bench" / "bin" / "python"))
README = HERE / "README.md"
#: sha256 of the ``validate --format json`` output of each generated 100k file (paths made relative): the speed work
#: must not change a problem record. ``--record`` rewrites it, for a deliberate change of behaviour only.
DIGESTS = HERE / "problem-digests.json"
START, END = "<!-- speed-table:start -->", "<!-- speed-table:end -->"

#: The read alone, in the sticks' venv: prints {"wall": s, "cpu": s, "rows": n}.
_STICK = """
import json, sys, time
kind, path = sys.argv[1], sys.argv[2]
if kind == "xlsx":
    import fastexcel
    def read():
        return fastexcel.read_excel(path).load_sheet(0).to_polars().height
else:
    import polars
    def read():
        return polars.read_csv(path, infer_schema_length=0).height
c, t = time.process_time(), time.perf_counter()
rows = read()
print(json.dumps({"wall": time.perf_counter() - t, "cpu": time.process_time() - c, "rows": rows}))
"""


@dataclass(frozen=True)
class Run:
    """One process run: wall and CPU seconds, peak resident memory."""

    wall: float
    cpu: float
    peak_mb: float


@dataclass(frozen=True)
class Measure:
    """A row of the table: a command, and the stick it is divided by (none for an absolute goal)."""

    name: str
    command: tuple[str, ...]
    stick: tuple[str, Path] | None
    goal: float
    unit: str  # "x" (a ratio) or "s" (whole-process seconds)


def ensure_inputs() -> None:
    """Write the generated inputs that are missing (deterministic: the same files on every machine)."""
    generate.ensure((10_000, 100_000), force=False)
    if not STRESS.exists():
        t0 = time.perf_counter()
        bad = generate.write_xlsx(STRESS, 100_000, bad_fraction=STRESS_BAD, years=STRESS_YEARS)
        print(f"wrote {STRESS} (100,000 rows of {STRESS_YEARS}, {bad:,} bad, {time.perf_counter() - t0:.1f} s)")


def run_command(args: list[str]) -> Run:
    """Run ``python -m itu_contrib ARGS`` in a fresh process; its wall, CPU and peak memory."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "itu_contrib", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1 is invalid data: the stress file is meant to be invalid
        stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"itu_contrib {' '.join(args)} exited {code}: {stderr[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def run_stick(kind: str, path: Path) -> Run:
    """The stick's read of ``path`` in a fresh process of its venv, timed around the read."""
    out = subprocess.run(
        [str(STICKS_PYTHON), "-c", _STICK, kind, str(path)], capture_output=True, text=True, check=True
    )
    info = json.loads(out.stdout)
    return Run(info["wall"], info["cpu"], 0.0)


def measures(out: Path) -> list[Measure]:
    """The rows of the table of issue #15."""
    year = ("--year", str(YEAR))
    json_out = ("--format", "json", "-o", str(out / "validate.json"))
    return [
        Measure(
            "`validate --format json`, typical 100k-row xlsx, end to end / fastexcel read of the same file",
            ("validate", str(TYPICAL), *year, *json_out),
            ("xlsx", TYPICAL),
            1.5,
            "x",
        ),
        Measure(
            "same, 100k-row CSV / `polars.read_csv`",
            ("validate", str(CSV), *year, *json_out),
            ("csv", CSV),
            2.0,
            "x",
        ),
        Measure(
            "stress: 100k rows, ~170k problems / read",
            ("validate", str(STRESS), *year, *json_out),
            ("xlsx", STRESS),
            3.0,
            "x",
        ),
        Measure(
            "`report` on 10k activities / read",
            ("report", str(REPORT_INPUT), *year, "-o", str(out / "report.html")),
            ("xlsx", REPORT_INPUT),
            3.0,
            "x",
        ),
        Measure(
            "`validate` of a 22-row workbook, whole process",
            ("validate", str(SMALL), *year, *json_out),
            None,
            0.5,
            "s",
        ),
    ]


def measure(m: Measure, repeat: int) -> dict[str, Any]:
    """Best of ``repeat`` runs of the command and of its stick, alternating."""
    runs: list[Run] = []
    sticks: list[Run] = []
    for _ in range(repeat):
        if m.stick is not None:
            sticks.append(run_stick(*m.stick))
        runs.append(run_command(list(m.command)))
    best = Run(min(r.wall for r in runs), min(r.cpu for r in runs), min(r.peak_mb for r in runs))
    row: dict[str, Any] = {"name": m.name, "goal": m.goal, "unit": m.unit, "command": best.__dict__}
    if m.command[0] == "validate" and Path(m.command[1]).parent == DATA:
        row["input"] = Path(m.command[1]).name
        row["digest"] = problems_digest(Path(m.command[m.command.index("-o") + 1]))
    if sticks:
        stick = Run(min(s.wall for s in sticks), min(s.cpu for s in sticks), 0.0)
        row["stick"] = stick.__dict__
        row["ratio_wall"] = best.wall / stick.wall
        row["ratio_cpu"] = best.cpu / stick.cpu
        row["value"] = row["ratio_wall"]
    else:
        row["value"] = best.wall
    return row


def problems_digest(output: Path) -> str:
    """sha256 of a ``validate --format json`` output, with the data folder's path written as in the repository."""
    text = output.read_text(encoding="utf-8").replace(f"{DATA}/", "benchmarks/data/")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_digests(rows: list[dict[str, Any]], record: bool) -> list[str]:
    """The inputs whose problems differ from the recorded ones (``record`` writes the current ones instead)."""
    found = {r["input"]: r["digest"] for r in rows if "digest" in r}
    known = json.loads(DIGESTS.read_text(encoding="utf-8")) if DIGESTS.exists() else {}
    if record:
        DIGESTS.write_text(json.dumps({**known, **found}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return []
    return [name for name, digest in found.items() if name in known and known[name] != digest]


def _fmt_row(row: dict[str, Any]) -> str:
    cmd = row["command"]
    if row["unit"] == "x":
        stick = row["stick"]
        now = (
            f"{row['ratio_wall']:.1f}x wall, {row['ratio_cpu']:.1f}x CPU "
            f"({cmd['wall']:.2f} s / {stick['wall']:.2f} s; CPU {cmd['cpu']:.2f} s / {stick['cpu']:.2f} s)"
        )
        met = row["ratio_wall"] <= row["goal"] or row["ratio_cpu"] <= row["goal"]
        goal = f"<= {row['goal']:g}x"
    else:
        now = f"{cmd['wall']:.2f} s wall, {cmd['cpu']:.2f} s CPU"
        met = cmd["wall"] <= row["goal"] or cmd["cpu"] <= row["goal"]
        goal = f"<= {row['goal']:g} s"
    extra = row.get("extra", "")
    return f"| {row['name']} | {now}{extra} | {goal} | {'met' if met else '**not met**'} |"


def table(rows: list[dict[str, Any]], peak_mb: float, html_mb: float) -> str:
    """The markdown table of the results."""
    lines = ["| measure | now (best of the runs) | goal | |", "|---|---|---|---|"]
    for row in rows:
        if row["name"].startswith("`report`"):
            row["extra"] = f"; HTML {html_mb:.1f} MB (goal <= 3 MB)"
        lines.append(_fmt_row(row))
    met = "met" if peak_mb <= 400 else "**not met**"
    lines.append(
        f"| peak memory, validate 100k rows (the CLI process, typical xlsx) | {peak_mb:.0f} MB | <= 400 MB | {met} |"
    )
    return "\n".join(lines)


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return out.stdout.strip()


def machine() -> str:
    """One paragraph on the machine, the versions and the commit measured."""
    cpu = machine_info.cpu_model()
    from importlib.metadata import version

    versions = ", ".join(f"{n} {version(n)}" for n in ("pandas", "pandera", "numpy", "python-calamine"))
    sticks = subprocess.run(
        [str(STICKS_PYTHON), "-c", "import fastexcel, polars; print(fastexcel.__version__, polars.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    dirty = " (with uncommitted changes)" if _git("status", "--porcelain", "--", "itu_contrib") else ""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python "
        f"{platform.python_version()}; {versions}; sticks fastexcel {sticks[0] if sticks else '?'}, polars "
        f"{sticks[1] if len(sticks) > 1 else '?'}. Commit `{_git('rev-parse', '--short', 'HEAD')}`{dirty}, run "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load average before the run {load}."
    )


def write_readme(text: str) -> None:
    """Put ``text`` between the markers of benchmarks/README.md (appended with them when absent)."""
    readme = README.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    if START in readme and END in readme:
        head, rest = readme.split(START, 1)
        readme = head + block + rest.split(END, 1)[1]
    else:
        readme = readme.rstrip("\n") + "\n\n## Speed (issue #15)\n\n" + block + "\n"
    README.write_text(readme, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (the best is kept)")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--only", help="measure only the rows whose name contains this text")
    parser.add_argument(
        "--record", action="store_true", help=f"write the problems' digests into {DIGESTS.name} (behaviour change)"
    )
    args = parser.parse_args()
    if not STICKS_PYTHON.exists():
        raise SystemExit(
            f"{STICKS_PYTHON}: no venv with fastexcel and polars; run `make bench` (or set BENCH_STICKS_PYTHON)"
        )
    ensure_inputs()
    about = machine()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for m in measures(out):
            if args.only and args.only not in m.name:
                continue
            row = measure(m, args.repeat)
            rows.append(row)
            print(_fmt_row(row), flush=True)
        html = out / "report.html"
        html_mb = html.stat().st_size / 1e6 if html.exists() else float("nan")
    peak = next((r["command"]["peak_mb"] for r in rows if "typical" in r["name"]), float("nan"))
    text = about + "\n\n" + table(rows, peak, html_mb)
    print("\n" + text)
    changed = check_digests(rows, args.record)
    if changed:  # faster, but not the same: the table is not written
        raise SystemExit(f"the problems of {', '.join(changed)} differ from {DIGESTS.name}: a behaviour change")
    checked = [r["input"] for r in rows if "digest" in r]
    if checked:
        print("problems identical to the recorded ones: " + ", ".join(checked))
    if not args.no_write and not args.only:
        write_readme(text)
        print(f"\nwritten into {README.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
