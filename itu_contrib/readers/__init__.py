"""Readers of input files: what a file is (sniffing), the guards against hostile files, and one reader per format.

A new format is one module (its reader function) plus one entry in :data:`FORMATS`.
"""

from __future__ import annotations

from .base import Grid, Kind, Sniffed
from .registry import FORMATS, SPREADSHEET_SUFFIXES, Format, read_grids
from .sniffing import sniff
from .text import DecodedText, decode_text, looks_like_table
from .workbook import dangerous_names, external_links

__all__ = [
    "FORMATS",
    "SPREADSHEET_SUFFIXES",
    "DecodedText",
    "Format",
    "Grid",
    "Kind",
    "Sniffed",
    "dangerous_names",
    "decode_text",
    "external_links",
    "looks_like_table",
    "read_grids",
    "sniff",
]
