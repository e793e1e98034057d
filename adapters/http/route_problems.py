"""Which problems each route can answer, declared on it for the OpenAPI description.

Derived in this one place from what the route is, so a new route declares an honest
list without writing one (docs/api.md, "Discovering the API"; ADR 0019):

- every route: `head-too-large` (431) and `head-too-slow` (408), refused before routing;
- an /api/v1 route (authenticated): `not-authenticated`, `too-many-failed-authentications`,
  `permission-denied`, and `database-unavailable` (accounts live in the read database);
  `invalid-request` for a query parameter it does not take (adapters/http/query_params.py);
- a path parameter: `not-found` (a malformed id matches no route) and, for records read
  from the event store, `record-not-found` and `store-unavailable`; a reference
  (`{ref}`, a code or an id, services/references.py) that is malformed: `invalid-input`,
  and `invalid-request` when the parameter states a limit (a `ref` over 64 characters);
- query or header parameters: `invalid-request` (and `invalid-input`, a value the
  schema cannot refuse: a cursor the list did not issue, `as_of` without a time zone
  or after now);
- a read that waits for a position (`wait_for_position`): `read-model-behind`,
  `read-model-not-built`;
- a JSON body: `malformed-request`, `json-too-deep`, `invalid-utf8`, `body-too-slow`,
  `body-too-large`, `invalid-request`;
- a command (services/commands): the domain's refusals (`rule-violated`,
  `concurrent-writes`, `invalid-input`, `record-not-found`), the Idempotency-Key
  problems, `store-unavailable`; `version-conflict` when it changes a record (If-Match);
  `personal-data-erased` unless it is about a facility; the field-date refusals when the
  command states a field date; and those of `COMMAND_PROBLEMS` below.

A GET under /api/v1 is also described as the caching middleware serves it
(`operation_class`): If-None-Match, the 200's ETag and Cache-Control, and a 304.

A route may add codes of its own in its handler's `opt["problems"]`. Each declared
status carries the problem schema and one example per type, named like the type
(`capacity-exceeded`, the last segment of its URI), so a client sees
exactly which `type`s it must be ready for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import msgspec
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Example
from litestar.routes import HTTPRoute

from adapters.http.caching import API, PRIVATE_ROUTES
from adapters.http.openapi import (
    PROBLEM,
    CachedRead,
    ContractOperation,
    PrivateCachedRead,
    ProblemExampleRef,
)
from adapters.http.problem_types import PROBLEM_TYPES, ProblemType
from adapters.http.problems import Problem

EVERY_ROUTE = ("HeadTooLarge", "HeadTooSlow")
AUTHENTICATED = (
    "NotAuthenticated",
    "TooManyFailedAuthentications",
    "PermissionDenied",
    "DatabaseUnavailable",
)
BY_PATH = ("NotFound",)
FROM_STORE = ("RecordNotFound", "StoreUnavailable")
BY_QUERY = ("InvalidRequest", "InvalidInput")
WAITING = ("ReadModelBehind", "ReadModelNotBuilt")
WITH_BODY = (
    "MalformedRequest",
    "JsonTooDeep",
    "InvalidUtf8",
    "BodyTooSlow",
    "BodyTooLarge",
    "InvalidRequest",
)
COMMAND = (
    "RuleViolated",
    "ConcurrentWrites",
    "InvalidInput",
    "RecordNotFound",
    "IdempotencyKeyInProgress",
    "IdempotencyKeyReused",
    "StoreUnavailable",
)
CHANGING = ("VersionConflict",)
# commands on records with no personal data (a day-centre session holds ids only;
# prevention counts people and never names them)
NOT_PERSONAL = frozenset(
    {"facilities", "sessions", "prevention/campaigns", "prevention/activities", "grants"}
)
FIELD_DATES = frozenset(
    {
        "closed_on",  # a grant's (issue 17)
        "decided_on",
        "given_on",
        "withdrawn_on",
        "assessed_on",
        "screened_on",
        "admitted_on",
        "discharged_on",
        "completed_on",
        "visited_on",
        # reflection and recovery period
        "started_on",
        "ended_on",
        "appointed_on",  # children (issue 14)
        "estimated_on",
        "reviewed_on",  # care plans (issue 14, careplan)
        "delivered_on",
        "moved_on",  # facilities' places and turn-aways (issue 15)
        "turned_away_on",
        # criminal proceedings (issue 15, justice)
        "stage_on",
        "changed_on",
        "adjourned_on",
        "cancelled_on",
        "granted_on",
        "filed_on",
        "paid_on",
        "since",
        # returns across a border (issue 15, return)
        "requested_on",
        "informed_consent_on",
        "recorded_on",
        "handed_over_on",
        "died_on",  # a person's HTCDS details (issue 15)
    }
)
# a follow-up visit within its window; a reflection period's early end within the period
WINDOWED_DATES = frozenset({"visited_on", "ended_on"})
COMMAND_PROBLEMS: dict[str, tuple[str, ...]] = {
    "ReferOut": ("ConsentRequired",),
    "AdmitToShelter": ("CapacityExceeded",),
    "TransferStay": ("CapacityExceeded",),
    "RecordAttendance": ("CapacityExceeded", "ConsentRequired"),  # places_full, consent
    # care plans (issue 14, careplan): a service rests on the services consent
    "PlanService": ("ConsentRequired",),
    "RecordDelivery": ("ConsentRequired",),
    "DeliverService": ("ConsentRequired",),
    # day centre (issue 14 review fixes): a session's day is bounded; the services consent
    "ScheduleSession": ("DateOutsideWindow",),
    "EnrolInDayCentre": ("ConsentRequired",),
    # turn-aways (issue 15 review): a facility's, but refused for an erased person's case
    "RecordTurnAway": ("PersonalDataErased",),
}
STR_LIMITS = ("min_length", "max_length", "pattern")
RESERVED = frozenset({"request", "state", "scope", "headers", "cookies", "query", "data", "body"})


def command_problems(command: type[msgspec.Struct], resource: str, *, creates: bool) -> set[str]:
    """What a command's route can answer besides the body's and the caller's problems."""
    fields = {field.name for field in msgspec.structs.fields(command)}
    codes = {*COMMAND, *COMMAND_PROBLEMS.get(command.__name__, ())}
    if not creates:
        codes.update(CHANGING)
    if resource not in NOT_PERSONAL:
        codes.add("PersonalDataErased")
    if fields & FIELD_DATES:
        codes.update({"DateInFuture", "DateTooEarly"})
    if fields & WINDOWED_DATES:
        codes.add("DateOutsideWindow")
    return codes


def _parameters(handler: HTTPRouteHandler, path_parameters: Iterable[str]) -> dict[str, Any]:
    """The handler's inputs by name (its dependencies' too), path parameters excepted."""
    dependencies = handler.resolve_dependencies()
    signatures = [handler.parsed_fn_signature.parameters]
    signatures += [provider.parsed_fn_signature.parameters for provider in dependencies.values()]
    skipped = RESERVED | set(path_parameters) | set(dependencies)
    return {
        name: field
        for signature in signatures
        for name, field in signature.items()
        if name not in skipped
    }


def _constrained(handler: HTTPRouteHandler, name: str) -> bool:
    """Whether the handler's parameter `name` states a limit its value may break."""
    field = handler.parsed_fn_signature.parameters.get(name)
    limits = getattr(field, "kwarg_definition", None)
    return any(getattr(limits, limit, None) is not None for limit in STR_LIMITS)


def route_problems(handler: HTTPRouteHandler, route: HTTPRoute) -> set[str]:
    """The problem codes a route can answer (see the module's doc)."""
    codes = {*EVERY_ROUTE, *handler.opt.get("problems", ())}
    if not route.path.startswith("/api/"):
        return codes
    if not handler.opt.get("exclude_from_auth"):  # the sign-in steps: no session yet
        codes.update(AUTHENTICATED)
    if not handler.http_methods <= {"GET", "HEAD"} and not handler.opt.get("exclude_from_auth"):
        codes.add("CsrfTokenMissing")  # a console session's change without its token
    codes.add("InvalidRequest")  # a query parameter the route does not take
    if route.path_parameters:
        codes.update(BY_PATH + FROM_STORE)
    if any(parameter.type is str for parameter in route.path_parameters.values()):
        codes.add("InvalidInput")  # a reference that is neither a code nor an id
    if any(_constrained(handler, name) for name in route.path_parameters):
        codes.add("InvalidRequest")  # outside the parameter's schema (a `ref` too long)
    inputs = _parameters(handler, route.path_parameters)
    if inputs:
        codes.update(BY_QUERY)
    if "wait_for_position" in inputs:
        codes.update(WAITING)
    if "data" in handler.parsed_fn_signature.parameters:
        codes.update(WITH_BODY)
    if (command := handler.opt.get("command")) is not None:
        codes |= command_problems(command, handler.opt["resource"], creates=handler.opt["creates"])
    return codes


def problem_responses(codes: Iterable[str]) -> dict[int, ResponseSpec]:
    """Per status, the problem schema and, by name, the example of each type it may be."""
    kinds = sorted((PROBLEM_TYPES[code] for code in set(codes)), key=lambda k: (k.status, k.code))
    by_status: dict[int, list[ProblemType]] = {}
    for kind in kinds:
        by_status.setdefault(kind.status, []).append(kind)
    return {
        status: ResponseSpec(
            data_container=Problem,
            description="; ".join(f"{kind.title} (`{kind.slug}`)" for kind in of_status),
            media_type=PROBLEM,
            examples=[
                cast(
                    Example,
                    ProblemExampleRef(ref=f"#/components/examples/{kind.slug}", id=kind.slug),
                )
                for kind in of_status
            ],
            generate_examples=False,
        )
        for status, of_status in by_status.items()
    }


def declare_problems(app: Litestar) -> None:
    """Declare on every documented route the problems it can answer (idempotent: a
    handler shared by several apps gets the same declaration)."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not handler.include_in_schema:
                continue
            own = {
                status: spec
                for status, spec in (handler.responses or {}).items()
                if spec.media_type != PROBLEM
            }
            handler.responses = {**problem_responses(route_problems(handler, route)), **own}
            handler.operation_class = operation_class(handler, route)


def operation_class(handler: HTTPRouteHandler, route: HTTPRoute) -> type[ContractOperation]:
    """How the route's operation is described: a GET under /api/v1 is served by the
    caching middleware (ETag, Cache-Control, If-None-Match and its 304)."""
    if "GET" not in handler.http_methods or not route.path.startswith(API):
        return ContractOperation
    return PrivateCachedRead if route.path_format in PRIVATE_ROUTES else CachedRead
