"""The OpenAPI schema of a value object (a dataclass from domain/values.py), its fields
described.

Litestar documents a dataclass field from a `KwargDefinition` in its `Annotated`
metadata and ignores `msgspec.Meta` there; the domain may import neither, so its
value objects mark their fields with `domain.described.Described`. This plugin, tried
before Litestar's own dataclass plugin, builds the same component schema with each
`Described` turned into the property's description and examples, and the class's
docstring as the component's description. (Without one, Litestar would describe the
component with the description of the first command field that holds it.)
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, get_args

from litestar.openapi.spec import Example
from litestar.params import KwargDefinition
from litestar.plugins import OpenAPISchemaPlugin
from litestar.types import Empty
from litestar.typing import FieldDefinition

from domain.described import Described

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Schema


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
