"""A grant's part of a report: which rows its attributions cover, and its indicators.

Read from the `grants` read model's views (docs/read-models/grants.md). A row counts for
the grant when a record it is about — its case, its stay or service, its prevention
activity or campaign — is attributed to the grant on the row's day (for a case or a stay,
on the days of its interval within the period that the attribution ran: a stay's nights
are counted on those days only).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection

from adapters.reports.period.sources import Period, day, query
from adapters.reports.period.vocabulary import Source
from domain.errors import RecordNotFound

GRANT_SQL = """
SELECT grant_id, reference, title, donor_name, starts_on, ends_on, currency, status
FROM grants WHERE reference = :reference"""

ATTRIBUTIONS_SQL = """
SELECT record_kind, record_id, case_id, attributed_on, ended_on
FROM grant_attributions WHERE grant_id = :grant_id"""

INDICATORS_SQL = """
SELECT indicator_code, name, measure, target
FROM grant_indicators WHERE grant_id = :grant_id ORDER BY indicator_code"""

# IndicatorMeasure (domain/funding/vocab.py) -> the measure of the vocabulary that counts it
INDICATOR_MEASURES = {
    "people_assisted": "people_assisted",
    "people_in_shelter": "people_in_shelter",
    "shelter_nights": "shelter_nights",
    "day_centre_attendances": "day_centre_attendances",
    "services_delivered": "services_delivered",
    "cases_opened": "cases_opened",
    "cases_closed": "case_closures",
    "follow_ups_done": "follow_ups_done",
    "prevention_activities": "prevention_activities",
    "prevention_people_met": "prevention_reach",
    "professionals_trained": "professionals_trained",
}


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    measure: str
    target: int


@dataclass(frozen=True)
class Interval:
    starts: date
    ends: date | None


@dataclass
class Grant:
    reference: str
    title: str
    donor: str
    starts_on: date
    ends_on: date
    indicators: list[Indicator] = field(default_factory=list)
    attributed: dict[tuple[str, str], list[Interval]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def period(self, asked: Period) -> Period:
        return asked.clipped(self.starts_on, self.ends_on)

    def covering(self, source: Source, row: Mapping[str, Any], within: Period) -> list[Period]:
        """The days of the row within `within` that an attribution to this grant covers,
        as disjoint periods (none: the row does not count for the grant). A case or stay
        counts only on the days its attribution ran, so a stay handed to another grant
        in February counts for this one until then, and its nights are those days'."""
        first = row.get("on_day") or row["started_on"]
        last = row.get("on_day") or row.get("ended_on") or within.end
        keys = {
            Source.FACTS: (
                ("case", row.get("case_id")),
                ("stay", row.get("record_id")),
                ("service", row.get("record_id")),
            ),
            Source.CASES: (("case", row.get("case_id")),),
            Source.STAYS: (("stay", row.get("record_id")), ("case", row.get("case_id"))),
            Source.REACH: (
                ("prevention_activity", row.get("activity_id")),
                ("campaign", row.get("campaign_id")),
            ),
        }[Source.REACH if source is Source.ACTIVITIES else source]
        row_days = Period(max(first, within.start), min(last, within.end))
        spans = [
            row_days.clipped(interval.starts, interval.ends or row_days.end)
            for kind, record in keys
            if record is not None
            for interval in self.attributed.get((kind, str(record)), ())
        ]
        return merged([span for span in spans if not span.empty])


def merged(spans: list[Period]) -> list[Period]:
    """Overlapping or adjacent periods joined, in order."""
    joined: list[Period] = []
    for span in sorted(spans, key=lambda s: s.start):
        if joined and span.start <= joined[-1].end + timedelta(days=1):
            joined[-1] = Period(joined[-1].start, max(joined[-1].end, span.end))
        else:
            joined.append(span)
    return joined


def load_grant(conn: Connection, reference: str) -> Grant:
    """The grant of `reference` with its indicators and attributions."""
    found = query(conn, GRANT_SQL, reference=reference)
    if not found:
        raise RecordNotFound(f"grant {reference!r}: no grant with this reference")
    row = found[0]
    grant = Grant(
        str(row["reference"]),
        str(row["title"]),
        str(row["donor_name"] or ""),
        day(row["starts_on"]),
        day(row["ends_on"]),
    )
    grant_id = str(row["grant_id"])
    for line in query(conn, INDICATORS_SQL, grant_id=grant_id):
        grant.indicators.append(
            Indicator(
                str(line["indicator_code"]),
                str(line["name"]),
                str(line["measure"]),
                int(line["target"]),
            )
        )
    for line in query(conn, ATTRIBUTIONS_SQL, grant_id=grant_id):
        ended = None if line["ended_on"] is None else day(line["ended_on"])
        interval = Interval(day(line["attributed_on"]), ended)
        grant.attributed[(str(line["record_kind"]), str(line["record_id"]))].append(interval)
    return grant
