"""The demo's partner organisations (issue 15, section 1): the registry shipped with the
package, imported at the demo's start as an NGO would on its first day, so every other
part of the demo names partners by their registry keys (`organisation_id(key)`); and one
partner of the demo's own that shows a registry entry's life: a local employer offering
vocational placements, renamed when it changed hands, and no partner any more from a day
before the demo's end.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from adapters.run.demo.world import END, MANAGERS, START
from domain.organisation import (
    OrganisationDetails,
    OrganisationKind,
    OrganisationNames,
    organisation_id,
)
from services.commands.organisation import (
    DeactivateOrganisation,
    RegisterOrganisation,
    RenameOrganisation,
)
from services.organisation_registry import import_registry, read_registry

if TYPE_CHECKING:
    from adapters.run.demo import Demo

PLACEMENT_EMPLOYER = "employer-bakery-prizren"
PLACEMENTS_ENDED = (END - timedelta(days=45)).date()


def register_partners(demo: Demo) -> dict[str, UUID]:
    """The shipped registry and the demo's own employer: their ids by key."""
    report = import_registry(demo.journey.bus, read_registry(), actor=MANAGERS[0])
    demo.summary.commands += len(report.registered) + len(report.renamed)
    demo.summary.reached["organisations"] = len(report.registered)
    keys = [*report.registered, *report.renamed, *report.unchanged]
    partners = {key: organisation_id(key) for key in keys}
    partners[PLACEMENT_EMPLOYER] = _placement_employer(demo)
    return partners


def _placement_employer(demo: Demo) -> UUID:
    """Registered, renamed, and deactivated from `PLACEMENTS_ENDED` on."""
    details = OrganisationDetails(OrganisationKind.EMPLOYER, "XK", "20", city="Prizren")
    register = RegisterOrganisation(
        key=PLACEMENT_EMPLOYER,
        names=OrganisationNames(albanian="Furra e Qytetit, Prizren"),
        details=details,
        active_from=date(START.year, 1, 1),
    )
    employer = demo.do(None, register, MANAGERS[0])
    renamed = OrganisationNames(
        albanian="Furra Arbëria, Prizren", english="Arbëria Bakery, Prizren"
    )
    reason = "The bakery changed hands and its name; the placements go on."
    demo.do(employer, RenameOrganisation(names=renamed, reason=reason), MANAGERS[0])
    ended = DeactivateOrganisation(active_to=PLACEMENTS_ENDED, reason="Placements ended.")
    demo.do(employer, ended, MANAGERS[0])
    demo.summary.reached["organisation_lifecycle"] = 1
    return employer
