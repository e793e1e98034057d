"""Return or transfer across a border: given events -> when a command -> then events,
or a named refusal; and the case's closure waiting for the hand-over."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.case import Case
from domain.case_values import IncomingReferral
from domain.errors import DateInFuture, DateTooEarly, DomainError, InvalidInput, RuleViolated
from domain.return_process import ReturnProcess
from domain.return_vocab import (
    ReturnCancelReason,
    ReturnDirection,
    ReturnKind,
    ReturnStatus,
    TravelDocumentKind,
    TravelDocumentStatus,
)
from domain.vocab import ApprovalSubject, ClosureReason, RiskLevel
from tests.unit.dsl import at, given, history, then, when
from tests.unit.test_case import CASE_NUMBER, HAPPY_PATH, MANAGER, REFERRAL, WORKER, case_after

REFERRED = date(2026, 3, 1)
REQUESTED = date(2026, 3, 3)
IOM = uuid4()
RECEIVER = uuid4()
OUT = (ReturnDirection.FROM_KOSOVO, ReturnKind.RETURN, "AL", None)
Command = Callable[[ReturnProcess], object]


def requested(
    destination: tuple[ReturnDirection, ReturnKind, str, str | None] = OUT,
) -> ReturnProcess:
    return ReturnProcess.request(
        uuid4(),
        "PVPT-C-2026-0007",
        uuid4(),
        destination,
        requested_on=REQUESTED,
        consent=(True, date(2026, 3, 2)),
        referred_on=REFERRED,
        actor=WORKER,
        at=at(2),
    )


def assessed(p: ReturnProcess, level: RiskLevel = RiskLevel.LOW) -> None:
    p.assess_risk(level, "family supportive", date(2026, 3, 5), actor=WORKER, at=at(4))


def documented(
    p: ReturnProcess, status: TravelDocumentStatus = TravelDocumentStatus.ISSUED
) -> None:
    p.record_document(TravelDocumentKind.PASSPORT, status, actor=WORKER, at=at(5))


def planned(p: ReturnProcess) -> None:
    p.plan(RECEIVER, date(2026, 3, 20), IOM, actor=WORKER, at=at(6))


def process(*commands: Command) -> ReturnProcess:
    return given(ReturnProcess, history(requested, *commands))


def refused(p: ReturnProcess, command: Command, rule: str) -> None:
    with pytest.raises(RuleViolated) as caught:
        command(p)
    assert caught.value.rule == rule
    assert not list(p.collect_events())


def refused_input(p: ReturnProcess, command: Command, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        command(p)
    assert caught.value.field == field


def test_a_request_records_that_it_is_voluntary_and_the_informed_consent() -> None:
    then(
        history(requested),
        (
            ReturnProcess.Requested,
            {
                "voluntary": True,
                "informed_consent_on": date(2026, 3, 2),
                "requested_on": REQUESTED,
                "destination_country": "AL",
                "destination_municipality": None,
            },
        ),
    )
    assert process().status is ReturnStatus.REQUESTED


def test_a_return_is_never_forced() -> None:
    with pytest.raises(RuleViolated) as caught:
        ReturnProcess.request(
            uuid4(),
            "PVPT-C-2026-0007",
            uuid4(),
            OUT,
            requested_on=None,
            consent=(False, None),
            referred_on=REFERRED,
            actor=WORKER,
            at=at(2),
        )
    assert caught.value.rule == "return_not_voluntary"


@pytest.mark.parametrize(
    ("destination", "field"),
    [
        ((ReturnDirection.FROM_KOSOVO, ReturnKind.RETURN, "XK", None), "destination_country"),
        ((ReturnDirection.TO_KOSOVO, ReturnKind.RETURN, "AL", None), "destination_country"),
        ((ReturnDirection.TO_KOSOVO, ReturnKind.RETURN, "XK", None), "destination_municipality"),
        ((ReturnDirection.TO_KOSOVO, ReturnKind.RETURN, "XK", "99"), "destination_municipality"),
        ((ReturnDirection.FROM_KOSOVO, ReturnKind.RETURN, "AL", "01"), "destination_municipality"),
        ((ReturnDirection.FROM_KOSOVO, ReturnKind.TRANSFER, "ZZ", None), "destination_country"),
    ],
)
def test_the_destination_is_checked(
    destination: tuple[ReturnDirection, ReturnKind, str, str | None], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        requested(destination)
    assert caught.value.field == field


def test_a_kosovar_received_here_has_a_municipality() -> None:
    p = given(
        ReturnProcess,
        history(lambda: requested((ReturnDirection.TO_KOSOVO, ReturnKind.RETURN, "XK", "05"))),
    )
    assert (p.destination_country, p.destination_municipality) == ("XK", "05")


@pytest.mark.parametrize(
    ("requested_on", "consent_on", "error"),
    [
        (date(2026, 2, 27), None, DateTooEarly),  # before the referral
        (date(2026, 3, 4), None, DateInFuture),
        (REQUESTED, date(2026, 3, 4), DateInFuture),
    ],
)
def test_request_dates_are_field_dates(
    requested_on: date, consent_on: date | None, error: type[DomainError]
) -> None:
    with pytest.raises(error):
        ReturnProcess.request(
            uuid4(),
            "PVPT-C-2026-0007",
            uuid4(),
            OUT,
            requested_on=requested_on,
            consent=(True, consent_on),
            referred_on=REFERRED,
            actor=WORKER,
            at=at(1),
        )


def test_consent_after_the_request_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        ReturnProcess.request(
            uuid4(),
            "PVPT-C-2026-0007",
            uuid4(),
            OUT,
            requested_on=date(2026, 3, 2),
            consent=(True, REQUESTED),
            referred_on=REFERRED,
            actor=WORKER,
            at=at(2),
        )
    assert caught.value.field == "informed_consent_on"


def test_preparation_then_hand_over() -> None:
    p = process(assessed, documented, planned)
    then(
        when(p, lambda p: p.hand_over(date(2026, 3, 20), actor=WORKER, at=at(20))),
        (
            ReturnProcess.HandedOver,
            {"handed_over_on": date(2026, 3, 20), "receiving_organisation_id": RECEIVER},
        ),
    )
    assert p.status is ReturnStatus.HANDED_OVER
    assert (p.escort_organisation_id, p.planned_on) == (IOM, date(2026, 3, 20))


@pytest.mark.parametrize(
    ("steps", "rule"),
    [
        ((documented, planned), "return_risk_not_assessed"),
        ((lambda p: assessed(p, RiskLevel.HIGH), documented, planned), "return_risk_too_high"),
        ((assessed, planned), "travel_documents_not_issued"),
        (
            (assessed, lambda p: documented(p, TravelDocumentStatus.APPLIED), planned),
            "travel_documents_not_issued",
        ),
        ((assessed, documented), "return_not_planned"),
    ],
)
def test_hand_over_needs_the_preparation(steps: tuple[Command, ...], rule: str) -> None:
    refused(process(*steps), lambda p: p.hand_over(actor=WORKER, at=at(20)), rule)


def test_travel_documents_move_on_and_a_repeat_is_refused() -> None:
    p = process(lambda p: documented(p, TravelDocumentStatus.NEEDED))
    then(
        when(p, lambda p: documented(p, TravelDocumentStatus.APPLIED)),
        (ReturnProcess.TravelDocumentRecorded, {"status": TravelDocumentStatus.APPLIED}),
    )
    refused(p, lambda p: documented(p, TravelDocumentStatus.APPLIED), "no_change")


def emergency_document_issued(p: ReturnProcess) -> None:
    kind = TravelDocumentKind.EMERGENCY_TRAVEL_DOCUMENT
    p.record_document(kind, TravelDocumentStatus.ISSUED, actor=WORKER, at=at(5))


def test_a_document_no_longer_needed_no_longer_holds_the_hand_over() -> None:
    needed = (assessed, lambda p: documented(p, TravelDocumentStatus.NEEDED), planned)
    p = process(*needed, emergency_document_issued)
    refused(p, lambda p: p.hand_over(actor=WORKER, at=at(20)), "travel_documents_not_issued")
    then(
        when(p, lambda p: documented(p, TravelDocumentStatus.NOT_NEEDED)),
        (ReturnProcess.TravelDocumentRecorded, {"status": TravelDocumentStatus.NOT_NEEDED}),
    )
    then(
        when(p, lambda p: p.hand_over(actor=WORKER, at=at(20))),
        (ReturnProcess.HandedOver, {"receiving_organisation_id": RECEIVER}),
    )


def test_documents_all_not_needed_are_not_ready() -> None:
    p = process(assessed, lambda p: documented(p, TravelDocumentStatus.NOT_NEEDED), planned)
    refused(p, lambda p: p.hand_over(actor=WORKER, at=at(20)), "travel_documents_not_issued")


def test_plan_refuses_a_day_before_the_request_and_the_escort_as_receiver() -> None:
    p = process()
    refused_input(
        p, lambda p: p.plan(RECEIVER, date(2026, 3, 1), actor=WORKER, at=at(6)), "planned_on"
    )
    refused_input(
        p,
        lambda p: p.plan(RECEIVER, date(2026, 3, 9), RECEIVER, actor=WORKER, at=at(6)),
        "escort_organisation_id",
    )


def test_field_dates_not_before_the_request() -> None:
    with pytest.raises(DateTooEarly):
        process().assess_risk(RiskLevel.LOW, None, date(2026, 3, 2), actor=WORKER, at=at(5))


def test_cancelled_by_the_person_and_nothing_after() -> None:
    p = process(assessed)
    then(
        when(p, lambda p: p.cancel(ReturnCancelReason.PERSON_CHANGED_MIND, actor=WORKER, at=at(8))),
        (ReturnProcess.Cancelled, {"reason": ReturnCancelReason.PERSON_CHANGED_MIND, "note": None}),
    )
    refused(p, lambda p: p.hand_over(actor=WORKER, at=at(9)), "return_ended")
    refused(p, assessed, "return_ended")


def test_cancel_for_another_reason_says_why() -> None:
    refused_input(
        process(), lambda p: p.cancel(ReturnCancelReason.OTHER, " ", actor=WORKER, at=at(8)), "note"
    )


# ------------------------------------------------------------ the case's closure

RETURN_ID = UUID(int=7)
BEFORE_CLOSURE = len(HAPPY_PATH) - 2  # in follow-up, closure not yet asked


def linked(case: Case) -> None:
    case.link_return(RETURN_ID, actor=WORKER, at=at(100))


def ask_closure(reason: ClosureReason) -> Callable[[Case], object]:
    return lambda c: c.request_approval(ApprovalSubject.CLOSURE, reason, actor=WORKER, at=at(101))


@pytest.mark.parametrize(
    "reason", [ClosureReason.REPATRIATED, ClosureReason.REFERRED_OR_TRANSFERRED]
)
def test_closing_as_returned_waits_for_the_hand_over(reason: ClosureReason) -> None:
    case = case_after(BEFORE_CLOSURE, linked)
    with pytest.raises(RuleViolated) as caught:
        ask_closure(reason)(case)
    assert caught.value.rule == "return_not_handed_over"
    assert not list(case.collect_events())


def test_a_closure_asked_before_the_return_is_refused_at_approval() -> None:
    case = case_after(BEFORE_CLOSURE, ask_closure(ClosureReason.REFERRED_OR_TRANSFERRED), linked)
    with pytest.raises(RuleViolated) as caught:
        case.approve(ApprovalSubject.CLOSURE, actor=MANAGER, at=at(102))
    assert caught.value.rule == "return_not_handed_over"


def test_other_closures_do_not_wait() -> None:
    case = case_after(BEFORE_CLOSURE, linked)
    then(when(case, ask_closure(ClosureReason.LOST_CONTACT)), (Case.ApprovalRequested, {}))


def test_after_the_hand_over_the_case_closes_as_repatriated() -> None:
    case = case_after(
        BEFORE_CLOSURE,
        linked,
        lambda c: c.end_return(RETURN_ID, True, actor=WORKER, at=at(100)),
        ask_closure(ClosureReason.REPATRIATED),
    )
    case.approve(ApprovalSubject.CLOSURE, actor=MANAGER, at=at(102))
    assert (case.is_closed, case.closure_reason) == (True, ClosureReason.REPATRIATED)
    assert ("return", RETURN_ID) in case.linked_records


def cancelled(c: Case) -> None:
    c.end_return(RETURN_ID, False, actor=WORKER, at=at(100))


@pytest.mark.parametrize(
    "reason", [ClosureReason.REPATRIATED, ClosureReason.REFERRED_OR_TRANSFERRED]
)
def test_a_cancelled_return_does_not_close_the_case_as_returned(reason: ClosureReason) -> None:
    case = case_after(BEFORE_CLOSURE, linked, cancelled)
    with pytest.raises(RuleViolated) as caught:
        ask_closure(reason)(case)
    assert caught.value.rule == "return_not_handed_over"
    assert case.handed_over_return_ids == []


def test_repatriated_needs_a_return_and_transferred_needs_none() -> None:
    case = case_after(BEFORE_CLOSURE)
    with pytest.raises(RuleViolated) as caught:
        ask_closure(ClosureReason.REPATRIATED)(case)
    assert caught.value.rule == "return_not_handed_over"
    then(
        when(case, ask_closure(ClosureReason.REFERRED_OR_TRANSFERRED)),
        (Case.ApprovalRequested, {"closure_reason": ClosureReason.REFERRED_OR_TRANSFERRED}),
    )


def test_a_hand_over_after_a_cancelled_return_closes_the_case_as_repatriated() -> None:
    second = uuid4()
    case = case_after(
        BEFORE_CLOSURE,
        linked,
        cancelled,
        lambda c: c.link_return(second, actor=WORKER, at=at(100)),
        lambda c: c.end_return(second, True, actor=WORKER, at=at(100)),
    )
    assert case.handed_over_return_ids == [second]
    then(when(case, ask_closure(ClosureReason.REPATRIATED)), (Case.ApprovalRequested, {}))


def test_one_open_return_at_a_time_and_ends_only_an_open_one() -> None:
    case = case_after(BEFORE_CLOSURE, linked)
    with pytest.raises(RuleViolated) as caught:
        linked(case)
    assert caught.value.rule == "return_in_progress"
    with pytest.raises(RuleViolated) as caught:
        case.end_return(uuid4(), False, actor=WORKER, at=at(100))
    assert caught.value.rule == "no_such_return"


def test_a_case_snapshot_before_returns_upcasts_to_none() -> None:
    state: dict[str, object] = {}
    Case.upcast_v7_v8(state)
    assert state == {"return_ids": [], "open_return_ids": []}


def test_a_case_snapshot_before_hand_overs_were_kept_upcasts_to_none() -> None:
    state: dict[str, object] = {"return_ids": [RETURN_ID], "open_return_ids": []}
    Case.upcast_v9_v10(state)
    assert state["handed_over_return_ids"] == []


# ------------------------------------------------------- a referral from abroad


def abroad(country: str | None, reference: str | None) -> IncomingReferral:
    return replace(REFERRAL, referring_country=country, foreign_reference=reference)


def test_a_referral_from_another_countrys_mechanism_keeps_its_reference() -> None:
    events = history(
        lambda: Case.open(
            CASE_NUMBER, uuid4(), "B-0001", abroad("DE", " NRM-DE-7 "), actor=WORKER, at=at()
        )
    )
    then(events, (Case.Opened, {"referral": abroad("DE", "NRM-DE-7")}))


@pytest.mark.parametrize(
    ("country", "reference", "field"),
    [
        ("XK", None, "referral.referring_country"),
        ("ZZ", None, "referral.referring_country"),
        (None, "NRM-DE-7", "referral.foreign_reference"),
        ("DE", "x" * 101, "referral.foreign_reference"),
    ],
)
def test_a_referral_from_abroad_is_checked(
    country: str | None, reference: str | None, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        Case.open(CASE_NUMBER, uuid4(), "B-0001", abroad(country, reference), actor=WORKER, at=at())
    assert caught.value.field == field


def test_a_referral_stored_before_decodes_with_no_country() -> None:
    assert (REFERRAL.referring_country, REFERRAL.foreign_reference) == (None, None)
