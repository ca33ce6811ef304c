"""Speed and memory of reading and validating activity workbooks of 1k, 10k and 100k rows.

    PYTHONPATH=. .venv/bin/python benchmarks/run.py [--sizes 1000,10000,100000] [--repeat 3]

Every measurement runs in a fresh subprocess (cold caches, as a user's run), which reports its own wall and
CPU time for the operation only (imports are done before the clock starts) and its peak RSS
(``getrusage(RUSAGE_SELF).ru_maxrss``, which includes the interpreter and the imported libraries):

* ``calamine``: ``CalamineWorkbook.from_path(p).get_sheet_by_index(0).to_python()``, the fastest reader
  (for the CSV file: ``list(csv.reader(...))``); ``fastexcel`` too when it is importable;
* ``load``: ``itu_contrib.reading.load(p)``;
* ``validate``: ``itu_contrib.validation.validate(p, year=2025)`` plus ``json.dumps(result.to_dict())``;
* ``cli``: ``python -m itu_contrib validate P --format json --year 2025 -o FILE``, end to end (imports included);
* ``frictionless``: ``frictionless validate`` on the 100k xlsx and CSV, from the separate venv named by
  ``FRICTIONLESS_BIN`` (default ``/tmp/fl-venv/bin/frictionless``); skipped when absent.

Files: ``activities-<N>.xlsx`` (inline strings, as openpyxl writes them), and for 100k rows also
``activities-100000-sst.xlsx`` (same cells in a shared-string table, as Excel saves text) and the CSV copy.
Times are the best of ``--repeat`` runs; a measurement whose first run takes longer than ``--slow`` seconds is run
once. Missing data files are generated first (``benchmarks/generate.py``).

``--snapshot REV`` measures ``itu_contrib`` as of a git revision (exported to ``benchmarks/data/snapshot-<sha>/``),
so that a long run and its profile describe one version while the working tree moves on.

``--profile`` prints instead the CPU seconds of each stage of ``load`` and ``validate`` (best of ``--repeat`` fresh
runs, by wrapping the stage functions) and the top of a cProfile of each, on the largest workbook (or
``--profile-file``); the ``.prof`` and ``.txt`` files go to ``benchmarks/data/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (sibling script)
import machine as machine_info  # noqa: E402  (sibling script)

YEAR = 2025
GOAL_LOAD_RATIO, GOAL_VALIDATE_RATIO, GOAL_MB = 1.3, 1.5, 700
FRICTIONLESS_BIN = os.environ.get("FRICTIONLESS_BIN", "/tmp/fl-venv/bin/frictionless")  # noqa: S108


# -- worker side: one measurement in this (fresh) process -------------------------------------------------------


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(mode: str, path: str) -> dict[str, Any]:
    """Run one operation on ``path`` and return its timings and memory (imports done before timing)."""
    info: dict[str, Any] = {}
    if mode == "calamine":
        import python_calamine as pc

        def op() -> None:
            rows = pc.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
            info["rows"] = len(rows) - 1

    elif mode == "fastexcel":
        import fastexcel

        def op() -> None:
            frame = fastexcel.read_excel(path).load_sheet(0).to_arrow()
            info["rows"] = frame.num_rows

    elif mode == "csv":
        import csv

        def op() -> None:
            with open(path, encoding="utf-8", newline="") as fh:
                rows = list(csv.reader(fh))
            info["rows"] = len(rows) - 1

    elif mode == "load":
        from itu_contrib.reading import load

        def op() -> None:
            result = load(path)
            info["rows"] = len(result.frame)
            info["problems"] = len(result.problems)

    elif mode == "validate":
        import pandera.pandas  # noqa: F401  (imported lazily by validate; kept out of the timing)

        from itu_contrib.validation import validate

        def op() -> None:
            result = validate(path, year=YEAR)
            text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
            info["rows"] = result.stats.rows
            info["errors"] = result.stats.errors
            info["warnings"] = result.stats.warnings
            info["json_bytes"] = len(text.encode())

    elif mode in ("stages-load", "stages-validate"):
        return stages(path, validate=mode == "stages-validate")
    elif mode in ("profile-load", "profile-validate"):
        return profile(path, validate=mode == "profile-validate")
    else:
        raise SystemExit(f"unknown worker mode {mode}")
    if "itu_contrib" in sys.modules:
        info["module"] = sys.modules["itu_contrib"].__file__
    base = _maxrss_mb()
    c0, t0 = time.process_time(), time.perf_counter()
    op()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"wall": wall, "cpu": cpu, "peak_mb": _maxrss_mb(), "base_mb": base, **info}


def _timed(
    acc: dict[str, float], owner: Any, name: str, label: str, key: Any = None, clock: Any = time.process_time
) -> None:
    """Replace ``owner.name`` by a wrapper adding its CPU seconds to ``acc[label]`` (``key`` refines the label).

    ``clock`` is the process CPU clock (which counts the threads a stage starts), or ``time.thread_time`` for a
    function that runs in a worker thread alongside other work.
    """
    fn = getattr(owner, name, None)
    if fn is None:  # the code changed; that stage is no longer there
        return
    counts: dict[str, int] = {}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        tag = label if key is None else f"{label} {key(*args, counts=counts)}"
        c0 = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[tag] = acc.get(tag, 0.0) + clock() - c0

    setattr(owner, name, wrapper)


def stages(path: str, *, validate: bool) -> dict[str, Any]:
    """CPU seconds of the stages of ``load`` (and ``validate``), measured by wrapping the stage functions.

    Stages nest (``load`` includes ``read_file``, which includes ``sniff``...); a few wrappers per cell-free
    function cost nothing measurable, unlike a profiler.
    """
    import pandera.pandas  # noqa: F401

    from itu_contrib import reading, validation
    from itu_contrib.readers import scanners, workbook

    acc: dict[str, float] = {}

    def column_key(_self: Any, name: str, *_: Any, counts: dict[str, int]) -> str:
        return name

    def check_key(series: Any, _fn: Any, counts: dict[str, int]) -> str:
        n = counts[str(series.name)] = counts.get(str(series.name), 0) + 1
        return f"{series.name} #{n}"

    top = "validate > load" if validate else "load"
    rf = f"{top} > read_file"
    _timed(acc, validation if validate else reading, "load", top)
    _timed(acc, reading, "read_file", rf)
    _timed(acc, reading, "_template_stamp", f"{top} > _template_stamp")
    _timed(acc, reading, "sniff", f"{rf} > sniff")
    _timed(acc, scanners, "_xlsx_certified", f"{rf} > sniff > _xlsx_certified")
    _timed(acc, reading, "read_grids", f"{rf} > read_grids")
    # _xlsx_extras may run in a thread next to the calamine parse: its own thread's CPU time
    _timed(acc, workbook, "_xlsx_extras", f"{rf} > read_grids > _xlsx_extras", clock=time.thread_time)
    _timed(acc, reading, "_find_header", f"{rf} > _find_header")
    _timed(acc, reading._SheetReader, "read", f"{rf} > _SheetReader.read")
    _timed(acc, reading._SheetReader, "_column", f"{rf} > _SheetReader.read > _column", column_key)
    if validate:
        _timed(acc, validation, "_canonical_choices", "validate > _canonical_choices")
        _timed(acc, validation, "_parse_codes", "validate > _parse_codes")
        _timed(acc, validation, "_schema_problems", "validate > _schema_problems")
        _timed(acc, validation, "build_schema", "validate > _schema_problems > build_schema")
        _timed(acc, validation, "_map", "validate > _schema_problems > check", check_key)
        _timed(acc, validation, "_message", "validate > _schema_problems > _message")
        _timed(acc, validation, "_row_rules", "validate > _row_rules")
        _timed(acc, validation, "_duplicates", "validate > _row_rules > _duplicates")
    c0, t0 = time.process_time(), time.perf_counter()
    if validate:
        result = validation.validate(path, year=YEAR)
        acc["validate"] = time.process_time() - c0
        c1 = time.process_time()
        json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
        acc["to_dict + json.dumps"] = time.process_time() - c1
    else:
        reading.load(path)
    acc["total"] = time.process_time() - c0
    _derived(acc)
    return {"wall": time.perf_counter() - t0, "cpu": acc["total"], "peak_mb": _maxrss_mb(), "stages": acc}


def _derived(acc: dict[str, float]) -> None:
    """Add a "(rest)" row under every stage with sub-stages: its time not spent in the sub-stages measured."""
    for parent in list(acc):
        children = [v for k, v in acc.items() if k.startswith(parent + " > ") and " > " not in k[len(parent) + 3 :]]
        if children:
            acc[f"{parent} > (rest)"] = acc[parent] - sum(children)


def profile(path: str, *, validate: bool) -> dict[str, Any]:
    """cProfile of ``load`` or ``validate`` + JSON; the stats go to benchmarks/data/profile-<mode>-<file>.prof."""
    import cProfile
    import io
    import pstats

    import pandera.pandas  # noqa: F401

    from itu_contrib.reading import load
    from itu_contrib.validation import validate as run_validate

    prof = cProfile.Profile()
    c0 = time.process_time()
    prof.enable()
    if validate:
        json.dumps(run_validate(path, year=YEAR).to_dict(), indent=2, ensure_ascii=False)
    else:
        load(path)
    prof.disable()
    cpu = time.process_time() - c0
    out = generate.DATA / f"profile-{'validate' if validate else 'load'}-{Path(path).stem}.prof"
    prof.dump_stats(out)
    text = io.StringIO()
    stats = pstats.Stats(prof, stream=text)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    return {"cpu": cpu, "wall": cpu, "peak_mb": _maxrss_mb(), "prof": str(out), "text": text.getvalue()}


# -- parent side ------------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One subprocess: wall and CPU seconds, peak RSS in MB, exit code and what it reported."""

    wall: float
    cpu: float
    peak_mb: float
    rc: int
    report: dict[str, Any] = field(default_factory=dict)


def spawn(cmd: list[str], *, capture: bool = False, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd``; wall time measured here, CPU time and peak RSS from ``wait4`` of that very child."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=err, env=env, cwd=generate.DATA
        )
        out = proc.stdout.read() if proc.stdout else b""
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.stdout:
            proc.stdout.close()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    run = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)
    if capture:
        try:
            run.report = json.loads(out.decode().strip().splitlines()[-1])
        except (ValueError, IndexError):
            raise SystemExit(f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{stderr[-3000:]}") from None
    return run


def _env() -> dict[str, str]:
    """The environment of the measured processes: PYTHONPATH as given (a snapshot first), then the source tree."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (*SOURCE_PATH, env.get("PYTHONPATH", ""), str(ROOT)) if p)
    return env


SOURCE_PATH: list[str] = []  # set by --snapshot


def snapshot(rev: str) -> Path:
    """Export ``itu_contrib`` at git revision ``rev`` to benchmarks/data/snapshot-<sha>/ and measure that copy.

    The working tree may change while a long run goes on; a snapshot keeps the table and the profile on one version.
    """
    sha = _cmd(["git", "-C", str(ROOT), "rev-parse", "--short", rev])
    if not sha:
        raise SystemExit(f"--snapshot: unknown git revision {rev}")
    target = generate.DATA / f"snapshot-{sha}"
    if not (target / "itu_contrib").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", sha, "itu_contrib"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    SOURCE_PATH[:] = [str(target)]
    sys.path.insert(0, str(target))
    return target


def measure(cmd: list[str], *, repeat: int, slow: float, capture: bool = False) -> Run:
    """Best (lowest wall time) of ``repeat`` runs; the peak RSS is the largest seen. One run when slow."""
    runs: list[Run] = []
    for _ in range(repeat):
        run = spawn(cmd, capture=capture, env=_env())
        if capture:  # the worker's own timing of the operation, without interpreter start-up and imports
            run.wall, run.cpu = run.report["wall"], run.report["cpu"]
        runs.append(run)
        if run.wall > slow:
            break
    best = min(runs, key=lambda r: r.wall)
    best.peak_mb = max(r.peak_mb for r in runs)
    best.report["runs"] = len(runs)
    return best


def work(mode: str, path: Path, *, repeat: int, slow: float) -> Run:
    """A worker measurement of ``mode`` on ``path``."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, str(path.resolve())]
    return measure(cmd, repeat=repeat, slow=slow, capture=True)


def cli(path: Path, *, repeat: int, slow: float) -> Run:
    """``itu-contrib validate --format json`` end to end, from the source tree."""
    out = generate.DATA / f"validate-{path.stem}-{path.suffix[1:]}.json"
    cmd = [
        sys.executable,
        "-m",
        "itu_contrib",
        "validate",
        str(path.resolve()),
        "--format",
        "json",
        "--year",
        str(YEAR),
    ]
    return measure([*cmd, "-o", str(out)], repeat=repeat, slow=slow)


def frictionless(path: Path, schema: Path | None, *, repeat: int, slow: float) -> Run | None:
    """``frictionless validate`` of ``path`` (all errors, JSON output), or None when it is not installed.

    ``--trusted`` lets it open an absolute path; its JSON report is checked to cover every row.
    """
    if not Path(FRICTIONLESS_BIN).exists():
        return None
    out = generate.DATA / f"frictionless-{path.stem}-{path.suffix[1:]}-{'schema' if schema else 'inferred'}.json"
    cmd = [FRICTIONLESS_BIN, "validate", str(path), "--json", "--trusted", "--limit-errors", "1000000000"]
    if schema is not None:
        cmd += ["--schema", str(schema)]
    wrapped = ["/bin/sh", "-c", 'exec "$@" > "$0"', str(out), *cmd]
    run = measure(wrapped, repeat=repeat, slow=slow)
    task = json.loads(out.read_text(encoding="utf-8"))["tasks"][0]
    kinds = sorted({e["type"] for e in task["errors"]})
    if task["stats"].get("rows") is None or "resource-error" in kinds or "source-error" in kinds:
        raise SystemExit(f"frictionless could not read {path}: {task['errors'][:1]}")
    run.report |= {"rows": task["stats"]["rows"], "errors": task["stats"]["errors"], "error_types": kinds}
    return run


def frictionless_schema(path: Path) -> Path:
    """A Table Schema equivalent to the spec's simple checks (required, enums, dates, URL pattern, lengths)."""
    spec = generate.SPEC
    fields = []
    for col in spec.columns:
        kind = col.type
        f: dict[str, Any] = {"name": col.label, "type": "string"}
        constraints: dict[str, Any] = {}
        if col.required:
            constraints["required"] = True
        if kind == "integer":
            f["type"] = "integer"
            minimum, maximum = (0 if col.min is None else col.min), (9999 if col.max is None else col.max)
            constraints |= {"minimum": minimum, "maximum": maximum}
        elif kind == "date":
            f["type"] = "date"
            f["format"] = "any"
        elif kind == "choice" and col.vocabulary:
            constraints["enum"] = list(spec.vocabularies[col.vocabulary].values)
        elif kind == "url":
            constraints["pattern"] = r"https?://\S+\.\S+"
        elif kind == "action_lines":
            constraints["pattern"] = r"(C([1-9]|1[01])( e-[a-z]+)?)(; C([1-9]|1[01])( e-[a-z]+)?)*"
        elif kind == "sdgs":
            constraints["pattern"] = r"(1[0-7]|[1-9])(\.[0-9a-z]+){0,2}(; (1[0-7]|[1-9])(\.[0-9a-z]+){0,2})*"
        if col.max_length and kind == "text":
            constraints["maxLength"] = col.max_length
        if constraints:
            f["constraints"] = constraints
        fields.append(f)
    path.write_text(json.dumps({"fields": fields}, indent=1), encoding="utf-8")
    return path


# -- report -----------------------------------------------------------------------------------------------------


def _cmd(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "?"


def machine() -> dict[str, str]:
    """The machine and library versions the numbers come from."""
    from importlib.metadata import PackageNotFoundError, version

    cpu = machine_info.cpu_model()
    mem = _cmd(["free", "-h"]).splitlines()
    info = {
        "cpu": cpu,
        "nproc": _cmd(["nproc"]),
        "memory": " ".join(mem[1].split()[:2]) if len(mem) > 1 else "?",
        "load average (start)": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "os": platform.platform(),
        "python": platform.python_version(),
    }
    for pkg in ("pandas", "pandera", "numpy", "python-calamine", "openpyxl"):
        try:
            info[pkg] = version(pkg)
        except PackageNotFoundError:
            info[pkg] = "not installed"
    info["source"] = source_digest()
    if Path(FRICTIONLESS_BIN).exists():
        info["frictionless"] = _cmd([FRICTIONLESS_BIN, "--version"]) or "?"
    return info


def _ratio(a: float, b: float | None) -> str:
    return f"{a / b:.2f}x" if b else "-"


def table(rows: list[dict[str, Any]]) -> str:
    """The results as a Markdown table: wall seconds with CPU seconds in brackets, ratios to the reader."""
    head = (
        "| file | reader s (cpu) | load s (cpu) | load / reader wall (cpu) | validate+json s (cpu) "
        "| validate / reader wall (cpu) | CLI e2e s (cpu) | peak MB reader | peak MB load | peak MB validate "
        "| peak MB CLI | problems |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        ref, ld, va, cl = r["reader"], r["load"], r["validate"], r["cli"]
        lines.append(
            f"| {r['file']} | {ref.wall:.2f} ({ref.cpu:.2f}) {r['reader_name']} "
            f"| {ld.wall:.2f} ({ld.cpu:.2f}) | {_ratio(ld.wall, ref.wall)} ({_ratio(ld.cpu, ref.cpu)}) "
            f"| {va.wall:.2f} ({va.cpu:.2f}) | {_ratio(va.wall, ref.wall)} ({_ratio(va.cpu, ref.cpu)}) "
            f"| {cl.wall:.2f} ({cl.cpu:.2f}) | {ref.peak_mb:.0f} | {ld.peak_mb:.0f} | {va.peak_mb:.0f} "
            f"| {cl.peak_mb:.0f} | {va.report.get('errors', '?')} err / {va.report.get('warnings', '?')} warn |"
        )
        if "fastexcel" in r:
            fx = r["fastexcel"]
            lines.append(f"| {r['file']} (fastexcel) | {fx.wall:.2f} ({fx.cpu:.2f}) | | | | | | {fx.peak_mb:.0f} |")
    return "\n".join(lines)


def print_profile(path: Path, *, repeat: int) -> None:
    """Stage breakdown (best of ``repeat`` fresh runs, CPU s) and cProfile listings of load and validate."""
    print(f"source: {source_digest()}\n")
    for mode in ("load", "validate"):
        runs = [work(f"stages-{mode}", path, repeat=1, slow=0) for _ in range(repeat)]
        best = min(runs, key=lambda r: r.cpu)
        print(f"## Stages of {mode} on {path.name} (CPU s, best of {len(runs)} runs; stages nest)\n")
        print("| stage | CPU s | share |")
        print("|---|---|---|")
        total = best.report["stages"]["total"]
        for name, sec in sorted(best.report["stages"].items(), key=lambda kv: (kv[0] != "total", kv[0])):
            print(f"| {name} | {sec:.2f} | {sec / total:.0%} |")
        print(flush=True)
    for mode in ("load", "validate"):
        run = work(f"profile-{mode}", path, repeat=1, slow=0)
        text_path = Path(run.report["prof"]).with_suffix(".txt")
        text_path.write_text(run.report["text"], encoding="utf-8")
        print(f"## cProfile of {mode} ({run.report['cpu']:.1f} CPU s under the profiler) -> {text_path}\n")
        print(run.report["text"], flush=True)


def source_digest() -> str:
    """git HEAD plus a digest of the itu_contrib sources as they are now (the tree may hold uncommitted work)."""
    import hashlib

    package = Path(SOURCE_PATH[0]) / "itu_contrib" if SOURCE_PATH else ROOT / "itu_contrib"
    digest = hashlib.sha256()
    for f in sorted(package.rglob("*.py")):
        digest.update(f.read_bytes())
    sha = digest.hexdigest()[:12]
    if SOURCE_PATH:
        return f"snapshot {package.parent.name} ({package}), itu_contrib/*.py sha256 {sha}"
    head = _cmd(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = _cmd(["git", "-C", str(ROOT), "status", "--porcelain", "--", "itu_contrib"])
    return f"git {head}{' + uncommitted changes' if dirty else ''} (working tree), itu_contrib/*.py sha256 {sha}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, generate.DEFAULT_SIZES)), help="comma-separated rows")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best time kept)")
    parser.add_argument("--slow", type=float, default=30.0, help="run once when the first run takes longer (s)")
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV copy of the 100k file")
    parser.add_argument("--no-frictionless", action="store_true", help="skip the frictionless peer")
    parser.add_argument("--json", metavar="FILE", help="also write the raw results as JSON")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="instead of the benchmark: CPU seconds per stage and cProfile of load and validate on the largest size",
    )
    parser.add_argument("--profile-file", metavar="PATH", help="workbook to profile (default: the largest size)")
    parser.add_argument(
        "--snapshot", metavar="REV", help="measure itu_contrib as of this git revision (exported under data/)"
    )
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    sizes = tuple(int(s) for s in args.sizes.split(",") if s.strip())
    generate.ensure(sizes)
    if args.snapshot:
        snapshot(args.snapshot)
    if args.profile:
        print_profile(
            Path(args.profile_file) if args.profile_file else generate.xlsx_path(max(sizes)), repeat=args.repeat
        )
        return
    info = machine()
    print("## Machine\n")
    for k, v in info.items():
        print(f"- {k}: {v}")
    fastexcel_ok = subprocess.run([sys.executable, "-c", "import fastexcel"], capture_output=True).returncode == 0
    print(f"- fastexcel: {'importable' if fastexcel_ok else 'not installed (skipped)'}")
    print(flush=True)
    opts = {"repeat": args.repeat, "slow": args.slow}
    files: list[tuple[Path, int]] = [(generate.xlsx_path(n), n) for n in sizes]
    if generate.CSV_SIZE in sizes:
        files.append((generate.sst_path(), generate.CSV_SIZE))
        if not args.no_csv:
            files.append((generate.csv_path(), generate.CSV_SIZE))
    results: list[dict[str, Any]] = []
    for path, n in files:
        is_csv = path.suffix == ".csv"
        reader_name = "csv.reader" if is_csv else "calamine"
        row: dict[str, Any] = {"file": path.name, "rows": n, "reader_name": reader_name}
        row["reader"] = work("csv" if is_csv else "calamine", path, **opts)
        if fastexcel_ok and not is_csv:
            row["fastexcel"] = work("fastexcel", path, **opts)
        row["load"] = work("load", path, **opts)
        row["validate"] = work("validate", path, **opts)
        row["cli"] = cli(path, **opts)
        results.append(row)
        r = row
        print(
            f"{path.name}: {reader_name} {r['reader'].wall:.2f}s, load {r['load'].wall:.2f}s "
            f"({_ratio(r['load'].wall, r['reader'].wall)}, {r['load'].peak_mb:.0f} MB), validate+json "
            f"{r['validate'].wall:.2f}s ({_ratio(r['validate'].wall, r['reader'].wall)}, "
            f"{r['validate'].peak_mb:.0f} MB), CLI {r['cli'].wall:.2f}s ({r['cli'].peak_mb:.0f} MB)",
            flush=True,
        )
    print("\n## Results (wall seconds, CPU seconds in brackets; best of runs)\n")
    print(table(results))
    peers: list[tuple[str, Run]] = []
    if not args.no_frictionless and generate.CSV_SIZE in sizes:
        if Path(FRICTIONLESS_BIN).exists():
            schema = frictionless_schema(generate.DATA / "frictionless-schema.json")
            targets = [generate.xlsx_path(generate.CSV_SIZE)]
            if not args.no_csv:
                targets.insert(0, generate.csv_path())
            for target in targets:
                for label, sch in (("inferred schema", None), ("spec-like schema", schema)):
                    run = frictionless(target, sch, **opts)
                    if run is not None:
                        peers.append((f"{target.name}, {label}", run))
                        print(
                            f"frictionless {target.name} ({label}): {run.wall:.2f}s, {run.peak_mb:.0f} MB", flush=True
                        )
        else:
            print(f"\nfrictionless: {FRICTIONLESS_BIN} not found, skipped")
    if peers:
        print("\n## Peer: frictionless validate (end to end, wall s / CPU s / peak MB)\n")
        print("| input | wall s | cpu s | peak MB | runs | rows checked | errors found |")
        print("|---|---|---|---|---|---|---|")
        for label, run in peers:
            rep = run.report
            print(
                f"| {label} | {run.wall:.2f} | {run.cpu:.2f} | {run.peak_mb:.0f} | {rep.get('runs', 1)} "
                f"| {rep.get('rows', '?'):,} | {rep.get('errors', '?')} ({', '.join(rep.get('error_types', []))}) |"
            )
    big = next((r for r in results if r["file"] == generate.xlsx_path(generate.CSV_SIZE).name), None)
    if big:
        ref, ld, va, cl = big["reader"], big["load"], big["validate"], big["cli"]
        print("\n## Goals (100k xlsx; time ratios on wall and on CPU seconds)\n")
        for name, run, goal in (("load", ld, GOAL_LOAD_RATIO), ("validate+json", va, GOAL_VALIDATE_RATIO)):
            wall, cpu = run.wall / ref.wall, run.cpu / ref.cpu
            verdict = "PASS" if wall <= goal and cpu <= goal else "PASS on CPU only" if cpu <= goal else "FAIL"
            print(f"- {verdict}: {name} <= {goal}x calamine (wall {wall:.2f}x, cpu {cpu:.2f}x)")
        for name, run in (("load", ld), ("validate+json", va), ("CLI validate --format json", cl)):
            print(f"- {'PASS' if run.peak_mb < GOAL_MB else 'FAIL'}: {name} < {GOAL_MB} MB (got {run.peak_mb:.0f} MB)")
    print(f"\nload average (end): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        dump = {
            "machine": info,
            "results": [{k: (v.__dict__ if isinstance(v, Run) else v) for k, v in r.items()} for r in results],
            "frictionless": [{"input": label, **run.__dict__} for label, run in peers],
        }
        Path(args.json).write_text(json.dumps(dump, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
