"""Best-interests assessments of a child, recorded on the case before a key decision
(placement in a shelter, return to the family or the country of origin, other).

The rule (`require_best_interests`): a key decision about a child — a person under 18
on the day of the decision — needs a best-interests assessment for that decision made
on or before that day. Admission to a shelter is a placement (services/workflows.py);
the return flow calls it with `return`. Sources: UNHCR Best Interests Procedure
Guidelines (2021); the Kosovo SOP for victims of trafficking (a child's case is
assessed with the Centre for Social Work before placement or return); Council of
Europe Convention on Action against Trafficking in Human Beings, art. 10 and 16(7)
(no return of a child if it is not in the child's best interests).

Who took part is named by role, at least one; a child who took part was heard:
`child_heard` false with `child` among the participants is refused (naming
`child_heard`), as the record would contradict itself. A child heard without taking
part in the meeting (heard before it, by the caseworker) is allowed.

A part of `Case` (domain/case.py), which holds the event these commands record.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from domain import checks
from domain.case_values import IncomingReferral
from domain.checks import field_dates
from domain.checks.person import unique
from domain.children import BestInterestsAssessment
from domain.errors import InvalidInput, RuleViolated
from domain.vocab import BestInterestsDecision, BestInterestsParticipant


class Child(Protocol):
    """The beneficiary, as the rule asks it: a minor on a day?"""

    @property
    def label(self) -> str: ...

    def is_minor_on(self, day: date) -> bool: ...


class BestInterestsState(Protocol):
    """A Case, as its best-interests commands see it."""

    referral: IncomingReferral
    best_interests: list[BestInterestsAssessment]

    @property
    def BestInterestsAssessed(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def label(self) -> str: ...

    def require_open(self, action: str) -> None: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...


def assessment_of(event: Any) -> BestInterestsAssessment:
    """The assessment a `Case.BestInterestsAssessed` event records."""
    return BestInterestsAssessment(
        event.number,
        event.decision,
        event.assessed_on,
        event.recommendation,
        event.child_heard,
        event.participants,
        event.actor,
    )


class BestInterests:
    """Recording a child's best-interests assessment, and the rule that needs one."""

    def assess_best_interests(
        self: BestInterestsState,
        child: Child,
        decision: BestInterestsDecision,
        recommendation: str,
        *,
        child_heard: bool,
        participants: tuple[BestInterestsParticipant, ...],
        assessed_on: date | None = None,
        actor: str,
        at: datetime,
    ) -> int:
        """Assessed on `assessed_on` (today when not stated, not before the referral), while
        the beneficiary is a child; returns the assessment's number."""
        self.require_open("assess the child's best interests")
        day = field_dates.stated(
            "assessed_on",
            assessed_on,
            at,
            not_before=self.referral.referred_on,
            depends_on=f"the referral of {self.label}",
        )
        if not child.is_minor_on(day):
            raise RuleViolated(
                f"{child.label} is not a minor on {day}; a best-interests assessment is of a "
                f"child ({self.label})",
                rule="not_a_minor",
            )
        _check_participants(participants, child_heard)
        number = len(self.best_interests) + 1
        self._record(
            self.BestInterestsAssessed,
            actor,
            at,
            number=number,
            decision=decision,
            assessed_on=day,
            recommendation=checks.text("recommendation", recommendation, max_length=5000),
            child_heard=child_heard,
            participants=unique(participants),
        )
        return number

    def best_interests_assessed_for(
        self: BestInterestsState, decision: BestInterestsDecision, on: date
    ) -> BestInterestsAssessment | None:
        """The latest assessment for `decision` made on or before `on`, if any."""
        made = [a for a in self.best_interests if a.decision is decision and a.assessed_on <= on]
        return made[-1] if made else None

    def require_best_interests(
        self: BestInterestsState, decision: BestInterestsDecision, child: Child, on: date
    ) -> None:
        """Refuse a key decision on `on` about a child without an assessment for it made
        on or before that day (an adult's decision needs none)."""
        if not child.is_minor_on(on):
            return
        if BestInterests.best_interests_assessed_for(self, decision, on) is None:
            raise RuleViolated(
                f"{child.label} is a child on {on}; {self.label} needs a best-interests "
                f"assessment for {decision.value} made by then",
                rule="best_interests_required",
            )


def _check_participants(
    participants: tuple[BestInterestsParticipant, ...], child_heard: bool
) -> None:
    """At least one participant; the child among them was heard (module docstring)."""
    if not participants:
        raise InvalidInput("participants", "name who took part, by role (at least one)")
    if not child_heard and BestInterestsParticipant.CHILD in participants:
        raise InvalidInput(
            "child_heard", "the child took part (participants), so the child was heard: true"
        )
