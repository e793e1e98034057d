"""Staff accounts (adapters/privacy/accounts.py, docs/api.md "Authentication"): a name always
means one person, so a revoked name is never added again; a lost or leaked token is
replaced by rotation, which ends the old token at once. Through `Accounts` and through
`journey users`, on the read database of each kind.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from adapters.cli.main import main
from adapters.privacy.accounts import Accounts, IdentityError, User
from services.access import Role


@pytest.fixture
def accounts(engine: Engine) -> Accounts:
    return Accounts(engine)


def test_a_rotated_token_replaces_the_old_one_at_once(accounts: Accounts) -> None:
    old = accounts.add("besa.krasniqi", Role.CASEWORKER)
    new = accounts.rotate("besa.krasniqi")
    assert new != old
    assert accounts.authenticate(old) is None
    assert accounts.authenticate(new) == User("besa.krasniqi", Role.CASEWORKER)


def test_a_revoked_user_stays_revoked_and_its_name_is_not_reused(accounts: Accounts) -> None:
    token = accounts.add("leaving.worker", Role.CASEWORKER)
    accounts.revoke("leaving.worker")
    with pytest.raises(IdentityError, match="never reused"):
        accounts.add("leaving.worker", Role.CASEWORKER)
    with pytest.raises(IdentityError, match="no active user"):
        accounts.rotate("leaving.worker")
    assert accounts.authenticate(token) is None
    returning = accounts.add("leaving.worker2", Role.CASE_MANAGER)
    assert accounts.authenticate(returning) == User("leaving.worker2", Role.CASE_MANAGER)


def test_adding_an_active_name_again_points_to_rotation(accounts: Accounts) -> None:
    accounts.add("arta.manager", Role.CASE_MANAGER)
    with pytest.raises(IdentityError, match=r"rotate-token arta\.manager"):
        accounts.add("arta.manager", Role.CASE_MANAGER)
    with pytest.raises(IdentityError, match="no active user"):
        accounts.rotate("nobody.here")


@pytest.mark.usefixtures("cli_env")
def test_journey_users_rotate_token_prints_a_new_token_and_ends_the_old(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["users", "add", "dr.gashi", "--role", "clinician"]) == 0
    old = capsys.readouterr().out.splitlines()[-1]
    assert main(["users", "rotate-token", "dr.gashi"]) == 0
    new = capsys.readouterr().out.splitlines()[-1]
    accounts = Accounts(engine)
    assert accounts.authenticate(old) is None
    assert accounts.authenticate(new) == User("dr.gashi", Role.CLINICIAN)
    assert main(["users", "revoke", "dr.gashi"]) == 0
    for again in (["rotate-token", "dr.gashi"], ["add", "dr.gashi", "--role", "clinician"]):
        assert main(["users", *again]) == 2  # refused, with the reason on stderr
    assert "never reused" in capsys.readouterr().err


@pytest.mark.usefixtures("cli_env")
def test_journey_users_add_takes_every_role(engine: Engine) -> None:
    """The CLI offers the roles of services/access.py: prevention officers too (issue 16)."""
    for role in Role:
        assert main(["users", "add", f"user.{role.value}", "--role", role.value]) == 0
    accounts = Accounts(engine)
    token = accounts.add("drita.gashi", Role.PREVENTION_OFFICER)  # stored as any role is
    assert accounts.authenticate(token) == User("drita.gashi", Role.PREVENTION_OFFICER)
