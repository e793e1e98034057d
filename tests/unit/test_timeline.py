"""The timeline read model, fed with real stored events (no NATS)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Engine, MetaData, Table, inspect, text

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.case_values import IncomingReferral
from domain.parts.case_screening import OnwardReferral
from domain.reflection import ReflectionBasis, ReflectionEndReason
from domain.values import PersonalData
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    ConsentGiver,
    ConsentKind,
    DischargeReason,
    ExitDestination,
    FollowUpStatus,
    Gender,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    OtherNeed,
    OutgoingReferralReason,
    RiskLevel,
    ScreeningOutcome,
    ServiceOutcome,
    ServiceType,
    SupportPlanType,
    TraffickingScope,
)
from projections.catalog import point_views
from projections.model import Change
from projections.timeline import Timeline, short_id
from services.commands.beneficiary import GiveConsent, RegisterBeneficiary
from services.commands.case import (
    AddNote,
    Approve,
    AssessRisk,
    AssignCaseworker,
    DeliverService,
    OpenCase,
    Reject,
    Reopen,
    RequestApproval,
    ScreenOut,
    StartFollowUp,
    StartReintegration,
    StartScreening,
)
from services.commands.identification import Rescreen
from services.commands.plan import (
    AbandonGoal,
    AchieveGoal,
    AddGoal,
    CompletePlan,
    DiscontinuePlan,
    DraftPlan,
    RecordFollowUp,
    RecordGoalProgress,
    ReviewPlan,
)
from services.commands.referrals import AcceptReferral, ReferOut, RejectReferral, RevokeReferral
from services.commands.reflection import (
    EndReflectionPeriod,
    ExtendReflectionPeriod,
    StartReflectionPeriod,
)
from services.commands.shelter import (
    AdmitToShelter,
    DischargeFromShelter,
    ReturnFromLeave,
    StartLeave,
    TransferStay,
)
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    consent_to_services,
    facility,
    open_case,
    register,
)
from tests.support.partners import IOM_NAME, partner
from tests.support.projecting import changes, memory_engine, project, rows

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOTE_TEXT = "She described the flat in Ferizaj where she was held"
RATIONALE = "Trafficker's cousin lives next door"
GOAL_DESCRIPTION = "Hairdressing apprenticeship at Salon Teuta"
LEAVE_REASON = "Visit to her mother in Gjilan"
PROGRESS_NOTE = "Started at the salon on Monday"
REVIEW_SUMMARY = "Doing well with her boss Agim"


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


def timeline(journey: Journey, *, batch: int = 500) -> list[dict[str, Any]]:
    engine = memory_engine()
    return rows(
        engine, project(journey, Timeline(), engine, batch=batch)["case_timeline"], "position"
    )


def summaries(entries: list[dict[str, Any]], aggregate_type: str) -> list[str]:
    return [entry["summary"] for entry in entries if entry["aggregate_type"] == aggregate_type]


def run(journey: Journey, record: UUID | None, *commands: Any, actor: str = WORKER) -> UUID:
    result = None
    for command in commands:
        result = journey.bus.execute(record, command, actor=actor)
    assert result is not None
    return result.id


def admitted(journey: Journey, case_id: UUID, facility_id: UUID) -> UUID:
    return run(journey, None, AdmitToShelter(case_id=case_id, facility_id=facility_id))


def drafted(journey: Journey, case_id: UUID) -> UUID:
    return run(journey, None, DraftPlan(case_id=case_id))


def create_tables(engine: Engine) -> dict[str, Table]:
    metadata = MetaData()
    tables = Timeline().define(metadata, 1)
    metadata.create_all(engine)
    return tables


def apply_all(engine: Engine, batch: list[Change]) -> dict[str, Table]:
    tables = create_tables(engine)
    with engine.begin() as conn:
        Timeline().apply(conn, tables, batch)
    return tables


# ------------------------------------------------------------------ columns


def test_each_case_event_is_an_entry_with_its_case_who_and_when(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    entries = timeline(journey)
    assert [e["event_type"] for e in entries[:3]] == [
        "Case.Opened",
        "Case.CaseworkerAssigned",
        "Case.RiskAssessed",
    ]
    assert len(entries) == 9
    assert {(e["case_id"], e["case_number"]) for e in entries} == {
        (str(case_id), "PVPT-C-2026-0001")
    }
    assert {(e["aggregate_type"], e["aggregate_id"]) for e in entries} == {("Case", str(case_id))}
    assert [e["aggregate_version"] for e in entries] == list(range(1, 10))
    assert [e["actor"] for e in entries[:2]] == [WORKER, MANAGER]
    stored = [c.position for c in changes(journey) if c.aggregate_type == "Case"]
    assert [e["position"] for e in entries] == stored


def test_occurred_at_is_when_the_command_was_decided_in_utc(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = open_case(journey, register(journey))
    decided = clock.advance(days=3)
    run(journey, case_id, AssessRisk(level=RiskLevel.LOW))
    last = timeline(journey)[-1]
    assert last["occurred_at"].replace(tzinfo=UTC) - decided < timedelta(milliseconds=1)
    assert last["occurred_at"].date() == date(2026, 3, 5)


def test_an_event_time_in_another_zone_is_stored_in_utc(journey: Journey) -> None:
    open_case(journey, register(journey))
    opened = next(c for c in changes(journey) if c.event_type == "Case.Opened")
    in_kosovo = opened.at.astimezone(timezone(timedelta(hours=1)))
    engine = memory_engine()
    tables = apply_all(engine, [dataclasses.replace(opened, at=in_kosovo)])
    (entry,) = rows(engine, tables["case_timeline"])
    assert entry["occurred_at"] == opened.at
    assert entry["occurred_at"].tzinfo is UTC
    assert in_kosovo.hour == entry["occurred_at"].hour + 1


# ------------------------------------------------------------ case summaries


def test_case_stage_events_are_summarised(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    run(journey, case_id, StartReintegration(), StartFollowUp())
    run(
        journey,
        case_id,
        RequestApproval(subject=ApprovalSubject.CLOSURE, closure_reason=ClosureReason.REINTEGRATED),
    )
    run(journey, case_id, Reject(subject=ApprovalSubject.CLOSURE, comment="not yet"), actor=MANAGER)
    run(
        journey,
        case_id,
        RequestApproval(subject=ApprovalSubject.CLOSURE, closure_reason=ClosureReason.LOST_CONTACT),
    )
    run(journey, case_id, Approve(subject=ApprovalSubject.CLOSURE, comment="ok"), actor=MANAGER)
    run(journey, case_id, Reopen(reason="She called from Peja"))
    assert summaries(timeline(journey), "Case")[1:] == [
        f"Caseworker assigned: {WORKER} (was none)",
        "Risk assessed on 2026-03-02: medium",
        "Screening started",
        "Screened in on 2026-03-02",
        "Approval requested: assessment",
        "Approval granted: assessment",
        "Approval requested: case_plan",
        "Approval granted: case_plan",
        "Reintegration started",
        "Follow-up started",
        "Approval requested: closure (reintegrated)",
        "Approval rejected: closure",
        "Approval requested: closure (lost_contact)",
        "Approval granted: closure",
        "Case reopened, back to stage follow_up",
    ]


def test_an_opened_case_names_its_beneficiary_code_and_referral_but_no_details(
    journey: Journey,
) -> None:
    referral = IncomingReferral(
        "Caritas Kosova",
        OrganisationType.NGO,
        date(2026, 2, 27),
        IncomingReferralReason.MIGRATION_OR_CHANGE_OF_LOCATION,
        details="Found at the bus station in Prizren",
    )
    run(journey, None, OpenCase(beneficiary_id=register(journey), referral=referral))
    assert summaries(timeline(journey), "Case") == [
        "Case opened for PVPT-2026-0001: referred by Caritas Kosova (NGO) on 2026-02-27 "
        "for MigrationOrChangeOfLocation"
    ]


def test_a_referrer_htcds_has_no_type_for_is_named_without_one(journey: Journey) -> None:
    iom = partner(journey)
    referral = IncomingReferral(
        "as typed",
        OrganisationType.NGO,  # ignored: the registry's type (none, for IOM) is recorded
        date(2026, 2, 27),
        IncomingReferralReason.OTHER,
        organisation_id=iom,
    )
    run(journey, None, OpenCase(beneficiary_id=register(journey), referral=referral))
    assert summaries(timeline(journey), "Case") == [
        f"Case opened for PVPT-2026-0001: referred by {IOM_NAME} on 2026-02-27 for Other"
    ]


def test_reassignment_and_screening_out_are_summarised(journey: Journey) -> None:
    out = open_case(journey, register(journey))
    run(journey, out, AssignCaseworker(caseworker="era.pvpt"), actor=MANAGER)
    run(journey, out, AssignCaseworker(caseworker="besa.pvpt"), actor=MANAGER)
    screened_out = ScreenOut(
        outcome=ScreeningOutcome.DECLINED,
        no_referral_reason="declined",
        rationale="Labour dispute only",
        screened_on=date(2026, 3, 1),
    )
    run(journey, out, StartScreening(), screened_out)
    assert summaries(timeline(journey), "Case")[1:] == [
        "Caseworker assigned: era.pvpt (was none)",
        "Caseworker assigned: besa.pvpt (was era.pvpt)",
        "Screening started",
        "Screened out on 2026-03-01: declined, no onward referral; case closed",
    ]
    referred_on = ScreenOut(
        outcome=ScreeningOutcome.NOT_TRAFFICKING_OTHER_NEED,
        other_need=OtherNeed.LABOUR_DISPUTE,
        onward_referral=OnwardReferral("Labour Inspectorate", OrganisationType.NGO),
        rationale="Unpaid wages only",
        screened_on=date(2026, 3, 1),
    )
    run(journey, out, Rescreen(reason="New information from Irma"), referred_on)
    assert summaries(timeline(journey), "Case")[5:] == [
        "Screened again (1): back to stage screening",
        "Screened out on 2026-03-01: not_trafficking_other_need (labour_dispute), "
        "referred on to Labour Inspectorate; case closed",
    ]
    assert "Irma" not in str(summaries(timeline(journey), "Case"))


def test_services_notes_and_referrals_are_summarised_without_free_text(
    journey: Journey,
) -> None:
    beneficiary = register(journey)
    keys = ("iom-kosovo", "csw-prishtine", "csw-prizren")
    run(
        journey,
        beneficiary,
        *(
            GiveConsent(
                kind=ConsentKind.SHARING,
                given_by=ConsentGiver.BENEFICIARY,
                organisation_id=partner(journey, key),
            )
            for key in keys
        ),
    )
    consent_to_services(journey, beneficiary)
    case_id = open_case(journey, beneficiary)
    run(
        journey,
        case_id,
        DeliverService(
            service=ServiceType.MEDICAL,
            provider="Prishtina hospital",
            delivered_on=date(2026, 3, 1),
            outcome=ServiceOutcome.COMPLETED,
        ),
        AddNote(category=NoteCategory.PSYCHOLOGICAL, text=NOTE_TEXT),
        *(
            ReferOut(
                organisation_id=partner(journey, key),
                reason=OutgoingReferralReason.MIGRATION_OR_CHANGE_OF_LOCATION,
                details="She wants to go to her aunt in Vienna",
            )
            for key in keys
        ),
        AcceptReferral(number=1),
        RejectReferral(number=2, comment="no space"),
        RevokeReferral(number=3, reason="she changed her mind"),
    )
    assert summaries(timeline(journey), "Case")[1:] == [
        "Service delivered: medical by Prishtina hospital (completed) on 2026-03-01",
        "Note 1 added (psychological)",
        f"Referred to {IOM_NAME} (MigrationOrChangeOfLocation) as referral 1",
        "Referred to Qendra për Punë Sociale Prishtinë (MigrationOrChangeOfLocation) as referral 2",
        "Referred to Qendra për Punë Sociale Prizren (MigrationOrChangeOfLocation) as referral 3",
        "Referral 1 accepted",
        "Referral 2 rejected",
        "Referral 3 revoked",
    ]


def test_an_unknown_event_type_gets_its_name_as_summary(journey: Journey) -> None:
    open_case(journey, register(journey))
    opened = next(c for c in changes(journey) if c.event_type == "Case.Opened")
    novel = dataclasses.replace(
        opened, position=opened.position + 1, version=2, event_type="Case.Archived", fields={}
    )
    engine = memory_engine()
    tables = apply_all(engine, [opened, novel])
    entries = rows(engine, tables["case_timeline"], "position")
    assert (entries[1]["event_type"], entries[1]["summary"]) == ("Case.Archived", "Case.Archived")


# ------------------------------------------------------- stays and plans


def test_a_stay_joins_the_timeline_of_its_case(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    first, second = facility(journey), facility(journey, name="Shelter Peja")
    stay = admitted(journey, case_id, first)
    run(journey, stay, StartLeave(expected_return=date(2026, 3, 9), reason=LEAVE_REASON))
    run(journey, stay, ReturnFromLeave(), TransferStay(to_facility_id=second))
    run(
        journey,
        stay,
        DischargeFromShelter(
            reason=DischargeReason.COMPLETED_PROGRAMME, destination=ExitDestination.FAMILY
        ),
    )
    entries = timeline(journey)
    stay_entries = [e for e in entries if e["aggregate_type"] == "ShelterStay"]
    assert {(e["case_id"], e["case_number"], e["aggregate_id"]) for e in stay_entries} == {
        (str(case_id), "PVPT-C-2026-0001", str(stay))
    }
    assert summaries(entries, "ShelterStay") == [
        f"Admitted on 2026-03-02 to shelter {short_id(first)}",
        "Leave started, return expected 2026-03-09",
        "Returned from leave",
        f"Transferred between facilities {short_id(first)} → {short_id(second)}",
        "Discharged on 2026-03-02: completed_programme, to family",
    ]


def test_a_plan_joins_the_timeline_of_its_case(journey: Journey, clock: ScriptedClock) -> None:
    case_id = case_in_service_provision(journey)
    plan = drafted(journey, case_id)
    for goal_type in (SupportPlanType.LIVELIHOOD, SupportPlanType.HEALTH):
        run(
            journey,
            plan,
            AddGoal(type=goal_type, description=GOAL_DESCRIPTION, target_date=date(2026, 9, 1)),
        )
    run(
        journey,
        plan,
        RecordGoalProgress(number=1, note="Started at the salon on Monday"),
        AchieveGoal(number=1),
        AbandonGoal(number=2, reason="Moved away from the clinic"),
        ReviewPlan(summary="Doing well with her boss Agim", next_review_on=date(2026, 4, 1)),
        ReviewPlan(summary="Still doing well"),
        CompletePlan(completed_on=date(2026, 3, 1)),
    )
    clock.advance(days=90)
    visit = RecordFollowUp(month=3, status=FollowUpStatus.SUSTAINED, visited_on=date(2026, 5, 29))
    run(journey, plan, visit)
    assert summaries(timeline(journey), "ReintegrationPlan") == [
        "Reintegration plan drafted",
        "Goal 1 added: Livelihood, target 2026-09-01",
        "Goal 2 added: Health, target 2026-09-01",
        "Progress recorded on goal 1",
        "Goal 1 achieved",
        "Goal 2 abandoned",
        "Plan reviewed, next review 2026-04-01",
        "Plan reviewed",
        "Plan completed on 2026-03-01",
        "Follow-up at 3 months, visited on 2026-05-29: sustained",
    ]


def test_a_discontinued_plan_is_summarised(journey: Journey) -> None:
    plan = drafted(journey, case_in_service_provision(journey))
    run(journey, plan, DiscontinuePlan(reason="She moved to Germany"))
    assert summaries(timeline(journey), "ReintegrationPlan")[-1] == "Plan discontinued"


def test_links_map_each_case_stay_and_plan_to_its_case(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    stay = admitted(journey, case_id, facility(journey))
    plan = drafted(journey, case_id)
    engine = memory_engine()
    links = rows(engine, project(journey, Timeline(), engine)["timeline_links"], "aggregate_type")
    assert [(link["aggregate_type"], link["aggregate_id"]) for link in links] == [
        ("Case", str(case_id)),
        ("ReintegrationPlan", str(plan)),
        ("ShelterStay", str(stay)),
    ]
    assert {(link["case_id"], link["case_number"]) for link in links} == {
        (str(case_id), "PVPT-C-2026-0001")
    }


def test_reflection_period_events_are_summarised_without_staff_words(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    run(journey, case_id, StartReflectionPeriod(legal_basis=ReflectionBasis.KOSOVO_SOP))
    extension = ExtendReflectionPeriod(reason="she is still in hospital", extra_days=30)
    run(journey, case_id, extension, actor=MANAGER)
    ended = EndReflectionPeriod(
        reason=ReflectionEndReason.DECIDED_TO_COOPERATE, details="spoke to the prosecutor"
    )
    run(journey, case_id, ended)
    assert summaries(timeline(journey), "Case")[-3:] == [
        "Reflection period started on 2026-03-02 (kosovo_sop, 90 days), until 2026-05-31",
        f"Reflection period extended by 30 days, until 2026-06-30 (approved by {MANAGER})",
        "Reflection period ended early on 2026-03-02: decided_to_cooperate",
    ]


def test_each_case_has_only_its_own_entries(journey: Journey) -> None:
    cases = [case_in_service_provision(journey) for _ in range(2)]
    admitted(journey, cases[1], facility(journey))
    entries = timeline(journey)
    by_case = {case: [e for e in entries if e["case_id"] == str(case)] for case in cases}
    assert [len(by_case[case]) for case in cases] == [9, 11]  # admission: stay + case
    assert {e["case_number"] for e in by_case[cases[1]]} == {"PVPT-C-2026-0002"}


# --------------------------------------------------------- what stays out


def test_beneficiary_facility_and_sequence_events_are_not_in_the_timeline(
    journey: Journey,
) -> None:
    case_id = case_in_service_provision(journey)
    admitted(journey, case_id, facility(journey))
    stored = changes(journey)
    tracked = [
        c for c in stored if c.aggregate_type in ("Case", "ShelterStay", "ReintegrationPlan")
    ]
    entries = timeline(journey)
    assert len(entries) == len(tracked) < len(stored)
    assert {e["aggregate_type"] for e in entries} == {"Case", "ShelterStay"}


PERSONAL = PersonalData(
    "Valbona",
    "Gashi",
    date(2003, 8, 14),
    phone="+38349111222",
    email="valbona.g@example.org",
    identity_number="1234567890",
    address="Rruga e Dëshmorëve 12, Mitrovicë",
)


def test_no_personal_data_or_free_text_reaches_the_timeline(journey: Journey) -> None:
    registration = RegisterBeneficiary(
        personal=PERSONAL,
        gender=Gender.FEMININE,
        age_at_identification=22,
        citizenships=("XK",),
        scope=TraffickingScope.DOMESTIC,
    )
    case_id = open_case(journey, run(journey, None, registration))
    run(journey, case_id, AssessRisk(level=RiskLevel.LOW, rationale=RATIONALE))
    run(journey, case_id, AddNote(category=NoteCategory.GENERAL, text=NOTE_TEXT))
    stay = admitted(journey, case_id, facility(journey))
    run(journey, stay, StartLeave(expected_return=date(2026, 3, 9), reason=LEAVE_REASON))
    goal = AddGoal(
        type=SupportPlanType.EDUCATION, description=GOAL_DESCRIPTION, target_date=date(2026, 9, 1)
    )
    plan = drafted(journey, case_id)
    run(
        journey,
        plan,
        goal,
        RecordGoalProgress(number=1, note=PROGRESS_NOTE),
        ReviewPlan(summary=REVIEW_SUMMARY),
    )
    engine = memory_engine()
    tables = project(journey, Timeline(), engine)
    values = [
        str(v) for table in tables.values() for row in rows(engine, table) for v in row.values()
    ]
    personal = [str(v) for v in dataclasses.astuple(PERSONAL)]
    free_text = [
        NOTE_TEXT,
        RATIONALE,
        LEAVE_REASON,
        GOAL_DESCRIPTION,
        PROGRESS_NOTE,
        REVIEW_SUMMARY,
    ]
    leaks = [(word, value) for word in personal + free_text for value in values if word in value]
    assert leaks == []
    assert len(values) > 100


# ----------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("creation", "aggregate_type"),
    [
        ("Case.Opened", "Case"),
        ("ShelterStay.Admitted", "ShelterStay"),
        ("ReintegrationPlan.Drafted", "ReintegrationPlan"),
    ],
)
def test_an_event_of_a_record_never_created_is_refused(
    journey: Journey, creation: str, aggregate_type: str
) -> None:
    case_id = case_in_service_provision(journey)
    stay = admitted(journey, case_id, facility(journey))
    run(journey, stay, StartLeave(expected_return=date(2026, 3, 9), reason=LEAVE_REASON))
    plan = drafted(journey, case_id)
    run(
        journey,
        plan,
        AddGoal(type=SupportPlanType.LEGAL, description="x", target_date=date(2026, 9, 1)),
    )
    orphaned = [c for c in changes(journey) if c.event_type != creation]
    victim = next(c for c in orphaned if c.aggregate_type == aggregate_type)
    with pytest.raises(
        LookupError, match=f"{victim.event_type} for {aggregate_type} {victim.aggregate_id}"
    ):
        apply_all(memory_engine(), orphaned)


def test_a_link_made_in_an_earlier_batch_is_found(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    everything = changes(journey)
    engine = memory_engine()
    tables = apply_all(engine, everything[:1])
    with engine.begin() as conn:
        Timeline().apply(conn, tables, everything[1:])
    assert len(rows(engine, tables["case_timeline"])) == 9
    assert rows(engine, tables["timeline_links"])[0]["case_id"] == str(case_id)


# -------------------------------------------------------------------- views


def test_the_view_adds_the_day_and_reads_one_case_in_order(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    case_in_service_provision(journey)
    engine = memory_engine()
    tables = project(journey, Timeline(), engine)
    with engine.begin() as conn:
        point_views(conn, Timeline(), tables)
        query = text("SELECT * FROM case_timeline WHERE case_id = :case ORDER BY position")
        entries = [dict(r) for r in conn.execute(query, {"case": str(case_id)}).mappings()]
        linked = conn.execute(text("SELECT COUNT(*) FROM timeline_links")).scalar_one()
    assert len(entries) == 9
    assert {e["occurred_on"] for e in entries} == {"2026-03-02"}
    assert list(entries[0]) == [
        "case_id",
        "case_number",
        "position",
        "aggregate_type",
        "aggregate_id",
        "aggregate_version",
        "occurred_at",
        "occurred_on",
        "actor",
        "event_type",
        "summary",
    ]
    assert linked == 2


def test_the_primary_key_is_the_case_then_position_index(journey: Journey) -> None:
    engine = memory_engine()
    tables = create_tables(engine)
    key = inspect(engine).get_pk_constraint(tables["case_timeline"].name)
    assert key["constrained_columns"] == ["case_id", "position"]


# ---------------------------------------------------------------- batching


def test_batch_boundaries_do_not_change_the_result(journey: Journey, clock: ScriptedClock) -> None:
    for _ in range(3):
        case_id = case_in_service_provision(journey)
        stay = admitted(journey, case_id, facility(journey))
        run(journey, stay, StartLeave(expected_return=date(2026, 3, 9), reason=LEAVE_REASON))
        plan = drafted(journey, case_id)
        run(
            journey,
            plan,
            AddGoal(type=SupportPlanType.LEGAL, description="x", target_date=date(2026, 9, 1)),
        )
        clock.advance(days=1)
    results = [everything(journey, batch=size) for size in (1, 7, 500)]
    assert results[0] == results[1] == results[2]
    assert len(results[0][0]) == 3 * 15  # 14 events of each case, stay and plan + PlanDrafted


def everything(journey: Journey, *, batch: int) -> list[list[dict[str, Any]]]:
    engine = memory_engine()
    tables = project(journey, Timeline(), engine, batch=batch)
    return [
        rows(engine, tables["case_timeline"], "position"),
        rows(engine, tables["timeline_links"], "aggregate_id"),
    ]
