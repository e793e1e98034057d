"""Moving a case through its stages: the risk assessment (and reassessments),
screening in (screening out: domain/parts/case_screening.py), assessment, reintegration,
follow-up, and reopening a closed case. The reflection period is a clock, not a stage
(case_reflection.py).

A part of `Case` (domain/case.py), which holds the events these commands record.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain import checks
from domain.checks import field_dates
from domain.errors import RuleViolated
from domain.parts.case_state import CaseState
from domain.vocab import RiskLevel, Stage

# The period screening-in started before periods were recorded on their own: stored
# cases wait in stage reflection_period until their assessment starts.
REFLECTION_PERIOD = timedelta(days=90)


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
