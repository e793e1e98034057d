"""The command services against a real store — every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from domain.errors import (
    CapacityExceeded,
    ConsentRequired,
    InvalidInput,
    RecordNotFound,
    RuleViolated,
    VersionConflict,
)
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    ConsentGiver,
    ConsentKind,
    DischargeReason,
    ExitDestination,
    FollowUpStatus,
    NoteCategory,
    OutgoingReferralReason,
    ServiceOutcome,
    ServiceType,
    Stage,
    SupportPlanType,
)
from services.commands.beneficiary import GiveConsent, WithdrawConsent
from services.commands.case import (
    AddNote,
    Approve,
    AssignCaseworker,
    DeliverService,
    RequestApproval,
    StartFollowUp,
    StartReintegration,
)
from services.commands.plan import (
    AchieveGoal,
    AddGoal,
    CompletePlan,
    DraftPlan,
    RecordFollowUp,
)
from services.commands.referrals import ReferOut
from services.commands.shelter import AdmitToShelter, DischargeFromShelter
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    consent_to_services,
    facility,
    open_case,
    register,
)
from tests.support.partners import partner

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


def test_codes_are_issued_in_order_and_restart_each_year(
    journey: Journey, clock: ScriptedClock
) -> None:
    codes = [journey.queries.beneficiary(register(journey)).code for _ in range(3)]
    assert codes == ["PVPT-2026-0001", "PVPT-2026-0002", "PVPT-2026-0003"]
    clock.set(datetime(2027, 1, 1, tzinfo=UTC))
    assert journey.queries.beneficiary(register(journey)).code == "PVPT-2027-0001"
    assert journey.queries.beneficiary_by_code("PVPT-2026-0002").code == "PVPT-2026-0002"


def test_a_whole_journey_is_stored_and_reloads_equal(
    journey: Journey, database_url: str, clock: ScriptedClock
) -> None:
    run = journey.bus.execute
    case_id = case_in_service_provision(journey)
    consent_to_services(journey, journey.queries.case(case_id).beneficiary_id)
    shelter = facility(journey)
    stay_id = run(None, AdmitToShelter(case_id=case_id, facility_id=shelter), actor=WORKER).id
    run(
        case_id,
        DeliverService(
            service=ServiceType.MEDICAL,
            provider="QKUK",
            delivered_on=date(2026, 3, 2),
            outcome=ServiceOutcome.COMPLETED,
        ),
        actor=WORKER,
    )
    run(
        case_id,
        AddNote(category=NoteCategory.PSYCHOLOGICAL, text="sleeps better"),
        actor="dr.gashi",
    )
    clock.advance(days=60)
    run(
        stay_id,
        DischargeFromShelter(
            reason=DischargeReason.COMPLETED_PROGRAMME, destination=ExitDestination.FAMILY
        ),
        actor=WORKER,
    )
    run(case_id, StartReintegration(), actor=WORKER)
    plan_id = run(None, DraftPlan(case_id=case_id), actor=WORKER).id
    run(
        plan_id,
        AddGoal(
            type=SupportPlanType.LIVELIHOOD,
            description="tailoring course",
            target_date=date(2026, 9, 1),
        ),
        actor=WORKER,
    )
    run(plan_id, AchieveGoal(number=1), actor=WORKER)
    run(plan_id, CompletePlan(), actor=WORKER)
    run(case_id, StartFollowUp(), actor=WORKER)
    clock.advance(days=95)
    run(plan_id, RecordFollowUp(month=3, status=FollowUpStatus.SUSTAINED), actor=WORKER)
    run(
        case_id,
        RequestApproval(subject=ApprovalSubject.CLOSURE, closure_reason=ClosureReason.REINTEGRATED),
        actor=WORKER,
    )
    run(case_id, Approve(subject=ApprovalSubject.CLOSURE), actor=MANAGER)

    fresh = build(database_url)
    try:
        for record_id in (case_id, stay_id, plan_id, shelter):
            assert fresh.app.repository.get(record_id) == journey.app.repository.get(record_id)
        case = fresh.queries.case(case_id)
        assert (case.stage, case.closure_reason) == (Stage.CLOSED, ClosureReason.REINTEGRATED)
        assert fresh.queries.facility(shelter).occupancy == 0
        assert fresh.queries.plan(plan_id).follow_ups[3].status is FollowUpStatus.SUSTAINED
    finally:
        fresh.close()


def test_a_refused_admission_writes_nothing(journey: Journey) -> None:
    shelter = facility(journey, beds=1)
    first, second = case_in_service_provision(journey), case_in_service_provision(journey)
    journey.bus.execute(None, AdmitToShelter(case_id=first, facility_id=shelter), actor=WORKER)
    before = journey.app.recorder.max_notification_id()
    with pytest.raises(CapacityExceeded, match="Shelter Prishtina"):
        journey.bus.execute(None, AdmitToShelter(case_id=second, facility_id=shelter), actor=WORKER)
    assert journey.app.recorder.max_notification_id() == before
    assert journey.queries.facility(shelter).occupancy == 1


def test_referral_needs_the_beneficiarys_sharing_consent_in_force(journey: Journey) -> None:
    beneficiary_id = register(journey)
    case_id = open_case(journey, beneficiary_id)
    iom = partner(journey)
    refer = ReferOut(
        organisation_id=iom, reason=OutgoingReferralReason.MIGRATION_OR_CHANGE_OF_LOCATION
    )
    with pytest.raises(
        ConsentRequired, match=r"PVPT-2026-0001.*Organizata Ndërkombëtare për Migracion"
    ):
        journey.bus.execute(case_id, refer, actor=WORKER)
    consent = GiveConsent(
        kind=ConsentKind.SHARING, given_by=ConsentGiver.BENEFICIARY, organisation_id=iom
    )
    journey.bus.execute(beneficiary_id, consent, actor=WORKER)
    journey.bus.execute(case_id, refer, actor=WORKER)
    journey.bus.execute(
        beneficiary_id, WithdrawConsent(kind=ConsentKind.SHARING, organisation_id=iom), actor=WORKER
    )
    with pytest.raises(ConsentRequired):
        journey.bus.execute(case_id, refer, actor=WORKER)
    assert list(journey.queries.case(case_id).referrals) == [1]


def test_an_expected_version_that_is_stale_is_refused(journey: Journey) -> None:
    case_id = open_case(journey, register(journey))
    with pytest.raises(VersionConflict, match="at version 1, not 7"):
        journey.bus.execute(
            case_id, AssignCaseworker(caseworker=WORKER), actor=MANAGER, expected_version=7
        )
    result = journey.bus.execute(
        case_id, AssignCaseworker(caseworker=WORKER), actor=MANAGER, expected_version=1
    )
    assert result.version == 2
    assert result.position == journey.app.recorder.max_notification_id()


def test_unknown_records_and_bad_values_are_named(journey: Journey) -> None:
    case_id = open_case(journey, register(journey))
    with pytest.raises(RecordNotFound, match=r"no reintegration plan with id"):
        journey.queries.plan(case_id)
    with pytest.raises(InvalidInput, match="caseworker: must not be blank"):
        journey.bus.execute(case_id, AssignCaseworker(caseworker="  "), actor=MANAGER)
    with pytest.raises(RuleViolated, match="has no pending closure approval"):
        journey.bus.execute(case_id, Approve(subject=ApprovalSubject.CLOSURE), actor=MANAGER)


def test_long_histories_load_from_snapshots_and_old_versions_stay_reachable(
    journey: Journey,
) -> None:
    case_id = open_case(journey, register(journey))
    for n in range(120):
        journey.bus.execute(
            case_id, AddNote(category=NoteCategory.GENERAL, text=f"call {n}"), actor=WORKER
        )
    assert journey.app.snapshots is not None
    snapshots = list(journey.app.snapshots.get(case_id))
    assert [s.originator_version for s in snapshots] == [50, 100]
    case = journey.queries.case(case_id)
    assert case.version == 121
    assert len(case.notes) == 120
    assert journey.queries.case(case_id, version=1).notes == []
    assert len(journey.queries.case(case_id, version=75).notes) == 74
