"""The due model's handlers for the events other issue-14 work adds (the contract in
projections/due/events.py), fed by name and fields as a projection receives them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import MetaData, text

from projections.catalog import point_views
from projections.due import Due
from projections.due.events import HANDLERS
from projections.model import Change
from tests.support.projecting import memory_engine

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CASE = UUID("3f9a7c1e-2b4d-4e8f-9a1b-5c6d7e8f9a0b")
BENEFICIARY = UUID("0b7c5d1e-3f4a-5b6c-8d7e-9f0a1b2c3d4e")
CARE_PLAN = UUID("4aa7d9db-5791-4070-8c10-b03590b07c82")
OPENED = {"case_number": "PVPT-C-2026-0001", "beneficiary_id": BENEFICIARY}
OPENED_CODE = {**OPENED, "beneficiary_code": "PVPT-2026-0001"}


def event(record: UUID, event_type: str, **fields: Any) -> Change:
    aggregate_type = event_type.partition(".")[0]
    return Change(0, 0, aggregate_type, record, 1, event_type, AT, "besa", fields)


def open_items(*changes: Change) -> list[dict[str, Any]]:
    """The `due` view after the changes, each at the next store position."""
    engine, model = memory_engine(), Due()
    metadata = MetaData()
    tables = model.define(metadata, 1)
    metadata.create_all(engine)
    numbered = [
        Change(n, n, c.aggregate_type, c.aggregate_id, n, c.event_type, c.at, c.actor, c.fields)
        for n, c in enumerate(changes, start=1)
    ]
    with engine.begin() as conn:
        model.apply(conn, tables, numbered)
        point_views(conn, model, tables)
        found = conn.execute(text("SELECT * FROM due WHERE kind <> 'no_contact' ORDER BY kind"))
        return [dict(row) for row in found.mappings()]


def opened() -> Change:
    return event(CASE, "Case.Opened", **OPENED_CODE)


def care_plan() -> list[Change]:
    return [
        opened(),
        event(CARE_PLAN, "CarePlan.Started", case_id=str(CASE)),
        event(CASE, "Case.CarePlanStarted", care_plan_id=str(CARE_PLAN)),
    ]


def of_kind(rows: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [row for row in rows if row["kind"] == kind]


def test_every_contract_event_has_a_handler() -> None:
    contract = {
        "Case.ReflectionPeriodStarted",
        "Case.ReflectionPeriodExtended",
        "Case.ReflectionPeriodEnded",
        "Case.BestInterestsAssessed",
        "Case.CarePlanStarted",
        "Case.Rescreened",
        "CarePlan.Started",
        "CarePlan.NeedsAssessed",
        "CarePlan.ServicePlanned",
        "CarePlan.ServiceDelivered",
        "CarePlan.ServiceCancelled",
        "CarePlan.ReviewScheduled",
        "CarePlan.Reviewed",
        "DayCentreSession.AttendanceRecorded",
    }
    assert contract <= set(HANDLERS)


def test_a_reflection_period_is_due_at_its_end_extended_and_ended_early() -> None:
    started = event(
        CASE,
        "Case.ReflectionPeriodStarted",
        started_on="2026-03-02",
        ends_on="2026-05-31",
        legal_basis="law_04_l_218",
        length_days=90,
    )
    (row,) = of_kind(open_items(opened(), started), "reflection_period_end")
    assert (row["kind"], row["due_on"], row["anchor_on"]) == (
        "reflection_period_end",
        "2026-05-31",
        "2026-03-02",
    )
    extended = event(
        CASE, "Case.ReflectionPeriodExtended", ends_on="2026-06-30", extended_by_days=30
    )
    (row,) = of_kind(open_items(opened(), started, extended), "reflection_period_end")
    assert (row["due_on"], row["source"]) == (
        "2026-06-30",
        "reflection period, extended by 30 days",
    )
    assert row["anchor_on"] == "2026-03-02"
    ended = event(CASE, "Case.ReflectionPeriodEnded", ended_on="2026-04-01", reason="cooperates")
    assert of_kind(open_items(opened(), started, extended, ended), "reflection_period_end") == []


def test_a_planned_service_is_due_in_its_window_until_attended_or_cancelled() -> None:
    planned = [
        event(CARE_PLAN, "CarePlan.ServicePlanned", number=n, service="medical",
              responsible="besa", starts_on="2026-03-03", due_on="2026-03-31")
        for n in (1, 2, 3)
    ]  # fmt: skip
    missed = event(CARE_PLAN, "CarePlan.ServiceDelivered", number=1, delivered_on="2026-03-05",
                   attended=False)  # fmt: skip
    attended = event(CARE_PLAN, "CarePlan.ServiceDelivered", number=2, delivered_on="2026-03-06",
                     attended=True)  # fmt: skip
    cancelled = event(CARE_PLAN, "CarePlan.ServiceCancelled", number=3, reason="withdrawn")
    rows = open_items(*care_plan(), *planned, missed, attended, cancelled)
    (service,) = of_kind(rows, "planned_service")
    assert (service["source"], service["window_from"], service["window_to"]) == (
        "service 1 (medical)",
        "2026-03-03",
        "2026-03-31",
    )
    assert service["overdue"] == 1


def test_needs_reassessment_and_care_plan_reviews_follow_the_latest() -> None:
    assessed = event(CARE_PLAN, "CarePlan.NeedsAssessed", version=2, assessed_on="2026-03-02",
                     reassess_by="2026-06-02")  # fmt: skip
    scheduled = event(CARE_PLAN, "CarePlan.ReviewScheduled", due_on="2026-04-02")
    rows = open_items(*care_plan(), assessed, scheduled)
    assert [(r["kind"], r["due_on"], r["source"]) for r in rows] == [
        ("care_plan_review", "2026-04-02", "review scheduled"),
        ("needs_reassessment", "2026-06-02", "needs assessment v2"),
        ("risk_reassessment", "2026-03-05", "first risk assessment"),
    ]
    reviewed = event(CARE_PLAN, "CarePlan.Reviewed", reviewed_on="2026-04-01", next_review_on=None)
    again = event(CARE_PLAN, "CarePlan.NeedsAssessed", version=3, assessed_on="2026-04-01",
                  reassess_by=None)  # fmt: skip
    rows = open_items(*care_plan(), assessed, scheduled, reviewed, again)
    assert [r["kind"] for r in rows] == ["risk_reassessment"]


def test_guardian_consent_renewal_shows_on_the_beneficiarys_open_case() -> None:
    given = event(BENEFICIARY, "Beneficiary.ConsentGiven", kind="services", partner=None,
                  given_by="guardian", given_on="2026-03-01", renew_by="2026-09-01")  # fmt: skip
    (row,) = of_kind(open_items(given, opened()), "guardian_consent_renewal")
    assert (row["kind"], row["due_on"], row["case_number"]) == (
        "guardian_consent_renewal",
        "2026-09-01",
        "PVPT-C-2026-0001",
    )
    withdrawn = event(BENEFICIARY, "Beneficiary.ConsentWithdrawn", kind="services", partner=None,
                      withdrawn_on="2026-04-01")  # fmt: skip
    assert of_kind(open_items(given, opened(), withdrawn), "guardian_consent_renewal") == []


@pytest.mark.parametrize(
    ("change", "contact_on"),
    [
        (
            event(uuid4(), "DayCentreSession.AttendanceRecorded", enrolment_id="e",
                  case_id=str(CASE), held_on="2026-03-20", attended=True),
            "2026-03-20",
        ),
        (
            event(uuid4(), "DayCentreSession.AttendanceRecorded", enrolment_id="e",
                  case_id=str(CASE), held_on="2026-03-20", attended=False),
            "2026-03-02",
        ),
        (event(CASE, "Case.BestInterestsAssessed", decision="placement", assessed_on="2026-03-10"),
         "2026-03-10"),
    ],
)  # fmt: skip
def test_contact_moves_the_no_contact_item(change: Change, contact_on: str) -> None:
    engine, model = memory_engine(), Due()
    metadata = MetaData()
    tables = model.define(metadata, 1)
    metadata.create_all(engine)
    with engine.begin() as conn:
        model.apply(conn, tables, [opened(), change])
        last = conn.execute(tables["due_cases"].select()).mappings().one()["last_contact_on"]
    assert last.isoformat() == contact_on


def test_each_partners_sharing_consent_is_renewed_on_its_own() -> None:
    partners = ["IOM Kosovo", "Qendra për Mbrojtjen e Viktimave " * 8]
    given = [
        event(BENEFICIARY, "Beneficiary.ConsentGiven", kind="sharing", partner=partner,
              given_by="guardian", given_on="2026-03-01", renew_by="2026-09-01")
        for partner in partners
    ]  # fmt: skip
    renewed = event(BENEFICIARY, "Beneficiary.ConsentGiven", kind="sharing", partner=partners[0],
                    given_by="guardian", given_on="2026-08-01", renew_by=None)  # fmt: skip
    rows = of_kind(open_items(*given, opened()), "guardian_consent_renewal")
    assert len(rows) == 2
    assert len(of_kind(open_items(*given, renewed, opened()), "guardian_consent_renewal")) == 1


def test_a_screened_out_case_owes_nothing_until_screened_again() -> None:
    out = event(CASE, "Case.ScreenedOut", outcome="insufficient_information",
                screened_on="2026-03-03")  # fmt: skip
    assert open_items(opened(), out) == []
    again = event(CASE, "Case.Rescreened")
    assert [row["kind"] for row in open_items(opened(), out, again)] == ["risk_reassessment"]
