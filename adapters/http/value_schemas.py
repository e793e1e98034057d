"""The OpenAPI schema of a value object (a dataclass from domain/values.py), its fields
described.

Litestar documents a dataclass field from a `KwargDefinition` in its `Annotated`
metadata and ignores `msgspec.Meta` there; the domain may import neither, so its
value objects mark their fields with `domain.described.Described`. This plugin, tried
before Litestar's own dataclass plugin, builds the same component schema with each
`Described` turned into the property's description and examples, and the class's
docstring as the component's description. (Without one, Litestar would describe the
component with the description of the first command field that holds it.)

`DescribedEnums` does the same for the enumerations (domain/vocab.py): Litestar copies
the description and examples of the first field that refers to an enum onto the
enum's component, so `OrganisationType` would read "Kind of referring organisation".
The component is built from the enum alone, described by its docstring (or, without
one, by the picklist's name); each field keeps its own description and examples
beside its reference. An enumeration whose name another one has already
(`COMPONENT_NAMES`) gets a component name of its own in domain words.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import TYPE_CHECKING, Any, get_args

from litestar.openapi.spec import Example
from litestar.params import KwargDefinition
from litestar.plugins import OpenAPISchemaPlugin
from litestar.types import Empty
from litestar.typing import FieldDefinition

from domain.described import Described
from domain.prevention import vocab as prevention_vocab

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Reference, Schema


class DescribedValueSchemas(OpenAPISchemaPlugin):
    """Every dataclass, as Litestar's own plugin would, and each field that carries
    `Described` a described property."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return field_definition.is_dataclass_type

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        hints = field_definition.get_type_hints(include_extras=True, resolve_generics=True)
        fields = dataclasses.fields(field_definition.type_)
        properties = {f.name: _property(f, hints[f.name]) for f in fields}
        schema = schema_creator.create_component_schema(
            field_definition,
            required=sorted(f.name for f in fields if _required(f)),
            property_fields=properties,
        )
        described = any(_described(hints[f.name]) for f in fields)
        if described and schema.description is None:
            schema.description = " ".join((field_definition.type_.__doc__ or "").split()) or None
        return schema


# Enumerations named like another: the component's name (else Litestar would name both
# by their module paths). A prevention participant's age band is not a victim's (domain/vocab).
COMPONENT_NAMES: dict[type[Enum], str] = {prevention_vocab.AgeBand: "ParticipantAgeBand"}


class DescribedEnums(OpenAPISchemaPlugin):
    """Every enumeration as a component described by itself, not by its first field."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return field_definition.is_enum

    def to_openapi_schema(  # type: ignore[override]  # answers a reference to the component
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema | Reference:
        name = COMPONENT_NAMES.get(field_definition.annotation)
        named = None if name is None else KwargDefinition(schema_component_key=name)
        enum = FieldDefinition.from_annotation(field_definition.annotation, kwarg_definition=named)
        schema_creator.schema_registry.get_schema_for_field_definition(
            enum
        ).description = enum_description(field_definition.annotation)
        return schema_creator.for_enum_field(enum)


def enum_description(enum: type[Enum]) -> str:
    """The enum's docstring on one line; without one, the picklist's name."""
    return " ".join((enum.__doc__ or "").split()) or f"The {enum.__name__} picklist"


def _required(field: dataclasses.Field[Any]) -> bool:
    no_default = field.default is dataclasses.MISSING
    return no_default and field.default_factory is dataclasses.MISSING


def _described(hint: Any) -> Described | None:
    return next((m for m in get_args(hint)[1:] if isinstance(m, Described)), None)


def _property(field: dataclasses.Field[Any], hint: Any) -> FieldDefinition:
    described = _described(hint)
    definition = (
        None
        if described is None
        else KwargDefinition(
            description=described.description,
            examples=[Example(value=value) for value in described.examples],
        )
    )
    default = field.default if field.default is not dataclasses.MISSING else Empty
    return FieldDefinition.from_kwarg(
        annotation=hint, name=field.name, default=default, kwarg_definition=definition
    )
