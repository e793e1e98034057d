"""The partner-organisation registry through the app, on SQLite and PostgreSQL: registered,
renamed keeping its identity, deactivated and reactivated over HTTP; the shipped registry
imported idempotently; the list searched by name in any of our languages and filtered;
and the lookup other services use (`registered_organisation`) refusing what it must."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.errors import InvalidInput, RuleViolated
from domain.organisation import Organisation, organisation_id
from services.access import Role
from services.organisation_registry import import_registry, parse_registry, read_registry
from services.organisations import registered_organisation
from tests.support.factories import MANAGER, today_in_prishtina
from tests.support.http import PROBLEM, Api, project_now, serving

LIST = "/api/v1/organisations"
NGO = {
    "key": "ngo-hope-gjakove",
    "names": {"albanian": "Shpresa, Gjakovë", "english": "Hope, Gjakovë"},
    "details": {"kind": "ngo", "country": "XK", "municipality": "02", "city": "Gjakovë"},
    "active_from": "2020-01-01",
}


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        yield served


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    return body


def listed(api: Api, **params: Any) -> list[str]:
    project_now(api, "organisations")
    return [row["key"] for row in ok(api.get(Role.ANALYST, LIST, limit=500, **params))["items"]]


def test_a_manager_registers_a_partner_by_key_and_a_caseworker_may_not(api: Api) -> None:
    created = ok(api.post(Role.CASE_MANAGER, LIST, NGO), 201)
    assert UUID(created["id"]) == organisation_id("ngo-hope-gjakove")
    assert problem(api.post(Role.CASEWORKER, LIST, {**NGO, "key": "other"}), 403)
    again = problem(api.post(Role.ADMIN, LIST, NGO), 409)
    assert again["rule"] == "already_registered"
    by_key = ok(api.get(Role.SHELTER_STAFF, f"{LIST}/ngo-hope-gjakove"))
    assert by_key["display_name"] == "Shpresa, Gjakovë"
    assert by_key["htcds_type"] == "NGO"
    assert by_key["active_today"] is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"details": {"kind": "ngo", "country": "AL", "municipality": "02"}}, "municipality"),
        ({"details": {"kind": "ngo", "country": "XK", "municipality": "39"}}, "municipality"),
        ({"names": {"albanian": " "}}, "names"),
        ({"details": {"kind": "ngo", "country": "XK", "phone": "ask at the desk"}}, "phone"),
        ({"active_from": "2999-01-01"}, "active_from"),
    ],
)
def test_a_bad_registration_names_its_field_and_stores_nothing(
    api: Api, change: dict[str, Any], field: str
) -> None:
    head = api.head
    assert problem(api.post(Role.CASE_MANAGER, LIST, {**NGO, **change}), 422)["field"] == field
    assert api.head == head


def test_a_rename_keeps_the_identity_and_the_old_names_stay_in_its_history(api: Api) -> None:
    ok(api.post(Role.CASE_MANAGER, LIST, NGO), 201)
    new = {"names": {"english": "Hope Centre, Gjakovë"}, "reason": "A new statute."}
    path = f"{LIST}/ngo-hope-gjakove/rename-organisation"
    renamed = ok(api.post(Role.CASE_MANAGER, path, new))
    assert UUID(renamed["id"]) == organisation_id("ngo-hope-gjakove")
    assert problem(api.post(Role.CASE_MANAGER, path, new), 409)["rule"] == "no_change"
    record = api.journey.app.load(Organisation, organisation_id("ngo-hope-gjakove"))
    assert record.display_name == "Hope Centre, Gjakovë"
    events = list(api.journey.app.events.get(record.id))
    renames = [e for e in events if isinstance(e, Organisation.Renamed)]
    assert renames[0].previous.albanian == "Shpresa, Gjakovë"
    assert listed(api, q="hope centre") == ["ngo-hope-gjakove"]
    assert listed(api, q="shpresa") == []


def test_deactivated_it_is_refused_by_the_lookup_then_reactivated_it_is_not(api: Api) -> None:
    ok(api.post(Role.CASE_MANAGER, LIST, NGO), 201)
    the_id, today = organisation_id("ngo-hope-gjakove"), today_in_prishtina()
    last = {"active_to": (today - timedelta(days=10)).isoformat(), "reason": "Closed."}
    ok(api.post(Role.ADMIN, f"{LIST}/{the_id}/deactivate-organisation", last))
    twice = api.post(Role.ADMIN, f"{LIST}/{the_id}/deactivate-organisation", last)
    assert problem(twice, 409)["rule"] == "already_deactivated"
    with pytest.raises(RuleViolated) as inactive:
        registered_organisation(api.journey.app, the_id, field="partner_id", on=today)
    assert inactive.value.rule == "organisation_inactive"
    assert "partner_id" in inactive.value.message
    assert listed(api, active_on=today.isoformat()) == []
    assert listed(api, active_on=(today - timedelta(days=11)).isoformat()) == ["ngo-hope-gjakove"]
    again = {"active_from": today.isoformat()}
    ok(api.post(Role.ADMIN, f"{LIST}/ngo-hope-gjakove/reactivate-organisation", again))
    found = registered_organisation(api.journey.app, the_id, field="partner_id", on=today)
    assert found.key == "ngo-hope-gjakove"
    assert listed(api, active_on=(today - timedelta(days=5)).isoformat()) == []


def test_the_lookup_refuses_an_organisation_never_registered(api: Api) -> None:
    with pytest.raises(InvalidInput) as unknown:
        registered_organisation(
            api.journey.app, organisation_id("nowhere"), field="receiving_id", on=date(2026, 1, 1)
        )
    assert unknown.value.field == "receiving_id"


def test_the_shipped_registry_imports_once_and_a_changed_name_is_a_rename(api: Api) -> None:
    shipped = read_registry()
    first = import_registry(api.journey.bus, shipped, actor=MANAGER)
    assert len(first.registered) == len(shipped) > 90
    again = import_registry(api.journey.bus, shipped, actor=MANAGER)
    assert (again.registered, again.renamed) == ([], [])
    changed = parse_registry(
        '[[organisation]]\nkey = "iom-kosovo"\nkind = "international_organisation"\n'
        'english = "IOM Kosovo"\ncountry = "XK"\n'
    )
    assert import_registry(api.journey.bus, changed, actor=MANAGER).renamed == ["iom-kosovo"]
    iom = api.journey.app.load(Organisation, organisation_id("iom-kosovo"))
    assert iom.display_name == "IOM Kosovo"
    assert iom.htcds_type is None  # an international organisation, not an NGO


def test_the_list_finds_a_name_in_any_language_and_filters(api: Api) -> None:
    import_registry(api.journey.bus, read_registry(), actor=MANAGER)
    assert "csw-prishtine" in listed(api, q="qendra pune sociale prishtine")
    assert "csw-prishtine" in listed(api, q="Centar za socijalni rad Priština")
    assert "csw-prishtine" in listed(api, q="Центар за социјални рад Приштина")
    assert listed(api, q="QENDRA PËR PUNË SOCIALE GJAKOVË") == ["csw-gjakove"]
    embassies = listed(api, kind="embassy")
    assert "embassy-albania" in embassies
    assert "iom-kosovo" not in embassies
    in_gjakove = listed(api, municipality="02")
    assert {"csw-gjakove", "basic-court-gjakove", "shelter-gjakove"} <= set(in_gjakove)
    assert listed(api, country="RS") == ["embassy-ukraine-belgrade"]
    bad = problem(api.get(Role.ANALYST, LIST, municipality="99"), 422)
    assert bad["field"] == "municipality"


def test_every_staff_role_reads_the_list_sorted_and_paged(api: Api) -> None:
    import_registry(api.journey.bus, read_registry(), actor=MANAGER)
    project_now(api, "organisations")
    for role in Role:
        page = ok(api.get(role, LIST, sort="-display_name", limit=10, total="true"))
        assert page["total"] > 90
        assert len(page["items"]) == 10
        assert page["next_cursor"] is not None
    names = [
        r["display_name"] for r in ok(api.get(Role.LAWYER, LIST, sort="display_name"))["items"]
    ]
    assert names == sorted(names)


def test_details_change_the_place_the_list_shows_and_the_same_details_are_no_change(
    api: Api,
) -> None:
    ok(api.post(Role.CASE_MANAGER, LIST, NGO), 201)
    moved = {
        "details": {
            "kind": "shelter",
            "country": "XK",
            "municipality": "17",
            "phone": "+383 39 123 456",
        }
    }
    path = f"{LIST}/ngo-hope-gjakove/change-organisation-details"
    ok(api.post(Role.ADMIN, path, moved))
    assert problem(api.post(Role.ADMIN, path, moved), 409)["rule"] == "no_change"
    assert listed(api, municipality="17") == ["ngo-hope-gjakove"]
    row = ok(api.get(Role.CLINICIAN, LIST, q="hope"))["items"]
    assert [r["phone"] for r in row] == ["+38339123456"]
    assert [r["kind"] for r in row] == ["shelter"]
