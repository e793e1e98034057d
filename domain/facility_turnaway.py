"""Turn-aways: admissions a shelter refused, and where the person was referred instead
(issue 15, section 6). Recorded on the shelter's Facility (domain/facility.py holds the
events; the checks live here). A turn-away names no one: the reason, the day, the
organisation referred to (a registry id), optionally the case it concerns (a night call
often comes before any case exists) and the two facts a shelter shows donors, the
person's gender (HTCDS) and whether a child or an adult.

Rules: only a shelter turns people away (a day centre takes no residents); the day is
not in the future nor before the shelter's first night of beds; 'no bed' is refused
while the shelter has a free bed today (a turn-away dated earlier cannot be checked: the
facility keeps its residents now, not each day's); 'no bed' and 'risk too high' name
where the person was referred (the Interim Security Facility takes high-risk cases);
'risk too high' is refused for a case assessed low or medium (PVPT takes those; the
refusal says "not assessed high", never the level); a turn-away tied to a case carries
no note (the note is sealed with the shelter's key, which erasing the person does not
destroy: staff write why as a note on the case); 'other' needs a note unless it names a
case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain import checks
from domain.checks import field_dates
from domain.errors import InvalidInput, RuleViolated
from domain.values import BedInventory
from domain.vocab import FacilityKind, Gender, RiskLevel


class Facility(Protocol):
    """What the checks read of domain/facility.py's Facility (which imports this module)."""

    kind: FacilityKind
    beds: int
    capacity_history: list[BedInventory]

    @property
    def label(self) -> str: ...

    @property
    def occupancy(self) -> int: ...

    def beds_from(self, day: date) -> int: ...


class TurnAwayReason(StrEnum):
    """Why a shelter did not admit someone."""

    NO_BED = "no_bed"
    RISK_TOO_HIGH = "risk_too_high"  # high risk: the state's Interim Security Facility
    OUTSIDE_MANDATE = "outside_mandate"
    DECLINED_BY_PERSON = "declined_by_person"
    OTHER = "other"


class AgeGroup(StrEnum):
    """A child (under 18) or an adult, as far as the shelter knew."""

    CHILD = "child"
    ADULT = "adult"
    UNKNOWN = "unknown"


REFERRAL_NEEDED = frozenset({TurnAwayReason.NO_BED, TurnAwayReason.RISK_TOO_HIGH})


@dataclass(frozen=True)
class TurnAway:
    """A turn-away as asked for, before the facility checks it."""

    reason: TurnAwayReason
    referred_to: UUID | None = None
    turned_away_on: date | None = None
    case_id: UUID | None = None
    gender: Gender = Gender.NON_SPECIFIED_UNKNOWN
    age_group: AgeGroup = AgeGroup.UNKNOWN
    note: str | None = None


def checked(
    facility: Facility, turn_away: TurnAway, case_risk: RiskLevel | None, at: datetime
) -> TurnAway:
    """The turn-away with its day and note settled, or a refusal naming the field or rule."""
    _require_shelter(facility)
    day = field_dates.stated("turned_away_on", turn_away.turned_away_on, at)
    _require_open(facility, day)
    note = _checked_note(turn_away)
    if turn_away.reason in REFERRAL_NEEDED and turn_away.referred_to is None:
        raise InvalidInput(
            "referred_to",
            f"a turn-away for {turn_away.reason.value} names the organisation the person "
            "was referred to",
        )
    _check_risk(turn_away, case_risk)
    if turn_away.reason is TurnAwayReason.NO_BED and day == at.date():
        _require_full(facility, day)
    return TurnAway(
        turn_away.reason,
        turn_away.referred_to,
        day,
        turn_away.case_id,
        turn_away.gender,
        turn_away.age_group,
        note,
    )


def _checked_note(turn_away: TurnAway) -> str | None:
    """A note only on a turn-away that names no case: it is sealed with the shelter's key,
    so erasing the person would not reach it; a case's own note does."""
    note = checks.optional_text("note", turn_away.note)
    if note is not None and turn_away.case_id is not None:
        raise InvalidInput(
            "note",
            "a turn-away tied to a case carries no note: erasing the person would not reach "
            "it; write why as a note on the case",
        )
    if turn_away.reason is TurnAwayReason.OTHER and note is None and turn_away.case_id is None:
        raise InvalidInput(
            "note",
            "a turn-away for another reason needs a note saying why (or names the case, "
            "whose notes say why)",
        )
    return note


def _require_shelter(facility: Facility) -> None:
    if facility.kind is not FacilityKind.SHELTER:
        raise RuleViolated(
            f"{facility.label} is a day rehabilitation centre, not a shelter; it admits no "
            "residents and turns no one away",
            rule="not_a_shelter",
        )


def _require_open(facility: Facility, day: date) -> None:
    first = facility.capacity_history[0].start
    if day < first:
        raise RuleViolated(
            f"{facility.label} had no beds before {first.isoformat()}; it turned no one "
            f"away on {day.isoformat()}",
            rule="facility_not_open",
        )


def _check_risk(turn_away: TurnAway, case_risk: RiskLevel | None) -> None:
    if turn_away.reason is not TurnAwayReason.RISK_TOO_HIGH:
        return
    if case_risk in {RiskLevel.LOW, RiskLevel.MEDIUM}:
        raise RuleViolated(
            "the case is not assessed high risk; the shelter takes cases that are not, so "
            "'risk too high' is not why it was turned away",
            rule="risk_not_high",
        )


def _require_full(facility: Facility, day: date) -> None:
    beds = min(facility.beds, facility.beds_from(day))
    if facility.occupancy < beds:
        raise RuleViolated(
            f"{facility.label} has {beds - facility.occupancy} free bed(s) today "
            f"({facility.occupancy} of {beds} taken); 'no bed' is not why it turned "
            "someone away",
            rule="beds_free",
        )
