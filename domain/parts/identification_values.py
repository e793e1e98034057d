"""The values of a beneficiary's identification decisions: a decision as the history
keeps it (`IdentificationDecision`), which of them gives the status in force
(`status_in_force`), and what a decision says as a command gives it (`Decided`).

Kept by `Beneficiary` (domain/beneficiary.py) through its identification part
(domain/parts/beneficiary_identification.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from uuid import UUID

from domain.described import Described
from domain.vocab import DecidingBody, IdentificationKind, RevisionGrounds, TraffickingStatus

KOSOVO = "XK"


@dataclass(frozen=True)
class IdentificationDecision:
    """One identification decision, as the beneficiary's history keeps it."""

    number: Annotated[int, Described("Its number in the person's decisions, from 1.", 1)]
    kind: Annotated[
        IdentificationKind,
        Described("preliminary (pre-identification) or formal (an authority).", "formal"),
    ]
    status: Annotated[
        TraffickingStatus,
        Described("The decision (HTCDS vic_TraffickingStatus).", "ActualVictimOfTrafficking"),
    ]
    deciding_body: Annotated[
        DecidingBody,
        Described("Who decided (HTCDS vic_TraffickingStatusDecisionMakingOrg).", "Police"),
    ]
    country: Annotated[str, Described("The deciding mechanism's country (ISO 3166).", "XK")]
    official_role: Annotated[
        str | None,
        Described("The deciding official's role, never a name.", "Anti-trafficking investigator"),
    ]
    reference: Annotated[
        str | None, Described("The decision's official reference number.", "DHT-2026/0142")
    ]
    decided_on: Annotated[date, Described("The day of the decision.", "2026-03-09")]
    indicators: Annotated[
        tuple[str, ...],
        Described("Indicator codes checked (domain/indicators.py).", ["dr.job_nature"]),
    ]
    recorded_by: Annotated[str, Described("User name of who recorded it.", "besa.krasniqi")]
    revises: Annotated[
        int | None, Described("The number of the decision this one revises; null if none.", 1)
    ] = None
    grounds: Annotated[
        RevisionGrounds | None, Described("Why it was revised; null if not a revision.", "appeal")
    ] = None
    reason: Annotated[
        str | None, Described("The revision's reason, in staff's words.", "Appeal upheld.")
    ] = None
    revised_by: Annotated[
        int | None,
        Described("The decision that revised this one (no longer in force); null if none.", 3),
    ] = None
    organisation_id: Annotated[
        UUID | None,
        Described(
            "The identifying organisation's id in the organisations registry; null when "
            "not stated (and for decisions recorded before the registry).",
            None,
        ),
    ] = None

    @property
    def in_force(self) -> bool:
        return self.revised_by is None


def status_in_force(decisions: list[IdentificationDecision]) -> IdentificationDecision | None:
    """The decision that gives the current status: the latest formal one in force, else
    the latest preliminary one in force (latest by day decided, then number)."""
    in_force = [d for d in decisions if d.in_force]
    formal = [d for d in in_force if d.kind is IdentificationKind.FORMAL]
    return max(formal or in_force, key=lambda d: (d.decided_on, d.number), default=None)


@dataclass(frozen=True)
class Decided:
    """What a decision says, as a command gives it (checked by `Identifications`)."""

    kind: IdentificationKind
    status: TraffickingStatus
    deciding_body: DecidingBody
    decided_on: date | None = None
    country: str = KOSOVO
    official_role: str | None = None
    reference: str | None = None
    indicators: tuple[str, ...] = ()
    organisation_id: UUID | None = None  # the identifying organisation (registered)
