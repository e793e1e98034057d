"""The day rehabilitation centre in the demo: a programme, not beds.

Journeys enrol in it (shelter residents too), complete courses and end their enrolment
when reintegration starts; someone whose enrolment ended comes back after leaving the
shelter. The centre itself runs a week of sessions at a time — vocational courses,
education, psychosocial groups, ... — each with its places, and records who attended, was
absent or excused; now and then a session planned for next week is cancelled. A withdrawal
of the services consent (adapters/run/demo/care.py) ends the enrolment with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Protocol
from uuid import UUID

from adapters.run.demo.world import DAY_CENTRE, MANAGERS, Host
from domain.local_time import local_date
from domain.vocab import AttendanceStatus, DayCentreActivity, EnrolmentEndReason
from services.commands.day_centre import (
    CancelSession,
    CompleteCourse,
    EndEnrolment,
    EnrolInDayCentre,
    RecordAttendance,
    ScheduleSession,
)

COURSES = ("Hairdressing, level 1", "Tailoring", "Computer basics", "Cooking and catering")
TITLES = {
    DayCentreActivity.VOCATIONAL_COURSE: "Vocational workshop",
    DayCentreActivity.EDUCATION: "Literacy and numeracy",
    DayCentreActivity.PSYCHOSOCIAL_GROUP: "Women's support group",
    DayCentreActivity.INDIVIDUAL_COUNSELLING: "Counselling hour",
    DayCentreActivity.CREATIVE_OCCUPATIONAL: "Art and crafts",
    DayCentreActivity.LIFE_SKILLS: "Budgeting and job search",
}
FACILITATORS = ("vlora.day", "arben.day")


class Participant(Protocol):
    """What the day centre needs of a journey script."""

    demo: Host
    case: UUID
    worker: str
    referred_on: date
    stay: UUID | None

    def _days_ago(self, most: int, not_before: date | None = None) -> date: ...


# ----------------------------------------------------------------- journeys


def enrol(script: Participant, chance: float = 0.45) -> Iterator[float]:
    """Maybe enrol (residents of a shelter more often): the programme runs alongside."""
    demo = script.demo
    programme = demo.programme
    if script.case in programme.of_case or script.case in programme.without_consent:
        return  # enrolled already, or the services consent is withdrawn
    if demo.rng.random() > chance + 0.3 * bool(script.stay):
        return
    yield demo.rng.uniform(1, 10)
    command = EnrolInDayCentre(
        case_id=script.case,
        facility_id=demo.facilities[DAY_CENTRE],
        reason="Vocational training and psychosocial support agreed with the person.",
        started_on=script._days_ago(2, _consented_on(script)),
    )
    enrolment = demo.do(None, command, script.worker)
    demo.programme.active[enrolment] = script.case
    demo.programme.of_case[script.case] = enrolment
    demo.programme.ended.discard(script.case)


def finish(script: Participant) -> Iterator[float]:
    """At reintegration: a course completed (most), then the enrolment ends."""
    demo, programme = script.demo, script.demo.programme
    enrolment = programme.of_case.get(script.case)
    if enrolment is None:
        return
    yield demo.rng.uniform(1, 7)
    completed = demo.rng.random() < 0.7
    if completed:
        course = CompleteCourse(course=demo.rng.choice(COURSES), completed_on=script._days_ago(2))
        demo.do(enrolment, course, script.worker)
    reason = EnrolmentEndReason.COMPLETED if completed else EnrolmentEndReason.LEFT
    demo.do(enrolment, EndEnrolment(reason=reason), script.worker)
    del programme.active[enrolment], programme.of_case[script.case]
    programme.ended.add(script.case)


def after_shelter(script: Participant) -> Iterator[float]:
    """Someone whose enrolment ended comes back to the day centre after the shelter."""
    if script.case in script.demo.programme.ended:
        yield from enrol(script, chance=0.6)


def consent_withdrawn(demo: Host, case: UUID) -> None:
    """The services consent withdrawn: the case's enrolment ended with it
    (services/day_centre_consent.py); no enrolment until it is given again."""
    programme = demo.programme
    enrolment = programme.of_case.pop(case, None)
    if enrolment is not None:
        del programme.active[enrolment]
        programme.ended.add(case)
    programme.without_consent.add(case)


def consent_given(demo: Host, case: UUID) -> None:
    demo.programme.without_consent.discard(case)
    demo.programme.consent_again_on[case] = local_date(demo.clock())


def _consented_on(script: Participant) -> date:
    """The earliest start the services consent covers: given at intake, days before the
    first enrolment (at least three: the assessment comes between), or given again."""
    return script.demo.programme.consent_again_on.get(script.case, script.referred_on)


# ----------------------------------------------------------------- the centre


def weeks(demo: Host) -> Iterator[float]:
    """The centre's weeks: two sessions held, attendance recorded."""
    while True:
        for activity in demo.rng.sample(list(DayCentreActivity), 2):
            _hold(demo, activity)
        if demo.rng.random() < 0.15:
            _cancel_one(demo)
        yield 7


def _hold(demo: Host, activity: DayCentreActivity) -> None:
    today = local_date(demo.clock())
    places = 1 if activity is DayCentreActivity.INDIVIDUAL_COUNSELLING else demo.rng.randint(4, 9)
    session = demo.do(None, _session(demo, activity, today, places), demo.rng.choice(MANAGERS))
    demo.programme.sessions += 1
    enrolled = list(demo.programme.active)
    for enrolment in demo.rng.sample(enrolled, min(places, len(enrolled))):
        status = demo.rng.choices(list(AttendanceStatus), weights=(75, 15, 10))[0]
        attendance = RecordAttendance(enrolment_id=enrolment, status=status)
        demo.do(session, attendance, demo.rng.choice(FACILITATORS))
        demo.programme.attendance += 1


def _cancel_one(demo: Host) -> None:
    next_week = local_date(demo.clock()) + timedelta(days=7)
    planned = _session(demo, DayCentreActivity.CREATIVE_OCCUPATIONAL, next_week, 8)
    session = demo.do(None, planned, MANAGERS[0])
    demo.do(session, CancelSession(), MANAGERS[0])


def _session(
    demo: Host, activity: DayCentreActivity, held_on: date, places: int
) -> ScheduleSession:
    return ScheduleSession(
        facility_id=demo.facilities[DAY_CENTRE],
        held_on=held_on,
        activity=activity,
        title=TITLES[activity],
        facilitator=demo.rng.choice(FACILITATORS),
        places=places,
    )
