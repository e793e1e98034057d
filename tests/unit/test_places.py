"""Places reference data: Kosovo's 38 municipalities and ISO 3166-1 countries."""

from __future__ import annotations

import pytest

from domain import places
from domain.errors import InvalidInput
from domain.places import District, Language


def test_there_are_38_municipalities_coded_01_to_38() -> None:
    assert sorted(places.MUNICIPALITIES) == [f"{n:02d}" for n in range(1, 39)]


def test_every_district_has_municipalities_and_names_are_in_three_languages() -> None:
    assert {m.district for m in places.MUNICIPALITIES.values()} == set(District)
    prishtina = places.municipality("municipality", "19")
    assert [prishtina.name(language) for language in Language] == [
        "Prishtinë",
        "Priština",
        "Pristina",
    ]


@pytest.mark.parametrize("code", ["39", "00", "1", "Prishtinë", ""])
def test_an_unknown_municipality_code_is_refused_naming_the_field(code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        places.municipality("origin_municipality", code)
    assert refused.value.field == "origin_municipality"
    assert "is not a Kosovo municipality code" in str(refused.value)


def test_countries_are_iso_3166_alpha_2_and_xk_for_kosovo() -> None:
    assert places.countries("citizenships", ["XK", "AL", "RS", "UA"]) == ("XK", "AL", "RS", "UA")
    with pytest.raises(InvalidInput, match="not an ISO 3166-1 alpha-2 country code"):
        places.country("country", "ZZ")


def test_country_names_in_our_languages() -> None:
    assert places.country_name("XK", Language.ALBANIAN) == "Kosova"
    assert places.country_name("AL", Language.ALBANIAN) == "Shqipëri"
    assert places.country_name("DE", Language.SERBIAN) == "Nemačka"
    assert places.country_name("MK", Language.ENGLISH) == "North Macedonia"
