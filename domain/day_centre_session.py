"""Day-centre session: one activity of a day rehabilitation centre on one day, with its
places and who attended.

scheduled -> (attendance recorded)* | cancelled. A session has places (at least one), not
beds: every participant recorded — attended, absent or excused — takes one of them, and
no more participants are recorded than it has places (rule `places_full`). Only a case
enrolled in the same centre on the session's day is recorded (rule `not_enrolled`), each
once (rule `attendance_recorded`), only once the day has come, and only while the
beneficiary's services consent is in force (rule `consent_required`).

A session has 1 to 200 places and is held on a day from the centre's registration to a
year after today (a session written up after it was held may lie in the past). Its title
is free text staff write, sealed with the session's own data key and withheld from roles
without personal data; it is never part of the session's label (refusal messages) nor of
a read model. Its facilitator is a staff user, its participants ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.day_centre import DayCentreEnrolment, require_day_centre
from domain.described import Described
from domain.errors import CapacityExceeded, DateOutsideWindow, InvalidInput, RuleViolated
from domain.facility import Facility
from domain.parts.care_plan_services import require_consent
from domain.vocab import AttendanceStatus, DayCentreActivity, ServiceBasis

MAX_PLACES = 200
"""A session's places at most: a day centre's group, not a stadium."""

MAX_DAYS_AHEAD = 366
"""How far ahead of today a session may be scheduled: about a year."""


@dataclass(frozen=True)
class Attendance:
    """One participant's attendance at the session."""

    enrolment_id: Annotated[
        UUID, Described("The participant's enrolment.", "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6")
    ]
    case_id: Annotated[
        UUID, Described("The participant's case.", "5d0c8f3e-2b71-5a9c-8e14-7f6a2b9c1d03")
    ]
    status: Annotated[AttendanceStatus, Described("Attended, absent or excused.", "attended")]


class DayCentreSession(JourneyAggregate):
    facility_id: UUID
    held_on: date
    activity: DayCentreActivity
    title: str
    facilitator: str
    places: int
    cancelled: bool
    attendance: list[Attendance]

    def __init__(self) -> None:
        self.cancelled = False
        self.attendance = []

    @property
    def label(self) -> str:
        """Names the session by its activity and day: never by its title (free text)."""
        return f"{self.activity.value} session of {self.held_on.isoformat()}"

    @property
    def places_taken(self) -> int:
        return len(self.attendance)

    # ----------------------------------------------------------------- events

    class Scheduled(JourneyAggregate.Created):
        facility_id: UUID
        held_on: date
        activity: DayCentreActivity
        title: str
        facilitator: str
        places: int

        def apply(self, session: DayCentreSession) -> None:
            session.facility_id = self.facility_id
            session.held_on = self.held_on
            session.activity = self.activity
            session.title = self.title
            session.facilitator = self.facilitator
            session.places = self.places

    class AttendanceRecorded(JourneyAggregate.Event):
        enrolment_id: UUID
        case_id: UUID
        held_on: date
        attended: bool
        status: AttendanceStatus

        def apply(self, session: DayCentreSession) -> None:
            session.attendance.append(Attendance(self.enrolment_id, self.case_id, self.status))

    class Cancelled(JourneyAggregate.Event):
        def apply(self, session: DayCentreSession) -> None:
            session.cancelled = True

    # --------------------------------------------------------------- commands

    @classmethod
    def schedule(
        cls,
        facility: Facility,
        held_on: date,
        activity: DayCentreActivity,
        *,
        title: str,
        facilitator: str,
        places: int,
        actor: str,
        at: datetime,
    ) -> DayCentreSession:
        """Schedule a session in a day rehabilitation centre with 1 to 200 places, on a
        day from the centre's registration to a year after today (past days included:
        sessions are often written up after they were held)."""
        require_day_centre(facility, "sessions are held in a day rehabilitation centre")
        title = checks.text("title", title, max_length=200)
        facilitator = checks.text("facilitator", facilitator, max_length=100)
        _check_places(places)
        _check_day(facility, held_on, at)
        session: DayCentreSession = cls._start(
            cls.Scheduled,
            actor,
            at,
            id=cls.create_id(),
            facility_id=facility.id,
            held_on=held_on,
            activity=activity,
            title=title,
            facilitator=facilitator,
            places=places,
        )
        return session

    def record_attendance(
        self,
        enrolment: DayCentreEnrolment,
        status: AttendanceStatus,
        *,
        consent_given_on: date | None,
        actor: str,
        at: datetime,
    ) -> None:
        """Record one participant's attendance: once, within the places, for an
        enrolment in this centre active on the session's day, once the day has come,
        with the beneficiary's services consent (given on `consent_given_on`) in force."""
        self._require_not_cancelled("record attendance")
        self._check_participant(enrolment, at)
        require_consent(
            ServiceBasis.CONSENT,
            consent_given_on,
            self.held_on,
            f"the attendance of the {enrolment.label} at the {self.label}",
            other_basis=False,
        )
        if self.places_taken >= self.places:
            raise CapacityExceeded(
                f"{self.label} is full: {self.places_taken} of {self.places} places taken; "
                f"the {enrolment.label} cannot be recorded",
                rule="places_full",
            )
        self._record(
            self.AttendanceRecorded,
            actor,
            at,
            enrolment_id=enrolment.id,
            case_id=enrolment.case_id,
            held_on=self.held_on,
            attended=status is AttendanceStatus.ATTENDED,
            status=status,
        )

    def cancel(self, *, actor: str, at: datetime) -> None:
        """Cancel a session no attendance was recorded for (no reason is kept: a session
        holds no free text about people)."""
        self._require_not_cancelled("be cancelled again")
        if self.attendance:
            raise RuleViolated(
                f"{self.label} has {self.places_taken} attendance records; it was held and "
                "cannot be cancelled",
                rule="attendance_recorded",
            )
        self._record(self.Cancelled, actor, at)

    # ---------------------------------------------------------------- helpers

    def _check_participant(self, enrolment: DayCentreEnrolment, at: datetime) -> None:
        if self.held_on > at.date():
            raise RuleViolated(
                f"{self.label} is not held yet; attendance is recorded from that day on",
                rule="session_not_held",
            )
        if enrolment.facility_id != self.facility_id:
            raise RuleViolated(
                f"the {enrolment.label} is in another centre than {self.label}",
                rule="other_centre",
            )
        if not enrolment.is_active_on(self.held_on):
            raise RuleViolated(
                f"the {enrolment.label} was not active on {self.held_on.isoformat()}",
                rule="not_enrolled",
            )
        if any(a.enrolment_id == enrolment.id for a in self.attendance):
            raise RuleViolated(
                f"the attendance of the {enrolment.label} at {self.label} is recorded already",
                rule="attendance_recorded",
            )

    def _require_not_cancelled(self, action: str) -> None:
        if self.cancelled:
            raise RuleViolated(f"{self.label} was cancelled; it cannot {action}", rule="cancelled")


def _check_places(places: int) -> None:
    if not 1 <= places <= MAX_PLACES:
        raise InvalidInput("places", f"must be 1 to {MAX_PLACES}, got {places}")


def _check_day(facility: Facility, held_on: date, at: datetime) -> None:
    """From the centre's registration (its first inventory) to a year after today."""
    opened = min((p.start for p in facility.capacity_history), default=held_on)
    latest = at.date() + timedelta(days=MAX_DAYS_AHEAD)
    if not opened <= held_on <= latest:
        raise DateOutsideWindow(
            "held_on", held_on, (opened, latest), f"the days {facility.label} may hold sessions"
        )
