"""Commands that name a partner organisation by its id in the registry (issue 15):
sharing consent given and withdrawn, and a case referred out with the beneficiary's
consent relied on. Each checks the organisation is registered and active on the day
(services/organisations.py `registered_organisation`) and records the registry's name
(and, for a referral, its HTCDS type) as it is that day; consent and referral match by
the id alone (domain/partners.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID

import msgspec

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.case_values import IncomingReferral
from domain.errors import InvalidInput
from domain.local_time import local_date
from domain.organisation import Organisation
from domain.vocab import ConsentKind
from services.app import CommandResult, check_version
from services.bus import Context, Workflow
from services.commands.beneficiary import GiveConsent, WithdrawConsent
from services.commands.case import ScreenOut
from services.commands.identification import RecordIdentification, ReviseIdentification
from services.commands.referrals import ReferOut
from services.organisations import registered_organisation


def _partner(ctx: Context, command: GiveConsent) -> Organisation | None:
    if command.organisation_id is None or command.kind is not ConsentKind.SHARING:
        return None  # the domain says which kinds name one
    on = command.given_on or local_date(ctx.at)
    return registered_organisation(ctx.app, command.organisation_id, field="organisation_id", on=on)


def give_consent(ctx: Context, beneficiary: Beneficiary, command: GiveConsent) -> None:
    """Sharing consent is with a registered organisation active that day (the consent
    workflows are services/care_workflows.py's, which call this)."""
    partner = _partner(ctx, command)
    beneficiary.give_consent(
        command.kind,
        command.given_by,
        None if partner is None else partner.display_name,
        command.given_on,
        organisation_id=command.organisation_id,
        actor=ctx.actor,
        at=ctx.at,
    )


def withdraw_consent(ctx: Context, beneficiary: Beneficiary, command: WithdrawConsent) -> None:
    """Withdrawn whether or not the organisation is still active: it is the person's right."""
    if command.organisation_id is not None and command.partner is not None:
        raise InvalidInput("partner", "name the organisation by its id, or an unregistered name")
    beneficiary.withdraw_consent(
        command.kind,
        command.partner,
        command.withdrawn_on,
        organisation_id=command.organisation_id,
        actor=ctx.actor,
        at=ctx.at,
    )


def provider(ctx: Context, organisation_id: UUID | None, on: date) -> Organisation | None:
    """A planned service's partner: registered, and active on the day it starts."""
    if organisation_id is None:
        return None  # PVPT's own team (the domain checks the provider's kind)
    return registered_organisation(ctx.app, organisation_id, field="organisation_id", on=on)


def registered_referrer(ctx: Context, referral: IncomingReferral) -> IncomingReferral:
    """A referral in naming a registered organisation (active on the referral's day) with
    the registry's name and HTCDS type (None where it has none; the caller's is ignored)."""
    if referral.organisation_id is None:
        return referral
    referrer = registered_organisation(
        ctx.app,
        referral.organisation_id,
        field="referral.organisation_id",
        on=referral.referred_on,
    )
    kind = referrer.htcds_type  # the registry's, None where HTCDS has none: never the caller's
    return replace(referral, organisation=referrer.display_name, organisation_type=kind)


def screen_out(ctx: Context, case_id: UUID, command: ScreenOut) -> CommandResult:
    """An onward referral naming a registered organisation (active on the day) records the
    registry's name and HTCDS type (None where it has none; the caller's is ignored)."""
    case = ctx.app.load(Case, case_id)
    check_version(case, ctx.expected_version)
    onward = command.onward_referral
    if onward is not None and onward.organisation_id is not None:
        on = command.screened_on or local_date(ctx.at)
        field = "onward_referral.organisation_id"
        to = registered_organisation(ctx.app, onward.organisation_id, field=field, on=on)
        onward = replace(onward, partner=to.display_name, partner_type=to.htcds_type)
        command = msgspec.structs.replace(command, onward_referral=onward)
    command.run(case, ctx.actor, ctx.at)
    return ctx.app.commit(case)


def identify(
    ctx: Context, beneficiary_id: UUID, command: RecordIdentification | ReviseIdentification
) -> CommandResult:
    """A decision naming its identifying organisation: registered, active that day."""
    beneficiary = ctx.app.load(Beneficiary, beneficiary_id)
    check_version(beneficiary, ctx.expected_version)
    if command.organisation_id is not None:
        on = command.decided_on or local_date(ctx.at)
        registered_organisation(ctx.app, command.organisation_id, field="organisation_id", on=on)
    command.run(beneficiary, ctx.actor, ctx.at)
    return ctx.app.commit(beneficiary)


def refer_out(ctx: Context, case_id: UUID, command: ReferOut) -> CommandResult:
    """Refused unless the beneficiary consents to sharing with exactly that organisation;
    the reliance on that consent is recorded and saved with the referral, atomically."""
    case = ctx.app.load(Case, case_id)
    check_version(case, ctx.expected_version)
    partner = registered_organisation(
        ctx.app, command.organisation_id, field="organisation_id", on=local_date(ctx.at)
    )
    beneficiary = ctx.app.load(Beneficiary, case.beneficiary_id)
    number = case.refer_out(
        partner.id,
        partner.display_name,
        partner.htcds_type,
        command.reason,
        command.details,
        sharing_consented=beneficiary.may_share_with(partner.id),
        contact_person=command.contact_person,
        actor=ctx.actor,
        at=ctx.at,
    )
    beneficiary.share_with(
        partner.id, partner.display_name, case.case_number, number, actor=ctx.actor, at=ctx.at
    )
    return ctx.app.commit(case, beneficiary)


PARTNER_WORKFLOWS: dict[type[Any], Workflow] = {
    ReferOut: refer_out,
    ScreenOut: screen_out,
    RecordIdentification: identify,
    ReviseIdentification: identify,
}
