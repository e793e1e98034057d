"""A case's care: its care plan (one per case, saved with it), the services delivered
outside the care plan, and the beneficiary's services consent as the case shows it.

A service is delivered only on the beneficiary's services consent in force on the
day of delivery, or on a lawful basis other than consent recorded as such
(domain/parts/care_plan_services.py `require_consent`). The workflow that loads the
beneficiary hands in the day the services consent in force was given (None: none is).

A part of `Case` (domain/case.py), which names these events among its own (stored as
`Case.ServiceDelivered` and so on).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.case_values import ServiceDelivery
from domain.errors import RuleViolated
from domain.parts.care_plan_services import check_basis, require_consent
from domain.vocab import ServiceBasis, ServiceOutcome, ServiceType


class CaseCare(Protocol):
    """A Case, as its care commands see it."""

    care_plan_id: UUID | None
    services_consent_withdrawn_on: date | None
    services: list[ServiceDelivery]

    @property
    def CarePlanStarted(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ServiceDelivered(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ServicesConsentWithdrawn(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ServicesConsentGiven(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def label(self) -> str: ...

    @property
    def is_closed(self) -> bool: ...

    def require_open(self, action: str) -> None: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...


class ServiceDelivered(JourneyAggregate.Event):
    class_version = 2  # v2: the basis it was given on (None: before consent was checked)
    service: ServiceType
    provider: str
    delivered_on: date
    outcome: ServiceOutcome
    basis: ServiceBasis | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["basis"] = None

    def apply(self, case: CaseCare) -> None:
        case.services.append(
            ServiceDelivery(self.service, self.provider, self.delivered_on, self.outcome)
        )


class CarePlanStarted(JourneyAggregate.Event):
    """The case's care plan was started (saved with the care plan)."""

    care_plan_id: UUID

    def apply(self, case: CaseCare) -> None:
        case.care_plan_id = self.care_plan_id


class ServicesConsentWithdrawn(JourneyAggregate.Event):
    """The beneficiary withdrew their services consent (saved with the withdrawal);
    `services_stopped`: the care plan's services it cancelled."""

    withdrawn_on: date
    services_stopped: int

    def apply(self, case: CaseCare) -> None:
        case.services_consent_withdrawn_on = self.withdrawn_on


class ServicesConsentGiven(JourneyAggregate.Event):
    """The services consent was given again after a withdrawal."""

    given_on: date

    def apply(self, case: CaseCare) -> None:
        case.services_consent_withdrawn_on = None


class Care:
    """The care commands of a case."""

    def link_care_plan(self: CaseCare, care_plan_id: UUID, *, actor: str, at: datetime) -> None:
        """Saved with the new care plan: a case has one."""
        self.require_open("start a care plan")
        if self.care_plan_id is not None:
            raise RuleViolated(
                f"{self.label} already has a care plan ({self.care_plan_id}); reassess the "
                "needs and plan services in it",
                rule="care_plan_exists",
            )
        self._record(self.CarePlanStarted, actor, at, care_plan_id=care_plan_id)

    def deliver_service(
        self: CaseCare,
        service: ServiceType,
        provider: str,
        delivered_on: date,
        outcome: ServiceOutcome,
        basis: ServiceBasis = ServiceBasis.CONSENT,
        *,
        consent_given_on: date | None,
        actor: str,
        at: datetime,
    ) -> None:
        """A service delivered outside the care plan (unplanned)."""
        if self.is_closed:
            raise RuleViolated(
                f"{self.label} is closed; reopen it before adding a service", rule="case_closed"
            )
        provider = checks.text("provider", provider)
        check_basis(service, basis)
        checks.not_after("delivered_on", delivered_on, at.date())
        require_consent(basis, consent_given_on, delivered_on, f"a {service.value} service")
        self._record(
            self.ServiceDelivered,
            actor,
            at,
            service=service,
            provider=provider,
            delivered_on=delivered_on,
            outcome=outcome,
            basis=basis,
        )

    def record_services_withdrawal(
        self: CaseCare, withdrawn_on: date, services_stopped: int, *, actor: str, at: datetime
    ) -> None:
        """Saved with the withdrawal of the services consent: the case shows it."""
        self._record(
            self.ServicesConsentWithdrawn,
            actor,
            at,
            withdrawn_on=withdrawn_on,
            services_stopped=services_stopped,
        )

    def record_services_consent(
        self: CaseCare, given_on: date, *, actor: str, at: datetime
    ) -> None:
        """Saved with a services consent given after a withdrawal the case shows."""
        if self.services_consent_withdrawn_on is not None:
            self._record(self.ServicesConsentGiven, actor, at, given_on=given_on)
