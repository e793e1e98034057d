"""A name search as a role may see it, written to the access log without the query.

The HTTP route (adapters/http/routes/search.py) and `journey beneficiaries search` both
answer with what this returns: the candidates of the blind index
(adapters/privacy/blind_index.py). A match on the caller's records shows the code, how
it matched, and the names and birth date as the disclosure policy shows them to the
role (services/disclosure.py) — never the rest of the record, which is one logged GET
away. A match outside the caller's record scope shows the code only (`not_your_case`).
The access log gets one row per beneficiary shown (`search_match` and the fields shown,
or `search_match_out_of_scope`), or one row `no_match` when none was: who searched and
what they saw, never what they searched for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from adapters.audit.access_log import AccessEntry, AccessLog
from adapters.audit.history_export import log_shown
from adapters.privacy.blind_index import BlindIndex
from adapters.privacy.blind_matching import BirthYear, Candidate, InScope, NameQuery, everyone
from domain.beneficiary import CODE, Beneficiary
from domain.values import PersonalData
from services.access import Role
from services.app import JourneyApp
from services.disclosure import PERSONAL_SHOWN, disclose_fields

SEARCH_MATCH = "search_match"  # the access log's field of a beneficiary a search showed
SEARCH_MATCH_OUT_OF_SCOPE = "search_match_out_of_scope"  # shown by its code only
NO_MATCH = "no_match"
NOT_YOUR_CASE = "not_your_case"
MATCH_FIELDS = ("given_name", "family_name", "birth_date")  # what a match shows of a person


class MatchedPerson(msgspec.Struct, frozen=True):
    """What a search match shows of a person: enough to tell whether it is them."""

    given_name: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=100,
            description="the given name, as on their documents",
            examples=["Zana"],
        ),
    ]
    family_name: Annotated[
        str,
        Meta(min_length=1, max_length=100, description="the family name", examples=["Krasniqi"]),
    ]
    birth_date: Annotated[
        date | None,
        Meta(description="the date of birth, null if unknown", examples=["2004-03-21"]),
    ] = None


class BeneficiaryMatch(msgspec.Struct, frozen=True):
    """A beneficiary the searched name may belong to: for a person to check, not a verdict.
    A match outside the caller's cases has only `code` and `personal_data`
    (`not_your_case`); every other field is null."""

    beneficiary_id: (
        Annotated[
            UUID,
            Meta(
                description="the beneficiary's id (GET /api/v1/beneficiaries/{ref}); null "
                "when personal_data is not_your_case",
                examples=["6f1c2b9e-3d4a-5b6c-8d7e-9f0a1b2c3d4e"],
            ),
        ]
        | None
    )
    code: Annotated[
        str,
        Meta(
            description="the pseudonymous code on the paper file",
            examples=["PVPT-2026-0123"],
            pattern=CODE.pattern,
        ),
    ]
    name_words_matched: (
        Annotated[
            int,
            Meta(
                ge=1,
                description="folded name words the beneficiary shares with the query; null "
                "when personal_data is not_your_case",
                examples=[2],
            ),
        ]
        | None
    )
    name_words_searched: (
        Annotated[
            int,
            Meta(
                ge=1,
                description="folded name words in the query; null when personal_data is "
                "not_your_case",
                examples=[2],
            ),
        ]
        | None
    )
    birth_year: (
        Annotated[
            str,
            Meta(
                description="matched: the same birth year; not_recorded: the beneficiary's "
                "birth date is unknown; not_searched: the query gave none; null when "
                "personal_data is not_your_case (the year plays no part in those matches)",
                examples=["matched"],
                pattern="^(matched|not_recorded|not_searched)$",
            ),
        ]
        | None
    )
    personal_data: Annotated[
        str,
        Meta(
            description="shown; withheld (the role may not see it); not_your_case (a "
            "caseworker's search found someone on another caseworker's case: the code only)",
            examples=["shown"],
            pattern="^(shown|withheld|erased|not_your_case)$",
        ),
    ]
    personal: Annotated[
        MatchedPerson | None,
        Meta(
            description="names and birth date, when personal_data is shown; the rest of "
            "the record is GET /api/v1/beneficiaries/{ref}",
            examples=[
                {"given_name": "Zana", "family_name": "Krasniqi", "birth_date": "2004-03-21"}
            ],
        ),
    ] = None


class BeneficiarySearchResult(msgspec.Struct, frozen=True):
    """The beneficiaries a name (and birth year) may belong to, best first."""

    matches: Annotated[
        list[BeneficiaryMatch],
        Meta(
            description="candidates, most shared name words first, then a matching year",
            examples=[[]],
        ),
    ]
    name_words_searched: Annotated[
        int, Meta(ge=1, description="the folded words of the searched name", examples=[2])
    ]
    birth_year_searched: Annotated[
        bool, Meta(description="whether the query gave a birth year", examples=[True])
    ]


MaySee = Callable[[Beneficiary], bool]  # the caller's record scope
Shown = dict[tuple[str, UUID], set[str]]  # what the access log records as shown


def search_names(  # noqa: PLR0917 - the search, who asks, and where it is logged
    app: JourneyApp,
    index: BlindIndex,
    query: NameQuery,
    role: Role,
    actor: str,
    log: AccessLog,
    route: str,
    may_see: MaySee | None = None,
) -> BeneficiarySearchResult:
    """`may_see`: the caller's record scope; None: every record (no scope)."""
    found = index.search(app, query, _scope_of(app, may_see))
    shown: Shown = {}
    matches = [_match(app, c, role, shown) for c in found]
    log_shown(log, actor, role, shown, route)
    if not matches:
        log.record(AccessEntry(actor, role.value, "beneficiary_search", "-", [NO_MATCH], route))
    return BeneficiarySearchResult(matches, len(query.words), query.birth_year is not None)


def _scope_of(app: JourneyApp, may_see: MaySee | None) -> InScope:
    if may_see is None:
        return everyone
    return lambda beneficiary_id: may_see(app.load(Beneficiary, beneficiary_id))


def _match(app: JourneyApp, candidate: Candidate, role: Role, shown: Shown) -> BeneficiaryMatch:
    beneficiary = app.load(Beneficiary, candidate.beneficiary_id)
    if not candidate.in_scope:
        shown[("beneficiary", beneficiary.id)] = {SEARCH_MATCH_OUT_OF_SCOPE}
        return BeneficiaryMatch(None, beneficiary.code, None, None, None, NOT_YOUR_CASE)
    person, state = _person(beneficiary, role)
    shown[("beneficiary", beneficiary.id)] = {SEARCH_MATCH, *(MATCH_FIELDS if person else ())}
    return BeneficiaryMatch(
        beneficiary.id,
        beneficiary.code,
        candidate.words_matched,
        candidate.words_searched,
        BirthYear(candidate.birth_year).value,
        state,
        person,
    )


def _person(beneficiary: Beneficiary, role: Role) -> tuple[MatchedPerson | None, str]:
    """The names and birth date as the disclosure policy shows them to the role."""
    values, disclosure = disclose_fields({"personal": beneficiary.personal}, Beneficiary, role)
    personal: PersonalData | None = values["personal"]
    if beneficiary.erased:
        return None, "erased"
    if personal is None or PERSONAL_SHOWN not in disclosure.shown:
        return None, "withheld"
    return MatchedPerson(personal.given_name, personal.family_name, personal.birth_date), "shown"
