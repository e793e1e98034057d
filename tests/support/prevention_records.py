"""Prevention records for tests (issue 16): a campaign's plan, a school session's details
and its reach, as values, and launched or recorded through the bus by a prevention
officer. Days are relative to `today` so that an activity is never in the future."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from adapters.run.bootstrap import Journey
from domain.prevention.values import (
    ActivityDetails,
    CampaignPlan,
    Indicator,
    ParticipantCount,
    Reach,
)
from domain.prevention.vocab import (
    ActivityLanguage,
    ActivityType,
    AgeBand,
    DisclosureKind,
    DisclosureRoute,
    Measure,
    ParticipantGroup,
    Setting,
    Sex,
    TargetGroup,
)
from services.commands.prevention import LaunchCampaign, RecordActivity, RecordDisclosure

OFFICER = "drita.gashi"  # the prevention officer of the tests
PRIZREN = "20"  # KAS code (domain/places.py)


def plan(starts_on: date, ends_on: date, **changes: Any) -> CampaignPlan:
    """A campaign for pupils in Prizren from `starts_on` to `ends_on`."""
    value = CampaignPlan(
        name="Safe online 2026",
        starts_on=starts_on,
        ends_on=ends_on,
        target_groups=(TargetGroup.STUDENTS,),
        municipalities=(PRIZREN,),
        indicators=(Indicator(Measure.STUDENTS_REACHED, 1200),),
    )
    return replace(value, **changes)


def session(held_on: date, campaign_id: UUID | None = None, **changes: Any) -> ActivityDetails:
    """A school session in Prizren on `held_on`, under `campaign_id` if given."""
    value = ActivityDetails(
        type=ActivityType.SCHOOL_SESSION,
        held_on=held_on,
        duration_minutes=90,
        setting=Setting.SCHOOL,
        language=ActivityLanguage.ALBANIAN,
        municipality=PRIZREN,
        title="Safe online: grade 8",
        facilitators=(OFFICER,),
        campaign_id=campaign_id,
    )
    return replace(value, **changes)


def pupils(girls: int = 14, boys: int = 12) -> Reach:
    """Pupils of grades 6 to 9 met in person, by sex."""
    rows = (
        ParticipantCount(
            ParticipantGroup.STUDENTS_GRADES_6_9, Sex.FEMALE, AgeBand.FROM_11_TO_14, girls
        ),
        ParticipantCount(
            ParticipantGroup.STUDENTS_GRADES_6_9, Sex.MALE, AgeBand.FROM_11_TO_14, boys
        ),
    )
    return Reach(participants=rows)


def launched(journey: Journey, today: date) -> UUID:
    """A campaign running from 60 days before `today` to 60 days after."""
    launch = LaunchCampaign(plan=plan(today - timedelta(days=60), today + timedelta(days=60)))
    return journey.bus.execute(None, launch, actor=OFFICER).id


def recorded(journey: Journey, held_on: date, campaign_id: UUID | None = None) -> UUID:
    """A school session held on `held_on`, with 26 pupils."""
    record = RecordActivity(details=session(held_on, campaign_id), reach=pupils())
    return journey.bus.execute(None, record, actor=OFFICER).id


def disclosed(
    journey: Journey,
    activity_id: UUID,
    route: DisclosureRoute = DisclosureRoute.DIRECT_ASSISTANCE,
    organisation_id: UUID | None = None,
) -> int:
    """A disclosure of exploitation at the activity; the activity's version after it."""
    command = RecordDisclosure(
        kind=DisclosureKind.EXPLOITATION, route=route, organisation_id=organisation_id
    )
    return journey.bus.execute(activity_id, command, actor=OFFICER).version
