"""Every text field of every event is either withheld by the history export or named
here as not identifying: a new free-text field cannot reach an auditor unnoticed."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from adapters.replay import ENVELOPE, FREE_TEXT, NOTE_TEXT
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.facility import Facility
from domain.plan import ReintegrationPlan
from domain.stay import ShelterStay

# Codes, numbers, names of staff and partner organisations: shown to every case reader.
NOT_IDENTIFYING = frozenset(
    {
        "code",
        "case_number",
        "beneficiary_code",
        "caseworker",
        "previous",
        "partner",
        "provider",
        "reference",  # an erasure request's reference (DPO-2026-014), no narrative
        "name",  # a facility's name
        "originator_topic",
    }
)


def _events() -> list[type[Any]]:
    found = []
    for aggregate in (Beneficiary, Case, ReintegrationPlan, ShelterStay, Facility):
        found += [
            cls
            for cls in vars(aggregate).values()
            if isinstance(cls, type) and dataclasses.is_dataclass(cls)
        ]
    return found


def _is_text(hint: Any) -> bool:
    union = typing.get_origin(hint) in {typing.Union, types.UnionType}
    return hint is str or (union and str in typing.get_args(hint))


def test_every_text_field_of_an_event_is_classified() -> None:
    unclassified = []
    for cls in _events():
        hints = typing.get_type_hints(cls)
        for field in dataclasses.fields(cls):
            if field.name in ENVELOPE or not _is_text(hints[field.name]):
                continue
            if field.name not in FREE_TEXT | {NOTE_TEXT} | NOT_IDENTIFYING:
                unclassified.append(f"{cls.__qualname__}.{field.name}")
    assert unclassified == []
