"""Screening out, and screening again: what happens when screening does not confirm a
possible victim of trafficking.

Not confirming trafficking is not a finding that the person is "not a victim"
(Kosovo SOP for victims of trafficking, 2008: identification is the authorities';
screening decides whether PVPT assists the person as a possible victim). The outcome
says why (another need than trafficking, e.g. domestic violence; too little information
to say; the person declined), and the person is referred on to whoever meets that need
(a partner organisation and its HTCDS org_Type), or the reason none was made is given.
The case closes with a closure reason that says it was screened out; a reflection
period not yet over ends with it, on the day of the screening (case_reflection.py). New information
re-opens screening (`rescreen`): the case returns to stage screening, counted.

The onward referral records where the person was sent on; it shares nothing. Sharing
the case file with a partner is an outgoing referral (ReferOut), which needs the
person's sharing consent and is made before the case closes.

A part of `Case` (domain/case.py), which names these events among its own (stored as
`Case.ScreenedOut` and `Case.Rescreened`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Annotated, Any, Protocol
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.case_values import PendingApproval
from domain.checks import field_dates
from domain.described import Described
from domain.errors import InvalidInput, RuleViolated
from domain.partners import give_organisation
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    OrganisationType,
    OtherNeed,
    ScreeningOutcome,
    Stage,
)

CLOSURE_REASON = {
    ScreeningOutcome.NOT_TRAFFICKING_OTHER_NEED: ClosureReason.SCREENED_OUT_OTHER_NEED,
    ScreeningOutcome.INSUFFICIENT_INFORMATION: ClosureReason.SCREENED_OUT_INSUFFICIENT_INFORMATION,
    ScreeningOutcome.DECLINED: ClosureReason.SCREENED_OUT_DECLINED,
}
SCREENED_OUT = frozenset(CLOSURE_REASON.values())  # given by screening out only


@dataclass(frozen=True)
class OnwardReferral:
    """Where a person screened out was sent on: the partner and its kind."""

    partner: Annotated[
        str, Described("The partner organisation the person was referred to.", "Women's Shelter")
    ]
    partner_type: Annotated[
        OrganisationType | None,
        Described(
            "Kind of organisation (HTCDS org_Type); required without `organisation_id`. "
            "Ignored when `organisation_id` is given: the registry's type is recorded, null "
            "where HTCDS has none that fits (an international organisation, an embassy).",
            "NGO",
        ),
    ]
    organisation_id: Annotated[
        UUID | None,
        Described(
            "The partner's id in the organisations registry. When given, the registry's name "
            "and HTCDS type of that day are recorded in `partner` and `partner_type`, whatever "
            "was sent there (the type null where the registry has none); null for a partner "
            "the registry does not hold, or one recorded before the registry to a name no "
            "registered organisation matched.",
            None,
        ),
    ] = None


@dataclass(frozen=True)
class ScreeningOut:
    """A screening that did not confirm a possible victim, as the case keeps it."""

    outcome: Annotated[
        ScreeningOutcome,
        Described("Why trafficking was not confirmed.", "insufficient_information"),
    ]
    other_need: Annotated[
        OtherNeed | None,
        Described("The need the person has instead (not_trafficking_other_need).", None),
    ]
    onward_referral: Annotated[
        OnwardReferral | None, Described("Where the person was referred on; null if not.", None)
    ]
    screened_on: Annotated[date, Described("The day of the screening.", "2026-03-04")]


class CaseState(Protocol):
    """A Case, as its screening commands and events see it."""

    stage: Stage
    stage_before_closure: Stage | None
    closure_reason: ClosureReason | None
    pending_approvals: dict[ApprovalSubject, PendingApproval]
    screenings_out: list[ScreeningOut]
    rescreen_count: int

    @property
    def ScreenedOut(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def Rescreened(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def label(self) -> str: ...

    @property
    def is_closed(self) -> bool: ...

    def _require_stage(self, stage: Stage, action: str) -> None: ...

    def _screening_day(self, screened_on: date | None, at: datetime) -> date: ...

    def _end_reflection_with_closure(
        self, closed_on: date | None, *, actor: str, at: datetime
    ) -> None: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...


def upcast_snapshot(state: dict[str, Any]) -> None:
    """A case's snapshot taken before screening outcomes lists none (the day of a
    screening out is not in it; replaying the case's events from its start lists it)."""
    state["screenings_out"] = []
    state["rescreen_count"] = 0


class ScreenedOut(JourneyAggregate.Event):
    """Screening did not confirm a possible victim: the case closes (`closure_reason`)."""

    # v2: `screened_on`; v3: the outcome, other need and onward referral;
    # v4: the onward referral's organisation id (domain/partners.py)
    class_version = 4
    rationale: str
    screened_on: date
    outcome: ScreeningOutcome
    other_need: OtherNeed | None
    onward_referral: OnwardReferral | None
    no_referral_reason: str | None
    closure_reason: ClosureReason

    upcast_v1_v2 = field_dates.upcast_to_recorded_day("screened_on")

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        """Before v3 screening out meant "not a victim of trafficking": the outcome that
        says so is not_trafficking_other_need, the need unrecorded (null); the case
        closed as not_a_victim then, and its closure reason stays what it was."""
        state["outcome"] = ScreeningOutcome.NOT_TRAFFICKING_OTHER_NEED.value
        state["other_need"] = None
        state["onward_referral"] = None
        state["no_referral_reason"] = None
        state["closure_reason"] = ClosureReason.NOT_A_VICTIM.value

    @staticmethod
    def upcast_v3_v4(state: dict[str, Any]) -> None:
        if state["onward_referral"] is not None:
            give_organisation(state["onward_referral"], "partner")

    def apply(self, case: CaseState) -> None:
        case.stage_before_closure = case.stage
        case.stage = Stage.CLOSED
        case.closure_reason = self.closure_reason
        case.pending_approvals.clear()  # a closed case has nothing left to approve
        case.screenings_out.append(
            ScreeningOut(self.outcome, self.other_need, self.onward_referral, self.screened_on)
        )


class Rescreened(JourneyAggregate.Event):
    """New information re-opened screening on a screened-out case (`number`: the count)."""

    reason: str
    number: int

    def apply(self, case: CaseState) -> None:
        case.stage = Stage.SCREENING
        case.stage_before_closure = None
        case.closure_reason = None
        case.rescreen_count = self.number


class Screening:
    """The screening-out commands of a case."""

    screenings_out: list[ScreeningOut]
    rescreen_count: int

    def screen_out(
        self: CaseState,
        outcome: ScreeningOutcome,
        rationale: str,
        *,
        other_need: OtherNeed | None = None,
        onward_referral: OnwardReferral | None = None,
        no_referral_reason: str | None = None,
        screened_on: date | None = None,
        actor: str,
        at: datetime,
    ) -> None:
        """Close the case as screened out on `screened_on` (today when not stated)."""
        self._require_stage(Stage.SCREENING, "screen out")
        rationale = checks.text("rationale", rationale, max_length=2000)
        _check_other_need(outcome, other_need)
        referral, why_none = _onward(onward_referral, no_referral_reason)
        day = self._screening_day(screened_on, at)
        self._end_reflection_with_closure(day, actor=actor, at=at)  # closing ends it
        self._record(
            self.ScreenedOut,
            actor,
            at,
            rationale=rationale,
            screened_on=day,
            outcome=outcome,
            other_need=other_need,
            onward_referral=referral,
            no_referral_reason=why_none,
            closure_reason=CLOSURE_REASON[outcome],
        )

    def rescreen(self: CaseState, reason: str, *, actor: str, at: datetime) -> None:
        """Screen a case closed at screening again, on new information."""
        if not self.is_closed or self.stage_before_closure is not Stage.SCREENING:
            raise RuleViolated(
                f"{self.label} was not closed at screening; only a screened-out case is "
                "screened again (reopen a case closed otherwise)",
                rule="not_screened_out",
            )
        reason = checks.text("reason", reason, max_length=2000)
        self._record(self.Rescreened, actor, at, reason=reason, number=self.rescreen_count + 1)


def _check_other_need(outcome: ScreeningOutcome, other_need: OtherNeed | None) -> None:
    needs_it = outcome is ScreeningOutcome.NOT_TRAFFICKING_OTHER_NEED
    if needs_it and other_need is None:
        raise InvalidInput("other_need", f"name the person's other need ({outcome})")
    if not needs_it and other_need is not None:
        raise InvalidInput(
            "other_need", f"only the outcome {ScreeningOutcome.NOT_TRAFFICKING_OTHER_NEED} has one"
        )


def _onward(
    referral: OnwardReferral | None, no_referral_reason: str | None
) -> tuple[OnwardReferral | None, str | None]:
    """The onward referral, or the reason none was made: one of them, never both."""
    why_none = checks.optional_text("no_referral_reason", no_referral_reason)
    if referral is None:
        if why_none is None:
            raise InvalidInput(
                "onward_referral", "refer the person on, or say in no_referral_reason why not"
            )
        return None, why_none
    if why_none is not None:
        raise InvalidInput("no_referral_reason", "is given only when no onward referral is made")
    partner = checks.text("onward_referral.partner", referral.partner)
    if referral.organisation_id is None and referral.partner_type is None:
        raise InvalidInput(
            "onward_referral.partner_type", "name the kind of an unregistered partner"
        )
    return replace(referral, partner=partner), None
