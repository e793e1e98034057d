"""A journey script's survivor: who they are, and the records the script invents for
them (registration, referral, risk, exploitation profile, services, notes).
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random
from uuid import UUID

from adapters.run.demo.world import DEPTH, FAMILY_NAMES, GIVEN_NAMES, MANAGERS, WORKERS, Host
from domain.checks.field_dates import add_months
from domain.local_time import local_date
from domain.values import IncomingReferral, PersonalData
from domain.vocab import (
    ControlMethod,
    ExploitationType,
    Gender,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    RecruitmentMethod,
    RelationshipToTrafficker,
    RiskLevel,
    ServiceOutcome,
    ServiceType,
    TraffickingScope,
    Vulnerability,
)
from services.commands.beneficiary import RecordExploitationProfile, RegisterBeneficiary
from services.commands.case import AddNote, DeliverService


def birth_date(today: date, age: int, rng: Random) -> date:
    """Born so as to be `age` on `today`: `age` years and up to 364 days before."""
    return add_months(today, -12 * age) - timedelta(days=rng.randint(0, 364))


class ScriptBase:
    """One survivor's path, stopping at `target`: the survivor and the invented data."""

    def __init__(self, demo: Host, target: str) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.target = target
        self.worker = self.rng.choice(WORKERS)
        self.manager = self.rng.choice(MANAGERS)
        self.minor = self.rng.random() < 0.2
        self.international = self.rng.random() < 0.3
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
        age = self.rng.randint(13, 17) if self.minor else self.rng.randint(18, 45)
        born = self.born = birth_date(local_date(self.demo.clock()), age, self.rng)
        personal = PersonalData(
            self.rng.choice(GIVEN_NAMES),
            self.rng.choice(FAMILY_NAMES),
            born,
            phone=f"+3834{self.rng.randint(1000000, 9999999)}",
        )
        gender = self.rng.choices((Gender.FEMININE, Gender.MASCULINE), weights=(85, 15))[0]
        citizenships = (
            (self.rng.choice(("AL", "MD", "UA", "RS")),) if self.international else ("XK",)
        )
        return RegisterBeneficiary(
            personal=personal,
            gender=gender,
            age_at_identification=age,
            citizenships=citizenships,
            languages=("sq",) if not self.international else ("en",),
            scope=TraffickingScope.INTERNATIONAL
            if self.international
            else TraffickingScope.DOMESTIC,
        )

    def _referral(self) -> IncomingReferral:
        organisation, kind = self.rng.choice(
            (
                ("Kosovo Police", OrganisationType.LAW_ENFORCEMENT),
                ("Victim Advocacy Office", OrganisationType.CENTRAL_GOVERNMENT_ORGANISATION),
                ("Centre for Social Work", OrganisationType.LOCAL_GOVERNMENT_ORGANISATION),
                ("IOM Kosovo", OrganisationType.NGO),
            )
        )
        self.referred_on = self._days_ago(3)
        return IncomingReferral(
            organisation,
            kind,
            self.referred_on,
            IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
        )

    def _risk(self) -> RiskLevel:
        self.risk = self.rng.choices(list(RiskLevel), weights=(50, 42, 8))[0]
        return self.risk

    def _profile(self) -> RecordExploitationProfile:
        main = self.rng.choices(
            (
                ExploitationType.SEXUAL_EXPLOITATION,
                ExploitationType.FORCED_LABOUR,
                ExploitationType.FORCED_BEGGING,
                ExploitationType.FORCED_MARRIAGE,
            ),
            weights=(60, 20, 12, 8),
        )[0]
        return RecordExploitationProfile(
            types=(main,),
            control_methods=tuple(self.rng.sample(list(ControlMethod)[:15], 2)),
            recruitment_methods=(self.rng.choice(list(RecruitmentMethod)),),
            relationship=self.rng.choice(list(RelationshipToTrafficker)),
            vulnerabilities=tuple(self.rng.sample(list(Vulnerability), 2)),
        )

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
