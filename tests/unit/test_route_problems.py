"""Which problems a route declares, derived from what it is (adapters/http/route_problems.py)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Litestar, get, post
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody, PathParameter, QueryParameter
from litestar.routes import HTTPRoute

from adapters.http.openapi import GenericNames, generic_name
from adapters.http.route_problems import declare_problems, route_problems
from adapters.http.routes.paging import Page
from services.commands.plan import RecordFollowUp
from services.commands.shelter import AdmitToShelter, RegisterFacility

BODY = {"MalformedRequest", "JsonTooDeep", "InvalidUtf8", "BodyTooSlow", "BodyTooLarge"}
JSON_BODY: Any = JSONBody  # subscripted with a command's Struct at runtime
AUTHENTICATED = {"NotAuthenticated", "TooManyFailedAuthentications", "PermissionDenied"}


class Row(msgspec.Struct, frozen=True):
    name: str


@get("/health/live", sync_to_thread=False)
def live() -> Row:
    return Row("live")


@get("/api/v1/things/{record_id:uuid}", sync_to_thread=False)
def thing(record_id: FromPath[UUID]) -> Row:
    return Row(str(record_id))


@get("/api/v1/coded/{ref:str}", sync_to_thread=False)
def coded(ref: FromPath[str]) -> Row:
    return Row(ref)


@get("/api/v1/limited/{ref:str}", sync_to_thread=False)
def limited(ref: Annotated[str, PathParameter(max_length=64)]) -> Row:
    return Row(ref)


@get("/api/v1/things", sync_to_thread=False)
def things(
    wait_for_position: Annotated[int | None, QueryParameter(description="a position")] = None,
) -> Page[Row]:
    return Page([], None)


def command(kind: type[msgspec.Struct], path: str, *, creates: bool) -> HTTPRouteHandler:
    def handle(data: Any) -> Row:
        return Row("done")

    handle.__annotations__ = {"data": JSON_BODY[kind], "return": Row}
    resource = path.split("/")[3]
    opt = {"command": kind, "resource": resource, "creates": creates}
    return post(path, sync_to_thread=False, opt=opt)(handle)


ADMIT = command(AdmitToShelter, "/api/v1/stays", creates=True)
FOLLOW_UP = command(RecordFollowUp, "/api/v1/plans/{record_id:uuid}/follow-up", creates=False)
REGISTER = command(RegisterFacility, "/api/v1/facilities", creates=True)
APP = Litestar(
    [live, thing, coded, limited, things, ADMIT, FOLLOW_UP, REGISTER], plugins=[GenericNames()]
)


def problems_of(path: str, method: str) -> set[str]:
    for route in APP.routes:
        if isinstance(route, HTTPRoute) and route.path == path:
            [handler] = [h for h in route.route_handlers if method in h.http_methods]
            return route_problems(handler, route)
    raise AssertionError(path)


def test_a_public_route_declares_only_what_any_request_can_meet() -> None:
    assert problems_of("/health/live", "GET") == {"HeadTooLarge", "HeadTooSlow"}


def test_a_record_read_adds_the_callers_and_the_records_problems() -> None:
    found = problems_of("/api/v1/things/{record_id:uuid}", "GET")
    assert found >= AUTHENTICATED | {"NotFound", "RecordNotFound", "StoreUnavailable"}
    assert "InvalidRequest" in found  # a query parameter it does not take
    assert not found & (BODY | {"ReadModelBehind", "RuleViolated"})
    assert "InvalidInput" not in found  # a malformed id matches no route: 404


def test_a_record_read_by_reference_may_find_the_reference_malformed() -> None:
    assert "InvalidInput" in problems_of("/api/v1/coded/{ref:str}", "GET")


def test_a_path_parameter_with_a_limit_may_be_refused_by_its_schema() -> None:
    """A `ref` longer than its max_length is refused as it is decoded (invalid-request)."""
    assert {"InvalidInput", "InvalidRequest"} <= problems_of("/api/v1/limited/{ref:str}", "GET")


def test_a_read_that_waits_for_a_position_may_find_the_read_model_behind() -> None:
    found = problems_of("/api/v1/things", "GET")
    assert {"InvalidRequest", "ReadModelBehind", "ReadModelNotBuilt"} <= found
    assert "RecordNotFound" not in found


def test_commands_declare_their_own_refusals() -> None:
    admit = problems_of("/api/v1/stays", "POST")
    assert admit >= BODY | {"CapacityExceeded", "DateInFuture", "DateTooEarly", "RuleViolated"}
    assert "VersionConflict" not in admit  # a create ignores If-Match
    follow_up = problems_of("/api/v1/plans/{record_id:uuid}/follow-up", "POST")
    assert {"VersionConflict", "DateOutsideWindow", "PersonalDataErased"} <= follow_up
    assert "CapacityExceeded" not in follow_up
    register = problems_of("/api/v1/facilities", "POST")
    assert not register & {"PersonalDataErased", "DateInFuture", "ConsentRequired"}


def test_declared_problems_are_the_openapi_answers_with_an_example_per_type() -> None:
    declare_problems(APP)
    declare_problems(APP)  # idempotent: handlers are shared by every app built
    spec = APP.openapi_schema.to_schema()
    answers = spec["paths"]["/api/v1/things/{record_id}"]["get"]["responses"]
    examples = answers["404"]["content"]["application/problem+json"]["examples"]
    assert set(examples) == {"not-found", "record-not-found"}
    assert "400" not in answers  # the framework's own 400 shape is not this API's
    assert "Retry-After" in answers["503"]["headers"]
    assert "RowPage" in spec["components"]["schemas"]


def test_a_generic_is_named_after_its_arguments_then_itself() -> None:
    assert generic_name(Page[Row]) == "RowPage"
