"""Evaluate the action line / SDG suggester on the labelled eval set (dev and test splits) and write RESULTS.md."""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EVAL_SET = HERE / "eval_set.csv"
RESULTS = HERE / "RESULTS.md"
COMMAND = ".venv/bin/python benchmarks/suggester/evaluate.py"
COLUMNS = ("id", "title", "text", "action_lines", "sdg_goals", "source", "split")
SPLITS = ("dev", "test")
# Each label (an action line, a goal) is scored as a binary classification over the texts of a split:
# precision, recall, F1 and accuracy = (TP + TN) / N. Accuracy is dominated by true negatives (a text
# carries one to four of seventeen goals), so the report also gives micro-averaged precision/recall/F1 and
# the accuracy of a suggester that never suggests anything.

if __name__ == "__main__":  # run as a script: evaluate the source tree's rules, not an installed copy
    sys.path.insert(0, str(ROOT))

from itu_contrib.reference import load_reference  # noqa: E402
from itu_contrib.suggest import Suggester, load_suggester  # noqa: E402


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    text: str
    action_lines: frozenset[str]
    goals: frozenset[str]
    source: str
    split: str


def _codes(value: str) -> frozenset[str]:
    return frozenset(c.strip() for c in value.split(";") if c.strip())


def load_eval_set(path: Path = EVAL_SET) -> list[Item]:
    """Read the eval set, checking its columns, splits and codes."""
    ref = load_reference()
    lines, goals = set(ref.action_lines), {str(g) for g in ref.goals}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: columns must be {','.join(COLUMNS)}")
        items = []
        for row in reader:
            item = Item(
                id=row["id"],
                title=row["title"],
                text=row["text"],
                action_lines=_codes(row["action_lines"]),
                goals=_codes(row["sdg_goals"]),
                source=row["source"],
                split=row["split"],
            )
            if item.split not in SPLITS or not item.source or not item.text:
                raise ValueError(f"{path}: row {item.id}: needs a text, a source and a split in {SPLITS}")
            if not item.action_lines <= lines or not item.goals <= goals:
                raise ValueError(f"{path}: row {item.id}: unknown code in {item.action_lines | item.goals}")
            items.append(item)
    if len({i.id for i in items}) != len(items):
        raise ValueError(f"{path}: ids must be unique")
    return items


@dataclass(frozen=True)
class LabelStats:
    label: str
    name: str
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / self.n if self.n else 0.0


def _mean(values: Iterable[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


@dataclass(frozen=True)
class KindReport:
    """Metrics of one kind of label (action lines or goals) on one split."""

    kind: str
    labels: tuple[LabelStats, ...]
    exact: int
    n: int

    @property
    def mean_accuracy(self) -> float:
        return sum(s.accuracy for s in self.labels) / len(self.labels)

    @property
    def baseline_accuracy(self) -> float:
        """Mean per-label accuracy of a suggester that never suggests anything."""
        return sum((s.fp + s.tn) / s.n for s in self.labels) / len(self.labels)

    @property
    def macro_precision(self) -> float | None:
        return _mean(s.precision for s in self.labels)

    @property
    def macro_recall(self) -> float | None:
        return _mean(s.recall for s in self.labels)

    @property
    def macro_f1(self) -> float | None:
        return _mean(s.f1 for s in self.labels)

    def _sum(self, attr: str) -> int:
        return sum(int(getattr(s, attr)) for s in self.labels)

    @property
    def micro_precision(self) -> float:
        tp, fp = self._sum("tp"), self._sum("fp")
        return tp / (tp + fp) if tp + fp else 0.0

    @property
    def micro_recall(self) -> float:
        tp, fn = self._sum("tp"), self._sum("fn")
        return tp / (tp + fn) if tp + fn else 0.0

    @property
    def micro_f1(self) -> float:
        tp, fp, fn = self._sum("tp"), self._sum("fp"), self._sum("fn")
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def stats(self, label: str) -> LabelStats:
        return next(s for s in self.labels if s.label == label)


@dataclass(frozen=True)
class SplitReport:
    split: str
    n: int
    action_lines: KindReport
    goals: KindReport


Prediction = tuple[frozenset[str], frozenset[str]]


def predict(items: Sequence[Item], suggester: Suggester | None = None) -> dict[str, Prediction]:
    """The suggested action lines and goals of every item."""
    suggester = suggester or load_suggester()
    out = {}
    for item in items:
        s = suggester.suggest(item.title, item.text)
        out[item.id] = (frozenset(a.code for a in s.action_lines), frozenset(g.code for g in s.goals))
    return out


def _kind(kind: str, labels: dict[str, str], items: Sequence[Item], predicted: dict[str, Prediction]) -> KindReport:
    which = 0 if kind == "action_lines" else 1
    stats = []
    for label, name in labels.items():
        tp = fp = fn = tn = 0
        for item in items:
            truth = label in (item.action_lines, item.goals)[which]
            guess = label in predicted[item.id][which]
            tp += truth and guess
            fp += guess and not truth
            fn += truth and not guess
            tn += not truth and not guess
        stats.append(LabelStats(label, name, tp, fp, fn, tn))
    exact = sum((i.action_lines, i.goals)[which] == predicted[i.id][which] for i in items)
    return KindReport(kind, tuple(stats), exact, len(items))


def evaluate(items: Sequence[Item], split: str, suggester: Suggester | None = None) -> SplitReport:
    """Per-label and averaged metrics of the suggester on one split ("dev", "test" or "all")."""
    chosen = [i for i in items if split in ("all", i.split)]
    predicted = predict(chosen, suggester)
    ref = load_reference()
    lines = {code: line.short_name for code, line in ref.action_lines.items()}
    goals = {str(n): g.short_name for n, g in ref.goals.items()}
    return SplitReport(
        split, len(chosen), _kind("action_lines", lines, chosen, predicted), _kind("goals", goals, chosen, predicted)
    )


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _summary_rows(reports: Sequence[SplitReport]) -> list[str]:
    rows = [
        "| split | texts | kind | mean per-label accuracy | never-suggest baseline accuracy | micro P | micro R "
        "| micro F1 | macro P | macro R | macro F1 | exact set match |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        for k in (r.goals, r.action_lines):
            rows.append(
                f"| {r.split} | {r.n} | {k.kind.replace('_', ' ')} | {_pct(k.mean_accuracy)} "
                f"| {_pct(k.baseline_accuracy)} | {_pct(k.micro_precision)} | {_pct(k.micro_recall)} "
                f"| {_pct(k.micro_f1)} | {_pct(k.macro_precision)} | {_pct(k.macro_recall)} | {_pct(k.macro_f1)} "
                f"| {_pct(k.exact / k.n)} |"
            )
    return rows


def _label_rows(report: SplitReport, kind: KindReport) -> list[str]:
    rows = [
        f"#### {report.split}: {kind.kind.replace('_', ' ')} ({report.n} texts)",
        "",
        "| label | name | positives | TP | FP | FN | TN | precision | recall | F1 | accuracy |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in kind.labels:
        rows.append(
            f"| {s.label} | {s.name} | {s.positives} | {s.tp} | {s.fp} | {s.fn} | {s.tn} | {_pct(s.precision)} "
            f"| {_pct(s.recall)} | {_pct(s.f1)} | {_pct(s.accuracy)} |"
        )
    return [*rows, ""]


def render(
    reports: Sequence[SplitReport], per_100k_seconds: float | None = None, texts: Sequence[tuple[str, str]] = ()
) -> str:
    """RESULTS.md: the summary, the goals 9 and 17 check, and the per-label tables of each split."""
    by_split = {r.split: r for r in reports}
    lines = [
        "# Suggester evaluation results",
        "",
        f"Reproduce with `{COMMAND}` (from the repository root). The eval set and how it was built:",
        "[README.md](README.md). The rules evaluated: `itu_contrib/data/suggest_rules.toml`.",
        "",
        "Per label, a text is a positive when the label is among its hand labels and a prediction when the",
        "suggester suggests it. Accuracy = (TP + TN) / N. **Accuracy is dominated by true negatives**: a",
        "suggester that never suggests anything already scores the 'never-suggest baseline' column. Micro",
        "P/R/F1 pool TP/FP/FN over all labels of a kind and are the honest headline numbers. Macro precision",
        "averages over labels that were predicted at least once, macro recall over labels with at least one",
        "positive, macro F1 over labels with a positive or a prediction.",
        "",
        "The rules were tuned on the `dev` split only; the `test` split was held out (see README.md). Caveat:",
        "the texts, their labels and the rules have one author, so even the test split shares the author's",
        "vocabulary and labelling habits; expect lower numbers on activity texts written by others.",
        "",
        "## Summary",
        "",
        *_summary_rows(reports),
        "",
        "## ITU's main key focus goals (9 and 17): precision must stay high",
        "",
        "| split | goal | positives | predicted | precision | recall |",
        "|---|---|---|---|---|---|",
    ]
    for r in reports:
        for goal in ("9", "17"):
            s = r.goals.stats(goal)
            lines.append(
                f"| {r.split} | {goal} | {s.positives} | {s.tp + s.fp} | {_pct(s.precision)} | {_pct(s.recall)} |"
            )
    if per_100k_seconds is not None:
        words = sum(len(f"{i} {j}".split()) for i, j in texts) / len(texts) if texts else 0
        lines += [
            "",
            f"Speed: about {per_100k_seconds:.1f} s per 100,000 texts of the eval set (title and description,",
            f"{words:.0f} words on average), single process, on the machine that wrote this file.",
        ]
    lines += ["", "## Per label", ""]
    for split in SPLITS:
        if split in by_split:
            r = by_split[split]
            lines += _label_rows(r, r.goals) + _label_rows(r, r.action_lines)
    return "\n".join(lines).rstrip() + "\n"


def _errors(items: Sequence[Item]) -> list[str]:
    dev = [i for i in items if i.split == "dev"]
    predicted = predict(dev)
    out = []
    for item in dev:
        lines, goals = predicted[item.id]
        parts = []
        for name, truth, guess in (("AL", item.action_lines, lines), ("SDG", item.goals, goals)):
            if truth != guess:
                parts.append(f"{name} missed={sorted(truth - guess)} extra={sorted(guess - truth)}")
        if parts:
            out.append(f"{item.id}: " + "; ".join(parts))
    return out


def _speed(items: Sequence[Item], repeat: int = 40) -> float:
    suggester = load_suggester()
    start = time.perf_counter()
    for _ in range(repeat):
        for item in items:
            suggester.suggest(item.title, item.text)
    return (time.perf_counter() - start) / (repeat * len(items)) * 100_000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip())
    parser.add_argument("--no-write", action="store_true", help="print only, do not rewrite RESULTS.md")
    parser.add_argument("--errors", action="store_true", help="list the mistakes on the dev split (never test)")
    args = parser.parse_args(argv)
    items = load_eval_set()
    if args.errors:
        print("\n".join(_errors(items)))
        return 0
    reports = [evaluate(items, split) for split in (*SPLITS, "all")]
    print("\n".join(_summary_rows(reports)))
    if not args.no_write:
        RESULTS.write_text(render(reports, _speed(items), [(i.title, i.text) for i in items]), encoding="utf-8")
        print(f"written: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
