"""What a value object's field means, for the readers of the API description.

The domain imports no serialisation library (pyproject's import contracts), so a
value object says what its fields mean with this marker, in `Annotated`:

    given_name: Annotated[str, Described("The person's given name", "Arta")]

msgspec, the codec and `typing.get_type_hints` ignore it; the HTTP layer's OpenAPI
plugin (adapters/http/value_schemas.py) makes it the property's description and
examples. It carries no constraint, on purpose: value objects also decode stored
events, and a constraint added later could make an event already stored undecodable.
"""

from __future__ import annotations

from typing import Any


class Described:
    """A field's description (staff's words: what it means, its unit, its values) and
    one or more realistic examples, as JSON would carry them (dates as ISO text)."""

    __slots__ = ("description", "examples")

    def __init__(self, description: str, *examples: Any) -> None:
        if not description or not examples:
            raise ValueError("a described field has a description and at least one example")
        self.description = description
        self.examples = examples

    def __repr__(self) -> str:
        return f"Described({self.description!r}, {', '.join(map(repr, self.examples))})"
