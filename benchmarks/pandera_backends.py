"""pandera's polars backend against its pandas backend, on the project's schema and the same 100k rows (issue #15).

    .venv-bench/bin/python benchmarks/pandera_backends.py [--rows 100000] [--repeat 5]

Runs in ``.venv-bench`` (``make bench`` makes it): polars is no dependency of the project, and the project's own venv
stays without it. That venv has the project installed (``pip install --no-deps .``), so the script reads the same
spec, reference data and workbook as ``validate()``.

The frame is ``itu_contrib.load(activities-100000.xlsx).frame`` (the first ``--rows`` rows; a larger ``--rows`` reads
``activities-<rows>.xlsx``, which ``generate.py`` writes deterministically when missing), with the choice columns in
canonical form as ``validate()`` hands them to pandera, columns ``spec.names`` only.

* **pandas**: ``build_schema(spec, reference, cells=cells).validate(frame, lazy=True)``, ``SchemaErrors`` caught:
  what ``validate()`` does.
* **polars**: the same schema written with ``pandera.polars`` (:func:`polars_schema`): the same columns,
  nullability, check names and meanings, each check an expression over the whole column; the code and country
  cells are judged by the project's own functions once per distinct value, as in the pandas schema, and the failing
  distinct values found with ``is_in``. Validated on the same rows as a ``polars.DataFrame``; the conversion
  (:func:`to_polars`, pyarrow is not installed) is timed on its own.

Both backends must report the same failing cells: the same (column, check, row position) triples, compared in full,
on the benchmark rows and on hand-written edge cells (:data:`EDGES`). Each timed run builds its schema afresh (the
code checks' flags memo lives in it) and starts with the country check's cache cleared, as in a ``validate()`` run;
the code cells arrive parsed, as in ``validate()``, whose ``_parse_codes`` fills the ``_CodeCells`` the schema then
reads (done once, untimed, and shared by both backends). The backends alternate, each round starting with the other
one, and the best of ``--repeat`` runs is kept; times are CPU seconds (``time.process_time``, every thread of the
process: polars runs on a thread pool) with wall seconds beside them. The spread of the runs is printed as the noise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.polars as pa_pl
import polars as pl
from pandera.errors import SchemaErrors

from itu_contrib import validation
from itu_contrib.reading import load
from itu_contrib.reference import Reference, load_reference
from itu_contrib.spec import Spec, load_spec

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (sibling script)
import machine as machine_info  # noqa: E402  (sibling script)

BASE_ROWS = 100_000

#: (column, check, row position) of one failing cell
Failure = tuple[str, str, int]
#: what ``str.strip()`` strips (``str.isspace``): polars' ``strip_chars()`` leaves \x1c-\x1f
PY_SPACE = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())

#: Hand-written cells, one row each (the other cells those of the first row), on which the two schemas must agree:
#: every check fires at least once, and the blanks, bounds and spellings where a translation could drift.
EDGES: dict[str, tuple[Any, ...]] = {
    "activity_id": ("", None, "x" * 40, "x" * 41, "é" * 41),
    "year": (None, 2004, 2005, 2100, 2101),
    "sector": ("", None, "Nope", " ITU-D", "itu-d"),
    "title": ("", None, "é" * 200, "é" * 201),
    "description": ("", None, "a" * 5000, "a" * 5001),
    "action_lines": ("", None, "n/a", "TBD", "-", "C5", "C55", "C5; SDG 9", "9.1", "C7 e-health; C99", "C5\nC6"),
    "sdgs": ("", None, "n/a", "C5", "9.z", "SDG 4; 9.c.1", "all SDGs", "99", "9; C7", "4, 5\n17.1"),
    "start_date": (None,),
    "status": ("", None, "bogus"),
    "region": ("", None, "Narnia"),
    "countries": ("", None, "Kenya", "Narnia", "Korea, Republic of; Chad", "Kenya / Narnia", "ken"),
    "url": (
        *("", None, "HTTPS://ITU.INT/x", " https://itu.int/a\n", "https://itu .int", "ftp://itu.int", "https://.x"),
        *("http://a", "https://a\u00a0b", "https://itu.int/\x1c", "\x1chttps://itu.int\x1f", "httpſ://itu.int"),
    ),
}


# -- the polars schema ---------------------------------------------------------------------------------------------


def _blank(column: pl.Expr, text: bool) -> pl.Expr:
    """True where the cell is blank: null, or empty text (the blanks every pandas check body passes itself)."""
    return column.is_null() | (column == "") if text else column.is_null()


def _passes(test: Callable[[pl.Expr], pl.Expr], *, text: bool = True) -> Callable[[pa_pl.PolarsData], pl.LazyFrame]:
    """A check body: True where the cell is blank or ``test`` holds (Kleene or: a blank cell's null test is moot)."""

    def body(data: pa_pl.PolarsData) -> pl.LazyFrame:
        column = pl.col(data.key)
        return data.lazyframe.select(_blank(column, text) | test(column))

    return body


def _per_distinct(ok: Callable[[Any], bool]) -> Callable[[pa_pl.PolarsData], pl.LazyFrame]:
    """A check body judging each distinct non-blank value once with ``ok`` (Python), then the cells with ``is_in``.

    The meaning of the pandas body ``_map(series, ok)``: only the failing distinct values go back to polars, so the
    broadcast is one hash look-up per cell in Rust.
    """

    def body(data: pa_pl.PolarsData) -> pl.LazyFrame:
        column = pl.col(data.key)
        distinct = data.lazyframe.select(column.drop_nulls().unique()).collect().to_series().to_list()
        failing = [v for v in distinct if v != "" and not ok(v)]
        return data.lazyframe.select(_blank(column, True) | column.is_in(pl.Series(failing, dtype=pl.String)).not_())

    return body


# the tests of the polars checks: expressions on the column (Rust), or functions of one distinct value (Python)


def _is_in(column: pl.Expr, values: pl.Series) -> pl.Expr:
    return column.is_in(values)


def _url_ok(column: pl.Expr, pattern: str) -> pl.Expr:
    return column.str.strip_chars(PY_SPACE).str.contains(pattern)


def _in_range(column: pl.Expr, lo: int, hi: int) -> pl.Expr:
    return column.is_between(lo, hi)


def _short(column: pl.Expr, limit: int) -> pl.Expr:
    return column.str.len_chars() <= limit


def _flag(value: Any, flags: Callable[[Any], tuple[bool, bool, bool]], k: int) -> bool:
    return flags(value)[k]


def _country_ok(value: Any) -> bool:
    return validation._countries_ok(str(value))


def polars_schema(spec: Spec, cells: Any) -> pa_pl.DataFrameSchema:
    """:func:`itu_contrib.validation.build_schema` written for pandera's polars backend: same columns and checks.

    ``cells`` are the code cells of the run (``validation._CodeCells``), as ``validate()`` hands them to the schema.
    """

    def check(body: Callable[[pa_pl.PolarsData], pl.LazyFrame], name: str) -> pa_pl.Check:
        return pa_pl.Check(body, name=name, ignore_na=False)

    # the project's pattern, re.IGNORECASE as an inline flag; Python's \s also takes \x1c-\x1f, Rust's does not
    url = "(?i)" + validation._URL.pattern.replace(r"\s", r"\s\x1c-\x1f")
    columns: dict[str, pa_pl.Column] = {}
    for col in spec.columns:
        checks = []
        if col.type == "choice" and col.vocabulary:
            allowed = pl.Series(list(spec.vocabularies[col.vocabulary].values), dtype=pl.String)
            checks.append(check(_passes(partial(_is_in, values=allowed)), name=spec.code(col, "unknown")))
        elif col.type in ("action_lines", "sdgs"):
            flags = validation._code_checks(cells.parser(col.type))  # one parse per distinct cell
            for k, what in enumerate(("no_code", "misplaced", "unknown")):
                body = _per_distinct(partial(_flag, flags=flags, k=k))
                checks.append(check(body, name=spec.code(col, what)))
        elif col.type == "countries":
            body = _per_distinct(_country_ok)
            checks.append(check(body, name=spec.code(col, "unknown")))
        elif col.type == "url":
            test = _passes(partial(_url_ok, pattern=url))
            checks.append(check(test, name=spec.code(col, "invalid")))
        elif col.type == "integer" and col.min is not None and col.max is not None:
            test = _passes(partial(_in_range, lo=col.min, hi=col.max), text=False)
            checks.append(check(test, name=spec.code(col, "out_of_range")))
        if col.max_length and col.type == "text":
            test = _passes(partial(_short, limit=col.max_length))
            checks.append(check(test, name=spec.code(col, "too_long")))
        nullable = not (col.required or col.warn_if_blank)
        columns[col.name] = pa_pl.Column(None, checks=checks, nullable=nullable, required=False, coerce=False)
    return pa_pl.DataFrameSchema(columns, strict=False, coerce=False, name="activities")


# -- the data ------------------------------------------------------------------------------------------------------


def pandas_frame(spec: Spec, rows: int) -> tuple[pd.DataFrame, Path]:
    """The first ``rows`` rows of the benchmark workbook as ``validate()`` hands them to pandera."""
    size = max(rows, BASE_ROWS)
    path = generate.xlsx_path(size)
    if not path.exists():
        generate.ensure((size,))
    frame = load(path).frame.iloc[:rows]
    frame = validation._canonical_choices(frame.copy(deep=False), spec)
    return frame[list(spec.names)], path


def edge_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per cell of :data:`EDGES`, the other cells copied from the first row of ``frame``, same dtypes."""
    base = frame.iloc[0].to_dict()
    rows = [{**base, column: value} for column, values in EDGES.items() for value in values]
    return pd.DataFrame(rows, columns=frame.columns).astype(frame.dtypes.to_dict())


def _polars_series(name: str, series: pd.Series) -> pl.Series:
    if isinstance(series.dtype, pd.Int64Dtype):
        values = pl.Series(name, series.to_numpy(dtype="int64", na_value=0))
        missing = np.flatnonzero(series.isna().to_numpy())
        return values.scatter(missing, None) if len(missing) else values
    if series.dtype.kind in "biufmM":  # numpy-backed: polars takes the array (NaT becomes null)
        return pl.Series(name, series.to_numpy())
    try:  # text and None, as the readers leave them: polars refuses anything else (strict)
        return pl.Series(name, series.tolist(), dtype=pl.String)
    except TypeError:  # NaN or NaT among the blanks: made None first; another value still fails
        return pl.Series(name, series.astype(object).where(series.notna(), None).tolist(), dtype=pl.String)


def to_polars(frame: pd.DataFrame) -> pl.DataFrame:
    """The frame as a polars DataFrame without pyarrow: text columns from their cells' list, others from numpy."""
    return pl.DataFrame([_polars_series(str(name), frame[name]) for name in frame.columns])


# -- measuring -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One timed validation: CPU and wall seconds, the failure cases' count and the failing cells."""

    cpu: float
    wall: float
    cases: int
    failures: frozenset[Failure]


def _failures(cases: Any, positions: Sequence[int]) -> frozenset[Failure]:
    columns, checks = list(cases["column"]), list(cases["check"])
    return frozenset((str(c), str(k), int(p)) for c, k, p in zip(columns, checks, positions, strict=True))


class Backend:
    """One pandera backend: its schema (built afresh each run), the frame it validates, its failures read back."""

    def __init__(self, name: str, make: Callable[[], Any], frame: pd.DataFrame | pl.DataFrame) -> None:
        self.name, self.make, self.frame = name, make, frame

    def run(self, column: str | None = None) -> Outcome:
        """Validate the whole frame, or only ``column`` (its own checks alone), timed around build and validate."""
        frame = self.frame if column is None else self.frame[[column]]

        def validate() -> Any:
            schema = self.make()
            if column is not None:
                schema = type(schema)({column: schema.columns[column]}, strict=False, coerce=False)
            try:
                schema.validate(frame, lazy=True)
            except SchemaErrors as exc:
                return exc.failure_cases
            return None

        gc.collect()
        validation._countries_ok.cache_clear()  # cold in validate(): nothing before pandera calls it
        c, t = time.process_time(), time.perf_counter()
        cases = validate()
        cpu, wall = time.process_time() - c, time.perf_counter() - t
        if cases is None:
            return Outcome(cpu, wall, 0, frozenset())
        if isinstance(cases, pl.DataFrame):
            return Outcome(cpu, wall, cases.height, _failures(cases, cases["index"].to_list()))
        assert isinstance(frame, pd.DataFrame)
        return Outcome(cpu, wall, len(cases), _failures(cases, frame.index.get_indexer(cases["index"]).tolist()))


def parsed_cells(frame: pd.DataFrame, reference: Reference) -> Any:
    """The code cells of ``frame`` parsed as ``validate()`` parses them before pandera runs (``_parse_codes``)."""
    cells = validation._CodeCells(reference)
    validation._parse_codes(frame.copy(deep=False), reference, cells)
    return cells


def backends(frame: pd.DataFrame, spec: Spec, reference: Reference) -> tuple[Backend, Backend]:
    """The pandas backend as ``validate()`` runs it, and the polars one on the same rows (converted untimed).

    Both share the code cells parsed beforehand, as the schema gets them in ``validate()``.
    """
    cells = parsed_cells(frame, reference)
    return (
        Backend("pandas", lambda: validation.build_schema(spec, reference, cells=cells), frame),
        Backend("polars", lambda: polars_schema(spec, cells), to_polars(frame)),
    )


def alternate(pair: tuple[Backend, Backend], repeat: int, column: str | None = None) -> list[list[Outcome]]:
    """``repeat`` runs of each backend, alternating, each round led by the other one."""
    runs: list[list[Outcome]] = [[], []]
    for r in range(repeat):
        for k in (0, 1) if r % 2 == 0 else (1, 0):
            runs[k].append(pair[k].run(column))
    return runs


def _spread(values: Sequence[float]) -> str:
    best = min(values)
    return (
        f"best {best:.3f}, median {statistics.median(values):.3f}, worst {max(values):.3f} "
        f"(+{100 * (max(values) / best - 1):.0f} %)"
    )


def _by_check(failures: frozenset[Failure]) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for column, check, _ in failures:
        out[column, check] = out.get((column, check), 0) + 1
    return dict(sorted(out.items()))


def machine() -> str:
    cpu = machine_info.cpu_model()
    versions = ", ".join(f"{n} {version(n)}" for n in ("pandas", "pandera", "polars", "numpy"))
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python "
        f"{platform.python_version()}; {versions}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        f"load average {load_avg}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=BASE_ROWS, help="rows validated (default 100000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each backend, best kept (default 5)")
    parser.add_argument("--no-columns", action="store_true", help="skip the column-by-column times")
    parser.add_argument(
        "--with-validate", action="store_true", help="also time validate() of the whole file once, for scale"
    )
    args = parser.parse_args(argv)
    if args.rows < 1 or args.repeat < 1:
        parser.error("--rows and --repeat must be positive")

    print(f"Machine: {machine()}")
    spec, reference = load_spec(), load_reference()
    c = time.process_time()
    frame, path = pandas_frame(spec, args.rows)
    took = time.process_time() - c
    print(f"Data: {path.name}, first {len(frame):,} rows, {len(frame.columns)} columns (read in {took:.1f} CPU s)")

    whole = None  # validate() of the whole file, first: its caches as cold as in a fresh process
    if args.with_validate:
        if len(frame) != generate_size(path):
            parser.error("--with-validate needs --rows equal to the rows of the file read")
        from itu_contrib import validate

        gc.collect()
        c = time.process_time()
        result = validate(path, year=generate.YEAR)
        whole = time.process_time() - c, len(result.problems)
        del result

    conversions = []
    for _ in range(args.repeat):
        gc.collect()
        c = time.process_time()
        to_polars(frame)
        conversions.append(time.process_time() - c)

    pair = backends(frame, spec, reference)
    for backend in pair:  # untimed: imports and registrations done on first use
        backend.run()
    runs = alternate(pair, args.repeat)
    expected = runs[0][0].failures
    same = all(o.failures == expected for o in runs[0] + runs[1])
    best = [min(r, key=lambda o: o.cpu) for r in runs]
    conversion = min(conversions)

    print(f"\nCPU seconds, best of {args.repeat} runs (the backends alternating), that run's wall seconds beside:")
    for backend, b, r in zip(pair, best, runs, strict=True):
        print(
            f"  {backend.name} validate   {b.cpu:6.3f} s ({b.wall:.3f} s wall), {b.cases:,} failure cases; "
            f"runs: {_spread([o.cpu for o in r])}"
        )
    print(f"  to_polars conversion {conversion:6.3f} s; runs: {_spread(conversions)}")
    print(f"Ratio pandas / polars, validation alone: {best[0].cpu / best[1].cpu:.2f}x")
    print(
        f"Ratio pandas / (conversion + polars): {best[0].cpu / (conversion + best[1].cpu):.2f}x "
        f"({best[0].cpu:.3f} s against {conversion + best[1].cpu:.3f} s)"
    )
    print(
        f"Same failing cells: {'yes' if same else 'NO'} ({len(expected):,} (column, check, row position) triples, "
        "compared in full in every run of both backends)"
    )
    if not same:
        print(f"  only pandas: {sorted(expected - runs[1][0].failures)[:20]}")
        print(f"  only polars: {sorted(runs[1][0].failures - expected)[:20]}")
    for (column, check), count in _by_check(expected).items():
        print(f"  {column}, {check}: {count:,} cells")

    edges = edge_frame(frame)
    found = [b.run().failures for b in backends(edges, spec, reference)]
    agree = found[0] == found[1]
    print(
        f"Hand-written edge cells ({len(edges)} rows, every check firing): same failing cells: "
        f"{'yes' if agree else 'NO'} ({len(found[0])} triples over {len(_by_check(found[0]))} checks)"
    )
    if not agree:
        print(f"  only pandas: {sorted(found[0] - found[1])}")
        print(f"  only polars: {sorted(found[1] - found[0])}")

    if not args.no_columns:
        print(f"\nColumn by column (its checks alone, CPU s, best of {args.repeat}):")
        print(f"  {'column':<14} {'checks':>6} {'pandas':>8} {'polars':>8} {'ratio':>6}")
        for column in spec.names:
            col_runs = alternate(pair, args.repeat, column)
            on_pandas, on_polars = (min(o.cpu for o in r) for r in col_runs)
            n = len(pair[0].make().columns[column].checks)
            ratio = on_pandas / on_polars if on_polars else float("nan")
            print(f"  {column:<14} {n:>6} {on_pandas:8.3f} {on_polars:8.3f} {ratio:5.1f}x")
    if whole is not None:
        took, problems = whole
        print(
            f"\nFor scale: validate({path.name}, year={generate.YEAR}) took {took:.2f} CPU s (one run, first of the "
            f"process, {problems:,} problems); the pandas schema's best run is {100 * best[0].cpu / took:.1f} % of it, "
            f"the polars one with its conversion {100 * (conversion + best[1].cpu) / took:.1f} %"
        )
    return 0 if same and agree else 1


def generate_size(path: Path) -> int:
    """The rows of a generated workbook, from its name (activities-<rows>.xlsx)."""
    return int(path.stem.rsplit("-", 1)[1])


if __name__ == "__main__":
    sys.exit(main())
