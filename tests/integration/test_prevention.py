"""Prevention through the command bus, on both databases (issue 16): a campaign launched
and revised, an activity recorded under it (refused outside its period, or with a partner
not active that day), corrected with both events kept, disclosures numbered, withdrawn,
and a case opened on a disclosure referred to direct assistance."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from domain.case_values import IncomingReferral
from domain.disclosure_ref import DisclosureRef
from domain.errors import InvalidInput, RuleViolated
from domain.prevention.activity import PreventionActivity
from domain.prevention.campaign import Campaign
from domain.prevention.vocab import DisclosureKind, DisclosureRoute
from domain.vocab import IncomingReferralReason, OrganisationType
from services.commands.case import OpenCase
from services.commands.organisation import DeactivateOrganisation
from services.commands.prevention import (
    CorrectActivityDetails,
    CorrectActivityReach,
    RecordActivity,
    RecordDisclosure,
    ReviseCampaign,
    WithdrawActivity,
)
from tests.integration.test_returns import organisation
from tests.support.factories import MANAGER, WORKER, register
from tests.support.prevention_records import (
    OFFICER,
    disclosed,
    launched,
    plan,
    pupils,
    recorded,
    session,
)

START = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)
TODAY = date(2026, 5, 20)  # the campaign runs 2026-03-21 to 2026-07-19 (launched())
HELD = date(2026, 5, 12)


@pytest.fixture
def journey(database_url: str) -> Iterator[Journey]:
    system = build(database_url, ScriptedClock(START))
    yield system
    system.close()


def event_types(journey: Journey, record_id: UUID) -> list[str]:
    events = journey.app.recorder.select_events(record_id)
    return [stored.topic.rpartition(".")[2] for stored in events]


def test_a_campaign_launched_and_revised_keeps_both_plans(journey: Journey) -> None:
    campaign_id = launched(journey, TODAY)
    longer = plan(date(2026, 3, 1), date(2026, 12, 31))
    journey.bus.execute(campaign_id, ReviseCampaign(plan=longer, reason="Extended."), actor=OFFICER)
    assert journey.app.load(Campaign, campaign_id).plan.ends_on == date(2026, 12, 31)
    assert event_types(journey, campaign_id) == ["Launched", "Revised"]
    with pytest.raises(RuleViolated) as refused:
        journey.bus.execute(campaign_id, ReviseCampaign(plan=longer, reason="x"), actor=OFFICER)
    assert refused.value.rule == "no_change"


def test_an_activity_of_a_campaign_is_held_within_its_period(journey: Journey) -> None:
    campaign_id = launched(journey, TODAY)
    activity_id = recorded(journey, HELD, campaign_id)
    activity = journey.app.load(PreventionActivity, activity_id)
    assert (activity.details.campaign_id, activity.reach.people) == (campaign_id, 26)
    early = RecordActivity(details=session(date(2026, 1, 10), campaign_id), reach=pupils())
    with pytest.raises(RuleViolated) as refused:
        journey.bus.execute(None, early, actor=OFFICER)
    assert refused.value.rule == "outside_campaign"
    unknown = RecordActivity(details=session(HELD, UUID(int=7)), reach=pupils())
    with pytest.raises(InvalidInput) as invalid:
        journey.bus.execute(None, unknown, actor=OFFICER)
    assert invalid.value.field == "details.campaign_id"


def test_a_partner_must_be_active_on_the_day_held(journey: Journey) -> None:
    partner_id = organisation(journey, "youth-for-change", "XK")
    leaving = DeactivateOrganisation(active_to=date(2026, 4, 30))
    journey.bus.execute(partner_id, leaving, actor=MANAGER)
    details = session(HELD, partner_ids=(partner_id,))
    with pytest.raises(RuleViolated) as refused:
        journey.bus.execute(None, RecordActivity(details=details, reach=pupils()), actor=OFFICER)
    assert refused.value.rule == "organisation_inactive"
    earlier = session(date(2026, 4, 20), partner_ids=(partner_id,))
    journey.bus.execute(None, RecordActivity(details=earlier, reach=pupils()), actor=OFFICER)


def test_corrections_keep_what_was_first_recorded(journey: Journey) -> None:
    activity_id = recorded(journey, HELD)
    shorter = CorrectActivityDetails(details=session(HELD, duration_minutes=60), reason="Early.")
    journey.bus.execute(activity_id, shorter, actor=OFFICER)
    recount = CorrectActivityReach(reach=pupils(girls=15), reason="Counted again.")
    journey.bus.execute(activity_id, recount, actor=OFFICER)
    assert event_types(journey, activity_id) == ["Recorded", "DetailsCorrected", "ReachCorrected"]
    first = journey.app.load(PreventionActivity, activity_id, version=1)
    now = journey.app.load(PreventionActivity, activity_id)
    assert (first.details.duration_minutes, first.reach.people) == (90, 26)
    assert (now.details.duration_minutes, now.reach.people) == (60, 27)


def test_disclosures_are_numbered_and_a_withdrawn_activity_changes_no_more(
    journey: Journey,
) -> None:
    activity_id = recorded(journey, HELD)
    police = organisation(journey, "police-prizren", "XK")
    disclosed(journey, activity_id, DisclosureRoute.POLICE, police)
    disclosed(journey, activity_id)
    activity = journey.app.load(PreventionActivity, activity_id)
    assert [(d.number, d.route) for d in activity.disclosures] == [
        (1, DisclosureRoute.POLICE),
        (2, DisclosureRoute.DIRECT_ASSISTANCE),
    ]
    journey.bus.execute(activity_id, WithdrawActivity(reason="A duplicate."), actor=OFFICER)
    assert journey.app.load(PreventionActivity, activity_id).withdrawn
    more = RecordDisclosure(kind=DisclosureKind.EXPLOITATION, route=DisclosureRoute.NOT_REFERRED)
    with pytest.raises(RuleViolated) as refused:
        journey.bus.execute(activity_id, more, actor=OFFICER)
    assert refused.value.rule == "withdrawn"


def _opened(journey: Journey, activity_id: UUID, number: int) -> UUID:
    referral = IncomingReferral(
        "PVPT prevention team",
        OrganisationType.NGO,
        TODAY,
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
        prevention_disclosure=DisclosureRef(activity_id, number),
    )
    command = OpenCase(beneficiary_id=register(journey), referral=referral)
    return journey.bus.execute(None, command, actor=WORKER).id


def test_a_case_opens_on_a_disclosure_referred_to_direct_assistance(journey: Journey) -> None:
    activity_id = recorded(journey, HELD)
    disclosed(journey, activity_id, DisclosureRoute.POLICE, organisation(journey, "police", "XK"))
    disclosed(journey, activity_id)
    case_id = _opened(journey, activity_id, 2)
    referral = journey.queries.case(case_id).referral
    assert referral.prevention_disclosure == DisclosureRef(activity_id, 2)
    with pytest.raises(RuleViolated) as refused:
        _opened(journey, activity_id, 1)
    assert refused.value.rule == "unknown_disclosure"
    with pytest.raises(InvalidInput) as invalid:
        _opened(journey, UUID(int=9), 1)
    assert invalid.value.field == "referral.prevention_disclosure.activity_id"
