"""Property-based fuzzing of the API from its committed OpenAPI description (schemathesis).

Every operation of docs/openapi.json (the contract, which another test holds equal to
what the app serves) is called in-process (ASGI) with requests generated from it, on
each database:

- as a case manager (the `Api` helper's token on every call): schema-valid requests
  (8 per operation; 20 with JOURNEY_TEST_LONG=1) and schema-violating ones (4; 10 per
  operation with an input to violate). Some target records that exist (a case in
  service provision, its beneficiary, a shelter, a stay, a plan), so commands reach the
  domain rather than stopping at 404;
- with no token, or a token nobody holds (3 per operation; 5 long): every /api route
  is 401.

Checks on every answer: never a 5xx (`not_a_server_error`); a documented answer matches
its schema (`response_schema_conformance`); every 4xx is a problem status docs/api.md
lists, as an RFC 9457 document whose `status` is the answer's (`problem_failures`), of
a type the operation declares for that status (`undeclared_problem`).

Also `status_code_conformance` and `content_type_conformance`: every /api/v1 route
documents its problem answers (400, 401, 403, 404, 409, 412, 422, 429, 503) as
application/problem+json, and the last test checks that it does.

Generation is deterministic (derandomized, no example database), and bounded: the
short run (the default, CI's) makes about 40% of the long run's requests
(tests/support/long_runs.py); the checks are the same.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.checks import CheckFunction, not_a_server_error
from schemathesis.core.result import Err
from schemathesis.core.transport import Response
from schemathesis.errors import FailureGroup
from schemathesis.python import asgi
from schemathesis.schemas import APIOperation, BaseSchema
from schemathesis.specs.openapi.adapter.parameters import OpenApiParameter
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from adapters.http.app import create_app
from adapters.http.problem_types import BASE, PROBLEM_TYPES
from adapters.privacy.accounts import Throttle
from scripts.openapi import SPEC
from services.access import Role
from services.commands.plan import DraftPlan
from services.commands.shelter import AdmitToShelter
from tests.support.factories import WORKER, case_in_service_provision, facility
from tests.support.http import PROBLEM, Api, project_now, serving
from tests.support.long_runs import short_or_long

pytestmark = pytest.mark.slow

OPENAPI = "/schema/openapi.json"
CHECKS: list[CheckFunction] = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
# docs/api.md, "Errors" and "Limits". 503 (a read model behind) cannot happen here: read
# models are brought up to date before every call that waits for a position.
PROBLEM_STATUSES = frozenset({400, 401, 403, 404, 408, 409, 410, 412, 413, 415, 422, 429, 431})
PUBLIC = frozenset(
    {
        "/health",
        "/health/live",
        "/health/ready",
        # the sign-in steps, before there is a session (adapters/http/routes/sign_in.py)
        "/api/v1/sign-in",
        "/api/v1/sign-in/password",
        "/api/v1/sign-in/second-factor",
        "/api/v1/sign-in/second-factor/confirmation",
    }
)
EXAMPLES = {
    GenerationMode.POSITIVE: short_or_long(8, 20),
    GenerationMode.NEGATIVE: short_or_long(4, 10),
}
EXAMPLES_WITHOUT_TOKEN = short_or_long(3, 5)
KNOWN_TYPES = frozenset(kind.uri for kind in PROBLEM_TYPES.values())
FINDINGS_SHOWN = 20

Operation = APIOperation[Any, Any, Any, Any]
ACase = Case[Any]

FUZZING = settings(
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # failures are collected, not shrunk
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@dataclass
class Finding:
    operation: str
    check: str
    status: int
    detail: str
    request: str
    traceback: str = ""

    def __str__(self) -> str:
        text = (
            f"{self.operation} -> {self.status} [{self.check}]\n  {self.detail}\n  {self.request}"
        )
        return text + (f"\n  server log:\n{self.traceback}" if self.traceback else "")


Judge = Callable[[ACase, Response], list[tuple[str, str]]]


def no_preparation(_: ACase) -> None:
    return None


@dataclass
class Fuzzing:
    """One pass: each operation's cases called and judged; answers by status, findings."""

    judge: Judge
    caplog: pytest.LogCaptureFixture
    before_call: Callable[[ACase], None] = no_preparation
    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def fuzz(self, operation: Operation, cases: st.SearchStrategy[ACase], examples: int) -> None:
        statuses = self.statuses.setdefault(operation.label, Counter())

        @settings(FUZZING, max_examples=examples)
        @given(case=cases)
        def call(case: ACase) -> None:
            self.before_call(case)
            self.caplog.clear()
            response = case.call()
            statuses[response.status_code] += 1
            for check, detail in self.judge(case, response):
                self.findings.append(
                    Finding(
                        operation.label,
                        check,
                        response.status_code,
                        detail,
                        case.as_curl_command(),
                        self.server_log(),
                    )
                )

        try:
            call()
        except Unsatisfiable as error:
            raise AssertionError(f"no valid case for {operation.label}") from error

    def server_log(self) -> str:
        """What the app logged as errors during the call (the traceback of a 500)."""
        errors = [r for r in self.caplog.records if r.levelno >= logging.ERROR]
        return "\n".join(logging.Formatter().format(r) for r in errors)

    @property
    def calls(self) -> int:
        return sum(sum(counter.values()) for counter in self.statuses.values())

    def summary(self) -> str:
        lines = [f"{self.calls} calls over {len(self.statuses)} operations"]
        lines += [f"  {op}: {dict(sorted(c.items()))}" for op, c in self.statuses.items()]
        return "\n".join(lines)

    def assert_clean(self) -> None:
        shown = "\n\n".join(str(f) for f in self.findings[:FINDINGS_SHOWN])
        more = len(self.findings) - FINDINGS_SHOWN
        tail = f"\n\n... and {more} more" if more > 0 else ""
        assert not self.findings, f"{len(self.findings)} findings:\n\n{shown}{tail}"


@dataclass
class Target:
    api: Api
    schema: BaseSchema
    records: dict[str, UUID]  # resource (URL segment) -> an existing record
    body_ids: dict[str, str]  # body field -> an existing record

    def operations(self) -> list[Operation]:
        found = []
        for result in self.schema.get_all_operations():
            if isinstance(result, Err):
                raise result.err()
            found.append(result.ok())
        return found

    def with_records(self, case: ACase) -> ACase:
        """The case with every id field of its body pointing at an existing record."""
        if isinstance(case.body, dict):
            for name, value in self.body_ids.items():
                if name in case.body:
                    case.body[name] = value
        return case


@pytest.fixture
def target(database_url: str, read_url: str) -> Iterator[Target]:
    """The API on a store with one of each record; the schema its committed description.

    The fuzzed app is a second app over the same store, read database and accounts,
    with a throttle that never blocks: every generated call comes from one client
    address, and the unauthenticated pass would otherwise turn 401s into 429s.
    """
    with serving(database_url, read_url) as api:
        journey = api.journey
        case_id = case_in_service_provision(journey)
        shelter = facility(journey)
        stay = journey.bus.execute(
            None, AdmitToShelter(case_id=case_id, facility_id=shelter), actor=WORKER
        )
        plan = journey.bus.execute(None, DraftPlan(case_id=case_id), actor=WORKER)
        beneficiary = journey.queries.case(case_id).beneficiary_id
        project_now(api)
        app = create_app(journey, api.engine, api.accounts, Throttle(limit=1_000_000))
        schema = schemathesis.openapi.from_path(SPEC)
        schema.app = app
        records = {
            "beneficiaries": beneficiary,
            "cases": case_id,
            "facilities": shelter,
            "stays": stay.id,
            "plans": plan.id,
        }
        ids = {"beneficiary_id": beneficiary, "case_id": case_id, "facility_id": shelter}
        body_ids = {name: str(value) for name, value in ids.items()}
        body_ids["to_facility_id"] = str(shelter)
        try:
            yield Target(api, schema, records, body_ids)
        finally:
            # schemathesis keeps an app's lifespan running until the process ends
            asgi.shutdown_lifespans()


def strategy(
    target: Target, operation: Operation, mode: GenerationMode, headers: dict[str, str]
) -> st.SearchStrategy[ACase]:
    """Cases for the operation: on generated ids, and on the existing records."""
    cases = [operation.as_strategy(mode, headers=headers)]
    resource = operation.path.split("/")[3] if operation.path.startswith("/api/v1/") else ""
    named = next((p for p in ("record_id", "ref") if f"{{{p}}}" in operation.path), None)
    if named is not None and resource in target.records:
        existing = {named: str(target.records[resource])}
        cases.append(operation.as_strategy(mode, headers=headers, path_parameters=existing))
    generated = st.one_of(cases)
    return st.one_of(generated, generated.map(target.with_records))


def has_inputs(operation: Operation, sent: dict[str, str]) -> bool:
    """Whether there is anything to make invalid: GET /health has no input at all, and a
    header the test sends itself (the token), one that admits any text (If-None-Match) or
    the session cookie (schemathesis makes a parameter of its security scheme) has no
    invalid value a request could carry."""
    sets = (operation.path_parameters, operation.query)
    return (
        any(len(s) for s in sets)
        or len(operation.body) > 0
        or any(can_be_invalid(p, sent) for p in (*operation.headers, *operation.cookies))
    )


UNCONSTRAINED = {"type": "string"}


def can_be_invalid(header: OpenApiParameter, sent: dict[str, str]) -> bool:
    if header.name.lower() in {name.lower() for name in sent}:
        return False
    if "x-original-security-type" in header.definition:  # a credential, not an input
        return False
    schema = {k: v for k, v in header.definition.get("schema", {}).items() if k != "examples"}
    return schema != UNCONSTRAINED


def schema_checks(case: ACase, response: Response) -> list[tuple[str, str]]:
    try:
        case.validate_response(response, checks=CHECKS)
    except FailureGroup as group:
        return [(type(f).__name__, f.title + ": " + f.message[:500]) for f in group.exceptions]
    return []


def header(response: Response, name: str) -> str:
    values = [v for k, vs in response.headers.items() if k.lower() == name for v in vs]
    return values[0] if values else ""


def problem_failures(case: ACase, response: Response) -> list[tuple[str, str]]:
    """A 4xx is a problem status of docs/api.md, as an RFC 9457 problem document; any
    other answer is documented (and then checked against its schema)."""
    status = response.status_code
    if status >= 500:
        return []  # not_a_server_error's
    if status < 400:
        documented = str(status) in case.operation.responses.status_codes
        return [] if documented else [("problem_status", f"{status} is not documented")]
    if status not in PROBLEM_STATUSES:
        return [("problem_status", f"{status} is not a problem status of docs/api.md")]
    content_type = header(response, "content-type")
    if not content_type.startswith(PROBLEM):
        return [("problem_document", f"Content-Type {content_type!r}, not {PROBLEM}")]
    try:
        body = response.json()
    except ValueError as error:
        return [("problem_document", f"not JSON: {error}")]
    shaped = (
        isinstance(body, dict)
        and body.get("status") == status
        and body.get("type") in KNOWN_TYPES  # each refusal a type of its own (docs/problems.md)
        and isinstance(body.get("title"), str)
        and isinstance(body.get("detail"), str)
    )
    return [] if shaped else [("problem_document", f"not a problem document: {body!r:.300}")]


def undeclared_problem(case: ACase, response: Response) -> list[tuple[str, str]]:
    """A problem whose type the operation does not declare for that status (its examples,
    adapters/http/route_problems.py)."""
    if response.status_code < 400 or response.status_code >= 500:
        return []
    documented = case.operation.definition.raw.get("responses", {})
    content = documented.get(str(response.status_code), {}).get("content", {})
    declared = {BASE + name for name in content.get(PROBLEM, {}).get("examples", {})}
    try:
        kind = response.json().get("type")
    except (ValueError, AttributeError):
        return []  # problem_failures' finding
    if kind in declared:
        return []
    return [("undeclared_problem", f"{kind} is not declared for {response.status_code}")]


def problems_to_document(operation: Operation) -> list[int]:
    """The problem statuses every client of the operation must be ready for."""
    statuses = [401, 403]  # no or a revoked token; a role without the action
    if "{ref}" in operation.path:  # a code, number or id: malformed 422, unknown 404
        statuses += [404, 422]
    if len(operation.body) or len(operation.query):
        statuses.append(422)
    return statuses


# ----------------------------------------------------------------------------- tests


@pytest.mark.short_run_on("sqlite")
def test_fuzzed_requests_of_a_case_manager_never_fail_the_server_or_the_schema(
    target: Target, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="journey.http")
    headers = target.api.auth(Role.CASE_MANAGER)

    def judge(case: ACase, response: Response) -> list[tuple[str, str]]:
        found = schema_checks(case, response) + problem_failures(case, response)
        return found + undeclared_problem(case, response)

    def before_call(case: ACase) -> None:
        if case.query and "wait_for_position" in case.query:
            project_now(target.api)  # as a running pipeline would: no 503 for a lag

    seen = Fuzzing(judge, caplog, before_call)
    operations = target.operations()
    for operation in operations:
        for mode, examples in EXAMPLES.items():
            if mode is GenerationMode.NEGATIVE and not has_inputs(operation, headers):
                continue
            seen.fuzz(operation, strategy(target, operation, mode, headers), examples)
    print(seen.summary())
    assert len(seen.statuses) == len(operations) >= 60
    seen.assert_clean()


def test_without_a_valid_token_every_api_route_is_401(
    target: Target, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="journey.http")

    def judge(case: ACase, response: Response) -> list[tuple[str, str]]:
        found = schema_checks(case, response) + problem_failures(case, response)
        found += undeclared_problem(case, response)
        if response.status_code != 401:
            found.append(("unauthenticated", f"{response.status_code}, not 401"))
        elif response.json().get("type") != PROBLEM_TYPES["NotAuthenticated"].uri:
            found.append(("unauthenticated", f"not NotAuthenticated: {response.text:.300}"))
        return found

    seen = Fuzzing(judge, caplog)
    operations = [op for op in target.operations() if op.path not in PUBLIC]
    for operation in operations:
        cases = st.one_of(
            operation.as_strategy(),  # no Authorization header at all
            operation.as_strategy(headers={"Authorization": "Bearer not-a-token-anyone-holds"}),
        )
        seen.fuzz(operation, cases, EXAMPLES_WITHOUT_TOKEN)
    print(seen.summary())
    assert all(op.path.startswith("/api/v1/") for op in operations)
    assert len(operations) >= 59
    seen.assert_clean()


def test_health_metrics_and_the_schema_need_no_token(target: Target) -> None:
    client = target.api.client
    for path in (
        "/health",
        "/health/live",
        "/health/ready",
        "/metrics",
        OPENAPI,
        "/schema/swagger",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[:300])


def test_the_openapi_documents_the_problem_responses(target: Target) -> None:
    """401/403 everywhere, 404 on a record, 422 on input; as application/problem+json.
    This is what lets status_code_conformance and content_type_conformance be checked."""
    undocumented: dict[str, list[str]] = {}
    for operation in target.operations():
        if operation.path in PUBLIC:
            continue
        documented = target.schema.raw_schema["paths"][operation.path][operation.method]
        responses = documented.get("responses", {})
        gaps = [
            f"{status}" if str(status) not in responses else f"{status} not as {PROBLEM}"
            for status in problems_to_document(operation)
            if PROBLEM not in responses.get(str(status), {}).get("content", {})
        ]
        if gaps:
            undocumented[operation.label] = gaps
    assert not undocumented, undocumented
