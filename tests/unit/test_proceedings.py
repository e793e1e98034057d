"""Criminal proceedings: given events -> when a command -> then events, or a named refusal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import uuid4

import pytest

from domain.errors import DateInFuture, DateTooEarly, DomainError, InvalidInput
from domain.justice_vocab import (
    CompensationKind,
    CompensationStatus,
    Cooperation,
    HearingStatus,
    ProceedingsOutcome,
    ProceedingsRole,
    ProceedingsStage,
    ProtectionMeasure,
    RepresentationKind,
)
from domain.parts.proceedings_values import CompensationClaim, Representation
from domain.proceedings import CriminalProceedings
from tests.unit.dsl import at, given, history, then, when

P = CriminalProceedings
LAWYER = "av.gashi"
NOW = at(30)  # 2026-04-01
TODAY = NOW.date()
REPORTED = date(2026, 3, 1)
Stage = ProceedingsStage
Command = Callable[[P], object]


def opened(stage: Stage = Stage.INVESTIGATION) -> P:
    return P.open(
        (uuid4(), "PVPT-C-2026-0007", uuid4()),
        ProceedingsRole.INJURED_PARTY,
        stage,
        REPORTED,
        ("PD-2026/0142", None, None),
        actor=LAWYER,
        at=at(1),
    )


def at_stage(stage: Stage) -> Command:
    return lambda p: p.advance_stage(stage, date(2026, 3, 20), actor=LAWYER, at=at(20))


def scheduled(on: date = date(2026, 4, 20)) -> Command:
    return lambda p: p.schedule_hearing(on, None, actor=LAWYER, at=at(25))


def filed(p: P) -> None:
    p.file_claim(
        CompensationKind.STATE_PROGRAMME, date(2026, 3, 25), 500_000, actor=LAWYER, at=at(25)
    )


def proceedings(*commands: Command, stage: Stage = Stage.INVESTIGATION) -> P:
    return given(P, history(lambda: opened(stage), *commands))


def refused(p: P, command: Command) -> DomainError:
    with pytest.raises(DomainError) as error:
        command(p)
    assert list(p.collect_events()) == []  # nothing half-applied
    return error.value


# ------------------------------------------------------------------- opening


def test_opened_with_the_stage_role_and_references() -> None:
    events = history(opened)
    then(
        events,
        (
            P.Opened,
            {
                "stage": Stage.INVESTIGATION,
                "stage_on": REPORTED,
                "role": ProceedingsRole.INJURED_PARTY,
                "police_reference": "PD-2026/0142",
                "prosecution_reference": None,
            },
        ),
    )


def test_a_stage_date_in_the_future_is_refused() -> None:
    with pytest.raises(DateInFuture) as error:
        P.open(
            (uuid4(), "PVPT-C-2026-0007", uuid4()),
            ProceedingsRole.WITNESS,
            Stage.REPORT_TO_POLICE,
            date(2026, 3, 9),
            (None, None, None),
            actor=LAWYER,
            at=at(1),
        )
    assert error.value.field == "stage_on"


def test_references_are_recorded_and_an_unchanged_set_is_refused() -> None:
    p = proceedings()
    events = when(
        p,
        lambda p: p.record_references(("PD-2026/0142", "PPS 77/2026", None), actor=LAWYER, at=NOW),
    )
    then(events, (P.ReferencesRecorded, {"prosecution_reference": "PPS 77/2026"}))
    again = refused(
        p,
        lambda p: p.record_references(("PD-2026/0142", "PPS 77/2026", None), actor=LAWYER, at=NOW),
    )
    assert again.rule == "no_change"


def test_an_overlong_reference_is_refused_by_name() -> None:
    error = refused(
        proceedings(), lambda p: p.record_references((None, "x" * 101, None), actor=LAWYER, at=NOW)
    )
    assert isinstance(error, InvalidInput)
    assert error.field == "prosecution_reference"


# -------------------------------------------------------------------- stages


def test_the_stage_moves_forward() -> None:
    events = when(proceedings(), at_stage(Stage.INDICTMENT))
    then(events, (P.StageAdvanced, {"stage": Stage.INDICTMENT, "stage_on": date(2026, 3, 20)}))


def test_the_stage_never_moves_back() -> None:
    error = refused(proceedings(at_stage(Stage.TRIAL)), at_stage(Stage.INDICTMENT))
    assert error.rule == "stage_not_forward"


def test_an_appeal_follows_a_verdict() -> None:
    error = refused(proceedings(at_stage(Stage.TRIAL)), at_stage(Stage.APPEAL))
    assert error.rule == "appeal_before_verdict"
    events = when(
        proceedings(at_stage(Stage.VERDICT)),
        lambda p: p.advance_stage(Stage.APPEAL, None, actor=LAWYER, at=NOW),
    )
    then(events, (P.StageAdvanced, {"stage": Stage.APPEAL, "stage_on": TODAY}))


def test_a_stage_is_not_dated_before_the_previous_one() -> None:
    p = proceedings(at_stage(Stage.INDICTMENT))
    error = refused(
        p, lambda p: p.advance_stage(Stage.TRIAL, date(2026, 3, 10), actor=LAWYER, at=NOW)
    )
    assert isinstance(error, DateTooEarly)
    assert error.field == "stage_on"


def test_a_mistaken_stage_is_corrected_with_a_reason() -> None:
    p = proceedings(at_stage(Stage.TRIAL))
    events = when(
        p,
        lambda p: p.correct_stage(
            Stage.INVESTIGATION, REPORTED, "entered by mistake", actor=LAWYER, at=NOW
        ),
    )
    then(events, (P.StageCorrected, {"stage": Stage.INVESTIGATION, "reason": "entered by mistake"}))
    assert p.stage is Stage.INVESTIGATION
    blank = refused(p, lambda p: p.correct_stage(Stage.TRIAL, REPORTED, " ", actor=LAWYER, at=NOW))
    assert isinstance(blank, InvalidInput)
    assert blank.field == "reason"


def test_the_role_changes() -> None:
    events = when(
        proceedings(), lambda p: p.change_role(ProceedingsRole.WITNESS, None, actor=LAWYER, at=NOW)
    )
    then(events, (P.RoleChanged, {"role": ProceedingsRole.WITNESS, "changed_on": TODAY}))
    same = refused(
        proceedings(),
        lambda p: p.change_role(ProceedingsRole.INJURED_PARTY, None, actor=LAWYER, at=NOW),
    )
    assert same.rule == "no_change"


# ----------------------------------------------------------------- outcome


def test_a_conviction_needs_a_verdict() -> None:
    error = refused(
        proceedings(at_stage(Stage.TRIAL)),
        lambda p: p.record_outcome(ProceedingsOutcome.CONVICTION, None, actor=LAWYER, at=NOW),
    )
    assert error.rule == "outcome_before_verdict"


def test_a_dismissal_comes_at_any_stage() -> None:
    events = when(
        proceedings(),
        lambda p: p.record_outcome(ProceedingsOutcome.DISMISSED, None, actor=LAWYER, at=NOW),
    )
    then(
        events, (P.OutcomeRecorded, {"outcome": ProceedingsOutcome.DISMISSED, "decided_on": TODAY})
    )


def test_a_second_outcome_only_at_a_later_stage() -> None:
    def convicted(p: P) -> None:
        p.record_outcome(ProceedingsOutcome.CONVICTION, date(2026, 3, 21), actor=LAWYER, at=at(21))

    p = proceedings(at_stage(Stage.VERDICT), convicted)
    again = refused(
        p, lambda p: p.record_outcome(ProceedingsOutcome.ACQUITTAL, None, actor=LAWYER, at=NOW)
    )
    assert again.rule == "outcome_recorded"
    p.advance_stage(Stage.APPEAL, date(2026, 3, 25), actor=LAWYER, at=at(25))
    p.record_outcome(ProceedingsOutcome.ACQUITTAL, None, actor=LAWYER, at=NOW)
    assert (p.outcome, p.outcome_stage) == (ProceedingsOutcome.ACQUITTAL, Stage.APPEAL)


# ------------------------------------------------------------- cooperation


@pytest.mark.parametrize("choice", list(Cooperation))
def test_the_cooperation_choice_is_recorded_with_its_day(choice: Cooperation) -> None:
    p = proceedings()
    events = when(
        p, lambda p: p.record_cooperation(choice, date(2026, 3, 15), actor=LAWYER, at=NOW)
    )
    then(events, (P.CooperationRecorded, {"choice": choice, "decided_on": date(2026, 3, 15)}))
    assert (p.cooperation, p.cooperation_on) == (choice, date(2026, 3, 15))


def test_a_cooperation_choice_is_not_in_the_future() -> None:
    error = refused(
        proceedings(),
        lambda p: p.record_cooperation(
            Cooperation.DECLINES, date(2026, 4, 2), actor=LAWYER, at=NOW
        ),
    )
    assert isinstance(error, DateInFuture)
    assert error.field == "decided_on"


# ---------------------------------------------------------- representation


def test_pvpt_lawyer_represents() -> None:
    rep = Representation(RepresentationKind.PVPT_LAWYER, date(2026, 3, 5), lawyer=LAWYER)
    events = when(proceedings(), lambda p: p.record_representation(rep, actor=LAWYER, at=NOW))
    then(events, (P.RepresentationRecorded, {"representation": rep}))


def test_a_private_lawyer_is_named_and_trimmed() -> None:
    rep = Representation(
        RepresentationKind.PRIVATE_LAWYER, date(2026, 3, 5), private_lawyer=" Adv. Arben Morina "
    )
    p = proceedings()
    p.record_representation(rep, actor=LAWYER, at=NOW)
    assert p.representation is not None
    assert p.representation.private_lawyer == "Adv. Arben Morina"


@pytest.mark.parametrize(
    ("rep", "field"),
    [
        (Representation(RepresentationKind.PVPT_LAWYER, date(2026, 3, 5)), "lawyer"),
        (
            Representation(RepresentationKind.PVPT_LAWYER, date(2026, 3, 5), lawyer="Arben Morina"),
            "lawyer",
        ),
        (
            Representation(RepresentationKind.ORGANISATION, date(2026, 3, 5), lawyer=LAWYER),
            "organisation_id",
        ),
        (
            Representation(
                RepresentationKind.PVPT_LAWYER, date(2026, 3, 5), lawyer=LAWYER, private_lawyer="X"
            ),
            "private_lawyer",
        ),
        (Representation(RepresentationKind.PVPT_LAWYER, date(2026, 2, 5), lawyer=LAWYER), "since"),
    ],
)
def test_a_representation_names_exactly_its_kind(rep: Representation, field: str) -> None:
    error = refused(proceedings(), lambda p: p.record_representation(rep, actor=LAWYER, at=NOW))
    assert isinstance(error, InvalidInput)
    assert error.field == field


# ------------------------------------------------------- protection measures


def test_a_measure_is_granted_then_ended() -> None:
    video = ProtectionMeasure.TESTIMONY_BY_VIDEO_LINK
    p = proceedings()
    then(
        when(p, lambda p: p.grant_measure(video, date(2026, 3, 10), actor=LAWYER, at=NOW)),
        (P.ProtectionMeasureGranted, {"measure": video}),
    )
    assert (
        refused(p, lambda p: p.grant_measure(video, None, actor=LAWYER, at=NOW)).rule
        == "measure_in_force"
    )
    then(
        when(p, lambda p: p.end_measure(video, None, actor=LAWYER, at=NOW)),
        (P.ProtectionMeasureEnded, {"ended_on": TODAY}),
    )
    assert (
        refused(p, lambda p: p.end_measure(video, None, actor=LAWYER, at=NOW)).rule
        == "no_such_measure"
    )


# ------------------------------------------------------------------ hearings


def test_a_hearing_is_scheduled_ahead() -> None:
    p = proceedings()
    then(
        when(p, scheduled(date(2026, 6, 1))),
        (P.HearingScheduled, {"number": 1, "scheduled_on": date(2026, 6, 1)}),
    )
    assert p.hearings[1].status is HearingStatus.SCHEDULED


def test_a_hearing_before_the_first_stage_is_refused() -> None:
    error = refused(proceedings(), scheduled(date(2026, 2, 1)))
    assert isinstance(error, InvalidInput)
    assert error.field == "scheduled_on"


def test_a_hearing_is_held_once_its_day_has_come() -> None:
    p = proceedings(scheduled(date(2026, 4, 20)))
    assert refused(p, lambda p: p.hold_hearing(1, actor=LAWYER, at=NOW)).rule == "hearing_not_yet"
    events = when(p, lambda p: p.hold_hearing(1, actor=LAWYER, at=at(50)))
    then(events, (P.HearingHeld, {"number": 1, "held_on": date(2026, 4, 20)}))
    assert (
        refused(p, lambda p: p.hold_hearing(1, actor=LAWYER, at=at(50))).rule
        == "hearing_not_scheduled"
    )


def test_an_adjourned_hearing_continues_on_a_new_day() -> None:
    p = proceedings(scheduled(date(2026, 3, 30)))
    events = when(p, lambda p: p.adjourn_hearing(1, date(2026, 5, 4), None, actor=LAWYER, at=NOW))
    then(
        events,
        (
            P.HearingAdjourned,
            {"number": 1, "new_number": 2, "new_date": date(2026, 5, 4), "adjourned_on": TODAY},
        ),
    )
    assert (p.hearings[1].status, p.hearings[1].adjourned_to) == (HearingStatus.ADJOURNED, 2)
    assert (p.hearings[2].status, p.hearings[2].scheduled_on) == (
        HearingStatus.SCHEDULED,
        date(2026, 5, 4),
    )


def test_an_adjournment_to_a_past_day_is_refused() -> None:
    error = refused(
        proceedings(scheduled()), lambda p: p.adjourn_hearing(1, TODAY, None, actor=LAWYER, at=NOW)
    )
    assert isinstance(error, InvalidInput)
    assert error.field == "new_date"


def test_a_hearing_is_cancelled_and_an_unknown_one_refused() -> None:
    p = proceedings(scheduled())
    then(
        when(p, lambda p: p.cancel_hearing(1, "judge ill", None, actor=LAWYER, at=NOW)),
        (P.HearingCancelled, {"reason": "judge ill"}),
    )
    assert (
        refused(p, lambda p: p.cancel_hearing(7, None, None, actor=LAWYER, at=NOW)).rule
        == "no_such_hearing"
    )


# ----------------------------------------------------------- compensation


def test_a_claim_is_filed_decided_and_paid_in_cents() -> None:
    p = proceedings(filed)
    then(
        when(p, lambda p: p.decide_claim(1, 350_000, date(2026, 3, 28), actor=LAWYER, at=NOW)),
        (P.CompensationClaimDecided, {"awarded_cents": 350_000}),
    )
    assert (
        refused(p, lambda p: p.decide_claim(1, 1, None, actor=LAWYER, at=NOW)).rule
        == "claim_decided"
    )
    then(
        when(p, lambda p: p.record_payment(1, 350_000, None, actor=LAWYER, at=NOW)),
        (P.CompensationPaid, {"paid_cents": 350_000, "paid_on": TODAY}),
    )
    assert p.claims[1] == CompensationClaim(
        1,
        CompensationKind.STATE_PROGRAMME,
        date(2026, 3, 25),
        500_000,
        CompensationStatus.PAID,
        date(2026, 3, 28),
        350_000,
        TODAY,
        350_000,
    )


def test_a_rejected_claim_is_never_paid() -> None:
    p = proceedings(filed, lambda p: p.decide_claim(1, 0, None, actor=LAWYER, at=NOW))
    assert p.claims[1].status is CompensationStatus.REJECTED
    assert (
        refused(p, lambda p: p.record_payment(1, 100, None, actor=LAWYER, at=NOW)).rule
        == "claim_not_awarded"
    )


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (
            lambda p: p.file_claim(CompensationKind.CIVIL_SUIT, None, 0, actor=LAWYER, at=NOW),
            "claimed_cents",
        ),
        (lambda p: p.decide_claim(1, -5, None, actor=LAWYER, at=NOW), "awarded_cents"),
        (lambda p: p.decide_claim(1, 5, date(2026, 3, 24), actor=LAWYER, at=NOW), "decided_on"),
    ],
)
def test_bad_amounts_and_dates_are_refused_by_name(command: Command, field: str) -> None:
    error = refused(proceedings(filed), command)
    assert isinstance(error, InvalidInput)
    assert error.field == field


def test_an_unknown_claim_is_refused() -> None:
    assert (
        refused(proceedings(), lambda p: p.decide_claim(3, 1, None, actor=LAWYER, at=NOW)).rule
        == "no_such_claim"
    )
