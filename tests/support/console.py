"""Driving the staff console in a real browser: Debian's Chromium under Playwright.

Playwright's own browser download is not reachable here, so the tests launch the
system's Chromium (`/usr/bin/chromium`, or JOURNEY_CHROMIUM) headless, with the
background networking a closed network refuses switched off. Without it the tests
skip, visibly; with JOURNEY_REQUIRE_BROWSER=1 (set by .ci/run) its absence fails them.

People sign in as a person does: user name and password, then the authenticator's
code, computed here from the secret the enrolment page shows (each code is accepted
once, so a later sign-in of the same account takes a later time step).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

CHROMIUM = os.environ.get("JOURNEY_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("JOURNEY_REQUIRE_BROWSER") == "1"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STEP = 30  # seconds of a TOTP step
WAIT_MS = 60_000  # a loaded CI machine runs 17 journey processes beside the browser


def chromium_path() -> str:
    path = shutil.which(CHROMIUM) or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        if REQUIRE_BROWSER:
            pytest.fail(f"JOURNEY_REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium): console not tested")
    return path


@contextmanager
def chromium() -> Iterator[Browser]:
    path = chromium_path()
    with sync_playwright() as playwright:
        browser = _launch(playwright, path)
        try:
            yield browser
        finally:
            browser.close()


def _launch(playwright: Playwright, path: str) -> Browser:
    return playwright.chromium.launch(executable_path=path, args=FLAGS)


@dataclass
class Authenticators:
    """Each account's authenticator app: its secret, and the last time step it gave."""

    secrets: dict[str, str] = field(default_factory=dict)
    last_step: dict[str, int] = field(default_factory=dict)

    def code(self, user: str) -> str:
        """A code of a step later than the last one used (waiting for it if need be)."""
        step = max(int(time.time()) // STEP, self.last_step.get(user, -1) + 1)
        while step > int(time.time()) // STEP + 1:  # the server takes one step ahead
            time.sleep(1)
        self.last_step[user] = step
        return str(pyotp.TOTP(self.secrets[user]).at(step * STEP))


def sign_in(page: Page, url: str, user: str, password: str, apps: Authenticators) -> None:
    """Through the sign-in page (in whatever language it is), enrolling the app the
    first time; returns once the console shows the signed-in header."""
    page.goto(f"{url}/console/")
    page.locator("#sign-in-user").fill(user)
    page.locator("#sign-in-password").fill(password)
    if user in apps.secrets:
        page.locator("#sign-in-code").fill(apps.code(user))
    page.locator("#sign-in button[type=submit]").click()
    if user not in apps.secrets:
        page.locator("#secret").wait_for(timeout=WAIT_MS)
        apps.secrets[user] = page.locator("#secret").inner_text().strip()
        page.locator("#enrol-code").fill(apps.code(user))
        page.locator("#enrol button[type=submit]").click()
    page.locator("header .who").wait_for(timeout=WAIT_MS)


def demo_accounts(data_dir: Path) -> dict[str, str]:
    """`journey up --demo`'s accounts: user name → password (demo-accounts.txt)."""
    accounts = {}
    for line in (data_dir / "demo-accounts.txt").read_text().splitlines():
        name, _role, password = line.split(maxsplit=2)
        accounts[name] = password
    return accounts


def shot(page: Page, name: str, where: Path) -> None:
    """A full-page screenshot; into docs/console/ as well with JOURNEY_SCREENSHOTS=docs."""
    page.screenshot(path=where / f"{name}.png", full_page=True)
    if os.environ.get("JOURNEY_SCREENSHOTS") == "docs":
        docs = Path(__file__).resolve().parents[2] / "docs" / "console"
        docs.mkdir(exist_ok=True)
        page.screenshot(path=docs / f"{name}.png", full_page=True)
