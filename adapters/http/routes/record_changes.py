"""A record shown with its changes: the grant, the prevention campaign and activity."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from eventsourcing.domain import Aggregate
from litestar import Request, Response

from adapters.http.routes.records import log_shown, with_etag
from adapters.privacy.accounts import User
from services.access import Role
from services.history import RecordedEvent, recorded_events

A = TypeVar("A", bound=Aggregate)
V = TypeVar("V")


def with_changes(
    request: Request[User, Any, Any],
    record: A,
    record_type: str,
    render: Callable[[A, Role, list[RecordedEvent]], tuple[V, set[str]]],
) -> Response[V]:
    """`render` reads the record's stored events; the identifying data shown goes to the
    access log, the version is the ETag."""
    events = recorded_events(request.app.state.journey.queries.app, record_type, record.id)
    view, shown = render(record, request.user.role, events)
    log_shown(request, record_type, record.id, shown)
    return with_etag(view, record.version)
