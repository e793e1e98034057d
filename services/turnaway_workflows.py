"""Turn-aways (issue 15, section 6): decided by the shelter's Facility against the case's
assessed risk (when a case is named), with the organisation referred to checked in the
registry as of the day of the turn-away.

A case is named only by a role that may read it: the HTTP layer refuses anyone else
before this loads the case (adapters/http/scope.py, `services.access.may_name_case`;
caseworkers their own cases only), since the answer tells whether the case exists and
whether it is assessed high risk. A case whose person's data was erased is refused
(rule personal_data_erased): nothing new is tied to an erased person."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.errors import InvalidInput, RecordNotFound, RuleViolated
from domain.facility import Facility
from domain.vocab import RiskLevel
from services.app import CommandResult, check_version
from services.bus import Context, Workflow
from services.commands.turnaway import RecordTurnAway
from services.organisations import registered_organisation


def record_turn_away(ctx: Context, facility_id: UUID, command: RecordTurnAway) -> CommandResult:
    facility = ctx.app.load(Facility, facility_id)
    check_version(facility, ctx.expected_version)
    risk = _case_risk(ctx, command.case_id)
    _check_referral(ctx, command)
    facility.turn_away(command.turn_away(), risk, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(facility)


def _case_risk(ctx: Context, case_id: UUID | None) -> RiskLevel | None:
    if case_id is None:
        return None
    try:
        case = ctx.app.load(Case, case_id)
    except RecordNotFound:
        raise InvalidInput("case_id", f"{case_id} is not a case") from None
    beneficiary = ctx.app.load(Beneficiary, case.beneficiary_id)
    if beneficiary.erased:
        raise RuleViolated(
            f"{beneficiary.label}'s personal data was erased on {beneficiary.erased_on}; "
            "a turn-away is not tied to their case: record it without the case",
            rule="personal_data_erased",
        )
    return case.risk_level


def _check_referral(ctx: Context, command: RecordTurnAway) -> None:
    """The organisation referred to is in the registry and active on the day."""
    if command.referred_to is None:
        return
    day = command.turned_away_on or ctx.at.date()  # the domain checks the day itself
    registered_organisation(ctx.app, command.referred_to, field="referred_to", on=day)


TURN_AWAY_WORKFLOWS: dict[type[Any], Workflow] = {RecordTurnAway: record_turn_away}
