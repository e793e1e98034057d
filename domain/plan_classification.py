"""How identifying each field of a reintegration plan (domain/plan.py) is: its
events, its state, its goals and follow-ups. Assembled by domain/classification.py."""

from __future__ import annotations

from typing import Any

from domain.plan import ReintegrationPlan
from domain.sensitivity import CODE, FREE_TEXT, PLAIN, Entry
from domain.values import FollowUp, Goal

P = ReintegrationPlan

PLAN_EVENTS: dict[type[Any], dict[str, Entry]] = {
    P.Drafted: {"case_id": PLAIN, "case_number": CODE},
    P.GoalAdded: {
        "number": PLAIN,
        "type": PLAIN,
        "description": FREE_TEXT,
        "target_date": PLAIN,
    },
    P.GoalProgressRecorded: {"number": PLAIN, "note": FREE_TEXT},
    P.GoalAchieved: {"number": PLAIN},
    P.GoalAbandoned: {"number": PLAIN, "reason": FREE_TEXT},
    P.Reviewed: {"summary": FREE_TEXT, "next_review_on": PLAIN},
    P.Completed: {"completed_on": PLAIN},
    P.Discontinued: {"reason": FREE_TEXT},
    P.FollowUpRecorded: {
        "month": PLAIN,
        "status": PLAIN,
        "recorded_on": PLAIN,
        "visited_on": PLAIN,
    },
}
PLAN_STATES: dict[type[Any], dict[str, Entry]] = {
    ReintegrationPlan: {
        "case_id": PLAIN,
        "case_number": CODE,
        "status": PLAIN,
        "goals": Goal,
        "reviews_count": PLAIN,
        "last_reviewed_on": PLAIN,
        "next_review_on": PLAIN,
        "completed_on": PLAIN,
        "discontinued_on": PLAIN,
        "discontinue_reason": FREE_TEXT,
        "follow_ups": FollowUp,
    },
}
PLAN_VALUES: dict[type[Any], dict[str, Entry]] = {
    Goal: {
        "number": PLAIN,
        "type": PLAIN,
        "description": FREE_TEXT,
        "target_date": PLAIN,
        "status": PLAIN,
        "progress": FREE_TEXT,
    },
    FollowUp: {"month": PLAIN, "status": PLAIN, "recorded_on": PLAIN, "visited_on": PLAIN},
}
