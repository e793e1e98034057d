"""A grant as a TOML file, for `journey grants open FILE` (issue 17): the reference and the
terms as the donor's contract gives them, written once by a manager and kept beside the
contract. The file is the command's body (services/commands/funding.py `OpenGrant`),
except that a registered donor may be named by its registry key:

    reference = "EU-IPA-2026-014"

    [terms]
    title = "Direct assistance to victims of trafficking, 2026-2027"
    starts_on = 2026-01-01
    ends_on = 2027-12-31
    currency = "EUR"
    donor = { name = "European Union Office in Kosovo" }   # or { key = "osce-mission-in-kosovo" }

    [[terms.budget_lines]]
    code = "1.2"
    name = "Shelter running costs"
    amount = 85000

    [[terms.indicators]]
    code = "1.1.a"
    name = "Victims of trafficking assisted"
    measure = "people_assisted"
    target = 60
    disaggregate_by = "sex"

Every grant opened so far is listed from the store by `opened_grants`."""

from __future__ import annotations

import tomllib
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.utils import get_topic

from domain.errors import InvalidInput
from domain.funding.grant import Grant
from domain.organisation import organisation_id
from domain.organisation_values import KEY
from services.app import JourneyApp
from services.commands.funding import OpenGrant

_PAGE = 500


def parse_grant(text: str) -> OpenGrant:
    """The OpenGrant a TOML file describes; InvalidInput naming what is wrong otherwise."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput("file", f"is not TOML ({error})") from None
    terms = data.get("terms")
    if isinstance(terms, dict) and isinstance(terms.get("donor"), dict):
        terms["donor"] = _donor(terms["donor"])
    try:
        return msgspec.convert(data, OpenGrant, strict=False)
    except msgspec.ValidationError as error:
        raise InvalidInput("file", f"does not describe a grant: {error}") from None


def _donor(donor: dict[str, Any]) -> dict[str, Any]:
    """A donor named by its registry key, as the command names it: by id."""
    key = donor.pop("key", None)
    if key is None:
        return donor
    if not isinstance(key, str) or not KEY.match(key):
        raise InvalidInput("terms.donor.key", "is not a registry key (like osce-mission-in-kosovo)")
    return {**donor, "organisation_id": str(organisation_id(key))}


def opened_grants(app: JourneyApp) -> list[Grant]:
    """Every grant opened, from the store (current), by reference."""
    topic = get_topic(Grant.Opened)
    ids: list[UUID] = []
    start = 1
    while batch := app.recorder.select_notifications(start=start, limit=_PAGE, topics=[topic]):
        ids += [UUID(str(n.originator_id)) for n in batch]
        start = batch[-1].id + 1
    return sorted((app.load(Grant, i) for i in ids), key=lambda g: g.reference)
