"""The partner-organisation registry, as the other services use it (issue 15, section 1).

`registered_organisation` is how a command that names a partner by id checks it: the
organisation must be registered, and active on the day that matters (the referral's,
the consent's, the service's). The registry's own commands' workflows are here too:
registering under a key already registered is refused, not overwritten.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import InvalidInput, RecordNotFound
from domain.organisation import Organisation, organisation_id
from services.app import CommandResult, JourneyApp
from services.bus import Context, Workflow
from services.commands.organisation import RegisterOrganisation


def registered_organisation(
    app: JourneyApp, organisation_id: UUID, *, field: str, on: date
) -> Organisation:
    """The organisation with this id, active on `on`; refused naming `field` when it is not
    registered (InvalidInput), or when it is not active that day (rule organisation_inactive)."""
    try:
        organisation = app.load(Organisation, organisation_id)
    except RecordNotFound:
        raise InvalidInput(field, f"{organisation_id} is not a registered organisation") from None
    organisation.require_active_on(on, field)
    return organisation


def find_organisation(app: JourneyApp, key: str) -> Organisation | None:
    """The organisation registered under `key`, or None."""
    try:
        return app.load(Organisation, organisation_id(key))
    except RecordNotFound:
        return None


def register_organisation(ctx: Context, _: None, command: RegisterOrganisation) -> CommandResult:
    """Refused when the key is already registered (rule already_registered)."""
    Organisation.require_new_key(command.key, find_organisation(ctx.app, command.key))
    organisation = Organisation.register(
        command.key,
        command.names,
        command.details,
        command.active_from,
        actor=ctx.actor,
        at=ctx.at,
    )
    return ctx.app.commit(organisation)


ORGANISATION_WORKFLOWS: dict[type[Any], Workflow] = {RegisterOrganisation: register_organisation}
