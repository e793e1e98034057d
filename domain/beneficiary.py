"""Beneficiary: the person assisted (HTCDS victim), known by a pseudonymous code.

Identifying data (names, birth date, contacts, identity number, address) is held as
ONE value, `personal`, so it can be encrypted and shredded on its own; the guardian
is identifying too. Everything else is non-identifying: gender, age at identification
and its CTDC band, minor when identified (for reports; who is a minor on a given day:
domain/parts/beneficiary_children.py), an age estimate, citizenships, languages, scope,
trafficking status and the exploitation profile. Consents in force are kept per kind
(and partner, for sharing); giving and withdrawing each is an event with its date and
recorder. Identification decisions (preliminary and formal, revisable) are kept in full
and the trafficking status is derived from them (domain/parts/beneficiary_identification.py).
Decisions and consents are field dates (domain.checks.field_dates): the day
they happened, as stated, apart from when they were recorded.

Erasure (the right to be forgotten) is an event too: it records who, when, on which
legal basis and under which request reference; from then on the personal data and the
guardian's name and contact read as "[erased]" and nothing identifying can be recorded
again. The adapters destroy the person's encryption keys, so earlier events' personal
fields read as "[erased]" as well, while the history stays whole and replayable.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.checks import field_dates
from domain.checks.person import MAX_AGE, age_band_for, citizenship_codes, clean_personal, unique
from domain.children import ADULT_AGE, AgeEstimate, GuardianAppointment
from domain.errors import ConsentRequired, InvalidInput, RuleViolated
from domain.parts import beneficiary_identification as identification
from domain.parts import documents
from domain.parts.beneficiary_children import (
    Children,
    upcast_guardian_appointed_v1_v2,
    upcast_snapshot_v1_v2,
)
from domain.parts.beneficiary_consents import (
    Consents,
    consent_key,
    upcast_consent_v2_v3,
    upcast_consent_v3_v4,
    upcast_snapshot_consents,
)
from domain.parts.documents import Documents
from domain.sequence import record_id
from domain.values import (
    ERASED,
    ERASED_PERSON,
    ConsentRecord,
    ExploitationProfile,
    Guardian,
    PersonalData,
)
from domain.vocab import (
    AgeBand,
    AgeEstimateMethod,
    ConsentGiver,
    ConsentKind,
    ControlMethod,
    DecidingBody,
    ErasureBasis,
    ExploitationType,
    Gender,
    GuardianAppointedBy,
    RecruitmentMethod,
    RelationshipToTrafficker,
    TraffickingScope,
    TraffickingStatus,
    Vulnerability,
)

CODE = re.compile(r"^PVPT-\d{4}-\d{4,}$")
REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./_-]{0,63}$")


class Beneficiary(identification.Identifications, Children, Consents, Documents, JourneyAggregate):
    # v2: identification decisions; v3: the latest age estimate and the guardian's
    # appointment (domain/children.py); v4: consents renewed 12 months on (ConsentGiven v4)
    class_version = 4
    upcast_v1_v2 = staticmethod(identification.upcast_snapshot)
    code: str
    personal: PersonalData
    gender: Gender
    age_at_identification: int
    age_band: AgeBand
    is_minor: bool  # when identified (reports); rules ask is_minor_on(day)
    citizenships: tuple[str, ...]
    languages: tuple[str, ...]
    scope: TraffickingScope
    trafficking_status: TraffickingStatus
    deciding_body: DecidingBody | None
    status_decided_on: date | None
    exploitation: ExploitationProfile | None
    guardian: Guardian | None
    guardian_appointment: GuardianAppointment | None
    age_estimate: AgeEstimate | None
    consents: dict[str, ConsentRecord]
    case_ids: list[UUID]
    erased_on: date | None
    erasure_basis: ErasureBasis | None

    def __init__(self) -> None:
        self.case_ids = []
        self.identifications = []
        self.trafficking_status = TraffickingStatus.POSSIBLE
        self.deciding_body = None
        self.status_decided_on = None
        self.exploitation = None
        self.guardian = None
        self.guardian_appointment = None
        self.age_estimate = None
        self.consents = {}
        self.erased_on = None
        self.erasure_basis = None
        self.documents = {}  # domain/parts/documents.py

    @property
    def label(self) -> str:
        return f"beneficiary {self.code}"

    @property
    def erased(self) -> bool:
        return self.erased_on is not None

    @property
    def has_guardian(self) -> bool:
        return self.guardian is not None

    @property
    def sharing_partners(self) -> tuple[str, ...]:
        """Partner organisations this beneficiary currently consents to share with."""
        return tuple(
            record.partner
            for record in self.consents.values()
            if record.kind is ConsentKind.SHARING and record.partner is not None
        )

    def has_consent(self, kind: ConsentKind, partner: str | None = None) -> bool:
        name = partner.strip() if partner is not None else None
        return consent_key(kind, name) in self.consents

    upcast_v2_v3 = staticmethod(upcast_snapshot_v1_v2)
    upcast_v3_v4 = staticmethod(upcast_snapshot_consents)

    def may_share_with(self, partner: str) -> bool:
        return self.has_consent(ConsentKind.SHARING, partner)

    def link_case(self, case_id: UUID, case_number: str, *, actor: str, at: datetime) -> None:
        self._require_not_erased("open a case")
        self._record(self.CaseOpened, actor, at, case_id=case_id, case_number=case_number)

    def share_with(
        self, partner: str, case_number: str, referral_number: int, *, actor: str, at: datetime
    ) -> None:
        """Record that consent to share with `partner` is relied on, or refuse without it.

        Saved with the referral, so a withdrawal at the same moment conflicts on this
        record's version and the referral is decided again on the fresh consents.
        """
        partner = checks.text("partner", partner)
        if not self.may_share_with(partner):
            raise ConsentRequired(
                f"{self.label} has not consented to sharing with {partner}; "
                f"case {case_number} cannot be referred there"
            )
        self._record(
            self.SharedWithPartner,
            actor,
            at,
            partner=partner,
            case_number=case_number,
            referral_number=referral_number,
        )

    # ----------------------------------------------------------------- events

    class Registered(JourneyAggregate.Created):
        code: str
        personal: PersonalData
        gender: Gender
        age_at_identification: int
        citizenships: tuple[str, ...]
        languages: tuple[str, ...]
        scope: TraffickingScope

        def apply(self, b: Beneficiary) -> None:
            b.code = self.code
            b.personal = self.personal
            b.gender = self.gender
            b.age_at_identification = self.age_at_identification
            b.age_band = age_band_for(self.age_at_identification)
            b.is_minor = self.age_at_identification < ADULT_AGE
            b.citizenships = self.citizenships
            b.languages = self.languages
            b.scope = self.scope

    class PersonalDataUpdated(JourneyAggregate.Event):
        personal: PersonalData

        def apply(self, b: Beneficiary) -> None:
            b.personal = self.personal

    class TraffickingStatusDecided(JourneyAggregate.Event):
        """A decision as recorded before identification kinds: a formal one, in Kosovo."""

        class_version = 2  # v2: the day of the decision, as stated (`decided_on`)
        status: TraffickingStatus
        deciding_body: DecidingBody
        decided_on: date
        # the status in force once recorded (issue 14); none on events stored before
        status_in_force: TraffickingStatus | None = None

        upcast_v1_v2 = field_dates.upcast_to_recorded_day("decided_on")

        def apply(self, b: Beneficiary) -> None:
            identification.add_decision(b, identification.legacy_decision(b, self))

    class IdentificationRecorded(identification.IdentificationRecorded):
        """A decision was recorded (domain/parts/beneficiary_identification.py)."""

    class IdentificationRevised(identification.IdentificationRevised):
        """A decision was revised by a new one (domain/parts/beneficiary_identification.py)."""

    class ExploitationProfileRecorded(JourneyAggregate.Event):
        profile: ExploitationProfile

        def apply(self, b: Beneficiary) -> None:
            b.exploitation = self.profile

    class GuardianAppointed(JourneyAggregate.Event):
        # v2: who appointed the guardian, on which day, under which decision
        class_version = 2
        guardian: Guardian
        appointed_by: GuardianAppointedBy
        appointed_on: date
        reference: str | None

        upcast_v1_v2 = staticmethod(upcast_guardian_appointed_v1_v2)

        def apply(self, b: Beneficiary) -> None:
            b.guardian = self.guardian
            b.guardian_appointment = GuardianAppointment(
                self.appointed_by, self.appointed_on, self.reference
            )

    class AgeEstimated(JourneyAggregate.Event):
        """The person's age was estimated (no birth date known, or it is in doubt)."""

        age_years: int
        method: AgeEstimateMethod
        estimated_on: date

        def apply(self, b: Beneficiary) -> None:
            b.age_estimate = AgeEstimate(self.age_years, self.method, self.estimated_on)

    class ConsentGiven(JourneyAggregate.Event):
        # v2: the day consent was given, as stated (`given_on`);
        # v3: the day a guardian's consent is to be renewed by (`renew_by`);
        # v4: 12 months after given_on, never by the month the child turns 18
        class_version = 4
        kind: ConsentKind
        partner: str | None
        given_by: ConsentGiver
        given_on: date
        renew_by: date | None

        upcast_v1_v2 = field_dates.upcast_to_recorded_day("given_on")

        upcast_v2_v3 = staticmethod(upcast_consent_v2_v3)
        upcast_v3_v4 = staticmethod(upcast_consent_v3_v4)

        def apply(self, b: Beneficiary) -> None:
            b.consents[consent_key(self.kind, self.partner)] = ConsentRecord(
                self.kind, self.partner, self.given_by, self.actor, self.given_on, self.renew_by
            )

    class ConsentWithdrawn(JourneyAggregate.Event):
        class_version = 2  # v2: the day consent was withdrawn, as stated (`withdrawn_on`)
        kind: ConsentKind
        partner: str | None
        withdrawn_on: date

        upcast_v1_v2 = field_dates.upcast_to_recorded_day("withdrawn_on")

        def apply(self, b: Beneficiary) -> None:
            del b.consents[consent_key(self.kind, self.partner)]

    class CaseOpened(JourneyAggregate.Event):
        """A case was opened for this beneficiary (saved with the case)."""

        case_id: UUID
        case_number: str

        def apply(self, b: Beneficiary) -> None:
            b.case_ids.append(self.case_id)

    class SharedWithPartner(JourneyAggregate.Event):
        """The beneficiary's consent was relied on to share a case with a partner."""

        partner: str
        case_number: str
        referral_number: int

    # documents (domain/parts/documents.py): the record's own topics for the part's events
    class DocumentAttached(documents.DocumentAttached):
        pass

    class DocumentRemoved(documents.DocumentRemoved):
        pass

    class PersonalDataErased(JourneyAggregate.Event):
        """The person's identifying data was erased (their keys are destroyed with it)."""

        legal_basis: ErasureBasis
        reference: str

        def apply(self, b: Beneficiary) -> None:
            b.personal = ERASED_PERSON
            if b.guardian is not None:
                b.guardian = replace(b.guardian, name=ERASED, contact=None)
            b.erased_on = self.timestamp.date()
            b.erasure_basis = self.legal_basis

    # --------------------------------------------------------------- commands

    @classmethod
    def register(  # noqa: PLR0917 -- the signature the services call positionally
        cls,
        code: str,
        personal: PersonalData,
        gender: Gender,
        age_at_identification: int,
        citizenships: tuple[str, ...],
        languages: tuple[str, ...],
        scope: TraffickingScope,
        *,
        actor: str,
        at: datetime,
    ) -> Beneficiary:
        if not CODE.fullmatch(code):
            raise InvalidInput("code", f"{code!r} is not like PVPT-2026-0001")
        if not 0 <= age_at_identification <= MAX_AGE:
            raise InvalidInput(
                "age_at_identification", f"must be 0..{MAX_AGE}, got {age_at_identification}"
            )
        beneficiary: Beneficiary = cls._start(
            cls.Registered,
            actor,
            at,
            id=record_id(code),
            code=code,
            personal=clean_personal(personal, at.date()),
            gender=gender,
            age_at_identification=age_at_identification,
            citizenships=citizenship_codes(citizenships),
            languages=unique(checks.languages("languages", languages)),
            scope=scope,
        )
        return beneficiary

    def erase(self, legal_basis: ErasureBasis, reference: str, *, actor: str, at: datetime) -> None:
        """Erase the person's identifying data; `reference` names the request (no narrative)."""
        self._require_not_erased("erase the personal data")
        if not REFERENCE.fullmatch(reference):
            raise InvalidInput(
                "reference",
                "a request reference of 1-64 letters, digits and . / _ - "
                "(e.g. DPO-2026-014), not a narrative",
            )
        self._record(
            self.PersonalDataErased, actor, at, legal_basis=legal_basis, reference=reference
        )

    def update_personal_data(self, personal: PersonalData, *, actor: str, at: datetime) -> None:
        self._require_not_erased("update the personal data")
        cleaned = clean_personal(personal, at.date())
        if cleaned == self.personal:
            raise RuleViolated(
                f"{self.label} already has this personal data; nothing to update", rule="no_change"
            )
        self._record(self.PersonalDataUpdated, actor, at, personal=cleaned)

    def record_exploitation_profile(
        self,
        types: tuple[ExploitationType, ...],
        control_methods: tuple[ControlMethod, ...] = (),
        recruitment_methods: tuple[RecruitmentMethod, ...] = (),
        relationship: RelationshipToTrafficker | None = None,
        vulnerabilities: tuple[Vulnerability, ...] = (),
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Record (or replace) the exploitation profile; at least one exploitation type."""
        if not types:
            raise InvalidInput("types", "name at least one type of exploitation")
        profile = ExploitationProfile(
            unique(types),
            unique(control_methods),
            unique(recruitment_methods),
            relationship,
            unique(vulnerabilities),
        )
        if profile == self.exploitation:
            raise RuleViolated(
                f"{self.label} already has this exploitation profile", rule="no_change"
            )
        self._record(self.ExploitationProfileRecorded, actor, at, profile=profile)

    # ---------------------------------------------------------------- helpers

    def _require_not_erased(self, action: str) -> None:
        if self.erased:
            raise RuleViolated(
                f"{self.label}'s personal data was erased on {self.erased_on}; cannot {action}",
                rule="personal_data_erased",
            )
