"""A command's `position` is its last event's place in the store's log: the number a
case's history shows for that event and the one read-your-writes waits for, with an
`Idempotency-Key` or without (docs/api.md, "position"). A keyed command stores a
receipt after its events, in the same transaction; the receipt's position is never
the one answered, nor the one a retry answers. On both databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from domain.vocab import NoteCategory
from services.access import Role
from services.commands.case import AddNote
from tests.support.factories import open_case, register
from tests.support.http import Api, body, running_pipeline, serving


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def _note(text: str) -> Any:
    return body(AddNote(category=NoteCategory.GENERAL, text=text))


def _history_positions(api: Api, case_id: UUID) -> dict[tuple[str, int], int]:
    """(record id, version) -> the position the case's history shows for that event."""
    answer = api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}/history")
    assert answer.status_code == 200, answer.text
    return {(e["record_id"], e["version"]): e["position"] for e in answer.json()["events"]}


def test_a_commands_position_is_the_one_history_shows_with_or_without_a_key(api: Api) -> None:
    case_id = open_case(api.journey, register(api.journey))
    path = f"/api/v1/cases/{case_id}/add-note"
    plain = api.post(Role.CASE_MANAGER, path, _note("First visit."))
    keyed = api.post(
        Role.CASE_MANAGER, path, _note("Second visit."), **{"Idempotency-Key": "visit-2"}
    )
    assert (plain.status_code, keyed.status_code) == (200, 200), keyed.text
    shown = _history_positions(api, case_id)
    for answer in (plain.json(), keyed.json()):
        assert answer["position"] == shown[(answer["id"], answer["version"])]
    assert api.head == keyed.json()["position"] + 1  # the receipt, after the note
    retried = api.post(
        Role.CASE_MANAGER, path, _note("Second visit."), **{"Idempotency-Key": "visit-2"}
    )
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert retried.json()["position"] == keyed.json()["position"]


def test_the_answered_position_reads_the_updated_read_model(api: Api, nats_url: str) -> None:
    """Through the real relay and workers, which pass over receipts (no model reads them)."""
    case_id = open_case(api.journey, register(api.journey))
    path = f"/api/v1/cases/{case_id}/add-note"
    timeline = f"/api/v1/cases/{case_id}/timeline"
    with running_pipeline(api, nats_url):
        for text, key in (("Unkeyed note.", {}), ("Keyed note.", {"Idempotency-Key": "note-k"})):
            answer = api.post(Role.CASE_MANAGER, path, _note(text), **key).json()
            fresh = api.get(
                Role.CASE_MANAGER, timeline, wait_for_position=answer["position"], wait_timeout=10
            )
            assert fresh.status_code == 200, fresh.text
            rows = {row["position"]: row["event_type"] for row in fresh.json()["items"]}
            assert rows[answer["position"]] == "Case.NoteAdded"
