"""The statistics read model on both databases (issue 17): a small casework history — a
minor in the shelter with a plan, an adult identified, served, sheltered and closed, a
third who refused reporting and was erased — projected by the real projection worker
(the store's events as the relay encodes them and the consumer decodes them; only NATS
is left out), then read in SQL on the analysts' views."""

from __future__ import annotations

import asyncio
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Engine, text

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START
from domain.checks.person import age_band_for
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    ConsentGiver,
    ConsentKind,
    DecidingBody,
    ErasureBasis,
    ExploitationType,
    IdentificationKind,
    ServiceOutcome,
    ServiceType,
    TraffickingStatus,
)
from projections import catalog
from projections.statistics import Statistics
from projections.worker import ProjectionWorker, WorkerSettings
from services.commands.beneficiary import (
    ErasePersonalData,
    GiveConsent,
    RecordExploitationProfile,
)
from services.commands.case import Approve, DeliverService, RequestApproval
from services.commands.identification import RecordIdentification
from tests.support.casework import admit, discharge
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    facility,
    open_case,
    register,
    today_in_prishtina,
)
from tests.support.projecting import ScriptedSource, deliveries
from tests.support.survivor import SECRETS, Survivor, survivor

DAY = START.date()
VIEWS = ("stat_people", "stat_cases", "stat_facts", "stat_stays")


def project_with_worker(journey: Journey, engine: Engine) -> None:
    """The statistics model's worker, in batches of 7, until it has applied the store."""
    catalog.create_catalog(engine)
    source = ScriptedSource(deliveries(journey))
    worker = ProjectionWorker(
        Statistics(), engine, source, WorkerSettings(batch=7, fetch_timeout=0.01)
    )

    async def run() -> None:
        await worker.open()
        while worker.stream_seq < len(source.deliveries):
            await worker.step()
            assert not worker.failed

    asyncio.run(run())


def served_and_closed(journey: Journey, clock: ScriptedClock) -> UUID:
    """An adult, presumed by PVPT and identified by the police, who consents to
    anonymised reporting, is served twice, sheltered twelve days and closed as
    reintegrated. Returns the case."""
    case_id = case_in_service_provision(journey)
    person = journey.queries.case(case_id).beneficiary_id
    run = journey.bus.execute
    for consent in (ConsentKind.ANONYMISED_REPORTING, ConsentKind.SERVICES):
        run(person, GiveConsent(consent, ConsentGiver.BENEFICIARY), actor=WORKER)
    run(person, RecordExploitationProfile(types=(ExploitationType.FORCED_LABOUR,)), actor=WORKER)
    for kind, status, body, reference in (
        (IdentificationKind.PRELIMINARY, TraffickingStatus.POSSIBLE, DecidingBody.NGO, None),
        (IdentificationKind.FORMAL, TraffickingStatus.ACTUAL, DecidingBody.POLICE, "DHT-1"),
    ):
        decision = RecordIdentification(kind, status, body, reference=reference, decided_on=DAY)
        run(person, decision, actor=WORKER)
    for service in (ServiceType.LEGAL, ServiceType.EDUCATION):
        delivered = DeliverService(service, "PVPT", DAY, ServiceOutcome.COMPLETED)
        run(case_id, delivered, actor=WORKER)
    stay = admit(journey, case_id, facility(journey, name="Shelter Gjilan"))
    clock.advance(days=12)
    discharge(journey, stay)
    request = RequestApproval(ApprovalSubject.CLOSURE, ClosureReason.REINTEGRATED)
    run(case_id, request, actor=WORKER)
    run(case_id, Approve(subject=ApprovalSubject.CLOSURE), actor=MANAGER)
    return case_id


@pytest.fixture
def history(journey: Journey, clock: ScriptedClock) -> dict[str, Any]:
    minor = survivor(journey)
    closed = served_and_closed(journey, clock)
    erased = register(journey, "Vesa", age=40)
    open_case(journey, erased)
    erasure = ErasePersonalData(ErasureBasis.CONSENT_WITHDRAWN, "DPO-2026-001")
    journey.bus.execute(erased, erasure, actor=MANAGER)
    return {"minor": minor, "closed": closed, "erased": erased}


def select(engine: Engine, sql: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(text(sql)).mappings()]


def test_the_views_hold_the_history_on_each_database(
    journey: Journey, history: dict[str, Any], engine: Engine
) -> None:
    project_with_worker(journey, engine)
    minor: Survivor = history["minor"]
    closed: UUID = history["closed"]
    people = {r["person_id"]: r for r in select(engine, "SELECT * FROM stat_people")}
    assert len(people) == 3
    child = people[str(minor.beneficiary)]
    assert (child["minor_at_identification"], child["age_band_at_identification"]) == (1, "9-17")
    assert (child["reporting_consent"], child["excluded_because"]) == (
        0,
        "no_anonymised_reporting_consent",
    )
    adult = people[str(journey.queries.case(closed).beneficiary_id)]
    assert (adult["identification_status"], adult["identification_body"]) == (
        "ActualVictimOfTrafficking",
        "Police",
    )
    assert str(adult["formally_identified_on"]) == str(adult["presumed_on"]) == str(DAY)
    assert (adult["exploitation_types"], adult["excluded_because"]) == ("ForcedLabour", None)
    gone = people[str(history["erased"])]
    assert (gone["erased"], gone["excluded_because"]) == (1, "personal_data_erased")
    assert (gone["sex"], gone["age_band_at_identification"]) == ("Feminine", "39-47")
    today = today_in_prishtina()
    years = today.year - DAY.year - ((today.month, today.day) < (DAY.month, DAY.day))
    assert gone["age_band_today"] == age_band_for(40 + years).value  # today in Prishtina
    assert gone["child_or_adult_today"] == "adult"

    cases = {r["case_id"]: r for r in select(engine, "SELECT * FROM stat_cases")}
    done = cases[str(closed)]
    assert (done["closure_reason"], done["stage"]) == ("reintegrated", "closed")
    assert (done["services_delivered"], done["service_types_delivered"]) == (
        2,
        "education;legal",
    )
    assert (done["stays"], int(done["shelter_days"])) == (1, 12)
    open_stay = cases[str(minor.case)]
    assert int(open_stay["shelter_days"]) == (today_in_prishtina() - DAY).days
    assert open_stay["reintegration_outcome"] == "active"

    per_fact = select(
        engine, "SELECT fact, COUNT(*) AS n FROM stat_facts GROUP BY fact ORDER BY fact"
    )
    assert {r["fact"]: int(r["n"]) for r in per_fact} == {
        "case_closed": 1,
        "case_opened": 3,
        "formally_identified": 1,
        "plan_drafted": 1,
        "presumed_identified": 1,
        "referred": 3,
        "service_delivered": 2,
        "stay_ended": 1,
        "stay_started": 2,
    }
    closure = select(engine, "SELECT * FROM stat_facts WHERE fact = 'case_closed'")[0]
    assert str(closure["on_day"]) == str(DAY + timedelta(days=12))
    stays = select(engine, "SELECT case_id, kind, ended_on FROM stat_stays")
    ended = {s["case_id"]: (s["kind"], s["ended_on"] is not None) for s in stays}
    assert ended == {str(closed): ("shelter", True), str(minor.case): ("shelter", False)}


def test_no_code_number_or_personal_value_is_in_any_view(
    journey: Journey, history: dict[str, Any], engine: Engine
) -> None:
    project_with_worker(journey, engine)
    minor: Survivor = history["minor"]
    secrets = {
        *SECRETS,
        journey.queries.beneficiary(minor.beneficiary).code,
        journey.queries.case(minor.case).case_number,
        "DHT-1",
        "DPO-2026-001",
    }
    everything = repr([select(engine, f"SELECT * FROM {view}") for view in VIEWS])
    assert [secret for secret in secrets if secret in everything] == []
    assert date(2009, 4, 17).isoformat() not in everything  # the minor's birth date


def test_the_documented_queries_run(
    journey: Journey, history: dict[str, Any], engine: Engine
) -> None:
    """The SQL examples of docs/read-models/statistics.md, on each database."""
    project_with_worker(journey, engine)
    page = (Path(__file__).parents[2] / "docs/read-models/statistics.md").read_text()
    queries = re.findall(r"```sql\n(.*?)```", page, flags=re.DOTALL)
    assert len(queries) == 3
    for query in queries:
        select(engine, query.strip().rstrip(";"))
    in_shelter = select(engine, queries[2].strip().rstrip(";"))
    # in 2026: the minor, still in the shelter; the adult left it in January 2025
    assert {r["citizenship_group"]: int(r["people"]) for r in in_shelter} == {"Kosovo": 1}
