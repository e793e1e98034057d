"""Consents stored before the registry under two old names of one organisation ("IOM",
"IOM Kosovo") both read as consent to IOM (domain/partners.py): the person's record still
loads on both databases (review of issue 15). The consent is in force from the earlier
of the two; a withdrawal under either old name withdraws it, the other is no-op on replay;
and the record takes commands again, erasure included."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import msgspec
import pytest
from eventsourcing.persistence import StoredEvent

from adapters.run.bootstrap import Journey
from domain.beneficiary import Beneficiary
from domain.errors import RuleViolated
from domain.organisation import organisation_id
from domain.vocab import ConsentGiver, ConsentKind, ErasureBasis
from services.commands.beneficiary import ErasePersonalData, GiveConsent, WithdrawConsent
from tests.support.factories import MANAGER, WORKER, register
from tests.support.partners import partner

SHARING = ConsentKind.SHARING
IOM = organisation_id("iom-kosovo")


def _stored(journey: Journey, event: Any, version: int) -> StoredEvent:
    """`event` as stored before the registry: class `version`, no `organisation_id`."""
    stored = journey.app.mapper.to_stored_event(event)
    state: dict[str, Any] = msgspec.json.decode(stored.state)
    del state["organisation_id"]
    state["class_version"] = version
    return StoredEvent(
        stored.originator_id, stored.originator_version, stored.topic, msgspec.json.encode(state)
    )


def _old_history(journey: Journey, person: UUID, steps: list[tuple[str, str, date]]) -> None:
    """Store ("given"|"withdrawn", old name, day) steps as events of before the registry."""
    beneficiary = journey.app.load(Beneficiary, person)
    at = journey.bus.clock()
    versions = []
    event_class: type[Any]
    fields: dict[str, Any]
    for step, name, day in steps:
        if step == "given":
            fields = {"given_by": ConsentGiver.BENEFICIARY, "given_on": day, "renew_by": None}
            event_class, version = beneficiary.ConsentGiven, 4
        else:
            fields, event_class, version = {"withdrawn_on": day}, beneficiary.ConsentWithdrawn, 2
        beneficiary._record(  # unregistered names here: the upcast then finds IOM
            event_class, WORKER, at, kind=SHARING, partner=name, organisation_id=None, **fields
        )
        versions.append(version)
    events = beneficiary.collect_events()
    journey.app.recorder.insert_events(
        [_stored(journey, e, v) for e, v in zip(events, versions, strict=True)]
    )


GIVEN_BOTH = [("given", "IOM", date(2026, 1, 20)), ("given", "IOM Kosovo", date(2026, 2, 3))]


def test_both_old_names_withdrawn_loads_without_consent(journey: Journey) -> None:
    person = register(journey)
    withdrawn = [
        ("withdrawn", "IOM", date(2026, 2, 10)),
        ("withdrawn", "IOM Kosovo", date(2026, 2, 11)),
    ]
    _old_history(journey, person, GIVEN_BOTH + withdrawn)
    beneficiary = journey.queries.beneficiary(person)
    assert not beneficiary.may_share_with(IOM)
    with pytest.raises(RuleViolated) as caught:  # commands still refuse it
        journey.bus.execute(
            person, WithdrawConsent(kind=SHARING, organisation_id=IOM), actor=WORKER
        )
    assert caught.value.rule == "consent_not_given"
    assert partner(journey) == IOM  # registered now, to be consented to again
    give = GiveConsent(kind=SHARING, given_by=ConsentGiver.BENEFICIARY, organisation_id=IOM)
    journey.bus.execute(person, give, actor=WORKER)
    assert journey.queries.beneficiary(person).may_share_with(IOM)
    erasure = ErasePersonalData(ErasureBasis.CONSENT_WITHDRAWN, "DPO-2026-014")
    journey.bus.execute(person, erasure, actor=MANAGER)
    assert journey.app.load(Beneficiary, person).erased


def test_two_old_names_are_one_consent_from_the_earlier(journey: Journey) -> None:
    person = register(journey)
    _old_history(journey, person, GIVEN_BOTH)
    kept = journey.queries.beneficiary(person).consents[f"sharing:{IOM}"]
    assert (kept.partner, kept.given_on) == ("IOM", date(2026, 1, 20))


def test_withdrawing_either_old_name_withdraws_consent_to_the_organisation(
    journey: Journey,
) -> None:
    person = register(journey)
    _old_history(journey, person, [*GIVEN_BOTH, ("withdrawn", "IOM", date(2026, 2, 10))])
    assert not journey.queries.beneficiary(person).may_share_with(IOM)
