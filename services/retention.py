"""A beneficiary's retention, judged from their records as they are now: the facts the
policy needs (domain/retention/policy.py), read from the beneficiary, each of their cases
and each case's criminal proceedings; nothing identifying is read. A retention batch's
workflows (services/retention_workflows.py) ask this when a batch is proposed and again
when it is executed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.local_time import local_date
from domain.proceedings import CriminalProceedings
from domain.retention.policy import Retention, RetentionFacts, RetentionRules, retention
from domain.vocab import ApprovalSubject
from services.app import JourneyApp


@dataclass(frozen=True)
class Judged:
    """A beneficiary, the facts read and the policy's answer."""

    beneficiary: Beneficiary
    cases: list[Case]
    facts: RetentionFacts
    retention: Retention

    @property
    def closure_year(self) -> int | None:
        closed = self.facts.last_closed_on
        return None if closed is None else closed.year


def judge(app: JourneyApp, beneficiary_id: UUID, rules: RetentionRules) -> Judged:
    beneficiary = app.load(Beneficiary, beneficiary_id)
    cases = [app.load(Case, case_id) for case_id in beneficiary.case_ids]
    facts = facts_of(app, beneficiary, cases)
    return Judged(beneficiary, cases, facts, retention(facts, rules))


def facts_of(app: JourneyApp, beneficiary: Beneficiary, cases: list[Case]) -> RetentionFacts:
    activity = [local_date(beneficiary.modified_on), *(local_date(c.modified_on) for c in cases)]
    closures = [day for c in cases if c.is_closed and (day := closed_on(app, c)) is not None]
    open_proceedings, decided = [], []
    for case in cases:
        for proceedings_id in case.proceedings_ids:
            proceedings = app.load(CriminalProceedings, proceedings_id)
            if proceedings_open(proceedings):
                open_proceedings.append(case.case_number)
            elif proceedings.outcome_on is not None:
                decided.append(proceedings.outcome_on)
    return RetentionFacts(
        registered_on=local_date(beneficiary.created_on),
        age_at_identification=beneficiary.age_at_identification,
        last_activity_on=max(activity),
        last_closed_on=max(closures, default=None),
        open_cases=tuple(c.case_number for c in cases if not c.is_closed),
        open_proceedings=tuple(open_proceedings),
        proceedings_decided_on=max(decided, default=None),
        erased_on=beneficiary.erased_on,
    )


def proceedings_open(proceedings: CriminalProceedings) -> bool:
    """No outcome at the stage the proceedings have reached (an appeal after a verdict
    opens them again until the appeal's outcome)."""
    decided_at = proceedings.outcome_stage
    return decided_at is None or decided_at.order < proceedings.stage.order


def closed_on(app: JourneyApp, case: Case) -> date | None:
    """The day the case last closed: its closure approved, or it was screened out."""
    last = None
    for event in app.repository.event_store.get(case.id):
        if isinstance(event, Case.ScreenedOut) or (
            isinstance(event, Case.ApprovalGranted) and event.subject is ApprovalSubject.CLOSURE
        ):
            last = local_date(event.timestamp)
    return last
