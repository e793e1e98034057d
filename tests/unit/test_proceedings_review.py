"""Criminal proceedings, after review: instalments never pay more than is awarded,
recording one reference keeps the others, and a hearing is not set years ahead."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidInput, RuleViolated
from domain.justice_vocab import CompensationStatus
from domain.proceedings import CriminalProceedings
from tests.unit.dsl import then, when
from tests.unit.test_proceedings import LAWYER, NOW, P, filed, proceedings, refused, scheduled


def awarded(p: CriminalProceedings) -> None:
    p.decide_claim(1, 350_000, date(2026, 3, 28), actor=LAWYER, at=NOW)


def test_a_payment_above_the_award_is_refused() -> None:
    p = proceedings(filed, awarded)
    error = refused(p, lambda p: p.record_payment(1, 350_001, None, actor=LAWYER, at=NOW))
    assert isinstance(error, RuleViolated)
    assert error.rule == "payment_exceeds_award"


def test_instalments_add_up_to_the_award_and_no_further() -> None:
    p = proceedings(filed, awarded)
    when(p, lambda p: p.record_payment(1, 100_000, date(2026, 3, 29), actor=LAWYER, at=NOW))
    assert (p.claims[1].status, p.claims[1].paid_cents) == (CompensationStatus.AWARDED, 100_000)
    over = refused(p, lambda p: p.record_payment(1, 250_001, None, actor=LAWYER, at=NOW))
    assert over.rule == "payment_exceeds_award"
    early = refused(p, lambda p: p.record_payment(1, 1, date(2026, 3, 28), actor=LAWYER, at=NOW))
    assert isinstance(early, InvalidInput)
    assert early.field == "paid_on"
    then(
        when(p, lambda p: p.record_payment(1, 250_000, None, actor=LAWYER, at=NOW)),
        (P.CompensationPaid, {"paid_cents": 250_000}),
    )
    assert (p.claims[1].status, p.claims[1].paid_cents) == (CompensationStatus.PAID, 350_000)
    done = refused(p, lambda p: p.record_payment(1, 1, None, actor=LAWYER, at=NOW))
    assert done.rule == "claim_not_awarded"


def test_recording_one_reference_keeps_the_others() -> None:
    p = proceedings()  # opened with the police reference PD-2026/0142
    events = when(
        p, lambda p: p.record_references((None, None, "PKR 1/2026"), actor=LAWYER, at=NOW)
    )
    then(
        events,
        (
            P.ReferencesRecorded,
            {"police_reference": "PD-2026/0142", "court_reference": "PKR 1/2026"},
        ),
    )


def test_a_reference_is_cleared_only_when_named() -> None:
    p = proceedings()
    clear = frozenset({"police_reference"})
    events = when(
        p, lambda p: p.record_references((None, "PPS 1", None), clear, actor=LAWYER, at=NOW)
    )
    then(
        events, (P.ReferencesRecorded, {"police_reference": None, "prosecution_reference": "PPS 1"})
    )
    again = refused(
        p, lambda p: p.record_references((None, None, None), clear, actor=LAWYER, at=NOW)
    )
    assert again.rule == "no_change"


@pytest.mark.parametrize("clear", [frozenset({"police_reference"}), frozenset({"victim_name"})])
def test_clearing_a_reference_given_or_unknown_is_refused(clear: frozenset[str]) -> None:
    error = refused(
        proceedings(),
        lambda p: p.record_references(("PD-1", None, None), clear, actor=LAWYER, at=NOW),
    )
    assert isinstance(error, InvalidInput)
    assert error.field == "clear"


def test_a_hearing_years_ahead_is_refused_by_name() -> None:
    error = refused(proceedings(), scheduled(date(2999, 1, 1)))
    assert isinstance(error, InvalidInput)
    assert error.field == "scheduled_on"
    then(when(proceedings(), scheduled(date(2028, 12, 1))), (P.HearingScheduled, {"number": 1}))


def test_an_adjournment_years_ahead_is_refused_by_name() -> None:
    p = proceedings(scheduled())
    error = refused(p, lambda p: p.adjourn_hearing(1, date(2999, 1, 1), None, actor=LAWYER, at=NOW))
    assert isinstance(error, InvalidInput)
    assert error.field == "new_date"
