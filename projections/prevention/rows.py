"""How an activity's details and figures become rows: the activity's own row and the
rows of its reach, audience and materials (pure functions of the event's values)."""

from __future__ import annotations

from typing import Any

from domain import places
from domain.prevention.values import ActivityDetails, KnowledgeScores, Reach
from domain.prevention.vocab import STUDENT_GROUPS, ParticipantGroup, Sex
from projections.outcomes.batch import quarter_of
from projections.prevention.tables import AUDIENCE_SOURCES, WHERE_AND_WHEN

Row = dict[str, Any]

# Pupils: children at school, grades 1 to 12 (university students are students, not pupils).
PUPIL_GROUPS = STUDENT_GROUPS - {ParticipantGroup.UNIVERSITY_STUDENTS}


def where_and_when(details: ActivityDetails) -> Row:
    """The columns every row of the activity repeats (tables.WHERE_AND_WHEN)."""
    held_on = details.held_on
    return {
        "campaign_id": None if details.campaign_id is None else str(details.campaign_id),
        "type": details.type.value,
        "held_on": held_on,
        "month": held_on.strftime("%Y-%m"),
        "quarter": quarter_of(held_on),
        "municipality": details.municipality,
    }


def detail_columns(details: ActivityDetails) -> Row:
    """The activity row's columns that its details give."""
    code = details.municipality
    district = None if code is None else places.municipality("municipality", code).district
    return {
        **where_and_when(details),
        "district": None if district is None else str(district),
        "setting": details.setting.value,
        "language": details.language.value,
        "duration_minutes": details.duration_minutes,
    }


def figure_columns(reach: Reach) -> Row:
    """The activity row's columns that its figures give."""
    by_sex = dict.fromkeys(Sex, 0)
    for row in reach.participants:
        by_sex[row.sex] += row.count
    audience = dict.fromkeys(AUDIENCE_SOURCES, 0)
    for figure in reach.audience:
        audience[figure.source.value] += figure.count
    return {
        "people": reach.people,
        "female": by_sex[Sex.FEMALE],
        "male": by_sex[Sex.MALE],
        "sex_not_recorded": by_sex[Sex.NOT_RECORDED],
        "roma_ashkali_egyptian": reach.inclusion.roma_ashkali_egyptian,
        "other_communities": reach.inclusion.other_communities,
        "with_disability": reach.inclusion.with_disability,
        **{f"audience_{source}": figure for source, figure in audience.items()},
        "materials": sum(item.quantity for item in reach.materials),
        **_learning(reach.learning),
    }


def _learning(scores: KnowledgeScores | None) -> Row:
    tests = ("pre", "post")
    if scores is None:
        empty = {f"{t}_{c}": None for t in tests for c in ("count", "mean", "passed")}
        return {"max_score": None, "pass_mark": None, **empty}
    found: Row = {"max_score": scores.max_score, "pass_mark": scores.pass_mark}
    for test in tests:
        summary = getattr(scores, test)
        found |= {
            f"{test}_count": summary.count,
            f"{test}_mean": summary.mean,
            f"{test}_passed": summary.passed,
        }
    return found


def first_row(activity_id: str, details: ActivityDetails, reach: Reach, position: int) -> Row:
    """The activity's row as recorded."""
    return {
        "activity_id": activity_id,
        **detail_columns(details),
        **figure_columns(reach),
        "disclosures": 0,
        "disclosures_to_assistance": 0,
        "cases_opened": 0,
        "withdrawn": 0,
        "corrections": 0,
        "position": position,
    }


def located(activity: Row) -> Row:
    """The WHERE_AND_WHEN columns of an activity's row."""
    return {name: activity[name] for name in WHERE_AND_WHEN}


def reach_rows(activity: Row, reach: Reach) -> list[Row]:
    return [
        {
            "activity_id": activity["activity_id"],
            "line": line,
            **located(activity),
            "participant_group": row.group.value,
            "pupil": int(row.group in PUPIL_GROUPS),
            "student": int(row.group.is_student),
            "sector": None if row.sector is None else row.sector.value,
            "sex": row.sex.value,
            "age_band": row.age_band.value,
            "people": row.count,
        }
        for line, row in enumerate(reach.participants, start=1)
    ]


def audience_rows(activity: Row, reach: Reach) -> list[Row]:
    return [
        {
            "activity_id": activity["activity_id"],
            "line": line,
            **located(activity),
            "source": figure.source.value,
            "outlet": figure.outlet,
            "figure": figure.count,
        }
        for line, figure in enumerate(reach.audience, start=1)
    ]


def material_rows(activity: Row, reach: Reach) -> list[Row]:
    return [
        {
            "activity_id": activity["activity_id"],
            "material": item.material.value,
            "language": item.language,
            **located(activity),
            "quantity": item.quantity,
        }
        for item in reach.materials
    ]
