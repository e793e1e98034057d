"""A keyed command is applied at most once even when the process that applied it died
before storing its answer (found by python -m scripts.chaos; services/receipts.py).

"The process died" is played by claiming the key and applying the command with its
receipt through the bus, as the dead process did, and leaving the claim without an
answer; the retry then comes through the API once the claim counts as abandoned,
and answers the first try's record, version and position. On both databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from adapters.http.idempotency import ABANDONED, IdempotencyKeys, fingerprint
from domain.case import Case
from domain.vocab import DischargeReason, ExitDestination, FacilityKind, NoteCategory
from services.access import Role
from services.app import JourneyApp
from services.commands.case import AddNote
from services.commands.shelter import AdmitToShelter, DischargeFromShelter, RegisterFacility
from services.receipts import AlreadyApplied, CommandReceipt, expecting, receipt_id
from tests.support.factories import (
    MANAGER,
    case_in_service_provision,
    facility,
    open_case,
    register,
)
from tests.support.http import USERS, Api, body, serving

FACILITIES = "/api/v1/facilities"
SHELTER = RegisterFacility(
    name="Shelter Peja", kind=FacilityKind.SHELTER, beds=3, effective_from=date(2025, 1, 1)
)


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def _died_after_applying(api: Api, actor: str, key: str, path: str, command: Any) -> Any:
    """What a process killed between the event store's commit and the key's answer left."""
    sha = fingerprint(path, None, command)
    keys: IdempotencyKeys = api.app.state.idempotency
    assert keys.claim(actor, key, sha) is None
    record_id = None if path == FACILITIES else UUID(path.split("/")[4])
    with expecting(receipt_id(actor, key, sha)):
        result = api.journey.bus.execute(record_id, command, actor=actor)
    keys.clock = lambda: datetime.now(UTC) + ABANDONED + timedelta(seconds=1)
    return result


def test_a_retry_after_the_process_died_gets_the_first_result_and_applies_nothing(
    api: Api,
) -> None:
    first = _died_after_applying(api, USERS[Role.ADMIN], "crash-1", FACILITIES, SHELTER)
    head = api.head
    retry = api.post(Role.ADMIN, FACILITIES, body(SHELTER), **{"Idempotency-Key": "crash-1"})
    assert retry.status_code == 201, retry.text
    answer = retry.json()
    assert (answer["id"], answer["version"]) == (str(first.id), first.version)
    assert answer["position"] == first.position == head - 1  # the receipt is at the head
    assert retry.headers["Location"] == f"{FACILITIES}/{first.id}"
    assert api.head == head  # nothing applied the second time
    again = api.post(Role.ADMIN, FACILITIES, body(SHELTER), **{"Idempotency-Key": "crash-1"})
    assert again.json() == answer
    assert again.headers["Idempotent-Replayed"] == "true"


def test_a_retried_note_on_a_case_is_stored_once(api: Api) -> None:
    case_id = open_case(api.journey, register(api.journey))
    note = AddNote(category=NoteCategory.GENERAL, text="Visit before the crash.")
    path = f"/api/v1/cases/{case_id}/add-note"
    first = _died_after_applying(api, MANAGER, "note-1", path, note)
    retry = api.post(Role.CASE_MANAGER, path, body(note), **{"Idempotency-Key": "note-1"})
    assert retry.status_code == 200, retry.text
    assert retry.json()["version"] == first.version
    case: Case = api.journey.app.repository.get(case_id)
    assert case.version == first.version
    assert [n.text for n in case.notes].count("Visit before the crash.") == 1


def test_a_retried_discharge_answers_the_first_try_not_a_refusal(api: Api) -> None:
    """The retry would now be refused (the stay is discharged): the receipt is looked
    for before the command runs."""
    case_id = case_in_service_provision(api.journey)
    admitted = api.journey.bus.execute(
        None, AdmitToShelter(case_id=case_id, facility_id=facility(api.journey)), actor=MANAGER
    )
    discharge = DischargeFromShelter(
        reason=DischargeReason.COMPLETED_PROGRAMME, destination=ExitDestination.FAMILY
    )
    path = f"/api/v1/stays/{admitted.id}/discharge-from-shelter"
    first = _died_after_applying(api, MANAGER, "discharge-1", path, discharge)
    head = api.head
    retry = api.post(Role.CASE_MANAGER, path, body(discharge), **{"Idempotency-Key": "discharge-1"})
    assert retry.status_code == 200, retry.text
    assert (retry.json()["id"], retry.json()["version"]) == (str(admitted.id), first.version)
    assert retry.json()["position"] == first.position  # its last event's, of the facility's too
    assert api.head == head


def test_a_second_commit_for_one_receipt_finds_the_first(api: Api) -> None:
    app: JourneyApp = api.journey.app
    receipt = receipt_id("admin.pvpt", "twice", "sha")
    with expecting(receipt):
        first = api.journey.bus.execute(None, SHELTER, actor="admin.pvpt")
        head = api.head
        with pytest.raises(AlreadyApplied) as found:
            api.journey.bus.execute(None, SHELTER, actor="admin.pvpt")
    assert (found.value.record_id, found.value.version) == (first.id, first.version)
    assert api.head == head
    stored: object = app.repository.get(receipt)
    assert isinstance(stored, CommandReceipt)
    assert (stored.record_id, stored.version) == (first.id, first.version)


def test_without_a_key_no_receipt_is_saved(api: Api) -> None:
    head = api.head
    api.post(Role.ADMIN, FACILITIES, body(SHELTER))
    topics = [
        n.topic for n in api.journey.app.recorder.select_notifications(start=head + 1, limit=10)
    ]
    assert topics
    assert not any("CommandReceipt" in topic for topic in topics)
