"""The period reports' figures recounted from the events, without the statistics model:
the demo's beneficiaries, cases and shelter stays read through the application (the
aggregates its events make; a case's days from its own events), and counted as
docs/reports.md says each measure counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast
from uuid import UUID

from eventsourcing.utils import get_topic

from adapters.run.bootstrap import Journey
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.local_time import local_date
from domain.stay import ShelterStay
from domain.vocab import ConsentKind, IdentificationKind, Stage, TraffickingStatus


@dataclass(frozen=True)
class CaseDays:
    case_id: UUID
    person: UUID
    opened_on: date
    closed_on: date | None  # the last closure, None while open (or reopened)


@dataclass(frozen=True)
class StayDays:
    stay_id: UUID
    case_id: UUID
    person: UUID
    started_on: date
    ended_on: date | None


def created(journey: Journey, kind: type[object]) -> list[UUID]:
    topic = get_topic(kind)
    found = journey.app.recorder.select_notifications(1, 10**6, topics=(topic,))
    return [UUID(str(n.originator_id)) for n in found]


def beneficiaries(journey: Journey) -> dict[UUID, Beneficiary]:
    return {b: journey.queries.beneficiary(b) for b in created(journey, Beneficiary.Registered)}


def counted(beneficiary: Beneficiary) -> bool:
    """In published figures: the reporting consent in force, not erased."""
    return not beneficiary.erased and beneficiary.has_consent(ConsentKind.ANONYMISED_REPORTING)


def left_out(people: dict[UUID, Beneficiary]) -> Counter[str]:
    return Counter(
        "personal_data_erased" if b.erased else "no_anonymised_reporting_consent"
        for b in people.values()
        if not counted(b)
    )


def cases(journey: Journey) -> list[CaseDays]:
    """Each case's first day and last closure, from its events in order."""
    found = []
    for case_id in created(journey, Case.Opened):
        state: Case | None = None
        opened = closed = None
        for event in journey.app.repository.event_store.get(case_id):
            assert isinstance(event, Case.Event)
            state = cast("Case | None", event.mutate(state))
            assert state is not None
            day = local_date(event.timestamp)
            opened = opened or day
            was_closed = closed is not None
            if state.stage is Stage.CLOSED and not was_closed:
                closed = day
            elif state.stage is not Stage.CLOSED:
                closed = None
        assert state is not None
        assert opened is not None
        found.append(CaseDays(case_id, state.beneficiary_id, opened, closed))
    return found


def stays(journey: Journey, case_people: dict[UUID, UUID]) -> list[StayDays]:
    found = []
    for stay_id in created(journey, ShelterStay.Admitted):
        stay = journey.queries.stay(stay_id)
        person = case_people[stay.case_id]
        found.append(StayDays(stay_id, stay.case_id, person, stay.admitted_on, stay.discharged_on))
    return found


def open_during(case: CaseDays, start: date, end: date) -> bool:
    return case.opened_on <= end and (case.closed_on is None or case.closed_on >= start)


def stay_during(stay: StayDays, start: date, end: date) -> bool:
    return stay.started_on <= end and (stay.ended_on is None or stay.ended_on >= start)


def nights(stay: StayDays, start: date, end: date) -> int:
    first = max(stay.started_on, start)
    stop = min(stay.ended_on or end + timedelta(days=1), end + timedelta(days=1))
    return max((stop - first).days, 0)


def presumed_on(beneficiary: Beneficiary) -> date | None:
    """The first day a preliminary decision in force presumed the person a victim."""
    days = [
        (d.decided_on, d.number)
        for d in beneficiary.identifications
        if d.in_force
        and d.kind is IdentificationKind.PRELIMINARY
        and d.status is not TraffickingStatus.NOT_A_VICTIM
    ]
    return min(days)[0] if days else None


def formally_identified_on(beneficiary: Beneficiary) -> date | None:
    """The day of the formal decision in force that says the person is a victim."""
    in_force = [d for d in beneficiary.identifications if d.in_force]
    formal = [d for d in in_force if d.kind is IdentificationKind.FORMAL]
    current = max(formal or in_force, key=lambda d: (d.decided_on, d.number), default=None)
    if not formal or current is None or current.status is not TraffickingStatus.ACTUAL:
        return None
    return current.decided_on


def by_sex(people: Iterable[Beneficiary]) -> Counter[str]:
    return Counter(b.gender.value for b in people)
