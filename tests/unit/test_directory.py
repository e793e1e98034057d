"""The directory read model, fed with real stored events (no NATS): beneficiaries by
code with non-identifying facts, and cases' outgoing referrals with their status."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from domain.vocab import (
    DecidingBody,
    ErasureBasis,
    IdentificationKind,
    RevisionGrounds,
    TraffickingStatus,
)
from projections.directory import Directory
from services.commands.beneficiary import ErasePersonalData
from services.commands.identification import RecordIdentification, ReviseIdentification
from services.commands.referrals import RejectReferral, RevokeReferral
from tests.support.casework import refer
from tests.support.factories import MANAGER, WORKER, open_case, register
from tests.support.partners import IOM_NAME
from tests.support.projecting import memory_engine, project, rows

START = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # already 3 March in Prishtina (UTC+1)


@pytest.fixture
def journey() -> Iterator[Journey]:
    system = build("memory://", ScriptedClock(START))
    yield system
    system.close()


def test_a_beneficiary_row_holds_no_personal_data_and_follows_cases_and_erasure(
    journey: Journey,
) -> None:
    person = register(journey, given_name="Drita", age=17)
    open_case(journey, person)
    open_case(journey, person)
    erasure = ErasePersonalData(ErasureBasis.CONSENT_WITHDRAWN, "DPO-2026-014")
    journey.bus.execute(person, erasure, actor=MANAGER)
    engine = memory_engine()
    (row,) = rows(engine, project(journey, Directory(), engine)["beneficiary_directory"])
    assert (row["code"], row["registered_on"], row["erased_on"]) == (
        "PVPT-2026-0001",
        date(2026, 3, 3),
        date(2026, 3, 3),
    )
    assert (row["age_band"], row["minor"], row["cases"]) == ("9-17", 1, 2)
    assert "Drita" not in repr(row)
    assert "Hoxha" not in repr(row)


def test_referrals_keep_their_case_and_status_whatever_the_batches(journey: Journey) -> None:
    case_id = open_case(journey, register(journey))
    for key in ("iom-kosovo", "csw-prishtine", "csw-prizren"):
        refer(journey, case_id, key)
    journey.bus.execute(case_id, RejectReferral(number=2), actor=WORKER)
    journey.bus.execute(case_id, RevokeReferral(number=3, reason="moved"), actor=WORKER)
    tables: dict[int, list[dict[str, object]]] = {}
    for batch in (1, 500):
        engine = memory_engine()
        found = project(journey, Directory(), engine, batch=batch)["outgoing_referrals"]
        tables[batch] = rows(engine, found, order_by="number")
    assert tables[1] == tables[500]
    statuses = [(r["number"], r["partner"], r["status"]) for r in tables[1]]
    assert statuses == [
        (1, IOM_NAME, "in_progress"),
        (2, "Qendra për Punë Sociale Prishtinë", "rejected"),
        (3, "Qendra për Punë Sociale Prizren", "revoked"),
    ]
    assert {r["case_number"] for r in tables[1]} == {"PVPT-C-2026-0001"}
    assert [r["decided_on"] for r in tables[1]] == [None, date(2026, 3, 3), date(2026, 3, 3)]


def test_the_status_is_the_one_in_force_not_the_last_recorded(journey: Journey) -> None:
    person = register(journey)

    def status() -> str:
        engine = memory_engine()
        (row,) = rows(engine, project(journey, Directory(), engine)["beneficiary_directory"])
        return str(row["trafficking_status"])

    police = RecordIdentification(
        kind=IdentificationKind.FORMAL,
        status=TraffickingStatus.NOT_A_VICTIM,
        deciding_body=DecidingBody.POLICE,
        reference="DHT-2026/0001",
    )
    journey.bus.execute(person, police, actor=WORKER)
    presumed = RecordIdentification(
        kind=IdentificationKind.PRELIMINARY,
        status=TraffickingStatus.POSSIBLE,
        deciding_body=DecidingBody.NGO,
    )
    journey.bus.execute(person, presumed, actor=WORKER)
    assert status() == "NotAVictimOfTrafficking"  # a preliminary one does not override
    appeal = ReviseIdentification(
        number=1,
        kind=IdentificationKind.FORMAL,
        status=TraffickingStatus.ACTUAL,
        grounds=RevisionGrounds.APPEAL,
        reason="upheld",
        deciding_body=DecidingBody.COURT_OR_PROSECUTION,
        reference="PP-2026/0002",
    )
    journey.bus.execute(person, appeal, actor=WORKER)
    assert status() == "ActualVictimOfTrafficking"
