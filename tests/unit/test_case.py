"""Case: given events -> when command -> then events, or the named refusal.

Every refusal also leaves the aggregate as it was: no pending event, same version,
same state.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

import hypothesis
import pytest
from eventsourcing.domain import Aggregate
from hypothesis import strategies as st

from domain.case import Case
from domain.case_values import (
    CaseNote,
    IncomingReferral,
    OutgoingReferral,
    PendingApproval,
    ServiceDelivery,
)
from domain.errors import ConsentRequired, DomainError, InvalidInput, RuleViolated
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    OutgoingReferralReason,
    ReferralStatus,
    RiskLevel,
    ScreeningOutcome,
    ServiceOutcome,
    ServiceType,
    Stage,
)
from tests.unit.dsl import at, given, history, then, when

Command = Callable[[Case], object]
Act = Callable[[Case, str, datetime], object]  # a command, given its actor and time

CASE_NUMBER = "PVPT-C-2026-0007"
BENEFICIARY_ID = UUID("0b6f3c1e-5a2d-4e8f-9c7b-1d2e3f4a5b6c")
BENEFICIARY_CODE = "KS-B-0042"
REFERRAL = IncomingReferral(
    organisation="Kosovo Police, Directorate against Trafficking",
    organisation_type=OrganisationType.LAW_ENFORCEMENT,
    referred_on=date(2026, 3, 1),
    reason=IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
)
WORKER = "arta.krasniqi"  # caseworker: does the work and asks for approvals
MANAGER = "blerim.gashi"  # case manager: decides approvals
OTHER_WORKER = "drita.berisha"
PARTNER = "Centre for Social Work Prishtina"
PARTNER_ID = uuid5(NAMESPACE_URL, PARTNER)  # a registered organisation's id (services check it)
LATER = at(200)  # the moment of the command under test, after every setup step
OUT = ScreeningOutcome.INSUFFICIENT_INFORMATION  # a screening out (domain/parts/case_screening)
NO_REFERRAL = "she declined a referral"

OPEN_STAGES = tuple(stage for stage in Stage if stage is not Stage.CLOSED)


def open_case() -> Case:
    return Case.open(CASE_NUMBER, BENEFICIARY_ID, BENEFICIARY_CODE, REFERRAL, actor=WORKER, at=at())


# The happy path from intake to closure, with the stage reached after each step.
HAPPY_PATH: tuple[tuple[Stage, Command], ...] = (
    (Stage.INTAKE, lambda c: c.assign_caseworker(WORKER, actor=MANAGER, at=at(1))),
    (Stage.INTAKE, lambda c: c.assess_risk(RiskLevel.MEDIUM, actor=WORKER, at=at(2))),
    (Stage.SCREENING, lambda c: c.start_screening(actor=WORKER, at=at(3))),
    (Stage.ASSESSMENT, lambda c: c.screen_in(actor=WORKER, at=at(4))),
    (
        Stage.ASSESSMENT,
        lambda c: c.request_approval(ApprovalSubject.ASSESSMENT, actor=WORKER, at=at(95)),
    ),
    (Stage.CASE_PLAN, lambda c: c.approve(ApprovalSubject.ASSESSMENT, actor=MANAGER, at=at(96))),
    (
        Stage.CASE_PLAN,
        lambda c: c.request_approval(ApprovalSubject.CASE_PLAN, actor=WORKER, at=at(97)),
    ),
    (
        Stage.SERVICE_PROVISION,
        lambda c: c.approve(ApprovalSubject.CASE_PLAN, actor=MANAGER, at=at(98)),
    ),
    (Stage.REINTEGRATION, lambda c: c.start_reintegration(actor=WORKER, at=at(99))),
    (Stage.FOLLOW_UP, lambda c: c.start_follow_up(actor=WORKER, at=at(100))),
    (
        Stage.FOLLOW_UP,
        lambda c: c.request_approval(
            ApprovalSubject.CLOSURE, ClosureReason.REINTEGRATED, actor=WORKER, at=at(101)
        ),
    ),
    (Stage.CLOSED, lambda c: c.approve(ApprovalSubject.CLOSURE, actor=MANAGER, at=at(102))),
)
# Steps of HAPPY_PATH that bring a new case to each stage (intake: none, so no caseworker).
STEPS_TO = {
    Stage.INTAKE: 0,
    Stage.SCREENING: 3,
    Stage.ASSESSMENT: 4,
    Stage.CASE_PLAN: 6,
    Stage.SERVICE_PROVISION: 8,
    Stage.REINTEGRATION: 9,
    Stage.FOLLOW_UP: 10,
    Stage.CLOSED: 12,
}


def legacy_screen_in(case: Case) -> None:
    """A screening-in as stored before periods were recorded on their own (ScreenedIn
    v2): it started a 90-day period and left the case in stage reflection_period."""
    day = at(4).date()
    fields = {"reflection_ends_on": day + timedelta(days=90), "screened_on": day}
    case._record(case.ScreenedIn, WORKER, at(4), **fields)


def case_after(steps: int, *more: Command) -> Case:
    """A case replayed from its events: the first `steps` of the happy path, then `more`."""
    path = [command for _, command in HAPPY_PATH[:steps]]
    return given(Case, history(open_case, *path, *more))


def case_in(stage: Stage, *more: Command) -> Case:
    if stage is Stage.REFLECTION_PERIOD:  # only a stored case is in it
        return case_after(STEPS_TO[Stage.SCREENING], legacy_screen_in, *more)
    return case_after(STEPS_TO[stage], *more)


def state(case: Case) -> dict[str, Any]:
    return copy.deepcopy({k: v for k, v in vars(case).items() if k != "_pending_events"})


def fingerprint(case: Case) -> str:
    """A cheap stand-in for `state` where only 'unchanged?' is asked."""
    return repr({k: v for k, v in vars(case).items() if k != "_pending_events"})


def refused(case: Case, command: Command, error: type[DomainError]) -> DomainError:
    """Run a command that must be refused with exactly `error`, leaving no trace."""
    version, before = case.version, state(case)
    with pytest.raises(error) as caught:
        command(case)
    assert type(caught.value) is error
    assert case.collect_events() == []
    assert case.version == version
    assert state(case) == before
    return caught.value


def refused_rule(
    case: Case, command: Command, rule: str, error: type[RuleViolated] = RuleViolated
) -> DomainError:
    refusal = refused(case, command, error)
    assert refusal.rule == rule
    return refusal


def refused_input(case: Case, command: Command, field: str) -> InvalidInput:
    refusal = refused(case, command, InvalidInput)
    assert isinstance(refusal, InvalidInput)
    assert refusal.field == field
    assert refusal.rule == "invalid_input"
    return refusal


def test_happy_path_reaches_every_stage() -> None:
    for stage in Stage:
        assert case_in(stage).stage is stage
    for steps, (stage, _) in enumerate(HAPPY_PATH, start=1):
        assert case_after(steps).stage is stage


# ------------------------------------------------------------------------ open


def test_open_starts_at_intake() -> None:
    events = history(open_case)
    then(
        events,
        (
            Case.Opened,
            {
                "case_number": CASE_NUMBER,
                "beneficiary_id": BENEFICIARY_ID,
                "beneficiary_code": BENEFICIARY_CODE,
                "referral": REFERRAL,
                "actor": WORKER,
                "timestamp": at(),
                "originator_version": 1,
            },
        ),
    )
    case = given(Case, events)
    assert case.stage is Stage.INTAKE
    assert case.version == 1
    assert case.label == f"case {CASE_NUMBER}"
    assert (case.caseworker, case.risk_level, case.reflection_ends_on) == (None, None, None)
    assert (case.stage_before_closure, case.closure_reason, case.reopen_count) == (None, None, 0)
    assert case.pending_approvals == {}
    assert (case.services, case.referrals, case.notes) == ([], {}, [])
    assert not case.is_closed


@pytest.mark.parametrize("number", ["PVPT-C-2026-0001", "PVPT-C-2026-12345"])
def test_open_accepts_well_formed_case_numbers(number: str) -> None:
    case = Case.open(number, BENEFICIARY_ID, BENEFICIARY_CODE, REFERRAL, actor=WORKER, at=at())
    assert case.case_number == number


@pytest.mark.parametrize(
    "number",
    [
        "",
        "PVPT-C-2026-001",
        "PVPT-C-26-0001",
        "pvpt-c-2026-0001",
        "PVPT-B-2026-0001",
        "PVPT-C-2026-00A1",
        "PVPT-C-2026",
        " PVPT-C-2026-0001",
        "PVPT-C-2026-0001 ",
        "PVPT-C-2026-0001\n",
        "XPVPT-C-2026-0001",
    ],
)
def test_open_refuses_a_bad_case_number(number: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Case.open(number, BENEFICIARY_ID, BENEFICIARY_CODE, REFERRAL, actor=WORKER, at=at())
    assert caught.value.field == "case_number"


@pytest.mark.parametrize("organisation", ["", "   ", "\t\n"])
def test_open_refuses_a_blank_referral_organisation(organisation: str) -> None:
    referral = IncomingReferral(
        organisation, OrganisationType.NGO, at().date(), IncomingReferralReason.OTHER
    )
    with pytest.raises(InvalidInput) as caught:
        Case.open(CASE_NUMBER, BENEFICIARY_ID, BENEFICIARY_CODE, referral, actor=WORKER, at=at())
    assert caught.value.field == "referral.organisation"


@pytest.mark.parametrize(("days_after", "accepted"), [(-30, True), (0, True), (1, False)])
def test_open_refuses_a_referral_dated_in_the_future(days_after: int, accepted: bool) -> None:
    referral = IncomingReferral(
        "Caritas Kosova",
        OrganisationType.NGO,
        at().date() + timedelta(days=days_after),
        IncomingReferralReason.OTHER,
    )

    def start() -> Case:
        return Case.open(
            CASE_NUMBER, BENEFICIARY_ID, BENEFICIARY_CODE, referral, actor=WORKER, at=at()
        )

    if accepted:
        assert start().referral == referral
    else:
        with pytest.raises(InvalidInput) as caught:
            start()
        assert caught.value.field == "referral.referred_on"


@pytest.mark.parametrize(
    ("actor", "moment", "field"),
    [
        ("", at(), "actor"),
        ("   ", at(), "actor"),
        (WORKER, at().replace(tzinfo=None), "at"),
    ],
)
def test_open_applies_the_base_rules(actor: str, moment: datetime, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Case.open(CASE_NUMBER, BENEFICIARY_ID, BENEFICIARY_CODE, REFERRAL, actor=actor, at=moment)
    assert caught.value.field == field


# ------------------------------------------------------------------ caseworker


def test_assign_caseworker_first_time_and_reassignment() -> None:
    case = case_in(Stage.INTAKE)
    then(
        when(case, lambda c: c.assign_caseworker(f"  {WORKER} ", actor=MANAGER, at=at(1))),
        (Case.CaseworkerAssigned, {"caseworker": WORKER, "previous": None, "actor": MANAGER}),
    )
    then(
        when(case, lambda c: c.assign_caseworker(OTHER_WORKER, actor=MANAGER, at=LATER)),
        (Case.CaseworkerAssigned, {"caseworker": OTHER_WORKER, "previous": WORKER}),
    )
    assert case.caseworker == OTHER_WORKER
    assert case.version == 3


@pytest.mark.parametrize("same", [WORKER, f" {WORKER}\t"])
def test_assign_caseworker_refuses_the_same_worker(same: str) -> None:
    case = case_in(Stage.SCREENING)
    refusal = refused_rule(
        case, lambda c: c.assign_caseworker(same, actor=MANAGER, at=LATER), "no_change"
    )
    assert WORKER in refusal.message


@pytest.mark.parametrize(("name", "field"), [("", "caseworker"), ("x" * 101, "caseworker")])
def test_assign_caseworker_refuses_a_bad_name(name: str, field: str) -> None:
    case = case_in(Stage.INTAKE)
    refused_input(case, lambda c: c.assign_caseworker(name, actor=MANAGER, at=LATER), field)


def test_assign_caseworker_refused_on_a_closed_case() -> None:
    case = case_in(Stage.CLOSED)
    refused_rule(
        case, lambda c: c.assign_caseworker(OTHER_WORKER, actor=MANAGER, at=LATER), "case_closed"
    )


# ------------------------------------------------------------------------ risk


@pytest.mark.parametrize("level", list(RiskLevel))
@pytest.mark.parametrize("stage", [Stage.INTAKE, Stage.REFLECTION_PERIOD, Stage.FOLLOW_UP])
def test_assess_risk_in_any_open_stage(level: RiskLevel, stage: Stage) -> None:
    case = case_in(stage)
    then(
        when(case, lambda c: c.assess_risk(level, " trafficker released ", actor=WORKER, at=LATER)),
        (Case.RiskAssessed, {"level": level, "rationale": "trafficker released"}),
    )
    assert case.risk_level is level
    assert case.stage is stage


@pytest.mark.parametrize("rationale", [None, "", "   "])
def test_assess_risk_without_rationale(rationale: str | None) -> None:
    case = case_in(Stage.INTAKE)
    then(
        when(case, lambda c: c.assess_risk(RiskLevel.LOW, rationale, actor=WORKER, at=LATER)),
        (Case.RiskAssessed, {"level": RiskLevel.LOW, "rationale": None}),
    )


def test_assess_risk_refuses_an_overlong_rationale() -> None:
    case = case_in(Stage.INTAKE)
    refused_input(
        case,
        lambda c: c.assess_risk(RiskLevel.HIGH, "x" * 2001, actor=WORKER, at=LATER),
        "rationale",
    )


def test_assess_risk_refused_on_a_closed_case() -> None:
    case = case_in(Stage.CLOSED)
    refused_rule(
        case, lambda c: c.assess_risk(RiskLevel.LOW, actor=WORKER, at=LATER), "case_closed"
    )


# ------------------------------------------------------------------- screening


def test_start_screening() -> None:
    case = case_after(1)  # caseworker assigned, no risk assessment yet
    then(
        when(case, lambda c: c.start_screening(actor=WORKER, at=LATER)), (Case.ScreeningStarted, {})
    )
    assert case.stage is Stage.SCREENING


def test_start_screening_needs_a_caseworker() -> None:
    case = case_in(Stage.INTAKE)
    refusal = refused_rule(
        case, lambda c: c.start_screening(actor=WORKER, at=LATER), "caseworker_required"
    )
    assert CASE_NUMBER in refusal.message


@pytest.mark.parametrize("stage", [s for s in OPEN_STAGES if s is not Stage.INTAKE])
def test_start_screening_refused_in_the_wrong_stage(stage: Stage) -> None:
    case = case_in(stage)
    refused_rule(case, lambda c: c.start_screening(actor=WORKER, at=LATER), "wrong_stage")


def test_screen_in_moves_on_to_the_assessment_without_a_reflection_period() -> None:
    case = case_in(Stage.SCREENING)
    moment = at(10, hours=5)
    then(
        when(case, lambda c: c.screen_in(actor=WORKER, at=moment)),
        (Case.ScreenedIn, {"reflection_ends_on": None, "screened_on": moment.date()}),
    )
    assert case.stage is Stage.ASSESSMENT
    assert (case.reflection, case.reflection_ends_on) == (None, None)


def test_screen_in_is_on_the_local_date_of_at() -> None:
    case = case_in(Stage.SCREENING)
    pristina = timezone(timedelta(hours=2))
    moment = datetime(2026, 3, 20, 0, 30, tzinfo=pristina)  # still 19 March in UTC
    events = when(case, lambda c: c.screen_in(actor=WORKER, at=moment))
    then(events, (Case.ScreenedIn, {"screened_on": date(2026, 3, 20)}))


def test_a_stored_screening_in_left_the_case_in_its_90_day_reflection_period() -> None:
    case = case_in(Stage.REFLECTION_PERIOD)
    assert case.stage is Stage.REFLECTION_PERIOD
    assert case.reflection_ends_on == at(4).date() + timedelta(days=90)
    assert case.reflection is not None
    assert case.reflection.legal_basis.value == "legacy_screening"
    assert (case.reflection.started_on, case.reflection.length_days) == (at(4).date(), 90)


def test_screen_in_needs_a_risk_assessment() -> None:
    case = case_after(1, lambda c: c.start_screening(actor=WORKER, at=at(3)))
    assert case.stage is Stage.SCREENING
    refused_rule(case, lambda c: c.screen_in(actor=WORKER, at=LATER), "risk_assessment_required")


def test_screen_out_closes_the_case_as_screened_out() -> None:
    case = case_in(Stage.SCREENING)
    then(
        when(
            case,
            lambda c: c.screen_out(
                OUT,
                "  no indicators of trafficking ",
                no_referral_reason=NO_REFERRAL,
                actor=WORKER,
                at=LATER,
            ),
        ),
        (Case.ScreenedOut, {"rationale": "no indicators of trafficking", "actor": WORKER}),
    )
    assert case.stage is Stage.CLOSED
    assert case.is_closed
    assert case.closure_reason is ClosureReason.SCREENED_OUT_INSUFFICIENT_INFORMATION
    assert case.stage_before_closure is Stage.SCREENING


@pytest.mark.parametrize("rationale", ["", "  ", "x" * 2001])
def test_screen_out_needs_a_rationale(rationale: str) -> None:
    case = case_in(Stage.SCREENING)
    refused_input(
        case,
        lambda c: c.screen_out(
            OUT, rationale, no_referral_reason=NO_REFERRAL, actor=WORKER, at=LATER
        ),
        "rationale",
    )


SCREENING_ACTS: dict[str, Act] = {
    "screen_in": lambda c, actor, t: c.screen_in(actor=actor, at=t),
    "screen_out": lambda c, actor, t: c.screen_out(
        OUT, "no indicators", no_referral_reason=NO_REFERRAL, actor=actor, at=t
    ),
}


@pytest.mark.parametrize("act", SCREENING_ACTS.values(), ids=SCREENING_ACTS.keys())
@pytest.mark.parametrize("stage", [s for s in OPEN_STAGES if s is not Stage.SCREENING])
def test_screening_decisions_refused_in_the_wrong_stage(stage: Stage, act: Act) -> None:
    case = case_in(stage)
    refused_rule(case, lambda c: act(c, WORKER, LATER), "wrong_stage")


@pytest.mark.parametrize("act", SCREENING_ACTS.values(), ids=SCREENING_ACTS.keys())
def test_screening_decisions_refused_on_a_closed_case(act: Act) -> None:
    case = case_in(Stage.CLOSED)
    refused_rule(case, lambda c: act(c, WORKER, LATER), "case_closed")


# ------------------------------------------------------------------ assessment


def test_start_assessment_moves_a_stored_case_on_from_its_reflection_period() -> None:
    case = case_in(Stage.REFLECTION_PERIOD)
    then(
        when(case, lambda c: c.start_assessment(actor=WORKER, at=LATER)),
        (Case.AssessmentStarted, {"actor": WORKER, "timestamp": LATER}),
    )
    assert case.stage is Stage.ASSESSMENT


@pytest.mark.parametrize("stage", [s for s in OPEN_STAGES if s is not Stage.REFLECTION_PERIOD])
def test_start_assessment_refused_in_the_wrong_stage(stage: Stage) -> None:
    case = case_in(stage)
    refused_rule(case, lambda c: c.start_assessment(actor=WORKER, at=LATER), "wrong_stage")


# ------------------------------------------------------------------- approvals


@pytest.mark.parametrize(
    ("subject", "stage", "reason"),
    [
        (ApprovalSubject.ASSESSMENT, Stage.ASSESSMENT, None),
        (ApprovalSubject.CASE_PLAN, Stage.CASE_PLAN, None),
        *[(ApprovalSubject.CLOSURE, s, ClosureReason.LOST_CONTACT) for s in OPEN_STAGES],
    ],
)
def test_request_approval(
    subject: ApprovalSubject, stage: Stage, reason: ClosureReason | None
) -> None:
    case = case_in(stage)
    then(
        when(case, lambda c: c.request_approval(subject, reason, actor=WORKER, at=LATER)),
        (Case.ApprovalRequested, {"subject": subject, "closure_reason": reason, "actor": WORKER}),
    )
    assert case.pending_approvals == {subject: PendingApproval(WORKER, LATER, reason)}
    assert case.stage is stage


@pytest.mark.parametrize(
    ("subject", "stage"),
    [
        *[(ApprovalSubject.ASSESSMENT, s) for s in OPEN_STAGES if s is not Stage.ASSESSMENT],
        *[(ApprovalSubject.CASE_PLAN, s) for s in OPEN_STAGES if s is not Stage.CASE_PLAN],
    ],
)
def test_request_approval_refused_in_the_wrong_stage(
    subject: ApprovalSubject, stage: Stage
) -> None:
    case = case_in(stage)
    refused_rule(case, lambda c: c.request_approval(subject, actor=WORKER, at=LATER), "wrong_stage")


@pytest.mark.parametrize(
    ("subject", "reason"),
    [
        (ApprovalSubject.ASSESSMENT, None),
        (ApprovalSubject.CASE_PLAN, None),
        (ApprovalSubject.CLOSURE, ClosureReason.DECEASED),
    ],
)
def test_request_approval_refused_on_a_closed_case(
    subject: ApprovalSubject, reason: ClosureReason | None
) -> None:
    case = case_in(Stage.CLOSED)
    refused_rule(
        case, lambda c: c.request_approval(subject, reason, actor=WORKER, at=LATER), "case_closed"
    )


@pytest.mark.parametrize(
    ("subject", "stage", "reason"),
    [
        (ApprovalSubject.ASSESSMENT, Stage.ASSESSMENT, None),
        (ApprovalSubject.CASE_PLAN, Stage.CASE_PLAN, None),
        (ApprovalSubject.CLOSURE, Stage.SERVICE_PROVISION, ClosureReason.REINTEGRATED),
    ],
)
def test_request_approval_refused_while_one_is_pending(
    subject: ApprovalSubject, stage: Stage, reason: ClosureReason | None
) -> None:
    case = case_in(stage, lambda c: c.request_approval(subject, reason, actor=WORKER, at=at(150)))
    refused_rule(
        case,
        lambda c: c.request_approval(subject, reason, actor=OTHER_WORKER, at=LATER),
        "approval_pending",
    )


@pytest.mark.parametrize(
    ("subject", "stage", "reason"),
    [
        (ApprovalSubject.CLOSURE, Stage.SERVICE_PROVISION, None),
        (ApprovalSubject.CLOSURE, Stage.INTAKE, None),
        (ApprovalSubject.ASSESSMENT, Stage.ASSESSMENT, ClosureReason.REINTEGRATED),
        (ApprovalSubject.CASE_PLAN, Stage.CASE_PLAN, ClosureReason.DECLINED_SERVICES),
    ],
)
def test_closure_reason_is_for_closure_and_required_for_it(
    subject: ApprovalSubject, stage: Stage, reason: ClosureReason | None
) -> None:
    case = case_in(stage)
    refused_input(
        case,
        lambda c: c.request_approval(subject, reason, actor=WORKER, at=LATER),
        "closure_reason",
    )


@pytest.mark.parametrize(
    ("subject", "stage", "after"),
    [
        (ApprovalSubject.ASSESSMENT, Stage.ASSESSMENT, Stage.CASE_PLAN),
        (ApprovalSubject.CASE_PLAN, Stage.CASE_PLAN, Stage.SERVICE_PROVISION),
        (ApprovalSubject.CLOSURE, Stage.REINTEGRATION, Stage.CLOSED),
    ],
)
def test_approve_moves_the_stage_on(subject: ApprovalSubject, stage: Stage, after: Stage) -> None:
    reason = ClosureReason.REFERRED_OR_TRANSFERRED if subject is ApprovalSubject.CLOSURE else None
    case = case_in(stage, lambda c: c.request_approval(subject, reason, actor=WORKER, at=at(150)))
    then(
        when(case, lambda c: c.approve(subject, "  well argued ", actor=MANAGER, at=LATER)),
        (Case.ApprovalGranted, {"subject": subject, "comment": "well argued", "actor": MANAGER}),
    )
    assert case.stage is after
    assert case.pending_approvals == {}


@pytest.mark.parametrize("stage", OPEN_STAGES)
def test_approved_closure_closes_with_the_requested_reason(stage: Stage) -> None:
    case = case_in(
        stage,
        lambda c: c.request_approval(
            ApprovalSubject.CLOSURE, ClosureReason.LOST_CONTACT, actor=WORKER, at=at(150)
        ),
    )
    then(
        when(case, lambda c: c.approve(ApprovalSubject.CLOSURE, actor=MANAGER, at=LATER)),
        (Case.ApprovalGranted, {"subject": ApprovalSubject.CLOSURE, "comment": None}),
    )
    assert case.stage is Stage.CLOSED
    assert case.closure_reason is ClosureReason.LOST_CONTACT
    assert case.stage_before_closure is stage


def test_reject_keeps_the_stage_and_allows_a_new_request() -> None:
    case = case_after(5)  # assessment approval requested
    then(
        when(
            case,
            lambda c: c.reject(ApprovalSubject.ASSESSMENT, " incomplete ", actor=MANAGER, at=LATER),
        ),
        (Case.ApprovalRejected, {"subject": ApprovalSubject.ASSESSMENT, "comment": "incomplete"}),
    )
    assert case.stage is Stage.ASSESSMENT
    assert case.pending_approvals == {}
    moment = LATER + timedelta(days=1)
    then(
        when(
            case, lambda c: c.request_approval(ApprovalSubject.ASSESSMENT, actor=WORKER, at=moment)
        ),
        (Case.ApprovalRequested, {"subject": ApprovalSubject.ASSESSMENT}),
    )


@pytest.mark.parametrize("comment", ["", "   ", "x" * 2001])
def test_reject_needs_a_comment(comment: str) -> None:
    case = case_after(5)
    refused_input(
        case,
        lambda c: c.reject(ApprovalSubject.ASSESSMENT, comment, actor=MANAGER, at=LATER),
        "comment",
    )


DECISIONS: dict[str, Callable[[Case, ApprovalSubject, str, datetime], object]] = {
    "approve": lambda c, subject, actor, t: c.approve(subject, actor=actor, at=t),
    "reject": lambda c, subject, actor, t: c.reject(subject, "not yet", actor=actor, at=t),
}
Decision = Callable[[Case, ApprovalSubject, str, datetime], object]


@pytest.mark.parametrize("decide", DECISIONS.values(), ids=DECISIONS.keys())
@pytest.mark.parametrize("subject", list(ApprovalSubject))
def test_decision_refused_without_a_pending_approval(
    decide: Decision, subject: ApprovalSubject
) -> None:
    stage = Stage.CASE_PLAN if subject is ApprovalSubject.CASE_PLAN else Stage.ASSESSMENT
    case = case_in(stage)
    refused_rule(case, lambda c: decide(c, subject, MANAGER, LATER), "no_pending_approval")


@pytest.mark.parametrize("decide", DECISIONS.values(), ids=DECISIONS.keys())
@pytest.mark.parametrize("subject", list(ApprovalSubject))
def test_four_eyes_the_requester_cannot_decide(decide: Decision, subject: ApprovalSubject) -> None:
    stage = Stage.CASE_PLAN if subject is ApprovalSubject.CASE_PLAN else Stage.ASSESSMENT
    reason = ClosureReason.DECLINED_SERVICES if subject is ApprovalSubject.CLOSURE else None
    case = case_in(stage, lambda c: c.request_approval(subject, reason, actor=MANAGER, at=at(150)))
    refusal = refused_rule(case, lambda c: decide(c, subject, MANAGER, LATER), "four_eyes")
    assert MANAGER in refusal.message
    # anyone else may decide
    when(case, lambda c: decide(c, subject, WORKER, LATER))


@pytest.mark.parametrize("decide", DECISIONS.values(), ids=DECISIONS.keys())
def test_decision_refused_on_a_closed_case_with_a_stale_approval(decide: Decision) -> None:
    """Regression: approving the assessment of a closed case used to move it to case_plan."""
    case = case_after(
        5,  # assessment approval pending
        lambda c: c.request_approval(
            ApprovalSubject.CLOSURE, ClosureReason.LOST_CONTACT, actor=WORKER, at=at(150)
        ),
        lambda c: c.approve(ApprovalSubject.CLOSURE, actor=MANAGER, at=at(151)),
    )
    assert case.is_closed
    assert case.pending_approvals == {}  # closing withdraws what was pending
    refused_rule(
        case, lambda c: decide(c, ApprovalSubject.ASSESSMENT, MANAGER, LATER), "case_closed"
    )
    # reopened, the case is back in assessment and its approval must be requested again
    when(case, lambda c: c.reopen("contact regained", actor=MANAGER, at=LATER))
    assert case.stage is Stage.ASSESSMENT
    refused_rule(
        case,
        lambda c: decide(c, ApprovalSubject.ASSESSMENT, MANAGER, LATER),
        "no_pending_approval",
    )


def test_closure_pending_when_screened_out_cannot_be_approved_while_closed() -> None:
    """Regression: it used to record stage_before_closure=closed, so reopen led to 'closed'."""
    case = case_in(
        Stage.SCREENING,
        lambda c: c.request_approval(
            ApprovalSubject.CLOSURE, ClosureReason.LOST_CONTACT, actor=WORKER, at=at(150)
        ),
        lambda c: c.screen_out(
            OUT, "no indicators", no_referral_reason=NO_REFERRAL, actor=WORKER, at=at(151)
        ),
    )
    refused_rule(
        case, lambda c: c.approve(ApprovalSubject.CLOSURE, actor=MANAGER, at=LATER), "case_closed"
    )


# -------------------------------------------------------- reintegration, follow-up


def test_start_reintegration() -> None:
    case = case_in(Stage.SERVICE_PROVISION)
    then(
        when(case, lambda c: c.start_reintegration(actor=WORKER, at=LATER)),
        (Case.ReintegrationStarted, {"actor": WORKER, "timestamp": LATER}),
    )
    assert case.stage is Stage.REINTEGRATION


def test_start_follow_up() -> None:
    case = case_in(Stage.REINTEGRATION)
    then(
        when(case, lambda c: c.start_follow_up(actor=WORKER, at=LATER)),
        (Case.FollowUpStarted, {"actor": WORKER, "timestamp": LATER}),
    )
    assert case.stage is Stage.FOLLOW_UP


STAGE_MOVES: dict[str, tuple[Stage, Act]] = {
    "start_reintegration": (
        Stage.SERVICE_PROVISION,
        lambda c, actor, t: c.start_reintegration(actor=actor, at=t),
    ),
    "start_follow_up": (
        Stage.REINTEGRATION,
        lambda c, actor, t: c.start_follow_up(actor=actor, at=t),
    ),
}


@pytest.mark.parametrize("stage", Stage)
@pytest.mark.parametrize("move", STAGE_MOVES.values(), ids=STAGE_MOVES.keys())
def test_stage_moves_refused_in_the_wrong_stage(stage: Stage, move: tuple[Stage, Act]) -> None:
    required, act = move
    if stage is required:
        return
    case = case_in(stage)
    rule = "case_closed" if stage is Stage.CLOSED else "wrong_stage"
    refusal = refused_rule(case, lambda c: act(c, WORKER, LATER), rule)
    if stage is not Stage.CLOSED:
        assert required.value in refusal.message


# ---------------------------------------------------------------------- reopen


@pytest.mark.parametrize("stage", OPEN_STAGES)
def test_reopen_returns_to_the_stage_before_closure(stage: Stage) -> None:
    case = case_in(
        stage,
        lambda c: c.request_approval(
            ApprovalSubject.CLOSURE, ClosureReason.REINTEGRATED, actor=WORKER, at=at(150)
        ),
        lambda c: c.approve(ApprovalSubject.CLOSURE, actor=MANAGER, at=at(151)),
    )
    then(
        when(case, lambda c: c.reopen(" returned to Kosovo ", actor=MANAGER, at=LATER)),
        (Case.Reopened, {"reason": "returned to Kosovo", "stage": stage, "actor": MANAGER}),
    )
    assert case.stage is stage
    assert case.stage_before_closure is None
    assert case.closure_reason is None
    assert case.reopen_count == 1


def test_screened_out_case_reopens_to_screening() -> None:
    case = case_in(
        Stage.SCREENING,
        lambda c: c.screen_out(
            OUT, "no indicators", no_referral_reason=NO_REFERRAL, actor=WORKER, at=at(150)
        ),
    )
    then(
        when(case, lambda c: c.reopen("new evidence from police", actor=MANAGER, at=LATER)),
        (Case.Reopened, {"stage": Stage.SCREENING}),
    )
    assert case.stage is Stage.SCREENING
    assert case.closure_reason is None
    assert case.reopen_count == 1


def test_each_reopen_is_counted() -> None:
    case = case_in(Stage.CLOSED)
    for n in range(1, 4):
        moment = LATER + timedelta(days=10 * n)
        case.reopen(f"reopen {n}", actor=MANAGER, at=moment)
        assert case.reopen_count == n
        assert case.stage is Stage.FOLLOW_UP
        case.request_approval(
            ApprovalSubject.CLOSURE, ClosureReason.REINTEGRATED, actor=WORKER, at=moment
        )
        case.approve(ApprovalSubject.CLOSURE, actor=MANAGER, at=moment)
        assert case.is_closed
    assert [type(e) for e in case.collect_events()] == [
        Case.Reopened,
        Case.ApprovalRequested,
        Case.ApprovalGranted,
    ] * 3
    assert case.reopen_count == 3


@pytest.mark.parametrize("stage", OPEN_STAGES)
def test_reopen_refused_unless_closed(stage: Stage) -> None:
    case = case_in(stage)
    refused_rule(case, lambda c: c.reopen("why not", actor=MANAGER, at=LATER), "not_closed")


@pytest.mark.parametrize("reason", ["", "  ", "x" * 2001])
def test_reopen_needs_a_reason(reason: str) -> None:
    case = case_in(Stage.CLOSED)
    refused_input(case, lambda c: c.reopen(reason, actor=MANAGER, at=LATER), "reason")


# -------------------------------------------------------------------- services

CONSENTED = at().date()  # the day the services consent in force was given


@pytest.mark.parametrize("stage", OPEN_STAGES)
def test_deliver_service_in_an_open_case(stage: Stage) -> None:
    case = case_in(stage)
    then(
        when(
            case,
            lambda c: c.deliver_service(
                ServiceType.PSYCHOLOGICAL,
                " Medica Kosova ",
                LATER.date(),
                ServiceOutcome.ONGOING,
                consent_given_on=CONSENTED,
                actor=WORKER,
                at=LATER,
            ),
        ),
        (
            Case.ServiceDelivered,
            {
                "service": ServiceType.PSYCHOLOGICAL,
                "provider": "Medica Kosova",
                "delivered_on": LATER.date(),
                "outcome": ServiceOutcome.ONGOING,
            },
        ),
    )
    assert case.services == [
        ServiceDelivery(
            ServiceType.PSYCHOLOGICAL, "Medica Kosova", LATER.date(), ServiceOutcome.ONGOING
        )
    ]


def test_deliver_service_refused_on_a_closed_case() -> None:
    case = case_in(Stage.CLOSED)
    refusal = refused_rule(
        case,
        lambda c: c.deliver_service(
            ServiceType.HOUSING,
            "Shelter",
            LATER.date(),
            ServiceOutcome.COMPLETED,
            consent_given_on=CONSENTED,
            actor=WORKER,
            at=LATER,
        ),
        "case_closed",
    )
    assert str(refusal) == "case PVPT-C-2026-0007 is closed; reopen it before adding a service"
    assert refusal.message == str(refusal)


def test_deliver_service_refuses_a_future_delivery_date() -> None:
    case = case_in(Stage.SERVICE_PROVISION)
    refused_input(
        case,
        lambda c: c.deliver_service(
            ServiceType.MEDICAL,
            "UCCK",
            LATER.date() + timedelta(days=1),
            ServiceOutcome.COMPLETED,
            consent_given_on=CONSENTED,
            actor=WORKER,
            at=LATER,
        ),
        "delivered_on",
    )


def test_deliver_service_refuses_a_blank_provider() -> None:
    case = case_in(Stage.SERVICE_PROVISION)
    refused_input(
        case,
        lambda c: c.deliver_service(
            ServiceType.LEGAL,
            "  ",
            LATER.date(),
            ServiceOutcome.COMPLETED,
            consent_given_on=CONSENTED,
            actor=WORKER,
            at=LATER,
        ),
        "provider",
    )


# ------------------------------------------------------------------- referrals


def refer(c: Case, partner: str = PARTNER, moment: datetime = LATER) -> int:
    return c.refer_out(
        uuid5(NAMESPACE_URL, partner),
        partner,
        OrganisationType.LOCAL_GOVERNMENT_ORGANISATION,
        OutgoingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
        sharing_consented=True,
        actor=WORKER,
        at=moment,
    )


def test_refer_out_numbers_referrals() -> None:
    case = case_in(Stage.SERVICE_PROVISION)
    numbers: list[int] = []
    events = when(
        case,
        lambda c: numbers.extend(
            [
                c.refer_out(
                    PARTNER_ID,
                    f" {PARTNER} ",
                    OrganisationType.LOCAL_GOVERNMENT_ORGANISATION,
                    OutgoingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
                    " housing support ",
                    sharing_consented=True,
                    actor=WORKER,
                    at=LATER,
                ),
                refer(c, "Legal Aid Office"),
            ]
        ),
    )
    assert numbers == [1, 2]
    then(
        events,
        (
            Case.ReferredOut,
            {
                "number": 1,
                "partner": PARTNER,
                "organisation_id": PARTNER_ID,
                "partner_type": OrganisationType.LOCAL_GOVERNMENT_ORGANISATION,
                "reason": OutgoingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
                "details": "housing support",
            },
        ),
        (Case.ReferredOut, {"number": 2, "partner": "Legal Aid Office", "details": None}),
    )
    assert case.referrals[1] == OutgoingReferral(
        1,
        PARTNER,
        OrganisationType.LOCAL_GOVERNMENT_ORGANISATION,
        OutgoingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
        LATER.date(),
        ReferralStatus.IN_PROGRESS,
        PARTNER_ID,
    )
    when(case, lambda c: c.revoke_referral(1, "duplicate", actor=WORKER, at=LATER))
    then(when(case, refer), (Case.ReferredOut, {"number": 3, "partner": PARTNER}))


def test_refer_out_needs_sharing_consent() -> None:
    case = case_in(Stage.SERVICE_PROVISION)
    refusal = refused_rule(
        case,
        lambda c: c.refer_out(
            PARTNER_ID,
            PARTNER,
            OrganisationType.NGO,
            OutgoingReferralReason.OTHER,
            sharing_consented=False,
            actor=WORKER,
            at=LATER,
        ),
        "consent_required",
        ConsentRequired,
    )
    assert BENEFICIARY_CODE in refusal.message
    assert PARTNER in refusal.message


@pytest.mark.parametrize("partner", ["", "   ", "x" * 201])
def test_refer_out_refuses_a_bad_partner(partner: str) -> None:
    case = case_in(Stage.SERVICE_PROVISION)
    refused_input(case, lambda c: refer(c, partner), "partner")


def test_refer_out_refused_on_a_closed_case() -> None:
    case = case_in(Stage.CLOSED)
    refused_rule(case, refer, "case_closed")


SETTLEMENTS: dict[str, tuple[ReferralStatus, Callable[[Case, int, datetime], object]]] = {
    "accept": (
        ReferralStatus.ACCEPTED,
        lambda c, number, t: c.accept_referral(number, actor=WORKER, at=t),
    ),
    "reject": (
        ReferralStatus.REJECTED,
        lambda c, number, t: c.reject_referral(number, " no capacity ", actor=WORKER, at=t),
    ),
    "revoke": (
        ReferralStatus.REVOKED,
        lambda c, number, t: c.revoke_referral(number, "consent withdrawn", actor=WORKER, at=t),
    ),
}
Settlement = tuple[ReferralStatus, Callable[[Case, int, datetime], object]]


def referred_case() -> Case:
    return case_in(Stage.SERVICE_PROVISION, lambda c: refer(c, moment=at(150)))


@pytest.mark.parametrize(
    ("name", "event", "fields"),
    [
        ("accept", Case.ReferralAccepted, {"number": 1}),
        ("reject", Case.ReferralRejected, {"number": 1, "comment": "no capacity"}),
        ("revoke", Case.ReferralRevoked, {"number": 1, "reason": "consent withdrawn"}),
    ],
)
def test_settling_a_referral(
    name: str, event: type[Aggregate.Event], fields: dict[str, Any]
) -> None:
    status, settle = SETTLEMENTS[name]
    case = referred_case()
    then(when(case, lambda c: settle(c, 1, LATER)), (event, fields))
    assert case.referrals[1].status is status
    assert case.referrals[1].partner == PARTNER


def test_reject_referral_without_comment() -> None:
    case = referred_case()
    then(
        when(case, lambda c: c.reject_referral(1, actor=WORKER, at=LATER)),
        (Case.ReferralRejected, {"comment": None}),
    )


def test_revoke_referral_needs_a_reason() -> None:
    case = referred_case()
    refused_input(case, lambda c: c.revoke_referral(1, " ", actor=WORKER, at=LATER), "reason")


@pytest.mark.parametrize("number", [0, 2, -1])
@pytest.mark.parametrize("settlement", SETTLEMENTS.values(), ids=SETTLEMENTS.keys())
def test_settling_an_unknown_referral_is_refused(number: int, settlement: Settlement) -> None:
    _, settle = settlement
    case = referred_case()
    refused_rule(case, lambda c: settle(c, number, LATER), "no_such_referral")


@pytest.mark.parametrize("first", SETTLEMENTS.values(), ids=SETTLEMENTS.keys())
@pytest.mark.parametrize("second", SETTLEMENTS.values(), ids=SETTLEMENTS.keys())
def test_settling_a_settled_referral_is_refused(first: Settlement, second: Settlement) -> None:
    status, settle_first = first
    _, settle_second = second
    case = referred_case()
    when(case, lambda c: settle_first(c, 1, LATER))
    refusal = refused_rule(case, lambda c: settle_second(c, 1, LATER), "referral_settled")
    assert status.value in refusal.message


# ----------------------------------------------------------------------- notes


@pytest.mark.parametrize("category", list(NoteCategory))
def test_add_note_in_each_category(category: NoteCategory) -> None:
    case = case_in(Stage.ASSESSMENT)
    then(
        when(case, lambda c: c.add_note(category, "  first session  ", actor=WORKER, at=LATER)),
        (Case.NoteAdded, {"number": 1, "category": category, "text": "first session"}),
    )
    assert case.notes == [CaseNote(1, category, "first session", WORKER, LATER)]


def test_add_note_numbers_notes_even_on_a_closed_case() -> None:
    case = case_in(Stage.CLOSED)
    numbers: list[int] = []
    events = when(
        case,
        lambda c: numbers.extend(
            c.add_note(NoteCategory.GENERAL, f"note {n}", actor=WORKER, at=LATER) for n in range(3)
        ),
    )
    assert numbers == [1, 2, 3]
    assert [getattr(e, "number", None) for e in events] == [1, 2, 3]


@pytest.mark.parametrize("text", ["", " \n ", "x" * 20_001])
def test_add_note_refuses_bad_text(text: str) -> None:
    case = case_in(Stage.INTAKE)
    refused_input(
        case, lambda c: c.add_note(NoteCategory.LEGAL, text, actor=WORKER, at=LATER), "text"
    )


# ------------------------------------------------------------------ base rules

# Each command, in a state where it would succeed, as a function of its actor and time.
EVERY_COMMAND: dict[str, tuple[Callable[[], Case], Act]] = {
    "assign_caseworker": (
        lambda: case_in(Stage.INTAKE),
        lambda c, actor, t: c.assign_caseworker(OTHER_WORKER, actor=actor, at=t),
    ),
    "assess_risk": (
        lambda: case_in(Stage.INTAKE),
        lambda c, actor, t: c.assess_risk(RiskLevel.LOW, actor=actor, at=t),
    ),
    "start_screening": (
        lambda: case_after(2),
        lambda c, actor, t: c.start_screening(actor=actor, at=t),
    ),
    "screen_in": (lambda: case_in(Stage.SCREENING), SCREENING_ACTS["screen_in"]),
    "screen_out": (lambda: case_in(Stage.SCREENING), SCREENING_ACTS["screen_out"]),
    "start_assessment": (
        lambda: case_in(Stage.REFLECTION_PERIOD),
        lambda c, actor, t: c.start_assessment(actor=actor, at=t),
    ),
    "request_approval": (
        lambda: case_in(Stage.ASSESSMENT),
        lambda c, actor, t: c.request_approval(ApprovalSubject.ASSESSMENT, actor=actor, at=t),
    ),
    "approve": (
        lambda: case_after(5),
        lambda c, actor, t: c.approve(ApprovalSubject.ASSESSMENT, actor=actor, at=t),
    ),
    "reject": (
        lambda: case_after(5),
        lambda c, actor, t: c.reject(ApprovalSubject.ASSESSMENT, "redo", actor=actor, at=t),
    ),
    "start_reintegration": (
        lambda: case_in(Stage.SERVICE_PROVISION),
        STAGE_MOVES["start_reintegration"][1],
    ),
    "start_follow_up": (lambda: case_in(Stage.REINTEGRATION), STAGE_MOVES["start_follow_up"][1]),
    "reopen": (
        lambda: case_in(Stage.CLOSED),
        lambda c, actor, t: c.reopen("new information", actor=actor, at=t),
    ),
    "deliver_service": (
        lambda: case_in(Stage.SERVICE_PROVISION),
        lambda c, actor, t: c.deliver_service(
            ServiceType.EDUCATION,
            "School",
            t.date(),
            ServiceOutcome.ONGOING,
            consent_given_on=CONSENTED,
            actor=actor,
            at=t,
        ),
    ),
    "refer_out": (
        lambda: case_in(Stage.SERVICE_PROVISION),
        lambda c, actor, t: c.refer_out(
            PARTNER_ID,
            PARTNER,
            OrganisationType.NGO,
            OutgoingReferralReason.OTHER,
            sharing_consented=True,
            actor=actor,
            at=t,
        ),
    ),
    "accept_referral": (referred_case, lambda c, actor, t: c.accept_referral(1, actor=actor, at=t)),
    "reject_referral": (referred_case, lambda c, actor, t: c.reject_referral(1, actor=actor, at=t)),
    "revoke_referral": (
        referred_case,
        lambda c, actor, t: c.revoke_referral(1, "withdrawn", actor=actor, at=t),
    ),
    "add_note": (
        lambda: case_in(Stage.INTAKE),
        lambda c, actor, t: c.add_note(NoteCategory.GENERAL, "met", actor=actor, at=t),
    ),
}
Setup = tuple[Callable[[], Case], Act]
COMMANDS = pytest.mark.parametrize("setup", EVERY_COMMAND.values(), ids=EVERY_COMMAND.keys())


@COMMANDS
def test_every_command_succeeds_when_its_rules_hold(setup: Setup) -> None:
    start, act = setup
    case = start()
    version = case.version
    events = when(case, lambda c: act(c, MANAGER, case.modified_on))  # same moment is fine
    assert len(events) == 1
    assert case.version == version + 1
    assert getattr(events[0], "actor", None) == MANAGER


@COMMANDS
def test_every_command_refuses_a_time_without_zone(setup: Setup) -> None:
    start, act = setup
    case = start()
    refused_input(case, lambda c: act(c, MANAGER, LATER.replace(tzinfo=None)), "at")


@COMMANDS
def test_every_command_accepts_a_time_a_little_before_the_last_change(setup: Setup) -> None:
    """ADR-0004: servers' clocks may disagree by milliseconds; order is the store's."""
    start, act = setup
    case = start()
    version = case.version
    earlier = case.modified_on - timedelta(milliseconds=5)
    events = when(case, lambda c: act(c, MANAGER, earlier))
    assert len(events) == 1
    assert events[0].timestamp == earlier
    assert events[0].originator_version == version + 1


@COMMANDS
@pytest.mark.parametrize("actor", ["", "   "])
def test_every_command_refuses_a_blank_actor(setup: Setup, actor: str) -> None:
    start, act = setup
    case = start()
    refused_input(case, lambda c: act(c, actor, LATER), "actor")


def test_other_time_zones_are_accepted() -> None:
    case = case_in(Stage.INTAKE)
    pristina = timezone(timedelta(hours=1))
    moment = datetime(2026, 3, 2, 10, 30, tzinfo=pristina)
    then(
        when(case, lambda c: c.add_note(NoteCategory.GENERAL, "x", actor=WORKER, at=moment)),
        (Case.NoteAdded, {"timestamp": datetime(2026, 3, 2, 9, 30, tzinfo=UTC)}),
    )
    assert case.notes[0].written_at == moment


# ------------------------------------------------------------------- property

# The stage commands, each as a function of actor and time.
STAGE_OPS: dict[str, Act] = {
    "assign": lambda c, a, t: c.assign_caseworker(WORKER, actor=a, at=t),
    "assign_other": lambda c, a, t: c.assign_caseworker(OTHER_WORKER, actor=a, at=t),
    "assess": lambda c, a, t: c.assess_risk(RiskLevel.MEDIUM, actor=a, at=t),
    "start_screening": lambda c, a, t: c.start_screening(actor=a, at=t),
    "screen_in": lambda c, a, t: c.screen_in(actor=a, at=t),
    "screen_out": lambda c, a, t: c.screen_out(
        OUT, "no indicators", no_referral_reason=NO_REFERRAL, actor=a, at=t
    ),
    "start_assessment": lambda c, a, t: c.start_assessment(actor=a, at=t),
    "request_assessment": lambda c, a, t: c.request_approval(
        ApprovalSubject.ASSESSMENT, actor=a, at=t
    ),
    "request_case_plan": lambda c, a, t: c.request_approval(
        ApprovalSubject.CASE_PLAN, actor=a, at=t
    ),
    "request_closure": lambda c, a, t: c.request_approval(
        ApprovalSubject.CLOSURE, ClosureReason.LOST_CONTACT, actor=a, at=t
    ),
    "request_closure_without_reason": lambda c, a, t: c.request_approval(
        ApprovalSubject.CLOSURE, actor=a, at=t
    ),
    "approve_assessment": lambda c, a, t: c.approve(ApprovalSubject.ASSESSMENT, actor=a, at=t),
    "approve_case_plan": lambda c, a, t: c.approve(ApprovalSubject.CASE_PLAN, actor=a, at=t),
    "approve_closure": lambda c, a, t: c.approve(ApprovalSubject.CLOSURE, actor=a, at=t),
    "reject_assessment": lambda c, a, t: c.reject(ApprovalSubject.ASSESSMENT, "no", actor=a, at=t),
    "reject_case_plan": lambda c, a, t: c.reject(ApprovalSubject.CASE_PLAN, "no", actor=a, at=t),
    "reject_closure": lambda c, a, t: c.reject(ApprovalSubject.CLOSURE, "no", actor=a, at=t),
    "start_reintegration": lambda c, a, t: c.start_reintegration(actor=a, at=t),
    "start_follow_up": lambda c, a, t: c.start_follow_up(actor=a, at=t),
    "reopen": lambda c, a, t: c.reopen("new information", actor=a, at=t),
}
# The happy path as (op, actor); it ends with a reopen.
HAPPY_OPS: tuple[tuple[str, str], ...] = (
    ("assign", MANAGER),
    ("assess", WORKER),
    ("start_screening", WORKER),
    ("screen_in", WORKER),
    ("request_assessment", WORKER),
    ("approve_assessment", MANAGER),
    ("request_case_plan", WORKER),
    ("approve_case_plan", MANAGER),
    ("start_reintegration", WORKER),
    ("start_follow_up", WORKER),
    ("request_closure", WORKER),
    ("approve_closure", MANAGER),
    ("reopen", MANAGER),
)
FORWARD = {
    (Stage.INTAKE, Stage.SCREENING),
    (Stage.SCREENING, Stage.ASSESSMENT),
    (Stage.REFLECTION_PERIOD, Stage.ASSESSMENT),  # a stored case's
    (Stage.ASSESSMENT, Stage.CASE_PLAN),
    (Stage.CASE_PLAN, Stage.SERVICE_PROVISION),
    (Stage.SERVICE_PROVISION, Stage.REINTEGRATION),
    (Stage.REINTEGRATION, Stage.FOLLOW_UP),
}

Op = tuple[str, str, str]  # (op name, actor, timing)
random_op = st.tuples(
    st.sampled_from(sorted(STAGE_OPS)),
    st.sampled_from((WORKER, MANAGER, OTHER_WORKER, " ")),
    # mostly moving on, so that the case gets somewhere; now and then the same moment, a
    # moment a little earlier (accepted, ADR-0004) or one without a time zone (refused)
    st.sampled_from(("next",) * 6 + ("same", "earlier", "naive")),
)


def run(case: Case, op: Act, actor: str, moment: datetime) -> list[Aggregate.Event]:
    return when(case, lambda c: op(c, actor, moment))


def assert_allowed(before: Stage, before_closure: Stage | None, after: Stage) -> None:
    if before is Stage.CLOSED:
        # only a reopen leaves 'closed', and only to where the case was
        assert after is before_closure
        assert after is not Stage.CLOSED
    elif after is Stage.CLOSED:
        pass  # screen-out or approved closure, from any open stage
    else:
        assert before is after or (before, after) in FORWARD, (before, after)


def assert_consistent(case: Case) -> None:
    closed = case.stage is Stage.CLOSED
    assert (case.closure_reason is not None) is closed
    assert (case.stage_before_closure is not None) is closed
    assert case.stage_before_closure is not Stage.CLOSED
    for subject, stage in (
        (ApprovalSubject.ASSESSMENT, Stage.ASSESSMENT),
        (ApprovalSubject.CASE_PLAN, Stage.CASE_PLAN),
    ):
        if subject in case.pending_approvals and not closed:
            assert case.stage is stage


@hypothesis.settings(max_examples=300, deadline=None, database=None)
@hypothesis.given(
    st.lists(
        st.lists(random_op, max_size=5), min_size=len(HAPPY_OPS) + 1, max_size=len(HAPPY_OPS) + 1
    )
)
def test_stage_moves_only_along_allowed_transitions_and_replays(extras: list[list[Op]]) -> None:
    """The happy path (ending in a reopen) with random stage commands interleaved: most of
    them refused, some taking the case elsewhere (screen-out, early closure, rejection)."""
    case = open_case()
    recorded = when(case, lambda c: None)  # just the Opened event
    clock = at()
    plan: list[Op] = []
    for (name, actor), interleaved in zip(HAPPY_OPS, extras, strict=False):
        plan.extend(interleaved)
        plan.append((name, actor, "next"))
    plan.extend(extras[-1])

    for name, actor, timing in plan:
        if timing == "next":
            clock += timedelta(hours=7)
        moment = {
            "next": clock,
            "same": clock,
            "earlier": case.modified_on - timedelta(milliseconds=3),
            "naive": clock.replace(tzinfo=None),
        }[timing]
        before, before_closure = case.stage, case.stage_before_closure
        version, snapshot = case.version, fingerprint(case)
        try:
            new = run(case, STAGE_OPS[name], actor, moment)
        except DomainError:
            assert case.collect_events() == []
            assert case.version == version
            assert fingerprint(case) == snapshot
            continue
        assert len(new) == 1
        assert case.version == version + 1
        recorded.extend(new)
        assert_allowed(before, before_closure, case.stage)
        assert_consistent(case)

    replayed = given(Case, recorded)
    assert replayed.collect_events() == []
    assert state(replayed) == state(case)
