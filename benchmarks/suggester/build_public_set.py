"""Rebuild public_set.csv, the public development set of SDG-labelled texts, from a snapshot of its source repository.

Source: the GitHub repository JadeGuisiano/SDG_Meter (MIT licence, "Copyright (c) 2020 United Nations"), file
``SDG_Objectives.csv`` at commit ``7e116c10…`` (see DATA.md). Get the snapshot with the session tool ``fetch``
(``github:JadeGuisiano/SDG_Meter``) or ``git clone``, then run from the repository root:

    python3 benchmarks/suggester/build_public_set.py /path/to/SDG_Meter   # a clone or a bare git directory

Only the standard library is used; the output is byte-for-byte the same on every run.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "public_set.csv"
COMMIT = "7e116c104442f126783ceb58033119db2bb2d876"
SOURCE_FILE = "SDG_Objectives.csv"
SOURCE_SHA256 = "c2caba80468e0765ce1eb82c3e87cd1c51998f945f3a24d05ab9f991693600f6"  # of the file at COMMIT
COLUMNS = ("id", "text", "sdg_goals", "kind", "split")
_TARGET = re.compile(r"^\s*\d{1,2}\.[0-9a-z]{1,2}\s")


def read_source(repo: Path) -> bytes:
    """The source file's bytes at the pinned commit (works on a bare snapshot or a clone)."""
    git_dir = repo / ".git" if (repo / ".git").exists() else repo
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"{COMMIT}:{SOURCE_FILE}"], check=True, capture_output=True
    ).stdout


def _kind(text: str, raw: str) -> str:
    if _TARGET.match(text):
        return "target"
    if raw.count("\n") >= 3:
        return "keywords"
    return "paragraph"


def split_of(goal: str, position: int) -> str:
    """Every third text of a goal (ordered by the hash of its id) is held out for test."""
    return "test" if position % 3 == 2 else "dev"


def build(data: bytes) -> list[dict[str, str]]:
    digest = hashlib.sha256(data).hexdigest()
    if digest != SOURCE_SHA256:
        raise SystemExit(f"{SOURCE_FILE}: unexpected content (sha256 {digest[:16]}…), not the pinned version")
    reader = csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";")
    header = next(reader)
    goal_columns = header[2:19]
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for record in reader:
        goals = [str(n) for n, v in enumerate(record[2:19], 1) if v.strip() not in ("", "0")]
        raw = record[1]
        # keyword rows are one phrase a line: keep them as a comma-separated list
        text = ", ".join(p.strip() for p in raw.splitlines() if p.strip()) if "\n" in raw else " ".join(raw.split())
        key = text.casefold()
        if not goals or not text or key in seen:
            continue
        seen.add(key)
        rows.append(
            {"id": f"un-{int(record[0]):04d}", "text": text, "sdg_goals": ";".join(goals), "kind": _kind(text, raw)}
        )
    if len(goal_columns) != 17:
        raise SystemExit(f"{SOURCE_FILE}: expected 17 goal columns, found {len(goal_columns)}")
    by_goal: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_goal.setdefault(row["sdg_goals"].split(";")[0], []).append(row)
    for goal, group in by_goal.items():
        group.sort(key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
        for position, row in enumerate(group):
            row["split"] = split_of(goal, position)
    return sorted(rows, key=lambda r: r["id"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("repo", type=Path, help="a clone or snapshot of JadeGuisiano/SDG_Meter")
    args = parser.parse_args(argv)
    rows = build(read_source(args.repo))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    OUT.write_text(buffer.getvalue(), encoding="utf-8")
    test = sum(r["split"] == "test" for r in rows)
    print(f"written: {OUT.name}: {len(rows)} texts ({len(rows) - test} dev, {test} test)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
