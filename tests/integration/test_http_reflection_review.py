"""Review of issue 14, items 10 and 11, over HTTP on both databases: an extension by
date is bounded as one by days is; closing a case ends its reflection period, and the
case view, the due list and a rescreening agree (moved from test_review_i14.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from services.access import Role
from tests.support.factories import WORKER, case_in_service_provision, open_case, register
from tests.support.http import Api, serving


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        yield served


def screen_out(api: Api, case: str) -> None:
    """Assigned, risk assessed, screened and screened out (the case closes)."""
    out = {"outcome": "declined", "rationale": "Declined.", "no_referral_reason": "Declined."}
    steps: tuple[tuple[str, dict[str, Any]], ...] = (
        ("assign-caseworker", {"caseworker": WORKER}),
        ("assess-risk", {"level": "low"}),
        ("start-screening", {}),
        ("screen-out", out),
    )
    for step, body in steps:
        answer = api.post(Role.CASE_MANAGER, f"{case}/{step}", body)
        assert answer.is_success, answer.text


def started(api: Api, case_id: UUID) -> str:
    case = f"/api/v1/cases/{case_id}"
    start = {"legal_basis": "kosovo_sop"}
    assert api.post(Role.CASE_MANAGER, f"{case}/start-reflection-period", start).is_success
    return case


def test_a_reflection_period_is_not_extended_without_bound(api: Api) -> None:
    """Given a running period, when extended to a day 73 years on, then refused naming
    new_end (as extra_days over 365 is)."""
    case = started(api, case_in_service_provision(api.journey))
    extension = {"reason": "Court date moved.", "new_end": "2099-12-01"}
    answer = api.post(Role.CASE_MANAGER, f"{case}/extend-reflection-period", extension)
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == "new_end"


def test_screening_out_ends_the_reflection_period(api: Api) -> None:
    """Given a running period, when the case is screened out, then the view shows it
    ended with the closure; screened again, it does not run again."""
    case = started(api, open_case(api.journey, register(api.journey)))
    screen_out(api, case)
    period = api.get(Role.CASE_MANAGER, case).json()["reflection_period"]
    assert (period["running"], period["ended_early"], period["end_reason"]) == (
        False,
        True,
        "case_closed",
    )
    assert period["days_left"] is None
    assert api.post(Role.CASE_MANAGER, f"{case}/rescreen", {"reason": "New facts."}).is_success
    again = api.get(Role.CASE_MANAGER, case).json()["reflection_period"]
    assert (again["running"], again["end_reason"]) == (False, "case_closed")
