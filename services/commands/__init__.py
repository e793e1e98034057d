"""Commands: what staff ask the system to do, as msgspec Structs.

A command is imperative (`AssignCaseworker`) and carries only what the caller
decides. The same Structs are the HTTP request bodies, so a malformed request is
refused field by field before any record is loaded. Who acts and when is not in
the body: the bus adds the authenticated actor and the clock's time.

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


class Command(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every command."""


class RecordCommand(Command, frozen=True):
    """A command decided by one existing record of type `target`."""

    target: ClassVar[type[Any]]

    def run(self, record: Any, actor: str, at: datetime) -> None:
        """Ask the record to decide; it records events or raises a DomainError."""
        raise NotImplementedError
