"""Identification decisions: given events -> when command -> then events, or the refusal.

Preliminary and formal decisions are kept in full; revisions name what they revise; the
status is derived (docs/domain.md, Identification and screening)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.beneficiary import Beneficiary
from domain.errors import DateInFuture, DateTooEarly, InvalidInput, RuleViolated
from domain.parts.identification_values import Decided
from domain.vocab import (
    DecidingBody,
    ErasureBasis,
    IdentificationKind,
    RevisionGrounds,
    TraffickingStatus,
)
from tests.unit.dsl import at, given, history, then, when
from tests.unit.test_beneficiary import Command, pending, register

PRELIMINARY, FORMAL = IdentificationKind.PRELIMINARY, IdentificationKind.FORMAL
POSSIBLE = TraffickingStatus.POSSIBLE
ACTUAL = TraffickingStatus.ACTUAL
NOT_A_VICTIM = TraffickingStatus.NOT_A_VICTIM

PVPT_SCREENING = Decided(
    PRELIMINARY,
    POSSIBLE,
    DecidingBody.NGO,
    decided_on=date(2026, 3, 1),
    official_role="Caseworker",
    indicators=("dr.job_nature", "cd.documents"),
)
POLICE_DECISION = Decided(
    FORMAL,
    ACTUAL,
    DecidingBody.POLICE,
    decided_on=date(2026, 3, 5),
    official_role="Anti-trafficking investigator",
    reference="DHT-2026/0142",
    indicators=("cd.debt", "cd.documents", "cd.debt"),
)


def record(decided: Decided, day: float = 10) -> Command:
    return lambda b: b.record_identification(decided, actor="ana", at=at(day))


def revise(
    number: int, decided: Decided, grounds: RevisionGrounds = RevisionGrounds.APPEAL
) -> Command:
    return lambda b: b.revise_identification(
        number, decided, grounds, "The appeal panel found coercion.", actor="ana", at=at(20)
    )


def person(*commands: Command) -> Beneficiary:
    return given(Beneficiary, history(register, *commands))


def refused(b: Beneficiary, command: Command, error: type[Exception]) -> Exception:
    with pytest.raises(error) as caught:
        command(b)
    assert pending(b) == []
    return caught.value


def test_a_preliminary_identification_is_recorded_numbered_with_its_indicators() -> None:
    b = person()
    then(
        when(b, record(PVPT_SCREENING)),
        (
            Beneficiary.IdentificationRecorded,
            {
                "number": 1,
                "kind": PRELIMINARY,
                "status": POSSIBLE,
                "deciding_body": DecidingBody.NGO,
                "country": "XK",
                "reference": None,
                "decided_on": date(2026, 3, 1),
                "indicators": ("dr.job_nature", "cd.documents"),
            },
        ),
    )
    assert (b.trafficking_status, b.deciding_body) == (POSSIBLE, DecidingBody.NGO)
    assert b.identifications[0].recorded_by == "ana"


def test_a_formal_decision_is_the_status_in_force_over_a_preliminary_one() -> None:
    b = person(record(PVPT_SCREENING))
    then(
        when(b, record(POLICE_DECISION)),
        (
            Beneficiary.IdentificationRecorded,
            {"number": 2, "reference": "DHT-2026/0142", "indicators": ("cd.debt", "cd.documents")},
        ),
    )
    assert (b.trafficking_status, b.deciding_body) == (ACTUAL, DecidingBody.POLICE)
    assert b.status_decided_on == date(2026, 3, 5)


def test_a_later_preliminary_decision_does_not_override_a_formal_one() -> None:
    later = Decided(PRELIMINARY, NOT_A_VICTIM, DecidingBody.NGO, decided_on=date(2026, 3, 8))
    b = person(record(POLICE_DECISION), record(later, 11))
    assert b.trafficking_status is ACTUAL
    assert len(b.identifications) == 2


def test_a_second_formal_decision_while_one_is_in_force_is_refused() -> None:
    """Review of issue 14, item 19: two formal decisions with opposite statuses are
    never both in force; the new one revises the one in force."""
    other = Decided(
        FORMAL,
        NOT_A_VICTIM,
        DecidingBody.COURT_OR_PROSECUTION,
        decided_on=date(2026, 3, 9),
        reference="PP-2026-77",
    )
    b = person(record(POLICE_DECISION))
    err = refused(b, record(other, 11), RuleViolated)
    assert isinstance(err, RuleViolated)
    assert err.rule == "formal_identification_in_force"
    then(
        when(b, revise(1, other, RevisionGrounds.NEW_INFORMATION)),
        (Beneficiary.IdentificationRevised, {"number": 2, "revises": 1}),
    )
    assert b.trafficking_status is NOT_A_VICTIM
    assert [d.in_force for d in b.identifications] == [False, True]


def test_the_old_route_is_refused_too_while_a_formal_decision_is_in_force() -> None:
    legacy = lambda b: b.decide_trafficking_status(  # noqa: E731
        ACTUAL, DecidingBody.POLICE, actor="ana", at=at(12)
    )
    err = refused(person(record(POLICE_DECISION)), legacy, RuleViolated)
    assert isinstance(err, RuleViolated)
    assert err.rule == "formal_identification_in_force"


def test_decided_abroad_by_another_mechanism() -> None:
    abroad = Decided(
        FORMAL, ACTUAL, DecidingBody.NON_POLICE_GOVERNMENTAL, country="DE", reference="BAMF-9912"
    )
    b = person(record(abroad))
    assert b.identifications[0].country == "DE"


def test_revised_on_appeal_the_revision_is_in_force_and_the_old_one_kept() -> None:
    appeal = Decided(
        FORMAL,
        ACTUAL,
        DecidingBody.COURT_OR_PROSECUTION,
        decided_on=date(2026, 3, 20),
        reference="PP-2026-101",
    )
    refusal = Decided(
        FORMAL, NOT_A_VICTIM, DecidingBody.POLICE, decided_on=date(2026, 3, 5), reference="DHT-7"
    )
    b = person(record(PVPT_SCREENING), record(refusal))
    assert b.trafficking_status is NOT_A_VICTIM
    then(
        when(b, revise(2, appeal)),
        (
            Beneficiary.IdentificationRevised,
            {"number": 3, "revises": 2, "grounds": RevisionGrounds.APPEAL, "status": ACTUAL},
        ),
    )
    assert b.trafficking_status is ACTUAL
    assert [d.revised_by for d in b.identifications] == [None, 3, None]
    assert b.identifications[2].reason == "The appeal panel found coercion."


def test_revoking_the_only_formal_decision_leaves_the_preliminary_in_force() -> None:
    wrong = Decided(FORMAL, NOT_A_VICTIM, DecidingBody.POLICE, reference="DHT-7")
    corrected = Decided(PRELIMINARY, POSSIBLE, DecidingBody.NGO)
    b = person(record(PVPT_SCREENING, 1))
    refused(b, revise(1, wrong), InvalidInput)  # a revision keeps the kind
    b = person(record(PVPT_SCREENING, 1), record(wrong, 2))
    refused(b, revise(2, corrected), InvalidInput)


def test_a_revised_decision_cannot_be_revised_again() -> None:
    b = person(record(POLICE_DECISION), revise(1, POLICE_DECISION))
    err = refused(b, revise(1, POLICE_DECISION), RuleViolated)
    assert isinstance(err, RuleViolated)
    assert err.rule == "identification_revised"
    assert "revised by decision 2" in err.message


def test_revising_a_decision_that_does_not_exist() -> None:
    err = refused(person(), revise(1, POLICE_DECISION), RuleViolated)
    assert isinstance(err, RuleViolated)
    assert err.rule == "no_such_identification"


def test_a_revision_is_not_dated_before_what_it_revises() -> None:
    early = Decided(
        FORMAL, ACTUAL, DecidingBody.POLICE, decided_on=date(2026, 3, 4), reference="DHT-1"
    )
    refused(person(record(POLICE_DECISION)), revise(1, early), DateTooEarly)


@pytest.mark.parametrize(
    ("decided", "field"),
    [
        (Decided(FORMAL, POSSIBLE, DecidingBody.POLICE, reference="DHT-1"), "status"),
        (Decided(PRELIMINARY, ACTUAL, DecidingBody.NGO), "status"),
        (Decided(FORMAL, ACTUAL, DecidingBody.NGO, reference="DHT-1"), "deciding_body"),
        (
            Decided(FORMAL, ACTUAL, DecidingBody.INTERNATIONAL_ORGANISATION, reference="DHT-1"),
            "deciding_body",
        ),
        (Decided(FORMAL, ACTUAL, DecidingBody.POLICE), "reference"),
        (Decided(FORMAL, ACTUAL, DecidingBody.POLICE, reference="Arta's file"), "reference"),
        (Decided(FORMAL, ACTUAL, DecidingBody.POLICE, reference="DHT-NEW"), "reference"),
        (Decided(PRELIMINARY, POSSIBLE, DecidingBody.NGO, country="Kosovo"), "country"),
        (
            Decided(PRELIMINARY, POSSIBLE, DecidingBody.NGO, official_role="Officer 12"),
            "official_role",
        ),
        (Decided(PRELIMINARY, POSSIBLE, DecidingBody.NGO, indicators=("dr.nope",)), "indicators"),
    ],
)
def test_a_bad_decision_is_refused_naming_the_field(decided: Decided, field: str) -> None:
    err = refused(person(), record(decided), InvalidInput)
    assert isinstance(err, InvalidInput)
    assert err.field == field


def test_an_unknown_indicator_is_named() -> None:
    decided = Decided(PRELIMINARY, POSSIBLE, DecidingBody.NGO, indicators=("cd.debt", "xx.y"))
    err = refused(person(), record(decided), InvalidInput)
    assert "'xx.y'" in str(err)
    assert "'cd.debt'" not in str(err)


def test_a_decision_in_the_future_is_refused() -> None:
    future = Decided(PRELIMINARY, POSSIBLE, DecidingBody.NGO, decided_on=date(2027, 1, 1))
    refused(person(), record(future), DateInFuture)


def test_nothing_is_recorded_after_erasure() -> None:
    b = person(lambda b: b.erase(ErasureBasis.OBJECTION, "DPO-1", actor="ana", at=at(2)))
    err = refused(b, record(PVPT_SCREENING), RuleViolated)
    assert isinstance(err, RuleViolated)
    assert err.rule == "personal_data_erased"


def test_stored_status_decisions_count_as_formal_decisions_in_the_numbering() -> None:
    legacy = lambda b: b.decide_trafficking_status(  # noqa: E731
        NOT_A_VICTIM, DecidingBody.POLICE, actor="ana", at=at(3)
    )
    b = person(legacy, record(PVPT_SCREENING))
    first = b.identifications[0]
    assert (first.number, first.kind, first.country, first.reference) == (1, FORMAL, "XK", None)
    assert b.identifications[1].number == 2
    assert b.trafficking_status is NOT_A_VICTIM  # the formal one stays in force
    then(
        when(b, revise(1, POLICE_DECISION, RevisionGrounds.NEW_INFORMATION)),
        (Beneficiary.IdentificationRevised, {"number": 3, "revises": 1}),
    )
    assert b.trafficking_status is ACTUAL
