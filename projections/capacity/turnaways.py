"""Turn-aways in the capacity read model (issue 15, section 6; docs/read-models/capacity.md):
admissions each shelter refused, counted per facility, month and reason, and where the
people were referred, counted per facility, month and organisation. Counts only: no
case, no note, nothing about a person beyond the counts by gender and child/adult.

Months are the calendar months of the day staff state (`turned_away_on`), so a turn-away
written up later counts in the month it happened."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table

from domain.facility_turnaway import AgeGroup
from domain.vocab import Gender
from projections.capacity.batch import BatchRows
from projections.model import Change, physical_name
from projections.rows import Row, RowCache
from projections.time_sql import Instant

MONTHLY = "facility_turnaways_monthly"
REFERRALS = "facility_turnaway_referrals"
FEMALE = frozenset({Gender.FEMININE, Gender.TRANSGENDER_FEMININE})
MALE = frozenset({Gender.MASCULINE, Gender.TRANSGENDER_MASCULINE})
COUNTS = (
    "turn_aways",
    "referred",
    "with_case",
    "children",
    "adults",
    "age_unknown",
    "women_and_girls",
    "men_and_boys",
    "gender_other_or_unknown",
)


def monthly_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        physical_name(MONTHLY, generation),
        metadata,
        Column("facility_id", String(36), primary_key=True),
        Column("month", String(7), primary_key=True),
        Column("reason", String(32), primary_key=True),
        Column("facility_name", String(100), nullable=False),
        Column("municipality", String(2)),
        *(Column(count, Integer, nullable=False) for count in COUNTS),
        Column("updated_at", Instant(), nullable=False),
        Column("position", Integer, nullable=False),
    )


def referrals_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        physical_name(REFERRALS, generation),
        metadata,
        Column("facility_id", String(36), primary_key=True),
        Column("month", String(7), primary_key=True),
        Column("organisation_id", String(36), primary_key=True),
        Column("facility_name", String(100), nullable=False),
        Column("turn_aways", Integer, nullable=False),
        Column("updated_at", Instant(), nullable=False),
        Column("position", Integer, nullable=False),
    )


TABLES = {MONTHLY: monthly_table, REFERRALS: referrals_table}


class TurnAwayRows:
    """The monthly and referral rows a batch's turn-aways touch."""

    def __init__(self, conn: Connection, tables: dict[str, Table]) -> None:
        self.monthly = RowCache(conn, tables[MONTHLY], ("facility_id", "month", "reason"))
        self.referrals = RowCache(
            conn, tables[REFERRALS], ("facility_id", "month", "organisation_id")
        )

    def apply(self, rows: BatchRows, change: Change) -> None:
        facility = rows.facility(change.aggregate_id, change)
        fields = change.fields
        month = _month(fields["turned_away_on"])
        key = (facility["facility_id"], month, str(fields["reason"]))
        row = self.monthly.get(key) or _new_monthly(facility, key)
        for count in _counts(fields):
            row[count] += 1
        row["municipality"] = facility["municipality"]
        self.monthly.put(key, _stamped(row, change))
        if fields["referred_to"] is not None:
            self._refer(facility, month, str(fields["referred_to"]), change)

    def _refer(self, facility: Row, month: str, organisation_id: str, change: Change) -> None:
        key = (facility["facility_id"], month, organisation_id)
        row = self.referrals.get(key) or {
            "facility_id": key[0],
            "month": month,
            "organisation_id": organisation_id,
            "facility_name": facility["name"],
            "turn_aways": 0,
        }
        row["turn_aways"] += 1
        self.referrals.put(key, _stamped(row, change))

    def flush(self) -> None:
        self.monthly.flush()
        self.referrals.flush()


def _counts(fields: dict[str, object]) -> list[str]:
    """The counts one turn-away adds 1 to."""
    gender, age = Gender(str(fields["gender"])), AgeGroup(str(fields["age_group"]))
    counts = ["turn_aways", _age_count(age), _gender_count(gender)]
    if fields["referred_to"] is not None:
        counts.append("referred")
    if fields["case_id"] is not None:
        counts.append("with_case")
    return counts


def _age_count(age: AgeGroup) -> str:
    return {AgeGroup.CHILD: "children", AgeGroup.ADULT: "adults"}.get(age, "age_unknown")


def _gender_count(gender: Gender) -> str:
    if gender in FEMALE:
        return "women_and_girls"
    return "men_and_boys" if gender in MALE else "gender_other_or_unknown"


def _new_monthly(facility: Row, key: tuple[str, str, str]) -> Row:
    facility_id, month, reason = key
    row: Row = {"facility_id": facility_id, "month": month, "reason": reason}
    return {**row, "facility_name": facility["name"], **dict.fromkeys(COUNTS, 0)}


def _stamped(row: Row, change: Change) -> Row:
    return {**row, "updated_at": change.at, "position": change.position}


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
