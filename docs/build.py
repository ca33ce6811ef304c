"""Generate docs/cli/*.md from each command's --help and docs/rules.md from the rule catalogue.

Run `make docs` (or `python docs/build.py`); tests/test_docs.py fails when the committed pages drift from the code.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from pathlib import Path

from itu_contrib.cli import build_parser, rules_markdown

DOCS = Path(__file__).resolve().parent


def command_help(name: str | None) -> str:
    """The --help text of the top-level command or of one subcommand."""
    parser = build_parser()
    argv = [name, "--help"] if name else ["--help"]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.suppress(SystemExit):
        old = sys.argv
        sys.argv = ["itu-contrib"]
        try:
            parser.parse_args(argv)
        finally:
            sys.argv = old
    return buf.getvalue()


def commands() -> list[str]:
    """Names of the subcommands, in the order --help lists them."""
    parser = build_parser()
    for action in parser._actions:  # argparse offers no public accessor for subcommands
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def pages() -> dict[Path, str]:
    """Every generated page and its text."""
    out = {}
    index = ["# Command line", "", "Generated from `itu-contrib --help` by `docs/build.py`; do not edit.", ""]
    index += ["```text", command_help(None).rstrip(), "```", ""]
    for name in commands():
        index.append(f"- [`itu-contrib {name}`]({name}.md)")
        text = f"# itu-contrib {name}\n\nGenerated from `itu-contrib {name} --help`; do not edit.\n\n"
        text += "```text\n" + command_help(name).rstrip() + "\n```\n"
        out[DOCS / "cli" / f"{name}.md"] = text
    out[DOCS / "cli" / "index.md"] = "\n".join(index) + "\n"
    out[DOCS / "rules.md"] = (
        "# Rule catalogue\n\nGenerated from the rule catalogue `itu_contrib/data/rules.toml` by `docs/build.py`; "
        "do not edit. "
        "Severities can be overridden with `--config` (see the README).\n\n" + rules_markdown() + "\n"
    )
    out[DOCS / "web-openapi.json"] = web_openapi()
    return out


def web_openapi() -> str:
    """The OpenAPI document of the web app's JSON API (docs/web.md links to it)."""
    from itu_contrib import __version__
    from itu_contrib.web.openapi import openapi

    return json.dumps(openapi(__version__), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    """Write every page."""
    for path, text in pages().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(path.relative_to(DOCS.parent))


if __name__ == "__main__":
    main()
