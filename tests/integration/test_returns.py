"""Returns across a border through the command bus, on both databases: requested with
the case's link saved together, organisations checked in the registry, the case's
closure as repatriated refused until the hand-over and accepted after it, and a
referral from another country's mechanism kept with its foreign reference."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from domain.case_values import IncomingReferral
from domain.errors import InvalidInput, RuleViolated
from domain.organisation import OrganisationKind
from domain.organisation_values import OrganisationDetails, OrganisationNames
from domain.return_process import ReturnProcess
from domain.return_vocab import (
    ReturnCancelReason,
    ReturnDirection,
    ReturnStatus,
    TravelDocumentKind,
    TravelDocumentStatus,
)
from domain.values import ERASED
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    ErasureBasis,
    IncomingReferralReason,
    OrganisationType,
    RiskLevel,
    Stage,
)
from projections.returns import Returns
from projections.timeline import Timeline
from services.commands.beneficiary import ErasePersonalData
from services.commands.case import Approve, OpenCase, RequestApproval
from services.commands.organisation import RegisterOrganisation
from services.commands.returns import (
    AssessReturnRisk,
    CancelReturn,
    ConfirmHandOver,
    PlanReturn,
    RecordTravelDocument,
    RequestReturn,
)
from tests.support.factories import MANAGER, WORKER, case_in_service_provision, register
from tests.support.projecting import memory_engine, project, rows

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)


@pytest.fixture
def journey(database_url: str) -> Iterator[Journey]:
    system = build(database_url, ScriptedClock(START))
    yield system
    system.close()


def organisation(journey: Journey, key: str, country: str = "AL") -> UUID:
    command = RegisterOrganisation(
        key=key,
        names=OrganisationNames(english=key.replace("-", " ").title()),
        details=OrganisationDetails(kind=OrganisationKind.NGO, country=country),
        active_from=date(2020, 1, 1),
    )
    return journey.bus.execute(None, command, actor=MANAGER).id


def requested(journey: Journey, case_id: UUID) -> UUID:
    command = RequestReturn(
        case_id=case_id,
        direction=ReturnDirection.FROM_KOSOVO,
        destination_country="AL",
        voluntary=True,
    )
    return journey.bus.execute(None, command, actor=WORKER).id


def prepared(journey: Journey, return_id: UUID | str, planned_on: date = TODAY) -> None:
    return_id = UUID(str(return_id))
    run = journey.bus.execute
    iom = organisation(journey, "iom-kosovo", "XK")
    receiver = organisation(journey, "different-and-equal")
    run(return_id, AssessReturnRisk(level=RiskLevel.LOW, summary="safe at home"), actor=WORKER)
    for status in (TravelDocumentStatus.APPLIED, TravelDocumentStatus.ISSUED):
        document = RecordTravelDocument(document=TravelDocumentKind.PASSPORT, status=status)
        run(return_id, document, actor=WORKER)
    plan = PlanReturn(
        receiving_organisation_id=receiver, planned_on=planned_on, escort_organisation_id=iom
    )
    run(return_id, plan, actor=WORKER)


def close_as_repatriated(journey: Journey, case_id: UUID) -> None:
    ask = RequestApproval(subject=ApprovalSubject.CLOSURE, closure_reason=ClosureReason.REPATRIATED)
    journey.bus.execute(case_id, ask, actor=WORKER)
    journey.bus.execute(case_id, Approve(subject=ApprovalSubject.CLOSURE), actor=MANAGER)


def test_the_case_closes_as_repatriated_only_after_the_hand_over(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    return_id = requested(journey, case_id)
    assert journey.queries.case(case_id).open_return_ids == [return_id]
    assert return_id in journey.queries.case(case_id).record_ids
    with pytest.raises(RuleViolated) as refused:
        close_as_repatriated(journey, case_id)
    assert refused.value.rule == "return_not_handed_over"
    prepared(journey, return_id)
    journey.bus.execute(return_id, ConfirmHandOver(), actor=WORKER)
    process = journey.app.load(ReturnProcess, return_id)
    assert (process.status, process.handed_over_on) == (ReturnStatus.HANDED_OVER, TODAY)
    close_as_repatriated(journey, case_id)
    case = journey.queries.case(case_id)
    assert (case.stage, case.closure_reason) == (Stage.CLOSED, ClosureReason.REPATRIATED)


def test_the_hand_over_waits_for_the_preparation(journey: Journey) -> None:
    return_id = requested(journey, case_in_service_provision(journey))
    with pytest.raises(RuleViolated) as refused:
        journey.bus.execute(return_id, ConfirmHandOver(), actor=WORKER)
    assert refused.value.rule == "return_risk_not_assessed"


def test_organisations_are_registered_ones(journey: Journey) -> None:
    return_id = requested(journey, case_in_service_provision(journey))
    plan = PlanReturn(receiving_organisation_id=UUID(int=5), planned_on=TODAY)
    with pytest.raises(InvalidInput) as refused:
        journey.bus.execute(return_id, plan, actor=WORKER)
    assert refused.value.field == "receiving_organisation_id"


def test_a_cancelled_return_frees_the_case(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    return_id = requested(journey, case_id)
    cancel = CancelReturn(reason=ReturnCancelReason.PERSON_CHANGED_MIND)
    journey.bus.execute(return_id, cancel, actor=WORKER)
    assert journey.queries.case(case_id).open_return_ids == []
    assert journey.app.load(ReturnProcess, return_id).status is ReturnStatus.CANCELLED
    requested(journey, case_id)  # a new request, once the first ended


def test_a_return_is_never_forced(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    command = RequestReturn(
        case_id=case_id,
        direction=ReturnDirection.FROM_KOSOVO,
        destination_country="RS",
        voluntary=False,
    )
    with pytest.raises(RuleViolated) as refused:
        journey.bus.execute(None, command, actor=WORKER)
    assert refused.value.rule == "return_not_voluntary"
    assert journey.queries.case(case_id).return_ids == []


def test_a_referral_from_abroad_keeps_the_foreign_reference(journey: Journey) -> None:
    referral = IncomingReferral(
        "Bundeskriminalamt",
        OrganisationType.LAW_ENFORCEMENT,
        date(2026, 2, 20),
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
        referring_country="DE",
        foreign_reference="NRM-DE-2026-0413",
    )
    command = OpenCase(beneficiary_id=register(journey), referral=referral)
    case_id = journey.bus.execute(None, command, actor=WORKER).id
    stored = journey.queries.case(case_id).referral
    assert (stored.referring_country, stored.foreign_reference) == ("DE", "NRM-DE-2026-0413")


def test_the_read_model_has_no_personal_data_and_the_district(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    command = RequestReturn(
        case_id=case_id,
        direction=ReturnDirection.TO_KOSOVO,
        destination_country="XK",
        destination_municipality="05",  # Dragash: district Prizren
        voluntary=True,
    )
    return_id = journey.bus.execute(None, command, actor=WORKER).id
    prepared(journey, return_id)
    journey.bus.execute(return_id, ConfirmHandOver(), actor=WORKER)
    engine = memory_engine()
    tables = project(journey, Returns(), engine)
    (row,) = rows(engine, tables["returns"])
    assert (row["direction"], row["destination_country"], row["destination_district"]) == (
        "to_kosovo",
        "XK",
        "Prizren",
    )
    assert (row["status"], row["documents"], row["documents_issued"]) == ("handed_over", 1, 1)
    assert (row["risk_level"], row["handed_over_on"]) == ("low", TODAY)
    assert not {"summary", "note", "destination_municipality"} & set(row)


def test_erasure_reaches_the_returns_free_text(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    return_id = requested(journey, case_id)
    prepared(journey, return_id)  # its risk summary: "safe at home"
    beneficiary_id = journey.queries.case(case_id).beneficiary_id
    erasure = ErasePersonalData(legal_basis=ErasureBasis.CONSENT_WITHDRAWN, reference="DPO-1")
    journey.bus.execute(beneficiary_id, erasure, actor=MANAGER)
    (assessed,) = [
        e for e in journey.app.events.get(return_id) if isinstance(e, ReturnProcess.RiskAssessed)
    ]
    assert assessed.summary == ERASED
    kinds = {kind for kind, _ in journey.queries.case(case_id).linked_records}
    assert "return" in kinds


def test_the_case_timeline_tells_the_return_without_its_free_text(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    return_id = requested(journey, case_id)
    prepared(journey, return_id)
    engine = memory_engine()
    tables = project(journey, Timeline(), engine)
    entries = [r["summary"] for r in rows(engine, tables["case_timeline"])]
    assert f"Return to AL requested on {TODAY} (voluntary)" in entries
    assert f"Destination risk assessed low on {TODAY}" in entries
    assert not [e for e in entries if "safe at home" in e]
