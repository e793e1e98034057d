"""How each Beneficiary event the statistics read changes a person's row: the profile at
registration, where they come from, exploitation and recruitment, identification,
reporting consent and erasure. Only the fields projections/statistics/fields.py declares."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from domain.checks.person import age_band_for
from domain.children import ADULT_AGE
from domain.vocab import ConsentKind, IdentificationKind, TraffickingStatus
from projections.rows import Row
from projections.statistics.batch import MULTI, StatRows, joined, value_of
from projections.statistics.fields import Read
from projections.statistics.groups import citizenship_group, district_of

PRESUMED, FORMAL = "presumed_identified", "formally_identified"
EXPLOITATION, RECRUITMENT = "exploitation_type", "recruitment_method"
PROFILE_SOURCE = 0  # a person's exploitation profile; an episode is its number


def registered(rows: StatRows, event: Read) -> None:
    age: int = event["age_at_identification"]
    citizenships = [str(code) for code in event["citizenships"]]
    row = {
        "person_id": event.record_id,
        "registered_on": event.day,
        "sex": value_of(event["gender"]),
        "age_at_identification": age,
        "age_band_at_identification": age_band_for(age).value,
        "minor_at_identification": int(age < ADULT_AGE),
        "citizenship": citizenships[0] if citizenships else None,
        "citizenships": MULTI.join(citizenships) or None,
        "citizenship_group": citizenship_group(citizenships).value,
        "international": int("XK" not in citizenships),
        "trafficking_scope": value_of(event["scope"]),
        "municipality_of_origin": None,
        "origin_region": None,
        "exploitation_types": None,
        "primary_exploitation": None,
        "recruitment_methods": None,
        "identification_status": None,
        "identification_body": None,
        "presumed_on": None,
        "formally_identified_on": None,
        "reporting_consent": 0,
        "erased": 0,
        "erased_on": None,
        "re_trafficked": 0,
        "cases": 0,
        "position": event.position,
    }
    rows.save_person(row)


def _background(_rows: StatRows, person: Row, event: Read) -> None:
    origin = event["background.origin_municipality"]
    person.update(municipality_of_origin=origin, origin_region=district_of(origin))


# ----------------------------------------------------- exploitation and recruitment


def _profile(rows: StatRows, person: Row, event: Read) -> None:
    lines = _code_lines(
        PROFILE_SOURCE, event["profile.types"], event["profile.recruitment_methods"]
    )
    _replace_codes(rows, person, PROFILE_SOURCE, lines)


def _episode(rows: StatRows, person: Row, event: Read) -> None:
    number = int(event["number"])
    types, methods = event["episode.exploitation_types"], event["episode.recruitment_methods"]
    _replace_codes(rows, person, number, _code_lines(number, types, methods))


def _episode_withdrawn(rows: StatRows, person: Row, event: Read) -> None:
    _replace_codes(rows, person, int(event["number"]), [])


def _code_lines(source: int, types: Iterable[Any], methods: Iterable[Any]) -> list[Row]:
    found = ((EXPLOITATION, types), (RECRUITMENT, methods))
    return [
        {"source": source, "kind": kind, "line": line, "value": value_of(value)}
        for kind, values in found
        for line, value in enumerate(values or ())
    ]


def _replace_codes(rows: StatRows, person: Row, source: int, lines: list[Row]) -> None:
    """The person's codes with those of `source` replaced; their lists derived again."""
    person_id = person["person_id"]
    kept = [row for row in rows.codes.of(person_id) if row["source"] != source]
    codes = sorted(
        [*kept, *({**line, "person_id": person_id} for line in lines)],
        key=lambda row: (row["source"], row["kind"], row["line"]),
    )
    rows.codes.replace(person_id, codes)
    exploitation = [row["value"] for row in codes if row["kind"] == EXPLOITATION]
    person["exploitation_types"] = joined(exploitation)
    person["primary_exploitation"] = exploitation[0] if exploitation else None
    person["recruitment_methods"] = joined(r["value"] for r in codes if r["kind"] == RECRUITMENT)


# ----------------------------------------------------------------- identification


def _status_decided(rows: StatRows, person: Row, event: Read) -> None:
    """A decision stored before identification kinds: formal, numbered after the others."""
    number = len(rows.decisions.of(person["person_id"])) + 1
    _decided(rows, person, event, number, IdentificationKind.FORMAL.value)


def _identification(rows: StatRows, person: Row, event: Read) -> None:
    _decided(rows, person, event, int(event["number"]), value_of(event["kind"]))


def _revision(rows: StatRows, person: Row, event: Read) -> None:
    decisions = rows.decisions.of(person["person_id"])
    for decision in decisions:
        if decision["number"] == int(event["revises"]):
            decision["revised_by"] = int(event["number"])
    rows.decisions.replace(person["person_id"], decisions)
    _identification(rows, person, event)


def _decided(rows: StatRows, person: Row, event: Read, number: int, kind: str | None) -> None:
    decision = {
        "person_id": person["person_id"],
        "number": number,
        "kind": kind,
        "status": value_of(event["status"]),
        "deciding_body": value_of(event["deciding_body"]),
        "decided_on": event["decided_on"],
        "revised_by": None,
    }
    decisions = [*rows.decisions.of(person["person_id"]), decision]
    rows.decisions.replace(person["person_id"], decisions)
    _identified(rows, person, decisions)


def _identified(rows: StatRows, person: Row, decisions: list[Row]) -> None:
    """The status in force (the latest formal decision in force, else the latest
    preliminary one, as domain/parts/identification_values.py decides), and the days the
    person was first presumed a victim and formally identified, with their facts."""
    in_force = [d for d in decisions if d["revised_by"] is None]
    formal = [d for d in in_force if d["kind"] == IdentificationKind.FORMAL]
    current = max(formal or in_force, key=_latest, default=None)
    person["identification_status"] = None if current is None else current["status"]
    person["identification_body"] = None if current is None else current["deciding_body"]
    presumed = [
        d
        for d in in_force
        if d["kind"] == IdentificationKind.PRELIMINARY
        and d["status"] != TraffickingStatus.NOT_A_VICTIM
    ]
    first = min(presumed, key=_latest, default=None)
    formally = formal and current is not None and current["status"] == TraffickingStatus.ACTUAL
    identified = current if formally else None
    _person_fact(rows, person, PRESUMED, first)
    _person_fact(rows, person, FORMAL, identified)
    person["presumed_on"] = None if first is None else first["decided_on"]
    person["formally_identified_on"] = None if identified is None else identified["decided_on"]


def _latest(decision: Row) -> tuple[date, int]:
    return decision["decided_on"], decision["number"]


def _person_fact(rows: StatRows, person: Row, fact: str, decision: Row | None) -> None:
    """One fact per person and kind, on the deciding day; none without a decision."""
    fact_id = f"{person['person_id']}:{fact}"
    if decision is None:
        rows.forget_fact(fact_id, None)
        return
    record = f"{person['person_id']}:decision:{decision['number']}"
    rows.fact(fact_id, person, fact, decision["decided_on"], decision["deciding_body"], record)


# ----------------------------------------------------------- consent and erasure


def _consent(given: int) -> Callable[[StatRows, Row, Read], None]:
    def change(_rows: StatRows, person: Row, event: Read) -> None:
        if value_of(event["kind"]) == ConsentKind.ANONYMISED_REPORTING:
            person["reporting_consent"] = given

    return change


def _erased(_rows: StatRows, person: Row, event: Read) -> None:
    person.update(erased=1, erased_on=event.day)


HANDLERS: dict[str, Callable[[StatRows, Row, Read], None]] = {
    "Beneficiary.BackgroundRecorded": _background,
    "Beneficiary.ExploitationProfileRecorded": _profile,
    "Beneficiary.TraffickingEpisodeRecorded": _episode,
    "Beneficiary.TraffickingEpisodeRevised": _episode,
    "Beneficiary.TraffickingEpisodeWithdrawn": _episode_withdrawn,
    "Beneficiary.TraffickingStatusDecided": _status_decided,
    "Beneficiary.IdentificationRecorded": _identification,
    "Beneficiary.IdentificationRevised": _revision,
    "Beneficiary.ConsentGiven": _consent(1),
    "Beneficiary.ConsentWithdrawn": _consent(0),
    "Beneficiary.PersonalDataErased": _erased,
}


def apply_person(rows: StatRows, event: Read) -> None:
    if event.event_type == "Beneficiary.Registered":
        registered(rows, event)
        return
    person = rows.person(event.record_id, event)
    HANDLERS[event.event_type](rows, person, event)
    rows.save_person({**person, "position": event.position})
