"""What an auditor's history export shows, event by event, per role.

Shared by the HTTP routes (adapters/http/routes/history.py) and `journey audit replay`
(adapters/cli/replay.py). Each event goes through the one disclosure policy
(services/disclosure.py over domain/classification.py), as every other read path
does: personal data, free texts and notes the role may not see are replaced by
stand-ins and named in `withheld` with the reason. Auditors see who did what and
when, not what was said. The identifying data a history export showed is written
to the access log, as current reads are.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import Meta

from adapters.audit.access_log import AccessEntry, AccessLog, AccessRecord, access_record
from domain.case import Case
from domain.values import PersonalData
from services.access import Role
from services.disclosure import PERSONAL_SHOWN, disclose_fields
from services.history import RecordedEvent

ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp", "actor"})
PERSONAL = PERSONAL_SHOWN  # personal data or a guardian shown: logged as PERSONAL_FIELDS
PERSONAL_FIELDS = [f.name for f in dataclasses.fields(PersonalData)] + ["guardian"]
ACCESS_PAGE = 500


class HistoryEvent(msgspec.Struct, frozen=True):
    """One event of a case's history, as the caller may see it."""

    record_type: Annotated[
        str,
        Meta(
            description="the kind of record the event belongs to: case, beneficiary, stay, "
            "plan, enrolment (day centre), care_plan, proceedings (criminal proceedings) "
            "or return",
            examples=["case"],
        ),
    ]
    record_id: Annotated[
        UUID,
        Meta(
            description="the id of the record the event belongs to",
            examples=["0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"],
        ),
    ]
    version: Annotated[
        int, Meta(ge=1, description="the record's version after this event", examples=[3])
    ]
    position: Annotated[
        int,
        Meta(
            ge=1,
            description="the event's position in the store's log (a command answers its last "
            "event's)",
            examples=[1042],
        ),
    ]
    event_type: Annotated[
        str, Meta(description="what happened: record type and event", examples=["Case.NoteAdded"])
    ]
    actor: Annotated[
        str, Meta(description="the staff user whose command it was", examples=["arta.manager"])
    ]
    occurred_at: Annotated[
        datetime,
        Meta(description="when the command was decided (UTC)", examples=["2026-03-09T10:15:00Z"]),
    ]
    recorded_at: Annotated[
        datetime | None,
        Meta(
            description="when the store received it (UTC); null for events stored before "
            "the store stamped them",
            examples=["2026-03-09T10:15:00Z"],
        ),
    ]
    data: Annotated[
        dict[str, Any],
        Meta(
            description="the event's fields, with what the role may not see replaced by stand-ins",
            examples=[{"category": "legal", "text": "[withheld]"}],
        ),
    ]
    withheld: Annotated[
        dict[str, str],
        Meta(
            description="path in `data` -> why it is withheld from this role",
            examples=[{"text": "free text of a legal note: not for this role"}],
        ),
    ]


_EVENT_EXAMPLE = {
    "record_type": "case",
    "record_id": "5d2f0c7e-8a41-4f4e-9c1a-2b7d3e6f8a90",
    "version": 3,
    "position": 1042,
    "event_type": "Case.NoteAdded",
    "actor": "besa.krasniqi",
    "occurred_at": "2026-03-09T10:15:00Z",
    "recorded_at": "2026-03-09T10:15:00Z",
    "data": {"category": "legal", "text": "[withheld]"},
    "withheld": {"text": "free text of a legal note: not for this role"},
}
_ACCESS_EXAMPLE = {
    "id": 57,
    "at": "2026-03-09T10:20:00Z",
    "actor": "arta.manager",
    "role": "case_manager",
    "record_type": "beneficiary",
    "record_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
    "fields": ["birth_date", "given_name"],
    "route": "GET /api/v1/beneficiaries/{ref}",
}


class CaseHistory(msgspec.Struct, frozen=True):
    """A case's full history: its events and its related records', and who read them."""

    case_id: Annotated[
        UUID,
        Meta(description="the case's id", examples=["5d2f0c7e-8a41-4f4e-9c1a-2b7d3e6f8a90"]),
    ]
    case_number: Annotated[
        str, Meta(description="the case's number", examples=["PVPT-C-2026-0007"])
    ]
    exported_at: Annotated[
        datetime,
        Meta(description="when this export was made (UTC)", examples=["2026-03-09T10:15:00Z"]),
    ]
    exported_by: Annotated[
        str, Meta(description="the staff user who asked for it", examples=["dren.auditor"])
    ]
    role: Annotated[
        str,
        Meta(description="that user's role, which decided what is shown", examples=["auditor"]),
    ]
    events: Annotated[
        list[HistoryEvent],
        Meta(
            description="every event of the case and of its beneficiary, stays, plans, "
            "day-centre enrolments and care plan, in store order",
            examples=[[_EVENT_EXAMPLE]],
        ),
    ]
    access_log: Annotated[
        list[AccessRecord],
        Meta(
            description="who read the identifying data of these records, oldest first",
            examples=[[_ACCESS_EXAMPLE]],
        ),
    ]


def event_view(recorded: RecordedEvent, role: Role) -> tuple[HistoryEvent, set[str]]:
    """The event as `role` may see it, and what identifying data it showed."""
    event = recorded.event
    values = {k: v for k, v in vars(event).items() if k not in ENVELOPE}
    data, seen = disclose_fields(values, type(event), role)
    view = HistoryEvent(
        recorded.record_type,
        recorded.record_id,
        recorded.version,
        recorded.position,
        recorded.event_type,
        recorded.actor,
        recorded.occurred_at,
        recorded.recorded_at,
        msgspec.to_builtins(data),
        seen.withheld,
    )
    return view, seen.shown


def history_views(
    events: list[RecordedEvent], role: Role
) -> tuple[list[HistoryEvent], dict[tuple[str, UUID], set[str]]]:
    """Every event as `role` may see it, and per record what it showed."""
    views: list[HistoryEvent] = []
    shown: dict[tuple[str, UUID], set[str]] = {}
    for recorded in events:
        view, fields = event_view(recorded, role)
        views.append(view)
        if fields:
            shown.setdefault((recorded.record_type, recorded.record_id), set()).update(fields)
    return views, shown


def log_shown(
    log: AccessLog, actor: str, role: Role, shown: dict[tuple[str, UUID], set[str]], route: str
) -> None:
    """One access-log row per record whose personal data or notes were shown."""
    for (record_type, record_id), kinds in sorted(shown.items(), key=lambda i: str(i[0][1])):
        fields = kinds - {PERSONAL} | (set(PERSONAL_FIELDS) if PERSONAL in kinds else set())
        entry = AccessEntry(actor, role.value, record_type, str(record_id), sorted(fields), route)
        log.record(entry)


def access_records(log: AccessLog, record_ids: list[UUID]) -> list[AccessRecord]:
    """Every access-log row about these records, oldest first."""
    rows: list[dict[str, Any]] = []
    for record_id in dict.fromkeys(record_ids):
        after = 0
        while page := log.entries(str(record_id), after_id=after, limit=ACCESS_PAGE):
            rows += page
            after = page[-1]["id"]
    return [access_record(row) for row in sorted(rows, key=lambda r: int(r["id"]))]


def case_history(
    events: list[RecordedEvent],
    case: Case,
    *,
    actor: str,
    role: Role,
    log: AccessLog,
    route: str,
) -> CaseHistory:
    """The export: events filtered for `role`, this export logged, then the case's
    access log (so it ends with the row this export wrote, if it showed anything)."""
    views, shown = history_views(events, role)
    log_shown(log, actor, role, shown, route)
    record_ids = [case.id, *(e.record_id for e in events)]
    return CaseHistory(
        case.id,
        case.case_number,
        datetime.now(UTC),
        actor,
        role.value,
        views,
        access_records(log, record_ids),
    )
