"""One classification of every stored field: a new field cannot reach a reader, a
stream or a table unclassified, and the seals follow the classification."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

import pytest

from adapters.privacy.sealing import EVENT_SEALS, STATE_SEALS
from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.classification import (
    EVENTS,
    SEALED_WHOLE,
    STATES,
    VALUES,
    Field,
    Sensitivity,
    fields_of,
)
from domain.day_centre import DayCentreEnrolment
from domain.day_centre_session import DayCentreSession
from domain.facility import Facility
from domain.organisation import Organisation
from domain.plan import ReintegrationPlan
from domain.proceedings import CriminalProceedings
from domain.sequence import CodeSequence
from domain.stay import ShelterStay
from domain.values import ERASED

AGGREGATES = (
    Beneficiary,
    Case,
    Facility,
    ShelterStay,
    ReintegrationPlan,
    CodeSequence,
    DayCentreEnrolment,
    DayCentreSession,
    CarePlan,
    CriminalProceedings,
    Organisation,
)
BASES = {"Event", "Created"}  # the aggregates' base event classes, never stored as such


def stored_event_classes() -> list[type[Any]]:
    return [
        cls
        for aggregate in AGGREGATES
        for name, cls in vars(aggregate).items()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and name not in BASES
    ]


def value_classes() -> set[type[Any]]:
    """Every dataclass type that a classified field holds, directly or in a container."""
    found: set[type[Any]] = set()
    for cls in [*stored_event_classes(), *AGGREGATES, *VALUES]:
        for hint in typing.get_type_hints(cls).values():
            found |= {
                t for t in _types_in(hint) if isinstance(t, type) and dataclasses.is_dataclass(t)
            }
    return found


def _types_in(hint: Any) -> set[Any]:
    args = typing.get_args(hint)
    return {hint} if not args else {t for a in args for t in _types_in(a)}


@pytest.mark.parametrize("cls", stored_event_classes(), ids=lambda c: c.__qualname__)
def test_every_field_of_every_event_is_classified(cls: type[Any]) -> None:
    names = {f.name for f in dataclasses.fields(cls)}
    assert names - set(fields_of(cls) or {}) == set(), "fields without a classification"
    assert set(EVENTS[cls]) - names == set(), "classified fields the event does not have"


@pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda c: c.__name__)
def test_every_field_of_every_aggregate_state_is_classified(aggregate: type[Any]) -> None:
    names = set(typing.get_type_hints(aggregate))
    assert names - set(fields_of(aggregate) or {}) == set()
    assert set(STATES[aggregate]) - names == set()


def test_every_value_object_a_field_holds_is_classified_field_by_field() -> None:
    for cls in value_classes():
        assert cls in VALUES, cls
        assert {f.name for f in dataclasses.fields(cls)} == set(VALUES[cls]), cls


def test_a_field_classified_by_a_type_holds_that_type() -> None:
    for cls in [*EVENTS, *STATES, *VALUES]:
        hints = typing.get_type_hints(cls)
        for name, entry in (fields_of(cls) or {}).items():
            if isinstance(entry, type):
                assert entry in _types_in(hints[name]), f"{cls.__qualname__}.{name}"


def test_every_text_written_by_staff_is_identifying() -> None:
    free_texts = {"details", "rationale", "comment", "reason", "note", "summary", "description"}
    for cls in EVENTS:
        hints = typing.get_type_hints(cls)
        for name in free_texts & set(EVENTS[cls]):
            entry = EVENTS[cls][name]
            if str not in _types_in(hints[name]):
                continue  # a vocabulary, such as ReferredOut.reason
            about_facility = cls is Facility.CapacityChanged
            assert isinstance(entry, Field), name
            assert entry.identifying != about_facility, f"{cls.__qualname__}.{name}"


def test_a_note_text_is_sensitive_by_its_category() -> None:
    note = EVENTS[Case.NoteAdded]["text"]
    assert isinstance(note, Field)
    assert (note.sensitivity, note.category_from) == (Sensitivity.SENSITIVE, "category")


def paths(seals: Any) -> dict[str, Any]:
    return {seal.path: seal.erased for seal in seals}


def test_seals_follow_the_classification_into_values_lists_and_dicts() -> None:
    """The stored format: these paths were sealed before the seals were derived."""
    assert paths(EVENT_SEALS[Case.Opened]) == {
        "referral.details": None,
        "referral.foreign_reference": None,  # new in issue 15 (return): cross-border
        "referral.contact_person": None,  # new in issue 15 (person)
    }
    assert paths(EVENT_SEALS[Beneficiary.GuardianAppointed]) == {
        "guardian.name": ERASED,
        "guardian.contact": None,
    }
    person = {"given_name": ERASED, "family_name": ERASED}
    assert paths(EVENT_SEALS[Beneficiary.Registered]) == {"personal": person}
    assert paths(STATE_SEALS[Case]) == {
        "referral.details": None,
        "referral.foreign_reference": None,
        "referral.contact_person": None,  # new in issue 15 (person)
        "referrals{}.contact_person": None,
        "notes[].text": ERASED,
        "best_interests[].recommendation": ERASED,  # new in issue 14 (children)
        "documents{}.filename": ERASED,
    }
    assert paths(STATE_SEALS[ReintegrationPlan]) == {
        "goals{}.description": ERASED,
        "goals{}.progress[]": ERASED,
        "discontinue_reason": None,
    }


def test_every_identifying_field_of_an_event_is_sealed() -> None:
    for cls, entries in EVENTS.items():
        identifying = {
            name
            for name, entry in entries.items()
            if (isinstance(entry, Field) and entry.identifying) or entry in SEALED_WHOLE
        }
        sealed = {seal.steps[0] for seal in EVENT_SEALS.get(cls, ())}
        assert identifying <= sealed, cls.__qualname__
