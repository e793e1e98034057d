"""Commands on the day rehabilitation centre: enrolments, sessions and attendance."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from domain.day_centre import DayCentreEnrolment
from domain.day_centre_session import MAX_PLACES, DayCentreSession
from domain.vocab import AttendanceStatus, DayCentreActivity, EnrolmentEndReason
from services.commands import Command, FieldDate, RecordCommand, day_of, free_text

CentreId = Annotated[
    UUID,
    msgspec.Meta(
        description="The id of a registered facility of kind day_rehabilitation_centre.",
        examples=["9a3f6c2d-1e8b-5f47-a2c9-6d4e1b7f3a58"],
    ),
]


class EnrolInDayCentre(Command, frozen=True):
    """Enrol a case in a day rehabilitation centre's programme (vocational training,
    education, psychosocial support). A shelter resident may be enrolled as well; one
    active enrolment per case and centre. Saved with the case's link to it."""

    case_id: Annotated[
        UUID,
        msgspec.Meta(
            description="The id of the case whose beneficiary is enrolled.",
            examples=["5d0c8f3e-2b71-5a9c-8e14-7f6a2b9c1d03"],
        ),
    ]
    facility_id: CentreId
    reason: Annotated[
        str,
        free_text(
            "Why the person is enrolled, as agreed with them",
            "Vocational training and a women's group, agreed in the care plan.",
        ),
    ]
    started_on: Annotated[
        FieldDate, day_of("the enrolment starts", also="nor before the case's referral")
    ] = None


class EnrolmentCommand(RecordCommand, frozen=True):
    target: ClassVar[type[DayCentreEnrolment]] = DayCentreEnrolment


class EndEnrolment(Command, frozen=True):
    """End an active enrolment, saying why; the case may enrol again later. Saved with
    the case's link to it."""

    reason: Annotated[
        EnrolmentEndReason,
        msgspec.Meta(
            description="Why it ended: completed the programme, left, moved away, other.",
            examples=["completed"],
        ),
    ]
    ended_on: Annotated[FieldDate, day_of("the enrolment ends", also="nor before it started")] = (
        None
    )


class CompleteCourse(EnrolmentCommand, frozen=True):
    """Record a course (or programme module) the participant completed while enrolled;
    once the enrolment ended, a course completed on or before its last day (written up
    after)."""

    course: Annotated[
        str, free_text("The course, as the centre names it", "Hairdressing, level 1", most=200)
    ]
    completed_on: Annotated[
        FieldDate,
        day_of(
            "the course was completed",
            also="nor before the enrolment started, nor after it ended",
        ),
    ] = None

    def run(self, record: DayCentreEnrolment, actor: str, at: datetime) -> None:
        record.complete_course(self.course, self.completed_on, actor=actor, at=at)


class ScheduleSession(Command, frozen=True):
    """Schedule a session of a day rehabilitation centre with its places (not beds):
    each participant recorded takes one."""

    facility_id: CentreId
    held_on: Annotated[
        date,
        msgspec.Meta(
            description="The day the session is (or was) held, Kosovo's calendar: from the "
            "centre's registration to a year after today.",
            examples=["2026-03-12"],
        ),
    ]
    activity: Annotated[
        DayCentreActivity,
        msgspec.Meta(description="What kind of session it is.", examples=["vocational_course"]),
    ]
    title: Annotated[
        str,
        free_text(
            "The session's title, as the programme names it: free text, sealed with the "
            "session's key and withheld from roles without personal data (name no one: "
            "the erasure of a participant does not reach it)",
            "Hairdressing, week 3",
            most=200,
        ),
    ]
    facilitator: Annotated[
        str,
        msgspec.Meta(
            min_length=1,
            max_length=100,
            description="User name of the staff member who leads it (1 to 100 characters).",
            examples=["drita.berisha"],
        ),
    ]
    places: Annotated[
        int,
        msgspec.Meta(
            ge=1,
            le=MAX_PLACES,
            description=f"How many participants it takes: 1 to {MAX_PLACES}.",
            examples=[8],
        ),
    ]


class RecordAttendance(Command, frozen=True):
    """Record one participant's attendance at a session held (today or earlier): an
    enrolment in the same centre active on the session's day, once per session, within
    its places."""

    enrolment_id: Annotated[
        UUID,
        msgspec.Meta(
            description="The id of the participant's day-centre enrolment.",
            examples=["7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"],
        ),
    ]
    status: Annotated[
        AttendanceStatus,
        msgspec.Meta(description="Attended, absent or excused.", examples=["attended"]),
    ]


class CancelSession(RecordCommand, frozen=True):
    """Cancel a session no attendance was recorded for."""

    target: ClassVar[type[DayCentreSession]] = DayCentreSession

    def run(self, record: DayCentreSession, actor: str, at: datetime) -> None:
        record.cancel(actor=actor, at=at)
