"""The msgspec mapper: typed round trips, snapshots, and old events after a class evolves."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import msgspec
import pytest
from eventsourcing.domain import Snapshot
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent
from eventsourcing.utils import get_topic

from domain.base import JourneyAggregate
from domain.case import Case
from domain.case_values import IncomingReferral
from domain.organisation import organisation_id
from domain.reflection import ReflectionBasis, ReflectionEndReason
from domain.vocab import (
    ApprovalSubject,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    OutgoingReferralReason,
    RiskLevel,
    ServiceOutcome,
    ServiceType,
)
from tests.support.keys import keyed_mapper
from tests.unit.dsl import at

REFERRAL = IncomingReferral(
    "Kosovo Police",
    OrganisationType.LAW_ENFORCEMENT,
    date(2026, 3, 1),
    IncomingReferralReason.OTHER,
    "found at a bar in Prizren",
)


def busy_case() -> Case:
    case = Case.open("PVPT-C-2026-0001", uuid4(), "PVPT-2026-0001", REFERRAL, actor="ana", at=at())
    case.assign_caseworker("besa", actor="ana", at=at(1))
    case.assess_risk(RiskLevel.MEDIUM, "trafficker knows the family", actor="besa", at=at(1))
    case.start_screening(actor="besa", at=at(2))
    case.screen_in(actor="besa", at=at(2))
    case.start_reflection_period(ReflectionBasis.KOSOVO_SOP, 90, actor="besa", at=at(2))
    case.extend_reflection_period("still in shock", "ana", 10, actor="ana", at=at(3))
    case.end_reflection_period(ReflectionEndReason.DECIDED_TO_COOPERATE, actor="besa", at=at(3))
    case.request_approval(ApprovalSubject.ASSESSMENT, actor="besa", at=at(3))
    case.deliver_service(
        ServiceType.MEDICAL,
        "Prizren hospital",
        date(2026, 3, 4),
        ServiceOutcome.COMPLETED,
        consent_given_on=date(2026, 3, 2),
        actor="besa",
        at=at(3),
    )
    case.refer_out(
        organisation_id("iom-kosovo"),
        "IOM",
        OrganisationType.NGO,
        OutgoingReferralReason.OTHER,
        sharing_consented=True,
        actor="besa",
        at=at(4),
    )
    case.add_note(NoteCategory.MEDICAL, "stable", actor="dr", at=at(4))
    return case


def test_every_event_of_a_busy_case_round_trips_with_its_types() -> None:
    mapper = keyed_mapper()
    events = busy_case().collect_events()
    for event in events:
        stored = mapper.to_stored_event(event)
        assert b"originator_id" not in stored.state
        assert mapper.to_domain_event(stored) == event


def test_a_snapshot_round_trips_into_an_equal_aggregate() -> None:
    case = busy_case()
    case.collect_events()
    mapper = keyed_mapper()
    snapshot = Snapshot.take(case)
    restored: Any = mapper.to_domain_event(mapper.to_stored_event(snapshot))
    assert restored.mutate(None) == case


def test_a_stored_event_with_a_wrong_type_names_the_event_and_keeps_the_cause() -> None:
    event = busy_case().collect_events()[2]  # RiskAssessed
    mapper = keyed_mapper()
    stored = mapper.to_stored_event(event)
    broken = StoredEvent(
        stored.originator_id,
        stored.originator_version,
        stored.topic,
        stored.state.replace(b'"medium"', b'"extreme"'),
    )
    with pytest.raises(MapperDeserialisationError, match=r"Case\.RiskAssessed of ") as refused:
        mapper.to_domain_event(broken)
    assert isinstance(refused.value.__cause__, msgspec.ValidationError)  # its text is msgspec's


class Journal(JourneyAggregate):
    """A throwaway aggregate whose event class 'evolves' within this test module."""

    class Started(JourneyAggregate.Created):
        title: str


def _stored_v1(title: str) -> StoredEvent:
    payload = msgspec.json.encode(
        {"timestamp": at(), "originator_topic": get_topic(Journal), "actor": "ana", "title": title}
    )
    return StoredEvent(uuid4(), 1, get_topic(Journal.Started), payload)


def test_a_field_added_with_a_default_is_filled_in_for_old_events(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class StartedV2(JourneyAggregate.Created):
        title: str
        language: str = "sq"

    monkeypatch.setattr("adapters.store.codec.resolve_topic", lambda _topic: StartedV2)
    event = keyed_mapper().to_domain_event(_stored_v1("diary"))
    assert (event.title, event.language) == ("diary", "sq")


def test_an_upcast_rewrites_old_events_before_typed_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class StartedV2(JourneyAggregate.Created):
        class_version = 2
        heading: str  # renamed from "title": needs code, not a default

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["heading"] = state.pop("title")

    monkeypatch.setattr("adapters.store.codec.resolve_topic", lambda _topic: StartedV2)
    event = keyed_mapper().to_domain_event(_stored_v1("diary"))
    assert event.heading == "diary"
    assert keyed_mapper().to_stored_event(event).state.count(b'"class_version":2') == 1


def test_a_case_snapshot_of_v1_shows_its_reflection_end_as_a_legacy_period() -> None:
    case = Case.open("PVPT-C-2026-0002", uuid4(), "PVPT-2026-0002", REFERRAL, actor="ana", at=at())
    case.collect_events()
    mapper = keyed_mapper()
    stored = mapper.to_stored_event(Snapshot.take(case))
    snapshot: dict[str, Any] = msgspec.json.decode(stored.state)
    del snapshot["state"]["reflection"], snapshot["state"]["class_version"]
    snapshot["state"]["reflection_ends_on"] = "2026-06-01"  # as v1 held it: screened in
    payload = msgspec.json.encode(snapshot)
    old = StoredEvent(stored.originator_id, stored.originator_version, stored.topic, payload)
    restored: Any = mapper.to_domain_event(old).mutate(None)
    assert restored.reflection.legal_basis is ReflectionBasis.LEGACY_SCREENING
    assert (restored.reflection.started_on, restored.reflection_ends_on) == (
        date(2026, 3, 3),
        date(2026, 6, 1),
    )
