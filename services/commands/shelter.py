"""Commands on facilities and shelter stays."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from domain.facility import Facility
from domain.stay import ShelterStay
from domain.vocab import DischargeReason, ExitDestination, FacilityKind
from services.commands import Command, FieldDate, RecordCommand, day_of, free_text

Beds = Annotated[
    int,
    msgspec.Meta(
        ge=1,
        description="Beds (or, in a day rehabilitation centre, places); at least 1.",
        examples=[12],
    ),
]
FacilityId = Annotated[
    UUID,
    msgspec.Meta(
        description="The id of a registered facility.",
        examples=["9a3f6c2d-1e8b-5f47-a2c9-6d4e1b7f3a58"],
    ),
]

MunicipalityCode = Annotated[
    str,
    msgspec.Meta(
        description="The municipality the facility is in: the Kosovo Agency of Statistics' "
        "two-digit code, '01' (Deçan) to '38' (North Mitrovica); '19' is Prishtinë.",
        examples=["19"],
    ),
]


class RegisterFacility(Command, frozen=True):
    """Register a shelter or day rehabilitation centre with its capacity."""

    name: Annotated[
        str,
        free_text("The facility's name", "Shelter Prishtina", most=100),
    ]
    kind: Annotated[
        FacilityKind,
        msgspec.Meta(
            description="A shelter (residents stay the night) or a day rehabilitation centre.",
            examples=["shelter"],
        ),
    ]
    beds: Beds
    effective_from: Annotated[
        date,
        msgspec.Meta(description="The first night it has these beds.", examples=["2026-01-01"]),
    ]
    municipality: MunicipalityCode | None = None


class RelocateFacility(RecordCommand, frozen=True):
    """Record that a facility moved to another municipality."""

    target: ClassVar[type[Facility]] = Facility
    municipality: MunicipalityCode
    moved_on: Annotated[FieldDate, day_of("of the move")] = None

    def run(self, record: Facility, actor: str, at: datetime) -> None:
        record.relocate(self.municipality, self.moved_on, actor=actor, at=at)


class ChangeCapacity(RecordCommand, frozen=True):
    """Change a facility's number of beds from a given night; never below the
    residents it has."""

    target: ClassVar[type[Facility]] = Facility
    beds: Beds
    effective_from: Annotated[
        date,
        msgspec.Meta(
            description="The first night with the new number of beds; not before the "
            "current capacity's first night.",
            examples=["2026-06-01"],
        ),
    ]
    reason: (
        Annotated[
            str,
            free_text("Why the capacity changes", "Two rooms closed for repairs.", optional=True),
        ]
        | None
    ) = None

    def run(self, record: Facility, actor: str, at: datetime) -> None:
        record.change_capacity(self.beds, self.effective_from, self.reason, actor=actor, at=at)


class AdmitToShelter(Command, frozen=True):
    """Admit a case's beneficiary to a facility, taking one of its beds in the same
    step. Refused when it is full, or the case is closed, unassessed or high risk."""

    case_id: Annotated[
        UUID,
        msgspec.Meta(
            description="The id of the case whose beneficiary is admitted.",
            examples=["5d0c8f3e-2b71-5a9c-8e14-7f6a2b9c1d03"],
        ),
    ]
    facility_id: FacilityId
    admitted_on: Annotated[
        FieldDate, day_of("of the admission", also="nor before the case's referral")
    ] = None


class TransferStay(Command, frozen=True):
    """Move a resident to another facility: a bed there is taken and the one here
    released in the same step."""

    to_facility_id: FacilityId


class DischargeFromShelter(Command, frozen=True):
    """Discharge the resident, releasing their bed, with why they left and where
    they went (HMIS exit destination)."""

    reason: Annotated[
        DischargeReason,
        msgspec.Meta(
            description="Why the stay ended (completed the programme, left, moved for "
            "safety, ...).",
            examples=["completed_programme"],
        ),
    ]
    destination: Annotated[
        ExitDestination,
        msgspec.Meta(
            description="Where the resident went on leaving (after HMIS exit destinations).",
            examples=["family"],
        ),
    ]
    discharged_on: Annotated[
        FieldDate, day_of("of the discharge", also="nor before the admission")
    ] = None


class StayCommand(RecordCommand, frozen=True):
    target: ClassVar[type[ShelterStay]] = ShelterStay


class StartLeave(StayCommand, frozen=True):
    """Start a temporary leave: the resident keeps their bed until they return."""

    expected_return: Annotated[
        date,
        msgspec.Meta(
            description="The day the resident is expected back; not before today.",
            examples=["2026-04-12"],
        ),
    ]
    reason: Annotated[
        str,
        free_text(
            "Why the resident leaves for a while",
            "Visiting her mother in Mitrovica for the Bajram holidays.",
        ),
    ]

    def run(self, record: ShelterStay, actor: str, at: datetime) -> None:
        record.start_leave(self.expected_return, self.reason, actor=actor, at=at)


class ReturnFromLeave(StayCommand, frozen=True):
    """Record that a resident on leave is back in the facility."""

    def run(self, record: ShelterStay, actor: str, at: datetime) -> None:
        record.return_from_leave(actor=actor, at=at)
