"""The staff console in a real browser, against `journey up --demo` as a new user runs
it: the printed demo accounts sign in (enrolling an authenticator app), a caseworker's
day, the last shelter bed wanted by two people at once, a role that must not see
personal data, the language switch, and an automated accessibility check (axe-core).
Each page's text is compared with what the API answers the same session."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, FilePayload, Page

from tests.support import typescript
from tests.support.console import WAIT_MS, Authenticators, chromium, demo_accounts, shot, sign_in
from tests.support.journey_up import CLI, add_user, journey_up
from tests.support.prevention import SCHOOL, sheet

pytestmark = pytest.mark.slow

CASEWORKER, MANAGER, SHELTER = "besa.pvpt", "arta.berisha", "mirlinda.shelter"
AUDITOR, PREVENTION = "teuta.auditor", "drita.gashi"
AXE = typescript.CLIENT / "node_modules" / "axe-core" / "axe.min.js"


@dataclass
class Live:
    url: str
    data_dir: Path
    accounts: dict[str, str]
    api: httpx.Client  # a case manager's token, for setting up and for comparisons
    admin: httpx.Client
    apps: Authenticators
    shots: Path


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    where = tmp_path_factory.mktemp("console")
    data_dir, log = where / "data", where / "up.log"
    with journey_up(data_dir, log, CLI, "--demo") as (_, port):
        _wait_for(log, "staff console: http://127.0.0.1:")
        url = f"http://127.0.0.1:{port}"
        token = add_user(data_dir, "probe.manager", "case_manager")
        admin_token = (data_dir / "admin.token").read_text().strip()
        with (
            httpx.Client(base_url=url, headers=_bearer(token), timeout=60) as api,
            httpx.Client(base_url=url, headers=_bearer(admin_token), timeout=60) as admin,
        ):
            shots = where / "screenshots"
            shots.mkdir()
            yield Live(url, data_dir, demo_accounts(data_dir), api, admin, Authenticators(), shots)


@pytest.fixture(scope="module")
def browser(live: Live) -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _wait_for(log: Path, line: str, seconds: float = 600) -> None:
    """Until `journey up` logs `line` (the console's address, once caught up)."""
    deadline = time.monotonic() + seconds
    while line not in log.read_text(errors="replace"):
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(1)


def _signed_in(
    browser: Browser, live: Live, user: str, **options: Any
) -> tuple[BrowserContext, Page]:
    context = browser.new_context(locale="sq-AL", **options)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    sign_in(page, live.url, user, live.accounts[user], live.apps)
    return context, page


def _api_of(page: Page, path: str) -> Any:
    """What the API answers this page's session (cookie), as JSON."""
    return page.evaluate("path => fetch(path).then(r => r.json())", path)


def _my_first_case(page: Page) -> str:
    page.goto(f"{page.url.split('#')[0]}#/day")
    cases = page.locator("table").nth(1).locator("tbody tr td:first-child a")
    cases.first.wait_for()
    return cases.first.inner_text()


def test_a_caseworkers_day_in_the_console(browser: Browser, live: Live) -> None:
    context, page = _signed_in(browser, live, CASEWORKER)
    with context:
        page.locator("h1", has_text="Dita ime").wait_for()
        shot(page, "my-day", live.shots)
        mine = _api_of(page, f"/api/v1/cases?caseworker={CASEWORKER}&limit=500&total=true")
        assert f"{mine['total']} raste" in page.locator(".summary").inner_text()
        number = _my_first_case(page)
        page.locator(f"a[href='#/case/{number}']").first.click()
        heading = page.locator("h1", has_text=number)
        heading.wait_for()
        file = _api_of(page, f"/api/v1/cases/{number}/file")
        person = _api_of(page, f"/api/v1/beneficiaries/{file['case']['beneficiary_code']}")
        section = page.locator("#person").inner_text()
        if person["personal"] is not None:
            assert person["personal"]["given_name"] in section
        _record_a_note(page, number)
        _record_a_service(page, number)
        shot(page, "case", live.shots)
        _find_her_again(page, file["case"]["beneficiary_code"], number)
        _intake(page, live)


def _record_a_note(page: Page, number: str) -> None:
    page.locator("#forms details", has=page.locator("#note")).locator("summary").click()
    page.locator("#note button[type=submit]").click()  # empty: the server says what is wrong
    error = page.locator("#note-text-error")
    error.wait_for(state="visible")
    assert error.inner_text().strip()
    assert page.locator("#note-text").get_attribute("aria-invalid") == "true"
    page.locator("#note-text").fill("Erdhi në qendrën ditore; flet për punën në Gjermani.")
    page.locator("#note button[type=submit]").click()
    page.locator("#notes td", has_text="flet për punën në Gjermani").wait_for()
    notes = _api_of(page, f"/api/v1/cases/{number}")["notes"]
    assert notes[-1]["text"] == "Erdhi në qendrën ditore; flet për punën në Gjermani."


def _record_a_service(page: Page, number: str) -> None:
    before = len(_api_of(page, f"/api/v1/cases/{number}")["services"])
    page.locator("#forms details", has=page.locator("#service")).locator("summary").click()
    page.locator("#service-service").select_option("psychological")
    page.locator("#service button[type=submit]").click()
    page.locator("h1", has_text=number).wait_for()
    deadline = time.monotonic() + 30
    while len(_api_of(page, f"/api/v1/cases/{number}")["services"]) == before:
        assert time.monotonic() < deadline, page.locator("#service-error").inner_text()
        time.sleep(0.5)


def _find_her_again(page: Page, code: str, number: str) -> None:
    page.locator("nav a[href='#/find']").click()
    page.locator("#by-code-code").fill(code)
    page.locator("#by-code button[type=submit]").click()
    page.locator("h1", has_text=code).wait_for()
    assert number in page.locator("h1").inner_text() or code in page.locator("h1").inner_text()


def _intake(page: Page, live: Live) -> None:
    page.locator("nav a[href='#/intake']").click()
    page.locator("#intake-given_name").fill("Lirie")
    page.locator("#intake-family_name").fill("Gashi")
    page.locator("#intake-age_at_identification").fill("19")
    page.locator("#intake-organisation").fill("Policia e Kosovës")
    shot(page, "intake", live.shots)
    page.locator("#intake button[type=submit]").click()
    page.locator("h1", has_text="PVPT-C-").wait_for()
    assert "Lirie Gashi" in page.locator("#person").inner_text()


def _race_setup(live: Live) -> tuple[str, list[str]]:
    """A shelter with one bed and two people referred to it: its id, their case numbers."""
    facility = {
        "name": "Shelter Gjilan",
        "kind": "shelter",
        "beds": 1,
        "effective_from": "2025-01-01",
    }
    answer = live.admin.post("/api/v1/facilities", json=facility)
    assert answer.is_success, answer.text
    numbers = []
    for given in ("Vlora", "Besarta"):
        person = {
            "personal": {"given_name": given, "family_name": "Krasniqi"},
            "gender": "Feminine",
            "age_at_identification": 22,
            "citizenships": ["XK"],
            "scope": "domestic",
        }
        registered = live.api.post("/api/v1/beneficiaries", json=person).json()
        referral = {
            "organisation": "Kosovo Police",
            "organisation_type": "LawEnforcement",
            "reason": "AdditionalServicesRequired",
            "referred_on": date.today().isoformat(),
        }
        opened = live.api.post(
            "/api/v1/cases", json={"beneficiary_id": registered["id"], "referral": referral}
        )
        assert opened.is_success, opened.text
        case_id = opened.json()["id"]
        assessed = live.api.post(f"/api/v1/cases/{case_id}/assess-risk", json={"level": "low"})
        assert assessed.is_success, assessed.text  # an unassessed case is not admitted
        numbers.append(live.api.get(f"/api/v1/cases/{case_id}").json()["case_number"])
    return answer.json()["id"], numbers


def test_two_admissions_to_the_last_bed_one_is_refused(browser: Browser, live: Live) -> None:
    facility, numbers = _race_setup(live)
    first, staff = _signed_in(browser, live, SHELTER)
    second, manager = _signed_in(browser, live, MANAGER)
    with first, second:
        for page, number in ((staff, numbers[0]), (manager, numbers[1])):
            page.locator("nav a[href='#/shelter']").click()
            page.locator("#admit-case").fill(number)
            page.locator("#admit-facility").select_option(facility)
        staff.locator("#admit button[type=submit]").click(no_wait_after=True)
        manager.locator("#admit button[type=submit]").click(no_wait_after=True)
        outcomes = [
            _admission_outcome(page, number)
            for page, number in ((staff, numbers[0]), (manager, numbers[1]))
        ]
        shot(staff if outcomes[0] == "refused" else manager, "shelter-full", live.shots)
    assert sorted(outcomes) == ["admitted", "refused"], outcomes
    current = live.api.get(f"/api/v1/stays?facility_id={facility}&status=current").json()["items"]
    assert len(current) == 1


def _admission_outcome(page: Page, number: str) -> str:
    """`admitted` when the board lists her, `refused` when the form shows the refusal."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        error = page.locator("#admit-error")
        if error.count() and error.inner_text().strip():
            assert "Capacity exceeded" in error.inner_text(), error.inner_text()
            return "refused"
        if page.locator("td", has_text=number).count():
            return "admitted"
        time.sleep(0.2)
    return "neither"


def _personal_values(live: Live, number: str) -> list[str]:
    """The names and birth date the case manager's API shows for the case's person."""
    code = live.api.get(f"/api/v1/cases/{number}").json()["beneficiary_code"]
    personal = live.api.get(f"/api/v1/beneficiaries/{code}").json()["personal"]
    return [personal["given_name"], personal["family_name"], personal.get("birth_date") or ""]


def test_a_role_without_personal_data_sees_none_in_the_console(
    browser: Browser, live: Live
) -> None:
    named = live.api.get("/api/v1/cases?limit=5&sort=-last_activity_at").json()["items"]
    number = named[0]["case_number"]
    values = [v for v in _personal_values(live, number) if v]
    seeing, manager = _signed_in(browser, live, MANAGER)
    with seeing:
        manager.goto(f"{live.url}/console/#/case/{number}")
        manager.locator("#person").wait_for()
        assert values[0] in manager.locator("#person").inner_text()  # the control: shown
    blind, auditor = _signed_in(browser, live, AUDITOR)
    with blind:
        auditor.goto(f"{live.url}/console/#/audit/{number}")
        auditor.locator("#audit-result table").first.wait_for()
        auditor.locator("#verify").click()
        verdict = auditor.locator("#integrity p.intact")  # the demo's history is whole
        verdict.wait_for(timeout=120_000)
        assert verdict.inner_text().startswith("E paprekur")
        shot(auditor, "audit", live.shots)
        answer = json.dumps(_api_of(auditor, f"/api/v1/cases/{number}/history"))
        for value in values:
            assert value not in auditor.locator("body").inner_text()
            assert value not in answer
        auditor.goto(f"{live.url}/console/#/case/{number}")
        auditor.locator("#person").wait_for()
        shown = auditor.locator("body").inner_text()
        assert not any(value in shown for value in values)


def test_switching_the_language_keeps_the_page(browser: Browser, live: Live) -> None:
    context, page = _signed_in(browser, live, CASEWORKER)
    with context:
        number = _my_first_case(page)
        page.goto(f"{live.url}/console/#/case/{number}")
        page.locator("h1", has_text=f"Rasti {number}").wait_for()
        months = "janar|shkurt|mars|prill|maj|qershor|korrik|gusht|shtator|tetor|nëntor|dhjetor"
        assert re.search(rf"\d+ ({months}) 20\d\d", page.locator("main").inner_text())
        for language, heading in (("en", "Case"), ("sr", "Slučaj")):
            page.locator("#language").select_option(language)
            page.locator("h1", has_text=f"{heading} {number}").wait_for()
            assert page.url.endswith(f"#/case/{number}")
            assert page.locator("html").get_attribute("lang") == language
        shot(page, "case-serbian", live.shots)


def test_the_console_passes_the_accessibility_check(browser: Browser, live: Live) -> None:
    if not AXE.exists():
        typescript.installed_and_generated()
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    with context:
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.goto(f"{live.url}/console/")
        page.locator("#sign-in").wait_for()
        found = {"sign-in": _axe(page)}
        sign_in(page, live.url, CASEWORKER, live.accounts[CASEWORKER], live.apps)
        number = _my_first_case(page)
        for route in ("day", "find", "intake", f"case/{number}", "shelter"):
            page.goto(f"{live.url}/console/#/{route}")
            page.locator("main h1").wait_for()
            page.wait_for_load_state("networkidle")
            found[route] = _axe(page)
    assert {route: problems for route, problems in found.items() if problems} == {}, found


def _axe(page: Page) -> list[str]:
    """axe-core's WCAG 2 A and AA violations on the page: rule and where."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
    )
    return [f"{v['id']}: {n['target']}" for v in result["violations"] for n in v["nodes"]]


def test_prevention_work_counted_and_a_bad_sheet_answered_line_by_line(
    browser: Browser, live: Live
) -> None:
    context, page = _signed_in(browser, live, PREVENTION)
    with context:
        page.locator("h1", has_text="Parandalimi").wait_for()
        page.locator("#activity-title").fill("Siguria online: klasa e 8")
        page.locator("#activity button[type=submit]").click()  # a school needs its place
        page.locator("#activity-municipality-error").wait_for(state="visible")
        page.locator("#activity-municipality").select_option("20")
        page.locator("#activity-group").select_option("students_grades_6_9")
        page.locator("#activity-age_band").select_option("11-14")
        page.locator("#activity-female").fill("14")
        page.locator("#activity-male").fill("12")
        page.locator("#activity button[type=submit]").click()
        page.locator("#prevention-done", has_text="26").wait_for()
        bad = sheet([{**SCHOOL, "held_on": "2026-13-40"}, {**SCHOOL, "held_on": "dje"}])
        upload: FilePayload = {"name": "maj.csv", "mimeType": "text/csv", "buffer": bad}
        page.locator("#sheet-file").set_input_files(files=[upload])
        page.locator("#sheet button[type=submit]").click()
        rows = page.locator("#sheet-result tbody tr")
        rows.first.wait_for()
        lines = [row.inner_text().split("\t")[:2] for row in rows.all()]
        assert lines == [["2", "held_on"], ["3", "held_on"]]
        assert "maj.csv" in page.locator("#sheet-result caption").inner_text()
        shot(page, "prevention", live.shots)


def test_a_manager_generates_and_downloads_a_period_report(browser: Browser, live: Live) -> None:
    templates = live.api.get("/api/v1/reports").json()
    template = next(t for t in templates if not t["needs_grant"])
    context, page = _signed_in(browser, live, MANAGER)
    with context:
        page.locator("nav a[href='#/reports']").click()
        page.locator("#report-form-template").select_option(template["name"])
        page.locator("#report-form-from").fill("2025-01-01")
        page.locator("#report-form-to").fill("2026-12-31")
        page.locator("#report-form button[type=submit]").click()
        page.locator("#report h2").wait_for()
        first_table = page.locator("#report caption").first.inner_text()
        with page.expect_download() as download:
            page.locator("#report a.download").click()
        saved = Path(download.value.path()).read_text(encoding="utf-8")
        shot(page, "report", live.shots)
    assert saved.splitlines()[0].strip('"') == first_table
