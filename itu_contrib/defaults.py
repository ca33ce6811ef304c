"""Named defaults and limits, in one place."""

from __future__ import annotations

#: Largest input file read, in bytes (a submission is a few MB at most).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Largest uncompressed size of one zip member of an xlsx/ods, in bytes.
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
#: Largest compression ratio of one zip member before it is treated as a bomb.
MAX_COMPRESSION_RATIO = 200
#: Largest number of data rows read from one sheet.
MAX_ROWS = 1_000_000
#: Largest number of columns considered in one sheet.
MAX_COLUMNS = 200
#: Largest length of one text cell, in characters.
MAX_CELL_CHARS = 32_767
#: How many rows from the top of a sheet are searched for the header row.
HEADER_SEARCH_ROWS = 30
#: Fewest spec columns a row must match to be taken as the header row.
HEADER_MIN_MATCHES = 3
#: Longest activity title accepted without a warning.
MAX_TITLE_CHARS = 200
#: Activities listed per action line in the HTML report before the rest are collapsed.
REPORT_LIST_CAP = 200
#: Separators of multi-valued cells written by the tool.
LIST_SEPARATOR = ";"
