"""Field dates: the day something happened, as stated, apart from when it was recorded.

Given events -> when a command with (or without) a stated day -> then the event keeps
that day and its own timestamp; a day in the future or before what it depends on is
refused; events stored before field dates load with the day they were recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import msgspec
import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from adapters.store.codec import MsgspecMapper
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.case_values import IncomingReferral
from domain.checks import field_dates
from domain.errors import DateInFuture, DateTooEarly, DomainError
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    DecidingBody,
    IncomingReferralReason,
    OrganisationType,
    RiskLevel,
    ScreeningOutcome,
    Stage,
    TraffickingStatus,
)
from tests.support.keys import keyed_mapper
from tests.unit.dsl import at, given, history, then, when
from tests.unit.test_beneficiary import register

REFERRED_ON = date(2026, 2, 20)
REFERRAL = IncomingReferral(
    "Kosovo Police", OrganisationType.LAW_ENFORCEMENT, REFERRED_ON, IncomingReferralReason.OTHER
)
WORKER = "arta.krasniqi"
OUT = ScreeningOutcome.DECLINED
NEAR_MIDNIGHT = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)  # 10 March in Prishtina


def opened() -> Case:
    return Case.open(
        "PVPT-C-2026-0007",
        UUID(int=7),
        "PVPT-2026-0007",
        REFERRAL,
        actor=WORKER,
        at=at(),
    )


def refused(command: Callable[[], object], error: type[DomainError], field: str) -> DomainError:
    with pytest.raises(error) as caught:
        command()
    assert type(caught.value) is error
    assert getattr(caught.value, "field", None) == field
    return caught.value


# ------------------------------------------------------------------ the rules


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 2), 3, date(2026, 6, 2)),
        (date(2026, 3, 2), -1, date(2026, 2, 2)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 3, 31), 13, date(2027, 4, 30)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_month_end(
    day: date, months: int, expected: date
) -> None:
    assert field_dates.add_months(day, months) == expected


def test_a_day_left_out_is_today_and_a_stated_one_is_kept() -> None:
    assert field_dates.stated("on", None, at(3)) == at(3).date()
    assert field_dates.stated("on", date(2025, 1, 1), at(3)) == date(2025, 1, 1)


def test_a_day_in_the_future_or_before_what_it_depends_on_is_refused() -> None:
    future = refused(lambda: field_dates.stated("on", at(4).date(), at(3)), DateInFuture, "on")
    assert (future.rule, at(4).date().isoformat() in future.message) == ("date_in_future", True)
    early = refused(
        lambda: field_dates.stated(
            "on", date(2026, 1, 1), at(3), not_before=REFERRED_ON, depends_on="the referral"
        ),
        DateTooEarly,
        "on",
    )
    assert early.message == "on: 2026-01-01 is before the referral on 2026-02-20"


# ------------------------------------------------------------- risk assessment


def test_a_risk_assessment_keeps_its_stated_day_and_its_recording_time() -> None:
    case = given(Case, history(opened))
    events = when(
        case, lambda c: c.assess_risk(RiskLevel.LOW, None, REFERRED_ON, actor=WORKER, at=at(30))
    )
    then(events, (Case.RiskAssessed, {"assessed_on": REFERRED_ON, "timestamp": at(30)}))


def test_a_risk_assessment_before_the_referral_or_in_the_future_is_refused() -> None:
    case = given(Case, history(opened))
    early = date(2026, 2, 19)
    refused(
        lambda: case.assess_risk(RiskLevel.LOW, None, early, actor=WORKER, at=at(3)),
        DateTooEarly,
        "assessed_on",
    )
    refused(
        lambda: case.assess_risk(RiskLevel.LOW, None, at(4).date(), actor=WORKER, at=at(3)),
        DateInFuture,
        "assessed_on",
    )
    assert not case.collect_events()


# ------------------------------------------------------------------- screening


def in_screening() -> Case:
    case = opened()
    case.assign_caseworker(WORKER, actor=WORKER, at=at())
    case.assess_risk(RiskLevel.LOW, actor=WORKER, at=at())
    case.start_screening(actor=WORKER, at=at())
    return given(Case, list(case.collect_events()))  # type: ignore[arg-type]


def test_screening_in_on_a_stated_day_is_recorded_that_day_with_no_period() -> None:
    case = in_screening()
    events = when(case, lambda c: c.screen_in(date(2026, 2, 25), actor=WORKER, at=at(20)))
    expected = {"screened_on": date(2026, 2, 25), "reflection_ends_on": None}
    then(events, (Case.ScreenedIn, expected))


def test_screening_out_before_the_referral_or_in_the_future_is_refused() -> None:
    case = in_screening()
    early, future = date(2026, 2, 19), at(1).date()
    refused(
        lambda: case.screen_out(
            OUT, "no", screened_on=early, no_referral_reason="declined", actor=WORKER, at=at()
        ),
        DateTooEarly,
        "screened_on",
    )
    refused(
        lambda: case.screen_out(
            OUT, "no", screened_on=future, no_referral_reason="declined", actor=WORKER, at=at()
        ),
        DateInFuture,
        "screened_on",
    )
    then(
        when(
            case,
            lambda c: c.screen_out(
                OUT,
                "no",
                screened_on=REFERRED_ON,
                no_referral_reason="declined",
                actor=WORKER,
                at=at(),
            ),
        ),
        (Case.ScreenedOut, {"screened_on": REFERRED_ON}),
    )


# ------------------------------------------------------ identification, consents


def test_a_status_decision_keeps_its_stated_day() -> None:
    person = given(Beneficiary, history(register))
    decided = date(2026, 1, 15)
    events = when(
        person,
        lambda b: b.decide_trafficking_status(
            TraffickingStatus.ACTUAL, DecidingBody.POLICE, decided, actor=WORKER, at=at(9)
        ),
    )
    then(events, (Beneficiary.TraffickingStatusDecided, {"decided_on": decided}))
    assert person.status_decided_on == decided


def test_a_status_decision_in_the_future_is_refused() -> None:
    person = given(Beneficiary, history(register))
    refused(
        lambda: person.decide_trafficking_status(
            TraffickingStatus.ACTUAL, DecidingBody.POLICE, at(1).date(), actor=WORKER, at=at()
        ),
        DateInFuture,
        "decided_on",
    )


def give(day: date | None, moment: datetime) -> Callable[[Beneficiary], object]:
    return lambda b: b.give_consent(
        ConsentKind.SERVICES, ConsentGiver.BENEFICIARY, None, day, actor=WORKER, at=moment
    )


def withdraw(day: date | None, moment: datetime) -> Callable[[Beneficiary], object]:
    return lambda b: b.withdraw_consent(ConsentKind.SERVICES, None, day, actor=WORKER, at=moment)


def test_consent_given_and_withdrawn_on_stated_days() -> None:
    person = given(Beneficiary, history(register))
    then(when(person, give(date(2026, 2, 1), at(5))), (Beneficiary.ConsentGiven, {}))
    assert person.consents["services"].given_on == date(2026, 2, 1)
    events = when(person, withdraw(date(2026, 2, 10), at(6)))
    then(events, (Beneficiary.ConsentWithdrawn, {"withdrawn_on": date(2026, 2, 10)}))


def test_consent_withdrawn_before_it_was_given_is_refused() -> None:
    person = given(Beneficiary, history(register, give(date(2026, 2, 1), at(5))))
    error = refused(
        lambda: withdraw(date(2026, 1, 31), at(6))(person), DateTooEarly, "withdrawn_on"
    )
    assert "2026-02-01" in error.message
    refused(
        lambda: give(at(1).date(), at())(given(Beneficiary, history(register))),
        DateInFuture,
        "given_on",
    )


# ------------------------------------------------- events stored before field dates


def stored_as_v1(mapper: MsgspecMapper, event: Aggregate.Event, field: str) -> StoredEvent:
    """`event` as it was stored before `field` existed, with its timestamp near midnight."""
    stored = mapper.to_stored_event(event)
    state: dict[str, Any] = msgspec.json.decode(stored.state)
    del state[field]
    del state["class_version"]
    state["timestamp"] = NEAR_MIDNIGHT.isoformat()
    payload = msgspec.json.encode(state)
    return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, payload)


def old_events() -> list[tuple[Aggregate.Event, str]]:
    case = in_screening()
    case.assess_risk(RiskLevel.MEDIUM, None, actor=WORKER, at=at(1))
    case.screen_out(OUT, "no indicators", no_referral_reason="declined", actor=WORKER, at=at(1))
    person = register()
    give(None, at(1))(person)
    withdraw(None, at(2))(person)
    person.decide_trafficking_status(
        TraffickingStatus.ACTUAL, DecidingBody.NGO, actor=WORKER, at=at(3)
    )
    fields: dict[type[Any], str] = {
        Case.RiskAssessed: "assessed_on",
        Case.ScreenedOut: "screened_on",
        Beneficiary.ConsentGiven: "given_on",
        Beneficiary.ConsentWithdrawn: "withdrawn_on",
        Beneficiary.TraffickingStatusDecided: "decided_on",
    }
    events: list[Aggregate.Event] = [*case.collect_events(), *person.collect_events()]  # type: ignore[list-item]
    return [(event, fields[type(event)]) for event in events if type(event) in fields]


def test_events_of_the_old_shape_load_with_the_kosovo_day_they_were_recorded() -> None:
    mapper = keyed_mapper()
    loaded = [
        (mapper.to_domain_event(stored_as_v1(mapper, event, field)), field)
        for event, field in old_events()
    ]
    assert len(loaded) == 5
    for event, field in loaded:
        assert getattr(event, field) == date(2026, 3, 10), type(event).__qualname__


def stored_screening_in(version: int) -> StoredEvent:
    """A ScreenedIn as stored before v3: v1 without `screened_on`, v2 with it; both
    with the end of the 90-day period screening-in started then."""
    case = in_screening()
    case.screen_in(actor=WORKER, at=at(2))
    (event,) = case.collect_events()
    stored = keyed_mapper().to_stored_event(event)
    state: dict[str, Any] = msgspec.json.decode(stored.state)
    state["reflection_ends_on"] = "2026-06-02"
    state["class_version"] = version
    if version == 1:
        del state["screened_on"], state["class_version"]
    payload = msgspec.json.encode(state)
    return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, payload)


def test_a_screening_in_of_the_old_shape_was_on_the_day_its_reflection_period_began() -> None:
    loaded = keyed_mapper().to_domain_event(stored_screening_in(1))
    assert (loaded.screened_on, loaded.reflection_ends_on) == (at(2).date(), date(2026, 6, 2))


def test_a_screening_in_of_v2_keeps_its_period_and_its_stage() -> None:
    loaded = keyed_mapper().to_domain_event(stored_screening_in(2))
    assert (loaded.screened_on, loaded.reflection_ends_on) == (at(2).date(), date(2026, 6, 2))
    case = in_screening()
    loaded.mutate(case)
    assert case.stage is Stage.REFLECTION_PERIOD
    assert case.reflection is not None
    assert (case.reflection.started_on, case.reflection.ends_on) == (at(2).date(), date(2026, 6, 2))
