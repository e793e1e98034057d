"""How identifying the partner ids are (domain/partners.py): merged into
domain/classification.py's tables. An organisation's id in the registry names an
organisation, never a person, and is PLAIN like every other id; the names beside it stay
ORGANISATION."""

from __future__ import annotations

from typing import Any

from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.case_values import IncomingReferral, OutgoingReferral
from domain.parts.care_plan_values import PlannedService
from domain.parts.case_screening import OnwardReferral
from domain.parts.identification_values import IdentificationDecision
from domain.sensitivity import PLAIN, Entry
from domain.values import ConsentRecord

PARTNER_IDS: dict[str, Entry] = {"organisation_id": PLAIN}

# events and values that name a partner by id beside its name (issue 15, section 1)
PARTNER_EVENTS: tuple[type[Any], ...] = (
    Beneficiary.ConsentGiven,
    Beneficiary.ConsentWithdrawn,
    Beneficiary.SharedWithPartner,
    Case.ReferredOut,
    CarePlan.ServicePlanned,
    Beneficiary.IdentificationRecorded,
    Beneficiary.IdentificationRevised,
)
PARTNER_VALUES: tuple[type[Any], ...] = (
    ConsentRecord,
    IdentificationDecision,
    IncomingReferral,
    OnwardReferral,
    OutgoingReferral,
    PlannedService,
)


def add_partner_ids(
    events: dict[type[Any], dict[str, Entry]], values: dict[type[Any], dict[str, Entry]]
) -> None:
    """Classify the `organisation_id` of each class that names a partner by id."""
    for cls in PARTNER_EVENTS:
        events[cls] |= PARTNER_IDS
    for cls in PARTNER_VALUES:
        values[cls] |= PARTNER_IDS
