"""A campaign's progress against its planned indicators: what each measure
(domain/prevention/vocab.py `Measure`) has achieved, counted from the activities of
the campaign not withdrawn, and the share of the target; recounted for the campaigns
a batch touched, after the batch's activity rows are written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, func, select

from domain.prevention.values import CampaignPlan
from domain.prevention.vocab import (
    STUDENT_GROUPS,
    ActivityType,
    DisclosureRoute,
    Measure,
    ParticipantGroup,
)
from projections.prevention.children import ChildRows
from projections.prevention.rows import Row
from projections.rows import RowCache

Achieved = dict[str, int]  # measure (or "media_audience:<source>") -> figure


def planned(campaign_id: str, plan: CampaignPlan) -> list[Row]:
    """The plan's indicators, nothing achieved yet."""
    return [
        {
            "campaign_id": campaign_id,
            "line": line,
            "measure": indicator.measure.value,
            "source": None if indicator.source is None else indicator.source.value,
            "description": indicator.description,
            "target": indicator.target,
            "achieved": 0,
            "share": 0.0,
        }
        for line, indicator in enumerate(plan.indicators, start=1)
    ]


def recount(
    conn: Connection,
    tables: dict[str, Table],
    campaigns: RowCache,
    indicators: ChildRows,
    touched: Iterable[str],
) -> None:
    ids = sorted(touched)
    if not ids:
        return
    achieved = _achieved(conn, tables, ids)
    for campaign_id in ids:
        row = campaigns.get((campaign_id,))
        if row is None:  # an activity naming a campaign this model never saw launched
            continue
        figures = achieved[campaign_id]
        counted = {"activities": figures.get(Measure.ACTIVITIES_HELD, 0)}
        counted["people"] = figures.get(Measure.PEOPLE_REACHED, 0)
        if any(row[name] != value for name, value in counted.items()):
            campaigns.put((campaign_id,), {**row, **counted})
        lines = [_progress(line, figures) for line in indicators.of(campaign_id)]
        indicators.replace(campaign_id, lines)


def _progress(line: Row, figures: Achieved) -> Row:
    key = line["measure"]
    if key == Measure.MEDIA_AUDIENCE:
        key = f"{key}:{line['source']}"
    achieved = figures.get(key, 0)
    return {**line, "achieved": achieved, "share": achieved / line["target"]}


def _achieved(conn: Connection, tables: dict[str, Table], ids: list[str]) -> dict[str, Achieved]:
    found: dict[str, Achieved] = defaultdict(dict)
    for campaign_id, figures in _activity_figures(conn, tables["prevention_activities"], ids):
        found[campaign_id] |= figures
    for campaign_id, group, kind, people in _grouped(
        conn,
        tables["prevention_reach"],
        ids,
        ("participant_group", "type"),
        "people",
    ):
        for measure in _measures_of(group, kind):
            found[campaign_id][measure] = found[campaign_id].get(measure, 0) + people
    audience = _grouped(conn, tables["prevention_audience"], ids, ("source",), "figure")
    for campaign_id, source, figure in audience:
        found[campaign_id][f"{Measure.MEDIA_AUDIENCE}:{source}"] = figure
    for campaign_id, quantity in _grouped(
        conn, tables["prevention_materials"], ids, (), "quantity"
    ):
        found[campaign_id][Measure.MATERIALS_DISTRIBUTED] = quantity
    referrals = tables["prevention_referrals"]
    assisted = referrals.c.route == DisclosureRoute.DIRECT_ASSISTANCE.value
    query = (
        select(referrals.c.campaign_id, func.count())
        .where(referrals.c.campaign_id.in_(ids), assisted)
        .group_by(referrals.c.campaign_id)
    )
    for campaign_id, count in conn.execute(query):
        found[campaign_id][Measure.REFERRALS_TO_ASSISTANCE] = int(count)
    return found


def _activity_figures(
    conn: Connection, activities: Table, ids: list[str]
) -> Iterable[tuple[str, Achieved]]:
    c = activities.c
    query = (
        select(
            c.campaign_id, func.count(), func.sum(c.people), func.count(c.municipality.distinct())
        )
        .where(c.campaign_id.in_(ids), c.withdrawn == 0)
        .group_by(c.campaign_id)
    )
    for campaign_id, held, people, places in conn.execute(query):
        yield (
            campaign_id,
            {
                Measure.ACTIVITIES_HELD: int(held),
                Measure.PEOPLE_REACHED: int(people or 0),
                Measure.MUNICIPALITIES_REACHED: int(places),
            },
        )


def _grouped(
    conn: Connection, table: Table, ids: list[str], by: tuple[str, ...], summed: str
) -> list[Any]:
    """(campaign_id, *by, SUM(summed)) of the campaigns' rows."""
    keys = [table.c.campaign_id, *(table.c[name] for name in by)]
    query = (
        select(*keys, func.sum(table.c[summed])).where(table.c.campaign_id.in_(ids)).group_by(*keys)
    )
    return [(*row[:-1], int(row[-1] or 0)) for row in conn.execute(query)]


def _measures_of(group: str, kind: str) -> list[str]:
    """The people measures a reach line of this group, at this type of activity, adds to."""
    measures: list[str] = []
    if ParticipantGroup(group) in STUDENT_GROUPS:
        measures.append(Measure.STUDENTS_REACHED)
    if group == ParticipantGroup.PARENTS:
        measures.append(Measure.PARENTS_REACHED)
    trained = kind == ActivityType.PROFESSIONAL_TRAINING
    if group == ParticipantGroup.PROFESSIONALS and trained:
        measures.append(Measure.PROFESSIONALS_TRAINED)
    return measures
