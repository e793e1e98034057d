"""Criminal proceedings over HTTP after review (both databases): recording one reference
keeps the others and `clear` removes one, a payment never exceeds the award (instalments
add up, in the read model too), and a hearing is not set years ahead."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import text

from services.access import Role
from tests.integration.test_http_proceedings import PROCEEDINGS, REFERENCE, answer, opened
from tests.support.factories import case_in_service_provision, today_in_prishtina
from tests.support.http import Api, project_now, serving


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        yield served


def test_one_reference_recorded_keeps_the_others_and_clear_removes_one(api: Api) -> None:
    path = f"{PROCEEDINGS}/{opened(api, case_in_service_provision(api.journey))}"
    answer(api.post(Role.LAWYER, f"{path}/record-references", {"court_reference": "PKR 1/2026"}))
    shown = answer(api.get(Role.LAWYER, path))
    assert (shown["police_reference"], shown["court_reference"]) == (REFERENCE, "PKR 1/2026")
    answer(api.post(Role.LAWYER, f"{path}/record-references", {"clear": ["police_reference"]}))
    shown = answer(api.get(Role.LAWYER, path))
    assert (shown["police_reference"], shown["court_reference"]) == (None, "PKR 1/2026")
    both = {"police_reference": "PD-1", "clear": ["police_reference"]}
    refused = answer(api.post(Role.LAWYER, f"{path}/record-references", both), 422)
    assert refused["field"] == "clear"


def test_instalments_never_exceed_the_award(api: Api) -> None:
    path = f"{PROCEEDINGS}/{opened(api, case_in_service_provision(api.journey))}"
    claim = {"kind": "state_programme", "claimed_cents": 500}
    answer(api.post(Role.LAWYER, f"{path}/file-compensation-claim", claim))
    decided = {"number": 1, "awarded_cents": 300}
    answer(api.post(Role.LAWYER, f"{path}/decide-compensation-claim", decided))
    paid = f"{path}/record-compensation-paid"
    over = answer(api.post(Role.LAWYER, paid, {"number": 1, "paid_cents": 99_999_999}), 409)
    assert over["rule"] == "payment_exceeds_award"
    answer(api.post(Role.LAWYER, paid, {"number": 1, "paid_cents": 100}))
    project_now(api)
    with api.engine.connect() as conn:
        row = conn.execute(text("SELECT status, paid_cents FROM justice_claims")).one()
    assert tuple(row) == ("awarded", 100)
    assert answer(api.post(Role.LAWYER, paid, {"number": 1, "paid_cents": 201}), 409)["rule"] == (
        "payment_exceeds_award"
    )
    answer(api.post(Role.LAWYER, paid, {"number": 1, "paid_cents": 200}))
    project_now(api)
    with api.engine.connect() as conn:
        row = conn.execute(text("SELECT status, paid_cents FROM justice_claims")).one()
    assert tuple(row) == ("paid", 300)


def test_a_hearing_years_ahead_is_refused_naming_the_field(api: Api) -> None:
    path = f"{PROCEEDINGS}/{opened(api, case_in_service_provision(api.journey))}"
    far = {"scheduled_on": "2999-01-01"}
    assert answer(api.post(Role.LAWYER, f"{path}/schedule-hearing", far), 422)["field"] == (
        "scheduled_on"
    )
    soon = {"scheduled_on": (today_in_prishtina() + timedelta(days=400)).isoformat()}
    answer(api.post(Role.LAWYER, f"{path}/schedule-hearing", soon))
