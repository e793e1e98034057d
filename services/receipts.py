"""Command receipts: a command sent with an Idempotency-Key is applied at most once,
even when the process that applied it died before it could answer.

The HTTP layer's key table (adapters/http/idempotency.py) lives in the read
database, written in transactions of its own: a process killed between saving a
command's events and storing its answer left a claim without an answer, and the
retry that took it over applied the command a second time (python -m scripts.chaos
found a note, a risk assessment and an admission stored twice in a 300 s run).

So the key also goes into the event store, in the same transaction as the
command's events: while a receipt is expected (`expecting(receipt_id)`),
`JourneyApp.commit` saves a `CommandReceipt` record, whose id is derived from the
user, the key and the request, beside the command's records. A second commit for
the same receipt either finds it first (`AlreadyApplied`, carrying the first
result's record and version) or conflicts on it like any concurrent write, and
then finds it on the retry. The receipt is the transaction's last event, so the
command's position is the one just before the receipt's (`JourneyApp.result_of`);
a retry answers that position, the same as the first try. A receipt holds no
personal data: the record id, its version and the acting user, as every event does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from uuid import UUID, uuid5

from domain.base import JourneyAggregate

NAMESPACE = UUID("6f1c1f8e-4d59-4f8e-9a55-2a0c3b7d9e10")
_expected: ContextVar[UUID | None] = ContextVar("command_receipt", default=None)


def receipt_id(actor: str, key: str, request_sha256: str) -> UUID:
    """The same user, key and request always name the same receipt."""
    return uuid5(NAMESPACE, f"{actor}\n{key}\n{request_sha256}")


class CommandReceipt(JourneyAggregate):
    """That a keyed command was applied, and its result (the main record's version)."""

    record_id: UUID
    version: int

    class Issued(JourneyAggregate.Created):
        record_id: UUID
        version: int

        def apply(self, receipt: CommandReceipt) -> None:
            receipt.record_id = self.record_id
            receipt.version = self.version

    @classmethod
    def issue(
        cls, receipt: UUID, record_id: UUID, version: int, *, actor: str, at: datetime
    ) -> CommandReceipt:
        issued: CommandReceipt = cls._start(
            cls.Issued, actor, at, id=receipt, record_id=record_id, version=version
        )
        return issued


class AlreadyApplied(Exception):
    """The command of this receipt was applied before: here is what it produced."""

    def __init__(self, receipt: CommandReceipt) -> None:
        super().__init__(f"applied before: {receipt.record_id} version {receipt.version}")
        self.receipt = receipt
        self.record_id = receipt.record_id
        self.version = receipt.version


@contextmanager
def expecting(receipt: UUID) -> Iterator[None]:
    """Commits in this context save (or find) the receipt `receipt`."""
    token = _expected.set(receipt)
    try:
        yield
    finally:
        _expected.reset(token)


def expected_receipt() -> UUID | None:
    return _expected.get()
