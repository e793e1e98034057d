"""A demo person's background (issue 15, HTCDS in full): where in Kosovo they live and
come from (population.py draws the municipality by community: Prishtinë most, Roma,
Ashkali and Egyptians in Fushë Kosovë, Gjakovë, Ferizaj, Prizren and Pejë, Serbs in North
Mitrovica, Graçanicë and Shtërpcë, Turks in Prizren and Mamushë), their languages, marital
status, children and schooling as an intake records them (some not known); and the
structured personal fields a caseworker fills in for some (a salutation, a Filipino
middle name, a landline).
"""

from __future__ import annotations

from dataclasses import replace
from random import Random
from typing import Any, TypeVar

from adapters.run.demo.population import KOSOVO, Person
from domain.htcds_vocab import EducationLevel, MaritalStatus
from domain.values import PersonalData
from domain.vocab import ExploitationType
from services.commands.person import RecordBackground

T = TypeVar("T")
MOVED = 0.25  # Kosovars living elsewhere than where they come from
UNKNOWN = 0.15  # a fact the intake did not learn
_S = MaritalStatus
_L = EducationLevel
MARITAL = (
    (_S.SINGLE, 60), (_S.MARRIED, 14), (_S.DIVORCED, 12), (_S.SEPARATED, 10), (_S.WIDOWED, 4),
)  # fmt: skip
CHILDREN = ((0, 55), (1, 24), (2, 15), (3, 6))
ADULT_EDUCATION = (
    (_L.PRIMARY, 20), (_L.LOWER_SECONDARY, 38), (_L.UPPER_SECONDARY, 32), (_L.BACHELORS, 10),
)  # fmt: skip
LEFT_SCHOOL_EARLY = ("roma", "ashkali", "egyptian")


def _pick(rng: Random, weighted: tuple[tuple[T, int], ...]) -> T:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _known(rng: Random, value: Any) -> Any:
    return None if rng.random() < UNKNOWN else value


def background(person: Person, rng: Random) -> RecordBackground:
    """The background an intake records: residence always, the rest as learned."""
    first, *others = person.languages
    origin = None
    if not person.foreign:
        moved = rng.random() < MOVED
        origin = _pick(rng, person.community.places) if moved else person.municipality
    return RecordBackground(
        marital_status=_known(rng, _marital(person, rng)),
        number_of_children=_known(rng, _children(person, rng)),
        education=_known(rng, _education(person, rng)),
        primary_language=first,
        secondary_language=others[0] if others else None,
        residence_country=KOSOVO,  # foreign victims too: found and living in Kosovo
        residence_municipality=person.municipality,
        origin_municipality=origin,
    )


def _marital(person: Person, rng: Random) -> MaritalStatus:
    if person.exploitation is ExploitationType.FORCED_MARRIAGE:
        return _S.MARRIED
    return _S.SINGLE if person.minor else _pick(rng, MARITAL)


def _children(person: Person, rng: Random) -> int:
    if person.minor:
        return 1 if person.age >= 16 and rng.random() < 0.05 else 0
    return int(_pick(rng, CHILDREN))


def _education(person: Person, rng: Random) -> EducationLevel:
    """Highest level completed: primary at 11, lower secondary at 15; many left early."""
    early = person.community.key in LEFT_SCHOOL_EARLY and rng.random() < 0.6
    if person.age < 11 or (early and person.age < 15):
        return _L.EARLY_CHILDHOOD
    if person.minor or early:
        return _L.PRIMARY if person.age < 15 or early else _L.LOWER_SECONDARY
    return _pick(rng, ADULT_EDUCATION)


def with_extras(personal: PersonalData, person: Person, rng: Random) -> PersonalData:
    """Structured personal fields for some: salutation (adults), middle name, landline."""
    salutation = middle_name = home_phone = None
    if not person.minor and rng.random() < 0.6:
        salutation = "Ms" if person.woman else "Mr"
    if person.community.key == "philippines":  # the mother's family name
        middle_name = rng.choice(person.community.names.family)
    if not person.foreign and rng.random() < 0.1:
        home_phone = f"+383{rng.choice((28, 29, 38, 39))}{rng.randint(100000, 999999)}"
    return replace(personal, salutation=salutation, middle_name=middle_name, home_phone=home_phone)
