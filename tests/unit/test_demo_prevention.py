"""The demo's year of prevention work (issue 16) is plausible: two campaigns, 150 to 250
activities across at least ten municipalities, pupils and professionals scoring better
after a session than before, disclosures, and cases opened from those referred to PVPT."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

import pytest

from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo, DemoSummary
from domain.case import Case
from domain.prevention.activity import PreventionActivity
from domain.prevention.campaign import Campaign
from domain.prevention.vocab import ActivityType, DisclosureRoute


@dataclass(frozen=True)
class Year:
    summary: DemoSummary
    campaigns: list[Campaign]
    activities: list[PreventionActivity]  # withdrawn ones too
    cases: list[Case]


@pytest.fixture(scope="module")
def year() -> Iterator[Year]:
    clock = ScriptedClock(START)
    journey = build("memory://", clock)
    summary = Demo(journey, clock).run(60)
    found: dict[str, set[UUID]] = {"Campaign": set(), "PreventionActivity": set()}
    for notification in journey.app.recorder.select_notifications(1, 1_000_000):
        kind = notification.topic.rsplit(":", 1)[-1].split(".")[0]  # module:Class.Event
        if kind in found:
            found[kind].add(UUID(str(notification.originator_id)))
    yield Year(
        summary,
        [journey.app.load(Campaign, i) for i in sorted(found["Campaign"])],
        [journey.app.load(PreventionActivity, i) for i in sorted(found["PreventionActivity"])],
        [journey.app.load(Case, i) for i in summary.cases],
    )
    journey.close()


def current(year: Year) -> list[PreventionActivity]:
    return [activity for activity in year.activities if not activity.withdrawn]


def test_two_campaigns_and_a_year_of_activities_in_ten_municipalities(year: Year) -> None:
    assert len(year.campaigns) == 2
    activities = current(year)
    assert 150 <= len(activities) <= 250
    assert len(year.activities) - len(activities) == 1  # one entered twice, withdrawn
    places = {a.details.municipality for a in activities if a.details.municipality}
    assert len(places) >= 10
    kinds = {a.details.type for a in activities}
    assert {ActivityType.SCHOOL_SESSION, ActivityType.PROFESSIONAL_TRAINING} <= kinds
    assert {ActivityType.MEDIA_APPEARANCE, ActivityType.ONLINE_CAMPAIGN} <= kinds
    people = sum(a.reach.people for a in activities)
    assert people == year.summary.reached["prevention_people"]
    assert all(not a.reach.participants for a in activities if a.details.type.is_media)


def test_sessions_show_knowledge_improving(year: Year) -> None:
    for kind in (ActivityType.SCHOOL_SESSION, ActivityType.PROFESSIONAL_TRAINING):
        tests = [a.reach.learning for a in current(year) if a.details.type is kind]
        scored = [t for t in tests if t is not None]
        assert len(scored) == len(tests) > 10
        pre = sum(t.pre.mean * t.pre.count for t in scored) / sum(t.pre.count for t in scored)
        post = sum(t.post.mean * t.post.count for t in scored) / sum(t.post.count for t in scored)
        assert 0.15 < (post - pre) / scored[0].max_score < 0.3, (kind, pre, post)
        assert sum(t.post.passed for t in scored) > 2 * sum(t.pre.passed for t in scored)


def test_disclosures_are_referred_and_some_open_cases(year: Year) -> None:
    disclosures = [d for a in year.activities for d in a.disclosures]
    assert 8 <= len(disclosures) <= 12
    to_assistance = [d for d in disclosures if d.route is DisclosureRoute.DIRECT_ASSISTANCE]
    assert to_assistance
    opened = [c for c in year.cases if c.referral.prevention_disclosure is not None]
    assert 0 < len(opened) <= len(to_assistance)
    assert len(opened) == year.summary.reached["prevention_cases"]
