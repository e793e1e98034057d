"""Campaign (issue 16): launched with its plan, revised with a reason, and the period an
activity of it is held within; every check of a plan (domain/prevention/checks.py) names
the field it refuses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.errors import InvalidInput, RuleViolated
from domain.prevention.campaign import Campaign
from domain.prevention.values import CampaignPlan, Indicator
from domain.prevention.vocab import AudienceSource, Measure, TargetGroup
from tests.unit.dsl import at, given, history, then, when

OFFICER = "drita.gashi"
PLAN = CampaignPlan(
    name="  Safe online 2026 ",
    starts_on=date(2026, 1, 15),
    ends_on=date(2026, 12, 15),
    target_groups=(TargetGroup.STUDENTS, TargetGroup.PARENTS),
    aims="Pupils recognise online recruitment.",
    municipalities=("20", "25"),
    grant="EU-IPA-2026-014",
    indicators=(
        Indicator(Measure.STUDENTS_REACHED, 1200, "1,200 students reached"),
        Indicator(Measure.MEDIA_AUDIENCE, 50_000, source=AudienceSource.VIEWS),
    ),
)


def launch(plan: CampaignPlan = PLAN) -> Campaign:
    return Campaign.launch(plan, actor=OFFICER, at=at())


def launched() -> Campaign:
    return given(Campaign, history(launch))


def test_a_launched_campaign_holds_its_plan_cleaned() -> None:
    events = history(launch)
    then(events, (Campaign.Launched, {"plan": replace(PLAN, name="Safe online 2026")}))
    campaign = given(Campaign, events)
    assert (campaign.plan.name, campaign.label) == (
        "Safe online 2026",
        "campaign 'Safe online 2026'",
    )


def test_a_revision_replaces_the_plan_with_the_reason() -> None:
    longer = replace(PLAN, name="Safe online 2026", ends_on=date(2027, 6, 30))
    events = when(
        launched(), lambda c: c.revise(longer, " A longer grant. ", actor=OFFICER, at=at(1))
    )
    then(
        events, (Campaign.Revised, {"plan": longer, "reason": "A longer grant.", "actor": OFFICER})
    )


def test_a_revision_that_changes_nothing_is_refused() -> None:
    same = replace(PLAN, name="Safe online 2026")
    with pytest.raises(RuleViolated) as refused:
        when(launched(), lambda c: c.revise(same, "again", actor=OFFICER, at=at(1)))
    assert refused.value.rule == "no_change"


def test_a_revision_needs_a_reason() -> None:
    other = replace(PLAN, grant="EU-IPA-2026-015")
    with pytest.raises(InvalidInput) as refused:
        when(launched(), lambda c: c.revise(other, "  ", actor=OFFICER, at=at(1)))
    assert refused.value.field == "reason"


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(2026, 1, 14), False),
        (date(2026, 1, 15), True),
        (date(2026, 12, 15), True),
        (date(2026, 12, 16), False),
    ],
)
def test_an_activity_is_held_within_the_period(day: date, inside: bool) -> None:
    campaign = launched()
    if inside:
        campaign.require_covers(day, "details.held_on")
        return
    with pytest.raises(RuleViolated) as refused:
        campaign.require_covers(day, "details.held_on")
    assert refused.value.rule == "outside_campaign"
    assert "details.held_on" in str(refused.value)


MANY = tuple(UUID(int=n) for n in range(1, 22))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": date(2026, 1, 14)}, "plan.ends_on"),
        ({"ends_on": date(2031, 12, 31)}, "plan.ends_on"),
        ({"target_groups": ()}, "plan.target_groups"),
        ({"target_groups": (TargetGroup.YOUTH, TargetGroup.YOUTH)}, "plan.target_groups[1]"),
        ({"name": " "}, "plan.name"),
        ({"name": "x" * 201}, "plan.name"),
        ({"aims": "x" * 2001}, "plan.aims"),
        ({"grant": "x" * 101}, "plan.grant"),
        ({"municipalities": ("20", "99")}, "plan.municipalities[1]"),
        ({"municipalities": ("20", "20")}, "plan.municipalities[1]"),
        ({"partner_ids": MANY}, "plan.partner_ids"),
        ({"partner_ids": (MANY[0], MANY[0])}, "plan.partner_ids[1]"),
        ({"indicators": (Indicator(Measure.PEOPLE_REACHED, 0),)}, "plan.indicators[0].target"),
        ({"indicators": (Indicator(Measure.MEDIA_AUDIENCE, 9),)}, "plan.indicators[0].source"),
        (
            {"indicators": (Indicator(Measure.PEOPLE_REACHED, 9, source=AudienceSource.VIEWS),)},
            "plan.indicators[0].source",
        ),
        (
            {"indicators": (Indicator(Measure.PEOPLE_REACHED, 9, "x" * 201),)},
            "plan.indicators[0].description",
        ),
        (
            {
                "indicators": (
                    Indicator(Measure.PEOPLE_REACHED, 9),
                    Indicator(Measure.PEOPLE_REACHED, 12),
                )
            },
            "plan.indicators[1]",
        ),
    ],
)
def test_a_plan_is_refused_naming_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        launch(replace(PLAN, **changes))
    assert refused.value.field == field
    with pytest.raises(InvalidInput) as revised:
        when(launched(), lambda c: c.revise(replace(PLAN, **changes), "x", actor=OFFICER, at=at()))
    assert revised.value.field == field


def test_blank_optional_texts_are_left_out() -> None:
    campaign = given(Campaign, history(lambda: launch(replace(PLAN, aims=" ", grant=""))))
    assert (campaign.plan.aims, campaign.plan.grant) == (None, None)
