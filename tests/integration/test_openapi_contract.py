"""The OpenAPI description as the contract (docs/api.md, "Discovering the API"; ADR 0019).

The committed docs/openapi.json is what the app serves, and it is held to the rules a
UI team relies on: every operation summarised, described, tagged, with a lowerCamelCase
operationId and bearer security unless public; every response with a schema; every
property of every component with a description and an example; component names in
the domain's words; every enum component described by its own docstring; and every
refusal docs/domain.md documents for a command declared on the command's route.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from adapters.http.caching import PRIVATE_ROUTES
from adapters.http.problem_types import PROBLEM_TYPES
from adapters.http.routes.command_table import COMMAND_ROUTES
from adapters.http.value_schemas import COMPONENT_NAMES
from scripts.openapi import REGENERATE, SERVED, SPEC, render
from tests.support.http import PROBLEM, serving

DOMAIN = Path(__file__).resolve().parents[2] / "docs" / "domain.md"
DOCUMENT: dict[str, Any] = json.loads(SPEC.read_text())
METHODS = ("get", "put", "post", "delete", "patch")
OPERATIONS = {
    f"{method.upper()} {path}": operation
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
    if method in METHODS
}
COMPONENTS: dict[str, Any] = DOCUMENT["components"]["schemas"]
LOWER_CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
DOMAIN_WORD = re.compile(r"^[A-Z][A-Za-z0-9]*$")
NO_BODY = frozenset({"204", "304"})
BY_NAME = {kind.slug: kind for kind in PROBLEM_TYPES.values()}


def test_the_committed_description_is_what_the_app_serves(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/store.db"
    with serving(url, f"sqlite:///{tmp_path}/read.db") as api:
        served = render(api.client.get(SERVED).json())
    assert served == SPEC.read_text(), f"docs/openapi.json is stale: run `{REGENERATE}`"


@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_every_operation_is_summarised_described_and_tagged(key: str) -> None:
    operation = OPERATIONS[key]
    declared = {tag["name"]: tag.get("description") for tag in DOCUMENT["tags"]}
    summary = operation.get("summary", "")
    assert summary, f"{key}: no summary"
    assert not summary.endswith("."), f"{key}: summary {summary!r} ends with a period"
    assert operation.get("description"), f"{key}: no description"
    assert operation.get("tags"), f"{key}: no tags"
    assert all(declared.get(tag) for tag in operation["tags"]), f"{key}: undeclared tag"
    assert LOWER_CAMEL.match(operation.get("operationId", "")), f"{key}: operationId"


def test_operation_ids_are_unique() -> None:
    ids = [operation["operationId"] for operation in OPERATIONS.values()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_api_operations_need_the_bearer_token_and_public_ones_none(key: str) -> None:
    """An /api/v1 operation takes a token or the console's session cookie; the sign-in
    steps before a session, the docs and health none."""
    scheme = DOCUMENT["components"]["securitySchemes"]["bearer"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    session = DOCUMENT["components"]["securitySchemes"]["session"]
    assert (session["type"], session["in"], session["name"]) == (
        "apiKey",
        "cookie",
        "journey_session",
    )
    path = key.split(" ")[1]
    authenticated = path.startswith("/api/") and not path.startswith("/api/v1/sign-in")
    expected: list[dict[str, list[str]]] | None = (
        [{"bearer": []}, {"session": []}] if authenticated else None
    )
    assert OPERATIONS[key].get("security") == expected


@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_every_parameter_is_described(key: str) -> None:
    """Path, query and header parameters each say what they are."""
    parameters = OPERATIONS[key].get("parameters", [])
    undescribed = [p["name"] for p in parameters if not p.get("description")]
    assert not undescribed, f"{key}: {undescribed}"


def _component(schema: dict[str, Any]) -> bool:
    """A named component (a Struct), or a list of them; never an anonymous object."""
    return "$ref" in schema or "$ref" in schema.get("items", {})


BINARY = frozenset({"application/octet-stream"})


@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_every_response_has_a_schema_of_a_named_component(key: str) -> None:
    """A document's download is its bytes (adapters/http/routes/documents.py)."""
    missing = [
        f"{status} {media_type}"
        for status, response in OPERATIONS[key]["responses"].items()
        if status not in NO_BODY
        for media_type, media in response.get("content", {"(none)": {}}).items()
        if not (
            media_type.startswith("text/")
            or media_type in BINARY
            or _component(media.get("schema", {}))
        )
    ]
    assert not missing, f"{key}: no schema, or an anonymous one, for {missing}"


def _branches(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """An optional value's non-null branches, or the schema itself."""
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return [b for b in schema[key] if b.get("type") != "null"]
    return [schema]


def _has(schema: dict[str, Any], word: str) -> bool:
    return word in schema or all(word in branch for branch in _branches(schema))


def undescribed(name: str, schema: dict[str, Any]) -> Iterator[str]:
    """Each property (nested inline objects too) without a description or an example."""
    for prop, value in schema.get("properties", {}).items():
        path = f"{name}.{prop}"
        if not _has(value, "description"):
            yield f"{path}: no description"
        if not (_has(value, "examples") or _has(value, "example")):
            yield f"{path}: no example"
        for branch in _branches(value):
            yield from undescribed(path, branch)
            yield from undescribed(f"{path}[]", branch.get("items", {}))


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_every_property_has_a_description_and_an_example(name: str) -> None:
    assert not list(undescribed(name, COMPONENTS[name]))


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_component_names_are_domain_words(name: str) -> None:
    """No module path (`adapters.http...`), no underscore-joined one, no `Page[...]`."""
    assert DOMAIN_WORD.match(name), name


def _subclasses(kind: type[Enum]) -> Iterator[type[Enum]]:
    for sub in kind.__subclasses__():
        yield sub
        yield from _subclasses(sub)


OUR_ENUMS = {
    COMPONENT_NAMES.get(kind, kind.__name__): kind
    for kind in _subclasses(Enum)
    if kind.__module__.split(".")[0] in {"domain", "services", "adapters", "projections"}
}
ENUM_COMPONENTS = sorted(name for name, schema in COMPONENTS.items() if "enum" in schema)


@pytest.mark.parametrize("name", ENUM_COMPONENTS)
def test_an_enum_component_is_described_by_its_own_docstring(name: str) -> None:
    """Not by the first field that refers to it (`OrganisationType` is not "Kind of
    referring organisation"): the fields keep their descriptions beside the reference."""
    enum = OUR_ENUMS[name]
    assert enum.__doc__, f"{enum.__module__}.{name} has no docstring to describe it"
    assert COMPONENTS[name].get("description") == " ".join(enum.__doc__.split())
    assert "examples" not in COMPONENTS[name], f"{name}: a field's examples"


def declared_problems(operation: dict[str, Any]) -> dict[str, set[str]]:
    """Per status, the problem types an operation declares, by name (its examples' keys)."""
    return {
        status: set(response["content"][PROBLEM].get("examples", {}))
        for status, response in operation["responses"].items()
        if PROBLEM in response.get("content", {})
    }


@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_each_declared_problem_is_a_type_of_its_status(key: str) -> None:
    for status, codes in declared_problems(OPERATIONS[key]).items():
        assert codes, f"{key} {status}: a problem answer naming no type"
        assert codes <= set(BY_NAME), f"{key} {status}: {codes - set(BY_NAME)}"
        wrong = [name for name in codes if str(BY_NAME[name].status) != status]
        assert not wrong, f"{key} {status}: {wrong}"


def documented_refusals() -> dict[str, set[str]]:
    """Per command, the refusals docs/domain.md's tables name that have a type of their own."""
    found: dict[str, set[str]] = {}
    for line in DOMAIN.read_text().splitlines():
        cells = [cell.strip() for cell in line.split("|")[1:-1]]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        fields, rules = cells[1], cells[3]
        codes = {"RuleViolated"} if re.search(r"`[a-z]+(_[a-z]+)+`", rules) else set()
        codes |= {"DateInFuture"} if "field date" in fields else set()
        for word, code in (
            ("date_too_early", "DateTooEarly"),
            ("date_outside_window", "DateOutsideWindow"),
            ("ConsentRequired", "ConsentRequired"),
            ("capacity_exceeded", "CapacityExceeded"),
            ("personal_data_erased", "PersonalDataErased"),
        ):
            codes |= {code} if word in rules else set()
        for command in re.findall(r"`([A-Z][A-Za-z]+)`", cells[0]):
            found[command] = codes
    return found


def test_every_refusal_docs_domain_documents_is_declared_on_its_command() -> None:
    documented = documented_refusals()
    assert len(documented) == len(COMMAND_ROUTES), set(documented) ^ {
        route.command.__name__ for route in COMMAND_ROUTES
    }
    undeclared = {}
    for route in COMMAND_ROUTES:
        path = route.url("{ref}")
        declared = set().union(*declared_problems(DOCUMENT["paths"][path]["post"]).values())
        names = {PROBLEM_TYPES[code].slug for code in documented[route.command.__name__]}
        if missing := names - declared:
            undeclared[route.command.__name__] = missing
    assert not undeclared


CACHED_READS = sorted(key for key in OPERATIONS if key.startswith("GET /api/v1/"))


@pytest.mark.parametrize("key", CACHED_READS)
def test_every_api_read_declares_its_etag_and_the_304_of_if_none_match(key: str) -> None:
    """The caching middleware serves every GET under /api/v1 (adapters/http/caching.py)."""
    operation = OPERATIONS[key]
    headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
    assert "If-None-Match" in headers, f"{key}: no If-None-Match parameter"
    responses = operation["responses"]
    for status in ("200", "304"):
        declared = set(responses.get(status, {}).get("headers", {}))
        assert {"ETag", "Cache-Control"} <= declared, f"{key}: {status} without ETag/Cache-Control"
    assert "content" not in responses["304"], f"{key}: a 304 has no body"
    expected = "private" if key.split(" ")[1] in PRIVATE_ROUTES else "no-store"
    declared = responses["200"]["headers"]["Cache-Control"]["schema"]["enum"]
    assert declared == [expected], f"{key}: Cache-Control {declared}, served {expected}"


@pytest.mark.parametrize("key", sorted(k for k, o in OPERATIONS.items() if "401" in o["responses"]))
def test_a_401_declares_its_www_authenticate(key: str) -> None:
    assert "WWW-Authenticate" in OPERATIONS[key]["responses"]["401"].get("headers", {}), key
