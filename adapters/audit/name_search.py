"""A name search as a role may see it, written to the access log without the query.

The HTTP route (adapters/http/routes/search.py) and `journey beneficiaries search` both
answer with what this returns: the candidates of the blind index
(adapters/privacy/blind_index.py), each with the beneficiary's code and their personal
data as the disclosure policy shows it to the role (services/views.py). The access log
gets one row per beneficiary shown (`search_match`, and the personal fields shown), or
one row `no_match` when none was: who searched and what they saw, never what they
searched for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from adapters.audit.access_log import AccessEntry, AccessLog
from adapters.audit.history_export import log_shown
from adapters.privacy.blind_index import BlindIndex
from adapters.privacy.blind_matching import BirthYear, Candidate, NameQuery
from domain.beneficiary import CODE, Beneficiary
from domain.values import PersonalData
from services.access import Role
from services.app import JourneyApp
from services.views import beneficiary_view

SEARCH_MATCH = "search_match"  # the access log's field of a beneficiary a search showed
NO_MATCH = "no_match"


class BeneficiaryMatch(msgspec.Struct, frozen=True):
    """A beneficiary the searched name may belong to: for a person to check, not a verdict."""

    beneficiary_id: Annotated[
        UUID,
        Meta(
            description="the beneficiary's id (GET /api/v1/beneficiaries/{id})",
            examples=["6f1c2b9e-3d4a-5b6c-8d7e-9f0a1b2c3d4e"],
        ),
    ]
    code: Annotated[
        str,
        Meta(
            description="the pseudonymous code on the paper file",
            examples=["PVPT-2026-0123"],
            pattern=CODE.pattern,
        ),
    ]
    name_words_matched: Annotated[
        int,
        Meta(
            ge=1,
            description="folded name words the beneficiary shares with the query",
            examples=[2],
        ),
    ]
    name_words_searched: Annotated[
        int, Meta(ge=1, description="folded name words in the query", examples=[2])
    ]
    birth_year: Annotated[
        str,
        Meta(
            description="matched: the same birth year; not_recorded: the beneficiary's birth "
            "date is unknown; not_searched: the query gave none",
            examples=["matched"],
            pattern="^(matched|not_recorded|not_searched)$",
        ),
    ]
    personal_data: Annotated[
        str,
        Meta(
            description="shown; withheld (the role may not see it); not_your_case (a "
            "caseworker's search found someone on another caseworker's case)",
            examples=["shown"],
            pattern="^(shown|withheld|erased|not_your_case)$",
        ),
    ]
    personal: Annotated[
        PersonalData | None,
        Meta(
            description="names, birth date and contacts, when personal_data is shown",
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


def search_names(  # noqa: PLR0917 - the search, who asks, and where it is logged
    app: JourneyApp,
    index: BlindIndex,
    query: NameQuery,
    role: Role,
    actor: str,
    log: AccessLog,
    route: str,
    may_see: MaySee = lambda _: True,
) -> BeneficiarySearchResult:
    found = index.search(app, query)
    shown: dict[tuple[str, UUID], set[str]] = {}
    matches = [_match(app, c, role, may_see, shown) for c in found]
    log_shown(log, actor, role, shown, route)
    if not matches:
        log.record(AccessEntry(actor, role.value, "beneficiary_search", "-", [NO_MATCH], route))
    return BeneficiarySearchResult(matches, len(query.words), query.birth_year is not None)


def _match(
    app: JourneyApp,
    candidate: Candidate,
    role: Role,
    may_see: MaySee,
    shown: dict[tuple[str, UUID], set[str]],
) -> BeneficiaryMatch:
    beneficiary = app.load(Beneficiary, candidate.beneficiary_id)
    personal, state, seen = None, "not_your_case", set[str]()
    if may_see(beneficiary):
        view, seen = beneficiary_view(beneficiary, role)
        personal, state = view.personal, view.personal_data
    shown[("beneficiary", beneficiary.id)] = {SEARCH_MATCH, *seen}
    return BeneficiaryMatch(
        beneficiary.id,
        beneficiary.code,
        candidate.words_matched,
        candidate.words_searched,
        BirthYear(candidate.birth_year).value,
        state,
        personal,
    )
