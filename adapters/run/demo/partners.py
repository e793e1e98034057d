"""The partner organisations the demo's journeys name, by their keys in the shipped
registry (domain/reference/organisations.toml, imported at the demo's start:
adapters/run/demo/organisations.py).

Referrals in and out, sharing consents and services planned with a partner name an
organisation by its id (`domain.organisation.organisation_id(key)`), so a consent and
the referral that relies on it match by id. `registered` gives the id of one shipped
entry, registering it first where the registry was not imported (tests, the bench).
"""

from __future__ import annotations

from functools import cache
from uuid import UUID

from adapters.run.bootstrap import Journey
from domain.organisation import organisation_id
from services.commands.organisation import RegisterOrganisation
from services.organisation_registry import read_registry
from services.organisations import find_organisation

IOM = "iom-kosovo"
POLICE = "kosovo-police"
POLICE_DITHB = "kosovo-police-dithb"  # its Directorate for Investigation of THB
CSW_PRISHTINE = "csw-prishtine"
CSW_PRIZREN = "csw-prizren"
VICTIM_ADVOCACY = "vaao"
CLINICAL_CENTRE = "ucck"
SHELTER_GJAKOVE = "shelter-gjakove"
LABOUR_INSPECTORATE = "labour-inspectorate"


@cache
def shipped() -> dict[str, RegisterOrganisation]:
    """The shipped registry's entries by key."""
    return {command.key: command for command in read_registry()}


def partner(key: str) -> UUID:
    """The id of the registered organisation under `key`."""
    return organisation_id(key)


def registered(journey: Journey, key: str, actor: str) -> UUID:
    """The id of the shipped entry `key`, registered first if the store has it not."""
    if find_organisation(journey.app, key) is None:
        journey.bus.execute(None, shipped()[key], actor=actor)
    return organisation_id(key)
