"""Retention of personal data over HTTP (issue 17, section 5; docs/retention.md): a batch
as it stands (`GET /api/v1/retention/batches/{ref}`, for the second administrator's
review) and the report of what was erased under the policy
(`GET /api/v1/retention/report`, read model `retention`, docs/read-models/retention.md).
Those due are in the due list (`GET /api/v1/due?kind=retention_end`); the batch's
commands are POSTs like every command (adapters/http/routes/command_table.py). No
personal data in any answer: codes, years, rules, dates and staff user names."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, Response, get
from litestar.handlers import HTTPRouteHandler
from msgspec import Meta

from adapters.http.routes.lists import require_any
from adapters.http.routes.paging import ReadModelBehind
from adapters.http.routes.record_refs import RetentionBatchRef
from adapters.privacy.accounts import User
from domain.retention.batch import LeftOut, RetentionBatch, RetentionCandidate
from projections.retention import query
from services.access import READ_RETENTION
from services.references import find

TAGS = ["retention"]
_ID = "2b8e4f1a-6c3d-4e5f-9a7b-1c2d3e4f5a6b"
_PERSON = "6a1f0c2e-8b4d-4f6a-9c3e-2d7b5e1a9f40"
_CANDIDATE = {
    "beneficiary_id": _PERSON,
    "beneficiary_code": "PVPT-2019-0004",
    "rule": "after_closure",
    "ends_on": "2025-01-01",
    "closure_year": 2019,
}
_BATCH_ROW = {
    "batch_id": _ID,
    "status": "executed",
    "proposed_by": "driton.hoxha",
    "proposed_on": "2026-11-16",
    "beneficiaries": 7,
    "decided_by": "vjosa.kelmendi",
    "decided_on": "2026-11-17",
    "executed_by": "driton.hoxha",
    "executed_on": "2026-11-18",
    "erased": 6,
    "left_out": 1,
}
_WHO = " Administrators, case managers and auditors."


class BatchView(msgspec.Struct, frozen=True):
    """A retention batch as it stands (domain/retention/batch.py)."""

    id: Annotated[UUID, Meta(description="the batch", examples=[_ID])]
    version: Annotated[int, Meta(ge=1, description="its version; also its ETag", examples=[2])]
    status: Annotated[
        str,
        Meta(description="proposed, approved, rejected or executed", examples=["approved"]),
    ]
    proposed_by: Annotated[str, Meta(description="who proposed it", examples=["driton.hoxha"])]
    decided_by: Annotated[
        str | None,
        Meta(
            description="who approved or rejected it; null until then", examples=["vjosa.kelmendi"]
        ),
    ]
    candidates: Annotated[
        list[RetentionCandidate],
        Meta(
            description="the beneficiaries it names, as the policy judged them when proposed",
            examples=[[_CANDIDATE]],
        ),
    ]
    erased: Annotated[
        list[UUID], Meta(description="those erased when it was executed", examples=[[]])
    ]
    left_out: Annotated[
        list[LeftOut],
        Meta(description="those not erased at execution (no longer due), and why", examples=[[]]),
    ]


def batch_view(batch: RetentionBatch) -> BatchView:
    return BatchView(
        batch.id,
        batch.version,
        batch.status.value,
        batch.proposed_by,
        batch.decided_by,
        list(batch.candidates),
        list(batch.erased),
        list(batch.left_out),
    )


@get(
    "/api/v1/retention/batches/{ref:str}",
    sync_to_thread=True,
    tags=TAGS,
    operation_id="getRetentionBatch",
    summary="A retention batch",
    description="A batch of erasures under the retention policy as it stands: its status, "
    "who proposed and who decided it, the beneficiaries it names (by code, with the rule "
    "that ended their retention, the day it ended and the year of their last closure), "
    "and after execution those erased and those left out with the reason. From the event "
    "store (current)." + _WHO,
)
def get_retention_batch(
    request: Request[User, Any, Any], ref: RetentionBatchRef
) -> Response[BatchView]:
    require_any(request.user, READ_RETENTION)
    batch = find(request.app.state.journey.queries, RetentionBatch, ref)
    return Response(batch_view(batch), headers={"ETag": f'"{batch.version}"'})


class BatchRow(msgspec.Struct, frozen=True):
    """One batch in the report (table `retention_batches`)."""

    batch_id: Annotated[str, Meta(description="the batch", examples=[_ID])]
    status: Annotated[str, Meta(description="its status", examples=["executed"])]
    proposed_by: Annotated[str, Meta(description="who proposed it", examples=["driton.hoxha"])]
    proposed_on: Annotated[date, Meta(description="the day", examples=["2026-11-16"])]
    beneficiaries: Annotated[int, Meta(ge=0, description="how many it named", examples=[6])]
    decided_by: Annotated[
        str | None, Meta(description="who approved or rejected it", examples=["vjosa.kelmendi"])
    ]
    decided_on: Annotated[date | None, Meta(description="the day", examples=["2026-11-17"])]
    executed_by: Annotated[
        str | None, Meta(description="who executed it", examples=["driton.hoxha"])
    ]
    executed_on: Annotated[date | None, Meta(description="the day", examples=["2026-11-18"])]
    erased: Annotated[int, Meta(ge=0, description="how many were erased", examples=[5])]
    left_out: Annotated[
        int, Meta(ge=0, description="how many were left out at execution", examples=[1])
    ]


class ErasedCount(msgspec.Struct, frozen=True):
    """The erased of a batch by rule and year of closure (table `retention_erasures`)."""

    batch_id: Annotated[str, Meta(description="the batch", examples=[_ID])]
    rule: Annotated[
        str, Meta(description="after_closure or after_majority", examples=["after_closure"])
    ]
    closure_year: Annotated[
        int | None, Meta(description="year of the last closure; null if none", examples=[2019])
    ]
    erased: Annotated[int, Meta(ge=0, description="how many", examples=[4])]


class YearCount(msgspec.Struct, frozen=True):
    closure_year: Annotated[
        int | None, Meta(description="year of the last closure", examples=[2019])
    ]
    erased: Annotated[int, Meta(ge=0, description="how many, every batch", examples=[9])]


class RuleCount(msgspec.Struct, frozen=True):
    rule: Annotated[str, Meta(description="the rule applied", examples=["after_majority"])]
    erased: Annotated[int, Meta(ge=0, description="how many, every batch", examples=[2])]


class RetentionReport(msgspec.Struct, frozen=True):
    """What was erased under the retention policy, without personal data."""

    batches: Annotated[
        list[BatchRow], Meta(description="every batch, newest first", examples=[[_BATCH_ROW]])
    ]
    by_batch_rule_year: Annotated[
        list[ErasedCount],
        Meta(
            description="the erased by batch, rule and year of closure",
            examples=[
                [{"batch_id": _ID, "rule": "after_closure", "closure_year": 2019, "erased": 4}]
            ],
        ),
    ]
    by_closure_year: Annotated[
        list[YearCount],
        Meta(
            description="the erased by year of closure",
            examples=[[{"closure_year": 2019, "erased": 4}, {"closure_year": 2020, "erased": 2}]],
        ),
    ]
    by_rule: Annotated[
        list[RuleCount],
        Meta(
            description="the erased by rule applied",
            examples=[
                [{"rule": "after_closure", "erased": 5}, {"rule": "after_majority", "erased": 1}]
            ],
        ),
    ]


@get(
    "/api/v1/retention/report",
    sync_to_thread=True,
    tags=TAGS,
    operation_id="getRetentionReport",
    summary="What was erased under the retention policy",
    description="The report of erasures under the retention policy (read model "
    "`retention`, docs/read-models/retention.md): every batch with who proposed, decided "
    "and executed it and how many it erased and left out, and the erased counted by batch, "
    "rule and year of closure, by year of closure and by rule. No personal data: no code, "
    "no id of a person, no name." + _WHO,
)
def get_retention_report(request: Request[User, Any, Any]) -> RetentionReport:
    require_any(request.user, READ_RETENTION)
    try:
        with request.app.state.read_engine.connect() as conn:
            report = query.report(conn)
    except query.NotBuilt:
        raise ReadModelBehind(query.MODEL, 0, None, built=False) from None
    return msgspec.convert(report, RetentionReport)


def retention_handlers() -> list[HTTPRouteHandler]:
    return [get_retention_batch, get_retention_report]
