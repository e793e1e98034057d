"""A case snapshot stored before day-centre enrolments existed still loads (both
databases), with no enrolments; the case then enrols as any other."""

from __future__ import annotations

from typing import Any

import msgspec
from eventsourcing.domain import Snapshot
from eventsourcing.persistence import StoredEvent

from adapters.run.bootstrap import Journey
from domain.case import Case
from domain.vocab import FacilityKind
from services.commands.day_centre import EnrolInDayCentre
from services.commands.shelter import RegisterFacility
from tests.support.factories import MANAGER, WORKER, case_in_service_provision, consent_to_services


def old_case_snapshot(journey: Journey, case: Case) -> StoredEvent:
    """The case's snapshot as stored before: no enrolments, no class version."""
    stored = journey.app.mapper.to_stored_event(Snapshot.take(case))
    state: dict[str, Any] = msgspec.json.decode(stored.state)
    state["state"].pop("class_version", None)
    del state["state"]["enrolment_ids"], state["state"]["day_centre_enrolments"]
    return StoredEvent(
        stored.originator_id, stored.originator_version, stored.topic, msgspec.json.encode(state)
    )


def test_a_case_snapshot_of_the_old_shape_loads_and_enrols(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    snapshot = old_case_snapshot(journey, journey.app.load(Case, case_id))
    assert journey.app.snapshots is not None
    journey.app.snapshots.recorder.insert_events([snapshot])
    loaded = journey.app.load(Case, case_id)
    assert (loaded.enrolment_ids, loaded.day_centre_enrolments) == ([], {})
    centre = RegisterFacility(
        name="Day centre",
        kind=FacilityKind.DAY_REHABILITATION_CENTRE,
        beds=10,
        effective_from=loaded.referral.referred_on,
    )
    centre_id = journey.bus.execute(None, centre, actor=MANAGER).id
    consent_to_services(journey, loaded.beneficiary_id)  # the day centre is a service
    enrol = EnrolInDayCentre(case_id=case_id, facility_id=centre_id, reason="courses")
    enrolment = journey.bus.execute(None, enrol, actor=WORKER).id
    assert journey.app.load(Case, case_id).enrolment_ids == [enrolment]
