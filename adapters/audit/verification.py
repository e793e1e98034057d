"""A verification's answer, as the API and `journey audit verify --json` give it, and the
check an API process can run on demand (the auditor's "verify integrity" in the
console): the chain recomputed over the whole store and compared with the per-position
hashes and the signed checkpoints in the database (docs/audit.md). The stream's copy of
the checkpoints is checked by `journey audit verify` (it reads NATS); the answer says
when it was not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import msgspec
from eventsourcing.persistence import ApplicationRecorder
from msgspec import Meta
from sqlalchemy import Engine

from adapters.audit.chain_tables import ChainStore
from adapters.audit.signing_key import Verifier
from adapters.audit.verify import Report, verify
from adapters.observability.metrics import CHAIN_VERIFICATIONS

STREAM_NOT_READ = "stream not checked: the API checks the database's checkpoints only"


class Mismatch(msgspec.Struct, frozen=True):
    first: Annotated[
        int, Meta(description="first store position where the history differs", examples=[123])
    ]
    last: Annotated[int, Meta(description="last such position (first when exact)", examples=[123])]
    reason: Annotated[
        str,
        Meta(
            description="what does not match",
            examples=["the stored event differs from the one chained (altered or moved)"],
        ),
    ]


def _field(description: str, example: object) -> Meta:
    return Meta(description=description, examples=[example])


class IntegrityReport(msgspec.Struct, frozen=True):
    """Whether the stored history matches its hash chain and signed checkpoints."""

    intact: Annotated[bool, _field("true when nothing differs", True)]
    events_checked: Annotated[int, _field("events whose chain was recomputed", 17688)]
    unchained: Annotated[int, _field("newest events not chained yet (keeper behind)", 0)]
    checkpoints_checked: Annotated[int, _field("signed checkpoints checked", 18)]
    stream_checked: Annotated[bool, _field("the stream's checkpoints compared too", False)]
    seconds: Annotated[float, _field("how long the verification took", 1.284)]
    events_per_second: Annotated[int, _field("its speed", 13776)]
    first_mismatch: Annotated[Mismatch | None, _field("the first difference", None)]
    problems: Annotated[list[str], _field("every difference, first first", [])]
    notes: Annotated[list[str], _field("what was not checked, and why", [STREAM_NOT_READ])]


def report_out(report: Report) -> IntegrityReport:
    first = report.first_problem
    return IntegrityReport(
        intact=report.intact,
        events_checked=report.events_checked,
        unchained=report.unchained,
        checkpoints_checked=report.checkpoints_checked,
        stream_checked=report.stream_checked,
        seconds=round(report.seconds, 3),
        events_per_second=round(report.events_per_second),
        first_mismatch=None if first is None else Mismatch(first.first, first.last, first.reason),
        problems=[problem.describe() for problem in sorted(report.problems)],
        notes=list(report.notes),
    )


class IntegrityCheck:
    """The verification of the store `engine` holds, with the installation's public keys."""

    def __init__(self, engine: Engine, verifiers: Sequence[Verifier]) -> None:
        self.store = ChainStore(engine)
        self.verifiers = list(verifiers)

    def run(self, recorder: ApplicationRecorder) -> IntegrityReport:
        report = verify(recorder, self.store, self.verifiers, None, stream_checked=False)
        report.notes.append(STREAM_NOT_READ)
        CHAIN_VERIFICATIONS.labels("intact" if report.intact else "broken").inc()
        return report_out(report)
