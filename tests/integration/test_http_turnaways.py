"""Turn-aways and facilities' places through the API, on SQLite and PostgreSQL: recorded
by shelter staff with a registered organisation referred to, refused with the field or
rule named, and counted per facility, month and reason in the capacity read model."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.facility import Facility
from domain.organisation_values import OrganisationDetails, OrganisationNames
from domain.vocab import ErasureBasis, FacilityKind
from services.access import Role
from services.commands.beneficiary import ErasePersonalData
from services.commands.organisation import RegisterOrganisation
from services.commands.shelter import AdmitToShelter, RegisterFacility
from tests.support.factories import MANAGER, case_in_service_provision, today_in_prishtina
from tests.support.http import PROBLEM, Api, project_now, serving


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        yield served


def ok(response: Any) -> Any:
    assert response.status_code in {200, 201}, response.text
    return response.json()


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    return body


def organisation(api: Api, key: str = "interim-security-facility") -> UUID:
    command = RegisterOrganisation(
        key=key,
        names=OrganisationNames(english="Interim Security Facility"),
        details=OrganisationDetails(kind="shelter", country="XK", municipality="19"),  # type: ignore[arg-type]
        active_from=date(2020, 1, 1),
    )
    return api.journey.bus.execute(None, command, actor=MANAGER).id


def shelter(api: Api, beds: int = 1) -> UUID:
    body = {
        "name": "Shelter Gjakova",
        "kind": "shelter",
        "beds": beds,
        "effective_from": "2025-01-01",
        "municipality": "02",
    }
    return UUID(ok(api.post(Role.ADMIN, "/api/v1/facilities", body))["id"])


def fill(api: Api, facility_id: UUID) -> None:
    case_id = case_in_service_provision(api.journey)
    api.journey.bus.execute(
        None, AdmitToShelter(case_id=case_id, facility_id=facility_id), actor=MANAGER
    )


def turn_away(api: Api, facility_id: UUID, who: Role = Role.SHELTER_STAFF, **body: Any) -> Any:
    return api.post(who, f"/api/v1/facilities/{facility_id}/record-turn-away", body)


def test_turn_aways_are_recorded_and_counted_per_facility_month_and_reason(api: Api) -> None:
    isf, facility_id = organisation(api), shelter(api)
    fill(api, facility_id)
    ok(
        turn_away(
            api,
            facility_id,
            reason="no_bed",
            referred_to=str(isf),
            gender="Feminine",
            age_group="child",
        )
    )
    ok(
        turn_away(
            api,
            facility_id,
            Role.CASE_MANAGER,
            reason="no_bed",
            referred_to=str(isf),
            gender="Masculine",
            age_group="adult",
        )
    )
    ok(turn_away(api, facility_id, reason="declined_by_person"))
    note = "The shelter takes women and girls only; a family shelter was called."
    ok(turn_away(api, facility_id, reason="other", note=note, age_group="adult"))
    reloaded = api.journey.app.load(Facility, facility_id)  # the sealed note reads back
    assert reloaded.version == 6  # registered, a bed taken, four turn-aways
    stored = api.journey.app.recorder.select_events(facility_id)
    assert any(b"Shelter Gjakova" in event.state for event in stored)  # plain JSON ...
    assert not any(note.encode() in event.state for event in stored)  # ... the note sealed
    project_now(api, "capacity")
    rows = ok(api.get(Role.ANALYST, "/api/v1/capacity/turn-aways", facility_id=str(facility_id)))
    month = today_in_prishtina().isoformat()[:7]
    counts = {
        r["reason"]: (
            r["month"],
            r["turn_aways"],
            r["referred"],
            r["children"],
            r["adults"],
            r["women_and_girls"],
            r["men_and_boys"],
            r["municipality"],
        )
        for r in rows["items"]
    }
    assert counts == {
        "no_bed": (month, 2, 2, 1, 1, 1, 1, "02"),
        "declined_by_person": (month, 1, 0, 0, 0, 0, 0, "02"),
        "other": (month, 1, 0, 0, 1, 0, 0, "02"),
    }
    (referral,) = ok(api.get(Role.SHELTER_STAFF, "/api/v1/capacity/turn-aways/referrals"))["items"]
    assert (referral["organisation_id"], referral["turn_aways"]) == (str(isf), 2)
    only = ok(api.get(Role.ANALYST, "/api/v1/capacity/turn-aways", reason="declined_by_person"))
    assert [r["reason"] for r in only["items"]] == ["declined_by_person"]


def test_a_turn_away_is_refused_naming_the_field_or_rule(api: Api) -> None:
    isf, facility_id = organisation(api), shelter(api)
    unknown = "0b6f7a1e-0000-4000-8000-0000000000ff"
    refused = problem(turn_away(api, facility_id, reason="no_bed", referred_to=str(isf)), 409)
    assert refused["rule"] == "beds_free"
    fill(api, facility_id)
    missing = problem(turn_away(api, facility_id, reason="no_bed"), 422)
    assert missing["field"] == "referred_to"
    stranger = problem(turn_away(api, facility_id, reason="no_bed", referred_to=unknown), 422)
    assert stranger["field"] == "referred_to"
    no_case = turn_away(
        api, facility_id, Role.CASE_MANAGER, reason="outside_mandate", case_id=unknown
    )
    assert problem(no_case, 422)["field"] == "case_id"
    assert problem(turn_away(api, facility_id, reason="other"), 422)["field"] == "note"
    assert turn_away(api, facility_id, Role.CASEWORKER, reason="other", note="x").status_code == 403
    project_now(api, "capacity")
    assert ok(api.get(Role.ANALYST, "/api/v1/capacity/turn-aways"))["items"] == []


def test_risk_too_high_is_refused_for_a_medium_risk_case(api: Api) -> None:
    isf, facility_id = organisation(api), shelter(api)
    case_id = case_in_service_provision(api.journey)  # assessed medium
    body: dict[str, Any] = {
        "reason": "risk_too_high",
        "referred_to": str(isf),
        "case_id": str(case_id),
    }
    refused = problem(turn_away(api, facility_id, Role.CASE_MANAGER, **body), 409)
    assert refused["rule"] == "risk_not_high"
    assert "not assessed high risk" in refused["detail"]
    assert "medium" not in refused["detail"]


def test_shelter_staff_name_no_case_and_learn_nothing_of_one(api: Api) -> None:
    """Refused before the case is loaded: the same answer for a real case of any risk
    and for an id that is no case, so the answer tells them nothing they may not read."""
    isf, facility_id = organisation(api), shelter(api)
    case_id = case_in_service_provision(api.journey)  # assessed medium
    unknown = "0b6f7a1e-0000-4000-8000-0000000000ff"
    bodies: list[dict[str, Any]] = [
        {"reason": "risk_too_high", "referred_to": str(isf), "case_id": str(case_id)},
        {"reason": "risk_too_high", "referred_to": str(isf), "case_id": unknown},
        {"reason": "outside_mandate", "case_id": str(case_id)},
        {"reason": "outside_mandate", "case_id": unknown},
    ]
    answers = [problem(turn_away(api, facility_id, **body), 403)["detail"] for body in bodies]
    assert len(set(answers)) == 1
    assert "may not name a case" in answers[0]
    assert api.journey.app.load(Facility, facility_id).version == 1  # nothing recorded
    ok(turn_away(api, facility_id, reason="risk_too_high", referred_to=str(isf)))


def test_a_turn_away_tied_to_a_case_carries_no_note(api: Api) -> None:
    facility_id = shelter(api)
    case_id = str(case_in_service_provision(api.journey))
    body: dict[str, Any] = {"reason": "other", "case_id": case_id, "note": "It takes no pets."}
    assert problem(turn_away(api, facility_id, Role.CASE_MANAGER, **body), 422)["field"] == "note"
    ok(turn_away(api, facility_id, Role.CASE_MANAGER, reason="other", case_id=case_id))
    turned = api.journey.app.load(Facility, facility_id)
    assert turned.version == 2


def test_a_turn_away_is_not_tied_to_an_erased_persons_case(api: Api) -> None:
    facility_id = shelter(api)
    case_id = case_in_service_provision(api.journey)
    beneficiary_id = api.journey.queries.case(case_id).beneficiary_id
    erasure = ErasePersonalData(legal_basis=ErasureBasis.CONSENT_WITHDRAWN, reference="DPO-1")
    api.journey.bus.execute(beneficiary_id, erasure, actor=MANAGER)
    body: dict[str, Any] = {"reason": "outside_mandate", "case_id": str(case_id)}
    refused = problem(turn_away(api, facility_id, Role.CASE_MANAGER, **body), 409)
    assert refused["rule"] == "personal_data_erased"
    assert api.journey.app.load(Facility, facility_id).version == 1


def test_a_facility_is_registered_in_a_municipality_and_relocates(api: Api) -> None:
    facility_id = shelter(api)
    moved = {"municipality": "20"}
    ok(api.post(Role.ADMIN, f"/api/v1/facilities/{facility_id}/relocate-facility", moved))
    again = api.post(Role.ADMIN, f"/api/v1/facilities/{facility_id}/relocate-facility", moved)
    assert problem(again, 409)["rule"] == "no_change"
    bad = api.post(
        Role.ADMIN, f"/api/v1/facilities/{facility_id}/relocate-facility", {"municipality": "99"}
    )
    assert problem(bad, 422)["field"] == "municipality"
    command = RegisterFacility(
        name="Old", kind=FacilityKind.SHELTER, beds=2, effective_from=date(2025, 1, 1)
    )
    api.journey.bus.execute(None, command, actor=MANAGER)
    viewed = ok(api.get(Role.SHELTER_STAFF, f"/api/v1/facilities/{facility_id}"))
    assert viewed["municipality"] == "20"
    project_now(api, "capacity")
    rows = ok(api.get(Role.ANALYST, "/api/v1/capacity"))["items"]
    places = {r["name"]: (r["municipality"], r["municipality_name"]) for r in rows}
    assert places == {"Shelter Gjakova": ("20", "Prizren"), "Old": (None, None)}
