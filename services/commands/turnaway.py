"""Recording an admission a shelter refused (issue 15, section 6): domain/facility_turnaway.py."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec

from domain.facility_turnaway import AgeGroup, TurnAway, TurnAwayReason
from domain.vocab import Gender
from services.commands import Command, FieldDate, day_of, free_text
from services.commands.organisation import OrganisationId


class RecordTurnAway(Command, frozen=True):
    """Record that the shelter did not admit someone: why, the day, and the organisation
    the person was referred to instead. Names no one: optionally the case it concerns (a
    call at night often comes before any case exists), the person's gender and whether
    a child or an adult, which capacity reports count. 'no_bed' and 'risk_too_high' name
    the organisation referred to (`referred_to`, registered and active that day); 'no_bed'
    is refused while the shelter has a free bed today, 'risk_too_high' for a case not
    assessed high risk. Only a role that reads cases names one (shelter staff record the
    turn-away without it), never a case whose person's data was erased; a turn-away tied
    to a case carries no note (write why as a note on the case)."""

    reason: Annotated[
        TurnAwayReason,
        msgspec.Meta(
            description="Why: no_bed (the shelter was full), risk_too_high (a high-risk case: "
            "the state's Interim Security Facility takes it), outside_mandate, "
            "declined_by_person, or other (with a note).",
            examples=["no_bed"],
        ),
    ]
    referred_to: OrganisationId | None = None  # required for no_bed and risk_too_high
    turned_away_on: Annotated[
        FieldDate, day_of("the person was turned away", also="nor before the shelter had beds")
    ] = None
    case_id: (
        Annotated[
            UUID,
            msgspec.Meta(
                description="The case it concerns, when there is one; only for a role that "
                "reads cases (others: 403), never with a note, refused once the person's "
                "data was erased.",
                examples=["5d0c8f3e-2b71-5a9c-8e14-7f6a2b9c1d03"],
            ),
        ]
        | None
    ) = None
    gender: Annotated[
        Gender,
        msgspec.Meta(
            description="The person's gender (HTCDS values), as far as known; counted, "
            "never shown with anything identifying.",
            examples=["Feminine"],
        ),
    ] = Gender.NON_SPECIFIED_UNKNOWN
    age_group: Annotated[
        AgeGroup,
        msgspec.Meta(description="A child (under 18), an adult, or unknown.", examples=["adult"]),
    ] = AgeGroup.UNKNOWN
    note: (
        Annotated[
            str,
            free_text(
                "Why, never who: the situation, not the person (no names, ages, family, "
                "origin). Required when the reason is other and no case is named; refused "
                "with a case_id (it is sealed with the shelter's key, which erasing a person "
                "does not reach: write it as a note on the case)",
                "The shelter takes women and girls only; a family shelter was called.",
                optional=True,
            ),
        ]
        | None
    ) = None

    def turn_away(self) -> TurnAway:
        return TurnAway(
            self.reason,
            self.referred_to,
            self.turned_away_on,
            self.case_id,
            self.gender,
            self.age_group,
            self.note,
        )
