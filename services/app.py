"""The event-sourced application: one event store for every aggregate.

One store (one ordered log) is what lets a command save several aggregates
atomically — a stay with its facility's bed, a record with its code sequence —
and what the relay follows onto NATS. The command services in this package
share one JourneyApp; `adapters.run.bootstrap` builds it from configuration.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import ApplicationRecorder, EventStore, IntegrityError, Mapper
from eventsourcing.utils import EnvType

from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.day_centre import DayCentreEnrolment
from domain.day_centre_session import DayCentreSession
from domain.errors import ConcurrentWrites, InvalidInput, RecordNotFound, VersionConflict
from domain.facility import Facility
from domain.funding.grant import Grant
from domain.organisation import Organisation
from domain.plan import ReintegrationPlan
from domain.prevention.activity import PreventionActivity
from domain.prevention.campaign import Campaign
from domain.proceedings import CriminalProceedings
from domain.retention.batch import RetentionBatch
from domain.return_process import ReturnProcess
from domain.sequence import CodeSequence
from domain.stay import ShelterStay
from services.positions import event_positions
from services.receipts import AlreadyApplied, CommandReceipt, expected_receipt
from services.records import Records
from services.snapshots import CurrentSnapshots, SnapshotKeys

A = TypeVar("A", bound=Aggregate)
R = TypeVar("R")

MAX_ATTEMPTS = 12
BACKOFF_SECONDS = 0.002
MAX_BACKOFF_SECONDS = 0.1

_KIND_NAMES: dict[type[Any], str] = {
    Beneficiary: "beneficiary",
    Case: "case",
    Facility: "facility",
    ShelterStay: "shelter stay",
    ReintegrationPlan: "reintegration plan",
    CarePlan: "care plan",
    CodeSequence: "code sequence",
    DayCentreEnrolment: "day-centre enrolment",
    DayCentreSession: "session",
    Organisation: "organisation",
    CriminalProceedings: "criminal proceedings",
    ReturnProcess: "return",
    Campaign: "campaign",
    RetentionBatch: "retention batch",
    PreventionActivity: "prevention activity",
    Grant: "grant",
}


@dataclass(frozen=True)
class CommandResult:
    """What a command changed: the record, its new version, the log position."""

    id: UUID
    version: int
    position: int


class KeyShredder(Protocol):
    """Destroys the data keys of records, so their sealed fields can never be read again."""

    def destroy(self, record_ids: Collection[UUID]) -> None: ...

    def close(self) -> None: ...


ShredderFor = Callable[[ApplicationRecorder], KeyShredder]


class JourneyApp(Application[UUID]):
    """The event-sourced application. `mapper`: the codec (eventsourcing builds one from
    `env` when none is given); `shredder`: makes the key shredder of erasures from the
    application's recorder (none: erasure is refused); `snapshot_keys`: tag every
    snapshot and trust only tagged ones (services/snapshots.py; none: untagged)."""

    name = "Journey"
    snapshotting_intervals = {
        Beneficiary: 50,
        Case: 50,
        Facility: 200,
        ShelterStay: 50,
        ReintegrationPlan: 50,
        CarePlan: 50,
        CodeSequence: 100,
        DayCentreEnrolment: 50,
        DayCentreSession: 50,
        Organisation: 200,
        CriminalProceedings: 50,
        ReturnProcess: 50,
        Campaign: 50,
        PreventionActivity: 50,
        Grant: 50,
        RetentionBatch: 50,
    }

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        mapper: Mapper[UUID] | None = None,
        shredder: ShredderFor | None = None,
        snapshot_keys: SnapshotKeys | None = None,
    ) -> None:
        self._given_mapper = mapper
        self._snapshot_keys = snapshot_keys
        super().__init__(env)
        self.shredder = shredder(self.recorder) if shredder is not None else None

    def construct_repository(self) -> Repository[UUID]:
        """eventsourcing's repository, replaying without a per-event Protocol check
        (services/records.py)."""
        plain = super().construct_repository()  # as the library configures it from env
        records = Records(
            event_store=plain.event_store,
            snapshot_store=plain.snapshot_store,
            fastforward=plain.fastforward,
            fastforward_skipping=plain.fastforward_skipping,
            deepcopy_from_cache=plain.deepcopy_from_cache,
        )
        records.cache = plain.cache
        return records

    def construct_snapshot_store(self) -> EventStore[UUID]:
        """Snapshots of the current shape only, tagged (services/snapshots.py)."""
        recorder = self.factory.aggregate_recorder(purpose="snapshots")
        return CurrentSnapshots(self.mapper, recorder, self._snapshot_keys)

    def construct_mapper(self) -> Mapper[UUID]:
        return self._given_mapper or super().construct_mapper()

    def close(self) -> None:
        super().close()
        if self.shredder is not None:
            self.shredder.close()

    def load(self, kind: type[A], record_id: UUID, version: int | None = None) -> A:
        """The record as it is now (or at `version`); RecordNotFound if absent."""
        missing = f"no {_KIND_NAMES.get(kind, kind.__name__)} with id {record_id}"
        try:
            aggregate: object = self.repository.get(record_id, version=version)
        except AggregateNotFoundError:
            raise RecordNotFound(missing) from None
        if not isinstance(aggregate, kind):
            raise RecordNotFound(missing)
        if version is not None and aggregate.version < version:
            msg = f"{getattr(aggregate, 'label', record_id)} has {aggregate.version} versions"
            raise InvalidInput("version", msg)
        return aggregate

    def commit(self, main: Aggregate, *others: Aggregate) -> CommandResult:
        """Save every pending event of `main` and `others` in one transaction, with
        the command's receipt when one is expected (services/receipts.py). The
        position is the command's last event's, never the receipt's."""
        receipts = self._receipts(main)
        recordings = self.save(main, *others, *receipts)
        events = [r for r in recordings if not isinstance(r.domain_event, CommandReceipt.Issued)]
        position = max((r.notification.id for r in events), default=0)
        return CommandResult(main.id, main.version, position)

    def result_of(self, receipt: CommandReceipt) -> CommandResult:
        """What the receipt's command answered: its record, version and position.

        The receipt is saved last in its command's transaction, and a transaction's
        events take consecutive positions (the PostgreSQL recorder locks the table
        for its insert; SQLite and memory have one writer), so the command's last
        event is the one just before the receipt."""
        stored = event_positions(self.recorder, receipt.id)
        return CommandResult(receipt.record_id, receipt.version, stored[1] - 1)

    def applied(self, receipt: UUID) -> CommandReceipt | None:
        """The receipt of a command applied before, if it was."""
        try:
            found: Aggregate = self.repository.get(receipt)
        except AggregateNotFoundError:
            return None
        if not isinstance(found, CommandReceipt):
            msg = f"receipt {receipt} names a {type(found).__name__}, not a receipt"
            raise TypeError(msg)
        return found

    def _receipts(self, main: Aggregate) -> list[CommandReceipt]:
        """[] or the receipt to save; AlreadyApplied if it is in the store already."""
        expected = expected_receipt()
        if expected is None or not main.pending_events:
            return []
        earlier = self.applied(expected)
        if earlier is not None:
            raise AlreadyApplied(earlier)
        last = main.pending_events[-1]
        actor, at = getattr(last, "actor", "system"), last.timestamp
        return [CommandReceipt.issue(expected, main.id, main.version, actor=actor, at=at)]

    def retrying(self, attempt: Callable[[], R]) -> R:
        """Run load-decide-save again when a concurrent writer got there first."""
        for tries in range(1, MAX_ATTEMPTS):
            try:
                return attempt()
            except IntegrityError:
                pause = min(MAX_BACKOFF_SECONDS, BACKOFF_SECONDS * 2**tries)
                time.sleep(random.uniform(0, pause))  # noqa: S311
        try:
            return attempt()
        except IntegrityError as error:
            msg = f"others changed the same records {MAX_ATTEMPTS} times meanwhile; try again"
            raise ConcurrentWrites(msg) from error


def check_version(aggregate: Aggregate, expected: int | None) -> None:
    """Optimistic concurrency requested by the caller (HTTP If-Match)."""
    if expected is not None and aggregate.version != expected:
        msg = (
            f"{getattr(aggregate, 'label', aggregate.id)} is at version {aggregate.version}, "
            f"not {expected}; reload it and try again"
        )
        raise VersionConflict(msg)
