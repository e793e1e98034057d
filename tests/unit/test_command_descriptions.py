"""Every command body and every value object is described in the OpenAPI document the
app serves: each property has a description and an example, each command a docstring
(its operation's description). Value objects say it with `Described` (the domain
imports no serialisation library); adapters/http/value_schemas.py renders it."""

from __future__ import annotations

import dataclasses
import inspect
import re
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar

from adapters.http.app import create_app
from adapters.http.routes.command_table import COMMAND_ROUTES, CommandRoute
from adapters.privacy.accounts import Accounts
from adapters.run.bootstrap import build
from adapters.store.read_database import read_engine
from domain import case_values, values
from domain.described import Described

Schema = dict[str, Any]
VALUE_OBJECTS = [
    cls
    for module in (values, case_values)
    for _, cls in inspect.getmembers(module, inspect.isclass)
    if dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
]


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Schema:
    engine = read_engine(f"sqlite:///{tmp_path_factory.mktemp('describe') / 'read.db'}")
    app: Litestar = create_app(build("memory://"), engine, Accounts(engine))
    return app.openapi_schema.to_schema()


def component_name(reference: str) -> str:
    return reference.removeprefix("#/components/schemas/")


def body_component(document: Schema, route: CommandRoute) -> str:
    """The component the route's request body refers to."""
    path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
    body = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    return component_name(body["schema"]["$ref"])


def references(schema: Any) -> Iterator[str]:
    """Every component a schema refers to, at any depth ($ref, allOf, oneOf, items)."""
    if isinstance(schema, dict):
        if isinstance(schema.get("$ref"), str):
            yield component_name(schema["$ref"])
        for value in schema.values():
            yield from references(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from references(value)


def reachable(document: Schema, names: set[str]) -> set[str]:
    """`names` and every component they lead to."""
    components, seen, todo = document["components"]["schemas"], set[str](), list(names)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(references(components[name]))
    return seen


def undescribed(component: Schema) -> list[str]:
    """The properties of a component without a description or without an example."""
    return [
        name
        for name, prop in component.get("properties", {}).items()
        if not prop.get("description") or not prop.get("examples")
    ]


def test_every_command_body_and_what_it_holds_is_described(document: Schema) -> None:
    bodies = {body_component(document, route) for route in COMMAND_ROUTES}
    names = reachable(document, bodies)
    assert len(bodies) == len(COMMAND_ROUTES)
    components = document["components"]["schemas"]
    missing = {name: undescribed(components[name]) for name in names}
    assert {name: props for name, props in missing.items() if props} == {}


def test_every_value_object_in_the_document_is_described(document: Schema) -> None:
    components = document["components"]["schemas"]
    shown = [cls.__name__ for cls in VALUE_OBJECTS if cls.__name__ in components]
    assert {"PersonalData", "Guardian", "IncomingReferral"} <= set(shown)
    missing = {name: undescribed(components[name]) for name in shown}
    assert {name: props for name, props in missing.items() if props} == {}


def test_a_value_object_is_described_by_its_docstring_not_by_a_field_holding_it(
    document: Schema,
) -> None:
    components = document["components"]["schemas"]
    for cls in VALUE_OBJECTS:
        if cls.__name__ in components:
            written = " ".join((cls.__doc__ or "").split())
            assert components[cls.__name__]["description"] == written, cls.__name__


@pytest.mark.parametrize("cls", VALUE_OBJECTS, ids=lambda cls: cls.__name__)
def test_every_field_of_a_value_object_carries_a_description(cls: type[Any]) -> None:
    hints = typing.get_type_hints(cls, include_extras=True)
    for field in dataclasses.fields(cls):
        marks = [
            m for m in getattr(hints[field.name], "__metadata__", ()) if isinstance(m, Described)
        ]
        assert len(marks) == 1, f"{cls.__name__}.{field.name}"


def test_value_objects_stay_unconstrained_so_stored_events_decode() -> None:
    """No msgspec constraint can reach a value object: the domain does not import msgspec."""
    assert "msgspec" not in vars(values)
    assert "msgspec" not in vars(case_values)
    assert all(
        "msgspec" not in repr(typing.get_type_hints(cls, include_extras=True))
        for cls in VALUE_OBJECTS
    )


@pytest.mark.parametrize("route", COMMAND_ROUTES, ids=lambda route: route.command.__name__)
def test_every_command_says_what_it_does(route: CommandRoute) -> None:
    own = vars(route.command).get("__doc__") or ""
    assert own.strip(), route.command.__name__


def test_a_described_field_needs_an_example() -> None:
    with pytest.raises(ValueError, match="example"):
        Described("The day of the visit")
