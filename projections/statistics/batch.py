"""The rows one statistics batch touches: loaded once, changed in memory, written once;
then the touched cases' counts recounted from their facts and stays."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, select

from projections.prevention.children import ChildRows
from projections.rows import Row, RowCache
from projections.statistics.fields import Read
from projections.statistics.tables import CASES, CODES, DECISIONS, FACTS, PEOPLE, RECORDS, STAYS

MULTI = ";"  # how lists of values are joined, as in the HTCDS export

SERVICE_PLANNED, SERVICE_DELIVERED = "service_planned", "service_delivered"
DAY_CENTRE_ATTENDED = "day_centre_attended"
SHELTER, DAY_CENTRE = "shelter", "day_centre"
_SERVICES = frozenset({"CarePlan.ServicePlanned", "CarePlan.ServiceDelivered"})  # by number


class StatRows:
    """The statistics rows of one batch."""

    def __init__(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Read]) -> None:
        self.conn = conn
        self.tables = tables
        self.people = RowCache(conn, tables[PEOPLE], ("person_id",))
        self.cases = RowCache(conn, tables[CASES], ("case_id",))
        self.facts = RowCache(conn, tables[FACTS], ("fact_id",))
        self.stays = RowCache(conn, tables[STAYS], ("stay_id",))
        self.records = RowCache(conn, tables[RECORDS], ("record_id",))
        self.decisions = ChildRows(conn, tables[DECISIONS], "person_id")
        self.codes = ChildRows(conn, tables[CODES], "person_id")
        self.touched_cases: set[str] = set()
        self._prefetch(batch)

    def _prefetch(self, batch: Sequence[Read]) -> None:
        of_type = defaultdict[str, set[str]](set)
        for event in batch:
            of_type[event.event_type.split(".")[0]].add(event.record_id)
            for name in ("case_id", "enrolment_id", "beneficiary_id"):
                if name in event.fields:
                    of_type[name].add(str(event.fields[name]))
        self.people.prefetch(_keys(of_type["Beneficiary"] | of_type["beneficiary_id"]))
        self.cases.prefetch(_keys(of_type["Case"] | of_type["case_id"]))
        self.stays.prefetch(
            _keys(of_type["ShelterStay"] | of_type["DayCentreEnrolment"] | of_type["enrolment_id"])
        )
        kinds = ("CarePlan", "ReintegrationPlan", "CriminalProceedings", "ReturnProcess")
        services = {f"{e.record_id}:{e['number']}" for e in batch if e.event_type in _SERVICES}
        self.records.prefetch(_keys(services.union(*(of_type[kind] for kind in kinds))))
        self.decisions.prefetch(of_type["Beneficiary"])
        self.codes.prefetch(of_type["Beneficiary"])

    # ------------------------------------------------------------- lookups

    def person(self, person_id: str, event: Read) -> Row:
        return _found(self.people, person_id, event, "beneficiary", "registered")

    def case(self, case_id: str, event: Read) -> Row:
        return _found(self.cases, case_id, event, "case", "opened")

    def stay(self, stay_id: str, event: Read) -> Row:
        return _found(self.stays, stay_id, event, "stay or enrolment", "started")

    def record(self, record_id: str, event: Read) -> Row:
        return _found(self.records, record_id, event, "record", "created")

    # ------------------------------------------------------------- changes

    def save_case(self, case: Row) -> None:
        self.cases.put((case["case_id"],), case)
        self.touched_cases.add(case["case_id"])

    def save_person(self, person: Row) -> None:
        self.people.put((person["person_id"],), person)

    def keep_record(self, record_id: str, kind: str, case: Row, detail: str | None = None) -> None:
        row = {
            "record_id": record_id,
            "kind": kind,
            "case_id": case["case_id"],
            "person_id": case["person_id"],
            "detail": detail,
            "on_day": None,
        }
        self.records.put((record_id,), row)

    def fact(  # noqa: PLR0917 -- one column each
        self,
        fact_id: str,
        owner: Row,
        fact: str,
        on_day: date,
        detail: str | None = None,
        record_id: str | None = None,
    ) -> None:
        """Record (or replace) the fact `fact_id` of `owner`: a case, a stay or a record
        (each has a person and a case), or a person (no case)."""
        row = {
            "fact_id": fact_id,
            "person_id": owner["person_id"],
            "case_id": owner.get("case_id"),
            "fact": fact,
            "on_day": on_day,
            "detail": detail,
            "record_id": record_id,
        }
        self.facts.put((fact_id,), row)
        if row["case_id"] is not None:
            self.touched_cases.add(row["case_id"])

    def forget_fact(self, fact_id: str, case_id: str | None) -> None:
        self.facts.delete((fact_id,))
        if case_id is not None:
            self.touched_cases.add(case_id)

    # ------------------------------------------------------------- the end

    def flush(self) -> None:
        for cache in (self.facts, self.stays, self.records, self.decisions, self.codes):
            cache.flush()
        self._recount_cases()
        self.cases.flush()
        self.people.flush()

    def _recount_cases(self) -> None:
        """Each touched case's services, stays and day-centre days, from the tables."""
        touched = sorted(self.touched_cases)
        for start in range(0, len(touched), 500):
            chunk = touched[start : start + 500]
            counts = _counts(self.conn, self.tables, chunk)
            for case_id in chunk:
                case = self.cases.get((case_id,))
                if case is not None:
                    self.cases.put((case_id,), {**case, **counts[case_id]})
        self.touched_cases.clear()


def _counts(conn: Connection, tables: dict[str, Table], cases: list[str]) -> dict[str, Row]:
    facts, stays = tables[FACTS], tables[STAYS]
    kinds = (SERVICE_PLANNED, SERVICE_DELIVERED, DAY_CENTRE_ATTENDED)
    planned: dict[str, int] = defaultdict(int)
    delivered: dict[str, list[str]] = defaultdict(list)
    days: dict[str, set[date]] = defaultdict(set)
    query = select(facts.c.case_id, facts.c.fact, facts.c.detail, facts.c.on_day).where(
        facts.c.case_id.in_(cases), facts.c.fact.in_(kinds)
    )
    for case_id, fact, detail, on_day in conn.execute(query):
        if fact == SERVICE_PLANNED:
            planned[case_id] += 1
        elif fact == SERVICE_DELIVERED:
            delivered[case_id].append(detail)
        else:
            days[case_id].add(on_day)
    in_shelter: dict[str, int] = defaultdict(int)
    shelter = select(stays.c.case_id).where(stays.c.case_id.in_(cases), stays.c.kind == SHELTER)
    for (case_id,) in conn.execute(shelter):
        in_shelter[case_id] += 1
    return {
        case_id: {
            "services_planned": planned[case_id],
            "services_delivered": len(delivered[case_id]),
            "service_types_delivered": joined(delivered[case_id]),
            "stays": in_shelter[case_id],
            "day_centre_days": len(days[case_id]),
        }
        for case_id in cases
    }


def joined(values: Iterable[Any]) -> str | None:
    """Distinct values, sorted, joined with ';'; None when there are none."""
    distinct = sorted({str(value) for value in values if value is not None})
    return MULTI.join(distinct) or None


def value_of(value: Any) -> str | None:
    """A vocabulary value (an enum member or its string) as text; None stays None."""
    if value is None:
        return None
    return str(getattr(value, "value", value))


def _keys(ids: Iterable[str]) -> list[tuple[str]]:
    return [(i,) for i in ids]


def _found(cache: RowCache, key: str, event: Read, noun: str, never: str) -> Row:
    row = cache.get((key,))
    if row is None:
        msg = f"{event.event_type} of {noun} {key} that was never {never}"
        raise LookupError(msg)
    return row
