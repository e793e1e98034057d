"""The only event fields the statistics read model reads, declared once (`FIELDS_READ`),
and the narrow view of an event its handlers get (`Read`): the declared fields and the
envelope's id, version and day, nothing else.

Every field named here is non-identifying in domain/classification.py: a vocabulary
value, a date, a number or a record's id, never a person's data, a free text, a
pseudonymous code or case number, or a sealed value. tests/unit/test_statistics_fields.py
walks this table through the classification and fails on anything else. A handler asking
for a field not declared for its event gets a KeyError, so what is declared is what is read.

A dotted name reads a value object's field (`referral.referred_on`: the `referred_on`
of `Case.Opened`'s `IncomingReferral`). The one quasi-identifier read is the Kosovo
municipality a person comes from (PERSON_PLACE): kept as its KAS code, and generalised to
its district beside it, as the other read models keep it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.day_centre import DayCentreEnrolment
from domain.day_centre_session import DayCentreSession
from domain.local_time import local_date
from domain.plan import ReintegrationPlan
from domain.proceedings import CriminalProceedings
from domain.return_process import ReturnProcess
from domain.stay import ShelterStay
from projections.model import Change

B, C, P = Beneficiary, Case, ReintegrationPlan
_DECISION = ("number", "kind", "status", "deciding_body", "decided_on")
_EPISODE = ("number", "episode.exploitation_types", "episode.recruitment_methods")

FIELDS_READ: dict[type[Any], tuple[str, ...]] = {
    # the person: profile, identification, consent, erasure
    B.Registered: ("gender", "age_at_identification", "citizenships", "scope"),
    B.BackgroundRecorded: ("background.origin_municipality",),
    B.ExploitationProfileRecorded: ("profile.types", "profile.recruitment_methods"),
    B.TraffickingEpisodeRecorded: _EPISODE,
    B.TraffickingEpisodeRevised: _EPISODE,
    B.TraffickingEpisodeWithdrawn: ("number",),
    B.TraffickingStatusDecided: ("status", "deciding_body", "decided_on"),
    B.IdentificationRecorded: _DECISION,
    B.IdentificationRevised: (*_DECISION, "revises"),
    B.ConsentGiven: ("kind",),
    B.ConsentWithdrawn: ("kind",),
    B.PersonalDataErased: (),  # that it happened, and when
    # the case: referral, stages, closure, services
    C.Opened: ("beneficiary_id", "referral.referred_on", "referral.organisation_type"),
    C.ScreeningStarted: (),
    C.ScreenedIn: ("reflection_ends_on",),
    C.ScreenedOut: ("screened_on", "closure_reason"),
    C.Rescreened: (),
    C.AssessmentStarted: (),
    C.ApprovalRequested: ("subject", "closure_reason"),
    C.ApprovalGranted: ("subject",),
    C.ApprovalRejected: ("subject",),
    C.ReintegrationStarted: (),
    C.FollowUpStarted: (),
    C.Reopened: ("stage",),
    C.ServiceDelivered: ("service", "delivered_on"),
    # the care plan's planned services and their deliveries
    CarePlan.Started: ("case_id",),
    CarePlan.ServicePlanned: ("number", "service"),
    CarePlan.ServiceDelivered: ("number", "delivered_on", "attended"),
    # shelter stays and the day centre
    ShelterStay.Admitted: ("case_id", "facility_id", "admitted_on"),
    ShelterStay.Transferred: ("to_facility_id",),
    ShelterStay.Discharged: ("discharged_on",),
    DayCentreEnrolment.Enrolled: ("case_id", "facility_id", "started_on"),
    DayCentreEnrolment.Ended: ("ended_on",),
    DayCentreSession.AttendanceRecorded: ("enrolment_id", "held_on", "status"),
    # reintegration plans and their follow-ups
    P.Drafted: ("case_id",),
    P.Completed: ("completed_on",),
    P.Discontinued: (),
    P.FollowUpRecorded: ("month", "status", "visited_on"),
    # criminal proceedings and returns
    CriminalProceedings.Opened: ("case_id",),
    CriminalProceedings.OutcomeRecorded: ("outcome", "decided_on"),
    ReturnProcess.Requested: ("case_id", "direction"),
    ReturnProcess.HandedOver: ("handed_over_on",),
}

# What the worker hands the model, by the events' stored names ("Case.Opened").
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    cls.__qualname__: paths for cls, paths in FIELDS_READ.items()
}
AGGREGATE_TYPES = frozenset(name.split(".")[0] for name in EVENT_TYPES)


@dataclass(frozen=True)
class Read:
    """One event as the statistics handlers see it: its record, version, Prishtina day
    (of when it was decided) and the declared fields, by their dotted names."""

    event_type: str
    record_id: str
    version: int
    position: int
    day: date
    fields: Mapping[str, Any]

    @property
    def event_id(self) -> str:
        """Unique per stored event: the record and its version."""
        return f"{self.record_id}:{self.version}"

    def __getitem__(self, name: str) -> Any:
        if name not in self.fields:
            msg = f"statistics read {name!r} of {self.event_type}, not declared in FIELDS_READ"
            raise KeyError(msg)
        return self.fields[name]


def read(change: Change) -> Read | None:
    """The declared fields of a change; None for an event the model does not read."""
    paths = EVENT_TYPES.get(change.event_type)
    if paths is None:
        return None
    return Read(
        change.event_type,
        str(change.aggregate_id),
        change.version,
        change.position,
        local_date(change.at),
        {path: _value(change.fields, path) for path in paths},
    )


def _value(fields: Mapping[str, Any], path: str) -> Any:
    first, *rest = path.split(".")
    value = fields.get(first)
    for name in rest:
        if value is None:
            return None
        value = getattr(value, name)
    return value
