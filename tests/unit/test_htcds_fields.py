"""Every HTCDS 2.0 field has a home in our model that resolves, and every picklist
value of the reference CSV is a value of the enum its home holds (issue 15)."""

from __future__ import annotations

import dataclasses
import importlib
import typing
from enum import Enum
from typing import Any

from domain.htcds_fields import FIELDS, Export, Home
from scripts.render_htcds_fields import DOC, render
from tests.support.htcds import reference_fields


def resolve(path: str) -> tuple[type[Any], str]:
    """The class that holds the attribute, and the attribute's name; KeyError if none."""
    parts = path.split(".")
    for split in range(len(parts) - 2, 0, -1):
        try:
            holder: Any = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for name in parts[split:-1]:
            holder = getattr(holder, name, None)
        if isinstance(holder, type) and has_attribute(holder, parts[-1]):
            return holder, parts[-1]
        break
    raise KeyError(path)


def has_attribute(cls: type[Any], name: str) -> bool:
    if dataclasses.is_dataclass(cls) and name in {f.name for f in dataclasses.fields(cls)}:
        return True
    annotated = any(name in getattr(k, "__annotations__", {}) for k in cls.__mro__)
    return annotated or isinstance(getattr(cls, name, None), property)


def annotation(cls: type[Any], name: str) -> Any:
    found = getattr(cls, name, None)
    if isinstance(found, property) and found.fget is not None:
        return typing.get_type_hints(found.fget)["return"]
    return typing.get_type_hints(cls)[name]


def enums_in(hint: Any) -> list[type[Enum]]:
    if isinstance(hint, type) and issubclass(hint, Enum):
        return [hint]
    return [e for arg in typing.get_args(hint) for e in enums_in(arg)]


def picklist(home: Home) -> list[type[Enum]]:
    """The enum of the home's picklist: a derived field's own, else the home's type's."""
    if home.picklist:
        module, _, name = home.picklist.rpartition(".")
        return [getattr(importlib.import_module(module), name)]
    cls, attribute = resolve(home.path)
    return enums_in(annotation(cls, attribute))


def unresolved(homes: dict[str, Home]) -> dict[str, str]:
    missing = {}
    for field, home in homes.items():
        for path in (home.path, *home.also):
            try:
                resolve(path)
            except KeyError:
                missing[path] = field
    return missing


def test_every_field_of_the_reference_has_a_home() -> None:
    reference = reference_fields()
    assert len(reference) == 83
    assert sorted(set(reference) - set(FIELDS)) == []
    assert sorted(set(FIELDS) - set(reference)) == []


def test_every_home_resolves() -> None:
    assert unresolved(FIELDS) == {}, "these homes name no attribute of their class"


def test_every_picklist_value_is_a_value_of_the_homes_enum() -> None:
    for name, field in reference_fields().items():
        if not field.values or any(v.startswith("Use ISO") for v in field.values):
            continue  # a code standard (ISO 3166, ISO 639), checked by domain/places.py
        home = FIELDS[name]
        found = picklist(home)
        assert found, f"{name}: {home.path} holds no enum"
        values = {member.value for member in found[0]}
        assert field.values <= values, f"{name}: {sorted(field.values - values)}"


def test_every_core_field_is_a_column_of_the_export() -> None:
    for name, field in reference_fields().items():
        if field.core:
            assert FIELDS[name].export is not Export.NOT_EXPORTED, name


def test_the_committed_table_is_the_generated_one() -> None:
    """docs/htcds-fields.md cannot go stale: `python -m scripts.render_htcds_fields`."""
    assert DOC.read_text(encoding="utf-8") == render()


def test_a_home_that_does_not_resolve_is_reported() -> None:
    broken = {"prs_Gender": Home("domain.beneficiary.Beneficiary.no_such_field")}
    assert unresolved(broken) == {"domain.beneficiary.Beneficiary.no_such_field": "prs_Gender"}
    assert unresolved({"x": Home("domain.no_such_module.Class.field")}) != {}
