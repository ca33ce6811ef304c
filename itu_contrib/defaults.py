"""Named defaults and limits, in one place.

The limits travel with each call as a :class:`Limits` value: a ``[limits]`` table in the config file (``--config``)
or ``load(..., limits=Limits(max_rows=...))`` sets them for that call only, never for the process.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Largest input file read, in bytes (a submission is a few MB at most).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Largest uncompressed size of one zip member of an xlsx/ods, in bytes.
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
#: Largest compression ratio of one zip member before it is treated as a bomb.
MAX_COMPRESSION_RATIO = 200
#: Largest number of data rows read from one sheet.
MAX_ROWS = 200_000
#: Largest number of cells a sheet's values may span (refused before the fast reader allocates them).
MAX_SHEET_CELLS = 50_000_000
#: Most times one ODS row holding values may be repeated (a 14 KB file must not become 100,000 activities).
MAX_REPEATED_ROWS = 1_000
#: Largest number of columns considered in one sheet.
MAX_COLUMNS = 200
#: Largest length of one text cell, in characters.
MAX_CELL_CHARS = 32_767
#: How many rows from the top of a sheet are searched for the header row.
HEADER_SEARCH_ROWS = 30
#: Fewest spec columns a row must match to be taken as the header row.
HEADER_MIN_MATCHES = 3
#: Activities listed in the report's shorter tables (new, ended and continued activities, suggestions, problems).
REPORT_LIST_CAP = 200
#: Most activities whose descriptions the report's activity list shows (each once, whole); a longer list shows
#: titles only, so a page grows by about 250 bytes per activity (the descriptions are in the tagged table).
REPORT_LIST_DESCRIPTIONS = 1_000
#: Separators of multi-valued cells written by the tool.
LIST_SEPARATOR = ";"


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of one read: what is refused or cut, with the defaults above.

    >>> Limits(max_rows=500).max_rows, Limits().max_rows == MAX_ROWS
    (500, True)
    """

    max_file_bytes: int = MAX_FILE_BYTES
    max_unzipped_bytes: int = MAX_UNZIPPED_BYTES
    max_compression_ratio: int = MAX_COMPRESSION_RATIO
    max_rows: int = MAX_ROWS
    max_sheet_cells: int = MAX_SHEET_CELLS
    max_repeated_rows: int = MAX_REPEATED_ROWS
    max_columns: int = MAX_COLUMNS
    max_cell_chars: int = MAX_CELL_CHARS
    header_search_rows: int = HEADER_SEARCH_ROWS
    header_min_matches: int = HEADER_MIN_MATCHES
