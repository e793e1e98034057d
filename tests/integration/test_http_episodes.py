"""Trafficking episodes over HTTP (both databases): recorded, revised and withdrawn on
a beneficiary; shown to each role as it may see them; sealed in the store; counted in
the outcomes read model without anything identifying."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from domain.beneficiary import Beneficiary
from services.access import Role
from tests.support.factories import register
from tests.support.http import PROBLEM, Api, project_now, serving
from tests.support.raw import found, raw_contents

BEN = "/api/v1/beneficiaries"
STREET = "Rruga e Fshehtë 77"
DETAILS = "Lulzim the bar owner's cousin"
# register(): born 2002-05-17, so 22 on 2024-06-01
EPISODE: dict[str, Any] = {
    "started_on": "2024-06-01",
    "ended_on": "2024-12-20",
    "age_when_trafficked": 22,
    "recruitment_methods": ["ThroughOnlineSocialNetworks"],
    "recruitment_platforms": ["Instagram"],
    "control_methods": ["TakesEarnings"],
    "exploitation_types": ["SexualExploitation"],
    "sexual_exploitation_types": ["Prostitution"],
    "relationship": "Acquainted",
    "places": [
        {"type": "Recruitment", "country": "XK", "municipality": "20"},
        {"type": "Exploitation", "country": "XK", "municipality": "17", "street": STREET},
    ],
    "perpetrators": [{"roles": ["RecruiterOrIntermediary"], "details": DETAILS}],
}
ABROAD: dict[str, Any] = {
    "exploitation_types": ["ForcedLabour"],
    "forced_labour_industries": ["F_Construction"],
    "places": [
        {"type": "Recruitment", "country": "XK", "municipality": "18"},
        {"type": "Exploitation", "country": "DE"},
    ],
}


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def post(api: Api, person: object, path: str, body: dict[str, Any]) -> Any:
    answer = api.post(Role.CASE_MANAGER, f"{BEN}/{person}/{path}", body)
    assert answer.status_code == 200, answer.text
    return answer


def test_episodes_are_recorded_revised_withdrawn_and_shown_as_each_role_may(api: Api) -> None:
    person = register(api.journey)
    post(api, person, "record-trafficking-episode", {"episode": EPISODE})
    post(api, person, "record-trafficking-episode", {"episode": ABROAD})
    revised = {**EPISODE, "control_methods": ["TakesEarnings", "PhysicalThreats"]}
    post(
        api,
        person,
        "revise-trafficking-episode",
        {"number": 1, "episode": revised, "reason": "She told more."},
    )
    post(
        api,
        person,
        "withdraw-trafficking-episode",
        {"number": 2, "reason": "Recorded on the wrong person."},
    )
    record = api.get(Role.CASE_MANAGER, f"{BEN}/{person}").json()
    ((number, episode),) = [(e["number"], e["episode"]) for e in record["episodes"]]
    assert number == 1
    assert episode["control_methods"] == ["TakesEarnings", "PhysicalThreats"]
    assert episode["places"][1]["street"] == STREET
    assert episode["perpetrators"][0]["details"] == DETAILS
    audited = api.get(Role.AUDITOR, f"{BEN}/{person}").json()
    shown = audited["episodes"][0]["episode"]
    assert shown["places"][1]["street"] == "withheld"
    assert shown["places"][1]["municipality"] == "17"
    assert shown["perpetrators"][0]["details"] == "withheld"
    assert shown["sexual_exploitation_types"] == ["Prostitution"]
    assert "episodes.1.places.1.street" in audited["withheld"]


def test_the_store_and_snapshots_hold_the_personal_fields_sealed(
    api: Api, database_url: str
) -> None:
    person = register(api.journey)
    post(api, person, "record-trafficking-episode", {"episode": EPISODE})
    api.journey.app.take_snapshot(person)
    assert found(raw_contents(database_url), (STREET, DETAILS)) == []
    restored: Beneficiary = api.journey.app.repository.get(person)  # from the snapshot (v5)
    assert restored.episodes[1].places[1].street == STREET
    assert restored.episodes_recorded == 1


def test_a_bad_episode_is_refused_naming_the_field_and_nothing_is_recorded(api: Api) -> None:
    person = register(api.journey)
    bad = {**EPISODE, "places": [{"type": "Exploitation", "country": "AL", "municipality": "17"}]}
    answer = api.post(
        Role.CASE_MANAGER, f"{BEN}/{person}/record-trafficking-episode", {"episode": bad}
    )
    assert (answer.status_code, answer.headers["content-type"]) == (422, PROBLEM)
    assert "places[0].municipality" in answer.json()["detail"]
    older = {**EPISODE, "age_when_trafficked": 30}
    answer = api.post(
        Role.CASE_MANAGER, f"{BEN}/{person}/record-trafficking-episode", {"episode": older}
    )
    assert answer.json()["rule"] == "episode_age_mismatch"
    assert api.get(Role.CASE_MANAGER, f"{BEN}/{person}").json()["episodes"] == []


def test_the_outcomes_model_counts_episodes_by_code_without_identifying_columns(api: Api) -> None:
    person = register(api.journey)
    post(api, person, "record-trafficking-episode", {"episode": EPISODE})
    post(api, person, "record-trafficking-episode", {"episode": ABROAD})
    project_now(api, "outcomes")
    with api.engine.connect() as conn:
        rows = (
            conn.execute(text("SELECT * FROM trafficking_episodes ORDER BY number"))
            .mappings()
            .all()
        )
        counts = conn.execute(text("SELECT kind, value, episodes FROM episodes_by_code")).all()
    assert [(r["number"], r["crossed_border"], r["age_band_when_trafficked"]) for r in rows] == [
        (1, None, "21-23"),
        (2, 1, None),
    ]
    assert rows[0]["exploitation_districts"] == "Peje"
    assert rows[1]["exploitation_countries"] == "DE"
    assert {(k, v): n for k, v, n in counts}[("exploitation_types", "SexualExploitation")] == 1
    assert ("forced_labour_industries", "F_Construction", 1) in counts
    counted = api.get(Role.ANALYST, "/api/v1/outcomes/episodes", kind="exploitation_country")
    assert counted.status_code == 200, counted.text
    assert {(r["value"], r["episodes"]) for r in counted.json()["items"]} == {("XK", 1), ("DE", 1)}
    assert STREET not in str(rows)
    assert DETAILS not in str(rows)
    post(api, person, "withdraw-trafficking-episode", {"number": 2, "reason": "In error."})
    project_now(api, "outcomes")
    with api.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT COUNT(*) FROM episode_codes WHERE number = 2")).scalar() == 0
        )
