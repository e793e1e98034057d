"""`POST /api/v1/beneficiaries/search`: is this person already known?

A POST, so the name travels in the body and never in a URL, an access log line of a
proxy or a server's request log. The search goes through the blind index
(adapters/privacy/blind_index.py, docs/privacy.md#blind-index-search); the answer and
the access log row are made by adapters/audit/name_search.py. The index catches up with
the store before every search, so a search sees every write before it; a client may
still pass the position its command returned as `?wait_for_position=` (as on lists).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec
from litestar import Request, post
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from litestar.params import JSONBody
from msgspec import Meta

from adapters.audit.name_search import BeneficiarySearchResult, search_names
from adapters.http.routes.history import route_of
from adapters.http.routes.parameters import WaitFor
from adapters.privacy.accounts import User
from adapters.privacy.blind_matching import NameQuery
from domain.beneficiary import Beneficiary
from domain.errors import InvalidInput
from services.access import SEARCH_BENEFICIARIES, allowed, sees_all_cases

MAX_MATCHES = 50
DEFAULT_MATCHES = 10
EARLIEST_BIRTH_YEAR = 1900


class BeneficiarySearch(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A name to look for, and the birth date or year when known. Never stored or logged."""

    name: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=200,
            description="given and family names as spoken or written, in any order, "
            "Latin or Cyrillic; folded before the search (docs/privacy.md)",
            examples=["Zana Krasniqi"],
        ),
    ]
    birth_date: Annotated[
        date | None,
        Meta(
            description="the birth date, if known: only its year is compared",
            examples=["2004-03-21"],
        ),
    ] = None
    birth_year: (
        Annotated[
            int,
            Meta(
                ge=EARLIEST_BIRTH_YEAR,
                le=9999,
                description="the birth year, if only the year is known",
                examples=[2004],
            ),
        ]
        | None
    ) = None
    limit: Annotated[
        int,
        Meta(ge=1, le=MAX_MATCHES, description="candidates to return at most", examples=[10]),
    ] = DEFAULT_MATCHES


def birth_year_of(search: BeneficiarySearch, this_year: int) -> int | None:
    """The year to compare; refused when the date and the year disagree or it is ahead."""
    years = {y for y in (search.birth_year, search.birth_date and search.birth_date.year) if y}
    if len(years) > 1:
        raise InvalidInput("birth_year", "differs from the year of birth_date; give one of them")
    year = years.pop() if years else None
    if year is not None and year > this_year:
        raise InvalidInput("birth_year", f"is after {this_year}, this year")
    return year


@post(
    "/api/v1/beneficiaries/search",
    sync_to_thread=True,
    operation_id="searchBeneficiaries",
    summary="Find beneficiaries by name and birth year",
    description="Whether a person was assisted before: the beneficiaries whose folded name "
    "words (and birth year) match, through a keyed blind index; nothing of the query is "
    "stored or logged. A name of one word needs the birth year or date. For the roles that "
    "see personal data (search:beneficiaries); each match on the caller's cases shows the "
    "code, names and birth date (the rest of the record is GET /api/v1/beneficiaries/{ref}); "
    "a match on another caseworker's case shows its code only (two shared name words "
    "needed, the year not compared). Every match is written to the access log.",
    tags=["beneficiaries"],
    status_code=200,
)
def search_beneficiaries(
    request: Request[User, Any, Any],
    data: JSONBody[BeneficiarySearch],
    wait_for_position: WaitFor = None,
) -> BeneficiarySearchResult:
    user, state = request.user, request.app.state
    if not allowed(user.role, SEARCH_BENEFICIARIES):
        raise PermissionDeniedException(f"role {user.role.value} may not {SEARCH_BENEFICIARIES}")
    journey = state.journey
    _check_position(journey.app.recorder.max_notification_id() or 0, wait_for_position)
    year = birth_year_of(data, journey.bus.clock().year)
    query = NameQuery.of(data.name, year, data.limit)
    return search_names(
        journey.app,
        journey.names,
        query,
        user.role,
        user.name,
        state.access_log,
        route_of(request),
        None if sees_all_cases(user.role) else lambda b: _in_scope(request, b),
    )


def _check_position(head: int, wanted: int | None) -> None:
    """Every search sees the whole store (the index catches up first): only a position
    the store has not reached is refused."""
    if wanted is not None and wanted > head:
        raise InvalidInput("wait_for_position", f"the store has reached position {head} only")


def _in_scope(request: Request[User, Any, Any], beneficiary: Beneficiary) -> bool:
    try:
        request.app.state.scope.allow_beneficiary(request.user, beneficiary)
    except PermissionDeniedException:
        return False
    return True


def search_handlers() -> list[HTTPRouteHandler]:
    return [search_beneficiaries]
