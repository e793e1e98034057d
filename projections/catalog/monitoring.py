"""What each component last reported, and the dead letters operators resolve."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from projections.catalog.schema import dead_letters, now, status


def report(engine: Engine, component: str, state: str, **fields: Any) -> None:
    with engine.begin() as conn:
        _write_status(conn, component, state, fields)


def _write_status(conn: Connection, component: str, state: str, fields: dict[str, Any]) -> None:
    values = {"state": state, "updated_at": now(), **fields}
    updated = conn.execute(update(status).where(status.c.component == component).values(**values))
    if updated.rowcount == 0:
        conn.execute(insert(status).values(component=component, **values))


def statuses(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(status)).mappings()
        return {row["component"]: dict(row) for row in rows}


# ------------------------------------------------------------ dead letters


def record_dead_letter(
    engine: Engine, component: str, report_fields: dict[str, Any], **fields: Any
) -> None:
    """An open letter and the component's `failed` status (`report`'s fields), in one
    transaction: no reader sees the letter while the status still says `running`."""
    with engine.begin() as conn:
        conn.execute(insert(dead_letters).values(recorded_at=now(), status="open", **fields))
        _write_status(conn, component, "failed", report_fields)


def unresolved_dead_letter(conn: Connection, name: str) -> dict[str, Any] | None:
    row = (
        conn.execute(
            select(dead_letters)
            .where(
                (dead_letters.c.projection == name)
                & dead_letters.c.status.in_(("open", "retry", "skip"))
            )
            .order_by(dead_letters.c.id)
        )
        .mappings()
        .first()
    )
    return None if row is None else dict(row)


def request_resolution(engine: Engine, name: str, action: str, operator: str) -> dict[str, Any]:
    """An operator asks the worker to `retry` or `skip` the open dead letter."""
    with engine.begin() as conn:
        letter = unresolved_dead_letter(conn, name)
        if letter is None:
            msg = f"projection {name} has no open dead letter"
            raise LookupError(msg)
        conn.execute(
            update(dead_letters)
            .where(dead_letters.c.id == letter["id"])
            .values(status=action, resolved_by=operator, resolved_at=now())
        )
        return {**letter, "status": action}


def close_dead_letter(conn: Connection, letter_id: int, final_status: str) -> None:
    conn.execute(
        update(dead_letters).where(dead_letters.c.id == letter_id).values(status=final_status)
    )
