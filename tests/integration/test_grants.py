"""Grants through the command bus and the grants read model, on both databases (issue 17):
a grant opened with a registered donor (named as the registry names it), its reference
unique however cased; a case, a shelter stay, a planned service and a prevention activity
attributed (refused for a record that is not there, twice, or outside the period); an
attribution ended; a campaign whose `grant` names the reference shown as attributed; and
the grant read over HTTP with the reasons withheld from an analyst."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import Engine, text

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.store.read_database import read_engine
from domain.errors import InvalidInput, RuleViolated
from domain.funding.grant import Grant, grant_id
from domain.funding.values import BudgetLine, Donor, GrantIndicator, GrantTerms
from domain.funding.vocab import IndicatorMeasure, RecordKind
from projections import catalog
from projections.grants import Grants
from projections.worker import ProjectionWorker, WorkerSettings
from services.access import Role
from services.commands.funding import AttributeToGrant, CloseGrant, EndAttribution, OpenGrant
from services.commands.prevention import LaunchCampaign
from services.commands.shelter import AdmitToShelter
from tests.integration.test_returns import organisation
from tests.support.factories import MANAGER, WORKER, case_in_service_provision, facility
from tests.support.http import Api, build_api
from tests.support.prevention_records import OFFICER, plan, recorded
from tests.support.projecting import ScriptedSource, deliveries

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
REFERENCE = "US-JTIP-2025-112"
TERMS = GrantTerms(
    donor=Donor(name="United States Department of State"),
    title="Assistance and prevention",
    starts_on=date(2025, 1, 1),
    ends_on=date(2026, 12, 31),
    currency="USD",
    budget_lines=(BudgetLine("A1", "Shelter", 50_000), BudgetLine("B1", "Prevention", 20_000)),
    indicators=(GrantIndicator("1", "Nights", IndicatorMeasure.SHELTER_NIGHTS, 900),),
)


@pytest.fixture
def journey(database_url: str) -> Iterator[Journey]:
    system = build(database_url, ScriptedClock(NOW))
    yield system
    system.close()


def opened(journey: Journey, terms: GrantTerms = TERMS, reference: str = REFERENCE) -> UUID:
    return journey.bus.execute(None, OpenGrant(reference=reference, terms=terms), actor=MANAGER).id


def attribute(journey: Journey, grant: UUID, kind: RecordKind, record: UUID, **more: Any) -> int:
    command = AttributeToGrant(record_kind=kind, record_id=record, **more)
    return journey.bus.execute(grant, command, actor=MANAGER).version


def stay_of(journey: Journey, case_id: UUID) -> UUID:
    admit = AdmitToShelter(
        case_id=case_id, facility_id=facility(journey), admitted_on=date(2026, 2, 1)
    )
    return journey.bus.execute(None, admit, actor=WORKER).id


def test_a_registered_donor_is_named_as_the_registry_names_it(journey: Journey) -> None:
    donor = organisation(journey, "osce-mission-in-kosovo", "XK")
    terms = replace(TERMS, donor=Donor(organisation_id=donor, name="typed"))
    grant = journey.app.load(Grant, opened(journey, terms))
    assert grant.terms.donor == Donor(donor, "Osce Mission In Kosovo")
    with pytest.raises(RuleViolated) as refused:
        opened(journey, TERMS, REFERENCE.lower())
    assert refused.value.rule == "already_opened"
    unknown = replace(TERMS, donor=Donor(organisation_id=uuid4()))
    with pytest.raises(InvalidInput) as missing:
        opened(journey, unknown, "OTHER-1")
    assert missing.value.field == "terms.donor.organisation_id"


def test_records_are_attributed_and_checked(journey: Journey) -> None:
    grant = opened(journey)
    case_id = case_in_service_provision(journey)
    stay_id = stay_of(journey, case_id)
    attribute(journey, grant, RecordKind.STAY, stay_id, budget_line="A1")
    with pytest.raises(InvalidInput) as no_line:
        attribute(journey, grant, RecordKind.CASE, case_id, budget_line="Z9")
    assert no_line.value.field == "budget_line"
    attribute(journey, grant, RecordKind.CASE, case_id)
    activity = recorded(journey, date(2026, 5, 12))
    attribute(journey, grant, RecordKind.PREVENTION_ACTIVITY, activity, budget_line="B1")
    attributions = journey.app.load(Grant, grant).attributions
    assert [(a.number, a.record_kind, a.case_id) for a in attributions] == [
        (1, RecordKind.STAY, case_id),
        (2, RecordKind.CASE, case_id),
        (3, RecordKind.PREVENTION_ACTIVITY, None),
    ]
    assert attributions[0].attributed_on == date(2026, 2, 1)
    assert attributions[0].person_id == journey.queries.case(case_id).beneficiary_id
    with pytest.raises(RuleViolated) as twice:
        attribute(journey, grant, RecordKind.STAY, stay_id)
    assert twice.value.rule == "already_attributed"
    with pytest.raises(InvalidInput) as not_a_stay:
        attribute(journey, grant, RecordKind.STAY, case_id)
    assert str(not_a_stay.value) == f"record_id: {case_id} is not a shelter stay"
    with pytest.raises(InvalidInput) as no_number:
        attribute(journey, grant, RecordKind.SERVICE, uuid4())
    assert no_number.value.field == "service_number"


def test_an_ended_attribution_and_a_closed_grant(journey: Journey) -> None:
    grant = opened(journey)
    activity = recorded(journey, date(2026, 5, 12))
    attribute(journey, grant, RecordKind.PREVENTION_ACTIVITY, activity)
    end = EndAttribution(number=1, ended_on=date(2026, 5, 12), reason="Paid by the EU grant.")
    journey.bus.execute(grant, end, actor=MANAGER)
    journey.bus.execute(grant, CloseGrant(closed_on=date(2026, 6, 1)), actor=MANAGER)
    closed = journey.app.load(Grant, grant)
    assert (closed.closed_on, closed.attributions[0].ended_on) == (
        date(2026, 6, 1),
        date(2026, 5, 12),
    )
    with pytest.raises(RuleViolated) as refused:
        attribute(journey, grant, RecordKind.PREVENTION_ACTIVITY, activity)
    assert refused.value.rule == "grant_closed"


def project(journey: Journey, engine: Engine) -> None:
    """The grants model's worker, in batches of 5, until it has applied the store."""
    catalog.create_catalog(engine)
    source = ScriptedSource(deliveries(journey))
    worker = ProjectionWorker(Grants(), engine, source, WorkerSettings(batch=5, fetch_timeout=0.01))

    async def run() -> None:
        await worker.open()
        while worker.stream_seq < len(source.deliveries):
            await worker.step()
            assert not worker.failed

    asyncio.run(run())


@pytest.fixture
def api(journey: Journey, read_url: str) -> Iterator[Api]:
    engine = read_engine(read_url)
    try:
        with build_api(journey, engine) as built:
            yield built
    finally:
        engine.dispose()


def rows(engine: Engine, sql: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(text(sql)).mappings()]


def test_the_read_model_and_the_api(journey: Journey, api: Api) -> None:
    grant = opened(journey)
    case_id = case_in_service_provision(journey)
    stay_id = stay_of(journey, case_id)
    attribute(journey, grant, RecordKind.STAY, stay_id, budget_line="A1")
    end = EndAttribution(number=1, ended_on=date(2026, 3, 31), reason="Arta asked to move it.")
    journey.bus.execute(grant, end, actor=MANAGER)
    named = plan(date(2026, 3, 1), date(2026, 9, 30), grant="us-jtip-2025-112")
    campaign = journey.bus.execute(None, LaunchCampaign(plan=named), actor=OFFICER).id
    elsewhere = plan(date(2026, 3, 1), date(2026, 9, 30), grant="EU-IPA-2025-031")
    journey.bus.execute(None, LaunchCampaign(plan=elsewhere), actor=OFFICER)
    project(journey, api.engine)

    (listed,) = rows(api.engine, "SELECT * FROM grants")
    assert (listed["reference"], listed["donor"], listed["donor_name"], listed["status"]) == (
        REFERENCE,
        None,
        "United States Department of State",
        "active",
    )
    assert (listed["budget_total"], listed["currency"]) == (70_000, "USD")
    lines = rows(api.engine, "SELECT line_code, amount FROM grant_budget_lines ORDER BY line_code")
    assert [(r["line_code"], int(r["amount"])) for r in lines] == [("A1", 50_000), ("B1", 20_000)]
    (indicator,) = rows(api.engine, "SELECT * FROM grant_indicators")
    assert (indicator["measure"], indicator["target"], indicator["disaggregate_by"]) == (
        "shelter_nights",
        900,
        None,
    )
    found = rows(
        api.engine,
        "SELECT record_kind, record_id, budget_line, case_id, attributed_on, ended_on, basis "
        "FROM grant_attributions ORDER BY record_kind",
    )
    assert [(r["record_kind"], r["record_id"], r["budget_line"], r["basis"]) for r in found] == [
        ("campaign", str(campaign), None, "campaign_grant_reference"),
        ("stay", str(stay_id), "A1", "recorded"),
    ]
    assert str(found[0]["attributed_on"]) == "2026-03-01"
    assert (str(found[1]["ended_on"]), found[1]["case_id"]) == ("2026-03-31", str(case_id))

    shown = api.get(Role.ANALYST, f"/api/v1/grants/{REFERENCE.lower()}")
    assert shown.status_code == 200, shown.text
    view = shown.json()
    assert (view["id"], view["reference"]) == (str(grant_id(REFERENCE)), REFERENCE)
    assert view["changes"][0]["reason"] == "withheld"
    assert view["attributions"][0]["ended_on"] == "2026-03-31"
    manager = api.get(Role.CASE_MANAGER, f"/api/v1/grants/{grant}").json()
    assert manager["changes"][0]["reason"] == "Arta asked to move it."
    listed_over_http = api.get(Role.ANALYST, "/api/v1/grants", status="active")
    assert [g["reference"] for g in listed_over_http.json()["items"]] == [REFERENCE]
    assert api.get(Role.CASEWORKER, "/api/v1/grants").status_code == 403
    refused = api.post(
        Role.ANALYST, f"/api/v1/grants/{REFERENCE}/closure", {"closed_on": "2026-06-01"}
    )
    assert refused.status_code == 403
    outside = api.post(
        Role.CASE_MANAGER,
        f"/api/v1/grants/{REFERENCE}/attributions",
        {"record_kind": "prevention_activity", "record_id": str(uuid4())},
    )
    assert outside.status_code == 422
    assert "is not a prevention activity" in outside.text
