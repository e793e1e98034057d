"""Day centre: enrolment, sessions and attendance; a shelter resident may attend too.

Given events -> when command -> then events, or the named refusal (which records nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate

from domain.base import JourneyAggregate
from domain.case import Case
from domain.case_values import IncomingReferral
from domain.day_centre import CompletedCourse, DayCentreEnrolment
from domain.day_centre_session import Attendance, DayCentreSession
from domain.errors import (
    CapacityExceeded,
    DateInFuture,
    DateTooEarly,
    DomainError,
    InvalidInput,
    RuleViolated,
)
from domain.facility import Facility
from domain.stay import ShelterStay
from domain.vocab import (
    AttendanceStatus,
    DayCentreActivity,
    DischargeReason,
    EnrolmentEndReason,
    ExitDestination,
    FacilityKind,
    IncomingReferralReason,
    OrganisationType,
    RiskLevel,
)
from tests.unit.dsl import at, given, then, when

CENTRE_ID = UUID("dc000000-0000-4000-8000-000000000001")
OTHER_CENTRE_ID = UUID("dc000000-0000-4000-8000-000000000002")
SHELTER_ID = UUID("5e000000-0000-4000-8000-000000000001")
CASE_NUMBER = "PVPT-C-2026-0007"
REFERRAL = IncomingReferral(
    organisation="Kosovo Police",
    organisation_type=OrganisationType.LAW_ENFORCEMENT,
    referred_on=date(2026, 3, 1),
    reason=IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
)
WORKER = "arta.krasniqi"
CONSENT = date(2026, 3, 1)  # the beneficiary's services consent, given on the referral day


def pending(record: JourneyAggregate) -> list[Aggregate.Event]:
    return cast("list[Aggregate.Event]", list(record.collect_events()))


def facility(kind: FacilityKind, facility_id: UUID = CENTRE_ID) -> Facility:
    registered = Facility.register(
        "Day Centre Prishtina" if kind is FacilityKind.DAY_REHABILITATION_CENTRE else "Shelter",
        kind,
        20,
        date(2026, 3, 1),
        facility_id=facility_id,
        actor="admin",
        at=at(),
    )
    return given(Facility, pending(registered))


def centre(facility_id: UUID = CENTRE_ID) -> Facility:
    return facility(FacilityKind.DAY_REHABILITATION_CENTRE, facility_id)


def case_events() -> list[Aggregate.Event]:
    opened = Case.open(CASE_NUMBER, UUID(int=1), "PVPT-2026-0001", REFERRAL, actor=WORKER, at=at())
    opened.assess_risk(RiskLevel.MEDIUM, None, actor=WORKER, at=at())
    return pending(opened)


def case() -> Case:
    return given(Case, case_events())


def enrol(
    where: Facility | None = None, *, days: float = 1, started_on: date | None = None
) -> DayCentreEnrolment:
    enrolment = DayCentreEnrolment.enrol(
        case().id,
        CASE_NUMBER,
        where or centre(),
        "Vocational training agreed in the care plan.",
        started_on=started_on,
        referred_on=REFERRAL.referred_on,
        consent_given_on=CONSENT,
        actor=WORKER,
        at=at(days),
    )
    return given(DayCentreEnrolment, pending(enrolment))


def session(places: int = 2, held_on: date = date(2026, 3, 5)) -> DayCentreSession:
    scheduled = DayCentreSession.schedule(
        centre(),
        held_on,
        DayCentreActivity.VOCATIONAL_COURSE,
        title="Hairdressing, week 1",
        facilitator="drita.berisha",
        places=places,
        actor="drita.berisha",
        at=at(1),
    )
    return given(DayCentreSession, pending(scheduled))


def refuse(
    error: type[DomainError], command: Callable[[], object], *records: JourneyAggregate, rule: str
) -> None:
    with pytest.raises(error) as raised:
        command()
    assert type(raised.value) is error
    assert raised.value.rule == rule
    for record in records:
        assert pending(record) == []


# ------------------------------------------------------------------ enrolment


def test_enrol_starts_an_enrolment_on_the_stated_day() -> None:
    enrolment = DayCentreEnrolment.enrol(
        UUID(int=9),
        CASE_NUMBER,
        centre(),
        "Referred for vocational training.",
        started_on=date(2026, 3, 2),
        referred_on=REFERRAL.referred_on,
        consent_given_on=CONSENT,
        actor=WORKER,
        at=at(3),
    )
    then(
        pending(enrolment),
        (
            DayCentreEnrolment.Enrolled,
            {
                "case_id": UUID(int=9),
                "case_number": CASE_NUMBER,
                "facility_id": CENTRE_ID,
                "started_on": date(2026, 3, 2),
            },
        ),
    )


def test_enrol_defaults_to_today() -> None:
    assert enrol(days=3).started_on == date(2026, 3, 5)


def test_enrol_refuses_a_shelter() -> None:
    with pytest.raises(RuleViolated) as raised:
        enrol(facility(FacilityKind.SHELTER, SHELTER_ID))
    assert raised.value.rule == "not_a_day_centre"


def test_enrol_refuses_a_day_before_the_referral_and_one_in_the_future() -> None:
    with pytest.raises(DateTooEarly):
        enrol(started_on=date(2026, 2, 28))
    with pytest.raises(DateInFuture):
        enrol(started_on=date(2026, 4, 1))


def test_enrol_refuses_a_blank_reason() -> None:
    with pytest.raises(InvalidInput) as raised:
        DayCentreEnrolment.enrol(
            UUID(int=9),
            CASE_NUMBER,
            centre(),
            " ",
            consent_given_on=CONSENT,
            actor=WORKER,
            at=at(1),
        )
    assert raised.value.field == "reason"


def test_end_records_the_day_and_the_reason() -> None:
    enrolment = enrol()
    events = when(
        enrolment,
        lambda e: e.end(EnrolmentEndReason.COMPLETED, date(2026, 3, 20), actor=WORKER, at=at(30)),
    )
    then(events, (DayCentreEnrolment.Ended, {"ended_on": date(2026, 3, 20), "reason": "completed"}))
    assert not enrolment.is_active
    assert enrolment.is_active_on(date(2026, 3, 20))
    assert not enrolment.is_active_on(date(2026, 3, 21))


def test_end_refuses_an_ended_enrolment_and_a_day_before_the_start() -> None:
    enrolment = enrol(days=5)
    refuse(
        DateTooEarly,
        lambda: enrolment.end(EnrolmentEndReason.LEFT, date(2026, 3, 2), actor=WORKER, at=at(6)),
        enrolment,
        rule="date_too_early",
    )
    enrolment.end(EnrolmentEndReason.LEFT, actor=WORKER, at=at(6))
    pending(enrolment)
    ended = enrolment
    refuse(
        RuleViolated,
        lambda: ended.end(EnrolmentEndReason.OTHER, actor=WORKER, at=at(7)),
        ended,
        rule="enrolment_ended",
    )


def test_complete_course_numbers_each_completion() -> None:
    enrolment = enrol()
    enrolment.complete_course("Hairdressing, level 1", date(2026, 3, 10), actor=WORKER, at=at(9))
    pending(enrolment)
    events = when(enrolment, lambda e: e.complete_course("Computer basics", actor=WORKER, at=at(9)))
    then(
        events,
        (
            DayCentreEnrolment.CourseCompleted,
            {"number": 2, "course": "Computer basics", "completed_on": date(2026, 3, 11)},
        ),
    )
    assert enrolment.courses[0] == CompletedCourse(1, "Hairdressing, level 1", date(2026, 3, 10))


def test_complete_course_refuses_a_course_completed_after_the_enrolment_ended() -> None:
    enrolment = enrol()
    enrolment.end(EnrolmentEndReason.MOVED, date(2026, 3, 4), actor=WORKER, at=at(2))
    pending(enrolment)
    ended = enrolment
    refuse(
        RuleViolated,
        lambda: ended.complete_course("Sewing", date(2026, 3, 5), actor=WORKER, at=at(3)),
        ended,
        rule="enrolment_ended",
    )


def test_complete_course_written_up_after_the_enrolment_ended() -> None:
    """A course completed on (or before) the last day is recorded later: a field date."""
    enrolment = enrol()
    enrolment.end(EnrolmentEndReason.COMPLETED, date(2026, 3, 4), actor=WORKER, at=at(2))
    pending(enrolment)
    events = when(
        enrolment,
        lambda e: e.complete_course("Sewing", date(2026, 3, 4), actor=WORKER, at=at(20)),
    )
    then(
        events,
        (
            DayCentreEnrolment.CourseCompleted,
            {"number": 1, "course": "Sewing", "completed_on": date(2026, 3, 4)},
        ),
    )


# ------------------------------------------------------------------- the case


def test_the_case_links_one_active_enrolment_per_centre() -> None:
    c = case()
    first, other = UUID(int=101), UUID(int=102)
    events = when(c, lambda k: k.link_enrolment(first, CENTRE_ID, actor=WORKER, at=at(1)))
    then(events, (Case.DayCentreEnrolled, {"enrolment_id": first, "facility_id": CENTRE_ID}))
    refuse(
        RuleViolated,
        lambda: c.link_enrolment(UUID(int=103), CENTRE_ID, actor=WORKER, at=at(2)),
        c,
        rule="already_enrolled",
    )
    c.link_enrolment(other, OTHER_CENTRE_ID, actor=WORKER, at=at(2))
    assert c.day_centre_enrolments == {CENTRE_ID: first, OTHER_CENTRE_ID: other}


def test_the_case_enrols_again_after_an_enrolment_ended() -> None:
    c = case()
    first, second = UUID(int=101), UUID(int=102)
    c.link_enrolment(first, CENTRE_ID, actor=WORKER, at=at(1))
    c.unlink_enrolment(first, actor=WORKER, at=at(2))
    c.link_enrolment(second, CENTRE_ID, actor=WORKER, at=at(3))
    rebuilt = given(Case, case_events() + pending(c))
    assert rebuilt.day_centre_enrolments == {CENTRE_ID: second}
    assert rebuilt.enrolment_ids == [first, second]
    assert {first, second} <= set(rebuilt.record_ids)


def test_the_case_refuses_to_end_an_enrolment_it_has_not() -> None:
    c = case()
    refuse(
        RuleViolated,
        lambda: c.unlink_enrolment(UUID(int=101), actor=WORKER, at=at(1)),
        c,
        rule="no_such_enrolment",
    )


def test_a_shelter_resident_can_be_enrolled_too() -> None:
    c = case()
    shelter = facility(FacilityKind.SHELTER, SHELTER_ID)
    stay = ShelterStay.admit(
        c.id, CASE_NUMBER, shelter, c.risk_level, False, actor=WORKER, at=at(1)
    )
    c.start_stay(stay.id, actor=WORKER, at=at(1))
    c.link_enrolment(UUID(int=101), CENTRE_ID, actor=WORKER, at=at(1))
    assert c.active_stay_id == stay.id
    assert c.day_centre_enrolments == {CENTRE_ID: UUID(int=101)}


def test_a_day_centre_admits_no_residents_and_takes_no_transfers() -> None:
    c, day_centre = case(), centre()
    with pytest.raises(RuleViolated) as raised:
        ShelterStay.admit(
            c.id, CASE_NUMBER, day_centre, c.risk_level, False, actor=WORKER, at=at(1)
        )
    assert raised.value.rule == "not_a_shelter"
    shelter = facility(FacilityKind.SHELTER, SHELTER_ID)
    stay = ShelterStay.admit(
        c.id, CASE_NUMBER, shelter, c.risk_level, False, actor=WORKER, at=at(1)
    )
    stay = given(ShelterStay, pending(stay))
    pending(shelter)
    refuse(
        RuleViolated,
        lambda: stay.transfer(day_centre, shelter, actor=WORKER, at=at(2)),
        stay,
        day_centre,
        rule="not_a_shelter",
    )


def test_a_legacy_stay_in_a_day_centre_still_discharges() -> None:
    """Stays stored in a day centre before the rule keep loading and moving out."""
    c, day_centre = case(), centre()
    admitted: Any = ShelterStay.Admitted  # as stored before the rule: built from its event
    stay = given(
        ShelterStay,
        [
            admitted(
                originator_id=UUID(int=55),
                originator_version=1,
                timestamp=at(1),
                originator_topic="domain.stay:ShelterStay",
                actor=WORKER,
                case_id=c.id,
                case_number=CASE_NUMBER,
                facility_id=day_centre.id,
                admitted_on=date(2026, 3, 3),
            )
        ],
    )
    day_centre.occupy(stay.id, actor=WORKER, at=at(1))
    stay.discharge(
        day_centre,
        DischargeReason.COMPLETED_PROGRAMME,
        ExitDestination.FAMILY,
        actor=WORKER,
        at=at(5),
    )
    assert stay.is_discharged


# ------------------------------------------------------------------- sessions


def test_schedule_a_session_with_places() -> None:
    scheduled = DayCentreSession.schedule(
        centre(),
        date(2026, 3, 9),
        DayCentreActivity.PSYCHOSOCIAL_GROUP,
        title="Women's group",
        facilitator="drita.berisha",
        places=8,
        actor="drita.berisha",
        at=at(1),
    )
    then(
        pending(scheduled),
        (
            DayCentreSession.Scheduled,
            {
                "facility_id": CENTRE_ID,
                "held_on": date(2026, 3, 9),
                "activity": DayCentreActivity.PSYCHOSOCIAL_GROUP,
                "places": 8,
            },
        ),
    )


@pytest.mark.parametrize("places", [0, -1])
def test_schedule_refuses_no_places(places: int) -> None:
    with pytest.raises(InvalidInput) as raised:
        session(places)
    assert raised.value.field == "places"


def test_schedule_refuses_a_shelter() -> None:
    with pytest.raises(RuleViolated) as raised:
        DayCentreSession.schedule(
            facility(FacilityKind.SHELTER, SHELTER_ID),
            date(2026, 3, 9),
            DayCentreActivity.LIFE_SKILLS,
            title="Budgeting",
            facilitator="drita.berisha",
            places=8,
            actor="drita.berisha",
            at=at(1),
        )
    assert raised.value.rule == "not_a_day_centre"


@pytest.mark.parametrize(
    ("status", "attended"),
    [
        (AttendanceStatus.ATTENDED, True),
        (AttendanceStatus.ABSENT, False),
        (AttendanceStatus.EXCUSED, False),
    ],
)
def test_record_attendance(status: AttendanceStatus, attended: bool) -> None:
    s, enrolment = session(), enrol()
    events = when(
        s,
        lambda x: x.record_attendance(
            enrolment, status, consent_given_on=CONSENT, actor=WORKER, at=at(4)
        ),
    )
    then(
        events,
        (
            DayCentreSession.AttendanceRecorded,
            {
                "enrolment_id": enrolment.id,
                "case_id": enrolment.case_id,
                "held_on": date(2026, 3, 5),
                "attended": attended,
                "status": status,
            },
        ),
    )
    assert s.attendance == [Attendance(enrolment.id, enrolment.case_id, status)]


def test_attendance_is_recorded_once_per_participant() -> None:
    s, enrolment = session(), enrol()
    s.record_attendance(
        enrolment, AttendanceStatus.ATTENDED, consent_given_on=CONSENT, actor=WORKER, at=at(4)
    )
    pending(s)
    refuse(
        RuleViolated,
        lambda: s.record_attendance(
            enrolment, AttendanceStatus.ABSENT, consent_given_on=CONSENT, actor=WORKER, at=at(4)
        ),
        s,
        rule="attendance_recorded",
    )


def test_never_more_participants_than_places() -> None:
    s = session(places=1)
    s.record_attendance(
        enrol(), AttendanceStatus.ATTENDED, consent_given_on=CONSENT, actor=WORKER, at=at(4)
    )
    pending(s)
    refuse(
        CapacityExceeded,
        lambda: s.record_attendance(
            enrol(), AttendanceStatus.ATTENDED, consent_given_on=CONSENT, actor=WORKER, at=at(4)
        ),
        s,
        rule="places_full",
    )


def test_only_an_enrolment_active_on_the_day_is_recorded() -> None:
    s = session(held_on=date(2026, 3, 5))
    late = enrol(days=5)  # from 7 March
    refuse(
        RuleViolated,
        lambda: s.record_attendance(
            late, AttendanceStatus.ATTENDED, consent_given_on=CONSENT, actor=WORKER, at=at(6)
        ),
        s,
        rule="not_enrolled",
    )
    ended = enrol()
    ended.end(EnrolmentEndReason.LEFT, date(2026, 3, 4), actor=WORKER, at=at(4))
    refuse(
        RuleViolated,
        lambda: s.record_attendance(
            ended, AttendanceStatus.ABSENT, consent_given_on=CONSENT, actor=WORKER, at=at(6)
        ),
        s,
        rule="not_enrolled",
    )


def test_attendance_needs_the_same_centre_and_the_day_to_have_come() -> None:
    s = session(held_on=date(2026, 3, 5))
    elsewhere = enrol(centre(OTHER_CENTRE_ID))
    refuse(
        RuleViolated,
        lambda: s.record_attendance(
            elsewhere, AttendanceStatus.ATTENDED, consent_given_on=CONSENT, actor=WORKER, at=at(4)
        ),
        s,
        rule="other_centre",
    )
    refuse(
        RuleViolated,
        lambda: s.record_attendance(
            enrol(), AttendanceStatus.ATTENDED, consent_given_on=CONSENT, actor=WORKER, at=at(2)
        ),
        s,
        rule="session_not_held",
    )


def test_cancel_a_session_not_held() -> None:
    s = session()
    events = when(s, lambda x: x.cancel(actor=WORKER, at=at(2)))
    then(events, (DayCentreSession.Cancelled, {}))
    refuse(
        RuleViolated,
        lambda: s.record_attendance(
            enrol(), AttendanceStatus.ATTENDED, consent_given_on=CONSENT, actor=WORKER, at=at(4)
        ),
        s,
        rule="cancelled",
    )


def test_a_session_with_attendance_cannot_be_cancelled() -> None:
    s = session()
    s.record_attendance(
        enrol(), AttendanceStatus.ATTENDED, consent_given_on=CONSENT, actor=WORKER, at=at(4)
    )
    pending(s)
    refuse(
        RuleViolated,
        lambda: s.cancel(actor=WORKER, at=at(5)),
        s,
        rule="attendance_recorded",
    )
