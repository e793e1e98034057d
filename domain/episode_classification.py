"""How identifying each field of a trafficking episode is (domain/episode_values.py,
domain/parts/beneficiary_episodes.py): merged into domain/classification.py's tables.

The countries and the Kosovo municipality of a place are a person's places (PERSON_PLACE:
non-identifying, a quasi-identifier), and so is the exact age when trafficked; the
codes (methods, types, industries, platforms, roles, relationship) are the HTCDS
profile. What could point at a person or a place only they and the traffickers know
is personal and sealed: the city, state, street, postal code and coordinates of a
place, every description, a perpetrator's details and the reasons staff write.
"""

from __future__ import annotations

from typing import Any

from domain.beneficiary import Beneficiary
from domain.episode_values import EpisodePlace, Perpetrator, TraffickingEpisode
from domain.sensitivity import (
    FREE_TEXT,
    PERSON,
    PERSON_PLACE,
    PLAIN,
    PROFILE,
    Entry,
    Field,
    Sensitivity,
)

B = Beneficiary

# An exact age at a moment of a person's life: profile, but with the rest it can
# single a person out (as a municipality can), so anonymised exports generalise it.
AGE_WHEN_TRAFFICKED = Field(
    Sensitivity.NON_IDENTIFYING,
    "an exact age when trafficked: a quasi-identifier",
    quasi_identifier=True,
)

EPISODE_VALUES: dict[type[Any], dict[str, Entry]] = {
    EpisodePlace: {
        "type": PLAIN,
        "country": PERSON_PLACE,
        "municipality": PERSON_PLACE,
        "city": PERSON,
        "state": PERSON,
        "street": PERSON,
        "postal_code": PERSON,
        "latitude": PERSON,
        "longitude": PERSON,
        "on": PLAIN,
        "description": FREE_TEXT,
    },
    Perpetrator: {"roles": PROFILE, "details": FREE_TEXT},
    TraffickingEpisode: {
        "started_on": PLAIN,
        "ended_on": PLAIN,
        "age_when_trafficked": AGE_WHEN_TRAFFICKED,
        "crossed_border": PROFILE,
        "recruitment_methods": PROFILE,
        "recruitment_platforms": PROFILE,
        "exploitation_platforms": PROFILE,
        "control_methods": PROFILE,
        "exploitation_types": PROFILE,
        "forced_labour_industries": PROFILE,
        "sexual_exploitation_types": PROFILE,
        "relationship": PROFILE,
        "places": EpisodePlace,
        "perpetrators": Perpetrator,
        "description": FREE_TEXT,
    },
}

EPISODE_EVENTS: dict[type[Any], dict[str, Entry]] = {
    B.TraffickingEpisodeRecorded: {"number": PLAIN, "episode": TraffickingEpisode},
    B.TraffickingEpisodeRevised: {
        "number": PLAIN,
        "episode": TraffickingEpisode,
        "reason": FREE_TEXT,
    },
    B.TraffickingEpisodeWithdrawn: {"number": PLAIN, "reason": FREE_TEXT},
}

# Beneficiary's state (class_version 5): the episodes in force and the last number given.
BENEFICIARY_EPISODE_STATE: dict[str, Entry] = {
    "episodes": TraffickingEpisode,
    "episodes_recorded": PLAIN,
}
