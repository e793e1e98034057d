"""Casework steps the list tests need: a referral with its consent, admission, discharge."""

from __future__ import annotations

from uuid import UUID

from adapters.run.bootstrap import Journey
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    DischargeReason,
    ExitDestination,
    OutgoingReferralReason,
)
from services.commands.beneficiary import GiveConsent
from services.commands.referrals import ReferOut
from services.commands.shelter import AdmitToShelter, DischargeFromShelter
from tests.support.factories import WORKER
from tests.support.partners import partner


def refer(journey: Journey, case_id: UUID, key: str) -> None:
    """Refer the case to the organisation registered under `key` (registered now if need
    be: tests/support/partners.py), with the beneficiary's consent to share with it."""
    beneficiary_id = journey.queries.case(case_id).beneficiary_id
    organisation = partner(journey, key)
    consent = GiveConsent(
        kind=ConsentKind.SHARING, given_by=ConsentGiver.BENEFICIARY, organisation_id=organisation
    )
    journey.bus.execute(beneficiary_id, consent, actor=WORKER)
    referral = ReferOut(
        organisation_id=organisation, reason=OutgoingReferralReason.ADDITIONAL_SERVICES_REQUIRED
    )
    journey.bus.execute(case_id, referral, actor=WORKER)


def admit(journey: Journey, case_id: UUID, facility_id: UUID) -> UUID:
    command = AdmitToShelter(case_id=case_id, facility_id=facility_id)
    return journey.bus.execute(None, command, actor=WORKER).id


def discharge(journey: Journey, stay_id: UUID) -> None:
    leave = DischargeFromShelter(
        reason=DischargeReason.COMPLETED_PROGRAMME, destination=ExitDestination.FAMILY
    )
    journey.bus.execute(stay_id, leave, actor=WORKER)
