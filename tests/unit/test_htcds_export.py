"""The HTCDS export without I/O: k-anonymity, small counts, columns, what a row holds."""

from __future__ import annotations

import argparse
import random
import re
from datetime import date

import pytest
from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st

from adapters.cli.export import add_actions, options_from
from adapters.settings import ConfigError
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.values import IncomingReferral, PersonalData
from domain.vocab import (
    AgeBand,
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
from projections.kanon import Record, anonymise, count_table
from tests.support.htcds import invalid_values, reference_fields, small_classes
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


def _record(rng: random.Random) -> Record:
    """A random victim's quasi-identifiers (skewed, as real caseloads are)."""
    citizenship = rng.choices(["XK", "AL", "RS", "UA", "NG", "AL;XK", ""], [60, 8, 8, 5, 2, 2, 3])
    exploitation = rng.choices(
        [e.value for e in ExploitationType] + ["ForcedLabour;SexualExploitation", ""],
        [1] * len(ExploitationType) + [2, 3],
    )
    quasi = {
        "year": str(rng.randint(2019, 2026)),
        "citizenship": citizenship[0],
        "age": rng.choice(list(AgeBand)).value,
        "gender": rng.choices(list(Gender), [60, 25, 3, 3, 3, 6])[0].value,
        "exploitation": exploitation[0],
    }
    return Record(quasi, {"cas_Status": rng.choice(["Active", "Closed", "FollowUp"])})


@settings(max_examples=60, deadline=None)
@for_all(
    seed=st.integers(0, 10**6),
    size=st.integers(0, 400),
    k=st.integers(2, 25),
    budget=st.sampled_from([0.0, 0.02, 0.05, 0.2, 1.0]),
)
def test_every_class_of_the_output_has_at_least_k_rows(
    seed: int, size: int, k: int, budget: float
) -> None:
    rng = random.Random(seed)
    records = [_record(rng) for _ in range(size)]
    result = anonymise(records, htcds.HIERARCHIES, k, budget)
    assert small_classes(result.rows, k) == {}
    assert result.rows_suppressed == size - len(result.rows)
    if size >= k:  # full suppression of every quasi-identifier always fits the budget
        assert result.rows_suppressed <= int(budget * size)


def test_exact_values_are_kept_when_every_class_is_large_enough() -> None:
    same = {"year": "2025", "citizenship": "XK", "age": "18-20", "gender": "Feminine"}
    records = [Record({**same, "exploitation": "ForcedLabour"}, {}) for _ in range(11)]
    result = anonymise(records, htcds.HIERARCHIES, 11, 0.0)
    assert set(result.levels.values()) == {0}
    assert result.rows[0][htcds.CITIZENSHIP] == "XK"
    assert result.rows[0][htcds.CITIZENSHIP_GROUP] == ""


def test_a_rare_value_is_generalised_rather_than_dropped_when_the_budget_is_small() -> None:
    base = {"year": "2025", "citizenship": "XK", "age": "18-20", "gender": "Feminine"}
    records = [Record({**base, "exploitation": "ForcedLabour"}, {}) for _ in range(20)]
    records += [Record({**base, "exploitation": "ForcedBegging"}, {}) for _ in range(3)]
    result = anonymise(records, htcds.HIERARCHIES, 11, 0.05)
    assert result.levels["exploitation"] == 1
    assert result.rows_suppressed == 0
    assert {row[htcds.EXPLOITATION] for row in result.rows} == {"ForcedLabour"}


def test_rows_of_classes_under_k_are_dropped_within_the_budget() -> None:
    base = {"year": "2025", "citizenship": "XK", "age": "18-20", "gender": "Feminine"}
    records = [Record({**base, "exploitation": "ForcedLabour"}, {}) for _ in range(40)]
    records += [Record({**base, "exploitation": "SexualExploitation"}, {}) for _ in range(2)]
    result = anonymise(records, htcds.HIERARCHIES, 11, 0.05)
    assert result.levels["exploitation"] == 0
    assert result.rows_suppressed == 2
    assert len(result.rows) == 40


def test_fewer_rows_than_k_leaves_nothing() -> None:
    rng = random.Random(1)
    result = anonymise([_record(rng) for _ in range(10)], htcds.HIERARCHIES, 11, 0.05)
    assert result.rows == []
    assert result.rows_suppressed == 10


def test_k_below_two_and_a_budget_outside_zero_to_one_are_refused() -> None:
    with pytest.raises(ValueError, match="k must be at least 2, got 1"):
        anonymise([], htcds.HIERARCHIES, 1, 0.05)
    with pytest.raises(ValueError, match=r"max_suppressed must be a fraction 0\.\.1, got 1\.5"):
        anonymise([], htcds.HIERARCHIES, 11, 1.5)


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
        (
            htcds.exploitation_broad,
            "ForcedBegging;SexualExploitation",
            "ForcedLabour;SexualExploitation",
        ),
        (htcds.exploitation_broad, "OrganRemoval", "Other"),
        (htcds.exploitation_broad, "", ""),
    ],
)
def test_each_generalisation_step(function: object, value: str, expected: str) -> None:
    assert callable(function)
    assert function(value) == expected


def test_every_htcds_column_is_a_reference_picklist_field() -> None:
    """Only picklist fields go out: no names, dates, text, numbers or lookups."""
    fields = reference_fields()
    htcds_columns = [c for c in htcds.COLUMNS if not c.startswith("pvpt_")]
    assert len(htcds_columns) >= 12
    assert {c: fields[c].type for c in htcds_columns if c not in fields} == {}
    assert {
        c: fields[c].type
        for c in htcds_columns
        if fields[c].type not in ("Picklist", "Multiselect Picklist")
    } == {}


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
