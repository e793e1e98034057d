"""The day centre when the services consent is withdrawn: the day rehabilitation centre
is a service (docs/domain.md, Day rehabilitation centre), so each of the case's active
enrolments ends as of the withdrawal's day (reason `withdrew_consent`), saved with the
case's unlinking in the withdrawal's commit (services/care_workflows.py)."""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import Aggregate

from domain.case import Case
from domain.day_centre import DayCentreEnrolment
from domain.vocab import EnrolmentEndReason
from services.bus import Context


def end_enrolments_for_withdrawal(ctx: Context, case: Case, day: date) -> list[Aggregate]:
    """End the case's active enrolments on `day` (or on their first day, if later) and
    unlink them from `case`; the enrolments ended, for the caller's commit."""
    ended: list[Aggregate] = []
    for enrolment_id in list(case.day_centre_enrolments.values()):
        enrolment = ctx.app.load(DayCentreEnrolment, enrolment_id)
        ended_on = max(day, enrolment.started_on)
        reason = EnrolmentEndReason.WITHDREW_CONSENT
        enrolment.end(reason, ended_on, actor=ctx.actor, at=ctx.at)
        case.unlink_enrolment(enrolment.id, actor=ctx.actor, at=ctx.at)
        ended.append(enrolment)
    return ended
