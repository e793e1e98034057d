"""Justice: criminal proceedings, their hearings and compensation claims
(docs/read-models/justice.md).

Fed by CriminalProceedings events only. `justice_proceedings` keeps one row per
proceedings (stage, role, outcome, cooperation, representation kind, measures in force,
with their days), `justice_hearings` one per hearing, `justice_claims` one per
compensation claim (amounts in euro cents). No personal data: cases by number, no
references at police, prosecution or court, no lawyer's name, no free text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Date, Integer, MetaData, String, Table

from projections.model import Change, ReadModel, physical_name
from projections.rows import RowCache

AGGREGATE = "CriminalProceedings"
Row = dict[str, Any]


def _case_columns() -> list[Column[Any]]:
    return [
        Column("case_id", String(36), nullable=False),
        Column("case_number", String(32), nullable=False),
    ]


class Justice(ReadModel):
    name = "justice"
    aggregate_types = frozenset({AGGREGATE})
    # In the reporting schema (ADR 35): no code, case number, staff name or free text.
    reporting_views = {
        "justice_compensation": (
            "kind",
            "claims",
            "awarded",
            "rejected",
            "paid",
            "claimed_cents",
            "awarded_cents",
            "paid_cents",
        ),
    }

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        proceedings = Table(
            physical_name("justice_proceedings", generation),
            metadata,
            Column("proceedings_id", String(36), primary_key=True),
            *_case_columns(),
            Column("role", String(32), nullable=False),
            Column("stage", String(32), nullable=False),
            Column("stage_on", Date, nullable=False),
            Column("opened_on", Date, nullable=False),
            Column("outcome", String(32)),
            Column("outcome_on", Date),
            Column("cooperation", String(16)),
            Column("cooperation_on", Date),
            Column("representation", String(32)),
            Column("measures_in_force", Integer, nullable=False),
            Column("position", Integer, nullable=False),
        )
        hearings = Table(
            physical_name("justice_hearings", generation),
            metadata,
            Column("proceedings_id", String(36), primary_key=True),
            Column("number", Integer, primary_key=True),
            *_case_columns(),
            Column("scheduled_on", Date, nullable=False),
            Column("court_organisation_id", String(36)),
            Column("status", String(16), nullable=False),
            Column("changed_on", Date),
            Column("adjourned_to", Integer),
            Column("position", Integer, nullable=False),
        )
        claims = Table(
            physical_name("justice_claims", generation),
            metadata,
            Column("proceedings_id", String(36), primary_key=True),
            Column("number", Integer, primary_key=True),
            *_case_columns(),
            Column("kind", String(32), nullable=False),
            Column("status", String(16), nullable=False),
            Column("filed_on", Date, nullable=False),
            Column("claimed_cents", Integer),
            Column("decided_on", Date),
            Column("awarded_cents", Integer),
            Column("paid_on", Date),
            Column("paid_cents", Integer),
            Column("position", Integer, nullable=False),
        )
        return {
            "justice_proceedings": proceedings,
            "justice_hearings": hearings,
            "justice_claims": claims,
        }

    def derived_views(self, dialect: str) -> dict[str, str]:
        return {
            "justice_compensation": (
                "SELECT kind, COUNT(*) AS claims, "
                "SUM(CASE WHEN status IN ('awarded', 'paid') THEN 1 ELSE 0 END) AS awarded, "
                "SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END) AS rejected, "
                "SUM(CASE WHEN status = 'paid' THEN 1 ELSE 0 END) AS paid, "
                "COALESCE(SUM(claimed_cents), 0) AS claimed_cents, "
                "COALESCE(SUM(awarded_cents), 0) AS awarded_cents, "
                "COALESCE(SUM(paid_cents), 0) AS paid_cents "
                "FROM justice_claims GROUP BY kind"
            ),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        caches = {
            "proceedings": RowCache(conn, tables["justice_proceedings"], ("proceedings_id",)),
            "hearings": RowCache(conn, tables["justice_hearings"], ("proceedings_id", "number")),
            "claims": RowCache(conn, tables["justice_claims"], ("proceedings_id", "number")),
        }
        changes = [c for c in batch if c.aggregate_type == AGGREGATE]
        caches["proceedings"].prefetch((str(c.aggregate_id),) for c in changes)
        for change in changes:
            handler = _HANDLERS.get(change.event_type.partition(".")[2])
            if handler is not None:
                handler(caches, change)
        for cache in caches.values():
            cache.flush()


Caches = dict[str, RowCache]


def _proceedings(caches: Caches, change: Change) -> Row:
    row = caches["proceedings"].get((str(change.aggregate_id),))
    if row is None:
        msg = f"{change.event_type} for proceedings {change.aggregate_id} never opened"
        raise LookupError(msg)
    return row


def _update(caches: Caches, change: Change, **values: Any) -> None:
    row = _proceedings(caches, change)
    key = (row["proceedings_id"],)
    caches["proceedings"].put(key, {**row, **values, "position": change.position})


def _opened(caches: Caches, change: Change) -> None:
    f = change.fields
    pid = str(change.aggregate_id)
    caches["proceedings"].put(
        (pid,),
        {
            "proceedings_id": pid,
            "case_id": str(f["case_id"]),
            "case_number": f["case_number"],
            "role": str(f["role"]),
            "stage": str(f["stage"]),
            "stage_on": f["stage_on"],
            "opened_on": f["stage_on"],
            "outcome": None,
            "outcome_on": None,
            "cooperation": None,
            "cooperation_on": None,
            "representation": None,
            "measures_in_force": 0,
            "position": change.position,
        },
    )


def _staged(caches: Caches, change: Change) -> None:
    _update(caches, change, stage=str(change.fields["stage"]), stage_on=change.fields["stage_on"])


def _measure(delta: int) -> Callable[[Caches, Change], None]:
    def handle(caches: Caches, change: Change) -> None:
        count = _proceedings(caches, change)["measures_in_force"] + delta
        _update(caches, change, measures_in_force=count)

    return handle


def _hearing(caches: Caches, change: Change, number: int, values: Row) -> None:
    key = (str(change.aggregate_id), number)
    row = caches["hearings"].get(key)
    if row is None:
        p = _proceedings(caches, change)
        row = {"proceedings_id": key[0], "number": number, **_case_of(p), "adjourned_to": None}
        row |= {"court_organisation_id": None, "changed_on": None}
    caches["hearings"].put(key, {**row, **values, "position": change.position})


def _case_of(row: Row) -> Row:
    return {"case_id": row["case_id"], "case_number": row["case_number"]}


def _scheduled(caches: Caches, change: Change) -> None:
    f = change.fields
    court = f["court_organisation_id"]
    values = {"scheduled_on": f["scheduled_on"], "status": "scheduled"}
    _hearing(
        caches, change, int(f["number"]), values | {"court_organisation_id": court and str(court)}
    )


def _hearing_status(status: str, day: str) -> Callable[[Caches, Change], None]:
    def handle(caches: Caches, change: Change) -> None:
        values = {"status": status, "changed_on": change.fields[day]}
        _hearing(caches, change, int(change.fields["number"]), values)

    return handle


def _adjourned(caches: Caches, change: Change) -> None:
    f = change.fields
    old = caches["hearings"].get((str(change.aggregate_id), int(f["number"])))
    court = None if old is None else old["court_organisation_id"]
    values = {
        "status": "adjourned",
        "changed_on": f["adjourned_on"],
        "adjourned_to": f["new_number"],
    }
    _hearing(caches, change, int(f["number"]), values)
    new = {"scheduled_on": f["new_date"], "status": "scheduled", "court_organisation_id": court}
    _hearing(caches, change, int(f["new_number"]), new)


def _claim(caches: Caches, change: Change, number: int, values: Row) -> None:
    key = (str(change.aggregate_id), number)
    row = caches["claims"].get(key)
    if row is None:
        row = {"proceedings_id": key[0], "number": number, **_case_of(_proceedings(caches, change))}
    caches["claims"].put(key, {**row, **values, "position": change.position})


def _filed(caches: Caches, change: Change) -> None:
    claim = change.fields["claim"]
    values = {
        "kind": str(claim.kind),
        "status": "filed",
        "filed_on": claim.filed_on,
        "claimed_cents": claim.claimed_cents,
        "decided_on": None,
        "awarded_cents": None,
        "paid_on": None,
        "paid_cents": None,
    }
    _claim(caches, change, claim.number, values)


def _decided(caches: Caches, change: Change) -> None:
    f = change.fields
    status = "awarded" if f["awarded_cents"] else "rejected"
    values = {"status": status, "decided_on": f["decided_on"], "awarded_cents": f["awarded_cents"]}
    _claim(caches, change, int(f["number"]), values)


def _paid(caches: Caches, change: Change) -> None:
    """An instalment adds up; the claim is paid once the whole award is."""
    f = change.fields
    number = int(f["number"])
    row = caches["claims"].get((str(change.aggregate_id), number)) or {}
    paid = (row.get("paid_cents") or 0) + f["paid_cents"]
    status = "paid" if paid >= (row.get("awarded_cents") or 0) else "awarded"
    _claim(caches, change, number, {"status": status, "paid_on": f["paid_on"], "paid_cents": paid})


_HANDLERS: dict[str, Callable[[Caches, Change], None]] = {
    "Opened": _opened,
    "StageAdvanced": _staged,
    "StageCorrected": _staged,
    "RoleChanged": lambda c, e: _update(c, e, role=str(e.fields["role"])),
    "CooperationRecorded": lambda c, e: _update(
        c, e, cooperation=str(e.fields["choice"]), cooperation_on=e.fields["decided_on"]
    ),
    "OutcomeRecorded": lambda c, e: _update(
        c, e, outcome=str(e.fields["outcome"]), outcome_on=e.fields["decided_on"]
    ),
    "RepresentationRecorded": lambda c, e: _update(
        c, e, representation=str(e.fields["representation"].kind)
    ),
    "ProtectionMeasureGranted": _measure(1),
    "ProtectionMeasureEnded": _measure(-1),
    "HearingScheduled": _scheduled,
    "HearingHeld": _hearing_status("held", "held_on"),
    "HearingAdjourned": _adjourned,
    "HearingCancelled": _hearing_status("cancelled", "cancelled_on"),
    "CompensationClaimFiled": _filed,
    "CompensationClaimDecided": _decided,
    "CompensationPaid": _paid,
}


def _claim_filed(f: dict[str, Any]) -> str:
    claim = f["claim"]
    amount = "" if claim.claimed_cents is None else f" for {_euro(claim.claimed_cents)}"
    return f"Compensation claim {claim.number} filed ({claim.kind}){amount} on {claim.filed_on}"


def _euro(cents: int) -> str:
    return f"EUR {cents // 100:,}.{cents % 100:02d}"


# The case timeline's sentences for proceedings' events (projections/timeline.py): codes,
# dates and amounts only, never references, lawyers' names or reasons.
JUSTICE_SUMMARIES: dict[str, Callable[[dict[str, Any]], str]] = {
    "Case.ProceedingsOpened": lambda f: (
        f"Criminal proceedings {str(f['proceedings_id'])[:8]} opened"
    ),
    "CriminalProceedings.Opened": lambda f: (
        f"Criminal proceedings at stage {f['stage']} since {f['stage_on']} ({f['role']})"
    ),
    "CriminalProceedings.ReferencesRecorded": lambda _: "Proceedings' references recorded",
    "CriminalProceedings.StageAdvanced": lambda f: f"Proceedings: {f['stage']} on {f['stage_on']}",
    "CriminalProceedings.StageCorrected": lambda f: (
        f"Proceedings' stage corrected to {f['stage']} (since {f['stage_on']})"
    ),
    "CriminalProceedings.RoleChanged": lambda f: f"Role in the proceedings: {f['role']}",
    "CriminalProceedings.CooperationRecorded": lambda f: (
        f"Cooperation with the proceedings: {f['choice']} on {f['decided_on']}"
    ),
    "CriminalProceedings.RepresentationRecorded": lambda f: (
        f"Represented from {f['representation'].since} ({f['representation'].kind})"
    ),
    "CriminalProceedings.ProtectionMeasureGranted": lambda f: (
        f"Protection measure granted: {f['measure']} on {f['granted_on']}"
    ),
    "CriminalProceedings.ProtectionMeasureEnded": lambda f: (
        f"Protection measure ended: {f['measure']} on {f['ended_on']}"
    ),
    "CriminalProceedings.HearingScheduled": lambda f: (
        f"Hearing {f['number']} scheduled for {f['scheduled_on']}"
    ),
    "CriminalProceedings.HearingHeld": lambda f: f"Hearing {f['number']} held on {f['held_on']}",
    "CriminalProceedings.HearingAdjourned": lambda f: (
        f"Hearing {f['number']} adjourned to {f['new_date']} (hearing {f['new_number']})"
    ),
    "CriminalProceedings.HearingCancelled": lambda f: (
        f"Hearing {f['number']} cancelled on {f['cancelled_on']}"
    ),
    "CriminalProceedings.OutcomeRecorded": lambda f: (
        f"Proceedings' outcome: {f['outcome']} on {f['decided_on']}"
    ),
    "CriminalProceedings.CompensationClaimFiled": _claim_filed,
    "CriminalProceedings.CompensationClaimDecided": lambda f: (
        f"Compensation claim {f['number']} decided on {f['decided_on']}: "
        + (_euro(f["awarded_cents"]) + " awarded" if f["awarded_cents"] else "rejected")
    ),
    "CriminalProceedings.CompensationPaid": lambda f: (
        f"Compensation claim {f['number']}: {_euro(f['paid_cents'])} paid on {f['paid_on']}"
    ),
}
