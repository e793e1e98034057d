"""Criminal proceedings where a beneficiary is a victim or witness (docs/domain.md,
Justice; ADR 29): the references at police, prosecution and court, the stage, the
beneficiary's role, protection measures, legal representation, hearings, the outcome,
compensation claims and the beneficiary's choice to cooperate.

Its own aggregate, linked to a case and its beneficiary by the case's
`ProceedingsOpened` (saved together, like plans). Proceedings outlive a case: once
opened, nothing here asks whether the case is still open. The stage only moves forward
(`AdvanceStage`); a mistake is corrected by `StageCorrected` with a reason. Hearings,
measures and claims: domain/parts/proceedings_court.py. Assistance never depends on
the cooperation choice: no assistance command reads it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.case import CASE_NUMBER
from domain.checks import field_dates
from domain.errors import InvalidInput, RuleViolated
from domain.justice_vocab import (
    VERDICTS,
    Cooperation,
    ProceedingsOutcome,
    ProceedingsRole,
    ProceedingsStage,
    ProtectionMeasure,
)
from domain.parts import proceedings_court as court
from domain.parts.proceedings_values import (
    CompensationClaim,
    Hearing,
    MeasureInForce,
    Representation,
)

REFERENCE_LENGTH = 100
REFERENCE_NAMES = ("police_reference", "prosecution_reference", "court_reference")


class CriminalProceedings(court.Court, JourneyAggregate):
    case_id: UUID
    case_number: str
    beneficiary_id: UUID
    police_reference: str | None
    prosecution_reference: str | None
    court_reference: str | None
    stage: ProceedingsStage
    stage_on: date
    opened_on: date  # the day of the first stage recorded: nothing here is dated before it
    role: ProceedingsRole
    cooperation: Cooperation | None
    cooperation_on: date | None
    outcome: ProceedingsOutcome | None
    outcome_on: date | None
    outcome_stage: ProceedingsStage | None
    representation: Representation | None
    measures: dict[ProtectionMeasure, MeasureInForce]
    hearings: dict[int, Hearing]
    claims: dict[int, CompensationClaim]

    def __init__(self) -> None:
        self.cooperation = self.cooperation_on = None
        self.outcome = self.outcome_on = self.outcome_stage = None
        self.representation = None
        self.measures, self.hearings, self.claims = {}, {}, {}

    @property
    def label(self) -> str:
        return f"criminal proceedings of case {self.case_number}"

    # ----------------------------------------------------------------- events

    class Opened(JourneyAggregate.Created):
        case_id: UUID
        case_number: str
        beneficiary_id: UUID
        role: ProceedingsRole
        stage: ProceedingsStage
        stage_on: date
        police_reference: str | None
        prosecution_reference: str | None
        court_reference: str | None

        def apply(self, p: CriminalProceedings) -> None:
            p.case_id, p.case_number = self.case_id, self.case_number
            p.beneficiary_id, p.role = self.beneficiary_id, self.role
            p.stage, p.stage_on, p.opened_on = self.stage, self.stage_on, self.stage_on
            p.police_reference = self.police_reference
            p.prosecution_reference = self.prosecution_reference
            p.court_reference = self.court_reference

    class ReferencesRecorded(JourneyAggregate.Event):
        police_reference: str | None
        prosecution_reference: str | None
        court_reference: str | None

        def apply(self, p: CriminalProceedings) -> None:
            p.police_reference = self.police_reference
            p.prosecution_reference = self.prosecution_reference
            p.court_reference = self.court_reference

    class StageAdvanced(JourneyAggregate.Event):
        stage: ProceedingsStage
        stage_on: date

        def apply(self, p: CriminalProceedings) -> None:
            p.stage, p.stage_on = self.stage, self.stage_on

    class StageCorrected(JourneyAggregate.Event):
        """A stage recorded by mistake, put right: `stage` is the one it really is in."""

        stage: ProceedingsStage
        stage_on: date
        reason: str

        def apply(self, p: CriminalProceedings) -> None:
            p.stage, p.stage_on = self.stage, self.stage_on

    class RoleChanged(JourneyAggregate.Event):
        role: ProceedingsRole
        changed_on: date

        def apply(self, p: CriminalProceedings) -> None:
            p.role = self.role

    class CooperationRecorded(JourneyAggregate.Event):
        choice: Cooperation
        decided_on: date

        def apply(self, p: CriminalProceedings) -> None:
            p.cooperation, p.cooperation_on = self.choice, self.decided_on

    class RepresentationRecorded(JourneyAggregate.Event):
        representation: Representation

        def apply(self, p: CriminalProceedings) -> None:
            p.representation = self.representation

    class ProtectionMeasureGranted(JourneyAggregate.Event):
        measure: ProtectionMeasure
        granted_on: date

        def apply(self, p: CriminalProceedings) -> None:
            p.measures[self.measure] = MeasureInForce(self.measure, self.granted_on)

    class ProtectionMeasureEnded(JourneyAggregate.Event):
        measure: ProtectionMeasure
        ended_on: date

        def apply(self, p: CriminalProceedings) -> None:
            p.measures[self.measure] = replace(p.measures[self.measure], ended_on=self.ended_on)

    class HearingScheduled(JourneyAggregate.Event):
        number: int
        scheduled_on: date
        court_organisation_id: UUID | None

        def apply(self, p: CriminalProceedings) -> None:
            p.hearings[self.number] = court.scheduled(self)

    class HearingHeld(JourneyAggregate.Event):
        number: int
        held_on: date

        def apply(self, p: CriminalProceedings) -> None:
            court.hearing_changed(p, self.number, court.HELD, self.held_on)

    class HearingAdjourned(JourneyAggregate.Event):
        """Adjourned on `adjourned_on` to a new hearing (`new_number`) on `new_date`."""

        number: int
        adjourned_on: date
        new_number: int
        new_date: date

        def apply(self, p: CriminalProceedings) -> None:
            court.adjourned(p, self)

    class HearingCancelled(JourneyAggregate.Event):
        number: int
        cancelled_on: date
        reason: str | None

        def apply(self, p: CriminalProceedings) -> None:
            court.hearing_changed(p, self.number, court.CANCELLED, self.cancelled_on)

    class OutcomeRecorded(JourneyAggregate.Event):
        outcome: ProceedingsOutcome
        decided_on: date

        def apply(self, p: CriminalProceedings) -> None:
            p.outcome, p.outcome_on, p.outcome_stage = self.outcome, self.decided_on, p.stage

    class CompensationClaimFiled(JourneyAggregate.Event):
        claim: CompensationClaim

        def apply(self, p: CriminalProceedings) -> None:
            p.claims[self.claim.number] = self.claim

    class CompensationClaimDecided(JourneyAggregate.Event):
        """Decided on `decided_on`: `awarded_cents` awarded (0: rejected)."""

        number: int
        decided_on: date
        awarded_cents: int

        def apply(self, p: CriminalProceedings) -> None:
            court.claim_decided(p, self)

    class CompensationPaid(JourneyAggregate.Event):
        number: int
        paid_on: date
        paid_cents: int

        def apply(self, p: CriminalProceedings) -> None:
            court.claim_paid(p, self)

    # --------------------------------------------------------------- commands

    @classmethod
    def open(
        cls,
        case: tuple[UUID, str, UUID],
        role: ProceedingsRole,
        stage: ProceedingsStage,
        stage_on: date | None,
        references: tuple[str | None, str | None, str | None],
        *,
        actor: str,
        at: datetime,
    ) -> CriminalProceedings:
        """Proceedings of the case `(case_id, case_number, beneficiary_id)`, at `stage`
        since `stage_on` (today when not stated); references (police, prosecution, court)
        as far as known."""
        case_id, case_number, beneficiary_id = case
        if not CASE_NUMBER.match(case_number):
            raise InvalidInput("case_number", f"{case_number!r} is not like PVPT-C-2026-0001")
        proceedings: CriminalProceedings = cls._start(
            cls.Opened,
            actor,
            at,
            case_id=case_id,
            case_number=case_number,
            beneficiary_id=beneficiary_id,
            role=role,
            stage=stage,
            stage_on=field_dates.stated("stage_on", stage_on, at),
            **_references(references),
        )
        return proceedings

    def record_references(
        self,
        references: tuple[str | None, str | None, str | None],
        clear: frozenset[str] = frozenset(),
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """References (police, prosecution, court) as known now: each given replaces the
        one recorded; one not given (None) keeps it, unless its name is in `clear`."""
        given = _references(references)
        now = {n: getattr(self, n) for n in REFERENCE_NAMES}
        fields = _merged(now, given, clear)
        if fields == now:
            raise RuleViolated(f"{self.label} has these references already", rule="no_change")
        self._record(self.ReferencesRecorded, actor, at, **fields)

    def advance_stage(
        self, stage: ProceedingsStage, stage_on: date | None, *, actor: str, at: datetime
    ) -> None:
        """Forward only; an appeal follows a verdict."""
        if stage.order <= self.stage.order:
            raise RuleViolated(
                f"{self.label} is at stage {self.stage.value}; {stage.value} is not after it "
                "(correct a mistaken stage with CorrectStage)",
                rule="stage_not_forward",
            )
        if stage is ProceedingsStage.APPEAL and self.stage is not ProceedingsStage.VERDICT:
            raise RuleViolated(
                f"{self.label} has no verdict; an appeal follows a verdict",
                rule="appeal_before_verdict",
            )
        day = self._day("stage_on", stage_on, at, self.stage_on, f"stage {self.stage.value}")
        self._record(self.StageAdvanced, actor, at, stage=stage, stage_on=day)

    def correct_stage(
        self, stage: ProceedingsStage, stage_on: date, reason: str, *, actor: str, at: datetime
    ) -> None:
        reason = checks.text("reason", reason, max_length=2000)
        if stage is self.stage:
            raise RuleViolated(f"{self.label} is at stage {stage.value}", rule="no_change")
        day = field_dates.stated("stage_on", stage_on, at)
        self._record(self.StageCorrected, actor, at, stage=stage, stage_on=day, reason=reason)

    def change_role(
        self, role: ProceedingsRole, changed_on: date | None, *, actor: str, at: datetime
    ) -> None:
        if role is self.role:
            raise RuleViolated(f"{self.label}: the role is {role.value}", rule="no_change")
        day = self._day("changed_on", changed_on, at)
        self._record(self.RoleChanged, actor, at, role=role, changed_on=day)

    def record_cooperation(
        self, choice: Cooperation, decided_on: date | None, *, actor: str, at: datetime
    ) -> None:
        """The beneficiary's choice, as of `decided_on`; it may change at any time and
        never gates assistance."""
        day = self._day("decided_on", decided_on, at)
        self._record(self.CooperationRecorded, actor, at, choice=choice, decided_on=day)

    def record_outcome(
        self, outcome: ProceedingsOutcome, decided_on: date | None, *, actor: str, at: datetime
    ) -> None:
        """A verdict's outcome at stage verdict or appeal; a dismissal at any stage. A
        second outcome only at a later stage (the appeal's)."""
        if outcome in VERDICTS and self.stage.order < ProceedingsStage.VERDICT.order:
            raise RuleViolated(
                f"{self.label} is at stage {self.stage.value}; a {outcome.value} needs a "
                "verdict (advance the stage first)",
                rule="outcome_before_verdict",
            )
        if self.outcome_stage is not None and self.outcome_stage.order >= self.stage.order:
            raise RuleViolated(
                f"{self.label} has an outcome at stage {self.outcome_stage.value} already",
                rule="outcome_recorded",
            )
        day = self._day("decided_on", decided_on, at, self.stage_on, f"stage {self.stage.value}")
        self._record(self.OutcomeRecorded, actor, at, outcome=outcome, decided_on=day)

    def record_representation(
        self, representation: Representation, *, actor: str, at: datetime
    ) -> None:
        """PVPT's lawyer, an organisation (checked against the registry by the workflow)
        or a private lawyer, from `since`."""
        checked = court.checked_representation(representation)
        day = self._day("since", representation.since, at)
        self._record(
            self.RepresentationRecorded, actor, at, representation=replace(checked, since=day)
        )

    # ---------------------------------------------------------------- helpers

    def _day(
        self,
        field: str,
        value: date | None,
        at: datetime,
        not_before: date | None = None,
        what: str = "",
    ) -> date:
        """A field date: not in the future, nor before the proceedings' first stage
        (or `not_before`, the date of `what`)."""
        if not_before is None:
            not_before, what = self.opened_on, "the first stage recorded"
        return field_dates.stated(
            field, value, at, not_before=not_before, depends_on=f"{what} of {self.label}"
        )


def _references(references: tuple[str | None, str | None, str | None]) -> dict[str, str | None]:
    return {
        name: checks.optional_text(name, value, max_length=REFERENCE_LENGTH)
        for name, value in zip(REFERENCE_NAMES, references, strict=True)
    }


def _merged(
    now: dict[str, str | None], given: dict[str, str | None], clear: frozenset[str]
) -> dict[str, str | None]:
    """`now`, with the references given replacing theirs and those in `clear` none."""
    for name in sorted(clear):
        if name not in REFERENCE_NAMES:
            raise InvalidInput("clear", f"{name!r} is not one of {', '.join(REFERENCE_NAMES)}")
        if given[name] is not None:
            raise InvalidInput("clear", f"names {name}, which is given: give it or clear it")
    return {
        name: None if name in clear else given[name] if given[name] is not None else now[name]
        for name in REFERENCE_NAMES
    }
