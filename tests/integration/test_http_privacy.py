"""Erasure over HTTP, and free texts withheld from roles that see no personal data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.access import Role
from tests.support.http import serving
from tests.support.survivor import SECRETS, survivor

ERASURE = {"legal_basis": "court_order", "reference": "KS-2026/118"}


def test_an_admin_erases_and_every_view_says_so(database_url: str, read_url: str) -> None:
    with serving(database_url, read_url) as api:
        person = survivor(api.journey)
        path = f"/api/v1/beneficiaries/{person.beneficiary}"
        assert "Zanafina" in api.get(Role.CASE_MANAGER, path).text
        answer = api.post(Role.ADMIN, f"{path}/erasure", ERASURE)
        assert answer.status_code == 200, answer.text
        assert (
            answer.json()["version"] == api.journey.queries.beneficiary(person.beneficiary).version
        )
        view = api.get(Role.CASE_MANAGER, path).json()
        assert view["personal_data"] == "erased"
        assert view["erasure_basis"] == "court_order"
        assert view["personal"]["given_name"] == "[erased]"
        for route in (path, f"/api/v1/cases/{person.case}", f"/api/v1/plans/{person.plan}"):
            text = api.get(Role.CASE_MANAGER, route).text
            assert [s for s in SECRETS if s in text] == [], route
        again = api.post(Role.CASE_MANAGER, f"{path}/erasure", ERASURE)
        assert again.status_code == 409
        assert again.json()["rule"] == "personal_data_erased"


def test_a_malformed_erasure_names_the_field(database_url: str, read_url: str) -> None:
    with serving(database_url, read_url) as api:
        person = survivor(api.journey)
        path = f"/api/v1/beneficiaries/{person.beneficiary}/erasure"
        narrative = {"legal_basis": "objection", "reference": "she asked us on the phone"}
        answer = api.post(Role.CASE_MANAGER, path, narrative)
        assert answer.status_code == 422
        assert "reference" in answer.json()["detail"]
        unknown = api.post(Role.CASE_MANAGER, path, {**ERASURE, "legal_basis": "because"})
        assert unknown.status_code == 422
        assert "legal_basis" in unknown.text
        assert api.journey.queries.beneficiary(person.beneficiary).erased_on is None


def test_an_auditor_reads_a_plan_without_its_free_texts(database_url: str, read_url: str) -> None:
    with serving(database_url, read_url) as api:
        person = survivor(api.journey)
        path = f"/api/v1/plans/{person.plan}"
        audited = api.get(Role.AUDITOR, path).json()
        assert audited["goals"]["1"]["description"] == "withheld"
        assert audited["goals"]["1"]["progress"] == ["withheld"]
        managed = api.get(Role.CASE_MANAGER, path).json()
        assert managed["goals"]["1"]["description"] == "Zanafina back to school"
        assert datetime.now(UTC) - timedelta(days=1) < datetime.fromisoformat(managed["created_on"])
