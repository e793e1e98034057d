"""The demo's turn-aways (issue 15, section 6): admissions the shelters refused, and where
the people went instead. A high-risk case is turned away as too risky and referred to the
state's Interim Security Facility; a case refused for want of a bed is referred there (a
child) or to the safe house in Gjakovë; and calls at night, before any case exists, are
turned away for want of a bed, as outside the mandate, or because the person declined.

The partners referred to are the shipped registry's (domain/reference/organisations.toml,
imported at the demo's start by adapters/run/demo/organisations.py), named by key. Night
calls draw from a random source of their own, so the journeys draw what they drew before."""

from __future__ import annotations

from collections.abc import Iterator
from random import Random
from uuid import UUID

from adapters.run.demo.world import MANAGERS, SHELTERS, Host
from domain.errors import RuleViolated
from domain.facility_turnaway import AgeGroup, TurnAwayReason
from domain.organisation import organisation_id
from domain.vocab import Gender
from services.commands.turnaway import RecordTurnAway

ISF = "interim-security-facility"  # the state's shelter for high-risk cases
SAFE_HOUSE = "shelter-gjakove"
OTHER_SHELTERS = (SAFE_HOUSE, "shelter-peje", "shelter-gjilan")
SEED = 15  # the night calls' own random source
SHELTER_STAFF = ("mirlinda.shelter", "valon.shelter")


def turn_away(demo: Host, facility: UUID, command: RecordTurnAway, actor: str) -> bool:
    """Record it, or False when the shelter's rules refuse it (a bed free after all)."""
    try:
        demo.do(facility, command, actor)
    except RuleViolated:
        return False
    demo.summary.reached["turned_away"] += 1
    return True


def case_turned_away(
    demo: Host,
    shelter: str,
    reason: TurnAwayReason,
    case_id: UUID,
    gender: Gender,
    *,
    minor: bool,
    actor: str,
) -> None:
    """A case refused: too risky (to the ISF), or no bed (a child to the ISF, an adult to
    the safe house in Gjakovë)."""
    to = ISF if reason is TurnAwayReason.RISK_TOO_HIGH or minor else SAFE_HOUSE
    command = RecordTurnAway(
        reason=reason,
        referred_to=organisation_id(to),
        case_id=case_id,
        gender=gender,
        age_group=AgeGroup.CHILD if minor else AgeGroup.ADULT,
    )
    turn_away(demo, demo.facilities[shelter], command, actor)


def night_calls(demo: Host) -> Iterator[float]:
    """Every one to three weeks someone calls a shelter at night."""
    rng = Random(SEED)
    while True:
        shelter = demo.facilities[rng.choices(SHELTERS, weights=(60, 40))[0]]
        gender = rng.choices((Gender.FEMININE, Gender.MASCULINE), weights=(85, 15))[0]
        age = rng.choices(list(AgeGroup), weights=(25, 65, 10))[0]
        staff = rng.choice((*SHELTER_STAFF, *MANAGERS))
        full = RecordTurnAway(
            reason=TurnAwayReason.NO_BED,
            referred_to=organisation_id(rng.choice((ISF, *OTHER_SHELTERS))),
            gender=gender,
            age_group=age,
        )
        if not turn_away(demo, shelter, full, staff):
            turn_away(demo, shelter, _not_full(rng, gender, age), staff)
        yield rng.uniform(7, 21)


def _not_full(rng: Random, gender: Gender, age: AgeGroup) -> RecordTurnAway:
    """A bed was free: the call was outside the mandate, or the person declined."""
    if rng.random() < 0.5:
        return RecordTurnAway(
            reason=TurnAwayReason.OUTSIDE_MANDATE,
            referred_to=organisation_id(rng.choice(OTHER_SHELTERS)),
            gender=gender,
            age_group=age,
        )
    return RecordTurnAway(reason=TurnAwayReason.DECLINED_BY_PERSON, gender=gender, age_group=age)
