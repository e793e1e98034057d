"""The outcomes read model, fed with real stored events (no NATS)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import MetaData, text

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.case_values import IncomingReferral
from domain.episode_values import EpisodePlace, TraffickingEpisode
from domain.episode_vocab import EpisodePlaceType
from domain.parts.case_screening import OnwardReferral
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    ConsentGiver,
    ConsentKind,
    DischargeReason,
    ExitDestination,
    ExploitationType,
    FollowUpStatus,
    IncomingReferralReason,
    OrganisationType,
    OtherNeed,
    OutgoingReferralReason,
    RiskLevel,
    ScreeningOutcome,
    ServiceOutcome,
    ServiceType,
    SupportPlanType,
)
from projections.catalog import point_views
from projections.outcomes import Outcomes, quarter_of
from services.commands.beneficiary import GiveConsent
from services.commands.case import (
    Approve,
    AssessRisk,
    AssignCaseworker,
    DeliverService,
    OpenCase,
    Reject,
    Reopen,
    RequestApproval,
    ScreenOut,
    StartScreening,
)
from services.commands.episodes import RecordTraffickingEpisode, ReviseTraffickingEpisode
from services.commands.identification import Rescreen
from services.commands.plan import (
    AbandonGoal,
    AchieveGoal,
    AddGoal,
    CompletePlan,
    DiscontinuePlan,
    DraftPlan,
    RecordFollowUp,
)
from services.commands.referrals import AcceptReferral, ReferOut, RejectReferral
from services.commands.shelter import AdmitToShelter, DischargeFromShelter
from tests.support.factories import MANAGER, WORKER, consent_to_services, facility, register
from tests.support.partners import partner
from tests.support.projecting import changes, memory_engine, project, rows

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 2026-Q1
FAR = date(2027, 1, 1)  # goals' target date


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


# ------------------------------------------------------------------ helpers


def today(clock: ScriptedClock) -> date:
    return clock.advance().date()


def open_referred(
    journey: Journey, clock: ScriptedClock, days_ago: int = 0, beneficiary_id: UUID | None = None
) -> UUID:
    """A case whose referral came `days_ago` days before today, risk assessed (medium)."""
    referral = IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        today(clock) - timedelta(days=days_ago),
        IncomingReferralReason.OTHER,
    )
    command = OpenCase(beneficiary_id=beneficiary_id or register(journey), referral=referral)
    case_id = journey.bus.execute(None, command, actor=WORKER).id
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.MEDIUM), actor=WORKER)
    return case_id


def close(journey: Journey, case_id: UUID, reason: ClosureReason) -> None:
    request = RequestApproval(subject=ApprovalSubject.CLOSURE, closure_reason=reason)
    journey.bus.execute(case_id, request, actor=WORKER)
    journey.bus.execute(case_id, Approve(subject=ApprovalSubject.CLOSURE), actor=MANAGER)


def completed_plan(journey: Journey, case_id: UUID) -> UUID:
    plan_id = journey.bus.execute(None, DraftPlan(case_id=case_id), actor=WORKER).id
    goal = AddGoal(type=SupportPlanType.LIVELIHOOD, description="Find work", target_date=FAR)
    journey.bus.execute(plan_id, goal, actor=WORKER)
    journey.bus.execute(plan_id, AchieveGoal(number=1), actor=WORKER)
    journey.bus.execute(plan_id, CompletePlan(), actor=WORKER)
    return plan_id


def admit(journey: Journey, case_id: UUID, facility_id: UUID) -> UUID:
    command = AdmitToShelter(case_id=case_id, facility_id=facility_id)
    return journey.bus.execute(None, command, actor=WORKER).id


def discharge(journey: Journey, stay_id: UUID) -> None:
    command = DischargeFromShelter(
        reason=DischargeReason.COMPLETED_PROGRAMME, destination=ExitDestination.FAMILY
    )
    journey.bus.execute(stay_id, command, actor=WORKER)


def view(journey: Journey, sql: str) -> list[dict[str, Any]]:
    """Rows of `sql` over the analysts' views, on SQLite."""
    engine = memory_engine()
    tables = project(journey, Outcomes(), engine)
    with engine.begin() as conn:
        point_views(conn, Outcomes(), tables)
        return [dict(r) for r in conn.execute(text(sql)).mappings()]


def table(journey: Journey, name: str) -> list[dict[str, Any]]:
    engine = memory_engine()
    return rows(engine, project(journey, Outcomes(), engine)[name])


def by_quarter(journey: Journey) -> dict[str, dict[str, Any]]:
    sql = "SELECT * FROM outcomes_by_quarter ORDER BY quarter"
    return {r["quarter"]: r for r in view(journey, sql)}


# -------------------------------------------------------------------- plans


def test_a_plan_counts_its_goals_and_lists_their_types(
    journey: Journey, clock: ScriptedClock
) -> None:
    plan_id = journey.bus.execute(
        None, DraftPlan(case_id=open_referred(journey, clock)), actor=WORKER
    ).id
    for kind in (SupportPlanType.LIVELIHOOD, SupportPlanType.EDUCATION, SupportPlanType.EDUCATION):
        goal = AddGoal(type=kind, description="Private goal text", target_date=FAR)
        journey.bus.execute(plan_id, goal, actor=WORKER)
    journey.bus.execute(plan_id, AchieveGoal(number=1), actor=WORKER)
    journey.bus.execute(plan_id, AbandonGoal(number=2, reason="Moved"), actor=WORKER)
    (plan,) = view(journey, "SELECT * FROM reintegration_outcomes")
    assert (plan["plan_id"], plan["case_number"], plan["status"]) == (
        str(plan_id),
        "PVPT-C-2026-0001",
        "active",
    )
    counts = ("goals_total", "goals_achieved", "goals_abandoned", "goals_open")
    assert [plan[c] for c in counts] == [3, 1, 1, 1]
    assert plan["goal_types"] == "Education,Livelihood"
    assert (plan["drafted_on"], plan["completed_on"], plan["discontinued_on"]) == (
        "2026-03-02",  # SQLite hands dates through a view as ISO text
        None,
        None,
    )
    assert "Private goal text" not in repr(plan)


def test_a_completed_plan_keeps_its_follow_ups(journey: Journey, clock: ScriptedClock) -> None:
    case_id = open_referred(journey, clock)
    plan_id = completed_plan(journey, case_id)
    clock.advance(days=80)
    journey.bus.execute(
        plan_id, RecordFollowUp(month=3, status=FollowUpStatus.AT_RISK), actor=WORKER
    )
    clock.advance(days=90)
    follow_up = RecordFollowUp(month=6, status=FollowUpStatus.RE_TRAFFICKED)
    journey.bus.execute(plan_id, follow_up, actor=WORKER)
    (plan,) = table(journey, "reintegration_outcomes")
    assert (plan["status"], plan["completed_on"]) == ("completed", START.date())
    assert [plan[f"follow_up_{m}m"] for m in (3, 6, 12)] == ["at_risk", "re_trafficked", None]
    (case,) = table(journey, "case_outcomes")
    assert case["re_trafficked"] == 1


def test_a_plan_and_its_follow_up_count_on_their_stated_days(
    journey: Journey, clock: ScriptedClock
) -> None:
    """Written up in July, a June visit's re-trafficking counts in 2026-Q2."""
    case_id = open_referred(journey, clock, days_ago=30)
    plan_id = journey.bus.execute(None, DraftPlan(case_id=case_id), actor=WORKER).id
    goal = AddGoal(type=SupportPlanType.LIVELIHOOD, description="Find work", target_date=FAR)
    journey.bus.execute(plan_id, goal, actor=WORKER)
    journey.bus.execute(plan_id, AchieveGoal(number=1), actor=WORKER)
    journey.bus.execute(plan_id, CompletePlan(completed_on=date(2026, 3, 1)), actor=WORKER)
    clock.advance(days=125)  # 2026-07-05
    visit = RecordFollowUp(
        month=3, status=FollowUpStatus.RE_TRAFFICKED, visited_on=date(2026, 6, 25)
    )
    journey.bus.execute(plan_id, visit, actor=WORKER)
    (plan,) = table(journey, "reintegration_outcomes")
    assert (plan["completed_on"], plan["follow_up_3m"]) == (date(2026, 3, 1), "re_trafficked")
    quarters = by_quarter(journey)
    assert quarters["2026-Q2"]["re_trafficked_count"] == 1
    assert "2026-Q3" not in quarters


def test_a_discontinued_plan_says_when(journey: Journey, clock: ScriptedClock) -> None:
    plan_id = journey.bus.execute(
        None, DraftPlan(case_id=open_referred(journey, clock)), actor=WORKER
    ).id
    clock.advance(days=5)
    journey.bus.execute(plan_id, DiscontinuePlan(reason="Lost contact"), actor=WORKER)
    (plan,) = table(journey, "reintegration_outcomes")
    assert (plan["status"], plan["discontinued_on"]) == ("discontinued", date(2026, 3, 7))
    assert plan["goal_types"] is None


# -------------------------------------------------------------------- cases


def test_a_closed_case_counts_services_and_referrals(
    journey: Journey, clock: ScriptedClock
) -> None:
    beneficiary_id = register(journey)
    consent_to_services(journey, beneficiary_id)
    case_id = open_referred(journey, clock, days_ago=59, beneficiary_id=beneficiary_id)
    for service in (ServiceType.MEDICAL, ServiceType.LEGAL, ServiceType.MEDICAL):
        delivery = DeliverService(
            service=service,
            provider="QKUK",
            delivered_on=START.date(),
            outcome=ServiceOutcome.COMPLETED,
        )
        journey.bus.execute(case_id, delivery, actor=WORKER)
    refer_twice_accept_once(journey, beneficiary_id, case_id)
    clock.advance(days=10)
    close(journey, case_id, ClosureReason.REINTEGRATED)
    (case,) = table(journey, "case_outcomes")
    assert (case["referred_on"], case["opened_on"], case["closed_on"]) == (
        date(2026, 1, 2),
        START.date(),
        date(2026, 3, 12),
    )
    assert (case["closure_reason"], case["days_to_closure"]) == ("reintegrated", 69)
    assert (case["services_received"], case["service_types"]) == (3, "legal,medical")
    assert (case["referrals_out"], case["referrals_accepted"]) == (2, 1)
    assert (case["reopened_count"], case["re_trafficked"]) == (0, 0)
    assert case["beneficiary_code"] == "PVPT-2026-0001"


def refer_twice_accept_once(journey: Journey, beneficiary_id: UUID, case_id: UUID) -> None:
    iom = partner(journey)
    consent = GiveConsent(
        kind=ConsentKind.SHARING, given_by=ConsentGiver.BENEFICIARY, organisation_id=iom
    )
    journey.bus.execute(beneficiary_id, consent, actor=WORKER)
    referral = ReferOut(
        organisation_id=iom, reason=OutgoingReferralReason.ADDITIONAL_SERVICES_REQUIRED
    )
    journey.bus.execute(case_id, referral, actor=WORKER)
    journey.bus.execute(case_id, referral, actor=WORKER)
    journey.bus.execute(case_id, AcceptReferral(number=1), actor=WORKER)
    journey.bus.execute(case_id, RejectReferral(number=2), actor=WORKER)


def test_screening_out_closes_the_case_as_screened_out(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = open_referred(journey, clock, days_ago=3)
    journey.bus.execute(case_id, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    journey.bus.execute(case_id, StartScreening(), actor=WORKER)
    journey.bus.execute(
        case_id,
        ScreenOut(
            outcome=ScreeningOutcome.DECLINED,
            no_referral_reason="declined",
            rationale="Private reasons",
        ),
        actor=WORKER,
    )
    (case,) = table(journey, "case_outcomes")
    assert (case["closure_reason"], case["days_to_closure"]) == ("screened_out_declined", 3)
    assert "Private reasons" not in repr(case)


def screened_out_and_again(journey: Journey, clock: ScriptedClock) -> None:
    """A case screened out (insufficient information), screened again, and screened
    out with another need, referred on."""
    case_id = open_referred(journey, clock, days_ago=3)
    journey.bus.execute(case_id, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    journey.bus.execute(case_id, StartScreening(), actor=WORKER)
    first = ScreenOut(
        outcome=ScreeningOutcome.INSUFFICIENT_INFORMATION,
        no_referral_reason="she left before the interview",
        rationale="Too little to say",
    )
    journey.bus.execute(case_id, first, actor=WORKER)
    journey.bus.execute(case_id, Rescreen(reason="She came back"), actor=WORKER)
    second = ScreenOut(
        outcome=ScreeningOutcome.NOT_TRAFFICKING_OTHER_NEED,
        other_need=OtherNeed.DOMESTIC_VIOLENCE,
        onward_referral=OnwardReferral("Women's Shelter", OrganisationType.NGO),
        rationale="Violence at home",
    )
    journey.bus.execute(case_id, second, actor=WORKER)


def test_screening_outcomes_report_each_screening_out_and_rescreening(
    journey: Journey, clock: ScriptedClock
) -> None:
    screened_out_and_again(journey, clock)
    (case,) = table(journey, "case_outcomes")
    assert (case["screenings_out"], case["rescreened_count"], case["reopened_count"]) == (2, 1, 0)
    assert case["closure_reason"] == "screened_out_other_need"
    screenings = sorted(table(journey, "screening_outcomes"), key=lambda r: r["screening"])
    assert [
        (r["outcome"], r["other_need"], r["referred_on_to"], r["no_referral"], r["rescreened"])
        for r in screenings
    ] == [
        ("insufficient_information", None, None, 1, 1),
        ("not_trafficking_other_need", "domestic_violence", "NGO", 0, 0),
    ]
    assert by_quarter(journey)[quarter_of(today(clock))]["cases_closed"] == 1


def test_a_rejected_closure_is_forgotten(journey: Journey, clock: ScriptedClock) -> None:
    case_id = open_referred(journey, clock)
    request = RequestApproval(
        subject=ApprovalSubject.CLOSURE, closure_reason=ClosureReason.DECEASED
    )
    journey.bus.execute(case_id, request, actor=WORKER)
    reject = Reject(subject=ApprovalSubject.CLOSURE, comment="Not so")
    journey.bus.execute(case_id, reject, actor=MANAGER)
    (pending,) = table(journey, "case_outcomes")
    close(journey, case_id, ClosureReason.LOST_CONTACT)
    (closed,) = table(journey, "case_outcomes")
    assert (pending["closed_on"], pending["pending_closure_reason"]) == (None, None)
    assert (closed["closure_reason"], closed["pending_closure_reason"]) == ("lost_contact", None)


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (30, "<=1 month"),
        (31, "1-3 months"),
        (91, "1-3 months"),
        (92, "3-6 months"),
        (182, "3-6 months"),
        (183, ">6 months"),
    ],
)
def test_the_view_bands_the_time_from_referral_to_closure(
    journey: Journey, clock: ScriptedClock, days: int, band: str
) -> None:
    close(journey, open_referred(journey, clock, days_ago=days), ClosureReason.REINTEGRATED)
    (case,) = view(journey, "SELECT * FROM case_outcomes")
    assert (case["days_to_closure"], case["closure_band"]) == (days, band)
    assert "pending_closure_reason" not in case


def test_the_view_shows_closed_cases_only_and_a_reopened_one_leaves_it(
    journey: Journey, clock: ScriptedClock
) -> None:
    open_referred(journey, clock)
    reopened = open_referred(journey, clock)
    close(journey, reopened, ClosureReason.LOST_CONTACT)
    close(journey, open_referred(journey, clock), ClosureReason.DECLINED_SERVICES)
    journey.bus.execute(reopened, Reopen(reason="Found again"), actor=WORKER)
    sql = "SELECT case_number, closure_reason FROM case_outcomes"
    assert view(journey, sql) == [
        {"case_number": "PVPT-C-2026-0003", "closure_reason": "declined_services"}
    ]
    kept = {r["case_number"]: r for r in table(journey, "case_outcomes")}
    assert (kept["PVPT-C-2026-0002"]["reopened_count"], len(kept)) == (1, 3)


# ----------------------------------------------------------------- quarters


def test_quarters_count_cases_and_take_medians(journey: Journey, clock: ScriptedClock) -> None:
    two_quarters_of_outcomes(journey, clock)
    (q1,) = [r for q, r in by_quarter(journey).items() if q == "2026-Q1"]
    assert (q1["cases_opened"], q1["cases_closed"], q1["cases_reintegrated"]) == (6, 4, 3)
    assert q1["reintegrated_share"] == 0.75
    assert q1["median_days_to_closure"] == 30.0  # of 10, 20, 40, 45
    assert (q1["stays_discharged"], q1["median_length_of_stay_days"]) == (1, 10.0)
    assert q1["re_trafficked_count"] == 0


def test_later_quarters_get_later_discharges_closures_and_follow_ups(
    journey: Journey, clock: ScriptedClock
) -> None:
    two_quarters_of_outcomes(journey, clock)
    quarters = by_quarter(journey)
    q2 = quarters["2026-Q2"]
    assert list(quarters) == ["2026-Q1", "2026-Q2"]
    assert (q2["cases_opened"], q2["cases_closed"], q2["reintegrated_share"]) == (0, 1, 1.0)
    assert (q2["median_days_to_closure"], q2["re_trafficked_count"]) == (80.0, 1)
    assert (q2["stays_discharged"], q2["median_length_of_stay_days"]) == (1, 80.0)


def two_quarters_of_outcomes(journey: Journey, clock: ScriptedClock) -> None:
    """Q1: six cases opened, four closed (three reintegrated), one stay of 10 days.
    Q2 (2026-05-21): one stay of 80 days, one re-trafficked follow-up, one closure."""
    for days_ago, reason in ((10, "reintegrated"), (20, "lost_contact"), (40, "reintegrated")):
        close(journey, open_referred(journey, clock, days_ago), ClosureReason(reason))
    close(journey, open_referred(journey, clock, 45), ClosureReason.REINTEGRATED)
    shelter = facility(journey)
    followed, other = open_referred(journey, clock), open_referred(journey, clock)
    short_stay, long_stay = admit(journey, followed, shelter), admit(journey, other, shelter)
    plan_id = completed_plan(journey, followed)
    clock.advance(days=10)
    discharge(journey, short_stay)
    clock.advance(days=70)
    discharge(journey, long_stay)
    follow_up = RecordFollowUp(month=3, status=FollowUpStatus.RE_TRAFFICKED)
    journey.bus.execute(plan_id, follow_up, actor=WORKER)
    close(journey, followed, ClosureReason.REINTEGRATED)


def test_a_case_closed_again_counts_at_its_latest_closure(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = open_referred(journey, clock, days_ago=5)
    close(journey, case_id, ClosureReason.LOST_CONTACT)
    clock.advance(days=40)
    journey.bus.execute(case_id, Reopen(reason="Found again"), actor=WORKER)
    reopened = by_quarter(journey)
    close(journey, case_id, ClosureReason.REINTEGRATED)
    closed = by_quarter(journey)
    assert (reopened["2026-Q1"]["cases_closed"], list(reopened)) == (0, ["2026-Q1"])
    assert (closed["2026-Q1"]["cases_closed"], closed["2026-Q2"]["cases_closed"]) == (0, 1)
    assert closed["2026-Q2"]["median_days_to_closure"] == 45.0
    assert closed["2026-Q2"]["cases_opened"] == 0


def test_a_discharged_stay_has_its_length(journey: Journey, clock: ScriptedClock) -> None:
    case_id = open_referred(journey, clock)
    stay_id = admit(journey, case_id, facility(journey))
    clock.advance(days=12)
    discharge(journey, stay_id)
    (stay,) = table(journey, "outcome_stays")
    assert (stay["stay_id"], stay["case_id"]) == (str(stay_id), str(case_id))
    assert (stay["admitted_on"], stay["discharged_on"], stay["length_of_stay_days"]) == (
        START.date(),
        date(2026, 3, 14),
        12,
    )


def test_quarter_names() -> None:
    days = (date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 1), date(2026, 12, 31))
    assert [quarter_of(d) for d in days] == ["2026-Q1", "2026-Q1", "2026-Q2", "2026-Q4"]


# ------------------------------------------------------------ refusals, batches


@pytest.mark.parametrize(
    ("dropped", "message"),
    [
        ("Case.Opened", "Case.RiskAssessed for case .* never opened"),
        ("ShelterStay.Admitted", "ShelterStay.Discharged for stay .* never admitted"),
        ("ReintegrationPlan.Drafted", "ReintegrationPlan.GoalAdded for plan .* never drafted"),
        ("Case.", "ReintegrationPlan.Drafted for case .* never opened"),
    ],
)
def test_an_event_for_a_record_never_seen_is_refused(
    journey: Journey, clock: ScriptedClock, dropped: str, message: str
) -> None:
    case_id = open_referred(journey, clock)
    discharge(journey, admit(journey, case_id, facility(journey)))
    completed_plan(journey, case_id)
    kept = [c for c in changes(journey) if not c.event_type.startswith(dropped)]
    engine, metadata = memory_engine(), MetaData()
    tables = Outcomes().define(metadata, 1)
    metadata.create_all(engine)
    with engine.begin() as conn, pytest.raises(LookupError, match=message):
        Outcomes().apply(conn, tables, kept)


def trafficked_twice(journey: Journey) -> None:
    """Two trafficking episodes of one person, the first revised (issue 15)."""
    person = register(journey)
    labour = TraffickingEpisode(
        exploitation_types=(ExploitationType.FORCED_LABOUR,),
        places=(EpisodePlace(EpisodePlaceType.EXPLOITATION, "DE"),),
    )
    journey.bus.execute(person, RecordTraffickingEpisode(episode=labour), actor=WORKER)
    journey.bus.execute(person, RecordTraffickingEpisode(episode=labour), actor=WORKER)
    revised = ReviseTraffickingEpisode(
        number=1, episode=replace(labour, crossed_border=True), reason="She said more"
    )
    journey.bus.execute(person, revised, actor=WORKER)


def test_batch_boundaries_do_not_change_the_result(journey: Journey, clock: ScriptedClock) -> None:
    two_quarters_of_outcomes(journey, clock)
    screened_out_and_again(journey, clock)
    trafficked_twice(journey)
    snapshots = []
    for batch in (1, 7, 500):
        engine = memory_engine()
        tables = project(journey, Outcomes(), engine, batch=batch)
        snapshots.append({name: sorted(map(repr, rows(engine, t))) for name, t in tables.items()})
    assert snapshots[0] == snapshots[1] == snapshots[2]
    # the day centre's batches: tests/unit/test_day_centre_read_models.py
    assert all(v for name, v in snapshots[0].items() if name != "day_centre_outcomes")
