"""The demo's console accounts: one person per role, named as in the demo's events.

`journey up --demo` adds them once, with a password each (five random words, printed
and written to `journey-data/demo-accounts.txt`, readable by the owner only), so that
a new user can open the console, sign in and work through the day at once; the first
sign-in enrols an authenticator app (a QR code). Fictitious people, fictitious data:
never on a real installation (docs/demo.md).
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from adapters.cli.users import write_private
from adapters.privacy.accounts import Accounts
from adapters.privacy.credentials import Credentials
from adapters.privacy.master_key import load_or_create
from adapters.run.demo.prevention_plan import OFFICER
from adapters.run.demo.turnaways import SHELTER_STAFF
from adapters.run.demo.world import MANAGERS, WORKERS
from adapters.settings import Settings
from adapters.store.read_database import read_engine_of
from services.access import Role

STAFF = (
    (WORKERS[0], Role.CASEWORKER),
    (MANAGERS[0], Role.CASE_MANAGER),
    (SHELTER_STAFF[0], Role.SHELTER_STAFF),
    (OFFICER, Role.PREVENTION_OFFICER),
    ("teuta.auditor", Role.AUDITOR),
    ("arben.analyst", Role.ANALYST),
)
WORDS = (
    "lumi",
    "mali",
    "deti",
    "qielli",
    "ylli",
    "hëna",
    "dielli",
    "bora",
    "shiu",
    "era",
    "guri",
    "druri",
    "lulja",
    "fusha",
    "rruga",
    "ura",
    "kroi",
    "pylli",
    "zogu",
    "dardha",
    "molla",
    "arra",
    "gruri",
    "buka",
)
log = logging.getLogger("journey.demo")


def ensure_demo_staff(settings: Settings) -> Path:
    """The demo's accounts and their passwords, once; the file that lists them."""
    listing = settings.data_dir / "demo-accounts.txt"
    if listing.exists():
        return listing
    engine = read_engine_of(settings)
    try:
        accounts = Accounts(engine)
        people = Credentials(engine, load_or_create(settings.master_key_file))
        lines = []
        for name, role in STAFF:
            if not accounts.exists(name):
                accounts.add(name, role)
            password = " ".join(secrets.choice(WORDS) for _ in range(5))
            people.set_password(name, password)
            lines.append(f"{name:<18} {role.value:<19} {password}")
    finally:
        engine.dispose()
    write_private(listing, "\n".join(lines))
    return listing


def log_console(settings: Settings, port: int) -> None:
    """Where the console is, and the demo's accounts when there are any."""
    log.info("staff console: http://127.0.0.1:%d/console/", port)
    listing = settings.data_dir / "demo-accounts.txt"
    if listing.exists():
        log.info(
            "demo accounts (user, role, password; enrol an authenticator app at first sign-in):"
        )
        for line in listing.read_text().splitlines():
            log.info("  %s", line)
