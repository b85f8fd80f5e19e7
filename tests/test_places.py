"""Countries: codes, English names, the names people type, and "did you mean"."""

from __future__ import annotations

import pytest

from tripcost import UnknownCountry
from tripcost.places import (
    SYNONYMS,
    check_country,
    cldr_countries,
    country_code,
    country_name,
    country_names,
    known_countries,
    spellings,
    suggest,
)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("KR", "KR"),
        ("Korea", "KR"),
        ("South Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("UK", "GB"),
        ("United Kingdom", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("England", "GB"),
        ("USA", "US"),
        ("America", "US"),
        ("United States", "US"),
        ("United States of America", "US"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Thailand", "TH"),
        ("Côte d’Ivoire", "CI"),
    ],
)
def test_exact_spellings(typed: str, code: str) -> None:
    assert country_code(typed, exact=True) == code
    assert country_code(typed) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("kr", "KR"),
        ("korea", "KR"),
        ("south korea", "KR"),
        ("south-korea", "KR"),
        ("  South   Korea ", "KR"),
        ("uk", "GB"),
        ("usa", "US"),
        ("turkey", "TR"),
        ("TURKIYE", "TR"),
        ("in", "IN"),
        ("Cote d'Ivoire", "CI"),
    ],
)
def test_loose_spellings(typed: str, code: str) -> None:
    assert country_code(typed) == code
    with pytest.raises(UnknownCountry):
        country_code(typed, exact=True)


@pytest.mark.parametrize(
    ("typed", "exact", "message"),
    [
        ("korea", True, "country 'korea' is not spelled as listed; did you mean 'Korea' or KR?"),
        ("kr", True, "country 'kr' is not spelled as listed; did you mean KR?"),
        (
            "south korea",
            True,
            "country 'south korea' is not spelled as listed; did you mean 'South Korea' or KR?",
        ),
        (
            "Koreaa",
            False,
            "unknown country 'Koreaa' (not an ISO 3166 code or a country name); did you mean 'Korea' (KR)?",
        ),
        (
            "Untied States",
            True,
            "unknown country 'Untied States' (not an ISO 3166 code or a country name); did you mean 'United States' (US)?",
        ),
        ("ZZ", True, "unknown country 'ZZ' (not an ISO 3166 code or a country name)"),
        ("EU", False, "unknown country 'EU' (not an ISO 3166 code or a country name)"),
        ("", False, "unknown country '' (not an ISO 3166 code or a country name)"),
        (7, False, "country 7 is not a country code or name (like KR or 'South Korea')"),
        (None, True, "country None is not a country code or name (like KR or 'South Korea')"),
    ],
)
def test_unknown_countries_suggest(typed: object, exact: bool, message: str) -> None:
    with pytest.raises(UnknownCountry) as err:
        country_code(typed, exact=exact)
    assert str(err.value) == message


def test_the_written_codes_are_babels() -> None:
    """The codes written into places.py are exactly those babel's CLDR data lists."""
    assert known_countries() == cldr_countries()
    assert len(known_countries()) > 240


def test_tables() -> None:
    codes = known_countries()
    assert {"KR", "GB", "US", "TR", "TH"} <= codes
    assert not {"EU", "EZ", "UN", "ZZ", "QO", "AA"} & codes
    assert all(len(c) == 2 and c.isupper() for c in codes)
    assert set(country_names()) == codes
    assert country_name("KR") == "South Korea"
    assert country_name("GB") == "United Kingdom"
    assert country_name("XX") == "XX"
    assert set(spellings().values()) <= codes
    assert all(spellings()[name] == code for name, code in SYNONYMS.items())
    # a name is never also a code, so a spelling says one country
    assert not set(spellings()) & codes


def test_check_country_keeps_its_contract() -> None:
    assert check_country("KR") == "KR"
    with pytest.raises(
        ValueError, match=r"'kr' is not an ISO 3166 alpha-2 country code \(like KR or US\)"
    ):
        check_country("kr")
    with pytest.raises(ValueError, match=r"'ZZ' is not an ISO 3166 country code"):
        check_country("ZZ")


def test_suggestions() -> None:
    assert suggest("korea") == ["'Korea'", "KR"]
    assert suggest("Thailnd") == ["'Thailand' (TH)"]
    assert suggest("zzzzzz") == []
