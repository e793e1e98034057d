"""The statistics read model fed with real stored events (no NATS): a person's profile,
identification, consent and erasure; a case's referral, services, stays, plan,
follow-ups and closure, each a dated fact; the computed columns of the views; the same
rows whatever the batch size; and no personal value anywhere in them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import text

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.episode_values import TraffickingEpisode
from domain.parts.care_plan_values import DomainNeed
from domain.plan import follow_up_due
from domain.values import PersonalData
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    ConsentGiver,
    ConsentKind,
    DecidingBody,
    ErasureBasis,
    ExploitationType,
    FollowUpStatus,
    Gender,
    IdentificationKind,
    NeedDomain,
    NeedLevel,
    ProviderKind,
    RecruitmentMethod,
    RevisionGrounds,
    ServiceOutcome,
    ServiceType,
    SupportPlanType,
    TraffickingScope,
    TraffickingStatus,
)
from projections.catalog import point_views
from projections.statistics import Statistics
from services.commands.beneficiary import (
    DecideTraffickingStatus,
    ErasePersonalData,
    GiveConsent,
    RecordExploitationProfile,
    RegisterBeneficiary,
    WithdrawConsent,
)
from services.commands.care_plan import AssessNeeds, PlanService, RecordDelivery, StartCarePlan
from services.commands.case import Approve, DeliverService, Reopen, RequestApproval
from services.commands.episodes import RecordTraffickingEpisode, WithdrawTraffickingEpisode
from services.commands.identification import RecordIdentification, ReviseIdentification
from services.commands.person import RecordBackground
from services.commands.plan import AchieveGoal, AddGoal, CompletePlan, DraftPlan, RecordFollowUp
from tests.support.casework import admit, discharge
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    consent_to_services,
    facility,
    open_case,
)
from tests.support.projecting import memory_engine, project, rows
from tests.unit.test_day_centre_read_models import a_programme

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
Rows = dict[str, list[dict[str, Any]]]


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


def tables(journey: Journey, batch: int = 500) -> Rows:
    engine = memory_engine()
    built = project(journey, Statistics(), engine, batch=batch)
    return {view: sorted(rows(engine, table), key=repr) for view, table in built.items()}


def views(journey: Journey, view: str) -> list[dict[str, Any]]:
    engine = memory_engine()
    built = project(journey, Statistics(), engine)
    with engine.begin() as conn:
        point_views(conn, Statistics(), built)
        return [dict(r) for r in conn.execute(text(f"SELECT * FROM {view}")).mappings()]


def facts(found: Rows, person: UUID | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """The facts by kind, each as (on_day, detail), in order."""
    kinds: dict[str, list[tuple[Any, ...]]] = {}
    for fact in sorted(found["stat_facts"], key=lambda f: (f["on_day"], f["fact_id"])):
        if person is None or fact["person_id"] == str(person):
            kinds.setdefault(fact["fact"], []).append((fact["on_day"], fact["detail"]))
    return kinds


def register_albanian(journey: Journey, age: int = 16) -> UUID:
    command = RegisterBeneficiary(
        personal=PersonalData("Elira", "Dushi", date(START.year - age - 1, 6, 1)),
        gender=Gender.FEMININE,
        age_at_identification=age,
        citizenships=("AL", "IT"),
        languages=("sq",),
        scope=TraffickingScope.INTERNATIONAL,
    )
    return journey.bus.execute(None, command, actor=WORKER).id


# ------------------------------------------------------------------- people


def test_a_person_row_holds_the_profile_at_registration(journey: Journey) -> None:
    person = register_albanian(journey)
    (row,) = tables(journey)["stat_people"]
    assert row["person_id"] == str(person)
    assert (row["registered_on"], row["sex"]) == (START.date(), "Feminine")
    assert (row["age_at_identification"], row["age_band_at_identification"]) == (16, "9-17")
    assert row["minor_at_identification"] == 1
    assert (row["citizenship"], row["citizenships"]) == ("AL", "AL;IT")
    assert (row["citizenship_group"], row["international"]) == ("Western Balkans", 1)
    assert row["trafficking_scope"] == "international"
    assert (row["reporting_consent"], row["erased"], row["re_trafficked"]) == (0, 0, 0)
    assert row["cases"] == 0


def test_origin_exploitation_and_recruitment_come_from_profile_and_episodes(
    journey: Journey,
) -> None:
    person = register_albanian(journey)
    run = journey.bus.execute
    run(person, RecordBackground(origin_municipality="20"), actor=WORKER)  # Prizren
    profile = RecordExploitationProfile(
        types=(ExploitationType.SEXUAL_EXPLOITATION, ExploitationType.FORCED_BEGGING),
        recruitment_methods=(RecruitmentMethod.THROUGH_ONLINE_SOCIAL_NETWORKS,),
    )
    run(person, profile, actor=WORKER)
    labour = TraffickingEpisode(exploitation_types=(ExploitationType.FORCED_LABOUR,))
    run(person, RecordTraffickingEpisode(episode=labour), actor=WORKER)
    (row,) = tables(journey)["stat_people"]
    assert (row["municipality_of_origin"], row["origin_region"]) == ("20", "Prizren")
    assert row["exploitation_types"] == "ForcedBegging;ForcedLabour;SexualExploitation"
    assert row["primary_exploitation"] == "SexualExploitation"  # the profile's first
    assert row["recruitment_methods"] == "ThroughOnlineSocialNetworks"
    run(person, WithdrawTraffickingEpisode(number=1, reason="Wrong person"), actor=WORKER)
    (row,) = tables(journey)["stat_people"]
    assert row["exploitation_types"] == "ForcedBegging;SexualExploitation"


def presumed_then_refused(journey: Journey, person: UUID) -> None:
    """Presumed a possible victim by PVPT on 1 March, refused by the police on 2 March."""
    run = journey.bus.execute
    presumed = RecordIdentification(
        kind=IdentificationKind.PRELIMINARY,
        status=TraffickingStatus.POSSIBLE,
        deciding_body=DecidingBody.NGO,
        decided_on=date(2026, 3, 1),
    )
    run(person, presumed, actor=WORKER)
    refused = RecordIdentification(
        kind=IdentificationKind.FORMAL,
        status=TraffickingStatus.NOT_A_VICTIM,
        deciding_body=DecidingBody.POLICE,
        reference="DHT-2026/0001",
        decided_on=date(2026, 3, 2),
    )
    run(person, refused, actor=WORKER)


def test_identification_is_the_decision_in_force_and_each_first_day_is_a_fact(
    journey: Journey, clock: ScriptedClock
) -> None:
    person = register_albanian(journey)
    presumed_then_refused(journey, person)
    (row,) = tables(journey)["stat_people"]
    assert (row["identification_status"], row["identification_body"]) == (
        "NotAVictimOfTrafficking",
        "Police",
    )
    assert (row["presumed_on"], row["formally_identified_on"]) == (date(2026, 3, 1), None)
    clock.advance(days=20)
    appeal = ReviseIdentification(
        number=2,
        kind=IdentificationKind.FORMAL,
        status=TraffickingStatus.ACTUAL,
        grounds=RevisionGrounds.APPEAL,
        reason="Upheld by the prosecutor.",
        deciding_body=DecidingBody.COURT_OR_PROSECUTION,
        reference="PP-2026/0002",
        decided_on=date(2026, 3, 20),
    )
    journey.bus.execute(person, appeal, actor=WORKER)
    found = tables(journey)
    (row,) = found["stat_people"]
    assert (row["identification_status"], row["identification_body"]) == (
        "ActualVictimOfTrafficking",
        "CourtOrProsecution",
    )
    assert row["formally_identified_on"] == date(2026, 3, 20)
    assert facts(found) == {
        "presumed_identified": [(date(2026, 3, 1), "NGO")],
        "formally_identified": [(date(2026, 3, 20), "CourtOrProsecution")],
    }


def test_a_status_decided_before_identification_kinds_is_a_formal_decision(
    journey: Journey,
) -> None:
    person = register_albanian(journey)
    decided = DecideTraffickingStatus(
        TraffickingStatus.ACTUAL, DecidingBody.POLICE, decided_on=date(2026, 2, 20)
    )
    journey.bus.execute(person, decided, actor=WORKER)
    found = tables(journey)
    (row,) = found["stat_people"]
    assert (row["identification_status"], row["identification_body"]) == (
        "ActualVictimOfTrafficking",
        "Police",
    )
    assert (row["presumed_on"], row["formally_identified_on"]) == (None, date(2026, 2, 20))
    (decision,) = found["stat_decisions"]
    assert (decision["number"], decision["kind"], decision["revised_by"]) == (1, "formal", None)


def test_reporting_consent_and_erasure_keep_the_row_and_say_why_it_is_left_out(
    journey: Journey,
) -> None:
    person = register_albanian(journey, age=30)
    run = journey.bus.execute
    consent = GiveConsent(ConsentKind.ANONYMISED_REPORTING, ConsentGiver.BENEFICIARY)
    run(person, consent, actor=WORKER)
    open_case(journey, person)
    (row,) = views(journey, "stat_people")
    assert (row["reporting_consent"], row["excluded_because"]) == (1, None)
    run(person, WithdrawConsent(kind=ConsentKind.ANONYMISED_REPORTING), actor=WORKER)
    (row,) = views(journey, "stat_people")
    assert (row["reporting_consent"], row["excluded_because"]) == (
        0,
        "no_anonymised_reporting_consent",
    )
    run(person, ErasePersonalData(ErasureBasis.CONSENT_WITHDRAWN, "DPO-2026-014"), actor=MANAGER)
    (row,) = views(journey, "stat_people")
    assert (row["erased"], row["erased_on"], row["excluded_because"]) == (
        1,
        START.date().isoformat(),
        "personal_data_erased",
    )
    assert (row["sex"], row["citizenship"]) == ("Feminine", "AL")  # kept, not identifying


# -------------------------------------------------------------------- cases


def planned_services(journey: Journey, case_id: UUID) -> UUID:
    """The case's care plan with housing, medical and legal services planned from today
    (as tests/support/factories.py plans them, on the scripted clock's day)."""
    run = journey.bus.execute
    beneficiary_id = journey.queries.case(case_id).beneficiary_id
    consent_to_services(journey, beneficiary_id)
    care_plan = run(None, StartCarePlan(case_id=case_id), actor=WORKER).id
    services = {
        ServiceType.HOUSING: NeedDomain.ACCOMMODATION,
        ServiceType.MEDICAL: NeedDomain.PHYSICAL_HEALTH,
        ServiceType.LEGAL: NeedDomain.LEGAL_DOCUMENTATION,
    }
    needs = tuple(DomainNeed(domain, NeedLevel.HIGH) for domain in services.values())
    run(care_plan, AssessNeeds(domains=needs), actor=WORKER)
    for service, domain in services.items():
        planned = PlanService(
            service=service,
            provider_kind=ProviderKind.PVPT,
            responsible=WORKER,
            starts_on=START.date(),
            due_on=START.date() + timedelta(days=30),
            domains=(domain,),
        )
        run(care_plan, planned, actor=WORKER)
    return care_plan


def close(journey: Journey, case_id: UUID, reason: ClosureReason) -> None:
    request = RequestApproval(subject=ApprovalSubject.CLOSURE, closure_reason=reason)
    journey.bus.execute(case_id, request, actor=WORKER)
    journey.bus.execute(case_id, Approve(subject=ApprovalSubject.CLOSURE), actor=MANAGER)


def test_a_case_counts_its_services_stays_and_closure_as_facts(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    care_plan = planned_services(journey, case_id)  # housing, medical, legal
    run = journey.bus.execute
    for attended, minutes in ((True, 60), (False, 0)):  # the missed one is not counted
        delivery = RecordDelivery(
            number=1, attended=attended, duration_minutes=minutes, delivered_by=WORKER
        )
        run(care_plan, delivery, actor=WORKER)
    education = DeliverService(
        service=ServiceType.EDUCATION,
        provider="Gjimnazi Sami Frashëri",
        delivered_on=START.date(),
        outcome=ServiceOutcome.COMPLETED,
    )
    run(case_id, education, actor=WORKER)
    stay = admit(journey, case_id, facility(journey))
    clock.advance(days=12)
    discharge(journey, stay)
    request = RequestApproval(
        subject=ApprovalSubject.CLOSURE, closure_reason=ClosureReason.REINTEGRATED
    )
    run(case_id, request, actor=WORKER)
    run(case_id, Approve(subject=ApprovalSubject.CLOSURE), actor=MANAGER)
    found = tables(journey)
    (case,) = found["stat_cases"]
    assert (case["referred_on"], case["opened_on"]) == (date(2025, 1, 2), START.date())
    assert (case["closed_on"], case["closure_reason"], case["stage"]) == (
        date(2026, 3, 14),
        "reintegrated",
        "closed",
    )
    assert case["referral_source_kind"] == "LawEnforcement"
    assert (case["services_planned"], case["services_delivered"]) == (3, 2)
    assert case["service_types_delivered"] == "education;housing"
    assert (case["stays"], case["day_centre_days"]) == (1, 0)
    kinds = facts(found)
    assert kinds["referred"] == [(date(2025, 1, 2), "LawEnforcement")]
    assert kinds["case_opened"] == [(START.date(), None)]
    assert sorted(d for _, d in kinds["service_planned"]) == ["housing", "legal", "medical"]
    assert sorted(d for _, d in kinds["service_delivered"]) == ["education", "housing"]
    assert kinds["stay_started"] == [(START.date(), "shelter")]
    assert kinds["stay_ended"] == [(date(2026, 3, 14), "shelter")]
    assert kinds["case_closed"] == [(date(2026, 3, 14), "reintegrated")]
    (row,) = found["stat_stays"]
    assert (row["kind"], row["started_on"], row["ended_on"]) == (
        "shelter",
        START.date(),
        date(2026, 3, 14),
    )
    assert (row["case_id"], row["person_id"]) == (case["case_id"], case["person_id"])


def test_a_reopened_case_keeps_its_earlier_closure_as_a_fact(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    run = journey.bus.execute
    request = RequestApproval(
        subject=ApprovalSubject.CLOSURE, closure_reason=ClosureReason.LOST_CONTACT
    )
    run(case_id, request, actor=WORKER)
    run(case_id, Approve(subject=ApprovalSubject.CLOSURE), actor=MANAGER)
    clock.advance(days=30)
    run(case_id, Reopen(reason="She came back"), actor=MANAGER)
    found = tables(journey)
    (case,) = found["stat_cases"]
    assert (case["closed_on"], case["closure_reason"], case["reopened"]) == (None, None, 1)
    assert case["stage"] != "closed"
    assert facts(found)["case_closed"] == [(START.date(), "lost_contact")]


def test_a_completed_plan_schedules_follow_ups_and_a_re_trafficking_marks_case_and_person(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    run = journey.bus.execute
    plan = run(None, DraftPlan(case_id=case_id), actor=WORKER).id
    goal = AddGoal(
        type=SupportPlanType.LIVELIHOOD, description="Work", target_date=date(2027, 1, 1)
    )
    run(plan, goal, actor=WORKER)
    run(plan, AchieveGoal(number=1), actor=WORKER)
    run(plan, CompletePlan(completed_on=date(2026, 3, 1)), actor=WORKER)
    clock.advance(days=92)
    visit = RecordFollowUp(
        month=3, status=FollowUpStatus.RE_TRAFFICKED, visited_on=date(2026, 6, 1)
    )
    run(plan, visit, actor=WORKER)
    found = tables(journey)
    kinds = facts(found)
    assert kinds["plan_drafted"] == [(START.date(), None)]
    assert kinds["plan_completed"] == [(date(2026, 3, 1), None)]
    assert kinds["follow_up_scheduled"] == [
        (follow_up_due(date(2026, 3, 1), month), str(month)) for month in (3, 6, 12)
    ]
    assert kinds["follow_up_done"] == [(date(2026, 6, 1), "re_trafficked")]
    assert kinds["re_trafficked"] == [(date(2026, 6, 1), "3")]
    (case,) = found["stat_cases"]
    assert (case["reintegration_outcome"], case["last_follow_up"]) == ("completed", "re_trafficked")
    assert case["re_trafficked"] == 1
    (person,) = found["stat_people"]
    assert person["re_trafficked"] == 1


def test_day_centre_enrolments_are_stays_and_attended_sessions_are_days(
    journey: Journey, clock: ScriptedClock
) -> None:
    """tests/unit/test_day_centre_read_models.py's programme: two participants, one of
    them enrolled twice; attended on 2 March and 6 May, absent and excused otherwise."""
    programme = a_programme(journey, clock)
    found = tables(journey)
    centre = [s for s in found["stat_stays"] if s["kind"] == "day_centre"]
    assert {s["stay_id"]: s["ended_on"] for s in centre} == {
        str(programme["first"]): None,
        str(programme["second"]): date(2026, 4, 6),
        str(programme["again"]): None,
    }
    assert {s["facility_id"] for s in centre} == {str(programme["centre"])}
    attended = [f for f in found["stat_facts"] if f["fact"] == "day_centre_attended"]
    assert sorted((f["record_id"], f["on_day"]) for f in attended) == sorted(
        [(str(programme["first"]), START.date()), (str(programme["again"]), date(2026, 5, 6))]
    )
    assert sorted(c["day_centre_days"] for c in found["stat_cases"]) == [1, 1]
    assert facts(found)["stay_ended"] == [(date(2026, 4, 6), "day_centre")]
