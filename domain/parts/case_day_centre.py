"""A case's day-centre enrolments: at most one active per centre, saved with the
enrolment it links (domain/day_centre.py). Independent of the case's shelter stay: a
shelter resident may attend a day centre, and so may someone who left the shelter.

A part of `Case` (domain/case.py), which holds the events these commands record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.errors import RuleViolated


class DayCentreCase(Protocol):
    """A Case as the day-centre commands see it."""

    day_centre_enrolments: dict[UUID, UUID]

    @property
    def DayCentreEnrolled(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def DayCentreEnrolmentEnded(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def label(self) -> str: ...

    def require_open(self, action: str) -> None: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...


class DayCentreLinks:
    """The commands that link a case to its day-centre enrolments."""

    def link_enrolment(
        self: DayCentreCase, enrolment_id: UUID, facility_id: UUID, *, actor: str, at: datetime
    ) -> None:
        """Saved with the new enrolment: one active enrolment per case and centre."""
        self.require_open("enrol it in a day centre")
        active = self.day_centre_enrolments.get(facility_id)
        if active is not None:
            raise RuleViolated(
                f"{self.label} is already enrolled in that day centre (enrolment {active}); "
                "end that enrolment first",
                rule="already_enrolled",
            )
        self._record(
            self.DayCentreEnrolled, actor, at, enrolment_id=enrolment_id, facility_id=facility_id
        )

    def unlink_enrolment(
        self: DayCentreCase, enrolment_id: UUID, *, actor: str, at: datetime
    ) -> None:
        """Saved with the enrolment's end, in any stage (a closed case's too)."""
        if enrolment_id not in self.day_centre_enrolments.values():
            raise RuleViolated(
                f"{self.label} has no active day-centre enrolment {enrolment_id}",
                rule="no_such_enrolment",
            )
        self._record(self.DayCentreEnrolmentEnded, actor, at, enrolment_id=enrolment_id)


def upcast_state_v2_v3(state: dict[str, Any]) -> None:
    """A case snapshot taken before the day centre was a programme: no enrolments."""
    state["enrolment_ids"] = []
    state["day_centre_enrolments"] = {}


class Enrolments(Protocol):
    """What the events' `apply` change on a case."""

    enrolment_ids: list[UUID]
    day_centre_enrolments: dict[UUID, UUID]


def enrolled(case: Enrolments, enrolment_id: UUID, facility_id: UUID) -> None:
    """`Case.DayCentreEnrolled.apply`: the enrolment is the case's active one in that centre."""
    case.enrolment_ids.append(enrolment_id)
    case.day_centre_enrolments[facility_id] = enrolment_id


def enrolment_ended(case: Enrolments, enrolment_id: UUID) -> None:
    """`Case.DayCentreEnrolmentEnded.apply`: the centre has no active enrolment of the case."""
    active = case.day_centre_enrolments
    for facility_id in [f for f, e in active.items() if e == enrolment_id]:
        del active[facility_id]
