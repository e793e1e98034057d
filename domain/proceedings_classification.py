"""How identifying each field of criminal proceedings is (domain/proceedings.py), and
of the case's link to them: merged into domain/classification.py's tables.

A reference at police, prosecution or court identifies the person through the court's
records (anyone holding the file number finds the injured party's name): PERSONAL, as
are a private lawyer's name (a person) and the free-text reasons staff write. Stages,
roles, measures, outcomes, hearing and claim dates, amounts, organisation ids and PVPT
lawyers' user names are not identifying (PLAIN, STAFF)."""

from __future__ import annotations

from typing import Any

from domain.case import Case
from domain.parts.proceedings_values import (
    CompensationClaim,
    Hearing,
    MeasureInForce,
    Representation,
)
from domain.proceedings import CriminalProceedings
from domain.sensitivity import CODE, FREE_TEXT, PLAIN, STAFF, Entry, Field, Sensitivity

P = CriminalProceedings
# A reference at police, prosecution or court: the court's records name the person by it.
REFERENCE = Field(
    Sensitivity.PERSONAL, "a file reference that identifies the person in court records"
)
LAWYER_NAME = Field(Sensitivity.PERSONAL, "a private lawyer's name: a person")
_REFERENCES: dict[str, Entry] = {
    "police_reference": REFERENCE,
    "prosecution_reference": REFERENCE,
    "court_reference": REFERENCE,
}

PROCEEDINGS_VALUES: dict[type[Any], dict[str, Entry]] = {
    Hearing: {
        "number": PLAIN,
        "scheduled_on": PLAIN,
        "court_organisation_id": PLAIN,
        "status": PLAIN,
        "adjourned_to": PLAIN,
        "changed_on": PLAIN,
    },
    MeasureInForce: {"measure": PLAIN, "granted_on": PLAIN, "ended_on": PLAIN},
    Representation: {
        "kind": PLAIN,
        "since": PLAIN,
        "lawyer": STAFF,
        "organisation_id": PLAIN,
        "private_lawyer": LAWYER_NAME,
    },
    CompensationClaim: dict.fromkeys(
        (
            "number",
            "kind",
            "filed_on",
            "claimed_cents",
            "status",
            "decided_on",
            "awarded_cents",
            "paid_on",
            "paid_cents",
        ),
        PLAIN,
    ),
}

PROCEEDINGS_EVENTS: dict[type[Any], dict[str, Entry]] = {
    P.Opened: {
        "case_id": PLAIN,
        "case_number": CODE,
        "beneficiary_id": PLAIN,
        "role": PLAIN,
        "stage": PLAIN,
        "stage_on": PLAIN,
        **_REFERENCES,
    },
    P.ReferencesRecorded: dict(_REFERENCES),
    P.StageAdvanced: {"stage": PLAIN, "stage_on": PLAIN},
    P.StageCorrected: {"stage": PLAIN, "stage_on": PLAIN, "reason": FREE_TEXT},
    P.RoleChanged: {"role": PLAIN, "changed_on": PLAIN},
    P.CooperationRecorded: {"choice": PLAIN, "decided_on": PLAIN},
    P.RepresentationRecorded: {"representation": Representation},
    P.ProtectionMeasureGranted: {"measure": PLAIN, "granted_on": PLAIN},
    P.ProtectionMeasureEnded: {"measure": PLAIN, "ended_on": PLAIN},
    P.HearingScheduled: {"number": PLAIN, "scheduled_on": PLAIN, "court_organisation_id": PLAIN},
    P.HearingHeld: {"number": PLAIN, "held_on": PLAIN},
    P.HearingAdjourned: {
        "number": PLAIN,
        "adjourned_on": PLAIN,
        "new_number": PLAIN,
        "new_date": PLAIN,
    },
    P.HearingCancelled: {"number": PLAIN, "cancelled_on": PLAIN, "reason": FREE_TEXT},
    P.OutcomeRecorded: {"outcome": PLAIN, "decided_on": PLAIN},
    P.CompensationClaimFiled: {"claim": CompensationClaim},
    P.CompensationClaimDecided: {"number": PLAIN, "decided_on": PLAIN, "awarded_cents": PLAIN},
    P.CompensationPaid: {"number": PLAIN, "paid_on": PLAIN, "paid_cents": PLAIN},
    Case.ProceedingsOpened: {"proceedings_id": PLAIN},
}

PROCEEDINGS_STATES: dict[type[Any], dict[str, Entry]] = {
    P: {
        "case_id": PLAIN,
        "case_number": CODE,
        "beneficiary_id": PLAIN,
        **_REFERENCES,
        "stage": PLAIN,
        "stage_on": PLAIN,
        "opened_on": PLAIN,
        "role": PLAIN,
        "cooperation": PLAIN,
        "cooperation_on": PLAIN,
        "outcome": PLAIN,
        "outcome_on": PLAIN,
        "outcome_stage": PLAIN,
        "representation": Representation,
        "measures": MeasureInForce,
        "hearings": Hearing,
        "claims": CompensationClaim,
    },
}
CASE_PROCEEDINGS_STATE: dict[str, Entry] = {"proceedings_ids": PLAIN}
