"""Every domain command as a POST: `/api/v1/<resource>` creates, and
`/api/v1/<resource>/{ref}/<command>` changes a record. Routes are generated from
one table (adapters/http/routes/command_table.py), so a new command needs one line
there (and one in services/access.py).

`{ref}` names the record as the record routes do (adapters/http/routes/record_refs.py):
a beneficiary's code, a case's number, or any record's id, resolved by
services/references.py before anything else (422 `invalid-input` naming `ref` when
malformed, 404 when no such record). The resolved id is what the command runs on and
what an Idempotency-Key's request fingerprint holds: `/cases/PVPT-C-2026-0007/add-note`
and `/cases/<its id>/add-note` are the same request.
"""

from __future__ import annotations

import inspect
import re
from typing import Annotated, Any, Optional
from uuid import UUID

import msgspec
from eventsourcing.domain import Aggregate
from litestar import Request, Response, post
from litestar.datastructures import ResponseHeader
from litestar.exceptions import HTTPException, PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import Example
from litestar.params import HeaderParameter, JSONBody

from adapters.http.command_outcomes import counted
from adapters.http.idempotency import KEY_PATTERN, REPLAYED, IdempotencyKeys, fingerprint
from adapters.http.routes.command_table import (
    COMMAND_ROUTES,
    GRANTS,
    PREVENTION_ACTIVITIES,
    PREVENTION_CAMPAIGNS,
    RETENTION_BATCHES,
    CommandRoute,
)
from adapters.http.routes.record_refs import (
    BeneficiaryRef,
    CarePlanRef,
    CaseRef,
    EnrolmentRef,
    FacilityRef,
    GrantRef,
    OrganisationRef,
    PlanRef,
    PreventionActivityRef,
    PreventionCampaignRef,
    ProceedingsRef,
    RetentionBatchRef,
    ReturnRef,
    SessionRef,
    StayRef,
)
from adapters.http.scope import ScopeCheck
from adapters.privacy.accounts import User
from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.day_centre import DayCentreEnrolment
from domain.day_centre_session import DayCentreSession
from domain.errors import DomainError, RecordNotFound
from domain.facility import Facility
from domain.funding.grant import Grant
from domain.organisation import Organisation
from domain.plan import ReintegrationPlan
from domain.prevention.activity import PreventionActivity
from domain.prevention.campaign import Campaign
from domain.proceedings import CriminalProceedings
from domain.retention.batch import RetentionBatch
from domain.return_process import ReturnProcess
from domain.stay import ShelterStay
from services.access import Role, allowed
from services.app import CommandResult, JourneyApp
from services.bus import CommandBus
from services.commands import Command
from services.receipts import AlreadyApplied, expecting, receipt_id
from services.references import Reference, resolve, unknown


class Accepted(msgspec.Struct, frozen=True):
    """A command's result: the record, its new version (also the ETag) and the
    store position of its last event: the one a case's history shows, and the one
    to wait for (`wait_for_position`) when reading the read models."""

    id: Annotated[
        UUID,
        msgspec.Meta(
            description="the record the command created or changed",
            examples=["6a1f0c2e-8b4d-4f6a-9c3e-2d7b5e1a9f40"],
        ),
    ]
    version: Annotated[
        int,
        msgspec.Meta(
            description="the record's version after the command; also its ETag",
            examples=[13],
            ge=1,
        ),
    ]
    position: Annotated[
        int,
        msgspec.Meta(
            description="the store position of the command's last event: "
            "pass it as `wait_for_position` to read the read models after it",
            examples=[4711],
            ge=1,
        ),
    ]


def expected_version(if_match: str | None) -> int | None:
    """`If-Match: "7"` -> 7; a record's ETag `"7-<digest>"` -> 7 as well
    (adapters/http/caching.py); `*` -> None: any version of a record that exists
    (RFC 9110 13.1.1). A weak tag never matches (If-Match compares strongly), and it or
    a malformed value is the client's mistake."""
    if if_match is None or if_match.strip() == "*":
        return None
    value = if_match.strip()
    if value.startswith("W/"):
        raise HTTPException(
            status_code=400,
            detail=f"If-Match: {if_match!r} is a weak tag; If-Match compares strongly: send "
            'the ETag as the API gave it ("7" or "7-<digest>")',
        )
    version, _, digest = value.strip('"').partition("-")
    if not version.isdigit() or not all(c in "0123456789abcdef" for c in digest):
        raise HTTPException(
            status_code=400,
            detail=f'If-Match: {if_match!r} is not an ETag this API issued (like "7")',
        )
    return int(version)


def execute(  # noqa: PLR0917 - one call site, each argument distinct
    bus: CommandBus,
    scope: ScopeCheck,
    route: CommandRoute,
    user: User,
    record: Reference | None,
    command: Command,
    if_match: str | None,
) -> CommandResult:
    name = type(command).__name__
    if not allowed(user.role, name):
        raise PermissionDeniedException(f"role {user.role.value} may not {name}")
    record_id = None if record is None else record.id
    try:
        with counted(name) as outcome:
            scope.check_command(user, route.resource, record_id, command)
            result = bus.execute(
                record_id, command, actor=user.name, expected_version=expected_version(if_match)
            )
            outcome.result = result
        return result
    except RecordNotFound:
        if record is not None and (by_code := unknown(scope.queries, record)) is not None:
            raise by_code from None
        raise


def _respond(result: CommandResult, route: CommandRoute) -> Response[Accepted]:
    headers = {"ETag": f'"{result.version}"'}
    if route.creates:
        headers["Location"] = f"/api/v1/{route.resource}/{result.id}"
    status = 201 if route.creates else 200
    return Response(
        Accepted(result.id, result.version, result.position), status_code=status, headers=headers
    )


def command_handler(route: CommandRoute) -> HTTPRouteHandler:
    """A typed Litestar handler for one command (its body is the command Struct)."""

    def on_record(
        request: Request[User, Any, Any],
        data: Any,
        ref: str,
        if_match: str | None = None,
        idempotency_key: str | None = None,
    ) -> Response[Any]:
        record = resolve(RECORD_KINDS[route.resource], ref)
        return _run(request, route, record, data, if_match, idempotency_key)

    def creating(
        request: Request[User, Any, Any], data: Any, idempotency_key: str | None = None
    ) -> Response[Any]:
        return _run(request, route, None, data, None, idempotency_key)

    handle: Any = creating if route.creates else on_record
    handle.__annotations__ = {**_ANNOTATIONS, "data": _JSON_BODY[route.command]}
    if not route.creates:
        handle.__annotations__["ref"] = RECORD_REFS[route.resource]
    name = route.command.__name__
    return post(
        route.path,
        sync_to_thread=True,
        operation_id=name[0].lower() + name[1:],
        summary=command_summary(route.command),
        tags=[route.group],
        description=command_description(route),
        status_code=201 if route.creates else 200,
        response_description="accepted: the record, its new version and the store position",
        response_headers=_CREATED_HEADERS if route.creates else _CHANGED_HEADERS,
        opt={"command": route.command, "resource": route.resource, "creates": route.creates},
    )(handle)


def command_summary(command: type[Command]) -> str:
    """`AdmitToShelter` -> `Admit to shelter`."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", command.__name__).lower()
    return words[0].upper() + words[1:]


def command_description(route: CommandRoute) -> str:
    """What the command does (its docstring), what it answers, and who may run it."""
    name = route.command.__name__
    roles = [role for role in Role if allowed(role, name)]
    who = ", ".join(f"`{role.value}`" for role in roles)
    if Role.CASEWORKER in roles:
        who += " (a caseworker on the cases assigned to them only)"
    what = "Creates" if route.creates else "Changes"
    lines = [
        f"{command_summary(route.command)}: the domain command `{name}` (docs/domain.md). "
        f"{what} a record of `{route.resource}` and answers its id, version (`ETag`) "
        "and the store position of the command's last event.",
        inspect.cleandoc(route.command.__doc__ or ""),
        f"Who may run it: {who}.",
    ]
    return "\n\n".join(line for line in lines if line)


_JSON_BODY: Any = JSONBody  # subscripted with each command's Struct at runtime


def _optional_header(name: str, description: str, example: str, **constraints: Any) -> Any:
    return HeaderParameter(
        name=name,
        required=False,
        description=description,
        examples=[Example(value=example)],
        **constraints,
    )


_IDEMPOTENCY_KEY = _optional_header(
    "Idempotency-Key",
    "retry safely: a retry with the same key and request gets the first answer, with "
    "`Idempotent-Replayed: true`, and applies nothing again; keys are per user and last "
    "24 hours",
    "3f2a9c1b-5d7e-4c1a-8b2f-9e0d4a6c7b11",
    pattern=KEY_PATTERN,
)
_IF_MATCH = _optional_header(
    "If-Match",
    'the ETag (version) of the record the user was looking at, as `"12"`; a record changed '
    "since is refused with 412 `version-conflict`; `*` asks only that the record exists; a "
    "weak (`W/`) or malformed value is 400 `malformed-request`",
    '"12"',
)
_ETAG = ResponseHeader(
    name="ETag",
    description='the record\'s version after the command ("13"); send it as If-Match next',
    documentation_only=True,
)
_REPLAYED = ResponseHeader(
    name=REPLAYED,
    description="`true` when the answer is the first answer to this Idempotency-Key, replayed",
    required=False,
    documentation_only=True,
)
_LOCATION = ResponseHeader(
    name="Location", description="the new record's URL", documentation_only=True
)
RECORD_KINDS: dict[str, type[Aggregate]] = {
    "beneficiaries": Beneficiary,
    "cases": Case,
    "facilities": Facility,
    "stays": ShelterStay,
    "plans": ReintegrationPlan,
    "enrolments": DayCentreEnrolment,
    "sessions": DayCentreSession,
    "care-plans": CarePlan,
    "proceedings": CriminalProceedings,
    "returns": ReturnProcess,
    "organisations": Organisation,
    PREVENTION_CAMPAIGNS: Campaign,
    PREVENTION_ACTIVITIES: PreventionActivity,
    GRANTS: Grant,
    RETENTION_BATCHES: RetentionBatch,
}
RECORD_REFS: dict[str, Any] = {
    "beneficiaries": BeneficiaryRef,
    "cases": CaseRef,
    "facilities": FacilityRef,
    "stays": StayRef,
    "plans": PlanRef,
    "enrolments": EnrolmentRef,
    "sessions": SessionRef,
    "care-plans": CarePlanRef,
    "proceedings": ProceedingsRef,
    "returns": ReturnRef,
    "organisations": OrganisationRef,
    PREVENTION_CAMPAIGNS: PreventionCampaignRef,
    PREVENTION_ACTIVITIES: PreventionActivityRef,
    GRANTS: GrantRef,
    RETENTION_BATCHES: RetentionBatchRef,
}
_CHANGED_HEADERS = [_ETAG, _REPLAYED]
_CREATED_HEADERS = [_ETAG, _LOCATION, _REPLAYED]
_ANNOTATIONS: dict[str, Any] = {
    "request": Request[User, Any, Any],
    # runtime objects, not annotations: hence Optional
    "if_match": Annotated[Optional[str], _IF_MATCH],  # noqa: UP045
    "idempotency_key": Annotated[Optional[str], _IDEMPOTENCY_KEY],  # noqa: UP045
    "return": Response[Accepted],
}


def _run(  # noqa: PLR0917 - one call site, each argument distinct
    request: Request[User, Any, Any],
    route: CommandRoute,
    record: Reference | None,
    command: Command,
    if_match: str | None,
    idempotency_key: str | None,
) -> Response[Any]:
    state = request.app.state

    def run() -> Response[Accepted]:
        result = execute(state.bus, state.scope, route, request.user, record, command, if_match)
        return _respond(result, route)

    if idempotency_key is None:
        return run()
    keys: IdempotencyKeys = state.idempotency
    # the record's id, not the reference as sent: its number and its id are one request
    request_sha256 = fingerprint(
        route.url(None if record is None else record.id), if_match, command
    )
    receipt = receipt_id(request.user.name, idempotency_key, request_sha256)

    def run_once() -> Response[Accepted]:
        """The command with its receipt in the store; if an earlier try (by a process
        that died before answering) applied it, that try's result. Looked for first,
        because the command would now be refused (a stay discharged already), and
        again after a refusal, in case that try committed meanwhile."""
        app: JourneyApp = state.bus.app
        if (earlier := app.applied(receipt)) is not None:
            return _respond(app.result_of(earlier), route)
        try:
            with expecting(receipt):
                return run()
        except AlreadyApplied as applied:
            return _respond(app.result_of(applied.receipt), route)
        except DomainError:
            if (earlier := app.applied(receipt)) is not None:
                return _respond(app.result_of(earlier), route)
            raise

    return keys.run(request, request.user.name, idempotency_key, request_sha256, run_once)


def command_handlers() -> list[HTTPRouteHandler]:
    return [command_handler(route) for route in COMMAND_ROUTES]
