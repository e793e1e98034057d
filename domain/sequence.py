"""Pseudonymous codes, numbered without scanning existing records.

One CodeSequence aggregate per (kind, year) issues 1, 2, 3, ... The services save
it together with the new record in one atomic `save`, so two concurrent issues
of the same number conflict on the sequence's version and one of them retries.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from domain.base import JourneyAggregate
from domain.errors import InvalidInput

_NAMESPACE = UUID("6f2b7a52-63c1-4b57-9d6e-3c2a1b0f9e10")

BENEFICIARY_PREFIX = "PVPT"
CASE_PREFIX = "PVPT-C"


def sequence_id(prefix: str, year: int) -> UUID:
    return uuid5(_NAMESPACE, f"sequence:{prefix}:{year}")


def derived_id(name: str) -> UUID:
    """An id derived from a stable name ("organisation:iom-kosovo") in the journey's namespace."""
    return uuid5(_NAMESPACE, name)


def record_id(code: str) -> UUID:
    """The aggregate id of the record that carries `code` (a beneficiary or a case)."""
    return uuid5(_NAMESPACE, f"record:{code}")


class CodeSequence(JourneyAggregate):
    prefix: str
    year: int
    last: int

    def __init__(self) -> None:
        self.last = 0

    class Started(JourneyAggregate.Created):
        prefix: str
        year: int

        def apply(self, sequence: CodeSequence) -> None:
            sequence.prefix = self.prefix
            sequence.year = self.year

    class Issued(JourneyAggregate.Event):
        number: int

        def apply(self, sequence: CodeSequence) -> None:
            sequence.last = self.number

    @property
    def label(self) -> str:
        return f"code sequence {self.prefix}-{self.year}"

    @classmethod
    def start(cls, prefix: str, year: int, *, actor: str, at: datetime) -> CodeSequence:
        if not 2000 <= year <= 9999:
            raise InvalidInput("year", f"{year} is out of range")
        sequence: CodeSequence = cls._start(
            cls.Started, actor, at, id=sequence_id(prefix, year), prefix=prefix, year=year
        )
        return sequence

    def issue(self, *, actor: str, at: datetime) -> str:
        number = self.last + 1
        self._record(self.Issued, actor, at, number=number)
        return f"{self.prefix}-{self.year}-{number:04d}"
