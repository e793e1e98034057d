"""The grants read model fed with real stored events (issue 17): a campaign counted by the
grant reference it carries whether it was launched before or after the grant, moved when
its plan names another grant, shown once when also attributed by command; a revision
replacing budget lines and indicators; a closed grant; and the same rows whatever the
batch size."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import text

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.funding.values import BudgetLine, Donor, GrantIndicator, GrantTerms
from domain.funding.vocab import IndicatorMeasure, RecordKind
from projections.catalog import point_views
from projections.grants import Grants
from services.commands.funding import AttributeToGrant, CloseGrant, OpenGrant, ReviseGrant
from services.commands.prevention import LaunchCampaign, ReviseCampaign
from tests.support.prevention_records import OFFICER, plan
from tests.support.projecting import memory_engine, project

MANAGER = "arta.berisha"
TERMS = GrantTerms(
    donor=Donor(name="European Union Office in Kosovo"),
    title="Prevention in schools",
    starts_on=date(2026, 1, 1),
    ends_on=date(2026, 12, 31),
    currency="EUR",
    budget_lines=(BudgetLine("2.1", "Schools", 58_000),),
    indicators=(GrantIndicator("2.a", "Pupils", IndicatorMeasure.PREVENTION_PEOPLE_MET, 2900),),
)


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(datetime(2026, 6, 1, 9, tzinfo=UTC))


def grant(journey: Journey, reference: str = "EU-IPA-2025-031") -> UUID:
    command = OpenGrant(reference=reference, terms=TERMS)
    return journey.bus.execute(None, command, actor=MANAGER).id


def campaign(journey: Journey, reference: str | None) -> UUID:
    named = plan(date(2025, 11, 24), date(2026, 11, 30), grant=reference)
    return journey.bus.execute(None, LaunchCampaign(plan=named), actor=OFFICER).id


def query(journey: Journey, sql: str, batch: int = 500) -> list[dict[str, Any]]:
    engine = memory_engine()
    model = Grants()
    tables = project(journey, model, engine, batch=batch)
    with engine.begin() as conn:
        point_views(conn, model, tables)
        return [dict(row) for row in conn.execute(text(sql)).mappings()]


ATTRIBUTED = "SELECT record_id, grant_id, basis, attributed_on, budget_line FROM grant_attributions"


def test_a_campaign_launched_before_its_grant_counts_from_the_grants_first_day(
    journey: Journey,
) -> None:
    campaign_id = campaign(journey, "eu-ipa-2025-031")
    grant_id = grant(journey)
    found = query(journey, ATTRIBUTED)
    assert found == [
        {
            "record_id": str(campaign_id),
            "grant_id": str(grant_id),
            "basis": "campaign_grant_reference",
            "attributed_on": "2026-01-01",
            "budget_line": None,
        }
    ]
    assert query(journey, ATTRIBUTED, batch=1) == found


def test_a_campaign_revised_to_name_another_grant_moves(journey: Journey) -> None:
    grant(journey)
    other = grant(journey, "OSCE-KOS-2026-007")
    campaign_id = campaign(journey, "EU-IPA-2025-031")
    revised = plan(date(2025, 11, 24), date(2026, 11, 30), grant="OSCE-KOS-2026-007")
    journey.bus.execute(campaign_id, ReviseCampaign(plan=revised, reason="x"), actor=OFFICER)
    assert [(r["grant_id"], r["record_id"]) for r in query(journey, ATTRIBUTED)] == [
        (str(other), str(campaign_id))
    ]


def test_a_campaign_attributed_by_command_as_well_appears_once(journey: Journey) -> None:
    grant_id = grant(journey)
    campaign_id = campaign(journey, "EU-IPA-2025-031")
    command = AttributeToGrant(
        record_kind=RecordKind.CAMPAIGN, record_id=campaign_id, budget_line="2.1"
    )
    journey.bus.execute(grant_id, command, actor=MANAGER)
    (found,) = query(journey, ATTRIBUTED)
    assert (found["basis"], found["budget_line"], found["attributed_on"]) == (
        "recorded",
        "2.1",
        "2026-01-01",
    )


def test_a_campaign_outside_the_grants_period_or_naming_none_is_not_counted(
    journey: Journey,
) -> None:
    grant(journey)
    campaign(journey, None)
    early = plan(date(2025, 1, 1), date(2025, 6, 30), grant="EU-IPA-2025-031")
    journey.bus.execute(None, LaunchCampaign(plan=early), actor=OFFICER)
    assert query(journey, ATTRIBUTED) == []


def test_a_revision_replaces_lines_and_indicators_and_a_closure_shows(journey: Journey) -> None:
    grant_id = grant(journey)
    terms = replace(
        TERMS,
        budget_lines=(BudgetLine("2.1", "Schools", 50_000), BudgetLine("2.2", "Media", 8_000)),
        indicators=(),
    )
    journey.bus.execute(grant_id, ReviseGrant(terms=terms, reason="Budget split."), actor=MANAGER)
    journey.bus.execute(grant_id, CloseGrant(closed_on=date(2026, 5, 31)), actor=MANAGER)
    (row,) = query(journey, "SELECT status, closed_on, budget_total, revisions FROM grants")
    assert row == {
        "status": "closed",
        "closed_on": "2026-05-31",
        "budget_total": 58_000,
        "revisions": 1,
    }
    lines = query(journey, "SELECT line_code, amount FROM grant_budget_lines ORDER BY line_number")
    assert lines == [{"line_code": "2.1", "amount": 50_000}, {"line_code": "2.2", "amount": 8_000}]
    assert query(journey, "SELECT * FROM grant_indicators") == []
