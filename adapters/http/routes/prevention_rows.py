"""The rows of the prevention read model's lists (docs/read-models/prevention.md), each
column with its description and an example. No person is in any of them."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from adapters.http.routes.fields import Position, Share

_ACTIVITY = "5d0c2b1e-8f7a-4c3e-9b21-6a4f0e9d8c71"
_CAMPAIGN = "0e7c2b1e-8f7a-4c3e-9b21-6a4f0e9d8c71"
MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
QUARTER = r"^[0-9]{4}-Q[1-4]$"

ActivityId = Annotated[UUID, Meta(description="the prevention activity", examples=[_ACTIVITY])]
CampaignId = Annotated[UUID, Meta(description="the campaign", examples=[_CAMPAIGN])]
OptionalCampaign = Annotated[
    UUID | None, Meta(description="the activity's campaign; null for none", examples=[_CAMPAIGN])
]
People = Annotated[int, Meta(ge=0, description="people met in person", examples=[26])]
Count = Annotated[int, Meta(ge=0, description="how many", examples=[2])]
Score = Annotated[
    float | None, Meta(description="a score; null without knowledge tests", examples=[6.5])
]
Tested = (
    Annotated[int, Meta(ge=0, description="a test count; null without tests", examples=[24])] | None
)


class Located(msgspec.Struct, frozen=True):
    """The activity a row belongs to: its campaign, type, day and place."""

    activity_id: ActivityId
    campaign_id: OptionalCampaign
    type: Annotated[str, Meta(description="the activity's type", examples=["school_session"])]
    held_on: Annotated[date, Meta(description="the day it was held", examples=["2026-05-12"])]
    month: Annotated[str, Meta(pattern=MONTH, description="its month", examples=["2026-05"])]
    quarter: Annotated[
        str, Meta(pattern=QUARTER, description="its calendar quarter", examples=["2026-Q2"])
    ]
    municipality: Annotated[
        str | None,
        Meta(description="KAS municipality code; null for online and media work", examples=["20"]),
    ]


class PreventionActivityRow(Located, frozen=True):
    """An activity with its figures; a withdrawn one is flagged and counted nowhere else."""

    district: Annotated[
        str | None, Meta(description="the municipality's district", examples=["Prizren"])
    ]
    setting: Annotated[str, Meta(description="where it took place", examples=["school"])]
    language: Annotated[str, Meta(description="its language (ISO 639)", examples=["sq"])]
    duration_minutes: Annotated[int, Meta(ge=0, description="its length", examples=[90])]
    people: People
    female: Annotated[int, Meta(ge=0, description="of them female", examples=[14])]
    male: Annotated[int, Meta(ge=0, description="of them male", examples=[12])]
    sex_not_recorded: Annotated[int, Meta(ge=0, description="sex not recorded", examples=[0])]
    roma_ashkali_egyptian: Annotated[
        int, Meta(ge=0, description="of them Roma, Ashkali, Egyptian", examples=[3])
    ]
    other_communities: Annotated[
        int, Meta(ge=0, description="of them of other communities", examples=[1])
    ]
    with_disability: Annotated[
        int, Meta(ge=0, description="of them with disabilities", examples=[0])
    ]
    audience_views: Annotated[int, Meta(ge=0, description="audience: views", examples=[0])]
    audience_impressions: Annotated[
        int, Meta(ge=0, description="audience: impressions", examples=[0])
    ]
    audience_unique_reach: Annotated[
        int, Meta(ge=0, description="audience: unique reach", examples=[0])
    ]
    audience_broadcast_reach: Annotated[
        int, Meta(ge=0, description="audience: broadcast reach", examples=[0])
    ]
    audience_print_circulation: Annotated[
        int, Meta(ge=0, description="audience: print circulation", examples=[0])
    ]
    materials: Annotated[int, Meta(ge=0, description="materials distributed", examples=[26])]
    max_score: Score
    pass_mark: Score
    pre_count: Tested
    pre_mean: Score
    pre_passed: Tested
    post_count: Tested
    post_mean: Score
    post_passed: Tested
    disclosures: Annotated[int, Meta(ge=0, description="disclosures made there", examples=[1])]
    disclosures_to_assistance: Annotated[
        int, Meta(ge=0, description="of them referred to direct assistance", examples=[1])
    ]
    cases_opened: Annotated[int, Meta(ge=0, description="cases opened from them", examples=[1])]
    withdrawn: Annotated[int, Meta(ge=0, le=1, description="1 when withdrawn", examples=[0])]
    corrections: Annotated[int, Meta(ge=0, description="corrections recorded", examples=[0])]
    position: Position


class ReachLine(Located, frozen=True):
    """People of one group, sector, sex and age band an activity met in person."""

    line: Annotated[int, Meta(ge=1, description="the line on the activity", examples=[1])]
    participant_group: Annotated[
        str, Meta(description="who they were", examples=["students_grades_6_9"])
    ]
    pupil: Annotated[int, Meta(ge=0, le=1, description="1 for school grades 1-12", examples=[1])]
    student: Annotated[
        int, Meta(ge=0, le=1, description="1 for pupils and university students", examples=[1])
    ]
    sector: Annotated[
        str | None, Meta(description="professionals' sector; else null", examples=[None])
    ]
    sex: Annotated[str, Meta(description="female, male or not_recorded", examples=["female"])]
    age_band: Annotated[str, Meta(description="their age band", examples=["11-14"])]
    people: People


class AudienceLine(Located, frozen=True):
    """A media or online audience figure: never added to people met."""

    line: Annotated[int, Meta(ge=1, description="the line on the activity", examples=[1])]
    source: Annotated[str, Meta(description="what the figure counts", examples=["views"])]
    outlet: Annotated[str | None, Meta(description="channel or platform", examples=["Facebook"])]
    figure: Annotated[int, Meta(ge=0, description="the figure", examples=[18400])]


class MaterialLine(Located, frozen=True):
    """Material of one type and language distributed at an activity."""

    material: Annotated[str, Meta(description="the material", examples=["leaflet"])]
    language: Annotated[str, Meta(description="its language (ISO 639)", examples=["sq"])]
    quantity: Annotated[int, Meta(ge=0, description="how many", examples=[150])]


class ReferralLine(Located, frozen=True):
    """A disclosure at an activity and the cases opened from it (never which)."""

    number: Annotated[int, Meta(ge=1, description="its number on the activity", examples=[1])]
    kind: Annotated[str, Meta(description="what was disclosed", examples=["exploitation"])]
    route: Annotated[
        str, Meta(description="where the person was referred", examples=["direct_assistance"])
    ]
    cases_opened: Annotated[int, Meta(ge=0, description="cases opened from it", examples=[1])]
    first_case_opened_on: Annotated[
        date | None, Meta(description="the first such case's day; else null", examples=[None])
    ]


class CampaignProgress(msgspec.Struct, frozen=True):
    """A campaign's plan, its activities (not withdrawn) and the people they met."""

    campaign_id: CampaignId
    name: Annotated[str, Meta(description="its name", examples=["Safe online 2026"])]
    starts_on: Annotated[date, Meta(description="its first day", examples=["2026-01-15"])]
    ends_on: Annotated[date, Meta(description="its last day", examples=["2026-12-15"])]
    target_groups: Annotated[
        str, Meta(description="whom it is for, comma-separated", examples=["students,parents"])
    ]
    municipalities: Annotated[
        str | None, Meta(description="KAS codes, comma-separated; null: Kosovo", examples=["20"])
    ]
    grant_reference: Annotated[
        str | None, Meta(description="its funding grant", examples=["EU-IPA-2026-014"])
    ]
    partners: Annotated[int, Meta(ge=0, description="partner organisations", examples=[2])]
    indicators: Annotated[int, Meta(ge=0, description="planned indicators", examples=[3])]
    revisions: Annotated[int, Meta(ge=0, description="times its plan was revised", examples=[0])]
    activities: Annotated[int, Meta(ge=0, description="activities held", examples=[12])]
    people: People
    position: Position


class IndicatorProgress(msgspec.Struct, frozen=True):
    """A planned indicator, what it has achieved and the share of its target."""

    campaign_id: CampaignId
    line: Annotated[int, Meta(ge=1, description="its line in the plan", examples=[1])]
    measure: Annotated[str, Meta(description="what it counts", examples=["students_reached"])]
    source: Annotated[
        str | None, Meta(description="media_audience only: the source", examples=[None])
    ]
    description: Annotated[
        str | None, Meta(description="how the plan words it", examples=["1,200 students"])
    ]
    target: Annotated[int, Meta(ge=1, description="the planned figure", examples=[1200])]
    achieved: Annotated[int, Meta(ge=0, description="the figure so far", examples=[480])]
    share: Share


class KnowledgeChange(msgspec.Struct, frozen=True):
    """An activity's pre- and post-session tests (prevention_knowledge view)."""

    activity_id: ActivityId
    campaign_id: OptionalCampaign
    type: Annotated[str, Meta(description="the activity's type", examples=["school_session"])]
    held_on: Annotated[date, Meta(description="the day it was held", examples=["2026-05-12"])]
    month: Annotated[str, Meta(pattern=MONTH, description="its month", examples=["2026-05"])]
    quarter: Annotated[str, Meta(pattern=QUARTER, description="its quarter", examples=["2026-Q2"])]
    municipality: Annotated[str | None, Meta(description="KAS code", examples=["20"])]
    max_score: Annotated[float, Meta(description="the test's maximum", examples=[10])]
    pass_mark: Annotated[float, Meta(description="the pass mark", examples=[7])]
    pre_count: Annotated[int, Meta(ge=0, description="took the pre-test", examples=[26])]
    pre_mean: Annotated[float, Meta(description="pre-test mean", examples=[5.2])]
    pre_passed: Annotated[int, Meta(ge=0, description="passed the pre-test", examples=[6])]
    pre_pass_share: Share
    pre_score_share: Share
    post_count: Annotated[int, Meta(ge=0, description="took the post-test", examples=[25])]
    post_mean: Annotated[float, Meta(description="post-test mean", examples=[7.6])]
    post_passed: Annotated[int, Meta(ge=0, description="passed the post-test", examples=[18])]
    post_pass_share: Share
    post_score_share: Share
    mean_change: Annotated[float, Meta(description="post_mean - pre_mean", examples=[2.4])]
