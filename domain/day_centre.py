"""Day-centre enrolment: a case's participation in a day rehabilitation centre's programme.

enrolled -> (course completed)* -> ended. The day rehabilitation centre is a programme,
not a bed (docs/domain.md, Day rehabilitation centre): a person comes for sessions
(domain/day_centre_session.py) while living at home, with family or in a shelter, so an
enrolment is independent of any shelter stay. A case has at most one active enrolment
per centre (its `Case.DayCentreEnrolled` is saved with the enrolment, domain/parts/
case_day_centre.py); after an enrolment ends the person may enrol again.

The start, the end and a course's completion are field dates (domain.checks.field_dates):
stated by staff, today when not stated, never in the future; an enrolment does not start
before the case's referral, and nothing ends or completes before it started. A course
completed on or before the enrolment's end may be recorded after it ended (written up
later); none completed after the end.

The day centre is a service: an enrolment needs the beneficiary's services consent in
force on its first day (rule `consent_required`); a withdrawal of that consent ends the
active enrolments (services/day_centre_consent.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.case import CASE_NUMBER
from domain.checks import field_dates
from domain.described import Described
from domain.errors import InvalidInput, RuleViolated
from domain.facility import Facility
from domain.parts.care_plan_services import require_consent
from domain.vocab import EnrolmentEndReason, FacilityKind, ServiceBasis


@dataclass(frozen=True)
class CompletedCourse:
    """A course (or programme module) the participant completed while enrolled."""

    number: Annotated[int, Described("The completion's number within the enrolment.", 1)]
    course: Annotated[
        str, Described("The course, as staff name it (free text).", "Hairdressing, level 1")
    ]
    completed_on: Annotated[date, Described("The day the course was completed.", "2026-06-30")]


class DayCentreEnrolment(JourneyAggregate):
    case_id: UUID
    case_number: str
    facility_id: UUID
    started_on: date
    reason: str
    ended_on: date | None
    end_reason: EnrolmentEndReason | None
    courses: list[CompletedCourse]

    def __init__(self) -> None:
        self.ended_on = None
        self.end_reason = None
        self.courses = []

    @property
    def label(self) -> str:
        return f"day-centre enrolment of case {self.case_number}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def is_active_on(self, day: date) -> bool:
        """Enrolled on `day`: from its start to its end, both days included."""
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    # ----------------------------------------------------------------- events

    class Enrolled(JourneyAggregate.Created):
        case_id: UUID
        case_number: str
        facility_id: UUID
        started_on: date
        reason: str

        def apply(self, enrolment: DayCentreEnrolment) -> None:
            enrolment.case_id = self.case_id
            enrolment.case_number = self.case_number
            enrolment.facility_id = self.facility_id
            enrolment.started_on = self.started_on
            enrolment.reason = self.reason

    class Ended(JourneyAggregate.Event):
        ended_on: date
        reason: EnrolmentEndReason

        def apply(self, enrolment: DayCentreEnrolment) -> None:
            enrolment.ended_on = self.ended_on
            enrolment.end_reason = self.reason

    class CourseCompleted(JourneyAggregate.Event):
        number: int
        course: str
        completed_on: date

        def apply(self, enrolment: DayCentreEnrolment) -> None:
            enrolment.courses.append(CompletedCourse(self.number, self.course, self.completed_on))

    # --------------------------------------------------------------- commands

    @classmethod
    def enrol(
        cls,
        case_id: UUID,
        case_number: str,
        facility: Facility,
        reason: str,
        *,
        started_on: date | None = None,
        referred_on: date | None = None,
        consent_given_on: date | None,
        enrolment_id: UUID | None = None,
        actor: str,
        at: datetime,
    ) -> DayCentreEnrolment:
        """Enrol a case in a day rehabilitation centre from `started_on` (today when not
        stated; not before the case's referral on `referred_on`), with the beneficiary's
        services consent (given on `consent_given_on`) in force on that day."""
        if not CASE_NUMBER.match(case_number):
            raise InvalidInput("case_number", f"{case_number!r} is not like PVPT-C-2026-0001")
        require_day_centre(facility, f"case {case_number} cannot be enrolled there")
        reason = checks.text("reason", reason, max_length=2000)
        day = field_dates.stated(
            "started_on",
            started_on,
            at,
            not_before=referred_on,
            depends_on=f"the referral of case {case_number}",
        )
        what = f"the day-centre enrolment of case {case_number}"
        require_consent(ServiceBasis.CONSENT, consent_given_on, day, what, other_basis=False)
        enrolment: DayCentreEnrolment = cls._start(
            cls.Enrolled,
            actor,
            at,
            id=enrolment_id or cls.create_id(),
            case_id=case_id,
            case_number=case_number,
            facility_id=facility.id,
            started_on=day,
            reason=reason,
        )
        return enrolment

    def end(
        self,
        reason: EnrolmentEndReason,
        ended_on: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """End the enrolment on `ended_on` (today when not stated; not before its start)."""
        self._require_active("end")
        day = field_dates.stated(
            "ended_on",
            ended_on,
            at,
            not_before=self.started_on,
            depends_on=f"the start of the {self.label}",
        )
        self._record(self.Ended, actor, at, ended_on=day, reason=reason)

    def complete_course(
        self, course: str, completed_on: date | None = None, *, actor: str, at: datetime
    ) -> int:
        """Record a course completed while enrolled; returns its number. Once the
        enrolment ended, a course completed on or before its end day may still be
        recorded (written up after)."""
        course = checks.text("course", course, max_length=200)
        day = field_dates.stated(
            "completed_on",
            completed_on,
            at,
            not_before=self.started_on,
            depends_on=f"the start of the {self.label}",
        )
        if self.ended_on is not None and day > self.ended_on:
            raise RuleViolated(
                f"the {self.label} ended on {self.ended_on.isoformat()}; a course completed "
                f"on {day.isoformat()} was not completed while enrolled",
                rule="enrolment_ended",
            )
        number = len(self.courses) + 1
        self._record(
            self.CourseCompleted, actor, at, number=number, course=course, completed_on=day
        )
        return number

    # ---------------------------------------------------------------- helpers

    def _require_active(self, action: str) -> None:
        if self.ended_on is not None:
            raise RuleViolated(
                f"the {self.label} ended on {self.ended_on.isoformat()}; it cannot {action}",
                rule="enrolment_ended",
            )


def require_day_centre(facility: Facility, consequence: str) -> None:
    """Refuse a facility that is not a day rehabilitation centre."""
    if facility.kind is not FacilityKind.DAY_REHABILITATION_CENTRE:
        raise RuleViolated(
            f"{facility.label} is a {facility.kind.value}, not a day rehabilitation centre; "
            f"{consequence}",
            rule="not_a_day_centre",
        )
