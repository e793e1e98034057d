"""Day-centre commands that involve several records, each saved in one commit: the
enrolment with its case's link, the enrolment's end with the case's unlinking, a session
with the attendance it checked against an enrolment. Enrolment and attendance load the
beneficiary for the services consent in force (services/care_workflows.py): the day
centre is a service."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.day_centre import DayCentreEnrolment
from domain.day_centre_session import DayCentreSession
from domain.facility import Facility
from services.app import CommandResult, check_version
from services.bus import Context, Workflow
from services.care_workflows import services_consent_given_on
from services.commands.day_centre import (
    EndEnrolment,
    EnrolInDayCentre,
    RecordAttendance,
    ScheduleSession,
)
from services.erasure import require_not_erased


def enrol(ctx: Context, _: None, command: EnrolInDayCentre) -> CommandResult:
    """The enrolment and the case's link to it are saved together; a second active
    enrolment of the case in the same centre conflicts on the case."""
    case = ctx.app.load(Case, command.case_id)
    facility = ctx.app.load(Facility, command.facility_id)
    beneficiary = require_not_erased(ctx.app, case, "enrol in the day centre")
    enrolment = DayCentreEnrolment.enrol(
        case.id,
        case.case_number,
        facility,
        command.reason,
        started_on=command.started_on,
        referred_on=case.referral.referred_on,
        consent_given_on=services_consent_given_on(beneficiary),
        actor=ctx.actor,
        at=ctx.at,
    )
    case.link_enrolment(enrolment.id, facility.id, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(enrolment, case)


def end_enrolment(ctx: Context, enrolment_id: UUID, command: EndEnrolment) -> CommandResult:
    enrolment = ctx.app.load(DayCentreEnrolment, enrolment_id)
    check_version(enrolment, ctx.expected_version)
    case = ctx.app.load(Case, enrolment.case_id)
    enrolment.end(command.reason, command.ended_on, actor=ctx.actor, at=ctx.at)
    case.unlink_enrolment(enrolment.id, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(enrolment, case)


def schedule_session(ctx: Context, _: None, command: ScheduleSession) -> CommandResult:
    facility = ctx.app.load(Facility, command.facility_id)
    session = DayCentreSession.schedule(
        facility,
        command.held_on,
        command.activity,
        title=command.title,
        facilitator=command.facilitator,
        places=command.places,
        actor=ctx.actor,
        at=ctx.at,
    )
    return ctx.app.commit(session)


def record_attendance(ctx: Context, session_id: UUID, command: RecordAttendance) -> CommandResult:
    """Decided against the enrolment as loaded; the enrolment itself does not change."""
    session = ctx.app.load(DayCentreSession, session_id)
    check_version(session, ctx.expected_version)
    enrolment = ctx.app.load(DayCentreEnrolment, command.enrolment_id)
    case = ctx.app.load(Case, enrolment.case_id)
    beneficiary = ctx.app.load(Beneficiary, case.beneficiary_id)
    session.record_attendance(
        enrolment,
        command.status,
        consent_given_on=services_consent_given_on(beneficiary),
        actor=ctx.actor,
        at=ctx.at,
    )
    return ctx.app.commit(session)


DAY_CENTRE_WORKFLOWS: dict[type[Any], Workflow] = {
    EnrolInDayCentre: enrol,
    EndEnrolment: end_enrolment,
    ScheduleSession: schedule_session,
    RecordAttendance: record_attendance,
}
