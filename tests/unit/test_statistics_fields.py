"""The statistics read model reads non-identifying fields only (issue 17, ADR 32): every
field its one table FIELDS_READ declares is walked through domain/classification.py and
must be classified non-identifying and not be a pseudonymous code or case number, a
sealed value or a value object read whole; every event its handlers take is declared;
and a handler cannot read a field that is not declared."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest

from domain import places
from domain.classification import CODE, SEALED_WHOLE, Field, fields_of
from domain.sensitivity import Sensitivity
from projections.model import Change
from projections.statistics import FIELDS_READ, HANDLED, Statistics
from projections.statistics.fields import AGGREGATE_TYPES, EVENT_TYPES, read
from projections.statistics.groups import CitizenshipGroup, citizenship_group, group_of

DECLARED = [(cls, path) for cls, paths in FIELDS_READ.items() for path in paths]


def classification_of(cls: type[Any], path: str) -> Field:
    """The entry of a dotted field, through the value objects it passes."""
    entry: Any = cls
    for name in path.split("."):
        assert isinstance(entry, type), f"{cls.__qualname__}.{path}: {entry} holds no fields"
        assert entry not in SEALED_WHOLE, f"{cls.__qualname__}.{path} reads into a sealed value"
        table = fields_of(entry)
        assert table is not None, f"{entry.__qualname__} is not classified"
        assert name in table, f"{cls.__qualname__}.{path}: {name!r} is not classified"
        entry = table[name]
    assert isinstance(entry, Field), f"{cls.__qualname__}.{path} is a value object, read whole"
    return entry


@pytest.mark.parametrize(
    ("cls", "path"), DECLARED, ids=[f"{c.__qualname__}.{p}" for c, p in DECLARED]
)
def test_each_field_read_is_non_identifying_and_not_a_code(cls: type[Any], path: str) -> None:
    entry = classification_of(cls, path)
    assert entry.sensitivity is Sensitivity.NON_IDENTIFYING, entry.why
    assert not entry.identifying
    assert entry != CODE, f"{cls.__qualname__}.{path} is a pseudonymous code"


def test_the_one_quasi_identifier_read_is_the_municipality_of_origin() -> None:
    quasi = [
        f"{cls.__qualname__}.{path}"
        for cls, path in DECLARED
        if classification_of(cls, path).quasi_identifier
    ]
    assert quasi == ["Beneficiary.BackgroundRecorded.background.origin_municipality"]


def test_no_personal_field_is_declared_even_by_name() -> None:
    names = {part for _, path in DECLARED for part in path.split(".")}
    never = {"personal", "code", "case_number", "beneficiary_code", "reference", "reason"}
    assert not names & never


def test_every_event_handled_is_declared_and_every_declared_one_handled() -> None:
    assert set(EVENT_TYPES) == HANDLED
    assert {name.split(".")[0] for name in HANDLED} == AGGREGATE_TYPES
    assert Statistics.aggregate_types == AGGREGATE_TYPES


def _change(event_type: str, **fields: Any) -> Change:
    at = datetime(2026, 5, 4, 23, 30, tzinfo=UTC)
    return Change(
        1, 1, event_type.split(".", maxsplit=1)[0], uuid4(), 3, event_type, at, "x", fields
    )


def test_a_handler_sees_only_the_declared_fields() -> None:
    change = _change("Case.ScreenedOut", screened_on=None, closure_reason=None, rationale="A")
    event = read(change)
    assert event is not None
    assert set(event.fields) == {"screened_on", "closure_reason"}
    with pytest.raises(KeyError, match="not declared in FIELDS_READ"):
        event["rationale"]
    assert event.day.isoformat() == "2026-05-05"  # 01:30 in Prishtina
    assert event.event_id == f"{change.aggregate_id}:3"
    assert read(_change("Case.NoteAdded", text="secret")) is None


def test_citizenships_fall_into_their_groups() -> None:
    assert citizenship_group(["AL", "XK"]) is CitizenshipGroup.KOSOVO
    assert citizenship_group(["AL", "DE"]) is CitizenshipGroup.WESTERN_BALKANS
    assert citizenship_group(["DE"]) is CitizenshipGroup.EU_EEA
    assert citizenship_group(["NO"]) is CitizenshipGroup.EU_EEA
    assert citizenship_group(["UA"]) is CitizenshipGroup.OTHER_EUROPE
    assert citizenship_group(["TR"]) is CitizenshipGroup.OTHER_EUROPE
    assert citizenship_group(["NG"]) is CitizenshipGroup.AFRICA
    assert citizenship_group(["PH"]) is CitizenshipGroup.ASIA
    assert citizenship_group(["BR"]) is CitizenshipGroup.AMERICAS
    assert citizenship_group(["FJ"]) is CitizenshipGroup.OCEANIA
    assert citizenship_group([]) is CitizenshipGroup.UNKNOWN


def test_every_country_but_antarctica_has_a_group() -> None:
    ungrouped = {c for c in places.country_codes() if group_of(c) is CitizenshipGroup.UNKNOWN}
    assert ungrouped == {"AQ"}
