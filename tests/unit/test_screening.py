"""Screening out and screening again: given events -> when command -> then events, or
the refusal (docs/domain.md, Identification and screening)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.case import Case
from domain.parts.case_screening import OnwardReferral, ScreeningOut
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    OrganisationType,
    OtherNeed,
    ScreeningOutcome,
    Stage,
)
from tests.unit.dsl import at, then, when
from tests.unit.test_case import LATER, MANAGER, WORKER, case_in, refused_input, refused_rule

SHELTER = OnwardReferral("  Women's Shelter Gjakova ", OrganisationType.NGO)
OTHER_NEED = ScreeningOutcome.NOT_TRAFFICKING_OTHER_NEED


def screen_out(outcome: ScreeningOutcome = OTHER_NEED, **kwargs: Any) -> Any:
    fields = {"other_need": OtherNeed.DOMESTIC_VIOLENCE, "onward_referral": SHELTER, **kwargs}
    if outcome is not OTHER_NEED:
        fields.pop("other_need")
    return lambda c: c.screen_out(
        outcome, "violence at home, no exploitation", **fields, actor=WORKER, at=LATER
    )


def test_screened_out_with_another_need_and_referred_on() -> None:
    case = case_in(Stage.SCREENING)
    then(
        when(case, screen_out(screened_on=date(2026, 3, 4))),
        (
            Case.ScreenedOut,
            {
                "outcome": OTHER_NEED,
                "other_need": OtherNeed.DOMESTIC_VIOLENCE,
                "onward_referral": OnwardReferral("Women's Shelter Gjakova", OrganisationType.NGO),
                "no_referral_reason": None,
                "closure_reason": ClosureReason.SCREENED_OUT_OTHER_NEED,
                "screened_on": date(2026, 3, 4),
            },
        ),
    )
    assert (case.stage, case.closure_reason) == (
        Stage.CLOSED,
        ClosureReason.SCREENED_OUT_OTHER_NEED,
    )
    assert case.screenings_out == [
        ScreeningOut(
            OTHER_NEED,
            OtherNeed.DOMESTIC_VIOLENCE,
            OnwardReferral("Women's Shelter Gjakova", OrganisationType.NGO),
            date(2026, 3, 4),
        )
    ]


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [
        (
            ScreeningOutcome.INSUFFICIENT_INFORMATION,
            ClosureReason.SCREENED_OUT_INSUFFICIENT_INFORMATION,
        ),
        (ScreeningOutcome.DECLINED, ClosureReason.SCREENED_OUT_DECLINED),
    ],
)
def test_each_outcome_closes_with_its_reason_never_not_a_victim(
    outcome: ScreeningOutcome, reason: ClosureReason
) -> None:
    case = case_in(Stage.SCREENING)
    when(case, screen_out(outcome, onward_referral=None, no_referral_reason="she declined"))
    assert case.closure_reason is reason


@pytest.mark.parametrize(
    ("outcome", "kwargs", "field"),
    [
        (OTHER_NEED, {"other_need": None}, "other_need"),
        (ScreeningOutcome.DECLINED, {"other_need": OtherNeed.LABOUR_DISPUTE}, "other_need"),
        (OTHER_NEED, {"onward_referral": None}, "onward_referral"),
        (OTHER_NEED, {"no_referral_reason": "none needed"}, "no_referral_reason"),
        (
            OTHER_NEED,
            {"onward_referral": OnwardReferral(" ", OrganisationType.NGO)},
            "onward_referral.partner",
        ),
    ],
)
def test_screening_out_refuses_an_incomplete_outcome(
    outcome: ScreeningOutcome, kwargs: dict[str, Any], field: str
) -> None:
    fields = {"other_need": OtherNeed.DOMESTIC_VIOLENCE, "onward_referral": SHELTER, **kwargs}
    refused_input(
        case_in(Stage.SCREENING),
        lambda c: c.screen_out(outcome, "why", **fields, actor=WORKER, at=LATER),
        field,
    )


def test_a_screened_out_case_is_screened_again_counted() -> None:
    case = case_in(Stage.SCREENING, screen_out())
    then(
        when(case, lambda c: c.rescreen("new information: passport kept", actor=WORKER, at=LATER)),
        (Case.Rescreened, {"number": 1, "reason": "new information: passport kept"}),
    )
    assert (case.stage, case.closure_reason, case.rescreen_count) == (Stage.SCREENING, None, 1)
    when(case, screen_out(ScreeningOutcome.DECLINED, onward_referral=None, no_referral_reason="x"))
    when(case, lambda c: c.rescreen("she came back", actor=WORKER, at=LATER))
    assert case.rescreen_count == 2
    assert len(case.screenings_out) == 2


def test_only_a_case_closed_at_screening_is_screened_again() -> None:
    refused_rule(
        case_in(Stage.SCREENING),
        lambda c: c.rescreen("new information", actor=WORKER, at=LATER),
        "not_screened_out",
    )


def test_rescreening_needs_a_reason() -> None:
    refused_input(
        case_in(Stage.SCREENING, screen_out()),
        lambda c: c.rescreen("  ", actor=WORKER, at=LATER),
        "reason",
    )


def test_a_closure_cannot_claim_a_screening_out() -> None:
    refused_input(
        case_in(Stage.SCREENING),
        lambda c: c.request_approval(
            ApprovalSubject.CLOSURE,
            ClosureReason.SCREENED_OUT_DECLINED,
            actor=WORKER,
            at=at(199),
        ),
        "closure_reason",
    )


def test_a_case_closed_otherwise_reopens_but_is_not_rescreened() -> None:
    case = case_in(Stage.SCREENING, screen_out())
    when(case, lambda c: c.reopen("wrong outcome", actor=MANAGER, at=LATER))
    assert case.stage is Stage.SCREENING
    refused_rule(case, lambda c: c.rescreen("again", actor=WORKER, at=LATER), "not_screened_out")
