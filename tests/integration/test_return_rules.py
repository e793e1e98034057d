"""Returns across a border through the command bus, on both databases: no return once
the person's data was erased, a child's return only after a best-interests assessment
(at the request and at the hand-over), a travel document dropped as not needed, and
the case closing as repatriated only after a hand-over (a cancelled return does not do)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.errors import RuleViolated
from domain.return_vocab import (
    ReturnCancelReason,
    ReturnDirection,
    TravelDocumentKind,
    TravelDocumentStatus,
)
from domain.values import PersonalData
from domain.vocab import (
    ApprovalSubject,
    BestInterestsDecision,
    ClosureReason,
    ErasureBasis,
    Gender,
    TraffickingScope,
)
from projections.returns import Returns
from services.commands.beneficiary import (
    ErasePersonalData,
    RegisterBeneficiary,
    UpdatePersonalData,
)
from services.commands.case import RequestApproval
from services.commands.returns import (
    CancelReturn,
    ConfirmHandOver,
    RecordTravelDocument,
    RequestReturn,
)
from tests.integration.test_children import assessment, case_of, child
from tests.integration.test_returns import prepared
from tests.support.factories import MANAGER, WORKER, case_in_service_provision
from tests.support.projecting import memory_engine, project, rows

ADULT = PersonalData("Ana", "Popa", date(1998, 5, 17))


def request(journey: Journey, case_id: UUID) -> RequestReturn:
    return RequestReturn(
        case_id=case_id,
        direction=ReturnDirection.FROM_KOSOVO,
        destination_country="AL",
        voluntary=True,
    )


def refused(journey: Journey, record: UUID | None, command: object, rule: str) -> None:
    with pytest.raises(RuleViolated) as caught:
        journey.bus.execute(record, command, actor=WORKER)  # type: ignore[arg-type]
    assert caught.value.rule == rule


def today(clock: ScriptedClock) -> date:
    return clock().date()


def test_no_return_is_requested_once_the_data_was_erased(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    beneficiary_id = journey.queries.case(case_id).beneficiary_id
    erasure = ErasePersonalData(legal_basis=ErasureBasis.CONSENT_WITHDRAWN, reference="DPO-2")
    journey.bus.execute(beneficiary_id, erasure, actor=MANAGER)
    refused(journey, None, request(journey, case_id), "personal_data_erased")
    assert journey.queries.case(case_id).return_ids == []


def test_a_childs_return_needs_a_best_interests_assessment(journey: Journey) -> None:
    case_id = case_of(journey, child(journey))
    refused(journey, None, request(journey, case_id), "best_interests_required")
    assert journey.queries.case(case_id).return_ids == []
    journey.bus.execute(case_id, assessment(BestInterestsDecision.RETURN), actor=WORKER)
    journey.bus.execute(None, request(journey, case_id), actor=WORKER)
    assert len(journey.queries.case(case_id).open_return_ids) == 1


def test_the_hand_over_of_a_child_needs_it_too(journey: Journey, clock: ScriptedClock) -> None:
    """A person taken for an adult at the request, then found a child (the birth date
    corrected): the hand-over waits for the assessment."""
    registered = RegisterBeneficiary(
        personal=ADULT,
        gender=Gender.FEMININE,
        age_at_identification=27,
        citizenships=("AL",),
        scope=TraffickingScope.INTERNATIONAL,
    )
    person = journey.bus.execute(None, registered, actor=WORKER).id
    case_id = case_of(journey, person)
    return_id = journey.bus.execute(None, request(journey, case_id), actor=WORKER).id
    prepared(journey, return_id, today(clock))
    born = today(clock).replace(year=today(clock).year - 16)
    corrected = UpdatePersonalData(personal=PersonalData("Ana", "Popa", born))
    journey.bus.execute(person, corrected, actor=WORKER)
    refused(journey, return_id, ConfirmHandOver(), "best_interests_required")
    journey.bus.execute(case_id, assessment(BestInterestsDecision.RETURN), actor=WORKER)
    journey.bus.execute(return_id, ConfirmHandOver(), actor=WORKER)
    assert journey.queries.case(case_id).handed_over_return_ids == [return_id]


def test_a_document_not_needed_no_longer_holds_the_hand_over(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    return_id = journey.bus.execute(None, request(journey, case_id), actor=WORKER).id
    prepared(journey, return_id, today(clock))  # the passport, issued
    emergency = TravelDocumentKind.EMERGENCY_TRAVEL_DOCUMENT
    needed = RecordTravelDocument(document=emergency, status=TravelDocumentStatus.NEEDED)
    journey.bus.execute(return_id, needed, actor=WORKER)
    refused(journey, return_id, ConfirmHandOver(), "travel_documents_not_issued")
    dropped = RecordTravelDocument(document=emergency, status=TravelDocumentStatus.NOT_NEEDED)
    journey.bus.execute(return_id, dropped, actor=WORKER)
    journey.bus.execute(return_id, ConfirmHandOver(), actor=WORKER)
    engine = memory_engine()
    (row,) = rows(engine, project(journey, Returns(), engine)["returns"])
    assert (row["status"], row["documents"], row["documents_issued"]) == ("handed_over", 1, 1)


@pytest.mark.parametrize(
    "reason", [ClosureReason.REPATRIATED, ClosureReason.REFERRED_OR_TRANSFERRED]
)
def test_a_cancelled_return_does_not_close_the_case_as_returned(
    journey: Journey, reason: ClosureReason
) -> None:
    case_id = case_in_service_provision(journey)
    return_id = journey.bus.execute(None, request(journey, case_id), actor=WORKER).id
    cancel = CancelReturn(reason=ReturnCancelReason.PERSON_CHANGED_MIND)
    journey.bus.execute(return_id, cancel, actor=WORKER)
    closure = RequestApproval(subject=ApprovalSubject.CLOSURE, closure_reason=reason)
    refused(journey, case_id, closure, "return_not_handed_over")
    assert journey.queries.case(case_id).pending_approvals == {}
