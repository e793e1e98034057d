"""The value objects of criminal proceedings (domain/proceedings.py): hearings,
protection measures, legal representation and compensation claims. Frozen dataclasses,
described for the API like domain/values.py's. Amounts are euro cents (integers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from uuid import UUID

from domain.described import Described
from domain.justice_vocab import (
    CompensationKind,
    CompensationStatus,
    HearingStatus,
    ProtectionMeasure,
    RepresentationKind,
)

_ORG = "5f0c3a9e-1b2d-5e4f-8a6b-7c9d0e1f2a3b"


@dataclass(frozen=True)
class Hearing:
    """A court hearing: scheduled on a day, then held, adjourned (to a new hearing) or
    cancelled."""

    number: Annotated[int, Described("Its number within the proceedings: 1, 2, ...", 1)]
    scheduled_on: Annotated[date, Described("The day it is (or was) set for.", "2026-05-12")]
    court_organisation_id: Annotated[
        UUID | None, Described("The court (organisation registry id); null if not stated.", _ORG)
    ]
    status: Annotated[
        HearingStatus, Described("scheduled, held, adjourned or cancelled.", "scheduled")
    ]
    adjourned_to: Annotated[
        int | None, Described("The hearing it was adjourned to, by number; null if not.", None)
    ] = None
    changed_on: Annotated[
        date | None, Described("The day it was held, adjourned or cancelled.", None)
    ] = None


@dataclass(frozen=True)
class MeasureInForce:
    """A protection measure granted to the beneficiary, and its end if it ended."""

    measure: Annotated[ProtectionMeasure, Described("The measure.", "testimony_by_video_link")]
    granted_on: Annotated[date, Described("The day it was granted.", "2026-04-02")]
    ended_on: Annotated[date | None, Described("The day it ended; null while in force.", None)] = (
        None
    )


@dataclass(frozen=True)
class Representation:
    """Who represents the beneficiary from `since`: PVPT's lawyer (`lawyer`, a staff user
    name), an organisation (`organisation_id`), or a private lawyer (`private_lawyer`, a
    person's name: personal data)."""

    kind: Annotated[RepresentationKind, Described("Who represents them.", "pvpt_lawyer")]
    since: Annotated[date, Described("The day the representation began.", "2026-03-20")]
    lawyer: Annotated[str | None, Described("PVPT's lawyer, by staff user name.", "av.gashi")] = (
        None
    )
    organisation_id: Annotated[
        UUID | None, Described("The representing organisation (registry id).", None)
    ] = None
    private_lawyer: Annotated[
        str | None, Described("A private lawyer's name (personal data).", None)
    ] = None


@dataclass(frozen=True)
class CompensationClaim:
    """A claim for compensation: filed, then decided (awarded or rejected), then paid."""

    number: Annotated[int, Described("Its number within the proceedings: 1, 2, ...", 1)]
    kind: Annotated[CompensationKind, Described("Which route.", "state_programme")]
    filed_on: Annotated[date, Described("The day it was filed.", "2026-06-01")]
    claimed_cents: Annotated[
        int | None, Described("The amount claimed, euro cents; null if not stated.", 500000)
    ]
    status: Annotated[CompensationStatus, Described("filed, awarded, rejected or paid.", "filed")]
    decided_on: Annotated[date | None, Described("The day it was decided.", None)] = None
    awarded_cents: Annotated[
        int | None, Described("The amount awarded, euro cents (0: rejected).", None)
    ] = None
    paid_on: Annotated[
        date | None, Described("The day it was paid (the last instalment's).", None)
    ] = None
    paid_cents: Annotated[
        int | None, Described("The amount paid so far, euro cents (instalments added).", None)
    ] = None
