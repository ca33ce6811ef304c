"""The ``itu-contrib`` command: parses arguments, calls the library, formats output, sets the exit code.

Heavy modules (pandas, pandera, openpyxl) are imported inside the commands, so ``--help`` and
``--version`` answer at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_CANNOT_RUN = 2


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("itu-contrib")
    except PackageNotFoundError:
        return "0+unknown"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="itu-contrib",
        description="Validate, tag and report ITU's contributions to the WSIS Action Lines and the SDGs.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("--debug", action="store_true", help="show a traceback when the tool cannot run")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 valid, 1 invalid data, 2 cannot run)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_CANNOT_RUN
    return EXIT_OK
