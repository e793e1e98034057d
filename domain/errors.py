"""Typed refusals. Each names the rule that refused and the record concerned.

The HTTP edge maps them: InvalidInput -> 422, RecordNotFound -> 404,
RuleViolated (and its subclasses) -> 409, VersionConflict -> 412.
"""


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
