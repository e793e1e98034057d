"""`POST /api/v1/prevention/attendance-sheets`: an attendance sheet, all or nothing.

The same import as `journey prevention import` (services/prevention_import.py,
docs/prevention.md "Attendance sheets"): one activity a line; every bad line is
answered (`errors`: line, column, reason) and nothing is recorded; a sheet imported
before is refused (409). The sheet travels as text in a JSON body, so its size is
bounded by the API's body limit like any command's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, post
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from litestar.params import JSONBody
from msgspec import Meta

from adapters.http.problem_types import PROBLEM_TYPES, refusal
from adapters.http.problems import problem
from adapters.privacy.accounts import User
from services.access import allowed
from services.prevention_import import SheetRejected, import_sheet

RECORD = "RecordActivity"  # the sheet's lines are RecordActivity commands
refusal("SheetRejected")(SheetRejected)  # a service's exception: answered by sheet_rejected


class AttendanceSheet(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An attendance sheet saved as CSV (UTF-8), with its file name for messages."""

    name: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=200,
            description="the file's name, as the errors name it",
            examples=["school-sessions-2026-05.csv"],
        ),
    ]
    csv: Annotated[
        str,
        Meta(
            min_length=1,
            description="the sheet: the header line of `journey prevention template`, then "
            "one activity a line",
            examples=["type,title,held_on,…\nschool_session,Safe online: grade 8,2026-05-12,…"],
        ),
    ]


class SheetImported(msgspec.Struct, frozen=True):
    activities: Annotated[int, Meta(description="activities recorded", examples=[12])]
    people: Annotated[int, Meta(description="people met in person, summed", examples=[310])]
    position: Annotated[
        int, Meta(description="the store position of the last one", examples=[48211])
    ]
    sha256: Annotated[
        str,
        Meta(
            description="the sheet's digest: the same sheet is refused",
            examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
        ),
    ]


class SheetLineError(msgspec.Struct, frozen=True):
    """One bad line of a refused sheet (in the problem's `errors`)."""

    line: int  # the line of the file (the header is line 1)
    column: str  # the column, or `line` for the line as a whole
    reason: str


@post(
    "/api/v1/prevention/attendance-sheets",
    sync_to_thread=True,
    tags=["prevention"],
    operation_id="importAttendanceSheet",
    summary="Record the activities of an attendance sheet",
    description="Every line an activity (RecordActivity), all or nothing: a sheet with bad "
    "lines is refused with each of them in `errors` (line, column, reason) and nothing is "
    "recorded; a sheet imported before is refused. For the roles that record prevention "
    "work (prevention officers).",
    status_code=201,
    opt={"problems": ("SheetRejected", "RuleViolated", "StoreUnavailable")},
)
def import_attendance_sheet(
    request: Request[User, Any, Any], data: JSONBody[AttendanceSheet]
) -> SheetImported:
    user = request.user
    if not allowed(user.role, RECORD):
        raise PermissionDeniedException(f"role {user.role.value} may not {RECORD}")
    journey = request.app.state.journey
    content = data.csv.encode()
    done = import_sheet(journey.app, content, name=data.name, actor=user.name, at=journey.bus.now())
    return SheetImported(done.activities, done.people, done.position, done.sha256)


def sheet_rejected(_: Request[Any, Any, Any], rejected: SheetRejected) -> Response[dict[str, Any]]:
    """Every bad line in `errors`; nothing was recorded."""
    errors = [SheetLineError(e.line, e.field, e.reason) for e in rejected.errors]
    detail = f"{rejected.name}: {len(errors)} bad line(s); nothing was recorded"
    return problem(PROBLEM_TYPES["SheetRejected"], detail, errors=msgspec.to_builtins(errors))


def prevention_sheet_handlers() -> list[HTTPRouteHandler]:
    return [import_attendance_sheet]


HANDLERS: dict[int | type[Exception], Callable[[Request[Any, Any, Any], Any], Response[Any]]] = {
    SheetRejected: sheet_rejected
}
