"""A facility never holds more residents than beds, even under concurrent admissions.

Twenty admissions race for five beds through four independent application
instances (as four server processes would), released at once by a barrier.
"""

from __future__ import annotations

import threading
from collections import Counter
from uuid import UUID

from adapters.run.bootstrap import Journey, build
from domain.errors import CapacityExceeded, DomainError
from domain.stay import ShelterStay
from services.commands.shelter import AdmitToShelter
from tests.support.factories import WORKER, case_in_service_provision, facility

ADMISSIONS = 20
BEDS = 5
INSTANCES = 4


def _race(servers: list[Journey], shelter: UUID, cases: list[UUID]) -> Counter[str]:
    barrier = threading.Barrier(len(cases))
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def admit(n: int) -> None:
        server = servers[n % len(servers)]
        barrier.wait()
        try:
            server.bus.execute(
                None, AdmitToShelter(case_id=cases[n], facility_id=shelter), actor=WORKER
            )
            outcome = "admitted"
        except CapacityExceeded:
            outcome = "capacity_exceeded"
        except DomainError as error:
            outcome = f"other: {error}"
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=admit, args=(n,)) for n in range(len(cases))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _server_url(database_url: str) -> str:
    if database_url.startswith("postgresql"):
        return f"{database_url}&pool_size=2&max_overflow=8"
    return database_url


def test_twenty_concurrent_admissions_fill_five_beds_exactly(database_url: str) -> None:
    servers = [build(_server_url(database_url)) for _ in range(INSTANCES)]
    try:
        shelter = facility(servers[0], beds=BEDS)
        cases = [case_in_service_provision(servers[0]) for _ in range(ADMISSIONS)]
        outcomes = _race(servers, shelter, cases)
        assert outcomes == {"admitted": BEDS, "capacity_exceeded": ADMISSIONS - BEDS}
        _assert_nothing_half_written(servers[0], shelter)
    finally:
        for server in servers:
            server.close()


def _assert_nothing_half_written(journey: Journey, shelter: UUID) -> None:
    """Every bed taken belongs to a stored admission, and every admission holds a bed."""
    residents = journey.queries.facility(shelter).residents
    stays = [
        UUID(str(n.originator_id))
        for n in journey.app.recorder.select_notifications(start=1, limit=100_000)
        if n.topic.endswith("ShelterStay.Admitted")
    ]
    assert len(residents) == BEDS
    assert set(stays) == set(residents)
    assert all(isinstance(journey.queries.stay(s), ShelterStay) for s in stays)
