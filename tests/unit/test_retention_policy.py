"""The retention policy (domain/retention/policy.py): when a beneficiary's personal data
may be erased, and why not yet."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from domain.retention.policy import (
    RetentionFacts,
    RetentionRule,
    RetentionRules,
    majority_year,
    retention,
)

RULES = RetentionRules(years_after_closure=5, years_after_majority=5)
ADULT = RetentionFacts(
    registered_on=date(2018, 4, 10),
    age_at_identification=24,
    last_activity_on=date(2019, 6, 3),
    last_closed_on=date(2019, 6, 3),
)


def test_an_adult_s_data_is_kept_five_whole_years_after_the_year_of_the_last_activity() -> None:
    judged = retention(ADULT, RULES)
    assert (judged.ends_on, judged.rule) == (date(2025, 1, 1), RetentionRule.AFTER_CLOSURE)
    assert judged.anchor_on == date(2019, 6, 3)
    assert not judged.due(date(2024, 12, 31))
    assert judged.due(date(2025, 1, 1))
    assert judged.why_not_due(date(2024, 12, 31)) == "retention ends on 2025-01-01 (after_closure)"
    assert judged.why_not_due(date(2025, 1, 1)) == ""


def test_activity_after_the_closure_counts_from_its_day() -> None:
    later = replace(ADULT, last_activity_on=date(2020, 2, 1))
    assert retention(later, RULES).ends_on == date(2026, 1, 1)


def test_an_open_case_or_undecided_proceedings_hold_the_data_whatever_the_dates() -> None:
    held = replace(ADULT, open_cases=("PVPT-C-2019-0003",), open_proceedings=("PVPT-C-2018-0009",))
    judged = retention(held, RULES)
    assert judged.ends_on is None
    assert not judged.due(date(2040, 1, 1))
    assert judged.why_not_due(date(2040, 1, 1)) == (
        "case PVPT-C-2019-0003 is open; "
        "criminal proceedings of case PVPT-C-2018-0009 have no outcome"
    )


def test_a_late_outcome_of_proceedings_moves_the_end() -> None:
    decided = replace(ADULT, proceedings_decided_on=date(2021, 9, 30))
    judged = retention(decided, RULES)
    assert (judged.ends_on, judged.anchor_on) == (date(2027, 1, 1), date(2021, 9, 30))


def test_a_child_is_kept_five_years_after_the_latest_year_they_turned_18() -> None:
    child = replace(ADULT, age_at_identification=14)  # 18 in 2022 at the latest
    assert majority_year(date(2018, 4, 10), 14) == 2022
    judged = retention(child, RULES)
    assert (judged.ends_on, judged.rule) == (date(2028, 1, 1), RetentionRule.AFTER_MAJORITY)


def test_for_a_child_the_later_rule_wins() -> None:
    child = replace(ADULT, age_at_identification=17, last_activity_on=date(2023, 5, 5))
    judged = retention(child, RULES)  # 18 by 2019 + 5 -> 2025; closure 2023 + 5 -> 2029
    assert (judged.ends_on, judged.rule) == (date(2029, 1, 1), RetentionRule.AFTER_CLOSURE)


def test_erased_data_is_not_due_again() -> None:
    erased = replace(ADULT, erased_on=date(2025, 3, 1))
    judged = retention(erased, RULES)
    assert not judged.due(date(2030, 1, 1))
    assert judged.why_not_due(date(2030, 1, 1)) == "already erased on 2025-03-01"


def test_the_periods_are_the_installation_s() -> None:
    assert retention(ADULT, RetentionRules(years_after_closure=10)).ends_on == date(2030, 1, 1)


@pytest.mark.parametrize("years", [0, 51])
def test_a_period_outside_1_to_50_years_is_refused(years: int) -> None:
    with pytest.raises(ValueError, match=f"years_after_closure must be 1..50 years, got {years}"):
        RetentionRules(years_after_closure=years)
