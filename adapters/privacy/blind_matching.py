"""Which indexed people a name search returns, and in which order (docs/privacy.md).

A query has folded name words and, optionally, a birth year; a query of one word needs
the year. A person is a candidate when they share name words with it. On the caller's
own records (`in_scope`; every record for roles without a record scope):
- with the birth year searched and recorded equal: one shared word is enough
  (a family name and the year);
- otherwise (no year searched, or none recorded): two shared words, or the one word
  searched when the query has only one;
- a recorded birth year different from the one searched excludes the person.
On records outside the caller's scope the year plays no part, neither in who is
returned nor in the order (else each search would test a guessed year): two shared
name words are needed.
Candidates in scope come first, best first: more shared words, then a matching year,
then by id; then those out of scope, more shared words first, then by id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidInput
from domain.name_folding import MIN_TOKEN_LETTERS, name_tokens

NAME_KIND, YEAR_KIND = "name", "year"  # the kinds of index rows


class BirthYear(StrEnum):
    """How the birth year of the query compares with the person's."""

    MATCHED = "matched"
    NOT_RECORDED = "not_recorded"  # the person's birth date is unknown
    NOT_SEARCHED = "not_searched"  # the query gave no year
    DIFFERS = "differs"  # never returned


@dataclass(frozen=True)
class NameQuery:
    words: frozenset[str]
    birth_year: int | None
    limit: int

    @classmethod
    def of(cls, name: str, birth_year: int | None, limit: int) -> NameQuery:
        """Folded at once; the clear name is not kept. Refused without a word to search."""
        words = name_tokens(name)
        if not words:
            raise InvalidInput(
                "name", f"has no word of {MIN_TOKEN_LETTERS} or more letters to search for"
            )
        if len(words) == 1 and birth_year is None:
            raise InvalidInput(
                "name", "has one word to search for: give a second name, or the birth year"
            )
        return cls(words, birth_year, limit)


@dataclass(frozen=True)
class Candidate:
    beneficiary_id: UUID
    words_matched: int
    words_searched: int
    birth_year: BirthYear
    in_scope: bool = True  # False: on a record outside the caller's scope


InScope = Callable[[UUID], bool]  # whether a beneficiary is in the caller's record scope
OUT_OF_SCOPE_WORDS = 2  # shared name words a match outside the caller's scope needs


def everyone(_: UUID) -> bool:
    return True


def candidates(
    query: NameQuery,
    people: dict[UUID, dict[str, str]],
    wanted: set[str],
    year: str | None,
    in_scope: InScope = everyone,
) -> list[Candidate]:
    """`people`: each person's tokens (token -> kind); `wanted`: the query's name
    tokens; `year`: its year token. The candidates, at most query.limit: those in scope
    first, best first, then those outside it (`in_scope` is asked only of people who
    could be returned)."""
    found = [_compare(query, person, tokens, wanted, year) for person, tokens in people.items()]
    possible = [c for c in found if _enough(c) or _enough_out_of_scope(c)]
    judged = [replace(c, in_scope=in_scope(c.beneficiary_id)) for c in possible]
    yours = [c for c in judged if c.in_scope and _enough(c)]
    yours.sort(key=_best_first)
    others = [c for c in judged if not c.in_scope and _enough_out_of_scope(c)]
    others.sort(key=lambda c: (-c.words_matched, c.beneficiary_id))
    return (yours + others)[: query.limit]


def _best_first(c: Candidate) -> tuple[int, bool, UUID]:
    return -c.words_matched, c.birth_year is not BirthYear.MATCHED, c.beneficiary_id


def _compare(
    query: NameQuery, person: UUID, tokens: dict[str, str], wanted: set[str], year: str | None
) -> Candidate:
    shared = len(wanted & tokens.keys())
    return Candidate(person, shared, len(query.words), _year(tokens, year))


def _year(tokens: dict[str, str], year: str | None) -> BirthYear:
    if year is None:
        return BirthYear.NOT_SEARCHED
    if year in tokens:
        return BirthYear.MATCHED
    if YEAR_KIND in tokens.values():
        return BirthYear.DIFFERS
    return BirthYear.NOT_RECORDED


def _enough(candidate: Candidate) -> bool:
    if candidate.birth_year is BirthYear.DIFFERS:
        return False
    if candidate.birth_year is BirthYear.MATCHED:
        return candidate.words_matched >= 1
    return candidate.words_matched >= min(2, candidate.words_searched)


def _enough_out_of_scope(candidate: Candidate) -> bool:
    return candidate.words_matched >= OUT_OF_SCOPE_WORDS
