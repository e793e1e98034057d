"""Moving a case through its stages: the risk assessment (and reassessments),
screening in (screening out: domain/parts/case_screening.py), assessment, reintegration,
follow-up, and reopening a closed case. The reflection period is a clock, not a stage
(case_reflection.py).

A part of `Case` (domain/case.py), which names these events among its own (stored as
`Case.ScreenedIn` and so on).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from domain import checks
from domain.base import JourneyAggregate
from domain.checks import field_dates
from domain.errors import RuleViolated
from domain.parts.case_state import CaseState
from domain.reflection import ReflectionPeriod
from domain.vocab import RiskLevel, Stage

# The period screening-in started before periods were recorded on their own: stored
# cases wait in stage reflection_period until their assessment starts.
REFLECTION_PERIOD = timedelta(days=90)


class RiskAssessed(JourneyAggregate.Event):
    class_version = 2  # v2: the day of the assessment, as stated (`assessed_on`)
    level: RiskLevel
    rationale: str | None
    assessed_on: date

    upcast_v1_v2 = field_dates.upcast_to_recorded_day("assessed_on")

    def apply(self, case: CaseState) -> None:
        case.risk_level = self.level


class ScreeningStarted(JourneyAggregate.Event):
    def apply(self, case: CaseState) -> None:
        case.stage = Stage.SCREENING


class ScreenedIn(JourneyAggregate.Event):
    """Possible victim confirmed: the case moves on to its assessment. Events stored
    before v3 also started a 90-day reflection period (`reflection_ends_on`); the
    case then waited in stage reflection_period. A v3 event's is None."""

    class_version = 3  # v2: `screened_on`; v3: `reflection_ends_on` None from now on
    reflection_ends_on: date | None
    screened_on: date

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        ends = date.fromisoformat(state["reflection_ends_on"])
        state["screened_on"] = (ends - REFLECTION_PERIOD).isoformat()

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        """Kept as it was: a stored end date is the legacy period's (see apply)."""

    def apply(self, case: CaseState) -> None:
        if self.reflection_ends_on is None:
            case.stage = Stage.ASSESSMENT
            return
        case.stage = Stage.REFLECTION_PERIOD
        case.reflection = ReflectionPeriod.legacy(self.screened_on, self.reflection_ends_on)


class AssessmentStarted(JourneyAggregate.Event):
    def apply(self, case: CaseState) -> None:
        case.stage = Stage.ASSESSMENT


class ReintegrationStarted(JourneyAggregate.Event):
    def apply(self, case: CaseState) -> None:
        case.stage = Stage.REINTEGRATION


class FollowUpStarted(JourneyAggregate.Event):
    def apply(self, case: CaseState) -> None:
        case.stage = Stage.FOLLOW_UP


class Reopened(JourneyAggregate.Event):
    reason: str
    stage: Stage

    def apply(self, case: CaseState) -> None:
        case.stage = self.stage
        case.stage_before_closure = None
        case.closure_reason = None
        case.reopen_count += 1


class Stages:
    """The stage commands of a case, and the risk assessment screening needs."""

    def assess_risk(
        self: CaseState,
        level: RiskLevel,
        rationale: str | None = None,
        assessed_on: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Assessed on `assessed_on` (today when not stated), not before the referral."""
        self.require_open("assess risk")
        rationale = checks.optional_text("rationale", rationale)
        day = field_dates.stated(
            "assessed_on",
            assessed_on,
            at,
            not_before=self.referral.referred_on,
            depends_on=f"the referral of {self.label}",
        )
        self._record(
            self.RiskAssessed, actor, at, level=level, rationale=rationale, assessed_on=day
        )

    def start_screening(self: CaseState, *, actor: str, at: datetime) -> None:
        self._require_stage(Stage.INTAKE, "start screening")
        if self.caseworker is None:
            raise RuleViolated(
                f"{self.label} has no caseworker; assign one before screening",
                rule="caseworker_required",
            )
        self._record(self.ScreeningStarted, actor, at)

    def screen_in(
        self: CaseState, screened_on: date | None = None, *, actor: str, at: datetime
    ) -> None:
        """The person is confirmed a possible victim on `screened_on` (today when not
        stated); the case moves on to its assessment. A reflection period, where the law
        gives one, is started on its own (`start_reflection_period`)."""
        self._require_stage(Stage.SCREENING, "screen in")
        if self.risk_level is None:
            raise RuleViolated(
                f"{self.label} has no risk assessment; assess risk before screening in",
                rule="risk_assessment_required",
            )
        day = self._screening_day(screened_on, at)
        self._record(self.ScreenedIn, actor, at, reflection_ends_on=None, screened_on=day)

    def _screening_day(self: CaseState, screened_on: date | None, at: datetime) -> date:
        referral = f"the referral of {self.label}"
        return field_dates.stated(
            "screened_on",
            screened_on,
            at,
            not_before=self.referral.referred_on,
            depends_on=referral,
        )

    def start_assessment(self: CaseState, *, actor: str, at: datetime) -> None:
        """A case screened in before periods were recorded on their own waits in stage
        reflection_period; this moves it on (a case screened in now is in assessment)."""
        self._require_stage(Stage.REFLECTION_PERIOD, "start the assessment")
        self._record(self.AssessmentStarted, actor, at)

    def start_reintegration(self: CaseState, *, actor: str, at: datetime) -> None:
        self._require_stage(Stage.SERVICE_PROVISION, "start reintegration")
        self._record(self.ReintegrationStarted, actor, at)

    def start_follow_up(self: CaseState, *, actor: str, at: datetime) -> None:
        self._require_stage(Stage.REINTEGRATION, "start follow-up")
        self._record(self.FollowUpStarted, actor, at)

    def reopen(self: CaseState, reason: str, *, actor: str, at: datetime) -> None:
        if not self.is_closed:
            raise RuleViolated(
                f"{self.label} is not closed; only a closed case reopens", rule="not_closed"
            )
        reason = checks.text("reason", reason, max_length=2000)
        stage = self.stage_before_closure or Stage.INTAKE
        self._record(self.Reopened, actor, at, reason=reason, stage=stage)
