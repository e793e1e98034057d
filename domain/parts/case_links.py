"""The records a case links to: its shelter stays (one active at a time), its
reintegration plans and criminal proceedings, each saved with the record it links; and
every record linked to a case, whatever part linked it (`linked_records`).

A part of `Case` (domain/case.py), which holds the events these commands record.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.errors import RuleViolated
from domain.parts.case_state import CaseState


class Links:
    """The commands that link a case to its stays and plans, and its linked records."""

    def start_stay(self: CaseState, stay_id: UUID, *, actor: str, at: datetime) -> None:
        """Saved with the admission: one bed per case, and a concurrent risk
        reassessment or closure conflicts with the admission instead of racing it."""
        self.require_open("admit it to a shelter")
        if self.active_stay_id is not None:
            raise RuleViolated(
                f"{self.label} is already in a shelter (stay {self.active_stay_id}); "
                "transfer or discharge that stay instead",
                rule="already_admitted",
            )
        self._record(self.ShelterStayStarted, actor, at, stay_id=stay_id)

    def link_plan(self: CaseState, plan_id: UUID, *, actor: str, at: datetime) -> None:
        """Saved with the new plan, so the case knows every plan drafted for it."""
        self.require_open("draft a reintegration plan")
        self._record(self.PlanDrafted, actor, at, plan_id=plan_id)

    def link_proceedings(
        self: CaseState, proceedings_id: UUID, *, actor: str, at: datetime
    ) -> None:
        """Saved with the new criminal proceedings: the case knows each of them."""
        self.require_open("open criminal proceedings for it")
        self._record(self.ProceedingsOpened, actor, at, proceedings_id=proceedings_id)

    def end_stay(self: CaseState, stay_id: UUID, *, actor: str, at: datetime) -> None:
        if self.active_stay_id != stay_id:
            raise RuleViolated(f"{self.label} has no active stay {stay_id}", rule="no_such_stay")
        self._record(self.ShelterStayEnded, actor, at, stay_id=stay_id)

    @property
    def linked_records(self: CaseState) -> tuple[tuple[str, UUID], ...]:
        """Every record kept for this case, by kind: its stays, plans, day-centre
        enrolments, care plan, criminal proceedings and returns. The one list erasure shreds
        (services/erasure.py) and the case history exports (services/queries.py): a record
        linked here reaches both."""
        care = () if self.care_plan_id is None else (self.care_plan_id,)
        return (
            *(("stay", stay) for stay in self.stay_ids),
            *(("plan", plan) for plan in self.plan_ids),
            *(("enrolment", enrolment) for enrolment in self.enrolment_ids),
            *(("care_plan", care_plan) for care_plan in care),
            *(("proceedings", proceedings) for proceedings in self.proceedings_ids),
            *(("return", process) for process in self.return_ids),
        )

    @property
    def record_ids(self: CaseState) -> tuple[UUID, ...]:
        """This case and every record linked to it (`linked_records`)."""
        return (self.id, *(record for _, record in self.linked_records))
