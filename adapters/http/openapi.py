"""The OpenAPI description as the contract a staff UI builds on: its document-level parts.

- `openapi_config()`: title, version, the description a UI developer reads first,
  the server, every tag with what it groups, and the bearer security scheme. The
  scheme is required by every /api/v1 operation (`AUTHENTICATED`, set on the API's
  router) and by none of the public ones (/health, /schema).
- Component names are the domain's words. Litestar names a component after its class
  (`CaseView`), module-qualified only when two classes share a name, so classes that
  are answered or accepted have names unique across the app. A parametrised generic
  (`Page[CaseItem]`) would be named after its full dotted path; `GenericNames` names
  it `CaseItemPage` instead.
- `ContractOperation` drops the framework's own 400 answer (a JSON shape this API never
  sends: invalid input is a 422 problem) unless the route declared a 400 problem, and
  adds `Retry-After` to the answers that carry it (429, 503, `idempotency-key-in-progress`)
  and `WWW-Authenticate` to the 401.

Which problems each route declares is adapters/http/route_problems.py; the test
tests/integration/test_openapi_contract.py holds every operation to these rules, and
docs/openapi.json is the committed description (`python -m scripts.openapi`).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar.enums import ParamType
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.openapi.spec import (
    Components,
    Example,
    OpenAPIHeader,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    Schema,
    SecurityScheme,
    Server,
    Tag,
)
from litestar.params import KwargDefinition
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

from adapters.http.problem_types import PROBLEM_TYPES

if typing.TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator

VERSION = "1"
BEARER = "bearer"
SESSION = "session"
# a token (integrations) or the console's session cookie (people; docs/sign-in.md)
AUTHENTICATED: list[dict[str, list[str]]] = [{BEARER: []}, {SESSION: []}]
PROBLEM = "application/problem+json"

DESCRIPTION = """\
The HTTP API of PVPT Journey, case management for survivors of trafficking: every \
domain command is a POST, every record can be read, every list is paged, and every \
refusal is an RFC 9457 problem document whose `type` says what kind of problem it is.

- **Authentication**: `Authorization: Bearer <token>` on every /api/v1 route; the \
token names the actor recorded with every event. /health and /schema are public.
- **Optimistic concurrency**: a record's version is its `ETag`; send it back as \
`If-Match` with a command that changes the record, and a stale one is a 412.
- **Retries**: send an `Idempotency-Key` with a command and the same key on a retry; \
the retry gets the first answer and applies nothing twice.
- **Reading your own writes**: a command answers the store `position` of its last \
event; pass it as `wait_for_position` to a list to read what the command changed.
- **Errors**: each route lists the problem types it can answer, per status, as named \
examples; switch on `type`, never on `title` or `detail`.
"""

TAGS = [
    Tag(name="beneficiaries", description="The people assisted: registration, status, consents"),
    Tag(name="cases", description="Cases from referral to closure, and their lists"),
    Tag(name="facilities", description="Shelters and day rehabilitation centres, their beds"),
    Tag(name="stays", description="Shelter stays: admission, transfer, leave, discharge"),
    Tag(name="plans", description="Reintegration plans, their goals and follow-up visits"),
    Tag(name="enrolments", description="Day-centre enrolments: start, courses completed, end"),
    Tag(name="sessions", description="Day-centre sessions: places, attendance, cancellation"),
    Tag(
        name="care-plans",
        description="Care plans: needs assessments, planned services and their deliveries, "
        "outcomes and reviews",
    ),
    Tag(
        name="proceedings",
        description="Criminal proceedings where a beneficiary is a victim or witness: stage, "
        "hearings, protection, representation, outcome, compensation, cooperation",
    ),
    Tag(
        name="returns",
        description="Returns and transfers across a border: request, preparation, hand-over",
    ),
    Tag(
        name="organisations",
        description="The partner-organisation registry: search, register, rename, deactivate",
    ),
    Tag(
        name="prevention",
        description="Prevention campaigns and activities: whom they reached, counted and never "
        "named; disclosures a case's referral can name",
    ),
    Tag(
        name="grants",
        description="Donors' grants: terms, budget lines, indicators, and the cases, stays, "
        "services and prevention work attributed to them",
    ),
    Tag(
        name="retention",
        description="Retention of personal data: batches of erasures proposed, approved by a "
        "second administrator and executed; the report of what was erased",
    ),
    Tag(name="read models", description="Caseload, capacity, stays and outcomes, paged"),
    Tag(name="audit", description="A case's history and the access log, for auditors"),
    Tag(name="operations", description="Health for load balancers and operators; public"),
    Tag(
        name="sign-in",
        description="People signing in to the console: password, authenticator code, the "
        "session (public until signed in)",
    ),
]


def openapi_config(render_plugins: list[OpenAPIRenderPlugin]) -> OpenAPIConfig:
    return OpenAPIConfig(
        title="PVPT Journey API",
        version=VERSION,
        summary="Case management for survivors of trafficking, as staff UIs use it",
        description=DESCRIPTION,
        servers=[Server(url="/", description="the server that serves this description")],
        tags=TAGS,
        components=Components(
            examples=problem_examples(),
            security_schemes={
                BEARER: SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description="a staff account's token (`journey users add NAME --role ROLE`)",
                ),
                SESSION: SecurityScheme(
                    type="apiKey",
                    name="journey_session",
                    security_scheme_in="cookie",
                    description="the console's session (POST /api/v1/sign-in); a request "
                    "that changes something also sends the session's X-CSRF-Token",
                ),
            },
        ),
        path="/schema",
        render_plugins=render_plugins,
    )


def problem_examples() -> dict[str, Example | Reference]:
    """One example problem document per type, by its name, for the routes to refer to."""
    return {
        kind.slug: Example(
            summary=kind.title,
            value={
                "type": kind.uri,
                "status": kind.status,
                "title": kind.title,
                "detail": "what happened this time, in words a user may read",
            },
        )
        for kind in PROBLEM_TYPES.values()
    }


@dataclass
class ProblemExampleRef(Reference):
    """A reference to the example of the problem type named `id` (its key in a response)."""

    id: str = ""

    @property
    def _exclude_fields(self) -> set[str]:
        return {"id"}


def generic_name(annotation: Any) -> str:
    """`Page[CaseItem]` -> `CaseItemPage`: the arguments' names, then the generic's."""
    origin = typing.get_origin(annotation)
    names = [getattr(arg, "__name__", str(arg)) for arg in typing.get_args(annotation)]
    return "".join(names) + getattr(origin, "__name__", str(origin))


class GenericNames(OpenAPISchemaPlugin):
    """Names the component of a parametrised generic Struct in domain words."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        origin = typing.get_origin(field_definition.annotation)
        named = isinstance(field_definition.kwarg_definition, KwargDefinition) and bool(
            field_definition.kwarg_definition.schema_component_key
        )
        return (
            not named
            and isinstance(origin, type)
            and issubclass(origin, msgspec.Struct)
            and not field_definition.is_union
        )

    def to_openapi_schema(  # type: ignore[override]  # answers a reference to the component
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema | Reference:
        named = FieldDefinition.from_annotation(
            field_definition.annotation,
            kwarg_definition=KwargDefinition(
                schema_component_key=generic_name(field_definition.annotation)
            ),
        )
        return schema_creator.for_field_definition(named)


RETRY_AFTER = OpenAPIHeader(
    schema=Schema(type=OpenAPIType.INTEGER, minimum=1, examples=[2]),
    description="seconds to wait before trying again",
)
WWW_AUTHENTICATE = OpenAPIHeader(
    required=True,
    schema=Schema(
        type=OpenAPIType.STRING,
        examples=['Bearer realm="journey"', 'Bearer realm="journey", error="invalid_token"'],
    ),
    description='RFC 6750: the bearer token wanted; `error="invalid_token"` when the one '
    "sent is no active user's",
)
RETRIED = ("429", "503")  # and the problems below, whatever their status
RETRIED_PROBLEMS = frozenset({"idempotency-key-in-progress"})


def _problems(response: OpenAPIResponse | Reference) -> set[str] | None:
    """The problem types a response declares; None when it is no problem answer."""
    content = getattr(response, "content", None) or {}
    return set(content[PROBLEM].examples or {}) if PROBLEM in content else None


@dataclass
class ContractOperation(Operation):
    """An operation as the contract has it (see the module's doc)."""

    def __post_init__(self) -> None:
        responses = self.responses or {}
        if "400" in responses and _problems(responses["400"]) is None:
            del responses["400"]
        for status, response in responses.items():
            problems = _problems(response) or set()
            retried = status in RETRIED or bool(problems & RETRIED_PROBLEMS)
            if retried and isinstance(response, OpenAPIResponse):
                response.headers = {**(response.headers or {}), "Retry-After": RETRY_AFTER}
            if status == "401" and isinstance(response, OpenAPIResponse):
                response.headers = {
                    **(response.headers or {}),
                    "WWW-Authenticate": WWW_AUTHENTICATE,
                }


ETAG = OpenAPIHeader(
    required=True,
    schema=Schema(type=OpenAPIType.STRING, examples=['"7-3f9a0c2e4b1d8a6f5e7c9b0a1d2e3f4a"']),
    description=(
        "the answer's strong entity tag: a record's version then the body's digest, or the "
        "digest alone; send it back as If-None-Match to re-read, as If-Match to change it"
    ),
)
IF_NONE_MATCH = Parameter(
    name="If-None-Match",
    param_in=ParamType.HEADER,
    required=False,
    schema=Schema(type=OpenAPIType.STRING, examples=['"7-3f9a0c2e4b1d8a6f5e7c9b0a1d2e3f4a"']),
    description=(
        "the ETag of the answer the client holds (or `*`): when the answer is still the "
        "same bytes, it is 304 Not Modified with no body"
    ),
)


def cache_control_header(value: str) -> OpenAPIHeader:
    """The Cache-Control this route's answers carry (adapters/http/caching.py)."""
    return OpenAPIHeader(
        required=True,
        schema=Schema(type=OpenAPIType.STRING, enum=[value], examples=[value]),
        description="`no-store` when the answer can carry personal data, else `private`",
    )


@dataclass
class CachedRead(ContractOperation):
    """A GET under /api/v1, which the caching middleware serves: its 200 carries an
    ETag and Cache-Control; If-None-Match naming that ETag is answered 304, no body."""

    cache_control: typing.ClassVar[str] = "no-store"

    def __post_init__(self) -> None:
        super().__post_init__()
        headers: dict[str, OpenAPIHeader | Reference] = {
            "ETag": ETAG,
            "Cache-Control": cache_control_header(self.cache_control),
        }
        responses = self.responses or {}
        fresh = responses.get("200")
        if isinstance(fresh, OpenAPIResponse):
            fresh.headers = {**(fresh.headers or {}), **headers}
        responses["304"] = OpenAPIResponse(
            description="Not Modified: If-None-Match names the answer's ETag; no body",
            headers=dict(headers),
        )
        self.responses = responses
        self.parameters = [*(self.parameters or []), IF_NONE_MATCH]


@dataclass
class PrivateCachedRead(CachedRead):
    """A cached read that carries no personal data (caching.py's PRIVATE_ROUTES)."""

    cache_control: typing.ClassVar[str] = "private"
