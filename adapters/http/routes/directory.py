"""The directory read model over HTTP (docs/read-models/directory.md): beneficiaries by
pseudonymous code and cases' outgoing referrals. No personal data. Caseworkers see the
beneficiaries and referrals of their own cases (and beneficiaries with no assigned case
yet, whom they may be registering: the rule of adapters/http/scope.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter
from msgspec import Meta
from sqlalchemy import ColumnElement, Connection, or_, select

from adapters.http.routes.fields import (
    BENEFICIARY_CODE_AS_TYPED,
    CASE_NUMBER_AS_TYPED,
    BeneficiaryCode,
    CaseId,
    CaseNumber,
    Day,
    OptionalDay,
    Position,
)
from adapters.http.routes.listing import list_route
from adapters.http.routes.lists import (
    caseload_table,
    caseworker_scope,
    own_cases_page,
    require_any,
)
from adapters.http.routes.paging import Page, PageRequest, View, between, equal, view_page
from adapters.privacy.accounts import User
from domain.vocab import OrganisationType, ReferralStatus, TraffickingStatus
from services.access import READ_BENEFICIARY, READ_CASE, READ_MODELS
from services.references import issued_beneficiary_code, issued_case_number

CASELOAD = [("caseload", "caseload")]


class BeneficiaryItem(msgspec.Struct, frozen=True):
    """A beneficiary by pseudonymous code, with non-identifying facts only."""

    beneficiary_id: Annotated[
        UUID,
        Meta(description="the beneficiary's id", examples=["0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"]),
    ]
    code: BeneficiaryCode
    registered_on: Annotated[date, Meta(description="day registered", examples=["2026-01-05"])]
    gender: Annotated[str, Meta(description="HTCDS prs_Gender", examples=["Feminine"])]
    age_band: Annotated[
        str, Meta(description="age at identification, in CTDC's bands", examples=["24-26"])
    ]
    minor: Annotated[
        int, Meta(ge=0, le=1, description="1 when under 18 at identification", examples=[0])
    ]
    scope: Annotated[str, Meta(description="domestic or international", examples=["domestic"])]
    trafficking_status: Annotated[
        str,
        Meta(description="HTCDS vic_TraffickingStatus", examples=["PossibleVictimOfTrafficking"]),
    ]
    cases: Annotated[int, Meta(ge=0, description="cases opened for them", examples=[1])]
    erased_on: Annotated[
        date | None,
        Meta(description="day their personal data was erased; null if not", examples=[None]),
    ]
    position: Position


class OutgoingReferralItem(msgspec.Struct, frozen=True):
    """A case's referral to a partner organisation."""

    case_id: CaseId
    number: Annotated[
        int, Meta(ge=1, description="the referral's number in its case", examples=[1])
    ]
    case_number: CaseNumber
    beneficiary_code: BeneficiaryCode
    partner: Annotated[
        str, Meta(max_length=200, description="the partner organisation", examples=["IOM Kosovo"])
    ]
    partner_type: Annotated[str, Meta(description="HTCDS org_Type", examples=["NGO"])]
    reason: Annotated[
        str,
        Meta(
            description="HTCDS cas_ReasonForOutgoingReferral",
            examples=["AdditionalServicesRequired"],
        ),
    ]
    referred_on: Day
    status: Annotated[
        str, Meta(description="in_progress, accepted, rejected, revoked", examples=["accepted"])
    ]
    decided_on: OptionalDay
    position: Position


BENEFICIARIES = View(
    "beneficiary_directory",
    "directory",
    BeneficiaryItem,
    ("code", "beneficiary_id"),
    ("registered_on", "trafficking_status", "age_band", "cases"),
)


REFERRALS = View(
    "outgoing_referrals",
    "directory",
    OutgoingReferralItem,
    ("referred_on", "case_id", "number"),
    ("status", "partner", "case_number", "decided_on"),
    {"status": tuple(status.value for status in ReferralStatus)},
)


@list_route(
    "/api/v1/beneficiaries",
    BENEFICIARIES,
    "Beneficiaries by pseudonymous code, with non-identifying facts only, from the "
    "directory read model (it may lag: see `wait_for_position`). Readers of beneficiaries "
    "or of read models; caseworkers see those of their own cases and those with no "
    "assigned case yet.",
    operation_id="listBeneficiaries",
    summary="List beneficiaries",
    tags=["beneficiaries"],
)
def beneficiaries(  # noqa: PLR0917 - one query parameter each
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    code: Annotated[
        str | None,
        QueryParameter(pattern=BENEFICIARY_CODE_AS_TYPED, description="the one of this code"),
    ] = None,
    trafficking_status: Annotated[
        TraffickingStatus | None, QueryParameter(description="those with this status")
    ] = None,
    registered_from: Annotated[
        date | None, QueryParameter(description="registered on or after this day")
    ] = None,
    registered_to: Annotated[
        date | None, QueryParameter(description="registered on or before this day")
    ] = None,
) -> Page[BeneficiaryItem]:
    require_any(request.user, READ_BENEFICIARY, READ_MODELS)
    view = BENEFICIARIES.rows
    where = equal(
        view, code=issued_beneficiary_code(code, "code"), trafficking_status=trafficking_status
    )
    where += between(
        view.c.registered_on, registered_from, registered_to, ("registered_from", "registered_to")
    )
    worker = caseworker_scope(request, page)
    return view_page(
        request,
        BENEFICIARIES,
        lambda conn: where + _own_beneficiaries(conn, worker, view.c.code),
        page,
        reads=CASELOAD,
    )


def _own_beneficiaries(
    conn: Connection, worker: str | None, code: ColumnElement[Any]
) -> list[ColumnElement[bool]]:
    """A caseworker's (`worker`, from `caseworker_scope`): with a case assigned to them,
    or with no case assigned to anyone."""
    if worker is None:
        return []
    cases = caseload_table(conn)
    codes = select(cases.c.beneficiary_code)
    mine = codes.where(cases.c.caseworker == worker)
    assigned = codes.where(cases.c.caseworker.is_not(None))
    return [or_(code.in_(mine), code.not_in(assigned))]


@list_route(
    "/api/v1/referrals",
    REFERRALS,
    "Cases' outgoing referrals to partner organisations, from the directory read model "
    "(it may lag: see `wait_for_position`). Readers of cases or of read models; "
    "caseworkers see the referrals of their own cases.",
    operation_id="listReferrals",
    summary="List outgoing referrals",
    tags=["cases"],
)
def referrals(  # noqa: PLR0917 - one query parameter each
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    status: Annotated[
        ReferralStatus | None, QueryParameter(description="referrals in this status")
    ] = None,
    partner: Annotated[
        str | None, QueryParameter(max_length=200, description="referrals to this partner")
    ] = None,
    partner_type: Annotated[
        OrganisationType | None, QueryParameter(description="referrals to this kind of partner")
    ] = None,
    case_id: Annotated[UUID | None, QueryParameter(description="referrals of this case")] = None,
    case_number: Annotated[
        str | None,
        QueryParameter(pattern=CASE_NUMBER_AS_TYPED, description="referrals of this case"),
    ] = None,
    beneficiary_code: Annotated[
        str | None,
        QueryParameter(
            pattern=BENEFICIARY_CODE_AS_TYPED, description="referrals of this beneficiary"
        ),
    ] = None,
) -> Page[OutgoingReferralItem]:
    require_any(request.user, READ_CASE, READ_MODELS)
    view = REFERRALS.rows
    where = equal(
        view,
        status=status,
        partner=partner,
        partner_type=partner_type,
        case_id=case_id,
        case_number=issued_case_number(case_number),
        beneficiary_code=issued_beneficiary_code(beneficiary_code),
    )
    return own_cases_page(request, REFERRALS, where, page)


def directory_handlers() -> list[HTTPRouteHandler]:
    return [beneficiaries, referrals]
