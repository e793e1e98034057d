"""The typed views of a day-centre enrolment and a day-centre session, as a role may see
them (built in services/views.py; the HTTP API shows these). Their fields are the
record's state, named as in the domain (domain/day_centre.py, domain/day_centre_session.py),
plus `withheld`: field path -> why it is withheld from this role."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from msgspec import Meta

from domain.day_centre import CompletedCourse
from domain.day_centre_session import Attendance
from domain.vocab import DayCentreActivity, EnrolmentEndReason
from services.record_views import FREE_TEXT_WHY, WITHHELD_DESCRIPTION, CaseRecordState, RecordState

FacilityId = Annotated[
    UUID,
    Meta(
        description="the day rehabilitation centre",
        examples=["5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"],
    ),
]


class EnrolmentView(CaseRecordState, frozen=True):
    """A case's enrolment in a day rehabilitation centre: start, courses completed, end."""

    facility_id: FacilityId
    started_on: Annotated[
        date, Meta(description="day the enrolment started", examples=["2026-03-02"])
    ]
    reason: Annotated[
        str,
        Meta(
            description="why the person is enrolled (free text: withheld from roles without "
            "personal data)",
            examples=["withheld"],
        ),
    ]
    ended_on: Annotated[
        date | None, Meta(description="day it ended; null while enrolled", examples=[None])
    ]
    end_reason: Annotated[
        EnrolmentEndReason | None,
        Meta(description="why it ended; null while enrolled", examples=[None]),
    ]
    courses: Annotated[
        list[CompletedCourse],
        Meta(
            description="courses completed while enrolled, oldest first (course names are "
            "free text, withheld by role)",
            examples=[[{"number": 1, "course": "withheld", "completed_on": "2026-06-30"}]],
        ),
    ]
    withheld: Annotated[
        dict[str, str],
        Meta(description=WITHHELD_DESCRIPTION, examples=[{"reason": FREE_TEXT_WHY}]),
    ] = {}


class SessionView(RecordState, frozen=True):
    """A day-centre session: its activity, places and who attended (by enrolment)."""

    facility_id: FacilityId
    held_on: Annotated[date, Meta(description="day of the session", examples=["2026-03-12"])]
    activity: Annotated[
        DayCentreActivity, Meta(description="kind of session", examples=["vocational_course"])
    ]
    title: Annotated[
        str, Meta(description="the session's title", examples=["Hairdressing, week 3"])
    ]
    facilitator: Annotated[
        str,
        Meta(description="user name of the staff member leading it", examples=["drita.berisha"]),
    ]
    places: Annotated[int, Meta(ge=1, description="participants it takes", examples=[8])]
    cancelled: Annotated[bool, Meta(description="cancelled", examples=[False])]
    attendance: Annotated[
        list[Attendance],
        Meta(
            description="each participant recorded (each takes a place), in recording order",
            examples=[
                [
                    {
                        "enrolment_id": "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6",
                        "case_id": "5d0c8f3e-2b71-5a9c-8e14-7f6a2b9c1d03",
                        "status": "attended",
                    }
                ]
            ],
        ),
    ]
    withheld: Annotated[dict[str, str], Meta(description=WITHHELD_DESCRIPTION, examples=[{}])] = {}
