"""Generate the benchmark activity workbooks (1k, 10k, 100k rows) and a CSV copy of the 100k one.

The columns of the activity spec (``itu_contrib.spec.load_spec()``), in spec order, carry their English labels as
headers and realistic values:
~400-character descriptions, action lines such as ``C2; C4`` or ``C7 e-health``, SDGs such as
``9; 9.c; 17.8.1``, real dates, countries, partners and https links. The output is deterministic
(seeded random). ``--bad-fraction`` (default 0.01) puts one bad value in that share of the rows, spread
over the columns: unknown action line, unknown SDG, bad date, bad URL, unknown sector, blank title.

    .venv/bin/python benchmarks/generate.py [--sizes 1000,10000,100000] [--bad-fraction 0.01] [--seed 2025]

Files go to ``benchmarks/data/`` (git-ignored): ``activities-<N>.xlsx`` (inline strings, as openpyxl's write-only
mode writes them), and for 100k rows also ``activities-100000.csv`` and ``activities-100000-sst.xlsx`` (the same
workbook with a shared-string table, as Excel saves text).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from itu_contrib.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SPEC = load_spec()
REFERENCE = ROOT / "itu_contrib" / "data" / "reference"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
CSV_SIZE = 100_000
SEED = 2025
YEAR = 2025

SECTORS = SPEC.sectors
SECTOR_WEIGHTS = (2, 3, 5, 1)  # by position in SECTORS (ITU-D most often); a sector added to the spec weighs 1
ACTION_LINES = (
    "C1", "C2", "C3", "C4", "C5", "C6", "C8", "C9", "C10", "C11",
    "C7 e-government", "C7 e-business", "C7 e-learning", "C7 e-health", "C7 e-employment",
    "C7 e-environment", "C7 e-agriculture", "C7 e-science",
)  # fmt: skip
STATUSES = SPEC.vocabularies["statuses"].values
STATUS_WEIGHTS = (2, 5, 4, 1)  # by position in STATUSES (planned, ongoing, completed, cancelled)
# Sample countries per region; the rows use the spec's regions that have an entry here, in spec order.
COUNTRIES = {
    "Africa": ("Kenya", "Rwanda", "Ghana", "Nigeria", "Senegal", "Uganda", "Zambia", "Ethiopia", "Côte d'Ivoire"),
    "Americas": ("Brazil", "Mexico", "Colombia", "Peru", "Jamaica", "Argentina", "Chile", "Bolivia"),
    "Arab States": ("Egypt", "Jordan", "Morocco", "Tunisia", "Oman", "Lebanon", "Sudan"),
    "Asia-Pacific": ("India", "Indonesia", "Viet Nam", "Fiji", "Bangladesh", "Nepal", "Philippines", "Mongolia"),
    "CIS": ("Kazakhstan", "Kyrgyzstan", "Armenia", "Uzbekistan", "Republic of Moldova"),
    "Europe": ("Albania", "Serbia", "Ukraine", "Montenegro", "North Macedonia", "Georgia"),
    "Global": (),
}
REGIONS = tuple(r for r in SPEC.vocabularies["regions"].values if r in COUNTRIES)
PARTNERS = (
    "UNESCO", "UNICEF", "UNDP", "WHO", "FAO", "ILO", "UNCTAD", "World Bank", "GSMA", "ISOC",
    "European Union", "African Union", "Smart Africa", "IEEE", "ICANN", "Giga", "UN Women", "WMO",
)  # fmt: skip
TOPICS = (
    "meaningful connectivity", "digital skills", "cybersecurity readiness", "spectrum management",
    "emergency telecommunications", "e-waste policy", "school connectivity", "digital health platforms",
    "rural broadband", "AI for good", "digital public infrastructure", "satellite coordination",
    "open standards", "gender digital divide", "smart agriculture", "online child protection",
)  # fmt: skip
WORDS = (
    "national", "regulators", "operators", "workshop", "training", "policy", "framework", "assessment",
    "toolkit", "pilot", "community", "network", "capacity", "stakeholders", "women", "youth", "schools",
    "ministries", "guidelines", "indicators", "data", "survey", "platform", "rollout", "coverage",
    "affordable", "resilient", "inclusive", "sustainable", "partners", "experts", "regional", "members",
)  # fmt: skip
SENTENCES = (
    "The activity supported {country} in {topic} through a series of {w1} {w2} sessions.",
    "Over {n} participants from {w1} {w2} took part, including {w3} and {w4}.",
    "Results include a {w1} {w2} and an agreed {w3} {w4} for the coming years.",
    "Work was carried out with {partner} and the {w1} {w2} of the region.",
    "A follow-up {w1} on {topic} is planned to measure {w2} {w3} and adjust the {w4}.",
    "The {w1} {w2} published in {month} {year} is now used by {n} {w3}.",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "September", "October", "November")
# Bad values planted in one column of a bad row, the columns taken in turn; () leaves the cell blank.
BAD_VALUES: dict[str, tuple[str, ...]] = {
    "action_lines": ("C12", "C7 e-banking", "C14; C2", "Action line 13", "C4; CX"),
    "sdgs": ("18", "9.z", "17.8.9", "SDG 19; 4", "4.q.1"),
    "start_date": ("31/02/2025", "sometime in spring", "2025-13-01", "Q5 2025", "TBD 2025"),
    "url": ("www itu int/activity", "htp:/itu.int", "see website", "itu.int/projects", "http//example"),
    "sector": ("ITU-X", "Bureau of Everything", "ITU-Q", "HQ"),
    "title": (),
}
BAD_KINDS = tuple(BAD_VALUES)


def headers() -> list[str]:
    """The English labels of the spec columns, in spec order."""
    return [SPEC.label(name) for name in SPEC.names]


def _sdg_codes() -> tuple[list[str], list[str]]:
    """(targets, indicators) from the reference data; falls back to a few codes when it is missing."""
    targets: list[str] = []
    indicators: list[str] = []
    try:
        with (REFERENCE / "sdg_targets.csv").open(encoding="utf-8") as fh:
            targets = [r["target"] for r in csv.DictReader(fh)]
        with (REFERENCE / "sdg_indicators.csv").open(encoding="utf-8") as fh:
            indicators = [r["indicator"] for r in csv.DictReader(fh)]
    except (OSError, KeyError):
        pass
    return targets or ["9.c", "4.4", "17.8", "5.b"], indicators or ["9.c.1", "17.8.1", "4.4.1", "5.b.1"]


def _weights(values: tuple[str, ...], weights: tuple[int, ...]) -> tuple[int, ...]:
    """``weights`` by position, 1 for any value beyond them."""
    return tuple(weights[i] if i < len(weights) else 1 for i in range(len(values)))


class RowMaker:
    """Deterministic activity rows: row ``i`` depends only on the seed and the rows before it."""

    def __init__(self, seed: int, bad_fraction: float, years: tuple[int, ...] = (YEAR,)) -> None:
        unknown = set(BAD_VALUES) - set(SPEC.names)
        if unknown:
            raise ValueError(f"BAD_VALUES names {sorted(unknown)}, not columns of the activity spec")
        self.rng = random.Random(seed)
        self.bad_fraction = bad_fraction
        self.years = years  # row i is of years[i % len(years)]: several make a multi-year dump
        self.targets, self.indicators = _sdg_codes()
        self.bad_count = 0

    def _description(self, region: str, countries: list[str], partners: list[str]) -> str:
        rng = self.rng
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 380:
            sentence = rng.choice(SENTENCES)
            parts.append(
                sentence.format(
                    country=countries[0] if countries else region,
                    topic=rng.choice(TOPICS),
                    partner=partners[0] if partners else "the ITU membership",
                    n=rng.randint(12, 900),
                    month=rng.choice(MONTHS),
                    year=rng.choice((2023, 2024, 2025)),
                    w1=rng.choice(WORDS),
                    w2=rng.choice(WORDS),
                    w3=rng.choice(WORDS),
                    w4=rng.choice(WORDS),
                )
            )
        return " ".join(parts)[:420]

    def _sdgs(self) -> str:
        rng = self.rng
        pieces: list[str] = []
        for _ in range(rng.randint(1, 4)):
            kind = rng.random()
            if kind < 0.4:
                pieces.append(str(rng.choice((4, 5, 8, 9, 9, 9, 10, 11, 13, 16, 17, 17))))
            elif kind < 0.75:
                pieces.append(rng.choice(self.targets))
            else:
                pieces.append(rng.choice(self.indicators))
        return "; ".join(dict.fromkeys(pieces))

    def row(self, i: int) -> list[Any]:
        """Cells of activity row ``i`` (0-based), in spec column order."""
        rng = self.rng
        sector = rng.choices(SECTORS, _weights(SECTORS, SECTOR_WEIGHTS))[0]
        region = rng.choice(REGIONS)
        pool = COUNTRIES[region]
        countries = rng.sample(pool, rng.randint(1, min(3, len(pool)))) if pool and rng.random() < 0.8 else []
        partners = rng.sample(PARTNERS, rng.randint(0, 3))
        topic = rng.choice(TOPICS)
        lines = rng.sample(ACTION_LINES, rng.randint(1, 3))
        year = self.years[i % len(self.years)]
        start = dt.datetime(year, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        end = start + dt.timedelta(days=rng.randint(14, 400)) if rng.random() < 0.7 else None
        cells: dict[str, Any] = {
            "activity_id": f"{sector}-{year}-{i + 1:06d}",
            "year": year,
            "sector": sector,
            "title": f"{topic.capitalize()} {rng.choice(('programme', 'initiative', 'workshop', 'study'))} "
            f"{countries[0] if countries else region} #{i + 1}",
            "description": self._description(region, countries, partners),
            "action_lines": "; ".join(lines),
            "sdgs": self._sdgs(),
            "start_date": start,
            "end_date": end,
            "status": rng.choices(STATUSES, _weights(STATUSES, STATUS_WEIGHTS))[0],
            "region": region,
            "countries": "; ".join(countries) or None,
            "partners": "; ".join(partners) or None,
            "url": f"https://www.itu.int/{sector.lower()}/activities/{year}/{i + 1}",
        }
        if self.bad_fraction and rng.random() < self.bad_fraction:
            kind = BAD_KINDS[self.bad_count % len(BAD_KINDS)]
            self.bad_count += 1
            cells[kind] = rng.choice(BAD_VALUES[kind]) if BAD_VALUES[kind] else None
        return [cells.get(name) for name in SPEC.names]

    def rows(self, count: int) -> Iterator[list[Any]]:
        """``count`` rows."""
        for i in range(count):
            yield self.row(i)


def xlsx_path(size: int) -> Path:
    """Where the workbook of ``size`` rows is written."""
    return DATA / f"activities-{size}.xlsx"


def csv_path(size: int = CSV_SIZE) -> Path:
    """Where the CSV copy is written."""
    return DATA / f"activities-{size}.csv"


def write_xlsx(
    path: Path, size: int, *, seed: int = SEED, bad_fraction: float = 0.01, years: tuple[int, ...] = (YEAR,)
) -> int:
    """Write a workbook of ``size`` activity rows (openpyxl write-only mode); returns the number of bad rows."""
    from openpyxl import Workbook

    maker = RowMaker(seed, bad_fraction, years)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(f"Activities {YEAR}")
    ws.append(headers())
    for row in maker.rows(size):
        ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    tmp.replace(path)
    return maker.bad_count


def write_csv(path: Path, size: int, *, seed: int = SEED, bad_fraction: float = 0.01) -> int:
    """Write the same rows as :func:`write_xlsx` as UTF-8 CSV (dates as ISO text); returns the bad-row count."""
    maker = RowMaker(seed, bad_fraction)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.csv")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers())
        for row in maker.rows(size):
            writer.writerow(
                [v.date().isoformat() if isinstance(v, dt.datetime) else "" if v is None else v for v in row]
            )
    tmp.replace(path)
    return maker.bad_count


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"><is>(<t[^>]*>.*?</t>)</is></c>', re.DOTALL)
_REL_SST = (
    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    b'Target="sharedStrings.xml" Id="rIdSst" />'
)
_TYPE_SST = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" />'
)


def sst_path(size: int = CSV_SIZE) -> Path:
    """Where the Excel-style (shared strings) copy of a workbook is written."""
    return DATA / f"activities-{size}-sst.xlsx"


def write_shared_strings(src: Path, dst: Path) -> int:
    """Copy ``src`` with its inline strings moved to a shared-string table, as Excel itself saves text.

    openpyxl's write-only mode writes every text cell inline (``t="inlineStr"``); Excel and LibreOffice write a
    ``sharedStrings.xml`` part and index it from the sheet. Returns the number of distinct strings.
    """
    index: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        number = index.setdefault(match[2], len(index))
        return b"<c " + match[1] + b't="s"><v>' + str(number).encode() + b"</v></c>"

    tmp = dst.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        cells = 0
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data, count = _INLINE.subn(shared, data)
                cells += count
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", _TYPE_SST + b"</Types>")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", _REL_SST + b"</Relationships>")
            zout.writestr(item, data)
        body = b"".join(b"<si>" + text + b"</si>" for text in index)
        head = (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            + f'count="{cells}" uniqueCount="{len(index)}">'.encode()
        )
        zout.writestr("xl/sharedStrings.xml", head + body + b"</sst>")
    tmp.replace(dst)
    return len(index)


def ensure(sizes: tuple[int, ...], *, seed: int = SEED, bad_fraction: float = 0.01, force: bool = False) -> None:
    """Write the files of ``sizes`` (and the CSV when the 100k size is among them) unless already there."""
    for size in sizes:
        path = xlsx_path(size)
        if force or not path.exists():
            t0 = time.perf_counter()
            bad = write_xlsx(path, size, seed=seed, bad_fraction=bad_fraction)
            print(f"wrote {path} ({size:,} rows, {bad:,} bad, {time.perf_counter() - t0:.1f} s)")
        if size == CSV_SIZE:
            path = csv_path(size)
            if force or not path.exists():
                bad = write_csv(path, size, seed=seed, bad_fraction=bad_fraction)
                print(f"wrote {path} ({size:,} rows, {bad:,} bad)")
            path = sst_path(size)
            if force or not path.exists():
                unique = write_shared_strings(xlsx_path(size), path)
                print(f"wrote {path} (same rows, {unique:,} shared strings)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated row counts")
    parser.add_argument("--bad-fraction", type=float, default=0.01, help="share of rows holding one bad value")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--keep", action="store_true", help="keep files that already exist")
    args = parser.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(",") if s.strip())
    ensure(sizes, seed=args.seed, bad_fraction=args.bad_fraction, force=not args.keep)


if __name__ == "__main__":
    main()
