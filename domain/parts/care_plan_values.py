"""The value objects of a care plan (domain/care_plan.py): needs by domain, the needs
assessments, the care plan's goals, its planned services with their deliveries, and
its reviews. Frozen dataclasses, described for the API like domain/values.py's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from uuid import UUID

from domain.described import Described
from domain.vocab import (
    NeedDomain,
    NeedLevel,
    PlannedServiceStatus,
    ProviderKind,
    ServiceAchievement,
    ServiceBasis,
    ServiceType,
    SupportPlanType,
)

_NUMBER = "Its number within the care plan's {}: 1 for the first, then 2, 3, ..."
_DOMAINS = "The need domains it answers."


@dataclass(frozen=True)
class DomainNeed:
    """One domain of a needs assessment: its level of need, and what staff noted."""

    domain: Annotated[NeedDomain, Described("The need domain.", "accommodation")]
    level: Annotated[
        NeedLevel, Described("Level of need: none, low, medium, high, immediate.", "high")
    ]
    notes: Annotated[
        str | None,
        Described("What the assessment found, in staff's words; null if none.", "No safe home."),
    ] = None


@dataclass(frozen=True)
class NeedsAssessment:
    """One needs assessment (a version: reassessments are new versions, all kept)."""

    version: Annotated[int, Described("1 for the first assessment, 2 for a reassessment...", 1)]
    assessed_on: Annotated[date, Described("The day of the assessment.", "2026-03-10")]
    reassess_by: Annotated[date, Described("The day it should be reassessed by.", "2026-06-10")]
    assessed_by: Annotated[str, Described("User name of who assessed.", "besa.krasniqi")]
    domains: Annotated[
        tuple[DomainNeed, ...],
        Described(
            "The domains assessed, each with its level.",
            [{"domain": "accommodation", "level": "high", "notes": "No safe home."}],
        ),
    ]


@dataclass(frozen=True)
class CareGoal:
    """A goal of the care plan, agreed with the beneficiary, answering assessed needs."""

    number: Annotated[int, Described(_NUMBER.format("goals"), 1)]
    description: Annotated[
        str, Described("What the goal is, in staff's words.", "Safe accommodation in Pejë.")
    ]
    domains: Annotated[tuple[NeedDomain, ...], Described(_DOMAINS, ["accommodation"])]


@dataclass(frozen=True)
class Delivery:
    """One delivery of a planned service: attended, or missed."""

    delivered_on: Annotated[date, Described("The day it was (to be) delivered.", "2026-03-12")]
    attended: Annotated[bool, Described("True if the beneficiary attended.", True)]
    duration_minutes: Annotated[int, Described("How long it took (0 when missed).", 60)]
    provider: Annotated[str, Described("Who provided it: PVPT or the partner's name.", "PVPT")]
    delivered_by: Annotated[str, Described("Who delivered it (user or name).", "dr.hoxha")]


@dataclass(frozen=True)
class PlannedService:
    """A service the care plan plans: who provides it, when, on what basis, for which
    needs; its deliveries and its outcome."""

    number: Annotated[int, Described(_NUMBER.format("planned services"), 1)]
    service: Annotated[ServiceType, Described("Which kind of service.", "psychological")]
    support_type: Annotated[
        SupportPlanType, Described("Its HTCDS support type (spl_Type).", "Health")
    ]
    provider_kind: Annotated[ProviderKind, Described("PVPT's team or a partner.", "pvpt")]
    provider: Annotated[str, Described("PVPT, or the partner organisation's name.", "PVPT")]
    responsible: Annotated[str, Described("User name of the responsible worker.", "dr.hoxha")]
    starts_on: Annotated[date, Described("The day it is to start.", "2026-03-12")]
    due_on: Annotated[date, Described("The day it is due to be done by.", "2026-06-12")]
    basis: Annotated[
        ServiceBasis, Described("Consent, or the lawful basis other than consent.", "consent")
    ]
    domains: Annotated[tuple[NeedDomain, ...], Described(_DOMAINS, ["mental_health"])]
    goal: Annotated[int | None, Described("The care-plan goal it serves; null if none.", 1)]
    status: Annotated[
        PlannedServiceStatus, Described("planned, concluded or cancelled.", "planned")
    ] = PlannedServiceStatus.PLANNED
    deliveries: Annotated[
        tuple[Delivery, ...], Described("Its deliveries, in the order recorded.", [])
    ] = ()
    outcome: Annotated[
        ServiceAchievement | None, Described("What it achieved; null until recorded.", None)
    ] = None
    outcome_note: Annotated[
        str | None, Described("What staff noted of the outcome; null if none.", None)
    ] = None
    organisation_id: Annotated[
        UUID | None,
        Described(
            "A partner provider's id in the organisations registry (`provider` is its name "
            "on the day it was planned); null for PVPT's own team, and for a service planned "
            "before the registry with a partner no registered organisation matched.",
            None,
        ),
    ] = None
    cancelled_on: Annotated[date | None, Described("The day it was cancelled.", None)] = None
    cancel_reason: Annotated[str | None, Described("Why it was cancelled.", None)] = None


@dataclass(frozen=True)
class CareReview:
    """A review of the care plan with the beneficiary."""

    reviewed_on: Annotated[date, Described("The day of the review.", "2026-04-10")]
    summary: Annotated[str, Described("What the review found.", "Housing found; keep therapy.")]
    next_review_on: Annotated[
        date | None, Described("The day of the next review; null if none.", "2026-07-10")
    ]
    reviewed_by: Annotated[str, Described("User name of who recorded it.", "besa.krasniqi")]
