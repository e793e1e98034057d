"""A journey script's survivor: who they are (drawn by adapters/run/demo/population.py),
and the records the script invents for them (registration, referral, risk, exploitation
profile: adapters/run/demo/exploitation.py, services, notes).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from random import Random
from uuid import UUID

from adapters.run.demo import exploitation, population, referrers
from adapters.run.demo.background import with_extras
from adapters.run.demo.returns import referral_from_abroad
from adapters.run.demo.world import DEPTH, MANAGERS, WORKERS, Host
from domain.case_values import IncomingReferral
from domain.checks.field_dates import add_months
from domain.local_time import local_date
from domain.values import PersonalData
from domain.vocab import (
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    RiskLevel,
    ServiceOutcome,
    ServiceType,
)
from services.commands.beneficiary import RecordExploitationProfile, RegisterBeneficiary
from services.commands.case import AddNote, DeliverService

PREVENTION_TEAM = "PVPT prevention team"  # the referrer of a case from a disclosure


def birth_date(today: date, age: int, rng: Random) -> date:
    """Born so as to be `age` on `today`: `age` years and up to 364 days before."""
    return add_months(today, -12 * age) - timedelta(days=rng.randint(0, 364))


class ScriptBase:
    """One survivor's path, stopping at `target`: the survivor and the invented data."""

    beneficiary: UUID  # registered at intake (early_stages.py)

    def __init__(self, demo: Host, target: str) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.target = target
        self.worker = self.rng.choice(WORKERS)
        self.manager = self.rng.choice(MANAGERS)
        self.person = population.draw(self.rng)
        self.minor = self.person.minor
        self.international = self.person.foreign  # a foreign citizen
        self.stay: UUID | None = None
        self.plan: UUID | None = None  # the reintegration plan, once drafted
        self.care_plan: UUID | None = None  # once started (care.py)
        self.care_dates: tuple[date, date, int] | None = None  # its steps done (care.py)
        self.plan_active = False  # the reintegration plan drafted, not yet completed
        self.closed = False  # closed or screened out (and not reopened)
        self.contacted_on: date | None = None  # the journey's last service or note
        self.finished = False  # the journey ran its course (its case's upkeep may stop)

    def _days_ago(self, most: int, not_before: date | None = None) -> date:
        """A day up to `most` days before today (Kosovo's): a thing written up later."""
        day = local_date(self.demo.clock()) - timedelta(days=self.rng.randint(0, most))
        return day if not_before is None else max(day, not_before)

    def reaches(self, stage: str) -> bool:
        return DEPTH.index(self.target) >= DEPTH.index(stage)

    def _reached(self, stage: str) -> None:
        self.demo.summary.reached[stage] += 1

    def _registration(self) -> RegisterBeneficiary:
        person = self.person
        born = self.born = birth_date(local_date(self.demo.clock()), person.age, self.rng)
        personal = PersonalData(
            person.given_name,
            person.family_name,
            born,
            phone=f"+3834{self.rng.randint(1000000, 9999999)}",
        )
        return RegisterBeneficiary(
            personal=with_extras(personal, person, self.rng),
            gender=person.gender,
            age_at_identification=person.age,
            citizenships=person.citizenships,
            languages=person.languages,
            scope=person.scope,
        )

    def _referral(self) -> IncomingReferral:
        """From a registered partner, as identification in Kosovo runs (referrers.py)."""
        organisation = self.demo.record(referrers.referrer(self.person, self.rng))
        self.referred_on = self._days_ago(3)
        referral = IncomingReferral(
            organisation.display_name,  # the registry's name (services/partner_workflows.py)
            organisation.htcds_type,  # ignored with an id: the registry's is recorded
            self.referred_on,
            IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
            organisation_id=organisation.id,
        )  # now and then from another country's mechanism (returns.py)
        referral = referral_from_abroad(
            referral, international=self.international, beneficiary=self.beneficiary
        )
        return self._from_prevention(referral)

    def _from_prevention(self, referral: IncomingReferral) -> IncomingReferral:
        """A Kosovar referred from within Kosovo may be someone who disclosed at a prevention
        activity (adapters/run/demo/prevention.py): the case names that disclosure, and
        PVPT's prevention team is the referrer. Draws nothing: the journeys stay as drawn."""
        waiting = self.demo.prevention_referrals
        if not waiting or self.international or referral.referring_country is not None:
            return referral
        self.demo.summary.reached["prevention_cases"] += 1
        return replace(
            referral,
            organisation=PREVENTION_TEAM,
            organisation_type=OrganisationType.NGO,
            organisation_id=None,
            prevention_disclosure=waiting.pop(0),
        )

    def _risk(self) -> RiskLevel:
        self.risk = self.rng.choices(list(RiskLevel), weights=(50, 42, 8))[0]
        return self.risk

    def _profile(self) -> RecordExploitationProfile:
        return exploitation.profile(self.person, self.rng)

    def _service(self) -> DeliverService:
        service = self.rng.choice(list(ServiceType))
        self.contacted_on = local_date(self.demo.clock())
        return DeliverService(
            service=service,
            provider="PVPT",
            outcome=ServiceOutcome.COMPLETED,
            delivered_on=self.demo.clock().date(),
        )

    def _note(self) -> AddNote:
        category = self.rng.choice((NoteCategory.MEDICAL, NoteCategory.PSYCHOLOGICAL))
        self.contacted_on = local_date(self.demo.clock())
        return AddNote(category=category, text="session held; progress noted")
