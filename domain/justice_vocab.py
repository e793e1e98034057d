"""The vocabulary of criminal proceedings (domain/proceedings.py): stages, the
beneficiary's role, protection measures, legal representation, outcomes, compensation
claims, hearings and the cooperation choice. Kept apart from domain/vocab.py."""

from __future__ import annotations

from enum import StrEnum


class ProceedingsStage(StrEnum):
    """Where the proceedings stand, in the order Kosovo's Criminal Procedure Code runs
    them: a stage only moves forward (an appeal after the verdict); a mistake is
    corrected by an explicit correction with a reason."""

    REPORT_TO_POLICE = "report_to_police"
    INVESTIGATION = "investigation"
    INDICTMENT = "indictment"
    TRIAL = "trial"
    VERDICT = "verdict"
    APPEAL = "appeal"

    @property
    def order(self) -> int:
        return list(ProceedingsStage).index(self)


class ProceedingsRole(StrEnum):
    """The beneficiary's part in the proceedings (the Code's injured party, a witness)."""

    VICTIM = "victim"
    INJURED_PARTY = "injured_party"
    WITNESS = "witness"
    INJURED_PARTY_AND_WITNESS = "injured_party_and_witness"


class ProtectionMeasure(StrEnum):
    """Measures protecting an injured party or witness (Criminal Procedure Code, the
    protection of injured parties and witnesses; the Law on Witness Protection)."""

    ANONYMITY = "anonymity"
    IDENTITY_DATA_PROTECTED = "identity_data_protected"
    TESTIMONY_BY_VIDEO_LINK = "testimony_by_video_link"
    TESTIMONY_WITHOUT_DEFENDANT = "testimony_without_defendant"
    IMAGE_AND_VOICE_DISTORTION = "image_and_voice_distortion"
    CLOSED_SESSION = "closed_session"
    SUPPORT_PERSON_PRESENT = "support_person_present"
    POLICE_PROTECTION = "police_protection"
    RESTRAINING_ORDER = "restraining_order"
    WITNESS_PROTECTION_PROGRAMME = "witness_protection_programme"


class RepresentationKind(StrEnum):
    """Who represents the beneficiary: PVPT's own lawyer (a staff user), an organisation
    of the registry (a legal-aid service, the victims' advocates), or a private lawyer."""

    PVPT_LAWYER = "pvpt_lawyer"
    ORGANISATION = "organisation"
    PRIVATE_LAWYER = "private_lawyer"


class ProceedingsOutcome(StrEnum):
    """How the proceedings ended (or the appeal): a conviction, an acquittal, a plea
    agreement (at the verdict), the criminal report or indictment dismissed, or the
    charges dropped by the prosecutor (at any stage)."""

    CONVICTION = "conviction"
    ACQUITTAL = "acquittal"
    DISMISSED = "dismissed"  # criminal report dismissed, or indictment dismissed
    CHARGES_DROPPED = "charges_dropped"  # investigation terminated by the prosecutor
    PLEA_AGREEMENT = "plea_agreement"  # a conviction on a plea agreement


# outcomes that only a verdict gives (a dismissal may come at any stage)
VERDICTS = frozenset(
    {ProceedingsOutcome.CONVICTION, ProceedingsOutcome.ACQUITTAL, ProceedingsOutcome.PLEA_AGREEMENT}
)


class HearingStatus(StrEnum):
    """Where a court hearing stands: scheduled, then held on its day, adjourned to a new
    hearing, or cancelled."""

    SCHEDULED = "scheduled"
    HELD = "held"
    ADJOURNED = "adjourned"
    CANCELLED = "cancelled"


class CompensationKind(StrEnum):
    """The state victim compensation programme (Law No. 05/L-036 on Crime Victim
    Compensation), a property claim within the criminal proceedings, or a civil suit."""

    STATE_PROGRAMME = "state_programme"
    PROPERTY_CLAIM = "property_claim"
    CIVIL_SUIT = "civil_suit"


class CompensationStatus(StrEnum):
    """Where a compensation claim stands: filed, then awarded or rejected, an awarded one
    then paid."""

    FILED = "filed"
    AWARDED = "awarded"
    REJECTED = "rejected"
    PAID = "paid"


class Cooperation(StrEnum):
    """The beneficiary's choice to cooperate with the proceedings. Assistance never
    depends on it: no command of assistance reads it."""

    COOPERATES = "cooperates"
    DECLINES = "declines"
    UNDECIDED = "undecided"
