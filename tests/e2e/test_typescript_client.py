"""The TypeScript client (clients/typescript/) as a UI team uses it: installed from its
lockfile, its types generated from the committed description (docs/openapi.json),
type-checked and built; then its caseworker's day runs against a real `journey up`.

Without node and npm the test skips, visibly; with JOURNEY_REQUIRE_NODE=1 (set by
.ci/run) their absence fails the run instead.
"""

from __future__ import annotations

import os
import subprocess
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from domain.case_values import IncomingReferral
from domain.values import PersonalData
from domain.vocab import FacilityKind, Gender, IncomingReferralReason, OrganisationType
from domain.vocab import TraffickingScope as Scope
from services.commands.beneficiary import RegisterBeneficiary
from services.commands.case import AssignCaseworker, OpenCase
from services.commands.shelter import RegisterFacility
from tests.support import typescript
from tests.support.http import body
from tests.support.journey_up import add_user, journey_up

pytestmark = pytest.mark.slow

WORKER = "besa.krasniqi"
MANAGER = "arta.manager"
# Her record says Drita Hoxha; she writes her name in Serbian Cyrillic, which the
# search folds to the same words (docs/privacy.md, matching rules).
SAYS = ("--name", "Дрита Хоџа", "--birth-year", "2002")
STEPS = (
    "found PVPT-2026-0001 by name (2 of 2 name words",
    "opened beneficiary PVPT-",
    "found her case PVPT-C-",
    "opened case file PVPT-C-",
    "assessed the risk as medium",
    "re-read case PVPT-C-",
    "admitted to Shelter Prishtina",
    "recorded a general note",
    "recorded the 3-month follow-up",
    "case file PVPT-C-",
)


def _built_client() -> None:
    """Installed, its types generated from docs/openapi.json, type-checked and compiled."""
    typescript.succeeds(typescript.installed_and_generated(), "run", "build")  # tsc, strict


class Staff:
    """Calls to the live API as one user."""

    def __init__(self, url: str, token: str) -> None:
        self.client = httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )

    def post(self, path: str, payload: Any) -> dict[str, Any]:
        answer = self.client.post(path, json=payload)
        assert answer.is_success, answer.text
        result: dict[str, Any] = answer.json()
        return result

    def close(self) -> None:
        self.client.close()


def _shelter(admin: Staff) -> None:
    shelter = RegisterFacility(
        name="Shelter Prishtina", kind=FacilityKind.SHELTER, beds=4, effective_from=date(2025, 1, 1)
    )
    admin.post("/api/v1/facilities", body(shelter))


def _returning_person(manager: Staff) -> int:
    """A person helped before: registered, her case opened and assigned to the
    caseworker. The store position of the assignment."""
    person = RegisterBeneficiary(
        personal=PersonalData("Drita", "Hoxha", date(2002, 5, 17)),
        gender=Gender.FEMININE,
        age_at_identification=23,
        citizenships=("XK",),
        scope=Scope.DOMESTIC,
    )
    beneficiary_id = manager.post("/api/v1/beneficiaries", body(person))["id"]
    referral = IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        date(2025, 1, 2),
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
    )
    case = manager.post("/api/v1/cases", body(OpenCase(UUID(beneficiary_id), referral)))
    assigned = manager.post(
        f"/api/v1/cases/{case['id']}/assign-caseworker", body(AssignCaseworker(WORKER))
    )
    position: int = assigned["position"]
    return position


def _caseworker_day(url: str, token: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JOURNEY_URL": url, "JOURNEY_TOKEN": token}
    return typescript.run("node", "dist/caseworker-day.js", *args, env=env)


def test_the_caseworkers_day_runs_through_the_typescript_client(tmp_path: Path) -> None:
    """Every step answered as the description says; a refusal ends the run with its
    problem document and exit status 1."""
    _built_client()
    data_dir = tmp_path / "data"
    with journey_up(data_dir, tmp_path / "up.log") as (_, port):
        url = f"http://127.0.0.1:{port}"
        admin = Staff(url, (data_dir / "admin.token").read_text().strip())
        manager = Staff(url, add_user(data_dir, MANAGER, "case_manager"))
        with closing(admin), closing(manager):
            _shelter(admin)
            position = _returning_person(manager)
        token = add_user(data_dir, WORKER, "caseworker")
        args = (*SAYS, "--after", str(position))
        refused = _caseworker_day(url, "not-a-token", *args)
        day = _caseworker_day(url, token, *args)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert refused.stdout == ""
    assert "refused: 401 not-authenticated" in refused.stderr, refused.stderr
    assert day.returncode == 0, day.stdout + day.stderr
    lines = day.stdout.splitlines()
    assert len(lines) == len(STEPS), day.stdout
    for number, (line, expected) in enumerate(zip(lines, STEPS, strict=True), start=1):
        assert line.startswith(f"step {number}: {expected}"), day.stdout
    assert lines[-1].endswith("the day is done"), day.stdout
