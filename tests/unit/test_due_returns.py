"""The due model's return items fed by the events real commands record: the
destination's risk assessment due after the request, the planned day of travel and
hand-over, both met or no longer owed as the return goes (projections/due/returns.py)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from adapters.run.bootstrap import Journey
from domain.return_process import RISK_ASSESSMENT_WITHIN_DAYS
from domain.return_vocab import (
    ReturnCancelReason,
    ReturnDirection,
    TravelDocumentKind,
    TravelDocumentStatus,
)
from domain.vocab import RiskLevel
from services.commands.returns import (
    AssessReturnRisk,
    CancelReturn,
    ConfirmHandOver,
    PlanReturn,
    RecordTravelDocument,
    RequestReturn,
)
from tests.integration.test_returns import organisation
from tests.support.factories import WORKER, case_in_service_provision
from tests.unit.test_due_real_events import TODAY, clock, due, items, journey

__all__ = ["clock", "journey"]  # the fixtures, from the due tests
LATER = date(2026, 3, 2)  # the scripted clock's day: the plan may be for any day after it


def requested(journey: Journey) -> UUID:
    command = RequestReturn(
        case_id=case_in_service_provision(journey),
        direction=ReturnDirection.FROM_KOSOVO,
        destination_country="UA",
        voluntary=True,
    )
    return journey.bus.execute(None, command, actor=WORKER).id


def test_a_requested_return_owes_the_destinations_risk_assessment(journey: Journey) -> None:
    return_id = requested(journey)
    (row,) = due(journey, "return_risk_assessment")
    expected = TODAY + timedelta(days=RISK_ASSESSMENT_WITHIN_DAYS)
    assert (row["due_on"], row["anchor_on"]) == (expected.isoformat(), TODAY.isoformat())
    journey.bus.execute(return_id, AssessReturnRisk(level=RiskLevel.LOW), actor=WORKER)
    assert due(journey, "return_risk_assessment") == []
    (met,) = items(journey, "return_risk_assessment")
    assert met["done_on"] == TODAY.isoformat()


def test_the_planned_day_is_due_moved_and_met_by_the_hand_over(journey: Journey) -> None:
    return_id = requested(journey)
    receiver = organisation(journey, "la-strada-ukraine", "UA")
    run = journey.bus.execute
    for planned_on in (LATER + timedelta(days=20), LATER + timedelta(days=30)):
        plan = PlanReturn(receiving_organisation_id=receiver, planned_on=planned_on)
        run(return_id, plan, actor=WORKER)
    (row,) = due(journey, "return_date")
    assert row["due_on"] == (LATER + timedelta(days=30)).isoformat()
    run(return_id, AssessReturnRisk(level=RiskLevel.MEDIUM), actor=WORKER)
    document = RecordTravelDocument(
        document=TravelDocumentKind.EMERGENCY_TRAVEL_DOCUMENT, status=TravelDocumentStatus.ISSUED
    )
    run(return_id, document, actor=WORKER)
    run(return_id, ConfirmHandOver(), actor=WORKER)
    assert due(journey, "return_date") == []
    (met,) = items(journey, "return_date")
    assert met["done_on"] == TODAY.isoformat()


def test_a_cancelled_return_owes_nothing(journey: Journey) -> None:
    return_id = requested(journey)
    cancel = CancelReturn(reason=ReturnCancelReason.RISK_TOO_HIGH)
    journey.bus.execute(return_id, cancel, actor=WORKER)
    assert due(journey, "return_risk_assessment") == []
    (ended,) = items(journey, "return_risk_assessment")
    assert ended["done_on"] == TODAY.isoformat()
