"""Values as people type them: lists split on ';', line breaks or unambiguous commas; targets Excel made numbers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

# Separators that always part two values; commas are weighed separately (they also sit inside names).
_HARD = re.compile(r"\s*(?:;|\r\n|\n|\r|\||\u2022|\u00b7|\t)\s*")
_COMMA = re.compile(r"\s*,\s*")
# The end of a legal name, not a new value: "Acme, Inc.", "Telco, S.A.".
_SUFFIX = re.compile(r"^(?:inc|ltd|llc|plc|s\.?a|s\.?a\.?s|ag|gmbh|co|corp|sarl|s\.?l)\.?$", re.IGNORECASE)
_NUMBER_TARGET = re.compile(r"^(\d{1,2})\.(\d)$")


def split_values(text: object, known: Callable[[str], object] | None = None) -> list[str]:
    r"""The values of a multi-valued cell: split on ';', line breaks, '|' and bullets, and on commas when unambiguous.

    With ``known`` (a test of one value, such as a country lookup), a piece holding commas is kept whole when it
    is known as a whole ("Korea, Republic of") and split otherwise. Without it, commas split a cell that has no
    other separator, unless a part is a legal suffix ("Acme, Inc.") or starts in lower case (a phrase, not a list).

    >>> split_values("UNESCO; UNICEF\nWHO")
    ['UNESCO', 'UNICEF', 'WHO']
    >>> split_values("UNESCO, UNICEF"), split_values("Acme, Inc.")
    (['UNESCO', 'UNICEF'], ['Acme, Inc.'])
    >>> from itu_contrib.countries import country_code
    >>> split_values("Korea, Republic of, Kenya; Tanzania, United Republic of", country_code)
    ['Korea, Republic of', 'Kenya', 'Tanzania, United Republic of']
    """
    if text is None:
        return []
    pieces = [p.strip(" ,") for p in _HARD.split(str(text))]
    pieces = [p for p in pieces if p]
    out: list[str] = []
    for piece in pieces:
        if "," not in piece:
            out.append(piece)
        elif known is not None:
            out.extend(_known_parts(piece, known))
        elif len(pieces) == 1 and _plain_list(piece):
            out.extend(p for p in _COMMA.split(piece) if p)
        else:
            out.append(piece)
    return out


def _plain_list(piece: str) -> bool:
    parts = [p for p in _COMMA.split(piece) if p]
    return all(not _SUFFIX.match(p) and not p[0].islower() for p in parts)


def _known_parts(piece: str, known: Callable[[str], object]) -> list[str]:
    """A comma-separated piece as the longest known runs of parts, left to right ("Korea, Republic of, Kenya")."""
    parts = [p for p in _COMMA.split(piece) if p]
    out: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            candidate = ", ".join(parts[i:j])
            if j == i + 1 or known(candidate):
                out.append(candidate)
                i = j
                break
    return out


def number_targets(values: Iterable[Any], targets: Mapping[str, Any] | Iterable[str]) -> list[tuple[int, str, str]]:
    """(position, value read, the target it may have been) for each number cell Excel may have cut a zero from.

    A cell holding the number 17.1 shows "17.1", but whoever typed 17.10 sees the same: when both targets exist,
    the reading is ambiguous.

    >>> number_targets([17.1, "17.1", 9.1, None], {"17.1", "17.10", "9.1"})
    [(0, '17.1', '17.10')]
    """
    known = set(targets)
    out = []
    for k, value in enumerate(values):
        if not isinstance(value, float):
            continue
        match = _NUMBER_TARGET.match(repr(value))
        if match and f"{match[1]}.{match[2]}0" in known:
            out.append((k, f"{match[1]}.{match[2]}", f"{match[1]}.{match[2]}0"))
    return out


@cache
def target_codes() -> frozenset[str]:
    """Every SDG target code of the reference data (9.c, 17.10, ...)."""
    from .reference import load_reference

    return frozenset(load_reference().targets)
