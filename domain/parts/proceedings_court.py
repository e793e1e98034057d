"""Criminal proceedings' hearings, protection measures and compensation claims.

Hearings: scheduled on a day (planned: it may be ahead, up to `HEARING_AHEAD` months),
then held (on its day, not
before), adjourned to a new hearing on a new day, or cancelled; only a scheduled hearing
changes. Protection measures: granted, then ended. Compensation claims: filed, decided
(an amount awarded, 0 for a rejection), then paid (an awarded claim only, at once or in
instalments, never more than awarded; paid once the whole award is). Amounts are
euro cents, whole numbers, never negative.

A part of `CriminalProceedings` (domain/proceedings.py), which holds the events.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain import checks
from domain.checks import field_dates
from domain.errors import InvalidInput, RuleViolated
from domain.justice_vocab import (
    CompensationKind,
    CompensationStatus,
    HearingStatus,
    ProtectionMeasure,
    RepresentationKind,
)
from domain.parts.proceedings_values import (
    CompensationClaim,
    Hearing,
    MeasureInForce,
    Representation,
)

HELD, CANCELLED = HearingStatus.HELD, HearingStatus.CANCELLED
PRIVATE_LAWYER_LENGTH = 200
HEARING_AHEAD = 36  # months: how far ahead a hearing may be set


class ProceedingsState(Protocol):
    """CriminalProceedings, as its court commands see it."""

    opened_on: date
    hearings: dict[int, Hearing]
    measures: dict[ProtectionMeasure, MeasureInForce]
    claims: dict[int, CompensationClaim]

    @property
    def label(self) -> str: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...

    def _day(
        self,
        field: str,
        value: date | None,
        at: datetime,
        not_before: date | None = None,
        what: str = "",
    ) -> date: ...

    @property
    def HearingScheduled(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def HearingHeld(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def HearingAdjourned(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def HearingCancelled(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ProtectionMeasureGranted(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ProtectionMeasureEnded(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def CompensationClaimFiled(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def CompensationClaimDecided(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def CompensationPaid(self) -> type[Any]: ...  # noqa: N802 -- the event class


class Court:
    """The commands on hearings, protection measures and compensation claims."""

    def schedule_hearing(
        self: ProceedingsState,
        scheduled_on: date,
        court_organisation_id: UUID | None,
        *,
        actor: str,
        at: datetime,
    ) -> int:
        """A hearing on `scheduled_on` (planned: ahead, or a past one written up), not
        before the proceedings' first stage."""
        _not_before_opening(self, "scheduled_on", scheduled_on)
        field_dates.not_too_far_ahead("scheduled_on", scheduled_on, at, HEARING_AHEAD)
        number = len(self.hearings) + 1
        self._record(
            self.HearingScheduled,
            actor,
            at,
            number=number,
            scheduled_on=scheduled_on,
            court_organisation_id=court_organisation_id,
        )
        return number

    def hold_hearing(self: ProceedingsState, number: int, *, actor: str, at: datetime) -> None:
        """Held on its day, once that day has come."""
        hearing = _scheduled_hearing(self, number)
        if hearing.scheduled_on > at.date():
            raise RuleViolated(
                f"hearing {number} of {self.label} is set for {hearing.scheduled_on}; it "
                "cannot have been held yet",
                rule="hearing_not_yet",
            )
        self._record(self.HearingHeld, actor, at, number=number, held_on=hearing.scheduled_on)

    def adjourn_hearing(
        self: ProceedingsState,
        number: int,
        new_date: date,
        adjourned_on: date | None,
        *,
        actor: str,
        at: datetime,
    ) -> int:
        """Adjourned on `adjourned_on` (today when not stated) to a new hearing on
        `new_date`, after the day it was adjourned; answers the new hearing's number."""
        _scheduled_hearing(self, number)
        day = self._day("adjourned_on", adjourned_on, at)
        if new_date <= day:
            raise InvalidInput("new_date", f"{new_date} is not after {day}, the adjournment")
        field_dates.not_too_far_ahead("new_date", new_date, at, HEARING_AHEAD)
        new_number = len(self.hearings) + 1
        self._record(
            self.HearingAdjourned,
            actor,
            at,
            number=number,
            adjourned_on=day,
            new_number=new_number,
            new_date=new_date,
        )
        return new_number

    def cancel_hearing(
        self: ProceedingsState,
        number: int,
        reason: str | None,
        cancelled_on: date | None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        _scheduled_hearing(self, number)
        self._record(
            self.HearingCancelled,
            actor,
            at,
            number=number,
            cancelled_on=self._day("cancelled_on", cancelled_on, at),
            reason=checks.optional_text("reason", reason),
        )

    def grant_measure(
        self: ProceedingsState,
        measure: ProtectionMeasure,
        granted_on: date | None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        current = self.measures.get(measure)
        if current is not None and current.ended_on is None:
            raise RuleViolated(
                f"{self.label}: {measure.value} is in force since {current.granted_on}",
                rule="measure_in_force",
            )
        day = self._day("granted_on", granted_on, at)
        self._record(self.ProtectionMeasureGranted, actor, at, measure=measure, granted_on=day)

    def end_measure(
        self: ProceedingsState,
        measure: ProtectionMeasure,
        ended_on: date | None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        current = self.measures.get(measure)
        if current is None or current.ended_on is not None:
            raise RuleViolated(
                f"{self.label}: {measure.value} is not in force", rule="no_such_measure"
            )
        day = self._day("ended_on", ended_on, at, current.granted_on, f"{measure.value} granted")
        self._record(self.ProtectionMeasureEnded, actor, at, measure=measure, ended_on=day)

    def file_claim(
        self: ProceedingsState,
        kind: CompensationKind,
        filed_on: date | None,
        claimed_cents: int | None,
        *,
        actor: str,
        at: datetime,
    ) -> int:
        if claimed_cents is not None:
            checks.positive("claimed_cents", claimed_cents)
        number = len(self.claims) + 1
        day = self._day("filed_on", filed_on, at)
        claim = CompensationClaim(number, kind, day, claimed_cents, CompensationStatus.FILED)
        self._record(self.CompensationClaimFiled, actor, at, claim=claim)
        return number

    def decide_claim(
        self: ProceedingsState,
        number: int,
        awarded_cents: int,
        decided_on: date | None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Awarded `awarded_cents` (0: rejected)."""
        claim = _claim(self, number, CompensationStatus.FILED, "decided", rule="claim_decided")
        if awarded_cents < 0:
            raise InvalidInput("awarded_cents", f"must not be negative, got {awarded_cents}")
        day = self._day("decided_on", decided_on, at, claim.filed_on, f"claim {number} filed")
        self._record(
            self.CompensationClaimDecided,
            actor,
            at,
            number=number,
            decided_on=day,
            awarded_cents=awarded_cents,
        )

    def record_payment(
        self: ProceedingsState,
        number: int,
        paid_cents: int,
        paid_on: date | None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Paid `paid_cents`: the whole award or an instalment of it; never more than
        is awarded and not yet paid."""
        claim = _claim(self, number, CompensationStatus.AWARDED, "paid", rule="claim_not_awarded")
        checks.positive("paid_cents", paid_cents)
        unpaid = (claim.awarded_cents or 0) - (claim.paid_cents or 0)
        if paid_cents > unpaid:
            raise RuleViolated(
                f"compensation claim {number} of {self.label} has {unpaid} cents awarded and "
                f"not yet paid; {paid_cents} is more",
                rule="payment_exceeds_award",
            )
        after, what = claim.paid_on, f"claim {number}'s last instalment"
        if after is None:
            after, what = claim.decided_on or claim.filed_on, f"claim {number} decided"
        day = self._day("paid_on", paid_on, at, after, what)
        self._record(
            self.CompensationPaid, actor, at, number=number, paid_on=day, paid_cents=paid_cents
        )


# ------------------------------------------------------------- for the events


def scheduled(event: Any) -> Hearing:
    return Hearing(
        event.number, event.scheduled_on, event.court_organisation_id, HearingStatus.SCHEDULED
    )


def hearing_changed(p: ProceedingsState, number: int, status: HearingStatus, on: date) -> None:
    p.hearings[number] = replace(p.hearings[number], status=status, changed_on=on)


def adjourned(p: ProceedingsState, event: Any) -> None:
    old = p.hearings[event.number]
    p.hearings[event.number] = replace(
        old,
        status=HearingStatus.ADJOURNED,
        adjourned_to=event.new_number,
        changed_on=event.adjourned_on,
    )
    p.hearings[event.new_number] = Hearing(
        event.new_number, event.new_date, old.court_organisation_id, HearingStatus.SCHEDULED
    )


def claim_decided(p: ProceedingsState, event: Any) -> None:
    status = CompensationStatus.AWARDED if event.awarded_cents else CompensationStatus.REJECTED
    p.claims[event.number] = replace(
        p.claims[event.number],
        status=status,
        decided_on=event.decided_on,
        awarded_cents=event.awarded_cents,
    )


def claim_paid(p: ProceedingsState, event: Any) -> None:
    """An instalment adds up; the claim is paid once the whole award is."""
    claim = p.claims[event.number]
    paid = (claim.paid_cents or 0) + event.paid_cents
    whole = paid >= (claim.awarded_cents or 0)
    status = CompensationStatus.PAID if whole else claim.status
    p.claims[event.number] = replace(claim, status=status, paid_on=event.paid_on, paid_cents=paid)


def checked_representation(r: Representation) -> Representation:
    """Exactly the field its kind names: `lawyer` (a staff user name) for PVPT's lawyer,
    `organisation_id` for an organisation, `private_lawyer` (a name) for a private one."""
    given = {
        RepresentationKind.PVPT_LAWYER: ("lawyer", r.lawyer),
        RepresentationKind.ORGANISATION: ("organisation_id", r.organisation_id),
        RepresentationKind.PRIVATE_LAWYER: ("private_lawyer", r.private_lawyer),
    }
    field, value = given[r.kind]
    if value is None:
        raise InvalidInput(field, f"names the representative of kind {r.kind.value}")
    for kind, (other, value) in given.items():
        if kind is not r.kind and value is not None:
            raise InvalidInput(other, f"is not given for a representation of kind {r.kind.value}")
    if r.lawyer is not None:
        checks.user_name("lawyer", r.lawyer)
    private = checks.optional_text(
        "private_lawyer", r.private_lawyer, max_length=PRIVATE_LAWYER_LENGTH
    )
    if r.kind is RepresentationKind.PRIVATE_LAWYER and private is None:
        raise InvalidInput("private_lawyer", "must not be blank")
    return replace(r, private_lawyer=private)


def _not_before_opening(p: ProceedingsState, field: str, day: date) -> None:
    if day < p.opened_on:
        raise InvalidInput(
            field, f"{day} is before {p.opened_on}, the first stage recorded of {p.label}"
        )


def _scheduled_hearing(p: ProceedingsState, number: int) -> Hearing:
    hearing = p.hearings.get(number)
    if hearing is None:
        raise RuleViolated(f"{p.label} has no hearing {number}", rule="no_such_hearing")
    if hearing.status is not HearingStatus.SCHEDULED:
        raise RuleViolated(
            f"hearing {number} of {p.label} is {hearing.status.value} already",
            rule="hearing_not_scheduled",
        )
    return hearing


def _claim(
    p: ProceedingsState, number: int, status: CompensationStatus, what: str, rule: str
) -> CompensationClaim:
    claim = p.claims.get(number)
    if claim is None:
        raise RuleViolated(f"{p.label} has no compensation claim {number}", rule="no_such_claim")
    if claim.status is not status:
        raise RuleViolated(
            f"compensation claim {number} of {p.label} is {claim.status.value}; it is {what} "
            f"only when {status.value}",
            rule=rule,
        )
    return claim
