"""Grant: a donor's grant and what is attributed to it (issue 17, section 2; docs/domain.md).

A grant is opened under its reference, which is unique: its id is derived from the
reference (`grant_id`, as an organisation's from its key), so a second grant under the
same reference, however cased, is refused (`already_opened`) and every server agrees
on the id without a lookup. Its terms (donor, title, period, currency, budget lines,
indicators) are revised as a whole with a reason; the history keeps the earlier ones.
Records are attributed to it by number within the grant: each overlaps the grant's
period and counts from a day within it (`attributed_on`), optionally charged to a budget
line, never twice while in force. An attribution ends with a reason on its last day.
A closed grant takes no more attributions or revisions.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.checks import field_dates
from domain.errors import InvalidInput, RuleViolated
from domain.funding import checks as check
from domain.funding.values import AttributedRecord, Attribution, GrantTerms
from domain.sequence import derived_id

MAX_ATTRIBUTIONS = 20_000


def grant_id(reference: str) -> UUID:
    """The id of the grant opened under `reference` (compared without case)."""
    return derived_id(f"grant:{check.reference_key(reference)}")


class Grant(JourneyAggregate):
    reference: str
    terms: GrantTerms
    closed_on: date | None
    attributions: list[Attribution]

    def __init__(self) -> None:
        self.closed_on = None
        self.attributions = []

    @property
    def label(self) -> str:
        return f"grant {self.reference}"

    @property
    def period(self) -> str:
        return f"{self.terms.starts_on.isoformat()} to {self.terms.ends_on.isoformat()}"

    def attribution(self, number: int) -> Attribution | None:
        return next((a for a in self.attributions if a.number == number), None)

    def in_force(self, record: AttributedRecord) -> Attribution | None:
        """The attribution of `record` not yet ended, if any."""
        key = (record.kind, record.record_id, record.service_number)
        return next(
            (a for a in self.attributions if a.record_key == key and a.ended_on is None), None
        )

    @staticmethod
    def require_new_reference(existing: Grant | None) -> None:
        """Refuse (rule already_opened) a reference a grant is opened under."""
        if existing is not None:
            raise RuleViolated(
                f"reference: {existing.label} is already opened ({existing.terms.title})",
                rule="already_opened",
            )

    def _require_open(self, doing: str) -> None:
        if self.closed_on is not None:
            raise RuleViolated(
                f"{self.label} was closed on {self.closed_on.isoformat()}; cannot {doing}",
                rule="grant_closed",
            )

    def _require_within(self, field: str, day: date) -> None:
        if not self.terms.starts_on <= day <= self.terms.ends_on:
            raise RuleViolated(
                f"{field}: {day.isoformat()} is outside {self.label}, {self.period}",
                rule="outside_grant",
            )

    # ----------------------------------------------------------------- events

    class Opened(JourneyAggregate.Created):
        reference: str
        terms: GrantTerms

        def apply(self, grant: Grant) -> None:
            grant.reference = self.reference
            grant.terms = self.terms

    class Revised(JourneyAggregate.Event):
        terms: GrantTerms
        reason: str

        def apply(self, grant: Grant) -> None:
            grant.terms = self.terms

    class Closed(JourneyAggregate.Event):
        closed_on: date

        def apply(self, grant: Grant) -> None:
            grant.closed_on = self.closed_on

    class Attributed(JourneyAggregate.Event):
        attribution: Attribution

        def apply(self, grant: Grant) -> None:
            grant.attributions = [*grant.attributions, self.attribution]

    class AttributionEnded(JourneyAggregate.Event):
        number: int
        ended_on: date
        reason: str

        def apply(self, grant: Grant) -> None:
            grant.attributions = [
                replace(a, ended_on=self.ended_on) if a.number == self.number else a
                for a in grant.attributions
            ]

    # --------------------------------------------------------------- commands

    @classmethod
    def open(cls, reference: str, terms: GrantTerms, *, actor: str, at: datetime) -> Grant:
        """Open a grant; `terms.donor.name` is the registry's name for a registered donor
        (the workflow fills it in)."""
        reference = check.reference(reference)
        grant: Grant = cls._start(
            cls.Opened,
            actor,
            at,
            id=grant_id(reference),
            reference=reference,
            terms=check.terms(terms),
        )
        return grant

    def revise(self, terms: GrantTerms, reason: str, *, actor: str, at: datetime) -> None:
        """Replace the terms. Budget lines that attributions in force are charged to stay,
        and every attribution's first day stays within the period."""
        self._require_open("revise it")
        terms = check.terms(terms)
        if terms == self.terms:
            raise RuleViolated(f"{self.label} already has these terms", rule="no_change")
        codes = {line.code for line in terms.budget_lines}
        for a in self.attributions:
            if a.ended_on is None and a.budget_line is not None and a.budget_line not in codes:
                raise RuleViolated(
                    f"terms.budget_lines: attribution {a.number} is charged to budget line "
                    f"{a.budget_line!r}; end it before the line is removed",
                    rule="budget_line_in_use",
                )
            if not terms.starts_on <= a.attributed_on <= terms.ends_on:
                raise RuleViolated(
                    f"terms: attribution {a.number} counts from {a.attributed_on.isoformat()}, "
                    "outside the new period",
                    rule="outside_grant",
                )
        reason = checks.text("reason", reason, max_length=2000)
        self._record(self.Revised, actor, at, terms=terms, reason=reason)

    def close(self, closed_on: date | None, *, actor: str, at: datetime) -> None:
        """Close the grant on `closed_on` (today when not stated; not in the future, not
        before the grant's first day)."""
        self._require_open("close it again")
        day = field_dates.stated(
            "closed_on", closed_on, at, not_before=self.terms.starts_on, depends_on=self.label
        )
        self._record(self.Closed, actor, at, closed_on=day)

    def attribute(
        self,
        record: AttributedRecord,
        budget_line: str | None,
        attributed_on: date | None,
        *,
        actor: str,
        at: datetime,
    ) -> Attribution:
        """Attribute `record` (which overlaps the grant's period) from `attributed_on`: by
        default the later of the grant's first day and the record's."""
        self._require_open("attribute to it")
        self._require_overlap(record)
        if (existing := self.in_force(record)) is not None:
            raise RuleViolated(
                f"{record.label} is already attributed to {self.label} "
                f"(attribution {existing.number})",
                rule="already_attributed",
            )
        if budget_line is not None and self.terms.budget_line(budget_line.strip()) is None:
            codes = ", ".join(line.code for line in self.terms.budget_lines) or "none"
            raise InvalidInput(
                "budget_line", f"{self.label} has no budget line {budget_line!r} (it has {codes})"
            )
        day = attributed_on or max(self.terms.starts_on, record.starts_on)
        self._require_within("attributed_on", day)
        if day < record.starts_on:
            raise InvalidInput(
                "attributed_on", f"{day} is before {record.label} began, {record.starts_on}"
            )
        if record.ends_on is not None and day > record.ends_on:
            raise InvalidInput(
                "attributed_on", f"{day} is after {record.label} ended, {record.ends_on}"
            )
        if len(self.attributions) >= MAX_ATTRIBUTIONS:
            raise RuleViolated(
                f"{self.label} has {MAX_ATTRIBUTIONS:,} attributions", rule="too_many_attributions"
            )
        attribution = Attribution(
            number=len(self.attributions) + 1,
            record_kind=record.kind,
            record_id=record.record_id,
            attributed_on=day,
            service_number=record.service_number,
            case_id=record.case_id,
            person_id=record.person_id,
            budget_line=None if budget_line is None else budget_line.strip(),
        )
        self._record(self.Attributed, actor, at, attribution=attribution)
        return attribution

    def _require_overlap(self, record: AttributedRecord) -> None:
        ends = record.ends_on
        if record.starts_on > self.terms.ends_on or (
            ends is not None and ends < self.terms.starts_on
        ):
            ran = f"{record.starts_on.isoformat()} to {ends.isoformat() if ends else 'now'}"
            raise RuleViolated(
                f"{record.label} ({ran}) does not overlap {self.label}, {self.period}",
                rule="outside_grant",
            )

    def end_attribution(
        self, number: int, ended_on: date, reason: str, *, actor: str, at: datetime
    ) -> None:
        """End attribution `number` on its last day, `ended_on` (from its first day to the
        grant's last)."""
        self._require_open("end an attribution")
        attribution = self.attribution(number)
        if attribution is None:
            raise RuleViolated(
                f"number: {self.label} has no attribution {number}", rule="unknown_attribution"
            )
        if attribution.ended_on is not None:
            raise RuleViolated(
                f"attribution {number} of {self.label} ended on {attribution.ended_on}",
                rule="attribution_ended",
            )
        self._require_within("ended_on", ended_on)
        if ended_on < attribution.attributed_on:
            raise InvalidInput(
                "ended_on",
                f"{ended_on} is before the attribution's first day, {attribution.attributed_on}",
            )
        reason = checks.text("reason", reason, max_length=2000)
        self._record(
            self.AttributionEnded, actor, at, number=number, ended_on=ended_on, reason=reason
        )
