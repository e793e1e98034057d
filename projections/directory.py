"""Directory: beneficiaries by code and cases' outgoing referrals, for staff lists
(docs/read-models/directory.md).

Fed by Beneficiary and Case events. No personal data: a beneficiary appears by
pseudonymous code with the non-identifying facts staff filter on (gender, age
band, minor, domestic or international, trafficking status); referrals name the
partner organisation, never the person. Days are Kosovo's (`domain.local_time`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, Date, Integer, MetaData, String, Table

from domain.checks.person import age_band_for
from domain.children import ADULT_AGE
from domain.local_time import local_date
from domain.vocab import ReferralStatus, TraffickingStatus
from projections.model import Change, ReadModel, physical_name
from projections.rows import RowCache

_REFERRAL_STATUS = {
    "Case.ReferralAccepted": ReferralStatus.ACCEPTED,
    "Case.ReferralRejected": ReferralStatus.REJECTED,
    "Case.ReferralRevoked": ReferralStatus.REVOKED,
}


class Directory(ReadModel):
    name = "directory"
    aggregate_types = frozenset({"Beneficiary", "Case"})

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        return {
            "beneficiary_directory": _beneficiaries(metadata, generation),
            "outgoing_referrals": _referrals(metadata, generation),
            "directory_cases": Table(
                physical_name("directory_cases", generation),
                metadata,
                Column("case_id", String(36), primary_key=True),
                Column("case_number", String(32), nullable=False),
                Column("beneficiary_code", String(32), nullable=False),
            ),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        people = RowCache(conn, tables["beneficiary_directory"], ("beneficiary_id",))
        cases = RowCache(conn, tables["directory_cases"], ("case_id",))
        referrals = RowCache(conn, tables["outgoing_referrals"], ("case_id", "number"))
        for change in batch:
            if change.aggregate_type == "Beneficiary":
                _beneficiary_event(people, change)
            elif change.event_type == "Case.Opened":
                cases.put((str(change.aggregate_id),), _case_opened(change))
            elif change.event_type == "Case.ReferredOut":
                referrals.put(_referral_key(change), _referred_out(cases, change))
            elif change.event_type in _REFERRAL_STATUS:
                _referral_status(referrals, change)
        for cache in (people, cases, referrals):
            cache.flush()


def _beneficiaries(metadata: MetaData, generation: int) -> Table:
    return Table(
        physical_name("beneficiary_directory", generation),
        metadata,
        Column("beneficiary_id", String(36), primary_key=True),
        Column("code", String(32), nullable=False, unique=True),
        Column("registered_on", Date, nullable=False),
        Column("gender", String(32), nullable=False),
        Column("age_band", String(8), nullable=False),
        Column("minor", Integer, nullable=False),
        Column("scope", String(16), nullable=False),
        Column("trafficking_status", String(40), nullable=False),
        Column("cases", Integer, nullable=False),
        Column("erased_on", Date),
        Column("position", Integer, nullable=False),
    )


def _referrals(metadata: MetaData, generation: int) -> Table:
    return Table(
        physical_name("outgoing_referrals", generation),
        metadata,
        Column("case_id", String(36), primary_key=True),
        Column("number", Integer, primary_key=True),
        Column("case_number", String(32), nullable=False),
        Column("beneficiary_code", String(32), nullable=False),
        Column("partner", String(200), nullable=False),
        Column("partner_type", String(40), nullable=False),
        Column("reason", String(40), nullable=False),
        Column("referred_on", Date, nullable=False),
        Column("status", String(16), nullable=False),
        Column("decided_on", Date),
        Column("position", Integer, nullable=False),
    )


# ------------------------------------------------------------ beneficiaries


def _beneficiary_event(people: RowCache, change: Change) -> None:
    key = (str(change.aggregate_id),)
    row = _registered(change) if change.event_type == "Beneficiary.Registered" else people.get(key)
    if row is None:
        msg = f"{change.event_type} for beneficiary {change.aggregate_id} never registered"
        raise LookupError(msg)
    _evolve(row, change)
    people.put(key, {**row, "position": change.position})


def _registered(change: Change) -> dict[str, Any]:
    age = int(change.fields["age_at_identification"])
    return {
        "beneficiary_id": str(change.aggregate_id),
        "code": change.fields["code"],
        "registered_on": local_date(change.at),
        "gender": str(change.fields["gender"]),
        "age_band": age_band_for(age).value,
        "minor": int(age < ADULT_AGE),
        "scope": str(change.fields["scope"]),
        "trafficking_status": TraffickingStatus.POSSIBLE.value,
        "cases": 0,
        "erased_on": None,
    }


_DECISIONS = frozenset(
    {
        "Beneficiary.TraffickingStatusDecided",
        "Beneficiary.IdentificationRecorded",
        "Beneficiary.IdentificationRevised",
    }
)


def _evolve(row: dict[str, Any], change: Change) -> None:
    if change.event_type in _DECISIONS:
        # the status in force the decision left (derived in the domain: the latest formal
        # decision in force, else the latest preliminary); stored before issue 14: its own
        in_force = change.fields.get("status_in_force") or change.fields["status"]
        row["trafficking_status"] = str(in_force)
    elif change.event_type == "Beneficiary.CaseOpened":
        row["cases"] += 1
    elif change.event_type == "Beneficiary.PersonalDataErased":
        row["erased_on"] = local_date(change.at)


# ---------------------------------------------------------------- referrals


def _case_opened(change: Change) -> dict[str, Any]:
    return {
        "case_id": str(change.aggregate_id),
        "case_number": change.fields["case_number"],
        "beneficiary_code": change.fields["beneficiary_code"],
    }


def _referral_key(change: Change) -> tuple[str, int]:
    return str(change.aggregate_id), int(change.fields["number"])


def _referred_out(cases: RowCache, change: Change) -> dict[str, Any]:
    case = cases.get((str(change.aggregate_id),))
    if case is None:
        msg = f"{change.event_type} for case {change.aggregate_id} that was never opened"
        raise LookupError(msg)
    fields = change.fields
    return {
        **case,
        "number": int(fields["number"]),
        "partner": fields["partner"],
        "partner_type": str(fields["partner_type"] or ""),  # "": HTCDS has no type that fits
        "reason": str(fields["reason"]),
        "referred_on": local_date(change.at),
        "status": ReferralStatus.IN_PROGRESS.value,
        "decided_on": None,
        "position": change.position,
    }


def _referral_status(referrals: RowCache, change: Change) -> None:
    key = _referral_key(change)
    row = referrals.get(key)
    if row is None:
        msg = f"{change.event_type} for referral {key} that was never made"
        raise LookupError(msg)
    status = _REFERRAL_STATUS[change.event_type].value
    decided_on = local_date(change.at)
    referrals.put(
        key, {**row, "status": status, "decided_on": decided_on, "position": change.position}
    )
