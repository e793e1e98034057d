"""Criminal proceedings' workflows (domain/proceedings.py): each loads what the decision
needs and saves every changed record in one commit.

- OpenProceedings: the proceedings and the case's `ProceedingsOpened`, together (the
  case must be open; the proceedings then outlive it); refused once the person's data
  was erased.
- ScheduleHearing: the court, when named, is a registered organisation active on the
  hearing's day.
- RecordRepresentation: a representing organisation is registered and active on the
  day the representation began.
Nothing here, nor in any assistance workflow, reads the cooperation choice.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.case import Case
from domain.parts.proceedings_values import Representation
from domain.proceedings import CriminalProceedings
from services.app import CommandResult, check_version
from services.bus import Context, Workflow
from services.commands.justice import OpenProceedings, RecordRepresentation, ScheduleHearing
from services.erasure import require_not_erased
from services.organisations import registered_organisation


def open_proceedings(ctx: Context, _: None, command: OpenProceedings) -> CommandResult:
    """Refused for a person whose data was erased (rule personal_data_erased): the new
    record's key was not destroyed with theirs, so nothing identifying may go into it."""
    case = ctx.app.load(Case, command.case_id)
    require_not_erased(ctx.app, case, "open criminal proceedings")
    proceedings = CriminalProceedings.open(
        (case.id, case.case_number, case.beneficiary_id),
        command.role,
        command.stage,
        command.stage_on,
        (command.police_reference, command.prosecution_reference, command.court_reference),
        actor=ctx.actor,
        at=ctx.at,
    )
    case.link_proceedings(proceedings.id, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(proceedings, case)


def schedule_hearing(ctx: Context, proceedings_id: UUID, command: ScheduleHearing) -> CommandResult:
    proceedings = _load(ctx, proceedings_id)
    if command.court_organisation_id is not None:
        registered_organisation(
            ctx.app,
            command.court_organisation_id,
            field="court_organisation_id",
            on=command.scheduled_on,
        )
    proceedings.schedule_hearing(
        command.scheduled_on, command.court_organisation_id, actor=ctx.actor, at=ctx.at
    )
    return ctx.app.commit(proceedings)


def record_representation(
    ctx: Context, proceedings_id: UUID, command: RecordRepresentation
) -> CommandResult:
    proceedings = _load(ctx, proceedings_id)
    since = command.since or ctx.at.date()  # the domain's default, checked by it
    if command.organisation_id is not None:
        registered_organisation(ctx.app, command.organisation_id, field="organisation_id", on=since)
    representation = Representation(
        command.kind,
        since,
        lawyer=command.lawyer,
        organisation_id=command.organisation_id,
        private_lawyer=command.private_lawyer,
    )
    proceedings.record_representation(representation, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(proceedings)


def _load(ctx: Context, proceedings_id: UUID) -> CriminalProceedings:
    proceedings = ctx.app.load(CriminalProceedings, proceedings_id)
    check_version(proceedings, ctx.expected_version)
    return proceedings


JUSTICE_WORKFLOWS: dict[type[Any], Workflow] = {
    OpenProceedings: open_proceedings,
    ScheduleHearing: schedule_hearing,
    RecordRepresentation: record_representation,
}
