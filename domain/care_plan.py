"""Care plan: one case's needs assessments, the goals and services planned to meet them,
each service's deliveries and outcome, and the plan's reviews (docs/domain.md, Needs
assessment and the care plan).

One per case, started with the case's `CarePlanStarted` (saved together). A needs
assessment rates each domain's level of need; a reassessment is a new version, all
kept. A planned service answers assessed needs (a domain with some need in the latest
assessment) and rests on the beneficiary's services consent, or on a lawful basis other
than consent recorded as such; the consent is checked by the workflow that loads the
beneficiary (services/care_workflows.py) and handed in as the day it was given.
Service commands are in domain/parts/care_plan_services.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.case import CASE_NUMBER
from domain.checks import field_dates
from domain.errors import InvalidInput, RuleViolated
from domain.parts.care_plan_services import (
    Services,
    upcast_provider,
    upcast_snapshot_providers,
)
from domain.parts.care_plan_values import (
    CareGoal,
    CareReview,
    Delivery,
    DomainNeed,
    NeedsAssessment,
    PlannedService,
)
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

REASSESS_AFTER_MONTHS = 3  # the default: reassessed by three months after the assessment


class CarePlan(Services, JourneyAggregate):
    class_version = 2  # v2: a partner's planned services name it by id (domain/partners.py)
    upcast_v1_v2 = staticmethod(upcast_snapshot_providers)
    case_id: UUID
    case_number: str
    beneficiary_id: UUID
    referred_on: date  # the case's referral: no assessment or review is dated before it
    assessments: list[NeedsAssessment]
    goals: dict[int, CareGoal]
    services: dict[int, PlannedService]
    reviews: list[CareReview]
    next_review_on: date | None

    def __init__(self) -> None:
        self.assessments = []
        self.goals = {}
        self.services = {}
        self.reviews = []
        self.next_review_on = None

    @property
    def label(self) -> str:
        return f"care plan of case {self.case_number}"

    @property
    def latest_assessment(self) -> NeedsAssessment | None:
        return self.assessments[-1] if self.assessments else None

    # ----------------------------------------------------------------- events

    class Started(JourneyAggregate.Created):
        """`referred_on`: the case's referral day, copied from the case (no care plan was
        stored before it was added, so it has no upcast)."""

        case_id: UUID
        case_number: str
        beneficiary_id: UUID
        referred_on: date

        def apply(self, plan: CarePlan) -> None:
            plan.case_id = self.case_id
            plan.case_number = self.case_number
            plan.beneficiary_id = self.beneficiary_id
            plan.referred_on = self.referred_on

    class NeedsAssessed(JourneyAggregate.Event):
        version: int
        assessed_on: date
        reassess_by: date
        domains: tuple[DomainNeed, ...]

        def apply(self, plan: CarePlan) -> None:
            plan.assessments.append(
                NeedsAssessment(
                    self.version, self.assessed_on, self.reassess_by, self.actor, self.domains
                )
            )

    class GoalAdded(JourneyAggregate.Event):
        number: int
        description: str
        domains: tuple[NeedDomain, ...]

        def apply(self, plan: CarePlan) -> None:
            plan.goals[self.number] = CareGoal(self.number, self.description, self.domains)

    class ServicePlanned(JourneyAggregate.Event):
        class_version = 2  # v2: the partner provider's id (`organisation_id`)
        number: int
        service: ServiceType
        support_type: SupportPlanType
        provider_kind: ProviderKind
        provider: str
        responsible: str
        starts_on: date
        due_on: date
        basis: ServiceBasis
        domains: tuple[NeedDomain, ...]
        goal: int | None
        organisation_id: UUID | None = None

        upcast_v1_v2 = staticmethod(upcast_provider)

        def apply(self, plan: CarePlan) -> None:
            plan.services[self.number] = PlannedService(
                self.number,
                self.service,
                self.support_type,
                self.provider_kind,
                self.provider,
                self.responsible,
                self.starts_on,
                self.due_on,
                self.basis,
                self.domains,
                self.goal,
                organisation_id=self.organisation_id,
            )

    class ServiceDelivered(JourneyAggregate.Event):
        number: int
        delivered_on: date
        attended: bool
        duration_minutes: int
        provider: str
        delivered_by: str
        basis: ServiceBasis

        def apply(self, plan: CarePlan) -> None:
            service = plan.services[self.number]
            delivery = Delivery(
                self.delivered_on,
                self.attended,
                self.duration_minutes,
                self.provider,
                self.delivered_by,
            )
            plan.services[self.number] = replace(
                service, deliveries=(*service.deliveries, delivery)
            )

    class ServiceOutcomeRecorded(JourneyAggregate.Event):
        """`service`: the kind of service, so the note is read by its category."""

        number: int
        service: ServiceType
        outcome: ServiceAchievement
        note: str | None

        def apply(self, plan: CarePlan) -> None:
            plan.services[self.number] = replace(
                plan.services[self.number],
                status=PlannedServiceStatus.CONCLUDED,
                outcome=self.outcome,
                outcome_note=self.note,
            )

    class ServiceCancelled(JourneyAggregate.Event):
        """`by_withdrawal`: cancelled because the services consent was withdrawn."""

        number: int
        reason: str
        cancelled_on: date
        by_withdrawal: bool

        def apply(self, plan: CarePlan) -> None:
            plan.services[self.number] = replace(
                plan.services[self.number],
                status=PlannedServiceStatus.CANCELLED,
                cancelled_on=self.cancelled_on,
                cancel_reason=self.reason,
            )

    class ReviewScheduled(JourneyAggregate.Event):
        due_on: date

        def apply(self, plan: CarePlan) -> None:
            plan.next_review_on = self.due_on

    class Reviewed(JourneyAggregate.Event):
        reviewed_on: date
        summary: str
        next_review_on: date | None

        def apply(self, plan: CarePlan) -> None:
            plan.reviews.append(
                CareReview(self.reviewed_on, self.summary, self.next_review_on, self.actor)
            )
            plan.next_review_on = self.next_review_on

    # --------------------------------------------------------------- commands

    @classmethod
    def start(
        cls,
        case_id: UUID,
        case_number: str,
        beneficiary_id: UUID,
        referred_on: date,
        *,
        actor: str,
        at: datetime,
    ) -> CarePlan:
        """The care plan of a case referred on `referred_on`."""
        if not CASE_NUMBER.match(case_number):
            raise InvalidInput("case_number", f"{case_number!r} is not like PVPT-C-2026-0001")
        plan: CarePlan = cls._start(
            cls.Started,
            actor,
            at,
            case_id=case_id,
            case_number=case_number,
            beneficiary_id=beneficiary_id,
            referred_on=referred_on,
        )
        return plan

    def assess_needs(
        self,
        domains: tuple[DomainNeed, ...],
        assessed_on: date | None = None,
        reassess_by: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> int:
        """A new version of the needs assessment, on `assessed_on` (today when not
        stated); to be reassessed by `reassess_by` (three months on when not stated)."""
        needs = _checked_needs(domains)
        previous = self.latest_assessment
        if previous is None or previous.assessed_on < self.referred_on:
            earliest, after = self.referred_on, f"the referral of {self.label}"
        else:
            earliest, after = previous.assessed_on, f"the previous needs assessment of {self.label}"
        day = field_dates.stated(
            "assessed_on", assessed_on, at, not_before=earliest, depends_on=after
        )
        by = (
            field_dates.add_months(day, REASSESS_AFTER_MONTHS)
            if reassess_by is None
            else reassess_by
        )
        if by <= day:
            raise InvalidInput("reassess_by", f"{by.isoformat()} is not after {day.isoformat()}")
        version = len(self.assessments) + 1
        self._record(
            self.NeedsAssessed,
            actor,
            at,
            version=version,
            assessed_on=day,
            reassess_by=by,
            domains=needs,
        )
        return version

    def add_goal(
        self, description: str, domains: tuple[NeedDomain, ...], *, actor: str, at: datetime
    ) -> int:
        """A goal answering assessed needs (domains with some need in the latest one)."""
        description = checks.text("description", description, max_length=2000)
        answered = self.check_needs_assessed(domains)
        number = len(self.goals) + 1
        self._record(
            self.GoalAdded, actor, at, number=number, description=description, domains=answered
        )
        return number

    def require_goal(self, number: int) -> CareGoal:
        goal = self.goals.get(number)
        if goal is None:
            raise RuleViolated(f"{self.label} has no goal {number}", rule="no_such_goal")
        return goal

    def schedule_review(self, due_on: date, *, actor: str, at: datetime) -> None:
        if due_on < at.date():
            raise InvalidInput("due_on", f"{due_on.isoformat()} is before {at.date()}")
        self._record(self.ReviewScheduled, actor, at, due_on=due_on)

    def review(
        self,
        summary: str,
        reviewed_on: date | None = None,
        next_review_on: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """A review held on `reviewed_on` (today when not stated); the next one due on
        `next_review_on` (none scheduled when not stated), not before today."""
        summary = checks.text("summary", summary, max_length=4000)
        day = field_dates.stated(
            "reviewed_on",
            reviewed_on,
            at,
            not_before=self.referred_on,
            depends_on=f"the referral of {self.label}",
        )
        if next_review_on is not None and next_review_on < at.date():
            raise InvalidInput(
                "next_review_on", f"{next_review_on.isoformat()} is before {at.date()}"
            )
        self._record(
            self.Reviewed,
            actor,
            at,
            reviewed_on=day,
            summary=summary,
            next_review_on=next_review_on,
        )

    # ---------------------------------------------------------------- helpers

    def check_needs_assessed(self, domains: tuple[NeedDomain, ...]) -> tuple[NeedDomain, ...]:
        """`domains`, once each has some need (not `none`) in the latest assessment."""
        latest = self.latest_assessment
        if latest is None:
            raise RuleViolated(
                f"{self.label} has no needs assessment; assess the needs first",
                rule="needs_not_assessed",
            )
        if not domains or len(set(domains)) != len(domains):
            raise InvalidInput("domains", "name one or more need domains, each once")
        levels = {need.domain: need.level for need in latest.domains}
        for domain in domains:
            if levels.get(domain, NeedLevel.NONE) is NeedLevel.NONE:
                raise RuleViolated(
                    f"the latest needs assessment of {self.label} (version {latest.version}) "
                    f"found no need in {domain.value}",
                    rule="no_assessed_need",
                )
        return tuple(domains)


def _checked_needs(domains: tuple[DomainNeed, ...]) -> tuple[DomainNeed, ...]:
    if not domains:
        raise InvalidInput("domains", "assess one or more need domains")
    seen = [need.domain for need in domains]
    if len(set(seen)) != len(seen):
        raise InvalidInput("domains", "each need domain is assessed once")
    return tuple(
        replace(need, notes=checks.optional_text(f"domains.{need.domain.value}.notes", need.notes))
        for need in domains
    )
