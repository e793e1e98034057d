"""Workflows of funding (services/commands/funding.py): a grant's donor is checked in the
organisation registry (and named as the registry names it in English), a reference is
refused when a grant is already opened under it, and a record to attribute is found in the
store, with the days it ran and the case and beneficiary it belongs to, before the grant
decides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from uuid import UUID

from domain.care_plan import CarePlan
from domain.case import Case
from domain.errors import InvalidInput, RecordNotFound, RuleViolated
from domain.funding.grant import Grant, grant_id
from domain.funding.values import AttributedRecord, Donor, GrantTerms
from domain.funding.vocab import RecordKind
from domain.organisation import Organisation
from domain.prevention.activity import PreventionActivity
from domain.prevention.campaign import Campaign
from domain.stay import ShelterStay
from services.app import CommandResult, JourneyApp, check_version
from services.bus import Context, Workflow
from services.commands.funding import AttributeToGrant, OpenGrant, ReviseGrant

DONOR = "terms.donor.organisation_id"


def find_grant(app: JourneyApp, reference: str) -> Grant | None:
    """The grant opened under `reference` (compared without case), or None."""
    try:
        return app.load(Grant, grant_id(reference))
    except RecordNotFound:
        return None


def with_donor(app: JourneyApp, terms: GrantTerms) -> GrantTerms:
    """`terms` with a registered donor named as the registry names it in English (else in
    the language it has); refused naming the field when the id is not registered."""
    donor = terms.donor
    if donor.organisation_id is None:
        return terms
    try:
        organisation = app.load(Organisation, donor.organisation_id)
    except RecordNotFound:
        raise InvalidInput(
            DONOR, f"{donor.organisation_id} is not a registered organisation"
        ) from None
    name = organisation.names.english or organisation.display_name
    return replace(terms, donor=Donor(donor.organisation_id, name))


def open_grant(ctx: Context, _: None, command: OpenGrant) -> CommandResult:
    Grant.require_new_reference(find_grant(ctx.app, command.reference))
    terms = with_donor(ctx.app, command.terms)
    return ctx.app.commit(Grant.open(command.reference, terms, actor=ctx.actor, at=ctx.at))


def revise_grant(ctx: Context, grant_ref: UUID, command: ReviseGrant) -> CommandResult:
    grant = ctx.app.load(Grant, grant_ref)
    check_version(grant, ctx.expected_version)
    terms = with_donor(ctx.app, command.terms)
    grant.revise(terms, command.reason, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(grant)


def attribute(ctx: Context, grant_ref: UUID, command: AttributeToGrant) -> CommandResult:
    grant = ctx.app.load(Grant, grant_ref)
    check_version(grant, ctx.expected_version)
    record = attributed_record(ctx.app, command)
    grant.attribute(record, command.budget_line, command.attributed_on, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(grant)


def attributed_record(app: JourneyApp, command: AttributeToGrant) -> AttributedRecord:
    """The record `command` names, as the grant checks it; refused naming the field when
    there is none of that kind, or when a service number is missing or out of place."""
    kind = command.record_kind
    if (kind is RecordKind.SERVICE) != (command.service_number is not None):
        problem = (
            "is required for a service"
            if kind is RecordKind.SERVICE
            else f"is not taken for a {kind}"
        )
        raise InvalidInput("service_number", problem)
    try:
        return FINDERS[kind](app, command)
    except RecordNotFound:
        raise InvalidInput("record_id", f"{command.record_id} is not a {NAMED[kind]}") from None


def _case(app: JourneyApp, command: AttributeToGrant) -> AttributedRecord:
    case = app.load(Case, command.record_id)
    return AttributedRecord(
        RecordKind.CASE,
        case.id,
        case.label,
        case.referral.referred_on,
        case_id=case.id,
        person_id=case.beneficiary_id,
    )


def _stay(app: JourneyApp, command: AttributeToGrant) -> AttributedRecord:
    stay = app.load(ShelterStay, command.record_id)
    case = app.load(Case, stay.case_id)
    return AttributedRecord(
        RecordKind.STAY,
        stay.id,
        stay.label,
        stay.admitted_on,
        stay.discharged_on,
        case_id=stay.case_id,
        person_id=case.beneficiary_id,
    )


def _service(app: JourneyApp, command: AttributeToGrant) -> AttributedRecord:
    plan = app.load(CarePlan, command.record_id)
    number = command.service_number or 0
    service = plan.services.get(number)
    if service is None:
        raise InvalidInput("service_number", f"{plan.label} has no service {number}")
    days = [d.delivered_on for d in service.deliveries]
    last = service.cancelled_on if service.cancelled_on is not None else service.due_on
    return AttributedRecord(
        RecordKind.SERVICE,
        plan.id,
        f"service {number} ({service.service}) of {plan.label}",
        min([service.starts_on, *days]),
        max([last, *days]),
        service_number=number,
        case_id=plan.case_id,
        person_id=plan.beneficiary_id,
    )


def _activity(app: JourneyApp, command: AttributeToGrant) -> AttributedRecord:
    activity = app.load(PreventionActivity, command.record_id)
    if activity.withdrawn:
        raise RuleViolated(
            f"record_id: {activity.label} was withdrawn as recorded in error", rule="withdrawn"
        )
    held = activity.details.held_on
    return AttributedRecord(RecordKind.PREVENTION_ACTIVITY, activity.id, activity.label, held, held)


def _campaign(app: JourneyApp, command: AttributeToGrant) -> AttributedRecord:
    campaign = app.load(Campaign, command.record_id)
    plan = campaign.plan
    return AttributedRecord(
        RecordKind.CAMPAIGN, campaign.id, campaign.label, plan.starts_on, plan.ends_on
    )


FINDERS: dict[RecordKind, Callable[[JourneyApp, AttributeToGrant], AttributedRecord]] = {
    RecordKind.CASE: _case,
    RecordKind.STAY: _stay,
    RecordKind.SERVICE: _service,
    RecordKind.PREVENTION_ACTIVITY: _activity,
    RecordKind.CAMPAIGN: _campaign,
}
NAMED = {
    RecordKind.CASE: "case",
    RecordKind.STAY: "shelter stay",
    RecordKind.SERVICE: "care plan",
    RecordKind.PREVENTION_ACTIVITY: "prevention activity",
    RecordKind.CAMPAIGN: "prevention campaign",
}

FUNDING_WORKFLOWS: dict[type[Any], Workflow] = {
    OpenGrant: open_grant,
    ReviseGrant: revise_grant,
    AttributeToGrant: attribute,
}
