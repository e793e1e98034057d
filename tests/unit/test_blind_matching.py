"""Blind-index tokens and the matching rules, without a database."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from adapters.privacy.blind_index import person_tokens, token
from adapters.privacy.blind_matching import NAME_KIND, BirthYear, NameQuery, candidates, everyone
from domain.errors import InvalidInput
from domain.values import ERASED_PERSON, PersonalData

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def test_a_token_is_an_hmac_of_its_kind_and_value_under_the_key() -> None:
    assert token(KEY, "name", "krasnici") == token(KEY, "name", "krasnici")
    assert token(KEY, "name", "krasnici") != token(OTHER_KEY, "name", "krasnici")
    assert token(KEY, "name", "2004") != token(KEY, "year", "2004")
    assert len(token(KEY, "name", "krasnici")) == 64
    assert "krasnici" not in token(KEY, "name", "krasnici")


def test_a_person_has_a_token_per_folded_name_word_and_one_for_the_year() -> None:
    person = PersonalData("Zana Arbëresha", "Krasniqi", date(2004, 3, 21))
    tokens = person_tokens(KEY, person)
    assert sorted(tokens.values()) == ["name", "name", "name", "year"]
    assert token(KEY, "name", "arberesa") in tokens
    assert token(KEY, "year", "2004") in tokens
    same = person_tokens(KEY, PersonalData("ZANA ARBERESHA", "Krasnići", date(2004, 1, 1)))
    assert same == tokens


def test_an_erased_person_and_an_unknown_birth_date_give_no_tokens_for_them() -> None:
    assert person_tokens(KEY, ERASED_PERSON) == {}
    assert set(person_tokens(KEY, PersonalData("Drita", "Gashi")).values()) == {NAME_KIND}


def _person(*words: str, year: int | None = None) -> dict[str, str]:
    found = {token(KEY, "name", w): "name" for w in words}
    if year is not None:
        found[token(KEY, "year", str(year))] = "year"
    return found


def _search(
    people: dict[UUID, dict[str, str]],
    name: str,
    year: int | None = None,
    limit: int = 10,
    in_scope: Collection[UUID] | None = None,
) -> list[tuple[UUID, int, BirthYear]]:
    query = NameQuery.of(name, year, limit)
    wanted = {token(KEY, "name", w) for w in query.words}
    year_token = None if year is None else token(KEY, "year", str(year))
    scope = everyone if in_scope is None else in_scope.__contains__
    found = candidates(query, people, wanted, year_token, scope)
    return [(c.beneficiary_id, c.words_matched, c.birth_year) for c in found]


def _found(people: dict[UUID, dict[str, str]], *args: Any, **kwargs: Any) -> set[UUID]:
    return {person for person, _, _ in _search(people, *args, **kwargs)}


ZANA, DRITA, NO_YEAR, OTHER_ZANA = (uuid4() for _ in range(4))
PEOPLE = {
    ZANA: _person("zana", "krasnici", year=2004),
    DRITA: _person("drita", "krasnici", year=1999),
    NO_YEAR: _person("zana", "krasnici"),
    OTHER_ZANA: _person("zana", "gasi", year=2004),
}


def test_with_a_year_one_shared_word_and_the_year_make_a_candidate() -> None:
    found = _search(PEOPLE, "Zana Krasniqi", 2004)
    assert found[0] == (ZANA, 2, BirthYear.MATCHED)
    assert (NO_YEAR, 2, BirthYear.NOT_RECORDED) in found
    assert (OTHER_ZANA, 1, BirthYear.MATCHED) in found
    assert DRITA not in {person for person, _, _ in found}  # another year recorded


def test_without_a_year_two_shared_words_are_needed() -> None:
    found = _search(PEOPLE, "Zana Krasnići")
    assert {person for person, _, _ in found} == {ZANA, NO_YEAR}
    assert {year for _, _, year in found} == {BirthYear.NOT_SEARCHED}


def test_a_one_word_query_with_the_year_finds_everyone_with_that_word_and_year() -> None:
    assert _found(PEOPLE, "Краснићи", 1999) == {DRITA, NO_YEAR}


def test_a_one_word_query_without_a_year_is_refused_naming_the_name() -> None:
    with pytest.raises(InvalidInput) as refused:
        NameQuery.of("Krasniqi", None, 10)
    assert refused.value.field == "name"


def test_candidates_come_best_first_and_up_to_the_limit() -> None:
    found = _search(PEOPLE, "Zana Krasniqi", 2004, limit=2)
    assert [person for person, _, _ in found] == [ZANA, NO_YEAR]


def test_out_of_scope_the_year_neither_excludes_nor_includes_nor_orders() -> None:
    """Else one search per guessed year would tell someone else's survivor's birth year."""
    mine: set[UUID] = set()
    for year in (1999, 2004, 2010, None):
        found = _search(PEOPLE, "Zana Krasniqi", year, in_scope=mine)
        assert [person for person, _, _ in found] == sorted([ZANA, NO_YEAR])
    assert _found(PEOPLE, "Drita Krasniqi", 2004, in_scope=mine) == {DRITA}


def test_out_of_scope_one_shared_word_is_never_enough() -> None:
    mine: set[UUID] = set()
    assert _found(PEOPLE, "Krasniqi", 1999, in_scope=mine) == set()
    assert _found(PEOPLE, "Zana Gashi Berisha", 2004, in_scope={ZANA}) == {ZANA, OTHER_ZANA}
    assert _found(PEOPLE, "Zana Berisha", 2004, in_scope={ZANA}) == {ZANA}


def test_the_callers_own_matches_come_before_those_out_of_scope() -> None:
    found = _search(PEOPLE, "Zana Krasniqi", 2004, in_scope={OTHER_ZANA})
    assert [person for person, _, _ in found] == [OTHER_ZANA, *sorted([ZANA, NO_YEAR])]


def test_a_name_without_a_word_to_search_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        NameQuery.of("A. -", None, 10)
    assert refused.value.field == "name"
