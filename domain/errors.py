"""Typed refusals. Each names the rule that refused and the record concerned.

The HTTP edge answers each class as a problem type of its own
(adapters/http/problem_types.py, docs/problems.md): InvalidInput -> 422,
RecordNotFound -> 404, RuleViolated (and its subclasses) -> 409,
VersionConflict -> 412. A field date
(docs/domain.md, Field dates) in the future, before what it depends on or outside
its window is an InvalidInput naming the field and the dates (422).
"""

from datetime import date


class DomainError(Exception):
    """Base of every expected business refusal."""

    rule: str = "domain_error"

    def __init__(self, message: str, *, rule: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if rule is not None:
            self.rule = rule


class InvalidInput(DomainError):
    """A value is malformed or out of range; the message names the field."""

    rule = "invalid_input"

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


class RecordNotFound(DomainError):
    rule = "not_found"


class RuleViolated(DomainError):
    """A command is well formed but the record's state forbids it."""

    rule = "rule_violated"


class ConsentRequired(RuleViolated):
    rule = "consent_required"


class CapacityExceeded(RuleViolated):
    rule = "capacity_exceeded"


class ConcurrentWrites(RuleViolated):
    """Others kept changing the record while this command was decided; try again."""

    rule = "concurrent_writes"


class VersionConflict(DomainError):
    """The caller expected another version of the record (optimistic concurrency)."""

    rule = "version_conflict"


class DateInFuture(InvalidInput):
    """A date stated for something that happened in the field is after today."""

    rule = "date_in_future"

    def __init__(self, field: str, stated: date, today: date) -> None:
        super().__init__(field, f"{stated.isoformat()} is in the future (today is {today})")
        self.stated = stated
        self.today = today


class DateTooEarly(InvalidInput):
    """A stated date is before the date of what it depends on (an admission, a completion)."""

    rule = "date_too_early"

    def __init__(self, field: str, stated: date, earliest: date, depends_on: str) -> None:
        super().__init__(field, f"{stated.isoformat()} is before {depends_on} on {earliest}")
        self.stated = stated
        self.earliest = earliest
        self.depends_on = depends_on


class DateOutsideWindow(InvalidInput):
    """A stated date falls outside the window it must fall in (a follow-up's)."""

    rule = "date_outside_window"

    def __init__(self, field: str, stated: date, window: tuple[date, date], what: str) -> None:
        start, end = window
        super().__init__(field, f"{stated.isoformat()} is outside {what}, {start} to {end}")
        self.stated = stated
        self.window = window


# --- documents (issue 14, section 7): refused by services/documents.py ------------------


class DocumentTooLarge(DomainError):
    """413: larger than the document size limit."""

    rule = "document_too_large"


class UnsupportedMediaType(DomainError):
    """415: the content is not of a kind accepted as a document."""

    rule = "unsupported_media_type"


class DocumentErased(DomainError):
    """410: the record's keys were destroyed (erasure): the content can never be read."""

    rule = "document_erased"


class DocumentGone(DomainError):
    """410: the document was removed; its content was deleted."""

    rule = "document_removed"
