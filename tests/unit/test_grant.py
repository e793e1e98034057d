"""Grant (issue 17): opened under a reference its id is derived from, revised with a
reason, closed; records attributed within its period, to a budget line it has, never twice
while in force, and attributions ended with a reason. Every check names the field or the
rule it refuses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.errors import DateInFuture, DateTooEarly, InvalidInput, RuleViolated
from domain.funding.grant import Grant, grant_id
from domain.funding.values import (
    AttributedRecord,
    Attribution,
    BudgetLine,
    Donor,
    GrantIndicator,
    GrantTerms,
)
from domain.funding.vocab import Disaggregation, IndicatorMeasure, RecordKind
from tests.unit.dsl import at, given, history, then, when

MANAGER = "m.berisha"
STAY_ID = UUID("0e7c2b1e-8f7a-4c3e-9b21-6a4f0e9d8c71")
CASE_ID = UUID("5a4d3c2b-1e0f-4a9b-8c7d-6e5f4a3b2c1d")
PERSON_ID = UUID("7b6a5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d")
TERMS = GrantTerms(
    donor=Donor(name=" European Union Office in Kosovo "),
    title="Direct assistance 2026",
    starts_on=date(2026, 1, 1),
    ends_on=date(2026, 12, 31),
    currency="EUR",
    budget_lines=(
        BudgetLine("1.1", "Case management staff", 120_000),
        BudgetLine("1.2", "Shelter running costs", 85_000),
    ),
    indicators=(
        GrantIndicator(
            "1.1.a", "Victims assisted", IndicatorMeasure.PEOPLE_ASSISTED, 60, Disaggregation.SEX
        ),
        GrantIndicator("1.2.a", "Shelter nights", IndicatorMeasure.SHELTER_NIGHTS, 4000),
    ),
)
CLEAN = replace(TERMS, donor=Donor(name="European Union Office in Kosovo"))
STAY = AttributedRecord(
    RecordKind.STAY,
    STAY_ID,
    "shelter stay 0e7c",
    date(2025, 12, 10),
    None,
    case_id=CASE_ID,
    person_id=PERSON_ID,
)


def opened(*commands: Any) -> Grant:
    return given(
        Grant,
        history(lambda: Grant.open("EU-IPA-2026-014", TERMS, actor=MANAGER, at=at()), *commands),
    )


def attributing(
    record: AttributedRecord = STAY, line: str | None = "1.2", day: date | None = None
) -> Any:
    return lambda g: g.attribute(record, line, day, actor=MANAGER, at=at(1))


def test_a_grant_is_opened_under_its_reference_with_its_terms_cleaned() -> None:
    events = history(lambda: Grant.open(" EU-IPA-2026-014 ", TERMS, actor=MANAGER, at=at()))
    then(events, (Grant.Opened, {"reference": "EU-IPA-2026-014", "terms": CLEAN}))
    grant = given(Grant, events)
    assert grant.id == grant_id("eu-ipa-2026-014")  # one grant however the reference is cased
    assert (grant.label, grant.closed_on, grant.attributions) == ("grant EU-IPA-2026-014", None, [])


def test_a_reference_already_opened_is_refused() -> None:
    with pytest.raises(RuleViolated) as refused:
        Grant.require_new_reference(opened())
    assert refused.value.rule == "already_opened"
    Grant.require_new_reference(None)


@pytest.mark.parametrize(
    ("reference", "changes", "field"),
    [
        ("EU IPA 2026", {}, "reference"),
        ("X", {}, "reference"),
        ("EU-IPA-1", {"ends_on": date(2025, 12, 31)}, "terms.ends_on"),
        ("EU-IPA-1", {"ends_on": date(2033, 1, 1)}, "terms.ends_on"),
        ("EU-IPA-1", {"currency": "eur"}, "terms.currency"),
        ("EU-IPA-1", {"donor": Donor()}, "terms.donor"),
        ("EU-IPA-1", {"title": " "}, "terms.title"),
        (
            "EU-IPA-1",
            {"budget_lines": (BudgetLine("1.1", "a", 1), BudgetLine("1.1", "b", 2))},
            "terms.budget_lines[1].code",
        ),
        (
            "EU-IPA-1",
            {"budget_lines": (BudgetLine("1.1", "a", -1),)},
            "terms.budget_lines[0].amount",
        ),
        ("EU-IPA-1", {"budget_lines": (BudgetLine("1 1", "a", 1),)}, "terms.budget_lines[0].code"),
        (
            "EU-IPA-1",
            {"indicators": (GrantIndicator("a", "b", IndicatorMeasure.CASES_OPENED, 0),)},
            "terms.indicators[0].target",
        ),
    ],
)
def test_malformed_terms_are_refused_naming_the_field(
    reference: str, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        Grant.open(reference, replace(TERMS, **changes), actor=MANAGER, at=at())
    assert refused.value.field == field


def test_a_revision_replaces_the_terms_with_the_reason() -> None:
    longer = replace(CLEAN, ends_on=date(2027, 6, 30))
    events = when(
        opened(), lambda g: g.revise(longer, " No-cost extension. ", actor=MANAGER, at=at(2))
    )
    then(events, (Grant.Revised, {"terms": longer, "reason": "No-cost extension."}))
    with pytest.raises(RuleViolated) as refused:
        opened().revise(CLEAN, "same", actor=MANAGER, at=at(2))
    assert refused.value.rule == "no_change"


def test_a_stay_is_attributed_from_the_grants_first_day_to_a_budget_line() -> None:
    events = when(opened(), attributing())
    expected = Attribution(
        1, RecordKind.STAY, STAY_ID, date(2026, 1, 1), None, CASE_ID, PERSON_ID, "1.2"
    )
    then(events, (Grant.Attributed, {"attribution": expected}))


def test_a_record_attributed_twice_while_in_force_is_refused_and_again_once_ended() -> None:
    grant = opened(attributing())
    with pytest.raises(RuleViolated) as refused:
        grant.attribute(STAY, None, None, actor=MANAGER, at=at(2))
    assert refused.value.rule == "already_attributed"
    assert "attribution 1" in str(refused.value)
    grant = opened(
        attributing(),
        lambda g: g.end_attribution(
            1, date(2026, 3, 31), "Paid by J/TIP.", actor=MANAGER, at=at(3)
        ),
    )
    events = when(grant, attributing(day=date(2026, 6, 1)))
    again = Attribution(
        2, RecordKind.STAY, STAY_ID, date(2026, 6, 1), None, CASE_ID, PERSON_ID, "1.2"
    )
    then(events, (Grant.Attributed, {"attribution": again}))


def test_a_record_outside_the_grants_period_is_refused() -> None:
    old = replace(STAY, starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    with pytest.raises(RuleViolated) as refused:
        opened().attribute(old, None, None, actor=MANAGER, at=at(1))
    assert refused.value.rule == "outside_grant"
    assert "does not overlap grant EU-IPA-2026-014, 2026-01-01 to 2026-12-31" in str(refused.value)
    with pytest.raises(RuleViolated) as late:
        opened().attribute(STAY, None, date(2027, 1, 5), actor=MANAGER, at=at(1))
    assert late.value.rule == "outside_grant"
    activity = replace(STAY, kind=RecordKind.PREVENTION_ACTIVITY, starts_on=date(2026, 3, 1))
    with pytest.raises(InvalidInput) as early:
        opened().attribute(activity, None, date(2026, 2, 1), actor=MANAGER, at=at(1))
    assert early.value.field == "attributed_on"
    ended = replace(STAY, ends_on=date(2026, 2, 10))
    with pytest.raises(InvalidInput) as after:
        opened().attribute(ended, None, date(2026, 5, 1), actor=MANAGER, at=at(1))
    assert (
        str(after.value) == "attributed_on: 2026-05-01 is after shelter stay 0e7c ended, 2026-02-10"
    )


def test_a_budget_line_the_grant_lacks_is_refused_naming_its_lines() -> None:
    with pytest.raises(InvalidInput) as refused:
        opened(attributing(line="9.9"))
    assert refused.value.field == "budget_line"
    assert "has no budget line '9.9' (it has 1.1, 1.2)" in str(refused.value)


def test_ending_an_attribution_names_its_last_day_and_the_reason() -> None:
    events = when(
        opened(attributing()),
        lambda g: g.end_attribution(1, date(2026, 3, 31), " Moved. ", actor=MANAGER, at=at(3)),
    )
    then(
        events,
        (Grant.AttributionEnded, {"number": 1, "ended_on": date(2026, 3, 31), "reason": "Moved."}),
    )
    grant = opened(attributing())
    for event in events:
        grant = event.mutate(grant)  # type: ignore[assignment]
    assert grant.attributions[0].ended_on == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("number", "ended_on", "refusal"),
    [
        (2, date(2026, 3, 31), "unknown_attribution"),
        (1, date(2027, 3, 31), "outside_grant"),
        (1, date(2025, 12, 31), "outside_grant"),
    ],
)
def test_ending_an_attribution_is_checked(number: int, ended_on: date, refusal: str) -> None:
    with pytest.raises(RuleViolated) as refused:
        opened(attributing()).end_attribution(number, ended_on, "x", actor=MANAGER, at=at(3))
    assert refused.value.rule == refusal


def test_an_attribution_ended_twice_is_refused() -> None:
    grant = opened(
        attributing(),
        lambda g: g.end_attribution(1, date(2026, 3, 31), "Moved.", actor=MANAGER, at=at(3)),
    )
    assert grant.attributions[0].ended_on == date(2026, 3, 31)
    with pytest.raises(RuleViolated) as refused:
        grant.end_attribution(1, date(2026, 4, 30), "again", actor=MANAGER, at=at(4))
    assert refused.value.rule == "attribution_ended"


def test_a_revision_keeps_the_budget_lines_and_the_period_attributions_need() -> None:
    grant = opened(attributing())
    without_line = replace(CLEAN, budget_lines=CLEAN.budget_lines[:1])
    with pytest.raises(RuleViolated) as in_use:
        grant.revise(without_line, "Budget cut.", actor=MANAGER, at=at(2))
    assert in_use.value.rule == "budget_line_in_use"
    later = replace(CLEAN, starts_on=date(2026, 2, 1))
    with pytest.raises(RuleViolated) as outside:
        grant.revise(later, "Starts later.", actor=MANAGER, at=at(2))
    assert outside.value.rule == "outside_grant"


def test_a_closed_grant_takes_no_more_attributions_nor_revisions() -> None:
    events = when(opened(), lambda g: g.close(None, actor=MANAGER, at=at(5)))
    then(events, (Grant.Closed, {"closed_on": at(5).date()}))
    grant = given(
        Grant,
        [*history(lambda: Grant.open("EU-IPA-2026-014", TERMS, actor=MANAGER, at=at())), *events],
    )
    for command in (
        attributing(),
        lambda g: g.revise(replace(CLEAN, title="New"), "x", actor=MANAGER, at=at(6)),
        lambda g: g.close(None, actor=MANAGER, at=at(6)),
    ):
        with pytest.raises(RuleViolated) as refused:
            command(grant)
        assert refused.value.rule == "grant_closed"


def test_a_closing_day_is_neither_in_the_future_nor_before_the_grant() -> None:
    with pytest.raises(DateInFuture):
        opened().close(date(2026, 12, 1), actor=MANAGER, at=at(5))
    late = replace(TERMS, starts_on=date(2026, 3, 1))
    grant = given(Grant, history(lambda: Grant.open("EU-IPA-2", late, actor=MANAGER, at=at())))
    with pytest.raises(DateTooEarly):
        grant.close(date(2026, 2, 1), actor=MANAGER, at=at(5))
