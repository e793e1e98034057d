"""A case's returns and transfers across a border (domain/return_process.py): each
linked when requested and ended when handed over or cancelled, both saved with the
process. A case closes as repatriated or transferred only when none is still open:
a return closes assistance here only once the receiving organisation took the person
over. So closing as repatriated needs a return of the case handed over (a cancelled
one does not do), and as referred_or_transferred too once the case has any return (a
case without one may be referred on or transferred without crossing a border).

A part of `Case` (domain/case.py), which holds the events these commands record.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain import checks, places
from domain.case_values import IncomingReferral
from domain.errors import InvalidInput, RuleViolated
from domain.vocab import ClosureReason

# the closure reasons a return or transfer gives (domain/vocab.py ClosureReason)
CLOSED_BY_RETURN = frozenset({ClosureReason.REPATRIATED, ClosureReason.REFERRED_OR_TRANSFERRED})


class CaseReturns(Protocol):
    """A Case, as its return commands see it."""

    return_ids: list[UUID]
    open_return_ids: list[UUID]
    handed_over_return_ids: list[UUID]

    @property
    def ReturnRequested(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ReturnEnded(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def label(self) -> str: ...

    def require_open(self, action: str) -> None: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...


class Returns:
    """The return commands of a case."""

    def link_return(self: CaseReturns, return_id: UUID, *, actor: str, at: datetime) -> None:
        """Saved with the new return process: one open at a time."""
        self.require_open("request a return or transfer")
        if self.open_return_ids:
            raise RuleViolated(
                f"{self.label} already has a return in progress ({self.open_return_ids[0]}); "
                "hand it over or cancel it first",
                rule="return_in_progress",
            )
        self._record(self.ReturnRequested, actor, at, return_id=return_id)

    def end_return(
        self: CaseReturns, return_id: UUID, handed_over: bool, *, actor: str, at: datetime
    ) -> None:
        """Saved with the hand-over or the cancellation of the return."""
        if return_id not in self.open_return_ids:
            raise RuleViolated(
                f"{self.label} has no open return {return_id}", rule="no_such_return"
            )
        self._record(self.ReturnEnded, actor, at, return_id=return_id, handed_over=handed_over)

    def check_return_closure(self: CaseReturns, reason: ClosureReason | None) -> None:
        """A closure as repatriated or transferred waits for the hand-over: none open,
        and one handed over (as repatriated always; as transferred once there is a return)."""
        if reason not in CLOSED_BY_RETURN:
            return
        if self.open_return_ids:
            raise RuleViolated(
                f"{self.label} has a return not yet handed over ({self.open_return_ids[0]}); "
                f"it closes as {reason} once the receiving organisation confirms the hand-over",
                rule="return_not_handed_over",
            )
        needs_one = reason is ClosureReason.REPATRIATED or bool(self.return_ids)
        if needs_one and not self.handed_over_return_ids:
            raise RuleViolated(
                f"{self.label} has no return handed over; it closes as {reason} only once "
                "the receiving organisation confirmed the hand-over of a return of it",
                rule="return_not_handed_over",
            )


def ended(case: Any, return_id: UUID, handed_over: bool) -> None:
    """`Case.ReturnEnded`'s apply: no longer open; kept when handed over."""
    case.open_return_ids.remove(return_id)
    if handed_over:
        case.handed_over_return_ids.append(return_id)


def cross_border(referral: IncomingReferral) -> IncomingReferral:
    """A referral from another country's mechanism: the referring country (not XK) and
    the foreign reference, checked; a foreign reference needs the country."""
    country = places.country_code("referral.referring_country", referral.referring_country)
    if country == places.KOSOVO:
        raise InvalidInput("referral.referring_country", "is another country than Kosovo (XK)")
    reference = checks.optional_text(
        "referral.foreign_reference", referral.foreign_reference, max_length=100
    )
    if reference is not None and country is None:
        raise InvalidInput("referral.foreign_reference", "is given with the referring country")
    return replace(referral, referring_country=country, foreign_reference=reference)
