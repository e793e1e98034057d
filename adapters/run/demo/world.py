"""The demo's fictitious world: its dates, staff, facilities, where journeys stop (who
its people are: population.py), what it counts, and what a journey script needs of the demo.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from random import Random
from typing import Any, Protocol
from uuid import UUID

from adapters.run.clock import ScriptedClock
from domain.disclosure_ref import DisclosureRef
from domain.vocab import FacilityKind
from services.commands import Command

START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
END = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
MANAGERS = ("arta.berisha", "luan.morina")
ADMINS = ("driton.hoxha", "vjosa.kelmendi")  # retention batches (issue 17): four eyes
WORKERS = tuple(f"{n}.pvpt" for n in ("besa", "dren", "era", "fatos", "gent", "hana", "ilir"))
# name, kind, beds, municipality (KAS code: 19 Prishtinë, 20 Prizren)
FACILITIES = (
    ("Shelter Prishtina", FacilityKind.SHELTER, 12, "19"),
    ("Shelter Prizren", FacilityKind.SHELTER, 7, "20"),
    ("Day Rehabilitation Centre Prishtina", FacilityKind.DAY_REHABILITATION_CENTRE, 20, "19"),
)
# The day centre is a programme (enrolments, sessions), never a shelter admission.
DAY_CENTRE = FACILITIES[2][0]
SHELTERS = tuple(name for name, kind, _, _ in FACILITIES if kind is FacilityKind.SHELTER)
# Where each journey stops, with weights (and how many days it needs at least).
TARGETS: dict[str, tuple[int, int]] = {
    "intake": (4, 0),
    "screening": (4, 2),
    "screened_out": (5, 5),
    "assessment": (14, 10),  # a reflection period is no stage: it runs beside the case
    "case_plan": (7, 60),
    "service_provision": (18, 90),
    "reintegration": (12, 150),
    "follow_up": (14, 200),  # some still owe their 3-month visit on the last day
    "closed": (16, 330),
    "reopened": (6, 380),
}
DEPTH = list(TARGETS)
# registry keys of the partners cases are referred to (adapters/run/demo/partners.py)
PARTNERS = ("iom-kosovo", "csw-prishtine", "vaao")


@dataclass
class DemoSummary:
    beneficiaries: int = 0
    commands: int = 0
    waitlisted: int = 0
    reached: Counter[str] = field(default_factory=Counter)
    cases: list[UUID] = field(default_factory=list)
    activities: list[UUID] = field(default_factory=list)  # prevention (for the grants)


@dataclass
class Programme:
    """The day centre's participants (adapters/run/demo/day_centre.py): who is enrolled
    now (enrolment -> case, and case -> enrolment), and the cases whose enrolment ended."""

    active: dict[UUID, UUID] = field(default_factory=dict)
    of_case: dict[UUID, UUID] = field(default_factory=dict)
    ended: set[UUID] = field(default_factory=set)
    without_consent: set[UUID] = field(default_factory=set)  # day centre: consent withdrawn
    consent_again_on: dict[UUID, date] = field(default_factory=dict)  # ... and given again
    sessions: int = 0
    attendance: int = 0


class Host(Protocol):
    """What a journey script drives: the demo's random source, clock, summary, facilities,
    the day centre's programme and its `do` (one command through the bus)."""

    rng: Random
    clock: ScriptedClock
    summary: DemoSummary
    facilities: dict[str, UUID]
    programme: Programme  # the day centre's (adapters/run/demo/day_centre.py)
    # disclosures at prevention activities referred to PVPT, not yet taken up by a case
    prevention_referrals: list[DisclosureRef]  # (adapters/run/demo/prevention.py)

    def do(self, record_id: UUID | None, command: Command, actor: str) -> UUID: ...

    def record(self, record_id: UUID) -> Any: ...

    def spawn(self, steps: Iterator[float], after_days: float) -> None: ...
