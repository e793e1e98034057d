"""The analysts' HTCDS 2.0 export: which facts of a victim's case go out, and how coarse.

Pure: it maps records already loaded (a beneficiary, its latest case, that case's
reintegration plans and shelter stays) to one `kanon.Record`, names the quasi-
identifiers' hierarchies and the outcome tables. Reading the store and writing files
is `adapters/reports/htcds_files.py`; the fields are documented in docs/export-htcds.md.

Only non-identifying facts are read: no name, birth date, contact, identity number,
address, guardian, code, case number, partner or provider name, date or free text.
Every HTCDS core field is a column (issue 15): those that would carry such a fact are
always empty and listed in the metadata as withheld (projections/htcds_person.py).
Column names are HTCDS 2.0 field names (`prs_`, `vic_`, `cas_`, `spl_`) where HTCDS
has the field and its picklist values are used as they are; our own columns start
with `pvpt_`. Multi-select values are joined with ";" (as Salesforce stores them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.htcds_vocab import CaseStatus
from domain.local_time import local_date
from domain.plan import ReintegrationPlan
from domain.stay import ShelterStay
from domain.vocab import (
    AgeBand,
    ClosureReason,
    ConsentKind,
    DecidingBody,
    ExploitationType,
    Gender,
    Stage,
)
from projections import htcds_person as person
from projections.kanon import Hierarchy, Level, Record, suppressed_level

MULTI = ";"
CTDC_K = 11  # CTDC publishes with k = 11

AGE = "pvpt_AgeBand"
GENDER = "prs_Gender"
CITIZENSHIP = "prs_Citizenship"
CITIZENSHIP_GROUP = "pvpt_CitizenshipGroup"
EXPLOITATION = "vic_TypeOfExploitation"
YEAR = "pvpt_YearOfIdentification"
SUPPRESSED_FIELDS = "pvpt_SuppressedFields"
SUPPRESSED_IN_TABLES = "suppressed"


class Exclusion(StrEnum):
    """Why a beneficiary is left out of an export (counted in the metadata)."""

    NO_REPORTING_CONSENT = "no_anonymised_reporting_consent"
    ERASED = "personal_data_erased"
    NO_CASE = "no_case"


def exclusion(beneficiary: Beneficiary) -> Exclusion | None:
    """None if the beneficiary may be exported now: anonymised-reporting consent in
    force (a withdrawal counts from the next export), not erased, with a case."""
    if beneficiary.erased:
        return Exclusion.ERASED
    if not beneficiary.has_consent(ConsentKind.ANONYMISED_REPORTING):
        return Exclusion.NO_REPORTING_CONSENT
    if not beneficiary.case_ids:
        return Exclusion.NO_CASE
    return None


# ------------------------------------------------------------ quasi-identifiers

_WESTERN_BALKANS = frozenset({"AL", "BA", "ME", "MK", "RS"})
# fmt: off
_OTHER_EUROPE = frozenset((
    "AD", "AT", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES",
    "FI", "FR", "GB", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU",
    "LV", "MC", "MD", "MT", "NL", "NO", "PL", "PT", "RO", "RU", "SE", "SI",
    "SK", "SM", "TR", "UA", "VA",
))
# fmt: on
_LABOUR = frozenset(
    {
        ExploitationType.FORCED_LABOUR,
        ExploitationType.CHILD_LABOUR,
        ExploitationType.SERVITUDE,
        ExploitationType.FORCED_BEGGING,
    }
)
_CHILD_BANDS = frozenset({AgeBand.AGE_0_8, AgeBand.AGE_9_17})
_YOUNG_ADULT_BANDS = frozenset(
    {AgeBand.AGE_18_20, AgeBand.AGE_21_23, AgeBand.AGE_24_26, AgeBand.AGE_27_29}
)
PERIOD_YEARS = 3
PERIOD_EPOCH = 2000  # PVPT's first year; periods are 2000-2002, ..., 2024-2026


def _identity(value: str) -> str:
    return value


def age_wide(band: str) -> str:
    """CTDC band -> 0-17, 18-29 or 30+."""
    if not band:
        return ""
    if band in _CHILD_BANDS:
        return "0-17"
    return "18-29" if band in _YOUNG_ADULT_BANDS else "30+"


def age_child_or_adult(band: str) -> str:
    if not band:
        return ""
    return "0-17" if band in _CHILD_BANDS else "18+"


def gender_binary_or_unknown(gender: str) -> str:
    """Feminine and Masculine kept; every other value merged into NonSpecifiedUnknown."""
    if not gender:
        return ""
    if gender in (Gender.FEMININE, Gender.MASCULINE):
        return gender
    return Gender.NON_SPECIFIED_UNKNOWN.value


def citizenship_region(codes: str) -> str:
    """ISO codes -> Kosovo, WesternBalkans, OtherEurope or RestOfWorld (the first that
    any of the person's citizenships belongs to, in that order)."""
    held = set(codes.split(MULTI)) - {""}
    if not held:
        return ""
    if "XK" in held:
        return "Kosovo"
    if held & _WESTERN_BALKANS:
        return "WesternBalkans"
    return "OtherEurope" if held & _OTHER_EUROPE else "RestOfWorld"


def citizenship_kosovo_or_foreign(codes: str) -> str:
    region = citizenship_region(codes)
    return region if region in ("", "Kosovo") else "Foreign"


# The main type of someone with several: the first they suffered in this order (the
# forms PVPT and CTDC see most, then the rest in HTCDS picklist order).
_MAIN_FIRST = (
    ExploitationType.SEXUAL_EXPLOITATION,
    ExploitationType.FORCED_LABOUR,
    ExploitationType.CHILD_LABOUR,
    ExploitationType.FORCED_BEGGING,
    ExploitationType.FORCED_MARRIAGE,
    ExploitationType.SERVITUDE,
)
MAIN_TYPE_ORDER = (*_MAIN_FIRST, *(kind for kind in ExploitationType if kind not in _MAIN_FIRST))


def exploitation_main(types: str) -> str:
    """HTCDS types -> the main one (`MAIN_TYPE_ORDER`), still an HTCDS value."""
    held = {ExploitationType(value) for value in types.split(MULTI) if value}
    return next((kind.value for kind in MAIN_TYPE_ORDER if kind in held), "")


def exploitation_broad(types: str) -> str:
    """HTCDS types -> the broad form of the main one: ForcedLabour (labour, child labour,
    servitude, begging), SexualExploitation or Other (everything else), HTCDS values."""
    main = exploitation_main(types)
    return _broad(main) if main else ""


def _broad(value: str) -> str:
    kind = ExploitationType(value)
    if kind in _LABOUR:
        return ExploitationType.FORCED_LABOUR.value
    if kind is ExploitationType.SEXUAL_EXPLOITATION:
        return kind.value
    return ExploitationType.OTHER.value


def year_period(year: str) -> str:
    """2025 -> 2024-2026 (three-year periods counted from 2000)."""
    if not year:
        return ""
    start = int(year) - (int(year) - PERIOD_EPOCH) % PERIOD_YEARS
    return f"{start}-{start + PERIOD_YEARS - 1}"


# Citizenship and exploitation type are what reports and analysts break everything down
# by (issue 17): a cell of theirs lost counts twice as much as one of the others.
KEY_WEIGHT = 2

# Order matters only for ties: the one listed first is generalised first.
HIERARCHIES: tuple[Hierarchy, ...] = (
    Hierarchy(
        "year",
        (
            Level("year", YEAR, _identity),
            Level("three-year period", YEAR, year_period),
            suppressed_level(YEAR),
        ),
    ),
    Hierarchy(
        "citizenship",
        (
            Level("ISO 3166 codes", CITIZENSHIP, _identity),
            Level("region", CITIZENSHIP_GROUP, citizenship_region),
            Level("Kosovo or foreign", CITIZENSHIP_GROUP, citizenship_kosovo_or_foreign),
            suppressed_level(CITIZENSHIP),
        ),
        weight=KEY_WEIGHT,
    ),
    Hierarchy(
        "age",
        (
            Level("CTDC band", AGE, _identity),
            Level("0-17, 18-29, 30+", AGE, age_wide),
            Level("child or adult", AGE, age_child_or_adult),
            suppressed_level(AGE),
        ),
    ),
    Hierarchy(
        "gender",
        (
            Level("HTCDS gender", GENDER, _identity),
            Level("Feminine, Masculine or NonSpecifiedUnknown", GENDER, gender_binary_or_unknown),
            suppressed_level(GENDER),
        ),
    ),
    Hierarchy(
        "exploitation",
        (
            Level("HTCDS types", EXPLOITATION, _identity),
            Level("main type", EXPLOITATION, exploitation_main),
            Level(
                "main type as ForcedLabour, SexualExploitation or Other",
                EXPLOITATION,
                exploitation_broad,
            ),
            suppressed_level(EXPLOITATION),
        ),
        weight=KEY_WEIGHT,
        dependents=person.EXPLOITATION_DEPENDENTS,
    ),
    person.RESIDENCE_HIERARCHY,  # issue 15: never finer than the district
)

QUASI_COLUMNS = tuple(c for h in HIERARCHIES for c in h.columns)
# Other columns that tell a quasi-identifier: exported only where it is exact (kanon.Dependent).
DEPENDENT_COLUMNS = {h.name: h.dependent_columns for h in HIERARCHIES if h.dependents}
# k is measured over these: a cell suppressed in a row is named in SUPPRESSED_FIELDS,
# so it is a value of its own, never the same as a blank "not recorded".
K_COLUMNS = (*QUASI_COLUMNS, SUPPRESSED_FIELDS)

# ------------------------------------------------------------ the other columns

EXPORT_ID = "pvpt_ExportId"
ATTRIBUTE_COLUMNS = (
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "pvpt_TraffickingScope",
    "vic_MethodsOfControl",
    "vic_MethodOfRecruitment",
    "vic_RelationshipToTrafficker",
    "vic_Vulnerabilities",
    *person.EPISODE_COLUMNS,
    "cas_Status",
    "cas_ReasonForCaseClosure",
    "cas_ReasonForIncomingReferral",
    "cas_ReasonForOutgoingReferral",
    "con_Consent",
    "pvpt_ReferringOrganisationType",
    "pvpt_CaseStage",
    "pvpt_ClosureReason",
    "pvpt_Reopened",
    "pvpt_RiskLevel",
    "pvpt_ServicesReceived",
    "pvpt_ShelterStay",
    "pvpt_ReintegrationPlanStatus",
    "spl_Type",
    "pvpt_FollowUp3Months",
    "pvpt_FollowUp6Months",
    "pvpt_FollowUp12Months",
)
# Core fields that are always empty, and why (docs/htcds-fields.md).
WITHHELD_COLUMNS = tuple(person.WITHHELD)
COLUMNS = (EXPORT_ID, *K_COLUMNS, *ATTRIBUTE_COLUMNS, *WITHHELD_COLUMNS)

# Outcome tables: name -> the columns counted together.
TABLES: dict[str, tuple[str, ...]] = {
    "exploitation-by-stage": (EXPLOITATION, "pvpt_CaseStage"),
    "exploitation-by-closure-reason": (EXPLOITATION, "pvpt_ClosureReason"),
    "year-by-case-status": (YEAR, "cas_Status"),
    "gender-by-age": (GENDER, AGE),
}


def table_row(row: dict[str, str]) -> dict[str, str]:
    """An exported row as the outcome tables count it: a suppressed cell reads
    `suppressed` (a blank one stays blank: not recorded)."""
    suppressed = set(row[SUPPRESSED_FIELDS].split(MULTI)) - {""}
    return {c: SUPPRESSED_IN_TABLES if c in suppressed else v for c, v in row.items()}


def victim_record(
    beneficiary: Beneficiary,
    case: Case,
    plans: Sequence[ReintegrationPlan],
    stays: Sequence[ShelterStay],
) -> Record:
    """One victim's row before anonymisation (`case` is the latest of their cases)."""
    profile = beneficiary.exploitation
    quasi = {
        "year": str(local_date(beneficiary.created_on).year),
        "citizenship": _multi(sorted(beneficiary.citizenships)),
        "age": beneficiary.age_band.value,
        "gender": beneficiary.gender.value,
        "exploitation": _multi(person.exploitation_types(beneficiary)),
        "residence": person.residence(beneficiary),
    }
    attributes = {
        "vic_TraffickingStatus": beneficiary.trafficking_status.value,
        "vic_TraffickingStatusDecisionMakingOrg": _deciding_body(beneficiary.deciding_body),
        "pvpt_TraffickingScope": beneficiary.scope.value,
        "vic_MethodsOfControl": person.control_methods(beneficiary),
        "vic_MethodOfRecruitment": person.recruitment_methods(beneficiary),
        "vic_RelationshipToTrafficker": person.relationship(beneficiary),
        "vic_Vulnerabilities": _multi(sorted(profile.vulnerabilities)) if profile else "",
        **person.episode_columns(beneficiary),
        **_case_columns(case),
        "con_Consent": person.consent_in_force(beneficiary),
        "pvpt_ShelterStay": _flag(bool(stays)),
        **_plan_columns(plans),
        **dict.fromkeys(WITHHELD_COLUMNS, ""),
    }
    return Record(quasi, attributes)


def case_status(case: Case) -> str:
    """HTCDS cas_Status from the stage (and closure reason)."""
    if case.stage is Stage.CLOSED:
        referred = case.closure_reason is ClosureReason.REFERRED_OR_TRANSFERRED
        return (CaseStatus.CLOSED_REFERRED if referred else CaseStatus.CLOSED).value
    return (CaseStatus.FOLLOW_UP if case.stage is Stage.FOLLOW_UP else CaseStatus.ACTIVE).value


def _case_columns(case: Case) -> dict[str, str]:
    return {
        "cas_Status": case_status(case),
        "cas_ReasonForCaseClosure": _value(case.closure_reason),
        "cas_ReasonForIncomingReferral": case.referral.reason.value,
        "cas_ReasonForOutgoingReferral": _multi(
            sorted({r.reason for r in case.referrals.values()})
        ),
        "pvpt_ReferringOrganisationType": _value(case.referral.organisation_type),
        "pvpt_CaseStage": case.stage.value,
        "pvpt_ClosureReason": _value(case.closure_reason),
        "pvpt_Reopened": _flag(case.reopen_count > 0),
        "pvpt_RiskLevel": _value(case.risk_level),
        "pvpt_ServicesReceived": _multi(sorted({s.service.value for s in case.services})),
    }


def _plan_columns(plans: Sequence[ReintegrationPlan]) -> dict[str, str]:
    """The latest plan's status, goal types and follow-ups (blank without a plan)."""
    if not plans:
        return {
            "pvpt_ReintegrationPlanStatus": "",
            "spl_Type": "",
            **{f"pvpt_FollowUp{m}Months": "" for m in (3, 6, 12)},
        }
    plan = max(plans, key=lambda p: p.created_on)
    follow_ups = {
        f"pvpt_FollowUp{m}Months": _value(f.status if (f := plan.follow_ups.get(m)) else None)
        for m in (3, 6, 12)
    }
    return {
        "pvpt_ReintegrationPlanStatus": plan.status.value,
        "spl_Type": _multi(sorted({g.type.value for g in plan.goals.values()})),
        **follow_ups,
    }


def _multi(values: Iterable[str]) -> str:
    return MULTI.join(str(v) for v in values)


def _deciding_body(body: DecidingBody | None) -> str:
    """HTCDS has no international organisation among deciding bodies: it is Other."""
    if body is DecidingBody.INTERNATIONAL_ORGANISATION:
        return DecidingBody.OTHER.value
    return _value(body)


def _value(member: StrEnum | None) -> str:
    return "" if member is None else member.value


def _flag(value: bool) -> str:
    return "true" if value else "false"
