"""The HTCDS export without I/O: k-anonymity, small counts, columns, what a row holds."""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from datetime import date

import pytest

from adapters.cli.export import add_actions, options_from
from adapters.settings import ConfigError
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.case_values import IncomingReferral
from domain.values import PersonalData
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    ErasureBasis,
    ExploitationType,
    Gender,
    IncomingReferralReason,
    OrganisationType,
    TraffickingScope,
)
from projections import htcds_export as htcds
from projections import htcds_person as person
from projections.kanon import (
    Anonymised,
    Dependent,
    Hierarchy,
    Level,
    Record,
    anonymise,
    count_table,
    suppressed_level,
)
from tests.support.htcds import CODED, invalid_values, random_record, reference_fields
from tests.unit.dsl import at

PERSON = PersonalData(
    "Vjollca",
    "Zeqiri",
    date(1998, 3, 14),
    phone="+38349555123",
    email="vz@example.org",
    identity_number="1234567890",
    address="Rr. Nena Tereze 12, Prishtine",
)
CODE = "PVPT-2026-0042"
CASE_NUMBER = "PVPT-C-2026-0042"


def _anonymise(records: list[Record], k: int, budget: float) -> Anonymised:
    return anonymise(records, htcds.HIERARCHIES, k, budget, htcds.SUPPRESSED_FIELDS)


BASE = {
    "year": "2025",
    "citizenship": "XK",
    "age": "18-20",
    "gender": "Feminine",
    "residence": "13",
}


def _alike(count: int, exploitation: str) -> list[Record]:
    return [Record({**BASE, "exploitation": exploitation}, {}) for _ in range(count)]


def test_exact_values_are_kept_when_every_class_is_large_enough() -> None:
    result = _anonymise(_alike(11, "ForcedLabour"), 11, 0.0)
    assert set(result.levels.values()) == {0}
    assert result.rows[0][htcds.CITIZENSHIP] == "XK"
    assert result.rows[0][htcds.CITIZENSHIP_GROUP] == ""
    assert result.rows[0][person.RESIDENCE] == "Prishtine"  # a district: never a municipality
    assert result.rows[0][htcds.SUPPRESSED_FIELDS] == ""
    assert (result.achieved_k, result.information_loss) == (11, 0.0)


def test_a_rare_value_is_suppressed_in_its_rows_and_enough_others_rather_than_for_all() -> None:
    """3 in forced begging among 20 in forced labour: their type suppressed, and that of
    8 others (a class of 11 "suppressed"), costs less than generalising all 23."""
    result = _anonymise(_alike(20, "ForcedLabour") + _alike(3, "ForcedBegging"), 11, 0.05)
    assert result.levels["exploitation"] == 0
    assert result.rows_suppressed == 0
    assert result.cells_suppressed["exploitation"] == 11
    values = Counter((r[htcds.EXPLOITATION], r[htcds.SUPPRESSED_FIELDS]) for r in result.rows)
    assert values == {("ForcedLabour", ""): 12, ("", htcds.EXPLOITATION): 11}
    assert result.achieved_k == 11


def test_rows_no_class_can_take_are_dropped_within_the_budget_else_generalised() -> None:
    """11 alike and 2 others: no row to spare, so the 2 are dropped if the budget allows,
    otherwise the type is suppressed for everyone."""
    records = _alike(11, "ForcedLabour") + _alike(2, "SexualExploitation")
    dropped = _anonymise(records, 11, 0.2)
    assert (dropped.levels["exploitation"], dropped.rows_suppressed, len(dropped.rows)) == (
        0,
        2,
        11,
    )
    kept = _anonymise(records, 11, 0.0)
    assert kept.level_labels["exploitation"] == "suppressed"
    assert (kept.rows_suppressed, len(kept.rows), kept.achieved_k) == (0, 13, 13)


def _detailed(count: int, exploitation: str, **details: str) -> list[Record]:
    return [Record({**BASE, "exploitation": exploitation}, details) for _ in range(count)]


def test_sub_types_do_not_give_back_an_exploitation_type_suppressed_in_the_row() -> None:
    """The 3 in sexual exploitation have their type suppressed: their sub-type and their
    rehabilitation goal would tell it, so they go too (the other goals stay)."""
    labour = {"vic_ForcedLabourIndustry": "F_Construction", "spl_Type": "Education"}
    sexual = {
        "vic_TypeOfSexExploitation": "Prostitution",
        "spl_Type": "Education;SexualExploitationRehabilitation",
    }
    result = _anonymise(
        _detailed(20, "ForcedLabour", **labour) + _detailed(3, "SexualExploitation", **sexual),
        11,
        0.05,
    )
    assert result.levels["exploitation"] == 0
    shown = Counter(
        (r[htcds.EXPLOITATION], r["vic_TypeOfSexExploitation"], r["vic_ForcedLabourIndustry"])
        for r in result.rows
    )
    assert shown == {
        ("ForcedLabour", "", "F_Construction"): 12,
        ("", "", ""): 11,  # 8 in forced labour and the 3, all suppressed
    }
    assert {r["spl_Type"] for r in result.rows} == {"Education"}


def test_sub_types_are_blank_where_the_exploitation_type_is_generalised() -> None:
    """Two mixes of 6 share a main type: the file shows main types, and an industry would
    tell who also suffered forced labour."""
    details = {"vic_TypeOfSexExploitation": "Prostitution", "spl_Type": "Health"}
    result = _anonymise(
        _detailed(6, "ForcedLabour;SexualExploitation", vic_ForcedLabourIndustry="A_Mining")
        + _detailed(6, "SexualExploitation", **details),
        11,
        0.05,
    )
    assert result.level_labels["exploitation"] == "main type"
    assert {r[htcds.EXPLOITATION] for r in result.rows} == {"SexualExploitation"}
    assert {
        (r["vic_TypeOfSexExploitation"], r["vic_ForcedLabourIndustry"]) for r in result.rows
    } == {("", "")}
    assert {r["spl_Type"] for r in result.rows} == {"", "Health"}


# The other columns derived from no quasi-identifier (some correlate with one: docs,
# Limits). A new column goes here or, if it tells a quasi-identifier, on its hierarchy
# as a kanon.Dependent (projections/htcds_person.py EXPLOITATION_DEPENDENTS).
INDEPENDENT_OF_QUASI_IDENTIFIERS = {
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "pvpt_TraffickingScope",
    "vic_MethodsOfControl",
    "vic_MethodOfRecruitment",
    "vic_RelationshipToTrafficker",
    "vic_Vulnerabilities",
    "vic_LocationOfRecruitment",
    "vic_LocationOfExploitation",
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
    "pvpt_FollowUp3Months",
    "pvpt_FollowUp6Months",
    "pvpt_FollowUp12Months",
}


def test_every_other_column_is_declared_dependent_on_a_quasi_identifier_or_not() -> None:
    dependent = [c for columns in htcds.DEPENDENT_COLUMNS.values() for c in columns]
    assert dependent == ["vic_ForcedLabourIndustry", "vic_TypeOfSexExploitation", "spl_Type"]
    undecided = set(htcds.ATTRIBUTE_COLUMNS) - INDEPENDENT_OF_QUASI_IDENTIFIERS - set(dependent)
    assert sorted(undecided) == []
    assert sorted(INDEPENDENT_OF_QUASI_IDENTIFIERS & set(dependent)) == []


def test_only_goals_named_after_an_exploitation_type_are_withheld_from_spl_type() -> None:
    goals = "Education;LabourExploitationRehabilitation;SexualExploitationRehabilitation"
    assert person.without_rehabilitation_goals(goals) == "Education"
    assert person.without_rehabilitation_goals("SexualExploitationRehabilitation") == ""
    assert person.without_rehabilitation_goals("") == ""


def test_a_column_cannot_be_both_a_level_and_a_dependent_of_a_hierarchy() -> None:
    with pytest.raises(ValueError, match=r"hierarchy x: \['c'\] both level and dependent"):
        Hierarchy(
            "x", (Level("exact", "c", str), suppressed_level("c")), dependents=(Dependent("c"),)
        )


def test_fewer_rows_than_k_leaves_nothing() -> None:
    rng = random.Random(1)
    result = _anonymise([random_record(rng) for _ in range(10)], 11, 0.05)
    assert result.rows == []
    assert result.rows_suppressed == 10
    assert (result.achieved_k, result.information_loss) == (0, 1.0)


def test_k_below_two_and_a_budget_outside_zero_to_one_are_refused() -> None:
    with pytest.raises(ValueError, match="k must be at least 2, got 1"):
        _anonymise([], 1, 0.05)
    with pytest.raises(ValueError, match=r"max_suppressed must be a fraction 0\.\.1, got 1\.5"):
        _anonymise([], 11, 1.5)


def test_counts_under_the_threshold_are_shown_as_less_than_it() -> None:
    rows = [{"a": "x"}] * 11 + [{"a": "y"}] * 10 + [{"a": "z"}]
    assert count_table(rows, ["a"], 11) == [
        {"a": "x", "count": "11"},
        {"a": "y", "count": "<11"},
        {"a": "z", "count": "<11"},
    ]


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (htcds.year_period, "2025", "2024-2026"),
        (htcds.year_period, "2027", "2027-2029"),
        (htcds.citizenship_region, "XK", "Kosovo"),
        (htcds.citizenship_region, "AL;XK", "Kosovo"),
        (htcds.citizenship_region, "RS", "WesternBalkans"),
        (htcds.citizenship_region, "UA", "OtherEurope"),
        (htcds.citizenship_region, "NG", "RestOfWorld"),
        (htcds.citizenship_kosovo_or_foreign, "MD", "Foreign"),
        (htcds.age_wide, "9-17", "0-17"),
        (htcds.age_wide, "27-29", "18-29"),
        (htcds.age_wide, "48+", "30+"),
        (htcds.age_child_or_adult, "18-20", "18+"),
        (htcds.gender_binary_or_unknown, "TransgenderFeminine", "NonSpecifiedUnknown"),
        (htcds.exploitation_main, "ForcedBegging;SexualExploitation", "SexualExploitation"),
        (htcds.exploitation_main, "ForcedMarriage;Servitude", "ForcedMarriage"),
        (htcds.exploitation_main, "", ""),
        (htcds.exploitation_broad, "ForcedBegging;SexualExploitation", "SexualExploitation"),
        (htcds.exploitation_broad, "ForcedBegging", "ForcedLabour"),
        (htcds.exploitation_broad, "OrganRemoval", "Other"),
        (htcds.exploitation_broad, "", ""),
    ],
)
def test_each_generalisation_step(function: object, value: str, expected: str) -> None:
    assert callable(function)
    assert function(value) == expected


def test_every_htcds_column_is_a_picklist_field_a_coded_one_or_withheld() -> None:
    """Only codes go out: no names, dates, text, numbers or lookups, which are withheld."""
    fields = reference_fields()
    htcds_columns = [c for c in htcds.COLUMNS if not c.startswith("pvpt_")]
    assert {c: fields[c].type for c in htcds_columns if c not in fields} == {}
    carrying = [c for c in htcds_columns if c not in htcds.WITHHELD_COLUMNS and c not in CODED]
    kinds = ("Picklist", "Multiselect Picklist", "Checkbox")
    assert {c: fields[c].type for c in carrying if fields[c].type not in kinds} == {}


def test_every_core_field_is_a_column() -> None:
    core = {name for name, field in reference_fields().items() if field.core}
    assert sorted(core - set(htcds.COLUMNS)) == []
    assert len(core) == 40


def _victim() -> tuple[Beneficiary, Case]:
    beneficiary = Beneficiary.register(
        CODE,
        PERSON,
        Gender.FEMININE,
        27,
        ("XK", "AL"),
        ("sq",),
        TraffickingScope.INTERNATIONAL,
        actor="ana",
        at=at(),
    )
    beneficiary.record_exploitation_profile(
        (ExploitationType.SEXUAL_EXPLOITATION,), actor="ana", at=at(1)
    )
    beneficiary.give_consent(
        ConsentKind.ANONYMISED_REPORTING, ConsentGiver.BENEFICIARY, actor="ana", at=at(1)
    )
    referral = IncomingReferral(
        "Kosovo Police Prishtina",
        OrganisationType.LAW_ENFORCEMENT,
        date(2026, 3, 1),
        IncomingReferralReason.OTHER,
        details="found at a bar on the Prishtina-Ferizaj road",
    )
    case = Case.open(CASE_NUMBER, beneficiary.id, CODE, referral, actor="ana", at=at(1))
    beneficiary.link_case(case.id, CASE_NUMBER, actor="ana", at=at(1))
    return beneficiary, case


def test_a_row_holds_no_personal_value_code_or_free_text() -> None:
    beneficiary, case = _victim()
    record = htcds.victim_record(beneficiary, case, [], [])
    cells = [*record.quasi.values(), *record.attributes.values()]
    secrets = [
        *(str(v) for v in vars(PERSON).values()),
        CODE,
        CASE_NUMBER,
        "Kosovo Police",
        "bar",
        "2026-03",
        str(beneficiary.id),
        str(case.id),
    ]
    assert [(s, c) for s in secrets for c in cells if s in c] == []
    assert record.quasi == {
        "year": "2026",
        "citizenship": "AL;XK",
        "age": "27-29",
        "gender": "Feminine",
        "exploitation": "SexualExploitation",
        "residence": "",
    }
    assert invalid_values([record.attributes], reference_fields()) == []


def test_only_a_beneficiary_with_reporting_consent_in_force_and_not_erased_goes_out() -> None:
    beneficiary, _ = _victim()
    assert htcds.exclusion(beneficiary) is None
    beneficiary.withdraw_consent(ConsentKind.ANONYMISED_REPORTING, actor="ana", at=at(2))
    assert htcds.exclusion(beneficiary) is htcds.Exclusion.NO_REPORTING_CONSENT


def test_an_erased_beneficiary_is_left_out_even_with_consent() -> None:
    beneficiary, _ = _victim()
    beneficiary.erase(ErasureBasis.CONSENT_WITHDRAWN, "DPO-2026-001", actor="ana", at=at(3))
    assert beneficiary.has_consent(ConsentKind.ANONYMISED_REPORTING)
    assert htcds.exclusion(beneficiary) is htcds.Exclusion.ERASED


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--k", "5"], "--k: must be at least 11, got 5 (lower only with --allow-small-k"),
        (["--min-count", "3"], "--min-count: must be at least 11, got 3"),
        (["--k", "1", "--allow-small-k"], "--k: must be at least 2, got 1"),
        (["--max-suppressed", "2"], "--max-suppressed: a fraction 0..1, got 2.0"),
    ],
)
def test_weak_options_are_refused_by_name(argv: list[str], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        options_from(_args(argv))


def test_a_small_k_is_accepted_when_asked_for_explicitly() -> None:
    options = options_from(_args(["--k", "5", "--min-count", "5", "--allow-small-k"]))
    assert (options.k, options.min_count) == (5, 5)


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_actions(parser.add_subparsers())
    return parser.parse_args(["htcds", "--out", "x", *argv])
