"""How the events of a case's other records change the statistics: the care plan's
planned services and deliveries, shelter stays, day-centre enrolments and attendance,
reintegration plans and their follow-ups, criminal proceedings' outcomes and returns
handed over. Only the fields projections/statistics/fields.py declares."""

from __future__ import annotations

from collections.abc import Callable

from domain.plan import FOLLOW_UP_MONTHS, follow_up_due
from domain.vocab import AttendanceStatus, FollowUpStatus, PlanStatus
from projections.rows import Row
from projections.statistics.batch import (
    DAY_CENTRE,
    DAY_CENTRE_ATTENDED,
    SERVICE_DELIVERED,
    SERVICE_PLANNED,
    SHELTER,
    StatRows,
    value_of,
)
from projections.statistics.fields import Read

Handler = Callable[[StatRows, Read], None]


def _case_of(rows: StatRows, event: Read) -> Row:
    return rows.case(str(event["case_id"]), event)


# --------------------------------------------------------------------- care plan


def _care_plan_started(rows: StatRows, event: Read) -> None:
    rows.keep_record(event.record_id, "care_plan", _case_of(rows, event))


def _service_planned(rows: StatRows, event: Read) -> None:
    plan = rows.record(event.record_id, event)
    service_id = f"{event.record_id}:{event['number']}"
    service = value_of(event["service"])
    rows.keep_record(service_id, "planned_service", plan, service)
    rows.fact(event.event_id, plan, SERVICE_PLANNED, event.day, service, service_id)


def _service_session(rows: StatRows, event: Read) -> None:
    """A delivery of a planned service counts when the person attended it."""
    if not event["attended"]:
        return
    service = rows.record(f"{event.record_id}:{event['number']}", event)
    on = event["delivered_on"]
    rows.fact(
        event.event_id, service, SERVICE_DELIVERED, on, service["detail"], service["record_id"]
    )


# ------------------------------------------------------------ stays and day centre


def _started(kind: str, started: str) -> Handler:
    def start(rows: StatRows, event: Read) -> None:
        case = _case_of(rows, event)
        facility = str(event["facility_id"])
        stay = {
            "stay_id": event.record_id,
            "person_id": case["person_id"],
            "case_id": case["case_id"],
            "kind": kind,
            "facility_id": facility,
            "first_facility_id": facility,
            "transfers": 0,
            "started_on": event[started],
            "ended_on": None,
        }
        rows.stays.put((event.record_id,), stay)
        fact_id, on = f"{event.record_id}:started", stay["started_on"]
        rows.fact(fact_id, stay, "stay_started", on, kind, event.record_id)
        rows.touched_cases.add(case["case_id"])

    return start


def _transferred(rows: StatRows, event: Read) -> None:
    stay = rows.stay(event.record_id, event)
    rows.stays.put(
        (event.record_id,),
        {**stay, "facility_id": str(event["to_facility_id"]), "transfers": stay["transfers"] + 1},
    )


def _ended(ended: str) -> Handler:
    def end(rows: StatRows, event: Read) -> None:
        stay = {**rows.stay(event.record_id, event), "ended_on": event[ended]}
        rows.stays.put((event.record_id,), stay)
        on, kind = stay["ended_on"], stay["kind"]
        rows.fact(f"{event.record_id}:ended", stay, "stay_ended", on, kind, event.record_id)

    return end


def _attendance(rows: StatRows, event: Read) -> None:
    """One fact per session and enrolment attended; recorded again as absent, none."""
    enrolment_id = str(event["enrolment_id"])
    stay = rows.stay(enrolment_id, event)
    fact_id = f"{event.record_id}:{enrolment_id}"
    if value_of(event["status"]) == AttendanceStatus.ATTENDED:
        on = event["held_on"]
        rows.fact(fact_id, stay, DAY_CENTRE_ATTENDED, on, DAY_CENTRE, enrolment_id)
    else:
        rows.forget_fact(fact_id, stay["case_id"])


# ------------------------------------------------------------- reintegration plans


def _plan_drafted(rows: StatRows, event: Read) -> None:
    case = _case_of(rows, event)
    rows.keep_record(event.record_id, "reintegration_plan", case)
    _plan_status(rows, case, PlanStatus.ACTIVE)
    rows.fact(f"{event.record_id}:drafted", case, "plan_drafted", event.day, None, event.record_id)


def _plan_completed(rows: StatRows, event: Read) -> None:
    plan = rows.record(event.record_id, event)
    completed_on = event["completed_on"]
    rows.records.put((event.record_id,), {**plan, "on_day": completed_on})
    _plan_status(rows, rows.case(plan["case_id"], event), PlanStatus.COMPLETED)
    fact_id = f"{event.record_id}:completed"
    rows.fact(fact_id, plan, "plan_completed", completed_on, None, event.record_id)
    for month in FOLLOW_UP_MONTHS:
        due = follow_up_due(completed_on, month)
        fact_id = f"{event.record_id}:follow_up_{month}:due"
        rows.fact(fact_id, plan, "follow_up_scheduled", due, str(month), event.record_id)


def _plan_discontinued(rows: StatRows, event: Read) -> None:
    plan = rows.record(event.record_id, event)
    _plan_status(rows, rows.case(plan["case_id"], event), PlanStatus.DISCONTINUED)


def _plan_status(rows: StatRows, case: Row, status: PlanStatus) -> None:
    rows.save_case({**case, "reintegration_outcome": status.value})


def _follow_up(rows: StatRows, event: Read) -> None:
    plan = rows.record(event.record_id, event)
    month, status = int(event["month"]), FollowUpStatus(event["status"])
    visited_on = event["visited_on"]
    fact_id = f"{event.record_id}:follow_up_{month}"
    rows.fact(fact_id, plan, "follow_up_done", visited_on, status.value, event.record_id)
    case = {**rows.case(plan["case_id"], event), "last_follow_up": status.value}
    if status is FollowUpStatus.RE_TRAFFICKED:
        case["re_trafficked"] = 1
        person = rows.person(plan["person_id"], event)
        rows.save_person({**person, "re_trafficked": 1})
        fact_id = f"{event.record_id}:re_trafficked_{month}"
        rows.fact(fact_id, plan, "re_trafficked", visited_on, str(month), event.record_id)
    rows.save_case(case)


# -------------------------------------------------------- proceedings and returns


def _proceedings_opened(rows: StatRows, event: Read) -> None:
    rows.keep_record(event.record_id, "proceedings", _case_of(rows, event))


def _justice_outcome(rows: StatRows, event: Read) -> None:
    proceedings = rows.record(event.record_id, event)
    outcome = value_of(event["outcome"])
    on = event["decided_on"]
    rows.fact(event.event_id, proceedings, "justice_outcome", on, outcome, event.record_id)
    case = rows.case(proceedings["case_id"], event)
    rows.save_case({**case, "justice_outcome": outcome})


def _return_requested(rows: StatRows, event: Read) -> None:
    case = _case_of(rows, event)
    rows.keep_record(event.record_id, "return", case, value_of(event["direction"]))


def _handed_over(rows: StatRows, event: Read) -> None:
    found = rows.record(event.record_id, event)
    on, direction = event["handed_over_on"], found["detail"]
    fact_id = f"{event.record_id}:handed_over"
    rows.fact(fact_id, found, "return_completed", on, direction, event.record_id)


HANDLERS: dict[str, Handler] = {
    "CarePlan.Started": _care_plan_started,
    "CarePlan.ServicePlanned": _service_planned,
    "CarePlan.ServiceDelivered": _service_session,
    "ShelterStay.Admitted": _started(SHELTER, "admitted_on"),
    "ShelterStay.Transferred": _transferred,
    "ShelterStay.Discharged": _ended("discharged_on"),
    "DayCentreEnrolment.Enrolled": _started(DAY_CENTRE, "started_on"),
    "DayCentreEnrolment.Ended": _ended("ended_on"),
    "DayCentreSession.AttendanceRecorded": _attendance,
    "ReintegrationPlan.Drafted": _plan_drafted,
    "ReintegrationPlan.Completed": _plan_completed,
    "ReintegrationPlan.Discontinued": _plan_discontinued,
    "ReintegrationPlan.FollowUpRecorded": _follow_up,
    "CriminalProceedings.Opened": _proceedings_opened,
    "CriminalProceedings.OutcomeRecorded": _justice_outcome,
    "ReturnProcess.Requested": _return_requested,
    "ReturnProcess.HandedOver": _handed_over,
}
