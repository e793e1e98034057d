"""Care services: planned vs delivered vs achieved (docs/read-models/care.md).

Fed by CarePlan events only. `care_plans` maps each care plan to its case;
`care_planned_services` keeps one row per planned service (its kind, HTCDS support
type, status, deliveries attended and missed, outcome). Two views count them: per case
and kind of service (`care_services`), and per kind of service over every case
(`care_services_by_type`). No personal data: cases by number, no free text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table

from domain.vocab import PlannedServiceStatus
from projections.model import Change, ReadModel, physical_name
from projections.rows import RowCache

_COUNTS = (
    "COUNT(*) AS planned, "
    "SUM(CASE WHEN deliveries_attended > 0 THEN 1 ELSE 0 END) AS delivered, "
    "SUM(deliveries_attended) AS deliveries_attended, "
    "SUM(deliveries_missed) AS deliveries_missed, "
    "SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled, "
    "SUM(CASE WHEN outcome = 'achieved' THEN 1 ELSE 0 END) AS achieved, "
    "SUM(CASE WHEN outcome = 'partially_achieved' THEN 1 ELSE 0 END) AS partially_achieved, "
    "SUM(CASE WHEN outcome = 'not_achieved' THEN 1 ELSE 0 END) AS not_achieved"
)


class CareServices(ReadModel):
    name = "care"
    aggregate_types = frozenset({"CarePlan"})
    # In the reporting schema (ADR 35): no code, case number, staff name or free text.
    reporting_views = {
        "care_services": (
            "case_id",
            "service",
            "planned",
            "delivered",
            "deliveries_attended",
            "deliveries_missed",
            "cancelled",
            "achieved",
            "partially_achieved",
            "not_achieved",
        ),
        "care_services_by_type": (
            "service",
            "support_type",
            "planned",
            "delivered",
            "deliveries_attended",
            "deliveries_missed",
            "cancelled",
            "achieved",
            "partially_achieved",
            "not_achieved",
        ),
    }

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        plans = Table(
            physical_name("care_plans", generation),
            metadata,
            Column("care_plan_id", String(36), primary_key=True),
            Column("case_id", String(36), nullable=False),
            Column("case_number", String(32), nullable=False),
        )
        services = Table(
            physical_name("care_planned_services", generation),
            metadata,
            Column("care_plan_id", String(36), primary_key=True),
            Column("number", Integer, primary_key=True),
            Column("case_id", String(36), nullable=False),
            Column("case_number", String(32), nullable=False),
            Column("service", String(32), nullable=False),
            Column("support_type", String(64), nullable=False),
            Column("provider_kind", String(16), nullable=False),
            Column("basis", String(32), nullable=False),
            Column("status", String(16), nullable=False),
            Column("deliveries_attended", Integer, nullable=False),
            Column("deliveries_missed", Integer, nullable=False),
            Column("outcome", String(32)),
            Column("position", Integer, nullable=False),
        )
        return {"care_plans": plans, "care_planned_services": services}

    def derived_views(self, dialect: str) -> dict[str, str]:
        return {
            "care_services": (
                f"SELECT case_id, case_number, service, {_COUNTS} "
                "FROM care_planned_services GROUP BY case_id, case_number, service"
            ),
            "care_services_by_type": (
                f"SELECT service, support_type, {_COUNTS} "
                "FROM care_planned_services GROUP BY service, support_type"
            ),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        plans = RowCache(conn, tables["care_plans"], ("care_plan_id",))
        services = RowCache(conn, tables["care_planned_services"], ("care_plan_id", "number"))
        changes = [c for c in batch if c.aggregate_type == "CarePlan"]
        plans.prefetch((str(c.aggregate_id),) for c in changes)
        services.prefetch(_service_key(c) for c in changes if "number" in c.fields)
        for change in changes:
            _apply(plans, services, change)
        plans.flush()
        services.flush()


def _service_key(change: Change) -> tuple[str, int]:
    return (str(change.aggregate_id), int(change.fields["number"]))


def _apply(plans: RowCache, services: RowCache, change: Change) -> None:
    plan_id, kind = str(change.aggregate_id), change.event_type
    if kind == "CarePlan.Started":
        fields = change.fields
        row = {"case_id": str(fields["case_id"]), "case_number": fields["case_number"]}
        plans.put((plan_id,), {"care_plan_id": plan_id, **row})
    elif kind == "CarePlan.ServicePlanned":
        services.put(_service_key(change), _planned(_plan(plans, plan_id), change))
    elif kind in _SERVICE_CHANGES:
        key = _service_key(change)
        service = services.get(key)
        if service is None:
            msg = f"{kind} for service {key} that was never planned"
            raise LookupError(msg)
        _SERVICE_CHANGES[kind](service, change.fields)
        services.put(key, {**service, "position": change.position})


def _plan(plans: RowCache, plan_id: str) -> dict[str, Any]:
    row = plans.get((plan_id,))
    if row is None:
        msg = f"a service planned in care plan {plan_id} that was never started"
        raise LookupError(msg)
    return row


def _planned(plan: dict[str, Any], change: Change) -> dict[str, Any]:
    fields = change.fields
    return {
        "care_plan_id": plan["care_plan_id"],
        "number": int(fields["number"]),
        "case_id": plan["case_id"],
        "case_number": plan["case_number"],
        "service": str(fields["service"]),
        "support_type": str(fields["support_type"]),
        "provider_kind": str(fields["provider_kind"]),
        "basis": str(fields["basis"]),
        "status": PlannedServiceStatus.PLANNED.value,
        "deliveries_attended": 0,
        "deliveries_missed": 0,
        "outcome": None,
        "position": change.position,
    }


def _delivered(row: dict[str, Any], fields: dict[str, Any]) -> None:
    counter = "deliveries_attended" if fields["attended"] else "deliveries_missed"
    row[counter] += 1


def _outcome(row: dict[str, Any], fields: dict[str, Any]) -> None:
    row["status"] = PlannedServiceStatus.CONCLUDED.value
    row["outcome"] = str(fields["outcome"])


def _cancelled(row: dict[str, Any], _: dict[str, Any]) -> None:
    row["status"] = PlannedServiceStatus.CANCELLED.value


_SERVICE_CHANGES = {
    "CarePlan.ServiceDelivered": _delivered,
    "CarePlan.ServiceOutcomeRecorded": _outcome,
    "CarePlan.ServiceCancelled": _cancelled,
}


# The case timeline's sentences for care-plan events (projections/timeline.py): codes,
# dates and numbers only, never notes, goal texts, reasons or summaries.
CARE_SUMMARIES: dict[str, Callable[[dict[str, Any]], str]] = {
    "CarePlan.Started": lambda _: "Care plan started",
    "CarePlan.NeedsAssessed": lambda f: (
        f"Needs assessed (version {f['version']}) on {f['assessed_on']}, "
        f"reassess by {f['reassess_by']}"
    ),
    "CarePlan.GoalAdded": lambda f: f"Care-plan goal {f['number']} added",
    "CarePlan.ServicePlanned": lambda f: (
        f"Service {f['number']} planned: {f['service']} by {f['provider']} "
        f"({f['basis']}), {f['starts_on']} to {f['due_on']}"
    ),
    "CarePlan.ServiceDelivered": lambda f: (
        f"Service {f['number']} {'delivered' if f['attended'] else 'missed'} on {f['delivered_on']}"
    ),
    "CarePlan.ServiceOutcomeRecorded": lambda f: f"Service {f['number']}: {f['outcome']}",
    "CarePlan.ServiceCancelled": lambda f: (
        f"Service {f['number']} cancelled on {f['cancelled_on']}"
        + (" (services consent withdrawn)" if f["by_withdrawal"] else "")
    ),
    "CarePlan.ReviewScheduled": lambda f: f"Care-plan review due on {f['due_on']}",
    "CarePlan.Reviewed": lambda f: f"Care plan reviewed on {f['reviewed_on']}",
}
