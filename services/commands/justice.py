"""Commands on criminal proceedings (domain/proceedings.py). Opening them involves the
case (its link), and a hearing's court or a representing organisation is checked
against the organisation registry: their workflows are in services/justice_workflows.py.
Amounts are euro cents (whole numbers)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar, Literal
from uuid import UUID

import msgspec

from domain.checks import USER_NAME
from domain.justice_vocab import (
    CompensationKind,
    Cooperation,
    ProceedingsOutcome,
    ProceedingsRole,
    ProceedingsStage,
    ProtectionMeasure,
    RepresentationKind,
)
from domain.proceedings import REFERENCE_LENGTH, CriminalProceedings
from services.commands import Command, FieldDate, RecordCommand, day_of, free_text
from services.commands.organisation import OrganisationId


def _reference(where: str, example: str) -> msgspec.Meta:
    return msgspec.Meta(
        max_length=REFERENCE_LENGTH,
        description=f"The file's reference at the {where}, as on its papers (up to "
        f"{REFERENCE_LENGTH} characters; personal data: it finds the person in the court's "
        "records); null when not known.",
        examples=[example],
    )


PoliceReference = Annotated[str, _reference("police", "PD-2026/0142")] | None
ProsecutionReference = Annotated[str, _reference("prosecution", "PPS-TQ 77/2026")] | None
CourtReference = Annotated[str, _reference("court", "PKR 12/2026")] | None
Stage = Annotated[
    ProceedingsStage,
    msgspec.Meta(
        description="report_to_police, investigation, indictment, trial, verdict or appeal.",
        examples=["investigation"],
    ),
]
Role = Annotated[
    ProceedingsRole,
    msgspec.Meta(
        description="The beneficiary's part: victim, injured_party, witness, or "
        "injured_party_and_witness.",
        examples=["injured_party"],
    ),
]
HearingNumber = Annotated[
    int, msgspec.Meta(ge=1, description="The hearing's number (1 for the first).", examples=[1])
]
ClaimNumber = Annotated[
    int,
    msgspec.Meta(
        ge=1, description="The compensation claim's number (1 for the first).", examples=[1]
    ),
]
Measure = Annotated[
    ProtectionMeasure,
    msgspec.Meta(
        description="The protection measure (anonymity, identity_data_protected, "
        "testimony_by_video_link, testimony_without_defendant, closed_session, ...).",
        examples=["testimony_by_video_link"],
    ),
]


class OpenProceedings(Command, frozen=True):
    """Open the criminal proceedings in which a case's beneficiary is a victim or
    witness, at the stage they are at (the case must be open; the proceedings then
    outlive it)."""

    case_id: Annotated[
        UUID,
        msgspec.Meta(
            description="The id of the case whose beneficiary takes part.",
            examples=["5d0c8f3e-2b71-5a9c-8e14-7f6a2b9c1d03"],
        ),
    ]
    role: Role
    stage: Stage
    stage_on: Annotated[FieldDate, day_of("the stage was reached (e.g. the police report)")] = None
    police_reference: PoliceReference = None
    prosecution_reference: ProsecutionReference = None
    court_reference: CourtReference = None


class ProceedingsCommand(RecordCommand, frozen=True):
    target: ClassVar[type[CriminalProceedings]] = CriminalProceedings


ReferenceName = Literal["police_reference", "prosecution_reference", "court_reference"]


class RecordReferences(ProceedingsCommand, frozen=True):
    """Record references at police, prosecution and court: each given replaces the one
    recorded; one omitted (or null) keeps it; `clear` names those to remove."""

    police_reference: PoliceReference = None
    prosecution_reference: ProsecutionReference = None
    court_reference: CourtReference = None
    clear: Annotated[
        list[ReferenceName],
        msgspec.Meta(
            description="The references to remove (recorded by mistake): police_reference, "
            "prosecution_reference, court_reference; one named here is not also given. "
            "Omitted: none removed.",
            examples=[["court_reference"]],
        ),
    ] = []

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        refs = (self.police_reference, self.prosecution_reference, self.court_reference)
        record.record_references(refs, frozenset(self.clear), actor=actor, at=at)


class AdvanceStage(ProceedingsCommand, frozen=True):
    """Move the proceedings to a later stage (an appeal follows a verdict)."""

    stage: Stage
    stage_on: Annotated[
        FieldDate, day_of("the stage was reached", also="nor before the previous stage")
    ] = None

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.advance_stage(self.stage, self.stage_on, actor=actor, at=at)


class CorrectStage(ProceedingsCommand, frozen=True):
    """Put right a stage recorded by mistake, saying why (the only way back)."""

    stage: Stage
    stage_on: Annotated[
        date,
        msgspec.Meta(
            description="The day the right stage was reached; not in the future.",
            examples=["2026-03-02"],
        ),
    ]
    reason: Annotated[
        str, free_text("Why the recorded stage was wrong", "Indictment entered by mistake.")
    ]

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.correct_stage(self.stage, self.stage_on, self.reason, actor=actor, at=at)


class ChangeProceedingsRole(ProceedingsCommand, frozen=True):
    """Record a change of the beneficiary's part in the proceedings."""

    role: Role
    changed_on: Annotated[FieldDate, day_of("of the change")] = None

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.change_role(self.role, self.changed_on, actor=actor, at=at)


class RecordCooperation(ProceedingsCommand, frozen=True):
    """Record the beneficiary's choice to cooperate with the proceedings or not. It is
    theirs to make and to change; no assistance depends on it."""

    choice: Annotated[
        Cooperation,
        msgspec.Meta(description="cooperates, declines or undecided.", examples=["declines"]),
    ]
    decided_on: Annotated[FieldDate, day_of("of the choice")] = None

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.record_cooperation(self.choice, self.decided_on, actor=actor, at=at)


class RecordOutcome(ProceedingsCommand, frozen=True):
    """Record the outcome: a conviction, acquittal or plea agreement at the verdict (or
    appeal), a dismissal or dropped charges at any stage."""

    outcome: Annotated[
        ProceedingsOutcome,
        msgspec.Meta(
            description="conviction, acquittal, dismissed, charges_dropped or plea_agreement.",
            examples=["conviction"],
        ),
    ]
    decided_on: Annotated[FieldDate, day_of("of the decision", also="nor before the stage")] = None

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.record_outcome(self.outcome, self.decided_on, actor=actor, at=at)


class RecordRepresentation(Command, frozen=True):
    """Record who represents the beneficiary: PVPT's lawyer (`lawyer`), an organisation
    of the registry (`organisation_id`) or a private lawyer (`private_lawyer`); exactly
    the field the kind names."""

    kind: Annotated[
        RepresentationKind,
        msgspec.Meta(
            description="pvpt_lawyer, organisation or private_lawyer.", examples=["pvpt_lawyer"]
        ),
    ]
    since: Annotated[FieldDate, day_of("the representation began")] = None
    lawyer: (
        Annotated[
            str,
            msgspec.Meta(
                pattern=USER_NAME.pattern,
                description="PVPT's lawyer, by staff user name (kind pvpt_lawyer).",
                examples=["av.gashi"],
            ),
        ]
        | None
    ) = None
    organisation_id: OrganisationId | None = None  # kind organisation
    private_lawyer: (
        Annotated[
            str,
            free_text(
                "A private lawyer's name (kind private_lawyer; personal data)",
                "Adv. Arben Morina",
                most=200,
            ),
        ]
        | None
    ) = None


class ScheduleHearing(Command, frozen=True):
    """Schedule a court hearing (it is due on its day: `court_date` in the due list)."""

    scheduled_on: Annotated[
        date,
        msgspec.Meta(
            description="The hearing's day; may be ahead; not before the first stage recorded.",
            examples=["2026-05-12"],
        ),
    ]
    court_organisation_id: OrganisationId | None = None  # the court; null if not stated


class HoldHearing(ProceedingsCommand, frozen=True):
    """Record that a hearing was held on its day (once that day has come)."""

    number: HearingNumber

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.hold_hearing(self.number, actor=actor, at=at)


class AdjournHearing(ProceedingsCommand, frozen=True):
    """Record that a hearing was adjourned to a new day: a new hearing is scheduled."""

    number: HearingNumber
    new_date: Annotated[
        date,
        msgspec.Meta(
            description="The day it continues; after the adjournment.", examples=["2026-06-09"]
        ),
    ]
    adjourned_on: Annotated[FieldDate, day_of("of the adjournment")] = None

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.adjourn_hearing(self.number, self.new_date, self.adjourned_on, actor=actor, at=at)


class CancelHearing(ProceedingsCommand, frozen=True):
    """Record that a hearing was cancelled."""

    number: HearingNumber
    reason: (
        Annotated[
            str, free_text("Why it was cancelled", "The defendant did not appear.", optional=True)
        ]
        | None
    ) = None
    cancelled_on: Annotated[FieldDate, day_of("of the cancellation")] = None

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.cancel_hearing(self.number, self.reason, self.cancelled_on, actor=actor, at=at)


class GrantProtectionMeasure(ProceedingsCommand, frozen=True):
    """Record a protection measure granted to the beneficiary."""

    measure: Measure
    granted_on: Annotated[FieldDate, day_of("it was granted")] = None

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.grant_measure(self.measure, self.granted_on, actor=actor, at=at)


class EndProtectionMeasure(ProceedingsCommand, frozen=True):
    """Record that a protection measure ended."""

    measure: Measure
    ended_on: Annotated[FieldDate, day_of("it ended", also="nor before it was granted")] = None

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.end_measure(self.measure, self.ended_on, actor=actor, at=at)


class FileCompensationClaim(ProceedingsCommand, frozen=True):
    """Record a compensation claim filed: to the state victim compensation programme,
    as a property claim in the criminal proceedings, or as a civil suit."""

    kind: Annotated[
        CompensationKind,
        msgspec.Meta(
            description="state_programme, property_claim or civil_suit.",
            examples=["state_programme"],
        ),
    ]
    filed_on: Annotated[FieldDate, day_of("it was filed")] = None
    claimed_cents: (
        Annotated[
            int,
            msgspec.Meta(
                ge=1,
                description="The amount claimed in euro cents; null if not stated.",
                examples=[500000],
            ),
        ]
        | None
    ) = None

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.file_claim(self.kind, self.filed_on, self.claimed_cents, actor=actor, at=at)


class DecideCompensationClaim(ProceedingsCommand, frozen=True):
    """Record the decision on a claim: the amount awarded (0: rejected)."""

    number: ClaimNumber
    awarded_cents: Annotated[
        int,
        msgspec.Meta(
            ge=0,
            description="The amount awarded in euro cents; 0 when rejected.",
            examples=[350000],
        ),
    ]
    decided_on: Annotated[FieldDate, day_of("of the decision", also="nor before the filing")] = None

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.decide_claim(self.number, self.awarded_cents, self.decided_on, actor=actor, at=at)


class RecordCompensationPaid(ProceedingsCommand, frozen=True):
    """Record a payment of an awarded claim: the whole award or an instalment (the claim
    is paid once instalments add up to the award)."""

    number: ClaimNumber
    paid_cents: Annotated[
        int,
        msgspec.Meta(
            ge=1,
            description="The amount paid in euro cents; not more than is awarded and not yet "
            "paid (payment_exceeds_award).",
            examples=[350000],
        ),
    ]
    paid_on: Annotated[
        FieldDate,
        day_of("it was paid", also="nor before the decision or the last instalment"),
    ] = None

    def run(self, record: CriminalProceedings, actor: str, at: datetime) -> None:
        record.record_payment(self.number, self.paid_cents, self.paid_on, actor=actor, at=at)
