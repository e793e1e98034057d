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

STREAM_NOT_READ = "stream not checked: the API checks the database's checkpoints only"


class Mismatch(msgspec.Struct, frozen=True):
    first: Annotated[int, Meta(description="first store position where the history differs")]
    last: Annotated[int, Meta(description="last such position (equal to first when exact)")]
    reason: Annotated[str, Meta(description="what does not match")]


class IntegrityReport(msgspec.Struct, frozen=True):
    """Whether the stored history matches its hash chain and signed checkpoints."""

    intact: Annotated[bool, Meta(description="true when nothing differs")]
    events_checked: Annotated[int, Meta(description="events whose chain was recomputed")]
    unchained: Annotated[int, Meta(description="newest events not chained yet (keeper behind)")]
    checkpoints_checked: Annotated[int, Meta(description="signed checkpoints checked")]
    stream_checked: Annotated[bool, Meta(description="the stream's checkpoints compared too")]
    seconds: Annotated[float, Meta(description="how long the verification took")]
    events_per_second: Annotated[int, Meta(description="its speed")]
    first_mismatch: Annotated[Mismatch | None, Meta(description="the first difference")]
    problems: Annotated[list[str], Meta(description="every difference, first first")]
    notes: Annotated[list[str], Meta(description="what was not checked, and why")]


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
        return report_out(report)
