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
Trafficking episodes (HTCDS Historic Trafficking Events) are numbered on the record
(domain/parts/beneficiary_episodes.py).
Decisions and consents are field dates (domain.checks.field_dates): the day
they happened, as stated, apart from when they were recorded.

Erasure (the right to be forgotten, domain/parts/beneficiary_personal.py) is an event
too: it records who, when, on which legal basis and under which request reference; from
then on the personal data and the guardian's name and contact read as "[erased]" and
nothing identifying can be recorded again. The adapters destroy the person's encryption
keys, so earlier events' personal fields read as "[erased]" as well, while the history
stays whole and replayable.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.checks import field_dates
from domain.checks.person import MAX_AGE, age_band_for, citizenship_codes, clean_personal, unique
from domain.children import ADULT_AGE, AgeEstimate, GuardianAppointment
from domain.episode_values import TraffickingEpisode
from domain.errors import InvalidInput
from domain.partners import upcast_organisation
from domain.parts import beneficiary_background as background
from domain.parts import beneficiary_episodes as episode_part
from domain.parts import beneficiary_identification as identification
from domain.parts import beneficiary_personal as person_part
from domain.parts import documents
from domain.parts.beneficiary_children import (
    Children,
    upcast_guardian_appointed_v1_v2,
    upcast_snapshot_v1_v2,
)
from domain.parts.beneficiary_consents import (
    Consents,
    consent_key,
    keep_consent,
    upcast_consent_v2_v3,
    upcast_consent_v3_v4,
    upcast_snapshot_consents,
    upcast_snapshot_partners,
)
from domain.parts.documents import Documents
from domain.sequence import record_id
from domain.values import (
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
    DecidingBody,
    ErasureBasis,
    Gender,
    GuardianAppointedBy,
    TraffickingScope,
    TraffickingStatus,
)

CODE = re.compile(r"^PVPT-\d{4}-\d{4,}$")


class Beneficiary(
    identification.Identifications,
    background.Background,
    Children,
    Consents,
    Documents,
    episode_part.Episodes,
    person_part.PersonalRecord,
    JourneyAggregate,
):
    # v2: identification decisions; v3: the latest age estimate and the guardian's
    # appointment (domain/children.py); v4: consents renewed 12 months on (ConsentGiven v4);
    # v5: trafficking episodes (domain/parts/beneficiary_episodes.py);
    # v6: sharing consents keyed by organisation id (domain/partners.py);
    # v7: background, vulnerability details and death (domain/parts/beneficiary_background.py)
    class_version = 7
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
    episodes: dict[int, TraffickingEpisode]  # in force, by number
    episodes_recorded: int  # the last number given

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
        self.episodes = {}  # domain/parts/beneficiary_episodes.py
        self.episodes_recorded = 0
        self.background = None  # domain/parts/beneficiary_background.py
        self.vulnerability_details = None
        self.died_on = None

    @property
    def label(self) -> str:
        return f"beneficiary {self.code}"

    @property
    def erased(self) -> bool:
        return self.erased_on is not None

    @property
    def has_guardian(self) -> bool:
        return self.guardian is not None

    upcast_v2_v3 = staticmethod(upcast_snapshot_v1_v2)
    upcast_v3_v4 = staticmethod(upcast_snapshot_consents)
    upcast_v4_v5 = staticmethod(episode_part.upcast_snapshot_v4_v5)
    upcast_v5_v6 = staticmethod(upcast_snapshot_partners)
    upcast_v6_v7 = staticmethod(background.upcast_snapshot_v6_v7)

    def link_case(self, case_id: UUID, case_number: str, *, actor: str, at: datetime) -> None:
        self._require_not_erased("open a case")
        self._record(self.CaseOpened, actor, at, case_id=case_id, case_number=case_number)

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

    # the person's own data (domain/parts/beneficiary_personal.py)
    class PersonalDataUpdated(person_part.PersonalDataUpdated):
        pass

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

    class ExploitationProfileRecorded(person_part.ExploitationProfileRecorded):
        pass

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
        # v4: 12 months after given_on, never by the month the child turns 18;
        # v5: the registered organisation of a sharing consent (`organisation_id`)
        class_version = 5
        kind: ConsentKind
        partner: str | None
        given_by: ConsentGiver
        given_on: date
        renew_by: date | None
        organisation_id: UUID | None = None

        upcast_v1_v2 = field_dates.upcast_to_recorded_day("given_on")

        upcast_v2_v3 = staticmethod(upcast_consent_v2_v3)
        upcast_v3_v4 = staticmethod(upcast_consent_v3_v4)
        upcast_v4_v5 = upcast_organisation("partner")

        def apply(self, b: Beneficiary) -> None:
            record = ConsentRecord(
                self.kind,
                self.partner,
                self.given_by,
                self.actor,
                self.given_on,
                self.renew_by,
                self.organisation_id,
            )
            keep_consent(
                b.consents, consent_key(self.kind, self.organisation_id, self.partner), record
            )

    class ConsentWithdrawn(JourneyAggregate.Event):
        # v2: the day consent was withdrawn, as stated (`withdrawn_on`);
        # v3: the registered organisation of a sharing consent (`organisation_id`)
        class_version = 3
        kind: ConsentKind
        partner: str | None
        withdrawn_on: date
        organisation_id: UUID | None = None

        upcast_v1_v2 = field_dates.upcast_to_recorded_day("withdrawn_on")
        upcast_v2_v3 = upcast_organisation("partner")

        def apply(self, b: Beneficiary) -> None:
            # a no-op for a consent not in force: two old names of one organisation
            # (domain/parts/beneficiary_consents.py `keep_consent`), both withdrawn
            b.consents.pop(consent_key(self.kind, self.organisation_id, self.partner), None)

    class CaseOpened(JourneyAggregate.Event):
        """A case was opened for this beneficiary (saved with the case)."""

        case_id: UUID
        case_number: str

        def apply(self, b: Beneficiary) -> None:
            b.case_ids.append(self.case_id)

    class SharedWithPartner(JourneyAggregate.Event):
        """The beneficiary's consent was relied on to share a case with a partner."""

        class_version = 2  # v2: the registered organisation (`organisation_id`)
        partner: str
        case_number: str
        referral_number: int
        organisation_id: UUID | None = None

        upcast_v1_v2 = upcast_organisation("partner")

    # trafficking episodes (domain/parts/beneficiary_episodes.py)
    class TraffickingEpisodeRecorded(episode_part.TraffickingEpisodeRecorded):
        pass

    class TraffickingEpisodeRevised(episode_part.TraffickingEpisodeRevised):
        pass

    class TraffickingEpisodeWithdrawn(episode_part.TraffickingEpisodeWithdrawn):
        pass

    # background and death (domain/parts/beneficiary_background.py, issue 15)
    class BackgroundRecorded(background.BackgroundRecorded):
        pass

    class VulnerabilitiesDescribed(background.VulnerabilitiesDescribed):
        pass

    class DeathRecorded(background.DeathRecorded):
        pass

    # documents (domain/parts/documents.py): the record's own topics for the part's events
    class DocumentAttached(documents.DocumentAttached):
        pass

    class DocumentRemoved(documents.DocumentRemoved):
        pass

    # erasure (domain/parts/beneficiary_personal.py)
    class PersonalDataErased(person_part.PersonalDataErased):
        pass

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
