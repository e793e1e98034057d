"""Why a projection worker could not apply a stream message: a dead letter's reason.

A dead letter's `error` is the project's own words first — one `DeadLetterReason` —
then, after `: `, the detail the failing library or read model gave
(`payload is not valid UTF-8: DecodeError: Invalid UTF-8 encoded string`). Operators,
`journey projections status` and tests read the reason, which only this module
defines; the detail is for whoever fixes the cause and may change with a library's
version.
"""

from __future__ import annotations

from enum import StrEnum

_SEPARATOR = ": "


class DeadLetterReason(StrEnum):
    """What was wrong with the message, decided by the project's own checks."""

    NOT_UTF8 = "payload is not valid UTF-8"
    NOT_JSON = "payload is not JSON"
    TOO_DEEP = "payload is nested too deep"
    NOT_ENVELOPE = "not a valid event envelope"
    UNKNOWN_EVENT_TYPE = "unknown event type"
    BAD_EVENT_DATA = "event data does not fit its type"
    WRONG_SUBJECT = "subject does not name the event's record"
    NOT_APPLIED = "the read model could not apply the event"

    def because(self, detail: str) -> str:
        """The dead letter's text: this reason, then the detail (if any)."""
        return f"{self.value}{_SEPARATOR}{detail}" if detail else self.value


def reason_of(error: str) -> DeadLetterReason | None:
    """The reason a dead letter's text starts with; None for text written otherwise
    (letters recorded before reasons were typed)."""
    for reason in DeadLetterReason:
        if error == reason.value or error.startswith(reason.value + _SEPARATOR):
            return reason
    return None


def describe(error: BaseException) -> str:
    """`ErrorClass: message`, or the class alone when the message is empty."""
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
