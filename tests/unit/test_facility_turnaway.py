"""Facility (issue 15): its municipality, relocation, and admissions it turned away."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar
from uuid import UUID

import pytest

from domain.errors import DateInFuture, DomainError, InvalidInput, RuleViolated
from domain.facility import Facility
from domain.facility_turnaway import AgeGroup, TurnAway, TurnAwayReason
from domain.vocab import FacilityKind, Gender, RiskLevel
from tests.unit.dsl import at, given, history, then, when

FACILITY_ID = UUID("0b6f7a1e-0000-4000-8000-00000000000b")
ISF = UUID("15f00000-0000-4000-8000-000000000001")
CASE = UUID("ca5e0000-0000-4000-8000-000000000001")
STAY = UUID("5a7e0000-0000-4000-8000-000000000001")
OPENED = date(2026, 3, 1)
TODAY = at().date()
E = TypeVar("E", bound=DomainError)


def register(
    beds: int = 1, kind: FacilityKind = FacilityKind.SHELTER, municipality: str | None = "19"
) -> Facility:
    return Facility.register(
        "Shelter B",
        kind,
        beds,
        OPENED,
        municipality=municipality,
        facility_id=FACILITY_ID,
        actor="ana",
        at=at(),
    )


def shelter(*commands: Callable[[Facility], object], beds: int = 1) -> Facility:
    return given(Facility, history(lambda: register(beds), *commands))


def full(f: Facility) -> None:
    f.occupy(STAY, actor="ana", at=at())


def turn_away(
    reason: TurnAwayReason = TurnAwayReason.NO_BED, case_risk: RiskLevel | None = None, **kw: object
) -> Callable[[Facility], None]:
    fields: dict[str, object] = {"referred_to": ISF, **kw}
    request = TurnAway(reason, **fields)  # type: ignore[arg-type]
    return lambda f: f.turn_away(request, case_risk, actor="mira", at=at(hours=2))


def refuse(error: type[E], record: Facility, command: Callable[[Facility], object]) -> E:
    with pytest.raises(error) as raised:
        command(record)
    assert type(raised.value) is error
    assert list(record.collect_events()) == []
    return raised.value


# ------------------------------------------------------------- municipality


def test_register_records_the_municipality() -> None:
    events = history(register)
    then(events, (Facility.Registered, {"municipality": "19"}))
    assert given(Facility, events).municipality == "19"


def test_register_without_a_municipality_keeps_none() -> None:
    assert given(Facility, history(lambda: register(municipality=None))).municipality is None


def test_register_refuses_an_unknown_municipality() -> None:
    with pytest.raises(InvalidInput) as raised:
        register(municipality="39")
    assert raised.value.field == "municipality"


def test_relocate_records_the_move_with_the_previous_place() -> None:
    record = shelter()
    events = when(record, lambda f: f.relocate("02", date(2026, 3, 2), actor="ana", at=at()))
    then(
        events,
        (Facility.Relocated, {"municipality": "02", "previous": "19", "moved_on": TODAY}),
    )
    assert record.municipality == "02"


def test_relocate_refuses_the_same_place_an_unknown_one_and_a_future_day() -> None:
    error = refuse(RuleViolated, shelter(), lambda f: f.relocate("19", actor="a", at=at()))
    assert error.rule == "no_change"
    unknown = refuse(InvalidInput, shelter(), lambda f: f.relocate("00", actor="a", at=at()))
    assert unknown.field == "municipality"
    later = date(2026, 3, 3)
    refuse(DateInFuture, shelter(), lambda f: f.relocate("02", later, actor="a", at=at()))


def test_an_old_snapshot_has_no_municipality() -> None:
    state: dict[str, object] = {"name": "Shelter B"}
    Facility.upcast_v1_v2(state)
    assert state["municipality"] is None


# ---------------------------------------------------------------- turn-away


def test_a_full_shelter_turns_someone_away_for_no_bed_referring_them_on() -> None:
    record = shelter(full)
    events = when(
        record,
        turn_away(gender=Gender.FEMININE, age_group=AgeGroup.CHILD, case_id=CASE),
    )
    then(
        events,
        (
            Facility.TurnedAway,
            {
                "reason": TurnAwayReason.NO_BED,
                "turned_away_on": TODAY,
                "referred_to": ISF,
                "case_id": CASE,
                "gender": Gender.FEMININE,
                "age_group": AgeGroup.CHILD,
                "note": None,
                "actor": "mira",
            },
        ),
    )
    assert record.occupancy == 1


def test_no_bed_is_refused_while_a_bed_is_free_today() -> None:
    error = refuse(RuleViolated, shelter(), turn_away())
    assert error.rule == "beds_free"


def test_no_bed_on_an_earlier_day_is_taken_as_stated() -> None:
    """The facility keeps its residents now, not each day's: an earlier day is not checked."""
    events = when(shelter(), turn_away(turned_away_on=OPENED))
    then(events, (Facility.TurnedAway, {"turned_away_on": OPENED}))


def test_no_bed_and_risk_too_high_name_where_the_person_was_referred() -> None:
    for reason in (TurnAwayReason.NO_BED, TurnAwayReason.RISK_TOO_HIGH):
        error = refuse(InvalidInput, shelter(full), turn_away(reason, referred_to=None))
        assert error.field == "referred_to"


def test_a_person_who_declines_may_be_referred_nowhere() -> None:
    events = when(shelter(), turn_away(TurnAwayReason.DECLINED_BY_PERSON, referred_to=None))
    then(events, (Facility.TurnedAway, {"reason": "declined_by_person", "referred_to": None}))


def test_risk_too_high_is_refused_for_a_case_assessed_low_or_medium() -> None:
    for risk in (RiskLevel.LOW, RiskLevel.MEDIUM):
        error = refuse(RuleViolated, shelter(), turn_away(TurnAwayReason.RISK_TOO_HIGH, risk))
        assert error.rule == "risk_not_high"


def test_risk_not_high_says_not_high_never_the_level() -> None:
    error = refuse(
        RuleViolated, shelter(), turn_away(TurnAwayReason.RISK_TOO_HIGH, RiskLevel.MEDIUM)
    )
    assert "not assessed high risk" in str(error)
    assert "medium" not in str(error)


def test_a_turn_away_tied_to_a_case_carries_no_note() -> None:
    """Sealed with the shelter's key, the note would outlive the person's erasure."""
    for reason in (TurnAwayReason.OTHER, TurnAwayReason.OUTSIDE_MANDATE):
        error = refuse(InvalidInput, shelter(), turn_away(reason, case_id=CASE, note="why"))
        assert error.field == "note"


def test_other_naming_a_case_needs_no_note() -> None:
    events = when(shelter(), turn_away(TurnAwayReason.OTHER, case_id=CASE))
    then(events, (Facility.TurnedAway, {"reason": "other", "case_id": CASE, "note": None}))


def test_risk_too_high_for_a_high_risk_case_or_no_case() -> None:
    for risk in (RiskLevel.HIGH, None):
        events = when(shelter(), turn_away(TurnAwayReason.RISK_TOO_HIGH, risk))
        then(events, (Facility.TurnedAway, {"reason": TurnAwayReason.RISK_TOO_HIGH}))


def test_other_needs_a_note_and_the_note_is_trimmed() -> None:
    error = refuse(InvalidInput, shelter(), turn_away(TurnAwayReason.OTHER, note="  "))
    assert error.field == "note"
    events = when(shelter(), turn_away(TurnAwayReason.OTHER, note=" Takes no pets. "))
    then(events, (Facility.TurnedAway, {"note": "Takes no pets."}))


def test_a_turn_away_is_not_in_the_future_nor_before_the_shelter_had_beds() -> None:
    error = refuse(DateInFuture, shelter(full), turn_away(turned_away_on=date(2026, 3, 3)))
    assert error.field == "turned_away_on"
    early = refuse(RuleViolated, shelter(), turn_away(turned_away_on=date(2026, 2, 28)))
    assert early.rule == "facility_not_open"


def test_a_day_centre_turns_no_one_away() -> None:
    centre = given(Facility, history(lambda: register(kind=FacilityKind.DAY_REHABILITATION_CENTRE)))
    error = refuse(RuleViolated, centre, turn_away(TurnAwayReason.OUTSIDE_MANDATE))
    assert error.rule == "not_a_shelter"
