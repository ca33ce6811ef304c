"""Keep the gettext catalogues in step with the sources: extract, update and compile (``make messages``).

    python scripts/messages.py            extract the .pot, merge it into every .po, compile every .mo
    python scripts/messages.py --check    exit 1 when the committed .pot or a .mo is not what the sources give

Message ids come from four places, all English:
- Python sources: string literals passed to gettext, pgettext, ngettext, Text.of, Plural and N_ (a marker only);
- Jinja templates: {% trans %} blocks and _(), gettext(), pgettext(), ngettext() calls;
- the rule catalogue (itu_contrib/data/rules.toml): every rule's meaning, message and hint templates;
- the activity spec (itu_contrib/schemas/activity.toml): every column's help text, and text columns' examples;
- the reference data: action line titles, ITU roles, SDG goal titles and short names, ring names, target texts and
  the texts of the indicators ITU is custodian of (each with a message context, see itu_contrib/i18n.py).

The .mo files are committed beside their .po (the wheel is built by hatchling with no build hook), and
``--check`` (run by the tests) fails when one is stale.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "itu_contrib"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "itu_contrib.pot"
KEYWORDS = {
    "_": None,
    "_t": (2,),
    "N_": None,
    "gettext": None,
    "pgettext": ((1, "c"), 2),
    "ngettext": (1, 2),
    "of": None,
    "Plural": (1, 2),
}
METHODS = [("**.py", "python"), ("**/templates/**.j2", "jinja2.ext:babel_extract")]


def _python_messages() -> Iterator[tuple[str, str | tuple[str, str], str | None, str]]:
    """(where, message, context, comment) of every literal marked in the package's code and templates."""
    jinja_options = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE,
        method_map=METHODS,
        options_map={"**/templates/**.j2": jinja_options},
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
    ):
        yield f"itu_contrib/{filename}:{lineno}", message, context, " ".join(comments) or ""


def _data_messages() -> Iterator[tuple[str, str, str | None, str]]:
    """(where, message, context, comment) of the texts of the rule catalogue, the spec and the reference data."""
    sys.path.insert(0, str(ROOT))
    from itu_contrib import i18n
    from itu_contrib.reference import load_reference
    from itu_contrib.rules import RULES
    from itu_contrib.spec import load_spec

    for rule in RULES:
        yield "itu_contrib/data/rules.toml", rule.meaning, None, f"meaning of the rule {rule.code} (itu-contrib rules)"
        for text in rule.templates:
            yield "itu_contrib/data/rules.toml", text, None, f"rule {rule.code}; keep every {{name}} as it is"
    for column in load_spec().columns:
        yield "itu_contrib/schemas/activity.toml", column.help, None, f"help of the column {column.name}"
        if column.type == "text":
            yield "itu_contrib/schemas/activity.toml", column.example, "example", f"example value of {column.name}"
    for derived in load_spec().derived:
        yield "itu_contrib/schemas/activity.toml", derived.label, None, f"label of the derived column {derived.name}"
    ref = load_reference(None, strict=False)
    where = "itu_contrib/data/reference"
    for line in ref.action_lines.values():
        yield f"{where}/action_lines.csv", line.title, i18n.AL_TITLE, f"{line.code}"
        yield f"{where}/action_lines.csv", line.role, i18n.ROLE, ""
        for organization in (line.facilitator, *line.co_facilitators):
            yield f"{where}/action_lines.csv", organization, i18n.ORGANIZATION, "the UN's acronym in the language"
    for goal in ref.goals.values():
        yield f"{where}/sdg_goals.csv", goal.title, i18n.GOAL_TITLE, f"SDG {goal.number}"
        yield f"{where}/sdg_goals.csv", goal.short_name, i18n.GOAL_SHORT, f"SDG {goal.number}"
    yield "itu_contrib/data/plans.toml", ref.plan.title, i18n.PLAN, ""
    for kind in ("target", "indicator"):  # the kinds of the ring targets' items (report)
        yield "itu_contrib/aggregate.py", kind, "target kind", "a target or an indicator of an SDG"
    for ring in ref.rings:
        yield f"{where}/sdg_goals.csv", ring.name, i18n.RING, ""
        yield "itu_contrib/data/plans.toml", ring.description, i18n.RING_DESCRIPTION, ""
    for target in ref.targets.values():
        yield f"{where}/sdg_targets.csv", target.text, i18n.TARGET_TEXT, f"target {target.code}"
    for indicator in ref.custodian_indicators:
        yield f"{where}/sdg_indicators.csv", indicator.text, i18n.INDICATOR_TEXT, f"indicator {indicator.code}"


def template() -> Catalog:
    """The message template (.pot) the sources give today."""
    catalog = Catalog(project="itu_contrib", copyright_holder="itu_contrib developers", fuzzy=False)
    for where, message, context, comment in (*_python_messages(), *_data_messages()):
        if not message:
            continue
        path, _, line = where.partition(":")
        catalog.add(
            message,
            locations=[(path, int(line) if line else 0)],
            context=context,
            auto_comments=[comment] if comment else [],
        )
    return catalog


def _pot_text(catalog: Catalog) -> str:
    out = io.BytesIO()
    write_po(out, catalog, width=120, omit_header=True, sort_output=True, include_lineno=False)
    return out.getvalue().decode("utf-8")


def _mo_bytes(po: Path) -> bytes:
    with po.open("rb") as f:
        catalog = read_po(f)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def catalogues() -> list[Path]:
    """Every .po file shipped."""
    return sorted(LOCALE.glob("*/LC_MESSAGES/itu_contrib.po"))


def update() -> None:
    """Write the .pot, merge it into every .po (new ids untranslated, gone ids dropped), compile every .mo."""
    pot = template()
    POT.parent.mkdir(parents=True, exist_ok=True)
    POT.write_text(_pot_text(pot), encoding="utf-8")
    for po in catalogues():
        with po.open("rb") as f:
            catalog = read_po(f)
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        out = io.BytesIO()
        write_po(out, catalog, width=120, sort_output=True, include_lineno=False, ignore_obsolete=True)
        po.write_bytes(out.getvalue())
        po.with_suffix(".mo").write_bytes(_mo_bytes(po))


def check() -> list[str]:
    """What is out of date: the .pot against the sources, each .mo against its .po."""
    stale = []
    if not POT.exists() or POT.read_text(encoding="utf-8") != _pot_text(template()):
        stale.append(f"{POT.relative_to(ROOT)} is not what the sources give")
    for po in catalogues():
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != _mo_bytes(po):
            stale.append(f"{mo.relative_to(ROOT)} is not compiled from {po.name}")
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that the catalogues are up to date")
    args = parser.parse_args(argv)
    if args.check:
        stale = check()
        for line in stale:
            print(line, file=sys.stderr)
        if stale:
            print("run `make messages`", file=sys.stderr)
        return 1 if stale else 0
    update()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
