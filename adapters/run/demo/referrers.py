"""Who refers the demo's people to PVPT, and where those screened out are sent on: the
partner registry's organisations (domain/reference/organisations.toml, imported at the
demo's start by adapters/run/demo/organisations.py), with weights as identification in
Kosovo runs — the police's anti-trafficking directorate and other police most often, then
the Centre for Social Work of the person's municipality (children above all), the Labour
Inspectorate for labour exploitation, the basic prosecution and the victims' advocates,
IOM for foreign victims, the border police, and NGOs.

The referral names the registered organisation by id; the service records its name and
HTCDS type as they are on the day (services/partner_workflows.py), the type empty where
HTCDS has none that fits (IOM, an international organisation, referring foreign victims).
"""

from __future__ import annotations

from random import Random
from uuid import UUID

from adapters.run.demo.population import Person
from domain import places
from domain.organisation import organisation_id
from domain.vocab import ExploitationType, OtherNeed
from services.organisation_registry import read_registry

DITHB = "kosovo-police-dithb"  # Directorate for Investigation of Trafficking in Human Beings
POLICE = "kosovo-police"
BORDER_POLICE = "kosovo-border-police"
LABOUR_INSPECTORATE = "labour-inspectorate"
VICTIM_ADVOCATES = "vaao"
IOM = "iom-kosovo"
MIGRATION = "dcam"  # Department for Citizenship, Asylum and Migration
CHILDREN_NGOS = ("terre-des-hommes-kosovo", "save-the-children-kosovo", "cpwc")
WOMEN_NGOS = ("cpwc", "kosovo-shelter-coalition")
RAE_NGO = "vorae"  # Voice of Roma, Ashkali and Egyptians
LABOUR = (ExploitationType.FORCED_LABOUR, ExploitationType.CHILD_LABOUR, ExploitationType.SERVITUDE)
_REGISTRY = read_registry()
CSW = {c.details.municipality: c.key for c in _REGISTRY if c.key.startswith("csw-")}


def prosecution(person: Person) -> str:
    """The basic prosecution office of the district the person lives in."""
    district = places.municipality("municipality", person.municipality).district
    return f"basic-prosecution-{district.value.lower()}"


def _ngo(person: Person, rng: Random) -> str:
    if person.community.key in ("roma", "ashkali", "egyptian"):
        return RAE_NGO
    return rng.choice(CHILDREN_NGOS if person.minor else WOMEN_NGOS)


def weights(person: Person, rng: Random) -> list[tuple[str, int]]:
    """The referrers of this person, with weights."""
    labour = person.exploitation in LABOUR
    csw, ngo, prosecutor = CSW[person.municipality], _ngo(person, rng), prosecution(person)
    inspectors = LABOUR_INSPECTORATE
    if person.foreign:
        return [
            (DITHB, 30), (BORDER_POLICE, 12), (IOM, 25), (inspectors, 20 if labour else 3),
            (prosecutor, 5), (ngo, 5), (csw, 10 if person.minor else 0),
        ]  # fmt: skip
    if person.minor:
        return [
            (DITHB, 25), (POLICE, 15), (csw, 32), (prosecutor, 5), (VICTIM_ADVOCATES, 5),
            (ngo, 13), (inspectors, 5 if labour else 0),
        ]  # fmt: skip
    return [
        (DITHB, 30), (POLICE, 15), (csw, 12), (prosecutor, 8), (VICTIM_ADVOCATES, 7),
        (inspectors, 18 if labour else 2), (ngo, 10),
    ]  # fmt: skip


def referrer(person: Person, rng: Random) -> UUID:
    """The registered organisation that refers this person (its id)."""
    table = [(key, w) for key, w in weights(person, rng) if w]
    return organisation_id(rng.choices([k for k, _ in table], weights=[w for _, w in table])[0])


def onward(need: OtherNeed, person: Person) -> UUID:
    """Where a person screened out with another need is sent on (a registered id)."""
    key = {
        OtherNeed.DOMESTIC_VIOLENCE: "shelter-gjakove",
        OtherNeed.LABOUR_DISPUTE: LABOUR_INSPECTORATE,
        OtherNeed.IRREGULAR_MIGRATION: MIGRATION,
    }.get(need, CSW[person.municipality])
    return organisation_id(key)
