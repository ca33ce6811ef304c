"""Dates as people type them: real dates, Excel serial numbers, and text in common forms."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .spec import normalize_key

_EXCEL_1900 = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 once Excel's phantom 1900-02-29 is allowed for
_EXCEL_1904 = dt.date(1904, 1, 1)
#: Serial numbers outside this range are not taken as dates (1900-01-01 .. 2199-12-31).
_SERIAL_MIN, _SERIAL_MAX = 1, 109_574

_MONTHS = {
    # English, French, Spanish month names and common abbreviations
    **{m.lower(): i for i, m in enumerate(calendar.month_name) if m},
    **{m.lower(): i for i, m in enumerate(calendar.month_abbr) if m},
    "sept": 9,
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6,
    "julio": 7, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_MONTH_YEAR_NUM = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_WORDS = re.compile(r"[a-z]+|\d+")
# A quarter or a half of a year: "Q2 2025", "2025-Q2", "T2 2025" (trimestre), "H1 2025", "S2 2025" (semestre).
_PERIOD = re.compile(
    r"^(?:(?P<k1>[qths])\s?(?P<n1>[1-4])[\s/-]*(?P<y1>\d{4})|(?P<y2>\d{4})[\s/-]*(?P<k2>[qths])(?P<n2>[1-4]))$"
)
#: What people write in an end date for an activity with no end yet: read as a blank end date.
_OPEN_ENDED = frozenset(
    {"ongoing", "on going", "open", "open ended", "continuing", "continuous", "permanent", "no end date"}
    | {"en cours", "continu", "permanente", "en curso", "continuo", "indefinido"}
)


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """The outcome of reading one date cell.

    ``value`` is None when the cell is not a date; ``ambiguous`` is set when day and month could be
    swapped (``03/04/2025``): the value then follows the day-first reading, and the caller reports it.
    """

    value: dt.date | None
    ambiguous: bool = False
    precision: str = "day"
    #: An end date written as "ongoing" or "open-ended": no date, and no error either.
    open_ended: bool = field(default=False, repr=False)


def from_serial(serial: float, *, date1904: bool = False) -> dt.date | None:
    """The date of an Excel serial number (1900 or 1904 date system), or None when out of range.

    >>> from_serial(45366)
    datetime.date(2024, 3, 15)
    >>> from_serial(43904, date1904=True)
    datetime.date(2024, 3, 15)
    """
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        return None
    base = _EXCEL_1904 if date1904 else _EXCEL_1900
    return base + dt.timedelta(days=int(serial))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=65_536)
def parse_date_text(text: str, *, end: bool = False, order: str | None = None) -> ParsedDate:
    """Read a date typed as text; ``end`` makes a bare month mean its last day.

    ``order`` (``"dmy"`` or ``"mdy"``, see :func:`numeric_order`) is how the other dates of the sheet put day and
    month: a date such as ``03/04/2025`` is then read that way and is not ambiguous.

    >>> parse_date_text("2024-03-15").value
    datetime.date(2024, 3, 15)
    >>> parse_date_text("15/03/2024").value
    datetime.date(2024, 3, 15)
    >>> parse_date_text("15 March 2024").value, parse_date_text("March 15, 2024").value
    (datetime.date(2024, 3, 15), datetime.date(2024, 3, 15))
    >>> parse_date_text("March 2024").value, parse_date_text("March 2024", end=True).value
    (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    >>> parse_date_text("03/04/2025")
    ParsedDate(value=datetime.date(2025, 4, 3), ambiguous=True, precision='day')
    >>> parse_date_text("03/04/2025", order="mdy"), parse_date_text("03/04/2025", order="dmy").ambiguous
    (ParsedDate(value=datetime.date(2025, 3, 4), ambiguous=False, precision='day'), False)
    >>> parse_date_text("Q2 2025").value, parse_date_text("Q2 2025", end=True).value
    (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
    >>> parse_date_text("next spring").value is None, parse_date_text("ongoing", end=True).open_ended
    (True, True)
    """
    s = text.strip().lower()
    if not s:
        return ParsedDate(None)
    if end and normalize_key(s) in _OPEN_ENDED:
        return ParsedDate(None, open_ended=True)
    if m := _PERIOD.match(s):
        return _period(int(m["y1"] or m["y2"]), m["k1"] or m["k2"], int(m["n1"] or m["n2"]), end)
    if m := _ISO.match(s):
        return ParsedDate(_safe(int(m[1]), int(m[2]), int(m[3])))
    if m := _NUMERIC.match(s):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        year = y + 2000 if y < 100 else y
        if a > 12:
            return ParsedDate(_safe(year, b, a))
        if b > 12:
            return ParsedDate(_safe(year, a, b))
        if order == "mdy":
            return ParsedDate(_safe(year, a, b))
        return ParsedDate(_safe(year, b, a), ambiguous=a != b and order != "dmy")
    if m := _YEAR_MONTH.match(s):
        y, mo = int(m[1]), int(m[2])
        return _month(y, mo, end)
    if m := _MONTH_YEAR_NUM.match(s):
        mo, y = int(m[1]), int(m[2])
        return _month(y, mo, end)
    words = _WORDS.findall(normalize_key(s))
    months = [_MONTHS[w] for w in words if w in _MONTHS]
    numbers = [int(w) for w in words if w.isdigit()]
    others = [w for w in words if not w.isdigit() and w not in _MONTHS and w not in {"de", "del", "of", "the", "er"}]
    if len(months) != 1 or others:
        return ParsedDate(None)
    years = [n for n in numbers if 1900 <= n <= 2199]
    days = [n for n in numbers if 1 <= n <= 31]
    if len(years) != 1:
        return ParsedDate(None)
    rest = [n for n in numbers if n != years[0]]
    if not rest:
        return _month(years[0], months[0], end)
    if len(rest) == 1 and rest[0] in days:
        return ParsedDate(_safe(years[0], months[0], rest[0]))
    return ParsedDate(None)


def _period(year: int, kind: str, n: int, end: bool) -> ParsedDate:
    """The first (or, for an end date, the last) day of a quarter (Q, T) or a half (H, S) of ``year``."""
    months = 6 if kind in "hs" else 3
    if n * months > 12 or not 1900 <= year <= 2199:
        return ParsedDate(None)
    month = n * months if end else (n - 1) * months + 1
    value = _month_end(year, month) if end else dt.date(year, month, 1)
    return ParsedDate(value, precision="quarter" if months == 3 else "half")


def _month(year: int, month: int, end: bool) -> ParsedDate:
    if not 1 <= month <= 12 or not 1900 <= year <= 2199:
        return ParsedDate(None)
    value = _month_end(year, month) if end else dt.date(year, month, 1)
    return ParsedDate(value, precision="month")


def numeric_order(texts: Iterable[object]) -> str | None:
    """How the numeric dates among ``texts`` put day and month, or None when nothing decides or both orders occur.

    ``"dmy"`` when some can only be day-first (``15/03/2025``) and none only month-first; ``"mdy"`` the other way.

    >>> numeric_order(["15/03/2025", "01/02/2025", "2025-04-01"]), numeric_order(["03/15/2025", "01/02/2025"])
    ('dmy', 'mdy')
    >>> numeric_order(["01/02/2025"]), numeric_order(["15/03/2025", "03/15/2025"]), numeric_order([None, 45366.0])
    (None, None, None)
    """
    day_first = month_first = False
    for text in texts:
        m = _NUMERIC.match(text.strip()) if isinstance(text, str) else None
        if m is None:
            continue
        a, b = int(m[1]), int(m[2])
        day_first |= a > 12 >= b
        month_first |= b > 12 >= a
        if day_first and month_first:
            return None
    return "dmy" if day_first else "mdy" if month_first else None


def parse_date_value(
    value: object, *, end: bool = False, date1904: bool = False, order: str | None = None
) -> ParsedDate:
    """Read a date cell whatever it holds: a date, a datetime, a serial number or text.

    >>> parse_date_value(45366.0)
    ParsedDate(value=datetime.date(2024, 3, 15), ambiguous=False, precision='day')
    """
    if value is None:
        return ParsedDate(None)
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date())
    if isinstance(value, dt.date):
        return ParsedDate(value)
    if isinstance(value, bool):
        return ParsedDate(None)
    if isinstance(value, int | float):
        if not -1e9 < value < 1e9 or value != value:  # far outside any date, or NaN (and no float overflow)
            return ParsedDate(None)
        if float(value).is_integer() and 1900 <= value <= 2199:
            return _year_only(int(value), end)
        return ParsedDate(from_serial(float(value), date1904=date1904))
    text = str(value).strip()
    if text.isdigit() and len(text) == 4:
        return _year_only(int(text), end) if 1900 <= int(text) <= 2199 else ParsedDate(None)
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return ParsedDate(from_serial(float(text), date1904=date1904))
    return parse_date_text(text, end=end, order=order)


def _year_only(year: int, end: bool) -> ParsedDate:
    return ParsedDate(dt.date(year, 12, 31) if end else dt.date(year, 1, 1), precision="year")
