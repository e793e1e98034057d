"""Retention: what was erased under the retention policy, without personal data
(docs/read-models/retention.md; issue 17, section 5).

Fed by RetentionBatch events only. `retention_batches` has one row per batch: who
proposed and who decided it (staff user names), when, how many beneficiaries it named,
how many were erased and how many left out at execution. `retention_erasures` counts the
erased per batch, rule applied and year of the last closure; its views count them by
year of closure (`retention_by_closure_year`) and by rule (`retention_by_rule`). The
helper table `retention_candidates` holds each batch's beneficiaries by id with their
rule and year until the batch is executed (an Executed event names ids only): no code,
no name, nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, Date, Integer, MetaData, String, Table

from domain.local_time import local_date
from projections.model import Change, ReadModel, physical_name
from projections.rows import RowCache

BATCH = "RetentionBatch"


class Retention(ReadModel):
    name = "retention"
    aggregate_types = frozenset({BATCH})
    # In the reporting schema (ADR 35): the erased counted by year and by rule; the
    # batches (staff user names) and the per-person helper stay out.
    reporting_views = {
        "retention_by_closure_year": ("closure_year", "erased"),
        "retention_by_rule": ("rule", "erased"),
    }

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        return {
            "retention_batches": _batches(metadata, physical_name("retention_batches", generation)),
            "retention_erasures": _erasures(
                metadata, physical_name("retention_erasures", generation)
            ),
            "retention_candidates": _candidates(
                metadata, physical_name("retention_candidates", generation)
            ),
        }

    def derived_views(self, dialect: str) -> dict[str, str]:
        return {
            "retention_by_closure_year": (
                "SELECT closure_year, SUM(erased) AS erased FROM retention_erasures "
                "GROUP BY closure_year"
            ),
            "retention_by_rule": (
                "SELECT rule, SUM(erased) AS erased FROM retention_erasures GROUP BY rule"
            ),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        rows = _Rows(conn, tables)
        for change in batch:
            handler = _HANDLERS.get(change.event_type)
            if handler is not None:
                handler(rows, change)
        rows.flush()


def _batches(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("batch_id", String(36), primary_key=True),
        Column("status", String(16), nullable=False),
        Column("proposed_by", String(100), nullable=False),
        Column("proposed_on", Date, nullable=False),
        Column("beneficiaries", Integer, nullable=False),
        Column("decided_by", String(100)),
        Column("decided_on", Date),
        Column("executed_by", String(100)),
        Column("executed_on", Date),
        Column("erased", Integer, nullable=False),
        Column("left_out", Integer, nullable=False),
        Column("position", Integer, nullable=False),
    )


def _erasures(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("batch_id", String(36), primary_key=True),
        Column("rule", String(32), primary_key=True),
        Column("closure_year", Integer),
        Column("year_key", Integer, primary_key=True),  # closure_year, 0 when none
        Column("erased", Integer, nullable=False),
    )


def _candidates(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("batch_id", String(36), primary_key=True),
        Column("beneficiary_id", String(36), primary_key=True),
        Column("rule", String(32), nullable=False),
        Column("closure_year", Integer),
    )


class _Rows:
    def __init__(self, conn: Connection, tables: dict[str, Table]) -> None:
        self.batches = RowCache(conn, tables["retention_batches"], ("batch_id",))
        self.erasures = RowCache(
            conn, tables["retention_erasures"], ("batch_id", "rule", "year_key")
        )
        self.candidates = RowCache(
            conn, tables["retention_candidates"], ("batch_id", "beneficiary_id")
        )

    def batch(self, change: Change) -> dict[str, Any]:
        row = self.batches.get((str(change.aggregate_id),))
        if row is None:
            msg = f"{change.event_type} for retention batch {change.aggregate_id} never proposed"
            raise LookupError(msg)
        return row

    def put_batch(self, row: dict[str, Any], change: Change) -> None:
        self.batches.put((row["batch_id"],), {**row, "position": change.position})

    def flush(self) -> None:
        for cache in (self.batches, self.erasures, self.candidates):
            cache.flush()


def _proposed(rows: _Rows, change: Change) -> None:
    batch_id, candidates = str(change.aggregate_id), change.fields["candidates"]
    for candidate in candidates:
        key = (batch_id, str(candidate.beneficiary_id))
        rows.candidates.put(
            key,
            {
                "batch_id": batch_id,
                "beneficiary_id": key[1],
                "rule": str(candidate.rule),
                "closure_year": candidate.closure_year,
            },
        )
    row = {
        "batch_id": batch_id,
        "status": "proposed",
        "proposed_by": change.actor,
        "proposed_on": local_date(change.at),
        "beneficiaries": len(candidates),
        "decided_by": None,
        "decided_on": None,
        "executed_by": None,
        "executed_on": None,
        "erased": 0,
        "left_out": 0,
    }
    rows.put_batch(row, change)


def _decided(status: str) -> Any:
    def handler(rows: _Rows, change: Change) -> None:
        row = rows.batch(change)
        decision = {"decided_by": change.actor, "decided_on": local_date(change.at)}
        rows.put_batch({**row, "status": status, **decision}, change)

    return handler


def _executed(rows: _Rows, change: Change) -> None:
    row, batch_id = rows.batch(change), str(change.aggregate_id)
    erased, left_out = change.fields["erased"], change.fields["left_out"]
    for beneficiary_id in erased:
        candidate = rows.candidates.get((batch_id, str(beneficiary_id)))
        if candidate is None:
            msg = f"retention batch {batch_id} erased {beneficiary_id}, which it never named"
            raise LookupError(msg)
        year = candidate["closure_year"]
        key = (batch_id, candidate["rule"], year or 0)
        count = rows.erasures.get(key)
        rows.erasures.put(
            key,
            {
                "batch_id": batch_id,
                "rule": candidate["rule"],
                "closure_year": year,
                "year_key": year or 0,
                "erased": (0 if count is None else count["erased"]) + 1,
            },
        )
    execution = {"executed_by": change.actor, "executed_on": local_date(change.at)}
    counts = {"erased": len(erased), "left_out": len(left_out)}
    rows.put_batch({**row, "status": "executed", **execution, **counts}, change)


_HANDLERS = {
    f"{BATCH}.Proposed": _proposed,
    f"{BATCH}.Approved": _decided("approved"),
    f"{BATCH}.Rejected": _decided("rejected"),
    f"{BATCH}.Executed": _executed,
}
