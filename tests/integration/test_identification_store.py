"""Identification and screening on the store (both databases): decisions and screenings
out stored before issue 14 still load, as what they said then (docs/domain.md,
Identification and screening; ADR 3)."""

from __future__ import annotations

from typing import Any

import msgspec
from eventsourcing.domain import Snapshot
from eventsourcing.persistence import StoredEvent

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.parts.beneficiary_identification import UNRECORDED
from domain.vocab import (
    ClosureReason,
    DecidingBody,
    IdentificationKind,
    ScreeningOutcome,
    Stage,
    TraffickingStatus,
)
from services.commands.beneficiary import DecideTraffickingStatus
from services.commands.case import AssignCaseworker, StartScreening
from services.commands.identification import RecordIdentification, Rescreen
from tests.support.factories import WORKER, open_case, register

V3_FIELDS = ("outcome", "other_need", "onward_referral", "no_referral_reason", "closure_reason")


def stored_before(journey: Journey, event: Any, version: int | None, *dropped: str) -> StoredEvent:
    """`event` as stored before issue 14: without `dropped`, at class `version`."""
    stored = journey.app.mapper.to_stored_event(event)
    state: dict[str, Any] = msgspec.json.decode(stored.state)
    for field in dropped:
        del state[field]
    state.pop("class_version", None)
    if version is not None:
        state["class_version"] = version
    payload = msgspec.json.encode(state)
    return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, payload)


def test_a_screening_out_stored_as_v2_loads_as_not_a_victim_and_is_screened_again(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssignCaseworker(caseworker=WORKER), actor=WORKER)
    journey.bus.execute(case_id, StartScreening(), actor=WORKER)
    case = journey.app.load(Case, case_id)
    clock.advance(days=1)
    case.screen_out(
        ScreeningOutcome.DECLINED,
        "no indicators of trafficking",
        no_referral_reason="x",
        actor=WORKER,
        at=clock(),
    )
    (event,) = case.collect_events()
    journey.app.recorder.insert_events([stored_before(journey, event, 2, *V3_FIELDS)])
    loaded = journey.app.load(Case, case_id)
    assert (loaded.stage, loaded.closure_reason) == (Stage.CLOSED, ClosureReason.NOT_A_VICTIM)
    (out,) = loaded.screenings_out
    assert (out.outcome, out.other_need, out.onward_referral) == (
        ScreeningOutcome.NOT_TRAFFICKING_OTHER_NEED,
        None,
        None,
    )
    journey.bus.execute(case_id, Rescreen(reason="new information"), actor=WORKER)
    assert journey.app.load(Case, case_id).stage is Stage.SCREENING


def test_a_status_decision_stored_before_loads_as_a_formal_decision(
    journey: Journey, clock: ScriptedClock
) -> None:
    beneficiary_id = register(journey)
    person = journey.app.load(Beneficiary, beneficiary_id)
    clock.advance(days=1)
    person.decide_trafficking_status(
        TraffickingStatus.NOT_A_VICTIM, DecidingBody.POLICE, actor=WORKER, at=clock()
    )
    (event,) = person.collect_events()
    journey.app.recorder.insert_events([stored_before(journey, event, 2, "status_in_force")])
    loaded = journey.app.load(Beneficiary, beneficiary_id)
    assert loaded.trafficking_status is TraffickingStatus.NOT_A_VICTIM
    (decision,) = loaded.identifications
    assert (decision.number, decision.kind, decision.country) == (
        1,
        IdentificationKind.FORMAL,
        "XK",
    )
    preliminary = RecordIdentification(
        kind=IdentificationKind.PRELIMINARY,
        status=TraffickingStatus.POSSIBLE,
        deciding_body=DecidingBody.NGO,
    )
    journey.bus.execute(beneficiary_id, preliminary, actor=WORKER)
    again = journey.app.load(Beneficiary, beneficiary_id)
    assert [d.number for d in again.identifications] == [1, 2]
    assert again.trafficking_status is TraffickingStatus.NOT_A_VICTIM  # the formal one


def snapshot_before(journey: Journey, record: Any, *dropped: str) -> StoredEvent:
    """A snapshot of `record` as taken before issue 14: without `dropped`, class version 1."""
    stored = journey.app.mapper.to_stored_event(Snapshot.take(record))
    state: dict[str, Any] = msgspec.json.decode(stored.state)
    for field in dropped:
        del state["state"][field]
    state["state"].pop("class_version", None)
    payload = msgspec.json.encode(state)
    return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, payload)


def test_a_snapshot_taken_before_is_passed_over_and_the_record_replayed(
    journey: Journey, clock: ScriptedClock
) -> None:
    beneficiary_id = register(journey)
    clock.advance(days=1)
    decided = DecideTraffickingStatus(
        status=TraffickingStatus.ACTUAL, deciding_body=DecidingBody.POLICE
    )
    journey.bus.execute(beneficiary_id, decided, actor=WORKER)
    person = journey.app.load(Beneficiary, beneficiary_id)
    case_id = open_case(journey, register(journey, given_name="Vjosa"))
    case = journey.app.load(Case, case_id)
    assert journey.app.snapshots is not None
    journey.app.snapshots.recorder.insert_events(
        [
            snapshot_before(journey, person, "identifications"),
            snapshot_before(journey, case, "screenings_out", "rescreen_count"),
        ]
    )
    loaded = journey.app.load(Beneficiary, beneficiary_id)
    (decision,) = loaded.identifications
    assert (decision.kind, decision.status, decision.deciding_body) == (
        IdentificationKind.FORMAL,
        TraffickingStatus.ACTUAL,
        DecidingBody.POLICE,
    )
    assert decision.decided_on == person.status_decided_on
    # an older snapshot is not upcast but passed over (services/snapshots.py): the decision
    # is read from the events, with who recorded it, which no old snapshot holds
    assert decision.recorded_by == WORKER != UNRECORDED
    assert loaded == person
    assert journey.app.load(Case, case_id) == case
