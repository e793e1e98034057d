"""Workflows of prevention work (services/commands/prevention.py): each loads the campaign
an activity names and checks the partner organisations in the registry, active on the day
that matters (a campaign's first day, an activity's day, a disclosure's day), before the
aggregate decides."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.disclosure_ref import DisclosureRef
from domain.errors import InvalidInput, RecordNotFound
from domain.prevention.activity import PreventionActivity
from domain.prevention.campaign import Campaign
from domain.prevention.values import ActivityDetails, Disclosure
from services.app import CommandResult, JourneyApp, check_version
from services.bus import Context, Workflow
from services.commands.prevention import (
    CorrectActivityDetails,
    CorrectActivityReach,
    LaunchCampaign,
    RecordActivity,
    RecordDisclosure,
    ReviseCampaign,
)
from services.organisations import registered_organisation


def _partners(app: JourneyApp, ids: Iterable[UUID], field: str, on: date) -> None:
    for index, organisation_id in enumerate(ids):
        registered_organisation(app, organisation_id, field=f"{field}[{index}]", on=on)


def campaign_of(app: JourneyApp, details: ActivityDetails) -> Campaign | None:
    """The campaign `details` names, or None; refused naming the field when there is none."""
    if details.campaign_id is None:
        return None
    try:
        return app.load(Campaign, details.campaign_id)
    except RecordNotFound:
        raise InvalidInput(
            "details.campaign_id", f"{details.campaign_id} is not a campaign"
        ) from None


def launch_campaign(ctx: Context, _: None, command: LaunchCampaign) -> CommandResult:
    _partners(ctx.app, command.plan.partner_ids, "plan.partner_ids", command.plan.starts_on)
    return ctx.app.commit(Campaign.launch(command.plan, actor=ctx.actor, at=ctx.at))


def revise_campaign(ctx: Context, campaign_id: UUID, command: ReviseCampaign) -> CommandResult:
    campaign = ctx.app.load(Campaign, campaign_id)
    check_version(campaign, ctx.expected_version)
    _partners(ctx.app, command.plan.partner_ids, "plan.partner_ids", command.plan.starts_on)
    campaign.revise(command.plan, command.reason, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(campaign)


def record_activity(ctx: Context, _: None, command: RecordActivity) -> CommandResult:
    return ctx.app.commit(new_activity(ctx.app, command, actor=ctx.actor, at=ctx.at))


def new_activity(
    app: JourneyApp, command: RecordActivity, *, actor: str, at: datetime, id: UUID | None = None
) -> PreventionActivity:
    """The activity `command` records, decided but not saved: its campaign loaded and its
    partners checked in the registry first (the CSV import decides every row this way)."""
    details = command.details
    campaign = campaign_of(app, details)
    _partners(app, details.partner_ids, "details.partner_ids", details.held_on)
    return PreventionActivity.record(details, command.reach, campaign, actor=actor, at=at, id=id)


def correct_details(
    ctx: Context, activity_id: UUID, command: CorrectActivityDetails
) -> CommandResult:
    activity = _activity(ctx, activity_id)
    details = command.details
    campaign = campaign_of(ctx.app, details)
    _partners(ctx.app, details.partner_ids, "details.partner_ids", details.held_on)
    activity.correct_details(details, campaign, command.reason, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(activity)


def correct_reach(ctx: Context, activity_id: UUID, command: CorrectActivityReach) -> CommandResult:
    activity = _activity(ctx, activity_id)
    activity.correct_reach(command.reach, command.reason, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(activity)


def record_disclosure(ctx: Context, activity_id: UUID, command: RecordDisclosure) -> CommandResult:
    activity = _activity(ctx, activity_id)
    if command.organisation_id is not None:
        registered_organisation(
            ctx.app, command.organisation_id, field="organisation_id", on=ctx.at.date()
        )
    disclosure = Disclosure(0, command.kind, command.route, command.organisation_id)
    activity.record_disclosure(disclosure, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(activity)


def _activity(ctx: Context, activity_id: UUID) -> PreventionActivity:
    activity = ctx.app.load(PreventionActivity, activity_id)
    check_version(activity, ctx.expected_version)
    return activity


def require_disclosure(app: JourneyApp, ref: DisclosureRef | None) -> None:
    """For a case opened on a referral from prevention: the activity exists and has that
    disclosure, referred to direct assistance (refused naming the field otherwise)."""
    if ref is None:
        return
    field = "referral.prevention_disclosure"
    try:
        activity = app.load(PreventionActivity, ref.activity_id)
    except RecordNotFound:
        raise InvalidInput(
            f"{field}.activity_id", f"{ref.activity_id} is not a prevention activity"
        ) from None
    activity.require_disclosure_to_assistance(ref.number, f"{field}.number")


PREVENTION_WORKFLOWS: dict[type[Any], Workflow] = {
    LaunchCampaign: launch_campaign,
    ReviseCampaign: revise_campaign,
    RecordActivity: record_activity,
    CorrectActivityDetails: correct_details,
    CorrectActivityReach: correct_reach,
    RecordDisclosure: record_disclosure,
}
