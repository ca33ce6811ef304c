"""Country names and ISO 3166 codes (through pycountry), in the spellings UN documents use."""

from __future__ import annotations

import difflib
import gettext
import re
from functools import cache

from .spec import normalize_key

_PAREN = re.compile(r"^(.*?)\s*\((.*)\)$")
#: Languages whose country names are read besides English (the languages of the tool's catalogues).
_LANGUAGES = ("fr", "es")


@cache
def _index() -> dict[str, str]:
    """Normalised spelling -> ISO 3166-1 alpha-3 code."""
    import pycountry

    index: dict[str, str] = {}

    def add(name: str | None, code: str) -> None:
        if name:
            index.setdefault(normalize_key(name), code)

    # English first, then the French and Spanish names (pycountry's own translations of ISO 3166): a French or
    # Spanish workbook names "Maroc", "Tchad", "Reino Unido"; an English spelling wins where two would clash.
    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
                    for lang in _LANGUAGES]  # fmt: skip
    everyone = [(c, [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)])
                for c in pycountry.countries]  # fmt: skip
    named = [(c.alpha_3, [*english, c.alpha_2, c.alpha_3]) for c, english in everyone]
    named += [(c.alpha_3, [t.gettext(n) for t in translations for n in english if n]) for c, english in everyone]
    for code, names in named:
        for name in names:
            add(name, code)
            if name and ", " in name:  # "Korea, Republic of" -> "Republic of Korea", "Korea"
                head, tail = name.split(", ", 1)
                add(f"{tail} {head}", code)
                add(head, code) if tail.lower().endswith(" of") else None
            if name and (m := _PAREN.match(name)):  # "Bolivia (Plurinational State of)"
                add(m[1], code)
    # UN short names that pycountry spells differently
    for name, code in {
        "Türkiye": "TUR", "Turkey": "TUR", "United Republic of Tanzania": "TZA", "Tanzania": "TZA",
        "Democratic Republic of the Congo": "COD", "DR Congo": "COD", "DRC": "COD", "Congo": "COG",
        "Republic of Moldova": "MDA", "Russian Federation": "RUS", "Russia": "RUS", "Syria": "SYR",
        "Lao PDR": "LAO", "Laos": "LAO", "Viet Nam": "VNM", "Vietnam": "VNM", "Iran": "IRN",
        "Republic of Korea": "KOR", "South Korea": "KOR", "North Korea": "PRK", "Micronesia": "FSM",
        "Côte d'Ivoire": "CIV", "Ivory Coast": "CIV", "Cabo Verde": "CPV", "Cape Verde": "CPV",
        "Eswatini": "SWZ", "Swaziland": "SWZ", "State of Palestine": "PSE", "Palestine": "PSE",
        "United Kingdom": "GBR", "UK": "GBR", "United States": "USA", "USA": "USA", "US": "USA",
        "Bolivia": "BOL", "Venezuela": "VEN", "Czechia": "CZE", "Czech Republic": "CZE",
        "North Macedonia": "MKD", "Brunei": "BRN", "Netherlands": "NLD", "Kyrgyzstan": "KGZ",
    }.items():  # fmt: skip
        index[normalize_key(name)] = code
    return index


def country_code(text: str) -> str | None:
    """ISO 3166-1 alpha-3 code of a country name or code, or None.

    >>> country_code("Kenya"), country_code("KE"), country_code("ken"), country_code("Republic of Korea")
    ('KEN', 'KEN', 'KEN', 'KOR')
    >>> country_code("Maroc"), country_code("Reino Unido"), country_code("Tchad")
    ('MAR', 'GBR', 'TCD')
    >>> country_code("Narnia") is None
    True
    """
    return _index().get(normalize_key(text))


def country_name(code: str) -> str:
    """The ISO short name of an alpha-3 code."""
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    return str(getattr(found, "common_name", None) or found.name) if found else code


def closest_country(text: str) -> str | None:
    """A close country name for a "did you mean" hint."""
    import pycountry

    key = normalize_key(text)
    names = {normalize_key(c.name): c.name for c in pycountry.countries}
    match = difflib.get_close_matches(key, list(names), n=1, cutoff=0.8)
    return names[match[0]] if match else None
