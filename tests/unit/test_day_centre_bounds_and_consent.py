"""Day centre (review of issue 14, items 2, 3 and 12): a session's title is free text
kept out of its label, its places and day are bounded, the capacity model's monthly
recount is bounded, and enrolment and attendance need the services consent.

Given events -> when command -> then events, or the named refusal (which records nothing).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import MetaData, func, insert, select

from domain import classification
from domain.day_centre import DayCentreEnrolment
from domain.day_centre_session import MAX_DAYS_AHEAD, MAX_PLACES, DayCentreSession
from domain.errors import ConsentRequired, DateOutsideWindow, InvalidInput, RuleViolated
from domain.vocab import AttendanceStatus, DayCentreActivity
from projections.capacity.day_centre import MAX_MONTHS, TABLES, months_before, recount_months
from tests.support.projecting import memory_engine
from tests.unit.dsl import at, given
from tests.unit.test_day_centre import (
    CASE_NUMBER,
    REFERRAL,
    WORKER,
    case,
    centre,
    enrol,
    pending,
    refuse,
    session,
)

TITLE = "Counselling with Teuta Provo"  # what staff may write: a participant's name


def scheduled(places: int = 2, held_on: date = date(2026, 3, 5)) -> DayCentreSession:
    made = DayCentreSession.schedule(
        centre(),
        held_on,
        DayCentreActivity.PSYCHOSOCIAL_GROUP,
        title=TITLE,
        facilitator="drita.berisha",
        places=places,
        actor="drita.berisha",
        at=at(1),
    )
    return given(DayCentreSession, pending(made))


# ------------------------------------------------------------------- item 2: the title


def test_a_session_title_is_free_text_that_erasure_cannot_reach() -> None:
    """Staff type the title (an individual session may be titled after its participant):
    sealed with the session's key and withheld like every free text."""
    assert classification.EVENTS[DayCentreSession.Scheduled]["title"].identifying
    assert classification.STATES[DayCentreSession]["title"].identifying


def test_a_refusal_names_the_session_by_its_activity_and_day_not_its_title() -> None:
    s = scheduled()
    s.cancel(actor=WORKER, at=at(2))
    pending(s)
    with pytest.raises(RuleViolated) as raised:
        s.cancel(actor=WORKER, at=at(3))
    assert "Teuta" not in str(raised.value)
    assert s.label == "psychosocial_group session of 2026-03-05"


# ------------------------------------------------------------ item 3: places and day


@pytest.mark.parametrize("places", [MAX_PLACES + 1, 2**63 - 1])
def test_a_session_takes_a_bounded_number_of_places(places: int) -> None:
    with pytest.raises(InvalidInput) as raised:
        session(places)
    assert raised.value.field == "places"
    assert session(MAX_PLACES).places == MAX_PLACES


@pytest.mark.parametrize(
    "held_on",
    [
        date(1, 1, 1),
        date(2026, 2, 28),  # the day before the centre's registration
        at(1).date() + timedelta(days=MAX_DAYS_AHEAD + 1),
        date(9999, 12, 31),
    ],
)
def test_a_session_is_held_on_a_plausible_day(held_on: date) -> None:
    with pytest.raises(DateOutsideWindow) as raised:
        session(held_on=held_on)
    assert raised.value.field == "held_on"


def test_a_session_may_be_held_from_the_registration_to_a_year_ahead() -> None:
    assert session(held_on=date(2026, 3, 1)).held_on == date(2026, 3, 1)
    latest = at(1).date() + timedelta(days=MAX_DAYS_AHEAD)
    assert session(held_on=latest).held_on == latest


def test_months_before_counts_back_and_stops_at_year_one() -> None:
    assert months_before("2026-03", 2) == "2026-01"
    assert months_before("2026-01", 1) == "2025-12"
    assert months_before("0001-03", 5) == "0001-01"


def test_the_monthly_recount_is_bounded_whatever_the_rows_hold() -> None:
    """Rows stored before the bounds (a session of 0001-01-01): the recount writes the
    latest MAX_MONTHS months only."""
    engine, metadata = memory_engine(), MetaData()
    tables = {name: define(metadata, 1) for name, define in TABLES.items()}
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(tables["day_centre_sessions"]), [old_session(date(1, 1, 1))])
        recount_months(conn, tables, "centre", date(2026, 3, 5))
        monthly = tables["day_centre_enrolment_monthly"]
        count = conn.execute(select(func.count()).select_from(monthly)).scalar()
        latest = conn.execute(select(func.max(monthly.c.month))).scalar()
    assert (count, latest) == (MAX_MONTHS, "2026-03")


def old_session(held_on: date) -> dict[str, object]:
    return {
        "session_id": "s1",
        "facility_id": "centre",
        "facility_name": "Day Centre Prishtina",
        "held_on": held_on,
        "month": held_on.isoformat()[:7],
        "activity": "education",
        "places": 3,
        "participants": 0,
        "attended": 0,
        "absent": 0,
        "excused": 0,
        "places_free": 3,
        "fill_rate": 0.0,
        "attendance_rate": None,
        "cancelled": 0,
        "updated_at": at(1),
        "position": 1,
    }


# ------------------------------------------------------- item 12: services consent


@pytest.mark.parametrize("consent_given_on", [None, date(2026, 3, 4)])
def test_enrolment_needs_the_services_consent_in_force_on_its_first_day(
    consent_given_on: date | None,
) -> None:
    with pytest.raises(ConsentRequired) as raised:
        DayCentreEnrolment.enrol(
            case().id,
            CASE_NUMBER,
            centre(),
            "Vocational training.",
            started_on=date(2026, 3, 3),
            referred_on=REFERRAL.referred_on,
            consent_given_on=consent_given_on,
            actor=WORKER,
            at=at(3),
        )
    assert raised.value.rule == "consent_required"


def test_attendance_needs_the_services_consent_in_force() -> None:
    s, enrolment = session(), enrol()
    refuse(
        ConsentRequired,
        lambda: s.record_attendance(
            enrolment, AttendanceStatus.ATTENDED, consent_given_on=None, actor=WORKER, at=at(4)
        ),
        s,
        rule="consent_required",
    )
