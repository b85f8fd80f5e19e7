"""Countries: ISO 3166 alpha-2 codes, their English names, the names people type.

One module owns how a country is spelled. Codes and English names come from babel's
CLDR data; `SYNONYMS` adds the names people type that CLDR does not list ("Korea",
"UK", "USA", "Turkey" …). Two ways to read a country:

- ``exact=True`` (plan files, whose JSON Schema lists every spelling): an upper-case
  code (``"KR"``) or a name exactly as listed (``"South Korea"``, ``"Korea"``);
- ``exact=False`` (the command line, `Catalog.country`): any case, spacing, hyphens
  or accents (``"south korea"``, ``"kr"``, ``"turkiye"``).

A spelling that is not understood raises `UnknownCountry` with "did you mean".

>>> country_code("Korea", exact=True), country_code("united kingdom")
('KR', 'GB')
>>> country_code("korea", exact=True)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
tripcost.errors.UnknownCountry: country 'korea' is not spelled as listed; did you mean 'Korea' or...
>>> country_name("KR")
'South Korea'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Final

from tripcost.errors import UnknownCountry
from tripcost.jsonvalue import JSON

__all__ = [
    "NOT_COUNTRIES",
    "SYNONYMS",
    "check_country",
    "cldr_countries",
    "country_code",
    "country_name",
    "country_names",
    "country_schema",
    "known_countries",
    "spellings",
    "suggest",
]

#: CLDR regions that are not countries (X* codes are private use and left out too).
NOT_COUNTRIES: Final = frozenset({"AA", "ZZ", "EU", "EZ", "UN", "QO"})

#: English names where CLDR's short form reads better in a price table.
_NAME_OVERRIDES: Final = {"KR": "South Korea", "US": "United States", "GB": "United Kingdom"}

#: Names people type that babel's CLDR names do not cover, spelled as plans list them.
SYNONYMS: Final[Mapping[str, str]] = MappingProxyType({
    "Korea": "KR", "Republic of Korea": "KR",
    "USA": "US", "America": "US", "United States of America": "US",
    "UK": "GB", "Britain": "GB", "Great Britain": "GB", "England": "GB",
    "Turkey": "TR", "Türkiye": "TR", "Turkiye": "TR",
    "Czech Republic": "CZ", "Hong Kong": "HK", "Macau": "MO", "Macao": "MO",
    "Burma": "MM", "Myanmar": "MM", "Ivory Coast": "CI", "UAE": "AE",
})  # fmt: skip


#: ISO 3166 alpha-2 codes as `cldr_countries` reads them from babel, written out so that
#: checking a catalog's countries does not load babel's locale data (tests keep them equal).
_CODES: Final = frozenset({
    'AC', 'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU',
    'AW', 'AX', 'AZ', 'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM',
    'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY', 'BZ', 'CA', 'CC', 'CD', 'CF',
    'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CP', 'CQ', 'CR', 'CU', 'CV', 'CW',
    'CX', 'CY', 'CZ', 'DE', 'DG', 'DJ', 'DK', 'DM', 'DO', 'DZ', 'EA', 'EC', 'EE', 'EG',
    'EH', 'ER', 'ES', 'ET', 'FI', 'FJ', 'FK', 'FM', 'FO', 'FR', 'GA', 'GB', 'GD', 'GE',
    'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW',
    'GY', 'HK', 'HM', 'HN', 'HR', 'HT', 'HU', 'IC', 'ID', 'IE', 'IL', 'IM', 'IN', 'IO',
    'IQ', 'IR', 'IS', 'IT', 'JE', 'JM', 'JO', 'JP', 'KE', 'KG', 'KH', 'KI', 'KM', 'KN',
    'KP', 'KR', 'KW', 'KY', 'KZ', 'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU',
    'LV', 'LY', 'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'MK', 'ML', 'MM', 'MN', 'MO',
    'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA', 'NC', 'NE',
    'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ', 'OM', 'PA', 'PE', 'PF', 'PG',
    'PH', 'PK', 'PL', 'PM', 'PN', 'PR', 'PS', 'PT', 'PW', 'PY', 'QA', 'RE', 'RO', 'RS',
    'RU', 'RW', 'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM',
    'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SX', 'SY', 'SZ', 'TA', 'TC', 'TD', 'TF', 'TG',
    'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ', 'UA', 'UG',
    'UM', 'US', 'UY', 'UZ', 'VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU', 'WF', 'WS', 'YE',
    'YT', 'ZA', 'ZM', 'ZW'
})  # fmt: skip


def known_countries() -> frozenset[str]:
    """ISO 3166 alpha-2 codes (babel's CLDR territories that are countries).

    >>> {"KR", "GB"} <= known_countries() and "EU" not in known_countries()
    True
    """
    return _CODES


def cldr_countries() -> frozenset[str]:
    """The country codes of babel's CLDR territory list, read from babel itself."""
    from babel import Locale

    return frozenset(
        code
        for code in (str(c) for c in Locale("en").territories)
        if len(code) == 2
        and code.isalpha()
        and code not in NOT_COUNTRIES
        and not code.startswith("X")
    )


def check_country(value: str) -> str:
    """``value`` if it is a known upper-case ISO 3166 alpha-2 code, else a `ValueError`.

    >>> check_country("KR")
    'KR'
    """
    if not (len(value) == 2 and value.isalpha() and value.isupper()):
        raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code (like KR or US)")
    if value not in known_countries():
        raise ValueError(f"{value!r} is not an ISO 3166 country code")
    return value


@cache
def _names() -> Mapping[str, str]:
    from babel import Locale

    territories = Locale("en").territories
    names = {code: str(territories[code]) for code in known_countries() if code in territories}
    names.update(_NAME_OVERRIDES)
    return MappingProxyType(dict(sorted(names.items())))


def country_names() -> Mapping[str, str]:
    """Code -> English name for every known country (read-only)."""
    return _names()


def country_name(code: str) -> str:
    """The English name of a code (the code itself when there is none)."""
    return _names().get(code, code)


@cache
def _spellings() -> Mapping[str, str]:
    found: dict[str, str] = {}
    for code, name in _names().items():
        found.setdefault(name, code)
    for name, code in SYNONYMS.items():
        found.setdefault(name, code)
    return MappingProxyType(found)


def spellings() -> Mapping[str, str]:
    """Every country name a plan may use, exactly as spelled, -> its code (read-only).

    >>> spellings()["Korea"], spellings()["South Korea"], "korea" in spellings()
    ('KR', 'KR', False)
    """
    return _spellings()


def country_schema() -> dict[str, JSON]:
    """The JSON Schema of a country as plans spell it (``exact=True``): a code or a
    name from `spellings`, case as listed.

    >>> [len(part["enum"]) > 200 for part in country_schema()["anyOf"]]
    [True, True]
    """
    return {
        "anyOf": [
            {"title": "ISO 3166 code", "enum": list[JSON](sorted(known_countries()))},
            {"title": "English name", "enum": list[JSON](sorted(spellings()))},
        ],
        "description": "an upper-case ISO 3166 code, or an English name exactly as listed "
        "here (stored as its code)",
    }


def _loose(text: str) -> str:
    """'Côte d’Ivoire' -> 'cote divoire'; 'south-korea' -> 'south korea'."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = plain.replace("&", " and ")
    plain = re.sub(r"[’'.]", "", plain)
    return re.sub(r"[\s_\-]+", " ", plain).strip()


@cache
def _by_loose() -> Mapping[str, str]:
    found: dict[str, str] = {}
    for name, code in _spellings().items():
        found.setdefault(_loose(name), code)
    for code in known_countries():
        found.setdefault(_loose(code), code)
    return MappingProxyType(found)


def suggest(text: str, limit: int = 3) -> list[str]:
    """Close spellings of ``text``: codes, and names as listed (``'Korea'``).

    >>> suggest("korea")
    ["'Korea'", 'KR']
    >>> suggest("Koreaa")
    ["'Korea' (KR)"]
    """
    loose = _loose(text)
    code = _by_loose().get(loose)
    if code is not None:  # the same country, spelled another way
        names = [f"'{n}'" for n, c in _spellings().items() if c == code and _loose(n) == loose]
        return [*names, code]
    close = difflib.get_close_matches(loose, list(_by_loose()), limit, cutoff=0.75)
    shown: dict[str, None] = {}
    for key in close:
        match = _by_loose()[key]
        named = [n for n, c in _spellings().items() if c == match and _loose(n) == key]
        shown[f"'{named[0]}' ({match})" if named else match] = None
    return list(shown)[:limit]


def country_code(value: object, *, exact: bool = False) -> str:
    """The ISO 3166 code of ``value``, a code or an English name.

    ``exact=True`` accepts only the spellings a plan's JSON Schema lists: an
    upper-case code, or a name from `spellings` exactly as spelled there.
    Otherwise case, spacing, hyphens and accents do not matter. Anything else is an
    `UnknownCountry` naming the closest spellings.

    >>> country_code("UK"), country_code("south korea"), country_code("th")
    ('GB', 'KR', 'TH')
    """
    if not isinstance(value, str):
        msg = f"country {value!r} is not a country code or name (like KR or 'South Korea')"
        raise UnknownCountry(msg)
    if value in known_countries():
        return value
    if value in _spellings():
        return _spellings()[value]
    if not exact:
        code = _by_loose().get(_loose(value))
        if code is not None:
            return code
    hint = suggest(value)
    if exact and _loose(value) in _by_loose():
        msg = f"country {value!r} is not spelled as listed; did you mean {' or '.join(hint)}?"
        raise UnknownCountry(msg)
    tail = f"; did you mean {', '.join(hint)}?" if hint else ""
    msg = f"unknown country {value!r} (not an ISO 3166 code or a country name){tail}"
    raise UnknownCountry(msg)
