"""`POST /api/v1/audit/verification`: is the stored history intact?

The auditor's check from the console (or any client): the hash chain recomputed over
the whole store and compared with the per-position hashes and the signed checkpoints
in the database (adapters/audit/verification.py). A POST: it computes, costs a pass
over every event, and must never be answered from a cache. `journey audit verify`
checks the stream's copy of the checkpoints as well.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, post
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import HTTPRouteHandler

from adapters.audit.verification import IntegrityCheck, IntegrityReport
from adapters.privacy.accounts import User
from domain.errors import RuleViolated
from services.access import VERIFY_INTEGRITY, allowed


@post(
    "/api/v1/audit/verification",
    sync_to_thread=True,
    tags=["audit"],
    operation_id="verifyIntegrity",
    summary="Verify the history's integrity",
    description="Recomputes the hash chain over every stored event and compares it with "
    "the per-position hashes and the signed checkpoints; `intact` and, when something "
    "differs, the first position where it does. For auditors and admins "
    "(verify:integrity). Refused (409) on a server without a persistent store.",
    status_code=200,
    opt={"problems": ("RuleViolated",)},
)
def verify_integrity(request: Request[User, Any, Any]) -> IntegrityReport:
    role = request.user.role
    if not allowed(role, VERIFY_INTEGRITY):
        raise PermissionDeniedException(f"role {role.value} may not {VERIFY_INTEGRITY}")
    check: IntegrityCheck | None = request.app.state.integrity
    if check is None:
        raise RuleViolated("this server has no hash chain to verify (an in-memory store)")
    return check.run(request.app.state.journey.app.recorder)


def integrity_handlers() -> list[HTTPRouteHandler]:
    return [verify_integrity]
