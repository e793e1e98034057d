"""How identifying the fields a facility gained in issue 15 are: merged into
domain/classification.py's tables, as the facility's other fields are there. A
facility's municipality is an organisation's place (ORGANISATION_PLACE: not about a
person). A turn-away names no one: its reason, day, the organisation referred to and
the case's id are plain; the person's gender and child/adult are the non-identifying
profile a donor report counts (PROFILE, as a beneficiary's gender and age are); its note
is free text staff write (FREE_TEXT: sealed, with the shelter's key). That key is not a
person's, so the note carries no person by rule: it is refused on a turn-away tied to a
case (whose erasure could not reach it) and described "why, never who"."""

from __future__ import annotations

from typing import Any

from domain.facility import Facility
from domain.sensitivity import FREE_TEXT, ORGANISATION_PLACE, PLAIN, PROFILE, Entry

FACILITY_EVENTS: dict[type[Any], dict[str, Entry]] = {
    Facility.Relocated: {
        "municipality": ORGANISATION_PLACE,
        "previous": ORGANISATION_PLACE,
        "moved_on": PLAIN,
    },
    Facility.TurnedAway: {
        "reason": PLAIN,
        "turned_away_on": PLAIN,
        "referred_to": PLAIN,
        "case_id": PLAIN,
        "gender": PROFILE,
        "age_group": PROFILE,
        "note": FREE_TEXT,
    },
}
REGISTERED_MUNICIPALITY: dict[str, Entry] = {"municipality": ORGANISATION_PLACE}
FACILITY_STATE: dict[str, Entry] = {"municipality": ORGANISATION_PLACE}
