"""Views over the prevention tables that make analysts' SQL shorter: reach by month,
municipality, group and sex; trainings of professionals by sector; each activity's
knowledge change. The same SQL on PostgreSQL and SQLite."""

from __future__ import annotations

REACH_BY_MONTH = (
    "SELECT month, quarter, municipality, participant_group, sex, "
    "COUNT(DISTINCT activity_id) AS activities, SUM(people) AS people "
    "FROM prevention_reach GROUP BY month, quarter, municipality, participant_group, sex"
)

TRAININGS_BY_SECTOR = (
    "SELECT month, quarter, sector, COUNT(DISTINCT activity_id) AS trainings, "
    "SUM(people) AS people FROM prevention_reach "
    "WHERE type = 'professional_training' GROUP BY month, quarter, sector"
)


def _test(test: str) -> str:
    return (
        f"{test}_count, {test}_mean, {test}_passed, "
        f"CAST({test}_passed AS FLOAT) / {test}_count AS {test}_pass_share, "
        f"{test}_mean / max_score AS {test}_score_share"
    )


KNOWLEDGE = (
    "SELECT activity_id, campaign_id, type, held_on, month, quarter, municipality, "
    f"max_score, pass_mark, {_test('pre')}, {_test('post')}, "
    "post_mean - pre_mean AS mean_change "
    "FROM prevention_activities WHERE withdrawn = 0 AND pre_count IS NOT NULL"
)

VIEWS = {
    "prevention_reach_by_month": REACH_BY_MONTH,
    "prevention_trainings_by_sector": TRAININGS_BY_SECTOR,
    "prevention_knowledge": KNOWLEDGE,
}
