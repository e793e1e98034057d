"""How identifying each field of prevention work is (domain/prevention/): merged into
domain/classification.py's tables. Prevention records count people and never name them:
counts, vocabularies, dates, places of activities and staff user names are plain; the
texts written for reports (a campaign's name and aims, a title, an outlet) are about the
work (PREVENTION_TEXT); the reasons staff give for a correction or a withdrawal are free
text and sealed like every other (FREE_TEXT). A case's link to a disclosure
(`IncomingReferral.prevention_disclosure`) is an id and a number."""

from __future__ import annotations

from typing import Any

from domain.disclosure_ref import DisclosureRef
from domain.prevention.activity import PreventionActivity
from domain.prevention.campaign import Campaign
from domain.prevention.values import (
    ActivityDetails,
    AudienceFigure,
    CampaignPlan,
    Disclosure,
    Inclusion,
    Indicator,
    KnowledgeScores,
    MaterialDistributed,
    ParticipantCount,
    Reach,
    ScoreSummary,
)
from domain.sensitivity import FREE_TEXT, PLAIN, PREVENTION_TEXT, STAFF, Entry

ACTIVITY = PreventionActivity

PREVENTION_VALUES: dict[type[Any], dict[str, Entry]] = {
    ActivityDetails: {
        **dict.fromkeys(
            (
                "type",
                "held_on",
                "duration_minutes",
                "setting",
                "language",
                "municipality",  # where an activity was held: not a person's place
                "partner_ids",
                "campaign_id",
            ),
            PLAIN,
        ),
        "title": PREVENTION_TEXT,
        "facilitators": STAFF,
    },
    ParticipantCount: dict.fromkeys(("group", "sex", "age_band", "count", "sector"), PLAIN),
    Inclusion: dict.fromkeys(
        ("roma_ashkali_egyptian", "other_communities", "with_disability"), PLAIN
    ),
    AudienceFigure: {"source": PLAIN, "count": PLAIN, "outlet": PREVENTION_TEXT},
    MaterialDistributed: dict.fromkeys(("material", "language", "quantity"), PLAIN),
    ScoreSummary: dict.fromkeys(("count", "mean", "passed"), PLAIN),
    KnowledgeScores: {
        "max_score": PLAIN,
        "pass_mark": PLAIN,
        "pre": ScoreSummary,
        "post": ScoreSummary,
    },
    Reach: {
        "participants": ParticipantCount,
        "inclusion": Inclusion,
        "audience": AudienceFigure,
        "materials": MaterialDistributed,
        "learning": KnowledgeScores,
    },
    Disclosure: dict.fromkeys(("number", "kind", "route", "organisation_id"), PLAIN),
    DisclosureRef: dict.fromkeys(("activity_id", "number"), PLAIN),
    Indicator: {
        "measure": PLAIN,
        "target": PLAIN,
        "description": PREVENTION_TEXT,
        "source": PLAIN,
    },
    CampaignPlan: {
        **dict.fromkeys(
            (
                "starts_on",
                "ends_on",
                "target_groups",
                "municipalities",
                "grant",
                "partner_ids",
            ),
            PLAIN,
        ),
        "name": PREVENTION_TEXT,
        "aims": PREVENTION_TEXT,
        "indicators": Indicator,
    },
}

PREVENTION_EVENTS: dict[type[Any], dict[str, Entry]] = {
    Campaign.Launched: {"plan": CampaignPlan},
    Campaign.Revised: {"plan": CampaignPlan, "reason": FREE_TEXT},
    ACTIVITY.Recorded: {"details": ActivityDetails, "reach": Reach},
    ACTIVITY.DetailsCorrected: {"details": ActivityDetails, "reason": FREE_TEXT},
    ACTIVITY.ReachCorrected: {"reach": Reach, "reason": FREE_TEXT},
    ACTIVITY.DisclosureRecorded: {"disclosure": Disclosure},
    ACTIVITY.Withdrawn: {"reason": FREE_TEXT},
}

PREVENTION_STATES: dict[type[Any], dict[str, Entry]] = {
    Campaign: {"plan": CampaignPlan},
    PreventionActivity: {
        "details": ActivityDetails,
        "reach": Reach,
        "disclosures": Disclosure,
        "withdrawn": PLAIN,
    },
}
