"""The prevention read model's two summaries, as the API and analysts ask them
(docs/read-models/prevention.md, "The two questions"):

- `reach_summary`: people met in person of some groups, in some municipalities and
  days, by sex, and the knowledge change of the activities that met them (count-weighted
  means and pass shares of their pre- and post-session tests);
- `referral_summary`: disclosures at activities in some days, by route and kind, and the
  cases opened from them.

Both read the model's views (the active generation), never a table of a generation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Connection, column, func, select, table
from sqlalchemy.sql.expression import TableClause

from domain.prevention.vocab import DisclosureRoute, ParticipantGroup
from projections.prevention.tables import WHERE_AND_WHEN


class GroupFilter(StrEnum):
    """Whom a reach summary counts: pupils (school grades 1-12), students (pupils and
    university students) or one participant group."""

    PUPILS = "pupils"
    STUDENTS = "students"
    STUDENTS_GRADES_1_5 = ParticipantGroup.STUDENTS_GRADES_1_5.value
    STUDENTS_GRADES_6_9 = ParticipantGroup.STUDENTS_GRADES_6_9.value
    STUDENTS_GRADES_10_12 = ParticipantGroup.STUDENTS_GRADES_10_12.value
    UNIVERSITY_STUDENTS = ParticipantGroup.UNIVERSITY_STUDENTS.value
    YOUTH_OUT_OF_SCHOOL = ParticipantGroup.YOUTH_OUT_OF_SCHOOL.value
    PARENTS = ParticipantGroup.PARENTS.value
    TEACHERS = ParticipantGroup.TEACHERS.value
    PROFESSIONALS = ParticipantGroup.PROFESSIONALS.value
    COMMUNITY_MEMBERS = ParticipantGroup.COMMUNITY_MEMBERS.value
    GENERAL_PUBLIC = ParticipantGroup.GENERAL_PUBLIC.value


@dataclass(frozen=True)
class Where:
    """Which activities: every filter optional (`municipalities` empty: anywhere)."""

    municipalities: tuple[str, ...] = ()
    from_: date | None = None
    to: date | None = None
    campaign_id: str | None = None
    type: str | None = None

    def conditions(self, rows: TableClause) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.municipalities:
            where.append(rows.c.municipality.in_(self.municipalities))
        if self.from_ is not None:
            where.append(rows.c.held_on >= self.from_)
        if self.to is not None:
            where.append(rows.c.held_on <= self.to)
        if self.campaign_id is not None:
            where.append(rows.c.campaign_id == self.campaign_id)
        if self.type is not None:
            where.append(rows.c.type == self.type)
        return where


def _view(name: str, *columns: str) -> TableClause:
    return table(name, *(column(c) for c in (*WHERE_AND_WHEN, "activity_id", *columns)))


REACH = _view("prevention_reach", "participant_group", "pupil", "student", "sex", "people")
ACTIVITIES = _view(
    "prevention_activities",
    "withdrawn",
    *(f"{test}_{c}" for test in ("pre", "post") for c in ("count", "mean", "passed")),
    "max_score",
)
REFERRALS = _view("prevention_referrals", "kind", "route", "cases_opened")


@dataclass(frozen=True)
class ReachSummary:
    people: int
    by_sex: dict[str, int]
    activities: int
    knowledge: dict[str, Any] = field(default_factory=dict)


def _group_condition(group: GroupFilter | None) -> list[ColumnElement[bool]]:
    if group is None:
        return []
    if group is GroupFilter.PUPILS:
        return [REACH.c.pupil == 1]
    if group is GroupFilter.STUDENTS:
        return [REACH.c.student == 1]
    return [REACH.c.participant_group == group.value]


def reach_summary(conn: Connection, where: Where, group: GroupFilter | None) -> ReachSummary:
    conditions = where.conditions(REACH) + _group_condition(group)
    by_sex = {
        str(sex): int(people)
        for sex, people in conn.execute(
            select(REACH.c.sex, func.sum(REACH.c.people)).where(*conditions).group_by(REACH.c.sex)
        )
    }
    met = select(REACH.c.activity_id).where(*conditions).distinct()
    activities = conn.execute(select(func.count()).select_from(met.subquery())).scalar_one()
    return ReachSummary(sum(by_sex.values()), by_sex, int(activities), knowledge(conn, met))


def knowledge(conn: Connection, activity_ids: Any) -> dict[str, Any]:
    """Count-weighted means and pass shares of the tests of these activities (those not
    withdrawn that recorded scores); means also as a share of each test's maximum."""
    a = ACTIVITIES.c
    sums = []
    for test in ("pre", "post"):
        count, mean, passed = a[f"{test}_count"], a[f"{test}_mean"], a[f"{test}_passed"]
        sums += [
            func.sum(count),
            func.sum(count * mean),
            func.sum(passed),
            func.sum(count * mean / a.max_score),
        ]
    query = select(func.count(), *sums).where(
        a.activity_id.in_(activity_ids), a.withdrawn == 0, a.pre_count.is_not(None)
    )
    tested, *figures = conn.execute(query).one()
    found: dict[str, Any] = {"activities_tested": int(tested)}
    for test, (count, weighted, passed, shares) in zip(
        ("pre", "post"), (figures[:4], figures[4:]), strict=True
    ):
        found[test] = _test(count, weighted, passed, shares)
    return found


def _test(count: Any, weighted: Any, passed: Any, shares: Any) -> dict[str, Any]:
    if not count:
        return {"count": 0, "mean": None, "score_share": None, "passed": 0, "pass_share": None}
    return {
        "count": int(count),
        "mean": float(weighted) / int(count),
        "score_share": float(shares) / int(count),
        "passed": int(passed),
        "pass_share": int(passed) / int(count),
    }


@dataclass(frozen=True)
class ReferralSummary:
    disclosures: int
    referred: int  # onwards: every route but not_referred
    to_direct_assistance: int
    cases_opened: int
    by_route: dict[str, int]
    by_kind: dict[str, int]


def referral_summary(conn: Connection, where: Where) -> ReferralSummary:
    conditions = where.conditions(REFERRALS)
    r = REFERRALS.c
    by_route: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    cases = 0
    query = (
        select(r.route, r.kind, func.count(), func.sum(r.cases_opened))
        .where(*conditions)
        .group_by(r.route, r.kind)
    )
    for route, kind, disclosures, opened in conn.execute(query):
        by_route[route] = by_route.get(route, 0) + int(disclosures)
        by_kind[kind] = by_kind.get(kind, 0) + int(disclosures)
        cases += int(opened or 0)
    total = sum(by_route.values())
    return ReferralSummary(
        disclosures=total,
        referred=total - by_route.get(DisclosureRoute.NOT_REFERRED.value, 0),
        to_direct_assistance=by_route.get(DisclosureRoute.DIRECT_ASSISTANCE.value, 0),
        cases_opened=cases,
        by_route=by_route,
        by_kind=by_kind,
    )
