"""How identifying each field of the day rehabilitation centre (issue 14, section 5)
is: enrolments (domain/day_centre.py) and sessions (domain/day_centre_session.py). The
case's own day-centre events are in domain/case_classification.py. Assembled by
domain/classification.py."""

from __future__ import annotations

from typing import Any

from domain.day_centre import CompletedCourse, DayCentreEnrolment
from domain.day_centre_session import Attendance, DayCentreSession
from domain.sensitivity import CODE, FREE_TEXT, PLAIN, STAFF, Entry

DAY_CENTRE_EVENTS: dict[type[Any], dict[str, Entry]] = {
    DayCentreEnrolment.Enrolled: {
        "case_id": PLAIN,
        "case_number": CODE,
        "facility_id": PLAIN,
        "started_on": PLAIN,
        "reason": FREE_TEXT,
    },
    DayCentreEnrolment.Ended: {"ended_on": PLAIN, "reason": PLAIN},
    DayCentreEnrolment.CourseCompleted: {
        "number": PLAIN,
        "course": FREE_TEXT,
        "completed_on": PLAIN,
    },
    DayCentreSession.Scheduled: {
        "facility_id": PLAIN,
        "held_on": PLAIN,
        "activity": PLAIN,
        "title": FREE_TEXT,  # staff write it: may name a participant
        "facilitator": STAFF,
        "places": PLAIN,
    },
    DayCentreSession.AttendanceRecorded: {
        "enrolment_id": PLAIN,
        "case_id": PLAIN,
        "held_on": PLAIN,
        "attended": PLAIN,
        "status": PLAIN,
    },
    DayCentreSession.Cancelled: {},
}
DAY_CENTRE_STATES: dict[type[Any], dict[str, Entry]] = {
    DayCentreEnrolment: {
        "case_id": PLAIN,
        "case_number": CODE,
        "facility_id": PLAIN,
        "started_on": PLAIN,
        "reason": FREE_TEXT,
        "ended_on": PLAIN,
        "end_reason": PLAIN,
        "courses": CompletedCourse,
    },
    DayCentreSession: {
        "facility_id": PLAIN,
        "held_on": PLAIN,
        "activity": PLAIN,
        "title": FREE_TEXT,  # staff write it: may name a participant
        "facilitator": STAFF,
        "places": PLAIN,
        "cancelled": PLAIN,
        "attendance": Attendance,
    },
}
DAY_CENTRE_VALUES: dict[type[Any], dict[str, Entry]] = {
    CompletedCourse: {"number": PLAIN, "course": FREE_TEXT, "completed_on": PLAIN},
    Attendance: {"enrolment_id": PLAIN, "case_id": PLAIN, "status": PLAIN},
}
