"""Returns: returns and transfers across a border, one row each (docs/read-models/returns.md).

Fed by ReturnProcess events only: which way (direction), return or transfer, the
destination country and, for a destination in Kosovo, its district (never the
municipality: the district is the coarser place), the days of the request, the risk
assessment, the planned travel and hand-over and how it ended, the destination's
assessed risk level, how many travel documents are recorded and issued, and the
registered organisations' ids. No personal data: no free text, no foreign reference,
the case by number only. A view counts them per direction, destination country and
status (`returns_by_destination`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Date, Integer, MetaData, String, Table

from domain import places
from domain.return_vocab import ReturnStatus, TravelDocumentStatus
from projections.model import Change, ReadModel, physical_name
from projections.rows import RowCache


class Returns(ReadModel):
    name = "returns"
    aggregate_types = frozenset({"ReturnProcess"})
    # In the reporting schema (ADR 35): no code, case number, staff name or free text.
    reporting_views = {
        "returns_by_destination": (
            "direction",
            "destination_country",
            "status",
            "returns",
        ),
    }

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        returns = Table(
            physical_name("returns", generation),
            metadata,
            Column("return_id", String(36), primary_key=True),
            Column("case_id", String(36), nullable=False, index=True),
            Column("case_number", String(32), nullable=False),
            Column("direction", String(16), nullable=False),
            Column("kind", String(16), nullable=False),
            Column("destination_country", String(2), nullable=False),
            Column("destination_district", String(32)),
            Column("status", String(16), nullable=False),
            Column("requested_on", Date, nullable=False),
            Column("risk_level", String(16)),
            Column("risk_assessed_on", Date),
            Column("documents", Integer, nullable=False),
            Column("documents_issued", Integer, nullable=False),
            Column("escort_organisation_id", String(36)),
            Column("receiving_organisation_id", String(36)),
            Column("planned_on", Date),
            Column("handed_over_on", Date),
            Column("cancelled_on", Date),
            Column("cancel_reason", String(32)),
            Column("position", Integer, nullable=False),
        )
        documents = Table(
            physical_name("return_documents", generation),
            metadata,
            Column("return_id", String(36), primary_key=True),
            Column("document", String(32), primary_key=True),
            Column("status", String(16), nullable=False),
        )
        return {"returns": returns, "return_documents": documents}

    def derived_views(self, dialect: str) -> dict[str, str]:
        return {
            "returns_by_destination": (
                "SELECT direction, destination_country, status, COUNT(*) AS returns "
                "FROM returns GROUP BY direction, destination_country, status"
            ),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        returns = RowCache(conn, tables["returns"], ("return_id",))
        documents = RowCache(conn, tables["return_documents"], ("return_id", "document"))
        changes = [c for c in batch if c.aggregate_type == "ReturnProcess"]
        returns.prefetch((str(c.aggregate_id),) for c in changes)
        documents.prefetch(
            (str(c.aggregate_id), str(c.fields["document"]))
            for c in changes
            if "document" in c.fields
        )
        for change in changes:
            _apply(returns, documents, change)
        returns.flush()
        documents.flush()


def _apply(returns: RowCache, documents: RowCache, change: Change) -> None:
    key, kind = (str(change.aggregate_id),), change.event_type.partition(".")[2]
    if kind == "Requested":
        returns.put(key, _requested(change))
        return
    row = returns.get(key)
    if row is None:
        msg = f"{change.event_type} for return {key[0]} that was never requested"
        raise LookupError(msg)
    if kind == "TravelDocumentRecorded":
        _document(row, documents, change.fields)
    else:
        row.update(_CHANGES.get(kind, lambda _: {})(change.fields))
    returns.put(key, {**row, "position": change.position})


def _requested(change: Change) -> dict[str, Any]:
    fields = change.fields
    municipality = fields["destination_municipality"]
    district = None if municipality is None else places.municipality("m", municipality).district
    return {
        "return_id": str(change.aggregate_id),
        "case_id": str(fields["case_id"]),
        "case_number": fields["case_number"],
        "direction": str(fields["direction"]),
        "kind": str(fields["kind"]),
        "destination_country": fields["destination_country"],
        "destination_district": None if district is None else str(district),
        "status": ReturnStatus.REQUESTED.value,
        "requested_on": fields["requested_on"],
        "risk_level": None,
        "risk_assessed_on": None,
        "documents": 0,
        "documents_issued": 0,
        "escort_organisation_id": None,
        "receiving_organisation_id": None,
        "planned_on": None,
        "handed_over_on": None,
        "cancelled_on": None,
        "cancel_reason": None,
        "position": change.position,
    }


def _document(row: dict[str, Any], documents: RowCache, fields: dict[str, Any]) -> None:
    """Counts each travel document once, unless not needed now, and those issued now."""
    key = (row["return_id"], str(fields["document"]))
    before, status = documents.get(key), str(fields["status"])
    issued, dropped = TravelDocumentStatus.ISSUED.value, TravelDocumentStatus.NOT_NEEDED.value
    row["documents"] += (status != dropped) - (before is not None and before["status"] != dropped)
    row["documents_issued"] += (status == issued) - (
        before is not None and before["status"] == issued
    )
    documents.put(key, {"return_id": key[0], "document": key[1], "status": status})


def _id(value: object) -> str | None:
    return None if value is None else str(value)


_CHANGES = {
    "RiskAssessed": lambda f: {"risk_level": str(f["level"]), "risk_assessed_on": f["assessed_on"]},
    "Planned": lambda f: {
        "escort_organisation_id": _id(f["escort_organisation_id"]),
        "receiving_organisation_id": _id(f["receiving_organisation_id"]),
        "planned_on": f["planned_on"],
    },
    "HandedOver": lambda f: {
        "status": ReturnStatus.HANDED_OVER.value,
        "handed_over_on": f["handed_over_on"],
    },
    "Cancelled": lambda f: {
        "status": ReturnStatus.CANCELLED.value,
        "cancelled_on": f["cancelled_on"],
        "cancel_reason": str(f["reason"]),
    },
}


def _requested_summary(f: dict[str, Any]) -> str:
    place = f["destination_country"]
    return f"{str(f['kind']).capitalize()} to {place} requested on {f['requested_on']} (voluntary)"


# The case timeline's sentences for a return (projections/timeline.py): picklist values,
# dates and countries only; never the risk summary nor the cancellation note.
RETURN_SUMMARIES: dict[str, Callable[[dict[str, Any]], str]] = {
    "ReturnProcess.Requested": _requested_summary,
    "ReturnProcess.RiskAssessed": lambda f: (
        f"Destination risk assessed {f['level']} on {f['assessed_on']}"
    ),
    "ReturnProcess.TravelDocumentRecorded": lambda f: (
        f"Travel document: {f['document']} {f['status']}"
    ),
    "ReturnProcess.Planned": lambda f: f"Travel and hand-over planned for {f['planned_on']}",
    "ReturnProcess.HandedOver": lambda f: f"Handed over on {f['handed_over_on']}",
    "ReturnProcess.Cancelled": lambda f: f"Return cancelled on {f['cancelled_on']}: {f['reason']}",
    "Case.ReturnRequested": lambda f: f"Return {str(f['return_id'])[:8]} requested",
    "Case.ReturnEnded": lambda f: (
        f"Return {str(f['return_id'])[:8]} {'handed over' if f['handed_over'] else 'cancelled'}"
    ),
}
