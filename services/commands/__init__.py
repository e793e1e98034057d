"""Commands: what staff ask the system to do, as msgspec Structs.

A command is imperative (`AssignCaseworker`) and carries only what the caller
decides. The same Structs are the HTTP request bodies, so a malformed request is
refused field by field before any record is loaded. Who acts and when is not in
the body: the bus adds the authenticated actor and the clock's time.

Every field says what it means, with an example and the limits the domain
enforces (`msgspec.Meta`): the HTTP API's description is built from them, and a
value outside a limit is refused when the body is decoded (422, naming the field)
as the domain would refuse it. Tuples carry no length limit: Litestar 2.25
documents a constrained `tuple[T, ...]` as items of `T` or anything; the domain
refuses an empty one where it must not be (citizenships, exploitation types).

Two kinds:
- `RecordCommand`: decided by one existing record of type `target` (`run`);
- any other `Command`: creates a record or involves several; its workflow is
  in `services.workflows`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar

import msgspec

# The day something happened in the field, as staff state it (docs/domain.md, Field
# dates): optional, today (Kosovo's calendar) when left out, never in the future.
FieldDate = Annotated[
    date | None,
    msgspec.Meta(
        description="The day it happened (Kosovo's calendar), written up later if need "
        "be; today when left out. Not in the future, nor before what it depends on.",
        examples=["2026-03-02"],
    ),
]


def day_of(what: str, *, also: str = "") -> msgspec.Meta:
    """The `msgspec.Meta` of one command's `FieldDate`: the day `what` ("of the
    decision"), its default and limits; `also` adds what else limits it."""
    rest = f", {also}" if also else ""
    return msgspec.Meta(
        description=f"The day {what} (Kosovo's calendar); today when left out. Not in the "
        f"future{rest}."
    )


def free_text(
    description: str, example: str, *, most: int = 2000, optional: bool = False
) -> msgspec.Meta:
    """The `msgspec.Meta` of a text staff write, with the domain's limits: 1 to `most`
    characters, or up to `most` when `optional` (where the domain reads blank as none).
    The description ends by stating them."""
    return msgspec.Meta(
        min_length=None if optional else 1,
        max_length=most,
        description=f"{description} ({'up to' if optional else '1 to'} {most:,} characters).",
        examples=[example],
    )


# A partner organisation's name, as staff write it.
Partner = Annotated[
    str, free_text("The partner organisation, by the name staff use for it", "IOM Kosovo", most=200)
]


class Command(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every command."""


class RecordCommand(Command, frozen=True):
    """A command decided by one existing record of type `target`."""

    target: ClassVar[type[Any]]

    def run(self, record: Any, actor: str, at: datetime) -> None:
        """Ask the record to decide; it records events or raises a DomainError."""
        raise NotImplementedError
