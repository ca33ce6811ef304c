"""The registry of input formats, keyed by the kind sniffing decides: a new format is one module and one entry here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from itu_contrib.defaults import Limits
from itu_contrib.i18n import Text

from .base import Grid, Kind, Sniffed
from .text import read_text
from .workbook import read_workbook

Reader = Callable[[Sniffed, str, Limits], tuple[list[Grid], bool]]


@dataclass(frozen=True, slots=True)
class Format:
    """One input format: how it is named, how it is read, and whether an annotated copy keeps the original."""

    kind: Kind
    #: How messages name the format.
    label: str
    #: File name endings that name this content (others get a note that the extension does not match).
    suffixes: frozenset[str]
    #: (sniffed file, display name, limits) -> the sheets as grids and the workbook's date1904 flag.
    read: Reader
    #: Whether the annotated copy is the original workbook with marks (openpyxl opens it), or a copy of its values.
    annotate_in_place: bool = False
    #: Whether the format has sheets (a text file is one unnamed grid).
    has_sheets: bool = True
    #: Why no annotated copy can be made of this format (None when one can).
    cannot_annotate: Text | None = None


FORMATS: Mapping[Kind, Format] = MappingProxyType(
    {
        "xlsx": Format("xlsx", ".xlsx", frozenset({".xlsx", ".xltx"}), read_workbook, annotate_in_place=True),
        "xlsm": Format("xlsm", ".xlsm", frozenset({".xlsm", ".xltm", ".xlam"}), read_workbook, annotate_in_place=True),
        "xlsb": Format(
            "xlsb",
            ".xlsb",
            frozenset({".xlsb"}),
            read_workbook,
            cannot_annotate=Text.of(
                "an Excel binary workbook (.xlsb) cannot be annotated; save it as .xlsx to get a copy"
            ),
        ),
        "xls": Format("xls", ".xls", frozenset({".xls", ".xlt"}), read_workbook),
        "ods": Format("ods", ".ods", frozenset({".ods", ".ots"}), read_workbook),
        "text": Format("text", "text", frozenset({".csv", ".tsv", ".txt", ".tab"}), read_text, has_sheets=False),
    }
)

#: File name endings always read when a folder is given (a file named explicitly is always tried). Other files in a
#: folder (``.txt`` included) are read only when their content is a spreadsheet or a delimited table.
SPREADSHEET_SUFFIXES = frozenset().union(*(f.suffixes for f in FORMATS.values())) - {".txt"}


def read_grids(sniffed: Sniffed, display: str, limits: Limits | None = None) -> tuple[list[Grid], bool]:
    """The sheets of a sniffed file as grids, and whether its dates count from 1904, by its format's reader."""
    return FORMATS[sniffed.kind].read(sniffed, display, limits or Limits())
