"""Criminal proceedings over HTTP (both databases): opened on a case by a lawyer,
hearings scheduled at a registered court and adjourned, stages only forward, the
references withheld from auditors, the case file's `proceedings` part, and assistance
given to a person who declined to cooperate (it never depends on cooperation)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.organisation import OrganisationKind
from domain.organisation_values import OrganisationDetails, OrganisationNames
from services.access import Role
from services.commands.organisation import RegisterOrganisation
from services.disclosure import WITHHELD
from tests.support.factories import (
    MANAGER,
    care_plan_with_services,
    case_in_service_provision,
    facility,
    today_in_prishtina,
)
from tests.support.http import Api, project_now, serving

PROCEEDINGS = "/api/v1/proceedings"
REFERENCE = "PD-2026/0142"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        yield served


def answer(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def court(api: Api) -> UUID:
    command = RegisterOrganisation(
        key="basic-court-prishtine",
        names=OrganisationNames(albanian="Gjykata Themelore Prishtinë"),
        details=OrganisationDetails(kind=OrganisationKind.COURT, country="XK", municipality="13"),
        active_from=date(2020, 1, 1),
    )
    return api.journey.bus.execute(None, command, actor=MANAGER).id


def opened(api: Api, case_id: UUID) -> str:
    body = {
        "case_id": str(case_id),
        "role": "injured_party",
        "stage": "investigation",
        "stage_on": (today_in_prishtina() - timedelta(days=30)).isoformat(),
        "police_reference": REFERENCE,
    }
    return str(answer(api.post(Role.LAWYER, PROCEEDINGS, body), 201)["id"])


def test_a_lawyer_opens_proceedings_and_a_hearing_is_adjourned(api: Api) -> None:
    case_id = case_in_service_provision(api.journey)
    path = f"{PROCEEDINGS}/{opened(api, case_id)}"
    ahead = today_in_prishtina() + timedelta(days=14)
    hearing = {"scheduled_on": ahead.isoformat(), "court_organisation_id": str(court(api))}
    answer(api.post(Role.LAWYER, f"{path}/schedule-hearing", hearing))
    later = (ahead + timedelta(days=30)).isoformat()
    answer(api.post(Role.CASE_MANAGER, f"{path}/adjourn-hearing", {"number": 1, "new_date": later}))
    shown = answer(api.get(Role.LAWYER, path))
    assert [h["status"] for h in shown["hearings"].values()] == ["adjourned", "scheduled"]
    assert shown["hearings"]["2"]["scheduled_on"] == later
    assert shown["police_reference"] == REFERENCE
    case = answer(api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}/proceedings"))
    assert [p["id"] for p in case] == [shown["id"]]


def test_the_stage_never_moves_back(api: Api) -> None:
    path = f"{PROCEEDINGS}/{opened(api, case_in_service_provision(api.journey))}"
    answer(api.post(Role.LAWYER, f"{path}/advance-stage", {"stage": "trial"}))
    back = answer(api.post(Role.LAWYER, f"{path}/advance-stage", {"stage": "indictment"}), 409)
    assert back["rule"] == "stage_not_forward"


def test_an_unregistered_court_is_refused_naming_the_field(api: Api) -> None:
    path = f"{PROCEEDINGS}/{opened(api, case_in_service_provision(api.journey))}"
    hearing = {
        "scheduled_on": today_in_prishtina().isoformat(),
        "court_organisation_id": str(uuid4()),
    }
    refused = answer(api.post(Role.LAWYER, f"{path}/schedule-hearing", hearing), 422)
    assert refused["field"] == "court_organisation_id"


def test_references_are_withheld_from_auditors_and_clinicians_may_not_read(api: Api) -> None:
    case_id = case_in_service_provision(api.journey)
    path = f"{PROCEEDINGS}/{opened(api, case_id)}"
    audited = answer(api.get(Role.AUDITOR, path))
    assert audited["police_reference"] == WITHHELD
    assert "police_reference" in audited["withheld"]
    assert api.get(Role.CLINICIAN, path).status_code == 403
    assert api.post(Role.CASEWORKER, f"{path}/advance-stage", {"stage": "trial"}).status_code == 403
    project_now(api)
    file = answer(api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}/file"))
    assert [p["police_reference"] for p in file["proceedings"]] == [REFERENCE]


def test_assistance_goes_on_for_a_person_who_declined_to_cooperate(api: Api) -> None:
    case_id = case_in_service_provision(api.journey)
    path = f"{PROCEEDINGS}/{opened(api, case_id)}"
    answer(api.post(Role.LAWYER, f"{path}/record-cooperation", {"choice": "declines"}))
    assert answer(api.get(Role.LAWYER, path))["cooperation"] == "declines"
    care_plan = care_plan_with_services(api.journey, case_id)  # services planned
    delivery = {"number": 1, "attended": True, "duration_minutes": 40, "delivered_by": "besa"}
    answer(api.post(Role.CASE_MANAGER, f"/api/v1/care-plans/{care_plan}/record-delivery", delivery))
    today = today_in_prishtina().isoformat()
    service = {
        "service": "psychological",
        "provider": "PVPT",
        "outcome": "completed",
        "delivered_on": today,
    }
    answer(api.post(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}/deliver-service", service))
    admission = {"case_id": str(case_id), "facility_id": str(facility(api.journey))}
    answer(api.post(Role.CASE_MANAGER, "/api/v1/stays", admission), 201)


def test_erasure_reaches_the_references_and_the_private_lawyer(api: Api) -> None:
    case_id = case_in_service_provision(api.journey)
    path = f"{PROCEEDINGS}/{opened(api, case_id)}"
    lawyer = {"kind": "private_lawyer", "private_lawyer": "Av. Arben Morina"}
    answer(api.post(Role.LAWYER, f"{path}/record-representation", lawyer))
    beneficiary = answer(api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}"))["beneficiary_id"]
    erasure = {"legal_basis": "consent_withdrawn", "reference": "DPO-2026-001"}
    answer(api.post(Role.CASE_MANAGER, f"/api/v1/beneficiaries/{beneficiary}/erasure", erasure))
    shown = answer(api.get(Role.LAWYER, path))
    assert REFERENCE not in str(shown)
    assert "Arben Morina" not in str(shown)
    assert shown["stage"] == "investigation"  # what is not personal stays


def test_a_hearing_is_in_the_due_list_as_a_court_date(api: Api) -> None:
    case_id = case_in_service_provision(api.journey)
    path = f"{PROCEEDINGS}/{opened(api, case_id)}"
    ahead = (today_in_prishtina() + timedelta(days=10)).isoformat()
    answer(api.post(Role.LAWYER, f"{path}/schedule-hearing", {"scheduled_on": ahead}))
    project_now(api)
    due = answer(api.get(Role.CASE_MANAGER, "/api/v1/due", kind="court_date"))["items"]
    assert [(d["case_id"], d["due_on"], d["overdue"]) for d in due] == [
        (str(case_id), ahead, False)
    ]


def test_the_case_history_holds_the_proceedings_events_withheld_for_auditors(api: Api) -> None:
    case_id = case_in_service_provision(api.journey)
    proceedings = opened(api, case_id)
    history = answer(api.get(Role.AUDITOR, f"/api/v1/cases/{case_id}/history"))
    events = [e for e in history["events"] if e["record_type"] == "proceedings"]
    assert [e["record_id"] for e in events] == [proceedings]
    assert REFERENCE not in str(events)


def test_after_erasure_no_proceedings_are_opened_and_no_reference_recorded(api: Api) -> None:
    case_id = case_in_service_provision(api.journey)
    path = f"{PROCEEDINGS}/{opened(api, case_id)}"
    beneficiary = answer(api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}"))["beneficiary_id"]
    erasure = {"legal_basis": "consent_withdrawn", "reference": "DPO-2026-002"}
    answer(api.post(Role.CASE_MANAGER, f"/api/v1/beneficiaries/{beneficiary}/erasure", erasure))
    again = {"case_id": str(case_id), "role": "witness", "stage": "trial"}
    assert answer(api.post(Role.LAWYER, PROCEEDINGS, again), 409)["rule"] == "personal_data_erased"
    refs = {"court_reference": "PKR 99/2026"}
    refused = answer(api.post(Role.LAWYER, f"{path}/record-references", refs), 409)
    assert refused["rule"] == "personal_data_erased"
