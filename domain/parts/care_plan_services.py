"""A care plan's planned services: planned for assessed needs, delivered (attended or
missed), concluded with an outcome, or cancelled (by staff, or because the services
consent was withdrawn).

Consent: a service resting on consent (`ServiceBasis.CONSENT`) is planned and delivered
only while the beneficiary's services consent is in force. The caller (the workflow that
loads the beneficiary) hands in `consent_given_on`: the day the services consent in
force was given, or None when none is. A withdrawal cancels every open service resting
on consent on the day of the withdrawal; a delivery dated after that day is refused,
one dated before it (written up late) is still recorded.

A part of `CarePlan` (domain/care_plan.py), which holds the events these commands record.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain import checks
from domain.checks import field_dates
from domain.errors import ConsentRequired, InvalidInput, RuleViolated
from domain.partners import give_organisation
from domain.parts.care_plan_values import CareGoal, PlannedService
from domain.vocab import (
    SUPPORT_TYPE_OF_SERVICE,
    NeedDomain,
    PlannedServiceStatus,
    ProviderKind,
    ServiceAchievement,
    ServiceBasis,
    ServiceType,
)

PVPT = "PVPT"  # the provider's name when PVPT's own team provides a service
# The services each lawful basis other than consent may be given on (docs/domain.md,
# "Consent for services"); on consent, every service.
SERVICES_ON_BASIS: dict[ServiceBasis, frozenset[ServiceType]] = {
    ServiceBasis.CONSENT: frozenset(ServiceType),
    ServiceBasis.EMERGENCY_MEDICAL_CARE: frozenset(
        {ServiceType.MEDICAL, ServiceType.PSYCHOLOGICAL}
    ),
    ServiceBasis.VITAL_INTERESTS: frozenset(
        {ServiceType.MEDICAL, ServiceType.PSYCHOLOGICAL, ServiceType.HOUSING}
    ),
    ServiceBasis.LEGAL_OBLIGATION: frozenset({ServiceType.LEGAL, ServiceType.EDUCATION}),
}
ACHIEVED = frozenset({ServiceAchievement.ACHIEVED, ServiceAchievement.PARTIALLY_ACHIEVED})
MAX_MINUTES = 24 * 60
WITHDRAWN = "the beneficiary withdrew their services consent"


class CarePlanState(Protocol):
    """A CarePlan, as its service commands see it."""

    services: dict[int, PlannedService]

    @property
    def ServicePlanned(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ServiceDelivered(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ServiceOutcomeRecorded(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ServiceCancelled(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def label(self) -> str: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...

    def check_needs_assessed(self, domains: tuple[NeedDomain, ...]) -> tuple[NeedDomain, ...]: ...

    def require_goal(self, number: int) -> CareGoal: ...

    def require_service(self, number: int) -> PlannedService: ...

    def require_open_service(self, number: int, action: str) -> PlannedService: ...


def require_consent(
    basis: ServiceBasis,
    consent_given_on: date | None,
    day: date,
    what: str,
    *,
    other_basis: bool = True,
) -> None:
    """Refused (ConsentRequired) when `basis` is consent and no services consent given
    on or before `day` is in force; `other_basis`: another lawful basis may be named
    (not so for the day centre, which rests on consent only)."""
    if basis is not ServiceBasis.CONSENT:
        return
    if consent_given_on is None or consent_given_on > day:
        remedy = " or name a lawful basis other than consent" if other_basis else ""
        raise ConsentRequired(
            f"{what} rests on consent and needs the beneficiary's services consent in force "
            f"on {day.isoformat()}; record it (GiveConsent, kind services){remedy}"
        )


def check_basis(service: ServiceType, basis: ServiceBasis) -> None:
    """Refused (InvalidInput naming `basis`) when `basis` is no basis for `service`."""
    allowed = SERVICES_ON_BASIS[basis]
    if service not in allowed:
        names = ", ".join(sorted(s.value for s in allowed))
        raise InvalidInput(
            "basis",
            f"{basis.value} is no basis for a {service.value} service; it is one for {names} "
            "only (or give the service on consent)",
        )


def provider_name(
    kind: ProviderKind, partner: str | None, organisation_id: UUID | None = None
) -> str:
    """PVPT, or the registered partner's name (`organisation_id` names it)."""
    if kind is ProviderKind.PVPT:
        if partner is not None or organisation_id is not None:
            raise InvalidInput("organisation_id", "PVPT's own team provides it; name no partner")
        return PVPT
    if organisation_id is None:
        raise InvalidInput("organisation_id", "a partner provides it: name the organisation")
    if partner is None:
        raise InvalidInput("partner", "a partner provides it: name the partner organisation")
    return checks.text("partner", partner)


class Services:
    """The commands on a care plan's planned services."""

    def plan_service(  # noqa: PLR0917 -- a planned service is all of these
        self: CarePlanState,
        service: ServiceType,
        provider: tuple[ProviderKind, str | None],
        responsible: str,
        dates: tuple[date, date],
        basis: ServiceBasis,
        domains: tuple[NeedDomain, ...],
        goal: int | None = None,
        *,
        consent_given_on: date | None,
        organisation_id: UUID | None = None,
        actor: str,
        at: datetime,
    ) -> int:
        """`provider`: (kind, the partner's name in the registry), `organisation_id` the
        partner's id; `dates`: (starts_on, due_on)."""
        answered = self.check_needs_assessed(domains)
        if goal is not None:
            self.require_goal(goal)
        starts_on, due_on = dates
        check_basis(service, basis)
        if due_on < starts_on:
            raise InvalidInput("due_on", f"{due_on.isoformat()} is before starts_on {starts_on}")
        number = len(self.services) + 1
        require_consent(basis, consent_given_on, at.date(), f"planned service {number}")
        self._record(
            self.ServicePlanned,
            actor,
            at,
            number=number,
            service=service,
            support_type=SUPPORT_TYPE_OF_SERVICE[service],
            provider_kind=provider[0],
            provider=provider_name(*provider, organisation_id),
            organisation_id=organisation_id,
            responsible=checks.user_name("responsible", responsible),
            starts_on=starts_on,
            due_on=due_on,
            basis=basis,
            domains=answered,
            goal=goal,
        )
        return number

    def record_delivery(  # noqa: PLR0917 -- a delivery is all of these
        self: CarePlanState,
        number: int,
        attended: bool,
        duration_minutes: int,
        delivered_by: str,
        delivered_on: date | None = None,
        provider: str | None = None,
        *,
        consent_given_on: date | None,
        actor: str,
        at: datetime,
    ) -> None:
        """A delivery on `delivered_on` (today when not stated) by the planned provider
        (unless `provider` names another)."""
        service = self.require_service(number)
        day = field_dates.stated(
            "delivered_on",
            delivered_on,
            at,
            not_before=service.starts_on,
            depends_on=f"the start of planned service {number} of {self.label}",
        )
        _check_delivery_allowed(self.label, service, day, consent_given_on)
        _check_duration(attended, duration_minutes)
        self._record(
            self.ServiceDelivered,
            actor,
            at,
            number=number,
            delivered_on=day,
            attended=attended,
            duration_minutes=duration_minutes,
            provider=service.provider if provider is None else checks.text("provider", provider),
            delivered_by=checks.user_name("delivered_by", delivered_by),
            basis=service.basis,
        )

    def record_service_outcome(
        self: CarePlanState,
        number: int,
        outcome: ServiceAchievement,
        note: str | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        service = self.require_open_service(number, "record its outcome")
        if outcome in ACHIEVED and not any(d.attended for d in service.deliveries):
            raise RuleViolated(
                f"planned service {number} of {self.label} has no attended delivery; it "
                f"cannot be {outcome.value} (record a delivery, or not_achieved)",
                rule="never_delivered",
            )
        note = checks.optional_text("note", note, max_length=4000)
        self._record(
            self.ServiceOutcomeRecorded,
            actor,
            at,
            number=number,
            service=service.service,
            outcome=outcome,
            note=note,
        )

    def cancel_service(
        self: CarePlanState, number: int, reason: str, *, actor: str, at: datetime
    ) -> None:
        self.require_open_service(number, "cancel it")
        reason = checks.text("reason", reason, max_length=2000)
        self._record(
            self.ServiceCancelled,
            actor,
            at,
            number=number,
            reason=reason,
            cancelled_on=at.date(),
            by_withdrawal=False,
        )

    def stop_for_withdrawal(
        self: CarePlanState, withdrawn_on: date, *, actor: str, at: datetime
    ) -> int:
        """Cancel every open service resting on consent, as of the withdrawal's day;
        how many were cancelled."""
        stopped = [
            s.number
            for s in self.services.values()
            if s.status is PlannedServiceStatus.PLANNED and s.basis is ServiceBasis.CONSENT
        ]
        for number in stopped:
            self._record(
                self.ServiceCancelled,
                actor,
                at,
                number=number,
                reason=WITHDRAWN,
                cancelled_on=withdrawn_on,
                by_withdrawal=True,
            )
        return len(stopped)

    def require_service(self: CarePlanState, number: int) -> PlannedService:
        service = self.services.get(number)
        if service is None:
            raise RuleViolated(
                f"{self.label} has no planned service {number}", rule="no_such_service"
            )
        return service

    def require_open_service(self: CarePlanState, number: int, action: str) -> PlannedService:
        service = self.require_service(number)
        if service.status is not PlannedServiceStatus.PLANNED:
            raise RuleViolated(
                f"planned service {number} of {self.label} is {service.status.value}; "
                f"to {action} it must be planned",
                rule="service_settled",
            )
        return service


def _check_delivery_allowed(
    label: str, service: PlannedService, day: date, consent_given_on: date | None
) -> None:
    what = f"planned service {service.number} of {label}"
    if service.status is PlannedServiceStatus.CONCLUDED:
        raise RuleViolated(
            f"{what} is concluded; no delivery after its outcome", rule="service_settled"
        )
    if service.status is PlannedServiceStatus.CANCELLED:
        assert service.cancelled_on is not None  # set with the status
        if day <= service.cancelled_on:
            return  # delivered before it was stopped, written up now
        message = f"{what} was cancelled on {service.cancelled_on} ({service.cancel_reason})"
        if service.cancel_reason == WITHDRAWN:
            raise ConsentRequired(message + "; no delivery after the withdrawal")
        raise RuleViolated(message + "; no delivery after it", rule="service_settled")
    require_consent(service.basis, consent_given_on, day, what)


def _check_duration(attended: bool, minutes: int) -> None:
    if attended and not 1 <= minutes <= MAX_MINUTES:
        raise InvalidInput("duration_minutes", f"{minutes} is not 1 to {MAX_MINUTES} minutes")
    if not attended and minutes != 0:
        raise InvalidInput("duration_minutes", "a missed delivery lasted 0 minutes")


def upcast_provider(state: dict[str, Any]) -> None:
    """ServicePlanned (or a planned service's state) stored before partners by id: a
    partner provider's name matched through the alias file (domain/partners.py)."""
    if state.get("provider_kind") == ProviderKind.PARTNER.value:
        give_organisation(state, "provider")
    else:
        state["organisation_id"] = None


def upcast_snapshot_providers(state: dict[str, Any]) -> None:
    """A care plan's snapshot before partners by id: its planned services upcast."""
    for service in state.get("services", {}).values():
        upcast_provider(service)
