"""Reading the retention report as administrators ask for it (`journey retention report`,
`GET /api/v1/retention/report`): the batches, and the erased counted by batch, year of
closure and rule, from the active generation of the `retention` read model."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import DBAPIError

from projections import catalog
from projections.retention import Retention

MODEL = "retention"


class NotBuilt(LookupError):
    """The retention model has no active generation yet (its worker never ran)."""


def report(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """`batches` (newest first), `by_batch_rule_year`, `by_closure_year`, `by_rule`."""
    tables = Retention().define(_metadata(), _active(conn))
    batches, erasures = tables["retention_batches"], tables["retention_erasures"]
    e = erasures.c

    def rows(query: Any) -> list[dict[str, Any]]:
        return [{str(k): v for k, v in row.items()} for row in conn.execute(query).mappings()]

    batch_columns = [c for c in batches.c if c.name != "position"]
    return {
        "batches": rows(
            select(*batch_columns).order_by(batches.c.proposed_on.desc(), batches.c.batch_id)
        ),
        "by_batch_rule_year": rows(
            select(e.batch_id, e.rule, e.closure_year, e.erased).order_by(
                e.batch_id, e.rule, e.year_key
            )
        ),
        "by_closure_year": rows(
            select(e.closure_year, func.sum(e.erased).label("erased"))
            .group_by(e.closure_year)
            .order_by(e.closure_year)
        ),
        "by_rule": rows(
            select(e.rule, func.sum(e.erased).label("erased")).group_by(e.rule).order_by(e.rule)
        ),
    }


def _metadata() -> Any:
    from sqlalchemy import MetaData  # noqa: PLC0415 -- a throwaway metadata per read

    return MetaData()


def _active(conn: Connection) -> int:
    try:
        active = conn.execute(
            select(catalog.generations.c.active).where(catalog.generations.c.projection == MODEL)
        ).scalar_one_or_none()
    except DBAPIError:  # no catalog yet: no read model was ever built here
        active = None
    if active is None:
        raise NotBuilt(f"read model {MODEL} has not been built yet; start its worker")
    return int(active)
